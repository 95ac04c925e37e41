"""Cost-versus-value analytics as pure functions: frames in, frames out, inputs never mutated.

``activity`` is what the store aggregates per quarter x client x method (interactions, cost,
hours, rating_sum, rating_count); ``valuations`` are explicit client ratings per quarter x client
x method; ``clients`` is the client dimension (client, manager, segment, annual_revenue).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kam_analytics import taxonomy

QUADRANTS = ("efficient", "strategic", "low priority", "overinvested", "unrated")

MATRIX_COLUMNS = [
    "quarter", "client", "manager", "segment", "strategy", "method", "strategy_label",
    "method_label", "interactions", "cost", "hours", "time_cost", "total_cost", "value",
    "value_source", "value_per_1000", "share_of_client_spend", "quadrant",
]

# The matrix as exported (CLI csv, the page's download): ids for machines, labels for people.
EXPORT_COLUMNS = [
    "quarter", "client", "manager", "segment", "strategy", "method", "method_label",
    "interactions", "cost", "hours", "time_cost", "total_cost", "value", "value_source",
    "value_per_1000", "share_of_client_spend", "quadrant",
]

_METHOD_ORDER = {m: i for i, m in enumerate(taxonomy.METHOD_IDS)}
_STRATEGY_ORDER = {s: i for i, s in enumerate(taxonomy.STRATEGY_IDS)}


def method_values(activity: pd.DataFrame, valuations: pd.DataFrame) -> pd.DataFrame:
    """Return activity with ``value`` and ``value_source``: an explicit valuation first, else the
    mean rating on the interactions, else NaN."""
    keys = ["quarter", "client", "method"]
    out = activity.copy()
    rated = out["rating_count"] > 0
    out["value"] = np.where(rated, out["rating_sum"] / out["rating_count"].where(rated, 1), np.nan)
    out["value_source"] = pd.Series(np.where(rated, "ratings", None), index=out.index, dtype=object)
    if len(valuations):
        v = valuations[keys + ["value"]].drop_duplicates(keys, keep="last")
        v = v.rename(columns={"value": "_valuation"})
        out = out.merge(v, on=keys, how="left")
        has = out["_valuation"].notna()
        out.loc[has, "value"] = out.loc[has, "_valuation"]
        out.loc[has, "value_source"] = "valuation"
        out = out.drop(columns="_valuation")
    return out


def quadrant_thresholds(matrix: pd.DataFrame) -> tuple[float, float]:
    """Return the default (cost, value) thresholds: medians of total cost and of rated value."""
    cost = float(matrix["total_cost"].median()) if len(matrix) else 0.0
    rated = matrix["value"].dropna()
    value = float(rated.median()) if len(rated) else 3.0
    return cost, value


def quadrants(total_cost: pd.Series, value: pd.Series, cost_threshold: float,
              value_threshold: float) -> pd.Series:
    """Return each cell's quadrant: high cost is above the cost threshold, high value is at or
    above the value threshold; cells without a value are "unrated"."""
    high_cost = total_cost > cost_threshold
    high_value = value >= value_threshold
    out = np.select(
        [value.isna(), high_value & ~high_cost, high_value & high_cost, ~high_value & ~high_cost],
        ["unrated", "efficient", "strategic", "low priority"],
        default="overinvested",
    )
    return pd.Series(out, index=total_cost.index, dtype=object)


def _each_distinct(column: pd.Series, func) -> pd.Series:
    """Return ``func`` of every value, called once per distinct value (26 methods, not 52,000
    cells), a missing value included."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    # The answers' type is inferred from the few distinct ones, as it would be from them all.
    answers = pd.Series(np.array([func(value) for value in uniques], dtype=object))
    return pd.Series(answers.array.take(codes), index=column.index, name=column.name)


def _sorted(frame: pd.DataFrame, last: str, order: dict[str, int]) -> pd.DataFrame:
    """Return the rows by quarter, client, then ``last`` in the framework's ``order``."""
    codes, uniques = pd.factorize(frame[last], use_na_sentinel=False)
    keys = [pd.factorize(frame["quarter"], sort=True)[0],
            pd.factorize(frame["client"], sort=True)[0],
            np.array([order.get(u, np.nan) for u in uniques], dtype=float)[codes]]
    return frame.take(np.lexsort(keys[::-1])).reset_index(drop=True)


