"""Column checks: numbers, dates, names, methods; every bad cell reported with its row.

Each check reads what it checks (kind, range, blank-cell default, length) from the column's
declaration in the schema; ``CHECKS`` names the check for each kind.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import Message, msg, render
from kam_analytics.ingest import dates, distinct, numbers, raw_sheets, schema, vocabulary
from kam_analytics.ingest.batch import ImportBatch, SheetTable
from kam_analytics.ingest.cells import (
    cell_text,
    clean_text,
    distinct_mask,
    distinct_values,
    has_invisible,
    per_distinct,
    text_cells,
)
from kam_analytics.ingest.problems import Problem, column_letter
from kam_analytics.ingest.quarters import parse_quarter
from kam_analytics.ingest.tables import EXCLUDE, TableRows
from kam_analytics.taxonomy import normalise_label


@dataclass(frozen=True)
class CheckContext:
    """What every check of one table's rows needs: where to report, the rows, and what the
    sheet and the import already know. Frozen: a check sees the same context as the next one
    (the batch and the unknown methods are shared and filled in)."""

    batch: ImportBatch
    table: SheetTable
    rows: TableRows
    decimal_hint: str | None = None  # "," for a decimal-comma file
    method_map: dict[str, str] = field(default_factory=dict)  # the user's saved method labels
    unknown: dict[str, dict] = field(default_factory=dict)  # unknown method labels, collected
    read: dict[str, object] = field(default_factory=dict)  # readings worked out ahead, by column

    @property
    def declaration(self) -> schema.Table:
        """Return the schema's declaration of this kind of table."""
        return schema.TABLES[self.table.kind]

    def with_rows(self, rows: TableRows) -> CheckContext:
        """Return the same context over other rows (one column of a grid), nothing read ahead."""
        return dataclasses.replace(self, rows=rows, read={})


def report_cells(ctx: CheckContext, column: str, mask: pd.Series | np.ndarray, message: Message,
                 fix: Message, quoted: bool = False,
                 reasons: dict[str, Message] | None = None) -> None:
    """Report the cells of ``column`` where ``mask`` holds, up to three of them quoted if
    ``quoted``."""
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
    if not mask.any():
        return
    text = message
    if quoted:
        sample = rows.data[column]
        cells = list(dict.fromkeys(sample[mask].tolist()))[:3]
        examples = []
        for cell in cells:
            why = (reasons or {}).get(str(cell))
            # the reason is worth adding only where it says more than the problem itself
            said_more = why and render(why) != render(message)
            examples.append(msg("text.quoted_because", text=cell_text(cell), why=why)
                            if said_more else msg("text.quoted", text=cell_text(cell)))
        text = msg("problem.examples", what=message, examples=examples)
    batch.errors.append(Problem(tb.file, text, fix, tb.sheet, rows.letters.get(column),
                                rows.row_numbers[mask].astype(int).tolist()))


def _parsed(ctx: CheckContext, column: str, parsed: distinct.ParsedColumn, message: Message,
            fix: Message) -> pd.Series:
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
    if parsed.error:
        batch.errors.append(Problem(tb.file, parsed.error, parsed.fix, tb.sheet,
                                    rows.letters.get(column),
                                    rows.row_numbers[~parsed.blank].astype(int).tolist()))
        return parsed.values
    report_cells(ctx, column, parsed.bad, message, fix, quoted=True,
                 reasons=dict(parsed.reasons))
    if parsed.note:
        batch.warnings.append(Problem(tb.file, msg("warn.format", column=rows.letters[column],
                                                 note=parsed.note), sheet=tb.sheet))
    return parsed.values


