"""Work on a column's distinct values, mapped back to its rows, and the parsed-column result.

A million rows with a few thousand distinct values are read in a fraction of a second: every
reading (number, date, name) runs once per distinct value."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kam_analytics.i18n import Message, msg

SERIAL_MIN, SERIAL_MAX = 20000, 80000  # 1954-10-03 .. 2119-01-11 as Excel serial days
YEAR_MIN, YEAR_MAX = 1678, 2261  # what datetime64[ns] holds
MAX_REASONS = 1000  # distinct bad values explained; a wrongly mapped text column has millions


@dataclass(frozen=True)
class ParsedColumn:
    values: pd.Series  # float64 or datetime64[ns]; NaN/NaT where blank or bad; input's index
    bad: pd.Series  # True where a non-blank cell could not be parsed
    blank: pd.Series  # True where the cell was blank/None/whitespace
    note: Message | None = None  # the format decided, for warnings
    error: Message | None = None  # the whole column is undecidable (every non-blank row is bad)
    fix: Message | None = None  # how to fix the error
    reasons: Mapping[str, Message] = field(default_factory=dict)  # str(cell) -> why it is bad
    currencies: Mapping[str, str] = field(default_factory=dict)  # code -> a cell showing it
    # The same values per distinct cell, and each row's index into them (-1: missing cell).
    distinct_values: np.ndarray | None = None
    codes: np.ndarray | None = None


# ---- distinct values ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Distinct:
    codes: np.ndarray  # per row: index into uniques, -1 for a missing cell
    uniques: list  # the distinct non-missing cells, in order of first appearance


def bools_as_text(cells: pd.Series) -> np.ndarray:
    """Return the cells as an object array with every bool replaced by its text.

    Distinct values are found by hashing, and True == 1 == 1.0 hash alike; a bool is never a
    number, a date or a name here, so it is kept apart as the text it would be.
    """
    arr = cells.to_numpy(dtype=object)
    if {bool, np.bool_} & set(map(type, arr)):
        is_bool = np.fromiter((type(v) in (bool, np.bool_) for v in arr), bool, len(arr))
        if is_bool.any():
            arr = arr.copy()
            arr[is_bool] = [str(bool(v)) for v in arr[is_bool]]
    return arr


_memo = threading.local()


@contextlib.contextmanager
def distinct_cells_remembered(answers: dict | None = None) -> Iterator[None]:
    """Within the block, this thread works out each categorical column's distinct cells once,
    however many checks ask (an import asks up to six times per column). ``answers`` shares
    what another thread's block remembers (``remembered()``) with this one."""
    outer = getattr(_memo, "answers", None)
    _memo.answers = answers if answers is not None else {} if outer is None else outer
    try:
        yield
    finally:
        _memo.answers = outer


def remembered() -> dict | None:
    """Return what this thread's ``distinct_cells_remembered`` block remembers, if in one."""
    return getattr(_memo, "answers", None)


def distinct_cells(cells: pd.Series) -> _Distinct:
    """Return the distinct cells of a column, in order of first appearance, and each row's
    code into them.

    A dictionary-encoded (categorical) column is answered from its codes without looking at a
    single cell: only the values its rows use count, in the order the rows use them, so a
    slice of a column gives what the same cells as plain objects would. Text held by Arrow is
    encoded by Arrow. Either answer is worked out once inside ``distinct_cells_remembered``.
    """
    if is_arrow_text(cells):
        return _remembered(cells.array, _distinct_arrow_text)
    if isinstance(cells.dtype, pd.CategoricalDtype):
        return _remembered(cells.array, _distinct_categorical)
    arr = bools_as_text(cells)
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    return _Distinct(codes=codes, uniques=list(uniques))


def is_arrow_text(cells: pd.Series) -> bool:
    """Return whether a column is text held by Arrow (a CSV column of nearly all distinct
    values, as the reader leaves it)."""
    return isinstance(cells.dtype, pd.StringDtype) and cells.dtype.storage == "pyarrow"


def _remembered(array, work: Callable[[object], _Distinct]) -> _Distinct:
    """Return ``work(array)``, worked out once per array inside a remembering block."""
    memo = getattr(_memo, "answers", None)
    if memo is not None and id(array) in memo and memo[id(array)][0] is array:
        return memo[id(array)][1]
    found = work(array)
    found.codes.flags.writeable = False  # shared by every caller asking about this column
    if memo is not None:
        memo[id(array)] = (array, found)  # the array is kept, so its id is not reused
    return found


