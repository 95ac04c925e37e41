"""The valuation survey sent to clients: per client, the methods it received in a quarter, a
1-5 dropdown for the value it attaches to each, a comment column, and the valuation in force
pre-filled. The file goes back in through the ordinary upload as a Valuations table: its
columns are the ingest schema's (client, quarter, method, value, comment), under headers the
schema recognises.

Each client's workbook is written from that client's rows alone, so no other client's name
can reach it: not in a cell, a sheet name or a document property. Sheet names of the workbook
of every client (for the team, not to be sent) are the clients' names.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import xlsxwriter

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import t

SURVEY_COLUMNS = ["quarter", "client", "method", "method_label", "value"]
ZIP_MIME = "application/zip"

_SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_FORBIDDEN = re.compile(r"[^\w.-]+")
_HEADER_ROW = 5  # 0-based: a title, three lines of instructions and a blank row above it


def survey_rows(activity: pd.DataFrame, valuations: pd.DataFrame, quarter: str,
                lang: str = "en") -> pd.DataFrame:
    """Return the survey's rows for ``quarter``: each client with each method it received
    (an interaction in the quarter), in the framework's order, the method's name in ``lang``
    and the valuation in force where there is one (else NaN)."""
    cells = activity.loc[(activity["quarter"] == quarter) & (activity["interactions"] > 0),
                         ["quarter", "client", "method"]].drop_duplicates()
    keys = ["quarter", "client", "method"]
    if len(valuations):
        cells = cells.merge(valuations[[*keys, "value"]].drop_duplicates(keys, keep="last"),
                            on=keys, how="left")
    else:
        cells = cells.assign(value=float("nan"))
    order = {m: i for i, m in enumerate(taxonomy.METHOD_IDS)}
    cells = cells.assign(_order=cells["method"].map(order).fillna(len(order)),
                         method_label=cells["method"].map(
                             lambda m: taxonomy.method_label(m, lang)))
    cells = cells.sort_values(["client", "_order", "method"], kind="stable")
    return cells[SURVEY_COLUMNS].reset_index(drop=True)


def survey_headers(lang: str = "en") -> list[str]:
    """Return the survey table's headers, the client's columns first: ingest reads them as
    method, value, comment, client and quarter (tests/exports/test_survey.py checks it)."""
    return [t("survey.col_method", lang),
            t("survey.col_value", lang, low=settings.RATING_MIN, high=settings.RATING_MAX),
            t("survey.col_comment", lang), t("survey.col_client", lang),
            t("survey.col_quarter", lang)]


def client_survey(rows: pd.DataFrame, lang: str = "en") -> bytes:
    """Return one client's survey workbook (``rows``: that client's rows of ``survey_rows``)."""
    clients = rows["client"].unique()
    if len(clients) != 1:
        raise ValueError(f"one client's rows are needed, not {len(clients)} clients'")
    out = io.BytesIO()
    book = _workbook(out, lang)
    _write_sheet(book, t("survey.sheet", lang), rows, lang)
    book.close()
    return out.getvalue()


def surveys_zip(rows: pd.DataFrame, lang: str = "en") -> bytes:
    """Return a zip of one survey workbook per client, each named after its client."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for (_, one), name in zip(rows.groupby("client", sort=True),
                                       survey_file_names(rows), strict=True):
            archive.writestr(name, client_survey(one, lang))
    return out.getvalue()


def survey_file_names(rows: pd.DataFrame) -> list[str]:
    """Return each client's survey file name, clients in order of name, distinct even where
    two names differ only in characters a file name cannot hold."""
    quarter = str(rows["quarter"].iloc[0]) if len(rows) else ""
    names: list[str] = []
    for client in sorted(rows["client"].unique()):
        stem = _FILE_FORBIDDEN.sub("_", f"{t('survey.file')}_{quarter}_{client}").strip("_")
        names.append(_distinct(stem[:120], names, ".xlsx"))
    return names