def checked_numbers(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a number column as floats (the declared default for a blank cell), every cell
    that is not a number or lies outside the declared range reported."""
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
    column, default = declared.name, declared.default
    minimum, maximum = declared.minimum, declared.maximum
    if column not in rows.data:
        return pd.Series(default, index=rows.data.index, dtype="float64")
    parsed = ctx.read.get(column)
    if parsed is None:
        parsed = numbers.parse_number_column(rows.data[column], decimal_hint=ctx.decimal_hint)
    out = _parsed(ctx, column, parsed, msg("problem.not_a_number"), msg("fix.number"))
    if declared.kind == "money":
        out = _scaled_by_header(ctx, column, out)
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
    values = out.to_numpy(dtype="float64", na_value=np.nan)  # compared in NumPy: no pandas
    if minimum is not None:  # cost per comparison, which a workbook of 1,000 sheets repeats
        report_cells(ctx, column, values < minimum,
                     msg("problem.below_min", minimum=f"{minimum:g}"), msg("fix.range"),
                     quoted=True)
    if maximum is not None:
        money = declared.kind == "money"
        report_cells(ctx, column, values > maximum,
                     msg("problem.above_max", maximum=f"{maximum:,.0f}" if money
                         else f"{maximum:g}"),
                     msg("fix.amount_max" if money else "fix.range"), quoted=True)
    if declared.kind == "money":
        _note_rounded_amounts(ctx, column, out)
        _note_outlying_amounts(ctx, column, out)
    elif declared.kind == "hours":
        _note_implausible_hours(ctx, column, out)
    return out.fillna(default) if default is not None else out


def _header_of(ctx: CheckContext, column: str) -> str:
    """Return the header of a canonical column as the file writes it ('' if unknown)."""
    j = ctx.rows.positions.get(column)
    return ctx.table.headers[j] if j is not None and j < len(ctx.table.headers) else ""


def _scaled_by_header(ctx: CheckContext, column: str, amounts: pd.Series) -> pd.Series:
    """Return amounts multiplied by the unit their header names ('Spend (€k)': ×1,000),
    exactly (1.2345 k is 1,234.5, not 1,234.4999...), with a note saying so."""
    header = _header_of(ctx, column)
    factor = schema.header_scale(header)
    if factor is None:
        ctx.batch.errors.append(Problem(ctx.table.file, msg("problem.two_units", header=header),
                                        msg("fix.two_units"), ctx.table.sheet,
                                        ctx.rows.letters[column], [ctx.table.header_row]))
        return amounts
    if factor == 1:
        return amounts
    ctx.batch.warnings.append(Problem(ctx.table.file, msg(
        "warn.scaled_amounts", header=header, factor=factor,
        unit=msg("text.thousands" if factor == 1_000 else "text.millions")), sheet=ctx.table.sheet))
    # The decimal text of each float, multiplied as a Decimal: the nearest float to the
    # exact product (the float product itself may be off in the last place).
    return per_distinct(amounts, lambda v: float(Decimal(repr(float(v))) * factor)
                        if pd.notna(v) else np.nan, missing=np.nan).astype("float64")


def _rows_and_values(ctx: CheckContext, mask: np.ndarray, values: np.ndarray) -> Message:
    """Return up to three rows of ``mask`` with their values ('row 7: 1,250')."""
    shown = np.flatnonzero(mask)[:3]
    rows = ctx.rows.row_numbers.to_numpy()
    return msg("text.list", items=[msg("where.row_value", row=int(rows[i]), value=f"{values[i]:,g}")
                                   for i in shown])


def _note_outlying_amounts(ctx: CheckContext, column: str, amounts: pd.Series) -> None:
    """Warn about amounts over ``settings.OUTLIER_FACTOR`` times the median of the column's
    amounts above zero (at least ``settings.OUTLIER_MIN_AMOUNTS`` of them): a misplaced
    decimal point or a unit read wrongly, most likely."""
    values = amounts.to_numpy(dtype="float64", na_value=np.nan)
    positive = values[values > 0]
    if len(positive) < settings.OUTLIER_MIN_AMOUNTS:
        return
    median = float(np.median(positive))
    far = values > settings.OUTLIER_FACTOR * median
    if far.any():
        ctx.batch.warnings.append(Problem(ctx.table.file, msg(
            "warn.outlying_amounts", column=ctx.rows.letters[column], n=int(far.sum()),
            factor=settings.OUTLIER_FACTOR, median=f"{median:,g}",
            examples=_rows_and_values(ctx, far, values)),
            msg("fix.outlying_amounts"), ctx.table.sheet,
            rows=ctx.rows.row_numbers[far].astype(int).tolist()))


def _note_implausible_hours(ctx: CheckContext, column: str, hours: pd.Series) -> None:
    """Warn about an hours column that looks like minutes (most values multiples of 5, their
    median 15 or more), else about any hours over a day for one interaction."""
    values = hours.to_numpy(dtype="float64", na_value=np.nan)
    positive = values[values > 0]
    over_day = values > settings.MAX_HOURS_PER_INTERACTION
    header = _header_of(ctx, column)
    letters, rows = ctx.rows.letters[column], ctx.rows.row_numbers
    if (len(positive) >= settings.MINUTES_LIKE_MIN_VALUES
            and np.median(positive) >= settings.MINUTES_LIKE_MEDIAN
            and np.mean(positive % 5 == 0) >= settings.MINUTES_LIKE_SHARE):
        ctx.batch.warnings.append(Problem(ctx.table.file, msg(
            "warn.hours_look_like_minutes", column=letters, median=f"{np.median(positive):g}",
            share=f"{np.mean(positive % 5 == 0):.0%}"),
            msg("fix.hours_as_minutes", header=header), ctx.table.sheet,
            rows=rows[over_day].astype(int).tolist()))
    else:
        _note_hours_over_day(ctx, column, values, msg("fix.hours_as_minutes", header=header))


def _note_hours_over_day(ctx: CheckContext, column: str, hours: np.ndarray, fix: Message
                         ) -> None:
    """Warn about interactions of more than a day, naming them with their hours."""
    over_day = hours > settings.MAX_HOURS_PER_INTERACTION
    if over_day.any():
        ctx.batch.warnings.append(Problem(ctx.table.file, msg(
            "warn.hours_over_day", column=ctx.rows.letters[column], n=int(over_day.sum()),
            hours=f"{settings.MAX_HOURS_PER_INTERACTION:g}",
            examples=_rows_and_values(ctx, over_day, hours)),
            fix, ctx.table.sheet, rows=ctx.rows.row_numbers[over_day].astype(int).tolist()))


def _note_rounded_amounts(ctx: CheckContext, column: str, amounts: pd.Series) -> None:
    """Warn about amounts with more decimals than the store keeps (they are stored rounded);
    a float's binary noise (0.30000000000000004) is not counted."""
    places = settings.AMOUNT_DECIMALS
    values = amounts.to_numpy(dtype="float64", na_value=np.nan)
    rounded = np.round(values, places)
    more = np.abs(values - rounded) > 1e-9 * np.maximum(1.0, np.abs(values))
    if not more.any():
        return
    first = values[more][0]
    ctx.batch.warnings.append(Problem(
        ctx.table.file, msg("warn.amount_decimals", column=ctx.rows.letters[column],
                            n=int(more.sum()), places=places, example=repr(float(first)),
                            stored=f"{rounded[more][0]:.{places}f}"),
        sheet=ctx.table.sheet, rows=ctx.rows.row_numbers[more].astype(int).tolist()))


def required_text(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a text column cleaned ('' for blank), every blank cell reported as missing."""
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
    column = declared.name
    cleaned = ctx.read.get(column)
    if cleaned is None:
        cleaned = per_distinct(rows.data[column], clean_text, missing="")
    changed = _respaced(rows.data[column])
    if changed.any():
        batch.warnings.append(Problem(tb.file, msg("warn.spaces", column=rows.letters[column]),
                                      sheet=tb.sheet,
                                      rows=rows.row_numbers[changed].astype(int).tolist()))
    _note_invisible(ctx, column)
    report_cells(ctx, column, rows.unreported(column, cleaned == ""),
                 msg("problem.missing", column=column), msg("fix.missing"))
    check_text(ctx, declared, cleaned)
    return cleaned


def optional_text(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a text column cleaned, missing for blank (all missing if the table lacks it)."""
    rows, column = ctx.rows, declared.name
    if column not in rows.data:
        return pd.Series(pd.NA, index=rows.data.index, dtype=object)
    text = ctx.read.get(column)
    if text is None:
        text = per_distinct(rows.data[column], clean_text, missing="")
    _note_invisible(ctx, column)
    check_text(ctx, declared, text)
    return text.where(text != "")


def _note_invisible(ctx: CheckContext, column: str) -> None:
    """Warn about the rows whose text held characters that show as nothing (removed)."""
    found = distinct_mask(ctx.rows.data[column], has_invisible)
    if found.any():
        ctx.batch.warnings.append(Problem(
            ctx.table.file, msg("warn.invisible", column=ctx.rows.letters[column],
                                n=int(found.sum())),
            sheet=ctx.table.sheet, rows=ctx.rows.row_numbers[found].astype(int).tolist()))


def _respaced(cells: pd.Series) -> np.ndarray:
    """Return where a text cell has spaces, tabs or line breaks that normalising removes."""
    return distinct_mask(cells, lambda u: isinstance(u, str) and " ".join(u.split()) != u)


_FORMULA_START = tuple("=+-@")
# Markup a browser or Streamlit's Markdown would interpret: tags, script URLs, Markdown links,
# emphasis, code and LaTeX.
_MARKUP = re.compile(r"<\s*[A-Za-z!/?]|javascript:|\]\(|\*\*|__|`|\$[^$]+\$|^#{1,6}\s",
                     re.IGNORECASE)


def check_text(ctx: CheckContext, declared: schema.Column, text: pd.Series) -> None:
    """Report names too long to be names (error) and text that looks like formulas or markup
    (warnings): such text is stored as written and must be shown as plain text."""
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
    column, limit = declared.name, declared.max_chars
    uniques = [u for u in distinct_values(text) if u]
    too_long = {u for u in uniques if len(u) > limit}
    if too_long:
        example = next(iter(too_long))
        report_cells(ctx, column, text.isin(too_long),
                     msg("problem.too_long", limit=limit,
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


def sheet_facts(ctx: CheckContext, sheet: raw_sheets.RawSheet, columns: dict[str, int]) -> None:
    """Report what the workbook's XML says about the rows kept: hidden rows (a warning),
    formulas without a calculated value and cells merged down several rows (errors)."""
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
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
    """Return the 0-based position of each column the rows use, by its letter label."""
    return {rows.letters[c]: j for c, j in rows.positions.items() if c in rows.letters}


def checked_methods(ctx: CheckContext, labels: pd.Series) -> pd.Series:
    """Return method ids per row (``EXCLUDE`` where the user chose to leave the label out),
    unknown labels collected in ``ctx.unknown``: the most frequent first, up to
    settings.UNKNOWN_METHODS_LISTED, the rest counted on the batch."""
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
    found = distinct.distinct_cells(labels)
    if len(found.uniques) > settings.MAX_METHOD_LABELS:
        # A method column names a few dozen methods: hundreds of thousands of different
        # labels mean another column is read as the methods. Said at once, not matched one
        # by one (a million labels would take a minute to reject).
        batch.errors.append(Problem(tb.file, msg(
            "problem.too_many_labels", column=rows.letters["method"], n=len(found.uniques),
            limit=settings.MAX_METHOD_LABELS), msg("fix.too_many_labels"), tb.sheet))
        return pd.Series(None, index=labels.index, dtype=object)
    codes = np.asarray(found.codes)
    counts = np.bincount(codes[codes >= 0], minlength=len(found.uniques))
    # Each label's rows in row order from one sort, not one scan of the column per label:
    # 100,000 unknown labels took 41 s that way.
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(len(found.uniques)))
    row_numbers = rows.row_numbers.to_numpy()
    ids: dict[str, str | None] = {}
    unknown = []
    for i, label in enumerate(found.uniques):
        if not label:
            continue
        m = taxonomy.match_method(label, ctx.method_map)
        ids[label] = m.method_id
        norm = normalise_label(label)
        if norm in ctx.method_map:
            batch.method_reading[norm] = ctx.method_map[norm]
        if m.by_words:
            batch.note_method_by_words(label, m.method_id, tb.label(), int(counts[i]))
        if m.method_id is None:
            first = row_numbers[order[starts[i]:starts[i] + min(int(counts[i]), 8)]]
            unknown.append((int(counts[i]), label, m.suggestions, first.astype(int).tolist()))
    where = msg("text.list", items=[tb.label(),
                                    msg("where.column", column=rows.letters["method"])])
    for n, label, suggestions, first in sorted(unknown, key=lambda u: -u[0]):
        norm = normalise_label(label)
        if norm not in ctx.unknown and len(ctx.unknown) >= settings.UNKNOWN_METHODS_LISTED:
            labels_more, rows_more = batch.unknown_methods_more
            batch.unknown_methods_more = (labels_more + 1, rows_more + n)
            continue
        entry = ctx.unknown.setdefault(norm, {
            "label": label, "rows": 0, "first_rows": [], "files": [],
            "suggestions": suggestions})
        entry["rows"] += n
        entry["first_rows"] = (entry["first_rows"] + first)[:8]
        if where not in entry["files"]:
            entry["files"].append(where)
    out = per_distinct(labels, ids.get)
    if EXCLUDE in ids.values():  # asked of the labels first: a sheet's rows may be few
        excluded = out == EXCLUDE
        for label in distinct_values(labels[excluded]):
            hit = labels == label
            batch.warnings.append(Problem(tb.file, msg("warn.excluded", label=label,
                                                     n=int(hit.sum())),
                                          sheet=tb.sheet,
                                          rows=rows.row_numbers[hit].astype(int).tolist()))
    return out


def checked_dates(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a date column as timestamps, every cell that is not a date, blank or outside
    the declared years reported."""
    rows, column = ctx.rows, declared.name
    if column not in rows.data:  # an optional date column the table lacks
        return pd.Series(pd.NaT, index=rows.data.index, dtype="datetime64[ns]")
    parsed = ctx.read.get(column)
    if parsed is None:
        parse = (dates.parse_timestamp_column if declared.kind == "timestamp"
                 else dates.parse_date_column)
        parsed = parse(rows.data[column])
    out = _parsed(ctx, column, parsed, msg("problem.not_a_date"), msg("fix.date"))
    if ctx.declaration.is_required(column):
        report_cells(ctx, column, rows.unreported(column, parsed.blank),
                     msg("problem.missing", column=column),
                     msg("fix.missing"))
    today = date.today()
    latest = pd.Timestamp(today.replace(year=today.year + int(declared.maximum)))
    earliest = pd.Timestamp(date(int(declared.minimum), 1, 1))
    days = out.to_numpy(dtype="datetime64[ns]")
    report_cells(ctx, column, (days < earliest.to_datetime64()) | (days > latest.to_datetime64()),
                 msg("problem.date_range", earliest=str(earliest.date()),
                     latest=str(latest.date())),
                 msg("fix.date_range"), quoted=True)
    return out


def checked_words(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a column of a declared vocabulary's words (missing where blank). A yes/no cell
    that is neither is an error; an event type or role outside the vocabulary is left blank
    with a warning naming it and the words read (never taken as the nearest word)."""
    rows, column, kind = ctx.rows, declared.name, declared.kind
    if column not in rows.data:
        return pd.Series(None, index=rows.data.index, dtype=object)
    cells = rows.data[column]
    unknown = rows.unreported(column, vocabulary.unknown_words(cells, kind))
    words = msg("text.list", items=list(schema.VOCABULARIES[kind]))
    if kind == "yesno":
        report_cells(ctx, column, unknown, msg("problem.not_yes_no"), msg("fix.yes_no"),
                     quoted=True)
    elif unknown.any():
        shown = list(dict.fromkeys(text_cells(cells)[unknown].tolist()))[:3]
        ctx.batch.warnings.append(Problem(
            ctx.table.file, msg("warn.unknown_words", column=rows.letters[column],
                                n=int(unknown.sum()), words=shown),
            msg("fix.unknown_words", words=words), ctx.table.sheet, rows.letters[column],
            rows.row_numbers[unknown].astype(int).tolist()))
    return vocabulary.values_of(cells, kind)


def checked_quarters(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a quarter column as '2026Q3' texts (missing for blank), every cell that names
    no quarter reported."""
    rows, column = ctx.rows, declared.name
    if column not in rows.data:
        return pd.Series(pd.NA, index=rows.data.index, dtype=object)
    qtext = text_cells(rows.data[column])
    quarter = per_distinct(qtext, lambda q: parse_quarter(q) if q else None).astype(object)
    report_cells(ctx, column, quarter.isna() & (qtext != ""),
                 msg("problem.not_a_quarter"), msg("fix.quarter"), quoted=True)
    return quarter


def checked_minutes(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a minutes column as hours, checked as numbers, with a warning that it was
    converted."""
    batch, tb, rows = ctx.batch, ctx.table, ctx.rows
    hours = checked_numbers(ctx, declared) / 60.0
    _note_hours_over_day(ctx, declared.name, hours.to_numpy(dtype="float64", na_value=np.nan),
                         msg("fix.minutes_over_day"))
    batch.warnings.append(Problem(tb.file, msg("warn.minutes",
                                             column=rows.letters["hours_minutes"]),
                                  sheet=tb.sheet))
    return hours


def checked_text(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a text column cleaned: '' for blank and reported if the table requires it,
    else missing."""
    if ctx.declaration.is_required(declared.name):
        return required_text(ctx, declared)
    return optional_text(ctx, declared)


def checked_method_column(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a method column as method ids (``EXCLUDE`` for rows left out)."""
    return checked_methods(ctx, checked_text(ctx, declared))


def checked_number_column(ctx: CheckContext, declared: schema.Column) -> pd.Series:
    """Return a number column checked, its blank cells reported as missing if the table
    needs every row to fill it."""
    out = checked_numbers(ctx, declared)
    if ctx.declaration.needs_cell(declared.name):
        report_cells(ctx, declared.name,
                     out.isna() & (text_cells(ctx.rows.data[declared.name]) == ""),
                     msg("problem.missing", column=declared.name), msg("fix.missing"))
    return out


# The check each kind of column gets (schema.KINDS).
CHECKS: dict[str, Callable[[CheckContext, schema.Column], pd.Series]] = {
    "date": checked_dates, "name": checked_text, "text": checked_text,
    "method": checked_method_column, "money": checked_number_column,
    "hours": checked_number_column, "rating": checked_number_column,
    "minutes": checked_minutes, "quarter": checked_quarters,
    "status": optional_text,  # the rows of activities not completed are left out before
    "timestamp": checked_dates, "event": checked_words, "role": checked_words,
    "yesno": checked_words,
}


def checked_columns(ctx: CheckContext) -> dict[str, pd.Series]:
    """Return every declared column of the context's table checked by its kind, in the
    declared order (an alternative form in place of the column it stands for)."""
    out = {}
    for declared in ctx.declaration.as_read(ctx.rows.data.columns):
        out[declared.stands_for or declared.name] = CHECKS[declared.kind](ctx, declared)
    return out


def checked_margins(ctx: CheckContext, margin: pd.Series, revenue: pd.Series) -> None:
    """Report a Clients table's margins that cannot be amounts of gross margin: above the
    client's revenue, or a column of shares (0.25 for 25 %); note negative ones (kept: the
    client is sold to below cost) and clients with no margin (left out of the economics)."""
    if "margin" not in ctx.rows.data:
        return
    header = _header_of(ctx, "margin")
    if "net" in normalise_label(header).split():  # 'net' is dropped from headers as a unit
        ctx.batch.errors.append(Problem(
            ctx.table.file, msg("problem.net_margin", header=header), msg("fix.net_margin"),
            ctx.table.sheet, ctx.rows.letters["margin"], [ctx.table.header_row]))
        return
    values = margin.to_numpy(dtype="float64", na_value=np.nan)
    income = revenue.to_numpy(dtype="float64", na_value=np.nan)
    report_cells(ctx, "margin", values > income, msg("problem.margin_above_revenue"),
                 msg("fix.margin_above_revenue"), quoted=True)
    given = ~np.isnan(values) & (values != 0)
    if given.any() and (np.abs(values[given]) <= 1).all():
        report_cells(ctx, "margin", given, msg("problem.margin_as_share"),
                     msg("fix.margin_as_share"), quoted=True)
        return
    rows, letter = ctx.rows.row_numbers, ctx.rows.letters["margin"]
    for key, mask in (("warn.negative_margin", values < 0), ("warn.no_margin", np.isnan(values))):
        if mask.any():
            ctx.batch.warnings.append(Problem(
                ctx.table.file, msg(key, n=int(mask.sum())), sheet=ctx.table.sheet,
                column=letter, rows=rows[mask].astype(int).tolist()))
