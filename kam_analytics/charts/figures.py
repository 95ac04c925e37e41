"""Plotly figures for the cost-versus-value views: pure builders, frame in, figure out.

Every builder takes a frame produced by ``kam_analytics.matrix`` (or one shaped like it), never
mutates it, and returns a ``plotly.graph_objects.Figure``. Labels come from ``i18n.t`` and
``taxonomy``; one colour per strategy everywhere (``taxonomy.STRATEGY_COLOURS``).
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kam_analytics import i18n, taxonomy
from kam_analytics.i18n import t
from kam_analytics.settings import RATING_MAX, RATING_MIN

PLOTLY_CONFIG: dict = {
    "displaylogo": False,
    "toImageButtonOptions": {
        "format": "png",
        "width": 1920,
        "height": 1080,
        "scale": 2,
        "filename": "kam-analytics-chart",
    },
}

QUADRANTS: tuple[str, ...] = ("efficient", "strategic", "low priority", "overinvested", "unrated")
# Not the strategy hues (a quadrant heatmap sits under the strategy band); checked to stay
# apart (CIELAB dE >= 15) under simulated deuteranopia, protanopia and tritanopia.
QUADRANT_COLOURS: dict[str, str] = {
    "efficient": "#7FBF7B",
    "strategic": "#67A9CF",
    "low priority": "#A0A0A0",
    "overinvested": "#B2182B",
    "unrated": "#E3E3E3",
}
# Heatmap z codes: the colour bar runs bottom-up, so the first quadrant gets the top code.
_QUADRANT_CODES: dict[str, int] = {q: len(QUADRANTS) - 1 - i for i, q in enumerate(QUADRANTS)}
HEATMAP_METRICS: tuple[str, ...] = (
    "total_cost", "cost", "time_cost", "hours", "interactions", "value", "value_per_1000",
    "share_of_client_spend", "quadrant",
)

FONT_SIZE = 13
ROW_PX = 28
TEXT_COLOUR = "#2b2b2b"
FAINT = "#6b6b6b"
UNRATED_FILL = "#E3E3E3"
_MONEY = ("cost", "time_cost", "total_cost")
# Skip the near-white end of the sequential scales: a cheap cell must not look like an empty one.
_BLUES = plotly.colors.sequential.Blues[2:]
_PURPLES = plotly.colors.sequential.Purples[2:]
_SCALES = {
    "total_cost": _BLUES, "cost": _BLUES, "time_cost": _BLUES, "share_of_client_spend": _BLUES,
    "hours": _PURPLES, "interactions": _PURPLES,
    "value": "RdYlBu", "value_per_1000": plotly.colors.sequential.YlGnBu[1:],
}
_TICK_FORMATS = {"share_of_client_spend": ".0%", "value": ".0f", "value_per_1000": ",.1f",
                 "hours": ",.0f"}
# The cost/value plane: rated values live on 1..5, unrated cells in a strip below 1.
_STRIP_TOP, _STRIP_Y, _Y_TOP = 0.65, 0.32, 5.6
_BUBBLE_MAX_PX, _BUBBLE_MIN_PX = 46, 7
# Label placement assumes a plot this wide: a typical Streamlit column, narrower than an export.
_PLACEMENT_WIDTH_PX = 1200
_CORNER_FONT = 16
_LOG_SPREAD = 30  # costs spanning this ratio or more go on a log axis
_CHAR_PX, _LINE_PX = 6.6, 16.0


# ---- shared helpers ------------------------------------------------------------------------

def _method_names(frame: pd.DataFrame) -> pd.Series:
    """Return the display name of each row's method (taxonomy label, else the frame's label)."""
    ids = frame["method"].astype("string")
    names = {m: taxonomy.method_label(m, i18n.LANG) for m in ids.dropna().unique()
             if m in taxonomy.METHOD_BY_ID}
    fallback = frame["method_label"] if "method_label" in frame else ids
    return ids.map(names).fillna(fallback).fillna(ids).astype("string")


def _strategy_name(strategy_id: str) -> str:
    """Return a strategy's display name, or its id if the taxonomy does not know it."""
    if strategy_id in taxonomy.STRATEGY_BY_ID:
        return taxonomy.strategy_label(strategy_id, i18n.LANG)
    return strategy_id


def _strategy_names(frame: pd.DataFrame) -> pd.Series:
    """Return the display name of each row's strategy (taxonomy label, else the frame's label)."""
    ids = frame["strategy"].astype("string")
    names = {s: _strategy_name(s) for s in ids.dropna().unique() if s in taxonomy.STRATEGY_BY_ID}
    fallback = frame["strategy_label"] if "strategy_label" in frame else ids
    return ids.map(names).fillna(fallback).fillna(ids).astype("string")


def _strategy_colour(strategy_id: str) -> str:
    """Return a strategy's colour, grey for an id the taxonomy does not know."""
    return taxonomy.STRATEGY_COLOURS.get(strategy_id, "#7f7f7f")


def _order_key(ids: Sequence[str], declared: Sequence[str]) -> list[str]:
    """Return ``ids`` (distinct) in declaration order; unknown ids last, alphabetically."""
    rank = {v: i for i, v in enumerate(declared)}
    return sorted(set(ids), key=lambda v: (rank.get(v, len(rank)), v))


