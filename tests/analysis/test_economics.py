"""Client economics and the whale curve against figures computed by hand (hourly rate 50, one
quarter: a quarter's margin is the annual margin ÷ 4).

    client  annual margin  quarter's margin  relationship cost (cost + hours x 50)     profit
    Acme        800,000        200,000       site visits 10,000 + 40 h = 12,000       182,000
                                             staff training 5,000 + 20 h = 6,000
    Bolt        120,000         30,000       credit 40,000; fast quotes 0 + 10 h = 500  -10,500
    Cora         60,000         15,000       trials 1,000 + 10 h = 1,500                13,500
    Dune     (revenue 2,000,000 only)        site visits 3,000                         -
    Eve          40,000         10,000       no interaction this quarter: 0             10,000
    Fox      (not in the Clients sheet)      site visits 500                           -
    Gil         -20,000         -5,000       contact frequency 1,000                    -6,000

The whale curve, most profitable first: Acme 182,000, Cora 13,500, Eve 10,000, Gil -6,000,
Bolt -10,500; cumulative 182,000, 195,500, 205,500, 199,500, 189,000. It peaks at Eve
(205,500, 205,500 / 189,000 of the total) and Gil and Bolt pull it down by 16,500.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kam_analytics.analysis import economics, matrix

Q = "2026Q3"
ACTIVITY = pd.DataFrame([
    # quarter, client, method, interactions, cost, hours, rating_sum, rating_count
    (Q, "Acme", "trust.site_visits", 4, 10_000.0, 40.0, 0.0, 0),
    (Q, "Acme", "technical.staff_training", 2, 5_000.0, 20.0, 8.0, 2),
    (Q, "Bolt", "resource.credit", 1, 40_000.0, 0.0, 0.0, 0),
    (Q, "Bolt", "service.fast_quotes", 5, 0.0, 10.0, 0.0, 0),
    (Q, "Cora", "risk.trials", 1, 1_000.0, 10.0, 0.0, 0),
    (Q, "Dune", "trust.site_visits", 1, 3_000.0, 0.0, 0.0, 0),
    (Q, "Fox", "trust.site_visits", 1, 500.0, 0.0, 0.0, 0),
    (Q, "Gil", "trust.contact_frequency", 2, 1_000.0, 0.0, 0.0, 0),
], columns=["quarter", "client", "method", "interactions", "cost", "hours", "rating_sum",
            "rating_count"])
CLIENTS = pd.DataFrame([
    ("Acme", "Ann", "Tier 1", 4_000_000.0, 800_000.0),
    ("Bolt", "Ben", "Tier 2", 1_000_000.0, 120_000.0),
    ("Cora", "Ann", "Tier 3", None, 60_000.0),
    ("Dune", "Ben", "Tier 2", 2_000_000.0, None),
    ("Eve", "Ann", "Tier 3", None, 40_000.0),
    ("Gil", "Ben", "Tier 3", 300_000.0, -20_000.0),
], columns=["client", "manager", "segment", "annual_revenue", "margin"])
NO_VALUATIONS = pd.DataFrame(columns=["quarter", "client", "method", "value"])


def the_matrix(by: str = "method") -> pd.DataFrame:
    return matrix.cost_value_matrix(ACTIVITY, NO_VALUATIONS, CLIENTS, 50.0, by=by)


@pytest.fixture
def econ() -> pd.DataFrame:
    return economics.client_economics(the_matrix(), CLIENTS)


def test_each_clients_margin_cost_share_and_profit(econ):
    rows = econ.set_index("client")
    assert rows.loc["Acme", "period_margin"] == 200_000
    assert rows.loc["Acme", "total_cost"] == pytest.approx(18_000)
    assert rows.loc["Acme", "cost_trust"] == pytest.approx(12_000)
    assert rows.loc["Acme", "cost_technical"] == pytest.approx(6_000)
    assert rows.loc["Acme", "cost_share"] == pytest.approx(18_000 / 200_000)
    assert rows.loc["Acme", "profit_after_cost"] == pytest.approx(182_000)
    assert rows.loc["Bolt", "cost_resource"] == pytest.approx(40_000)
    assert rows.loc["Bolt", "cost_service"] == pytest.approx(500)
    assert rows.loc["Bolt", "cost_share"] == pytest.approx(40_500 / 30_000)
    assert rows.loc["Bolt", "profit_after_cost"] == pytest.approx(-10_500)
    assert rows.loc["Cora", "cost_risk"] == pytest.approx(1_500)
    # no interaction this quarter: no cost, the quarter's margin is all profit
    assert (rows.loc["Eve", "interactions"], rows.loc["Eve", "total_cost"]) == (0, 0.0)
    assert rows.loc["Eve", "profit_after_cost"] == 10_000
    # a negative margin: a loss before any cost, no share of it
    assert rows.loc["Gil", "profit_after_cost"] == pytest.approx(-5_000 - 1_000)
    assert math.isnan(rows.loc["Gil", "cost_share"])


def test_clients_without_a_margin_are_named_never_guessed(econ):
    assert econ["client"].tolist() == ["Acme", "Cora", "Eve", "Gil", "Bolt", "Dune", "Fox"]
    rows = econ.set_index("client")
    assert rows["margin_source"].to_dict() == {
        "Acme": "given", "Cora": "given", "Eve": "given", "Gil": "given", "Bolt": "given",
        "Dune": "revenue_only", "Fox": "none"}
    for client in ("Dune", "Fox"):
        assert math.isnan(rows.loc[client, "period_margin"])
        assert math.isnan(rows.loc[client, "profit_after_cost"])
    assert rows.loc["Dune", "total_cost"] == 3_000  # its cost is still shown
    assert economics.without_margin(econ)["client"].tolist() == ["Dune", "Fox"]


def test_the_whale_curve_peaks_and_is_pulled_down_by_the_loss_makers(econ):
    curve = economics.whale_curve(econ)
    assert curve["client"].tolist() == ["Acme", "Cora", "Eve", "Gil", "Bolt"]
    assert curve["rank"].tolist() == [1, 2, 3, 4, 5]
    assert curve["cumulative_profit"].tolist() == pytest.approx(
        [182_000, 195_500, 205_500, 199_500, 189_000])
    assert curve["cumulative_margin"].tolist() == pytest.approx(
        [200_000, 215_000, 225_000, 220_000, 250_000])
    # the cost stacked by strategy: trust from Acme's visits and Gil's contacts
    assert curve["cumulative_cost_trust"].tolist() == pytest.approx(
        [12_000, 12_000, 12_000, 13_000, 13_000])
    assert curve["cumulative_cost_resource"].iloc[-1] == pytest.approx(40_000)
    # margin less every strategy's cost is the curve itself
    stacked = curve[[f"cumulative_{c}" for c in economics.COST_COLUMNS]].sum(axis=1)
    assert (curve["cumulative_margin"] - stacked).tolist() == pytest.approx(
        curve["cumulative_profit"].tolist())
    assert curve["cumulative_share"].iloc[2] == pytest.approx(205_500 / 189_000)
    summary = economics.curve_summary(curve)
    assert summary == {
        "clients": 5, "total_profit": pytest.approx(189_000),
        "peak_profit": pytest.approx(205_500), "peak_client": "Eve", "peak_rank": 3,
        "peak_share": pytest.approx(205_500 / 189_000), "pulling_down": ["Gil", "Bolt"],
        "lost": pytest.approx(-16_500)}


def test_a_margin_rate_set_by_the_user_is_an_assumption_for_revenue_only_clients():
    econ = economics.client_economics(the_matrix(), CLIENTS, margin_rate=0.1)
    rows = econ.set_index("client")
    # Dune: 2,000,000 x 0.1 = 200,000 a year, 50,000 a quarter, less 3,000
    assert rows.loc["Dune", "margin_source"] == "assumed"
    assert rows.loc["Dune", "profit_after_cost"] == pytest.approx(47_000)
    # given margins stay as given (Acme's 800,000 is not 10 % of its revenue); Fox has no
    # revenue to assume from
    assert rows.loc["Acme", "annual_margin"] == 800_000
    assert rows.loc["Fox", "margin_source"] == "none"
    assert economics.whale_curve(econ)["client"].tolist()[:2] == ["Acme", "Dune"]


def test_the_strategy_level_matrix_gives_the_same_economics(econ):
    by_strategy = economics.client_economics(the_matrix("strategy"), CLIENTS)
    pd.testing.assert_frame_equal(by_strategy, econ)


def test_two_quarters_of_cost_meet_half_a_years_margin():
    two = pd.concat([ACTIVITY, ACTIVITY.assign(quarter="2026Q2")], ignore_index=True)
    m = matrix.cost_value_matrix(two, NO_VALUATIONS, CLIENTS, 50.0)
    rows = economics.client_economics(m, CLIENTS, quarters=2).set_index("client")
    assert rows.loc["Acme", "period_margin"] == 400_000
    assert rows.loc["Acme", "profit_after_cost"] == pytest.approx(400_000 - 2 * 18_000)


def test_no_margin_anywhere_gives_an_empty_curve():
    econ = economics.client_economics(the_matrix(), CLIENTS.drop(columns="margin"))
    assert economics.with_margin(econ).empty and len(economics.without_margin(econ)) == 7
    curve = economics.whale_curve(econ)
    assert curve.empty
    assert economics.curve_summary(curve)["peak_client"] is None


def test_inputs_are_left_as_they_were():
    m, clients = the_matrix(), CLIENTS.copy()
    before = m.copy()
    economics.whale_curve(economics.client_economics(m, clients, margin_rate=0.2))
    pd.testing.assert_frame_equal(m, before)
    pd.testing.assert_frame_equal(clients, CLIENTS)
