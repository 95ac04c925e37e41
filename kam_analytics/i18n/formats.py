"""Numbers, dates and quarters in the reader's convention: 1,234,567.89 and 2026-07-03 in
English, 1 234 567,89 and 03.07.2026 in Russian, and a quarter 2026Q3 as «3 кв. 2026»."""

from __future__ import annotations

import re
from datetime import date, datetime

from kam_analytics.i18n.messages import language

# Thousands separator and decimal mark per language. Russian groups with a no-break space,
# so that a figure never wraps inside itself.
SEPARATORS = {"en": (",", "."), "ru": ("\u00a0", ",")}
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def number(x: float, decimals: int = 0, lang: str | None = None, *, sign: bool = False
           ) -> str:
    """Return ``x`` with ``decimals`` decimals and thousands grouped as ``lang`` writes them
    (a leading + when ``sign`` and ``x`` is not negative)."""
    return formatted(x, f"{'+' if sign else ''},.{decimals}f", lang)


def formatted(x: float, spec: str, lang: str | None = None) -> str:
    """Return ``format(x, spec)`` with its thousands separator and decimal mark as ``lang``
    writes them (",.0f" gives 1,235 in English and 1 235 in Russian)."""
    thousands, point = SEPARATORS.get(lang or language(), SEPARATORS["en"])
    return format(x, spec).replace(",", "\0").replace(".", point).replace("\0", thousands)


def short_number(x: float, lang: str | None = None) -> str:
    """Return ``x`` with thousands grouped and at most two decimals, trailing zeros dropped, as
    ``lang`` writes it (1 234,5 and 1 000 in Russian)."""
    point = SEPARATORS.get(lang or language(), SEPARATORS["en"])[1]
    text = formatted(x, ",.2f", lang)
    return text.rstrip("0").rstrip(point)


def percent_widget_format(lang: str | None = None) -> str:
    """Return a widget's printf format for a whole percentage as ``lang`` writes it: 15% in
    English, 15 % in Russian."""
    return "%d\u00a0%%" if (lang or language()) == "ru" else "%d%%"


def chart_separators(lang: str | None = None) -> str:
    """Return plotly's ``separators`` for ``lang``: the decimal mark, then the thousands one."""
    thousands, point = SEPARATORS.get(lang or language(), SEPARATORS["en"])
    return point + thousands


def day(d: date | datetime | str, lang: str | None = None) -> str:
    """Return a date as ``lang`` writes it: 2026-07-03 in English, 03.07.2026 in Russian."""
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    return d.strftime("%d.%m.%Y") if (lang or language()) == "ru" else d.strftime("%Y-%m-%d")


def moment(when: date | datetime | str, lang: str | None = None, *, seconds: bool = False
           ) -> str:
    """Return a date and time to the minute (or the second) as ``lang`` writes them:
    2026-07-03 14:05 in English, 03.07.2026 14:05 in Russian."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    return f"{day(when, lang)} {when.strftime('%H:%M:%S' if seconds else '%H:%M')}"


# The month of a date written in words (Russian's after the day: 4 декабря 2026 г.); named here,
# not by strftime, whose month names follow the machine's locale.
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря")


def day_in_words(d: date | datetime, lang: str | None = None) -> str:
    """Return a date with its month in words as ``lang`` writes it: 04 December 2026 in English,
    4 декабря 2026 г. in Russian."""
    if (lang or language()) == "ru":
        return f"{d.day}\u00a0{_MONTHS_RU[d.month - 1]} {d.year}\u00a0г."
    return f"{d.day:02d} {_MONTHS_EN[d.month - 1]} {d.year}"



def quarter(q: str, lang: str | None = None) -> str:
    """Return a quarter id (2026Q3) as ``lang`` writes it: 2026Q3 in English, «3 кв. 2026» in
    Russian; text that is not a quarter id is returned as it is."""
    m = _QUARTER.match(q)
    if not m or (lang or language()) != "ru":
        return q
    return f"{m.group(2)}\u00a0кв.\u00a0{m.group(1)}"


def percent(share: float, decimals: int = 0, lang: str | None = None) -> str:
    """Return a share (0.25) as a percentage the way ``lang`` writes it: 25% in English,
    25 % in Russian (a no-break space before the sign)."""
    text = number(share * 100, decimals, lang)
    return f"{text}\u00a0%" if (lang or language()) == "ru" else f"{text}%"
