"""The server's store and the viewer's scope, and what every session reads from the store:
cached per query until the store changes (caches are shared by all sessions, so whatever
depends on the viewer is part of the key)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from kam_analytics import sample, settings
from kam_analytics.access import LOCAL, Viewer
from kam_analytics.analysis import MatrixQuery, health, matrix_for
from kam_analytics.analysis.query import change_for, thresholds_for
from kam_analytics.exports import anonymise, health_table, survey
from kam_analytics.i18n import MessageError, language, reset_language, set_language, t
from kam_analytics.store import Scope, Store, open_store


@st.cache_resource(show_spinner=False)
def _store_at(path: str) -> Store:
    # served: a command-line import of a DuckDB file runs through this server while it holds it
    return open_store(path, serve=True)


def get_store() -> Store:
    """Return the server's store (one per database file, shared by every session); a location
    no engine can open stops the page with what to do."""
    try:
        return _store_at(settings.db_location())
    except MessageError as exc:  # no engine for the location, in use, too new, cannot migrate
        st.error(str(exc))
        st.stop()
        raise


def store_if_open() -> Store | None:
    """Return the server's store, or None when it cannot be opened (the page says why)."""
    try:
        return _store_at(settings.db_location())
    except MessageError:
        return None


def sign_in_configured() -> bool:
    """Return whether the app asks viewers to sign in: an ``[auth]`` section in Streamlit's
    secrets (.streamlit/secrets.toml, or the files of the ``secrets.files`` option)."""
    return bool(st.secrets.load_if_toml_exists()) and "auth" in st.secrets


def viewer() -> Viewer:
    """Return who is looking: with no sign-in configured, the one local user; else the viewer
    ``signin.current_viewer`` let in this session, or nobody (who sees no account)."""
    if not sign_in_configured():
        return LOCAL
    return st.session_state.get(VIEWER_KEY, NOBODY)


def viewer_scope() -> Scope:
    """Return what the current viewer may see."""
    return viewer().scope


def viewer_name() -> str:
    """Return how the audit log names the viewer: their e-mail, or the one local user."""
    return viewer().email or t("audit.local_user")


def audit(store: Store, action: str, detail: str) -> None:
    """Write to the audit log that the viewer did ``action`` (``store.AUDITED``) to
    ``detail``."""
    store.record(viewer_name(), action, detail)


def recorded_download(store: Store, file_name: str) -> dict[str, Any]:
    """Return a download button's ``on_click`` and ``args`` recording the file in the audit
    log when the viewer downloads it (for files ready before the click)."""
    return {"on_click": audit, "args": (store, "export", t("audit.download", file=file_name))}


def audited(store: Store, action: str, detail: str, make: Callable[[], bytes]
            ) -> Callable[[], bytes]:
    """Return a download's data callable that records the export in the audit log when the
    file is made (the viewer's name and language are read now, during the run: the file is
    made on the click, outside it, where the language would be English's)."""
    who, lang = viewer_name(), language()

    def made() -> bytes:
        token = set_language(lang)
        try:
            data = make()
        finally:
            reset_language(token)
        store.record(who, action, detail)
        return data
    return made


VIEWER_KEY = "kam_viewer"
# Who a session is before sign-in let it in: a manager of no accounts.
NOBODY = Viewer(email="", role="manager", scope=Scope(frozenset()))


_CHOICES = "kam_choices"  # the viewer's choices, kept apart from the widgets that show them


def _any(value: Any) -> bool:
    return True


def remembered(key: str, draw: Callable[..., Any], *, valid: Callable[[Any], bool] = _any,
               choice: str | None = None, **default: Any) -> Any:
    """Return the widget's value, drawn by ``draw(key=key, ...)`` showing the viewer's earlier
    choice (``choice``, default ``key``), and remember the value for the other pages.

    Streamlit drops a widget's key at the end of any run of a page that does not draw it, and
    the same key on another page is another widget; so a quarter chosen on one page was back
    to its default on the next. The choice is kept under a key no widget owns, updated the
    moment the widget changes (``on_change``), and put into the widget before it is drawn; a
    choice no longer ``valid`` (a quarter since replaced) is dropped. ``default`` (``value=``,
    ``index=``...) is passed only when there is nothing to show: Streamlit warns when a
    widget gets both.
    """
    state = st.session_state
    kept = state.setdefault(_CHOICES, {})
    choice = choice or key
    if choice in kept and valid(kept[choice]):
        state[key] = kept[choice]
    elif key in state and not valid(state[key]):
        del state[key]
    value = draw(key=key, on_change=_keep, args=(key, choice),
                 **({} if key in state else default))
    kept[choice] = value
    return value


