"""Workbooks through calamine: sheets read (beside the guard's XML scan) into dictionary-encoded
columns, cell by cell only in a sheet's top rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import threading

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import infer_dtype
from python_calamine import (
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from kam_analytics.i18n import msg
from kam_analytics.ingest import distinct, raw_sheets  # limits read at call time (tests lower them)
from kam_analytics.ingest.formats import _SheetScan, _xlsx_facts, _XlsxFacts
from kam_analytics.ingest.raw_sheets import (
    RawSheet,
    ReadError,
    row_numbers,
    too_many_cells,
    without_empty,
)


def _calamine_rows(name: str, data: bytes, kind: str) -> list[tuple[object, list[list]]]:
    """Return each worksheet's metadata and rows as calamine reads them."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise ReadError(name, msg("read.password"), msg("read.fix.password")) from exc
    except Exception as exc:  # calamine raises several types, all meaning "unreadable"
        raise ReadError(name, msg("read.unreadable", kind=msg(f"kind.{kind}"), error=str(exc)),
                        msg("read.fix.save_as_xlsx")) from exc
    out = []
    with workbook:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet:  # chart and macro sheets hold no table
                continue
            try:
                rows = workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
            except Exception as exc:
                raise ReadError(name, msg("read.sheet_unreadable", sheet=meta.name, error=str(exc)),
                                msg("read.fix.save_as_xlsx")) from exc
            out.append((meta, rows))
    return out


def _beside(work, *args):
    """Return a started daemon thread running ``work(*args)`` and a function that waits for
    it and returns its result (or raises its exception)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = work(*args)
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True, name="calamine")
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["result"]

    return result


_kept: list | None = None  # what this process read, never freed (``keep_until_exit``)
# A workbook read of more cells than this is done the lean way, for the reader child's memory
# cap: its cells are freed when done, and its text columns encoded by pandas, not Arrow (whose
# copy of a column's texts and hash table took 140 MB more at 1M rows of distinct texts).
# Below it, keeping the cells and Arrow's encoding save 0.06 s on a 200,000-row sheet.
_LEAN_READ_CELLS = 2_000_000


def keep_until_exit() -> None:
    """Make this process keep the cells of a workbook it reads (up to ``_LEAN_READ_CELLS``)
    instead of freeing them: for the sandbox's child, which reads one file and exits."""
    global _kept
    _kept = []


def _workbook_sheets(name: str, data: bytes, kind: str, *, concurrent: bool = False
                     ) -> list[RawSheet]:
    if kind == "xlsx" and concurrent:
        parsed = _beside(_calamine_rows, name, data, kind)
        facts = _xlsx_facts(name, data)  # a refusal leaves the parse behind: the child exits
        read = parsed()
    else:
        facts = _xlsx_facts(name, data) if kind == "xlsx" else _XlsxFacts({}, False, False)
        read = _calamine_rows(name, data, kind)
    lean = sum(len(rows) * len(rows[0]) for _, rows in read if rows) > _LEAN_READ_CELLS
    kept = None if lean else _kept
    if kept is not None:
        kept.append(read)
    sheets = []
    for meta, rows in read:
        width = max(map(len, rows), default=0)
        if len(rows) * width > raw_sheets.MAX_CELLS_READ:
            raise too_many_cells(name, len(rows), width)
        cells = _cells_frame(rows, kept, arrow_text=not lean)
        scan = facts.sheets.get(meta.name, _SheetScan())
        sheets.append(RawSheet(
            file_name=name, sheet=meta.name, cells=cells,
            row_numbers=row_numbers(len(cells)),
            hidden=meta.visible != SheetVisibleEnum.Visible,
            hidden_rows=tuple(sorted(set(scan.hidden_rows))),
            uncalculated=tuple(sorted((row, col) for row, col, cached in scan.formulas
                                      if facts.recalculate or not cached)),
            merged=tuple(scan.merged),
            macros=facts.macros,
        ))
    if not any(len(sheet.cells) for sheet in sheets):
        raise ReadError(name, msg("read.all_empty"), msg("read.fix.choose_file"))
    return sheets


