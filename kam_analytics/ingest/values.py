"""Column-level parsing of numbers and dates as managers type them.

The format (decimal separator, day/month order, Excel serials) is decided once per column from
the evidence in all its values, never row by row; a column that cannot be decided is reported,
not guessed. Work is done on the distinct values of a column and mapped back to the rows, so a
million rows with a few thousand distinct values parse in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import infer_dtype

from kam_analytics.i18n import t

MAX_REASONS = 1000  # distinct bad values explained; a wrongly mapped text column has millions


@dataclass(frozen=True)
class ParsedColumn:
    values: pd.Series  # float64 or datetime64[ns]; NaN/NaT where blank or bad; input's index
    bad: pd.Series  # True where a non-blank cell could not be parsed
    blank: pd.Series  # True where the cell was blank/None/whitespace
    note: str | None = None  # the format decided, for warnings
    error: str | None = None  # the whole column is undecidable (every non-blank row is bad)
    reasons: Mapping[str, str] = field(default_factory=dict)  # str(cell) -> why it is bad
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
    reasons: dict[str, str]

    def reject(self, i: int, cell: object, why: str) -> None:
        self.bad[i] = True
        if len(self.reasons) < MAX_REASONS:
            self.reasons.setdefault(str(cell), _why(why))

    def reject_many(self, positions: np.ndarray, uniques: list, why: str) -> None:
        self.bad[positions] = True
        for i in positions[:max(0, MAX_REASONS - len(self.reasons))]:
            self.reasons.setdefault(str(uniques[i]), _why(why))


def _why(key: str) -> str:
    return t(key, first=SERIAL_MIN, last=SERIAL_MAX, earliest=_YEAR_MIN, latest=_YEAR_MAX)


def _readings(n: int) -> _Readings:
    return _Readings(blank=np.zeros(n, bool), bad=np.zeros(n, bool), reasons={})


def _column(cells: pd.Series, distinct: _Distinct, values_u: np.ndarray, missing,
            readings: _Readings, note: str | None, error: str | None,
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
        error=error,
        reasons=readings.reasons if error is None else {},
        currencies=currencies or {},
        distinct_values=values_u if error is None else None,
        codes=distinct.codes if error is None else None,
    )


def _is_number(cell: object) -> bool:
    return isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(
        cell, (bool, np.bool_))


# ---- numbers ------------------------------------------------------------------------------

_SPACE_CHARS = " \u00a0\u202f\u2009\u2007"  # space, NBSP, narrow NBSP, thin, figure space
_SPACE_RUN = re.compile(f"[{_SPACE_CHARS}]")
_CURRENCY = (r"€|\$|£|₽|¥|₴|₸|₹|eur|usd|rub|rur|gbp|chf|uah|kzt|byn|cny"
             r"|руб(?:\.|лей|ля|ль)?|р\.?")
_CURRENCY_PREFIX = re.compile(rf"^(?:{_CURRENCY})\s*", re.IGNORECASE)
_CURRENCY_SUFFIX = re.compile(rf"\s*(?:{_CURRENCY})$", re.IGNORECASE)
_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (Word's autocorrect)
_NUMBER_BODY = re.compile(r"[0-9.,' ]+")
_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")
_GROUPED = {sep: re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(sep)}[0-9]{{3}})+")
            for sep in (",", ".", " ", "'")}
_NON_FINITE = {"inf", "infinity", "nan", "-inf", "+inf", "∞"}

# Why a cell is bad: strings keys, looked up when the cell is rejected.
_WHY_NOT_NUMBER = "why.not_a_number"
_WHY_PERCENT = "why.percent"
_WHY_NON_FINITE = "why.non_finite"
_WHY_BOOL = "why.bool"
_WHY_DATE_NOT_NUMBER = "why.date_not_number"
_WHY_CLOCK = "why.clock"
_CLOCK = re.compile(r"[0-9]{1,4}:[0-5][0-9](?::[0-5][0-9])?")


def _signed_body(text: str) -> tuple[bool, str] | str:
    """Return (negative, digits-and-separators body) of a number text, or why it is not one."""
    s = text.strip()
    if "%" in s:
        return _WHY_PERCENT
    if s.lower().lstrip("+-") in _NON_FINITE or s.lower() in _NON_FINITE:
        return _WHY_NON_FINITE
    negative = paren = sign = False
    # Peel sign, accounting brackets and currencies in any order: "-€12", "€(12.00)", "12 руб."
    for _ in range(len(s)):
        if not paren and len(s) >= 2 and s[0] == "(" and s[-1] == ")":
            paren, negative, s = True, True, s[1:-1].strip()
        elif not sign and s and s[0] in "+" + _MINUS:
            sign, negative, s = True, s[0] != "+", s[1:].strip()
        elif not sign and s and s[-1] in _MINUS:  # SAP writes negatives as "1.234,50-"
            sign, negative, s = True, True, s[:-1].strip()
        elif m := _CURRENCY_PREFIX.search(s):
            s = s[m.end():].strip()
        elif m := _CURRENCY_SUFFIX.search(s):
            s = s[:m.start()].strip()
        else:
            break
    if paren and sign:
        return _WHY_NOT_NUMBER
    return negative, _SPACE_RUN.sub(" ", s)


def _body_value(body: str, decimal: str) -> float | None:
    """Return the value of a digits-and-separators body read with ``decimal``, None if invalid."""
    whole, has_decimal, fraction = body.partition(decimal)
    if fraction and not (fraction.isascii() and fraction.isdigit()):
        return None
    if not whole:
        return float("0." + fraction) if fraction else None
    if not (whole.isascii() and whole.isdigit()):
        separators = set(whole) - set("0123456789")
        if len(separators) != 1:
            return None
        (sep,) = separators
        if not _GROUPED[sep].fullmatch(whole):
            return None
        whole = whole.replace(sep, "")
    if has_decimal and not fraction:
        return None
    return float(f"{whole}.{fraction or '0'}")


@dataclass(frozen=True)
class _NumberText:
    if_dot: float | None  # value if the column's decimal separator is "."
    if_comma: float | None  # value if it is ","


def _number_text(text: str) -> _NumberText | str:
    """Return a number text's value under each decimal separator, or why it is not a number."""
    parts = _signed_body(text)
    if isinstance(parts, str):
        return parts
    negative, body = parts
    if _CLOCK.fullmatch(body):
        return _WHY_CLOCK
    if _SCIENTIFIC.fullmatch(body):
        value = float(body)
        if math.isinf(value):
            return _WHY_NON_FINITE
        return _NumberText(-value if negative else value, -value if negative else value)
    if not _NUMBER_BODY.fullmatch(body) or not any(c.isdigit() for c in body):
        return _WHY_NOT_NUMBER
    if_dot, if_comma = _body_value(body, "."), _body_value(body, ",")
    if if_dot is None and if_comma is None:
        return _WHY_NOT_NUMBER
    if math.isinf(if_dot or 0.0) or math.isinf(if_comma or 0.0):
        return _WHY_NON_FINITE
    if negative:
        if_dot = None if if_dot is None else -if_dot
        if_comma = None if if_comma is None else -if_comma
    return _NumberText(if_dot, if_comma)


