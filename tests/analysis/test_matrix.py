"""Matrix figures against values computed by hand (hourly rate 50)."""

import math

import pandas as pd
import pytest

from kam_analytics.analysis import matrix

Q = "2026Q3"
ACTIVITY = pd.DataFrame([
    # quarter, client, method, interactions, cost, hours, rating_sum, rating_count
    (Q, "Acme", "technical.staff_training", 2, 1000.0, 10.0, 8.0, 2),
    (Q, "Acme", "trust.site_visits", 1, 3000.0, 5.0, 0.0, 0),
    (Q, "Bolt", "technical.staff_training", 1, 200.0, 2.0, 5.0, 1),
    (Q, "Bolt", "service.fast_quotes", 3, 30.0, 1.0, 0.0, 0),
], columns=["quarter", "client", "method", "interactions", "cost", "hours", "rating_sum",
            "rating_count"])
VALUATIONS = pd.DataFrame([(Q, "Acme", "trust.site_visits", 2.0)],
                          columns=["quarter", "client", "method", "value"])
CLIENTS = pd.DataFrame([("Acme", "Ann", "Tier 1", 1e6), ("Bolt", "Ben", "Tier 2", 2e6)],
                       columns=["client", "manager", "segment", "annual_revenue"])


@pytest.fixture
def m():
    return matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0).set_index(
        ["client", "method"])


@pytest.mark.parametrize("client, method, expected", [
    # time_cost, total_cost, value, value_per_1000, share of client spend, quadrant
    ("Acme", "technical.staff_training", (500, 1500, 4.0, 4 / 1.5, 1500 / 4750, "strategic")),
    ("Acme", "trust.site_visits", (250, 3250, 2.0, 2 / 3.25, 3250 / 4750, "overinvested")),
    ("Bolt", "technical.staff_training", (100, 300, 5.0, 5 / 0.3, 300 / 380, "efficient")),
    ("Bolt", "service.fast_quotes", (50, 80, math.nan, math.nan, 80 / 380, "unrated")),
])
def test_cells_match_hand_computed_values(m, client, method, expected):
    row = m.loc[(client, method)]
    time_cost, total, value, vpk, share, quadrant = expected
    assert row["time_cost"] == pytest.approx(time_cost)
    assert row["total_cost"] == pytest.approx(total)
    assert row["value"] == pytest.approx(value, nan_ok=True)
    assert row["value_per_1000"] == pytest.approx(vpk, nan_ok=True)
    assert row["share_of_client_spend"] == pytest.approx(share)
    assert row["quadrant"] == quadrant


def test_valuation_takes_precedence_over_ratings():
    vals = pd.DataFrame([(Q, "Acme", "technical.staff_training", 1.0)],
                        columns=["quarter", "client", "method", "value"])
    m = matrix.cost_value_matrix(ACTIVITY, vals, CLIENTS, 50.0).set_index(["client", "method"])
    assert m.loc[("Acme", "technical.staff_training"), "value"] == 1.0
    assert m.loc[("Acme", "technical.staff_training"), "value_source"] == "valuation"
    assert m.loc[("Bolt", "technical.staff_training"), "value_source"] == "ratings"


def test_default_thresholds_are_the_medians():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0)
    assert matrix.quadrant_thresholds(m) == (pytest.approx(900.0), pytest.approx(4.0))


def test_explicit_thresholds_move_cells():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0, cost_threshold=5000,
                                 value_threshold=1.5).set_index(["client", "method"])
    assert m.loc[("Acme", "trust.site_visits"), "quadrant"] == "efficient"


def test_hourly_rate_changes_time_cost_only():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 0.0).set_index(
        ["client", "method"])
    assert m.loc[("Acme", "trust.site_visits"), "total_cost"] == 3000.0


def test_strategy_level_sums_and_averages_methods():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0, by="strategy").set_index(
        ["client", "strategy"])
    acme_tech = m.loc[("Acme", "technical")]
    assert (acme_tech["interactions"], acme_tech["total_cost"], acme_tech["value"]) == (
        2, 1500.0, 4.0)
    assert pd.isna(m.loc[("Bolt", "service"), "value"])
    assert m["method"].isna().all()


def test_client_dimension_is_joined():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0)
    assert dict(zip(m["client"], m["manager"], strict=True)) == {"Acme": "Ann", "Bolt": "Ben"}


def test_inputs_are_not_mutated():
    before = ACTIVITY.copy()
    matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0)
    pd.testing.assert_frame_equal(ACTIVITY, before)


def test_method_rollup_by_hand():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0)
    r = matrix.method_rollup(m).set_index("method")
    st = r.loc["technical.staff_training"]
    assert (st["clients"], st["total_cost"], st["value"]) == (2, 1800.0, 4.5)
    # mean value 4.5 per 1,000 of the average client's cost (900)
    assert st["value_per_1000"] == pytest.approx(5.0)
    assert r.loc["trust.site_visits", "overinvested_clients"] == 1


