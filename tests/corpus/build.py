"""Bad input as managers' systems produce it, built from code, each file with its outcome.

``CASES`` is the expected-outcome table: every case either ends in a rejection whose lines
name the file, row and column (where they exist) and say how to fix it, or in an import of
hand-counted rows and figures with a visible warning for whatever was normalised.
``HOSTILE`` holds workbooks crafted to attack the reader. ``python -m tests.corpus.build DIR``
writes every file into DIR to open and look at.

Nothing is a committed binary: .xls is converted from .xlsx by LibreOffice when it is built,
the password-protected and macro workbooks are assembled from their container structure, the
zip bomb from repeated deflate blocks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import xlsxwriter

Files = list[tuple[str, bytes]]

# ---- the table every case starts from -------------------------------------------------------

HEADER = ["Date", "Client", "Method", "Cost", "Hours", "Value", "Manager"]
BASE = [  # spreadsheet rows 2..6
    ["2026-07-03", "Acme Ltd", "Staff training", "1200.50", "6", "4", "Ann"],
    ["2026-07-15", "Acme Ltd", "Site visits", "3000", "5", "2", "Ann"],
    ["2026-08-01", "Borealis AG", "Staff training", "800", "4", "5", "Ben"],
    ["2026-08-20", "Borealis AG", "JIT delivery", "200", "1.5", "", "Ben"],
    ["2026-09-30", "Cobalt LLC", "Reference selling", "0", "2", "3", "Ben"],
]
BASE_COST, BASE_HOURS = 5200.5, 18.5  # by hand: 1200.50+3000+800+200+0, 6+5+4+1.5+2


def table(changes: dict[tuple[int, str], str] | None = None, *,
          header: list[str] = HEADER, rows: list[list[str]] = BASE) -> list[list[str]]:
    """Return the header and rows with cells changed: {(spreadsheet row, column): text}."""
    out = [list(header)] + [list(r) for r in rows]
    for (row, column), text in (changes or {}).items():
        out[row - 1][header.index(column)] = text
    return out


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8",
              newline: str = "\r\n") -> bytes:
    """Return rows as delimited text, quoted where needed, in an encoding."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def _typed(text: str) -> object:
    """Return a cell as Excel would hold it: ISO dates as dates, plain numbers as numbers."""
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def xlsx_bytes(rows: list[list[str]], *, sheet: str = "Data",
               after: Callable | None = None) -> bytes:
    """Return an .xlsx (xlsxwriter) with typed cells; ``after(workbook, worksheet)`` edits it."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            value = _typed(text) if r else text
            if isinstance(value, dt.datetime):
                worksheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, float):
                worksheet.write_number(r, c, value)
            elif value != "":
                worksheet.write_string(r, c, value)
    if after:
        after(workbook, worksheet)
    workbook.close()
    return out.getvalue()


def openpyxl_bytes(rows: list[list[object]], edit: Callable | None = None) -> bytes:
    """Return an .xlsx written by openpyxl (it stores formulas without calculated values)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for r, row in enumerate(rows):
        sheet.append([_typed(c) if r and isinstance(c, str) else c for c in row])
    if edit:
        edit(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezipped(data: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """Return a zip with every member passed through ``edit(name, content)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, edit(info.filename, source.read(info)))
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
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


ENCRYPTED_XLSX = ole2_bytes({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                             "EncryptedPackage": b"\x10\x27" + b"\x5a" * 5000})


def soffice_converted(data: bytes, suffix: str, target: str, tmp: Path) -> bytes:
    """Return a workbook converted by LibreOffice (e.g. .xlsx to .xls)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is needed to build this case: "
                           "apt-get install libreoffice-calc-nogui")
    work = Path(tempfile.mkdtemp(dir=tmp))
    source = work / f"source{suffix}"
    source.write_bytes(data)
    # A private profile: another soffice running on the machine must not be joined.
    subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                    "--convert-to", target, "--outdir", str(work), str(source)],
                   capture_output=True, timeout=180, check=True)
    return (work / f"source.{target.split(':')[0]}").read_bytes()


# ---- hand-made workbook packages (for the hostile ones) ------------------------------------

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _package_parts(sheet_xml: bytes, shared_strings: bytes | None = None) -> dict[str, bytes]:
    """Return the parts of a minimal one-sheet .xlsx around the given sheet XML."""
    shared_type = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                   b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    shared_rel = (b'<Relationship Id="rId2" Type="' + _REL + b'/sharedStrings" '
                  b'Target="sharedStrings.xml"/>')
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
            b'-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.worksheet+xml"/>' + (shared_type if shared_strings else b"")
            + b"</Types>"),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
            b'"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            b'Id="rId1" Type="' + _REL + b'/officeDocument" Target="xl/workbook.xml"/>'
            b"</Relationships>"),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ' + _NS
            + b' xmlns:r="' + _REL + b'"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/>'
            b"</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
            b'"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            b'Id="rId1" Type="' + _REL + b'/worksheet" Target="worksheets/sheet1.xml"/>'
            + (shared_rel if shared_strings else b"") + b"</Relationships>"),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared_strings:
        parts["xl/sharedStrings.xml"] = shared_strings
    return parts


