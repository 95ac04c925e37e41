"""Plural rules per language (CLDR's cardinal categories for the languages we have)."""

from __future__ import annotations

import math
import numbers


def _english(n: float) -> str:
    return "one" if n == 1 else "other"


def _russian(n: float) -> str:
    if not float(n).is_integer():
        return "other"  # 1,5 клиента
    i = abs(int(n))
    if i % 10 == 1 and i % 100 != 11:
        return "one"  # 1, 21, 101 клиент
    if 2 <= i % 10 <= 4 and not 12 <= i % 100 <= 14:
        return "few"  # 2, 3, 4, 22 клиента
    return "many"  # 0, 5, 11, 12, 25 клиентов


RULES = {"en": _english, "ru": _russian}


def plural_category(lang: str, n: numbers.Number) -> str:
    """Return the plural category ("one", "few", "many" or "other") a count takes in ``lang``;
    languages without a rule here follow English."""
    if isinstance(n, float) and not math.isfinite(n):
        return "other"
    return RULES.get(lang, _english)(n)
