"""The sidebar's filters (quarter, account manager, segment, strategy, thresholds) and the
matrix they select."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from kam_analytics import charts, taxonomy
from kam_analytics.analysis import MatrixQuery, compare, matrix
from kam_analytics.app import navigation
from kam_analytics.app.state import (
    cost_value_matrix,
    query_change,
    query_matrix,
    query_thresholds,
    remembered,
    viewer,
    viewer_dimension,
    viewer_quarters,
    viewer_query,
)
from kam_analytics.charts.heatmap_html import heatmap_html
from kam_analytics.exports import formula_safe
from kam_analytics.i18n import formats, language, t
from kam_analytics.store import Store


@dataclass(frozen=True)
class Filters:
    quarter: str | None
    managers: list[str]
    segments: list[str]
    strategies: list[str]
    cost_threshold: float | None
    value_threshold: float | None

    def subtitle(self) -> str:
        parts = []
        if self.managers:
            parts.append(t("filters.managers", names=", ".join(self.managers)))
        if self.segments:
            parts.append(t("filters.segments", names=", ".join(self.segments)))
        if self.strategies:
            parts.append(t("filters.strategies", names=", ".join(
                taxonomy.strategy_label(s) for s in self.strategies)))
        return " · ".join(parts) if parts else t("filters.all")

    def query(self, by: str = "method") -> MatrixQuery:
        """Return the viewer's matrix query for these filters' quarter and thresholds."""
        return viewer_query(self.quarter, by=by, cost_threshold=self.cost_threshold,
                            value_threshold=self.value_threshold)


def no_data_stop(store: Store) -> list[str]:
    """Return the viewer's quarters; stop the page with a pointer to Upload when there are none."""
    quarters = viewer_quarters(store)
    if not quarters:
        st.info(t("ui.no_data"))
        navigation.upload_link(t("nav.upload"))
        st.stop()
    return quarters


def _within(options: list) -> Callable[[Any], bool]:
    """Return a check that a remembered choice (one option or a list of them) is offered."""
    offered = set(options)
    return lambda v: set(v) <= offered if isinstance(v, list) else v in offered


def sidebar_filters(store: Store, *, strategies: bool = True) -> Filters:
    """Render the shared sidebar filters, seeded with the viewer's earlier choices (they stay
    chosen from page to page), and return the choices."""
    quarters = no_data_stop(store)
    sb = st.sidebar
    quarter = remembered("f_quarter", partial(sb.selectbox, t("filters.quarter"), quarters[::-1],
                                              format_func=formats.quarter),
                         valid=_within(quarters))
    dims = viewer_dimension(store)
    names = sorted(dims["manager"].dropna().unique().tolist())
    managers = remembered("f_managers", partial(sb.multiselect, t("filters.manager"), names,
                                                placeholder=t("filters.everyone")),
                          valid=_within(names))
    names = sorted(dims["segment"].dropna().unique().tolist())
    segments = remembered("f_segments", partial(sb.multiselect, t("filters.segment"), names,
                                                placeholder=t("filters.every_segment")),
                          valid=_within(names))
    chosen_strategies: list[str] = []
    if strategies:
        chosen_strategies = remembered("f_strategies", partial(
            sb.multiselect, t("filters.strategy"), list(taxonomy.STRATEGY_IDS),
            format_func=taxonomy.strategy_label, placeholder=t("filters.every_strategy")))
    with sb.expander(t("filters.thresholds")):
        medians = remembered("f_medians", partial(st.toggle, t("filters.use_medians")),
                             value=True)
        cost_thr = value_thr = None
        if not medians:
            base = cost_value_matrix(store, quarter)
            dc, dv = matrix.quadrant_thresholds(base)
            cost_thr = remembered("f_cost_thr", partial(
                st.number_input, t("filters.cost_threshold", currency=store.currency()),
                min_value=0.0, step=100.0), value=round(dc, 0))
            value_thr = remembered("f_value_thr", partial(
                st.slider, t("filters.value_threshold"), 1.0, 5.0, step=0.1),
                value=round(dv, 1))
    sb.caption(t("filters.rate_note", rate=formats.number(store.hourly_rate()),
                 currency=store.currency()))
    return Filters(quarter, managers, segments, chosen_strategies, cost_thr, value_thr)


