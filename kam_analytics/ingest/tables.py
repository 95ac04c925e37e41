"""Finding a table in a sheet (its kind, header row and column mapping) and trimming its rows:
title rows, blank rows, totals rows and footers named in the notes, never read as data."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import msg
from kam_analytics.ingest import raw_sheets, schema
from kam_analytics.ingest.batch import ImportBatch, SheetTable
from kam_analytics.ingest.cells import cell_text, distinct_mask, text_cells
from kam_analytics.ingest.problems import Problem, column_letter
from kam_analytics.taxonomy import normalise_label

IGNORE = "__ignore__"      # header mapping target: leave this column out
EXCLUDE = "__exclude__"    # method mapping target: leave rows with this label out, with a warning

_UNUSED_SHOWN = 10  # unused headers named in the warning; the rest are counted

_TOTAL_WORDS = re.compile(
    r"^(?:grand )?(?:sub ?)?totals?\b|^sum\b|^итого\b|^всего\b|^итог\b|^промежуточный итог\b"
    r"|^сумма\b")
_CLIENT_FACTS = {"segment", "annual_revenue", "margin"}  # a table of clients holds one
_CLIENT_SHEET = re.compile(r"^(clients?|accounts?|customers?|клиенты|заказчики)$")
_VALUATION_SHEET = re.compile(r"^(valuations?|ratings?|values?|оценки|ценность|оценка)$")
def blank_rows(cells: pd.DataFrame) -> pd.Series:
    if cells.shape[1] == 0:
        return pd.Series(True, index=cells.index)
    filled = pd.Series(False, index=cells.index)
    for c in cells.columns:
        filled |= text_cells(cells[c]) != ""
    return ~filled


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
_INTERACTION_NEEDS = frozenset(schema.INTERACTIONS.required)
_VALUATION_NEEDS = frozenset(schema.VALUATIONS.required)


def _method_headers(headers: list[str], method_map: dict[str, str]) -> int:
    # Exact lookups only: match_method would also compute suggestions for every other header.
    names = (normalise_label(h) for h in headers if h)
    return sum(1 for n in names if n in method_map or n in _METHOD_INDEX)


def find_table(sheet: raw_sheets.RawSheet, header_map: dict[str, str],
               method_map: dict[str, str], only_sheet: bool) -> SheetTable | None:
    """Return the table a sheet holds (kind, header row, header mapping), or None if none."""
    window = sheet.cells.head(settings.HEADER_SEARCH_ROWS)
    # As plain rows of one array: itertuples asks pandas for each column, seconds for 20,000.
    rows = [[cell_text(c) for c in row] for row in window.to_numpy(dtype=object)]
    name = normalise_label(sheet.sheet or "")
    best: tuple[int, int, str, dict[str, str]] | None = None
    for i, headers in enumerate(rows):
        for kind, table in (("interactions", "interactions"), ("clients", "clients"),
                            ("valuations", "valuations")):
            rec = _recognised(headers, table, header_map)
            cols = set(rec.values())
            if kind == "interactions":
                score = len(cols) + 2 * len(cols & _INTERACTION_NEEDS)
                if len(cols & _INTERACTION_NEEDS) < 2 or (
                        _CLIENT_SHEET.match(name) or _VALUATION_SHEET.match(name)):
                    score = 0
            elif kind == "clients":
                score = len(cols) if "client" in cols and not cols & {"method", "date"} and (
                    cols & _CLIENT_FACTS or _CLIENT_SHEET.match(name)) else 0
            else:
                score = len(cols) + 1 if _VALUATION_NEEDS <= cols and (
                    "date" not in _recognised(headers, "interactions", header_map).values()
                ) else 0
                if not score and "client" in cols and _method_headers(headers, method_map) >= 3:
                    kind, score = "valuation_grid", 3
            if score and (best is None or score > best[0]):
                best = (score, i, kind, rec)
    if best is not None:
        _, i, kind, rec = best
        headers = rows[i]
        return SheetTable(sheet.file_name, sheet.sheet, kind, int(sheet.row_numbers.iloc[i]),
                          headers, rec, schema.TABLES[kind].missing(set(rec.values())))
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
                      schema.INTERACTIONS.missing(set(rec.values())))


# ---- reading one table's rows ----------------------------------------------------------------
@dataclass
class TableRows:
    data: pd.DataFrame          # canonical column -> raw cells
    row_numbers: pd.Series      # spreadsheet row numbers, aligned with data
    letters: dict[str, str]     # canonical column -> "'Header' (C)"
    positions: dict[str, int] = field(default_factory=dict)  # canonical column -> 0-based index
    # 0-based column -> rows whose cell is already reported (formula without a value, merged):
    # their blanks are not reported again as missing or read as 0.
    reported: dict[int, set[int]] = field(default_factory=dict)
    # Rows of a delimited text with more cells than the header, already reported: their cells
    # sit in the wrong columns, so none is checked (``without_shifted``).
    shifted: frozenset[int] = frozenset()

    def kept(self, keep: np.ndarray | pd.Series) -> TableRows:
        """Return the rows where ``keep`` holds, with all that is known about them."""
        return dataclasses.replace(self, data=self.data[keep], row_numbers=self.row_numbers[keep])

    def without_shifted(self) -> TableRows:
        """Return the rows without the shifted ones (unless no other row is left: the table
        is then reported as it reads)."""
        if not self.shifted:
            return self
        shifted = self.row_numbers.isin(self.shifted).to_numpy()
        return self if shifted.all() else self.kept(~shifted)

    def unreported(self, column: str, mask: pd.Series) -> pd.Series:
        """Return ``mask`` without the rows whose cell in ``column`` is already reported."""
        done = self.reported.get(self.positions.get(column, -1))
        return mask & ~self.row_numbers.isin(done) if done else mask


def table_rows(sheet: raw_sheets.RawSheet, tb: SheetTable, batch: ImportBatch) -> TableRows:
    start = int(np.flatnonzero(sheet.row_numbers.to_numpy() == tb.header_row)[0]) + 1
    body = sheet.cells.iloc[start:]
    numbers = sheet.row_numbers.iloc[start:]
    by_canonical: dict[str, list[int]] = {}
    for j, h in enumerate(tb.headers):
        c = tb.mapping.get(h) if h else None
        if c:
            by_canonical.setdefault(c, []).append(j)
    letters = {}
    data: dict[str, int] = {}  # canonical column -> the position of its (first) column
    for c, idxs in by_canonical.items():
        if len(idxs) > 1:
            cols = [f"'{tb.headers[j]}' ({column_letter(j)})" for j in idxs]
            batch.errors.append(Problem(
                tb.file, msg("problem.duplicate_column", columns=cols, column=c),
                msg("fix.duplicate_column"), tb.sheet, rows=[tb.header_row]))
        j = idxs[0]
        letters[c] = f"'{tb.headers[j]}' ({column_letter(j)})"
        data[c] = j
    if "hours" in data and "hours_minutes" in data:
        batch.errors.append(Problem(
            tb.file,
            msg("problem.hours_and_minutes", a=letters["hours"], b=letters["hours_minutes"]),
            msg("fix.duplicate_column"), tb.sheet, rows=[tb.header_row]))
    unused = [h for h in tb.headers if h and h not in tb.mapping]
    if unused:
        shown = msg("text.list", items=[msg("text.quoted", text=u)
                                        for u in unused[:_UNUSED_SHOWN]])
        if len(unused) > _UNUSED_SHOWN:
            shown = msg("text.and_then", first=shown,
                        then=msg("warn.more_columns", n=len(unused) - _UNUSED_SHOWN))
        batch.warnings.append(Problem(tb.file, msg("warn.unused_columns", columns=shown),
                                      sheet=tb.sheet))
    titled = ~blank_rows(sheet.cells.iloc[:start - 1]) if start > 1 else None
    if titled is not None and titled.any():
        batch.warnings.append(Problem(tb.file, msg("warn.title_rows", row=tb.header_row),
                                      sheet=tb.sheet,
                                      rows=sheet.row_numbers.iloc[:start - 1][titled.to_numpy()]
                                      .astype(int).tolist()))
    shifted = _extra_cells(tb, body, numbers, batch) if sheet.delimiter is not None else None
    if all(j < body.shape[1] for j in data.values()):  # one take of the columns, not one each
        frame = body.iloc[:, list(data.values())].set_axis(list(data), axis=1)
    else:  # a header beyond the cells read: its column is empty
        frame = pd.DataFrame({c: body.iloc[:, j] if j < body.shape[1]
                              else pd.Series(None, index=body.index) for c, j in data.items()},
                             index=body.index)
    return TableRows(frame, numbers, letters, {c: idxs[0] for c, idxs in by_canonical.items()},
                     shifted=frozenset() if shifted is None else frozenset(
                         numbers[shifted].astype(int).tolist()))


_EXTRA_SHOWN = 3  # rows whose extra cells are quoted in the problem


def _extra_cells(tb: SheetTable, body: pd.DataFrame, numbers: pd.Series,
                 batch: ImportBatch) -> np.ndarray | None:
    """Return where the rows of a delimited text have more cells than its header (None when
    none has), each such row reported: an amount with a decimal comma in a comma-separated
    file (1200,50) splits in two, and every cell after it would move one column right."""
    width = max((j + 1 for j, h in enumerate(tb.headers) if h), default=0)
    if body.shape[1] <= width:
        return None
    beyond = body.iloc[:, width:]
    extra = ~blank_rows(beyond).to_numpy()
    if not extra.any():
        return None
    rows = numbers[extra].astype(int).tolist()
    examples = []
    for (_, cells), row in zip(beyond[extra].head(_EXTRA_SHOWN).iterrows(), rows, strict=False):
        filled = [f"{column_letter(width + k)}{row} '{cell_text(c)}'"
                  for k, c in enumerate(cells) if cell_text(c)]
        examples.append(msg("text.list", items=filled))
    batch.errors.append(Problem(tb.file, msg(
        "problem.extra_cells", n=len(rows), width=width, examples=examples),
        msg("fix.extra_cells"), tb.sheet, rows=rows))
    return extra


def _filled(cells: pd.Series) -> np.ndarray:
    """Return True where a cell holds something other than blanks."""
    return distinct_mask(cells, lambda cell: cell_text(cell) != "")


def trim_rows(rows: TableRows, tb: SheetTable, batch: ImportBatch, key_columns: list[str]
              ) -> TableRows:
    """Drop blank rows, totals rows, repeated headers and a footer after the data, each dropped
    row named in a warning."""
    data = rows.data
    if data.empty:
        return rows
    n = len(data)  # the masks below are plain arrays: a million rows take no pandas overhead
    columns = set(data.columns)
    key = [c for c in key_columns if c in columns]
    has_keys = functools.reduce(np.logical_and, (_filled(data[c]) for c in key),
                                np.ones(n, bool)) if key else np.zeros(n, bool)
    header_norm = {c: normalise_label(h) for h, c in tb.mapping.items() if c in columns}
    # A repeated header row repeats the header in every key column; test one column first.
    repeated = np.zeros(n, bool)
    probe = next((c for c in key if c in header_norm), None)
    if probe is not None:
        header = header_norm[probe]
        maybe = has_keys & distinct_mask(
            data[probe], lambda cell: normalise_label(cell_text(cell)) == header)
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
            batch.warnings.append(Problem(tb.file, msg(key_name), sheet=tb.sheet,
                                          rows=rows.row_numbers[mask].astype(int).tolist()))
    keep = ~(blank | totals | repeated | footer)
    if keep.all():
        return rows
    return rows.kept(keep)
