"""The three kinds of table turned into records: interactions, clients and valuations
(long, or a grid of clients by methods)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from kam_analytics import taxonomy
from kam_analytics.i18n import msg
from kam_analytics.ingest import content, dates, distinct, numbers, raw_sheets, schema
from kam_analytics.ingest.batch import ImportBatch, SheetTable
from kam_analytics.ingest.cells import clean_text, per_distinct, text_cells
from kam_analytics.ingest.checks import (
    CHECKS,
    CheckContext,
    checked_columns,
    checked_margins,
    report_cells,
    sheet_facts,
    used_columns,
)
from kam_analytics.ingest.problems import Problem, column_letter
from kam_analytics.ingest.quarters import quarters_of
from kam_analytics.ingest.tables import EXCLUDE, TableRows, table_rows, trim_rows
from kam_analytics.taxonomy import normalise_label

# ---- the three kinds of table ------------------------------------------------------------------
_TEXT_KINDS = ("name", "text", "method")
_READ_FIRST = {**dict.fromkeys(schema.NUMBER_KINDS, 0), "date": 1}  # amounts: the longest
_READ_AHEAD_ROWS = 20_000  # tables shorter than this are read in one thread


def _reading(column: schema.Column, cells: pd.Series, hint: str | None
             ) -> Callable[[], object] | None:
    """Return the work that reads a column of that kind without reporting, if any."""
    if column.kind in schema.NUMBER_KINDS:
        return functools.partial(numbers.parse_number_column, cells, decimal_hint=hint)
    if column.kind == "date":
        return functools.partial(dates.parse_date_column, cells)
    if column.kind in _TEXT_KINDS:
        return functools.partial(per_distinct, cells, clean_text, missing="")
    return None


def _read_ahead(rows: TableRows, hint: str | None, declared: schema.Table) -> dict[str, object]:
    """Return the readings of a table's columns (dates, numbers, cleaned texts) by column.

    They are worked out two at a time: most of their time goes to NumPy and Arrow, which let
    the other thread run meanwhile. Nothing is reported here; the checks report on the
    readings in their usual order.
    """
    columns = sorted((c for c in declared.as_read(rows.data.columns) if c.name in rows.data),
                     key=lambda c: _READ_FIRST.get(c.kind, 2))
    jobs = {c.name: job for c in columns
            if (job := _reading(c, rows.data[c.name], hint)) is not None}
    if len(rows.data) < _READ_AHEAD_ROWS:
        # Small tables in this thread: starting threads costs more than they save (a workbook
        # of 1,000 two-row sheets spent 9 of its 20 s starting them).
        return {column: job() for column, job in jobs.items()}
    answers = distinct.remembered()  # the distinct cells this import has worked out, shared

    def run(job: Callable[[], object]) -> object:
        with distinct.distinct_cells_remembered(answers):
            return job()

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kam-columns") as pool:
        started = {column: pool.submit(run, job) for column, job in jobs.items()}
        return {column: future.result() for column, future in started.items()}


def _table_context(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable,
                   method_map: dict[str, str] | None = None,
                   unknown: dict[str, dict] | None = None) -> CheckContext | None:
    """Return the context for checking a table's rows (blank, totals and footer rows trimmed,
    the sheet's facts reported), or None when no rows are left."""
    declared = schema.TABLES[tb.kind]
    rows = trim_rows(table_rows(sheet, tb, batch), tb, batch, list(declared.keys))
    rows = content.completed_rows(rows, tb, batch)  # before the checks: planned ones are no data
    rows = rows.without_shifted()  # reported: their cells sit in the wrong columns
    if rows.data.empty:
        return None
    ctx = CheckContext(batch, tb, rows, sheet.decimal_hint, method_map or {},
                       {} if unknown is None else unknown)
    sheet_facts(ctx, sheet, used_columns(rows))
    return ctx


