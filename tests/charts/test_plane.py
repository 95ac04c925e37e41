"""The cost-versus-value plane: bubbles, scatter, thresholds, log axis and label placement."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from kam_analytics import charts, taxonomy
from kam_analytics.charts import plane
from kam_analytics.i18n import t
from tests.charts.frames import CELLS, COST_T, CUR, VALUE_T, cell_frame, point_for, points


def bubbles(frame: pd.DataFrame, client: str = "Alpha") -> go.Figure:
    return charts.client_bubbles(frame[frame["client"] == client], cost_threshold=COST_T,
                                 value_threshold=VALUE_T, title="B", currency=CUR)


def test_client_bubbles_sit_at_cost_and_value_unrated_in_the_strip(matrix):
    fig = bubbles(matrix)
    rated = point_for(fig, "Method: Promises kept")
    unrated = point_for(fig, "Method: Free or discounted trials")
    assert (rated["x"], rated["y"]) == (1600, 4.0)
    assert unrated["x"] == 1400 and unrated["y"] < 1
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert ticks[unrated["y"]] == t("quadrant.unrated")
    assert (rated["symbol"], unrated["symbol"]) == ("circle", "circle-open")


def test_client_bubbles_colour_by_strategy_and_size_by_hours(matrix):
    fig = bubbles(matrix, "Beta")
    for method, strategy, hours in [("Promises kept", "trust", 15.0),
                                    ("Staff training", "technical", 5.0)]:
        p = point_for(fig, f"Method: {method}")
        assert p["colour"] == taxonomy.STRATEGY_COLOURS[strategy]
        assert p["size"] == hours
    marker = next(d.marker for d in fig.data if d.customdata is not None)
    assert marker.sizemode == "area"
    assert marker.sizeref == pytest.approx(2 * 15.0 / plane._BUBBLE_MAX_PX**2)


def test_client_bubbles_label_each_bubble_with_its_method_name(matrix):
    fig = bubbles(matrix, "Beta")
    labels = [text for d in fig.data if d.text is not None for text in d.text]
    assert sorted(labels) == ["Promises kept", "Staff training"]


def test_client_bubbles_draw_threshold_lines_and_quadrant_names(matrix):
    fig = bubbles(matrix)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert any(s.x0 == s.x1 == COST_T for s in lines)
    assert any(s.y0 == s.y1 == VALUE_T for s in lines)
    names = {a.text for a in fig.layout.annotations}
    assert {t(f"quadrant.{q}").upper() for q in
            ("efficient", "strategic", "low priority", "overinvested")} <= names


def test_plane_legend_lists_strategy_names_in_taxonomy_order(matrix):
    fig = charts.quadrant_scatter(matrix, cost_threshold=COST_T, value_threshold=VALUE_T,
                                  title="Q", currency=CUR)
    assert [d.name for d in fig.data if d.showlegend] == [
        "Personal trust", "Technical support", "Risk reduction"]


def test_quadrant_scatter_plots_every_cell_with_client_and_method_in_hover(matrix):
    fig = charts.quadrant_scatter(matrix, cost_threshold=COST_T, value_threshold=VALUE_T,
                                  title="Q", currency=CUR)
    assert len(points(fig)) == len(matrix)
    for client, method, _, cost, hours, value, _ in CELLS:
        name = taxonomy.method_label(method)
        p = point_for(fig, f"Client: {client}", f"Method: {name}")
        assert p["x"] == cost + hours * 100
        assert p["y"] == value if not math.isnan(value) else p["y"] < 1
        assert p["colour"] == taxonomy.STRATEGY_COLOURS[taxonomy.strategy_of(method)]


@pytest.mark.parametrize("low, high, axis_type", [
    (100.0, 2_000.0, "linear"),   # 20x: linear
    (100.0, 3_000.0, "log"),      # 30x: log, so cheap cells do not pile up at zero
])
def test_plane_goes_log_when_costs_span_30x(low, high, axis_type):
    cells = [("A", "trust.promises_kept", 1, low, 0.0, 3.0, "efficient"),
             ("B", "trust.promises_kept", 1, high, 0.0, 3.0, "strategic")]
    fig = charts.quadrant_scatter(cell_frame(cells), cost_threshold=1000.0, value_threshold=3.0,
                                  title="Q", currency=CUR)
    assert fig.layout.xaxis.type == axis_type


@pytest.mark.parametrize("xs, width, expected", [
    ([100.0, 600.0], 800, ["top center", "top center"]),       # far apart
    ([100.0, 100.0], 800, ["top center", "bottom center"]),    # same spot: the next free side
    # A 112 px label fits neither left nor right of x=100 in 200 px: two sides, then no room.
    ([100.0] * 12, 200, ["top center", "bottom center"] + [None] * 10),
])
def test_label_positions_take_the_first_free_side_or_none(xs, width, expected):
    labels = ["Reference selling"] * len(xs)
    actual = charts.label_positions(xs, [60.0] * len(xs), [10.0] * len(xs), labels, width, 120)
    assert actual == expected
