"""Tables for people: money and names formatted, missing values shown as a dash, heights that
fit their rows."""

from __future__ import annotations

import numbers
import re

import numpy as np
import pandas as pd
import streamlit as st

from kam_analytics import ingest, taxonomy
from kam_analytics.exports.people import file_names
from kam_analytics.i18n import formats, language, t, visible
from kam_analytics.store import ENTERED


def money(x: float, currency: str) -> str:
    """Return an amount for a headline figure: thousands separators, millions shortened so
    the figure fits its tile (979.6M EUR; 979,6 млн EUR), in the reader's convention."""
    if abs(x) >= 10_000_000:
        return f"{t('number.millions', number=formats.number(x / 1e6, 1))} {currency}"
    return f"{formats.number(x)} {currency}"


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


def moves_table(moves: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return cells that moved between quadrants as a display table: both quadrants, both
    total costs and the change."""
    return pd.DataFrame({
        t("col.client"): moves["client"],
        t("col.method"): moves["method_label"].fillna(moves["strategy_label"]),
        t("metric.previous_quadrant"): moves["previous_quadrant"].map(
            lambda q: t(f"quadrant.{q}")),
        t("col.quadrant"): moves["quadrant"].map(lambda q: t(f"quadrant.{q}")),
        t("col.previous_total_cost", currency=currency): moves["previous_total_cost"].round(0),
        t("col.total_cost", currency=currency): moves["total_cost"].round(0),
        t("col.value_change"): moves["value_change"].round(2),
    })


def client_effect_table(effect: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return a what-if's effect per client as a display table."""
    return pd.DataFrame({
        t("col.client"): effect["client"],
        t("col.total_cost", currency=currency): effect["total_cost"].round(0),
        t("whatif.col_cost_after", currency=currency): effect["total_cost_after"].round(0),
        t("whatif.col_cost_change", currency=currency): effect["cost_change"].round(0),
        t("kpi.mean_value"): effect["value"].round(2),
        t("whatif.col_value_after"): effect["value_after"].round(2),
    })


def recommendations_table(ranked: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return a what-if's ranked cells as a display (and export) table."""
    return pd.DataFrame({
        t("whatif.col_rank"): ranked["rank"],
        t("whatif.col_action"): ranked["action"].map(lambda a: t(f"whatif.action.{a}")),
        t("col.client"): ranked["client"],
        t("col.method"): ranked["method_label"],
        t("col.total_cost", currency=currency): ranked["total_cost"].round(0),
        t("whatif.col_cost_after", currency=currency): ranked["total_cost_after"].round(0),
        t("col.value"): ranked["value"].round(2),
        t("whatif.col_value_after"): ranked["value_after"].round(2),
        t("whatif.col_per_1000"): ranked["value_change_per_1000"].round(3),
    })


def economics_table(curve: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return the whale curve's clients as a display table: rank, margin, relationship cost,
    its share of the margin, profit after it and where the margin comes from."""
    return pd.DataFrame({
        t("economics.col_rank"): curve["rank"],
        t("col.client"): curve["client"],
        t("col.manager"): curve["manager"],
        t("economics.col_margin", currency=currency): curve["period_margin"].round(0),
        t("economics.col_cost", currency=currency): curve["total_cost"].round(0),
        t("economics.col_share"): (curve["cost_share"] * 100).round(1),
        t("economics.col_profit", currency=currency): curve["profit_after_cost"].round(0),
        t("economics.col_source"): curve["margin_source"].map(
            lambda s: t(f"economics.source.{s}")),
    })


def no_margin_table(clients: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return the clients without a margin as a display table: revenue, relationship cost
    and why they have none."""
    return pd.DataFrame({
        t("col.client"): clients["client"],
        t("col.manager"): clients["manager"],
        t("economics.col_revenue", currency=currency): clients["annual_revenue"].round(0),
        t("economics.col_cost", currency=currency): clients["total_cost"].round(0),
        t("economics.col_why"): clients["margin_source"].map(
            lambda s: t(f"economics.source.{s}")),
    })


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """Return ``frame`` as a one-sheet workbook; text stays text (no formula is ever made of a
    cell that starts with '=')."""
    import io

    out = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with pd.ExcelWriter(out, engine="xlsxwriter", engine_kwargs={"options": options}) as book:
        frame.to_excel(book, index=False)
    return out.getvalue()


def valuation_grid_view(grid: pd.DataFrame) -> pd.DataFrame:
    """Return a valuation grid (``analysis.valuations``) for the editor: method names as
    columns, clients as the index."""
    return grid.rename(columns=taxonomy.method_label).rename_axis(t("col.client"))


def valuation_grid_ids(edited: pd.DataFrame) -> pd.DataFrame:
    """Return the edited grid with method ids as columns again (the labels are unique)."""
    ids = {taxonomy.method_label(m): m for m in taxonomy.METHOD_IDS}
    return edited.rename(columns=ids).rename_axis("client")


_SOURCE_STYLE = {"valuation": "background-color: #dbe9fb; font-weight: 600",
                 "ratings": "color: #6b6b6b", "unrated": "background-color: #fff4d6", "": ""}
# Colour costs about 0.6 ms a row to draw (1.2 s for 2,000 clients): past this many rows the
# cells' text alone tells them apart.
STYLED_ROWS = 200


def value_sources_view(values: pd.DataFrame, sources: pd.DataFrame):
    """Return what the matrix uses per cell (``analysis.valuations.value_sources``) as a table
    of text: a valuation as it is ("4"), a ratings mean as "≈3.5", "?" where there is no
    value, empty where no activity; up to STYLED_ROWS rows also coloured (a valuation on
    blue, a ratings mean grey, no value on yellow)."""
    text = values.map(lambda v: formats.formatted(v, "g")).where(sources == "valuation",
                                           values.map(lambda v: "≈" + formats.formatted(v, ".1f")))
    text = text.where(sources.isin(["valuation", "ratings"]),
                      sources.replace({"unrated": "?"}))
    text = pd.DataFrame(text.to_numpy(), index=values.index.rename(t("col.client")),
                        columns=[taxonomy.method_label(m) for m in values.columns])
    if len(text) > STYLED_ROWS:
        return text
    styles = pd.DataFrame(sources.map(_SOURCE_STYLE.get).to_numpy(), index=text.index,
                          columns=text.columns)
    return text.style.apply(lambda _: styles, axis=None)


def valuation_history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Return a client's valuation history (``Store.valuation_history``) as a display table,
    newest first: method, value (or cleared), comment, from, who, when, in force."""
    return pd.DataFrame({
        t("col.method"): history["method"].map(taxonomy.method_label),
        t("col.value"): history["value"].map(
            lambda v: t("valuations.cleared") if pd.isna(v) else f"{v:g}"),
        t("column.comment"): history["comment"],
        t("valuations.source"): history["source"].map(
            lambda s: t("valuations.entered") if s == ENTERED else s),
        t("valuations.entered_by"): history["entered_by"],
        t("valuations.when"): pd.to_datetime(history["valued_at"]).map(formats.moment),
        t("valuations.in_force"): history["in_force"],
    })


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


def preview_table(interactions: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return the first normalised rows as they will be stored, with method names."""
    # A batch holds its text columns dictionary-encoded; the table wants plain text.
    interactions = interactions.astype({c: object for c, dtype in interactions.dtypes.items()
                                        if isinstance(dtype, pd.CategoricalDtype)})
    table = interactions_table(interactions, currency)
    table.insert(1, t("col.client"), interactions["client"])
    return table


def saved_mappings_table(saved: pd.DataFrame) -> pd.DataFrame:
    """Return the saved mappings (``Store.saved_mappings``) as a display table, each with
    where it came from."""
    return pd.DataFrame({
        t("col.kind"): saved["kind"].map(lambda k: t(f"settings.kind_{k}")),
        t("col.source_label"): saved["source"],
        t("col.target"): [mapping_target_label(k, v)
                          for k, v in zip(saved["kind"], saved["target"], strict=True)],
        t("col.origin"): [mapping_origin(r) for r in saved.itertuples()],
    })


def mapping_target_label(kind: str, target: str) -> str:
    """Return what a saved mapping reads its source as, for display."""
    if kind == "client":  # one spelling for names that differ in case or look-alike letters
        return target
    return method_choice_label(target) if kind == "method" else column_label(target)


def mapping_origin(row: object) -> str:
    """Return where a saved mapping came from: the import it was chosen for, or the settings."""
    when = formats.moment(row.created_at)
    if pd.isna(row.import_id):
        return t("settings.origin_settings", when=when)
    return t("settings.origin_import", id=int(row.import_id), when=when,
             files=", ".join(file_names(row.file_names)) if isinstance(row.file_names, str)
             else "—")


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:="


def plain(text: object) -> str:
    """Return text with every Markdown (and Streamlit directive) character escaped, so data
    from a file always renders as the literal text it is."""
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIALS else c for c in visible(str(text)))


MISSING_SHOWN = "—"  # what a table shows for a missing value (an unrated cell...), not "None"


def table_height(rows: int) -> int:
    """Return the pixels a table of ``rows`` rows needs to show them all: st.dataframe's header
    (38) and rows (35 each), with room for a horizontal scroll bar."""
    return 38 + 35 * rows + 14


# st.dataframe's 14 px font, measured on its cells in Chromium: ~6.3 px a letter, ~7.2 a digit
_CHAR_PX, _DIGIT_PX, _CELL_PAD_PX = 6.3, 7.2, 24
_CYRILLIC_WIDER = 1.15  # "Посещения предприятий" (21 letters) was cut at 155 px
# Text longer than the longest method name ("Prompt response to requests and complaints") is
# cut in its cell (shown whole on hover); every method name is shown whole.
_TEXT_CAP = max(len(taxonomy.method_label(m.id, lang)) for m in taxonomy.METHODS
                for lang in ("en", "ru"))


def column_width(header: str, values: pd.Series) -> int:
    """Return the pixels a table column needs to show its header and its longest value in
    full (text cut at ``_TEXT_CAP`` characters): without widths, a column may open narrower
    than its header ("Share of client...", "17,3...")."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        longest = max((len(f"{v:,}") for v in values.dropna()), default=1) * _DIGIT_PX
    else:
        text = values.astype("string").fillna("")
        # Cyrillic letters are wider: each counts as _CYRILLIC_WIDER letters
        lengths = (text.str.len() + text.str.count("[А-яЁё]") * (_CYRILLIC_WIDER - 1)).clip(
            lower=1)
        longest = min(float(lengths.max()) if len(lengths) else 1, _TEXT_CAP * _CYRILLIC_WIDER
                      ) * _CHAR_PX
    heading = len(header) + len(re.findall("[А-яЁё]", header)) * (_CYRILLIC_WIDER - 1)
    return int(max(heading * _CHAR_PX, longest) + _CELL_PAD_PX)


def show_table(frame: pd.DataFrame, **kwargs) -> None:
    """Display a table with numbers in the reader's format (thousands separators), missing
    values as a dash and every column wide enough for its header and values."""
    config = {}
    # "localized" writes numbers as the browser's locale does; a reader whose browser speaks
    # another language than the one chosen gets them as text in the chosen one's convention
    # (right-aligned; sorted as text).
    locale = (getattr(st.context, "locale", None) or "").split("-")[0].split("_")[0].lower()
    as_text = bool(locale) and locale != language()
    if as_text:
        frame = frame.copy()
    for i, c in enumerate(frame.columns):
        numeric = (pd.api.types.is_numeric_dtype(frame[c])
                   and not pd.api.types.is_bool_dtype(frame[c]))  # ticks stay ticks
        width = column_width(str(c), frame[c])
        if numeric and as_text:
            frame[c] = frame[c].map(lambda v: None if pd.isna(v) else formats.short_number(v))
            config[c] = st.column_config.TextColumn(width=width, alignment="right")
            continue
        # A table wider than the page scrolls sideways: its first column (the name) stays.
        config[c] = (st.column_config.NumberColumn(format="localized", width=width) if numeric
                     else st.column_config.Column(width=width, pinned=i == 0))
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config,
                 placeholder=MISSING_SHOWN, **kwargs)


CSS = """
.kam-table table { border-collapse: collapse; width: 100%; font-size: 14px; }
.kam-table th { font-weight: 600; font-size: 13px; text-align: left; vertical-align: bottom;
  padding: 6px 8px; border-bottom: 1px solid #d5d5d5; }
.kam-table td { padding: 6px 8px; border-bottom: 1px solid #eeeeee; vertical-align: top; }
.kam-table .n { text-align: right; font-variant-numeric: tabular-nums; }
.kam-table td.n { white-space: nowrap; }
.kam-table tbody tr { cursor: pointer; }
.kam-table tbody tr:hover { background: #f4f7fb; }
.kam-table tbody tr:hover td:first-child { text-decoration: underline; color: #0b57d0; }
"""


def _decimals(values: pd.Series) -> int:
    """Return the decimals a column of rounded numbers shows: as many as its most precise
    figure has, so that a column reads 0.190, 0.293, 0.300 and not 0.19, 0.293, 0.3."""
    if not pd.api.types.is_float_dtype(values):
        return 0
    return max((len(repr(float(v)).split(".")[1].rstrip("0")) for v in values.dropna()
                if "e" not in repr(float(v))), default=0)


def _cell_text(value: object, decimals: int) -> str:
    """Return a number with thousands separators and ``decimals`` decimals, text as it is
    (control characters shown escaped), a dash for a missing value."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return MISSING_SHOWN
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return formats.number(value, decimals)
    return visible(str(value))


def ranking_html(frame: pd.DataFrame) -> str:
    """Return a short table (a top ten) as HTML whose headers wrap, so it fits the page
    without scrolling sideways: numbers right-aligned with separators, missing values as a
    dash, every text escaped; row ``i`` is marked ``data-row="i"``."""
    import html

    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(
        frame[c]) for c in frame.columns]
    decimals = [_decimals(frame[c]) if n else 0 for c, n in zip(frame.columns, numeric,
                                                                   strict=True)]
    head = "".join(f'<th scope="col" class="{"n" if n else ""}">{html.escape(str(c))}</th>'
                   for c, n in zip(frame.columns, numeric, strict=True))
    rows = "".join(
        f'<tr data-row="{i}" tabindex="0">' + "".join(
            f'<td class="{"n" if n else ""}">{html.escape(_cell_text(v, d))}</td>'
            for v, n, d in zip(values, numeric, decimals, strict=True)) + "</tr>"
        for i, values in enumerate(frame.itertuples(index=False, name=None)))
    return (f'<div class="kam-table"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def column_label(column: str) -> str:
    """Return the display name of a canonical column (or of 'not used')."""
    return t(f"column.{column}")


def method_choice_label(method_id: str) -> str:
    """Return how a mapping choice reads: the method in the session's language and the other
    (so typing either finds it: "Site visits · Посещения предприятий"), then its strategy; or
    'leave these rows out'."""
    if method_id == ingest.EXCLUDE:
        return t("upload.exclude")
    other = "ru" if language() == "en" else "en"
    return (f"{taxonomy.method_label(method_id)} · {taxonomy.method_label(method_id, other)} — "
            f"{taxonomy.strategy_label(taxonomy.strategy_of(method_id))}")
