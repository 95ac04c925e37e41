"""Relationship health: the framework's do's and don'ts measured per client, with the rules
each client's relationship is breaking, their trend and the problems still open."""

from functools import partial

import streamlit as st

from kam_analytics.analysis import health
from kam_analytics.app import clickable, navigation, sidebar, state, tables
from kam_analytics.charts.health_grid import status_grid_html
from kam_analytics.exports import formula_safe, health_table
from kam_analytics.i18n import formats, t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("health.title"))
f = sidebar.sidebar_filters(store, strategies=False)
table, overall, items = state.viewer_health(store, f.quarter)
keep = sidebar.kept_clients(store, f)
quarter_table = table[(table["quarter"] == f.quarter) & table["client"].isin(keep)]
quarter_overall = overall[(overall["quarter"] == f.quarter) & overall["client"].isin(keep)]
if quarter_overall.empty:
    st.info(t("heatmap.no_match"))
    st.stop()
st.caption(t("health.intro"))

counts = health.status_counts(quarter_overall)
k = st.columns(4)
for column, status in zip(k, ("red", "amber", "green", "not_measured"), strict=True):
    column.metric(health_table.status_text(status), formats.number(counts[status]),
                  help=t(f"health.count_help.{status}"))

st.subheader(t("health.portfolio_title", quarter=f.quarter))
grid = health_table.portfolio_grid(quarter_table, quarter_overall)
clicked = clickable.clicked_client(status_grid_html(grid), grid.rows, key="health_grid")
st.caption(t("health.legend"))
st.download_button(t("health.download"), formula_safe.csv_bytes(
    table[table["client"].isin(keep)]), file_name=f"kam_health_{f.quarter}.csv",
    mime="text/csv", icon=":material/table_view:", help=t("health.download_help"),
    **state.recorded_download(store, f"kam_health_{f.quarter}.csv"))

if clicked:
    state.remember("c_client", clicked)  # the scorecard below and the Client page show it
client = state.remembered("c_client", partial(st.selectbox, t("health.pick"), grid.rows),
                          valid=grid.rows.__contains__)
st.subheader(t("health.scorecard_title", client=client, quarter=f.quarter))
card = health_table.scorecard(quarter_table, client, f.quarter)
# a static table: its rules wrap (a data grid cut them at 1280 px)
st.table(card.set_index(card.columns[0]))
st.markdown(f"**{t('health.trend_title')}**")
clickable.clicked_client(status_grid_html(health_table.trend_grid(table, client),
                                          clickable=False), [], key="health_trend")

st.subheader(t("health.open_title", quarter=f.quarter))
shown = items[items["client"].isin(keep)]
if shown.empty:
    st.caption(t("health.open_none"))
else:
    st.caption(t("health.open_caption", n=len(shown)))
    tables.show_table(health_table.open_items_table(shown))
