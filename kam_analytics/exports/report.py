"""The board pack as an Excel report (matrix, clients, methods) and the deck as a PDF.

The workbook is written with xlsxwriter's ``strings_to_formulas=False``: a client named
``=HYPERLINK(...)`` stays text. Sheet names are fixed words, never names from the data.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter

from kam_analytics import charts, i18n, taxonomy
from kam_analytics.analysis import compare, economics, matrix, whatif
from kam_analytics.exports import health_table
from kam_analytics.exports.pack import BoardPack
from kam_analytics.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"
PDF_TIMEOUT_S = 180

# Number formats by kind of column.
_FORMATS = {"text": None, "int": "#,##0", "money": "#,##0", "hours": "#,##0.0",
            "value": "0.00", "per1000": "0.000", "share": "0.0%"}


@dataclass(frozen=True)
class _Column:
    source: str
    header: str
    kind: str


def _matrix_columns(currency: str) -> list[_Column]:
    return [
        _Column("client", t("col.client"), "text"),
        _Column("manager", t("col.manager"), "text"),
        _Column("segment", t("report.col_segment"), "text"),
        _Column("strategy_label", t("col.strategy"), "text"),
        _Column("method_label", t("col.method"), "text"),
        _Column("interactions", t("metric.interactions"), "int"),
        *_cost_columns(currency),
        _Column("value", t("col.value"), "value"),
        _Column("value_source", t("report.col_value_source"), "text"),
        _Column("value_per_1000", t("col.value_per_1000"), "per1000"),
        _Column("share_of_client_spend", t("report.col_share"), "share"),
        _Column("quadrant", t("col.quadrant"), "text"),
    ]


def _cost_columns(currency: str) -> list[_Column]:
    """Return the four cost columns every sheet shows, in the same order."""
    return [
        _Column("cost", t("col.cost", currency=currency), "money"),
        _Column("hours", t("col.hours"), "hours"),
        _Column("time_cost", t("report.col_time_cost", currency=currency), "money"),
        _Column("total_cost", t("col.total_cost", currency=currency), "money"),
    ]


def _client_columns(currency: str) -> list[_Column]:
    return [
        _Column("client", t("col.client"), "text"),
        _Column("manager", t("col.manager"), "text"),
        _Column("segment", t("report.col_segment"), "text"),
        _Column("methods", t("kpi.methods"), "int"),
        _Column("interactions", t("metric.interactions"), "int"),
        *_cost_columns(currency),
        _Column("value", t("kpi.mean_value"), "value"),
        _Column("overinvested", t("report.col_overinvested_methods"), "int"),
    ]


def _method_columns(currency: str) -> list[_Column]:
    return [
        _Column("strategy_label", t("col.strategy"), "text"),
        _Column("method_label", t("col.method"), "text"),
        _Column("clients", t("col.clients"), "int"),
        _Column("interactions", t("metric.interactions"), "int"),
        *_cost_columns(currency),
        _Column("value", t("kpi.mean_value"), "value"),
        _Column("value_per_1000", t("col.value_per_1000"), "per1000"),
        _Column("overinvested_clients", t("col.overinvested_clients"), "int"),
    ]


def _change_columns(currency: str) -> list[_Column]:
    return [
        _Column("client", t("col.client"), "text"),
        _Column("manager", t("col.manager"), "text"),
        _Column("strategy_label", t("col.strategy"), "text"),
        _Column("method_label", t("col.method"), "text"),
        _Column("status", t("change.status"), "text"),
        _Column("previous_total_cost", t("col.previous_total_cost", currency=currency), "money"),
        _Column("total_cost", t("col.total_cost", currency=currency), "money"),
        _Column("total_cost_change", t("metric.total_cost_change"), "money"),
        _Column("previous_value", t("metric.previous_value"), "value"),
        _Column("value", t("col.value"), "value"),
        _Column("value_change", t("col.value_change"), "value"),
        _Column("previous_quadrant", t("metric.previous_quadrant"), "text"),
        _Column("quadrant", t("col.quadrant"), "text"),
    ]


def _health_columns(currency: str) -> list[_Column]:
    return [
        _Column("client", t("col.client"), "text"),
        _Column("status_name", t("health.col.status"), "text"),
        _Column("measure_name", t("health.col.measure"), "text"),
        _Column("shown", t("health.col.value"), "text"),
        _Column("value", t("report.col_health_value"), "hours"),
        _Column("n", t("report.col_health_n"), "int"),
        _Column("rule_text", t("health.col.rule"), "text"),
    ]


def _economics_columns(currency: str) -> list[_Column]:
    return [
        _Column("client", t("col.client"), "text"),
        _Column("manager", t("col.manager"), "text"),
        _Column("segment", t("report.col_segment"), "text"),
        _Column("annual_revenue", t("report.col_annual_revenue", currency=currency), "money"),
        _Column("annual_margin", t("report.col_annual_margin", currency=currency), "money"),
        _Column("margin_source", t("report.col_margin_source"), "text"),
        _Column("period_margin", t("report.col_period_margin", currency=currency), "money"),
        _Column("total_cost", t("col.total_cost", currency=currency), "money"),
        *(_Column(column, t("report.col_strategy_cost", currency=currency,
                            strategy=taxonomy.strategy_label(strategy, i18n.LANG)), "money")
          for strategy, column in zip(taxonomy.STRATEGY_IDS, economics.COST_COLUMNS,
                                      strict=True)),
        _Column("cost_share", t("report.col_cost_share"), "share"),
        _Column("profit_after_cost", t("economics.col_profit", currency=currency), "money"),
    ]


def _whatif_columns(currency: str) -> list[_Column]:
    return [
        _Column("rank", t("whatif.col_rank"), "int"),
        _Column("action", t("whatif.col_action"), "text"),
        _Column("client", t("col.client"), "text"),
        _Column("manager", t("col.manager"), "text"),
        _Column("strategy_label", t("col.strategy"), "text"),
        _Column("method_label", t("col.method"), "text"),
        _Column("quadrant", t("col.quadrant"), "text"),
        _Column("total_cost", t("col.total_cost", currency=currency), "money"),
        _Column("cost_moved", t("whatif.col_cost_change", currency=currency), "money"),
        _Column("total_cost_after", t("whatif.col_cost_after", currency=currency), "money"),
        _Column("value", t("col.value"), "value"),
        _Column("value_after", t("whatif.col_value_after"), "value"),
        _Column("value_change_per_1000", t("whatif.col_per_1000"), "per1000"),
    ]


def _layouts() -> dict[str, object]:
    """Return each sheet's columns, by sheet name."""
    return {t("report.sheet_matrix"): _matrix_columns, t("report.sheet_clients"): _client_columns,
            t("report.sheet_methods"): _method_columns,
            t("report.sheet_changes"): _change_columns,
            t("report.sheet_health"): _health_columns,
            t("report.sheet_whatif"): _whatif_columns,
            t("report.sheet_economics"): _economics_columns}


