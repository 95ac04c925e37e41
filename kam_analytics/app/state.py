"""The server's store and the viewer's scope, and what every session reads from the store:
cached per query until the store changes (caches are shared by all sessions, so whatever
depends on the viewer is part of the key)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kam_analytics import settings
from kam_analytics.analysis import MatrixQuery, matrix_for
from kam_analytics.i18n import MessageError, language
from kam_analytics.store import EVERYONE, Scope, Store, open_store


@st.cache_resource(show_spinner=False)
def _store_at(path: str) -> Store:
    return open_store(path)


def get_store() -> Store:
    """Return the server's store (one per database file, shared by every session); a location
    no engine can open stops the page with what to do."""
    try:
        return _store_at(settings.db_location())
    except MessageError as exc:  # no engine for the location, in use, too new, cannot migrate
        st.error(str(exc))
        st.stop()
        raise


def viewer_scope() -> Scope:
    """Return what the current viewer may see. Today every viewer sees every account."""
    return EVERYONE


@st.cache_data(show_spinner=False, max_entries=64)
def _matrix(_store: Store, version: str, query: MatrixQuery, lang: str) -> pd.DataFrame:
    # ``lang`` keys the cache: the matrix carries method and strategy labels in it
    return matrix_for(_store, query)


def query_matrix(store: Store, query: MatrixQuery) -> pd.DataFrame:
    """Return the matrix ``query`` asks for, cached per query until the store changes."""
    return _matrix(store, store.version(), query, language())


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
    return _interactions(store, store.version(), viewer_scope(), client, quarter)
