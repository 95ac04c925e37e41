"""Methods: each method across the portfolio, and the clients overinvested in it."""

from functools import partial

import streamlit as st

from kam_analytics import charts, taxonomy
from kam_analytics.analysis import matrix
from kam_analytics.app import chart_display, navigation, sidebar, state, tables
from kam_analytics.i18n import t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("methods.title"))
f = sidebar.sidebar_filters(store)
currency = store.currency()

m = sidebar.filtered_matrix(store, f)
rollup = matrix.method_rollup(m)
if rollup.empty:
    st.info(t("heatmap.no_match"))
    st.stop()
chart_display.show_chart(charts.method_overview(
    rollup, title=t("methods.chart_title", quarter=f.quarter), subtitle=f.subtitle(),
    currency=currency), f, key="methods")

tables.show_table(tables.methods_table(rollup, currency))

st.subheader(t("methods.detail_title"))
options = rollup.sort_values("total_cost", ascending=False)["method"].tolist()
method = state.remembered("m_method", partial(st.selectbox, t("methods.pick"), options,
                                             format_func=taxonomy.method_label),
                          valid=options.__contains__)
cells = m[m["method"] == method].sort_values("total_cost", ascending=False)
over = cells[cells["quadrant"] == "overinvested"]
if over.empty:
    st.success(t("methods.none_overinvested", method=taxonomy.method_label(method)))
else:
    st.warning(t("methods.overinvested", n=len(over), method=taxonomy.method_label(method),
                 cost=tables.money(over["total_cost"].sum(), currency)))
tables.show_table(tables.cells_table(cells, currency))
