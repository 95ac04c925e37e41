"""Bar charts: the methods across the portfolio (``method_overview``), one client's strategies
(``strategy_breakdown``) and every client's spend split by strategy (``strategy_mix``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kam_analytics import taxonomy
from kam_analytics.charts import style
from kam_analytics.charts.style import FAINT, FONT_SIZE, ROW_PX, TEXT_COLOUR
from kam_analytics.i18n import t


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
    ticktext = [style.wrapped(n, 34) for n in order]
    rows = len(order)
    top = style.title_px(subtitle) + (60 if show_legend else 20)
    bottom = 60
    height = top + bottom + max(rows * (ROW_PX + 6), 200)
    cost = pd.to_numeric(frame["total_cost"], errors="coerce").astype("float64")
    value = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    money = style.formatted(cost, ",.0f", "–")

    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.74, 0.26],
                        horizontal_spacing=0.05)
    strategies = frame["strategy"].astype("string")
    for s in style.order_key(strategies.tolist(), taxonomy.STRATEGY_IDS):
        mask = (strategies == s).to_numpy()
        fig.add_trace(go.Bar(
            x=cost[mask], y=np.array(order, dtype=object)[mask], orientation="h",
            name=style.strategy_names(frame[mask]).iloc[0],
            marker={"color": style.strategy_colour(s)},
            text=money[mask], textposition="outside", cliponaxis=False,
            textfont={"size": FONT_SIZE - 1},
            customdata=hover[mask], hovertemplate="%{customdata}<extra></extra>",
        ), row=1, col=1)
    rated = value.notna().to_numpy()
    colours = [style.strategy_colour(s) for s in strategies]
    fig.add_trace(go.Scatter(
        x=value, y=order, mode="markers+text", name=value_label,
        text=style.formatted(value, ".1f", ""), textposition="middle right",
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
    # On a narrow chart the cost ticks ran into the value panel's ("20,0001 2 3 4 5"): fewer
    # ticks, and more room between the panels.
    fig.update_xaxes(title={"text": style.money_axis_title(currency)}, tickformat=",.0f",
                     range=[0, x_top * 1.2], nticks=5, row=1, col=1)
    fig.update_xaxes(title={"text": value_label}, range=[0.5, 5.7], tickvals=[1, 2, 3, 4, 5],
                     row=1, col=2)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order,
                     autorange="reversed", tickvals=order, ticktext=ticktext, automargin=True,
                     ticklabelstandoff=6, row=1, col=1)
    fig.update_layout(legend=style.legend_top(height, subtitle), bargap=0.3, barmode="relative",
                      showlegend=show_legend)
    return style.styled(fig, title, subtitle, height, {"l": 10, "r": 30, "t": top, "b": bottom})


def method_overview(
    method_rollup: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    currency: str,
) -> go.Figure:
    """Return the portfolio per method: total spend bars, sorted, beside mean value markers."""
    if method_rollup.empty:
        return style.no_data(title, subtitle)
    style.require_unique(method_rollup, ["method"], "method_overview")
    frame = method_rollup.assign(_name=style.method_names(method_rollup))
    frame = frame.sort_values(["total_cost", "_name"], ascending=[False, True], kind="stable")
    mean_value = t("chart.mean_value")
    hover = style.hover_text(frame, ["method", "strategy", "clients", "overinvested_clients",
                                     "interactions", "cost", "hours", "time_cost", "total_cost",
                                     "value", "value_per_1000"], currency,
                             {"value": mean_value})
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
        return style.no_data(title, subtitle)
    style.require_unique(client_strategy_matrix, ["client", "strategy"], "strategy_breakdown")
    rank = {s: i for i, s in enumerate(taxonomy.STRATEGY_IDS)}
    frame = client_strategy_matrix.assign(
        _name=style.strategy_names(client_strategy_matrix),
        _rank=client_strategy_matrix["strategy"].astype("string").map(rank).fillna(len(rank)),
    ).sort_values(["_rank", "_name"], kind="stable")
    hover = style.hover_text(frame, ["strategy", "client", "interactions", "cost", "hours",
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
        return style.no_data(title, subtitle)
    style.require_unique(strategy_matrix, ["client", "strategy"], "strategy_mix")
    frame = strategy_matrix.assign(client=strategy_matrix["client"].astype("string"))
    clients = style.client_order(frame)
    frame = frame.assign(_hover=style.hover_text(frame, ["client", "strategy", "total_cost",
                                                         "share_of_client_spend", "cost",
                                                         "time_cost", "hours", "interactions",
                                                         "value"], currency))
    top = style.title_px(subtitle) + 40
    bottom = 60
    height = top + bottom + max(len(clients) * ROW_PX, 140)
    fig = go.Figure()
    strategies = frame["strategy"].astype("string")
    for s in style.order_key(strategies.tolist(), taxonomy.STRATEGY_IDS):
        part = frame[strategies == s]
        fig.add_trace(go.Bar(
            x=pd.to_numeric(part["total_cost"], errors="coerce"),
            y=style.escaped(part["client"].tolist()),
            orientation="h", name=style.strategy_names(part).iloc[0],
            marker={"color": style.strategy_colour(s), "line": {"width": 0.5, "color": "white"}},
            customdata=part["_hover"], hovertemplate="%{customdata}<extra></extra>",
        ))
    fig.update_xaxes(title={"text": style.money_axis_title(currency)}, tickformat=",.0f")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=style.escaped(clients),
                     autorange="reversed", automargin=True, ticklabelstandoff=6)
    # Plotly lists a stacked bar's legend backwards unless told otherwise.
    fig.update_layout(barmode="stack", bargap=0.25,
                      legend=style.legend_top(height, subtitle) | {"traceorder": "normal"})
    return style.styled(fig, title, subtitle, height, {"l": 10, "r": 30, "t": top, "b": bottom})
