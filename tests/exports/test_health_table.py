"""Health in words: values with what they were drawn from, statuses with marks, the columns a
measure not measured needs, grids of clients by measures and of measures by quarters."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kam_analytics.analysis import health
from kam_analytics.exports import health_table


@pytest.mark.parametrize("measure_id, value, n, status, expected", [
    ("promises_kept", 25.0, 4, "red", "25% of 4 promises"),
    ("promises_kept", 100.0, 1, "green", "100% of 1 promise"),
    ("response_median", 39.0, 4, "amber", "39.0 h (4 requests and complaints)"),
    ("open_problems", 12.0, 1, "amber", "1 open for 12.0 days"),
    ("open_problems", 0.0, 0, "green", "none open"),
    ("late_deliveries", 2.0, 2, "red", "2 past their date"),
    ("contact_frequency", 9.0, 27, "amber", "9.0 a month, too many (band 1-8; 27 contacts)"),
    ("contact_frequency", 1 / 3, 1, "red", "0.3 a month, too few (band 1-8; 1 contact)"),
    ("contact_frequency", 1.0, 3, "green", "1.0 a month, in the band (band 1-8; 3 contacts)"),
    ("dmu_roles", 3.0, 5, "green", "3 of 6 roles"),
    ("in_writing", math.nan, 0, "none", "no agreements recorded"),
    ("resolution_median", math.nan, 0, "not_measured",
     "not measured: needs Event type and Resolved at"),
    ("promises_kept", math.nan, 0, "not_measured",
     "not measured: needs Promise kept (yes/no), or Promised date and Delivered date"),
])
def test_a_value_reads_with_what_it_was_drawn_from(measure_id, value, n, status, expected):
    assert health_table.value_text(measure_id, value, n, status) == expected


@pytest.mark.parametrize("measure_id, value, n, status, expected", [
    ("promises_kept", 25.0, 4, "red", "✖ 25%"),
    ("response_p90", 216.0, 4, "red", "✖ 216 h"),
    ("open_problems", 36.4, 2, "red", "✖ 2 · 36 d"),
    ("open_problems", 0.0, 0, "green", "✔ 0"),
    ("contact_frequency", 12.34, 37, "amber", "▲ 12.3/mo"),
    ("dmu_roles", 5.0, 9, "green", "✔ 5/6"),
    ("in_writing", None, 0, "none", "–"),
    ("in_writing", None, 0, "not_measured", "?"),
])
def test_a_grid_cell_says_its_status_without_colour(measure_id, value, n, status, expected):
    assert health_table.short_text(measure_id, value, n, status) == expected


def _measures() -> pd.DataFrame:
    """Two clients of one quarter: Beta red on promises, Acme amber on responses."""
    rows = []
    for client, red, amber in (("Acme", None, "response_median"), ("Beta", "promises_kept", None)):
        for m in health.MEASURES:
            status = "red" if m.id == red else "amber" if m.id == amber else "green"
            low, high = health.limits(m)
            rows.append({"client": client, "quarter": "2026Q3", "measure": m.id,
                         "rule": m.rule, "value": 50.0, "n": 2.0, "excluded": 0.0,
                         "status": status, "low": low, "high": high})
    return pd.DataFrame(rows)


def test_the_portfolio_grid_puts_the_worst_first_with_the_overall_status():
    measures = _measures()
    grid = health_table.portfolio_grid(health_table.health_table(measures),
                                       health.overall_health(measures))
    assert grid.rows == ["Beta", "Acme"]
    assert grid.columns[0] == "Overall" and grid.columns[1] == "Promises kept"
    assert grid.status[0][:2] == ["red", "red"] and grid.text[0][0] == "✖ Red"
    assert grid.tip[0][0] == "The worst of its measures: 1 red, 0 amber"
    assert grid.tip[0][1].endswith("Do 2: agree only to what can really be delivered")


def test_the_scorecard_and_the_rules_broken_read_in_words():
    table = health_table.health_table(_measures())
    card = health_table.scorecard(table, "Beta", "2026Q3")
    assert list(card.columns) == ["Status", "Measure", "Value", "Rule (Table 6.4)"]
    assert card.iloc[0].tolist() == ["✖ Red", "Promises kept", "50% of 2 promises",
                                     "Do 2: agree only to what can really be delivered"]
    assert health_table.rules_broken(table, "Beta", "2026Q3") == [
        "Do 2: agree only to what can really be delivered"]
    assert health_table.rules_broken(table, "Acme", "2026Q3") == []


def test_the_csv_table_has_a_row_per_client_and_measure_with_every_column():
    table = health_table.health_table(_measures())
    assert list(table.columns) == health_table.TABLE_COLUMNS
    assert len(table) == 2 * len(health.MEASURES)
