"""Client valuations as the valuations page edits them: one quarter's grid of clients by
methods, what the matrix uses in each cell, and the cells a manager changed as entries for
``Store.save_valuation_entries``. Pure functions: frames in, frames out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kam_analytics import taxonomy

_ORDER = {m: i for i, m in enumerate(taxonomy.METHOD_IDS)}


def _methods(cells: pd.DataFrame) -> list[str]:
    """Return the methods of ``cells`` in the framework's order (unknown ones last, by id)."""
    return sorted(cells["method"].unique(), key=lambda m: (_ORDER.get(m, len(_ORDER)), m))


def _grid(cells: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return ``column`` of the cells as a grid: clients by name, methods in order."""
    if cells.empty:
        return pd.DataFrame(index=pd.Index([], name="client", dtype=object))
    wide = cells.pivot_table(index="client", columns="method", values=column,
                             aggfunc="first", dropna=False)
    out = wide.reindex(index=sorted(cells["client"].unique()), columns=_methods(cells))
    out.index.name, out.columns.name = "client", None
    return out


def valuation_grid(cells: pd.DataFrame, valuations: pd.DataFrame) -> pd.DataFrame:
    """Return the explicit valuations (1-5, NaN where none) of one quarter's matrix ``cells``
    as a grid: a row per client, a column per method any of them received."""
    keys = ["client", "method"]
    v = valuations[[*keys, "value"]].drop_duplicates(keys, keep="last") if len(valuations) else (
        pd.DataFrame(columns=[*keys, "value"]))
    explicit = cells[keys].merge(v, on=keys, how="left")
    return _grid(explicit.assign(value=explicit["value"].astype(float)), "value")


def value_sources(cells: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return what the matrix uses in each cell of the ``valuation_grid`` as two grids: the
    value, and where it comes from ("valuation", "ratings", "unrated" for a cell with
    activity but no value, "" for no activity that quarter)."""
    source = cells.assign(source=cells["value_source"].fillna("unrated").astype(object))
    values, sources = _grid(source, "value"), _grid(source, "source")
    return values, sources.where(sources.notna(), "")


def changed_entries(before: pd.DataFrame, after: pd.DataFrame, quarter: str,
                    comment: str | None = None) -> pd.DataFrame:
    """Return the cells whose value ``after`` (the grid as edited) differs from ``before`` as
    valuation entries of ``quarter`` (``Store.save_valuation_entries``'s columns): a value
    emptied is an entry clearing the cell."""
    old = before.reindex(index=after.index, columns=after.columns).astype(float).to_numpy()
    new = after.apply(pd.to_numeric, errors="coerce").astype(float).to_numpy()
    changed = ~((old == new) | (np.isnan(old) & np.isnan(new)))
    rows, cols = np.nonzero(changed)
    values = new[rows, cols]
    return pd.DataFrame({
        "quarter": quarter, "client": after.index[rows].astype(object),
        "method": after.columns[cols].astype(object),
        "value": pd.Series(values, dtype=object).where(~np.isnan(values), None),
        "comment": comment or None}).reset_index(drop=True)


def without_activity(entries: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Return the entries of cells with no activity in ``cells`` (the quarter's matrix): a
    valuation there would count for nothing, so the page asks before saving them."""
    keys = ["client", "method"]
    known = entries[keys].merge(cells[keys].drop_duplicates(), on=keys, how="left",
                                indicator=True)["_merge"].eq("both").to_numpy()
    return entries[~known]
