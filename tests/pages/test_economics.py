"""The Client economics page in AppTest, on a store imported from two CSV files at the store's
60 an hour (2026Q3; a quarter's margin is the annual margin ÷ 4):

    client  annual margin  quarter's   relationship cost                      profit after cost
    Acme        800,000     200,000    10,000 + 40 h + 5,000 + 20 h = 18,600     181,400
    Bolt        120,000      30,000    40,000 + 0 + 10 h = 40,600                -10,600
    Dune   (revenue 2,000,000 only)    3,000                                     -
    Eve          40,000      10,000    no interaction: 0                          10,000

Margin 240,000, cost 59,200 (24.7 %), profit 180,800. The curve: Acme, Eve, Bolt; cumulative
181,400, 191,400, 180,800: it peaks at Eve, 191,400 ÷ 180,800 = 106 % of the total, and Bolt
pulls it down by 10,600.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from tests.pages.test_pages import app

INTERACTIONS = b"""Date,Client,Method,Cost,Hours
2026-07-01,Acme,trust.site_visits,10000,40
2026-07-02,Acme,technical.staff_training,5000,20
2026-07-03,Bolt,resource.credit,40000,0
2026-07-06,Bolt,service.fast_quotes,0,10
2026-07-07,Dune,trust.site_visits,3000,0
"""
CLIENTS = b"""Client,Manager,Segment,Annual revenue,Gross margin
Acme,Ann,Tier 1,4000000,800000
Bolt,Ben,Tier 2,1000000,120000
Dune,Ben,Tier 2,2000000,
Eve,Ann,Tier 3,,40000
"""


@pytest.fixture
def margins_db(tmp_path, monkeypatch):
    from kam_analytics import ingest
    from kam_analytics.store import open_store

    db = tmp_path / "margins.duckdb"
    store = open_store(db)
    out = ingest.run_import(store, [("q3.csv", INTERACTIONS), ("clients.csv", CLIENTS)])
    assert out.status == "imported"
    store.close()
    monkeypatch.setenv("KAM_DB", str(db))
    return db


def rows_shown(at) -> list[list[str]]:
    return [json.loads(c.proto.json)["clients"] for c in at.get("bidi_component")]


def test_the_page_shows_margins_costs_and_the_whale_curve(margins_db):
    at = app("pages/economics.py")
    assert not at.exception, [e.value for e in at.exception]
    tiles = {m.label: m.value for m in at.metric}
    assert tiles == {"Margin, EUR": "240,000", "Cost, EUR": "59,200", "Cost ÷ margin": "24.7%",
                     "Profit after cost, EUR": "180,800", "Clients losing money": "1 / 3"}
    note = " ".join(md.value for md in at.markdown)
    assert ("peaks at 191,400 EUR after the 2 most profitable of 3 clients (106% of the "
            "total, 180,800 EUR)") in note
    assert "pull it down by 10,600 EUR: Bolt." in note
    assert rows_shown(at) == [["Acme", "Eve", "Bolt"], ["Dune"]]
    assert any("annual margin ÷ 4" in i.value for i in at.info)
    assert any("1 client has an annual revenue but no margin" in c.value for c in at.caption)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    line = next(d for d in spec["data"] if d.get("name") ==
                "Profit after relationship cost, cumulative")
    y = line["y"]  # plotly sends numbers as base64 of their dtype
    assert np.frombuffer(base64.b64decode(y["bdata"]), y["dtype"]).tolist() == [
        181_400, 191_400, 180_800]
    assert line["x"] == ["1. Acme", "2. Eve", "3. Bolt"]
    assert [b.proto.label for b in at.get("download_button")][-1] == (
        "Download the client economics (CSV)")


def test_a_margin_rate_is_used_only_when_the_user_sets_one(margins_db):
    at = app("pages/economics.py")
    at.toggle(key="e_assume").set_value(True).run()
    assert not at.exception
    assert rows_shown(at)[0] == ["Acme", "Eve", "Bolt"]  # switched on, but no rate yet
    at.number_input(key="e_rate").set_value(10.0).run()
    # Dune: 2,000,000 x 10 % = 200,000 a year, 50,000 a quarter, less 3,000 = 47,000
    assert rows_shown(at) == [["Acme", "Dune", "Eve", "Bolt"]]
    assert any("the margin of 1 client is 10 % of its annual revenue, as you set" in w.value
               for w in at.warning)
    assert {m.label: m.value for m in at.metric}["Profit after cost, EUR"] == "227,800"


def test_without_margins_the_page_says_which_column_to_add(two_quarters):
    at = app("pages/economics.py")
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(i.value for i in at.info)
    assert "Add a **Gross margin** column to the **Clients** sheet" in said
    assert not at.metric and not at.get("plotly_chart")


def test_revenue_alone_offers_the_assumption_and_nothing_more(margins_db):
    from kam_analytics import ingest
    from kam_analytics.store import open_store

    store = open_store(margins_db)  # a newer Clients sheet without margins replaces the first
    ingest.run_import(store, [("q3.csv", INTERACTIONS), ("clients.csv", b"""Client,Annual revenue
Acme,4000000
""")], mode="replace")
    store.close()
    at = app("pages/economics.py")
    assert "Add a **Gross margin** column" in at.info[-1].value
    assert any(c.value.startswith("1 client has an annual revenue but no margin: to see its")
               for c in at.caption)
    assert not at.metric
    at.toggle(key="e_assume").set_value(True).run()
    at.number_input(key="e_rate").set_value(20.0).run()
    # Acme: 4,000,000 x 20 % ÷ 4 = 200,000 less 18,600; Bolt and Dune have no revenue to
    # assume from
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Profit after cost, EUR"] == "181,400"
    assert json.loads(at.get("bidi_component")[1].proto.json)["clients"] == ["Bolt", "Dune"]
