"""The one ingest path for every format: read -> find tables and headers -> normalise values ->
validate -> a batch ready for the store, or every problem found in one pass.

Format-specific code stops at ``readers.read_file``; from there on every sheet is a frame of
cells with the row numbers the user's spreadsheet shows.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import t
from kam_analytics.ingest import readers, sandbox, schema, values
from kam_analytics.taxonomy import normalise_label

IGNORE = "__ignore__"      # header mapping target: leave this column out
EXCLUDE = "__exclude__"    # method mapping target: leave rows with this label out, with a warning

_UNUSED_SHOWN = 10  # unused headers named in the warning; the rest are counted

_TOTAL_WORDS = re.compile(
    r"^(?:grand )?(?:sub ?)?totals?\b|^sum\b|^итого\b|^всего\b|^итог\b|^промежуточный итог\b"
    r"|^сумма\b")
_CLIENT_SHEET = re.compile(r"^(clients?|accounts?|customers?|клиенты|заказчики)$")
_VALUATION_SHEET = re.compile(r"^(valuations?|ratings?|values?|оценки|ценность|оценка)$")


# ---- results -------------------------------------------------------------------------------
@dataclass
class Problem:
    """One thing wrong (or worth knowing) in a file, with where and how to fix it."""

    file: str
    message: str
    fix: str = ""
    sheet: str | None = None
    column: str | None = None
    rows: list[int] = field(default_factory=list)

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(t("where.sheet", sheet=self.sheet))
        if self.rows:
            parts.append(_rows_text(self.rows))
        if self.column:
            parts.append(t("where.column", column=self.column))
        return ", ".join(parts)

    def text(self) -> str:
        fix = f" {t('problem.fix', fix=self.fix)}" if self.fix else ""
        return f"{self.where()}: {self.message}.{fix}"


@dataclass
class UnknownMethod:
    label: str
    rows: int
    first_rows: list[int]
    files: list[str]
    suggestions: tuple[str, ...]

    def where(self) -> str:
        """Return the files and first rows where the label stands."""
        return f"{', '.join(self.files)}, {_rows_text(self.first_rows, self.rows)}"

    def text(self) -> str:
        sugg = ", ".join(taxonomy.method_label(s) for s in self.suggestions) or "—"
        return t("problem.unknown_method", label=self.label, n=self.rows,
                 rows=f"{self.rows:,}", where=self.where(), suggestions=sugg)


@dataclass
class SheetTable:
    """A table found in a sheet: its kind, header row and how its headers map."""

    file: str
    sheet: str | None
    kind: str                    # "interactions" | "clients" | "valuations" | "valuation_grid"
    header_row: int              # as numbered in the spreadsheet
    headers: list[str]
    mapping: dict[str, str]      # header as in file -> canonical column (or "hours_minutes")
    missing: list[str]           # required canonical columns not found

    def label(self) -> str:
        return f"{self.file}" + (f" / {self.sheet}" if self.sheet else "")


@dataclass
class ImportBatch:
    files: list[tuple[str, str]]                 # (file name, sha256)
    interactions: pd.DataFrame
    clients: pd.DataFrame
    valuations: pd.DataFrame
    tables: list[SheetTable] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unknown_methods: list[UnknownMethod] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        if len(self.files) == 1:
            return self.files[0][1]
        joined = "\n".join(sorted(sha for _, sha in self.files))
        return hashlib.sha256(joined.encode()).hexdigest()

    @property
    def needs_mapping(self) -> list[SheetTable]:
        return [tb for tb in self.tables if tb.missing]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unknown_methods and not self.needs_mapping

    @property
    def quarters(self) -> list[str]:
        return sorted(set(self.interactions["quarter"].unique())
                      | set(self.valuations["quarter"].unique()))

    def problem_lines(self, limit: int = settings.MAX_PROBLEMS_LISTED) -> list[str]:
        """Return every problem as one line a manager can act on, capped with a count."""
        lines = [p.text() for p in self.errors]
        for tb in self.needs_mapping:
            lines.append(t("problem.needs_mapping", where=tb.label(), row=tb.header_row,
                           missing=", ".join(tb.missing),
                           headers=", ".join(f"'{h}'" for h in tb.headers if h)))
        lines += [u.text() for u in self.unknown_methods]
        if len(lines) > limit:
            lines = lines[:limit] + [t("problem.more", n=len(lines) - limit)]
        return lines


class ImportRejected(Exception):
    """The upload cannot be imported; ``batch`` says why, everything in one pass."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        super().__init__("\n".join(batch.problem_lines()))


# ---- helpers -------------------------------------------------------------------------------
def _rows_text(rows: list[int], total: int | None = None) -> str:
    total = len(rows) if total is None else total
    shown = rows[:8]
    text = (t("where.row", row=shown[0]) if total == 1
            else t("where.rows", rows=", ".join(str(r) for r in shown)))
    if total > len(shown):
        text += " " + t("where.and_more", n=total - len(shown))
    return text


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell_text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def text_cells(cells: pd.Series) -> pd.Series:
    """Return cells as stripped text ('' for blank), converting each distinct value once."""
    return per_distinct(cells, _cell_text, missing="")


def per_distinct(cells: pd.Series, func, missing: object = None) -> pd.Series:
    """Return ``func`` of every cell (``missing`` where the cell is missing), computed once per
    distinct value. A categorical (dictionary-encoded) column gives a categorical answer, so
    what follows also works on its distinct values."""
    found = values.distinct_cells(cells)
    results = np.empty(len(found.uniques) + 1, dtype=object)  # the last slot: missing cells
    for i, value in enumerate(map(func, found.uniques)):
        results[i] = value
    results[-1] = missing
    if isinstance(cells.dtype, pd.CategoricalDtype) or values.is_arrow_text(cells):
        codes, answers = pd.factorize(results, use_na_sentinel=True)
        return pd.Series(pd.Categorical.from_codes(
            codes[found.codes], categories=pd.Index(answers, dtype=object)), index=cells.index)
    return pd.Series(results[found.codes], index=cells.index, dtype=object, copy=False)


