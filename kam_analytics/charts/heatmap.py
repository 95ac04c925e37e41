"""The portfolio heatmap: clients (largest spend first) by methods or strategies, coloured by
a metric or by quadrant, with the strategy band over the columns."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from kam_analytics import taxonomy
from kam_analytics.charts import style
from kam_analytics.charts.style import (
    CHAR_PX,
    LINE_PX,
    QUADRANT_COLOURS,
    QUADRANTS,
    ROW_PX,
    UNRATED_FILL,
)
from kam_analytics.i18n import formats, t
from kam_analytics.settings import RATING_MAX, RATING_MIN

# Heatmap z codes: the colour bar runs bottom-up, so the first quadrant gets the top code.
_QUADRANT_CODES: dict[str, int] = {q: len(QUADRANTS) - 1 - i for i, q in enumerate(QUADRANTS)}
HEATMAP_METRICS: tuple[str, ...] = (
    "total_cost", "cost", "time_cost", "hours", "interactions", "value", "value_per_1000",
    "share_of_client_spend", "quadrant",
)
# A comparison's cells (analysis.compare): coloured around no change, more spend red, more
# value blue.
CHANGE_METRICS: tuple[str, ...] = ("total_cost_change", "value_change")
# Skip the near-white end of the sequential scales: a cheap cell must not look like an empty one.
_BLUES = plotly.colors.sequential.Blues[2:]
_PURPLES = plotly.colors.sequential.Purples[2:]
_SCALES = {
    "total_cost": _BLUES, "cost": _BLUES, "time_cost": _BLUES, "share_of_client_spend": _BLUES,
    "hours": _PURPLES, "interactions": _PURPLES,
    "value": "RdYlBu", "value_per_1000": plotly.colors.sequential.YlGnBu[1:],
}
_TICK_FORMATS = {"share_of_client_spend": ".0%", "value": ".0f", "value_per_1000": ",.1f",
                 "hours": ",.0f", "total_cost_change": "+,.0f", "value_change": "+.1f"}


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
    text = [formats.formatted(v, spec) for v in ticks] + ["≥ " + formats.formatted(top, spec)]
    return {"zmin": low, "zmax": top,
            "colorbar": {"tickvals": [*ticks, top], "ticktext": text}}


def _symmetric_range(z: np.ndarray, spec: str) -> dict:
    """Return a colour range centred on no change: as far down as up, to the largest change,
    or to the 95th percentile of the changes' sizes when one change would wash out the rest
    (its ticks then read '≤' and '≥')."""
    size = np.abs(z[np.isfinite(z)])
    if not size.size or not size.max():
        return {"zmin": -1.0, "zmax": 1.0}
    top = float(size.max())
    clipped = size.size >= 10 and top > 1.5 * float(np.quantile(size, 0.95))
    if clipped:
        top = float(np.quantile(size, 0.95))
    step = _nice_step(top, 3)
    ticks = [float(v) for v in np.arange(-3 * step, 3 * step + step / 2, step)
             if abs(v) < top * 0.85]
    values = [-top, *ticks, top]
    texts = [formats.formatted(v, spec) if v else "0" for v in values]
    if clipped:
        texts[0], texts[-1] = "≤ " + texts[0], "≥ " + texts[-1]
    return {"zmin": -top, "zmax": top, "colorbar": {"tickvals": values, "ticktext": texts}}


def _colour_axis(metric: str, z: np.ndarray, currency: str, plot_px: int) -> dict:
    """Return the heatmap's colour scale, range and colour bar settings for ``metric``."""
    # The trailing blank line keeps the title clear of a tick label at the very top of the bar.
    bar = {"title": {"text": style.wrapped(style.with_unit(metric, currency), 14) + "<br>&nbsp;",
                     "side": "top"},
           "lenmode": "pixels", "len": min(max(plot_px, 120), 320), "y": 1, "yanchor": "top",
           "thickness": 16, "outlinewidth": 0}
    if metric == "quadrant":
        bar |= {"tickvals": [float(_QUADRANT_CODES[q]) for q in QUADRANTS],
                "ticktext": [t(f"quadrant.{q}") for q in QUADRANTS], "ticks": ""}
        return {"colorscale": _quadrant_scale(), "zmin": -0.5, "zmax": len(QUADRANTS) - 0.5,
                "colorbar": bar}
    bar["tickformat"] = _TICK_FORMATS.get(metric, ",.0f")
    if metric in CHANGE_METRICS:
        return {"colorscale": "RdBu" if metric == "value_change" else "RdBu_r",
                "colorbar": bar, **_symmetric_range(z, bar["tickformat"])}
    if metric == "value":
        return {"colorscale": "RdYlBu", "zmin": RATING_MIN, "zmax": RATING_MAX,
                "colorbar": bar | {"dtick": 1}}
    clipped = _clipped_scale(z, bar["tickformat"])
    bar |= clipped.pop("colorbar", {})
    return {"colorscale": _SCALES[metric], "colorbar": bar, **clipped}


@dataclass(frozen=True)
class HeatmapGrid:
    """What a heatmap shows, whatever draws it: rows (clients, largest spend first), columns
    (names, ids and strategies in taxonomy order), each cell's colour figure ``z``, hover text
    and whether it was used, and the colour scale (``axis``: colorscale, zmin/zmax, colorbar)."""

    metric: str
    by: str
    clients: list[str]
    col_ids: list[str]
    columns: list[str]
    col_strategy: list[str]
    z: np.ndarray
    hover: np.ndarray
    present: np.ndarray
    axis: dict

    @property
    def unrated(self) -> np.ndarray:
        """Cells used but with no value: a grey of their own on the value metrics."""
        if self.metric not in ("value", "value_per_1000"):
            return np.zeros_like(self.present)
        return self.present & np.isnan(self.z)