def _wrapped(label: str, width: int) -> str:
    """Return ``label`` broken into lines of at most ``width`` characters with <br>."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def _with_unit(metric: str, currency: str) -> str:
    """Return a metric's axis title, with the currency for money metrics."""
    label = t(f"metric.{metric}")
    return t("chart.with_unit", label=label, unit=currency) if metric in _MONEY else label


def _money_axis_title(currency: str) -> str:
    """Return the total-cost axis title with its currency."""
    return _with_unit("total_cost", currency)


def _formatted(values: pd.Series, spec: str, missing: str) -> pd.Series:
    """Return ``values`` formatted with ``spec``, ``missing`` where a value is absent."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    text = numbers.map(lambda v: format(v, spec))
    return text.where(numbers.notna(), missing).astype("string")


def _hover_line(frame: pd.DataFrame, column: str, currency: str, label: str | None) -> pd.Series:
    """Return one hover line ("Label: formatted value") per row of ``frame``."""
    if column == "client":
        text, key = frame["client"].astype("string").map(_plain), "chart.client"
    elif column == "method":
        text, key = _method_names(frame).map(_plain), "chart.method"
    elif column == "strategy":
        text, key = _strategy_names(frame).map(_plain), "chart.strategy"
    elif column == "quadrant":
        names = {q: t(f"quadrant.{q}") for q in QUADRANTS}
        quadrant = frame["quadrant"].astype("string")
        text, key = quadrant.map(names).fillna(quadrant).fillna("–"), "metric.quadrant"
    elif column in _MONEY:
        number = _formatted(frame[column], ",.0f", "")
        text = number.map(lambda n: t("chart.amount", number=n, currency=currency) if n else "–")
        key = f"metric.{column}"
    elif column == "value":
        text, key = _formatted(frame["value"], ".1f", t("quadrant.unrated")), "metric.value"
    elif column == "value_per_1000":
        text, key = _formatted(frame[column], ",.2f", "–"), f"metric.{column}"
    elif column == "share_of_client_spend":
        text, key = _formatted(frame[column], ".1%", "–"), f"metric.{column}"
    elif column == "hours":
        text, key = _formatted(frame[column], ",.1f", "–"), "metric.hours"
    elif column == "overinvested_clients":
        text, key = _formatted(frame[column], ",.0f", "–"), "chart.overinvested_clients"
    else:  # interactions, clients: counts
        text, key = _formatted(frame[column], ",.0f", "–"), f"metric.{column}"
    return (label or t(key)) + ": " + text.astype("string")


def _hover_text(
    frame: pd.DataFrame,
    columns: Sequence[str],
    currency: str,
    labels: dict[str, str] | None = None,
) -> pd.Series:
    """Return each row's hover text: the first column in bold, then one line per column."""
    labels = labels or {}
    lines = [_hover_line(frame, c, currency, labels.get(c)) for c in columns if c in frame]
    lines[0] = "<b>" + lines[0] + "</b>"
    return lines[0].str.cat(lines[1:], sep="<br>") if len(lines) > 1 else lines[0]


def _plain(text: object) -> str:
    """Return text for plotly's pseudo-HTML: <, > and & shown, not read as tags (plotly knows
    no &quot; or &#x27;, so quotes stay as they are)."""
    return html.escape(str(text), quote=False)


def _escaped(names: Sequence[str]) -> list[str]:
    """Return names as plotly must get them on an axis: tags shown as text, not applied."""
    return [_plain(n) for n in names]


def _title_text(title: str, subtitle: str) -> str:
    """Return the layout title: the title, and the subtitle in small type beneath it."""
    # Titles are plain text (they carry client names): plotly would read tags in them.
    title, subtitle = _plain(title), _plain(subtitle)
    return f"{title}<br><sup>{subtitle}</sup>" if subtitle else title


def _title_px(subtitle: str) -> int:
    """Return the pixels the title block takes at the top of a figure."""
    return 74 if subtitle else 50


def _styled(fig: go.Figure, title: str, subtitle: str, height: int, margin: dict) -> go.Figure:
    """Return ``fig`` with the shared look: white template, readable font, title, margins."""
    fig.update_layout(
        template="plotly_white",
        font={"size": FONT_SIZE, "color": TEXT_COLOUR},
        # Plotly anchors a two-line title by its second line: shift it down by one line.
        title={"text": _title_text(title, subtitle), "x": 0.01, "xanchor": "left",
               "yref": "container", "y": 1 - (32 if subtitle else 12) / height,
               "yanchor": "top",
               "font": {"size": FONT_SIZE + 5}},
        height=height,
        margin=margin,
        hoverlabel={"font": {"size": FONT_SIZE}, "align": "left"},
        separators=".,",
    )
    return fig


def _legend_top(height: int, subtitle: str) -> dict:
    """Return a horizontal legend placed just under the title block."""
    return {"orientation": "h", "yref": "container", "y": 1 - (_title_px(subtitle) + 6) / height,
            "yanchor": "top", "x": 0, "xanchor": "left", "title": {"text": ""},
            "font": {"size": FONT_SIZE}}


def _no_data(title: str, subtitle: str) -> go.Figure:
    """Return an empty figure that says there is no data, keeping the title."""
    fig = go.Figure()
    fig.add_annotation(text=t("chart.no_data"), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": FONT_SIZE + 3, "color": FAINT})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _styled(fig, title, subtitle, 360, {"l": 20, "r": 20, "t": _title_px(subtitle) + 10,
                                                "b": 20})


