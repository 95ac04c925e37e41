"""Client economics, as pure functions: each client's gross margin against what the relationship
costs (money plus managers' time, split by the 5 strategies), and the whale curve.

Margins are annual; relationship costs are a quarter's. They are compared over the same
period: the margin of the quarters the cost covers, annual margin × quarters ÷ 4 (a quarter's
cost against a quarter of the year's margin). Profit after relationship cost is that margin
less the cost.

A client without a margin is never given one: it is listed as "no margin" (or "revenue only"
where the Clients sheet gives its revenue alone) and left out of the whale curve, unless the
user sets a margin rate, which then applies to revenue-only clients as a stated assumption.

The whale curve: clients from the most to the least profitable after relationship cost, and
the cumulative profit after each; it peaks where the clients that lose money begin, and those
clients pull it down to the portfolio's total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kam_analytics import taxonomy

QUARTERS_PER_YEAR = 4
# The margin a client has: given in the Clients sheet, assumed from its revenue at a rate the
# user set, or none (its revenue alone given, or nothing).
MARGIN_SOURCES = ("given", "assumed", "revenue_only", "none")
COST_COLUMNS = tuple(f"cost_{s}" for s in taxonomy.STRATEGY_IDS)  # one per strategy, in order

ECONOMICS_COLUMNS = [
    "client", "manager", "segment", "annual_revenue", "annual_margin", "margin_source",
    "period_margin", "interactions", "total_cost", *COST_COLUMNS, "cost_share",
    "profit_after_cost",
]


def _strategy_costs(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return each client's interactions, total cost and total cost per strategy (by client)."""
    if matrix.empty:
        return pd.DataFrame(0.0, index=pd.Index([], name="client"),
                            columns=["interactions", "total_cost", *COST_COLUMNS])
    by_strategy = (matrix.pivot_table(index="client", columns="strategy", values="total_cost",
                                      aggfunc="sum", fill_value=0.0)
                   .reindex(columns=list(taxonomy.STRATEGY_IDS), fill_value=0.0))
    by_strategy.columns = list(COST_COLUMNS)
    totals = matrix.groupby("client").agg(interactions=("interactions", "sum"),
                                          total_cost=("total_cost", "sum"))
    return totals.join(by_strategy)


def client_economics(matrix: pd.DataFrame, clients: pd.DataFrame, *, quarters: int = 1,
                     margin_rate: float | None = None) -> pd.DataFrame:
    """Return one row per client of ``clients`` (the client dimension, filtered as the matrix
    is) and of the matrix: annual revenue and margin, where the margin comes from, the margin
    of the ``quarters`` the matrix covers, relationship cost in total and per strategy, cost
    as a share of that margin (where the margin is above 0) and profit after relationship
    cost. Most profitable first; clients without a margin last, by name.

    ``margin_rate`` (a share of revenue, e.g. 0.2) is an assumption for clients whose revenue
    alone is given; None assumes nothing.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be 1 or more, not {quarters}")
    costs = _strategy_costs(matrix)
    dims = clients.drop_duplicates("client").set_index("client")
    names = dims.index.union(costs.index)
    out = pd.DataFrame(index=pd.Index(names, name="client"))
    for column in ("manager", "segment"):
        out[column] = dims[column].reindex(names) if column in dims else pd.NA
    for column in ("annual_revenue", "margin"):
        values = dims[column] if column in dims else pd.Series(dtype="float64")
        out[column] = pd.to_numeric(values, errors="coerce").reindex(names).astype("float64")
    out = out.rename(columns={"margin": "annual_margin"})
    given = out["annual_margin"].notna()
    revenue_only = ~given & out["annual_revenue"].notna()
    if margin_rate is not None:
        out.loc[revenue_only, "annual_margin"] = out.loc[revenue_only, "annual_revenue"] \
            * margin_rate
    out["margin_source"] = np.select(
        [given, revenue_only & (margin_rate is not None), revenue_only],
        ["given", "assumed", "revenue_only"], default="none")
    out["period_margin"] = out["annual_margin"] * quarters / QUARTERS_PER_YEAR
    costs = costs.reindex(names, fill_value=0.0)
    out["interactions"] = costs["interactions"].astype("int64")
    for column in ("total_cost", *COST_COLUMNS):
        out[column] = costs[column].astype("float64")
    positive = out["period_margin"] > 0
    out["cost_share"] = np.where(
        positive, out["total_cost"] / out["period_margin"].where(positive, 1.0), np.nan)
    out["profit_after_cost"] = out["period_margin"] - out["total_cost"]
    out = out.reset_index()
    out["_none"] = out["profit_after_cost"].isna()
    out = out.sort_values(["_none", "profit_after_cost", "client"],
                          ascending=[True, False, True], kind="stable")
    return out.drop(columns="_none").reset_index(drop=True)[ECONOMICS_COLUMNS]


def with_margin(economics: pd.DataFrame) -> pd.DataFrame:
    """Return the clients that have a margin (given or assumed), in the economics' order."""
    return economics[economics["period_margin"].notna()]


