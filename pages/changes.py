"""What changed: one quarter against another (by default the one before), cell by cell."""

from functools import partial

import streamlit as st

from kam_analytics import charts
from kam_analytics.analysis import compare
from kam_analytics.analysis.query import PINS
from kam_analytics.app import chart_display, clickable, navigation, sidebar, state, tables, tiles
from kam_analytics.charts.heatmap_html import heatmap_html
from kam_analytics.charts.trend import trend_lines
from kam_analytics.i18n import formats, t

CLIENTS_SHOWN = 40  # the clients whose cells changed most; the download holds every one

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("changes.title"))
f = sidebar.sidebar_filters(store)
currency = store.currency()
earlier = [q for q in state.viewer_quarters(store) if q < f.quarter]
if not earlier:
    st.info(t("changes.nothing_before", quarter=f.quarter))
    navigation.upload_link(t("nav.upload"))
    st.stop()

c1, c2, c3 = st.columns([1, 1.7, 1.3])  # room for the longest metric ("Изменение полных затрат")
previous = state.remembered("ch_previous", partial(c1.selectbox, t("changes.compare_to"),
                                                   earlier[::-1], format_func=formats.quarter),
                            valid=earlier.__contains__)
pin = state.remembered("ch_pin", partial(c2.radio, t("changes.thresholds"), list(PINS),
                                         format_func=lambda p: t(f"changes.pin.{p}",
                                                                 quarter=f.quarter),
                                         horizontal=True))
metric = state.remembered("ch_metric", partial(c3.selectbox, t("changes.colour_by"),
                                               list(charts.CHANGE_METRICS),
                                               format_func=lambda m: t(f"metric.{m}")))
change, thresholds = sidebar.filtered_change(store, f, previous, pin)
st.caption(" · ".join(t("changes.thresholds_were", quarter=q, cost=formats.number(c),
                        currency=currency, value=formats.formatted(v, "g"))
                      for q, (c, v) in thresholds.items()))

totals = compare.change_totals(change)
new_clients, gone_clients = compare.new_and_gone(change, "client")
k = st.columns(5)
k[0].metric(t("kpi.total_cost_in", currency=currency), tiles.amount(totals["total_cost"]),
            delta=tiles.amount(totals["total_cost_change"]), delta_color="inverse",
            help=t("changes.cost_help", quarter=previous,
                   before=tiles.amount(totals["previous_total_cost"])))
k[1].metric(t("kpi.mean_value"), tiles.rating(totals["mean_value"]),
            delta=tiles.rating_change(totals["mean_value"], totals["previous_mean_value"]))
k[2].metric(t("changes.moved"), formats.number(totals['moved']), help=t("changes.moved_help"))
k[3].metric(t("changes.into_overinvested"), formats.number(totals['moved_into_overinvested']))
k[4].metric(t("changes.clients_new_gone"), f"+{len(new_clients)} / −{len(gone_clients)}")

if change.empty:
    st.info(t("heatmap.no_match"))
    st.stop()
title = t("changes.chart_title", what=t(f"metric.{metric}"), quarter=f.quarter,
          previous=previous)
shown = change[change["client"].isin(compare.clients_by_change(change, metric)[:CLIENTS_SHOWN])]
grid = charts.heatmap_grid(shown, metric, currency=currency)
clicked = clickable.clicked_client(
    heatmap_html(grid, title=title, subtitle=f.subtitle(), currency=currency), grid.clients,
    key="change_heatmap")
if len(shown["client"].unique()) < change["client"].nunique():
    st.caption(t("changes.showing", n=shown["client"].nunique(),
                 total=change["client"].nunique()))
st.caption(t("heatmap.click_hint"))
chart_display.chart_downloads(
    lambda: charts.heatmap(shown, metric, title=title, subtitle=f.subtitle(),
                           currency=currency), title, f, key="change_heatmap")
st.download_button(t("changes.download"), sidebar.change_csv(store, f, previous, pin),
                   file_name=f"kam_change_{f.quarter}_vs_{previous}.csv", mime="text/csv",
                   icon=":material/table_view:", help=t("changes.download_help"),
                   **state.recorded_download(store, f"kam_change_{f.quarter}_vs_{previous}.csv"))

st.subheader(t("changes.moves_title"))
moves = compare.quadrant_moves(change)
if moves.empty:
    st.caption(t("changes.no_moves"))
else:
    picked = clickable.clicked_client(
        tables.ranking_html(tables.moves_table(moves.head(15), currency)),
        moves["client"].astype("string").head(15).tolist(), key="moves")
    clicked = clicked or picked
    if len(moves) > 15:
        st.caption(t("changes.more_moves", n=len(moves) - 15))
clickable.open_client(clicked)

st.subheader(t("changes.new_gone_title"))
new_methods, gone_methods = compare.new_and_gone(change, "method_label")
for key, names in (("changes.new_clients", new_clients), ("changes.gone_clients", gone_clients),
                   ("changes.new_methods", new_methods),
                   ("changes.gone_methods", gone_methods)):
    st.markdown(t(key, n=len(names)) + " "
                + (", ".join(tables.plain(n) for n in names) or "—"))

st.subheader(t("changes.trend_title"))
by = state.remembered("ch_trend_by", partial(
    st.radio, t("changes.trend_by"), ["strategy", "method", "client"],
    format_func=lambda b: t(f"trend.by.{b}"), horizontal=True))
chart_display.show_chart(trend_lines(
    compare.quarter_trend(sidebar.filtered_matrix(store, sidebar.every_quarter(f)), by), by,
    title=t("changes.trend_chart_title", by=t(f"trend.by.{by}").lower()),
    subtitle=f.subtitle(), currency=currency), f, key="trend")
