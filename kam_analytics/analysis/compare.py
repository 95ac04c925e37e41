"""One quarter against another, as pure functions: which cells changed, which moved between
quadrants, which clients and methods are new or gone.

A cell is a client x method (or x strategy). It is "kept" when both quarters have it, "new"
when only the current one does, "gone" when only the previous one did. A missing quarter's
cell counts no cost and no value: a new cell's cost change is its whole cost, its value
change is unknown (nothing to compare a value with).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kam_analytics.analysis.matrix import EXPORT_COLUMNS

COMPARED = ("interactions", "total_cost", "value", "value_per_1000", "quadrant")
# What a comparison adds to the exported matrix (CLI --compare-to, the page's download).
CHANGE_COLUMNS = [
    "previous_quarter", "status", "previous_interactions", "previous_total_cost",
    "total_cost_change", "previous_value", "value_change", "previous_value_per_1000",
    "previous_quadrant", "moved",
]
STATUSES = ("kept", "new", "gone")


def _key(by: str) -> list[str]:
    if by not in ("method", "strategy"):
        raise ValueError(f"by must be 'method' or 'strategy', not {by!r}")
    return ["client", by]


def quarter_change(current: pd.DataFrame, previous: pd.DataFrame, *, quarter: str,
                   previous_quarter: str, by: str = "method") -> pd.DataFrame:
    """Return every cell of either quarter's matrix (one quarter each) with the current
    figures, the previous ones (``previous_*``), ``total_cost_change`` and ``value_change``
    (current minus previous), ``status`` (kept, new, gone) and ``moved`` (a kept cell whose
    quadrant differs). A gone cell keeps its client, method and labels, with no current
    figures; rows come in the current matrix's order, gone cells after."""
    key = _key(by)
    for name, frame in (("current", current), ("previous", previous)):
        if frame.duplicated(key).any():
            raise ValueError(f"the {name} matrix holds more than one quarter")
    before = previous.set_index(key)
    joined = current.merge(
        previous[[*key, *COMPARED]].rename(columns={c: f"previous_{c}" for c in COMPARED}),
        on=key, how="outer", indicator=True, sort=False)
    gone = joined["_merge"] == "right_only"
    # a gone cell's names, manager and labels come from the previous quarter
    described = [c for c in current.columns if c not in (*key, *COMPARED, "quarter")]
    if gone.any():
        rows = pd.MultiIndex.from_frame(joined.loc[gone, key])
        for column in described:
            joined.loc[gone, column] = before.loc[rows, column].to_numpy()
    joined["quarter"] = quarter
    joined["previous_quarter"] = previous_quarter
    joined["status"] = np.select([joined["_merge"] == "both", joined["_merge"] == "left_only"],
                                 ["kept", "new"], default="gone")
    cost = joined["total_cost"].astype("float64")
    cost_before = joined["previous_total_cost"].astype("float64")
    # amounts are stored to 4 decimals: so is their difference (not 400.00000000000006)
    joined["total_cost_change"] = (cost.fillna(0.0) - cost_before.fillna(0.0)).round(4)
    joined["value_change"] = (joined["value"].astype("float64")
                              - joined["previous_value"].astype("float64"))
    joined["moved"] = (joined["status"] == "kept") & (
        joined["quadrant"].astype("string") != joined["previous_quadrant"].astype("string"))
    joined["previous_interactions"] = joined["previous_interactions"].astype("Int64")
    joined["interactions"] = joined["interactions"].astype("Int64")
    order = joined["status"].map({"kept": 0, "new": 0, "gone": 1})
    out = joined.assign(_order=order).sort_values("_order", kind="stable")
    return out.drop(columns=["_merge", "_order"]).reset_index(drop=True)


def quadrant_moves(change: pd.DataFrame, into: str | None = None) -> pd.DataFrame:
    """Return the kept cells whose quadrant changed (into ``into`` only, when given), the
    largest total cost first."""
    moved = change[change["moved"]]
    if into is not None:
        moved = moved[moved["quadrant"] == into]
    return moved.sort_values(["total_cost", "client"], ascending=[False, True], kind="stable")


def clients_by_change(change: pd.DataFrame, metric: str) -> list[str]:
    """Return the clients whose cells changed most first: by the sum of the sizes of their
    cells' ``metric`` (a change column), then by name."""
    size = change[metric].astype("float64").abs().fillna(0.0)
    totals = (change.assign(_size=size).groupby("client", as_index=False)["_size"].sum()
              .sort_values(["_size", "client"], ascending=[False, True], kind="stable"))
    return totals["client"].tolist()


def new_and_gone(change: pd.DataFrame, column: str) -> tuple[list[str], list[str]]:
    """Return the ``column`` values (clients, methods, strategies) found only in the current
    quarter and only in the previous one, each sorted."""
    now = set(change.loc[change["status"] != "gone", column].dropna())
    before = set(change.loc[change["status"] != "new", column].dropna())
    return sorted(now - before), sorted(before - now)


def change_totals(change: pd.DataFrame) -> dict[str, float]:
    """Return the headline changes: total cost now and before and its change, the mean rated
    value now and before, and the counts of cells moved, moved into overinvested, new and
    gone."""
    now, before = change[change["status"] != "gone"], change[change["status"] != "new"]
    return {
        "total_cost": float(now["total_cost"].sum()),
        "previous_total_cost": float(before["previous_total_cost"].sum()),
        "total_cost_change": float(change["total_cost_change"].sum()),
        "mean_value": float(now["value"].mean()) if now["value"].notna().any() else np.nan,
        "previous_mean_value": (float(before["previous_value"].mean())
                                if before["previous_value"].notna().any() else np.nan),
        "moved": int(change["moved"].sum()),
        "moved_into_overinvested": int((change["moved"]
                                        & (change["quadrant"] == "overinvested")).sum()),
        "new": int((change["status"] == "new").sum()),
        "gone": int((change["status"] == "gone").sum()),
    }


def export_change(change: pd.DataFrame) -> pd.DataFrame:
    """Return the comparison as exported: the matrix's export columns, then the change
    columns, at full precision."""
    return change[EXPORT_COLUMNS + CHANGE_COLUMNS].copy()


def quarter_trend(matrix: pd.DataFrame, by: str) -> pd.DataFrame:
    """Return per quarter x ``by`` (client, method or strategy) of a many-quarter matrix: total
    cost, interactions and mean rated value, quarters in order."""
    if by not in ("client", "method", "strategy"):
        raise ValueError(f"by must be client, method or strategy, not {by!r}")
    label = {"method": "method_label", "strategy": "strategy_label"}.get(by, "client")
    grouped = (matrix.assign(_label=matrix[label])
               .groupby(["quarter", by, "_label"], as_index=False, sort=True, dropna=True)
               .agg(total_cost=("total_cost", "sum"), interactions=("interactions", "sum"),
                    value=("value", "mean")))
    return grouped.rename(columns={"_label": "label"})
