"""Helpers for the column-parsing tests: columns built from cells, results as a manager reads
them."""
from __future__ import annotations

import math

import pandas as pd

from kam_analytics.i18n import render
from kam_analytics.ingest import distinct


def column(*cells: object) -> pd.Series:
    return pd.Series(list(cells), dtype=object)


def said(parsed: distinct.ParsedColumn) -> str:
    """Return a column's error as a manager reads it: what is wrong — how to fix it."""
    return f"{render(parsed.error)} — {render(parsed.fix)}"


def as_list(values: pd.Series) -> list:
    """Return values with NaN/NaT as None, dates as ISO text, for readable comparisons."""
    if values.dtype.kind == "M":
        return [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in values]
    return [None if math.isnan(v) else v for v in values]
