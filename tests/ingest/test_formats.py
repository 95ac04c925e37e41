"""What the bytes are, and the guard a workbook passes before any parser sees it."""
from __future__ import annotations

import io
import zipfile

import pytest

from kam_analytics.ingest import formats
from kam_analytics.ingest.raw_sheets import ReadError
from kam_analytics.ingest.readers import read_file
from tests.corpus import build
from tests.corpus.build import ENCRYPTED_XLSX, ole2_bytes
from tests.ingest.sheets_data import (
    xlsx_bytes,
)

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
