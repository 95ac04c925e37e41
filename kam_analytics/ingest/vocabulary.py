"""Cells read as words of a declared vocabulary (schema.VOCABULARIES): event types, the roles of
a decision-making unit, yes and no; a word outside the vocabulary is found, never guessed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kam_analytics.ingest import schema
from kam_analytics.ingest.cells import clean_text, distinct_mask, per_distinct
from kam_analytics.taxonomy import normalise_label

_AS_BOOL = {"yes": True, "no": False}


def _word(cell: object) -> str:
    return normalise_label(clean_text(cell))


def values_of(cells: pd.Series, kind: str) -> pd.Series:
    """Return each cell's word of the ``kind`` vocabulary (True/False for yes and no), missing
    where the cell is blank or not a word of it."""
    index = schema.VOCABULARY_INDEX[kind]
    values = per_distinct(cells, lambda c: index.get(_word(c)), missing=None).astype(object)
    if kind == "yesno":
        return values.map(_AS_BOOL.get).astype(object)
    return values


def unknown_words(cells: pd.Series, kind: str) -> np.ndarray:
    """Return where a cell holds text that is no word of the ``kind`` vocabulary."""
    index = schema.VOCABULARY_INDEX[kind]
    return distinct_mask(cells, lambda c: bool(_word(c)) and _word(c) not in index)