def without_margin(economics: pd.DataFrame) -> pd.DataFrame:
    """Return the clients that have no margin (revenue only, or nothing), by name."""
    return economics[economics["period_margin"].isna()].sort_values("client")


def whale_curve(economics: pd.DataFrame) -> pd.DataFrame:
    """Return the whale curve: the clients with a margin, most profitable after relationship
    cost first, with their rank (1 first), the cumulative margin, cumulative relationship
    cost per strategy and cumulative profit after relationship cost after each client, and
    that profit as a share of the portfolio's total (NaN when the total is not above 0)."""
    curve = with_margin(economics).sort_values(["profit_after_cost", "client"],
                                               ascending=[False, True], kind="stable")
    curve = curve.reset_index(drop=True)
    curve.insert(0, "rank", np.arange(1, len(curve) + 1))
    curve["cumulative_margin"] = curve["period_margin"].cumsum()
    for column in COST_COLUMNS:
        curve[f"cumulative_{column}"] = curve[column].cumsum()
    curve["cumulative_profit"] = curve["profit_after_cost"].cumsum()
    total = float(curve["profit_after_cost"].sum())
    curve["cumulative_share"] = curve["cumulative_profit"] / total if total > 0 else np.nan
    return curve


def curve_summary(curve: pd.DataFrame) -> dict[str, object]:
    """Return the whale curve's headline: clients on it, total profit after relationship cost,
    its peak and the client it peaks at, the peak as a share of the total (NaN when the total
    is not above 0), and the clients that pull it down (profit after cost below 0) with what
    they lose together."""
    if curve.empty:
        return {"clients": 0, "total_profit": 0.0, "peak_profit": 0.0, "peak_client": None,
                "peak_rank": 0, "peak_share": np.nan, "pulling_down": [], "lost": 0.0}
    at = int(curve["cumulative_profit"].to_numpy().argmax())  # the first highest point
    total = float(curve["cumulative_profit"].iloc[-1])
    peak = float(curve["cumulative_profit"].iloc[at])
    losing = curve[curve["profit_after_cost"] < 0]
    return {"clients": len(curve), "total_profit": total, "peak_profit": peak,
            "peak_client": curve["client"].iloc[at], "peak_rank": int(curve["rank"].iloc[at]),
            "peak_share": peak / total if total > 0 else np.nan,
            "pulling_down": losing["client"].tolist(),
            "lost": float(losing["profit_after_cost"].sum())}


SHOWN_EACH_END = 25  # a long curve's table: this many most and least profitable clients


def both_ends(curve: pd.DataFrame, n: int = SHOWN_EACH_END) -> pd.DataFrame:
    """Return the ``n`` most and the ``n`` least profitable clients of the curve (all of them
    when there are no more than twice ``n``), in the curve's order."""
    return curve if len(curve) <= 2 * n else pd.concat([curve.head(n), curve.tail(n)])


def export_table(economics: pd.DataFrame, quarter: str | None) -> pd.DataFrame:
    """Return the economics as exported: the quarter, then every column at full precision
    (a file is for computing on; only the page rounds)."""
    return economics.assign(quarter=quarter)[["quarter", *ECONOMICS_COLUMNS]]
