"""Numbers as managers type them: the decimal separator decided once per column from the
evidence in all its values (1 234,50 / 1,234.50 / 812,34), currencies and percentages read,
a column that cannot be decided reported, not guessed."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import infer_dtype

from kam_analytics.i18n import Message, msg
from kam_analytics.ingest.distinct import (
    ParsedColumn,
    _column,
    _is_number,
    _Readings,
    _readings,
    distinct_cells,
    is_arrow_text,
)

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
def _error(key: str, **fields: object) -> tuple[Message, Message]:
    """Return a column error: what is wrong, and how to fix it (the key's ".fix")."""
    return msg(key, **fields), msg(f"{key}.fix")


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
                    ) -> tuple[np.ndarray, pa.StringArray]:
    """Return the distinct text cells' positions and their stripped texts (in Arrow, stripped
    as pandas' ``str.strip`` does); marks blanks."""
    positions = np.flatnonzero(kinds == _STR)
    stripped = pc.utf8_trim_whitespace(pa.array([uniques[i] for i in positions], pa.string()))
    readings.blank[positions[pc.equal(stripped, "").to_numpy(zero_copy_only=False)]] = True
    return positions, stripped


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
        note = msg(f"values.decimal_{_SEPARATOR_NAMES[',']}")  # as the full reading says
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

    if not (kinds == _STR).any():  # numbers a workbook holds as numbers: nothing to read
        return _column(cells, distinct, values, np.nan, readings, None, None)
    plain = _plain_numbers(uniques) if not (kinds != _STR).any() else None
    if plain is not None:  # the common case, settled in three passes over the distinct texts
        return _column(cells, distinct, plain, np.nan, readings, None, None)
    # Vectorised path for the shapes most columns hold; the rest go value by value.
    positions, texts = _stripped_texts(uniques, kinds, readings)
    stripped = pd.Series(texts.to_pandas(), dtype="str").str.replace(_SPACES_CLASS, " ",
                                                                      regex=True)
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
            note = msg(f"values.decimal_{_SEPARATOR_NAMES[decimal]}")
    elif ambiguous_example:
        if decimal_hint:
            decimal = decimal_hint
            note = msg(f"values.decimal_{_SEPARATOR_NAMES[decimal]}_locale")
        else:
            text_shown, reading = ambiguous_example
            error = _error("values.ambiguous_number", text=text_shown,
                           a=_show(reading.if_dot), b=_show(reading.if_comma))
    if note and ambiguous_example:
        text_shown, reading = ambiguous_example
        chosen = reading.if_comma if decimal == "," else reading.if_dot
        note = msg("text.and_then", first=note,
                   then=msg("values.read_as", text=text_shown, value=_show(chosen)))

    for i, reading in texts.items():
        value = reading.if_comma if decimal == "," else reading.if_dot
        if value is None:
            readings.reject(i, uniques[i], _WHY_NOT_NUMBER)
        else:
            values[i] = value
    currencies = _currencies(positions, stripped, values, readings)
    if len(currencies) > 1 and error is None:
        error = _error("values.mixed_currencies", currencies=[
            f"{example} ({code})" for code, example in currencies.items()])
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
