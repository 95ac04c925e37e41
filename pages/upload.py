"""Upload & data: upload a quarter, map what was not recognised, import; history and settings."""

from collections.abc import Callable

import streamlit as st

from kam_analytics import ingest, taxonomy
from kam_analytics.analysis import health
from kam_analytics.app import navigation, state, tables, upload
from kam_analytics.exports import people
from kam_analytics.i18n import formats, render, t
from kam_analytics.ingest import schema, template
from kam_analytics.store import CannotWrite, CurrencyMismatch, NeedsDecision, StoreBusy

navigation.ensure_app_navigation(__file__)
store = state.get_store()
session = st.session_state
session.setdefault("header_choices", {})
session.setdefault("method_choices", {})
session.setdefault("client_choices", {})
session.setdefault("upload_gen", 0)

st.title(t("upload.title"))
if "last_result" in session:
    st.success(session.pop("last_result"))
tab_upload, tab_history, tab_settings = st.tabs(
    [t("upload.tab_upload"), t("upload.tab_history"), t("upload.tab_settings")])


def _remember(kind: str, source: str, key: str) -> None:
    session[f"{kind}_choices"][source] = session[key]


def upload_tab() -> None:
    st.caption(t("upload.intro"))
    st.download_button(t("upload.template"), template.template_workbook(),
                       file_name="kam_template.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    uploaded = st.file_uploader(
        t("upload.drop"), accept_multiple_files=True, key=f"uploader_{session.upload_gen}",
        type=upload.UPLOAD_TYPES, help=t("upload.help"))
    upload.uploader_words()
    # Uploads are checked in a child process: have one loaded while the user picks files.
    ingest.prime_check()
    if not uploaded:
        return

    files = tuple((u.name, u.getvalue()) for u in uploaded)
    header_map = {**store.mappings("header"), **session.header_choices}
    method_map = {**store.mappings("method"), **session.method_choices}
    quarter_key = f"u_quarter_{session.upload_gen}"
    quarter = session.get(quarter_key)
    chosen_clients = {k: v for k, v in session.client_choices.items() if v is not None}
    client_map = {**store.mappings("client"), **chosen_clients}
    batch = upload.prepared_import(files, tuple(sorted(header_map.items())),
                                   tuple(sorted(method_map.items())), quarter,
                                   tuple(sorted(client_map.items())))
    if quarter is None and upload.needs_quarter(batch):
        # Valuations alone, with no quarter: the latest stored one is chosen, shown to change.
        session[quarter_key] = upload.quarter_options(store.quarters())[0]
        st.rerun()
    if quarter is not None:
        st.selectbox(t("upload.quarter"), upload.quarter_options(store.quarters()),
                     format_func=formats.quarter, key=quarter_key, help=t("upload.quarter_help"))

    # -- columns of numbers no header names while a measure is missing: asked, never dropped --
    for i, tb in enumerate(batch.unused_measures):
        for j, (label, header) in enumerate(zip(tb.unused_numbers, tb.unused_headers,
                                                strict=True)):
            key = f"un_{session.upload_gen}_{i}_{j}"
            st.selectbox(t("upload.unused_numbers", column=tables.plain(label),
                           where=tables.plain(tb.label())),
                         [*tb.missing_measures, ingest.IGNORE], index=None, key=key,
                         format_func=tables.column_label, placeholder=t("upload.unused_pick"),
                         on_change=_remember, args=("header", schema.normalise_header(header), key))

    # -- how the columns were read; the mapping step when required columns are missing --------
    # Tables read alike are checked once: a workbook of 1,000 sheets is not 1,000 expanders.
    groups, tables_hidden = upload.tables_to_show(batch.tables)
    for group in groups:
        i, tb = group.index, group.table
        options = upload.column_options(tb.kind)
        title = (t("upload.columns_of_alike", where=tables.plain(tb.label()), n=group.more,
                   row=tb.header_row) if group.more
                 else t("upload.columns_of", where=tables.plain(tb.label()), row=tb.header_row))
        with st.expander(title, expanded=bool(tb.missing)):
            if tb.missing:
                st.warning(t("upload.missing", missing=", ".join(
                    tables.column_label(c) for c in tb.missing)))
            shown, hidden = upload.headers_to_show(tb.headers, tb.mapping)
            cols = st.columns(3)
            for n, (j, header) in enumerate(shown):
                source = schema.normalise_header(header)
                current = tb.mapping.get(header, ingest.IGNORE)
                # Table and column position: files of one upload often share their headers.
                key = f"hdr_{session.upload_gen}_{i}_{j}"
                cols[n % 3].selectbox(
                    tables.plain(header), options,
                    index=options.index(current) if current in options else 0,
                    format_func=tables.column_label, key=key,
                    on_change=_remember, args=("header", source, key))
            if hidden:
                st.caption(t("upload.columns_more", n=formats.number(hidden)))
    if tables_hidden:
        st.caption(t("upload.tables_more", n=tables_hidden))

    # -- method labels to map: the closest method pre-filled, each question kept on screen ----
    upload_id = (session.upload_gen, tuple(u.file_id for u in uploaded))
    if session.get("method_questions", (None, {}))[0] != upload_id:
        session.method_questions = (upload_id, {})
    asked = session.method_questions[1]  # normalised label -> the label's question
    prefilled = False
    # The most frequent labels are asked one by one; past settings.UNKNOWN_METHODS_ASKED, the
    # rest share one table and one choice (thousands of labels are not thousands of boxes).
    one_by_one, rest = upload.labels_asked(batch.unknown_methods, asked)
    for u in one_by_one:
        source = taxonomy.normalise_label(u.label)
        asked[source] = u
        if u.suggestions and source not in session.method_choices:
            # Pre-filled, never imported unseen: the choice shows below and Import confirms it.
            session.method_choices[source] = session[f"mm_{session.upload_gen}_{source}"] = (
                u.suggestions[0])
            prefilled = True
    if prefilled:
        st.rerun()
    if asked:
        st.subheader(t("upload.unknown_title", n=len(asked)))
        st.caption(t("upload.unknown_help"))
        if any(u.suggestions for u in asked.values()):
            st.info(t("upload.prefilled"))
        for source, u in asked.items():
            key = f"mm_{session.upload_gen}_{source}"
            choices = upload.method_options(u.suggestions)
            st.selectbox(t("upload.unknown_label", label=tables.plain(u.label), n=u.rows,
                           rows=formats.number(u.rows), where=tables.plain(u.where()),
                           suggestions=", ".join(taxonomy.method_label(s)
                                                 for s in u.suggestions) or "—"),
                         choices, index=None, format_func=tables.method_choice_label, key=key,
                         placeholder=t("upload.choose_method"),
                         on_change=_remember, args=("method", source, key))
    if rest:
        more_labels, more_rows = batch.unknown_methods_more
        st.subheader(t("upload.unknown_rest", n=len(rest) + more_labels,
                       rows=formats.number(sum(u.rows for u in rest) + more_rows)))
        tables.show_table(upload.unknown_table(rest), height=tables.table_height(
            min(len(rest), 10)))
        if more_labels:
            st.caption(t("upload.unknown_unlisted", n=more_labels, rows=formats.number(more_rows)))
        bulk_key = f"mm_bulk_{session.upload_gen}"
        st.selectbox(t("upload.unknown_bulk"), upload.method_options(()), index=None,
                     format_func=tables.method_choice_label, key=bulk_key,
                     placeholder=t("upload.choose_method"))
        if st.button(t("upload.unknown_bulk_apply"), disabled=session.get(bulk_key) is None):
            for u in rest:
                session.method_choices[taxonomy.normalise_label(u.label)] = session[bulk_key]
            st.rerun()

    # -- client names that may be one client: merged into one spelling, or kept apart ---------
    if batch.client_variants:
        st.subheader(t("upload.variants_title", n=len(batch.client_variants)))
        st.caption(t("upload.variants_help"))
        for group in batch.client_variants:
            key = f"cv_{session.upload_gen}_{group.key}"
            options = [name for name, _ in group.spellings]
            st.selectbox(tables.plain(render(group.label())), [None, *options],
                         format_func=lambda o: t("upload.variants_apart") if o is None
                         else t("upload.variants_as", name=o), key=key,
                         on_change=_remember, args=("client", group.key, key))

    # -- problems -----------------------------------------------------------------------------
    if batch.errors:
        st.error(t("upload.rejected", n=len(batch.errors)))
        upload.show_problems(batch.errors)
    if batch.warnings:
        with st.expander(t("upload.warnings", n=len(batch.warnings)), expanded=batch.ok):
            upload.show_problems(batch.warnings)
    if not batch.ok:
        return

    # -- preview and import -------------------------------------------------------------------
    summary = upload.batch_summary(batch)
    k = st.columns(4)
    k[0].metric(t("kpi.rows"), formats.number(summary['rows']))
    k[1].metric(t("kpi.clients"), formats.number(summary['clients']))
    k[2].metric(t("kpi.quarters"), ", ".join(batch.quarters) or "—")
    k[3].metric(t("kpi.valuations"), formats.number(summary['valuations']))
    tables.show_table(tables.preview_table(batch.interactions.head(200), store.currency()))
    currency, rate = upload.currency_choice(batch, store)

    mode = None
    # Valuations alone are stored beside the quarter's data, never in place of it.
    alone = batch.interactions.empty and batch.clients.empty
    overlapping = store.active_imports_for([] if alone else batch.quarters)
    if alone and not batch.valuations.empty:
        st.caption(t("upload.valuations_alone", quarters=", ".join(batch.quarters)))
    if len(overlapping):
        st.warning(t("upload.overlap", quarters=", ".join(batch.quarters),
                     imports=tables.plain(", ".join(
                         f"#{r.import_id} ({', '.join(tables.file_names(r.file_names))})"
                         for r in overlapping.itertuples()))))
        mode = st.radio(t("upload.mode"), ["append", "replace"], index=None,
                        format_func=lambda m: t(f"upload.mode.{m}"), key="u_mode")
    if st.button(t("upload.import"), type="primary", icon=":material/input:",
                 disabled=(len(overlapping) > 0 and not mode) or rate is False):
        report, bar = upload.progress_bar()
        try:
            # The batch checked above is the one stored: no second read of the files.
            out = ingest.store_batch(store, batch, mode=mode, header_map=session.header_choices,
                                     method_map=session.method_choices, progress=report,
                                     currency=currency, rate=rate or None,
                                     client_map=chosen_clients)
        except ingest.ImportRejected as exc:  # the store changed under us, or maps differ
            st.error(t("upload.rejected", n=len(exc.batch.errors)))
            upload.show_problems(exc.batch.errors)
            return
        except NeedsDecision:
            st.warning(t("upload.decide_again"))
            return
        except (StoreBusy, CurrencyMismatch, CannotWrite) as exc:  # busy, changed, disk full
            st.warning(str(exc))
            return
        if out.status == "unchanged":
            session.last_result = t("upload.unchanged", id=out.import_id)
        else:
            session.last_result = upload.import_done(out)
            state.audit(store, "import", t("audit.import", id=out.import_id,
                                           files=", ".join(n for n, _ in batch.files),
                                           quarters=", ".join(out.quarters),
                                           mode=mode or "new", rows=formats.number(out.rows)))
        session.header_choices, session.method_choices = {}, {}
        session.client_choices = {}
        session.upload_gen += 1
        session.pop("u_mode", None)
        st.rerun()

