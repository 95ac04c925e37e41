"""Bytes to raw sheets: every format and encoding reads to the same cells and row numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from kam_analytics.ingest import delimited, distinct, formats, raw_sheets, workbook
from kam_analytics.ingest.raw_sheets import ReadError
from kam_analytics.ingest.readers import read_file
from tests.corpus import build
from tests.corpus.build import ENCRYPTED_XLSX, ole2_bytes

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
    assert sheet.grid() == expected_cells(table)
    assert sheet.cells.columns.tolist() == [0, 1, 2, 3]
    assert sheet.row_numbers.tolist() == [1, 2, 3, 4, 5, 6]
    assert (sheet.encoding, sheet.delimiter, sheet.decimal_hint) == (detected, delimiter, hint)
    assert sheet.sheet is None
    assert sheet.file_name == "clients.csv"


@pytest.mark.parametrize("table", [TABLE_RU, TABLE_LATIN])
def test_xlsx_reads_to_the_same_cells_as_csv(table):
    sheets = read_file("clients.xlsx", xlsx_bytes(table))
    assert [s.sheet for s in sheets] == ["Data"]
    assert sheets[0].grid() == expected_cells(table)
    assert sheets[0].row_numbers.tolist() == [1, 2, 3, 4, 5, 6]
    assert sheets[0].encoding is None
    assert sheets[0].delimiter is None


def test_ods_reads_to_the_same_cells_as_csv():
    (sheet,) = read_file("clients.ods", ods_bytes(TABLE_RU))
    assert sheet.sheet == "Data"
    assert sheet.grid() == expected_cells(TABLE_RU)
    assert sheet.row_numbers.tolist() == [1, 2, 3, 4, 5, 6]


def test_xls_reads_to_the_same_cells_as_csv(tmp_path):
    data = build.soffice_converted(xlsx_bytes(TABLE_RU, Notes_hidden=[["x"]]), ".xlsx", "xls",
                                   tmp_path)
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    sheets = read_file("clients.xls", data)
    assert [(s.sheet, s.hidden) for s in sheets] == [("Data", False), ("Notes_hidden", True)]
    assert sheets[0].grid() == expected_cells(TABLE_RU)


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
    assert raw.grid() == [
        [None, None, None, None],
        [None, None, None, None],
        [None, "Дата", "Затраты", None],
        # a bool is kept apart from 1 and 1.0 as its text; a time cell comes as its text
        [None, dt.date(2026, 7, 3), 12.5, "True"],
        [None, dt.datetime(2026, 7, 3, 14, 0), 3.0, "1:30"],
    ]
    assert raw.row_numbers.tolist() == [1, 2, 3, 4, 5]
    assert all(isinstance(raw.cells[c].dtype, pd.CategoricalDtype) for c in raw.cells)


def test_hidden_sheets_are_flagged():
    data = xlsx_bytes([["a"]], Archive_hidden=[["b"]], Empty=[])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["Empty"].sheet_state = "veryHidden"
    out = io.BytesIO()
    workbook.save(out)
    sheets = read_file("book.xlsx", out.getvalue())
    assert [(s.sheet, s.hidden) for s in sheets] == [
        ("Data", False), ("Archive_hidden", True), ("Empty", True)]
    assert sheets[1].grid() == [["b"]]
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
    monkeypatch.setattr(formats, "BOMB_MIN_BYTES", 100_000)
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
    ("sep=;\na,b;c\n", ";", [["a,b", "c"]]),  # Excel's hint line decides, and is no row
])
def test_delimiter_is_found_by_consistent_field_counts(text, delimiter, cells):
    (sheet,) = read_file("t.csv", text.encode())
    assert sheet.delimiter == delimiter
    assert sheet.grid() == cells


def test_ragged_rows_are_padded_even_far_down():
    lines = ["Title", "a,b,c", *["1,2,3"] * 20_000, "4,5,6,7,8"]  # the wide row is past the sniff
    (sheet,) = read_file("t.csv", "\n".join(lines).encode())
    assert sheet.cells.shape == (20_003, 5)
    assert sheet.grid()[0] == ["Title", None, None, None, None]
    assert sheet.grid()[-1] == ["4", "5", "6", "7", "8"]
    assert sheet.row_numbers.iloc[-1] == 20_003


def test_blank_lines_and_quoted_newlines_keep_row_numbers():
    text = 'Report\n\nclient,note\n"A","two\nlines"\n\n"B",x\n'
    (sheet,) = read_file("t.csv", text.encode())
    assert sheet.grid() == [
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
    assert sheet.grid() == [line.split(",") for line in text.splitlines()]


# ---- files that cannot be read ------------------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


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


# ---- hostile input, refused before any parser sees it -------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("far_cell.xlsx", "cells as far out as XFD1048576"),
    ("zip_bomb.xlsx", "the file unpacks to 1,024 MB or more"),
    ("billion_laughs.xlsx", "declares XML entities (a DOCTYPE)"),
    ("xxe.xlsx", "'xl/sharedStrings.xml' declares XML entities"),
])
def test_hostile_workbooks_are_refused_by_the_checks_alone(name, message):
    with pytest.raises(ReadError) as raised:
        read_file(name, build.HOSTILE[name]())
    assert str(raised.value).startswith(f"{name}: ") and message in str(raised.value)


@pytest.mark.parametrize(("head", "declares"), [
    (b'<?xml version="1.0"?><worksheet/>', False),
    (b"<worksheet/>", False),
    (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet/>', True),
    (b"\xef\xbb\xbf<?xml version='1.0'?><!-- made by X --><?pi x?>  <!doctype w><w/>", True),
    (b"<!-- <!DOCTYPE in a comment is text --><worksheet/>", False),
    ("\ufeff<?xml version='1.0'?><!DOCTYPE w><w/>".encode("utf-16-le"), True),
    (b"<!-- a comment longer than the head, never closed", True),
    (b"<worksheet><!DOCTYPE w></worksheet>", False),  # after the root: not a DTD, a bad file
])
def test_a_dtd_is_found_only_in_the_prolog(head, declares):
    assert formats.declares_dtd(head) is declares


def _sheet_package(sheet_xml: bytes, workbook_extra: bytes = b"") -> bytes:
    parts = build._package_parts(sheet_xml)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</workbook>", workbook_extra + b"</workbook>")
    return build.zip_bytes(parts)


_X = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(("sheet_xml", "workbook_extra", "hidden", "uncalculated", "merged"), [
    (  # as LibreOffice writes: hidden="true", formulas with values, attributes after r
        b'<worksheet ' + build._NS + b'><sheetData>'
        b'<row r="1" hidden="false"><c r="A1" t="n"><v>1</v></c></row>'
        b'<row r="2" customHeight="1" hidden="true"><c r="A2" s="0" t="n"><f aca="false">A1*2'
        b'</f><v>2</v></c></row>'
        b'<row hidden="1" r="3"><c r="B3"><f>A1+1</f><v></v></c><c r="C3"><f t="shared" '
        b'si="0"/></c></row></sheetData>'
        b'<mergeCells count="2"><mergeCell ref="A5:A7"/><mergeCell ref="B1:C1"/></mergeCells>'
        b"</worksheet>", b"", (2, 3), ((3, 1), (3, 2)), ((5, 0, 7, 0), (1, 1, 1, 2))),
    (  # a namespace prefix on every element, as the Open XML SDK writes
        b"<x:worksheet " + _X + b"><x:sheetData><x:row r=\"4\" hidden=\"1\"><x:c r=\"A4\">"
        b"<x:v>5</x:v></x:c><x:c r=\"AB4\">"
        b"<x:f>1+1</x:f></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref=\"A1:B2\"/>"
        b"</x:mergeCells></x:worksheet>", b"", (4,), ((4, 27),), ((1, 0, 2, 1),)),
    (  # the workbook asks to recalculate on load: stored values are placeholders
        b'<worksheet ' + build._NS + b'><sheetData><row r="1"><c r="D1"><f>SUM(A1:C1)</f>'
        b"<v>0</v></c></row></sheetData></worksheet>", b'<calcPr fullCalcOnLoad="1"/>',
        (), ((1, 3),), ()),
])
def test_xlsx_facts_calamine_does_not_give(sheet_xml, workbook_extra, hidden, uncalculated,
                                           merged):
    (sheet,) = read_file("facts.xlsx", _sheet_package(sheet_xml, workbook_extra))
    assert (sheet.hidden_rows, sheet.uncalculated, sheet.merged) == (
        hidden, uncalculated, merged)
    assert not sheet.macros


def test_macros_are_flagged():
    sheets = read_file("m.xlsm", build._xlsm_bytes())
    assert [s.macros for s in sheets] == [True]


def test_facts_of_a_big_sheet_are_found_across_chunks(monkeypatch):
    monkeypatch.setattr(formats, "SCAN_CHUNK", 4096)  # rows straddle many chunk boundaries
    rows = build.table()
    rows += [list(rows[1]) for _ in range(3000)]

    def facts(workbook, sheet) -> None:
        sheet.set_row(2000, None, None, {"hidden": True})
        sheet.write_formula(2500, 3, "=D2*2", None, 0)  # written by a program: a placeholder

    (sheet,) = read_file("big.xlsx", build.xlsx_bytes(rows, after=facts))
    assert sheet.hidden_rows == (2001,)
    assert sheet.uncalculated == ((2501, 3),)


# ---- CSV limits -------------------------------------------------------------------------------

def test_a_first_line_longer_than_the_sample_keeps_every_column():
    header = [f"c{i}" for i in range(20_000)]  # ~130 KB: beyond the 64 KB delimiter sample
    (sheet,) = read_file("wide.csv", "\n".join([",".join(header), "1,2,3"]).encode())
    assert sheet.cells.shape == (2, 20_000)
    assert sheet.cells.iat[0, 19_999] == "c19999"
    assert sheet.grid()[1][:4] == ["1", "2", "3", None]


_WIDE_HEADER = ",".join(f"h{i}" for i in range(12))
_WIDE_TEXTS = {  # each wider than long, so the wide reader takes it once its bar is lowered
    "ragged": f"{_WIDE_HEADER}\n1,2,3\n\n4",
    "rectangle": f"{_WIDE_HEADER}\n" + ",".join("x" * 12),
    "quotes": f'{_WIDE_HEADER}\r\n"a,""b""",c\r\n"line\nbreak",d"e,"f"g',
    "longer row further down": f"{_WIDE_HEADER}\n1\n" + ",".join("y" * 30) + ",,,",
    "cr only": f"{_WIDE_HEADER}\r1,2\r\r3",
    "open quote": f'{_WIDE_HEADER}\n1,"2\n3',
    "trailing blank lines": f"{_WIDE_HEADER}\n1,,,\n\n\n",
    "rows growing past the sample": "\n".join([_WIDE_HEADER, ",".join("a" * 20),
                                                 ",".join("b" * 30) + "," * 10,
                                                 ",".join("c" * 50) + "," * 4]),
    "empty fields past the sample": f"{_WIDE_HEADER}\n1\n" + "," * 40,
    "a row between the widest and the width read": "\n".join([
        _WIDE_HEADER, ",".join("a" * 20), ",".join("b" * 16) + "," * 6]),
    "a quoted line break in line 1 past the sample": 'h0,h1,h2,h3,h4,h5,h6,"x\ny",h8,,,\n1',
}


