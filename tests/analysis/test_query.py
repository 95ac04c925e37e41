"""The one store-to-matrix assembly: hand-computed figures, and the same frames the three
assemblies it replaced (pages, deck, CLI) gave."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from kam_analytics.analysis import MatrixQuery, matrix, matrix_for
from kam_analytics.analysis.query import thresholds_for
from kam_analytics.store import EVERYONE, Scope, Store, open_store
from tests import datasets, packs

ANN = Scope(frozenset({"Ann"}))


@pytest.fixture(scope="module")
def small(small_db):
    store = open_store(small_db, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def sample(seeded_db):
    store = open_store(seeded_db, read_only=True)
    yield store
    store.close()


def _old_assembly(store: Store, scope: Scope, quarters: list[str] | None, by: str,
                  rate: float, cost_threshold: float | None, value_threshold: float | None
                  ) -> pd.DataFrame:
    """The assembly as the pages, the deck and the CLI each wrote it before matrix_for."""
    return matrix.cost_value_matrix(
        store.activity(scope, quarters), store.valuations(scope, quarters),
        store.client_dimension(scope), rate, by=by, cost_threshold=cost_threshold,
        value_threshold=value_threshold)


def test_matrix_for_gives_the_hand_computed_figures(small):
    m = matrix_for(small, MatrixQuery()).set_index(["client", "method"])
    assert sorted(m.index) == sorted(datasets.EXPECTED)
    for key, (interactions, cost, hours, total, value, quadrant) in datasets.EXPECTED.items():
        row = m.loc[key]
        actual = (row["interactions"], row["cost"], row["hours"], row["total_cost"],
                  None if pd.isna(row["value"]) else row["value"], row["quadrant"])
        assert actual == (interactions, pytest.approx(cost), pytest.approx(hours),
                          pytest.approx(total), value, quadrant), key


@pytest.mark.parametrize("level", ["method", "strategy"])
@pytest.mark.parametrize("scope", [EVERYONE, ANN], ids=["unscoped", "scoped"])
@pytest.mark.parametrize("thresholds", [(None, None), (2500.0, 3.5), (None, 4.0)],
                         ids=["medians", "explicit", "value only"])
@pytest.mark.parametrize("quarters", [None, ("2026Q3",)], ids=["every quarter", "one quarter"])
def test_matrix_for_is_the_old_assembly(small, level, scope, thresholds, quarters):
    cost_thr, value_thr = thresholds
    # (the old assembly took the medians of the cells the scope keeps)
    query = MatrixQuery(scope=scope, quarters=quarters, level=level,
                        cost_threshold=cost_thr, value_threshold=value_thr, medians_of="viewer")
    expected = _old_assembly(small, scope, list(quarters) if quarters else None, level,
                             small.hourly_rate(), cost_thr, value_thr)
    actual = matrix_for(small, query)
    assert len(actual) > 0
    pd.testing.assert_frame_equal(actual, expected)


@pytest.mark.parametrize("level", ["method", "strategy"])
@pytest.mark.parametrize("scoped", [False, True])
def test_matrix_for_is_the_old_assembly_on_the_sample(sample, level, scoped):
    quarters = sample.quarters()
    assert len(quarters) > 1
    dims = sample.client_dimension()
    scope = Scope(frozenset(dims["manager"].dropna().unique()[:2])) if scoped else EVERYONE
    for chosen in (None, quarters[-1:], quarters[:2]):
        query = MatrixQuery(scope=scope, quarters=chosen, level=level, medians_of="viewer")
        expected = _old_assembly(sample, scope, chosen, level, sample.hourly_rate(), None, None)
        pd.testing.assert_frame_equal(matrix_for(sample, query), expected)


@pytest.mark.parametrize("level", ["method", "strategy"])
def test_a_scoped_viewer_sees_the_portfolios_quadrants(sample, level):
    # Two managers' accounts: every cell as in the whole portfolio's matrix, quadrant included
    # (the thresholds are the portfolio's medians, the same for everyone), in every quarter;
    # with their own medians some cells change quadrant.
    dims = sample.client_dimension()
    scope = Scope(frozenset(dims["manager"].dropna().unique()[:2]))
    everyone = matrix_for(sample, MatrixQuery(level=level))
    mine = matrix_for(sample, MatrixQuery(scope=scope, level=level))
    theirs = everyone[everyone["client"].isin(set(mine["client"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, theirs)
    own = matrix_for(sample, MatrixQuery(scope=scope, level=level, medians_of="viewer"))
    assert (own["quadrant"] != mine["quadrant"]).any()
    medians = thresholds_for(sample, MatrixQuery(scope=scope, level=level))
    for quarter, part in everyone.groupby("quarter"):
        assert medians[quarter] == pytest.approx(matrix.quadrant_thresholds(part))


def test_a_scope_keeps_only_its_managers_clients(small):
    m = matrix_for(small, MatrixQuery(scope=ANN))
    assert set(m["client"]) == {"Acme Ltd"}
    assert set(m["manager"]) == {"Ann"}


def test_hourly_rate_none_is_the_stored_setting_and_a_number_overrides_it(tmp_path):
    store = open_store(packs.store_from_csv(tmp_path / "k.duckdb", datasets.utf8_csv()))
    try:
        store.set_setting("hourly_rate", "80")
        stored = matrix_for(store, MatrixQuery())
        free = matrix_for(store, MatrixQuery(hourly_rate=0.0))
    finally:
        store.close()
    assert stored["time_cost"].sum() == pytest.approx(80 * 18.5)
    assert free["time_cost"].sum() == 0
    assert free["total_cost"].sum() == pytest.approx(5200.0)


def test_explicit_thresholds_decide_the_quadrants(small):
    everything_cheap = matrix_for(small, MatrixQuery(cost_threshold=1e9, value_threshold=1.0))
    rated = everything_cheap["value"].notna()
    assert set(everything_cheap.loc[rated, "quadrant"]) == {"efficient"}
    assert set(everything_cheap.loc[~rated, "quadrant"]) == {"unrated"}


def test_a_quarter_with_no_data_gives_an_empty_matrix(small):
    m = matrix_for(small, MatrixQuery.of_quarter("2019Q1"))
    assert m.empty and list(m.columns) == matrix.MATRIX_COLUMNS


def test_the_query_is_a_hashable_value():
    a = MatrixQuery(scope=ANN, quarters=["2026Q3"], level="strategy", cost_threshold=1.0)
    b = MatrixQuery.of_quarter("2026Q3", scope=Scope(frozenset({"Ann"})), level="strategy",
                               cost_threshold=1.0)
    assert a == b and hash(a) == hash(b) and a.quarters == ("2026Q3",)
    assert len({a, b, dataclasses.replace(a, level="method")}) == 2
    assert MatrixQuery.of_quarter(None).quarters is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.level = "method"  # type: ignore[misc]


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level"):
        MatrixQuery(level="client")  # type: ignore[arg-type]