_SEPARATOR_NAMES = {",": "comma", ".": "dot"}
ERROR_FIX = " — "  # separates what is wrong from how to fix it in a column's error


def _error(key: str, **fields: object) -> str:
    """Return a column error: what is wrong, then (after ERROR_FIX) how to fix it."""
    return t(key, **fields) + ERROR_FIX + t(f"{key}.fix")


def _show(value: float) -> str:
    return f"{value:.15g}"


_GROUP = r"-?[1-9][0-9]{0,2}"  # the first group of a number with thousands separators
# Shapes read vectorised: (regex, thousands separator to drop, decimal separator it proves).
# 1,234 and 1.234 (one separator, then 3 digits) are left out: only the column decides them.
_FAST_NUMBER_SHAPES: tuple[tuple[str, str, str | None], ...] = (
    (r"-?[0-9]+", "", None),
    (r"-?[0-9]*\.[0-9]+", "", "."),
    (r"-?[0-9]*,[0-9]+", "", ","),
    (_GROUP + r"(?: [0-9]{3})+", " ", None),
    (_GROUP + r"(?: [0-9]{3})+\.[0-9]+", " ", "."),
    (_GROUP + r"(?: [0-9]{3})+,[0-9]+", " ", ","),
    (_GROUP + r"(?:,[0-9]{3})+\.[0-9]+", ",", "."),
    (_GROUP + r"(?:,[0-9]{3}){2,}", ",", "."),
    (_GROUP + r"(?:\.[0-9]{3})+,[0-9]+", ".", ","),
    (_GROUP + r"(?:\.[0-9]{3}){2,}", ".", ","),
)
_AMBIGUOUS_SHAPE = _GROUP + r"[.,][0-9]{3}"
_SPACES_CLASS = f"[{_SPACE_CHARS[1:]}]"  # the non-ASCII spaces, folded to " " first
# pandas hands unanchored patterns to pyarrow (RE2, fast) and anchored ones to Python's re.
_CURRENCY_ANYWHERE = rf"(?i)(?:{_CURRENCY})"
_CURRENCY_INSIDE = rf"(?i).*[0-9].*(?:{_CURRENCY}).*[0-9].*"  # "12€34" is no amount
# After currencies, anything else than these makes a text no number at all.
_STRAY = "[^0-9 .,'+()%eE:\u2212\u2013-]"

