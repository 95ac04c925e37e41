"""Portfolio heatmap: clients x methods (or strategies) coloured by a chosen metric; a click on
a cell opens that client's page."""

from functools import partial

import streamlit as st

from kam_analytics import charts
from kam_analytics.analysis import matrix
from kam_analytics.app import (
    chart_display,
    clickable,
    navigation,
    sidebar,
    state,
    tables,
    tiles,
)
from kam_analytics.exports.people import matrix_csv
from kam_analytics.i18n import formats, language, t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("heatmap.title"))
f = sidebar.sidebar_filters(store)
currency = store.currency()

c1, c2, c3 = st.columns([1, 2, 2])
by = state.remembered("h_by", partial(
    c1.radio, t("heatmap.by"), ["method", "strategy"],
    format_func=lambda b: t(f"heatmap.by.{b}"), horizontal=True))
metric = state.remembered("h_metric", partial(
    c2.selectbox, t("heatmap.metric"), charts.HEATMAP_METRICS,
    format_func=lambda m: t(f"metric.{m}")))
search = state.remembered("h_search", partial(
    c3.text_input, t("heatmap.search"), placeholder=t("heatmap.search_hint")))

m = sidebar.filtered_matrix(store, f, by=by)
ranked = matrix.clients_by_spend(m)
shown = matrix.clients_matching(ranked, search)
top = st.sidebar.number_input(t("heatmap.top_n"), min_value=5, max_value=500,
                              value=min(40, max(5, len(shown))), step=5, key="h_top")
pages = max(1, -(-len(shown) // top))
page = st.sidebar.number_input(t("heatmap.page", pages=pages), 1, pages, 1, key="h_page") \
    if pages > 1 else 1
visible = shown[(page - 1) * top: page * top]

# The tiles count what the search finds: a search that finds nobody shows zeros, not the
# portfolio's totals.
searched = matrix.of_clients(m, shown)
tiles.headline_tiles(matrix.portfolio_totals(searched), currency, t("kpi.clients"), len(shown))

if not visible:
    st.info(t("heatmap.no_match"))
    st.stop()
if len(shown) > len(visible):
    st.caption(t("heatmap.showing", n=formats.number(len(visible)),
                 total=formats.number(len(shown))))
title = t("heatmap.chart_title", what=t(f"metric.{metric}"), by=t(f"heatmap.by.{by}").lower(),
          quarter=f.quarter)
markup, rows = sidebar.heatmap_markup(store, f, by=by, metric=metric, clients=visible,
                                     title=title)
clicked = clickable.clicked_client_with_hint(markup, rows, t("heatmap.click_hint"),
                                            key="heatmap")
chart_display.chart_downloads(
    lambda: charts.heatmap(matrix.of_clients(m, visible), metric, by=by, title=title,
                           subtitle=f.subtitle(), currency=currency), title, f, key="heatmap")
# The files are made when clicked, from the matrix shown (no file served to every new session)
row = st.container(horizontal=True, gap="small")
for for_people, label, tip, name in (
        (False, t("heatmap.download"), t("heatmap.download_help"),
         f"kam_matrix_{f.quarter}_{by}.csv"),
        (True, t("heatmap.download_people"), t("heatmap.download_people_help"),
         f"kam_matrix_{f.quarter}_{by}_{language()}.csv")):
    row.download_button(
        label, state.audited(store, "export", t("audit.download", file=name),
                             partial(matrix_csv, m, currency, for_people)),
        file_name=name, mime="text/csv", on_click="ignore", icon=":material/table_view:",
        help=tip)

st.subheader(t("heatmap.overinvested_title"))
worst = matrix.top_cells(searched, "overinvested", 10)
if worst.empty:
    st.caption(t("heatmap.none_overinvested"))
else:
    picked = clickable.clicked_client_with_hint(
        tables.ranking_html(tables.cells_table(worst, currency)),
        worst["client"].astype("string").tolist(), t("heatmap.row_hint"), key="overinvested")
    clicked = clicked or picked
clickable.open_client(clicked)
