"""Trend lines over the stored quarters: total cost per strategy, method or client
(``analysis.compare.quarter_trend``), the largest by spend drawn, the rest summed as others."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kam_analytics.charts import style
from kam_analytics.charts.style import FONT_SIZE
from kam_analytics.i18n import t

LINES = 8  # more lines than this are not told apart: the rest are summed as "others"


def trend_lines(trend: pd.DataFrame, by: str, *, title: str, subtitle: str = "",
                currency: str) -> go.Figure:
    """Return one line of total cost per ``by`` value across the quarters (strategies in their
    own colours), the ``LINES`` largest by spend in the latest quarter, the rest as one line
    of others; a point's hover gives its cost, interactions and mean value."""
    if trend.empty:
        return style.no_data(title, subtitle)
    quarters = sorted(trend["quarter"].unique())
    latest = trend[trend["quarter"] == quarters[-1]].sort_values(
        ["total_cost", "label"], ascending=[False, True])
    ranked = latest["label"].tolist() + sorted(set(trend["label"]) - set(latest["label"]))
    shown = ranked[:LINES]
    others = trend[~trend["label"].isin(shown)]
    fig = go.Figure()
    for label in shown:
        line = trend[trend["label"] == label].set_index("quarter").reindex(quarters)
        colour = style.strategy_colour(line[by].dropna().iloc[0]) if by == "strategy" else None
        fig.add_trace(go.Scatter(
            x=quarters, y=line["total_cost"], mode="lines+markers", name=style.plain(label),
            line={"width": 3, **({"color": colour} if colour else {})},
            customdata=style.hover_text(line.assign(client=label).reset_index(),
                                        ["client", "total_cost", "interactions", "value"],
                                        currency, {"client": t(f"trend.by.{by}")}),
            hovertemplate="%{customdata}<extra></extra>"))
    if not others.empty:
        rest = others.groupby("quarter")["total_cost"].sum().reindex(quarters, fill_value=0)
        fig.add_trace(go.Scatter(
            x=quarters, y=rest, mode="lines+markers", line={"width": 2, "dash": "dot",
                                                              "color": "#9a9a9a"},
            name=t("trend.others", n=others["label"].nunique())))
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(title=style.money_axis_title(currency), rangemode="tozero",
                     tickformat=",.0f")
    height = 460
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1, "font": {"size": FONT_SIZE}},
                      hovermode="closest")
    return style.styled(fig, title, subtitle, height,
                        {"l": 70, "r": 20, "t": style.title_px(subtitle) + 10, "b": 40})