_STR, _NUMBER, _DATE, _OTHER = 0, 1, 2, 3


def _kind(cell: object) -> int:
    if isinstance(cell, str):
        return _STR
    if _is_number(cell):
        return _NUMBER
    if isinstance(cell, (dt.date, np.datetime64)):  # datetime and pd.Timestamp too
        return _DATE
    return _OTHER


def _kinds(uniques: list) -> np.ndarray:
    """Return each distinct cell's kind: text, number (not bool), date or other."""
    inferred = infer_dtype(np.asarray(uniques, dtype=object), skipna=False)
    if inferred == "string":
        return np.zeros(len(uniques), np.int8)
    if inferred in ("floating", "integer", "mixed-integer-float"):  # no bool among them
        return np.full(len(uniques), _NUMBER, np.int8)  # a workbook's amounts
    return np.fromiter(map(_kind, uniques), np.int8, len(uniques))


def _stripped_texts(uniques: list, kinds: np.ndarray, readings: _Readings
                    ) -> tuple[np.ndarray, pd.Series]:
    """Return the distinct text cells' positions and their stripped texts; marks blanks."""
    positions = np.flatnonzero(kinds == _STR)
    stripped = pd.Series([uniques[i] for i in positions], dtype="str").str.strip()
    readings.blank[positions[(stripped == "").to_numpy()]] = True
    return positions, stripped


def _first(texts: pd.Series) -> str | None:
    return texts.iloc[0] if len(texts) else None


_PLAIN_NUMBER = r"^-?[0-9]+(?:\.[0-9]+)?$"


_PLAIN_NUMBERS = {".": _PLAIN_NUMBER, ",": r"^-?[0-9]+(?:,[0-9]+)?$"}


def _plain_numbers(texts: list[str] | pa.Array | pa.ChunkedArray, decimal: str = "."
                   ) -> np.ndarray | None:
    """Return the values of texts that are all plain numbers (digits, at most one ``decimal``
    separator, no spaces, signs other than "-", other separators or currencies, none of them
    1.234- or 1,234-like: the full reading decides those), or None when any is not: those
    columns need the full reading below. Missing texts (Arrow nulls) stay missing (NaN)."""
    if not len(texts):
        return None
    array = texts if isinstance(texts, (pa.Array, pa.ChunkedArray)) else pa.array(
        texts, type=pa.string())
    if not pc.all(pc.match_substring_regex(array, _PLAIN_NUMBERS[decimal])).as_py():
        return None
    if pc.any(pc.match_substring_regex(array, f"^{_AMBIGUOUS_SHAPE}$")).as_py():
        return None
    if decimal == ",":
        array = pc.replace_substring(array, ",", ".")
    numbers = pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False)
    present = ~np.isnan(numbers) if array.null_count else slice(None)
    return numbers if np.isfinite(numbers[present]).all() else None  # 400 digits: inf


