"""The session's language: chosen in the sidebar (English / Русский), kept for the session,
first taken from the browser's language."""

from __future__ import annotations

import streamlit as st

from kam_analytics.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, TABLES, set_language, t

_KEY = "kam_language"  # the switch's widget key, kept in the session state


def browser_language(locale: str | None) -> str:
    """Return the language of ours a browser's locale asks for ("ru-RU" -> "ru"), English when
    it asks for one we have no table for or says nothing."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in TABLES else DEFAULT_LANGUAGE


def use_session_language() -> str:
    """Make the session's language current for this run and return it: the one chosen in the
    switch, else the browser's. Called first on every run, before any text is made."""
    state = st.session_state
    if state.get(_KEY) not in TABLES:
        state[_KEY] = browser_language(getattr(st.context, "locale", None))
    set_language(state[_KEY])
    return state[_KEY]


def language_switch() -> None:
    """Draw the language switch in the sidebar (a change reruns the app in that language),
    write Streamlit's own skip link (shown to keyboard focus) in the session's language, and let
    tiles' labels wrap: Streamlit cuts them at one line ("Ячейки, сменивши…" at 1280 px)."""
    st.sidebar.radio(t("language.choose"), list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get,
                     key=_KEY, horizontal=True)
    skip = t("app.skip_to_content").replace("\\", "\\\\").replace('"', '\\"')
    link = '[data-testid="stSkipToContent"]'
    label = '[data-testid="stMetricLabel"]'
    st.html(f'<style>{link} {{ font-size: 0; }} {link}::after {{ content: "{skip}"; '
            "font-size: 14px; } "
            f"{label} [data-testid=\"stMarkdownContainer\"], {label} p "
            "{ white-space: normal; text-overflow: clip; }</style>")