def distinct_mask(cells: pd.Series, predicate, missing: bool = False) -> pd.Series:
    """Return ``predicate`` of every cell as booleans, computed once per distinct value."""
    found = values.distinct_cells(cells)
    answers = np.fromiter(map(predicate, found.uniques), bool, len(found.uniques))
    return pd.Series(np.append(answers, missing)[found.codes], index=cells.index, copy=False)


def distinct_values(cells: pd.Series) -> list:
    """Return the distinct non-missing cells in order of first appearance."""
    return values.distinct_cells(cells).uniques


def _single_spaced(text: str) -> str:
    return " ".join(text.split())


def _clean_text(cell: object) -> str:
    """Return a cell as text with runs of spaces, tabs and line breaks made one space."""
    return _single_spaced(_cell_text(cell))


def _blank_rows(cells: pd.DataFrame) -> pd.Series:
    if cells.shape[1] == 0:
        return pd.Series(True, index=cells.index)
    filled = pd.Series(False, index=cells.index)
    for c in cells.columns:
        filled |= text_cells(cells[c]) != ""
    return ~filled


def quarters_of(dates: values.ParsedColumn) -> pd.Series:
    """Return "YYYYQn" for each row of a parsed date column (missing where the date is),
    worked out once per distinct cell."""
    days = pd.DatetimeIndex(dates.distinct_values)
    labels = np.array([None if pd.isna(d) else f"{d.year}Q{d.quarter}" for d in days] + [None],
                      dtype=object)  # the last for a missing cell
    per_distinct, quarters = pd.factorize(labels)
    return pd.Series(pd.Categorical.from_codes(
        per_distinct[dates.codes], categories=pd.Index(quarters, dtype=object)),
        index=dates.values.index)


_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*q\s*([1-4])|q\s*([1-4])\s*-?\s*(\d{4})|([1-4])\s*(?:кв"
                      r"(?:артал)?|q)\s*\.?\s*(\d{4})(?:\s*г(?:ода?)?)?)$")


def parse_quarter(text: str) -> str | None:
    """Return "YYYYQn" for "2026Q3", "2026 Q3", "Q3 2026", "3 кв. 2026", else None."""
    m = _QUARTER.match(normalise_label(text).replace(" ", "") if text else "")
    if not m:
        m = _QUARTER.match(normalise_label(text) if text else "")
    if not m:
        return None
    year = m.group(1) or m.group(4) or m.group(6)
    q = m.group(2) or m.group(3) or m.group(5)
    return f"{year}Q{q}"


# ---- finding the tables ----------------------------------------------------------------------
@functools.lru_cache(maxsize=65_536)
def _canonical(header: str, table: str, saved: tuple[tuple[str, str], ...]) -> str | None:
    # A sheet's header search asks about every cell of its first rows, three tables each:
    # 10,000 columns made that a million lookups.
    return schema.canonical_column(header, table, dict(saved))


def _recognised(headers: list[str], table: str, saved: dict[str, str]) -> dict[str, str]:
    saved_items = tuple(sorted(saved.items()))
    out = {}
    for h in headers:
        if not h:
            continue
        c = _canonical(h, table, saved_items)
        if c and c != IGNORE:
            out[h] = c
    return out


_METHOD_INDEX = taxonomy.method_index()


def _method_headers(headers: list[str], method_map: dict[str, str]) -> int:
    # Exact lookups only: match_method would also compute suggestions for every other header.
    names = (normalise_label(h) for h in headers if h)
    return sum(1 for n in names if n in method_map or n in _METHOD_INDEX)


def find_table(sheet: readers.RawSheet, header_map: dict[str, str],
               method_map: dict[str, str], only_sheet: bool) -> SheetTable | None:
    """Return the table a sheet holds (kind, header row, header mapping), or None if none."""
    window = sheet.cells.head(settings.HEADER_SEARCH_ROWS)
    rows = [[_cell_text(c) for c in row] for row in window.itertuples(index=False)]
    name = normalise_label(sheet.sheet or "")
    best: tuple[int, int, str, dict[str, str]] | None = None
    for i, headers in enumerate(rows):
        for kind, table in (("interactions", "interactions"), ("clients", "clients"),
                            ("valuations", "valuations")):
            rec = _recognised(headers, table, header_map)
            cols = set(rec.values())
            if kind == "interactions":
                score = len(cols) + 2 * len(cols & {"date", "client", "method"})
                if len(cols & {"date", "client", "method"}) < 2 or (
                        _CLIENT_SHEET.match(name) or _VALUATION_SHEET.match(name)):
                    score = 0
            elif kind == "clients":
                score = len(cols) if "client" in cols and not cols & {"method", "date"} and (
                    cols & {"segment", "annual_revenue"} or _CLIENT_SHEET.match(name)) else 0
            else:
                score = len(cols) + 1 if {"client", "method", "value"} <= cols and (
                    "date" not in _recognised(headers, "interactions", header_map).values()
                ) else 0
                if not score and "client" in cols and _method_headers(headers, method_map) >= 3:
                    kind, score = "valuation_grid", 3
            if score and (best is None or score > best[0]):
                best = (score, i, kind, rec)
    if best is not None:
        _, i, kind, rec = best
        headers = rows[i]
        required = {"interactions": schema.REQUIRED_NAMES, "clients": ("client",),
                    "valuations": ("client", "method", "value"),
                    "valuation_grid": ("client",)}[kind]
        missing = [c for c in required if c not in rec.values()]
        if kind == "interactions" and "hours_minutes" in rec.values():
            missing = [c for c in missing if c != "hours"]
        return SheetTable(sheet.file_name, sheet.sheet, kind, int(sheet.row_numbers.iloc[i]),
                          headers, rec, missing)
    if not only_sheet or not rows:
        return None
    # One sheet and nothing recognised: its widest early row is the header the user maps.
    widths = [sum(1 for c in r if c) for r in rows]
    i = int(np.argmax(widths))
    if widths[i] == 0:
        return None
    headers = rows[i]
    rec = _recognised(headers, "interactions", header_map)
    return SheetTable(sheet.file_name, sheet.sheet, "interactions",
                      int(sheet.row_numbers.iloc[i]), headers, rec,
                      [c for c in schema.REQUIRED_NAMES if c not in rec.values()])