def _plain_number_rows(cells: pd.Series) -> ParsedColumn | None:
    """Return Arrow-held text cells read as numbers when every one is a plain number (as
    ``_plain_numbers`` decides), row by row in Arrow without making a Python object; None
    when any is not."""
    texts = pa.array(cells.array)
    if texts.null_count == len(texts):
        return None
    values, note = _plain_numbers(texts), None
    if values is None:  # perhaps written with a decimal comma (1234,5), as Russian files are
        values = _plain_numbers(texts, decimal=",")
        if values is None:
            return None
        note = t(f"values.decimal_{_SEPARATOR_NAMES[',']}")  # as the full reading says
    blank = texts.is_null().to_numpy(zero_copy_only=False)
    return ParsedColumn(
        values=pd.Series(values, index=cells.index, name=cells.name, copy=False),
        bad=pd.Series(np.zeros(len(values), bool), index=cells.index, name=cells.name,
                      copy=False),
        blank=pd.Series(blank, index=cells.index, name=cells.name, copy=False), note=note)


def parse_number_column(cells: pd.Series, *, decimal_hint: str | None = None) -> ParsedColumn:
    """Return the column's numbers, with one decimal separator decided for the whole column."""
    if decimal_hint not in (None, ",", "."):
        raise ValueError(f"decimal_hint must be ',', '.' or None, not {decimal_hint!r}")
    if is_arrow_text(cells):  # amounts, nearly all distinct: read row by row in Arrow
        plain = _plain_number_rows(cells)
        if plain is not None:
            return plain
    distinct = distinct_cells(cells)
    uniques = distinct.uniques
    kinds = _kinds(uniques)
    readings = _readings(len(uniques))
    values = np.full(len(uniques), np.nan)

    numbers = np.flatnonzero(kinds == _NUMBER)  # cells a workbook already holds as numbers
    values[numbers] = np.fromiter((uniques[i] for i in numbers), np.float64, len(numbers))
    for i in numbers[~np.isfinite(values[numbers])]:
        values[i] = np.nan
        readings.reject(i, uniques[i], _WHY_NON_FINITE)
    for i in np.flatnonzero(kinds >= _DATE):
        why = _WHY_DATE_NOT_NUMBER if kinds[i] == _DATE or isinstance(
            uniques[i], (dt.time, dt.timedelta)) else _WHY_NOT_NUMBER
        readings.reject(i, uniques[i], why)

    plain = _plain_numbers(uniques) if not (kinds != _STR).any() else None
    if plain is not None:  # the common case, settled in three passes over the distinct texts
        return _column(cells, distinct, plain, np.nan, readings, None, None)
    # Vectorised path for the shapes most columns hold; the rest go value by value.
    positions, stripped = _stripped_texts(uniques, kinds, readings)
    stripped = stripped.str.replace(_SPACES_CLASS, " ", regex=True)
    bare = stripped.str.replace(_CURRENCY_ANYWHERE, "", regex=True).str.strip()
    slow = ~readings.blank[positions]
    not_fast = (bare.str.fullmatch(_AMBIGUOUS_SHAPE)
                | stripped.str.fullmatch(_CURRENCY_INSIDE)).to_numpy()
    examples: dict[str, str | None] = {",": None, ".": None}
    for shape, thousands, decimal_proved in _FAST_NUMBER_SHAPES:
        fast = slow & ~not_fast & bare.str.fullmatch(shape).to_numpy()
        if not fast.any():
            continue
        digits = bare[fast].str.replace(thousands, "", regex=False) if thousands else bare[fast]
        if decimal_proved == ",":
            digits = digits.str.replace(",", ".", regex=False)
        values[positions[fast]] = digits.astype("float64").to_numpy()
        if decimal_proved and examples[decimal_proved] is None:
            examples[decimal_proved] = stripped[fast].iloc[0]
        slow &= ~fast
    huge = np.flatnonzero(~readings.blank & np.isinf(values))  # 400 digits overflow to inf
    readings.reject_many(huge, uniques, _WHY_NON_FINITE)
    values[huge] = np.nan
    # Words are rejected in bulk; the few with a reason of their own go value by value.
    own_reason = bare.str.lower().isin([*_NON_FINITE, "true", "false"])
    stray = bare.str.contains(_STRAY)
    wordy = slow & (stray & ~own_reason).to_numpy()
    readings.reject_many(positions[wordy], uniques, _WHY_NOT_NUMBER)
    slow &= ~wordy
    comma_example, dot_example = examples[","], examples["."]

    texts: dict[int, _NumberText] = {}
    ambiguous_example = None
    for i, text in zip(positions[slow], stripped[slow], strict=True):
        reading = _number_text(text)
        if isinstance(reading, str):
            readings.reject(i, uniques[i], _WHY_BOOL if text in ("True", "False") else reading)
            continue
        texts[i] = reading
        if reading.if_dot is None:
            comma_example = comma_example or text
        elif reading.if_comma is None:
            dot_example = dot_example or text
        elif reading.if_dot != reading.if_comma:
            ambiguous_example = ambiguous_example or (text, reading)

    error = note = None
    decimal = "."
    if comma_example and dot_example:
        error = _error("values.mixed_decimals", comma=comma_example, dot=dot_example)
    elif comma_example or dot_example:
        decimal = "," if comma_example else "."
        if decimal == "," or ambiguous_example:
            note = t(f"values.decimal_{_SEPARATOR_NAMES[decimal]}")
    elif ambiguous_example:
        if decimal_hint:
            decimal = decimal_hint
            note = t(f"values.decimal_{_SEPARATOR_NAMES[decimal]}_locale")
        else:
            text_shown, reading = ambiguous_example
            error = _error("values.ambiguous_number", text=text_shown,
                           a=_show(reading.if_dot), b=_show(reading.if_comma))
    if note and ambiguous_example:
        text_shown, reading = ambiguous_example
        chosen = reading.if_comma if decimal == "," else reading.if_dot
        note += " " + t("values.read_as", text=text_shown, value=_show(chosen))

    for i, reading in texts.items():
        value = reading.if_comma if decimal == "," else reading.if_dot
        if value is None:
            readings.reject(i, uniques[i], _WHY_NOT_NUMBER)
        else:
            values[i] = value
    currencies = _currencies(positions, stripped, values, readings)
    if len(currencies) > 1 and error is None:
        error = _error("values.mixed_currencies", currencies=", ".join(
            f"{example} ({code})" for code, example in currencies.items()))
    return _column(cells, distinct, values, np.nan, readings, note, error, currencies)


