"""The whale curve chart: the curve, the margin line above it, and between them the relationship
cost stacked by strategy in the strategies' colours, names (never ids) on the axis and in the
legend; the hand-computed example of tests/analysis/test_economics.py."""

from __future__ import annotations

import pandas as pd
import pytest

from kam_analytics import taxonomy
from kam_analytics.analysis import economics
from kam_analytics.charts import whale
from tests.analysis.test_economics import CLIENTS, the_matrix


@pytest.fixture
def curve() -> pd.DataFrame:
    return economics.whale_curve(economics.client_economics(the_matrix(), CLIENTS))


def test_the_curve_the_margin_and_a_band_per_strategy(curve):
    fig = whale.whale_chart(curve, economics.curve_summary(curve), title="t", currency="EUR")
    baseline, *bands, margin, line = fig.data
    assert list(line.y) == pytest.approx([182_000, 195_500, 205_500, 199_500, 189_000])
    assert list(line.x) == ["1. Acme", "2. Cora", "3. Eve", "4. Gil", "5. Bolt"]
    assert list(baseline.y) == list(line.y) and not baseline.showlegend
    assert list(margin.y) == pytest.approx([200_000, 215_000, 225_000, 220_000, 250_000])
    # each band fills from the one below: the top band ends on the margin line
    assert [b.name for b in bands] == [f"{taxonomy.strategy_label(s)} (cost)"
                                       for s in taxonomy.STRATEGY_IDS]
    assert all(b.fill == "tonexty" for b in bands)
    assert list(bands[-1].y) == pytest.approx(list(margin.y))
    assert list(bands[0].y) == pytest.approx(  # the curve plus trust's cost
        [182_000 + 12_000, 195_500 + 12_000, 205_500 + 12_000, 199_500 + 13_000,
         189_000 + 13_000])
    for band, strategy in zip(bands, taxonomy.STRATEGY_IDS, strict=True):
        r, g, b = (int(taxonomy.STRATEGY_COLOURS[strategy][i:i + 2], 16) for i in (1, 3, 5))
        assert band.fillcolor.startswith(f"rgba({r},{g},{b},")
    # the losing clients' points in red; the peak and the end marked with their amounts
    assert list(line.marker.color) == [whale.CURVE_COLOUR] * 3 + ["#B2182B"] * 2
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["Peak: 205,500 EUR", "All clients: 189,000 EUR"]
    assert "<b>5. Bolt</b>" in line.customdata[4] and "-10,500 EUR" in line.customdata[4]


def test_many_clients_are_shown_by_rank_and_names_are_escaped():
    rows = pd.DataFrame({"client": [f"<b>Client {i:03d}</b> with a long name" for i in range(40)],
                         "manager": "Ann", "segment": "A", "annual_revenue": 1e6,
                         "margin": [4_000.0 * (40 - i) for i in range(40)]})
    econ = economics.client_economics(the_matrix().iloc[:0], rows)
    curve = economics.whale_curve(econ)
    fig = whale.whale_chart(curve, economics.curve_summary(curve), title="t", currency="EUR")
    line = fig.data[-1]
    assert list(line.x) == list(range(1, 41))
    assert "&lt;b&gt;Client 000&lt;/b&gt;" in line.customdata[0]
    # 4,000 x (40 + 39 + ... + 1) = 3,280,000 a year, 820,000 a quarter, no cost: the curve
    # ends at its peak, marked once
    assert [a.text for a in fig.layout.annotations] == ["Peak: 820,000 EUR"]


def test_a_short_axis_label_for_a_long_name():
    assert whale._short("Kestrel Automotive Components") == "Kestrel Automotive Co…"
    assert whale._short("Acme") == "Acme"


def test_no_client_with_a_margin_draws_the_empty_chart():
    fig = whale.whale_chart(economics.whale_curve(economics.client_economics(
        the_matrix(), CLIENTS.drop(columns="margin"))), {}, title="t", currency="EUR")
    assert fig.layout.annotations[0].text == "No data to show for this selection"