def _read_or_error(text: str) -> object:
    try:
        return read_file("w.csv", text.encode()).pop().grid()
    except ReadError as exc:
        return str(exc)


@pytest.mark.parametrize("text", _WIDE_TEXTS.values(), ids=_WIDE_TEXTS)
def test_a_text_wider_than_long_reads_as_the_other_readers_read_it(monkeypatch, text):
    monkeypatch.setattr(delimited, "SNIFF_CHARS", 20)  # the width is found from line 1 alone
    expected = _read_or_error(text)
    monkeypatch.setattr(delimited, "WIDE_COLUMNS", 2)
    actual = _read_or_error(text)
    assert actual == expected


@pytest.mark.parametrize("wide_columns", [2, 1000], ids=["wide reader", "other readers"])
def test_a_wide_text_beyond_the_cell_limit_is_refused(monkeypatch, wide_columns):
    monkeypatch.setattr(delimited, "WIDE_COLUMNS", wide_columns)
    monkeypatch.setattr(raw_sheets, "MAX_CELLS_READ", 30)
    text = (_WIDE_HEADER + "\n1\n" + ",".join("y" * 30)).encode()
    with pytest.raises(ReadError, match=r"about 3 rows x 30 columns"):
        read_file("w.csv", text)


def test_rows_growing_wider_are_read_in_a_few_passes():
    lines = ["a,b"] * 5000 + [",".join(["x"] * n) for n in range(3, 60)]
    (sheet,) = read_file("growing.csv", "\n".join(lines).encode())
    assert sheet.cells.shape == (5057, 59)
    assert sheet.grid()[-1] == ["x"] * 59


