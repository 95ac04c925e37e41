"""Columns read by what they hold as well as by their header.

A header is a hint; the values decide. The method column is the one whose values are methods,
whatever its header says (a CRM's 'Activity Type' of Meeting and Call is not, when 'Subject'
holds the methods); of two columns whose headers name the same column, the one whose values fit
it wins; a column of numbers left unused while a measure (cost, hours, value) is missing is a
question to the user, never a silent loss; and where a CRM export has a Status column, only
completed activities are imported. Every choice made here is said in the import's notes.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import Message, msg
from kam_analytics.ingest import dates, numbers, raw_sheets, schema
from kam_analytics.ingest.batch import ImportBatch, SheetTable
from kam_analytics.ingest.cells import cell_text, distinct_values, per_distinct, text_cells
from kam_analytics.ingest.problems import Problem, column_letter
from kam_analytics.ingest.tables import IGNORE, TableRows
from kam_analytics.taxonomy import normalise_label

_METHOD_INDEX = taxonomy.method_index()
_normalised = functools.lru_cache(maxsize=65_536)(schema.normalise_header)
# What a share of a column's values is, said in the notes (by the kind of column).
_WHAT: dict[str, str] = {"method": "content.methods", "date": "content.dates",
                         "money": "content.amounts", "hours": "content.hours",
                         "rating": "content.ratings"}
# Content alone names only columns whose values say what they are: methods and dates. Names
# (client, manager) look like any text, and a column of small numbers fits ratings, hours and
# money alike: those are decided by their header, by the user, or asked.
_BY_CONTENT_ALONE = ("method", "date")
_SCORED = ("method", "date", "cost", "hours", "value")  # headers competing for these: by values


@dataclass(frozen=True)
class Candidate:
    """A column that may be the one sought, with the share of its values that fit it."""

    index: int  # 0-based position in the sheet
    header: str
    share: float

    def label(self) -> str:
        return f"'{self.header}' ({column_letter(self.index)})"


def clear_winner(candidates: list[Candidate]) -> Candidate | None:
    """Return the candidate whose values fit at least CONTENT_MIN_SHARE and lead every other
    candidate's by CONTENT_MARGIN, or None when no candidate clearly wins."""
    ranked = sorted(candidates, key=lambda c: -c.share)
    if not ranked or ranked[0].share < settings.CONTENT_MIN_SHARE:
        return None
    if len(ranked) > 1 and ranked[0].share - ranked[1].share < settings.CONTENT_MARGIN:
        return None
    return ranked[0]


# ---- how well a column's values fit ------------------------------------------------------------
def method_share(cells: pd.Series, method_map: dict[str, str]) -> float:
    """Return the share of the distinct filled cells that name a method exactly (a label, id
    or synonym of the taxonomy, or a label the user mapped)."""
    labels = {normalise_label(text) for u in distinct_values(cells) if (text := cell_text(u))}
    if not labels:
        return 0.0
    return sum(1 for n in labels if n in method_map or n in _METHOD_INDEX) / len(labels)


def _parsed_share(parsed, fits: Callable[[pd.Series], pd.Series] | None = None) -> float:
    filled = ~parsed.blank
    if parsed.error is not None or not filled.any():
        return 0.0
    good = filled & ~parsed.bad
    if fits is not None:
        good &= fits(parsed.values)
    return float(good.sum() / filled.sum())


def _distinct_filled(cells: pd.Series) -> pd.Series:
    """Return the distinct cells that are not blank (a column's values, each once)."""
    uniques = pd.unique(cells.to_numpy(dtype=object))
    return pd.Series([u for u in uniques if cell_text(u) != ""], dtype=object)


def _has_digits(cells: pd.Series) -> bool:
    return any(any(ch.isdigit() for ch in cell_text(u)) for u in cells)


def date_share(cells: pd.Series) -> float:
    """Return the share of the distinct filled cells that are dates."""
    values = _distinct_filled(cells)
    if not _has_digits(values) and not any(isinstance(u, date) for u in values):
        return 0.0  # no parsing needed: a column without a digit holds no dates
    return _parsed_share(dates.parse_date_column(values))


