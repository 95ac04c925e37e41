"""One way to ask the store for a matrix: a ``MatrixQuery`` and ``matrix_for``.

Pages, the board pack (deck and report) and the CLI all ask through ``matrix_for``, so the
store-to-matrix assembly is written once; the query is frozen and hashable, so it is also the
app's cache key (with the store's version token).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from kam_analytics.analysis import matrix
from kam_analytics.store import EVERYONE, Scope

if TYPE_CHECKING:
    from kam_analytics.store import Store

LEVELS: tuple[str, ...] = ("method", "strategy")


@dataclass(frozen=True)
class MatrixQuery:
    """Which matrix: whose accounts, which quarters, at what level, at what rate and thresholds.

    ``quarters=None`` means every quarter; ``hourly_rate=None`` the store's setting; a
    threshold of None the medians of each quarter's cells.
    """

    scope: Scope = EVERYONE
    quarters: tuple[str, ...] | None = None
    level: Literal["method", "strategy"] = "method"
    hourly_rate: float | None = None
    cost_threshold: float | None = None
    value_threshold: float | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {self.level!r}")
        if self.quarters is not None and not isinstance(self.quarters, tuple):
            # a list would make the query unhashable, and so useless as a cache key
            object.__setattr__(self, "quarters", tuple(self.quarters))

    @classmethod
    def of_quarter(cls, quarter: str | None, **fields) -> MatrixQuery:
        """Return the query for one quarter (None: every quarter) with the other fields given."""
        return cls(quarters=(quarter,) if quarter else None, **fields)


def matrix_for(store: Store, query: MatrixQuery) -> pd.DataFrame:
    """Return the cost-versus-value matrix the query asks for, read from ``store``."""
    quarters = list(query.quarters) if query.quarters is not None else None
    rate = store.hourly_rate() if query.hourly_rate is None else query.hourly_rate
    return matrix.cost_value_matrix(
        store.activity(query.scope, quarters), store.valuations(query.scope, quarters),
        store.client_dimension(query.scope), rate, by=query.level,
        cost_threshold=query.cost_threshold, value_threshold=query.value_threshold)
