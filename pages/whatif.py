"""Budget what-if: move money from some cells to others and see an estimate of what it does
to cost and value, per client and for the portfolio, under a model stated beside it."""

from functools import partial

import streamlit as st

from kam_analytics import charts
from kam_analytics.analysis import whatif
from kam_analytics.app import clickable, navigation, sidebar, state, tables, tiles
from kam_analytics.exports import formula_safe
from kam_analytics.exports.pack import DEFAULT_SECTIONS, SECTIONS
from kam_analytics.i18n import formats, t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("whatif.title"))
f = sidebar.sidebar_filters(store)
currency = store.currency()
m = sidebar.filtered_matrix(store, f).reset_index(drop=True)
if m.empty:
    st.info(t("heatmap.no_match"))
    st.stop()

quadrants = list(charts.QUADRANTS)
c1, c2, c3 = st.columns(3)
cut = state.remembered("w_cut", partial(c1.multiselect, t("whatif.cut"), quadrants,
                                        format_func=lambda q: t(f"quadrant.{q}")),
                       default=["overinvested"])
grow = state.remembered("w_grow", partial(c2.multiselect, t("whatif.grow"),
                                          [q for q in quadrants if q not in cut],
                                          format_func=lambda q: t(f"quadrant.{q}")),
                        valid=lambda v: not set(v) & set(cut), default=["efficient"])
share = state.remembered("w_share", partial(c3.slider, t("whatif.share"), 0, 100, step=5,
                                            format=formats.percent_widget_format()), value=15)
fit = whatif.fitted_elasticity(sidebar.filtered_matrix(store, sidebar.every_quarter(f)))
# a slider of choices, not a number field: its figures are written in the reader's convention
# (0,30 in Russian), with the fitted figure among the twentieths
fitted = round(fit.value, 2)
elasticity = st.select_slider(
    t("whatif.elasticity"), sorted({round(i / 20, 2) for i in range(21)} | {fitted}),
    value=fitted, format_func=partial(formats.formatted, spec=".2f"),
    key=f"w_elasticity_{fit.value:.4f}", help=t("whatif.elasticity_help"))
# for the board pack: None while the fitted (or assumed) figure stands
state.remember("w_elasticity", None if elasticity == fitted else elasticity)
st.info(t("whatif.model", elasticity=formats.formatted(elasticity, ".2f"))
        + " " + (t("whatif.fitted", pairs=fit.pairs, value=formats.formatted(fit.value, ".2f"))
                 if fit.fitted
                 else t("whatif.assumed", pairs=fit.pairs, needed=whatif.MIN_PAIRS,
                        value=formats.formatted(whatif.ASSUMED_ELASTICITY, ".2f"))),
        icon=":material/info:")

cut_cells, grow_cells = m["quadrant"].isin(cut), m["quadrant"].isin(grow)
if not cut_cells.any() or not grow_cells.any():
    st.warning(t("whatif.nothing_to_move"))
    st.stop()
moved = whatif.budget_move(m, cut_cells, grow_cells, share=share / 100, elasticity=elasticity)
summary = whatif.move_summary(moved)
k = st.columns(3)
k[0].metric(t("whatif.moved", currency=currency), tiles.amount(summary["moved"]),
            help=t("whatif.moved_help", cells=int(cut_cells.sum()), to=int(grow_cells.sum())))
k[1].metric(t("kpi.total_cost_in", currency=currency), tiles.amount(summary["total_cost_after"]),
            help=t("whatif.same_total"))
k[2].metric(t("whatif.weighted_value"), tiles.rating(summary["weighted_value_after"]),
            delta=tiles.rating_change(summary["weighted_value_after"],
                                      summary["weighted_value"]),
            help=t("whatif.weighted_value_help"))

st.subheader(t("whatif.clients_title"))
effect = whatif.client_effect(moved)
picked = clickable.clicked_client(tables.ranking_html(tables.client_effect_table(
    effect.head(20), currency)), effect["client"].head(20).tolist(), key="whatif_clients")
if len(effect) > 20:
    st.caption(t("whatif.more_clients", n=len(effect) - 20))

st.subheader(t("whatif.recommendations_title"))
ranked = whatif.recommendations(moved)
shown = tables.recommendations_table(ranked, currency)
picked = clickable.clicked_client(tables.ranking_html(shown.head(20)),
                                  ranked["client"].head(20).tolist(),
                                  key="whatif_recommendations") or picked
clickable.open_client(picked)
row = st.container(horizontal=True, gap="small")
stem = f"kam_whatif_{f.quarter}"
row.download_button(t("whatif.download_csv"), formula_safe.csv_bytes(shown),
                    file_name=f"{stem}.csv", mime="text/csv", icon=":material/table_view:",
                    **state.recorded_download(store, f"{stem}.csv"))
row.download_button(t("whatif.download_xlsx"), data=state.audited(
                        store, "export", t("audit.download", file=f"{stem}.xlsx"),
                        lambda: tables.xlsx_bytes(shown)),
                    file_name=f"{stem}.xlsx", on_click="ignore", icon=":material/table_view:",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
if row.button(t("whatif.to_pack"), icon=":material/slideshow:", help=t("whatif.to_pack_help")):
    state.remember("bp_sections", [s for s in SECTIONS if s == "whatif" or s in state.chosen(
        "bp_sections", DEFAULT_SECTIONS)])
    state.remember("bp_quarter", f.quarter)
    st.switch_page("pages/board_pack.py")
st.caption(t("whatif.estimate_note"))
