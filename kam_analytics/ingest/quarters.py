"""Quarters: of parsed dates, and as managers write them (2026Q3, Q3 2026, 3 кв. 2026)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kam_analytics.ingest import distinct
from kam_analytics.taxonomy import normalise_label


def quarters_of(dates: distinct.ParsedColumn) -> pd.Series:
    """Return "YYYYQn" for each row of a parsed date column (missing where the date is),
    worked out once per distinct cell."""
    months = dates.distinct_values.astype("datetime64[M]")  # in NumPy: few days, many sheets
    known = ~np.isnat(months)
    month = np.where(known, months.astype(np.int64), 0)
    labels = np.full(len(months) + 1, None, dtype=object)  # the last for a missing cell
    labels[:-1][known] = [f"{year}Q{quarter}" for year, quarter in zip(
        (month[known] // 12 + 1970).tolist(), (month[known] % 12 // 3 + 1).tolist(),
        strict=True)]
    per_distinct, quarters = pd.factorize(labels)
    return pd.Series(pd.Categorical.from_codes(
        per_distinct[dates.codes], categories=pd.Index(quarters, dtype=object)),
        index=dates.values.index)


_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*q\s*([1-4])|q\s*([1-4])\s*-?\s*(\d{4})|([1-4])\s*(?:кв"
                      r"(?:артал)?|q)\s*\.?\s*(\d{4})(?:\s*г(?:ода?)?)?)$")


def parse_quarter(text: str) -> str | None:
    """Return "YYYYQn" for "2026Q3", "2026 Q3", "Q3 2026", "3 кв. 2026", else None."""
    m = _QUARTER.match(normalise_label(text).replace(" ", "") if text else "")
    if not m:
        m = _QUARTER.match(normalise_label(text) if text else "")
    if not m:
        return None
    year = m.group(1) or m.group(4) or m.group(6)
    q = m.group(2) or m.group(3) or m.group(5)
    return f"{year}Q{q}"
