"""Client: one account's cost versus value per method beside its relationship health, its
strategy mix and its interactions."""

from functools import partial

import streamlit as st

from kam_analytics import charts
from kam_analytics.analysis import matrix
from kam_analytics.app import chart_display, clickable, navigation, sidebar, state, tables, tiles
from kam_analytics.charts.health_grid import status_grid_html
from kam_analytics.exports import health_table
from kam_analytics.i18n import t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("client.title"))
f = sidebar.sidebar_filters(store, strategies=False)
currency = store.currency()

m = sidebar.filtered_matrix(store, f)
ranked = matrix.clients_by_spend(m)
if not ranked:
    st.info(t("heatmap.no_match"))
    st.stop()
# The client chosen here or clicked on the heatmap stays chosen from page to page.
client = state.remembered("c_client", partial(st.selectbox, t("client.pick"), ranked,
                                              help=t("client.pick_help")),
                          valid=ranked.__contains__)
cells = matrix.of_clients(m, [client])
cost_thr, value_thr = sidebar.thresholds(store, f)
tiles.headline_tiles(matrix.portfolio_totals(cells), currency, t("kpi.methods"), len(cells))

# Health beside cost: money spent on a relationship whose basics fail shows at once.
health, overall, _ = state.viewer_health(store, f.quarter)
own = overall[(overall["client"] == client) & (overall["quarter"] == f.quarter)]
if not own.empty:
    st.markdown(f"**{t('client.health_title')}**")
    clickable.clicked_client(status_grid_html(
        health_table.portfolio_grid(health[health["quarter"] == f.quarter], own),
        clickable=False), [], key="client_health")
    broken = health_table.rules_broken(health, client, f.quarter)
    st.caption(t("client.health_breaking", rules=broken) if broken
               else t("client.health_keeping"))
    st.page_link("pages/health.py", label=t("client.health_link"),
                 icon=":material/health_and_safety:")

chart_display.show_chart(charts.client_bubbles(
    cells, cost_threshold=cost_thr, value_threshold=value_thr,
    title=t("client.bubbles_title", client=client, quarter=f.quarter),
    currency=currency), f, key="bubbles")

# One under the other: side by side, at 1280 px the table was cut and the chart's axes met.
by_strategy = matrix.of_clients(sidebar.filtered_matrix(store, f, by="strategy"), [client])
chart_display.show_chart(charts.strategy_breakdown(
    by_strategy, title=t("client.strategy_title", client=client, quarter=f.quarter),
    currency=currency), f, key="strategies")
st.subheader(t("client.cells_title"))
table = tables.cells_table(cells.sort_values("total_cost", ascending=False), currency,
                           with_client=False)
tables.show_table(table, height=tables.table_height(len(table)))  # every method, no empty rows

st.subheader(t("client.interactions_title", quarter=f.quarter))
interactions = state.client_interactions(store, client, f.quarter)
tables.show_table(tables.interactions_table(interactions, currency))