def heatmap_grid(matrix: pd.DataFrame, metric: str, *, by: str = "method",
                 currency: str) -> HeatmapGrid:
    """Return the client x method (or x strategy) grid of ``metric`` for one quarter's
    ``matrix`` (no clients when it is empty)."""
    if metric not in HEATMAP_METRICS + CHANGE_METRICS:
        raise ValueError(f"unknown heatmap metric {metric!r}; expected one of {HEATMAP_METRICS}")
    if by not in ("method", "strategy"):
        raise ValueError(f"by must be 'method' or 'strategy', not {by!r}")
    style.require_unique(matrix, ["client", by], "heatmap")

    frame = matrix.assign(client=matrix["client"].astype("string"),
                          _id=matrix[by].astype("string"),
                          _col=(style.method_names if by == "method"
                                else style.strategy_names)(matrix))
    clients = style.client_order(frame)
    declared = taxonomy.METHOD_IDS if by == "method" else taxonomy.STRATEGY_IDS
    col_ids = style.order_key(frame["_id"].dropna().unique().tolist(), declared)
    names = frame.drop_duplicates("_id").set_index("_id")["_col"]

    if metric == "quadrant":
        frame = frame.assign(_z=frame["quadrant"].astype("string").map(_QUADRANT_CODES)
                             .astype("float64"))
    else:
        frame = frame.assign(_z=pd.to_numeric(frame[metric], errors="coerce").astype("float64"))
    hover_cols = ["client", "method", "strategy", "interactions", "cost", "hours", "time_cost",
                  "total_cost", "value", "value_per_1000", "share_of_client_spend", "quadrant"]
    if metric in CHANGE_METRICS:
        hover_cols = ["client", "method", "strategy", "status", "previous_total_cost",
                      "total_cost", "total_cost_change", "previous_value", "value",
                      "value_change", "previous_quadrant", "quadrant"]
    if by == "strategy":
        hover_cols.remove("method")
    frame = frame.assign(_hover=style.hover_text(frame, hover_cols, currency))

    def grid(column: str) -> pd.DataFrame:
        return (frame.pivot(index="client", columns="_id", values=column)
                .reindex(index=clients, columns=col_ids))

    z = grid("_z").to_numpy(dtype="float64", na_value=np.nan)
    plot_px = max(len(clients) * ROW_PX, 140)
    return HeatmapGrid(
        metric=metric, by=by, clients=clients, col_ids=col_ids,
        columns=[str(names[c]) for c in col_ids],
        col_strategy=[c.split(".", 1)[0] if by == "method" else c for c in col_ids],
        z=z, hover=grid("_hover").astype("object").where(lambda g: g.notna(), "").to_numpy(),
        present=grid("_hover").notna().to_numpy(),
        axis=_colour_axis(metric, z, currency, plot_px))


def heatmap(
    matrix: pd.DataFrame,
    metric: str,
    *,
    by: str = "method",
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return a client x method (or x strategy) heatmap of ``metric`` for one quarter (the
    figure for images and slides; the page draws the same ``heatmap_grid`` as HTML)."""
    g = heatmap_grid(matrix, metric, by=by, currency=currency)
    if not g.clients:
        return style.no_data(title, subtitle)
    clients, columns, col_ids, col_strategy = g.clients, g.columns, g.col_ids, g.col_strategy
    z, hover = g.z, g.hover

    # One line per name at 45 degrees: wrapped angled names collide with their neighbours.
    longest = max(len(c) for c in columns)
    angled = len(columns) > 8
    ticktext = columns if angled else [style.wrapped(c, 24 if len(columns) <= 6 else 14)
                                       for c in columns]
    lines = max(x.count("<br>") + 1 for x in ticktext)
    label_px = int((longest * CHAR_PX + LINE_PX) * 0.71 if angled else lines * LINE_PX) + 10
    band_px, legend_px = 14, 30
    top = style.title_px(subtitle) + legend_px + label_px + band_px + 14
    bottom = 30
    plot_px = max(len(clients) * ROW_PX, 140)
    height = top + bottom + plot_px

    fig = go.Figure()
    fig.add_trace(go.Heatmap(
        z=z, x=columns, y=style.escaped(clients), customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", hoverongaps=False,
        xgap=1, ygap=1, name=t(f"metric.{metric}"), showlegend=False,
        **g.axis,
    ))
    # Used but unrated is not the same as unused: such cells get a grey of their own.
    show_unrated = bool(g.unrated.any())
    unrated = np.where(g.unrated, 1.0, np.nan)
    if show_unrated:
        fig.add_trace(go.Heatmap(
            z=unrated, x=columns, y=style.escaped(clients), customdata=hover,
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
                          y0=band_y0, y1=band_y1,
                          fillcolor=style.strategy_colour(col_strategy[start]),
                          line={"width": 1, "color": "white"}, layer="above")
            start = i
    for sid in style.order_key(col_strategy, taxonomy.STRATEGY_IDS):
        fig.add_trace(style.legend_swatch(style.strategy_name(sid), style.strategy_colour(sid)))
    if show_unrated:
        fig.add_trace(style.legend_swatch(t("quadrant.unrated"), UNRATED_FILL))

    fig.update_xaxes(type="category", side="top", tickvals=columns, ticktext=ticktext,
                     tickangle=-45 if angled else 0, ticklabelstandoff=band_px + 4,
                     showgrid=False, zeroline=False, fixedrange=True)
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False, zeroline=False,
                     automargin=True, fixedrange=True, ticklabelstandoff=6)
    fig.update_layout(legend=style.legend_top(height, subtitle), plot_bgcolor="white")
    return style.styled(fig, title, subtitle, height, {"l": 10, "r": 10, "t": top, "b": bottom})
