"""Client economics: each client's margin against what the relationship costs, and the whale
curve of profit after relationship cost, the cost stacked by strategy."""

from functools import partial

import streamlit as st

from kam_analytics.analysis import economics
from kam_analytics.app import chart_display, clickable, navigation, sidebar, state, tables, tiles
from kam_analytics.charts.whale import whale_chart
from kam_analytics.exports import formula_safe
from kam_analytics.i18n import formats, t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("economics.title"))
f = sidebar.sidebar_filters(store, strategies=False)
currency = store.currency()
m = sidebar.filtered_matrix(store, f)
clients = sidebar.filtered_clients(store, f)
if m.empty and clients.empty:
    st.info(t("heatmap.no_match"))
    st.stop()

as_given = economics.client_economics(m, clients)
revenue_only = int((as_given["margin_source"] == "revenue_only").sum())
none_given = economics.with_margin(as_given).empty
if none_given:
    st.info(t("economics.empty"), icon=":material/info:")
rate = None
if revenue_only:
    st.caption(t("economics.revenue_only_all" if none_given else "economics.revenue_only",
                 n=revenue_only))
    if state.remembered("e_assume", partial(st.toggle, t("economics.assume"),
                                            help=t("economics.assume_help")), value=False):
        # no rate until the user types one: none is made up
        rate = state.remembered("e_rate", partial(
            st.number_input, t("economics.margin_rate"), min_value=0.1, max_value=100.0,
            step=0.5, placeholder="20"), value=None)
econ = economics.client_economics(m, clients, margin_rate=None if rate is None else rate / 100)
curve = economics.whale_curve(econ)
if curve.empty:
    st.stop()
if rate is not None:
    st.warning(t("economics.assumed_note", n=revenue_only, rate=f"{rate:g}"),
               icon=":material/warning:")
st.info(t("economics.period_note", quarter=f.quarter, rate=formats.number(store.hourly_rate()),
          currency=currency), icon=":material/info:")

summary = economics.curve_summary(curve)
margin, cost = float(curve["period_margin"].sum()), float(curve["total_cost"].sum())
k = st.columns(5)
k[0].metric(t("economics.tile_margin", currency=currency), tiles.amount(margin),
            help=t("economics.margin_help", n=len(curve)))
k[1].metric(t("economics.tile_cost", currency=currency), tiles.amount(cost),
            help=t("economics.cost_help", n=len(curve)))
k[2].metric(t("economics.tile_share"), formats.percent(cost / margin, 1) if margin > 0 else "—",
            help=t("economics.share_help"))
k[3].metric(t("economics.tile_profit", currency=currency),
            tiles.amount(summary["total_profit"]), help=t("economics.profit_help"))
k[4].metric(t("economics.tile_losing"), f"{len(summary['pulling_down'])} / {len(curve)}",
            help=t("economics.losing_help"))

st.subheader(t("economics.curve_title"))
chart_display.show_chart(whale_chart(
    curve, summary, title=t("economics.chart_title", quarter=f.quarter), subtitle=f.subtitle(),
    currency=currency), f, key="whale")
losing = summary["pulling_down"]
if losing:
    named = ", ".join(losing[:8]) + (t("economics.more_names", n=len(losing) - 8)
                                     if len(losing) > 8 else "")
    fields = {"peak": tables.money(summary["peak_profit"], currency), "rank": summary["peak_rank"],
              "n": len(curve), "total": tables.money(summary["total_profit"], currency),
              "losing": len(losing), "lost": tables.money(-summary["lost"], currency),
              "names": named}
    st.markdown(t("economics.curve_note", share=formats.percent(summary["peak_share"]), **fields)
                if summary["total_profit"] > 0 else t("economics.curve_note_no_total", **fields))
else:
    st.markdown(t("economics.curve_rises", total=tables.money(summary["total_profit"],
                                                                currency)))

st.subheader(t("economics.table_title"))
st.caption(t("heatmap.row_hint"))
shown = economics.both_ends(curve)
picked = clickable.clicked_client(tables.ranking_html(tables.economics_table(shown, currency)),
                                  shown["client"].tolist(), key="economics_clients")
if len(shown) < len(curve):
    st.caption(t("economics.more_clients", shown=economics.SHOWN_EACH_END, n=len(curve)))
missing = economics.without_margin(econ)
if len(missing):
    st.subheader(t("economics.no_margin_title", n=len(missing)))
    st.caption(t("economics.no_margin_note"))
    picked = clickable.clicked_client(
        tables.ranking_html(tables.no_margin_table(missing, currency)),
        missing["client"].tolist(), key="economics_missing") or picked
clickable.open_client(picked)
st.download_button(t("economics.download"),
                   formula_safe.csv_bytes(economics.export_table(econ, f.quarter)),
                   file_name=f"kam_economics_{f.quarter}.csv", mime="text/csv",
                   icon=":material/table_view:", help=t("economics.download_help"),
                   **state.recorded_download(store, f"kam_economics_{f.quarter}.csv"))
