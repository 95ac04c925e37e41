"""Interface text: ``t(key, **fields)`` renders a string table's entry in the session's language."""

from __future__ import annotations

from kam_analytics.i18n.en import EN

LANG = "en"


def t(key: str, **fields: object) -> str:
    """Return the interface string for ``key`` in the current language, with fields filled.

    A count ``n`` of 1 picks the key's ".one" form where there is one.
    """
    if fields.get("n") == 1 and f"{key}.one" in EN:
        key = f"{key}.one"
    text = EN[key]
    return text.format(**fields) if fields else text