def _keep(key: str, choice: str) -> None:
    st.session_state[_CHOICES][choice] = st.session_state[key]


def chosen(choice: str, default: Any) -> Any:
    """Return the viewer's remembered choice (of a widget on another page), else ``default``."""
    return st.session_state.get(_CHOICES, {}).get(choice, default)


def remember(choice: str, value: Any) -> None:
    """Remember a choice made other than through its widget (a heatmap cell clicked): the
    widget shows it when next drawn."""
    st.session_state.setdefault(_CHOICES, {})[choice] = value


@st.cache_data(show_spinner=False, max_entries=64)
def _matrix(_store: Store, version: str, query: MatrixQuery, lang: str) -> pd.DataFrame:
    # ``lang`` keys the cache: the matrix carries method and strategy labels in it
    return matrix_for(_store, query)


def query_matrix(store: Store, query: MatrixQuery) -> pd.DataFrame:
    """Return the matrix ``query`` asks for, cached per query until the store changes (under
    aliases for a viewer who sees names anonymised)."""
    return shown(store, _matrix(store, store.version(), query, language()))


@st.cache_data(show_spinner=False, max_entries=4)
def _aliases(_store: Store, version: str, lang: str) -> anonymise.Aliases:
    return anonymise.portfolio_aliases(matrix_for(_store, MatrixQuery()),
                                       _store.client_dimension())