def _finish(cells: pd.DataFrame, clients: pd.DataFrame, hourly_rate: float,
            cost_threshold: float | None, value_threshold: float | None) -> pd.DataFrame:
    """Return ``cells`` (made by cost_value_matrix for this call alone, filled in place) with
    costs, shares, quadrants, managers, segments and strategy labels."""
    out = cells
    out["time_cost"] = out["hours"] * hourly_rate
    out["total_cost"] = out["cost"] + out["time_cost"]
    out["value_per_1000"] = np.where(
        out["total_cost"] > 0, out["value"] / out["total_cost"].where(out["total_cost"] > 0, 1)
        * 1000.0, np.nan)
    client_total = out.groupby(["quarter", "client"])["total_cost"].transform("sum")
    out["share_of_client_spend"] = np.where(client_total > 0,
                                            out["total_cost"] / client_total.where(
                                                client_total > 0, 1), np.nan)
    quadrant = np.empty(len(out), dtype=object)
    for rows in out.groupby("quarter", sort=True).indices.values():
        q = out.iloc[rows]
        default_cost, default_value = quadrant_thresholds(q)
        quadrant[rows] = quadrants(
            q["total_cost"], q["value"],
            default_cost if cost_threshold is None else cost_threshold,
            default_value if value_threshold is None else value_threshold).to_numpy()
    out["quadrant"] = pd.Series(quadrant, index=out.index, dtype=object)
    # Each cell's manager and segment, looked up once per client (missing if not in ``clients``).
    dims = clients.drop_duplicates("client").set_index("client")
    codes, names = pd.factorize(out["client"], use_na_sentinel=False)
    at = dims.index.get_indexer(names)[codes]
    for column in ("manager", "segment"):
        out[column] = pd.Series(dims[column].array.take(at, allow_fill=True), index=out.index)
    out["strategy_label"] = _each_distinct(out["strategy"], taxonomy.strategy_label)
    return out


def cost_value_matrix(activity: pd.DataFrame, valuations: pd.DataFrame, clients: pd.DataFrame,
                      hourly_rate: float, *, by: str = "method",
                      cost_threshold: float | None = None,
                      value_threshold: float | None = None) -> pd.DataFrame:
    """Return the cost-versus-value matrix per quarter x client x method (or x strategy).

    Thresholds default to the medians of each quarter's cells; value at strategy level is the
    mean of the strategy's rated method values.
    """
    if by not in ("method", "strategy"):
        raise ValueError(f"by must be 'method' or 'strategy', not {by!r}")
    # Sorted first, so every sum below adds the same numbers in the same order whatever order
    # the store returned them in; each step keeps this order.
    cells = method_values(_sorted(activity, "method", _METHOD_ORDER), valuations)
    cells["strategy"] = _each_distinct(cells["method"], taxonomy.strategy_of)
    if by == "strategy":
        cells = (cells.groupby(["quarter", "client", "strategy"], as_index=False)
                 .agg(interactions=("interactions", "sum"), cost=("cost", "sum"),
                      hours=("hours", "sum"), value=("value", "mean"),
                      rated_methods=("value", "count")))
        cells["value_source"] = np.where(cells["rated_methods"] > 0, "methods", None)
        cells = cells.drop(columns="rated_methods")
        cells["method"] = pd.NA
    cells = cells.drop(columns=[c for c in ("rating_sum", "rating_count") if c in cells])
    out = _finish(cells, clients, hourly_rate, cost_threshold, value_threshold)
    out["method_label"] = _each_distinct(
        out["method"], lambda m: taxonomy.method_label(m) if isinstance(m, str) else pd.NA)
    out["interactions"] = out["interactions"].astype("int64")
    if by == "strategy":  # grouping put the strategies in alphabetical order
        out = _sorted(out, "strategy", _STRATEGY_ORDER)
    return out[MATRIX_COLUMNS]


def filtered(matrix: pd.DataFrame, *, managers: list[str] | None = None,
             segments: list[str] | None = None, strategies: list[str] | None = None,
             clients: list[str] | None = None) -> pd.DataFrame:
    """Return the matrix rows matching every filter given (None or empty means no filter)."""
    mask = pd.Series(True, index=matrix.index)
    for column, chosen in (("manager", managers), ("segment", segments),
                           ("strategy", strategies), ("client", clients)):
        if chosen:
            mask &= matrix[column].isin(chosen)
    return matrix[mask]