_CURRENCY_CODES = {"€": "EUR", "$": "USD", "£": "GBP", "₽": "RUB", "¥": "CNY", "₴": "UAH",
                   "₸": "KZT", "₹": "INR", "rur": "RUB"}
_CURRENCY_TOKEN = re.compile(_CURRENCY, re.IGNORECASE)


def _currency_code(token: str) -> str:
    token = token.lower()
    if token.startswith(("руб", "р")):
        return "RUB"
    return _CURRENCY_CODES.get(token, token.upper())


def _currencies(positions: np.ndarray, stripped: pd.Series, values: np.ndarray,
                readings: _Readings) -> dict[str, str]:
    """Return the currencies the column's good amounts are written in: code -> an example."""
    good = ~readings.bad[positions] & ~readings.blank[positions] & ~np.isnan(values[positions])
    if not good.any():
        return {}
    marked = good & stripped.str.contains(_CURRENCY_ANYWHERE, regex=True).to_numpy()
    found: dict[str, str] = {}
    for text in stripped[marked]:
        for token in _CURRENCY_TOKEN.findall(text):
            found.setdefault(_currency_code(token), text)
    return found


def parse_number(text: object) -> float | None:
    """Return one cell's number by the column rules, None if blank, bad or ambiguous alone."""
    if _is_number(text):
        value = float(text)
        return value if math.isfinite(value) else None
    if not isinstance(text, str) or not text.strip():
        return None
    reading = _number_text(text.strip())
    if isinstance(reading, str):
        return None
    if reading.if_dot is None or reading.if_comma is None:
        return reading.if_comma if reading.if_dot is None else reading.if_dot
    return reading.if_dot if reading.if_dot == reading.if_comma else None


# ---- dates --------------------------------------------------------------------------------

_TIME_PART = (r"(?:(?:[T ]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
              r"\s*(?:Z|[+-]\d{2}:?\d{2})?)?")