# ---- reading one table's rows ----------------------------------------------------------------
@dataclass
class _Rows:
    data: pd.DataFrame          # canonical column -> raw cells
    row_numbers: pd.Series      # spreadsheet row numbers, aligned with data
    letters: dict[str, str]     # canonical column -> "'Header' (C)"
    positions: dict[str, int] = field(default_factory=dict)  # canonical column -> 0-based index
    # 0-based column -> rows whose cell is already reported (formula without a value, merged):
    # their blanks are not reported again as missing or read as 0.
    reported: dict[int, set[int]] = field(default_factory=dict)

    def unreported(self, column: str, mask: pd.Series) -> pd.Series:
        """Return ``mask`` without the rows whose cell in ``column`` is already reported."""
        done = self.reported.get(self.positions.get(column, -1))
        return mask & ~self.row_numbers.isin(done) if done else mask


def _table_rows(sheet: readers.RawSheet, tb: SheetTable, batch: ImportBatch) -> _Rows:
    start = int(np.flatnonzero(sheet.row_numbers.to_numpy() == tb.header_row)[0]) + 1
    body = sheet.cells.iloc[start:]
    numbers = sheet.row_numbers.iloc[start:]
    by_canonical: dict[str, list[int]] = {}
    for j, h in enumerate(tb.headers):
        c = tb.mapping.get(h) if h else None
        if c:
            by_canonical.setdefault(c, []).append(j)
    letters = {}
    data = {}
    for c, idxs in by_canonical.items():
        if len(idxs) > 1:
            cols = " and ".join(f"'{tb.headers[j]}' ({column_letter(j)})" for j in idxs)
            batch.errors.append(Problem(
                tb.file, t("problem.duplicate_column", columns=cols, column=c),
                t("fix.duplicate_column"), tb.sheet, rows=[tb.header_row]))
        j = idxs[0]
        letters[c] = f"'{tb.headers[j]}' ({column_letter(j)})"
        data[c] = body.iloc[:, j] if j < body.shape[1] else pd.Series(None, index=body.index)
    if "hours" in data and "hours_minutes" in data:
        batch.errors.append(Problem(
            tb.file, t("problem.hours_and_minutes", a=letters["hours"], b=letters["hours_minutes"]),
            t("fix.duplicate_column"), tb.sheet, rows=[tb.header_row]))
    unused = [h for h in tb.headers if h and h not in tb.mapping]
    if unused:
        shown = ", ".join(f"'{u}'" for u in unused[:_UNUSED_SHOWN])
        if len(unused) > _UNUSED_SHOWN:
            shown += " " + t("warn.more_columns", n=len(unused) - _UNUSED_SHOWN)
        batch.warnings.append(Problem(tb.file, t("warn.unused_columns", columns=shown),
                                      sheet=tb.sheet))
    above = sheet.cells.iloc[:start - 1]
    titled = ~_blank_rows(above) if len(above) else pd.Series(dtype=bool)
    if titled.any():
        batch.warnings.append(Problem(tb.file, t("warn.title_rows", row=tb.header_row),
                                      sheet=tb.sheet,
                                      rows=sheet.row_numbers.iloc[:start - 1][titled.to_numpy()]
                                      .astype(int).tolist()))
    frame = pd.DataFrame(data, index=body.index)
    return _Rows(frame, numbers, letters, {c: idxs[0] for c, idxs in by_canonical.items()})


def _filled(cells: pd.Series) -> pd.Series:
    """Return True where a cell holds something other than blanks."""
    return distinct_mask(cells, lambda cell: _cell_text(cell) != "")


def _trim(rows: _Rows, tb: SheetTable, batch: ImportBatch, key_columns: list[str]) -> _Rows:
    """Drop blank rows, totals rows, repeated headers and a footer after the data, each dropped
    row named in a warning."""
    data = rows.data
    if data.empty:
        return rows
    n = len(data)  # the masks below are plain arrays: a million rows take no pandas overhead
    key = [c for c in key_columns if c in data.columns]
    has_keys = functools.reduce(np.logical_and, (_filled(data[c]).to_numpy() for c in key),
                                np.ones(n, bool)) if key else np.zeros(n, bool)
    header_norm = {c: normalise_label(h) for h, c in tb.mapping.items() if c in data.columns}
    # A repeated header row repeats the header in every key column; test one column first.
    repeated = np.zeros(n, bool)
    probe = next((c for c in key if c in header_norm), None)
    if probe is not None:
        header = header_norm[probe]
        maybe = has_keys & distinct_mask(
            data[probe], lambda cell: normalise_label(_cell_text(cell)) == header).to_numpy()
        if maybe.any():
            cand = data[maybe]
            repeated[maybe] = pd.concat(
                [text_cells(cand[c]).astype(object).map(normalise_label).eq(header_norm[c])
                 for c in header_norm], axis=1).all(axis=1).to_numpy()
    # Only rows missing a key field can be blank, totals or footer rows: look closely at those.
    suspects = ~has_keys if key else np.ones(n, bool)
    if not suspects.any() and not repeated.any():
        return rows  # every row complete: nothing to drop
    blank = np.zeros(n, bool)
    totals = np.zeros(n, bool)
    if suspects.any():
        cand = data[suspects]
        texts = pd.DataFrame({c: text_cells(cand[c]).astype(object) for c in cand.columns},
                             index=cand.index)
        filled = texts.ne("")
        blank[suspects] = ~filled.any(axis=1).to_numpy()
        normalised = texts.apply(lambda col: col.map(normalise_label))
        totals[suspects] = (normalised.apply(
            lambda col: col.map(lambda u: bool(_TOTAL_WORDS.search(u)))).any(axis=1)
            & filled.any(axis=1)).to_numpy()
    # Any row with key fields missing after the last complete row is a footer.
    complete = has_keys & ~repeated
    if complete.any():  # the rows are in the sheet's order
        after = np.zeros(n, bool)
        after[n - int(np.argmax(complete[::-1])):] = True  # after the last complete row
    else:
        after = np.zeros(n, bool)
        if suspects.any():
            after[suspects] = texts.ne("").sum(axis=1).le(1).to_numpy()
    footer = after & suspects & ~blank & ~totals & ~repeated
    for mask, key_name in ((totals, "warn.totals_rows"), (repeated, "warn.repeated_header"),
                           (footer, "warn.footer_rows")):
        if mask.any():
            batch.warnings.append(Problem(tb.file, t(key_name), sheet=tb.sheet,
                                          rows=rows.row_numbers[mask].astype(int).tolist()))
    keep = ~(blank | totals | repeated | footer)
    if keep.all():
        return rows
    return _Rows(data[keep], rows.row_numbers[keep], rows.letters, rows.positions,
                 rows.reported)


