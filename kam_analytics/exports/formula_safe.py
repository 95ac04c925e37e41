"""Exports that are safe to open: no text from the data becomes a live formula."""

from __future__ import annotations

import pandas as pd

# OWASP's rule for CSV injection: a cell may not start with these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells cannot start a formula (prefixed with ')."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            text = s.astype(object)
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
            out[col] = text.where(~risky, "'" + text.astype(str))
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the frame as UTF-8 CSV (with BOM, so Excel reads the encoding), formula-safe."""
    return formula_safe(frame).to_csv(index=False).encode("utf-8-sig")
