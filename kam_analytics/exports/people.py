"""The matrix CSV for people: the same rows and columns as the file for machines (whose headers
are stable English ids), headed and coded in the reader's language: «Клиент», «Квартал»
3 кв. 2026, the strategy and quadrant by name, where the value came from in words."""

from __future__ import annotations

import pandas as pd

from kam_analytics import taxonomy
from kam_analytics.analysis import matrix
from kam_analytics.analysis.matrix import EXPORT_COLUMNS
from kam_analytics.exports import formula_safe
from kam_analytics.i18n import formats, t

# The header of each export column, as a string-table key (a currency where it has one).
HEADER_KEYS: dict[str, str] = {
    "quarter": "column.quarter", "client": "col.client", "manager": "col.manager",
    "segment": "column.segment", "strategy": "col.strategy", "method": "col.method_id",
    "method_label": "col.method", "interactions": "metric.interactions", "cost": "col.cost",
    "hours": "col.hours", "time_cost": "metric.time_cost", "total_cost": "col.total_cost",
    "value": "col.value", "value_source": "report.col_value_source",
    "value_per_1000": "col.value_per_1000", "share_of_client_spend": "metric.share_of_client_spend",
    "quadrant": "col.quadrant",
}


def people_table(table: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return ``matrix.export_table`` rows for people: headers, quarters, strategies, quadrants
    and value sources in the session's language; ids of methods and the figures as they are."""
    out = table[EXPORT_COLUMNS].copy()
    out["quarter"] = out["quarter"].map(formats.quarter)
    out["strategy"] = out["strategy"].map(taxonomy.strategy_label)
    out["quadrant"] = out["quadrant"].map(lambda q: q if pd.isna(q) else t(f"quadrant.{q}"))
    out["value_source"] = out["value_source"].map(
        lambda s: s if pd.isna(s) else t(f"report.source_{s}"))
    return out.rename(columns={c: t(key, currency=currency) for c, key in HEADER_KEYS.items()})


def matrix_csv(m: pd.DataFrame, currency: str, for_people: bool = False) -> bytes:
    """Return a matrix as the heatmap page's formula-safe CSV: stable column ids for machines,
    or headed and coded for people in the session's language."""
    table = matrix.export_table(m)
    return formula_safe.csv_bytes(people_table(table, currency) if for_people else table)
