"""Bytes to raw sheets: every format and encoding reads to the same cells and row numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import struct
import subprocess
import zipfile

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from kam_analytics import readers
from kam_analytics.readers import ReadError, read_file

TABLE_RU = [
    ["Отчёт по клиентам"],  # a title line with one field above a 4-field header
    ["Дата", "Клиент", "Метод", "Затраты"],
    ["03.07.2026", 'ООО "Ромашка"', "Обучение", "1 234,50"],
    [],  # a blank line
    ["04.07.2026", "NA", "Визит\nв офис", "12,5"],  # a quoted newline stays in one cell
    ["05.07.2026", "None", "null", ""],
]
TABLE_LATIN = [
    ["Rapport clients"],
    ["Date", "Client", "Méthode", "Coût"],
    ["03.07.2026", "Müller & Söhne", "Séminaire", "1 234,50"],
    [],
    ["04.07.2026", "NA", "Visite\nsur site", "12,5"],
    ["05.07.2026", "None", "null", ""],
]


def expected_cells(table: list[list[str]]) -> list[list[str | None]]:
    """Return the table as read: padded to the widest row, empty cells as None."""
    width = max(map(len, table))
    return [[c or None for c in row] + [None] * (width - len(row)) for row in table]


def csv_bytes(table: list[list[str]], encoding: str, delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in table:
        if row:
            writer.writerow(row)
        else:
            out.write("\r\n")
    return out.getvalue().encode(encoding)


def xlsx_bytes(table: list[list[object]], **sheets: list[list[object]]) -> bytes:
    """Return an .xlsx with the table on "Data" and any further sheets (name_hidden: hidden)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if value not in (None, ""):
                sheet.cell(r, c, value)
    for name, rows in sheets.items():
        extra = workbook.create_sheet(name)
        for row in rows:
            extra.append(row)
        if name.endswith("_hidden"):
            extra.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_bytes(table: list[list[str]]) -> bytes:
    out = io.BytesIO()
    frame = pd.DataFrame([row + [None] * (4 - len(row)) for row in table], dtype=object)
    with pd.ExcelWriter(out, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Data", header=False, index=False)
    return out.getvalue()


def ole2_bytes(streams: dict[str, bytes]) -> bytes:
    """Return a minimal OLE2 compound file (512-byte sectors) holding the given streams."""
    assert len(streams) <= 3
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    body, fat, entries = b"", [fat_sector, end], []
    for name, content in streams.items():
        content = content.ljust(max(4096, len(content)), b"\0")  # no mini stream needed
        content += b"\0" * (-len(content) % 512)
        start, count = 2 + len(body) // 512, len(content) // 512
        fat += [*range(start + 1, start + count), end]
        entries.append((name, 2, start, len(content)))
        body += content

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        encoded = (name.encode("utf-16-le") + b"\0\0").ljust(64, b"\0")
        return (encoded + struct.pack("<HBB3I", len(name) * 2 + 2, kind, 1, no_stream, right,
                                      child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, end, 0, no_stream, 1 if entries else no_stream)
    for i, (name, kind, start, size) in enumerate(entries, start=1):
        right = i + 1 if i < len(entries) else no_stream
        directory += entry(name, kind, start, size, right, no_stream)
    directory = directory.ljust(512, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0,
                            end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return header + fat_bytes + directory + body


# ---- the same table in every format -------------------------------------------------------

@pytest.mark.parametrize(("table", "encoding", "delimiter", "detected", "hint"), [
    (TABLE_RU, "utf-8", ",", "utf-8", None),
    (TABLE_RU, "utf-8-sig", ",", "utf-8-sig", None),
    (TABLE_RU, "cp1251", ";", "cp1251", ","),
    (TABLE_RU, "utf-16", "\t", "utf-16", None),
    (TABLE_LATIN, "latin-1", ",", "cp1252", None),
    (TABLE_LATIN, "utf-8", "|", "utf-8", None),
    (TABLE_LATIN, "utf-16-le", ";", "utf-16-le", ","),  # UTF-16 saved without a BOM
])
def test_csv_encodings_and_delimiters_read_to_the_same_cells(table, encoding, delimiter,
                                                               detected, hint):
    (sheet,) = read_file("clients.csv", csv_bytes(table, encoding, delimiter))
    assert sheet.cells.values.tolist() == expected_cells(table)
    assert sheet.cells.columns.tolist() == [0, 1, 2, 3]
    assert sheet.row_numbers.tolist() == [1, 2, 3, 4, 5, 6]
    assert (sheet.encoding, sheet.delimiter, sheet.decimal_hint) == (detected, delimiter, hint)
    assert sheet.sheet is None
    assert sheet.file_name == "clients.csv"


@pytest.mark.parametrize("table", [TABLE_RU, TABLE_LATIN])
def test_xlsx_reads_to_the_same_cells_as_csv(table):
    sheets = read_file("clients.xlsx", xlsx_bytes(table))
    assert [s.sheet for s in sheets] == ["Data"]
    assert sheets[0].cells.values.tolist() == expected_cells(table)
    assert sheets[0].row_numbers.tolist() == [1, 2, 3, 4, 5, 6]
    assert sheets[0].encoding is None
    assert sheets[0].delimiter is None


def test_ods_reads_to_the_same_cells_as_csv():
    (sheet,) = read_file("clients.ods", ods_bytes(TABLE_RU))
    assert sheet.sheet == "Data"
    assert sheet.cells.values.tolist() == expected_cells(TABLE_RU)
    assert sheet.row_numbers.tolist() == [1, 2, 3, 4, 5, 6]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice to write .xls")
def test_xls_reads_to_the_same_cells_as_csv(tmp_path):
    source = tmp_path / "clients.xlsx"
    source.write_bytes(xlsx_bytes(TABLE_RU, Notes_hidden=[["x"]]))
    converted = subprocess.run(
        ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=120, check=False)
    if not (tmp_path / "clients.xls").exists():
        pytest.skip(f"LibreOffice could not write .xls: {converted.stderr[-200:]!r}")
    data = (tmp_path / "clients.xls").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    sheets = read_file("clients.xls", data)
    assert [(s.sheet, s.hidden) for s in sheets] == [("Data", False), ("Notes_hidden", True)]
    assert sheets[0].cells.values.tolist() == expected_cells(TABLE_RU)


# ---- workbooks --------------------------------------------------------------------------------

def test_workbook_cells_keep_types_and_position():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"] = "Дата"
    sheet["C3"] = "Затраты"
    sheet["B4"] = dt.date(2026, 7, 3)
    sheet["C4"] = 12.5
    sheet["D4"] = True
    sheet["B5"] = dt.datetime(2026, 7, 3, 14, 0)
    sheet["C5"] = 3
    sheet["D5"] = dt.time(1, 30)
    out = io.BytesIO()
    workbook.save(out)
    (raw,) = read_file("typed.xlsx", out.getvalue())
    assert raw.cells.values.tolist() == [
        [None, None, None, None],
        [None, None, None, None],
        [None, "Дата", "Затраты", None],
        [None, dt.date(2026, 7, 3), 12.5, True],
        [None, dt.datetime(2026, 7, 3, 14, 0), 3.0, "1:30"],  # a time cell comes as its text
    ]
    assert raw.row_numbers.tolist() == [1, 2, 3, 4, 5]
    assert all(raw.cells[c].dtype == object for c in raw.cells)


def test_hidden_sheets_are_flagged():
    data = xlsx_bytes([["a"]], Archive_hidden=[["b"]], Empty=[])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["Empty"].sheet_state = "veryHidden"
    out = io.BytesIO()
    workbook.save(out)
    sheets = read_file("book.xlsx", out.getvalue())
    assert [(s.sheet, s.hidden) for s in sheets] == [
        ("Data", False), ("Archive_hidden", True), ("Empty", True)]
    assert sheets[1].cells.values.tolist() == [["b"]]
    assert sheets[2].cells.shape == (0, 0)


def test_xlsx_extent_far_beyond_the_data_is_refused_before_loading():
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out)
    sheet = workbook.add_worksheet()
    sheet.write("A1", "date")
    sheet.write("XFD1048576", 1)  # a 17-billion-cell grid: calamine would abort the process
    workbook.close()
    with pytest.raises(ReadError, match=r"far\.xlsx: .*XFD1048576"):
        read_file("far.xlsx", out.getvalue())


def test_wide_but_small_xlsx_is_read():
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out)
    sheet = workbook.add_worksheet()
    sheet.write("A1", "x")
    sheet.write("CV2", "y")  # column 100
    workbook.close()
    (raw,) = read_file("wide.xlsx", out.getvalue())
    assert raw.cells.shape == (2, 100)
    assert raw.cells.iat[1, 99] == "y"


def test_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "BOMB_MIN_BYTES", 100_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)
    with pytest.raises(ReadError, match=r"bomb\.xlsx: the file unpacks to"):
        read_file("bomb.xlsx", out.getvalue())


