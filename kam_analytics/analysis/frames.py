"""The frames passed between the store and the analysis, declared: their columns, in order, with
dtypes and whether a cell may be missing. Tests hold the real frames to these declarations."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kam_analytics import taxonomy

DTYPES = ("text", "int64", "float64")  # text: pandas' string dtype, or objects that are str


@dataclass(frozen=True)
class FrameColumn:
    name: str
    dtype: str
    nullable: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name}: unknown dtype {self.dtype!r}")


@dataclass(frozen=True)
class Frame:
    name: str
    columns: tuple[FrameColumn, ...]

    @property
    def names(self) -> list[str]:
        """Return the column names in their declared order."""
        return [c.name for c in self.columns]

    def problems(self, frame: pd.DataFrame) -> list[str]:
        """Return how a frame departs from the declaration (none: it conforms)."""
        if list(frame.columns) != self.names:
            return [f"{self.name}: columns {list(frame.columns)}, declared {self.names}"]
        found = []
        for column in self.columns:
            cells = frame[column.name]
            if not _has_dtype(cells, column.dtype):
                found.append(f"{self.name}.{column.name}: {cells.dtype}, declared {column.dtype}")
            if not column.nullable and cells.isna().any():
                found.append(f"{self.name}.{column.name}: missing cells, declared never missing")
        return found


def _has_dtype(cells: pd.Series, dtype: str) -> bool:
    """Return whether a column holds the declared dtype."""
    if dtype == "text":
        if isinstance(cells.dtype, pd.StringDtype):
            return True
        return cells.dtype == object and all(isinstance(v, str) for v in cells.dropna())
    return cells.dtype == dtype


# What ``Store.activity()`` returns: the active interactions per quarter x client x method.
ACTIVITY = Frame("activity", (
    FrameColumn("quarter", "text", description="e.g. 2026Q3"),
    FrameColumn("client", "text"),
    FrameColumn("method", "text", description="a method id, e.g. trust.site_visits"),
    FrameColumn("interactions", "int64", description="rows of the quarter"),
    FrameColumn("cost", "float64", description="money spent, summed"),
    FrameColumn("hours", "float64", description="managers' hours, summed"),
    FrameColumn("rating_sum", "float64", description="the ratings given, summed (0 if none)"),
    FrameColumn("rating_count", "int64", description="how many rows carry a rating"),
))

# What ``analysis.matrix.cost_value_matrix`` returns: one row per quarter x client x method (or
# strategy), in ``matrix.MATRIX_COLUMNS`` order.
MATRIX = Frame("matrix", (
    FrameColumn("quarter", "text"),
    FrameColumn("client", "text"),
    FrameColumn("manager", "text", nullable=True),
    FrameColumn("segment", "text", nullable=True),
    FrameColumn("strategy", "text"),
    FrameColumn("method", "text", nullable=True, description="missing at strategy level"),
    FrameColumn("strategy_label", "text"),
    FrameColumn("method_label", "text", nullable=True),
    FrameColumn("interactions", "int64"),
    FrameColumn("cost", "float64"),
    FrameColumn("hours", "float64"),
    FrameColumn("time_cost", "float64", description="hours x hourly rate"),
    FrameColumn("total_cost", "float64", description="cost + time_cost"),
    FrameColumn("value", "float64", nullable=True, description="the client's rating, 1-5"),
    FrameColumn("value_source", "text", nullable=True),
    FrameColumn("value_per_1000", "float64", nullable=True),
    FrameColumn("share_of_client_spend", "float64", nullable=True),
    FrameColumn("quadrant", "text"),
))

# What ``analysis.economics.client_economics`` returns: one row per client, most profitable
# after relationship cost first, in ``economics.ECONOMICS_COLUMNS`` order.
ECONOMICS = Frame("economics", (
    FrameColumn("client", "text"),
    FrameColumn("manager", "text", nullable=True),
    FrameColumn("segment", "text", nullable=True),
    FrameColumn("annual_revenue", "float64", nullable=True),
    FrameColumn("annual_margin", "float64", nullable=True, description="given or assumed"),
    FrameColumn("margin_source", "text", description="given, assumed, revenue_only, none"),
    FrameColumn("period_margin", "float64", nullable=True,
                description="annual margin x quarters ÷ 4"),
    FrameColumn("interactions", "int64"),
    FrameColumn("total_cost", "float64", description="relationship cost: cost + time cost"),
    *(FrameColumn(f"cost_{s}", "float64", description=f"total cost of the {s} strategy")
      for s in taxonomy.STRATEGY_IDS),
    FrameColumn("cost_share", "float64", nullable=True,
                description="total cost ÷ period margin, where the margin is above 0"),
    FrameColumn("profit_after_cost", "float64", nullable=True),
))
