"""A small hand-built matrix, strategy matrix and method roll-up for the chart tests, and
helpers reading figures back."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kam_analytics import charts, taxonomy

NAN = float("nan")
CUR = "EUR"
COST_T, VALUE_T = 1500.0, 3.0

# (client, method, interactions, cost, hours, value, quadrant); time cost is 100 per hour.
CELLS = [
    ("Alpha", "trust.promises_kept", 3, 1000.0, 6.0, 4.0, "strategic"),
    ("Alpha", "risk.trials", 2, 1000.0, 4.0, NAN, "unrated"),
    ("Beta", "trust.promises_kept", 5, 2500.0, 15.0, 2.0, "overinvested"),
    ("Beta", "technical.staff_training", 1, 500.0, 5.0, 5.0, "efficient"),
    ("Gamma", "technical.staff_training", 1, 200.0, 8.0, 1.0, "low priority"),
]
# Totals: Alpha 1600 + 1400 = 3000, Beta 4000 + 1000 = 5000, Gamma 1000.
CLIENTS_BY_SPEND = ["Beta", "Alpha", "Gamma"]
METHOD_NAMES = ["Promises kept", "Staff training", "Free or discounted trials"]


def cell_frame(cells: list[tuple], by_strategy: bool = False) -> pd.DataFrame:
    """Return a matrix (or strategy matrix) shaped like kam_analytics.matrix builds it."""
    rows = []
    for client, method, interactions, cost, hours, value, quadrant in cells:
        strategy = taxonomy.strategy_of(method)
        rows.append({
            "quarter": "2026Q3", "client": client, "manager": "Ann", "segment": pd.NA,
            "strategy": strategy,
            "method": pd.NA if by_strategy else method,
            "strategy_label": taxonomy.strategy_label(strategy),
            "method_label": pd.NA if by_strategy else taxonomy.method_label(method),
            "interactions": interactions, "cost": cost, "hours": hours,
            "time_cost": hours * 100, "total_cost": cost + hours * 100, "value": value,
            "value_per_1000": value / ((cost + hours * 100) / 1000), "quadrant": quadrant,
        })
    frame = pd.DataFrame(rows)
    totals = frame.groupby("client")["total_cost"].transform("sum")
    return frame.assign(share_of_client_spend=frame["total_cost"] / totals)


def rollup_frame() -> pd.DataFrame:
    """Return a method roll-up shaped like kam_analytics.analysis.matrix builds it."""
    rows = [  # strategy, method, clients, interactions, cost, hours, value, overinvested
        ("trust", "trust.promises_kept", 2, 8, 3500.0, 21.0, 3.0, 1),
        ("technical", "technical.staff_training", 2, 2, 700.0, 13.0, 3.0, 0),
        ("risk", "risk.trials", 1, 2, 1000.0, 4.0, NAN, 0),
    ]
    frame = pd.DataFrame(rows, columns=["strategy", "method", "clients", "interactions", "cost",
                                        "hours", "value", "overinvested_clients"])
    frame["strategy_label"] = frame["strategy"].map(taxonomy.strategy_label)
    frame["method_label"] = frame["method"].map(taxonomy.method_label)
    frame["time_cost"] = frame["hours"] * 100
    frame["total_cost"] = frame["cost"] + frame["time_cost"]
    frame["value_per_1000"] = frame["value"] / (frame["total_cost"] / 1000)
    return frame


def heat(frame: pd.DataFrame, metric: str = "total_cost", by: str = "method") -> go.Figure:
    return charts.heatmap(frame, metric, by=by, title="Heat", subtitle="All", currency=CUR)


def points(fig: go.Figure) -> dict[str, dict]:
    """Return every plotted scatter point keyed by the method or client line of its hover."""
    out = {}
    for trace in fig.data:
        if trace.type != "scatter" or trace.customdata is None:
            continue
        sizes = trace.marker.size
        for i, hover in enumerate(trace.customdata):
            out[hover] = {"x": trace.x[i], "y": trace.y[i], "colour": trace.marker.color,
                          "symbol": trace.marker.symbol,
                          "size": sizes[i] if isinstance(sizes, tuple | list | np.ndarray)
                          else sizes}
    return out


def point_for(fig: go.Figure, *needles: str) -> dict:
    """Return the single point whose hover text contains every needle."""
    found = [p for hover, p in points(fig).items() if all(n in hover for n in needles)]
    assert len(found) == 1, (needles, list(points(fig)))
    return found[0]
