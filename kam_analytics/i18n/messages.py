"""Messages as keys: a ``Message`` carries a string key and its fields; ``render`` turns it into
text in a language, at display time, from that language's string table."""

from __future__ import annotations

import contextvars
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kam_analytics.i18n.en import EN
from kam_analytics.i18n.plural import plural_category
from kam_analytics.i18n.ru import RU

# Every table has English's keys (tests/i18n/test_ru.py): a reader never meets another
# language's words in place of a missing one.
TABLES: dict[str, dict[str, str]] = {"en": EN, "ru": RU}
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}  # each in itself, for the switch
DEFAULT_LANGUAGE = "en"
LIST_SEPARATOR = ", "  # a list field joins its items with this unless its template says {x:; }

_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "kam_analytics_language", default=DEFAULT_LANGUAGE)


def language() -> str:
    """Return the language of the current session (each thread or task has its own)."""
    return _language.get()


def set_language(lang: str) -> contextvars.Token:
    """Make ``lang`` the current session's language; return the token that undoes it."""
    if lang not in TABLES:
        raise ValueError(f"no string table for language {lang!r}; known: {sorted(TABLES)}")
    return _language.set(lang)


def reset_language(token: contextvars.Token) -> None:
    """Put back the language that was current before ``set_language`` returned ``token``."""
    _language.reset(token)


# ---- the message ---------------------------------------------------------------------------
_SCALARS = (str, int, float, bool, type(None))


@dataclass(frozen=True)
class Message:
    """A text not yet rendered: a string-table key and its fields, all JSON-serialisable
    (str, int, float, bool, None, lists of them, or nested Messages). Values from a user's file
    are fields, never keys."""

    key: str
    items: tuple[tuple[str, object], ...] = ()

    @property
    def fields(self) -> dict[str, object]:
        """Return the fields by name (lists as tuples)."""
        return dict(self.items)

    def to_data(self) -> dict:
        """Return the message as plain JSON data: {"key": ..., "fields": {...}}."""
        return {"key": self.key, "fields": {k: _to_data(v) for k, v in self.items}}

    @classmethod
    def from_data(cls, data: Mapping) -> Message:
        """Return the message that ``to_data`` turned into ``data``."""
        fields = data.get("fields") or {}
        if not isinstance(data.get("key"), str) or not isinstance(fields, Mapping):
            raise ValueError(f"not a stored message: {data!r}")
        return msg(data["key"], **{k: _from_data(v) for k, v in fields.items()})

    def __str__(self) -> str:
        return render(self)


def msg(key: str, **fields: object) -> Message:
    """Return a Message for ``key`` with ``fields`` checked to be storable (numpy numbers are
    taken as Python numbers, lists as tuples)."""
    return Message(key, tuple((name, _field(name, value)) for name, value in fields.items()))


def _field(name: str, value: object) -> object:
    if isinstance(value, (Message, *_SCALARS)):
        return value.item() if hasattr(value, "item") else value  # np.float64 is a float
    if isinstance(value, numbers.Number) and hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (list, tuple)):
        return tuple(_field(name, v) for v in value)
    raise TypeError(f"message field {name}={value!r} is a {type(value).__name__}: a field must "
                    "be str, int, float, bool, None, a list of them, or a Message")


def _to_data(value: object) -> object:
    if isinstance(value, Message):
        return value.to_data()
    if isinstance(value, tuple):
        return [_to_data(v) for v in value]
    return value


def _from_data(value: object) -> object:
    if isinstance(value, Mapping):
        return Message.from_data(value)
    if isinstance(value, list):
        return tuple(_from_data(v) for v in value)
    return value


# ---- rendering -----------------------------------------------------------------------------
class _Listed:
    """A list field's rendered items; the template's format spec is the separator."""

    def __init__(self, items: Iterable[object]):
        self.items = [str(i) for i in items]

    def __format__(self, spec: str) -> str:
        return (spec or LIST_SEPARATOR).join(self.items)

    def __str__(self) -> str:
        return LIST_SEPARATOR.join(self.items)


def template(key: str, lang: str | None = None, n: object = None) -> str:
    """Return the string-table entry for ``key`` in ``lang``, in the plural form ``n`` needs
    (``key.one``/``key.few``/``key.many``/``key.other``, else the bare key). A key with no
    text in that language raises KeyError rather than show another language's words."""
    lang = lang or language()
    table = TABLES.get(lang, EN)
    text = table.get(key)
    if n is not None and not isinstance(n, bool) and isinstance(n, numbers.Number):
        text = table.get(f"{key}.{plural_category(lang, n)}", text)
    if text is None:
        raise KeyError(f"the {lang} string table has no text for {key!r}")
    return text


def render_fields(key: str, fields: Mapping[str, object], lang: str | None = None) -> str:
    """Return the text of ``key`` in ``lang`` with ``fields`` filled in (nested Messages
    rendered in the same language, lists joined)."""
    lang = lang or language()
    text = template(key, lang, fields.get("n"))
    if not fields:
        return text
    return text.format(**{name: _shown(value, lang) for name, value in fields.items()})


class _Number:
    """A number field: its template's format spec ({value:.1f}, {n:,}) applied, then written
    with the language's decimal mark and thousands separator (12,3 and 1 234 in Russian)."""

    def __init__(self, value: numbers.Number, lang: str):
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        from kam_analytics.i18n.formats import formatted

        return formatted(self.value, spec, self.lang) if spec else str(self.value)

    def __str__(self) -> str:
        return str(self.value)


def _shown(value: object, lang: str) -> object:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return _Number(value, lang)
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, (list, tuple)):
        return _Listed(_shown(v, lang) for v in value)
    if isinstance(value, str):
        from kam_analytics.i18n.formats import quarter  # formats reads the language from here

        # Names from files are data: they never make lines or layout. A quarter id (2026Q3)
        # reads as the reader writes a quarter («3 кв. 2026»).
        return visible(quarter(value, lang))
    return value


# Control characters (line breaks, escape sequences) and the marks that reorder text on screen:
# a file name holding one could forge lines in a message or hide what it says.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """Return text with every control character and direction mark shown as its escape
    (a line break as \\n, ESC as \\x1b, U+202E as \\u202e): data shown as the literal text it is."""
    return _INVISIBLE.sub(lambda m: _ESCAPES.get(m.group()) or (
        f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"),
        text)


def render(message: Message | str, lang: str | None = None) -> str:
    """Return the message's text in ``lang`` (the session's language by default); a plain
    string (text stored before messages had keys) is returned as it is."""
    if isinstance(message, str):
        return message
    return render_fields(message.key, message.fields, lang)


class MessageError(Exception):
    """An error that carries its message as a key and fields: its text is made when it is
    shown, in the reader's language, not when it is raised."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return render(self.message)
