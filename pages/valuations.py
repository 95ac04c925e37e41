"""Client valuations: the value each client attaches to each method, entered in a grid, its
history, and the survey sent to clients to ask them."""

from functools import partial

import streamlit as st

from kam_analytics import taxonomy
from kam_analytics.analysis import valuations
from kam_analytics.app import navigation, sidebar, state, tables
from kam_analytics.exports import report, survey
from kam_analytics.i18n import t
from kam_analytics.store import CannotWrite, StoreBusy

GRID_ROWS_SHOWN = 25  # more clients scroll within the grid

navigation.ensure_app_navigation(__file__)
store = state.get_store()
st.title(t("valuations.title"))
f = sidebar.sidebar_filters(store)
quarter = f.quarter
st.caption(t("valuations.intro", quarter=quarter))

cells = sidebar.filtered_matrix(store, f)
if cells.empty:
    st.info(t("heatmap.no_match"))
    st.stop()
grid = valuations.valuation_grid(cells, state.viewer_valuations(store, quarter))

st.subheader(t("valuations.grid_title", quarter=quarter), help=t("valuations.grid_help"))
saves = st.session_state.setdefault("v_saves", 0)  # a new editor after each save
edited = st.data_editor(
    tables.valuation_grid_view(grid), key=f"v_grid_{quarter}_{saves}", num_rows="fixed",
    width="stretch", placeholder=tables.MISSING_SHOWN,
    height=tables.table_height(min(len(grid), GRID_ROWS_SHOWN)),
    column_config={c: st.column_config.NumberColumn(min_value=1, max_value=5, step=1,
                                                    format="%d")
                   for c in tables.valuation_grid_view(grid).columns})
left, middle, right = st.columns([2, 3, 2], vertical_alignment="bottom")
signed_in = state.signed_in_email()
with left:
    who = signed_in or state.remembered("v_who", partial(
        st.text_input, t("valuations.entered_by"), help=t("valuations.entered_by_help")))
    if signed_in:
        st.text_input(t("valuations.entered_by"), signed_in, disabled=True)
with middle:
    comment = st.text_input(t("valuations.comment"), key="v_comment")
with right:
    save = st.button(t("valuations.save"), type="primary", icon=":material/save:")

if save:
    entries = valuations.changed_entries(grid, tables.valuation_grid_ids(edited), quarter,
                                         comment.strip() or None)
    idle = valuations.without_activity(entries, cells)
    entries = entries.drop(index=idle.index)
    if entries.empty and idle.empty:
        st.info(t("valuations.no_changes"))
    elif not (who or "").strip():
        st.warning(t("valuations.need_name"))
    else:
        notes = []  # shown after the rerun that draws the saved values
        if len(idle):
            notes.append(("warning", t("valuations.no_activity", quarter=quarter, cells=", ".join(
                t("valuations.cell", client=r.client, method=taxonomy.method_label(r.method))
                for r in idle.itertuples()))))
        if len(entries):
            try:
                n = store.save_valuation_entries(entries, who)
                state.audit(store, "valuations", t("audit.valuations", n=n, quarter=quarter,
                                                   who=who))
                notes.append(("success", t("valuations.saved", n=n, quarter=quarter)))
                st.session_state["v_saves"] = saves + 1
            except (StoreBusy, CannotWrite) as exc:  # nothing was saved: try again
                notes.append(("error", str(exc)))
        st.session_state["v_notes"] = notes
        st.rerun()
for kind, text in st.session_state.pop("v_notes", []):
    getattr(st, kind)(text)

st.subheader(t("valuations.in_use_title"))
values, sources = valuations.value_sources(cells)
st.dataframe(tables.value_sources_view(values, sources), width="stretch",
             placeholder=tables.MISSING_SHOWN,
             height=tables.table_height(min(len(values), GRID_ROWS_SHOWN)))
st.caption(t("valuations.legend", quarter=quarter))

st.subheader(t("valuations.history_title"))
clients = grid.index.tolist()
client = state.remembered("v_client", partial(st.selectbox, t("valuations.history_pick"),
                                              clients), valid=clients.__contains__)
history = state.valuation_history(store, quarter, client)
if history.empty:
    st.info(t("valuations.history_empty", client=client, quarter=quarter))
else:
    tables.show_table(tables.valuation_history_table(history))

st.subheader(t("valuations.survey_title"))
st.caption(t("valuations.survey_intro", quarter=quarter))
asked = state.survey_rows(store, quarter)
asked = asked[asked["client"].isin(grid.index)]  # the clients the sidebar's filters keep
one, two = st.columns(2)
# Callables: the workbooks are built when a button is clicked (a few ms a client), not on
# every run of the page.
one.download_button(t("valuations.survey_zip"), data=state.audited(
                        store, "export", t("audit.survey", quarter=quarter, n=asked[
                            "client"].nunique()), lambda: survey.surveys_zip(asked)),
                    file_name=f"valuation_surveys_{quarter}.zip", mime=survey.ZIP_MIME,
                    icon=":material/folder_zip:", on_click="ignore", key="v_survey_zip")
two.download_button(t("valuations.survey_all"), data=state.audited(
                        store, "export", t("audit.survey", quarter=quarter, n=asked[
                            "client"].nunique()), lambda: survey.every_client_survey(asked)),
                    file_name=f"valuation_surveys_{quarter}_all_clients.xlsx",
                    mime=report.XLSX_MIME, icon=":material/table_view:", on_click="ignore",
                    key="v_survey_all", help=t("valuations.survey_all_help"))
