"""The heatmap: every cell's figure, colour and hover match a small hand-built frame."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from kam_analytics import charts, taxonomy
from kam_analytics.i18n import t
from tests.charts.frames import CLIENTS_BY_SPEND, METHOD_NAMES, NAN, cell_frame, heat


def test_heatmap_rows_by_spend_and_columns_named_in_taxonomy_order(matrix):
    fig = heat(matrix)
    assert list(fig.data[0].y) == CLIENTS_BY_SPEND
    assert list(fig.data[0].x) == METHOD_NAMES
    assert fig.layout.yaxis.autorange == "reversed"  # first row drawn at the top


@pytest.mark.parametrize("metric, expected", [
    ("total_cost", [[4000, 1000, NAN], [1600, NAN, 1400], [NAN, 1000, NAN]]),
    ("cost", [[2500, 500, NAN], [1000, NAN, 1000], [NAN, 200, NAN]]),
    ("hours", [[15, 5, NAN], [6, NAN, 4], [NAN, 8, NAN]]),
    ("value", [[2, 5, NAN], [4, NAN, NAN], [NAN, 1, NAN]]),
    ("value_per_1000", [[0.5, 5, NAN], [2.5, NAN, NAN], [NAN, 1, NAN]]),
    ("share_of_client_spend", [[0.8, 0.2, NAN], [1600 / 3000, NAN, 1400 / 3000],
                               [NAN, 1, NAN]]),
])
def test_heatmap_z_equals_each_cell(matrix, metric, expected):
    actual = np.asarray(heat(matrix, metric).data[0].z, dtype=float)
    np.testing.assert_allclose(actual, np.array(expected, dtype=float), equal_nan=True)


def test_heatmap_unused_cells_are_blank_without_hover(matrix):
    trace = heat(matrix).data[0]
    assert math.isnan(trace.z[1][1])  # Alpha does not use staff training
    assert trace.customdata[1][1] == ""
    assert trace.hoverongaps is False


def scale_colour(scale, fraction: float) -> str:
    """Return the flat colour a stepped colour scale gives at ``fraction``."""
    for (p0, c0), (p1, c1) in zip(scale, scale[1:], strict=False):
        if p0 <= fraction <= p1 and c0 == c1:
            return c0
    raise AssertionError(f"no flat step at {fraction}")


@pytest.mark.parametrize("row, col, quadrant", [
    (0, 0, "overinvested"), (0, 1, "efficient"), (1, 0, "strategic"), (1, 2, "unrated"),
    (2, 1, "low priority"),
])
def test_heatmap_quadrant_cells_take_their_quadrant_colour_and_legend_name(
        matrix, row, col, quadrant):
    trace = heat(matrix, "quadrant").data[0]
    code = trace.z[row][col]
    fraction = (code - trace.zmin) / (trace.zmax - trace.zmin)
    assert scale_colour(trace.colorscale, fraction) == charts.QUADRANT_COLOURS[quadrant]
    bar = trace.colorbar
    assert bar.ticktext[list(bar.tickvals).index(code)] == t(f"quadrant.{quadrant}")


def test_quadrant_colours_differ_from_every_strategy_colour():
    assert not set(charts.QUADRANT_COLOURS.values()) & set(taxonomy.STRATEGY_COLOURS.values())


@pytest.mark.parametrize("row, col, expected", [
    (0, 0, ["Client: Beta", "Method: Promises kept", "Strategy: Personal trust",
            "Interactions: 5", "Cost: 2,500 EUR", "Manager hours: 15.0",
            "Time cost: 1,500 EUR", "Total cost: 4,000 EUR", "Value (1-5): 2.0",
            "Value per 1,000 of cost: 0.50", "Share of client's spend: 80.0%",
            "Quadrant: Overinvested"]),
    (1, 2, ["Client: Alpha", "Method: Free or discounted trials", "Strategy: Risk reduction",
            "Total cost: 1,400 EUR", "Value (1-5): Unrated", "Value per 1,000 of cost: –",
            "Share of client's spend: 46.7%", "Quadrant: Unrated"]),
])
def test_heatmap_hover_shows_every_figure_formatted(matrix, row, col, expected):
    hover = heat(matrix).data[0].customdata[row][col]
    for text in expected:
        assert text in hover


def test_heatmap_hover_escapes_client_names(matrix):
    frame = matrix.assign(client=matrix["client"].replace("Beta", "Smith & Sons <UK>"))
    hover = heat(frame).data[0].customdata[0][0]
    assert "Client: Smith &amp; Sons &lt;UK&gt;" in hover


def test_heatmap_value_marks_used_but_unrated_cells_grey(matrix):
    fig = heat(matrix, "value")
    grey = fig.data[1]
    assert grey.type == "heatmap"
    expected = [[NAN, NAN, NAN], [NAN, NAN, 1.0], [NAN, NAN, NAN]]
    np.testing.assert_array_equal(np.asarray(grey.z, dtype=float), expected)
    assert {c for _, c in grey.colorscale} == {charts.UNRATED_FILL}
    assert (fig.data[0].zmin, fig.data[0].zmax) == (1, 5)


def test_heatmap_by_strategy_uses_strategy_names(strategy_matrix):
    trace = heat(strategy_matrix, by="strategy").data[0]
    assert list(trace.x) == ["Personal trust", "Technical support", "Risk reduction"]
    expected = [[4000, 1000, NAN], [1600, NAN, 1400], [NAN, 1000, NAN]]
    np.testing.assert_allclose(np.asarray(trace.z, dtype=float), expected, equal_nan=True)
    assert "Method:" not in trace.customdata[0][0]


def test_heatmap_strategy_band_and_legend_use_taxonomy_colours(matrix):
    fig = heat(matrix)
    bands = [(s.x0, s.x1, s.fillcolor) for s in fig.layout.shapes]
    assert bands == [(-0.5, 0.5, taxonomy.STRATEGY_COLOURS["trust"]),
                     (0.5, 1.5, taxonomy.STRATEGY_COLOURS["technical"]),
                     (1.5, 2.5, taxonomy.STRATEGY_COLOURS["risk"])]
    legend = [(d.name, d.marker.color) for d in fig.data if d.showlegend]
    assert legend == [(taxonomy.strategy_label(s), taxonomy.STRATEGY_COLOURS[s])
                      for s in ("trust", "technical", "risk")]


def many_clients(n: int) -> pd.DataFrame:
    cells = [(f"Client {i:02d}", "trust.promises_kept", 1, 100.0 + i, 1.0, 3.0, "efficient")
             for i in range(n)]
    return cell_frame(cells)


def test_heatmap_height_grows_28px_per_client():
    assert heat(many_clients(40)).layout.height - heat(many_clients(10)).layout.height == 30 * 28


def test_heatmap_clips_colour_scale_at_95th_percentile_when_one_cell_dwarfs_the_rest():
    frame = many_clients(30)
    frame.loc[0, "total_cost"] = 100_000.0
    trace = heat(frame).data[0]
    expected = float(np.quantile(frame["total_cost"], 0.95))
    assert trace.zmax == pytest.approx(expected)
    assert trace.colorbar.ticktext[-1] == "≥ " + format(expected, ",.0f")


@pytest.mark.parametrize("metric, by", [("profit", "method"), ("cost", "client")])
def test_heatmap_rejects_unknown_metric_or_axis(matrix, metric, by):
    with pytest.raises(ValueError):
        heat(matrix, metric, by)


def test_heatmap_rejects_two_quarters_of_the_same_cell(matrix):
    with pytest.raises(ValueError, match="one quarter"):
        heat(pd.concat([matrix, matrix.assign(quarter="2026Q4")]))


def test_a_change_heatmap_is_centred_on_no_change():
    # cost changes of -600 ... +300: the scale runs from -600 to +600, zero in the middle
    frame = many_clients(10).assign(total_cost_change=[-600.0, 300, 0, 50, -20, 10, 5, -5, 1, 2])
    trace = heat(frame, "total_cost_change").data[0]
    assert (trace.zmin, trace.zmax) == (-600, 600)
    # less spent is blue, more spent red; on value, more value is blue
    low, high = (tuple(map(int, re.findall(r"\d+", c))) for c in (trace.colorscale[0][1],
                                                                  trace.colorscale[-1][1]))
    assert low[2] > low[0] and high[0] > high[2]
    value = heat(frame.assign(value_change=frame["total_cost_change"] / 100),
                 "value_change").data[0]
    assert value.colorscale[-1][1] == trace.colorscale[0][1]
    assert trace.colorbar.ticktext[0] == "-600" and trace.colorbar.ticktext[-1] == "+600"
    assert "0" in trace.colorbar.ticktext


def test_a_change_heatmap_clips_one_change_that_would_wash_out_the_rest():
    frame = many_clients(30).assign(total_cost_change=[10_000.0] + [float(i) for i in range(29)])
    trace = heat(frame, "total_cost_change").data[0]
    top = float(np.quantile(np.abs(frame["total_cost_change"]), 0.95))
    assert trace.zmax == pytest.approx(top) and trace.zmin == pytest.approx(-top)
    assert trace.colorbar.ticktext[-1].startswith("≥ +")
    assert trace.colorbar.ticktext[0].startswith("≤ -")
