"""Tests for kam_analytics.charts: every figure's data match a small hand-built frame."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from kam_analytics import charts, taxonomy
from kam_analytics.charts import figures
from kam_analytics.i18n import t

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


@pytest.fixture
def matrix() -> pd.DataFrame:
    return cell_frame(CELLS)


@pytest.fixture
def strategy_matrix() -> pd.DataFrame:
    return cell_frame(CELLS, by_strategy=True)


@pytest.fixture
def rollup() -> pd.DataFrame:
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


# ---- heatmap -----------------------------------------------------------------------------

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


# ---- the cost / value plane -------------------------------------------------------------

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
    assert marker.sizeref == pytest.approx(2 * 15.0 / figures._BUBBLE_MAX_PX**2)


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


# ---- bars ------------------------------------------------------------------------------

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


# ---- every builder -----------------------------------------------------------------------

BUILDERS = {
    "heatmap": lambda f, s, r: charts.heatmap(f, "total_cost", title="T", currency=CUR),
    "heatmap_quadrant": lambda f, s, r: charts.heatmap(f, "quadrant", title="T", currency=CUR),
    "client_bubbles": lambda f, s, r: charts.client_bubbles(
        f, cost_threshold=COST_T, value_threshold=VALUE_T, title="T", currency=CUR),
    "quadrant_scatter": lambda f, s, r: charts.quadrant_scatter(
        f, cost_threshold=COST_T, value_threshold=VALUE_T, title="T", currency=CUR),
    "strategy_breakdown": lambda f, s, r: charts.strategy_breakdown(s, title="T", currency=CUR),
    "method_overview": lambda f, s, r: charts.method_overview(r, title="T", currency=CUR),
    "strategy_mix": lambda f, s, r: charts.strategy_mix(s, title="T", currency=CUR),
}


@pytest.fixture
def one_client(matrix, strategy_matrix, rollup):
    """Frames a single-client chart accepts (the others take them too)."""
    return (matrix[matrix["client"] == "Beta"], strategy_matrix[strategy_matrix["client"] ==
                                                                "Beta"], rollup)


@pytest.mark.parametrize("name", BUILDERS)
def test_builders_leave_their_input_untouched(name, one_client):
    before = [f.copy(deep=True) for f in one_client]
    BUILDERS[name](*one_client)
    for b, a in zip(before, one_client, strict=True):
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("name", BUILDERS)
def test_builders_say_no_data_for_an_empty_frame(name, one_client):
    fig = BUILDERS[name](*(f.iloc[0:0] for f in one_client))
    assert [a.text for a in fig.layout.annotations] == [t("chart.no_data")]
    assert fig.layout.title.text == "T"


def font_sizes(fig: go.Figure) -> list[float]:
    sizes = [fig.layout.font.size, fig.layout.legend.font.size, fig.layout.hoverlabel.font.size]
    sizes += [a.font.size for a in fig.layout.annotations]
    sizes += [d.textfont.size for d in fig.data if "textfont" in d and d.textfont.size]
    return [s for s in sizes if s is not None]


@pytest.mark.parametrize("name", BUILDERS)
def test_builders_use_the_white_template_and_readable_type(name, one_client):
    fig = BUILDERS[name](*one_client)
    assert fig.layout.template == pio.templates["plotly_white"]
    sizes = font_sizes(fig)
    assert sizes and min(sizes) >= 12


def test_plotly_config_exports_board_deck_png():
    options = charts.PLOTLY_CONFIG["toImageButtonOptions"]
    assert charts.PLOTLY_CONFIG["displaylogo"] is False
    assert (options["format"], options["width"], options["height"], options["scale"]) == (
        "png", 1920, 1080, 2)
    assert options["filename"]