# ---- CSV details ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "delimiter", "cells"), [
    ('a,b,c\n"1,5",2,3\n', ",", [["a", "b", "c"], ["1,5", "2", "3"]]),
    ("a;b;c\n1,5;2,25;3\n", ";", [["a", "b", "c"], ["1,5", "2,25", "3"]]),
    ("a\tb\n1,5\t2\n", "\t", [["a", "b"], ["1,5", "2"]]),
    ("a|b\n1|2\n", "|", [["a", "b"], ["1", "2"]]),
    ("only\ncolumn\n", ",", [["only"], ["column"]]),
    ("a;b\r1;2\r", ";", [["a", "b"], ["1", "2"]]),  # classic Mac line ends
    ('x,"say ""hi""",z\n', ",", [["x", 'say "hi"', "z"]]),
    ('x,a "b" c,z\n', ",", [["x", 'a "b" c', "z"]]),  # quotes mid-field are text
    ("sep=;\na,b;c\n", ";", [["sep=", None], ["a,b", "c"]]),  # Excel's hint line decides
])
def test_delimiter_is_found_by_consistent_field_counts(text, delimiter, cells):
    (sheet,) = read_file("t.csv", text.encode())
    assert sheet.delimiter == delimiter
    assert sheet.cells.values.tolist() == cells