def _require_unique(frame: pd.DataFrame, keys: list[str], what: str) -> None:
    """Raise ValueError when ``frame`` holds more than one row per ``keys`` (several quarters)."""
    if frame.duplicated(keys).any():
        raise ValueError(f"{what} needs one row per {' x '.join(keys)}; filter to one quarter")


def _client_order(frame: pd.DataFrame) -> list[str]:
    """Return the clients of ``frame`` by total spend, largest first (ties by name)."""
    totals = (frame.groupby("client", as_index=False, sort=False)["total_cost"].sum()
              .sort_values(["total_cost", "client"], ascending=[False, True], kind="stable"))
    return totals["client"].astype("string").tolist()


# ---- heatmap -------------------------------------------------------------------------------

def _quadrant_scale() -> list[list]:
    """Return a stepped colour scale giving each quadrant code (0..4) its own flat colour."""
    n = len(QUADRANTS)
    scale: list[list] = []
    for q, code in sorted(_QUADRANT_CODES.items(), key=lambda kv: kv[1]):
        scale += [[code / n, QUADRANT_COLOURS[q]], [(code + 1) / n, QUADRANT_COLOURS[q]]]
    return scale


def _nice_step(span: float, count: int) -> float:
    """Return a round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``count``."""
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _clipped_scale(z: np.ndarray, spec: str) -> dict:
    """Return a colour range topped at the 95th percentile when outliers would wash it out.

    Without it one huge cell turns every other cell the same pale colour. The top tick reads
    "≥ x" so the clipping is visible; hover still shows exact figures.
    """
    finite = z[np.isfinite(z)]
    if finite.size < 10:
        return {}
    top, high, low = float(np.quantile(finite, 0.95)), float(finite.max()), float(finite.min())
    if top <= low or high <= 1.5 * top:
        return {}
    step = _nice_step(top - min(low, 0.0), 5)
    ticks = [v for v in np.arange(0.0, top, step) if v >= low and v <= top - 0.35 * step]
    text = [format(v, spec) for v in ticks] + ["≥ " + format(top, spec)]
    return {"zmin": low, "zmax": top,
            "colorbar": {"tickvals": [*ticks, top], "ticktext": text}}


def _colour_axis(metric: str, z: np.ndarray, currency: str, plot_px: int) -> dict:
    """Return the heatmap's colour scale, range and colour bar settings for ``metric``."""
    # The trailing blank line keeps the title clear of a tick label at the very top of the bar.
    bar = {"title": {"text": _wrapped(_with_unit(metric, currency), 14) + "<br>&nbsp;",
                     "side": "top"},
           "lenmode": "pixels", "len": min(max(plot_px, 120), 320), "y": 1, "yanchor": "top",
           "thickness": 16, "outlinewidth": 0}
    if metric == "quadrant":
        bar |= {"tickvals": [float(_QUADRANT_CODES[q]) for q in QUADRANTS],
                "ticktext": [t(f"quadrant.{q}") for q in QUADRANTS], "ticks": ""}
        return {"colorscale": _quadrant_scale(), "zmin": -0.5, "zmax": len(QUADRANTS) - 0.5,
                "colorbar": bar}
    bar["tickformat"] = _TICK_FORMATS.get(metric, ",.0f")
    if metric == "value":
        return {"colorscale": "RdYlBu", "zmin": RATING_MIN, "zmax": RATING_MAX,
                "colorbar": bar | {"dtick": 1}}
    clipped = _clipped_scale(z, bar["tickformat"])
    bar |= clipped.pop("colorbar", {})
    return {"colorscale": _SCALES[metric], "colorbar": bar, **clipped}


