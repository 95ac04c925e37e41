"""What every chart shares: inputs untouched, the empty chart, template and type, toolbar."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from kam_analytics import charts
from kam_analytics.i18n import t
from tests.charts.frames import COST_T, CUR, VALUE_T

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
