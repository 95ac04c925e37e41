"""The portfolio heatmap as an HTML table: the same grid, colours, legend and hover as the
plotly figure (``heatmap.heatmap_grid``), drawn by the browser without plotly.js.

The first page of a session shows this table: plotly.js alone takes the browser well over a
second to load and draw (benchmarks/first_page.py measures a page with one plotly heatmap
beside ours), the table a few milliseconds. The figure stays the one for images and slides.
Every name and label is escaped here: the table is inserted as HTML.
"""

from __future__ import annotations

import html
import math

import numpy as np
import plotly.colors

from kam_analytics import taxonomy
from kam_analytics.charts import style
from kam_analytics.charts.heatmap import _QUADRANT_CODES, HeatmapGrid, _nice_step
from kam_analytics.charts.style import CHAR_PX, QUADRANT_COLOURS, QUADRANTS, UNRATED_FILL
from kam_analytics.i18n import formats, t

ANGLED_AFTER = 8  # more columns than this: names set at an angle
# Names at 60 degrees: neighbours stay apart (a column's width x sin 60) down to a 16 px
# column, where 45 degrees needs 21 px; a long name overhangs the table by half its length.
ANGLE, COLUMN_PX = 60, 16
SCALE_PX = 300

CSS = """
.kam-heatmap { font-size: 14px; color: #2b2b2b; }
.kam-heatmap .title { font-size: 18px; font-weight: 600; }
.kam-heatmap .sub { font-size: 13px; color: #6b6b6b; }
.kam-heatmap .legend { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px;
  margin: 10px 0 4px; font-size: 13px; }
.kam-heatmap .sw { display: inline-flex; align-items: center; gap: 6px; }
.kam-heatmap .sw i { display: inline-block; width: 13px; height: 13px; }
.kam-heatmap .scale { display: inline-flex; align-items: center; gap: 10px; }
.kam-heatmap .bar { position: relative; display: inline-block; width: 300px; height: 12px;
  margin-bottom: 16px; }
.kam-heatmap .bar b { position: absolute; top: 14px; transform: translateX(-50%);
  font-weight: normal; font-size: 12px; white-space: nowrap; }
.kam-heatmap .bar b.top { transform: translateX(-100%); }
.kam-heatmap .bar b.low { transform: none; }
.kam-heatmap .frame { overflow-x: auto; }
.kam-heatmap table { border-collapse: separate; border-spacing: 1px; }
.kam-heatmap thead th { font-weight: normal; font-size: 13px; vertical-align: bottom;
  padding: 0 2px 4px; }
.kam-heatmap th.rot { position: relative; padding: 0; }
.kam-heatmap th.rot span { position: absolute; left: 50%; bottom: 6px; white-space: nowrap;
  transform-origin: 0 50%; transform: rotate(-60deg); font-size: 12.5px; }
.kam-heatmap tr.band td { height: 12px; padding: 0; }
.kam-heatmap tbody th { text-align: right; font-weight: normal; padding: 0 8px 0 0;
  white-space: nowrap; cursor: pointer; }
.kam-heatmap tbody th span { display: inline-block; width: max-content; max-width: 18em;
  white-space: normal; }
.kam-heatmap tbody td { height: 26px; width: 40px; min-width: 16px; padding: 0;
  cursor: pointer; }
.kam-heatmap tbody td.e { background: #ffffff; outline: 1px solid #f1f1f1;
  outline-offset: -1px; }
.kam-heatmap tbody tr:hover th, .kam-heatmap tbody th:focus { text-decoration: underline;
  color: #0b57d0; }
.kam-heatmap tbody tr:hover td { filter: brightness(0.93); }
.kam-heatmap tbody td:hover { outline: 2px solid #2b2b2b; outline-offset: -2px; }
.kam-heatmap .tip { position: fixed; z-index: 1000; pointer-events: none; max-width: 360px;
  background: #ffffff; border: 1px solid #c8c8c8; border-radius: 4px; padding: 6px 8px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); font-size: 13px; line-height: 1.35; }
.kam-heatmap .tip[hidden] { display: none; }
"""


def _scale_pairs(scale) -> list[list]:
    """Return a plotly colour scale (a name, a list of colours or of [position, colour]) as
    [position, 'rgb(r, g, b)'] pairs."""
    if isinstance(scale, str):
        pairs = plotly.colors.get_colorscale(scale)
    elif isinstance(scale[0], str):
        pairs = plotly.colors.make_colorscale(list(scale))
    else:
        pairs = scale
    return [[float(p), plotly.colors.convert_colors_to_same_type(c, "rgb")[0][0]]
            for p, c in pairs]


