"""Streamlit helpers shared by every page: the store, cached loaders, sidebar filters and chart
display. The only module of the package that imports streamlit."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from kam_analytics import charts, ingest, settings, taxonomy
from kam_analytics.analysis import MatrixQuery, matrix, matrix_for
from kam_analytics.exports import formula_safe
from kam_analytics.i18n import render, t
from kam_analytics.store import EVERYONE, Scope, Store, open_store


@st.cache_resource(show_spinner=False)
def _store_at(path: str) -> Store:
    return open_store(path)


def get_store() -> Store:
    """Return the server's store (one per database file, shared by every session)."""
    return _store_at(str(settings.db_path()))


def viewer_scope() -> Scope:
    """Return what the current viewer may see. Today every viewer sees every account."""
    return EVERYONE


@st.cache_data(show_spinner=False, max_entries=64)
def _matrix(_store: Store, version: str, query: MatrixQuery) -> pd.DataFrame:
    return matrix_for(_store, query)


def query_matrix(store: Store, query: MatrixQuery) -> pd.DataFrame:
    """Return the matrix ``query`` asks for, cached per query until the store changes."""
    return _matrix(store, store.version(), query)


def viewer_query(quarter: str | None, *, by: str = "method",
                 cost_threshold: float | None = None,
                 value_threshold: float | None = None) -> MatrixQuery:
    """Return the viewer's matrix query for a quarter (None: every quarter), at the stored
    hourly rate."""
    return MatrixQuery.of_quarter(quarter, scope=viewer_scope(), level=by,
                                  cost_threshold=cost_threshold,
                                  value_threshold=value_threshold)


def cost_value_matrix(store: Store, quarter: str | None, *, by: str = "method",
                      cost_threshold: float | None = None,
                      value_threshold: float | None = None) -> pd.DataFrame:
    """Return the viewer's matrix for a quarter, cached until the store changes."""
    return query_matrix(store, viewer_query(quarter, by=by, cost_threshold=cost_threshold,
                                            value_threshold=value_threshold))


@st.cache_data(show_spinner=False, max_entries=16)
def _interactions(_store: Store, version: str, scope: Scope, client: str,
                  quarter: str | None) -> pd.DataFrame:
    return _store.interactions(scope, client=client, quarters=[quarter] if quarter else None)


def client_interactions(store: Store, client: str, quarter: str | None) -> pd.DataFrame:
    """Return one client's interactions for the viewer, cached until the store changes."""
    return _interactions(store, store.version(), viewer_scope(), client, quarter)


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
                    method_items: tuple) -> ingest.ImportBatch:
    """Return the import batch for uploaded files and mappings (cached per upload), with a
    progress bar while it is being read and checked."""
    digests = [hashlib.sha256(data).hexdigest() for _, data in files]  # the import's too
    digest = hashlib.sha256()
    for (name, _), file_digest in zip(files, digests, strict=True):
        digest.update(hashlib.sha256(name.encode()).digest() + bytes.fromhex(file_digest))
    digest.update(repr((header_items, method_items)).encode())
    key = digest.hexdigest()
    with _PREPARED_LOCK:
        if key in _PREPARED:
            _PREPARED.move_to_end(key)
            return _PREPARED[key]
    report, bar = progress_bar()
    try:
        batch = ingest.prepare_import(list(files), header_map=dict(header_items),
                                      method_map=dict(method_items), progress=report,
                                      digests=digests)
    finally:
        bar.empty()
    with _PREPARED_LOCK:
        _PREPARED[key] = batch
        while len(_PREPARED) > _PREPARED_KEEP:
            _PREPARED.popitem(last=False)
    return batch


@dataclass(frozen=True)
class Filters:
    quarter: str | None
    managers: list[str]
    segments: list[str]
    strategies: list[str]
    cost_threshold: float | None
    value_threshold: float | None

    def subtitle(self) -> str:
        parts = []
        if self.managers:
            parts.append(t("filters.managers", names=", ".join(self.managers)))
        if self.segments:
            parts.append(t("filters.segments", names=", ".join(self.segments)))
        if self.strategies:
            parts.append(t("filters.strategies", names=", ".join(
                taxonomy.strategy_label(s) for s in self.strategies)))
        return " · ".join(parts) if parts else t("filters.all")

    def query(self, by: str = "method") -> MatrixQuery:
        """Return the viewer's matrix query for these filters' quarter and thresholds."""
        return viewer_query(self.quarter, by=by, cost_threshold=self.cost_threshold,
                            value_threshold=self.value_threshold)