def _report(batch: ImportBatch, tb: SheetTable, rows: _Rows, column: str, mask: pd.Series,
            message: str, fix: str, sample: pd.Series | None = None,
            reasons: dict[str, str] | None = None) -> None:
    if not mask.any():
        return
    text = message
    if sample is not None:
        cells = list(dict.fromkeys(sample[mask].tolist()))[:3]
        examples = []
        for cell in cells:
            why = (reasons or {}).get(str(cell))
            examples.append(f"'{_cell_text(cell)}'" + (f" ({why})" if why and why != message
                                                        else ""))
        text = f"{message}: " + ", ".join(examples)
    batch.errors.append(Problem(tb.file, text, fix, tb.sheet, rows.letters.get(column),
                                rows.row_numbers[mask].astype(int).tolist()))


def _parsed(batch: ImportBatch, tb: SheetTable, rows: _Rows, column: str,
            parsed: values.ParsedColumn, message: str, fix: str) -> pd.Series:
    if parsed.error:
        what, _, how = parsed.error.partition(values.ERROR_FIX)
        batch.errors.append(Problem(tb.file, what, how, tb.sheet,
                                    rows.letters.get(column),
                                    rows.row_numbers[~parsed.blank].astype(int).tolist()))
        return parsed.values
    _report(batch, tb, rows, column, parsed.bad, message, fix, rows.data[column],
            dict(parsed.reasons))
    if parsed.note:
        batch.warnings.append(Problem(tb.file, t("warn.format", column=rows.letters[column],
                                                 note=parsed.note), sheet=tb.sheet))
    return parsed.values


def _numbers(batch: ImportBatch, tb: SheetTable, rows: _Rows, column: str, hint: str | None,
             *, minimum: float | None, maximum: float | None, default: float | None,
             parsed: values.ParsedColumn | None = None) -> pd.Series:
    if column not in rows.data:
        return pd.Series(default, index=rows.data.index, dtype="float64")
    if parsed is None:
        parsed = values.parse_number_column(rows.data[column], decimal_hint=hint)
    out = _parsed(batch, tb, rows, column, parsed, t("problem.not_a_number"),
                  t("fix.number"))
    if len(parsed.currencies) == 1:
        batch.warnings.append(Problem(tb.file, t("warn.currency", column=rows.letters[column],
                                                 currencies=", ".join(parsed.currencies)),
                                      sheet=tb.sheet))
    blank = rows.unreported(column, parsed.blank)
    if default is not None and blank.any():
        batch.warnings.append(Problem(
            tb.file, t("warn.blank_as_default", column=rows.letters[column],
                       n=int(blank.sum()), default=f"{default:g}"),
            sheet=tb.sheet, rows=rows.row_numbers[blank].astype(int).tolist()))
    if minimum is not None:
        _report(batch, tb, rows, column, out < minimum,
                t("problem.below_min", minimum=f"{minimum:g}"), t("fix.range"), rows.data[column])
    if maximum is not None:
        _report(batch, tb, rows, column, out > maximum,
                t("problem.above_max", maximum=f"{maximum:g}"), t("fix.range"), rows.data[column])
    return out.fillna(default) if default is not None else out


def _required_text(batch: ImportBatch, tb: SheetTable, rows: _Rows, column: str,
                   cleaned: pd.Series | None = None) -> pd.Series:
    if cleaned is None:
        cleaned = per_distinct(rows.data[column], _clean_text, missing="")
    changed = _respaced(rows.data[column])
    if changed.any():
        batch.warnings.append(Problem(tb.file, t("warn.spaces", column=rows.letters[column]),
                                      sheet=tb.sheet,
                                      rows=rows.row_numbers[changed].astype(int).tolist()))
    _report(batch, tb, rows, column, rows.unreported(column, cleaned == ""),
            t("problem.missing", column=column), t("fix.missing"))
    _check_text(batch, tb, rows, column, cleaned)
    return cleaned


def _optional_text(batch: ImportBatch, tb: SheetTable, rows: _Rows, column: str,
                   text: pd.Series | None = None) -> pd.Series:
    if column not in rows.data:
        return pd.Series(pd.NA, index=rows.data.index, dtype=object)
    if text is None:
        text = per_distinct(rows.data[column], _clean_text, missing="")
    _check_text(batch, tb, rows, column, text)
    return text.where(text != "")


def _respaced(cells: pd.Series) -> pd.Series:
    """Return where a text cell has spaces, tabs or line breaks that normalising removes."""
    return distinct_mask(cells, lambda u: isinstance(u, str) and " ".join(u.split()) != u)


_FORMULA_START = tuple("=+-@")
# Markup a browser or Streamlit's Markdown would interpret: tags, script URLs, Markdown links,
# emphasis, code and LaTeX.
_MARKUP = re.compile(r"<\s*[A-Za-z!/?]|javascript:|\]\(|\*\*|__|`|\$[^$]+\$|^#{1,6}\s",
                     re.IGNORECASE)


