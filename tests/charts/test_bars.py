"""The bar charts: methods across the portfolio, one client's strategies, the strategy mix."""

from __future__ import annotations

import numpy as np

from kam_analytics import charts, taxonomy
from kam_analytics.i18n import t
from tests.charts.frames import CLIENTS_BY_SPEND, CUR, METHOD_NAMES, NAN


def test_method_overview_sorts_bars_by_spend_in_strategy_colours(rollup):
    fig = charts.method_overview(rollup, title="M", currency=CUR)
    assert list(fig.layout.yaxis.categoryarray) == METHOD_NAMES  # 5,600 > 2,000 > 1,400
    bars = {b.y[0]: (b.x[0], b.marker.color) for b in fig.data if b.type == "bar"}
    assert bars == {
        "Promises kept": (5600, taxonomy.STRATEGY_COLOURS["trust"]),
        "Staff training": (2000, taxonomy.STRATEGY_COLOURS["technical"]),
        "Free or discounted trials": (1400, taxonomy.STRATEGY_COLOURS["risk"]),
    }


def test_method_overview_marks_mean_value_and_hover_counts_clients(rollup):
    fig = charts.method_overview(rollup, title="M", currency=CUR)
    values = next(d for d in fig.data if d.name == t("chart.mean_value"))
    np.testing.assert_array_equal(np.asarray(values.x, dtype=float), [3.0, 3.0, NAN])
    hover = values.customdata[0]
    for text in ["Method: Promises kept", "Clients: 2", "Overinvested clients: 1",
                 "Total cost: 5,600 EUR", "Mean value (1-5): 3.0"]:
        assert text in hover
    assert "Mean value (1-5): Unrated" in values.customdata[2]


def test_strategy_breakdown_bars_per_strategy_with_value_markers(strategy_matrix):
    fig = charts.strategy_breakdown(strategy_matrix[strategy_matrix["client"] == "Alpha"],
                                    title="S", currency=CUR)
    bars = {b.y[0]: (b.x[0], b.marker.color) for b in fig.data if b.type == "bar"}
    assert bars == {"Personal trust": (1600, taxonomy.STRATEGY_COLOURS["trust"]),
                    "Risk reduction": (1400, taxonomy.STRATEGY_COLOURS["risk"])}
    values = next(d for d in fig.data if d.name == t("metric.value"))
    assert list(values.y) == ["Personal trust", "Risk reduction"]
    np.testing.assert_array_equal(np.asarray(values.x, dtype=float), [4.0, NAN])
    unrated = [d for d in fig.data if getattr(d, "mode", None) == "text"]
    assert list(unrated[0].y) == ["Risk reduction"]


def test_strategy_mix_stacks_each_clients_spend_by_strategy(strategy_matrix):
    fig = charts.strategy_mix(strategy_matrix, title="Mix", currency=CUR)
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.yaxis.categoryarray) == CLIENTS_BY_SPEND
    stacks = {b.name: (dict(zip(b.y, b.x, strict=True)), b.marker.color) for b in fig.data}
    assert stacks == {
        "Personal trust": ({"Alpha": 1600, "Beta": 4000}, taxonomy.STRATEGY_COLOURS["trust"]),
        "Technical support": ({"Beta": 1000, "Gamma": 1000},
                              taxonomy.STRATEGY_COLOURS["technical"]),
        "Risk reduction": ({"Alpha": 1400}, taxonomy.STRATEGY_COLOURS["risk"]),
    }
    assert "Share of client's spend: 80.0%" in fig.data[0].customdata[list(fig.data[0].y)
                                                                      .index("Beta")]