def every_quarter(f: Filters) -> Filters:
    """Return the same filters over every stored quarter (for trends)."""
    return replace(f, quarter=None)


def filtered_change(store: Store, f: Filters, previous: str,
                    pin: str) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    """Return the filters' quarter against ``previous`` (``analysis.query.change_for``):
    quadrants from the whole portfolio, then the cells the filters keep, gone ones included."""
    change, thresholds = query_change(store, f.query(), previous, pin)
    return _kept(change, f), thresholds


def change_csv(store: Store, f: Filters, previous: str, pin: str) -> bytes:
    """Return the filtered comparison as formula-safe CSV bytes (the matrix's columns, then
    the change's)."""
    return formula_safe.csv_bytes(compare.export_change(filtered_change(store, f, previous,
                                                                        pin)[0]))


def filtered_matrix(store: Store, f: Filters, *, by: str = "method") -> pd.DataFrame:
    """Return the matrix for the filters: quadrants from the whole portfolio, then filtered."""
    return _kept(query_matrix(store, f.query(by)), f)


def filtered_clients(store: Store, f: Filters) -> pd.DataFrame:
    """Return the client dimension (``Store.client_dimension``) the filters' managers and
    segments keep: every listed client, with activity in the quarter or not."""
    return matrix.filtered(viewer_dimension(store), managers=f.managers, segments=f.segments)


def _kept(m: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Return the rows of ``m`` the filters' managers, segments and strategies keep."""
    return matrix.filtered(m, managers=f.managers, segments=f.segments,
                           strategies=f.strategies)


def heatmap_markup(store: Store, f: Filters, *, by: str, metric: str, clients: list[str],
                   title: str) -> tuple[str, list[str]]:
    """Return the heatmap table's HTML for these clients of the filtered matrix, and its rows'
    clients, cached until the store changes: a new session's first page is drawn from it."""
    return _heatmap_markup(store, store.version(), f, by, metric, tuple(clients), title,
                           store.currency(), viewer().anonymised, language())


@st.cache_data(show_spinner=False, max_entries=32)
def _heatmap_markup(_store: Store, version: str, f: Filters, by: str, metric: str,
                    clients: tuple[str, ...], title: str, currency: str, anonymised: bool,
                    lang: str) -> tuple[str, list[str]]:
    # The cache is shared by every session: the filters' query carries the viewer's scope,
    # ``anonymised`` whether names are aliases, ``lang`` the labels' language.
    cells = matrix.of_clients(_kept(query_matrix(_store, f.query(by)), f), list(clients))
    grid = charts.heatmap_grid(cells, metric, by=by, currency=currency)
    return heatmap_html(grid, title=title, subtitle=f.subtitle(), currency=currency), grid.clients


def kept_clients(store: Store, f: Filters) -> list[str]:
    """Return the viewer's clients the filters' managers and segments keep."""
    dims = viewer_dimension(store)
    keep = pd.Series(True, index=dims.index)
    if f.managers:
        keep &= dims["manager"].isin(f.managers)
    if f.segments:
        keep &= dims["segment"].isin(f.segments)
    return dims.loc[keep, "client"].tolist()


def thresholds(store: Store, f: Filters) -> tuple[float, float]:
    """Return the (cost, value) thresholds in force for the filters' quarter: those chosen,
    else the portfolio's medians (the same for every viewer)."""
    found = query_thresholds(store, f.query()).get(f.quarter)
    if found is None:  # no cell of the portfolio in that quarter
        return matrix.quadrant_thresholds(cost_value_matrix(store, f.quarter))
    return found