def heatmap(
    matrix: pd.DataFrame,
    metric: str,
    *,
    by: str = "method",
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return a client x method (or x strategy) heatmap of ``metric`` for one quarter."""
    if metric not in HEATMAP_METRICS:
        raise ValueError(f"unknown heatmap metric {metric!r}; expected one of {HEATMAP_METRICS}")
    if by not in ("method", "strategy"):
        raise ValueError(f"by must be 'method' or 'strategy', not {by!r}")
    if matrix.empty:
        return _no_data(title, subtitle)
    _require_unique(matrix, ["client", by], "heatmap")

    frame = matrix.assign(client=matrix["client"].astype("string"),
                          _id=matrix[by].astype("string"),
                          _col=(_method_names if by == "method" else _strategy_names)(matrix))
    clients = _client_order(frame)
    declared = taxonomy.METHOD_IDS if by == "method" else taxonomy.STRATEGY_IDS
    col_ids = _order_key(frame["_id"].dropna().unique().tolist(), declared)
    names = frame.drop_duplicates("_id").set_index("_id")["_col"]
    columns = [str(names[c]) for c in col_ids]
    col_strategy = [c.split(".", 1)[0] if by == "method" else c for c in col_ids]

    if metric == "quadrant":
        frame = frame.assign(_z=frame["quadrant"].astype("string").map(_QUADRANT_CODES)
                             .astype("float64"))
    else:
        frame = frame.assign(_z=pd.to_numeric(frame[metric], errors="coerce").astype("float64"))
    hover_cols = ["client", "method", "strategy", "interactions", "cost", "hours", "time_cost",
                  "total_cost", "value", "value_per_1000", "share_of_client_spend", "quadrant"]
    if by == "strategy":
        hover_cols.remove("method")
    frame = frame.assign(_hover=_hover_text(frame, hover_cols, currency))

    def grid(column: str) -> pd.DataFrame:
        return (frame.pivot(index="client", columns="_id", values=column)
                .reindex(index=clients, columns=col_ids))

    z = grid("_z").to_numpy(dtype="float64", na_value=np.nan)
    hover = grid("_hover").astype("object").where(lambda g: g.notna(), "").to_numpy()
    present = grid("_hover").notna().to_numpy()

    # One line per name at 45 degrees: wrapped angled names collide with their neighbours.
    longest = max(len(c) for c in columns)
    angled = len(columns) > 8
    ticktext = columns if angled else [_wrapped(c, 24 if len(columns) <= 6 else 14)
                                       for c in columns]
    lines = max(x.count("<br>") + 1 for x in ticktext)
    label_px = int((longest * _CHAR_PX + _LINE_PX) * 0.71 if angled else lines * _LINE_PX) + 10
    band_px, legend_px = 14, 30
    top = _title_px(subtitle) + legend_px + label_px + band_px + 14
    bottom = 30
    plot_px = max(len(clients) * ROW_PX, 140)
    height = top + bottom + plot_px

    fig = go.Figure()
    fig.add_trace(go.Heatmap(
        z=z, x=columns, y=_escaped(clients), customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", hoverongaps=False,
        xgap=1, ygap=1, name=t(f"metric.{metric}"), showlegend=False,
        **_colour_axis(metric, z, currency, plot_px),
    ))
    # Used but unrated is not the same as unused: such cells get a grey of their own.
    unrated = np.where(present & np.isnan(z), 1.0, np.nan)
    show_unrated = metric in ("value", "value_per_1000") and bool(np.isfinite(unrated).any())
    if show_unrated:
        fig.add_trace(go.Heatmap(
            z=unrated, x=columns, y=_escaped(clients), customdata=hover,
            hovertemplate="%{customdata}<extra></extra>", hoverongaps=False,
            xgap=1, ygap=1, colorscale=[[0, UNRATED_FILL], [1, UNRATED_FILL]],
            showscale=False, showlegend=False, name=t("quadrant.unrated"),
        ))

    # The strategy band: a coloured strip over each run of same-strategy columns.
    band_y0, band_y1 = 1 + 3 / plot_px, 1 + (3 + band_px) / plot_px
    start = 0
    for i in range(1, len(col_ids) + 1):
        if i == len(col_ids) or col_strategy[i] != col_strategy[start]:
            fig.add_shape(type="rect", xref="x", yref="paper", x0=start - 0.5, x1=i - 0.5,
                          y0=band_y0, y1=band_y1, fillcolor=_strategy_colour(col_strategy[start]),
                          line={"width": 1, "color": "white"}, layer="above")
            start = i
    for sid in _order_key(col_strategy, taxonomy.STRATEGY_IDS):
        fig.add_trace(_legend_swatch(_strategy_name(sid), _strategy_colour(sid)))
    if show_unrated:
        fig.add_trace(_legend_swatch(t("quadrant.unrated"), UNRATED_FILL))

    fig.update_xaxes(type="category", side="top", tickvals=columns, ticktext=ticktext,
                     tickangle=-45 if angled else 0, ticklabelstandoff=band_px + 4,
                     showgrid=False, zeroline=False, fixedrange=True)
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False, zeroline=False,
                     automargin=True, fixedrange=True, ticklabelstandoff=6)
    fig.update_layout(legend=_legend_top(height, subtitle), plot_bgcolor="white")
    return _styled(fig, title, subtitle, height, {"l": 10, "r": 10, "t": top, "b": bottom})


def _legend_swatch(name: str, colour: str, symbol: str = "square", group: str = "") -> go.Scatter:
    """Return an invisible trace whose only job is a legend entry in ``colour``."""
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, showlegend=True,
                      hoverinfo="skip", legendgroup=group or None,
                      marker={"symbol": symbol, "size": 13, "color": colour})


# ---- the cost / value plane ----------------------------------------------------------------

def _plane_y(values: pd.Series) -> np.ndarray:
    """Return the y position of each cell: its value, or the unrated strip when unrated."""
    v = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isnan(v), _STRIP_Y, v)


@dataclass(frozen=True)
class _CostAxis:
    """The cost axis of the cost/value plane: linear from 0, or log10 when costs are skewed."""

    log: bool
    low: float  # axis range ends, in log10 units when ``log``
    high: float

    def position(self, cost: pd.Series) -> pd.Series:
        """Return where each cost sits on the axis; on a log axis 0 sits at the left edge."""
        x = pd.to_numeric(cost, errors="coerce").astype("float64")
        return x.clip(lower=10 ** self.low) if self.log else x

    def ticks(self) -> dict:
        """Return 1-2-5 ticks for a log axis (plotly's own crowd at every digit), else none."""
        if not self.log:
            return {}
        values = [m * 10.0**e for e in range(math.floor(self.low), math.ceil(self.high) + 1)
                  for m in (1, 2, 5) if self.low <= math.log10(m * 10.0**e) <= self.high]
        return {"tickvals": values, "ticktext": [format(v, ",.0f") for v in values]}

    def fraction(self, x: pd.Series) -> np.ndarray:
        """Return each axis position as a fraction of the axis width (0 left, 1 right)."""
        v = x.fillna(0).to_numpy(dtype="float64")
        if self.log:
            v = np.log10(np.maximum(v, 10 ** self.low))
        return (v - self.low) / (self.high - self.low)


def _cost_axis(total_cost: pd.Series, cost_threshold: float) -> _CostAxis:
    """Return the cost axis: room for every cell and the threshold; log if max/min >= 30."""
    x = pd.to_numeric(total_cost, errors="coerce")
    positive = x[x > 0]
    top = float(positive.max()) if len(positive) else 1.0
    bottom = float(positive.min()) if len(positive) else 1.0
    if _finite(cost_threshold) and cost_threshold > 0:
        top, bottom = max(top, float(cost_threshold)), min(bottom, float(cost_threshold))
    if top / bottom >= _LOG_SPREAD:
        return _CostAxis(True, math.log10(bottom / 1.5), math.log10(top * 1.5))
    return _CostAxis(False, 0.0, top * 1.1)


def _finite(x: object) -> bool:
    """Return whether ``x`` is a finite number (thresholds may be None or NaN)."""
    try:
        return math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _corners(cost_threshold: float, value_threshold: float) -> dict[str, tuple]:
    """Return where each quadrant's name goes: (x in the axis domain, y value, anchors).

    Bottom names sit between the 1 and 2 rows (or below the value threshold if lower), clear of
    the rated markers; a quadrant the thresholds leave empty gets no name.
    """
    top, low_ok = _Y_TOP - 0.05, not _finite(value_threshold) or value_threshold > 1
    high_ok = not _finite(value_threshold) or value_threshold <= 5
    left_ok = not _finite(cost_threshold) or cost_threshold > 0
    bottom = (1 + min(2.0, float(value_threshold))) / 2 if _finite(value_threshold) else 1.5
    corners = {"efficient": (0.01, top, "left", "top", left_ok and high_ok),
               "strategic": (0.99, top, "right", "top", high_ok),
               "low priority": (0.01, bottom, "left", "middle", left_ok and low_ok),
               "overinvested": (0.99, bottom, "right", "middle", low_ok)}
    return {q: c[:4] for q, c in corners.items() if c[4]}


def _corner_boxes(corners: dict[str, tuple], width_px: float, height_px: float) -> list[tuple]:
    """Return the screen boxes the quadrant names take, for label placement to avoid."""
    boxes = []
    for q, (x, y, xanchor, yanchor) in corners.items():
        w, h = len(t(f"quadrant.{q}")) * _CORNER_FONT * 0.68, _CORNER_FONT * 1.4
        left = x * width_px - (w if xanchor == "right" else 0)
        mid = (1 - y / _Y_TOP) * height_px
        y0 = mid if yanchor == "top" else mid - h / 2
        boxes.append((left, y0, left + w, y0 + h))
    return boxes


def _cost_value_plane(
    fig: go.Figure,
    *,
    axis: _CostAxis,
    cost_threshold: float,
    value_threshold: float,
    currency: str,
    has_unrated: bool,
) -> None:
    """Draw axes, the unrated strip, dashed threshold lines and faint quadrant names."""
    y_ticks, y_text = [1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"]
    if has_unrated:
        fig.add_shape(type="rect", xref="paper", yref="y", x0=0, x1=1, y0=0, y1=_STRIP_TOP,
                      fillcolor="#f2f2f2", line={"width": 0}, layer="below")
        y_ticks, y_text = [_STRIP_Y, *y_ticks], [t("quadrant.unrated"), *y_text]
    line = {"dash": "dash", "width": 1.5, "color": "#555555"}
    if _finite(cost_threshold) and (cost_threshold > 0 or not axis.log):
        fig.add_shape(type="line", xref="x", yref="y", x0=cost_threshold, x1=cost_threshold,
                      y0=_STRIP_TOP + 0.1, y1=_Y_TOP, line=line)
    if _finite(value_threshold):
        fig.add_shape(type="line", xref="paper", yref="y", x0=0, x1=1, y0=value_threshold,
                      y1=value_threshold, line=line)
    for q, (x, y, xanchor, yanchor) in _corners(cost_threshold, value_threshold).items():
        fig.add_annotation(text=t(f"quadrant.{q}").upper(), x=x, y=y, xref="x domain", yref="y",
                           xanchor=xanchor, yanchor=yanchor, showarrow=False, opacity=0.7,
                           font={"size": _CORNER_FONT, "color": QUADRANT_COLOURS[q]})
    title = _money_axis_title(currency)
    if axis.log:
        title = t("chart.log_scale", label=title)
    fig.update_xaxes(title={"text": title}, range=[axis.low, axis.high],
                     type="log" if axis.log else "linear", tickformat=",.0f", zeroline=False,
                     **axis.ticks())
    fig.update_yaxes(title={"text": t("metric.value")}, range=[0, _Y_TOP], tickvals=y_ticks,
                     ticktext=y_text, zeroline=False, showgrid=True)


def _threshold_note(cost_threshold: float, value_threshold: float, currency: str) -> str:
    """Return the note naming the dashed lines' thresholds."""
    cost = (t("chart.amount", number=format(float(cost_threshold), ",.0f"), currency=currency)
            if _finite(cost_threshold) else "–")
    value = format(float(value_threshold), ".1f") if _finite(value_threshold) else "–"
    return t("chart.threshold_note", cost=cost, value=value)


def _label_boxes(cx: float, cy: float, r: float, w: float, h: float) -> list[tuple]:
    """Return the candidate (textposition, box) pairs for a label beside a marker, best first."""
    d = r * 0.72
    return [
        ("top center", (cx - w / 2, cy - r - 2 - h, cx + w / 2, cy - r - 2)),
        ("bottom center", (cx - w / 2, cy + r + 2, cx + w / 2, cy + r + 2 + h)),
        ("middle right", (cx + r + 3, cy - h / 2, cx + r + 3 + w, cy + h / 2)),
        ("middle left", (cx - r - 3 - w, cy - h / 2, cx - r - 3, cy + h / 2)),
        ("top right", (cx + d, cy - d - h, cx + d + w, cy - d)),
        ("top left", (cx - d - w, cy - d - h, cx - d, cy - d)),
        ("bottom right", (cx + d, cy + d, cx + d + w, cy + d + h)),
        ("bottom left", (cx - d - w, cy + d, cx - d, cy + d + h)),
    ]


def label_positions(
    x_px: Sequence[float],
    y_px: Sequence[float],
    radius_px: Sequence[float],
    labels: Sequence[str],
    width_px: float,
    height_px: float,
    obstacles: Sequence[tuple] = (),
) -> list[str | None]:
    """Return a textposition per marker so labels overlap no marker or label; None = no room.

    Screen coordinates (y grows downwards); markers are labelled in the order given, so pass
    the most important first. Label sizes are estimated from their characters; ``obstacles``
    are (x0, y0, x1, y1) boxes already taken (other text).
    """
    def overlaps(a: tuple, b: tuple) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    markers = [(x - r, y - r, x + r, y + r) for x, y, r in zip(x_px, y_px, radius_px, strict=True)]
    placed: list[tuple] = list(obstacles)
    positions: list[str | None] = []
    for i, label in enumerate(labels):
        parts = label.split("<br>")
        w = max(len(p) for p in parts) * _CHAR_PX
        h = len(parts) * _LINE_PX
        choice = None
        for position, box in _label_boxes(x_px[i], y_px[i], radius_px[i], w, h):
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width_px and box[3] <= height_px
            if inside and not any(overlaps(box, o) for o in placed) and not any(
                    overlaps(box, m) for j, m in enumerate(markers) if j != i):
                choice = position
                placed.append(box)
                break
        positions.append(choice)
    return positions


def _plane_traces(frame: pd.DataFrame, sizeref: float | None) -> list[go.Scatter]:
    """Return the plane's traces: per strategy a legend swatch, then rated and unrated cells.

    ``frame`` carries _x, _y, _rated, _hover, and _text/_pos when labelled. With ``sizeref``
    markers are bubbles sized by _hours; without, dots of one size. Styles are per trace, not
    per point: per-point colour lists make plotly validate every element (seconds at 30k cells).
    """
    traces: list[go.Scatter] = []
    strategies = frame["strategy"].astype("string")
    for s in _order_key(strategies.tolist(), taxonomy.STRATEGY_IDS):
        part = frame[(strategies == s).to_numpy()]
        colour, name = _strategy_colour(s), _strategy_names(part).iloc[0]
        # A swatch carries the legend: a trace's own entry would copy its first marker.
        traces.append(_legend_swatch(name, colour, "circle", s))
        for rated in (True, False):
            cells = part[(part["_rated"] == rated).to_numpy()]
            if cells.empty:
                continue
            marker: dict = ({"symbol": "circle", "opacity": 0.8,
                             "line": {"width": 1 if sizeref else 0.5, "color": "white"}}
                            if rated else
                            {"symbol": "circle-open", "line": {"width": 2.5 if sizeref else 2}})
            marker["color"] = colour
            if sizeref:
                marker |= {"size": cells["_hours"], "sizemode": "area", "sizeref": sizeref,
                           "sizemin": _BUBBLE_MIN_PX}
            else:
                marker |= {"size": 10, "opacity": 0.75}
            labelled = "_text" in cells
            traces.append(go.Scatter(
                x=cells["_x"], y=cells["_y"], name=name, legendgroup=s, showlegend=False,
                mode="markers+text" if labelled else "markers",
                text=cells["_text"] if labelled else None,
                textposition=cells["_pos"].tolist() if labelled else None,
                textfont={"size": FONT_SIZE - 1, "color": TEXT_COLOUR},
                customdata=cells["_hover"], hovertemplate="%{customdata}<extra></extra>",
                marker=marker, cliponaxis=not labelled,
            ))
    return traces


def client_bubbles(
    client_matrix: pd.DataFrame,
    *,
    cost_threshold: float,
    value_threshold: float,
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return one client's methods on the cost/value plane, bubbles sized by manager hours.

    Unrated methods cannot be placed on the value axis: they sit in a grey strip below 1,
    drawn as open circles, so their cost still shows.
    """
    if client_matrix.empty:
        return _no_data(title, subtitle)
    _require_unique(client_matrix, ["client", "method"], "client_bubbles")
    height, top, bottom = 680, _title_px(subtitle) + 40, 95
    frame = client_matrix.assign(
        _x=pd.to_numeric(client_matrix["total_cost"], errors="coerce").astype("float64"),
        _y=_plane_y(client_matrix["value"]),
        _hours=pd.to_numeric(client_matrix["hours"], errors="coerce").fillna(0.0).clip(lower=0),
        _name=_method_names(client_matrix),
        _hover=_hover_text(client_matrix, ["method", "strategy", "client", "interactions", "cost",
                                           "hours", "time_cost", "total_cost", "value",
                                           "value_per_1000", "share_of_client_spend",
                                           "quadrant"], currency),
    ).sort_values("_x", ascending=False, kind="stable")
    axis = _cost_axis(frame["_x"], cost_threshold)
    frame = frame.assign(_x=axis.position(frame["_x"]))
    max_hours = float(frame["_hours"].max())
    sizeref = 2.0 * max_hours / _BUBBLE_MAX_PX**2 if max_hours > 0 else 1.0

    # Where would each bubble land on a typical screen? Label the largest-cost ones first.
    plot_h = height - top - bottom
    x_px = axis.fraction(frame["_x"]) * _PLACEMENT_WIDTH_PX
    y_px = ((1 - frame["_y"] / _Y_TOP) * plot_h).to_numpy()
    diam = np.sqrt(frame["_hours"].to_numpy() / max(max_hours, 1e-9)) * _BUBBLE_MAX_PX
    radius = np.maximum(diam, _BUBBLE_MIN_PX) / 2
    text = [_wrapped(n, 22) for n in frame["_name"]]
    corners = _corner_boxes(_corners(cost_threshold, value_threshold), _PLACEMENT_WIDTH_PX,
                            plot_h)
    positions = label_positions(x_px, y_px, radius, text, _PLACEMENT_WIDTH_PX, plot_h, corners)
    frame = frame.assign(_text=[s if p else "" for s, p in zip(text, positions, strict=True)],
                         _pos=[p or "top center" for p in positions])

    frame = frame.assign(_rated=pd.to_numeric(frame["value"], errors="coerce").notna())
    fig = go.Figure(_plane_traces(frame, sizeref))
    _cost_value_plane(fig, axis=axis, cost_threshold=cost_threshold,
                      value_threshold=value_threshold, currency=currency,
                      has_unrated=bool((~frame["_rated"]).any()))
    note = t("chart.bubble_note") + " " + _threshold_note(cost_threshold, value_threshold,
                                                          currency)
    fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=-60 / plot_h,
                       xanchor="left", yanchor="top", showarrow=False,
                       font={"size": FONT_SIZE - 1, "color": FAINT})
    fig.update_layout(legend=_legend_top(height, subtitle)
                      | {"itemsizing": "constant", "title": {"text": ""}})
    return _styled(fig, title, subtitle, height, {"l": 70, "r": 30, "t": top, "b": bottom})


def quadrant_scatter(
    matrix: pd.DataFrame,
    *,
    cost_threshold: float,
    value_threshold: float,
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return every client x method cell of the portfolio on the cost/value plane."""
    if matrix.empty:
        return _no_data(title, subtitle)
    height, top, bottom = 680, _title_px(subtitle) + 40, 95
    axis = _cost_axis(matrix["total_cost"], cost_threshold)
    frame = matrix.assign(
        _x=axis.position(matrix["total_cost"]),
        _y=_plane_y(matrix["value"]),
        _rated=pd.to_numeric(matrix["value"], errors="coerce").notna(),
        _hover=_hover_text(matrix, ["client", "method", "strategy", "interactions", "cost",
                                    "hours", "time_cost", "total_cost", "value",
                                    "value_per_1000", "share_of_client_spend", "quadrant"],
                           currency),
    )
    fig = go.Figure(_plane_traces(frame, None))
    _cost_value_plane(fig, axis=axis, cost_threshold=cost_threshold,
                      value_threshold=value_threshold, currency=currency,
                      has_unrated=bool((~frame["_rated"]).any()))
    plot_h = height - top - bottom
    fig.add_annotation(text=_threshold_note(cost_threshold, value_threshold, currency),
                       xref="paper", yref="paper", x=0, y=-60 / plot_h, xanchor="left",
                       yanchor="top", showarrow=False,
                       font={"size": FONT_SIZE - 1, "color": FAINT})
    fig.update_layout(legend=_legend_top(height, subtitle))
    return _styled(fig, title, subtitle, height, {"l": 70, "r": 30, "t": top, "b": bottom})


# ---- bars ----------------------------------------------------------------------------------

def _bars_and_values(
    frame: pd.DataFrame,
    names: pd.Series,
    hover: pd.Series,
    *,
    value_label: str,
    show_legend: bool,
    title: str,
    subtitle: str,
    currency: str,
) -> go.Figure:
    """Return horizontal cost bars (strategy colours) beside a dot panel of values on 1..5.

    ``frame`` rows are already in display order, top first.
    """
    order = names.tolist()
    wrapped = [_wrapped(n, 34) for n in order]
    rows = len(order)
    top = _title_px(subtitle) + (60 if show_legend else 20)
    bottom = 60
    height = top + bottom + max(rows * (ROW_PX + 6), 200)
    cost = pd.to_numeric(frame["total_cost"], errors="coerce").astype("float64")
    value = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    money = _formatted(cost, ",.0f", "–")

    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.74, 0.26],
                        horizontal_spacing=0.03)
    strategies = frame["strategy"].astype("string")
    for s in _order_key(strategies.tolist(), taxonomy.STRATEGY_IDS):
        mask = (strategies == s).to_numpy()
        fig.add_trace(go.Bar(
            x=cost[mask], y=np.array(order, dtype=object)[mask], orientation="h",
            name=_strategy_names(frame[mask]).iloc[0], marker={"color": _strategy_colour(s)},
            text=money[mask], textposition="outside", cliponaxis=False,
            textfont={"size": FONT_SIZE - 1},
            customdata=hover[mask], hovertemplate="%{customdata}<extra></extra>",
        ), row=1, col=1)
    rated = value.notna().to_numpy()
    colours = [_strategy_colour(s) for s in strategies]
    fig.add_trace(go.Scatter(
        x=value, y=order, mode="markers+text", name=value_label,
        text=_formatted(value, ".1f", ""), textposition="middle right",
        textfont={"size": FONT_SIZE - 1}, showlegend=False,
        marker={"symbol": "diamond", "size": 13, "color": colours,
                "line": {"width": 1, "color": TEXT_COLOUR}},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", cliponaxis=False,
    ), row=1, col=2)
    if (~rated).any():
        fig.add_trace(go.Scatter(
            x=np.full(int((~rated).sum()), 0.6), y=np.array(order, dtype=object)[~rated],
            mode="text", text=[t("quadrant.unrated")] * int((~rated).sum()),
            textposition="middle right", textfont={"size": FONT_SIZE - 1, "color": FAINT},
            showlegend=False, hoverinfo="skip",
        ), row=1, col=2)
    x_top = float(cost.max()) if cost.notna().any() and cost.max() > 0 else 1.0
    fig.update_xaxes(title={"text": _money_axis_title(currency)}, tickformat=",.0f",
                     range=[0, x_top * 1.2], row=1, col=1)
    fig.update_xaxes(title={"text": value_label}, range=[0.5, 5.7], tickvals=[1, 2, 3, 4, 5],
                     row=1, col=2)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order,
                     autorange="reversed", tickvals=order, ticktext=wrapped, automargin=True,
                     ticklabelstandoff=6, row=1, col=1)
    fig.update_layout(legend=_legend_top(height, subtitle), bargap=0.3, barmode="relative",
                      showlegend=show_legend)
    return _styled(fig, title, subtitle, height, {"l": 10, "r": 30, "t": top, "b": bottom})


def method_overview(
    method_rollup: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return the portfolio per method: total spend bars, sorted, beside mean value markers."""
    if method_rollup.empty:
        return _no_data(title, subtitle)
    _require_unique(method_rollup, ["method"], "method_overview")
    frame = method_rollup.assign(_name=_method_names(method_rollup))
    frame = frame.sort_values(["total_cost", "_name"], ascending=[False, True], kind="stable")
    mean_value = t("chart.mean_value")
    hover = _hover_text(frame, ["method", "strategy", "clients", "overinvested_clients",
                                "interactions", "cost", "hours", "time_cost", "total_cost",
                                "value", "value_per_1000"], currency, {"value": mean_value})
    return _bars_and_values(frame, frame["_name"], hover, value_label=mean_value,
                            show_legend=True, title=title, subtitle=subtitle, currency=currency)


def strategy_breakdown(
    client_strategy_matrix: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return one client's total cost per strategy (bars) beside its value per strategy."""
    if client_strategy_matrix.empty:
        return _no_data(title, subtitle)
    _require_unique(client_strategy_matrix, ["client", "strategy"], "strategy_breakdown")
    rank = {s: i for i, s in enumerate(taxonomy.STRATEGY_IDS)}
    frame = client_strategy_matrix.assign(
        _name=_strategy_names(client_strategy_matrix),
        _rank=client_strategy_matrix["strategy"].astype("string").map(rank).fillna(len(rank)),
    ).sort_values(["_rank", "_name"], kind="stable")
    hover = _hover_text(frame, ["strategy", "client", "interactions", "cost", "hours",
                                "time_cost", "total_cost", "value", "value_per_1000",
                                "share_of_client_spend", "quadrant"], currency)
    return _bars_and_values(frame, frame["_name"], hover, value_label=t("metric.value"),
                            show_legend=False, title=title, subtitle=subtitle,
                            currency=currency)


def strategy_mix(
    strategy_matrix: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return stacked horizontal bars of each client's total cost split by strategy."""
    if strategy_matrix.empty:
        return _no_data(title, subtitle)
    _require_unique(strategy_matrix, ["client", "strategy"], "strategy_mix")
    frame = strategy_matrix.assign(client=strategy_matrix["client"].astype("string"))
    clients = _client_order(frame)
    frame = frame.assign(_hover=_hover_text(frame, ["client", "strategy", "total_cost",
                                                    "share_of_client_spend", "cost",
                                                    "time_cost", "hours", "interactions",
                                                    "value"], currency))
    top = _title_px(subtitle) + 40
    bottom = 60
    height = top + bottom + max(len(clients) * ROW_PX, 140)
    fig = go.Figure()
    strategies = frame["strategy"].astype("string")
    for s in _order_key(strategies.tolist(), taxonomy.STRATEGY_IDS):
        part = frame[strategies == s]
        fig.add_trace(go.Bar(
            x=pd.to_numeric(part["total_cost"], errors="coerce"),
            y=_escaped(part["client"].tolist()),
            orientation="h", name=_strategy_names(part).iloc[0],
            marker={"color": _strategy_colour(s), "line": {"width": 0.5, "color": "white"}},
            customdata=part["_hover"], hovertemplate="%{customdata}<extra></extra>",
        ))
    fig.update_xaxes(title={"text": _money_axis_title(currency)}, tickformat=",.0f")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=_escaped(clients),
                     autorange="reversed", automargin=True, ticklabelstandoff=6)
    # Plotly lists a stacked bar's legend backwards unless told otherwise.
    fig.update_layout(barmode="stack", bargap=0.25,
                      legend=_legend_top(height, subtitle) | {"traceorder": "normal"})
    return _styled(fig, title, subtitle, height, {"l": 10, "r": 30, "t": top, "b": bottom})
