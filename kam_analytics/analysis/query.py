"""One way to ask the store for a matrix: a ``MatrixQuery`` and ``matrix_for``.

Pages, the board pack (deck and report) and the CLI all ask through ``matrix_for``, so the
store-to-matrix assembly is written once; the query is frozen and hashable, so it is also the
app's cache key (with the store's version token).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import pandas as pd

from kam_analytics.analysis import compare, matrix
from kam_analytics.store import EVERYONE, Scope

if TYPE_CHECKING:
    from kam_analytics.store import Store

LEVELS: tuple[str, ...] = ("method", "strategy")
MEDIANS_OF: tuple[str, ...] = ("portfolio", "viewer")


@dataclass(frozen=True)
class MatrixQuery:
    """Which matrix: whose accounts, which quarters, at what level, at what rate and thresholds.

    ``quarters=None`` means every quarter; ``hourly_rate=None`` the store's setting; a
    threshold of None the medians of each quarter's cells: of the whole portfolio's
    (``medians_of="portfolio"``, the same for every viewer) or of the cells the scope lets the
    viewer see (``"viewer"``).
    """

    scope: Scope = EVERYONE
    quarters: tuple[str, ...] | None = None
    level: Literal["method", "strategy"] = "method"
    hourly_rate: float | None = None
    cost_threshold: float | None = None
    value_threshold: float | None = None
    medians_of: Literal["portfolio", "viewer"] = "portfolio"

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {self.level!r}")
        if self.medians_of not in MEDIANS_OF:
            raise ValueError(f"medians_of must be one of {MEDIANS_OF}, not {self.medians_of!r}")
        if self.quarters is not None and not isinstance(self.quarters, tuple):
            # a list would make the query unhashable, and so useless as a cache key
            object.__setattr__(self, "quarters", tuple(self.quarters))

    @classmethod
    def of_quarter(cls, quarter: str | None, **fields) -> MatrixQuery:
        """Return the query for one quarter (None: every quarter) with the other fields given."""
        return cls(quarters=(quarter,) if quarter else None, **fields)


def matrix_for(store: Store, query: MatrixQuery) -> pd.DataFrame:
    """Return the cost-versus-value matrix the query asks for, read from ``store``: for a
    viewer who sees some accounts only, quadrants by the whole portfolio's medians unless the
    query asks for the viewer's own (only two figures per quarter cross the scope)."""
    quarters = list(query.quarters) if query.quarters is not None else None
    rate = store.hourly_rate() if query.hourly_rate is None else query.hourly_rate
    cells = matrix.cost_value_matrix(
        store.activity(query.scope, quarters), store.valuations(query.scope, quarters),
        store.client_dimension(query.scope), rate, by=query.level,
        cost_threshold=query.cost_threshold, value_threshold=query.value_threshold)
    if (query.scope == EVERYONE or query.medians_of == "viewer"
            or (query.cost_threshold is not None and query.value_threshold is not None)):
        return cells
    medians = thresholds_for(store, query)
    parts = [matrix.with_quadrants(part, *medians[q]) for q, part in cells.groupby(
        "quarter", sort=False)]
    return pd.concat(parts, ignore_index=True) if parts else cells


def thresholds_for(store: Store, query: MatrixQuery) -> dict[str, tuple[float, float]]:
    """Return the (cost, value) thresholds of each of the query's quarters: those it sets, else
    the medians of the portfolio's cells or, with ``medians_of="viewer"``, of the viewer's."""
    whose = query if query.medians_of == "viewer" else replace(query, scope=EVERYONE)
    everyone = matrix_for(store, replace(whose, cost_threshold=None, value_threshold=None))
    out = {}
    for q, part in everyone.groupby("quarter", sort=True):
        cost, value = matrix.quadrant_thresholds(part)
        out[str(q)] = (_given(query.cost_threshold, cost), _given(query.value_threshold, value))
    return out


PINS: tuple[str, ...] = ("current", "each")


def change_for(store: Store, query: MatrixQuery, previous_quarter: str, *,
               pin: str = "current") -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    """Return the comparison (``compare.quarter_change``) of the query's one quarter with
    ``previous_quarter``, and the (cost, value) thresholds each quarter's quadrants were set
    by. ``pin="current"``: both quarters by the current quarter's thresholds, so that a move
    is a change in the cell, not in the medians; ``"each"``: each by its own. Thresholds the
    query sets apply to both."""
    if query.quarters is None or len(query.quarters) != 1:
        raise ValueError("a comparison needs the query of one quarter")
    if pin not in PINS:
        raise ValueError(f"pin must be one of {PINS}, not {pin!r}")
    quarter = query.quarters[0]
    # both quarters in one read of the store; the earlier one reclassified when pinned
    both = matrix_for(store, replace(query, quarters=(quarter, previous_quarter)))
    now = both[both["quarter"] == quarter].reset_index(drop=True)
    before = both[both["quarter"] == previous_quarter].reset_index(drop=True)
    thresholds = {}
    for q, frame in ((quarter, now), (previous_quarter, before)):
        cost, value = matrix.quadrant_thresholds(frame)
        thresholds[q] = (_given(query.cost_threshold, cost), _given(query.value_threshold, value))
    if query.scope != EVERYONE and query.medians_of == "portfolio":
        # the portfolio's, as matrix_for classified the cells by
        thresholds |= thresholds_for(store, replace(query, quarters=(quarter, previous_quarter)))
    if pin == "current":
        thresholds[previous_quarter] = thresholds[quarter]
        before = matrix.with_quadrants(before, *thresholds[quarter])
    return (compare.quarter_change(now, before, quarter=quarter,
                                   previous_quarter=previous_quarter, by=query.level),
            thresholds)


def _given(chosen: float | None, default: float) -> float:
    return default if chosen is None else chosen