def _check_text(batch: ImportBatch, tb: SheetTable, rows: _Rows, column: str,
                text: pd.Series) -> None:
    """Report names too long to be names (error) and text that looks like formulas or markup
    (warnings): such text is stored as written and must be shown as plain text."""
    uniques = [u for u in distinct_values(text) if u]
    too_long = {u for u in uniques if len(u) > settings.MAX_TEXT_CHARS}
    if too_long:
        example = next(iter(too_long))
        _report(batch, tb, rows, column, text.isin(too_long),
                t("problem.too_long", limit=settings.MAX_TEXT_CHARS,
                  example=f"'{example[:40]}…' ({len(example):,} characters)"),
                t("fix.too_long"))
    formula_like = {u for u in uniques if len(u) > 1 and u.startswith(_FORMULA_START)}
    markup = {u for u in uniques if _MARKUP.search(u)}
    for found, key in ((formula_like, "warn.formula_text"), (markup, "warn.markup_text")):
        if found:
            batch.warnings.append(Problem(tb.file, t(key, column=rows.letters[column]),
                                          sheet=tb.sheet, rows=rows.row_numbers[
                                              text.isin(found)].astype(int).tolist()))


def _sheet_facts(batch: ImportBatch, sheet: readers.RawSheet, tb: SheetTable, rows: _Rows,
                 columns: dict[str, int]) -> None:
    """Report what the workbook's XML says about the rows kept: hidden rows (a warning),
    formulas without a calculated value and cells merged down several rows (errors)."""
    if not (sheet.hidden_rows or sheet.uncalculated or sheet.merged) or rows.data.empty:
        return
    kept = set(rows.row_numbers.astype(int).tolist())
    hidden = sorted(kept.intersection(sheet.hidden_rows))
    if hidden:
        batch.warnings.append(Problem(tb.file, t("warn.hidden_rows"), sheet=tb.sheet,
                                      rows=hidden))
    label_of = {j: label for label, j in columns.items()}
    uncalculated: dict[int, list[int]] = {}
    for row, col in sheet.uncalculated:
        if row in kept and col in label_of:
            uncalculated.setdefault(col, []).append(row)
    for col, found in sorted(uncalculated.items()):
        rows.reported.setdefault(col, set()).update(found)
        cells = ", ".join(f"{column_letter(col)}{row}" for row in found[:8])
        batch.errors.append(Problem(tb.file, t("problem.uncalculated", cells=cells),
                                    t("fix.uncalculated"), tb.sheet, label_of[col], found))
    merged = [(r1, c1, r2, c2) for r1, c1, r2, c2 in sheet.merged
              if r2 > r1 and any(c in label_of for c in range(c1, c2 + 1))
              and not kept.isdisjoint(range(r1, r2 + 1))]
    for r1, c1, r2, c2 in merged:
        for col in range(c1, c2 + 1):
            rows.reported.setdefault(col, set()).update(range(r1, r2 + 1))
    if merged:
        ranges = ", ".join(f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"
                           for r1, c1, r2, c2 in merged[:8])
        batch.errors.append(Problem(
            tb.file, t("problem.merged", ranges=ranges), t("fix.merged"), tb.sheet,
            rows=sorted({r for r1, _, r2, _ in merged for r in range(r1, r2 + 1)})))


def _used_columns(rows: _Rows) -> dict[str, int]:
    return {rows.letters[c]: j for c, j in rows.positions.items() if c in rows.letters}


def _methods(batch: ImportBatch, tb: SheetTable, rows: _Rows, labels: pd.Series,
             method_map: dict[str, str], unknown: dict[str, dict]) -> tuple[pd.Series, pd.Series]:
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
            where = f"{tb.label()}, {t('where.column', column=rows.letters['method'])}"
            if where not in entry["files"]:
                entry["files"].append(where)
    out = per_distinct(labels, ids.get)
    excluded = out == EXCLUDE
    if excluded.any():
        for label in distinct_values(labels[excluded]):
            hit = labels == label
            batch.warnings.append(Problem(tb.file, t("warn.excluded", label=label,
                                                     n=int(hit.sum())),
                                          sheet=tb.sheet,
                                          rows=rows.row_numbers[hit].astype(int).tolist()))
    return out, excluded


def _dates(batch: ImportBatch, tb: SheetTable, rows: _Rows,
           parsed: values.ParsedColumn | None = None) -> pd.Series:
    if parsed is None:
        parsed = values.parse_date_column(rows.data["date"])
    out = _parsed(batch, tb, rows, "date", parsed, t("problem.not_a_date"), t("fix.date"))
    _report(batch, tb, rows, "date", rows.unreported("date", parsed.blank),
            t("problem.missing", column="date"),
            t("fix.missing"))
    today = date.today()
    latest = pd.Timestamp(today.replace(year=today.year + settings.LATEST_YEAR_AHEAD))
    earliest = pd.Timestamp(date(settings.EARLIEST_YEAR, 1, 1))
    _report(batch, tb, rows, "date", (out < earliest) | (out > latest),
            t("problem.date_range", earliest=earliest.date(), latest=latest.date()),
            t("fix.date_range"), rows.data["date"])
    return out


# ---- the three kinds of table ------------------------------------------------------------------
def _read_ahead(rows: _Rows, hint: str | None) -> dict[str, object]:
    """Return the interaction columns' readings (dates, numbers, cleaned texts) by column.

    They are worked out two at a time: most of their time goes to NumPy and Arrow, which let
    the other thread run meanwhile. Nothing is reported here; the checks report on the
    readings in their usual order.
    """
    jobs: dict[str, Callable[[], object]] = {}
    for column in ("cost", "hours_minutes", "hours", "value"):  # amounts first: the longest
        if column in rows.data:
            jobs[column] = functools.partial(values.parse_number_column, rows.data[column],
                                             decimal_hint=hint)
    jobs["date"] = functools.partial(values.parse_date_column, rows.data["date"])
    for column in ("client", "method", "manager"):
        if column in rows.data:
            jobs[column] = functools.partial(per_distinct, rows.data[column], _clean_text,
                                             missing="")
    answers = values.remembered()  # the distinct cells this import has worked out, shared

    def run(job: Callable[[], object]) -> object:
        with values.distinct_cells_remembered(answers):
            return job()

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kam-columns") as pool:
        started = {column: pool.submit(run, job) for column, job in jobs.items()}
        return {column: future.result() for column, future in started.items()}


