"""The What changed page in AppTest, on the two-quarter store of
tests/analysis/test_compare.py (figures computed by hand there), at 100 an hour."""

from __future__ import annotations

import json

import pytest

from kam_analytics.store import open_store
from tests.pages.test_pages import app


@pytest.fixture
def two_quarters_at_100(two_quarters):
    store = open_store(two_quarters)
    store.set_setting("hourly_rate", "100")
    store.close()
    return two_quarters


def test_the_page_shows_what_changed_since_the_quarter_before(two_quarters_at_100):
    at = app("pages/changes.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="ch_previous").value == "2026Q2"
    tiles = {m.label: (m.value, m.proto.delta) for m in at.metric}
    assert tiles["Total cost, EUR"] == ("3,300", "1,000")  # 2,300 before
    assert tiles["Mean value (1-5)"] == ("2.80", "-0.70")  # 3.50 before
    assert tiles["Cells that moved"][0] == "1"
    assert tiles["Moved into overinvested"][0] == "1"
    assert tiles["Clients new / gone"][0] == "+1 / −1"
    assert any(c.value.startswith("2026Q3: high cost above 500 EUR, high value from 2 · "
                                  "2026Q2: high cost above 500 EUR") for c in at.caption)
    lines = [m.value for m in at.markdown]
    assert "**New clients (1):** Newco" in lines and "**Gone clients (1):** Oldco" in lines
    heatmap, moves = (json.loads(c.proto.json) for c in at.get("bidi_component"))
    assert sorted(heatmap["clients"]) == ["Acme", "Beta", "Newco", "Oldco"]
    assert "Change in total cost: +400 EUR" in heatmap["html"]
    assert moves["clients"] == ["Acme"]
    assert "Strategic" in moves["html"] and "Overinvested" in moves["html"]


def test_each_quarters_own_thresholds_move_more_cells(two_quarters_at_100):
    at = app("pages/changes.py")
    at.radio(key="ch_pin").set_value("each").run()
    assert {m.label: m.value for m in at.metric}["Cells that moved"] == "2"
    assert any("2026Q2: high cost above 450 EUR, high value from 3.5" in c.value
               for c in at.caption)


def test_a_single_quarter_says_there_is_nothing_before_it(two_quarters_at_100):
    at = app("pages/changes.py")
    at.sidebar.selectbox(key="f_quarter").select("2026Q2").run()
    assert not at.exception
    assert at.info[0].value.startswith("2026Q2 is the first quarter stored")