def test_portfolio_totals_by_hand():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0)
    tot = matrix.portfolio_totals(m)
    assert tot["total_cost"] == pytest.approx(5130.0)
    assert tot["hours"] == pytest.approx(18.0)
    assert tot["overinvested_share"] == pytest.approx(3250 / 5130)
    assert tot["value"] == pytest.approx((4 + 2 + 5) / 3)


def test_clients_by_spend_and_search():
    m = matrix.cost_value_matrix(ACTIVITY, VALUATIONS, CLIENTS, 50.0)
    assert matrix.clients_by_spend(m) == ["Acme", "Bolt"]
    assert matrix.clients_matching(["Acme", "Bolt", "ООО Ёлка"], "елка") == ["ООО Ёлка"]
    assert matrix.clients_matching(["Acme", "Bolt"], "") == ["Acme", "Bolt"]


def test_quarters_get_their_own_medians():
    two = pd.concat([ACTIVITY, ACTIVITY.assign(quarter="2026Q2", cost=ACTIVITY["cost"] * 10)])
    m = matrix.cost_value_matrix(two, VALUATIONS, CLIENTS, 50.0)
    q2 = m[m["quarter"] == "2026Q2"].set_index(["client", "method"])
    # Q2 has no valuation for site visits, so its rated values are 4 and 5: median 4.5, and
    # Acme's staff training (4, cost 10,500 above the median 6,300) is overinvested there while
    # it is strategic in Q3 (median 4).
    assert q2.loc[("Acme", "trust.site_visits"), "quadrant"] == "unrated"
    assert q2.loc[("Acme", "technical.staff_training"), "quadrant"] == "overinvested"
    q3 = m[m["quarter"] == Q].set_index(["client", "method"])
    assert q3.loc[("Acme", "technical.staff_training"), "quadrant"] == "strategic"


def _many_cells(seed: int = 5) -> pd.DataFrame:
    import numpy as np

    from kam_analytics import taxonomy

    rng = np.random.default_rng(seed)
    keys = pd.MultiIndex.from_product([["2026Q2", "2026Q3"], [f"C{i:03d}" for i in range(60)],
                                       list(taxonomy.METHOD_IDS)]).to_frame(index=False)
    keys.columns = ["quarter", "client", "method"]
    cells = keys.sample(frac=0.5, random_state=seed).reset_index(drop=True)
    n = len(cells)
    count = rng.integers(0, 4, n)
    return cells.assign(interactions=rng.integers(1, 9, n), cost=rng.random(n) * 1000,
                        hours=rng.random(n) * 10, rating_sum=count * rng.integers(1, 6, n) * 1.0,
                        rating_count=count)


@pytest.mark.parametrize("by", ["method", "strategy"])
def test_the_matrix_does_not_depend_on_the_order_rows_come_in(by):
    # The store returns its rows in no particular order: the matrix sorts them first, so its
    # rows and every sum (added in that order) come out the same, to the last bit.
    cells = _many_cells()
    expected = matrix.cost_value_matrix(cells, VALUATIONS, CLIENTS, 50.0, by=by)
    for seed in range(3):
        shuffled = cells.sample(frac=1.0, random_state=seed)
        got = matrix.cost_value_matrix(shuffled, VALUATIONS, CLIENTS, 50.0, by=by)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    firsts = expected.drop_duplicates(["quarter", "client"])
    assert firsts["quarter"].is_monotonic_increasing
    assert list(firsts["client"][firsts["quarter"] == "2026Q2"]) == sorted(
        set(cells["client"][cells["quarter"] == "2026Q2"]))


def test_cells_with_the_same_place_keep_the_order_they_came_in():
    # Not what the store returns (one row per cell), but the function takes any frame.
    same = pd.DataFrame([(Q, ("Bolt", "Acme")[i % 2], "trust.site_visits", 1, float(i), 0.0,
                          0.0, 0) for i in range(500)], columns=ACTIVITY.columns)
    m = matrix.cost_value_matrix(same, VALUATIONS.iloc[:0], CLIENTS, 50.0)
    assert m["cost"].tolist() == [float(i) for i in range(1, 500, 2)] + [
        float(i) for i in range(0, 500, 2)]


@pytest.mark.parametrize("by", ["method", "strategy"])
def test_no_activity_is_an_empty_matrix(by):
    m = matrix.cost_value_matrix(ACTIVITY.iloc[:0], VALUATIONS, CLIENTS, 50.0, by=by)
    assert m.empty and list(m.columns) == matrix.MATRIX_COLUMNS


def test_default_thresholds_skip_missing_costs_and_values():
    cells = pd.DataFrame({"total_cost": [1.0, math.nan, 3.0, 10.0],
                          "value": [math.nan, 2.0, 4.0, math.nan]})
    assert matrix.quadrant_thresholds(cells) == (3.0, 3.0)
    assert matrix.quadrant_thresholds(cells.iloc[:0]) == (0.0, 3.0)