def no_data_stop(store: Store) -> list[str]:
    """Return the viewer's quarters; stop the page with a pointer to Upload when there are none."""
    quarters = store.quarters(viewer_scope())
    if not quarters:
        st.info(t("ui.no_data"))
        st.page_link("pages/upload.py", label=t("nav.upload"), icon=":material/upload:")
        st.stop()
    return quarters


def sidebar_filters(store: Store, *, strategies: bool = True) -> Filters:
    """Render the shared sidebar filters and return the choices."""
    quarters = no_data_stop(store)
    sb = st.sidebar
    quarter = sb.selectbox(t("filters.quarter"), quarters[::-1], key="f_quarter")
    dims = store.client_dimension(viewer_scope())
    managers = sb.multiselect(t("filters.manager"),
                              sorted(dims["manager"].dropna().unique().tolist()),
                              key="f_managers", placeholder=t("filters.everyone"))
    segments = sb.multiselect(t("filters.segment"),
                              sorted(dims["segment"].dropna().unique().tolist()),
                              key="f_segments", placeholder=t("filters.every_segment"))
    chosen_strategies: list[str] = []
    if strategies:
        chosen_strategies = sb.multiselect(
            t("filters.strategy"), list(taxonomy.STRATEGY_IDS),
            format_func=taxonomy.strategy_label, key="f_strategies",
            placeholder=t("filters.every_strategy"))
    with sb.expander(t("filters.thresholds")):
        medians = st.toggle(t("filters.use_medians"), value=True, key="f_medians")
        cost_thr = value_thr = None
        if not medians:
            base = cost_value_matrix(store, quarter)
            dc, dv = matrix.quadrant_thresholds(base)
            cost_thr = st.number_input(t("filters.cost_threshold", currency=store.currency()),
                                       min_value=0.0, value=round(dc, 0), step=100.0,
                                       key="f_cost_thr")
            value_thr = st.slider(t("filters.value_threshold"), 1.0, 5.0, round(dv, 1), 0.1,
                                  key="f_value_thr")
    sb.caption(t("filters.rate_note", rate=f"{store.hourly_rate():,.0f}",
                 currency=store.currency()))
    return Filters(quarter, managers, segments, chosen_strategies, cost_thr, value_thr)


def filtered_matrix(store: Store, f: Filters, *, by: str = "method") -> pd.DataFrame:
    """Return the matrix for the filters: quadrants from the whole portfolio, then filtered."""
    return _kept(query_matrix(store, f.query(by)), f)


