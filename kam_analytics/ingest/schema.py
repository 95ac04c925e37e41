"""The input contract, declared once: canonical columns, their header synonyms, types and ranges.

Header recognition, validation and error messages are all derived from these declarations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kam_analytics.taxonomy import normalise_label


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "date" | "text" | "number" | "method" | "rating"
    required: bool
    synonyms: tuple[str, ...]
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""


# ---- The interactions table (one row per interaction or expense) --------------------------
INTERACTION_COLUMNS: tuple[Column, ...] = (
    Column("date", "date", True,
           ("date", "day", "activity date", "interaction date", "expense date", "event date",
            "created", "created date", "created on", "date of interaction", "transaction date",
            "дата", "дата взаимодействия", "дата контакта", "дата расхода", "дата события",
            "дата операции"),
           description="When the interaction or expense happened"),
    Column("client", "text", True,
           ("client", "customer", "account", "key account", "account name", "client name",
            "customer name", "company", "company name", "company account", "company / account",
            "organisation", "organization", "kam account",
            "клиент", "ключевой клиент", "заказчик", "покупатель", "контрагент", "компания",
            "наименование клиента", "название клиента", "клиент компания", "организация"),
           description="The key account"),
    Column("method", "method", True,
           ("method", "relationship method", "activity", "activity type", "lever", "initiative",
            "type", "interaction type", "kam method", "method used", "action",
            "метод", "метод работы", "мероприятие", "вид деятельности", "тип активности",
            "активность", "тип взаимодействия", "рычаг", "инструмент"),
           description="Relationship method: id or label, English or Russian"),
    Column("cost", "number", False,
           ("cost", "costs", "spend", "spending", "amount", "expense", "expenses", "cost amount",
            "total cost", "direct cost", "money spent",
            "затраты", "расходы", "сумма", "стоимость", "затраты руб", "расходы руб",
            "сумма затрат", "сумма расходов"),
           minimum=0, description="Money spent (in the store's currency), 0 or more"),
    Column("hours", "number", False,
           ("hours", "manager hours", "time", "time spent", "time hours", "hours spent",
            "effort", "effort hours", "duration", "duration hours", "man hours",
            "часы", "время", "часы менеджера", "затраты времени", "время часы",
            "трудозатраты", "трудозатраты часы", "затраченное время", "длительность"),
           minimum=0, description="Managers' time in hours, 0 or more"),
    Column("value", "rating", False,
           ("value", "rating", "client rating", "value rating", "score", "client value",
            "perceived value", "value score", "value 1 5", "rating 1 5", "importance",
            "ценность", "оценка", "оценка клиента", "ценность для клиента", "оценка ценности",
            "важность", "ценность 1 5", "оценка 1 5"),
           minimum=1, maximum=5, description="The client's rating of the method's value, 1 to 5"),
    Column("manager", "text", False,
           ("manager", "account manager", "kam", "key account manager", "owner", "account owner",
            "sales rep", "salesperson", "responsible",
            "менеджер", "ответственный", "ответственный менеджер", "менеджер по работе с клиентом",
            "менеджер клиента", "кам"),
           description="The account manager"),
)

# Headers that mean the time is in minutes, not hours: converted on the way in.
MINUTES_HEADERS: tuple[str, ...] = (
    "minutes", "duration minutes", "duration min", "time minutes", "time min", "minutes spent",
    "manager minutes", "duration mins", "mins",
    "минуты", "длительность минуты", "длительность мин", "время минуты", "время мин", "минут",
)

# ---- The optional Clients sheet -----------------------------------------------------------
CLIENT_COLUMNS: tuple[Column, ...] = (
    INTERACTION_COLUMNS[1],
    INTERACTION_COLUMNS[6],
    Column("segment", "text", False,
           ("segment", "tier", "customer segment", "industry", "category", "сегмент",
            "категория", "отрасль", "сегмент клиента"),
           description="Segment or tier of the account"),
    Column("annual_revenue", "number", False,
           ("annual revenue", "revenue", "annual sales", "sales", "turnover", "yearly revenue",
            "выручка", "годовая выручка", "оборот", "годовой оборот", "объем продаж",
            "выручка в год"),
           minimum=0, description="The account's annual revenue"),
)

# ---- The optional Valuations sheet (long form; a grid form is recognised by ingest) --------
VALUATION_COLUMNS: tuple[Column, ...] = (
    INTERACTION_COLUMNS[1],
    INTERACTION_COLUMNS[2],
    INTERACTION_COLUMNS[5],
    Column("quarter", "text", False, ("quarter", "period", "квартал", "период"),
           description="Quarter the valuation applies to, e.g. 2026Q3"),
)

CANONICAL_NAMES: tuple[str, ...] = tuple(c.name for c in INTERACTION_COLUMNS)
REQUIRED_NAMES: tuple[str, ...] = tuple(c.name for c in INTERACTION_COLUMNS if c.required)
COLUMN_BY_NAME: dict[str, Column] = {
    c.name: c for c in (*INTERACTION_COLUMNS, *CLIENT_COLUMNS, *VALUATION_COLUMNS)
}

# Words that carry a unit or currency and say nothing about which column it is.
_UNIT_WORDS = {
    "rub", "руб", "рублей", "р", "eur", "euro", "usd", "gbp", "uah", "kzt", "byn", "cny",
    "in", "в", "тыс", "k", "h", "hrs", "hr", "ч", "час", "часов", "total", "net", "gross",
}
_CURRENCY_SIGNS = re.compile(r"[€$£₽¥₴₸]")


def normalise_header(header: object) -> str:
    """Return a header folded for matching: units, currency signs and brackets dropped."""
    text = _CURRENCY_SIGNS.sub(" ", str(header))
    words = normalise_label(text).split()
    kept = [w for w in words if w not in _UNIT_WORDS]
    return " ".join(kept) if kept else " ".join(words)


def _header_index(columns: tuple[Column, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for col in columns:
        for key in (col.name, *col.synonyms):
            norm = normalise_header(key)
            if index.get(norm, col.name) != col.name:
                raise ValueError(f"header {key!r} names both {index[norm]} and {col.name}")
            index[norm] = col.name
    return index


HEADER_INDEX: dict[str, dict[str, str]] = {
    "interactions": _header_index(INTERACTION_COLUMNS),
    "clients": _header_index(CLIENT_COLUMNS),
    "valuations": _header_index(VALUATION_COLUMNS),
}
_MINUTES = {normalise_header(h) for h in MINUTES_HEADERS}


def canonical_column(header: object, table: str = "interactions",
                     saved: dict[str, str] | None = None) -> str | None:
    """Return the canonical column a header names in ``table``, or None if it names none.

    ``saved`` maps normalised headers to canonical names (the user's stored mappings) and wins.
    A minutes header returns ``"hours_minutes"``: the caller divides by 60.
    """
    norm = normalise_header(header)
    if not norm:
        return None
    if saved and norm in saved:
        return saved[norm]
    if table == "interactions" and norm in _MINUTES:
        return "hours_minutes"
    return HEADER_INDEX[table].get(norm)
