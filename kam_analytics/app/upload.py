"""The upload page's helpers: progress, the checked import kept per upload, the mapping
choices for headers and method labels, problems listed, the import's outcome."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from kam_analytics import ingest, settings, taxonomy
from kam_analytics.app.state import audit
from kam_analytics.app.tables import mapping_target_label, plain
from kam_analytics.i18n import formats, render, t
from kam_analytics.ingest import schema
from kam_analytics.ingest.batch import SheetTable
from kam_analytics.store import Store

# Prepared uploads, keyed by the files' bytes and the mappings. A plain cache rather than
# st.cache_data: that would record the progress bar's updates and replay them on a later run.
_PREPARED: OrderedDict[str, ingest.ImportBatch] = OrderedDict()
_PREPARED_LOCK = threading.Lock()
_PREPARED_KEEP = 8


def progress_bar() -> tuple[ingest.Progress, object]:
    """Return a progress callback drawing a bar with the stage, and the bar (to clear it)."""
    bar = st.empty()

    def report(stage: str, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"progress.{stage}"))

    return report, bar


def prepared_import(files: tuple[tuple[str, bytes], ...], header_items: tuple,
                    method_items: tuple, quarter: str | None = None,
                    client_items: tuple = ()) -> ingest.ImportBatch:
    """Return the import batch for uploaded files and mappings (cached per upload), with a
    progress bar while it is being read and checked."""
    digests = [hashlib.sha256(data).hexdigest() for _, data in files]  # the import's too
    digest = hashlib.sha256()
    for (name, _), file_digest in zip(files, digests, strict=True):
        digest.update(hashlib.sha256(name.encode()).digest() + bytes.fromhex(file_digest))
    digest.update(repr((header_items, method_items, quarter, client_items)).encode())
    key = digest.hexdigest()
    with _PREPARED_LOCK:
        if key in _PREPARED:
            _PREPARED.move_to_end(key)
            return _PREPARED[key]
    report, bar = progress_bar()
    try:
        # Checked in a child process: no upload can take the server's memory, or its
        # interpreter from the other sessions, while it is read and checked.
        batch = ingest.prepare_import_isolated(list(files), header_map=dict(header_items),
                                      method_map=dict(method_items), progress=report,
                                      digests=digests, quarter=quarter,
                                      client_map=dict(client_items))
    finally:
        bar.empty()
    with _PREPARED_LOCK:
        _PREPARED[key] = batch
        while len(_PREPARED) > _PREPARED_KEEP:
            _PREPARED.popitem(last=False)
    return batch


_KIND_COLUMNS = {
    "interactions": ["date", "client", "method", "cost", "hours", "hours_minutes", "value",
                     "manager", "status", *schema.HEALTH_NAMES],
    "clients": ["client", "manager", "segment", "annual_revenue"],
    "valuations": ["client", "method", "value", "quarter"],
    "valuation_grid": ["client"],
}


MAX_HEADER_EDITORS = 60  # a 10,000-column file must not draw 10,000 selectboxes


def headers_to_show(headers: list[str], mapping: dict[str, str],
                    limit: int = MAX_HEADER_EDITORS) -> tuple[list[tuple[int, str]], int]:
    """Return the (position, header) pairs to offer for mapping — every recognised one first
    in file order, then unrecognised ones up to ``limit`` — and how many were left out."""
    named = [(j, h) for j, h in enumerate(headers) if h]
    if len(named) <= limit:
        return named, 0
    mapped = [(j, h) for j, h in named if h in mapping]
    others = [(j, h) for j, h in named if h not in mapping][:max(0, limit - len(mapped))]
    shown = sorted(mapped + others)
    return shown, len(named) - len(shown)


MAX_TABLE_EDITORS = 20  # a workbook of 1,000 sheets must not draw 1,000 sets of selectboxes


@dataclass(frozen=True)
class TableGroup:
    """Tables of an upload read alike, offered for checking once."""

    index: int                 # the first table's position in the batch (keys its editors)
    table: SheetTable          # the first table
    more: int                  # the other tables read alike


def tables_to_show(tables: list[SheetTable], limit: int = MAX_TABLE_EDITORS
                   ) -> tuple[list[TableGroup], int]:
    """Return the tables whose columns are offered for checking — tables of one kind, header
    row, headers and reading as one group (a choice made for a header applies to every table
    holding it), groups missing a column first, at most ``limit`` groups, in file order — and
    how many tables are left out."""
    groups: dict[tuple, list[int]] = {}
    for i, tb in enumerate(tables):
        alike = (tb.kind, tb.header_row, tuple(tb.headers), tuple(sorted(tb.mapping.items())),
                 tuple(tb.missing))
        groups.setdefault(alike, []).append(i)
    ordered = sorted(groups.values(), key=lambda ids: (not tables[ids[0]].missing, ids[0]))
    shown = sorted(ordered[:limit])
    return ([TableGroup(ids[0], tables[ids[0]], len(ids) - 1) for ids in shown],
            sum(len(ids) for ids in ordered[limit:]))


def column_options(kind: str) -> list[str]:
    """Return the canonical columns a header of a ``kind`` table may be mapped to."""
    return [ingest.IGNORE, *_KIND_COLUMNS[kind]]


def method_options(suggestions: tuple[str, ...]) -> list[str]:
    """Return mapping choices for an unknown label: suggestions first, then every method, then
    'leave these rows out'."""
    rest = [m for m in taxonomy.METHOD_IDS if m not in suggestions]
    return [*suggestions, *rest, ingest.EXCLUDE]


def import_done(outcome) -> str:
    """Return what the page says once an import is stored: what it holds, which earlier imports
    it replaces, and how many notes there are on reading the files (if any)."""
    text = t("upload.done", id=outcome.import_id, rows=formats.number(outcome.rows),
             clients=formats.number(outcome.clients), quarters=", ".join(outcome.quarters))
    if outcome.valuations:
        text += t("upload.done_valuations", n=outcome.valuations)
    if outcome.replaced:
        text += t("upload.done_replaced", ids=", #".join(map(str, outcome.replaced)))
    notes = len(outcome.batch.warnings) if outcome.batch is not None else 0
    return text + (t("upload.done_notes", n=notes) if notes else "")


def batch_summary(batch: ingest.ImportBatch) -> dict[str, int]:
    """Return the counts shown before an import."""
    return {"rows": len(batch.interactions),
            "clients": int(batch.interactions["client"].nunique()),
            "valuations": len(batch.valuations)}


def show_problems(problems: list[ingest.Problem], limit: int = settings.MAX_PROBLEMS_LISTED
                  ) -> None:
    """Render problems as a readable list: where (bold), what is wrong, how to fix."""
    lines = [f"- **{plain(p.where())}**: {plain(render(p.message))}."
             + (f" *{plain(t('col.fix'))}:* {plain(render(p.fix))}" if p.fix else "")
             for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"- {plain(t('problem.more', n=len(problems) - limit))}")
    st.markdown("\n".join(lines))


def currency_choice(batch: ingest.ImportBatch, store: Store
                    ) -> tuple[str | None, float | bool | None]:
    """Draw the amounts' currency (named in the headers, else the store's) and, when it
    differs from the store's and the store holds data, the rate converting it. Return the
    currency the user changed it to (None: as found) and the rate (None: none needed, False:
    needed and not given yet)."""
    if not ingest.has_amounts(batch):
        return None, None
    stored = store.currency()
    found = batch.currency or stored
    options = list(dict.fromkeys([found, stored, *settings.CURRENCIES]))
    gen = st.session_state.get("upload_gen", 0)
    left, right = st.columns(2)
    chosen = left.selectbox(t("upload.currency"), options, key=f"u_currency_{gen}",
                            help=t("upload.currency_help"))
    left.caption(t("upload.currency_from_header") if batch.currency
                 else t("upload.currency_from_store"))
    holds_data = not store.import_history().empty
    needs = ingest.rate_needed(batch, stored, holds_data, chosen)
    currency = chosen if chosen != found else None
    if needs is None:
        if not holds_data and chosen != stored:
            right.info(t("upload.currency_first", currency=chosen))
        return currency, None
    rate = right.number_input(t("upload.rate", currency=needs, stored=stored), min_value=0.0,
                              value=None, format="%.6f", key=f"u_rate_{gen}_{needs}",
                              help=t("upload.rate_help", stored=stored))
    if not rate:
        right.warning(t("upload.rate_needed", currency=needs, stored=stored))
        return currency, False
    return currency, float(rate)


def _mapping_choice(row: pd.Series) -> str:
    target = mapping_target_label(row["kind"], row["target"])
    return f"{t('settings.kind_' + row['kind'])}: {row['source']} → {target}"


def mapping_editor(store: Store, saved: pd.DataFrame) -> None:
    """Draw the editor of saved mappings: pick one, read it as something else, or remove it."""
    with st.expander(t("settings.edit_mapping")):
        pick = st.selectbox(
            t("settings.pick_mapping"), range(len(saved)), key="m_pick",
            format_func=lambda i: _mapping_choice(saved.iloc[i]))
        kind, source, current = (saved[c].iloc[pick] for c in ("kind", "source", "target"))
        options = ([*taxonomy.METHOD_IDS, ingest.EXCLUDE] if kind == "method"
                   else [current] if kind == "client"  # a spelling: kept or removed
                   else [ingest.IGNORE, *dict.fromkeys(c for cs in _KIND_COLUMNS.values()
                                                       for c in cs)])
        target = st.selectbox(t("settings.new_target"), options,
                              index=options.index(current) if current in options else 0,
                              format_func=lambda v: mapping_target_label(kind, v),
                              key=f"m_target_{kind}_{source}")
        save, remove = st.columns(2)
        if save.button(t("settings.save"), key="m_save", icon=":material/save:"):
            store.save_mappings(kind, {source: target})
            audit(store, "mapping", t("audit.mapping_saved", kind=kind, source=source,
                                            target=target))
            st.session_state["last_result"] = t("settings.mapping_saved", source=source,
                                                target=mapping_target_label(kind, target))
            st.rerun()
        if remove.button(t("settings.remove_mapping"), key="m_remove", icon=":material/delete:"):
            store.remove_mapping(kind, source)
            audit(store, "mapping", t("audit.mapping_removed", kind=kind, source=source))
            st.session_state["last_result"] = t("settings.mapping_removed", source=source)
            st.rerun()


def needs_quarter(batch: ingest.ImportBatch) -> bool:
    """Return whether the upload holds valuations with no quarter and nothing to date them."""
    return any(p.message.key == "problem.valuation_no_quarter" for p in batch.errors)


def quarter_options(stored: list[str]) -> list[str]:
    """Return the quarters offered for undated valuations: the stored ones, latest first,
    then the current quarter if it is not among them."""
    today = date.today()
    current = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    return [*sorted(stored, reverse=True), *([current] if current not in stored else [])]


def labels_asked(unknown: list, asked: Collection[str]) -> tuple[list, list]:
    """Return the unknown labels to ask one by one besides the ones already ``asked`` (their
    normalised labels) — the most frequent, until settings.UNKNOWN_METHODS_ASKED are asked in
    all — and the rest, answered together in one table. A pre-filled choice takes its label
    off the upload's unknown ones: the next label must not take its place, or every label
    would be asked in its turn, one rerun each."""
    new = [u for u in unknown if taxonomy.normalise_label(u.label) not in asked]
    room = max(0, settings.UNKNOWN_METHODS_ASKED - len(asked))
    return new[:room], new[room:]


def unknown_table(unknown: list) -> pd.DataFrame:
    """Return unknown method labels past the ones asked one by one, as a table: the label,
    its rows, where it stands and the closest method."""
    return pd.DataFrame({
        t("upload.col_label"): [u.label for u in unknown],
        t("col.rows"): [u.rows for u in unknown],
        t("col.source"): [u.where() for u in unknown],
        t("upload.col_closest"): [taxonomy.method_label(u.suggestions[0]) if u.suggestions
                                  else "—" for u in unknown],
    })


UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "xlsb", "ods"]


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_words() -> None:
    """Write the file uploader's own words (its button, its size and types note) in the
    session's language: Streamlit has them in English only."""
    button = t("upload.browse")
    note = t("upload.limit", mb=settings.MAX_UPLOAD_MB,
             types=", ".join(x.upper() for x in UPLOAD_TYPES))
    zone = '[data-testid="stFileUploaderDropzone"]'
    # its one worded button (once a file is chosen, the chips' remove and add buttons are icons)
    browse = f'{zone} [data-testid="stBaseButton-secondary"]'
    st.html(f"<style>{browse}, {browse} * {{ font-size: 0 !important; }} "
            f"{browse}::after {{ content: {_css_text(button)}; font-size: 14px; "
            "white-space: nowrap; } "
            f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] * {{ font-size: 0; }} '
            f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] > div::after '
            f"{{ content: {_css_text(note)}; font-size: 12px; }}</style>")