def going_back(label: str, choices: list[int], key: str, button: str, icon: str,
               act: Callable[[int], str]) -> None:
    """Draw a choice among ``choices`` (numbers) with a button running ``act`` on it, which
    returns what to say after the rerun; a busy or refusing store is said, nothing changed."""
    c1, c2 = st.columns([2, 1])
    pick = c1.selectbox(label, choices, format_func=lambda i: f"#{i}", key=key)
    if c2.button(button, icon=icon):
        try:
            session.last_result = act(int(pick))
        except (StoreBusy, CannotWrite) as exc:
            st.warning(str(exc))
            return
        st.rerun()


def restored_import(import_id: int) -> str:
    """Make a replaced import active again; return what was done."""
    displaced = store.restore_import(import_id)
    state.audit(store, "restore", t("audit.restore", id=import_id))
    return t("upload.restored", id=import_id,
             displaced=", ".join(f"#{d}" for d in displaced) or "—")


def restored_point(point_id: int) -> str:
    """Put back a restore point; return what was done."""
    previous = store.restore_to(point_id)
    state.audit(store, "restore", t("audit.restore_point", id=point_id))
    return t("restore_point.ui_restored", id=point_id, previous=previous)


def history_tab() -> None:
    history = store.import_history()
    if history.empty:
        st.info(t("upload.no_history"))
    else:
        notes = people.import_notes(history)  # each import's stored notes, read once
        tables.show_table(people.history_table(history, notes))
        with st.expander(t("upload.history_notes")):
            chosen = st.selectbox(t("upload.history_notes_pick"), history["import_id"].tolist(),
                                  format_func=lambda i: f"#{i}", key="h_notes")
            reading = history.set_index("import_id").loc[chosen, "reading"]
            for line in ingest.reading_lines(reading if isinstance(reading, str) else None):
                st.markdown(f"- {tables.plain(line)}")
            for line in notes.get(int(chosen), []):
                st.markdown(f"- {tables.plain(line)}")
        restorable = history[history["status"] != "active"]["import_id"].tolist()
        if restorable:
            going_back(t("upload.restore_pick"), restorable, "h_restore", t("upload.restore"),
                       ":material/restore:", restored_import)
    kept = store.backups_table()
    if not kept.empty:
        with st.expander(t("backup.ui_title")):
            st.caption(t("backup.ui_help", keep=store.backups_kept))
            tables.show_table(kept)
            going_back(t("restore_point.ui_pick"), kept.iloc[:, 0].tolist(), "h_point",
                       t("restore_point.ui_button"), ":material/undo:", restored_point)
    with st.expander(t("audit.title")):
        st.caption(t("audit.help"))
        log = store.audit_log()
        if log.empty:
            st.caption(t("audit.empty"))
        else:
            tables.show_table(log.rename(columns=lambda c: t(f"audit.col_{c}")))

