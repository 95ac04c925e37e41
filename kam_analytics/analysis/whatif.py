"""Budget what-if, as pure functions: move money from some cells to others and estimate what
happens to cost and value under a stated model. An estimate, not a forecast.

The model: money taken from the cells to cut comes off each in proportion to its total cost;
money given to the cells to grow goes to each in proportion to its total cost. A rated cell's
value answers its spend with diminishing returns,

    value after = value × (total cost after ÷ total cost before) ^ elasticity,

kept within the rating scale (1-5). The elasticity (below 1: each extra 1 % of spend buys less
than 1 % of value) is fitted from the stored quarters when enough cells changed spend from one
quarter to the next, and is otherwise a plain assumption the user sees and can change. An
unrated cell's cost moves; its value stays unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam_analytics.settings import RATING_MAX, RATING_MIN

ASSUMED_ELASTICITY = 0.3
MIN_PAIRS = 20        # cells seen in two quarters needed to fit the elasticity
MIN_COST_CHANGE = 0.10  # a pair counts when its spend changed by at least 10 %


@dataclass(frozen=True)
class Elasticity:
    """How value answers spend: the figure, where it comes from, and on how many cells."""

    value: float
    fitted: bool
    pairs: int


def fitted_elasticity(history: pd.DataFrame) -> Elasticity:
    """Return the elasticity fitted on a many-quarter matrix: for every cell rated in two
    consecutive stored quarters whose spend changed by ``MIN_COST_CHANGE`` or more, the change
    of log value against the change of log total cost, a least-squares slope through the
    origin, kept within 0..1; ``ASSUMED_ELASTICITY`` when fewer than ``MIN_PAIRS`` cells
    qualify."""
    quarters = sorted(history["quarter"].dropna().unique())
    pairs = []
    for before, after in zip(quarters, quarters[1:], strict=False):
        a = history[history["quarter"] == before]
        b = history[history["quarter"] == after]
        both = a.merge(b, on=["client", "method"], suffixes=("_a", "_b"))
        pairs.append(both)
    if not pairs:
        return Elasticity(ASSUMED_ELASTICITY, False, 0)
    both = pd.concat(pairs)
    cost_a, cost_b = both["total_cost_a"].astype(float), both["total_cost_b"].astype(float)
    value_a, value_b = both["value_a"].astype(float), both["value_b"].astype(float)
    usable = ((cost_a > 0) & (cost_b > 0) & value_a.notna() & value_b.notna()
              & ((cost_b / cost_a - 1).abs() >= MIN_COST_CHANGE))
    n = int(usable.sum())
    if n < MIN_PAIRS:
        return Elasticity(ASSUMED_ELASTICITY, False, n)
    x = np.log(cost_b[usable] / cost_a[usable]).to_numpy()
    y = np.log(value_b[usable] / value_a[usable]).to_numpy()
    slope = float((x * y).sum() / (x * x).sum())
    return Elasticity(min(max(slope, 0.0), 1.0), True, n)


def budget_move(cells: pd.DataFrame, cut: pd.Series, grow: pd.Series, *,
                share: float | None = None, amount: float | None = None,
                elasticity: float) -> pd.DataFrame:
    """Return ``cells`` (one quarter's matrix) with the move applied: ``action`` (cut, grow or
    keep), ``total_cost_after``, ``cost_moved`` (negative where cut), ``value_after`` and
    ``value_change``. ``cut`` and ``grow`` mark the cells (boolean Series on ``cells``'s index,
    not both on one cell); the money moved is ``share`` of the cut cells' total cost or
    ``amount`` (at most all of it)."""
    if (share is None) == (amount is None):
        raise ValueError("give the share or the amount of money to move, not both")
    cut, grow = cut.astype(bool), grow.astype(bool)
    if (cut & grow).any():
        raise ValueError("a cell cannot be both cut and grown")
    cost = cells["total_cost"].astype(float)
    cut_total, grow_total = float(cost[cut].sum()), float(cost[grow].sum())
    moved = cut_total * share if share is not None else min(float(amount), cut_total)
    if moved < 0:
        raise ValueError("the money moved cannot be negative")
    if grow_total <= 0 or cut_total <= 0:
        moved = 0.0
    factor = pd.Series(1.0, index=cells.index)
    if moved:
        factor[cut] = 1 - moved / cut_total
        factor[grow] = 1 + moved / grow_total
    after = cost * factor
    value = cells["value"].astype(float)
    # a cell cut to nothing is left at the bottom of the scale (0 ** e would be 0)
    # (an unrated cell's NaN stays NaN through the power and the clip)
    value_after = (value * np.power(factor, elasticity)).clip(RATING_MIN, RATING_MAX)
    return cells.assign(
        action=np.select([cut, grow], ["cut", "grow"], default="keep"),
        total_cost_after=after, cost_moved=after - cost, value_after=value_after,
        value_change=value_after - value)


def move_summary(moved: pd.DataFrame) -> dict[str, float]:
    """Return the move's headline: money moved, total cost before and after (the same: money
    is moved, not added), and the spend-weighted mean value of the rated cells before and
    after (each cell weighs by its total cost then)."""
    rated = moved["value"].notna()
    before_w = moved.loc[rated, "total_cost"].astype(float)
    after_w = moved.loc[rated, "total_cost_after"].astype(float)
    return {
        "moved": float(moved.loc[moved["cost_moved"] > 0, "cost_moved"].sum()),
        "total_cost": float(moved["total_cost"].sum()),
        "total_cost_after": float(moved["total_cost_after"].sum()),
        "weighted_value": (float((moved.loc[rated, "value"] * before_w).sum() / before_w.sum())
                           if before_w.sum() else np.nan),
        "weighted_value_after": (float((moved.loc[rated, "value_after"] * after_w).sum()
                                       / after_w.sum()) if after_w.sum() else np.nan),
    }


def client_effect(moved: pd.DataFrame) -> pd.DataFrame:
    """Return per client touched by the move: total cost before and after, and the mean rated
    value before and after, the largest change of cost first."""
    touched = moved[moved["action"] != "keep"]["client"].unique()
    out = (moved[moved["client"].isin(touched)]
           .groupby("client", as_index=False)
           .agg(total_cost=("total_cost", "sum"), total_cost_after=("total_cost_after", "sum"),
                value=("value", "mean"), value_after=("value_after", "mean")))
    out["cost_change"] = out["total_cost_after"] - out["total_cost"]
    return (out.assign(_size=out["cost_change"].abs())
            .sort_values(["_size", "client"], ascending=[False, True], kind="stable")
            .drop(columns="_size").reset_index(drop=True))


def recommendations(moved: pd.DataFrame) -> pd.DataFrame:
    """Return the cells the move touches, ranked: for each, the money moved and the value it
    gains or loses per 1,000 moved (cuts that lose the least value first among cuts, grows that
    gain the most first among grows; grows listed first)."""
    touched = moved[moved["action"] != "keep"].copy()
    money = touched["cost_moved"].abs()
    touched["value_change_per_1000"] = (touched["value_change"] / money * 1000).where(money > 0)
    out = (touched.assign(_grow=touched["action"] == "grow")
           .sort_values(["_grow", "value_change_per_1000", "client"],
                        ascending=[False, False, True], na_position="last", kind="stable")
           .drop(columns="_grow").reset_index(drop=True))
    out.insert(0, "rank", range(1, len(out) + 1))
    return out