def test_too_many_cells_are_refused(monkeypatch):
    monkeypatch.setattr(raw_sheets, "MAX_CELLS_READ", 1000)
    with pytest.raises(ReadError, match=r"t\.csv: about 501 rows x 3 columns is more than"):
        read_file("t.csv", ("a,b,c\n" + "1,2,3\n" * 500).encode())
    with pytest.raises(ReadError, match=r"t\.xlsx: about 501 rows x 3 columns"):
        read_file("t.xlsx", xlsx_bytes([["a", "b", "c"]] + [[1, 2, 3]] * 500))


def _wide_table(rows: int) -> list[list[str]]:
    """Return a header and ``rows`` records: few names, mostly distinct amounts, some blank
    cells, quoted commas and line breaks, non-ASCII text."""
    names = ["Acme", "Ромашка", 'Smith, "Jr"', "Line\nbreak"]
    return [["Date", "Client", "Cost", "Note"]] + [
        [f"2026-07-{1 + i % 28:02d}", names[i % 4], "" if i % 17 == 0 else f"{i * 7.31:.2f}",
         "" if i % 3 else f"note {i % 5}"] for i in range(rows)]


def test_arrow_reads_the_cells_the_careful_reader_reads(monkeypatch):
    # The fast path (Arrow; a column of mostly distinct values parsed as plain text) and the
    # careful path (pandas, which can name a bad line) must give the very same cells.
    table = _wide_table(302)  # the last record on one line (else the careful reader is used)
    data = csv_bytes(table, "utf-8", ",")
    assert delimited._wide_ranging(data[:delimited.SNIFF_CHARS], ",", 4) == {2}
    assert delimited._arrow_cells(data, ",", 4) is not None  # the fast path takes this file
    fast = read_file("wide.csv", data)[0]
    monkeypatch.setattr(delimited, "_arrow_cells", lambda *args: None)
    careful = read_file("wide.csv", data)[0]
    assert fast.grid() == careful.grid() == expected_cells(table)
    assert [fast.cells[j].cat.categories.tolist() for j in (0, 1, 3)] == [
        careful.cells[j].cat.categories.tolist() for j in (0, 1, 3)]  # first appearance
    assert str(fast.cells[2].dtype) == "str"  # the amounts: text as Arrow holds it
    assert distinct.distinct_cells(fast.cells[2]).uniques == distinct.distinct_cells(
        careful.cells[2]).uniques