_YEAR_WORD = r"(?:\s*(?:г|года?)\.?)?"  # Russian "3 июля 2026 г."
_DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern + _TIME_PART, re.IGNORECASE)) for name, pattern in (
        ("iso", r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"),
        ("dotted", r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})" + _YEAR_WORD),
        ("slashed", r"(?P<a>\d{1,2})(?P<s>[/-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"),
        ("day_month_name",
         r"(?P<d>\d{1,2})[\s\-.]*(?P<mon>[^\W\d_]{3,})\.?[\s\-.,]*(?P<y>\d{4}|\d{2})"
         + _YEAR_WORD),
        ("month_name_day",
         r"(?P<mon>[^\W\d_]{3,})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"),
        ("serial", r"(?P<serial>\d+(?:\.\d+)?)"),
    )
)

_MONTH_WORDS = (
    "jan january янв январь января",
    "feb february фев февр февраль февраля",
    "mar march мар март марта",
    "apr april апр апрель апреля",
    "may май мая",
    "jun june июн июнь июня",
    "jul july июл июль июля",
    "aug august авг август августа",
    "sep sept september сен сент сентябрь сентября",
    "oct october окт октябрь октября",
    "nov november ноя нояб ноябрь ноября",
    "dec december дек декабрь декабря",
)
_MONTHS = {word: number for number, words in enumerate(_MONTH_WORDS, start=1)
           for word in words.split()}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_MIN, SERIAL_MAX = 20000, 80000  # 1954-10-03 .. 2119-01-11 as Excel serial days
_YEAR_MIN, _YEAR_MAX = 1678, 2261  # what datetime64[ns] holds

_WHY_NOT_DATE = "why.not_a_date"
_WHY_NO_SUCH_DATE = "why.no_such_date"
_WHY_NUMBER_NOT_DATE = "why.number_not_date"
_WHY_NOT_SERIAL = "why.not_serial"
_WHY_TIME_NOT_DATE = "why.time_not_date"
_WHY_YEAR = "why.year"


def _full_year(year: str) -> int:
    """Return a 4-digit year; 2-digit years read as Python's %y does (00-68 -> 20xx)."""
    value = int(year)
    if len(year) == 2:
        value += 2000 if value < 69 else 1900
    return value


def _date_form(text: str) -> tuple[str, dict[str, str]] | None:
    """Return the first date form a text matches and its parts, None if none."""
    for name, pattern in _DATE_FORMS:
        m = pattern.fullmatch(text)
        if m:
            return name, m.groupdict()
    return None


def _ambiguity_error(text: str, a: int, b: int) -> str:
    return _error("values.ambiguous_date", text=text, a=f"{a} {_MONTH_NAMES[b - 1]}",
                  b=f"{b} {_MONTH_NAMES[a - 1]}")


