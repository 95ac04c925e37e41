"""One quarter against another, computed by hand on a two-quarter store.

At 100 an hour, total cost = cost + 100 x hours:

    cell                         2026Q2            2026Q3
    Acme x Site visits           1,200, value 4    1,600, value 1
    Acme x Staff training          500, value 2      500, value 2
    Beta x Credit                  400, value 5      400, value 5
    Oldco x Site visits            200, value 3      -            (gone)
    Newco x Free trials            -                 700, value 1 (new)
    Beta x Site visits             -                 100, value 5 (new)

2026Q3's thresholds (medians): cost 500 (of 1,600 500 400 700 100), value 2 (of 1 2 5 1 5).
2026Q2's own: cost 450 (of 1,200 500 400 200), value 3.5 (of 4 2 5 3).
High cost is above the cost threshold; high value at or above the value threshold.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kam_analytics import ingest
from kam_analytics.analysis import MatrixQuery, compare
from kam_analytics.analysis.query import change_for
from kam_analytics.store import open_store

ROWS = """Date,Client,Method,Cost,Hours,Value
2026-04-10,Acme,Site visits,1000,2,4
2026-04-11,Acme,Staff training,500,0,2
2026-04-12,Beta,Credit,300,1,5
2026-04-13,Oldco,Site visits,200,0,3
2026-07-10,Acme,Site visits,1500,1,1
2026-07-11,Acme,Staff training,500,0,2
2026-07-12,Beta,Credit,300,1,5
2026-07-13,Newco,Free or discounted trials,700,0,1
2026-07-14,Beta,Site visits,100,0,5
"""
RATE = 100.0


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("compare") / "kam.duckdb"
    s = open_store(db)
    ingest.run_import(s, [("two_quarters.csv", ROWS.encode())])
    yield s
    s.close()


def change(store, pin="current", by="method"):
    return change_for(store, MatrixQuery.of_quarter("2026Q3", hourly_rate=RATE, level=by),
                      "2026Q2", pin=pin)


def cell(frame: pd.DataFrame, client: str, method: str) -> pd.Series:
    [row] = frame[(frame["client"] == client) & (frame["method"] == method)].itertuples()
    return pd.Series(row._asdict())


def test_each_cell_carries_both_quarters_and_the_change(store):
    c, _ = change(store)
    acme = cell(c, "Acme", "trust.site_visits")
    assert (acme["status"], acme["previous_total_cost"], acme["total_cost"]) == ("kept", 1200, 1600)
    assert acme["total_cost_change"] == pytest.approx(400)
    assert acme["value_change"] == pytest.approx(1 - 4)
    same = cell(c, "Acme", "technical.staff_training")
    assert same["total_cost_change"] == 0 and same["value_change"] == 0


def test_new_and_gone_cells_count_nothing_in_the_quarter_without_them(store):
    c, _ = change(store)
    newco = cell(c, "Newco", "risk.trials")
    assert newco["status"] == "new" and newco["total_cost_change"] == pytest.approx(700)
    assert math.isnan(newco["value_change"]) and pd.isna(newco["previous_quadrant"])
    oldco = cell(c, "Oldco", "trust.site_visits")
    assert oldco["status"] == "gone" and oldco["total_cost_change"] == pytest.approx(-200)
    assert oldco["quarter"] == "2026Q3" and oldco["previous_quadrant"] == "efficient"
    assert oldco["method_label"] == "Site visits" and pd.isna(oldco["total_cost"])
    assert list(c["status"]).index("gone") == len(c) - 1  # gone cells come last
    assert cell(c, "Beta", "trust.site_visits")["status"] == "new"  # a kept client's new cell


def test_the_totals_add_up(store):
    c, _ = change(store)
    totals = compare.change_totals(c)
    assert totals["total_cost"] == pytest.approx(1600 + 500 + 400 + 700 + 100)
    assert totals["previous_total_cost"] == pytest.approx(1200 + 500 + 400 + 200)
    assert totals["total_cost_change"] == pytest.approx(400 + 0 + 0 + 700 + 100 - 200)
    assert totals["mean_value"] == pytest.approx((1 + 2 + 5 + 1 + 5) / 5)
    assert totals["previous_mean_value"] == pytest.approx((4 + 2 + 5 + 3) / 4)
    assert (totals["new"], totals["gone"]) == (2, 1)


def test_pinned_to_the_current_quarter_a_move_is_a_change_in_the_cell(store):
    c, thresholds = change(store, pin="current")
    assert thresholds == {"2026Q3": (500, 2), "2026Q2": (500, 2)}
    moves = compare.quadrant_moves(c)
    # Acme x Site visits: 1,200 / 4 was strategic; 1,600 / 1 is overinvested
    assert moves[["client", "method", "previous_quadrant", "quadrant"]].values.tolist() == [
        ["Acme", "trust.site_visits", "strategic", "overinvested"]]
    assert compare.change_totals(c)["moved_into_overinvested"] == 1


def test_each_quarter_by_its_own_medians_moves_more(store):
    c, thresholds = change(store, pin="each")
    assert thresholds == {"2026Q3": (500, 2), "2026Q2": (450, 3.5)}
    moves = compare.quadrant_moves(c)
    # Acme x Staff training, 500 / 2 both quarters: overinvested under 2026Q2's own medians
    assert sorted(moves[["method", "previous_quadrant", "quadrant"]].values.tolist()) == [
        ["technical.staff_training", "overinvested", "efficient"],
        ["trust.site_visits", "strategic", "overinvested"]]
    assert len(compare.quadrant_moves(c, into="efficient")) == 1


def test_new_and_gone_clients_and_methods(store):
    c, _ = change(store)
    assert compare.new_and_gone(c, "client") == (["Newco"], ["Oldco"])
    assert compare.new_and_gone(c, "method") == (["risk.trials"], [])


def test_by_strategy(store):
    c, _ = change(store, by="strategy")
    acme = c[(c["client"] == "Acme") & (c["strategy"] == "trust")].iloc[0]
    assert acme["total_cost_change"] == pytest.approx(400)
    assert compare.new_and_gone(c, "strategy") == (["risk"], [])


def test_the_export_adds_the_change_columns_at_full_precision(store):
    out = compare.export_change(change(store)[0])
    assert list(out.columns[-len(compare.CHANGE_COLUMNS):]) == compare.CHANGE_COLUMNS
    assert len(out) == 6 and set(out["previous_quarter"]) == {"2026Q2"}


def test_a_comparison_needs_one_quarter(store):
    with pytest.raises(ValueError, match="one quarter"):
        change_for(store, MatrixQuery(), "2026Q2")


def test_trend_per_client_over_the_quarters(store):
    from kam_analytics.analysis import matrix_for

    m = matrix_for(store, MatrixQuery(hourly_rate=RATE))
    trend = compare.quarter_trend(m, "client")
    acme = trend[trend["client"] == "Acme"]
    assert acme["quarter"].tolist() == ["2026Q2", "2026Q3"]
    assert acme["total_cost"].tolist() == pytest.approx([1700, 2100])
    assert acme["value"].tolist() == pytest.approx([3, 1.5])