def _raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """Return a zip of already-deflated members: (name, deflated bytes, crc32, full size)."""
    body, directory = b"", b""
    for name, deflated, crc, size in members:
        encoded = name.encode()
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated),
                            size, len(encoded), 0)
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                                 len(deflated), size, len(encoded), 0, 0, 0, 0, 0,
                                 len(body)) + encoded
        body += local + encoded + deflated
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                      len(directory), len(body), 0)
    return body + directory + end


def _deflated(data: bytes) -> tuple[str, bytes, int, int]:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return "", comp.compress(data) + comp.flush(), zlib.crc32(data), len(data)


def _package(parts: dict[str, bytes], raw: dict[str, tuple[bytes, int, int]] | None = None
             ) -> bytes:
    members = [(name, *_deflated(content)[1:]) for name, content in parts.items()]
    members += [(name, *fields) for name, fields in (raw or {}).items()]
    return _raw_zip(members)


def _repeated_deflate(prefix: bytes, block: bytes, count: int, suffix: bytes
                      ) -> tuple[bytes, int, int]:
    """Return (deflated, crc32, size) of prefix + block * count + suffix, without ever holding
    the inflated text: after a full flush, a block deflates to the same bytes every time."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    once = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    assert once == again
    tail = comp.compress(suffix) + comp.flush()
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    return head + once * count + tail, crc, len(prefix) + len(block) * count + len(suffix)


_SHEET_START = b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _NS + b"><sheetData>"
_SHEET_END = b"</sheetData></worksheet>"


def far_cell_xlsx() -> bytes:
    """A 5 KB workbook with cells in A1 and XFD1048576: a 17-billion-cell grid to calamine."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("Data")
    sheet.write("A1", "Date")
    sheet.write("XFD1048576", 1)
    workbook.close()
    return out.getvalue()


def zip_bomb_xlsx(gib: int = 1) -> bytes:
    """A ~3 MB workbook whose sheet inflates to ``gib`` GiB of rows (20 million cells per GiB)."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    block = row * (1024**2 // len(row))
    deflated, crc, size = _repeated_deflate(_SHEET_START, block, 1024 * gib, _SHEET_END)
    parts = _package_parts(b"")
    del parts["xl/worksheets/sheet1.xml"]
    return _package(parts, {"xl/worksheets/sheet1.xml": (deflated, crc, size)})


def billion_laughs_xlsx() -> bytes:
    """A workbook whose sheet defines entities expanding to 10**9 "lol"s (3 GB)."""
    entities = b'<!ENTITY lol "lol">' + b"".join(
        b"<!ENTITY lol%d \"%s\">" % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10))
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [' + entities + b"]>"
             b"<worksheet " + _NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
             b"&lol9;</t></is></c></row></sheetData></worksheet>")
    return _package(_package_parts(sheet))


def xxe_xlsx() -> bytes:
    """A workbook whose shared strings pull in /etc/passwd through an external entity."""
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM '
              b'"file:///etc/passwd">]><sst ' + _NS + b' count="1" uniqueCount="1"><si><t>'
              b"&xxe;</t></si></sst>")
    sheet = (_SHEET_START + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + _SHEET_END)
    return _package(_package_parts(sheet, shared))


def dense_grid_xlsx() -> bytes:
    """A workbook with no cell references at all: a 16,384-cell row, a million empty rows and
    one more cell. The extent check finds no reference to measure; calamine makes a
    17-billion-cell grid and only the sandbox's limits stand between that and the server."""
    wide = b"<row>" + b"<c><v>1</v></c>" * 16384 + b"</row>"
    last = b"<row><c><v>1</v></c></row>"  # row 1,048,576: no reference says so
    deflated, crc, size = _repeated_deflate(_SHEET_START + wide, b"<row/>" * 1023, 1025,
                                            last + _SHEET_END)
    parts = _package_parts(b"")
    del parts["xl/worksheets/sheet1.xml"]
    return _package(parts, {"xl/worksheets/sheet1.xml": (deflated, crc, size)})


UPLOAD_LIMIT = 99_000_000  # under the 100 MB upload limit, as an attacker would size it


def one_line_commas_csv() -> bytes:
    """A header, then one line of 99 MB of commas: 100 million empty fields."""
    return b"Date,Client,Method,Cost\n" + b"," * UPLOAD_LIMIT


def one_line_semicolons_csv() -> bytes:
    """99 MB of semicolons and no line break."""
    return b";" * UPLOAD_LIMIT


def no_line_breaks_txt() -> bytes:
    """99 MB of words with no line break: no table at all."""
    return b"lorem ipsum " * (UPLOAD_LIMIT // 12)


def wide_lines_csv() -> bytes:
    """9,900 lines of 10,000 commas each (99 MB): every line within the line limit, the whole
    a hundred million cells."""
    return (b"," * 10_000 + b"\n") * 9_900


def million_labels_csv() -> bytes:
    """1,000,000 rows, each with a method label of its own (33 MB)."""
    return ("Date,Client,Method\n" + "".join(
        f"2026-07-01,Acme,activity {i:07d} {i * 7919 % 1000003:x}\n" for i in range(1_000_000))
            ).encode()


HOSTILE: dict[str, Callable[[], bytes]] = {
    "far_cell.xlsx": far_cell_xlsx,
    "zip_bomb.xlsx": zip_bomb_xlsx,
    "billion_laughs.xlsx": billion_laughs_xlsx,
    "xxe.xlsx": xxe_xlsx,
    "dense_grid.xlsx": dense_grid_xlsx,
    "one_line_commas.csv": one_line_commas_csv,
    "one_line_semicolons.csv": one_line_semicolons_csv,
    "no_line_breaks.txt": no_line_breaks_txt,
    "wide_lines.csv": wide_lines_csv,
}


# ---- the expected-outcome table --------------------------------------------------------------

@dataclass(frozen=True)
class Imported:
    rows: int
    clients: int
    quarters: tuple[str, ...]
    cost: float
    hours: float
    warnings: tuple[tuple[str, ...], ...] = ()  # each: fragments one warning line holds
    names: tuple[str, ...] = ()  # client names that must be stored exactly so


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], Files]  # given a scratch directory
    rejected: tuple[tuple[str, ...], ...] = ()  # each: fragments one problem line holds
    imported: Imported | None = None

    @property
    def outcome(self) -> str:
        return "imported" if self.imported else "rejected"


