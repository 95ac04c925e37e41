"""The whale curve (``analysis.economics.whale_curve``): cumulative profit after relationship
cost, clients from the most to the least profitable, with the cumulative margin above it and
the relationship cost between the two stacked by strategy in the strategies' colours."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kam_analytics import taxonomy
from kam_analytics.analysis.economics import COST_COLUMNS
from kam_analytics.charts import style
from kam_analytics.charts.style import FAINT, FONT_SIZE, TEXT_COLOUR
from kam_analytics.i18n import formats, t

NAMED_CLIENTS = 30  # more clients than this are shown by rank: their names would not fit
CURVE_COLOUR = "#1f1f1f"
_NAME_CHARS = 22


def _band_colour(hex_colour: str, alpha: float = 0.55) -> str:
    """Return a strategy colour as rgba, light enough for the curve to read over it."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _short(name: str) -> str:
    """Return a client name short enough for a slanted axis label (full name in the hover)."""
    return name if len(name) <= _NAME_CHARS else name[:_NAME_CHARS - 1].rstrip() + "…"


def _money(value: float, currency: str) -> str:
    return t("chart.amount", number=formats.number(value), currency=currency)


def whale_chart(curve: pd.DataFrame, summary: dict, *, title: str, subtitle: str = "",
                currency: str) -> go.Figure:
    """Return the whale curve of ``curve`` (with ``summary`` from ``curve_summary``): the curve
    as a bold line, the cumulative margin as a dashed line above it, the strategies' cumulative
    relationship cost filling the gap between them, and the peak and the end marked."""
    if curve.empty:
        return style.no_data(title, subtitle)
    named = len(curve) <= NAMED_CLIENTS
    x = [f"{r}. {_short(c)}" for r, c in zip(curve["rank"], curve["client"], strict=True)] \
        if named else curve["rank"].tolist()
    names = [style.plain(c) for c in curve["client"]]
    fig = go.Figure()
    # The bands are stacked on the curve: an unseen baseline first, each strategy filling to
    # the one before it, so that the margin line is the curve plus every strategy's cost.
    fig.add_trace(go.Scatter(x=x, y=curve["cumulative_profit"], mode="lines",
                             line={"width": 0}, showlegend=False, hoverinfo="skip"))
    top = curve["cumulative_profit"].copy()
    for strategy, column in zip(taxonomy.STRATEGY_IDS, COST_COLUMNS, strict=True):
        top = top + curve[f"cumulative_{column}"]
        label = style.strategy_name(strategy)
        hover = [f"<b>{n}</b><br>{style.plain(label)}: {_money(c, currency)}"
                 f"<br>{t('economics.chart_cumulative')}: {_money(s, currency)}"
                 for n, c, s in zip(names, curve[column], curve[f"cumulative_{column}"],
                                    strict=True)]
        fig.add_trace(go.Scatter(
            x=x, y=top.copy(), mode="lines", line={"width": 0}, fill="tonexty",
            fillcolor=_band_colour(style.strategy_colour(strategy)),
            name=style.plain(t("economics.chart_band", strategy=label)),
            customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=x, y=curve["cumulative_margin"], mode="lines", name=t("economics.chart_margin"),
        line={"color": FAINT, "width": 2, "dash": "dash"}, hoverinfo="skip"))
    hover = [f"<b>{r}. {n}</b><br>{t('economics.col_margin', currency=currency)}: "
             f"{_money(m, currency)}<br>{t('economics.col_cost', currency=currency)}: "
             f"{_money(c, currency)}<br>{t('economics.col_profit', currency=currency)}: "
             f"{_money(p, currency)}<br>{t('economics.chart_cumulative')}: {_money(s, currency)}"
             for r, n, m, c, p, s in zip(curve["rank"], names, curve["period_margin"],
                                         curve["total_cost"], curve["profit_after_cost"],
                                         curve["cumulative_profit"], strict=True)]
    losing = (curve["profit_after_cost"] < 0).to_numpy()
    fig.add_trace(go.Scatter(
        x=x, y=curve["cumulative_profit"], mode="lines+markers", name=t("economics.chart_curve"),
        line={"color": CURVE_COLOUR, "width": 3},
        marker={"size": 7, "color": ["#B2182B" if lose else CURVE_COLOUR for lose in losing]},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    at = summary["peak_rank"] - 1
    fig.add_annotation(
        x=x[at], y=summary["peak_profit"], ax=0, ay=-38, showarrow=True, arrowhead=0,
        text=t("economics.chart_peak", amount=_money(summary["peak_profit"], currency)),
        font={"size": FONT_SIZE, "color": TEXT_COLOUR}, bgcolor="rgba(255,255,255,0.85)")
    if at != len(curve) - 1:
        fig.add_annotation(
            x=x[-1], y=summary["total_profit"], ax=-10, ay=40, showarrow=True, arrowhead=0,
            xanchor="right",
            text=t("economics.chart_total", amount=_money(summary["total_profit"], currency)),
            font={"size": FONT_SIZE, "color": TEXT_COLOUR}, bgcolor="rgba(255,255,255,0.85)")
    fig.add_hline(y=0, line={"color": FAINT, "width": 1})
    height = 640 if named else 540
    fig.update_xaxes(type="category", tickangle=-45 if named else 0,
                     title={"text": t("economics.chart_x" if named else "economics.chart_x_rank")},
                     automargin=True)
    fig.update_yaxes(title={"text": t("economics.chart_y", currency=currency)},
                     tickformat=",.0f", zeroline=False)
    # The legend above the plot, not beside it: the clients' names need the width.
    fig.update_layout(legend=style.legend_top(height, subtitle), hovermode="closest")
    return style.styled(fig, title, subtitle, height,
                        {"l": 80, "r": 30, "t": style.title_px(subtitle) + 64, "b": 40})