def _distinct_arrow_text(array) -> _Distinct:
    """Return the distinct cells of Arrow-held text, encoded by Arrow in order of first
    appearance."""
    encoded = pc.dictionary_encode(pa.array(array))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return _Distinct(codes=codes, uniques=encoded.dictionary.to_pylist())


def _distinct_categorical(array: pd.Categorical) -> _Distinct:
    """Return the distinct cells a categorical's rows use, from its codes."""
    raw = array.codes
    run = _run_in_order(raw)
    if run is not None:  # as a column read by Arrow is, with or without its header rows
        first, codes = run
        used = np.arange(first, first + (int(codes.max()) + 1 if len(codes) else 0))
    else:
        codes = np.full(len(raw), -1, dtype=np.intp)
        present = raw >= 0
        if present.all():
            codes, used = pd.factorize(raw)
        else:
            codes[present], used = pd.factorize(raw[present])
    categories = array.categories.to_numpy(dtype=object)
    return _Distinct(codes=codes, uniques=categories[used].tolist())


def _run_in_order(raw: np.ndarray) -> tuple[int, np.ndarray] | None:
    """Return (f, codes - f) when a column's codes use a run of categories f, f+1, ... each
    first met after the one before it: its distinct cells are then that run of categories, in
    order of first appearance, with no hashing of the rows. None when they are not."""
    if not len(raw):
        return None
    reached = np.maximum.accumulate(raw)  # the highest code so far; -1 before the first cell
    start = int(np.searchsorted(reached, reached.dtype.type(0)))  # the first present cell
    if start == len(raw):
        return 0, raw  # every cell missing
    first = int(raw[start])
    np.maximum(reached, first - 1, out=reached)
    # Each code is at most one above every code before it: new ones come in order, one at a
    # time, so every code between ``first`` and the highest so far has been met.
    if not (raw[1:] - 1 <= reached[:-1]).all():  # (raw - 1 cannot overflow: codes >= -1)
        return None
    if first == 0:
        return 0, raw
    if np.count_nonzero((raw >= 0) & (raw < first)):  # a category before the run, met late
        return None
    return first, np.where(raw >= 0, raw - first, -1).astype(raw.dtype, copy=False)


def _spread(distinct: _Distinct, per_unique: np.ndarray, missing) -> np.ndarray:
    """Return per-row values from per-distinct values; missing cells get ``missing``."""
    extended = np.append(per_unique, np.array([missing], dtype=per_unique.dtype))
    return extended[distinct.codes]


@dataclass
class _Readings:
    """Per-distinct-value results while a column is being decided."""

    blank: np.ndarray
    bad: np.ndarray
    reasons: dict[str, Message]

    def reject(self, i: int, cell: object, why: str) -> None:
        self.bad[i] = True
        if len(self.reasons) < MAX_REASONS:
            self.reasons.setdefault(str(cell), _why(why))

    def reject_many(self, positions: np.ndarray, uniques: list, why: str) -> None:
        self.bad[positions] = True
        for i in positions[:max(0, MAX_REASONS - len(self.reasons))]:
            self.reasons.setdefault(str(uniques[i]), _why(why))


def _why(key: str) -> Message:
    return msg(key, first=SERIAL_MIN, last=SERIAL_MAX, earliest=YEAR_MIN, latest=YEAR_MAX)


def _readings(n: int) -> _Readings:
    return _Readings(blank=np.zeros(n, bool), bad=np.zeros(n, bool), reasons={})


def _column(cells: pd.Series, distinct: _Distinct, values_u: np.ndarray, missing,
            readings: _Readings, note: Message | None,
            error: tuple[Message, Message] | None,
            currencies: Mapping[str, str] | None = None) -> ParsedColumn:
    """Return the ParsedColumn spread back from per-distinct values to the rows."""
    blank = _spread(distinct, readings.blank, True)
    bad = _spread(distinct, readings.bad, False)
    values = _spread(distinct, values_u, missing)
    if error is not None:
        bad = ~blank
        values = np.full(len(values), missing, dtype=values_u.dtype)
    return ParsedColumn(
        values=pd.Series(values, index=cells.index, name=cells.name, copy=False),
        bad=pd.Series(bad, index=cells.index, name=cells.name, copy=False),
        blank=pd.Series(blank, index=cells.index, name=cells.name, copy=False),
        note=note,
        error=None if error is None else error[0],
        fix=None if error is None else error[1],
        reasons=readings.reasons if error is None else {},
        currencies=currencies or {},
        distinct_values=values_u if error is None else None,
        codes=distinct.codes if error is None else None,
    )


def _is_number(cell: object) -> bool:
    return isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(
        cell, (bool, np.bool_))