Q3 = ("2026Q3",)


def _csv(name: str, rows: list[list[str]], **kw) -> Callable[[Path], Files]:
    return lambda tmp: [(name, csv_bytes(rows, **kw))]


def _one(name: str, make: Callable[[], bytes]) -> Callable[[Path], Files]:
    return lambda tmp: [(name, make())]


def _base(**kw) -> Imported:
    fields = {"rows": 5, "clients": 3, "quarters": Q3, "cost": BASE_COST, "hours": BASE_HOURS}
    return Imported(**{**fields, **kw})


def _rejected(*lines: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return lines


FIX = "How to fix"


# Dates of the base rows in other forms, and their Excel serials.
_DATES = [dt.date.fromisoformat(r[0]) for r in BASE]
_SERIALS = [str((d - dt.date(1899, 12, 30)).days) for d in _DATES]


def _dates(texts: list[str]) -> list[list[str]]:
    return table({(i + 2, "Date"): text for i, text in enumerate(texts)})


def _million_rows(tmp: Path) -> Files:
    methods = ["Staff training", "Site visits", "JIT delivery", "Reference selling"]
    days = [f"2026-{m:02d}-{d:02d}" for m in (7, 8, 9) for d in range(1, 29)]
    lines = [",".join(HEADER)] + [
        f"{days[i % 84]},Client {i % 100},{methods[i % 4]},{i % 100},1,{1 + i % 5},M{i % 10}"
        for i in range(1_000_000)]
    path = tmp / "million.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode())
    return [(path.name, path.read_bytes())]


def _ten_thousand_columns(tmp: Path) -> Files:
    extra = [f"Extra {j}" for j in range(len(HEADER) + 1, 10_001)]
    rows = [HEADER + extra] + [row + [str(j) for j in range(len(extra))] for row in BASE]
    return [("wide.csv", csv_bytes(rows))]


def _over_the_limit(tmp: Path) -> Files:
    from kam_analytics import settings

    size = settings.MAX_UPLOAD_MB * 1_000_000 + 1
    body = b"2026-07-03,Acme Ltd,Site visits,1\n"
    return [("huge.csv", (b"Date,Client,Method,Cost\n" + body * (size // len(body) + 1)))]


def _hidden_rows(workbook, sheet) -> None:
    for row in (2, 4):  # 0-based: spreadsheet rows 3 and 5
        sheet.set_row(row, None, None, {"hidden": True})


def _title_rows(rows: list[list[str]]) -> list[list[str]]:
    return [["Key account activity, Q3 2026"], ["Exported from SalesCRM"], *rows]


def _merged_header_xlsx() -> bytes:
    def merge(workbook, sheet) -> None:
        sheet.merge_range("A1:C1", "Activity", workbook.add_format({"bold": True}))
        sheet.merge_range("D1:F1", "Costs and value", workbook.add_format({"bold": True}))

    return xlsx_bytes([[""] * 7, *table()], after=merge)


def _merged_data_xlsx() -> bytes:
    def merge(workbook, sheet) -> None:
        sheet.merge_range("B2:B3", "Acme Ltd")

    return xlsx_bytes(table({(3, "Client"): ""}), after=merge)


def _uncalculated_formula_xlsx() -> bytes:
    rows = table()
    rows[3][3] = "=D2*2"  # row 4's cost: twice row 2's
    return openpyxl_bytes(rows)


def _calculated_formula_xlsx() -> bytes:
    """Like Excel saves a formula: with its value (openpyxl's file, the value put back)."""
    def calculated(name: str, content: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return content.replace(b' fullCalcOnLoad="1"', b"")
        if name == "xl/worksheets/sheet1.xml":
            return content.replace(b"<f>D2*2</f><v></v>", b"<f>D2*2</f><v>2401</v>")
        return content

    return rezipped(_uncalculated_formula_xlsx(), calculated)


def _pandas_formula_text_xlsx() -> bytes:
    """A CRM export through pandas: a name starting with '=' becomes a live formula, with a
    placeholder 0 as its value."""
    frame = pd.DataFrame(table({(2, "Client"): "=Acme Ltd"})[1:], columns=HEADER)
    out = io.BytesIO()
    frame.to_excel(out, index=False, engine="xlsxwriter")
    return out.getvalue()


def _hidden_sheet_xlsx() -> bytes:
    def archive(workbook, sheet) -> None:
        old = workbook.add_worksheet("Old data")
        for r, row in enumerate(table({(2, "Cost"): "99999"})):
            old.write_row(r, 0, row)
        old.hide()

    return xlsx_bytes(table(), after=archive)


def _totals_xlsx() -> bytes:
    def totals(workbook, sheet) -> None:
        sheet.write(6, 0, "Total")
        sheet.write_formula(6, 3, "=SUM(D2:D6)", None, BASE_COST)
        sheet.write(8, 0, "Generated 2026-10-01 by SalesCRM")

    return xlsx_bytes(table(), after=totals)


def _repeated_header_xlsx() -> bytes:
    return xlsx_bytes([*table()[:4], HEADER, *table()[4:]])


def _xlsm_bytes() -> bytes:
    vba = ole2_bytes({"VBA": b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nEnd Sub\n"})

    def macros(workbook, sheet) -> None:
        workbook.add_vba_project(io.BytesIO(vba), is_stream=True)

    return xlsx_bytes(table(), after=macros)


def _xls(tmp: Path) -> Files:
    return [("legacy.xls", soffice_converted(xlsx_bytes(table()), ".xlsx", "xls", tmp))]


def _ods(tmp: Path) -> Files:
    out = io.BytesIO()
    frame = pd.DataFrame([[_typed(c) for c in row] for row in BASE], columns=HEADER)
    frame.to_excel(out, index=False, engine="odf", sheet_name="Data")
    return [("calc.ods", out.getvalue())]


_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
_DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
_HTML = (b"<!DOCTYPE html><html><body><table><tr><td>Date</td><td>Client</td></tr>"
         b"<tr><td>2026-07-03</td><td>Acme</td></tr></table></body></html>")
_LONG_NAME = "Acme " + "Holding " * 700
_RUSSIAN_METHODS = ["Подготовка персонала", "Посещения предприятий", "Подготовка персонала",
                    "Доставка точно в срок", "Реферативные продажи"]

CASES: tuple[Case, ...] = (
    # -- a clean file of each kind, as controls --------------------------------------------
    Case("clean_csv", _csv("clean.csv", table()), imported=_base()),
    Case("clean_xlsx", _one("clean.xlsx", lambda: xlsx_bytes(table())), imported=_base()),
    # -- empty and structural ---------------------------------------------------------------
    Case("empty_file", _csv("empty.csv", []), _rejected(
        ("empty.csv", "the file is empty", "check you chose the right file"))),
    Case("only_blank_lines", lambda tmp: [("blank.csv", b"\r\n \r\n\t\r\n")], _rejected(
        ("blank.csv", "the file is empty"))),
    Case("header_only_csv", _csv("header_only.csv", [HEADER]), _rejected(
        ("header_only.csv", "row 1", "no data rows under the header", FIX))),
    Case("header_only_xlsx", _one("header_only.xlsx", lambda: xlsx_bytes([HEADER])), _rejected(
        ("header_only.xlsx", "sheet 'Data'", "row 1", "no data rows under the header", FIX))),
    Case("missing_required_column",
         _csv("no_method.csv", [[r[i] for i in (0, 1, 3)] for r in table()]), _rejected(
             ("no_method.csv", "row 1", "no column recognised as method",
              "'Date', 'Client', 'Cost'", "Map them"))),
    Case("unrecognised_headers",
         _csv("odd_headers.csv", table(header=["When", "Who", "What", *HEADER[3:]])), _rejected(
             # 'When' holds dates and 'What' methods: read by their content; a name is not
             ("odd_headers.csv", "row 1", "recognised as client", "Map them"))),
    Case("duplicated_required_column",
         _csv("two_clients.csv", [r + [r[1]] for r in table()]), _rejected(
             ("two_clients.csv", "row 1", "'Client' (B) and 'Client' (H)",
              "both read as the client column", FIX))),
    Case("extra_columns",
         _csv("extra_columns.csv", [r + x for r, x in zip(
             table(), [["Region", "Notes"]] + [["North", "call back"]] * 5, strict=True)]),
         imported=_base(warnings=(("extra_columns.csv", "columns not used: 'Region', 'Notes'"),))),
    Case("several_files_one_bad", lambda tmp: [
        ("good.csv", csv_bytes(table())),
        ("bad.csv", csv_bytes(table({(3, "Cost"): "lots"})))], _rejected(
            ("bad.csv", "row 3", "'Cost' (D)", "not a number", "'lots'", FIX))),
    Case("over_the_upload_limit", _over_the_limit, _rejected(
        ("huge.csv", "over the limit of 100 MB per file", FIX, "split it"))),
    # -- numbers ----------------------------------------------------------------------------
    Case("negative_cost", _csv("negative_cost.csv", table({(3, "Cost"): "-3000"})), _rejected(
        ("negative_cost.csv", "row 3", "'Cost' (D)", "below the minimum of 0", "'-3000'", FIX))),
    Case("negative_hours", _csv("negative_hours.csv", table({(2, "Hours"): "-6"})), _rejected(
        ("negative_hours.csv", "row 2", "'Hours' (E)", "below the minimum of 0", FIX))),
    Case("blank_cost_and_rating",
         _csv("blanks.csv", table({(3, "Cost"): "", (3, "Value"): ""})),
         imported=_base(cost=BASE_COST - 3000, warnings=(
             ("blanks.csv", "row 3", "'Cost' (D): 1 empty cell read as 0"),))),
    Case("infinite_cost", _csv("inf.csv", table({(2, "Cost"): "inf"})), _rejected(
        ("inf.csv", "row 2", "'Cost' (D)", "not a finite number", FIX))),
    Case("text_cost", _csv("text_cost.csv", table({(3, "Cost"): "lots"})), _rejected(
        ("text_cost.csv", "row 3", "'Cost' (D)", "not a number", "'lots'", FIX))),
    Case("ambiguous_thousands_comma",
         _csv("ambiguous_comma.csv", table({(2, "Cost"): "1,234", (3, "Cost"): "3,000"})),
         _rejected(("ambiguous_comma.csv", "rows 2, 3, 4, 5, 6", "'Cost' (D)",
                    "ambiguous: 1,234 could be 1234 or 1.234",
                    "write numbers without thousands separators"))),
    Case("ambiguous_thousands_dot",
         _csv("ambiguous_dot.csv", table({(2, "Cost"): "1.234"})),
         _rejected(("ambiguous_dot.csv", "'Cost' (D)", "ambiguous: 1.234 could be 1.234 or "
                    "1234"))),
    Case("thousands_decided_by_the_column",
         _csv("decimal_comma.csv", table({(2, "Cost"): "1,234", (6, "Cost"): "12,50"})),
         imported=_base(cost=1.234 + 3000 + 800 + 200 + 12.5, warnings=(
             ("'Cost' (D)", "numbers read with a decimal comma", "1,234 read as 1.234"),))),
    Case("two_separators", _csv("two_commas.csv", table({(2, "Cost"): "12,5,0"})), _rejected(
        ("two_commas.csv", "row 2", "'Cost' (D)", "not a number", "'12,5,0'", FIX))),
    Case("currency_symbols", _csv("currency.csv", table({
        (2, "Cost"): "€1,200.50", (3, "Cost"): "€ 3,000", (4, "Cost"): "800 EUR"})),
        imported=_base(warnings=(("currency.csv", "'Cost' (D): currency signs removed (EUR)"),
                                 ("'Cost' (D)", "decimal dot", "€ 3,000 read as 3000")))),
    Case("mixed_currencies", _csv("mixed_currencies.csv", table({
        (2, "Cost"): "€1,200.50", (3, "Cost"): "$3,000"})), _rejected(
            ("mixed_currencies.csv", "rows 2, 3", "'Cost' (D)", "different currencies",
             "(EUR)", "(USD)"))),
    Case("percent_sign", _csv("percent.csv", table({(2, "Cost"): "15%"})), _rejected(
        ("percent.csv", "row 2", "'Cost' (D)", "a percentage", FIX))),
    Case("rating_above_five", _csv("rating7.csv", table({(3, "Value"): "7"})), _rejected(
        ("rating7.csv", "row 3", "'Value' (F)", "above the maximum of 5", FIX))),
    Case("rating_as_words", _csv("rating_words.csv", table({(2, "Value"): "high"})), _rejected(
        ("rating_words.csv", "row 2", "'Value' (F)", "not a number", "'high'", FIX))),
    Case("minutes_column", _csv("minutes.csv", table(
        {(r, "Duration (minutes)"): str(round(float(BASE[r - 2][4]) * 60))
         for r in range(2, 7)},
        header=[*HEADER[:4], "Duration (minutes)", *HEADER[5:]])),
        imported=_base(warnings=(("'Duration (minutes)' (E) holds minutes",),))),
    # -- dates --------------------------------------------------------------------------------
    Case("dates_dotted", _csv("dotted.csv", _dates([f"{d:%d.%m.%Y}" for d in _DATES])),
         imported=_base()),
    Case("dates_day_first_slashes",
         _csv("day_first.csv", _dates([f"{d:%d/%m/%Y}" for d in _DATES])),
         imported=_base(warnings=(("'Date' (A)", "dates read as day/month/year"),))),
    Case("dates_month_first_slashes",
         _csv("month_first.csv", _dates([f"{d:%m/%d/%Y}" for d in _DATES])),
         imported=_base(warnings=(("'Date' (A)", "dates read as month/day/year"),))),
    Case("dates_with_month_names", _csv("month_names.csv", _dates(
        ["3 Jul 2026", "July 15, 2026", "1 авг 2026", "20-Aug-2026", "30 сентября 2026 г."])),
        imported=_base()),
    Case("dates_as_excel_serials", _csv("serials.csv", _dates(_SERIALS)),
         imported=_base(warnings=(("'Date' (A)", "numbers read as Excel date serials"),))),
    Case("dates_ambiguous_day_month", _csv("ambiguous_dates.csv", _dates(
        ["03/07/2026", "04/07/2026", "01/08/2026", "05/08/2026", "09/09/2026"])), _rejected(
            ("ambiguous_dates.csv", "rows 2, 3, 4, 5, 6", "'Date' (A)",
             "ambiguous day/month order", "use yyyy-mm-dd"))),
    Case("date_impossible", _csv("impossible_date.csv", table({(2, "Date"): "2026-02-30"})),
         _rejected(("impossible_date.csv", "row 2", "'Date' (A)", "no such date", FIX))),
    Case("date_far_future", _csv("future.csv", table({(2, "Date"): "2099-07-03"})), _rejected(
        ("future.csv", "row 2", "'Date' (A)", "date outside", FIX))),
    Case("date_too_old", _csv("old.csv", table({(4, "Date"): "1985-07-03"})), _rejected(
        ("old.csv", "row 4", "'Date' (A)", "date outside", FIX))),
    Case("date_missing", _csv("missing_date.csv", table({(4, "Date"): ""})), _rejected(
        ("missing_date.csv", "row 4", "'Date' (A)", "the date is missing", FIX))),
    Case("dates_across_quarters",
         _csv("two_quarters.csv", table({(2, "Date"): "2026-06-30", (3, "Date"): "2026-04-01"})),
         imported=_base(quarters=("2026Q2", "2026Q3"), warnings=(
             ("two_quarters.csv", "the dates span 2 quarters", "2026Q2 (2 rows)",
              "2026Q3 (3 rows)"),))),
    # -- methods and names ---------------------------------------------------------------------
    Case("unknown_method", _csv("unknown_method.csv", table({(3, "Method"): "Golf day"})),
         _rejected(("Unknown method 'Golf day'", "unknown_method.csv", "column 'Method' (C)",
                    "row 3", "Map it"))),
    Case("methods_in_russian", _csv("russian_methods.csv", table(
        {(r, "Method"): m for r, m in enumerate(_RUSSIAN_METHODS, start=2)})),
        imported=_base()),
    Case("stray_spaces_and_case", _csv("spaces.csv", table({
        (2, "Client"): "  Acme Ltd ", (4, "Client"): "Borealis   AG",
        (2, "Method"): "  staff TRAINING ", (3, "Method"): "SITE VISITS"})),
        imported=_base(names=("Acme Ltd", "Borealis AG"), warnings=(
            ("extra spaces removed from 'Client' (B)", "rows 2, 4"),
            ("extra spaces removed from 'Method' (C)", "row 2")))),
    Case("clients_differing_in_case", _csv("case.csv", table({(3, "Client"): "ACME LTD"})),
         imported=_base(clients=4, warnings=(
             ("differ only in case", "'ACME LTD' (1 row) / 'Acme Ltd' (1 row)"),))),
    # -- suspicious data: flagged, never changed silently ----------------------------------------
    Case("client_with_cyrillic_letter", _csv("homoglyph.csv", table(
        {(3, "Client"): "\u0410cme Ltd"})),  # a Cyrillic А: looks like 'Acme Ltd'
        imported=_base(clients=4, names=("\u0410cme Ltd",), warnings=(
            ("look-alike letters", "'Acme Ltd' (1 row) / '\u0410cme Ltd' (1 row)",
             "--map-client"),))),
    Case("client_with_invisible_characters", _csv("invisible.csv", table(
        {(3, "Client"): "Acme\u200b Ltd", (5, "Client"): "Borealis\u00a0AG\u00ad"})),
        imported=_base(warnings=(
            ("invisible.csv", "rows 3, 5", "'Client' (B)", "2 cells", "show as nothing"),
            ("extra spaces removed from 'Client' (B)", "row 5")))),
    Case("rows_exported_twice", _csv("twice.csv", table() + table()[1:]),
         imported=_base(rows=10, cost=2 * BASE_COST, hours=2 * BASE_HOURS, warnings=(
             ("twice.csv", "5 of 10 interactions are identical", "row 2 = row 7",
              "row 6 = row 11", "were kept"),))),
    Case("time_in_minutes_under_hours", _csv("minutes.csv", table(
        {(r, "Time"): m for r, m in enumerate(("30", "45", "60", "90", "15"), start=2)},
        header=[*HEADER[:4], "Time", *HEADER[5:]])),
        imported=_base(hours=240, warnings=(
            ("'Time' (E) looks like minutes", "--map 'Time=hours_minutes'"),))),
    Case("hours_over_a_day", _csv("long_visit.csv", table({(4, "Hours"): "30"})),
         imported=_base(hours=BASE_HOURS - 4 + 30, warnings=(
             ("long_visit.csv", "row 4", "more than 24 hours", "row 4: 30"),))),
    Case("amounts_in_thousands", _csv("thousands.csv", table(
        {(r, "Cost (k)"): k for r, k in enumerate(("1.2005", "3", "0.8", "0.2", "0"), start=2)},
        header=[*HEADER[:3], "Cost (k)", *HEADER[4:]])),
        imported=_base(warnings=(("'Cost (k)': amounts in thousands, multiplied by 1,000",),))),
    Case("amounts_in_thousands_russian", _csv("thousands_ru.csv", table(
        {(r, "Затраты, тыс."): k
         for r, k in enumerate(("1,2005", "3", "0,8", "0,2", "0"), start=2)},
        header=[*HEADER[:3], "Затраты, тыс.", *HEADER[4:]]), delimiter=";"),
        imported=_base(warnings=(("'Затраты, тыс.': amounts in thousands",),
                                 ("'Затраты, тыс.' (D): numbers read with a decimal comma",)))),
    Case("decimal_comma_unquoted", lambda tmp: [("commas.csv", "\r\n".join(
        ",".join(row) for row in table({(2, "Cost"): "1200,50", (4, "Cost"): "800,25"})
    ).encode())], _rejected(
        ("commas.csv", "rows 2, 4", "2 rows have more cells than the header's 7 columns",
         "H2 'Ann'", "H4 'Ben'", "quotes"))),
    Case("lines_in_two_encodings", lambda tmp: [("mixed.csv", csv_bytes(
        table({(2, "Client"): "Müller GmbH"})[:3]) + csv_bytes(
        table({(4, "Client"): "Müller GmbH"})[3:4], encoding="cp1252") + csv_bytes(
        table()[4:]))],
        imported=_base(names=("Müller GmbH",), clients=4, warnings=(
            ("mixed.csv", "row 4", "1 line is in another encoding", "Windows-1252"),))),
    Case("client_missing", _csv("no_client.csv", table({(3, "Client"): ""})), _rejected(
        ("no_client.csv", "row 3", "'Client' (B)", "the client is missing", FIX))),
    Case("clients_named_like_missing_values", _csv("na_names.csv", table({
        (2, "Client"): "NA", (3, "Client"): "null", (4, "Client"): "None",
        (5, "Client"): "N/A", (6, "Client"): "NaN"})),
        imported=_base(clients=5, names=("NA", "null", "None", "N/A", "NaN"))),
    Case("very_long_name", _csv("long_name.csv", table({(2, "Client"): _LONG_NAME})),
         _rejected(("long_name.csv", "row 2", "'Client' (B)", "longer than 1,000 characters",
                    FIX))),
    Case("text_like_formulas", _csv("formulas.csv", table({
        (2, "Client"): '=HYPERLINK("http://evil.example","Acme")',
        (3, "Client"): '=HYPERLINK("http://evil.example","Acme")',
        (4, "Client"): "+Borealis", (5, "Client"): "+Borealis", (6, "Client"): "@Cobalt"})),
        imported=_base(names=('=HYPERLINK("http://evil.example","Acme")', "+Borealis",
                              "@Cobalt"), warnings=(
            ("'Client' (B)", "rows 2, 3, 4, 5, 6", "looks like a spreadsheet formula"),))),
    Case("markup_in_names", _csv("markup.csv", table({
        (2, "Client"): "<script>alert('x')</script>",
        (3, "Client"): "<script>alert('x')</script>",
        (4, "Client"): "**Borealis** [click](javascript:alert(1))",
        (5, "Client"): "**Borealis** [click](javascript:alert(1))",
        (6, "Client"): "<img src=x onerror=alert(1)>"})),
        imported=_base(names=("<script>alert('x')</script>", "<img src=x onerror=alert(1)>"),
                       warnings=(("'Client' (B)", "rows 2, 3, 4, 5, 6",
                                  "HTML, script or Markdown"),))),
    # -- encodings, delimiters, quoting ---------------------------------------------------------
    Case("utf8_with_bom", _csv("bom.csv", table(), encoding="utf-8-sig"), imported=_base()),
    Case("cp1251_semicolons", _csv("russian.csv", table({
        (2, "Client"): "ООО Ромашка", (3, "Client"): "ООО Ромашка",
        (2, "Cost"): "1 200,50", (5, "Hours"): "1,5"}), delimiter=";", encoding="cp1251"),
        imported=_base(names=("ООО Ромашка",), warnings=(
            ("russian.csv", "Windows-1251"), ("'Cost' (D)", "decimal comma"),
            ("'Hours' (E)", "decimal comma")))),
    Case("utf16_tabs", _csv("unicode.txt", table({(2, "Client"): "Zürich Versicherung"}),
                            delimiter="\t", encoding="utf-16"),
         imported=_base(clients=4, names=("Zürich Versicherung",),
                        warnings=(("unicode.txt", "UTF-16"),))),
    Case("latin1", _csv("latin1.csv", table({(2, "Client"): "Müller & Söhne",
                                             (3, "Client"): "Société Générale"}),
                        encoding="latin-1"),
         imported=_base(clients=4, names=("Müller & Söhne", "Société Générale"),
                        warnings=(("latin1.csv", "Windows-1252"),))),
    Case("semicolons_decimal_comma", _csv("semicolon.csv", table({
        (2, "Cost"): "1 200,50", (5, "Hours"): "1,5"}), delimiter=";"),
        imported=_base(warnings=(("'Cost' (D)", "decimal comma"),
                                 ("'Hours' (E)", "decimal comma")))),
    Case("tab_delimited", _csv("tabs.tsv", table(), delimiter="\t"), imported=_base()),
    Case("excel_sep_line", lambda tmp: [("sep.csv", b"sep=;\r\n" + csv_bytes(
        table({(3, "Cost"): "lots"}), delimiter=";"))], _rejected(
            ("sep.csv", "row 3", "'Cost' (D)", "'lots'"))),  # numbered as Excel shows it
    Case("classic_mac_line_ends", _csv("mac.csv", table(), newline="\r"), imported=_base()),
    Case("unbalanced_quote", lambda tmp: [("unbalanced_quote.csv", csv_bytes(table()).replace(
        b"Acme Ltd,Site", b'"Acme Ltd,Site'))], _rejected(
            ("unbalanced_quote.csv", "line 3", "opens a quote", "close or remove that quote"))),
    Case("quoted_newline", _csv("newline.csv", table({(2, "Client"): "Acme\nLtd"})),
         imported=_base(warnings=(("extra spaces removed from 'Client' (B)", "row 2"),))),
    Case("nul_bytes", lambda tmp: [("nul.csv", csv_bytes(table()).replace(b"Site", b"Si\0te"))],
         _rejected(("nul.csv", "line 3", "NUL byte", "export the data as CSV or .xlsx"))),
    Case("blank_lines_between_rows", lambda tmp: [("gaps.csv", csv_bytes(table()).replace(
        b"\r\n2026-08", b"\r\n\r\n,,,,,,\r\n2026-08"))], imported=_base()),
    # -- size --------------------------------------------------------------------------------
    Case("ten_thousand_columns", _ten_thousand_columns, imported=_base(warnings=(
        ("wide.csv", "columns not used: 'Extra 8', 'Extra 9'", "and 9,983 more"),))),
    Case("million_rows", _million_rows, imported=Imported(
        rows=1_000_000, clients=100, quarters=Q3, cost=49_500_000.0, hours=1_000_000.0,
        # its rows repeat every lcm(84 days, 100 clients, 4 methods, ...) = 2,100 rows
        warnings=(("997,900 of 1,000,000 interactions are identical", "row 2 = row 2102"),))),
    Case("million_labels", _one("labels.csv", million_labels_csv), _rejected(
        ("labels.csv", "'Method' (C) holds 1,000,000 different labels"))),
    # -- workbooks ---------------------------------------------------------------------------
    Case("xlsx_hidden_sheet", _one("hidden_sheet.xlsx", _hidden_sheet_xlsx),
         imported=_base(warnings=(("sheet 'Old data'", "hidden sheet not read"),))),
    Case("xlsx_hidden_rows",
         _one("hidden_rows.xlsx", lambda: xlsx_bytes(table(), after=_hidden_rows)),
         imported=_base(warnings=(("sheet 'Data'", "rows 3, 5", "hidden in Excel"),))),
    Case("xlsx_title_rows", _one("titled.xlsx", lambda: xlsx_bytes(_title_rows(table()))),
         imported=_base(warnings=(("sheet 'Data'", "rows 1, 2", "above the header row 3"),))),
    Case("xlsx_merged_header_cells", _one("merged_header.xlsx", _merged_header_xlsx),
         imported=_base(warnings=(("row 1", "above the header row 2"),))),
    Case("xlsx_merged_data_cells", _one("merged_data.xlsx", _merged_data_xlsx), _rejected(
        ("merged_data.xlsx", "rows 2, 3", "merged over several rows: B2:B3", "unmerge"))),
    Case("xlsx_formula_without_value", _one("formulas.xlsx", _uncalculated_formula_xlsx),
         _rejected(("formulas.xlsx", "row 4", "'Cost' (D)", "D4", "without a calculated value",
                    "open and save the file in Excel so the formulas are calculated"))),
    Case("xlsx_formula_with_value", _one("calculated.xlsx", _calculated_formula_xlsx),
         imported=_base(cost=BASE_COST - 800 + 2401)),
    Case("xlsx_text_that_became_a_formula", _one("pandas_export.xlsx",
                                                 _pandas_formula_text_xlsx), _rejected(
        ("pandas_export.xlsx", "row 2", "'Client' (B)", "B2",
         "open and save the file in Excel so the formulas are calculated"))),
    Case("xlsx_totals_and_footer", _one("totals.xlsx", _totals_xlsx), imported=_base(warnings=(
        ("row 7", "totals rows were not imported"),
        ("row 9", "look like a report footer")))),
    Case("xlsx_repeated_header", _one("pages.xlsx", _repeated_header_xlsx),
         imported=_base(warnings=(("row 5", "repeated header rows"),))),
    Case("xls_97_2003", _xls, imported=_base()),
    Case("xlsm_with_macros", _one("macros.xlsm", _xlsm_bytes),
         imported=_base(warnings=(("macros.xlsm", "holds macros", "not run"),))),
    Case("ods", _ods, imported=_base()),
    Case("password_protected", _one("locked.xlsx", lambda: ENCRYPTED_XLSX), _rejected(
        ("locked.xlsx", "password-protected", "remove the password"))),
    Case("truncated_xlsx", _one("cut.xlsx", lambda: xlsx_bytes(table())[:2000]), _rejected(
        ("cut.xlsx", "damaged or incomplete", "upload it again"))),
    Case("renamed_pdf", _one("report.xlsx", lambda: _PDF), _rejected(
        ("report.xlsx", "this is a PDF document", "upload the spreadsheet itself"))),
    Case("renamed_png", _one("chart.xlsx", lambda: _PNG), _rejected(
        ("chart.xlsx", "a PNG image", "upload the spreadsheet itself"))),
    Case("renamed_docx", _one("memo.xlsx", lambda: _DOCX), _rejected(
        ("memo.xlsx", "a text document (Word/Writer)", "upload the spreadsheet itself"))),
    Case("web_page_saved_as_xls", _one("export.xls", lambda: _HTML), _rejected(
        ("export.xls", "a web page (HTML)", "save it as .xlsx"))),
)


def write_corpus(directory: Path) -> list[Path]:
    """Write every case's files (and the hostile workbooks) into a directory; return them."""
    written = []
    scratch = Path(tempfile.mkdtemp())
    for case in CASES:
        for name, data in case.build(scratch):
            path = directory / case.id / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    for name, make in HOSTILE.items():
        path = directory / "hostile" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
        written.append(path)
    shutil.rmtree(scratch, ignore_errors=True)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    paths = write_corpus(target)
    print(f"Wrote {len(paths)} files for {len(CASES)} cases and {len(HOSTILE)} hostile "
          f"workbooks into {target}/")