def _without_excluded(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame without the rows whose method the user chose to leave out."""
    method = frame["method"]
    if isinstance(method.dtype, pd.CategoricalDtype) and EXCLUDE not in method.dtype.categories:
        return frame  # no row names it (asked of the categories: a sheet's rows may be few)
    excluded = method == EXCLUDE
    return frame[~excluded] if excluded.any() else frame


def interaction_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable,
                        method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    """Return a table of interactions as records (source file, sheet and row with each)."""
    ctx = _table_context(batch, sheet, tb, method_map, unknown)
    if ctx is None:
        batch.errors.append(Problem(tb.file, msg("problem.no_rows_under", row=tb.header_row),
                                    msg("fix.no_rows"), tb.sheet, rows=[tb.header_row]))
        return pd.DataFrame()
    rows = ctx.rows
    ctx = dataclasses.replace(ctx, read=_read_ahead(rows, ctx.decimal_hint, ctx.declaration))
    checked = checked_columns(ctx)
    dates = ctx.read["date"]
    quarter = quarters_of(dates) if dates.error is None else None
    frame = pd.DataFrame({
        "source_file": _constant(tb.file, len(rows.data)),
        "source_sheet": _constant(tb.sheet, len(rows.data)), "source_row": rows.row_numbers,
        "date": checked.pop("date"), "quarter": quarter, **checked},  # the quarter by its date
        index=rows.data.index, copy=False)  # every column is new: nothing to copy
    return _without_excluded(frame)


def _constant(value: str | None, n: int) -> pd.Categorical:
    """Return a column holding one value (or nothing) in every row, stored once."""
    if value is None:
        return pd.Categorical.from_codes(np.full(n, -1, np.int8),
                                         categories=pd.Index([], dtype=object))
    return pd.Categorical.from_codes(np.zeros(n, np.int8),
                                     categories=pd.Index([value], dtype=object))


def client_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable) -> pd.DataFrame:
    """Return a Clients table as records, one per client (duplicates reported)."""
    ctx = _table_context(batch, sheet, tb)
    if ctx is None:
        return pd.DataFrame()
    rows = ctx.rows
    frame = pd.DataFrame(checked_columns(ctx), index=rows.data.index)
    checked_margins(ctx, frame["margin"], frame["annual_revenue"])
    dup = frame["client"].duplicated(keep=False) & (frame["client"] != "")
    report_cells(ctx, "client", dup, msg("problem.duplicate_client"),
                 msg("fix.duplicate_client"), quoted=True)
    return frame


def valuation_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable,
                      method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    """Return a Valuations table (long, or a grid of clients by methods) as records."""
    if tb.kind == "valuation_grid":
        return valuation_grid_records(batch, sheet, tb, method_map, unknown)
    ctx = _table_context(batch, sheet, tb, method_map, unknown)
    if ctx is None:
        return pd.DataFrame()
    frame = pd.DataFrame({**checked_columns(ctx), "_row": ctx.rows.row_numbers},
                         index=ctx.rows.data.index)
    return _without_excluded(_answered(batch, tb, frame, ctx.rows.data["value"]))


def _answered(batch: ImportBatch, tb: SheetTable, frame: pd.DataFrame,
              cells: pd.Series) -> pd.DataFrame:
    """Return the rows whose value is answered; the ones left blank (a survey's question not
    answered) are counted in a note naming their rows, never stored."""
    blank = frame["value"].isna() & (text_cells(cells) == "")
    if not blank.any():
        return frame
    rows = frame.loc[blank, "_row"].astype(int).tolist()
    batch.warnings.append(Problem(tb.file, msg("warn.unanswered", n=len(rows)),
                                  sheet=tb.sheet, rows=rows))
    return frame[~blank]


def valuation_grid_records(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable,
                           method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    """Return a grid of clients by methods as valuation records, one per rated cell."""
    start = int(np.flatnonzero(sheet.row_numbers.to_numpy() == tb.header_row)[0]) + 1
    body = sheet.cells.iloc[start:]
    numbers = sheet.row_numbers.iloc[start:]
    client_j = next(j for j, h in enumerate(tb.headers) if tb.mapping.get(h) == "client")
    # A Quarter column dates each row's ratings; it is no method.
    quarter_j = next((j for j, h in enumerate(tb.headers) if h and j < body.shape[1]
                      and schema.canonical_column(h, "valuations") == "quarter"), None)
    parts = []
    by_words = set()  # the columns whose header the word rule read: noted with their ratings
    for j, h in enumerate(tb.headers):
        if j in (client_j, quarter_j) or not h or j >= body.shape[1]:
            continue
        m = taxonomy.match_method(h, method_map)
        if normalise_label(h) in method_map:
            batch.method_reading[normalise_label(h)] = method_map[normalise_label(h)]
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
        if m.by_words:
            by_words.add(j)
        parts.append((j, m.method_id))
    rows = TableRows(pd.DataFrame({"client": body.iloc[:, client_j]}), numbers,
                     {"client": f"'{tb.headers[client_j]}' ({column_letter(client_j)})"})
    rows = trim_rows(rows, tb, batch, list(schema.VALUATION_GRID.keys))
    ctx = CheckContext(batch, tb, rows, sheet.decimal_hint, method_map, unknown)
    sheet_facts(ctx, sheet, {
        f"'{tb.headers[j]}' ({column_letter(j)})": j for j in [client_j, *(j for j, _ in parts)]})
    client = checked_columns(ctx)["client"]
    quarter: object = pd.NA
    if quarter_j is not None:
        declared = schema.VALUATIONS.column("quarter")
        quarter = CHECKS[declared.kind](ctx.with_rows(TableRows(
            pd.DataFrame({"quarter": body.iloc[:, quarter_j].loc[rows.data.index]}),
            rows.row_numbers, {"quarter": f"'{tb.headers[quarter_j]}' "
                                          f"({column_letter(quarter_j)})"})), declared)
    rating = schema.TABLES["valuations"].column("value")  # what each method column holds
    frames = []
    for j, mid in parts:
        cells = body.iloc[:, j].loc[rows.data.index]
        col_rows = TableRows(pd.DataFrame({"value": cells}), rows.row_numbers,
                             {"value": f"'{tb.headers[j]}' ({column_letter(j)})"})
        v = CHECKS[rating.kind](ctx.with_rows(col_rows), rating)
        if j in by_words:
            batch.note_method_by_words(tb.headers[j], mid, tb.label(), int(v.notna().sum()))
        frames.append(pd.DataFrame({"client": client, "method": mid, "value": v,
                                    "quarter": quarter, "_row": rows.row_numbers}))
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames)
    return out[out["value"].notna()]