def test_ragged_rows_are_padded_even_far_down():
    lines = ["Title", "a,b,c", *["1,2,3"] * 20_000, "4,5,6,7,8"]  # the wide row is past the sniff
    (sheet,) = read_file("t.csv", "\n".join(lines).encode())
    assert sheet.cells.shape == (20_003, 5)
    assert sheet.cells.iloc[0].tolist() == ["Title", None, None, None, None]
    assert sheet.cells.iloc[-1].tolist() == ["4", "5", "6", "7", "8"]
    assert sheet.row_numbers.iloc[-1] == 20_003


def test_blank_lines_and_quoted_newlines_keep_row_numbers():
    text = 'Report\n\nclient,note\n"A","two\nlines"\n\n"B",x\n'
    (sheet,) = read_file("t.csv", text.encode())
    assert sheet.cells.values.tolist() == [
        ["Report", None], [None, None], ["client", "note"], ["A", "two\nlines"], [None, None],
        ["B", "x"]]
    assert sheet.row_numbers.tolist() == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(("text", "encoding"), [
    ("Клиент,Затраты\nООО Ромашка,12\nИП Иванов,13\n", "cp1251"),
    ("Kunde,Kosten\nMüller GmbH,12\nBäckerei Schön,13\n", "cp1252"),
    ("Client,Coût\nSociété Générale,12\nCafé,13\n", "cp1252"),
])
def test_legacy_encodings_are_told_apart(text, encoding):
    (sheet,) = read_file("t.csv", text.encode(encoding))
    assert sheet.encoding == encoding
    assert sheet.cells.values.tolist() == [line.split(",") for line in text.splitlines()]


# ---- files that cannot be read ------------------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


ENCRYPTED_XLSX = ole2_bytes({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                             "EncryptedPackage": b"\x10\x27" + b"\x5a" * 5000})


@pytest.mark.parametrize(("name", "data", "message"), [
    ("locked.xlsx", ENCRYPTED_XLSX, "password-protected"),
    ("report.xlsx", b"%PDF-1.7\n...", "this is a PDF document"),
    ("chart.xlsx", b"\x89PNG\r\n\x1a\n....", "this is a PNG image"),
    ("export.xls", b"\xef\xbb\xbf<!DOCTYPE html><html><table><tr><td>1</td></tr></table>",
     "web page (HTML)"),
    ("export.xls", b'<?xml version="1.0"?><Workbook xmlns='
                   b'"urn:schemas-microsoft-com:office:spreadsheet">', "Excel 2003 XML"),
    ("data.xlsx", _zip({"notes.txt": b"hi", "img.png": b"x"}), "a zip archive (holding img.png"),
    ("memo.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
     "a text document"),
    ("memo.xls", ole2_bytes({"WordDocument": b"x"}), "a Word document"),
    ("cut.xlsx", xlsx_bytes([["a"]])[:300], "damaged or incomplete"),
    ("empty.csv", b"", "the file is empty"),
    ("blank.csv", b"\xef\xbb\xbf \r\n\r\n", "the file is empty"),
    ("empty.xlsx", xlsx_bytes([]), "every sheet of the workbook is empty"),
    ("nul.csv", b"a,b\n1,2\n3,\x004\n", "line 3 holds binary data"),
    ("quote.csv", b'a,b\n1,2\n3,"open\n4,5\n6,7\n', "line 3 opens a quote"),
])
def test_unreadable_files_say_what_and_how_to_fix(name, data, message):
    with pytest.raises(ReadError) as raised:
        read_file(name, data)
    assert str(raised.value).startswith(f"{name}: ")
    assert message in str(raised.value)

