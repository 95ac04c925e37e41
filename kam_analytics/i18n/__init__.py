"""Interface text in the session's language.

``msg(key, **fields)`` makes a ``Message`` (a key and its fields) for anything that is kept or
passed on before it is shown: problems, warnings, notes. ``render(message)`` turns it into text
at display time. ``t(key, **fields)`` renders at once, for interface labels. The language is
the current session's (``set_language``), English by default.
"""

from __future__ import annotations

from kam_analytics.i18n import formats
from kam_analytics.i18n.messages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    TABLES,
    Message,
    MessageError,
    language,
    msg,
    render,
    render_fields,
    reset_language,
    set_language,
    template,
    visible,
)
from kam_analytics.i18n.plural import plural_category

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGE_NAMES", "TABLES", "Message", "MessageError", "formats",
           "language", "msg", "plural_category", "render", "render_fields", "reset_language",
           "set_language", "t", "template", "visible"]


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """Return the interface string for ``key`` in ``lang`` (the session's language by default),
    with fields filled; a count ``n`` picks the plural form (``key.one``, ...) where there is
    one."""
    return render_fields(key, fields, lang)


def __getattr__(name: str) -> str:
    # ``i18n.LANG`` (read by chart labels) is the current session's language, read when asked.
    if name == "LANG":
        return language()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