def _range(grid: HeatmapGrid) -> tuple[float, float]:
    """Return the colour scale's low and high figures: the figure's when it sets them (clipped
    or fixed), else the grid's own, as plotly takes them."""
    finite = grid.z[np.isfinite(grid.z)]
    low = grid.axis.get("zmin", float(finite.min()) if finite.size else 0.0)
    high = grid.axis.get("zmax", float(finite.max()) if finite.size else 1.0)
    return float(low), float(high)


def cell_colours(grid: HeatmapGrid) -> np.ndarray:
    """Return each cell's CSS colour ('' for an unused cell): a quadrant's own colour, the
    unrated grey, or the metric's scale sampled where the figure would sample it."""
    out = np.full(grid.z.shape, "", dtype=object)
    if grid.metric == "quadrant":
        by_code = {code: QUADRANT_COLOURS[q] for q, code in _QUADRANT_CODES.items()}
        for (i, j), code in np.ndenumerate(grid.z):
            if grid.present[i, j] and np.isfinite(code):
                out[i, j] = by_code[int(code)]
        return out
    low, high = _range(grid)
    shown = grid.present & np.isfinite(grid.z)
    where = np.clip((grid.z[shown] - low) / (high - low), 0, 1) if high > low \
        else np.full(int(shown.sum()), 0.5)
    if where.size:
        out[shown] = plotly.colors.sample_colorscale(_scale_pairs(grid.axis["colorscale"]),
                                                     where.tolist())
    out[grid.unrated] = UNRATED_FILL
    return out


def scale_ticks(grid: HeatmapGrid) -> list[tuple[float, str]]:
    """Return the colour bar's ticks as (position 0..1, text): the figure's own ticks when it
    sets them (a clipped top reads '≥ x'), else round steps across the range."""
    low, high = _range(grid)
    bar = grid.axis.get("colorbar", {})
    if "tickvals" in bar:
        values, texts = bar["tickvals"], bar["ticktext"]
    else:
        spec = bar.get("tickformat", ",.0f")
        step = bar.get("dtick") or (_nice_step(high - low, 4) if high > low else 1)
        first = math.ceil(low / step) * step
        values = [v for v in np.arange(first, high + step / 1e6, step)]
        texts = [formats.formatted(v, spec) for v in values]
    span = (high - low) or 1.0
    ticks = [((float(v) - low) / span, str(s)) for v, s in zip(values, texts, strict=True)
             if low - 1e-9 <= float(v) <= high + 1e-9]
    return _apart(ticks)