def _assert_encoded_as_cleaned_cells(cells) -> None:
    """Assert a workbook column encodes as its cells do once "" is made missing and times are
    their text: the same codes and the same categories, of the same types."""
    got = workbook._workbook_column(cells.copy())
    cleaned = cells.copy()
    cleaned[[isinstance(c, str) and c == "" for c in cleaned]] = None
    cleaned[[isinstance(c, dt.time) for c in cleaned]] = "1:30"
    expected = raw_sheets.dictionary_column(cleaned)
    assert got.codes.tolist() == expected.codes.tolist()
    assert got.categories.tolist() == expected.categories.tolist()
    assert [type(c) for c in got.categories] == [type(c) for c in expected.categories]


@pytest.mark.parametrize("seed", range(8))
def test_a_workbook_column_encodes_as_its_cleaned_cells_would(seed):
    # "" is dropped from a workbook column's distinct cells rather than looked for cell by cell:
    # the result must be what encoding the cells with "" made missing gives.
    import numpy as np

    rng = np.random.default_rng(seed)
    pool = ["", " ", "a", "A", 1.5, 1, True, False, "True", None, float("nan"), 0.0, -0.0,
            dt.date(2026, 7, 1), dt.datetime(2026, 7, 1, 9, 30), dt.time(1, 30), "1:30"]
    cells = np.array([pool[i] for i in rng.integers(0, len(pool), 300)], dtype=object)
    _assert_encoded_as_cleaned_cells(cells)