def every_client_survey(rows: pd.DataFrame, lang: str = "en") -> bytes:
    """Return one workbook with a sheet per client (named after the client): for the team."""
    out = io.BytesIO()
    book = _workbook(out, lang)
    names: list[str] = []
    for client, one in rows.groupby("client", sort=True):
        name = _SHEET_FORBIDDEN.sub(" ", str(client)).strip(" '") or t("survey.sheet", lang)
        names.append(_distinct(name[:_SHEET_NAME_MAX - 4], names, ""))
        _write_sheet(book, names[-1], one, lang)
    if not names:
        _write_sheet(book, t("survey.sheet", lang), rows, lang)
    book.close()
    return out.getvalue()


def _distinct(stem: str, taken: list[str], suffix: str) -> str:
    """Return ``stem + suffix``, numbered where that is taken (case aside, as Excel compares)."""
    lowered = {n.lower() for n in taken}
    name, n = stem + suffix, 1
    while name.lower() in lowered:
        n += 1
        name = f"{stem} ({n}){suffix}"
    return name


def _workbook(out: io.BytesIO, lang: str) -> xlsxwriter.Workbook:
    # Text stays text: a client named "=HYPERLINK(...)" is written as it is, never run, and
    # reads back as the same name.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": t("survey.doc_title", lang), "subject": "", "author": "",
                         "company": "", "comments": "", "keywords": "", "manager": ""})
    return book


def _write_sheet(book: xlsxwriter.Workbook, name: str, rows: pd.DataFrame, lang: str) -> None:
    """Write one client's survey on a sheet: title, instructions, then the table, its value
    and comment cells the only ones open to editing."""
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "locked": True})
    fixed = book.add_format({"border": 1, "locked": True, "font_color": "#404040"})
    editable = book.add_format({"border": 1, "locked": False, "bg_color": "#FFF9DB"})
    value = book.add_format({"border": 1, "locked": False, "bg_color": "#FFF9DB",
                             "align": "center", "num_format": "0"})
    client = str(rows["client"].iloc[0]) if len(rows) else ""
    quarter = str(rows["quarter"].iloc[0]) if len(rows) else ""
    sheet.write_string(0, 0, t("survey.title", lang, client=client, quarter=quarter), bold)
    for i, key in enumerate(("survey.how_1", "survey.how_2", "survey.how_3")):
        sheet.merge_range(1 + i, 0, 1 + i, 4, t(key, lang, quarter=quarter,
                                                low=settings.RATING_MIN,
                                                high=settings.RATING_MAX), wrap)
        sheet.set_row(1 + i, 32)
    for j, text in enumerate(survey_headers(lang)):
        sheet.write_string(_HEADER_ROW, j, text, header)
    for i, row in enumerate(rows.itertuples(index=False), start=_HEADER_ROW + 1):
        sheet.write_string(i, 0, str(row.method_label), fixed)
        if pd.notna(row.value):
            sheet.write_number(i, 1, float(row.value), value)
        else:
            sheet.write_blank(i, 1, None, value)
        sheet.write_blank(i, 2, None, editable)
        sheet.write_string(i, 3, str(row.client), fixed)
        sheet.write_string(i, 4, str(row.quarter), fixed)
    last = _HEADER_ROW + max(len(rows), 1)
    sheet.data_validation(_HEADER_ROW + 1, 1, last, 1, {
        "validate": "list",
        "source": [str(v) for v in range(settings.RATING_MIN, settings.RATING_MAX + 1)],
        "error_title": t("survey.invalid_title", lang),
        "error_message": t("survey.invalid", lang, low=settings.RATING_MIN,
                           high=settings.RATING_MAX)})
    for j, width in enumerate((42, 12, 60, 28, 10)):
        sheet.set_column(j, j, width)
    sheet.freeze_panes(_HEADER_ROW + 1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # printed: every column on the page's width
    # Locked against changing the methods or the client, open for the value and the comment;
    # no password, so nothing stops a client who needs to change more.
    sheet.protect("", {"format_columns": True, "format_rows": True})