def _clock_text(value: dt.time | dt.timedelta) -> str:
    """Return a time or duration as a spreadsheet shows it: 1:30, 26:00:15."""
    if isinstance(value, dt.time):
        hours, minutes, seconds = value.hour, value.minute, value.second
    else:
        total = round(value.total_seconds())
        sign = "-" if total < 0 else ""
        hours, rest = divmod(abs(total), 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{sign}{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _cells_frame(rows: list[list], kept: list | None = None, *, arrow_text: bool = True
                 ) -> pd.DataFrame:
    """Return rows as a dictionary-encoded frame with columns 0..n-1; "" is a missing cell,
    times become text. The grid of cells is added to ``kept`` if given (not freed); text
    columns are encoded by Arrow if ``arrow_text``."""
    lengths = set(map(len, rows))
    width = max(lengths, default=0)
    if len(lengths) <= 1:  # every row as long: read straight through, a third faster
        grid = np.fromiter(itertools.chain.from_iterable(rows), dtype=object,
                           count=len(rows) * width).reshape(len(rows), width)
    else:
        grid = pd.DataFrame(rows, dtype=object).to_numpy(dtype=object, copy=True)
    if kept is not None:
        kept.append(grid)
    return pd.DataFrame({j: _workbook_column(grid[:, j], arrow_text) for j in range(width)},
                        index=pd.RangeIndex(grid.shape[0]), copy=False)


_TOP_ROWS = 64  # a sheet's titles and header sit in its first rows: looked at cell by cell


def _workbook_column(column: np.ndarray, arrow_text: bool = True) -> pd.Categorical:
    """Return a workbook column's cells as ``dictionary_column`` does, with "" a missing cell
    and times the text a spreadsheet shows; the empty text is dropped from the distinct cells,
    not looked for cell by cell. Below its first rows, a column of text (names) has its distinct
    cells found by Arrow (if ``arrow_text``), a column of numbers (amounts) among machine
    floats."""
    below = column[_TOP_ROWS:]
    if len(below) > _TOP_ROWS:
        if arrow_text and isinstance(below[0], str):
            # Arrow refuses any other cell (no pass over every cell to find its type first)
            # and a text it cannot hold, a lone surrogate.
            with contextlib.suppress(pa.ArrowTypeError, pa.ArrowInvalid, UnicodeError):
                return _text_below_top(column)
        if infer_dtype(below, skipna=True) == "floating":
            return _numbers_below_top(column)
    kinds = set(map(type, column))
    if kinds & {dt.time, dt.timedelta}:
        clock = np.fromiter((isinstance(v, (dt.time, dt.timedelta)) for v in column), bool,
                            len(column))
        column[clock] = [_clock_text(v) for v in column[clock]]  # a view: the grid changes
    if kinds & {bool, np.bool_}:
        column = distinct.bools_as_text(pd.Series(column, dtype=object, copy=False))
    codes, uniques = pd.factorize(column)  # None and NaN: missing
    if str in kinds:
        codes, uniques = without_empty(codes, uniques)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object),
                                     validate=False)


def _numbers_below_top(column: np.ndarray) -> pd.Categorical:
    """Return ``_workbook_column`` of a column holding only floats (or nothing) below its top
    rows: the top rows as any column, the rest factorized as floats, which hash as the Python
    floats they are (a top-row number met again below keeps its first code)."""
    top = _workbook_column(column[:_TOP_ROWS].copy())
    codes, found = pd.factorize(column[_TOP_ROWS:].astype(np.float64))  # NaN: missing
    known = np.full(len(found), -1, dtype=np.intp)
    for code, value in enumerate(top.categories):
        if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(
                value, (bool, np.bool_)):
            with contextlib.suppress(OverflowError):  # an int beyond any float: not below
                known[found == float(value)] = code
    return _continued(top, codes, found.astype(object), known)


def _text_below_top(column: np.ndarray) -> pd.Categorical:
    """Return ``_workbook_column`` of a column holding only text (or nothing) below its top
    rows: the top rows as any column, the rest dictionary-encoded by Arrow, which compares
    texts as Python does without hashing a Python object per cell ("" is a missing cell).
    Arrow raises if a cell below is not text (or None) or is a text it cannot hold."""
    top = _workbook_column(column[:_TOP_ROWS].copy())
    below = column[_TOP_ROWS:]
    encoded = pa.array(below, type=pa.string(), from_pandas=True
                       ).dictionary_encode()  # None, NaN: missing
    codes = encoded.indices.fill_null(-1).to_numpy().astype(np.intp)
    # Arrow's dictionary is in order of first appearance: each text is taken from the cell
    # where it first appears (the cells' own objects, not copies Arrow would make).
    reached = np.maximum.accumulate(np.concatenate([[-1], codes]))
    found = below[np.flatnonzero(codes > reached[:-1])]
    if len(found) != len(encoded.dictionary):  # not in that order after all: Arrow's texts
        found = np.array(encoded.dictionary.to_pylist(), dtype=object)
    codes, found = without_empty(codes, found)
    at = {value: code for code, value in enumerate(top.categories) if isinstance(value, str)}
    known = np.fromiter((at.get(value, -1) for value in found), np.intp, len(found))
    return _continued(top, codes, found, known)


def _continued(top: pd.Categorical, codes: np.ndarray, found: np.ndarray,
               known: np.ndarray) -> pd.Categorical:
    """Return the top rows' categorical followed by the rows below, whose ``codes`` (-1:
    missing) point into ``found``; ``known`` is each found cell's code in ``top``, -1 if it
    first appears below (it then gets the next new code, in order of appearance)."""
    new = known < 0
    known = known.copy()
    known[new] = len(top.categories) + np.arange(int(new.sum()))
    all_codes = np.concatenate([top.codes.astype(np.intp),
                                np.append(known, -1)[codes]])  # -1 stays missing
    categories = pd.Index([*top.categories, *found[new].tolist()], dtype=object)
    return pd.Categorical.from_codes(all_codes, categories=categories, validate=False)