def _apart(ticks: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """Return the ticks whose labels do not touch on a SCALE_PX-wide bar: both ends kept (a
    clipped end reads '≤ x' or '≥ x'), an inner tick dropped when it would touch a kept one."""
    def span(p: float, text: str) -> tuple[float, float]:
        width = len(text) * CHAR_PX
        left = p * SCALE_PX - (width if p > 0.97 else 0 if p < 0.03 else width / 2)
        return left - 6, left + width + 6

    if len(ticks) <= 2:
        return ticks
    kept = [ticks[0], ticks[-1]]
    for tick in ticks[1:-1]:
        lo, hi = span(*tick)
        if all(hi < span(*k)[0] or lo > span(*k)[1] for k in kept):
            kept.append(tick)
    return sorted(kept)


def _legend(grid: HeatmapGrid, currency: str) -> str:
    """Return the legend row: strategy swatches, the unrated grey, and the colour scale."""
    def swatch(name: str, colour: str) -> str:
        return f'<span class="sw"><i style="background:{colour}"></i>{_text(name)}</span>'

    parts = [swatch(style.strategy_name(s), style.strategy_colour(s))
             for s in style.order_key(grid.col_strategy, taxonomy.STRATEGY_IDS)]
    if grid.metric == "quadrant":
        parts += [swatch(t(f"quadrant.{q}"), QUADRANT_COLOURS[q]) for q in QUADRANTS]
        return '<div class="legend">' + "".join(parts) + "</div>"
    if grid.unrated.any():
        parts.append(swatch(t("quadrant.unrated"), UNRATED_FILL))
    pairs = _scale_pairs(grid.axis["colorscale"])
    gradient = ", ".join(f"{c} {p * 100:.1f}%" for p, c in pairs)
    ticks = "".join(f'<b class="{_end(p)}" style="left:{p * 100:.1f}%">{_text(s)}</b>'
                    for p, s in scale_ticks(grid))
    parts.append(f'<span class="scale"><span>{_text(style.with_unit(grid.metric, currency))}'
                 f'</span><span class="bar" style="background:linear-gradient(to right, '
                 f'{gradient})">{ticks}</span></span>')
    return '<div class="legend">' + "".join(parts) + "</div>"


def _end(position: float) -> str:
    """Return the class of a tick label at an end of the bar: it stays inside the bar's span."""
    return "top" if position > 0.97 else "low" if position < 0.03 else ""


def _text(value: object) -> str:
    """Return data or a label as HTML text: tags shown, never applied."""
    return html.escape(str(value), quote=True)


def _header(grid: HeatmapGrid) -> str:
    """Return the column names (at 45 degrees when there are many) and the strategy band."""
    if len(grid.columns) > ANGLED_AFTER:
        height = int(max(len(c) for c in grid.columns) * CHAR_PX
                     * math.sin(math.radians(ANGLE))) + 16
        names = "".join(f'<th class="rot" scope="col"><span>{_text(c)}</span></th>'
                        for c in grid.columns)
        first = f'<tr style="height:{height}px"><th></th>{names}</tr>'
    else:
        first = "<tr><th></th>" + "".join(f'<th scope="col">{_text(c)}</th>'
                                           for c in grid.columns) + "</tr>"
    band, start = [], 0
    for i in range(1, len(grid.col_strategy) + 1):
        if i == len(grid.col_strategy) or grid.col_strategy[i] != grid.col_strategy[start]:
            sid = grid.col_strategy[start]
            band.append(f'<td colspan="{i - start}" title="{_text(style.strategy_name(sid))}" '
                        f'style="background:{style.strategy_colour(sid)}"></td>')
            start = i
    return f'<thead>{first}<tr class="band"><th></th>{"".join(band)}</tr></thead>'


def _body(grid: HeatmapGrid) -> str:
    """Return one row per client: the name, then a cell per column with its colour and hover;
    an unused cell says so on hover."""
    colours = cell_colours(grid)
    rows = []
    for i, client in enumerate(grid.clients):
        cells = []
        for j, column in enumerate(grid.columns):
            if grid.present[i, j]:
                tip = grid.hover[i, j]
                cells.append(f'<td style="background:{colours[i, j]}" data-tip="{_text(tip)}">'
                             "</td>")
            else:
                tip = (f"<b>{style.plain(client)}</b><br>{style.plain(column)}: "
                       + style.plain(t("heatmap.cell_unused")))
                cells.append(f'<td class="e" data-tip="{_text(tip)}"></td>')
        name = f'<th scope="row" tabindex="0"><span>{_text(client)}</span></th>'
        rows.append(f'<tr data-row="{i}">{name}' + "".join(cells) + "</tr>")
    return "<tbody>" + "".join(rows) + "</tbody>"


def _overhang_px(columns: list[str]) -> int:
    """Return how far angled names reach past the last column, at the narrowest columns."""
    if len(columns) <= ANGLED_AFTER:
        return 0
    reach = math.cos(math.radians(ANGLE)) * CHAR_PX
    n = len(columns)
    return max(0, *(int(len(c) * reach - (n - 1 - j) * COLUMN_PX) for j, c in enumerate(columns)))


def heatmap_html(grid: HeatmapGrid, *, title: str, subtitle: str = "", currency: str) -> str:
    """Return the heatmap as HTML: title, legend, a table of clients by columns coloured as on
    the figure, and an empty tooltip box. Row ``i`` carries ``data-row="i"`` (its client is
    ``grid.clients[i]``); a cell's ``data-tip`` holds its hover text as HTML whose data is
    escaped."""
    head = f'<div class="title">{_text(title)}</div>'
    if subtitle:
        head += f'<div class="sub">{_text(subtitle)}</div>'
    if not grid.clients:
        return f'<div class="kam-heatmap">{head}<p>{_text(t("chart.no_data"))}</p></div>'
    overhang = _overhang_px(grid.columns)
    return (f'<div class="kam-heatmap" role="figure" aria-label="{_text(title)}">{head}'
            f"{_legend(grid, currency)}"
            f'<div class="frame" style="padding-right:{overhang}px"><table>'
            f"{_header(grid)}{_body(grid)}</table></div>"
            '<div class="tip" hidden></div></div>')