def report_frames(pack: BoardPack) -> dict[str, pd.DataFrame]:
    """Return the report's sheets as frames (sheet name → rows), method names not ids."""
    m = pack.matrix.assign(
        quadrant=pack.matrix["quadrant"].map(lambda q: t(f"quadrant.{q}")),
        value_source=pack.matrix["value_source"].map(
            lambda v: t(f"report.source_{v}") if isinstance(v, str) else ""))
    frames = {
        t("report.sheet_matrix"): m,
        t("report.sheet_clients"): matrix.client_summary(pack.matrix),
        t("report.sheet_methods"): matrix.method_rollup(pack.matrix).sort_values(
            "total_cost", ascending=False),
    }
    if pack.change is not None:
        change = compare.export_change(pack.change)
        frames[t("report.sheet_changes")] = change.assign(**{
            c: change[c].map(lambda q: t(f"quadrant.{q}") if isinstance(q, str) else "")
            for c in ("quadrant", "previous_quadrant")},
            status=change["status"].map(lambda s: t(f"change.status.{s}")))
    if pack.health is not None:
        frames[t("report.sheet_health")] = health_table.health_table(pack.health)
    if pack.moved is not None:
        ranked = whatif.recommendations(pack.moved)
        frames[t("report.sheet_whatif")] = ranked.assign(
            action=ranked["action"].map(lambda a: t(f"whatif.action.{a}")),
            quadrant=ranked["quadrant"].map(lambda q: t(f"quadrant.{q}")))
    if pack.economics is not None:
        frames[t("report.sheet_economics")] = pack.economics.assign(
            margin_source=pack.economics["margin_source"].map(
                lambda s: t(f"economics.source.{s}")))
    return frames


def _width(header: str, values: pd.Series, kind: str) -> float:
    """Return a column width (characters) that shows the header and most values."""
    if kind == "text":
        longest = values.astype(str).str.len().quantile(0.95) if len(values) else 0
    else:
        longest = 12
    return float(min(max(len(header) * 0.9, longest + 2, 8), 48))


