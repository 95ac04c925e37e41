"""The activity and matrix frames conform to their declarations (analysis/frames.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pandas as pd
import pytest

from kam_analytics.analysis import economics, frames, matrix
from kam_analytics.store import Store, open_store


@pytest.fixture(scope="module")
def store(seeded_db, tmp_path_factory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("frames") / "kam.duckdb"
    shutil.copy(seeded_db, path)  # the seeded store stays free for other tests to open
    opened = open_store(path, read_only=True)
    yield opened
    opened.close()


def test_the_store_activity_is_the_declared_frame(store):
    activity = store.activity()
    assert len(activity) > 0
    assert frames.ACTIVITY.problems(activity) == []


@pytest.mark.parametrize("by", ["method", "strategy"])
def test_the_matrix_is_the_declared_frame(store, by):
    m = matrix.cost_value_matrix(store.activity(), store.valuations(), store.client_dimension(),
                                 store.hourly_rate(), by=by)
    assert len(m) > 0 and m["value"].isna().any() and m["value"].notna().any()
    assert frames.MATRIX.problems(m) == []


def test_an_empty_matrix_is_the_declared_frame(store):
    activity = store.activity().iloc[:0]
    m = matrix.cost_value_matrix(activity, store.valuations().iloc[:0],
                                 store.client_dimension(), store.hourly_rate())
    assert frames.MATRIX.problems(m) == []


def test_the_matrix_declaration_names_the_matrix_columns():
    assert frames.MATRIX.names == matrix.MATRIX_COLUMNS


@pytest.mark.parametrize("change, expected", [
    (lambda f: f.drop(columns="hours"), "activity: columns"),
    (lambda f: f.assign(interactions=f["interactions"].astype("float64")),
     "activity.interactions: float64, declared int64"),
    (lambda f: f.assign(client=1), "activity.client: int64, declared text"),
    (lambda f: f.assign(cost=float("nan")), "activity.cost: missing cells"),
])
def test_a_frame_that_departs_is_named_with_its_column(change, expected):
    good = pd.DataFrame({"quarter": ["2026Q3"], "client": ["Acme"], "method": ["m"],
                         "interactions": [1], "cost": [1.0], "hours": [1.0],
                         "rating_sum": [0.0], "rating_count": [0]})
    assert frames.ACTIVITY.problems(good) == []
    (problem,) = frames.ACTIVITY.problems(change(good))
    assert problem.startswith(expected)


def test_the_client_economics_are_the_declared_frame(store):
    m = matrix.cost_value_matrix(store.activity(), store.valuations(), store.client_dimension(),
                                 store.hourly_rate())
    econ = economics.client_economics(m, store.client_dimension())
    # the sample has margins, one client without one and two negative ones
    assert econ["period_margin"].isna().any() and (econ["period_margin"] < 0).any()
    assert frames.ECONOMICS.problems(econ) == []
    assert frames.ECONOMICS.names == economics.ECONOMICS_COLUMNS
