"""Portfolio heatmap: clients x methods (or strategies) coloured by a chosen metric."""

import streamlit as st

from kam_analytics import charts
from kam_analytics.analysis import matrix
from kam_analytics.app import chart_display, navigation, sidebar, state, tables
from kam_analytics.i18n import t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("heatmap.title"))
f = sidebar.sidebar_filters(store)
currency = store.currency()

c1, c2, c3 = st.columns([1, 2, 2])
by = c1.radio(t("heatmap.by"), ["method", "strategy"], format_func=lambda b: t(f"heatmap.by.{b}"),
              horizontal=True, key="h_by")
metric = c2.selectbox(t("heatmap.metric"), charts.HEATMAP_METRICS,
                      format_func=lambda m: t(f"metric.{m}"), key="h_metric")
search = c3.text_input(t("heatmap.search"), key="h_search", placeholder=t("heatmap.search_hint"))

m = sidebar.filtered_matrix(store, f, by=by)
ranked = matrix.clients_by_spend(m)
shown = matrix.clients_matching(ranked, search)
top = st.sidebar.number_input(t("heatmap.top_n"), min_value=5, max_value=500,
                              value=min(40, max(5, len(shown))), step=5, key="h_top")
pages = max(1, -(-len(shown) // top))
page = st.sidebar.number_input(t("heatmap.page", pages=pages), 1, pages, 1, key="h_page") \
    if pages > 1 else 1
visible = shown[(page - 1) * top: page * top]

totals = matrix.portfolio_totals(m)
k = st.columns(5)
k[0].metric(t("kpi.clients"), f"{totals['clients']:,}")
k[1].metric(t("kpi.total_cost"), tables.money(totals["total_cost"], currency))
k[2].metric(t("kpi.hours"), f"{totals['hours']:,.0f}")
k[3].metric(t("kpi.mean_value"), "—" if totals["value"] != totals["value"]
            else f"{totals['value']:.2f}")
k[4].metric(t("kpi.overinvested_spend"), f"{totals['overinvested_share']:.0%}",
            help=t("kpi.overinvested_help"))

if not visible:
    st.info(t("heatmap.no_match"))
    st.stop()
if len(shown) > len(visible):
    st.caption(t("heatmap.showing", n=f"{len(visible):,}", total=f"{len(shown):,}"))
title = t("heatmap.chart_title", what=t(f"metric.{metric}"), by=t(f"heatmap.by.{by}").lower(),
          quarter=f.quarter)
fig = charts.heatmap(matrix.filtered(m, clients=visible), metric, by=by, title=title,
                     subtitle=f.subtitle(), currency=currency)
chart_display.show_chart(fig, key="heatmap")
st.download_button(t("heatmap.download"), sidebar.matrix_csv(store, f, by=by),
                   file_name=f"kam_matrix_{f.quarter}_{by}.csv", mime="text/csv",
                   icon=":material/table_view:", help=t("heatmap.download_help"))

st.subheader(t("heatmap.overinvested_title"))
worst = matrix.top_cells(m, "overinvested", 10)
if worst.empty:
    st.caption(t("heatmap.none_overinvested"))
else:
    tables.show_table(tables.cells_table(worst, currency))
