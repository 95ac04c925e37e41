"""The matrix CSV for people: the same rows and columns as the file for machines (whose headers
are stable English ids), headed and coded in the reader's language: «Клиент», «Квартал»
3 кв. 2026, the strategy and quadrant by name, where the value came from in words; and the
import history, for the upload page and the command line."""

from __future__ import annotations

import json

import pandas as pd

from kam_analytics import ingest, taxonomy
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


def written(table: pd.DataFrame) -> pd.DataFrame:
    """Return a table for people with its figures as the reader writes them (1 234,5 in
    Russian, at most two decimals) and a dash where there is none: to print, not to compute."""
    def cell(v: object) -> object:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return "—"
        return formats.short_number(v) if isinstance(v, float) else v

    return table.astype(object).map(cell)


def matrix_csv(m: pd.DataFrame, currency: str, for_people: bool = False) -> bytes:
    """Return a matrix as the heatmap page's formula-safe CSV: stable column ids for machines,
    or headed and coded for people in the session's language."""
    table = matrix.export_table(m)
    return formula_safe.csv_bytes(people_table(table, currency) if for_people else table)


def history_table(history: pd.DataFrame, notes: dict[int, list[str]]) -> pd.DataFrame:
    """Return the import history as a display table, with how many ``notes`` (from
    ``import_notes``) each import was stored with."""
    return pd.DataFrame({
        t("col.import"): history["import_id"].map(lambda i: f"#{i}"),
        t("col.imported_at"): history["imported_at"].map(formats.moment),
        t("col.files"): history["file_names"].map(lambda s: ", ".join(file_names(s))),
        t("col.rows"): history["rows"],
        t("col.quarters"): history["quarters"].map(
            lambda qs: ", ".join(formats.quarter(q) for q in str(qs).split(","))),
        t("col.currency"): history["currency"].fillna("—"),
        t("col.status"): history["status"].map(lambda s: t(f"status.{s}")),
        t("col.replaced_by"): history["replaced_by"].map(
            lambda r: "" if pd.isna(r) else f"#{int(r)}"),
        t("col.notes"): history["import_id"].map(lambda i: len(notes.get(int(i), []))),
    })


def import_notes(history: pd.DataFrame) -> dict[int, list[str]]:
    """Return each import's stored notes as lines in the session's language, for the imports
    that have any, newest first."""
    lines = {int(i): ingest.stored_lines(w) for i, w in zip(history["import_id"],
                                                             history["warnings"], strict=True)}
    return {i: notes for i, notes in lines.items() if notes}


def file_names(stored: str) -> list[str]:
    """Return the file names of an import as stored (a JSON list)."""
    return json.loads(stored)