def _write_sheet(book: xlsxwriter.Workbook, name: str, frame: pd.DataFrame,
                 columns: list[_Column], formats: dict) -> None:
    sheet = book.add_worksheet(name)
    for j, col in enumerate(columns):
        sheet.write_string(0, j, col.header, formats["header"])
        values = frame[col.source] if col.source in frame else pd.Series(dtype=object)
        sheet.set_column(j, j, _width(col.header, values, col.kind), formats[col.kind])
        for i, v in enumerate(values.tolist(), start=1):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                continue
            if col.kind == "text":
                style = formats.get(f"q:{v}") if col.source == "quadrant" else None
                sheet.write_string(i, j, str(v), style or formats["text"])
            else:
                sheet.write_number(i, j, float(v), formats[col.kind])
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)


def _write_about(book: xlsxwriter.Workbook, pack: BoardPack, formats: dict) -> None:
    sheet = book.add_worksheet(t("report.sheet_about"))
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, t("report.title", quarter=pack.quarter), formats["title"])
    rows = [
        (t("report.about_quarter"), i18n.formats.quarter(pack.quarter)),
        (t("report.about_scope"), pack.scope_label),
        (t("report.about_prepared"), i18n.formats.day(pack.generated)),
        (t("report.about_rate"), t("chart.amount", currency=pack.currency,
                                   number=i18n.formats.formatted(pack.hourly_rate, ",.2f"))),
        (t("report.about_thresholds"), t("deck.thresholds", cost=t(
            "chart.amount", number=i18n.formats.formatted(pack.cost_threshold, ",.0f"),
            currency=pack.currency),
            value=i18n.formats.formatted(pack.value_threshold, ".1f"))),
        (t("report.about_source"), pack.source or "—"),
        (t("report.about_sheets"), t("report.about_sheets_text")),
    ]
    if pack.aliases is not None:
        rows.append((t("report.about_anonymised"), t("deck.anonymised")))
    if pack.move_model:
        rows.append((t("report.about_whatif"), pack.move_model))
    for i, (label, value) in enumerate(rows, start=2):
        sheet.write_string(i, 0, label, formats["label"])
        sheet.write_string(i, 1, value, formats["wrap"])


def report(pack: BoardPack) -> bytes:
    """Return the Excel report of ``pack``: about, matrix, clients and methods sheets, what
    changed since the quarter before, relationship health and the clients' economics when the
    pack has them, and the budget what-if when asked."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": t("report.doc_title", quarter=pack.quarter),
                         "subject": pack.scope_label, "author": t("app.title"),
                         "company": "", "comments": "", "keywords": "", "manager": ""})
    formats = {kind: book.add_format({"num_format": f} if f else {})
               for kind, f in _FORMATS.items()}
    formats["header"] = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                         "bg_color": "#EEEEEE", "bottom": 1})
    formats["title"] = book.add_format({"bold": True, "font_size": 14})
    formats["label"] = book.add_format({"bold": True, "valign": "top"})
    formats["wrap"] = book.add_format({"text_wrap": True, "valign": "top"})
    for q in charts.QUADRANTS:
        formats[f"q:{t(f'quadrant.{q}')}"] = book.add_format(
            {"font_color": "#B2182B" if q == "overinvested" else charts.TEXT_COLOUR,
             "bold": q == "overinvested"})
    _write_about(book, pack, formats)
    layouts = _layouts()
    for name, frame in report_frames(pack).items():
        _write_sheet(book, name, frame, layouts[name](pack.currency), formats)
    book.close()
    return out.getvalue()


# ---- PDF of the deck ----------------------------------------------------------------------

class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, or it failed to convert the deck."""


def soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice``, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of(pptx: bytes, timeout: float = PDF_TIMEOUT_S) -> bytes:
    """Return a PDF of a .pptx deck, converted by LibreOffice in a private temp dir."""
    program = soffice()
    if program is None:
        raise PdfUnavailable(t("report.pdf_missing"))
    with tempfile.TemporaryDirectory(prefix="kam-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "deck.pptx"
        source.write_bytes(pptx)
        # A profile of its own: two conversions at once must not share (and lock) one.
        profile = (folder / "profile").as_uri()
        # A session of its own: on a timeout the whole group goes (soffice starts soffice.bin
        # as a child, which would outlive a kill of the launcher alone).
        proc = subprocess.Popen(
            [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(folder), str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfUnavailable(t("report.pdf_timeout", seconds=timeout)) from exc
        target = folder / "deck.pdf"
        if proc.returncode != 0 or not target.exists():
            raise PdfUnavailable(t("report.pdf_failed",
                                   detail=err.decode(errors="replace")[-300:]))
        return target.read_bytes()
