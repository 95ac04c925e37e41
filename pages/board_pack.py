"""Board pack: a quarter as a 16:9 slide deck, an Excel report and a PDF, each in one click."""

from functools import partial

import streamlit as st

from kam_analytics.analysis import matrix, whatif
from kam_analytics.app import navigation, sidebar, state, tables
from kam_analytics.exports import chart_images, deck, report, slides
from kam_analytics.exports.pack import (
    DEFAULT_CLIENT_SLIDES,
    DEFAULT_SECTIONS,
    DEFAULT_TOP,
    SCOPES,
    SECTIONS,
    BudgetMove,
    PackError,
    PackOptions,
    board_pack,
    clients_table,
    previous_quarter,
)
from kam_analytics.i18n import formats, t

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("bp.title"))
quarters = sidebar.no_data_stop(store)
st.caption(t("bp.intro"))

left, right = st.columns(2, gap="large")
# The quarter chosen on the other pages is the pack's, and a quarter chosen here is theirs.
quarter = state.remembered("bp_quarter", partial(left.selectbox, t("bp.quarter"), quarters[::-1],
                                                 format_func=formats.quarter),
                           valid=quarters.__contains__, choice="f_quarter")
by_method = state.cost_value_matrix(store, quarter)
by_strategy = state.cost_value_matrix(store, quarter, by="strategy")
ranked = matrix.clients_by_spend(by_method)

scope = left.radio(t("bp.scope"), SCOPES, format_func=lambda s: t(f"bp.scope.{s}"),
                   horizontal=True, key="bp_scope")
top, chosen = DEFAULT_TOP, ()
if scope == "top":
    top = int(left.number_input(t("bp.top"), min_value=1, max_value=max(len(ranked), 1),
                                value=min(DEFAULT_TOP, max(len(ranked), 1)), key="bp_top"))
elif scope == "selection":
    chosen = tuple(left.multiselect(t("bp.pick"), ranked, key="bp_pick",
                                    placeholder=t("bp.pick_hint")))
anonymise = left.toggle(t("bp.anonymise"), key="bp_anon", help=t("bp.anonymise_help"))

sections = state.remembered("bp_sections", partial(
    right.pills, t("bp.sections"), SECTIONS, selection_mode="multi",
    format_func=lambda s: t(f"bp.section.{s}"), wrap=True),
    valid=lambda v: set(v) <= set(SECTIONS), default=list(DEFAULT_SECTIONS))
client_slides = 0
if "clients" in sections:
    client_slides = int(right.number_input(
        t("bp.client_slides"), min_value=0, max_value=max(len(ranked), 1),
        value=min(DEFAULT_CLIENT_SLIDES, len(ranked)), key="bp_client_slides",
        help=t("bp.client_slides_help")))

if scope == "selection" and not chosen:
    st.info(t("pack.error_no_clients"))
    st.stop()
# The move set on the Budget what-if page (its defaults when the page was not opened).
move = BudgetMove(cut=tuple(state.chosen("w_cut", BudgetMove.cut)),
                  grow=tuple(state.chosen("w_grow", BudgetMove.grow)),
                  share=state.chosen("w_share", BudgetMove.share * 100) / 100,
                  elasticity=state.chosen("w_elasticity", None))
options = PackOptions(quarter=quarter, scope=scope, top=top, clients=chosen,
                      sections=tuple(sections), client_slides=client_slides,
                      anonymise=anonymise, move=move)
try:
    before = previous_quarter(quarters, quarter)
    change = (state.query_change(store, state.viewer_query(quarter), before, "current")[0]
              if before and "changes" in sections else None)
    fit = (whatif.fitted_elasticity(state.query_matrix(store, state.viewer_query(None)))
           if "whatif" in sections and move.elasticity is None else None)
    measured = (state.viewer_health_measures(store, quarter) if "health" in sections
                else None)
    pack = board_pack(by_method, by_strategy, options, currency=store.currency(),
                      hourly_rate=store.hourly_rate(), history=state.viewer_history(store),
                      change=change, elasticity=fit, clients=state.viewer_dimension(store),
                      health=measured)
except PackError as exc:
    st.warning(str(exc))
    st.stop()

st.subheader(t("bp.summary", slides=slides.slide_count(pack), scope=pack.scope_label,
               quarter=pack.quarter))
if "changes" in sections and pack.change is None:
    st.caption(t("bp.no_previous", quarter=pack.quarter))
if "health" in sections and pack.health is None:
    st.caption(t("bp.no_health", quarter=pack.quarter))
if "whatif" in sections:
    st.caption(t("bp.whatif_as_set", share=formats.percent(move.share),
                 cut=", ".join(t(f"quadrant.{q}") for q in move.cut),
                 grow=", ".join(t(f"quadrant.{q}") for q in move.grow),
                 elasticity=formats.formatted(move.elasticity if move.elasticity is not None
                                              else fit.value, ".2f"))
               + ("" if pack.moved is not None else " " + t("whatif.nothing_to_move")))
if "economics" in sections and pack.economics is None:
    st.caption(t("bp.no_margins"))
stem = f"kam-board-pack-{pack.quarter}" + ("-anonymised" if pack.aliases else "")
about = t("audit.pack", quarter=pack.quarter, scope=pack.scope_label,
          sections=", ".join(pack.sections), anonymised=t("audit.anonymised")
          if pack.aliases else "")
row = st.container(horizontal=True, gap="small")
# The deck's pictures need Chromium: without it, say so and offer what can still be made.
no_browser = chart_images.missing_browser()
# Callables: a file is built when its button is clicked, not on every rerun of the page.
if no_browser is None:
    row.download_button(t("bp.download_deck"), data=state.audited(store, "export", t(
                            "audit.deck", what=t("audit.what_deck"), about=about),
                            lambda: deck.deck(pack)),
                        file_name=f"{stem}.pptx", mime=deck.PPTX_MIME, type="primary",
                        icon=":material/slideshow:", on_click="ignore", key="bp_deck")
row.download_button(t("bp.download_report"), data=state.audited(
                        store, "export", t("audit.deck", what=t("audit.what_report"),
                                           about=about), lambda: report.report(pack)),
                    file_name=f"{stem}.xlsx", mime=report.XLSX_MIME,
                    icon=":material/table_view:", on_click="ignore", key="bp_report")
if no_browser is not None:
    st.warning(t("bp.no_browser", why=str(no_browser)))
elif report.soffice():
    row.download_button(t("bp.download_pdf"), data=state.audited(
                            store, "export", t("audit.deck", what=t("audit.what_pdf"),
                                               about=about),
                            lambda: report.pdf_of(deck.deck(pack))),
                        file_name=f"{stem}.pdf", mime=report.PDF_MIME,
                        icon=":material/picture_as_pdf:", on_click="ignore", key="bp_pdf")
if pack.aliases is not None:
    row.download_button(t("bp.download_key"), data=state.audited(
                        store, "export", t("audit.deck", what=t("audit.what_key"),
                                           about=about), pack.aliases.key_csv),
                        file_name=f"{stem}-alias-key.csv", mime="text/csv",
                        icon=":material/key:", on_click="ignore", key="bp_key")
st.caption(t("bp.building"))
if not report.soffice():
    st.caption(t("bp.no_pdf"))
if pack.aliases is not None:
    st.warning(t("bp.key_warning"), icon=":material/lock:")

with st.expander(t("bp.clients_in_pack", n=len(pack.clients))):
    tables.show_table(clients_table(pack))