def method_rollup(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return the portfolio per quarter x method: spend, clients using it, mean value, value per
    1,000 of cost and the number of clients overinvested in it."""
    g = matrix.groupby(["quarter", "strategy", "method"], as_index=False).agg(
        clients=("client", "nunique"), interactions=("interactions", "sum"),
        cost=("cost", "sum"), hours=("hours", "sum"), time_cost=("time_cost", "sum"),
        total_cost=("total_cost", "sum"), value=("value", "mean"),
        rated_clients=("value", "count"),
        overinvested_clients=("quadrant", lambda q: int((q == "overinvested").sum())),
    )
    # Per method, value per 1,000 of the average using client's cost: comparable with the cells.
    g["value_per_1000"] = np.where(g["total_cost"] > 0,
                                   g["value"] / g["total_cost"].where(g["total_cost"] > 0, 1)
                                   * 1000.0 * g["clients"], np.nan)
    g["strategy_label"] = g["strategy"].map(taxonomy.strategy_label)
    g["method_label"] = g["method"].map(taxonomy.method_label)
    g["_o"] = g["method"].map(_METHOD_ORDER)
    return g.sort_values(["quarter", "_o"]).drop(columns="_o").reset_index(drop=True)


def strategy_rollup(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return the portfolio per quarter x strategy: spend, hours, clients and mean value."""
    g = matrix.groupby(["quarter", "strategy"], as_index=False).agg(
        clients=("client", "nunique"), interactions=("interactions", "sum"),
        cost=("cost", "sum"), hours=("hours", "sum"), time_cost=("time_cost", "sum"),
        total_cost=("total_cost", "sum"), value=("value", "mean"))
    g["strategy_label"] = g["strategy"].map(taxonomy.strategy_label)
    g["_o"] = g["strategy"].map(_STRATEGY_ORDER)
    return g.sort_values(["quarter", "_o"]).drop(columns="_o").reset_index(drop=True)


def client_summary(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return per quarter x client: spend, hours, methods used, mean value and the number of
    overinvested methods, largest spender first."""
    g = matrix.groupby(["quarter", "client"], as_index=False).agg(
        manager=("manager", "first"), segment=("segment", "first"),
        methods=("method", "nunique"), interactions=("interactions", "sum"),
        cost=("cost", "sum"), hours=("hours", "sum"), time_cost=("time_cost", "sum"),
        total_cost=("total_cost", "sum"), value=("value", "mean"),
        overinvested=("quadrant", lambda q: int((q == "overinvested").sum())))
    return g.sort_values(["quarter", "total_cost"], ascending=[True, False]).reset_index(
        drop=True)


def clients_by_spend(matrix: pd.DataFrame) -> list[str]:
    """Return the clients of the matrix, largest total cost first (name breaks ties)."""
    s = matrix.groupby("client")["total_cost"].sum().reset_index()
    return s.sort_values(["total_cost", "client"], ascending=[False, True])["client"].tolist()


def clients_matching(clients: list[str], search: str | None) -> list[str]:
    """Return the clients whose name contains ``search`` (case, spacing and ё/е ignored),
    keeping their order."""
    needle = taxonomy.normalise_label(search or "")
    if not needle:
        return list(clients)
    return [c for c in clients if needle in taxonomy.normalise_label(c)]


def portfolio_totals(matrix: pd.DataFrame) -> dict[str, float]:
    """Return the headline figures of a matrix: clients, spend, hours, mean value and the share
    of total cost sitting in overinvested cells."""
    total = float(matrix["total_cost"].sum())
    over = float(matrix.loc[matrix["quadrant"] == "overinvested", "total_cost"].sum())
    return {
        "clients": int(matrix["client"].nunique()),
        "total_cost": total,
        "cost": float(matrix["cost"].sum()),
        "time_cost": float(matrix["time_cost"].sum()),
        "hours": float(matrix["hours"].sum()),
        "value": float(matrix["value"].mean()) if matrix["value"].notna().any() else np.nan,
        "overinvested_cost": over,
        "overinvested_share": over / total if total > 0 else 0.0,
    }


def top_cells(matrix: pd.DataFrame, quadrant: str, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` cells of a quadrant that matter most: overinvested and strategic by total
    cost (largest first), efficient by value per 1,000 (best first), others by cost."""
    cells = matrix[matrix["quadrant"] == quadrant]
    if quadrant == "efficient":
        return cells.sort_values(["value_per_1000", "value"], ascending=False).head(n)
    return cells.sort_values(["total_cost", "client"], ascending=[False, True]).head(n)


def export_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return the matrix as exported: the export columns, money and hours to 2 decimals."""
    return matrix[EXPORT_COLUMNS].round({
        "cost": 2, "time_cost": 2, "total_cost": 2, "hours": 2, "value": 3,
        "value_per_1000": 4, "share_of_client_spend": 4})