def number_share(cells: pd.Series, declared: schema.Column | None = None) -> float:
    """Return the share of the distinct filled cells that are numbers (within the declared
    column's range, when one is given)."""
    values = _distinct_filled(cells)
    if not _has_digits(values):
        return 0.0  # no parsing needed: a column without a digit holds no numbers
    parsed = numbers.parse_number_column(values)
    if declared is None:
        return _parsed_share(parsed)
    low = -float("inf") if declared.minimum is None else declared.minimum
    high = float("inf") if declared.maximum is None else declared.maximum
    return _parsed_share(parsed, lambda v: (v >= low) & (v <= high))


def column_share(column: str, cells: pd.Series, method_map: dict[str, str]) -> float:
    """Return the share of a column's values that fit the schema's column ``column``."""
    declared = schema.INTERACTIONS.column(column) if column != "hours_minutes" \
        else schema.MINUTES_COLUMN
    if declared.kind == "method":
        return method_share(cells, method_map)
    if declared.kind == "date":
        return date_share(cells)
    return number_share(cells, declared)


# ---- reading a table's columns by their content ------------------------------------------------
def read_by_content(sheet: raw_sheets.RawSheet, tb: SheetTable, header_map: dict[str, str],
                    method_map: dict[str, str]) -> tuple[SheetTable, list[Problem]]:
    """Return an interactions table with its columns chosen by their values where headers fail
    or compete, and the notes saying so; columns of numbers left unused while a measure is
    missing are named on the table (``unused_numbers``). Other tables come back as they are.

    A header the user mapped (``header_map``, saved mappings included) is a decision: never
    overruled, and a column mapped to 'not used' is no question.
    """
    if tb.kind != "interactions":
        return tb, []
    start = int((sheet.row_numbers.to_numpy() == tb.header_row).argmax()) + 1
    body = sheet.cells.iloc[start:start + settings.CONTENT_SAMPLE_ROWS]
    counts = Counter(h for h in tb.headers if h)

    def cells(j: int) -> pd.Series:
        return body.iloc[:, j] if j < body.shape[1] else pd.Series([], dtype=object)

    def is_decided(header: str) -> bool:
        return bool(header_map) and _normalised(header) in header_map

    decided = {h for h in tb.mapping if is_decided(h)}
    mapping = dict(tb.mapping)
    notes: list[Problem] = []

    def note(key: str, column: str, win: Candidate, **fields: object) -> None:
        kind = schema.COLUMN_BY_NAME[column].kind
        notes.append(Problem(tb.file, msg(key, column=win.label(), target=msg(f"column.{column}"),
                                          pct=round(100 * win.share), what=msg(_WHAT[kind]),
                                          **fields), sheet=tb.sheet))

    named = [j for j, h in enumerate(tb.headers) if h and h in mapping]  # by their headers

    def mapped_to(column: str) -> list[int]:
        return [j for j in named if mapping.get(tb.headers[j]) == column]

    # Columns no header names, nor the user: where content may find what headers did not.
    free = list(itertools.islice(
        (j for j, h in enumerate(tb.headers)
         if h and h not in mapping and counts[h] == 1 and not is_decided(h)),
        settings.CONTENT_COLUMNS))
    # 1. Headers competing for one column: the values decide (no clear winner: both stay, and
    # the duplicate is reported as before).
    for column in _SCORED:
        js = mapped_to(column)
        if len(js) < 2 or any(counts[tb.headers[j]] > 1 for j in js):
            continue
        chosen = [j for j in js if tb.headers[j] in decided]
        if len(chosen) == 1:  # the user's choice: the others are not used (and listed so)
            for j in js:
                if j not in chosen:
                    del mapping[tb.headers[j]]
            continue
        if chosen:
            continue
        scored = [Candidate(j, tb.headers[j], column_share(column, cells(j), method_map))
                  for j in js]
        win = clear_winner(scored)
        if win is None:
            continue
        for c in scored:
            if c is not win:
                del mapping[c.header]
                note("warn.read_instead", column, win, other=c.label(),
                     other_pct=round(100 * c.share))
    # 2. Methods and dates no header names, and a method column holding no methods: the column
    # whose values are methods (dates) is the method (date) column. A date column by its header
    # stays (its bad or ambiguous dates are reported, not swapped for another column's).
    for column in _BY_CONTENT_ALONE:
        js = mapped_to(column)
        if len(js) > 1 or (js and (tb.headers[js[0]] in decided or column == "date")):
            continue
        current = [Candidate(j, tb.headers[j], column_share(column, cells(j), method_map))
                   for j in js]
        if current and current[0].share >= settings.CONTENT_MIN_SHARE:
            continue
        others = [Candidate(j, tb.headers[j], column_share(column, cells(j), method_map))
                  for j in free if mapping.get(tb.headers[j]) is None]
        win = clear_winner(current + others)
        if win is None or (current and win is current[0]):
            continue
        mapping[win.header] = column
        named.append(win.index)
        if current:
            del mapping[current[0].header]
            note("warn.read_instead", column, win, other=current[0].label(),
                 other_pct=round(100 * current[0].share))
        else:
            note("warn.read_by_content", column, win)
    # A table of clients, methods and values with no column of dates is a long Valuations table.
    if "date" not in mapping.values() and set(schema.VALUATIONS.required) <= set(
            mapping.values()):
        as_valuations = {h: c for h in tb.headers if h and (c := schema.canonical_column(
            h, "valuations", header_map)) and c != IGNORE}
        notes.append(Problem(tb.file, msg("warn.valuations_table"), sheet=tb.sheet))
        return dataclasses.replace(tb, kind="valuations", mapping=as_valuations, missing=[]), notes
    # 3. Numbers no header names while a measure is missing: ask, do not drop (a table still
    # missing a required column shows every header for mapping anyway).
    present = set(mapping.values())
    if "hours_minutes" in present:
        present.add("hours")
    missing = [m for m in schema.MEASURES if m not in present]
    unused = []
    if missing and not schema.INTERACTIONS.missing(present):
        unused = [j for j in _filled(body, [j for j in free if mapping.get(tb.headers[j]) is None])
                  if number_share(cells(j)) >= settings.CONTENT_MIN_SHARE]
    found = dataclasses.replace(
        tb, mapping=mapping, missing=schema.INTERACTIONS.missing(set(mapping.values())),
        unused_numbers=[f"'{tb.headers[j]}' ({column_letter(j)})" for j in unused],
        unused_headers=[tb.headers[j] for j in unused],
        missing_measures=missing if unused else [])
    return found, notes