@pytest.mark.parametrize("seed", range(8))
def test_a_workbook_column_of_amounts_encodes_as_its_cleaned_cells_would(seed):
    # Below its top rows (title, header, notes) a column of amounts is encoded among machine
    # floats; a number of the top rows met again below, ints equal to floats, -0.0 and 0.0,
    # blanks and NaN must come out as encoding the Python objects gives.
    import numpy as np

    rng = np.random.default_rng(seed)
    top_pool = ["Cost (EUR)", "", None, True, 5, 2.5, dt.time(1, 30), "7", 0.0]
    below_pool = [2.5, 5.0, -0.0, 1e300, float("nan"), None, 812.34, 3.0, 0.1 + 0.2]
    top = [top_pool[i] for i in rng.integers(0, len(top_pool), workbook._TOP_ROWS)]
    below = [below_pool[i] if rng.random() < 0.5 else float(rng.integers(0, 400)) / 4
             for i in rng.integers(0, len(below_pool), 500)]
    cells = np.array(top + below, dtype=object)
    _assert_encoded_as_cleaned_cells(cells)


@pytest.mark.parametrize("intruder", [None, 1.0, 7, True, dt.date(2026, 7, 1), "\udc80",
                                      float("nan")])
@pytest.mark.parametrize("seed", range(6))
def test_a_workbook_column_of_names_encodes_as_its_cleaned_cells_would(seed, intruder):
    # Below its top rows a column of text is encoded by Arrow: blanks ("") must still be
    # missing, a text met in the top rows keeps its code there (bools and times in the top rows
    # read as their text), and a cell below that is not text (or a text Arrow cannot hold)
    # sends the column the long way, with the same result.
    import numpy as np

    rng = np.random.default_rng(seed)
    top_pool = ["Client", "", None, True, 5, dt.time(1, 30), "Acme"]
    below_pool = ["Acme", "Ромашка", "", None, " ", "True", "1:30", "Beta"]
    below = ["Beta"] + [below_pool[i] for i in rng.integers(0, len(below_pool), 300)]
    if intruder is not None:
        below[int(rng.integers(1, len(below)))] = intruder
    cells = np.array([top_pool[i] for i in rng.integers(0, len(top_pool), workbook._TOP_ROWS)]
                     + below, dtype=object)
    _assert_encoded_as_cleaned_cells(cells)


@pytest.mark.parametrize("below", [[""] * 150, ["", None] * 75, [""] * 149 + ["Acme"],
                                   ["Notes"] + [""] * 149])
def test_a_workbook_column_blank_below_its_top_rows_encodes_as_its_cleaned_cells_would(below):
    # An optional column left empty (calamine gives "" for an empty cell): all missing below.
    import numpy as np

    top = ["Notes", "", "Acme"] + [""] * (workbook._TOP_ROWS - 3)
    _assert_encoded_as_cleaned_cells(np.array(top + below, dtype=object))


def test_a_workbook_column_of_names_is_encoded_by_arrow(monkeypatch):
    import numpy as np

    taken = []
    monkeypatch.setattr(workbook, "_text_below_top", lambda column: taken.append(1) or 0)
    workbook._workbook_column(np.array(["Client"] + ["Acme", ""] * 100, dtype=object))
    assert taken


def test_a_large_workbook_read_is_lean_and_reads_the_same_cells(monkeypatch):
    # Beyond _LEAN_READ_CELLS the reader child frees what it read and encodes text columns
    # with pandas, not Arrow (memory over speed): the cells must come out the same.
    from tests.corpus import build

    rows = [build.HEADER] + [["2026-07-03", f"Client {i % 37}", "Staff training", str(i), "1",
                              "", "Ann" if i % 3 else ""] for i in range(300)]
    data = build.xlsx_bytes(rows)
    monkeypatch.setattr(workbook, "_kept", [])
    [fast] = read_file("x.xlsx", data)
    assert len(workbook._kept) == 2  # the rows and the grid, kept
    real, arrow = workbook._text_below_top, []
    monkeypatch.setattr(workbook, "_text_below_top", lambda c: arrow.append(1) or real(c))
    monkeypatch.setattr(workbook, "_kept", [])
    monkeypatch.setattr(workbook, "_LEAN_READ_CELLS", 2000)  # 301 rows x 7 columns: more
    [lean] = read_file("x.xlsx", data)
    assert workbook._kept == [] and arrow == []
    assert lean.grid() == fast.grid()
    for j in fast.cells:
        assert lean.cells[j].cat.categories.tolist() == fast.cells[j].cat.categories.tolist()
