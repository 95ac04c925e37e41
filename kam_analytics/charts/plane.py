"""The cost-versus-value plane: one client's methods as bubbles sized by hours
(``client_bubbles``), every cell of the portfolio (``quadrant_scatter``), the dashed threshold
lines and quadrant names, and labels placed where they collide with nothing."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kam_analytics import taxonomy
from kam_analytics.charts import style
from kam_analytics.charts.style import (
    CHAR_PX,
    FAINT,
    FONT_SIZE,
    LINE_PX,
    QUADRANT_COLOURS,
    TEXT_COLOUR,
)
from kam_analytics.i18n import formats, t

# The cost/value plane: rated values live on 1..5, unrated cells in a strip below 1.
_STRIP_TOP, _STRIP_Y, _Y_TOP = 0.65, 0.32, 5.6
_BUBBLE_MAX_PX, _BUBBLE_MIN_PX = 46, 7
# Label placement assumes a plot this wide: a typical Streamlit column, narrower than an export.
_PLACEMENT_WIDTH_PX = 1200
_CORNER_FONT = 16
_LOG_SPREAD = 30  # costs spanning this ratio or more go on a log axis


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
        return {"tickvals": values, "ticktext": [formats.number(v) for v in values]}

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
    title = style.money_axis_title(currency)
    if axis.log:
        title = t("chart.log_scale", label=title)
    fig.update_xaxes(title={"text": title}, range=[axis.low, axis.high],
                     type="log" if axis.log else "linear", tickformat=",.0f", zeroline=False,
                     **axis.ticks())
    fig.update_yaxes(title={"text": t("metric.value")}, range=[0, _Y_TOP], tickvals=y_ticks,
                     ticktext=y_text, zeroline=False, showgrid=True)


def _threshold_note(cost_threshold: float, value_threshold: float, currency: str) -> str:
    """Return the note naming the dashed lines' thresholds."""
    cost = (t("chart.amount", number=formats.number(float(cost_threshold)), currency=currency)
            if _finite(cost_threshold) else "–")
    value = formats.number(float(value_threshold), 1) if _finite(value_threshold) else "–"
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
        w = max(len(p) for p in parts) * CHAR_PX
        h = len(parts) * LINE_PX
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
    for s in style.order_key(strategies.tolist(), taxonomy.STRATEGY_IDS):
        part = frame[(strategies == s).to_numpy()]
        colour, name = style.strategy_colour(s), style.strategy_names(part).iloc[0]
        # A swatch carries the legend: a trace's own entry would copy its first marker.
        traces.append(style.legend_swatch(name, colour, "circle", s))
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
        return style.no_data(title, subtitle)
    style.require_unique(client_matrix, ["client", "method"], "client_bubbles")
    height, top, bottom = 680, style.title_px(subtitle) + 40, 95
    frame = client_matrix.assign(
        _x=pd.to_numeric(client_matrix["total_cost"], errors="coerce").astype("float64"),
        _y=_plane_y(client_matrix["value"]),
        _hours=pd.to_numeric(client_matrix["hours"], errors="coerce").fillna(0.0).clip(lower=0),
        _name=style.method_names(client_matrix),
        _hover=style.hover_text(client_matrix, ["method", "strategy", "client", "interactions",
                                                "cost", "hours", "time_cost", "total_cost",
                                                "value", "value_per_1000",
                                                "share_of_client_spend", "quadrant"], currency),
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
    text = [style.wrapped(n, 22) for n in frame["_name"]]
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
    # Two lines: on one, the end ran past a chart 1280 px wide.
    note = t("chart.bubble_note") + "<br>" + _threshold_note(cost_threshold, value_threshold,
                                                             currency)
    fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=-60 / plot_h,
                       xanchor="left", yanchor="top", align="left", showarrow=False,
                       font={"size": FONT_SIZE - 1, "color": FAINT})
    fig.update_layout(legend=style.legend_top(height, subtitle)
                      | {"itemsizing": "constant", "title": {"text": ""}})
    return style.styled(fig, title, subtitle, height, {"l": 70, "r": 30, "t": top, "b": bottom})


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
        return style.no_data(title, subtitle)
    height, top, bottom = 680, style.title_px(subtitle) + 40, 95
    axis = _cost_axis(matrix["total_cost"], cost_threshold)
    frame = matrix.assign(
        _x=axis.position(matrix["total_cost"]),
        _y=_plane_y(matrix["value"]),
        _rated=pd.to_numeric(matrix["value"], errors="coerce").notna(),
        _hover=style.hover_text(matrix, ["client", "method", "strategy", "interactions", "cost",
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
    fig.update_layout(legend=style.legend_top(height, subtitle))
    return style.styled(fig, title, subtitle, height, {"l": 70, "r": 30, "t": top, "b": bottom})