def _kept(m: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Return the rows of ``m`` the filters' managers, segments and strategies keep."""
    return matrix.filtered(m, managers=f.managers, segments=f.segments,
                           strategies=f.strategies)


@st.cache_data(show_spinner=False, max_entries=16)
def _matrix_csv(_store: Store, version: str, query: MatrixQuery, f: Filters) -> bytes:
    m = _kept(query_matrix(_store, query), f)
    return formula_safe.csv_bytes(matrix.export_table(m))


def matrix_csv(store: Store, f: Filters, *, by: str = "method") -> bytes:
    """Return the filtered matrix as formula-safe CSV bytes, cached until the store changes
    (ready at once: a download built on click is lost if a rerun comes first)."""
    return _matrix_csv(store, store.version(), f.query(by), f)


def thresholds(store: Store, f: Filters) -> tuple[float, float]:
    """Return the (cost, value) thresholds in force for the filters' quarter."""
    dc, dv = matrix.quadrant_thresholds(cost_value_matrix(store, f.quarter))
    return (dc if f.cost_threshold is None else f.cost_threshold,
            dv if f.value_threshold is None else f.value_threshold)


def show_chart(fig, key: str | None = None) -> None:
    """Display a figure with the app's chart toolbar (board-deck PNG export) and PNG/SVG
    downloads drawn on the server when clicked: title, quarter and filters, source line."""
    # the image renderer: only when a chart is shown
    from kam_analytics.exports import chart_images

    st.plotly_chart(fig, width="stretch", config=charts.PLOTLY_CONFIG, key=key, theme=None)
    state = st.session_state
    quarter = state.get("f_quarter")
    filters = Filters(quarter, state.get("f_managers") or [], state.get("f_segments") or [],
                      state.get("f_strategies") or [], None, None)
    subtitle = chart_images.export_subtitle(quarter, filters.subtitle())
    store, stem = get_store(), chart_images.file_stem(fig)
    row = st.container(horizontal=True, gap="small")
    for fmt, mime in chart_images.FORMATS.items():
        # A callable is only run when its button is clicked: no page renders unasked images.
        row.download_button(
            t(f"render.download_{fmt}"),
            data=lambda fmt=fmt: chart_images.chart_file(
                fig, fmt, subtitle=subtitle,
                source=chart_images.source_line(store.import_history(), quarter)),
            file_name=f"{stem}.{fmt}", mime=mime, on_click="ignore", type="tertiary",
            icon=":material/download:", key=f"{key}_{fmt}" if key else None,
            help=t("render.download_help", format=fmt.upper()))


def money(x: float, currency: str) -> str:
    """Return an amount for a headline figure: thousands separators, millions shortened so
    the figure fits its tile (979.6M EUR)."""
    if abs(x) >= 10_000_000:
        return f"{x / 1e6:,.1f}M {currency}"
    return f"{x:,.0f} {currency}"


def cells_table(cells: pd.DataFrame, currency: str, *, with_client: bool = True
                ) -> pd.DataFrame:
    """Return matrix cells as a display table with readable headers, names not ids."""
    out = pd.DataFrame({
        t("col.client"): cells["client"],
        t("col.method"): cells["method_label"].fillna(cells["strategy_label"]),
        t("col.strategy"): cells["strategy_label"],
        t("col.total_cost", currency=currency): cells["total_cost"].round(0),
        t("col.hours"): cells["hours"].round(1),
        t("col.value"): cells["value"].round(2),
        t("col.value_per_1000"): cells["value_per_1000"].round(3),
        t("col.share"): (cells["share_of_client_spend"] * 100).round(1),
        t("col.quadrant"): cells["quadrant"].map(lambda q: t(f"quadrant.{q}")),
    })
    return out if with_client else out.drop(columns=t("col.client"))


def interactions_table(rows: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return interaction rows as a display table: method names, where each row came from."""
    return pd.DataFrame({
        t("col.date"): pd.to_datetime(rows["date"]).dt.date,
        t("col.method"): rows["method"].map(taxonomy.method_label),
        t("col.cost", currency=currency): rows["cost"].round(2),
        t("col.hours"): rows["hours"].round(2),
        t("col.value"): pd.to_numeric(rows["value"], errors="coerce"),
        t("col.manager"): rows["manager"].astype("str"),  # missing: shown as a dash
        t("col.source"): rows["source_file"] + rows["source_row"].map(lambda r: f", row {r}"),
    })


def methods_table(rollup: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return the method roll-up as a display table, largest spend first."""
    r = rollup.sort_values("total_cost", ascending=False)
    return pd.DataFrame({
        t("col.method"): r["method_label"],
        t("col.strategy"): r["strategy_label"],
        t("col.clients"): r["clients"],
        t("col.total_cost", currency=currency): r["total_cost"].round(0),
        t("col.hours"): r["hours"].round(1),
        t("col.value"): r["value"].round(2),
        t("col.value_per_1000"): r["value_per_1000"].round(3),
        t("col.overinvested_clients"): r["overinvested_clients"],
    })


_KIND_COLUMNS = {
    "interactions": ["date", "client", "method", "cost", "hours", "hours_minutes", "value",
                     "manager"],
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


def column_options(kind: str) -> list[str]:
    """Return the canonical columns a header of a ``kind`` table may be mapped to."""
    return [ingest.IGNORE, *_KIND_COLUMNS[kind]]


def column_label(column: str) -> str:
    """Return the display name of a canonical column (or of 'not used')."""
    return t(f"column.{column}")


def method_options(suggestions: tuple[str, ...]) -> list[str]:
    """Return mapping choices for an unknown label: suggestions first, then every method, then
    'leave these rows out'."""
    rest = [m for m in taxonomy.METHOD_IDS if m not in suggestions]
    return [*suggestions, *rest, ingest.EXCLUDE]


def method_choice_label(method_id: str) -> str:
    """Return how a mapping choice reads: method and strategy, or 'leave these rows out'."""
    if method_id == ingest.EXCLUDE:
        return t("upload.exclude")
    return (f"{taxonomy.method_label(method_id)} — "
            f"{taxonomy.strategy_label(taxonomy.strategy_of(method_id))}")


def import_done(outcome) -> str:
    """Return what the page says once an import is stored: what it holds, which earlier imports
    it replaces, and how many notes there are on reading the files (if any)."""
    text = t("upload.done", id=outcome.import_id, rows=f"{outcome.rows:,}",
             clients=f"{outcome.clients:,}", quarters=", ".join(outcome.quarters))
    if outcome.replaced:
        text += t("upload.done_replaced", ids=", #".join(map(str, outcome.replaced)))
    notes = len(outcome.batch.warnings) if outcome.batch is not None else 0
    return text + (t("upload.done_notes", n=notes) if notes else "")


def batch_summary(batch: ingest.ImportBatch) -> dict[str, int]:
    """Return the counts shown before an import."""
    return {"rows": len(batch.interactions),
            "clients": int(batch.interactions["client"].nunique()),
            "valuations": len(batch.valuations)}


def preview_table(interactions: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return the first normalised rows as they will be stored, with method names."""
    # A batch holds its text columns dictionary-encoded; the table wants plain text.
    interactions = interactions.astype({c: object for c, dtype in interactions.dtypes.items()
                                        if isinstance(dtype, pd.CategoricalDtype)})
    table = interactions_table(interactions, currency)
    table.insert(1, t("col.client"), interactions["client"])
    return table


def file_names(stored: str) -> list[str]:
    """Return the file names of an import as stored (a JSON list)."""
    import json

    return json.loads(stored)


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Return the import history as a display table."""
    return pd.DataFrame({
        t("col.import"): history["import_id"].map(lambda i: f"#{i}"),
        t("col.imported_at"): history["imported_at"].dt.strftime("%Y-%m-%d %H:%M"),
        t("col.files"): history["file_names"].map(lambda s: ", ".join(file_names(s))),
        t("col.rows"): history["rows"],
        t("col.quarters"): history["quarters"],
        t("col.status"): history["status"].map(lambda s: t(f"status.{s}")),
        t("col.replaced_by"): history["replaced_by"].map(
            lambda r: "" if pd.isna(r) else f"#{int(r)}"),
    })


def saved_mappings_table(headers: dict[str, str], methods: dict[str, str]) -> pd.DataFrame:
    """Return the saved mappings as a display table."""
    rows = [(t("settings.kind_header"), src, column_label(dst)) for src, dst in headers.items()]
    rows += [(t("settings.kind_method"), src, method_choice_label(dst))
             for src, dst in methods.items()]
    return pd.DataFrame(rows, columns=[t("col.kind"), t("col.source_label"), t("col.target")])


_navigation_checked = False


def ensure_app_navigation(page_file: str) -> None:
    """Make sure the page runs under dashboard.py's navigation, never as a bare script.

    Streamlit treats a `pages/` folder beside the main script as the old multipage layout
    until the main script has called st.navigation once in this server process; a first visit
    straight to /upload after a restart would run pages/upload.py alone (no page config, file
    names in the sidebar). Switch that off and come back to the same page through
    dashboard.py. ``page_file`` is the page's ``__file__``.
    """
    from pathlib import Path

    from streamlit.runtime.pages_manager import PagesManager

    global _navigation_checked
    if PagesManager.uses_pages_directory and not _navigation_checked:
        # Once per process: Streamlit's AppTest resets the flag before every run, and a switch
        # on every run would drop the widget events of that run.
        _navigation_checked = True
        PagesManager.uses_pages_directory = False
        st.switch_page(f"pages/{Path(page_file).name}")


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:="


def plain(text: object) -> str:
    """Return text with every Markdown (and Streamlit directive) character escaped, so data
    from a file always renders as the literal text it is."""
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIALS else c for c in str(text))


def show_problems(problems: list[ingest.Problem], limit: int = settings.MAX_PROBLEMS_LISTED
                  ) -> None:
    """Render problems as a readable list: where (bold), what is wrong, how to fix."""
    lines = [f"- **{plain(p.where())}**: {plain(render(p.message))}."
             + (f" *{plain(t('col.fix'))}:* {plain(render(p.fix))}" if p.fix else "")
             for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"- {plain(t('problem.more', n=len(problems) - limit))}")
    st.markdown("\n".join(lines))


@st.cache_resource(show_spinner=False)
def app_icon():
    """Return the app's favicon, drawn here: a named emoji or Material icon would make every
    browser fetch it from a font CDN, and no request may leave the app."""
    from PIL import Image, ImageDraw

    size = 64
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    colours = [s.colour for s in taxonomy.STRATEGIES]
    cell = size // 2
    for i, colour in enumerate(colours[:4]):
        x, y = (i % 2) * cell, (i // 2) * cell
        draw.rounded_rectangle([x + 2, y + 2, x + cell - 2, y + cell - 2], radius=6, fill=colour)
    return img


MISSING_SHOWN = "—"  # what a table shows for a missing value (an unrated cell...), not "None"


def table_height(rows: int) -> int:
    """Return the pixels a table of ``rows`` rows needs to show them all: st.dataframe's header
    (38) and rows (35 each), with room for a horizontal scroll bar."""
    return 38 + 35 * rows + 14


def show_table(frame: pd.DataFrame, **kwargs) -> None:
    """Display a table with numbers in the reader's format (thousands separators) and missing
    values as a dash."""
    numbers = {c: st.column_config.NumberColumn(format="localized")
               for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])}  # ticks stay ticks
    st.dataframe(frame, hide_index=True, width="stretch", column_config=numbers,
                 placeholder=MISSING_SHOWN, **kwargs)