def _interactions(batch: ImportBatch, sheet: readers.RawSheet, tb: SheetTable,
                  method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    rows = _trim(_table_rows(sheet, tb, batch), tb, batch, ["date", "client", "method"])
    if rows.data.empty:
        batch.errors.append(Problem(tb.file, t("problem.no_rows_under", row=tb.header_row),
                                    t("fix.no_rows"), tb.sheet, rows=[tb.header_row]))
        return pd.DataFrame()
    _sheet_facts(batch, sheet, tb, rows, _used_columns(rows))
    hint = sheet.decimal_hint
    read = _read_ahead(rows, hint)
    dates = _dates(batch, tb, rows, read["date"])
    quarter = quarters_of(read["date"]) if read["date"].error is None else None
    client = _required_text(batch, tb, rows, "client", read["client"])
    labels = _required_text(batch, tb, rows, "method", read["method"])
    method, excluded = _methods(batch, tb, rows, labels, method_map, unknown)
    cost = _numbers(batch, tb, rows, "cost", hint, minimum=0, maximum=None, default=0.0,
                    parsed=read.get("cost"))
    if "hours_minutes" in rows.data:
        minutes = _numbers(batch, tb, rows, "hours_minutes", hint, minimum=0, maximum=None,
                           default=0.0, parsed=read["hours_minutes"])
        hours = minutes / 60.0
        batch.warnings.append(Problem(tb.file, t("warn.minutes",
                                                 column=rows.letters["hours_minutes"]),
                                      sheet=tb.sheet))
    else:
        hours = _numbers(batch, tb, rows, "hours", hint, minimum=0, maximum=None, default=0.0,
                         parsed=read.get("hours"))
    value = _numbers(batch, tb, rows, "value", hint, minimum=settings.RATING_MIN,
                     maximum=settings.RATING_MAX, default=None, parsed=read.get("value"))
    frame = pd.DataFrame({
        "source_file": _constant(tb.file, len(rows.data)),
        "source_sheet": _constant(tb.sheet, len(rows.data)), "source_row": rows.row_numbers,
        "date": dates, "quarter": quarter, "client": client, "method": method, "cost": cost,
        "hours": hours, "value": value,
        "manager": _optional_text(batch, tb, rows, "manager", read.get("manager"))},
        index=rows.data.index, copy=False)  # every column is new: nothing to copy
    return frame[~excluded] if excluded.any() else frame


def _constant(value: str | None, n: int) -> pd.Categorical:
    """Return a column holding one value (or nothing) in every row, stored once."""
    if value is None:
        return pd.Categorical.from_codes(np.full(n, -1, np.int8),
                                         categories=pd.Index([], dtype=object))
    return pd.Categorical.from_codes(np.zeros(n, np.int8),
                                     categories=pd.Index([value], dtype=object))


def _clients(batch: ImportBatch, sheet: readers.RawSheet, tb: SheetTable) -> pd.DataFrame:
    rows = _trim(_table_rows(sheet, tb, batch), tb, batch, ["client"])
    if rows.data.empty:
        return pd.DataFrame()
    _sheet_facts(batch, sheet, tb, rows, _used_columns(rows))
    client = _required_text(batch, tb, rows, "client")
    revenue = _numbers(batch, tb, rows, "annual_revenue", sheet.decimal_hint, minimum=0,
                       maximum=None, default=None)
    frame = pd.DataFrame({"client": client, "manager": _optional_text(batch, tb, rows, "manager"),
                          "segment": _optional_text(batch, tb, rows, "segment"),
                          "annual_revenue": revenue}, index=rows.data.index)
    dup = frame["client"].duplicated(keep=False) & (frame["client"] != "")
    _report(batch, tb, rows, "client", dup, t("problem.duplicate_client"),
            t("fix.duplicate_client"), rows.data["client"])
    return frame


def _valuations(batch: ImportBatch, sheet: readers.RawSheet, tb: SheetTable,
                method_map: dict[str, str], unknown: dict[str, dict]) -> pd.DataFrame:
    if tb.kind == "valuation_grid":
        return _valuation_grid(batch, sheet, tb, method_map, unknown)
    rows = _trim(_table_rows(sheet, tb, batch), tb, batch, ["client", "method"])
    if rows.data.empty:
        return pd.DataFrame()
    _sheet_facts(batch, sheet, tb, rows, _used_columns(rows))
    client = _required_text(batch, tb, rows, "client")
    labels = _required_text(batch, tb, rows, "method")
    method, excluded = _methods(batch, tb, rows, labels, method_map, unknown)
    value = _numbers(batch, tb, rows, "value", sheet.decimal_hint, minimum=settings.RATING_MIN,
                     maximum=settings.RATING_MAX, default=None)
    _report(batch, tb, rows, "value", value.isna() & (text_cells(rows.data["value"]) == ""),
            t("problem.missing", column="value"), t("fix.missing"))
    quarter = pd.Series(pd.NA, index=rows.data.index, dtype=object)
    if "quarter" in rows.data:
        qtext = text_cells(rows.data["quarter"])
        quarter = per_distinct(qtext, lambda q: parse_quarter(q) if q else None).astype(object)
        _report(batch, tb, rows, "quarter", quarter.isna() & (qtext != ""),
                t("problem.not_a_quarter"), t("fix.quarter"), rows.data["quarter"])
    frame = pd.DataFrame({"client": client, "method": method, "value": value,
                          "quarter": quarter, "_row": rows.row_numbers}, index=rows.data.index)
    return frame[~excluded]


def _valuation_grid(batch: ImportBatch, sheet: readers.RawSheet, tb: SheetTable,
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
    rows = _Rows(pd.DataFrame({"client": body.iloc[:, client_j]}), numbers,
                 {"client": f"'{tb.headers[client_j]}' ({column_letter(client_j)})"})
    rows = _trim(rows, tb, batch, ["client"])
    _sheet_facts(batch, sheet, tb, rows, {
        f"'{tb.headers[j]}' ({column_letter(j)})": j for j in [client_j, *(j for j, _ in parts)]})
    client = _required_text(batch, tb, rows, "client")
    frames = []
    for j, mid in parts:
        cells = body.iloc[:, j].loc[rows.data.index]
        col_rows = _Rows(pd.DataFrame({"value": cells}), rows.row_numbers,
                         {"value": f"'{tb.headers[j]}' ({column_letter(j)})"})
        v = _numbers(batch, tb, col_rows, "value", sheet.decimal_hint,
                     minimum=settings.RATING_MIN, maximum=settings.RATING_MAX, default=None)
        frames.append(pd.DataFrame({"client": client, "method": mid, "value": v,
                                    "quarter": pd.NA, "_row": rows.row_numbers}))
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames)
    return out[out["value"].notna()]


# ---- the pipeline ----------------------------------------------------------------------------
INTERACTION_FIELDS = ["source_file", "source_sheet", "source_row", "date", "quarter", "client",
                      "method", "cost", "hours", "value", "manager"]


def _empty_batch(files: list[tuple[str, bytes]]) -> ImportBatch:
    """Return a batch with nothing in it yet; its files' digests are filled in last."""
    return ImportBatch(
        files=[(name, "") for name, _ in files],
        interactions=pd.DataFrame(columns=INTERACTION_FIELDS),
        clients=pd.DataFrame(columns=["client", "manager", "segment", "annual_revenue"]),
        valuations=pd.DataFrame(columns=["quarter", "client", "method", "value"]))


def read_sheets(name: str, data: bytes, *, isolate: bool = True) -> list[readers.RawSheet]:
    """Return a file's raw sheets; workbooks are parsed in the sandbox unless ``isolate`` is
    False. Raises readers.ReadError for a file that cannot be read."""
    if isolate and sandbox.is_workbook(data):
        return sandbox.read_file(name, data)
    # Text goes through pandas' C parser on bounded input (upload size, cell count): it
    # cannot crash the process, and a child would only add the cost of copying the cells.
    return readers.read_file(name, data)


_ENCODING_KEYS = {"cp1251": "encoding.cp1251", "cp1252": "encoding.cp1252",
                  "latin-1": "encoding.latin1", "utf-16": "encoding.utf16",
                  "utf-16-le": "encoding.utf16", "utf-16-be": "encoding.utf16",
                  "utf-32": "encoding.utf32"}


def _file_notes(batch: ImportBatch, name: str, sheets: list[readers.RawSheet]) -> None:
    """Warn once per file about how it was read: a legacy encoding, macros not run."""
    encoding = sheets[0].encoding if sheets else None
    if encoding in _ENCODING_KEYS:
        batch.warnings.append(Problem(name, t("warn.encoding",
                                              encoding=t(_ENCODING_KEYS[encoding]))))
    if any(s.macros for s in sheets):
        batch.warnings.append(Problem(name, t("warn.macros")))


Progress = Callable[[str, float], None]  # (stage: "reading" | "checking" | "storing", 0..1)


def _no_progress(stage: str, fraction: float) -> None:
    return None


def prepare_import(files: list[tuple[str, bytes]], *, header_map: dict[str, str] | None = None,
                   method_map: dict[str, str] | None = None,
                   isolate: bool = True, progress: Progress | None = None,
                   digests: list[str] | None = None) -> ImportBatch:
    """Return the batch the files make: normalised tables, or every problem in one pass.

    ``header_map`` maps normalised headers to canonical columns (or IGNORE); ``method_map``
    maps normalised method labels to method ids (or EXCLUDE). Both are the user's mappings.
    Workbooks are parsed in a child process (``sandbox``) unless ``isolate`` is False.
    ``progress`` is told the stage and the share done as the work goes. ``digests`` are the
    files' SHA-256 (hex) when the caller has worked them out already.
    """
    if digests is not None and len(digests) != len(files):
        raise ValueError("one digest per file")
    # hashlib works without holding the GIL: each file is hashed on another thread while this
    # one checks it (started after reading it: Arrow's parser has every core meanwhile).
    pool = None if digests is not None else ThreadPoolExecutor(
        max_workers=1, thread_name_prefix="kam-sha256")
    hashing: dict[int, Future] = {}

    def read(i: int, name: str, data: bytes) -> list[readers.RawSheet]:
        try:
            return read_sheets(name, data, isolate=isolate)
        finally:
            if pool is not None:
                hashing[i] = pool.submit(_sha256, data)

    try:
        with values.distinct_cells_remembered():  # each column's distinct cells worked out once
            batch = _prepared(files, header_map, method_map, read, progress)
        batch.files = [(name, digests[i] if digests is not None
                        else hashing[i].result() if i in hashing else _sha256(data))
                       for i, (name, data) in enumerate(files)]
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    return batch


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _prepared(files: list[tuple[str, bytes]], header_map: dict[str, str] | None,
              method_map: dict[str, str] | None,
              read: Callable[[int, str, bytes], list[readers.RawSheet]],
              progress: Progress | None) -> ImportBatch:
    header_map = header_map or {}
    method_map = method_map or {}
    progress = progress or _no_progress
    batch = _empty_batch(files)
    unknown: dict[str, dict] = {}
    inter, clients, vals = [], [], []
    for i, (name, data) in enumerate(files):
        progress("reading", 0.5 * i / len(files))
        if len(data) > settings.MAX_UPLOAD_MB * 1024**2:
            batch.errors.append(Problem(name, t("problem.too_big", mb=len(data) / 1024**2,
                                                limit=settings.MAX_UPLOAD_MB),
                                        t("fix.too_big")))
            continue
        try:
            sheets = read(i, name, data)
        except readers.ReadError as exc:
            batch.errors.append(Problem(name, exc.problem, exc.fix))
            continue
        progress("checking", 0.5 * (i + 0.5) / len(files))
        _file_notes(batch, name, sheets)
        visible = [s for s in sheets if not s.hidden]
        for s in sheets:
            if s.hidden:
                batch.warnings.append(Problem(name, t("warn.hidden_sheet"), sheet=s.sheet))
        found_any = False
        for s in visible:
            tb = find_table(s, header_map, method_map, only_sheet=len(visible) == 1)
            if tb is None:
                if not _blank_rows(s.cells).all():
                    batch.warnings.append(Problem(name, t("warn.sheet_skipped"), sheet=s.sheet))
                continue
            found_any = True
            batch.tables.append(tb)
            if tb.missing:
                continue
            if tb.kind == "interactions":
                inter.append(_interactions(batch, s, tb, method_map, unknown))
            elif tb.kind == "clients":
                clients.append(_clients(batch, s, tb))
            else:
                vals.append(_valuations(batch, s, tb, method_map, unknown))
        if not found_any:
            batch.errors.append(Problem(name, t("problem.no_table"), t("fix.no_table")))
    batch.unknown_methods = [
        UnknownMethod(u["label"], u["rows"], u["first_rows"][:8], u["files"], u["suggestions"])
        for u in sorted(unknown.values(), key=lambda u: -u["rows"])]
    inter = [f for f in inter if len(f)]
    if not inter and not vals and not clients and not batch.errors and not batch.needs_mapping:
        batch.errors.append(Problem(", ".join(n for n, _ in files), t("problem.no_rows"),
                                    t("fix.no_rows")))
    if batch.errors or batch.unknown_methods or batch.needs_mapping:
        return batch
    if inter:
        # Dates are midnight timestamps (parse_date_column's), not Python date objects: the
        # store casts them to DATE in bulk.
        frame = pd.concat(inter, ignore_index=True)
        frame["source_row"] = frame["source_row"].astype("int64")
        batch.interactions = _dictionary_encoded(frame[INTERACTION_FIELDS].reset_index(drop=True))
        per_quarter = batch.interactions["quarter"].value_counts().sort_index()
        per_quarter = per_quarter[per_quarter > 0]
        if len(per_quarter) > 1:
            batch.warnings.append(Problem(", ".join(n for n, _ in files), t(
                "warn.quarters", n=len(per_quarter), quarters=", ".join(
                    t("where.quarter_rows", quarter=q, n=n) for q, n in per_quarter.items()))))
    if clients:
        cl = pd.concat([c for c in clients if len(c)], ignore_index=True) if any(
            len(c) for c in clients) else batch.clients
        batch.clients = cl.drop_duplicates("client", keep="last").reset_index(drop=True)
    if vals:
        batch.valuations = _dated_valuations(batch, pd.concat(vals, ignore_index=True))
    _case_variants(batch)
    progress("checking", 0.85)
    return batch


def _dictionary_encoded(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with every text column categorical: each name is held once, and the
    store takes such columns several times faster than columns of Python strings."""
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].astype("category")
    return frame


def _dated_valuations(batch: ImportBatch, vals: pd.DataFrame) -> pd.DataFrame:
    """Return valuations with a quarter each: their own, else every quarter of the upload."""
    if vals.empty:
        return batch.valuations
    upload_quarters = sorted(set(batch.interactions["quarter"].unique()))
    undated = vals["quarter"].isna()
    if undated.any() and not upload_quarters:
        batch.errors.append(Problem(", ".join(n for n, _ in batch.files),
                                    t("problem.valuation_no_quarter"), t("fix.quarter")))
        return batch.valuations
    dated = vals[~undated]
    spread = [vals[undated].assign(quarter=q) for q in upload_quarters] if undated.any() else []
    out = pd.concat([dated, *spread], ignore_index=True)
    dup = out.duplicated(["quarter", "client", "method"], keep=False)
    if dup.any():
        batch.errors.append(Problem(
            ", ".join(n for n, _ in batch.files), t("problem.duplicate_valuation"),
            t("fix.duplicate_valuation"), rows=sorted(set(out.loc[dup, "_row"].astype(int)))))
    return out[["quarter", "client", "method", "value"]]


def _case_variants(batch: ImportBatch) -> None:
    names = pd.Series(pd.unique(batch.interactions["client"]), dtype=object)
    if names.empty:
        return
    folded = names.map(normalise_label)
    clash = folded.duplicated(keep=False)
    if clash.any():
        groups = names[clash].groupby(folded[clash]).agg(lambda s: " / ".join(sorted(s)))
        batch.warnings.append(Problem(", ".join(n for n, _ in batch.files),
                                      t("warn.similar_clients", names="; ".join(groups))))


def run_import(store, files: list[tuple[str, bytes]], *, mode: str | None = None,
               header_map: dict[str, str] | None = None,
               method_map: dict[str, str] | None = None, isolate: bool = True,
               progress: Progress | None = None):
    """Import files into the store as one import and return the store's outcome.

    Saved mappings apply, the given ones win and are saved once the import succeeds. Raises
    ImportRejected (nothing stored) or store.NeedsDecision (quarters already hold data).
    """
    headers = {**store.mappings("header"), **(header_map or {})}
    methods = {**store.mappings("method"), **(method_map or {})}
    batch = prepare_import(files, header_map=headers, method_map=methods, isolate=isolate,
                           progress=progress)
    return store_batch(store, batch, mode=mode, header_map=header_map, method_map=method_map,
                       progress=progress)


def store_batch(store, batch: ImportBatch, *, mode: str | None = None,
                header_map: dict[str, str] | None = None,
                method_map: dict[str, str] | None = None, progress: Progress | None = None):
    """Store a prepared batch as one import and return the store's outcome; the mappings the
    user chose for it are saved once it is stored.

    Raises ImportRejected (nothing stored) or store.NeedsDecision (quarters hold data).
    """
    if not batch.ok:
        raise ImportRejected(batch)
    progress = progress or _no_progress
    progress("storing", 0.9)
    outcome = store.save_import(
        file_names=[n for n, _ in batch.files], sha256=batch.sha256,
        interactions=batch.interactions, clients=batch.clients, valuations=batch.valuations,
        warnings=[w.text() for w in batch.warnings], mode=mode)
    store.save_mappings("header", header_map or {})
    store.save_mappings("method", method_map or {})
    progress("storing", 1.0)
    outcome.batch = batch
    return outcome
