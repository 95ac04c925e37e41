"""Cells as text, and work done once per distinct value of a column and spread to its rows."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kam_analytics.ingest import distinct


def cell_text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def text_cells(cells: pd.Series) -> pd.Series:
    """Return cells as stripped text ('' for blank), converting each distinct value once."""
    return per_distinct(cells, cell_text, missing="")


def per_distinct(cells: pd.Series, func, missing: object = None) -> pd.Series:
    """Return ``func`` of every cell (``missing`` where the cell is missing), computed once per
    distinct value. A categorical (dictionary-encoded) column gives a categorical answer, so
    what follows also works on its distinct values."""
    found = distinct.distinct_cells(cells)
    results = np.empty(len(found.uniques) + 1, dtype=object)  # the last slot: missing cells
    for i, value in enumerate(map(func, found.uniques)):
        results[i] = value
    results[-1] = missing
    if isinstance(cells.dtype, pd.CategoricalDtype) or distinct.is_arrow_text(cells):
        codes, answers = pd.factorize(results, use_na_sentinel=True)
        return pd.Series(pd.Categorical.from_codes(
            codes[found.codes], categories=pd.Index(answers, dtype=object)), index=cells.index)
    return pd.Series(results[found.codes], index=cells.index, dtype=object, copy=False)


def distinct_mask(cells: pd.Series, predicate, missing: bool = False) -> np.ndarray:
    """Return ``predicate`` of every cell as booleans, computed once per distinct value (an
    array, in the cells' order: a Series would cost more than the work on a few cells)."""
    found = distinct.distinct_cells(cells)
    answers = np.fromiter(map(predicate, found.uniques), bool, len(found.uniques))
    return np.append(answers, missing)[found.codes]


def distinct_values(cells: pd.Series) -> list:
    """Return the distinct non-missing cells in order of first appearance."""
    return distinct.distinct_cells(cells).uniques


def _single_spaced(text: str) -> str:
    return " ".join(text.split())


# Characters that show as nothing (zero-width space, non-joiner and joiner, word joiner, soft
# hyphen, a BOM inside text): 'Contoso\u200b' looks like 'Contoso' and would be another client.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")


def has_invisible(cell: object) -> bool:
    """Return whether a cell's text holds characters that show as nothing (``INVISIBLE``)."""
    return isinstance(cell, str) and INVISIBLE.search(cell) is not None


def clean_text(cell: object) -> str:
    """Return a cell as text without invisible characters, runs of spaces (non-breaking ones
    too), tabs and line breaks made one space."""
    return _single_spaced(INVISIBLE.sub("", cell_text(cell)))