def _filled(body: pd.DataFrame, columns: list[int]) -> list[int]:
    """Return the columns (0-based) with a cell filled in ``body``, looked at in one block:
    a wide sheet's empty columns cost nothing."""
    columns = [j for j in columns if j < body.shape[1]]
    if not columns:
        return []
    block = body.iloc[:, columns].to_numpy(dtype=object)
    filled = (pd.notna(block) & (block != "")).any(axis=0)
    return [j for j, f in zip(columns, filled, strict=True) if f]


# ---- a CRM export's activities: completed ones only ------------------------------------------
_DONE = frozenset(normalise_label(s) for s in schema.DONE_STATUSES)
_STATUSES = _DONE | {normalise_label(s) for s in schema.OPEN_STATUSES}


def completed_rows(rows: TableRows, tb: SheetTable, batch: ImportBatch) -> TableRows:
    """Return the rows of completed activities where the table has a Status column holding
    activity statuses (CONTENT_MIN_SHARE of its distinct values are); the rows left out are
    counted in a warning naming their statuses. A Status column of other things (a client's
    'Active', 'New') leaves out nothing and says so."""
    if "status" not in rows.data:
        return rows
    status = per_distinct(text_cells(rows.data["status"]), normalise_label, missing="")
    where = rows.letters["status"]
    named = {u for u in pd.unique(status) if u}
    if not named or len(named & _STATUSES) < settings.CONTENT_MIN_SHARE * len(named):
        batch.warnings.append(Problem(tb.file, msg("warn.status_unknown", column=where),
                                      sheet=tb.sheet))
        return rows
    keep = status.isin(_DONE).to_numpy()
    if keep.all():
        return rows
    texts = text_cells(rows.data["status"])[~keep]
    shown: list[Message] = [
        msg("where.status_rows", status=msg("text.quoted", text=s) if s else msg("text.blank"),
            n=int(n)) for s, n in texts.value_counts().items() if n]
    batch.warnings.append(Problem(
        tb.file, msg("warn.not_completed", column=where, n=int((~keep).sum()), statuses=shown),
        sheet=tb.sheet, rows=rows.row_numbers[~keep].astype(int).tolist()))
    return rows.kept(keep)
