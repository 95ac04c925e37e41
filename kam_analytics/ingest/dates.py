"""Dates as managers type them: the day/month order decided once per column, Excel serials,
Russian and English month names; an undecidable column is reported, not guessed."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kam_analytics.i18n import Message, msg
from kam_analytics.ingest.distinct import (
    SERIAL_MAX,
    SERIAL_MIN,
    YEAR_MAX,
    YEAR_MIN,
    ParsedColumn,
    _column,
    _Readings,
    _readings,
    distinct_cells,
)
from kam_analytics.ingest.numbers import (
    _DATE,
    _NUMBER,
    _OTHER,
    _STR,
    _error,
    _kinds,
    _stripped_texts,
)

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


def _ambiguity_error(text: str, a: int, b: int) -> tuple[Message, Message]:
    return _error("values.ambiguous_date", text=text, a=f"{a} {_MONTH_NAMES[b - 1]}",
                  b=f"{b} {_MONTH_NAMES[a - 1]}")


# Read vectorised: (shape of the whole text; where the year, month and day stand in its first
# 10 characters; the first year that is one: 2026-07-01 took year 0 (then out of range) and
# 01.07.2026 did not, as pandas' ISO and day-first readers did when they read these).
_FAST_DATE_FORMS = (
    (r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?",
     (slice(0, 4), slice(5, 7), slice(8, 10)), 0),
    (r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?",
     (slice(6, 10), slice(3, 5), slice(0, 2)), 1),
)
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _calendar_days(years: np.ndarray, months: np.ndarray, days: np.ndarray, first_year: int
                   ) -> np.ndarray:
    """Return the dates (datetime64[D]) that year, month and day numbers name, NaT where there
    is no such date (month 13, 31 April, 29 February 2026, a year before ``first_year`` or
    after 9999). In NumPy: pandas costs its time on each call, and a workbook of a thousand
    sheets has a thousand date columns."""
    month = np.clip(months, 1, 12)
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    real = ((months == month) & (days >= 1) & (years >= first_year) & (years <= 9999)
            & (days <= _MONTH_DAYS[month - 1] + (leap & (month == 2))))
    first = ((years - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")
    return np.where(real, first + (days - 1), np.datetime64("NaT"))


def _numbers_at(digits: np.ndarray, where: slice) -> np.ndarray:
    """Return the numbers that rows of ASCII digits (0-9 each) write at ``where``."""
    width = where.stop - where.start
    return digits[:, where] @ (10 ** np.arange(width - 1, -1, -1))


def _checked_dates(parsed: np.ndarray | pd.DatetimeIndex, positions: np.ndarray, uniques: list,
                   readings: _Readings) -> np.ndarray:
    """Return parsed dates as datetime64[ns]; impossible or out-of-range ones rejected as NaT."""
    # In NumPy: a sheet's date column is often a handful of cells, and pandas' accessors cost
    # their time on each (a workbook of 1,000 sheets spent a second here).
    values = np.asarray(parsed)  # naive datetime64 of a unit that may hold year 3000
    missing = np.isnat(values)
    years = values.astype("datetime64[Y]").astype(np.int64) + 1970
    out_of_range = ~missing & ((years < YEAR_MIN) | (years > YEAR_MAX))
    for i in positions[out_of_range]:
        readings.reject(i, uniques[i], _WHY_YEAR)
    for i in positions[missing]:
        readings.reject(i, uniques[i], _WHY_NO_SUCH_DATE)
    return np.where(out_of_range, np.datetime64("NaT"), values).astype("datetime64[ns]")


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
        objects = np.empty(len(at), dtype=object)
        objects[:] = [uniques[i] for i in at]
        parsed = pd.to_datetime(objects, errors="coerce").normalize()
        dates[at] = _checked_dates(parsed, at, uniques, readings)

    # Texts only where there are any: a workbook's real dates need none of this. They are read
    # in Arrow (as pandas' string methods would, without their cost on each call) and NumPy:
    # a sheet has a date column, and a workbook may have a thousand sheets.
    has_texts = bool((kinds == _STR).any())
    positions, stripped = (_stripped_texts(uniques, kinds, readings) if has_texts
                           else (np.zeros(0, np.int64), pa.array([], pa.string())))
    slow = ~readings.blank[positions]
    for shape, (year, month, day), first_year in _FAST_DATE_FORMS:
        if not slow.any():
            break
        fast = slow & pc.match_substring_regex(stripped, f"^(?:{shape})$").to_numpy(
            zero_copy_only=False)
        if not fast.any():
            continue
        # The shape makes the first 10 characters ASCII: as bytes, each digit is one number.
        heads = pc.utf8_slice_codeunits(stripped.filter(fast), 0, 10).to_numpy(
            zero_copy_only=False).astype("S10")
        digits = heads.view(np.uint8).reshape(-1, 10).astype(np.int64) - ord("0")
        parsed = _calendar_days(_numbers_at(digits, year), _numbers_at(digits, month),
                                _numbers_at(digits, day), first_year)
        dates[positions[fast]] = _checked_dates(parsed, positions[fast], uniques, readings)
        slow &= ~fast

    texts = stripped.filter(slow).to_pylist() if slow.any() else []
    for i, text in zip(positions[slow], texts, strict=True):
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

    notes: list[Message] = []
    error = None
    if day_first_example and month_first_example:
        error = _error("values.mixed_day_month", day_first=day_first_example,
                       month_first=month_first_example)
    elif ambiguous_example and not (day_first_example or month_first_example):
        error = _ambiguity_error(*ambiguous_example)
    elif slashed:
        day_first = not month_first_example
        notes.append(msg("values.day_first" if day_first else "values.month_first"))
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
            notes.append(msg("values.serials"))

    if ymd:
        at = np.fromiter(ymd, np.int64, len(ymd))
        years, months, days = np.array(list(ymd.values()), dtype=np.int64).reshape(-1, 3).T
        dates[at] = _checked_dates(_calendar_days(years, months, days, first_year=1), at,
                                   uniques, readings)
    return _column(cells, distinct, dates, np.datetime64("NaT", "ns"), readings,
                   (msg("text.semicolons", items=notes) if len(notes) > 1
                    else notes[0] if notes else None), error)


# ---- date-times ---------------------------------------------------------------------------
# A time of day after the date: '14:05', '2:05 pm', '14:05:30'; a zone after it ('Z', '+03:00')
# is noted, not converted: times are read as the local times they were written in.
_TIME_OF_DAY = re.compile(r"(?:^|[T\s])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
                          r"(?:([AaPp])\.?[Mm]\.?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$")


def _seconds_of_day(cell: object) -> tuple[float, bool]:
    """Return the seconds after midnight a cell's time of day names (0 without one) and
    whether it names a time zone."""
    if isinstance(cell, (dt.datetime, pd.Timestamp)):
        return float(cell.hour * 3600 + cell.minute * 60 + cell.second), cell.tzinfo is not None
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
        fraction = float(cell) % 1 if math.isfinite(float(cell)) else 0.0
        return round(fraction * 86400.0), False  # an Excel serial's fraction of a day
    if not isinstance(cell, str):
        return 0.0, False
    m = _TIME_OF_DAY.search(cell.strip())
    if m is None:
        return 0.0, False
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if m.group(4):  # 12-hour clock
        hour = hour % 12 + (12 if m.group(4).lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return 0.0, False
    return float(hour * 3600 + minute * 60 + second), m.group(5) is not None


def parse_timestamp_column(cells: pd.Series) -> ParsedColumn:
    """Return the column's date-times: the day read as ``parse_date_column`` reads it (one
    day/month order for the column), plus the time of day written after it (midnight when
    none). A zone written after a time is not converted; the note says so."""
    days = parse_date_column(cells)
    if days.error is not None:
        return days
    found = distinct_cells(cells)
    parts = [_seconds_of_day(u) for u in found.uniques]
    seconds = np.array([p[0] for p in parts] + [0.0])[found.codes]
    values = days.values + pd.to_timedelta(seconds, unit="s")
    note = days.note
    if any(p[1] for p in parts):
        zoned = msg("values.zone_not_converted")
        note = zoned if note is None else msg("text.semicolons", items=[note, zoned])
    return ParsedColumn(values=values, bad=days.bad, blank=days.blank, note=note,
                        reasons=days.reasons)