def settings_tab() -> None:
    holds_data = not store.import_history().empty
    with st.form("settings"):
        rate = st.number_input(t("settings.rate"), min_value=0.0, value=store.hourly_rate(),
                               step=5.0, help=t("settings.rate_help"))
        if holds_data:  # relabelling stored amounts would change every figure's meaning
            st.caption(t("settings.currency_fixed", currency=store.currency()))
            currency = store.currency()
        else:
            currency = st.text_input(t("settings.currency"), value=store.currency(), max_chars=8)
        low, high = health.stored_band(store)
        c1, c2 = st.columns(2)
        low = c1.number_input(t("settings.band_low"), min_value=0.0, value=low, step=0.5,
                              help=t("settings.band_help"))
        high = c2.number_input(t("settings.band_high"), min_value=0.0, value=high, step=0.5,
                               help=t("settings.band_help"))
        if st.form_submit_button(t("settings.save")):
            if high < low:
                st.error(t("settings.band_order", low=f"{low:g}", high=f"{high:g}"))
                return
            store.set_setting("hourly_rate", str(rate))
            store.set_setting("currency", currency.strip().upper() or "EUR")
            store.set_setting("contact_band_low", f"{low:g}")
            store.set_setting("contact_band_high", f"{high:g}")
            state.audit(store, "settings", t("audit.settings", rate=rate,
                                             currency=currency.strip().upper() or "EUR")
                        + t("audit.contact_band", low=f"{low:g}", high=f"{high:g}"))
            st.success(t("settings.saved"))
    st.subheader(t("settings.mappings"))
    saved = store.saved_mappings()
    if saved.empty:
        st.caption(t("settings.no_mappings"))
        return
    tables.show_table(tables.saved_mappings_table(saved))
    upload.mapping_editor(store, saved)


with tab_upload:
    upload_tab()
with tab_history:
    history_tab()
with tab_settings:
    settings_tab()
