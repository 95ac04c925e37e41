"""The three kinds of table turned into records: interactions, clients and valuations
(long, or a grid of clients by methods)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import msg
from kam_analytics.ingest import dates, distinct, numbers, raw_sheets
from kam_analytics.ingest.batch import ImportBatch, SheetTable
from kam_analytics.ingest.cells import clean_text, per_distinct, text_cells
from kam_analytics.ingest.checks import (
    checked_dates,
    checked_methods,
    checked_numbers,
    optional_text,
    report_cells,
    required_text,
    sheet_facts,
    used_columns,
)
from kam_analytics.ingest.problems import Problem, column_letter
from kam_analytics.ingest.quarters import parse_quarter, quarters_of
from kam_analytics.ingest.tables import EXCLUDE, TableRows, table_rows, trim_rows
from kam_analytics.taxonomy import normalise_label


# ---- the three kinds of table ------------------------------------------------------------------
def _read_ahead(rows: TableRows, hint: str | None) -> dict[str, object]:
    """Return the interaction columns' readings (dates, numbers, cleaned texts) by column.

    They are worked out two at a time: most of their time goes to NumPy and Arrow, which let
    the other thread run meanwhile. Nothing is reported here; the checks report on the
    readings in their usual order.
    """
    jobs: dict[str, Callable[[], object]] = {}
    for column in ("cost", "hours_minutes", "hours", "value"):  # amounts first: the longest
        if column in rows.data:
            jobs[column] = functools.partial(numbers.parse_number_column, rows.data[column],
                                             decimal_hint=hint)
    jobs["date"] = functools.partial(dates.parse_date_column, rows.data["date"])
    for column in ("client", "method", "manager"):
        if column in rows.data:
            jobs[column] = functools.partial(per_distinct, rows.data[column], clean_text,
                                             missing="")
    answers = distinct.remembered()  # the distinct cells this import has worked out, shared

    def run(job: Callable[[], object]) -> object:
        with distinct.distinct_cells_remembered(answers):
            return job()

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kam-columns") as pool:
        started = {column: pool.submit(run, job) for column, job in jobs.items()}
        return {column: future.result() for column, future in started.items()}


def interaction_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable,
                        method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    rows = trim_rows(table_rows(sheet, tb, batch), tb, batch, ["date", "client", "method"])
    if rows.data.empty:
        batch.errors.append(Problem(tb.file, msg("problem.no_rows_under", row=tb.header_row),
                                    msg("fix.no_rows"), tb.sheet, rows=[tb.header_row]))
        return pd.DataFrame()
    sheet_facts(batch, sheet, tb, rows, used_columns(rows))
    hint = sheet.decimal_hint
    read = _read_ahead(rows, hint)
    dates = checked_dates(batch, tb, rows, read["date"])
    quarter = quarters_of(read["date"]) if read["date"].error is None else None
    client = required_text(batch, tb, rows, "client", read["client"])
    labels = required_text(batch, tb, rows, "method", read["method"])
    method, excluded = checked_methods(batch, tb, rows, labels, method_map, unknown)
    cost = checked_numbers(batch, tb, rows, "cost", hint, minimum=0, maximum=None, default=0.0,
                           parsed=read.get("cost"))
    if "hours_minutes" in rows.data:
        minutes = checked_numbers(batch, tb, rows, "hours_minutes", hint, minimum=0, maximum=None,
                                  default=0.0, parsed=read["hours_minutes"])
        hours = minutes / 60.0
        batch.warnings.append(Problem(tb.file, msg("warn.minutes",
                                                 column=rows.letters["hours_minutes"]),
                                      sheet=tb.sheet))
    else:
        hours = checked_numbers(batch, tb, rows, "hours", hint, minimum=0, maximum=None,
                                default=0.0, parsed=read.get("hours"))
    value = checked_numbers(batch, tb, rows, "value", hint, minimum=settings.RATING_MIN,
                            maximum=settings.RATING_MAX, default=None, parsed=read.get("value"))
    frame = pd.DataFrame({
        "source_file": _constant(tb.file, len(rows.data)),
        "source_sheet": _constant(tb.sheet, len(rows.data)), "source_row": rows.row_numbers,
        "date": dates, "quarter": quarter, "client": client, "method": method, "cost": cost,
        "hours": hours, "value": value,
        "manager": optional_text(batch, tb, rows, "manager", read.get("manager"))},
        index=rows.data.index, copy=False)  # every column is new: nothing to copy
    return frame[~excluded] if excluded.any() else frame


def _constant(value: str | None, n: int) -> pd.Categorical:
    """Return a column holding one value (or nothing) in every row, stored once."""
    if value is None:
        return pd.Categorical.from_codes(np.full(n, -1, np.int8),
                                         categories=pd.Index([], dtype=object))
    return pd.Categorical.from_codes(np.zeros(n, np.int8),
                                     categories=pd.Index([value], dtype=object))


def client_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable) -> pd.DataFrame:
    rows = trim_rows(table_rows(sheet, tb, batch), tb, batch, ["client"])
    if rows.data.empty:
        return pd.DataFrame()
    sheet_facts(batch, sheet, tb, rows, used_columns(rows))
    client = required_text(batch, tb, rows, "client")
    revenue = checked_numbers(batch, tb, rows, "annual_revenue", sheet.decimal_hint, minimum=0,
                              maximum=None, default=None)
    frame = pd.DataFrame({"client": client, "manager": optional_text(batch, tb, rows, "manager"),
                          "segment": optional_text(batch, tb, rows, "segment"),
                          "annual_revenue": revenue}, index=rows.data.index)
    dup = frame["client"].duplicated(keep=False) & (frame["client"] != "")
    report_cells(batch, tb, rows, "client", dup, msg("problem.duplicate_client"),
                 msg("fix.duplicate_client"), rows.data["client"])
    return frame


def valuation_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable,
                      method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    if tb.kind == "valuation_grid":
        return valuation_grid_records(batch, sheet, tb, method_map, unknown)
    rows = trim_rows(table_rows(sheet, tb, batch), tb, batch, ["client", "method"])
    if rows.data.empty:
        return pd.DataFrame()
    sheet_facts(batch, sheet, tb, rows, used_columns(rows))
    client = required_text(batch, tb, rows, "client")
    labels = required_text(batch, tb, rows, "method")
    method, excluded = checked_methods(batch, tb, rows, labels, method_map, unknown)
    value = checked_numbers(batch, tb, rows, "value", sheet.decimal_hint,
                            minimum=settings.RATING_MIN,
                            maximum=settings.RATING_MAX, default=None)
    report_cells(batch, tb, rows, "value", value.isna() & (text_cells(rows.data["value"]) == ""),
                 msg("problem.missing", column="value"), msg("fix.missing"))
    quarter = pd.Series(pd.NA, index=rows.data.index, dtype=object)
    if "quarter" in rows.data:
        qtext = text_cells(rows.data["quarter"])
        quarter = per_distinct(qtext, lambda q: parse_quarter(q) if q else None).astype(object)
        report_cells(batch, tb, rows, "quarter", quarter.isna() & (qtext != ""),
                     msg("problem.not_a_quarter"), msg("fix.quarter"), rows.data["quarter"])
    frame = pd.DataFrame({"client": client, "method": method, "value": value,
                          "quarter": quarter, "_row": rows.row_numbers}, index=rows.data.index)
    return frame[~excluded]


def valuation_grid_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable,
                           method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    start = int(np.flatnonzero(sheet.row_numbers.to_numpy() == tb.header_row)[0]) + 1
    body = sheet.cells.iloc[start:]
    numbers = sheet.row_numbers.iloc[start:]
    client_j = next(j for j, h in enumerate(tb.headers) if tb.mapping.get(h) == "client")
    parts = []
    for j, h in enumerate(tb.headers):
        if j == client_j or not h or j >= body.shape[1]:
            continue
        m = taxonomy.match_method(h, method_map)
        if m.method_id is None:
            entry = unknown.setdefault(normalise_label(h), {
                "label": h, "rows": 0, "first_rows": [], "files": [],
                "suggestions": m.suggestions})
            entry["rows"] += 1
            entry["first_rows"].append(tb.header_row)
            entry["files"].append(tb.label())
            continue
        if m.method_id == EXCLUDE:
            continue
        parts.append((j, m.method_id))
    rows = TableRows(pd.DataFrame({"client": body.iloc[:, client_j]}), numbers,
                     {"client": f"'{tb.headers[client_j]}' ({column_letter(client_j)})"})
    rows = trim_rows(rows, tb, batch, ["client"])
    sheet_facts(batch, sheet, tb, rows, {
        f"'{tb.headers[j]}' ({column_letter(j)})": j for j in [client_j, *(j for j, _ in parts)]})
    client = required_text(batch, tb, rows, "client")
    frames = []
    for j, mid in parts:
        cells = body.iloc[:, j].loc[rows.data.index]
        col_rows = TableRows(pd.DataFrame({"value": cells}), rows.row_numbers,
                             {"value": f"'{tb.headers[j]}' ({column_letter(j)})"})
        v = checked_numbers(batch, tb, col_rows, "value", sheet.decimal_hint,
                            minimum=settings.RATING_MIN, maximum=settings.RATING_MAX, default=None)
        frames.append(pd.DataFrame({"client": client, "method": mid, "value": v,
                                    "quarter": pd.NA, "_row": rows.row_numbers}))
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames)
    return out[out["value"].notna()]
