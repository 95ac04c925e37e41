"""Column checks: numbers, dates, names, methods; every bad cell reported with its row."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import Message, msg
from kam_analytics.ingest import dates, distinct, numbers, raw_sheets
from kam_analytics.ingest.batch import ImportBatch, SheetTable
from kam_analytics.ingest.cells import (
    cell_text,
    clean_text,
    distinct_mask,
    distinct_values,
    per_distinct,
)
from kam_analytics.ingest.problems import Problem, column_letter
from kam_analytics.ingest.tables import EXCLUDE, TableRows
from kam_analytics.taxonomy import normalise_label


def report_cells(batch: ImportBatch, tb: SheetTable, rows: TableRows, column: str, mask: pd.Series,
                 message: Message, fix: Message, sample: pd.Series | None = None,
                 reasons: dict[str, Message] | None = None) -> None:
    if not mask.any():
        return
    text = message
    if sample is not None:
        cells = list(dict.fromkeys(sample[mask].tolist()))[:3]
        examples = []
        for cell in cells:
            why = (reasons or {}).get(str(cell))
            examples.append(msg("text.quoted_because", text=cell_text(cell), why=why)
                            if why and why != message else msg("text.quoted", text=cell_text(cell)))
        text = msg("problem.examples", what=message, examples=examples)
    batch.errors.append(Problem(tb.file, text, fix, tb.sheet, rows.letters.get(column),
                                rows.row_numbers[mask].astype(int).tolist()))


def _parsed(batch: ImportBatch, tb: SheetTable, rows: TableRows, column: str,
            parsed: distinct.ParsedColumn, message: Message, fix: Message) -> pd.Series:
    if parsed.error:
        batch.errors.append(Problem(tb.file, parsed.error, parsed.fix, tb.sheet,
                                    rows.letters.get(column),
                                    rows.row_numbers[~parsed.blank].astype(int).tolist()))
        return parsed.values
    report_cells(batch, tb, rows, column, parsed.bad, message, fix, rows.data[column],
                 dict(parsed.reasons))
    if parsed.note:
        batch.warnings.append(Problem(tb.file, msg("warn.format", column=rows.letters[column],
                                                 note=parsed.note), sheet=tb.sheet))
    return parsed.values


def checked_numbers(batch: ImportBatch, tb: SheetTable, rows: TableRows, column: str,
                    hint: str | None,
                    *, minimum: float | None, maximum: float | None, default: float | None,
                    parsed: distinct.ParsedColumn | None = None) -> pd.Series:
    if column not in rows.data:
        return pd.Series(default, index=rows.data.index, dtype="float64")
    if parsed is None:
        parsed = numbers.parse_number_column(rows.data[column], decimal_hint=hint)
    out = _parsed(batch, tb, rows, column, parsed, msg("problem.not_a_number"),
                  msg("fix.number"))
    if len(parsed.currencies) == 1:
        batch.warnings.append(Problem(tb.file, msg("warn.currency", column=rows.letters[column],
                                                 currencies=list(parsed.currencies)),
                                      sheet=tb.sheet))
    blank = rows.unreported(column, parsed.blank)
    if default is not None and blank.any():
        batch.warnings.append(Problem(
            tb.file, msg("warn.blank_as_default", column=rows.letters[column],
                       n=int(blank.sum()), default=f"{default:g}"),
            sheet=tb.sheet, rows=rows.row_numbers[blank].astype(int).tolist()))
    if minimum is not None:
        report_cells(batch, tb, rows, column, out < minimum,
                     msg("problem.below_min", minimum=f"{minimum:g}"), msg("fix.range"),
                     rows.data[column])
    if maximum is not None:
        report_cells(batch, tb, rows, column, out > maximum,
                     msg("problem.above_max", maximum=f"{maximum:g}"), msg("fix.range"),
                     rows.data[column])
    return out.fillna(default) if default is not None else out


def required_text(batch: ImportBatch, tb: SheetTable, rows: TableRows, column: str,
                   cleaned: pd.Series | None = None) -> pd.Series:
    if cleaned is None:
        cleaned = per_distinct(rows.data[column], clean_text, missing="")
    changed = _respaced(rows.data[column])
    if changed.any():
        batch.warnings.append(Problem(tb.file, msg("warn.spaces", column=rows.letters[column]),
                                      sheet=tb.sheet,
                                      rows=rows.row_numbers[changed].astype(int).tolist()))
    report_cells(batch, tb, rows, column, rows.unreported(column, cleaned == ""),
                 msg("problem.missing", column=column), msg("fix.missing"))
    check_text(batch, tb, rows, column, cleaned)
    return cleaned


def optional_text(batch: ImportBatch, tb: SheetTable, rows: TableRows, column: str,
                   text: pd.Series | None = None) -> pd.Series:
    if column not in rows.data:
        return pd.Series(pd.NA, index=rows.data.index, dtype=object)
    if text is None:
        text = per_distinct(rows.data[column], clean_text, missing="")
    check_text(batch, tb, rows, column, text)
    return text.where(text != "")


def _respaced(cells: pd.Series) -> pd.Series:
    """Return where a text cell has spaces, tabs or line breaks that normalising removes."""
    return distinct_mask(cells, lambda u: isinstance(u, str) and " ".join(u.split()) != u)


_FORMULA_START = tuple("=+-@")
# Markup a browser or Streamlit's Markdown would interpret: tags, script URLs, Markdown links,
# emphasis, code and LaTeX.
_MARKUP = re.compile(r"<\s*[A-Za-z!/?]|javascript:|\]\(|\*\*|__|`|\$[^$]+\$|^#{1,6}\s",
                     re.IGNORECASE)


def check_text(batch: ImportBatch, tb: SheetTable, rows: TableRows, column: str,
                text: pd.Series) -> None:
    """Report names too long to be names (error) and text that looks like formulas or markup
    (warnings): such text is stored as written and must be shown as plain text."""
    uniques = [u for u in distinct_values(text) if u]
    too_long = {u for u in uniques if len(u) > settings.MAX_TEXT_CHARS}
    if too_long:
        example = next(iter(too_long))
        report_cells(batch, tb, rows, column, text.isin(too_long),
                     msg("problem.too_long", limit=settings.MAX_TEXT_CHARS,
                     example=msg("problem.too_long_example", text=example[:40],
                                 n=len(example))),
                     msg("fix.too_long"))
    formula_like = {u for u in uniques if len(u) > 1 and u.startswith(_FORMULA_START)}
    markup = {u for u in uniques if _MARKUP.search(u)}
    for found, key in ((formula_like, "warn.formula_text"), (markup, "warn.markup_text")):
        if found:
            batch.warnings.append(Problem(tb.file, msg(key, column=rows.letters[column]),
                                          sheet=tb.sheet, rows=rows.row_numbers[
                                              text.isin(found)].astype(int).tolist()))


def sheet_facts(batch: ImportBatch, sheet: raw_sheets.RawSheet, tb: SheetTable, rows: TableRows,
                 columns: dict[str, int]) -> None:
    """Report what the workbook's XML says about the rows kept: hidden rows (a warning),
    formulas without a calculated value and cells merged down several rows (errors)."""
    if not (sheet.hidden_rows or sheet.uncalculated or sheet.merged) or rows.data.empty:
        return
    kept = set(rows.row_numbers.astype(int).tolist())
    hidden = sorted(kept.intersection(sheet.hidden_rows))
    if hidden:
        batch.warnings.append(Problem(tb.file, msg("warn.hidden_rows"), sheet=tb.sheet,
                                      rows=hidden))
    label_of = {j: label for label, j in columns.items()}
    uncalculated: dict[int, list[int]] = {}
    for row, col in sheet.uncalculated:
        if row in kept and col in label_of:
            uncalculated.setdefault(col, []).append(row)
    for col, found in sorted(uncalculated.items()):
        rows.reported.setdefault(col, set()).update(found)
        cells = [f"{column_letter(col)}{row}" for row in found[:8]]
        batch.errors.append(Problem(tb.file, msg("problem.uncalculated", cells=cells),
                                    msg("fix.uncalculated"), tb.sheet, label_of[col], found))
    merged = [(r1, c1, r2, c2) for r1, c1, r2, c2 in sheet.merged
              if r2 > r1 and any(c in label_of for c in range(c1, c2 + 1))
              and not kept.isdisjoint(range(r1, r2 + 1))]
    for r1, c1, r2, c2 in merged:
        for col in range(c1, c2 + 1):
            rows.reported.setdefault(col, set()).update(range(r1, r2 + 1))
    if merged:
        ranges = [f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"
                  for r1, c1, r2, c2 in merged[:8]]
        batch.errors.append(Problem(
            tb.file, msg("problem.merged", ranges=ranges), msg("fix.merged"), tb.sheet,
            rows=sorted({r for r1, _, r2, _ in merged for r in range(r1, r2 + 1)})))


def used_columns(rows: TableRows) -> dict[str, int]:
    return {rows.letters[c]: j for c, j in rows.positions.items() if c in rows.letters}


def checked_methods(batch: ImportBatch, tb: SheetTable, rows: TableRows, labels: pd.Series,
                    method_map: dict[str, str], unknown: dict[str, dict]
                    ) -> tuple[pd.Series, pd.Series]:
    """Return method ids per row and a mask of rows the user chose to exclude."""
    ids: dict[str, str | None] = {}
    for label in distinct_values(labels):
        if not label:
            continue
        m = taxonomy.match_method(label, method_map)
        ids[label] = m.method_id
        if m.method_id is None:
            entry = unknown.setdefault(normalise_label(label), {
                "label": label, "rows": 0, "first_rows": [], "files": [],
                "suggestions": m.suggestions})
            hit = labels == label
            entry["rows"] += int(hit.sum())
            entry["first_rows"] += rows.row_numbers[hit].astype(int).tolist()[:8]
            where = msg("text.list", items=[tb.label(),
                                            msg("where.column", column=rows.letters["method"])])
            if where not in entry["files"]:
                entry["files"].append(where)
    out = per_distinct(labels, ids.get)
    excluded = out == EXCLUDE
    if excluded.any():
        for label in distinct_values(labels[excluded]):
            hit = labels == label
            batch.warnings.append(Problem(tb.file, msg("warn.excluded", label=label,
                                                     n=int(hit.sum())),
                                          sheet=tb.sheet,
                                          rows=rows.row_numbers[hit].astype(int).tolist()))
    return out, excluded


def checked_dates(batch: ImportBatch, tb: SheetTable, rows: TableRows,
                  parsed: distinct.ParsedColumn | None = None) -> pd.Series:
    if parsed is None:
        parsed = dates.parse_date_column(rows.data["date"])
    out = _parsed(batch, tb, rows, "date", parsed, msg("problem.not_a_date"), msg("fix.date"))
    report_cells(batch, tb, rows, "date", rows.unreported("date", parsed.blank),
                 msg("problem.missing", column="date"),
                 msg("fix.missing"))
    today = date.today()
    latest = pd.Timestamp(today.replace(year=today.year + settings.LATEST_YEAR_AHEAD))
    earliest = pd.Timestamp(date(settings.EARLIEST_YEAR, 1, 1))
    report_cells(batch, tb, rows, "date", (out < earliest) | (out > latest),
                 msg("problem.date_range", earliest=str(earliest.date()),
                     latest=str(latest.date())),
                 msg("fix.date_range"), rows.data["date"])
    return out