def shown(store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` as the viewer may see it: with client and manager names replaced by
    their aliases, and source files by their import's number, for an anonymised viewer."""
    if not viewer().anonymised:
        return frame
    out = anonymise.aliased(frame, _aliases(store, store.version(), language()))
    if "source_file" in out:  # a file name may name any client
        out["source_file"] = (out["import_id"].map(lambda i: t("anon.file", id=int(i)))
                              if "import_id" in out else None)
    return out


@st.cache_data(show_spinner=False, max_entries=4)
def _history(_store: Store, version: str) -> pd.DataFrame:
    return _store.import_history()


def viewer_history(store: Store) -> pd.DataFrame:
    """Return the import history as the viewer may see it (for source lines), cached until the
    store changes: a director sees the file names; anyone else each import's number, as a file
    name may name any client."""
    history = _history(store, store.version())
    if viewer().imports:
        return history
    return history.assign(file_names=history["import_id"].map(
        lambda i: json.dumps([t("anon.file", id=int(i))])))


def real_client(store: Store, client: str) -> str:
    """Return the real name of a client as the viewer names it (an alias when anonymised)."""
    if not viewer().anonymised:
        return client
    real = {a: n for n, a in _aliases(store, store.version(), language()).clients.items()}
    return real.get(client, client)


@st.cache_data(show_spinner=False, max_entries=16)
def _change(_store: Store, version: str, query: MatrixQuery, previous: str, pin: str,
            lang: str) -> tuple[pd.DataFrame, dict]:
    return change_for(_store, query, previous, pin=pin)


def query_change(store: Store, query: MatrixQuery, previous: str,
                 pin: str) -> tuple[pd.DataFrame, dict]:
    """Return ``analysis.query.change_for``, cached per question until the store changes."""
    change, thresholds = _change(store, store.version(), query, previous, pin, language())
    return shown(store, change), thresholds


@st.cache_data(show_spinner=False, max_entries=32)
def _thresholds(_store: Store, version: str, query: MatrixQuery) -> dict:
    return thresholds_for(_store, query)


def query_thresholds(store: Store, query: MatrixQuery) -> dict[str, tuple[float, float]]:
    """Return ``analysis.query.thresholds_for``, cached per query until the store changes."""
    return _thresholds(store, store.version(), query)


@st.cache_data(show_spinner=False, max_entries=8)
def _dimension(_store: Store, version: str, scope: Scope) -> pd.DataFrame:
    return _store.client_dimension(scope)


def viewer_dimension(store: Store) -> pd.DataFrame:
    """Return the clients the viewer may see (``Store.client_dimension``), cached until the
    store changes: every page's sidebar reads it."""
    return shown(store, _dimension(store, store.version(), viewer_scope()))


@st.cache_data(show_spinner=False, max_entries=8)
def _quarters(_store: Store, version: str, scope: Scope) -> list[str]:
    return _store.quarters(scope)


def viewer_quarters(store: Store) -> list[str]:
    """Return the quarters the viewer may see, oldest first, cached until the store changes."""
    return _quarters(store, store.version(), viewer_scope())


def viewer_query(quarter: str | None, *, by: str = "method",
                 cost_threshold: float | None = None,
                 value_threshold: float | None = None) -> MatrixQuery:
    """Return the viewer's matrix query for a quarter (None: every quarter), at the stored
    hourly rate."""
    return MatrixQuery.of_quarter(quarter, scope=viewer_scope(), level=by,
                                  cost_threshold=cost_threshold,
                                  value_threshold=value_threshold)


def cost_value_matrix(store: Store, quarter: str | None, *, by: str = "method",
                      cost_threshold: float | None = None,
                      value_threshold: float | None = None) -> pd.DataFrame:
    """Return the viewer's matrix for a quarter, cached until the store changes."""
    return query_matrix(store, viewer_query(quarter, by=by, cost_threshold=cost_threshold,
                                            value_threshold=value_threshold))


@st.cache_data(show_spinner=False, max_entries=16)
def _interactions(_store: Store, version: str, scope: Scope, client: str,
                  quarter: str | None) -> pd.DataFrame:
    return _store.interactions(scope, client=client, quarters=[quarter] if quarter else None)


def client_interactions(store: Store, client: str, quarter: str | None) -> pd.DataFrame:
    """Return one client's interactions for the viewer, cached until the store changes."""
    return shown(store, _interactions(store, store.version(), viewer_scope(),
                                      real_client(store, client), quarter))


@st.cache_data(show_spinner=False, max_entries=8)
def _valuations(_store: Store, version: str, scope: Scope, quarter: str) -> pd.DataFrame:
    return _store.valuations(scope, [quarter])


def viewer_valuations(store: Store, quarter: str) -> pd.DataFrame:
    """Return the valuations in force in a quarter for the viewer, cached until the store
    changes."""
    return _valuations(store, store.version(), viewer_scope(), quarter)


def valuation_history(store: Store, quarter: str, client: str) -> pd.DataFrame:
    """Return one client's valuations of a quarter, entered and imported, newest first (read
    each time: it is small, and a save shows in it at once)."""
    return store.valuation_history(viewer_scope(), [quarter], client)


@st.cache_data(show_spinner=False, max_entries=4)
def _survey_rows(_store: Store, version: str, scope: Scope, quarter: str,
                 lang: str) -> pd.DataFrame:  # ``lang`` keys the cache: method names
    return survey.survey_rows(_store.activity(scope, [quarter]),
                              _store.valuations(scope, [quarter]), quarter)


def survey_rows(store: Store, quarter: str) -> pd.DataFrame:
    """Return the quarter's valuation survey rows for the viewer's clients
    (``exports.survey.survey_rows``), cached until the store changes."""
    return _survey_rows(store, store.version(), viewer_scope(), quarter, language())


def signed_in_email() -> str | None:
    """Return the signed-in viewer's e-mail, or None when no one is signed in (no sign-in is
    configured today)."""
    try:
        return st.user.email if st.user.is_logged_in else None
    except (AttributeError, KeyError):
        return None


@st.cache_data(show_spinner=False, max_entries=8)
def _health(_store: Store, version: str, scope: Scope, quarter: str | None,
            today: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return health.health_for(_store, scope, as_of=pd.Timestamp(today), quarter=quarter)


def viewer_health_measures(store: Store, quarter: str | None) -> tuple[pd.DataFrame,
                                                                        pd.DataFrame]:
    """Return the viewer's relationship health as at today (``health.health_for``: every
    quarter's measures, the items open at ``quarter``'s end), cached until the store changes
    or the day does."""
    measures, items = _health(store, store.version(), viewer_scope(), quarter,
                              date.today().isoformat())
    return shown(store, measures), shown(store, items)


@st.cache_data(show_spinner=False, max_entries=8)
def _health_read(_store: Store, version: str, scope: Scope, quarter: str | None, today: str,
                 lang: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # ``lang`` keys the cache: the table carries names, values and rules in words
    measures, items = _health(_store, version, scope, quarter, today)
    return health_table.health_table(measures), health.overall_health(measures), items


def viewer_health(store: Store, quarter: str | None) -> tuple[pd.DataFrame, pd.DataFrame,
                                                               pd.DataFrame]:
    """Return the viewer's relationship health as people read it (``health_table`` of every
    quarter, ``overall_health``, and the items open at ``quarter``'s end), cached until the
    store changes or the day does."""
    return tuple(shown(store, frame) for frame in _health_read(
        store, store.version(), viewer_scope(), quarter, date.today().isoformat(), language()))


@st.cache_data(show_spinner=False, max_entries=4)
def _sample_only(_store: Store, version: str) -> bool:
    return sample.is_sample_only(_store.import_history())


def shows_sample(store: Store | None) -> bool:
    """Return whether the store holds the bundled sample and nothing else (cached until the
    store changes); no store holds no sample."""
    return store is not None and _sample_only(store, store.version())
