"""Client: one account's cost versus value per method, its strategy mix and its interactions."""

import streamlit as st

from kam_analytics import charts
from kam_analytics.analysis import matrix
from kam_analytics.app import chart_display, navigation, sidebar, state, tables
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
if st.session_state.get("c_client") not in ranked:
    st.session_state.pop("c_client", None)
client = st.selectbox(t("client.pick"), ranked, key="c_client",
                      help=t("client.pick_help"))
cells = matrix.filtered(m, clients=[client])
totals = matrix.portfolio_totals(cells)
cost_thr, value_thr = sidebar.thresholds(store, f)

k = st.columns(5)
k[0].metric(t("kpi.total_cost"), tables.money(totals["total_cost"], currency))
k[1].metric(t("kpi.hours"), f"{totals['hours']:,.0f}")
k[2].metric(t("kpi.methods"), f"{len(cells):,}")
k[3].metric(t("kpi.mean_value"), "—" if totals["value"] != totals["value"]
            else f"{totals['value']:.2f}")
k[4].metric(t("kpi.overinvested_spend"), f"{totals['overinvested_share']:.0%}",
            help=t("kpi.overinvested_help"))

chart_display.show_chart(charts.client_bubbles(
    cells, cost_threshold=cost_thr, value_threshold=value_thr,
    title=t("client.bubbles_title", client=client, quarter=f.quarter),
    currency=currency), key="bubbles")

left, right = st.columns([1, 1])
with left:
    by_strategy = matrix.filtered(sidebar.filtered_matrix(store, f, by="strategy"),
                                  clients=[client])
    chart_display.show_chart(charts.strategy_breakdown(
        by_strategy, title=t("client.strategy_title", client=client, quarter=f.quarter),
        currency=currency), key="strategies")
with right:
    st.subheader(t("client.cells_title"))
    table = tables.cells_table(cells.sort_values("total_cost", ascending=False), currency,
                           with_client=False)
    # Beside the chart, at most as tall as it; a client with few methods gets no empty rows.
    tables.show_table(table, height=min(420, tables.table_height(len(table))))

st.subheader(t("client.interactions_title", quarter=f.quarter))
interactions = state.client_interactions(store, client, f.quarter)
tables.show_table(tables.interactions_table(interactions, currency))
