"""Cost-versus-value analytics as pure functions: frames in, frames out, inputs never mutated.

``activity`` is what the store aggregates per quarter x client x method (interactions, cost,
hours, rating_sum, rating_count); ``valuations`` are explicit client ratings per quarter x client
x method; ``clients`` is the client dimension (client, manager, segment, annual_revenue).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from kam_analytics import taxonomy

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


def _with_values(cells: pd.DataFrame, valuations: pd.DataFrame) -> pd.DataFrame:
    """Return ``cells`` with ``value`` and ``value_source``: an explicit valuation first, else
    the mean rating on the interactions, else NaN. Fills ``cells`` (a frame of its caller's) in
    place."""
    keys = ["quarter", "client", "method"]
    out = cells
    rated = out["rating_count"].to_numpy() > 0
    out["value"] = np.where(rated, out["rating_sum"] / out["rating_count"].where(rated, 1), np.nan)
    out["value_source"] = pd.Series(np.array([None, "ratings"], dtype=object)[rated.astype(int)],
                                    index=out.index, dtype=object)
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
    return _thresholds(matrix["total_cost"].to_numpy(dtype=float),
                       matrix["value"].to_numpy(dtype=float))


def _thresholds(total_cost: np.ndarray, value: np.ndarray) -> tuple[float, float]:
    """Return ``quadrant_thresholds`` of the cells' costs and values (missing ones skipped)."""
    costs = total_cost[~np.isnan(total_cost)]
    cost = float(np.median(costs)) if len(costs) else (np.nan if len(total_cost) else 0.0)
    rated = value[~np.isnan(value)]
    return cost, float(np.median(rated)) if len(rated) else 3.0


def with_quadrants(matrix: pd.DataFrame, cost_threshold: float,
                   value_threshold: float) -> pd.DataFrame:
    """Return the matrix with every cell's quadrant set by these thresholds (a comparison's
    earlier quarter by the later quarter's)."""
    names = _quadrant_names(matrix["total_cost"].to_numpy(dtype=float),
                            matrix["value"].to_numpy(dtype=float), cost_threshold,
                            value_threshold)
    # object, as cost_value_matrix makes it (pandas would infer its string type)
    return matrix.assign(quadrant=pd.Series(names, index=matrix.index, dtype=object))


def _quadrant_names(total_cost: np.ndarray, value: np.ndarray, cost_threshold: float,
                    value_threshold: float) -> np.ndarray:
    """Return each cell's quadrant: high cost is above the cost threshold, high value is at or
    above the value threshold; cells without a value are "unrated"."""
    high_cost = total_cost > cost_threshold
    high_value = value >= value_threshold
    which = np.select([np.isnan(value), high_value & ~high_cost, high_value & high_cost,
                       ~high_value & ~high_cost], [0, 1, 2, 3], default=4)
    return _QUADRANT_NAMES[which]


_QUADRANT_NAMES = np.array(["unrated", "efficient", "strategic", "low priority", "overinvested"],
                           dtype=object)


def _each_distinct(column: pd.Series, func, found: tuple | None = None) -> pd.Series:
    """Return ``func`` of every value, called once per distinct value (26 methods, not 52,000
    cells), a missing value included; ``found`` is the column's factorization if known."""
    codes, uniques = found or pd.factorize(column, use_na_sentinel=False)
    # The answers' type is inferred from the few distinct ones, as it would be from them all.
    answers = pd.Series(np.array([func(value) for value in uniques], dtype=object))
    return pd.Series(answers.array.take(codes), index=column.index, name=column.name)


def _sorted(frame: pd.DataFrame, last: str, order: dict[str, int]
            ) -> tuple[pd.DataFrame, tuple[np.ndarray, pd.Index]]:
    """Return the rows by quarter, client, then ``last`` in the framework's ``order`` (others
    after), and the factorization of ``last`` in that row order."""
    quarter = pd.factorize(frame["quarter"], sort=True)[0].astype(np.int64)
    client = pd.factorize(frame["client"], sort=True)[0].astype(np.int64)
    codes, uniques = pd.factorize(frame[last], use_na_sentinel=False)
    rank = np.array([order.get(u, len(order)) for u in uniques], dtype=np.int64)[codes]
    key = (quarter * (int(client.max(initial=0)) + 1) + client) * (len(order) + 1) + rank
    rows = np.argsort(key)  # five times faster than a stable sort, which ties need
    if (np.diff(key[rows]) == 0).any():
        rows = np.argsort(key, kind="stable")
    return frame.take(rows).reset_index(drop=True), (codes[rows], uniques)


def _finish(cells: pd.DataFrame, clients: pd.DataFrame, hourly_rate: float,
            cost_threshold: float | None, value_threshold: float | None) -> pd.DataFrame:
    """Return ``cells`` (made by cost_value_matrix for this call alone, sorted by quarter and
    client, filled in place) with costs, shares, quadrants, managers and segments."""
    out = cells
    out["time_cost"] = out["hours"] * hourly_rate
    out["total_cost"] = out["cost"] + out["time_cost"]
    out["value_per_1000"] = np.where(
        out["total_cost"] > 0, out["value"] / out["total_cost"].where(out["total_cost"] > 0, 1)
        * 1000.0, np.nan)
    quarter = pd.factorize(out["quarter"])[0]
    client, names = pd.factorize(out["client"], use_na_sentinel=False)
    pair = quarter.astype(np.int64) * (len(names) + 1) + client
    client_total = out["total_cost"].groupby(pair).transform("sum")
    out["share_of_client_spend"] = np.where(client_total > 0,
                                            out["total_cost"] / client_total.where(
                                                client_total > 0, 1), np.nan)
    total_cost = out["total_cost"].to_numpy(dtype=float)
    value = out["value"].to_numpy(dtype=float)
    quadrant = np.empty(len(out), dtype=object)
    starts = np.flatnonzero(np.diff(quarter, prepend=-1))  # the rows are by quarter
    for begin, end in itertools.pairwise([*starts, len(out)]):
        default_cost, default_value = _thresholds(total_cost[begin:end], value[begin:end])
        quadrant[begin:end] = _quadrant_names(
            total_cost[begin:end], value[begin:end],
            default_cost if cost_threshold is None else cost_threshold,
            default_value if value_threshold is None else value_threshold)
    out["quadrant"] = pd.Series(quadrant, index=out.index, dtype=object)
    # Each cell's manager and segment, looked up once per client (missing if not in ``clients``).
    dims = clients.drop_duplicates("client").set_index("client")
    at = dims.index.get_indexer(names)[client]
    for column in ("manager", "segment"):
        out[column] = pd.Series(dims[column].array.take(at, allow_fill=True), index=out.index)
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
    cells, methods = _sorted(activity, "method", _METHOD_ORDER)
    cells = _with_values(cells, valuations)  # the rows, in the same order: codes still hold
    cells["strategy"] = _each_distinct(cells["method"], taxonomy.strategy_of, methods)
    if by == "strategy":
        cells = (cells.groupby(["quarter", "client", "strategy"], as_index=False)
                 .agg(interactions=("interactions", "sum"), cost=("cost", "sum"),
                      hours=("hours", "sum"), value=("value", "mean"),
                      rated_methods=("value", "count")))
        cells["value_source"] = np.where(cells["rated_methods"] > 0, "methods", None)
        cells = cells.drop(columns="rated_methods")
        cells["method"] = pd.NA
        # grouping put the strategies in alphabetical order
        cells, strategies = _sorted(cells, "strategy", _STRATEGY_ORDER)
        methods = pd.factorize(cells["method"], use_na_sentinel=False)
    else:
        strategies = pd.factorize(cells["strategy"], use_na_sentinel=False)
    cells = cells.drop(columns=[c for c in ("rating_sum", "rating_count") if c in cells])
    out = _finish(cells, clients, hourly_rate, cost_threshold, value_threshold)
    out["strategy_label"] = _each_distinct(out["strategy"], taxonomy.strategy_label, strategies)
    out["method_label"] = _each_distinct(
        out["method"], lambda m: taxonomy.method_label(m) if isinstance(m, str) else pd.NA,
        methods)
    out["interactions"] = out["interactions"].astype("int64")
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


def of_clients(matrix: pd.DataFrame, clients: list[str]) -> pd.DataFrame:
    """Return the matrix rows of exactly these clients: none for an empty list (unlike
    ``filtered``, where an empty choice means no filter)."""
    return matrix[matrix["client"].isin(clients)]


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
    """Return the matrix as exported: the export columns at full precision (a file is for
    computing on; only the page rounds, for display)."""
    return matrix[EXPORT_COLUMNS].copy()