_FAST_DATE_FORMS = (  # vectorised: (shape of the whole text, format of its first 10 characters)
    (r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?",
     "%Y-%m-%d"),
    (r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?", "%d.%m.%Y"),
)


def _checked_dates(parsed: pd.Series, positions: np.ndarray, uniques: list,
                   readings: _Readings) -> np.ndarray:
    """Return parsed dates as datetime64[ns]; impossible or out-of-range ones rejected as NaT."""
    years = parsed.dt.year
    out_of_range = (parsed.notna() & ((years < _YEAR_MIN) | (years > _YEAR_MAX))).to_numpy()
    for i in positions[out_of_range]:
        readings.reject(i, uniques[i], _WHY_YEAR)
    for i in positions[parsed.isna().to_numpy()]:
        readings.reject(i, uniques[i], _WHY_NO_SUCH_DATE)
    return parsed.where(~out_of_range).to_numpy(dtype="datetime64[ns]")


def parse_date_column(cells: pd.Series) -> ParsedColumn:
    """Return the column's dates (midnight), with one day/month order decided for the column."""
    distinct = distinct_cells(cells)
    uniques = distinct.uniques
    n = len(uniques)
    kinds = _kinds(uniques)
    readings = _readings(n)
    dates = np.full(n, np.datetime64("NaT", "ns"))
    ymd: dict[int, tuple[int, int, int]] = {}  # distinct index -> (year, month, day)
    slashed: dict[int, tuple[int, int, int]] = {}  # distinct index -> (first, second, year)
    serials: dict[int, float] = {}
    day_first_example = month_first_example = ambiguous_example = None

    for i in np.flatnonzero(kinds == _NUMBER):
        serials[i] = float(uniques[i])
    for i in np.flatnonzero(kinds == _OTHER):
        cell = uniques[i]
        timeish = isinstance(cell, (dt.time, dt.timedelta))
        readings.reject(i, cell, _WHY_TIME_NOT_DATE if timeish else _WHY_NOT_DATE)
    at = np.flatnonzero(kinds == _DATE)
    if len(at):
        objects = pd.Series([uniques[i] for i in at], dtype=object)
        parsed = pd.to_datetime(objects, errors="coerce").dt.normalize()
        dates[at] = _checked_dates(parsed, at, uniques, readings)

    positions, stripped = _stripped_texts(uniques, kinds, readings)
    slow = ~readings.blank[positions]
    for shape, date_format in _FAST_DATE_FORMS:
        fast = slow & stripped.str.fullmatch(shape).to_numpy()
        parsed = pd.to_datetime(stripped[fast].str.slice(0, 10), format=date_format,
                                errors="coerce")
        dates[positions[fast]] = _checked_dates(parsed, positions[fast], uniques, readings)
        slow &= ~fast

    for i, text in zip(positions[slow], stripped[slow], strict=True):
        form = _date_form(text)
        if form is None:
            readings.reject(i, uniques[i], _WHY_NOT_DATE)
            continue
        name, parts = form
        if name == "serial":
            serials[i] = float(parts["serial"])
        elif name == "slashed":
            a, b, y = int(parts["a"]), int(parts["b"]), _full_year(parts["y"])
            if (a > 12 and b > 12) or a > 31 or b > 31 or a == 0 or b == 0:
                readings.reject(i, uniques[i], _WHY_NO_SUCH_DATE)
                continue
            slashed[i] = (a, b, y)
            if a > 12:
                day_first_example = day_first_example or text
            elif b > 12:
                month_first_example = month_first_example or text
            elif a != b:
                ambiguous_example = ambiguous_example or (text, a, b)
        else:
            mon = parts.get("mon")
            month_number = _MONTHS.get(mon.lower()) if mon else int(parts["m"])
            if month_number is None:
                readings.reject(i, uniques[i], _WHY_NOT_DATE)
                continue
            ymd[i] = (_full_year(parts["y"]), month_number, int(parts["d"]))

    notes: list[str] = []
    error = None
    if day_first_example and month_first_example:
        error = _error("values.mixed_day_month", day_first=day_first_example,
                       month_first=month_first_example)
    elif ambiguous_example and not (day_first_example or month_first_example):
        error = _ambiguity_error(*ambiguous_example)
    elif slashed:
        day_first = not month_first_example
        notes.append(t("values.day_first" if day_first else "values.month_first"))
        for i, (a, b, y) in slashed.items():
            ymd[i] = (y, b, a) if day_first else (y, a, b)

    if serials:
        row_counts = np.bincount(distinct.codes[distinct.codes >= 0], minlength=n)
        mostly_numeric = row_counts[list(serials)].sum() * 2 > row_counts[~readings.blank].sum()
        used = False
        for i, serial in serials.items():
            if not mostly_numeric:
                readings.reject(i, uniques[i], _WHY_NUMBER_NOT_DATE)
            elif not SERIAL_MIN <= serial <= SERIAL_MAX:
                readings.reject(i, uniques[i], _WHY_NOT_SERIAL)
            else:
                date = _EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))
                ymd[i] = (date.year, date.month, date.day)
                used = True
        if used:
            notes.append(t("values.serials"))

    if ymd:
        at = np.fromiter(ymd, np.int64, len(ymd))
        parts = pd.DataFrame(list(ymd.values()), columns=["year", "month", "day"])
        # Years beyond datetime64's range are rejected before pandas sees them.
        parts["year"] = parts["year"].where(parts["year"].between(1, 9999))
        parsed = pd.to_datetime(parts, errors="coerce")
        dates[at] = _checked_dates(parsed, at, uniques, readings)
    return _column(cells, distinct, dates, np.datetime64("NaT", "ns"), readings,
                   "; ".join(notes) or None, error)
