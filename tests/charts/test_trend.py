"""Trend lines: one line per strategy, method or client across the quarters, the largest by
the latest quarter's spend first, the rest summed as others."""

from __future__ import annotations

import pandas as pd

from kam_analytics import taxonomy
from kam_analytics.charts.trend import LINES, trend_lines


def trend(labels: int) -> pd.DataFrame:
    rows = []
    for i in range(labels):
        for q, factor in (("2026Q2", 1.0), ("2026Q3", 2.0)):
            rows.append({"quarter": q, "client": f"C{i:02d}", "label": f"C{i:02d}",
                         "total_cost": (i + 1) * 100 * factor, "interactions": 1,
                         "value": 3.0})
    return pd.DataFrame(rows)


def test_lines_largest_first_and_the_rest_as_one_line_of_others():
    fig = trend_lines(trend(LINES + 3), "client", title="t", currency="EUR")
    names = [d.name for d in fig.data]
    assert names[:LINES] == [f"C{i:02d}" for i in range(LINES + 2, 2, -1)]
    assert names[-1] == "3 others"
    # the three smallest: (1 + 2 + 3) x 100 in 2026Q2, twice that in 2026Q3
    assert list(fig.data[-1].y) == [600.0, 1200.0]
    assert list(fig.data[0].x) == ["2026Q2", "2026Q3"]
    assert list(fig.data[0].y) == [1100.0, 2200.0]


def test_strategies_take_their_own_colours():
    rows = [{"quarter": "2026Q3", "strategy": s, "label": taxonomy.strategy_label(s),
             "total_cost": 100.0, "interactions": 1, "value": 3.0}
            for s in taxonomy.STRATEGY_IDS]
    fig = trend_lines(pd.DataFrame(rows), "strategy", title="t", currency="EUR")
    assert {d.name: d.line.color for d in fig.data} == {
        taxonomy.strategy_label(s): taxonomy.STRATEGY_COLOURS[s] for s in taxonomy.STRATEGY_IDS}


def test_a_client_missing_from_a_quarter_leaves_a_gap_not_a_zero():
    frame = trend(2)
    frame = frame[~((frame["client"] == "C00") & (frame["quarter"] == "2026Q2"))]
    fig = trend_lines(frame, "client", title="t", currency="EUR")
    c00 = next(d for d in fig.data if d.name == "C00")
    assert pd.isna(c00.y[0]) and c00.y[1] == 200.0
