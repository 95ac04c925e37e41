"""The valuations page's grids and the cells a manager changed, on three hand-made cells."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kam_analytics.analysis import valuations

VISITS, TRAINING = "trust.site_visits", "technical.staff_training"
# Bolt's site visits have activity and no value; nobody at Bolt had training.
CELLS = pd.DataFrame({"client": ["Bolt", "Acme", "Acme"], "method": [VISITS, TRAINING, VISITS],
                      "value": [np.nan, 2.5, 4.0],
                      "value_source": [None, "ratings", "valuation"]})
VALUED = pd.DataFrame({"quarter": ["2026Q3"], "client": ["Acme"], "method": [VISITS],
                       "value": [4.0], "comment": [None]})


def as_lists(grid: pd.DataFrame) -> list[list[object]]:
    return [[None if isinstance(v, float) and math.isnan(v) else v for v in row]
            for row in grid.to_numpy().tolist()]


def test_the_grid_has_clients_by_name_and_methods_in_the_frameworks_order():
    grid = valuations.valuation_grid(CELLS, VALUED)
    assert (grid.index.tolist(), grid.columns.tolist()) == (["Acme", "Bolt"], [VISITS, TRAINING])
    assert as_lists(grid) == [[4.0, None], [None, None]]  # the ratings mean is no valuation
    assert as_lists(valuations.valuation_grid(CELLS, VALUED.iloc[:0])) == [[None] * 2] * 2


def test_what_the_matrix_uses_per_cell_and_where_it_comes_from():
    values, sources = valuations.value_sources(CELLS)
    assert as_lists(values) == [[4.0, 2.5], [None, None]]
    assert sources.to_numpy().tolist() == [["valuation", "ratings"], ["unrated", ""]]


def test_only_changed_cells_become_entries_and_an_emptied_one_clears():
    before = valuations.valuation_grid(CELLS, VALUED)
    after = before.copy()
    after.loc["Acme", VISITS] = np.nan  # cleared
    after.loc["Acme", TRAINING] = 5  # entered
    after.loc["Bolt", TRAINING] = 3  # a cell without activity
    entries = valuations.changed_entries(before, after, "2026Q3", "asked at the review")
    assert entries.to_dict("records") == [
        {"quarter": "2026Q3", "client": "Acme", "method": VISITS, "value": None,
         "comment": "asked at the review"},
        {"quarter": "2026Q3", "client": "Acme", "method": TRAINING, "value": 5.0,
         "comment": "asked at the review"},
        {"quarter": "2026Q3", "client": "Bolt", "method": TRAINING, "value": 3.0,
         "comment": "asked at the review"}]
    idle = valuations.without_activity(entries, CELLS)
    assert idle[["client", "method"]].values.tolist() == [["Bolt", TRAINING]]
    assert valuations.changed_entries(before, before.copy(), "2026Q3").empty
