"""The input contract, declared once: canonical columns, their header synonyms, kinds and ranges,
and the tables they make up (which columns each requires).

Header recognition, validation and error messages are all derived from these declarations: the
checks read a column's kind, range and blank-cell default from here (ingest/checks.py maps each
kind to its check), and the records of each table are built by looping over its columns.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from kam_analytics import settings
from kam_analytics.taxonomy import DMU_ROLES, EVENT_TYPES, normalise_label

# A column's kind names the check its cells get (ingest/checks.py, CHECKS):
# "date": a day, within the declared years; "name": a client's or manager's name, text of at most
# ``max_chars``; "text": other text (a segment), as long; "method": a relationship method's id or
# label; "money", "hours", "minutes", "rating": numbers within the range; "quarter": 2026Q3.
# "status": an activity's status in a CRM export (only completed activities are kept).
# "timestamp": a day with or without a time of day (a time is read as written: no time zone is
# converted); "event", "yesno", "role": a word of the vocabulary declared below (VOCABULARIES).
KINDS = ("date", "name", "text", "method", "money", "hours", "minutes", "rating", "quarter",
         "status", "timestamp", "event", "yesno", "role")
NUMBER_KINDS = ("money", "hours", "minutes", "rating")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    synonyms: tuple[str, ...]
    # Numbers: the allowed range. Dates: the earliest year allowed and how many years after
    # today's date a date may lie. The numbers live in settings; the declarations refer to them.
    minimum: float | None = None
    maximum: float | None = None
    default: float | None = None  # a number column's blank cell reads as this (None: stays blank)
    max_chars: int | None = None  # text longer than this is refused
    description: str = ""
    stands_for: str | None = None  # this column is another form of that one (hours in minutes)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")


# ---- The interactions table (one row per interaction or expense) --------------------------
INTERACTION_COLUMNS: tuple[Column, ...] = (
    Column("date", "date",
           ("date", "day", "activity date", "interaction date", "expense date", "event date",
            "created", "created date", "created on", "date of interaction", "transaction date",
            "дата", "дата взаимодействия", "дата контакта", "дата расхода", "дата события",
            "дата операции"),
           minimum=settings.EARLIEST_YEAR, maximum=settings.LATEST_YEAR_AHEAD,
           description="When the interaction or expense happened"),
    Column("client", "name",
           ("client", "customer", "account", "key account", "account name", "client name",
            "customer name", "company", "company name", "company account", "company / account",
            "organisation", "organization", "kam account", "regarding", "account company",
            "клиент", "ключевой клиент", "заказчик", "покупатель", "контрагент", "компания",
            "наименование клиента", "название клиента", "клиент компания", "организация"),
           max_chars=settings.MAX_TEXT_CHARS, description="The key account"),
    Column("method", "method",
           ("method", "relationship method", "activity", "activity type", "lever", "initiative",
            "type", "interaction type", "kam method", "method used", "action", "subject",
            "метод", "метод работы", "мероприятие", "вид деятельности", "тип активности",
            "активность", "тип взаимодействия", "рычаг", "инструмент", "тема", "тип дела"),
           max_chars=settings.MAX_TEXT_CHARS,
           description="Relationship method: id or label, English or Russian"),
    Column("cost", "money",
           ("cost", "costs", "spend", "spending", "amount", "expense", "expenses", "cost amount",
            "total cost", "direct cost", "money spent",
            "затраты", "расходы", "сумма", "стоимость", "затраты руб", "расходы руб",
            "сумма затрат", "сумма расходов"),
           minimum=0, maximum=settings.MAX_AMOUNT, default=0.0,
           description="Money spent (in the store's currency), 0 or more"),
    Column("hours", "hours",
           ("hours", "manager hours", "time", "time spent", "time hours", "hours spent",
            "effort", "effort hours", "duration", "duration hours", "man hours",
            "mgmt time", "management time", "mgmt hours", "management hours", "manager time",
            "managers time", "time spent hours",
            "часы", "время", "часы менеджера", "затраты времени", "время часы",
            "трудозатраты", "трудозатраты часы", "затраченное время", "длительность",
            "время менеджера", "затраты времени менеджера"),
           minimum=0, default=0.0, description="Managers' time in hours, 0 or more"),
    Column("value", "rating",
           ("value", "rating", "client rating", "value rating", "score", "client value",
            "perceived value", "value score", "value 1 5", "rating 1 5", "importance",
            "value to client", "value to client 1 5", "value for client", "client score",
            "ценность", "оценка", "оценка клиента", "ценность для клиента", "оценка ценности",
            "важность", "ценность 1 5", "оценка 1 5", "оценка клиента 1 5"),
           minimum=settings.RATING_MIN, maximum=settings.RATING_MAX,
           description="The client's rating of the method's value, 1 to 5"),
    Column("manager", "name",
           ("manager", "account manager", "kam", "key account manager", "owner", "account owner",
            "sales rep", "salesperson", "responsible", "assigned", "assigned to",
            "activity owner", "task owner",
            "менеджер", "ответственный", "ответственный менеджер", "менеджер по работе с клиентом",
            "менеджер клиента", "кам"),
           max_chars=settings.MAX_TEXT_CHARS, description="The account manager"),
)

# Headers that mean the time is in minutes, not hours: converted on the way in.
MINUTES_HEADERS: tuple[str, ...] = (
    "minutes", "duration minutes", "duration min", "time minutes", "time min", "minutes spent",
    "manager minutes", "duration mins", "mins", "actual duration minutes",
    "минуты", "длительность минуты", "длительность мин", "время минуты", "время мин", "минут",
)
# The hours column given in minutes: read as hours (÷ 60) where the table has it.
MINUTES_COLUMN = Column("hours_minutes", "minutes", MINUTES_HEADERS, minimum=0, default=0.0,
                        description="Managers' time in minutes, 0 or more", stands_for="hours")

# An activity's status in a CRM export. Where the column holds these statuses, only completed
# activities are kept; the others are left out with a warning naming them.
STATUS_COLUMN = Column("status", "status",
                       ("status", "activity status", "task status", "статус", "статус дела",
                        "статус задачи", "статус активности"),
                       max_chars=settings.MAX_TEXT_CHARS,
                       description="Activity status: only completed activities are kept")
DONE_STATUSES: tuple[str, ...] = (
    "completed", "complete", "done", "closed", "held", "finished", "closed won",
    "выполнено", "выполнена", "выполнен", "завершено", "завершена", "завершен", "закрыто",
    "закрыта", "состоялась", "состоялось", "проведена", "проведено",
)
OPEN_STATUSES: tuple[str, ...] = (
    "open", "not started", "in progress", "planned", "scheduled", "deferred", "pending", "new",
    "waiting on someone else", "waiting", "cancelled", "canceled", "overdue", "not completed",
    "не выполнено", "не выполнена", "не начата", "в работе", "выполняется", "ждет выполнения",
    "запланировано", "запланирована", "отложена", "отложено", "отменено", "отменена", "новая",
    "просрочена", "ожидает",
)

# ---- Relationship-health columns of the interactions table (optional) --------------------
# What happened (an event type), promises and their delivery, when a request or problem was
# received, answered and resolved, whether an agreement was confirmed in writing, and the role of
# the client's person in its decision-making unit: the traces the framework's do's and don'ts
# (Table 6.4) leave in an interaction log (analysis/health.py measures them). The event types
# and the decision-making unit's roles are the framework's (taxonomy.py); yes and no are here.
YES_NO: dict[str, tuple[str, ...]] = {
    "yes": ("yes", "y", "true", "1", "kept", "done", "да", "д", "истина", "выполнено"),
    "no": ("no", "n", "false", "0", "broken", "not kept", "нет", "н", "ложь", "не выполнено"),
}
# The words each vocabulary kind reads, declared once; the checks and the template read them.
VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "event": EVENT_TYPES, "role": DMU_ROLES, "yesno": YES_NO}


def _vocabulary_index(kind: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for value, words in VOCABULARIES[kind].items():
        for word in (value, *words):
            norm = normalise_label(word)
            if index.get(norm, value) != value:
                raise ValueError(f"{kind} word {word!r} names both {index[norm]} and {value}")
            index[norm] = value
    return index


VOCABULARY_INDEX: dict[str, dict[str, str]] = {k: _vocabulary_index(k) for k in VOCABULARIES}

_DAY = {"minimum": settings.EARLIEST_YEAR, "maximum": settings.LATEST_YEAR_AHEAD}
HEALTH_COLUMNS: tuple[Column, ...] = (
    Column("event_type", "event",
           ("event type", "event", "kind of event", "event kind", "record type", "entry type",
            "тип события", "событие", "вид события", "тип записи"),
           max_chars=settings.MAX_TEXT_CHARS,
           description="What happened: request, complaint, problem, promise, agreement, "
                       "meeting, call, visit or other"),
    Column("promised_date", "date",
           ("promised date", "promised by", "due date", "promised for", "deadline",
            "обещанная дата", "обещано к", "срок", "срок исполнения", "крайний срок"),
           **_DAY, description="The date a promise was due"),
    Column("delivered_date", "date",
           ("delivered date", "delivered on", "delivery date", "date delivered", "fulfilled on",
            "дата исполнения", "исполнено", "дата поставки", "фактическая дата"),
           **_DAY, description="The date a promise was delivered"),
    Column("kept", "yesno",
           ("kept", "promise kept", "kept yes no", "delivered on time", "выполнено в срок",
            "обещание выполнено", "сдержано"),
           description="Whether a promise was kept: yes or no"),
    Column("received_at", "timestamp",
           ("received at", "received", "opened at", "opened", "reported at", "raised at",
            "получено", "поступило", "время получения", "дата получения", "открыто"),
           **_DAY, description="When a request, complaint or problem was received "
                               "(date, or date and local time)"),
    Column("responded_at", "timestamp",
           ("responded at", "responded", "first response", "answered at", "reply at",
            "ответ", "время ответа", "дата ответа", "отвечено"),
           **_DAY, description="When it was first answered (date, or date and local time)"),
    Column("resolved_at", "timestamp",
           ("resolved at", "resolved", "closed at", "solved at", "resolution date",
            "решено", "время решения", "дата решения", "закрыто в"),
           **_DAY, description="When it was resolved (date, or date and local time)"),
    Column("in_writing", "yesno",
           ("in writing", "confirmed in writing", "written confirmation", "confirmed by email",
            "письменно", "подтверждено письменно", "письменное подтверждение"),
           description="Whether an agreement was confirmed in writing: yes or no"),
    Column("contact_role", "role",
           ("contact role", "role", "dmu role", "buying role", "contact s role",
            "роль", "роль контакта", "роль в закупке", "роль лица"),
           max_chars=settings.MAX_TEXT_CHARS,
           description="The contact's role in the client's decision-making unit: decider, "
                       "buyer, user, influencer, gatekeeper or initiator"),
)
HEALTH_NAMES: tuple[str, ...] = tuple(c.name for c in HEALTH_COLUMNS)

# ---- The optional Clients sheet -----------------------------------------------------------
CLIENT_COLUMNS: tuple[Column, ...] = (
    INTERACTION_COLUMNS[1],
    INTERACTION_COLUMNS[6],
    Column("segment", "text",
           ("segment", "tier", "customer segment", "industry", "category", "сегмент",
            "категория", "отрасль", "сегмент клиента"),
           max_chars=settings.MAX_TEXT_CHARS, description="Segment or tier of the account"),
    Column("annual_revenue", "money",
           ("annual revenue", "revenue", "annual sales", "sales", "turnover", "yearly revenue",
            "выручка", "годовая выручка", "оборот", "годовой оборот", "объем продаж",
            "выручка в год"),
           minimum=0, maximum=settings.MAX_AMOUNT,
           description="The account's annual revenue"),
    # A margin may be negative (sold below cost); 'gross' and 'net' are dropped from headers
    # as unit words, so 'Gross margin' reads as 'margin' and 'Gross profit' as 'profit'.
    Column("margin", "money",
           ("margin", "annual margin", "margin per year", "yearly margin", "profit",
            "annual profit", "contribution margin", "margin amount", "gross margin amount",
            "маржа", "годовая маржа", "валовая маржа", "валовая прибыль",
            "маржинальная прибыль", "маржинальный доход", "маржа в год", "прибыль",
            "годовая прибыль"),
           minimum=-settings.MAX_AMOUNT, maximum=settings.MAX_AMOUNT,
           description="The account's annual gross margin: revenue less the cost of the "
                       "goods sold to it"),
)

# ---- The optional Valuations sheet (long form; a grid form is recognised by ingest) --------
VALUATION_COLUMNS: tuple[Column, ...] = (
    INTERACTION_COLUMNS[1],
    INTERACTION_COLUMNS[2],
    INTERACTION_COLUMNS[5],
    Column("quarter", "quarter", ("quarter", "period", "квартал", "период"),
           description="Quarter the valuation applies to, e.g. 2026Q3"),
    Column("comment", "text",
           ("comment", "comments", "remark", "remarks", "note", "notes", "client comment",
            "комментарий", "комментарии", "примечание", "примечания", "замечание",
            "комментарий клиента"),
           max_chars=settings.MAX_TEXT_CHARS, description="The client's comment, if any"),
)


@dataclass(frozen=True)
class Table:
    """A kind of table: its columns in the order they are checked, the ones it requires, and
    the ones a data row always fills (a row missing one may be blank, a total or a footer)."""

    name: str
    columns: tuple[Column, ...]
    required: tuple[str, ...]
    keys: tuple[str, ...]
    alternatives: tuple[Column, ...] = ()  # a column given another way (hours as minutes)
    # Required columns whose blank cell is a question left unanswered (a survey's value): the
    # row is left out and counted in a note, not refused.
    unanswered: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = {c.name for c in self.columns}
        if not {*self.required, *self.keys} <= names:
            raise ValueError(f"table {self.name}: requires columns it does not declare")

    def column(self, name: str) -> Column:
        """Return the declared column of that name."""
        return next(c for c in self.columns if c.name == name)

    def is_required(self, column: str) -> bool:
        """Return whether every table of this kind must have the column."""
        return column in self.required

    def needs_cell(self, column: str) -> bool:
        """Return whether every row must fill the column (a blank cell is a problem)."""
        return column in self.required and column not in self.unanswered

    def as_read(self, present: Collection[str]) -> tuple[Column, ...]:
        """Return the columns to check, each in the form ``present`` (the columns found) holds:
        an alternative in place of the column it stands for."""
        found = {alt.stands_for: alt for alt in self.alternatives if alt.name in present}
        return tuple(found.get(c.name, c) for c in self.columns)

    def missing(self, present: Collection[str]) -> list[str]:
        """Return the required columns ``present`` (the columns found) lacks in any form."""
        given = {*present, *(alt.stands_for for alt in self.alternatives if alt.name in present)}
        return [c for c in self.required if c not in given]

INTERACTIONS = Table("interactions", (*INTERACTION_COLUMNS, *HEALTH_COLUMNS, STATUS_COLUMN),
                     required=("date", "client", "method"),
                     keys=("date", "client", "method"), alternatives=(MINUTES_COLUMN,))
CLIENTS = Table("clients", CLIENT_COLUMNS, required=("client",), keys=("client",))
VALUATIONS = Table("valuations", VALUATION_COLUMNS, required=("client", "method", "value"),
                   keys=("client", "method"), unanswered=("value",))
# A grid of clients by methods: its one named column is the client; the others are methods.
VALUATION_GRID = Table("valuation_grid", (INTERACTION_COLUMNS[1],), required=("client",),
                       keys=("client",))
TABLES: dict[str, Table] = {t.name: t for t in (INTERACTIONS, CLIENTS, VALUATIONS,
                                                 VALUATION_GRID)}

CANONICAL_NAMES: tuple[str, ...] = tuple(c.name for c in INTERACTION_COLUMNS)
REQUIRED_NAMES: tuple[str, ...] = INTERACTIONS.required
COLUMN_BY_NAME: dict[str, Column] = {
    c.name: c for c in (*INTERACTIONS.columns, *CLIENT_COLUMNS, *VALUATION_COLUMNS)
}
# The measures an interaction carries: a table without one of them while a column of numbers
# goes unused is a question to the user (ingest/content.py).
MEASURES: tuple[str, ...] = ("cost", "hours", "value")

# The currency a money header names, by its words (as normalised) and signs: ISO codes.
CURRENCY_WORDS: dict[str, str] = {
    "rub": "RUB", "rur": "RUB", "руб": "RUB", "рублей": "RUB", "рубли": "RUB", "р": "RUB",
    "eur": "EUR", "euro": "EUR", "euros": "EUR", "евро": "EUR",
    "usd": "USD", "долл": "USD", "долларов": "USD", "gbp": "GBP",
    "uah": "UAH", "kzt": "KZT", "byn": "BYN", "cny": "CNY",
}
CURRENCY_SIGNS: dict[str, str] = {"€": "EUR", "$": "USD", "£": "GBP", "₽": "RUB", "₴": "UAH",
                                  "₸": "KZT"}
# Words in a money header that scale its amounts ('Spend (€k)', 'Затраты, тыс. руб.'): the
# amounts are multiplied on the way in, never read as they stand. 'm' scales only beside a
# currency ('EUR m'): alone it may be anything.
SCALE_WORDS: dict[str, int] = {
    "k": 1_000, "тыс": 1_000, "тысяч": 1_000, "thousand": 1_000, "thousands": 1_000,
    "tsd": 1_000, "млн": 1_000_000, "mln": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
    "millions": 1_000_000,
}
_SCALED_CODES = re.compile(r"^([km])(" + "|".join(c.lower() for c in {
    *CURRENCY_WORDS.values()}) + r")$")  # 'kEUR', 'mUSD'
# Words that carry a unit or currency and say nothing about which column it is.
_UNIT_WORDS = {
    *CURRENCY_WORDS, *SCALE_WORDS,
    "in", "в", "h", "hrs", "hr", "ч", "час", "часов", "total", "net", "gross",
}
_CURRENCY_SIGNS = re.compile("[" + re.escape("".join(CURRENCY_SIGNS)) + "¥]")


def normalise_header(header: object) -> str:
    """Return a header folded for matching: units, currency signs and brackets dropped."""
    text = _CURRENCY_SIGNS.sub(" ", str(header))
    words = normalise_label(text).split()
    money_m = "m" in words and header_currency(header) is not None  # 'EUR m': millions
    kept = [w for w in words if w not in _UNIT_WORDS and not _SCALED_CODES.match(w)
            and not (money_m and w == "m")]
    return " ".join(kept) if kept else " ".join(words)


def header_currency(header: object) -> str | None:
    """Return the ISO code of the one currency a header names ('Затраты, руб.' -> 'RUB'), or
    None when it names none or several."""
    text = str(header)
    found = {code for sign, code in CURRENCY_SIGNS.items() if sign in text}
    words = normalise_label(text).split()
    found |= {CURRENCY_WORDS[w] for w in words if w in CURRENCY_WORDS}
    found |= {m.group(2).upper() for w in words if (m := _SCALED_CODES.match(w))}
    return found.pop() if len(found) == 1 else None


def header_scale(header: object) -> int | None:
    """Return what a money header's unit multiplies its amounts by: 1,000 for 'Spend (€k)',
    'K EUR', 'kEUR' or 'тыс. руб.', 1,000,000 for 'млн', 'mln' or 'EUR m'; 1 when it names
    none; None when it names two (which is meant cannot be told)."""
    words = normalise_label(_CURRENCY_SIGNS.sub(" ", str(header))).split()
    found = {SCALE_WORDS[w] for w in words if w in SCALE_WORDS}
    found |= {1_000 if m.group(1) == "k" else 1_000_000
              for w in words if (m := _SCALED_CODES.match(w))}
    if "m" in words and header_currency(header):
        found.add(1_000_000)
    return found.pop() if len(found) == 1 else None if found else 1


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
    "interactions": _header_index(INTERACTIONS.columns),
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
