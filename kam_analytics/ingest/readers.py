"""Uploaded bytes to raw sheets: the format told by content, text decoded, delimiters found.

Nothing here interprets columns: header finding, totals rows and value parsing are the caller's
job. Cells keep the row alignment the user sees, and every sheet says which spreadsheet row each
of its rows is, so problems can be reported as "row 17".
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import io
import itertools
import re
import threading
import warnings
import zipfile
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import infer_dtype
from pyarrow import compute as pc
from pyarrow import csv as pa_csv
from python_calamine import (
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from kam_analytics import settings
from kam_analytics.i18n import t
from kam_analytics.ingest import values

# An uploaded workbook must not be able to take the server down: calamine allocates a dense
# grid over the used range (a 4.7 KB file with cells in A1 and XFD1048576 aborts the process),
# and zip bombs decompress to gigabytes. These checks give a clear message early; the sandbox
# (kam_analytics.sandbox) is what keeps a file that gets past them from reaching the server.
MAX_SHEET_CELLS = 50_000_000  # the grid calamine would allocate: 1M rows x 50 columns
MAX_CELLS_READ = settings.MAX_CELLS  # cells of a sheet handed on, each a Python object
MAX_UNZIPPED_BYTES = settings.MAX_UNZIPPED_MB * 1024**2
MAX_COMPRESSION_RATIO = 250  # ordinary sheets compress 10-50x; deflate bombs ~1000x
BOMB_MIN_BYTES = 50_000_000  # members smaller than this are not checked for their ratio
PROLOG_BYTES = 65_536  # an XML part's head, where a DTD would have to be
SNIFF_CHARS = 65_536  # text looked at to choose the delimiter
DELIMITERS = (",", ";", "\t", "|")  # preferred in this order when equally consistent
SCAN_CHUNK = 1 << 22  # bytes of a worksheet's XML looked at in one go
ARROW_BLOCK_BYTES = 1 << 20  # CSV text one Arrow reader thread parses at a time



@dataclass
class RawSheet:
    file_name: str
    sheet: str | None  # sheet name; None for CSV
    # Columns 0..n-1, each dictionary-encoded (categorical): every distinct cell once, rows as
    # codes, so checking a column costs its distinct values, not its rows. Cells are str,
    # float, int, datetime or date (bools as their text); a missing cell has no category.
    # A CSV column of nearly all distinct values (amounts) is instead its text as Arrow holds
    # it (pandas "str"), missing cells missing: values.distinct_cells encodes it on demand.
    cells: pd.DataFrame
    row_numbers: pd.Series  # the row number the user's spreadsheet shows (1-based), per row
    hidden: bool = False  # sheet hidden in the workbook
    decimal_hint: str | None = None  # "," for a decimal-comma locale (semicolon CSV)
    encoding: str | None = None  # CSV: encoding detected
    delimiter: str | None = None  # CSV: delimiter detected
    # xlsx/xlsm only (calamine does not expose these; they are read from the sheet's XML):
    hidden_rows: tuple[int, ...] = ()  # rows hidden in Excel, as numbered in the spreadsheet
    uncalculated: tuple[tuple[int, int], ...] = ()  # (row, 0-based column) of formula cells
    # holding no calculated value (or only a placeholder: the workbook asks for recalculation)
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first col, last row,
    # last col) of merged ranges; rows as numbered, columns 0-based
    macros: bool = False  # the workbook carries VBA macros (never run here)

    def grid(self) -> list[list]:
        """Return the cells as rows of plain values, None for a missing cell."""
        cells = self.cells.astype(object)
        return cells.where(cells.notna(), None).to_numpy(dtype=object).tolist()


class ReadError(Exception):
    """A file that cannot be read: what is wrong and how to fix it, for a manager to act on."""

    def __init__(self, file: str, problem: str, fix: str = ""):
        self.file, self.problem, self.fix = file, problem, fix
        super().__init__(f"{file}: {problem}" + (f" — {fix}" if fix else ""))


def read_file(name: str, data: bytes) -> list[RawSheet]:
    """Return the raw sheets of an uploaded file (one for CSV/TXT, one per worksheet)."""
    kind = file_kind(name, data)
    if kind == "text":
        return [_text_sheet(name, data)]
    return _workbook_sheets(name, data, kind)


# ---- what the bytes are -------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_SPREADSHEETS: tuple[tuple[bytes, str], ...] = (  # magic bytes, strings key of the kind
    (b"%PDF", "kind.pdf"),
    (b"\x89PNG", "kind.png"),
    (b"\xff\xd8\xff", "kind.jpeg"),
    (b"GIF8", "kind.gif"),
    (b"\x1f\x8b", "kind.gzip"),
    (b"Rar!", "kind.rar"),
    (b"7z\xbc\xaf", "kind.7z"),
    (b"{\\rtf", "kind.rtf"),
)


def _not_a_spreadsheet(name: str, what: str, fix: str | None = None) -> ReadError:
    return ReadError(name, t("read.not_spreadsheet", what=what),
                     fix or t("read.fix.upload_spreadsheet"))


def _empty(name: str) -> ReadError:
    return ReadError(name, t("read.empty"), t("read.fix.choose_file"))


_NOT_BLANK = re.compile(b"[^ \t\r\n\x00" + re.escape(codecs.BOM_UTF8) + b"]")


def file_kind(name: str, data: bytes) -> str:
    """Return "xlsx", "xlsb", "ods", "xls" or "text" by content; ReadError for anything else."""
    if not _NOT_BLANK.search(data):
        raise _empty(name)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(name, data)
    if data.startswith(_OLE2):
        return _ole_kind(name, data)
    for magic, key in _NOT_SPREADSHEETS:
        if data.startswith(magic):
            raise _not_a_spreadsheet(name, t(key))
    markup = _markup_kind(data[:2048])
    if markup:
        raise _not_a_spreadsheet(name, markup, t("read.fix.save_as_xlsx"))
    return "text"


def _markup_kind(head: bytes) -> str | None:
    """Return what an HTML/XML file is, from its first bytes; None if it is not markup."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode()
    text = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if not text.startswith(b"<"):
        return None
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return t("kind.excel_xml")
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in text:
        return t("kind.html")
    if text.startswith(b"<?xml"):
        return t("kind.xml")
    return None


def _zip_kind(name: str, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _damaged(name, exc) from exc
    with archive:
        _check_unzipped_sizes(name, archive, len(data))
        _check_no_dtd(name, archive)
        names = set(archive.namelist())
        content_types = _small_member(archive, "[Content_Types].xml")
        mimetype = _small_member(archive, "mimetype").strip()
        if b"sheet.binary.macroEnabled.main" in content_types or "xl/workbook.bin" in names:
            return "xlsb"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        if "word/document.xml" in names or mimetype.endswith(b"opendocument.text"):
            raise _not_a_spreadsheet(name, t("kind.text_document"))
        if "ppt/presentation.xml" in names or mimetype.endswith(b"opendocument.presentation"):
            raise _not_a_spreadsheet(name, t("kind.presentation"))
        shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
        raise _not_a_spreadsheet(name, t("kind.zip", members=shown), t("read.fix.unzip"))


def _damaged(name: str, exc: Exception) -> ReadError:
    return ReadError(name, t("read.damaged", error=exc), t("read.fix.damaged"))


def _small_member(archive: zipfile.ZipFile, member: str) -> bytes:
    """Return a small archive member's bytes, or b"" if it is absent or not small."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= 1_000_000 else b""


def _check_unzipped_sizes(name: str, archive: zipfile.ZipFile, packed: int) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        bomb = info.file_size > BOMB_MIN_BYTES and (
            info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1))
        if bomb or total > MAX_UNZIPPED_BYTES:
            raise ReadError(name, t("read.unpacks", unpacked=total / 1024**2,
                                    packed=packed / 1024**2), t("read.fix.save_as_xlsx"))


_PROLOG_SKIPS = ((b"<?", b"?>"), (b"<!--", b"-->"))


def declares_dtd(head: bytes) -> bool:
    """Return whether an XML document's prolog declares a DTD (or is too odd to tell)."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode()
    at = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    while True:
        while at < len(head) and head[at] in b" \t\r\n":
            at += 1
        for opening, closing in _PROLOG_SKIPS:
            if head.startswith(opening, at):
                end = head.find(closing, at + len(opening))
                if end < 0:
                    return True  # a prolog longer than the head: no spreadsheet writes one
                at = end + len(closing)
                break
        else:
            return head[at:at + 9].upper() == b"<!DOCTYPE"


def _check_no_dtd(name: str, archive: zipfile.ZipFile) -> None:
    """Raise ReadError if any XML part declares a DTD: the vehicle of entity expansion
    ("billion laughs") and external-entity (XXE) attacks, and never written by Excel."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            with archive.open(info) as stream:
                head = stream.read(PROLOG_BYTES)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise _damaged(name, exc) from exc
        stripped = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")
        looks_xml = stripped.startswith(b"<") or head.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if looks_xml and declares_dtd(head):
            raise ReadError(name, t("read.dtd", part=info.filename), t("read.fix.dtd"))


# Patterns start with a literal so re can skip ahead; each sees only what could be dangerous.
_WIDE_COLUMN = re.compile(rb'r="([A-Z]{2,3})[0-9]')  # cells in columns AA and beyond
_ROW_ELEMENT = re.compile(rb'<row r="([0-9]+)"')
_HUGE_ROW = re.compile(rb'r="[A-Z]{0,3}([0-9]{7,})"')  # cell or row refs >= 1,000,000
_CELL_ROW = re.compile(rb'r="[A-Z]{1,3}([0-9]+)"')
_EXCEL_ROWS = 1_048_576
# Facts calamine does not expose, read from the XML (namespace prefixes allowed: <x:row>).
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_TAG_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z]+)")
_REF_ATTRIBUTE = re.compile(rb'\br="([A-Z]{0,3})([0-9]+)"')
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_FORMULA_END = re.compile(rb"/>|</(?:[A-Za-z_][\w.-]*:)?f>")
_CACHED_VALUE = re.compile(rb"\s*<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>([^<]+)<")
_MERGED = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell ref="([A-Z]{1,3})([0-9]+):([A-Z]{1,3})'
                     rb'([0-9]+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _SheetScan:
    """What one worksheet's XML says beyond its cell values."""

    max_column: int = 0  # from cell references in columns AA and beyond (0: none)
    max_row: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    formulas: list[tuple[int, int, bool]] = field(default_factory=list)  # row, col, cached
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def _scan_part(part: bytes, scan: _SheetScan, full_extent: bool) -> None:
    """Add what a run of whole rows of a worksheet's XML says to ``scan``."""
    for pattern, convert, attribute in (
            (_WIDE_COLUMN, _column_number, "max_column"), (_ROW_ELEMENT, int, "max_row"),
            (_HUGE_ROW, int, "max_row"), *([(_CELL_ROW, int, "max_row")] if full_extent else [])):
        setattr(scan, attribute, max([getattr(scan, attribute),
                                      *map(convert, pattern.findall(part))]))
    # Substring tests first: a regex without a literal start crawls through 100 MB of cells.
    for hit in _HIDDEN.finditer(part) if b'hidden="' in part else ():
        start = part.rfind(b"<", 0, hit.start())
        tag = _TAG_NAME.match(part, start)
        ref = _REF_ATTRIBUTE.search(part, start, part.find(b">", hit.end()))
        if tag and tag.group(1) == b"row" and ref:
            scan.hidden_rows.append(int(ref.group(2)))
    has_formulas = b"<f" in part or b":f>" in part or b":f " in part
    for hit in _FORMULA.finditer(part) if has_formulas else ():
        # <f> is the first child of its cell: the tag just before it is the cell's own.
        start = part.rfind(b"<", 0, hit.start())
        ref = _REF_ATTRIBUTE.search(part, start, hit.start())
        end = _FORMULA_END.search(part, hit.end())
        if not ref or not ref.group(1) or not end:
            continue
        cached = _CACHED_VALUE.match(part, end.end())
        scan.formulas.append((int(ref.group(2)), _column_number(ref.group(1)) - 1,
                              bool(cached and cached.group(1).strip())))
    for first_col, first_row, last_col, last_row in (
            _MERGED.findall(part) if b"mergeCell " in part else ()):
        scan.merged.append((int(first_row), _column_number(first_col) - 1, int(last_row),
                            _column_number(last_col) - 1))


def _scan_worksheet(name: str, archive: zipfile.ZipFile, member: str,
                    full_extent: bool = False) -> _SheetScan:
    """Return what a worksheet's XML says: extent, hidden rows, formulas, merged ranges."""
    scan, carry = _SheetScan(), b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(SCAN_CHUNK):
                text = carry + chunk
                cut = text.rfind(b"row>") + 4  # after the last whole row (or row start tag)
                if cut < 4:
                    cut = text.rfind(b">") + 1 if len(text) > 4 * SCAN_CHUNK else 0
                _scan_part(text[:cut], scan, full_extent)
                carry = text[cut:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise _damaged(name, exc) from exc
    _scan_part(carry, scan, full_extent)
    return scan


def _too_far(name: str, scan: _SheetScan) -> ReadError:
    far = f"{_column_letters(max(scan.max_column, 26))}{scan.max_row}"
    return ReadError(name, t("read.too_far", far=far), t("read.fix.too_far"))


def _checked_scan(name: str, archive: zipfile.ZipFile, member: str) -> _SheetScan:
    """Return a worksheet's scan; ReadError if its used range is too large to load safely."""
    scan = _scan_worksheet(name, archive, member)
    max_column = max(scan.max_column, 26)
    if max_column * max(scan.max_row, _EXCEL_ROWS) > MAX_SHEET_CELLS:
        # Only wide sheets pay for reading every cell reference.
        scan = _scan_worksheet(name, archive, member, full_extent=True)
    if max_column * scan.max_row > MAX_SHEET_CELLS:
        raise _too_far(name, scan)
    return scan


@dataclass(frozen=True)
class _XlsxFacts:
    sheets: dict[str, _SheetScan]  # sheet name -> its scan
    recalculate: bool  # the workbook asks Excel to recalculate on opening: cached values are
    # placeholders written by a program (xlsxwriter writes 0, openpyxl nothing)
    macros: bool


_PACKAGE_ROOT = "xl/"


def _part_path(target: str) -> str:
    """Return an archive path for a relationship target of xl/workbook.xml."""
    path = target.lstrip("/") if target.startswith("/") else _PACKAGE_ROOT + target
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _xml(name: str, archive: zipfile.ZipFile, member: str) -> ElementTree.Element | None:
    data = _small_member(archive, member)
    if not data:
        return None
    try:
        return ElementTree.fromstring(data)  # DTDs were refused before: nothing to expand
    except ElementTree.ParseError as exc:
        raise _damaged(name, exc) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_facts(name: str, data: bytes) -> _XlsxFacts:
    """Return, per sheet name, what the XML says beyond values; ReadError for a grid too large."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        targets: dict[str, str] = {}
        rels = _xml(name, archive, "xl/_rels/workbook.xml.rels")
        for rel in rels.iter() if rels is not None else ():
            if _local(rel.tag) == "Relationship" and rel.get("Id") and rel.get("Target"):
                targets[rel.get("Id")] = _part_path(rel.get("Target"))
        workbook = _xml(name, archive, "xl/workbook.xml")
        members: dict[str, str] = {}  # sheet name -> member
        recalculate = False
        for element in workbook.iter() if workbook is not None else ():
            local = _local(element.tag)
            if local == "sheet":
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
                if rid in targets and element.get("name") is not None:
                    members[element.get("name")] = targets[rid]
            elif local == "calcPr":
                recalculate = element.get("fullCalcOnLoad") in ("1", "true")
        names = set(archive.namelist())
        worksheets = {m for m in names if m.startswith("xl/worksheets/") and m.endswith(".xml")}
        scans = {m: _checked_scan(name, archive, m)
                 for m in sorted(worksheets | {m for m in members.values() if m in names})}
        return _XlsxFacts(
            sheets={sheet: scans[m] for sheet, m in members.items() if m in scans},
            recalculate=recalculate,
            macros=any(m.lower().endswith("vbaproject.bin") for m in names))


def _has_ole_entry(data: bytes, entry: str) -> bool:
    """Return whether an OLE2 file's directory has a stream or storage of this name."""
    # Directory entries are 128-byte records at 128-byte offsets: the name in UTF-16 with a
    # terminating NUL, and at byte 64 the name's length in bytes (terminator included).
    needle = entry.encode("utf-16-le") + b"\x00\x00"
    at = data.find(needle)
    while at >= 0:
        if at % 128 == 0 and int.from_bytes(data[at + 64:at + 66], "little") == len(needle):
            return True
        at = data.find(needle, at + 1)
    return False


def _ole_kind(name: str, data: bytes) -> str:
    # Encrypted OOXML (any password-protected .xlsx) is an OLE2 file keeping the real workbook
    # in an "EncryptedPackage" stream.
    if _has_ole_entry(data, "EncryptedPackage"):
        raise ReadError(name, t("read.password"), t("read.fix.password"))
    if _has_ole_entry(data, "Workbook") or _has_ole_entry(data, "Book"):
        return "xls"
    if _has_ole_entry(data, "WordDocument"):
        raise _not_a_spreadsheet(name, t("kind.word"))
    if _has_ole_entry(data, "PowerPoint Document"):
        raise _not_a_spreadsheet(name, t("kind.powerpoint"))
    raise _not_a_spreadsheet(name, t("kind.other_office"))


# ---- workbooks ----------------------------------------------------------------------------

def read_file_isolated(name: str, data: bytes) -> list[RawSheet]:
    """Return what ``read_file`` does, reading an xlsx's XML scan beside calamine's parse.

    For the sandbox's child only: calamine parses without holding the GIL, so the scan costs
    no time, but the scan is also what refuses a grid calamine would die allocating. In the
    child that is safe (it exits with its refusal, whatever calamine's thread is doing, and the
    parent scans again when a child dies); in the server's process the scan must come first.
    """
    kind = file_kind(name, data)
    if kind == "text":
        return [_text_sheet(name, data)]
    return _workbook_sheets(name, data, kind, concurrent=True)


def xlsx_refusal(name: str, data: bytes) -> ReadError | None:
    """Return why the XML scan refuses an xlsx (a grid too large, a DTD...), or None."""
    try:
        if file_kind(name, data) == "xlsx":
            _xlsx_facts(name, data)
    except ReadError as exc:
        return exc
    return None


def _calamine_rows(name: str, data: bytes, kind: str) -> list[tuple[object, list[list]]]:
    """Return each worksheet's metadata and rows as calamine reads them."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise ReadError(name, t("read.password"), t("read.fix.password")) from exc
    except Exception as exc:  # calamine raises several types, all meaning "unreadable"
        raise ReadError(name, t("read.unreadable", kind=t(f"kind.{kind}"), error=exc),
                        t("read.fix.save_as_xlsx")) from exc
    out = []
    with workbook:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet:  # chart and macro sheets hold no table
                continue
            try:
                rows = workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
            except Exception as exc:
                raise ReadError(name, t("read.sheet_unreadable", sheet=meta.name, error=exc),
                                t("read.fix.save_as_xlsx")) from exc
            out.append((meta, rows))
    return out


def _beside(work, *args):
    """Return a started daemon thread running ``work(*args)`` and a function that waits for
    it and returns its result (or raises its exception)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = work(*args)
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True, name="calamine")
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["result"]

    return result


_kept: list | None = None  # what this process read, never freed (``keep_until_exit``)
# A workbook read of more cells than this is done the lean way, for the reader child's memory
# cap: its cells are freed when done, and its text columns encoded by pandas, not Arrow (whose
# copy of a column's texts and hash table took 140 MB more at 1M rows of distinct texts).
# Below it, keeping the cells and Arrow's encoding save 0.06 s on a 200,000-row sheet.
_LEAN_READ_CELLS = 2_000_000


def keep_until_exit() -> None:
    """Make this process keep the cells of a workbook it reads (up to ``_LEAN_READ_CELLS``)
    instead of freeing them: for the sandbox's child, which reads one file and exits."""
    global _kept
    _kept = []


def _workbook_sheets(name: str, data: bytes, kind: str, *, concurrent: bool = False
                     ) -> list[RawSheet]:
    if kind == "xlsx" and concurrent:
        parsed = _beside(_calamine_rows, name, data, kind)
        facts = _xlsx_facts(name, data)  # a refusal leaves the parse behind: the child exits
        read = parsed()
    else:
        facts = _xlsx_facts(name, data) if kind == "xlsx" else _XlsxFacts({}, False, False)
        read = _calamine_rows(name, data, kind)
    lean = sum(len(rows) * len(rows[0]) for _, rows in read if rows) > _LEAN_READ_CELLS
    kept = None if lean else _kept
    if kept is not None:
        kept.append(read)
    sheets = []
    for meta, rows in read:
        width = max(map(len, rows), default=0)
        if len(rows) * width > MAX_CELLS_READ:
            raise _too_many_cells(name, len(rows), width)
        cells = _cells_frame(rows, kept, arrow_text=not lean)
        scan = facts.sheets.get(meta.name, _SheetScan())
        sheets.append(RawSheet(
            file_name=name, sheet=meta.name, cells=cells,
            row_numbers=_row_numbers(len(cells)),
            hidden=meta.visible != SheetVisibleEnum.Visible,
            hidden_rows=tuple(sorted(set(scan.hidden_rows))),
            uncalculated=tuple(sorted((row, col) for row, col, cached in scan.formulas
                                      if facts.recalculate or not cached)),
            merged=tuple(scan.merged),
            macros=facts.macros,
        ))
    if not any(len(sheet.cells) for sheet in sheets):
        raise ReadError(name, t("read.all_empty"), t("read.fix.choose_file"))
    return sheets


def _clock_text(value: dt.time | dt.timedelta) -> str:
    """Return a time or duration as a spreadsheet shows it: 1:30, 26:00:15."""
    if isinstance(value, dt.time):
        hours, minutes, seconds = value.hour, value.minute, value.second
    else:
        total = round(value.total_seconds())
        sign = "-" if total < 0 else ""
        hours, rest = divmod(abs(total), 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{sign}{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _cells_frame(rows: list[list], kept: list | None = None, *, arrow_text: bool = True
                 ) -> pd.DataFrame:
    """Return rows as a dictionary-encoded frame with columns 0..n-1; "" is a missing cell,
    times become text. The grid of cells is added to ``kept`` if given (not freed); text
    columns are encoded by Arrow if ``arrow_text``."""
    lengths = set(map(len, rows))
    width = max(lengths, default=0)
    if len(lengths) <= 1:  # every row as long: read straight through, a third faster
        grid = np.fromiter(itertools.chain.from_iterable(rows), dtype=object,
                           count=len(rows) * width).reshape(len(rows), width)
    else:
        grid = pd.DataFrame(rows, dtype=object).to_numpy(dtype=object, copy=True)
    if kept is not None:
        kept.append(grid)
    return pd.DataFrame({j: _workbook_column(grid[:, j], arrow_text) for j in range(width)},
                        index=pd.RangeIndex(grid.shape[0]), copy=False)


_TOP_ROWS = 64  # a sheet's titles and header sit in its first rows: looked at cell by cell


def _workbook_column(column: np.ndarray, arrow_text: bool = True) -> pd.Categorical:
    """Return a workbook column's cells as ``dictionary_column`` does, with "" a missing cell
    and times the text a spreadsheet shows; the empty text is dropped from the distinct cells,
    not looked for cell by cell. Below its first rows, a column of text (names) has its distinct
    cells found by Arrow (if ``arrow_text``), a column of numbers (amounts) among machine
    floats."""
    below = column[_TOP_ROWS:]
    if len(below) > _TOP_ROWS:
        if arrow_text and isinstance(below[0], str):
            # Arrow refuses any other cell (no pass over every cell to find its type first)
            # and a text it cannot hold, a lone surrogate.
            with contextlib.suppress(pa.ArrowTypeError, pa.ArrowInvalid, UnicodeError):
                return _text_below_top(column)
        if infer_dtype(below, skipna=True) == "floating":
            return _numbers_below_top(column)
    kinds = set(map(type, column))
    if kinds & {dt.time, dt.timedelta}:
        clock = np.fromiter((isinstance(v, (dt.time, dt.timedelta)) for v in column), bool,
                            len(column))
        column[clock] = [_clock_text(v) for v in column[clock]]  # a view: the grid changes
    if kinds & {bool, np.bool_}:
        column = values.bools_as_text(pd.Series(column, dtype=object, copy=False))
    codes, uniques = pd.factorize(column)  # None and NaN: missing
    if str in kinds:
        codes, uniques = _without_empty(codes, uniques)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object),
                                     validate=False)


def _without_empty(codes: np.ndarray, distinct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return codes into distinct cells and the cells with the empty text taken out of them:
    its rows become missing (-1) and the codes after it move down one."""
    at = np.flatnonzero(distinct == "")
    if not len(at):
        return codes, distinct
    empty = int(at[0])
    return np.where(codes == empty, -1, codes - (codes > empty)), np.delete(distinct, empty)


def _numbers_below_top(column: np.ndarray) -> pd.Categorical:
    """Return ``_workbook_column`` of a column holding only floats (or nothing) below its top
    rows: the top rows as any column, the rest factorized as floats, which hash as the Python
    floats they are (a top-row number met again below keeps its first code)."""
    top = _workbook_column(column[:_TOP_ROWS].copy())
    codes, found = pd.factorize(column[_TOP_ROWS:].astype(np.float64))  # NaN: missing
    known = np.full(len(found), -1, dtype=np.intp)
    for code, value in enumerate(top.categories):
        if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(
                value, (bool, np.bool_)):
            with contextlib.suppress(OverflowError):  # an int beyond any float: not below
                known[found == float(value)] = code
    return _continued(top, codes, found.astype(object), known)


def _text_below_top(column: np.ndarray) -> pd.Categorical:
    """Return ``_workbook_column`` of a column holding only text (or nothing) below its top
    rows: the top rows as any column, the rest dictionary-encoded by Arrow, which compares
    texts as Python does without hashing a Python object per cell ("" is a missing cell).
    Arrow raises if a cell below is not text (or None) or is a text it cannot hold."""
    top = _workbook_column(column[:_TOP_ROWS].copy())
    below = column[_TOP_ROWS:]
    encoded = pa.array(below, type=pa.string(), from_pandas=True
                       ).dictionary_encode()  # None, NaN: missing
    codes = encoded.indices.fill_null(-1).to_numpy().astype(np.intp)
    # Arrow's dictionary is in order of first appearance: each text is taken from the cell
    # where it first appears (the cells' own objects, not copies Arrow would make).
    reached = np.maximum.accumulate(np.concatenate([[-1], codes]))
    found = below[np.flatnonzero(codes > reached[:-1])]
    if len(found) != len(encoded.dictionary):  # not in that order after all: Arrow's texts
        found = np.array(encoded.dictionary.to_pylist(), dtype=object)
    codes, found = _without_empty(codes, found)
    at = {value: code for code, value in enumerate(top.categories) if isinstance(value, str)}
    known = np.fromiter((at.get(value, -1) for value in found), np.intp, len(found))
    return _continued(top, codes, found, known)


def _continued(top: pd.Categorical, codes: np.ndarray, found: np.ndarray,
               known: np.ndarray) -> pd.Categorical:
    """Return the top rows' categorical followed by the rows below, whose ``codes`` (-1:
    missing) point into ``found``; ``known`` is each found cell's code in ``top``, -1 if it
    first appears below (it then gets the next new code, in order of appearance)."""
    new = known < 0
    known = known.copy()
    known[new] = len(top.categories) + np.arange(int(new.sum()))
    all_codes = np.concatenate([top.codes.astype(np.intp),
                                np.append(known, -1)[codes]])  # -1 stays missing
    categories = pd.Index([*top.categories, *found[new].tolist()], dtype=object)
    return pd.Categorical.from_codes(all_codes, categories=categories, validate=False)


def dictionary_column(cells: np.ndarray) -> pd.Categorical:
    """Return an object array of cells as a categorical: None/NaN missing, bools as their text
    (the distinct cells ``values.distinct_cells`` finds)."""
    found = values.distinct_cells(pd.Series(cells, dtype=object, copy=False))
    return pd.Categorical.from_codes(found.codes,
                                     categories=pd.Index(found.uniques, dtype=object))


def dictionary_frame(grid: np.ndarray) -> pd.DataFrame:
    """Return a 2-D object grid as a frame of categorical columns 0..n-1."""
    return pd.DataFrame({j: dictionary_column(grid[:, j]) for j in range(grid.shape[1])},
                        index=pd.RangeIndex(grid.shape[0]))


def _row_numbers(count: int) -> pd.Series:
    return pd.Series(np.arange(1, count + 1, dtype=np.int64), copy=False)


# ---- text files ---------------------------------------------------------------------------

def _text_sheet(name: str, data: bytes) -> RawSheet:
    if data.isascii() and not _bomless_utf16(data):
        # ASCII is UTF-8 as it stands: Arrow reads the bytes, and only the start is decoded
        # here (all of it only for the careful reader or an error message).
        encoding, text = "utf-8", None
        head = data[:SNIFF_CHARS + 1].decode("ascii")
        blank = _ASCII_NOT_BLANK.search(data) is None
        nul = data.find(b"\x00")
    else:
        text, encoding = decoded_text(name, data)
        head = text
        blank = not text or text.isspace()  # as ``not text.strip()``, without a copy
        nul = text.find("\x00")
    if blank:
        raise _empty(name)
    if nul >= 0:
        whole = data.decode("ascii") if text is None else text
        raise ReadError(name, t("read.nul", line=_line_of(whole, nul)), t("read.fix.nul"))
    delimiter = sniff_delimiter(head)
    declared = _DECLARED_DELIMITER.match(head)
    if declared:  # Excel reads "sep=;" as an instruction and numbers the next line row 1
        source: str | bytes = (data.decode("ascii") if text is None else text)[declared.end():]
    elif encoding in ("utf-8", "utf-8-sig"):
        source = data[len(codecs.BOM_UTF8):] if encoding == "utf-8-sig" else data
    else:
        source = text
    cells = _csv_cells(name, source, delimiter)
    return RawSheet(
        file_name=name, sheet=None, cells=cells, row_numbers=_row_numbers(len(cells)),
        decimal_hint="," if delimiter == ";" else None, encoding=encoding, delimiter=delimiter,
    )


# What str.isspace() calls blank among ASCII characters: \t \n \v \f \r, \x1c-\x1f, space.
_ASCII_NOT_BLANK = re.compile(rb"[^\t-\r\x1c-\x20]")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def decoded_text(name: str, data: bytes) -> tuple[str, str]:
    """Return a text file's text and the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(name, t("read.bad_bom", encoding=encoding.upper()),
                                t("read.fix.utf8")) from exc
    bomless_utf16 = _bomless_utf16(data)
    if bomless_utf16:
        return data.decode(bomless_utf16), bomless_utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_russian(data.decode("cp1251", errors="replace")):
        return data.decode("cp1251", errors="replace"), "cp1251"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _bomless_utf16(data: bytes) -> str | None:
    """Return "utf-16-le"/"-be" when NULs fill every other byte (UTF-16 saved without a BOM)."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2 or b"\x00" not in sample:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls > 0.6 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _looks_russian(text: str) -> bool:
    """Return whether text read as cp1251 has Cyrillic words rather than accented Latin ones."""
    # Read as cp1251, a Latin-1 "Müller" becomes "Mьller": Cyrillic mixed into Latin words.
    # Russian text gives whole Cyrillic words.
    whole = mixed = 0
    for word in _WORD.findall(text):
        if _CYRILLIC.search(word):
            if _LATIN.search(word):
                mixed += 1
            else:
                whole += 1
    return whole > mixed


def _line_of(text: str, position: int) -> int:
    """Return the 1-based line of a position in text (CR-only files counted by CR)."""
    newline = "\n" if "\n" in text else "\r"
    return text.count(newline, 0, position) + 1


@dataclass(frozen=True)
class _Scan:
    fields: list[int]  # fields per record, 0 for an empty line
    open_quote_at: int | None  # position of a quote still open at the end of the text


def _scan_records(text: str, delimiter: str) -> _Scan:
    """Return fields per record as a CSV reader would count them, and any unclosed quote."""
    fields: list[int] = []
    count, field_start, record_start = 1, 0, 0
    in_quotes, skip_quote, open_quote_at, after_cr = False, False, None, False
    for token in re.finditer(f'["\r\n{re.escape(delimiter)}]', text):
        char, at = token.group(), token.start()
        if after_cr and char == "\n" and at == record_start:  # the LF of a CRLF
            after_cr = False
            record_start = field_start = at + 1
            continue
        after_cr = False
        if in_quotes:
            if char == '"':
                if skip_quote:
                    skip_quote = False
                elif text.startswith('"', at + 1):  # "" is a quote inside quotes
                    skip_quote = True
                else:
                    in_quotes = False
        elif char == '"':
            if at == field_start:  # quotes only open at the start of a field
                in_quotes, open_quote_at = True, at
        elif char == delimiter:
            count += 1
            field_start = at + 1
        else:
            fields.append(0 if at == record_start else count)
            count, after_cr = 1, char == "\r"
            record_start = field_start = at + 1
    if record_start < len(text):
        fields.append(count)
    return _Scan(fields=fields, open_quote_at=open_quote_at if in_quotes else None)


_DECLARED_DELIMITER = re.compile(r'"?sep=([,;\t|])"?[^\S\r\n]*(?:\r\n|\r|\n)', re.IGNORECASE)


def sniff_delimiter(text: str) -> str:
    """Return the delimiter that splits the first lines into the most consistent field counts."""
    declared = _DECLARED_DELIMITER.match(text)  # Excel's own hint line, e.g. "sep=;"
    if declared:
        return declared.group(1)
    sample = text[:SNIFF_CHARS]
    cut = max(sample.rfind("\n"), sample.rfind("\r")) if len(text) > SNIFF_CHARS else -1
    sample = sample[:cut + 1] if cut > 0 else sample  # drop a record cut off mid-way
    best, best_score = DELIMITERS[0], (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [c for c in _scan_records(sample, delimiter).fields if c]
        split = [c for c in counts if c > 1]
        if not split:
            continue
        mode, _ = Counter(split).most_common(1)[0]
        score = (sum(c == mode for c in counts) / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_EXPECTED_FIELDS = re.compile(r"Expected \d+ fields in line \d+, saw (\d+)")


def _too_many_cells(name: str, rows: int, width: int) -> ReadError:
    return ReadError(name, t("read.too_many_cells", rows=rows, columns=width,
                             limit=MAX_CELLS_READ), t("read.fix.too_many_cells"))


def _csv_cells(name: str, text: str | bytes, delimiter: str) -> pd.DataFrame:
    """Return every record of a delimited text as strings (missing for empty), ragged rows
    padded. Text given as bytes is UTF-8: Arrow reads it as it stands, and it is decoded only
    if the careful reader is needed."""
    cut = text.find("\n" if isinstance(text, str) else b"\n", SNIFF_CHARS)
    sample = text if cut < 0 else text[:cut + 1]  # the sample ends with a whole line
    if isinstance(sample, bytes):
        sample = sample.decode("utf-8", errors="replace")
    width = max(_scan_records(sample, delimiter).fields, default=1) or 1
    widest = width
    rectangle = _arrow_cells(text if isinstance(text, bytes) else text.encode(), delimiter,
                             width)
    if rectangle is not None:  # dictionary columns: the cells' count is all that can be large
        if rectangle.size > MAX_CELLS_READ:
            raise _too_many_cells(name, len(rectangle), width)
        return rectangle
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    newline = "\n" if "\n" in text else "\r"
    rows = text.count(newline) + (not text.endswith(newline))  # quoted newlines overcount
    while True:
        if rows * width > MAX_CELLS_READ:
            raise _too_many_cells(name, rows, widest)
        try:
            with warnings.catch_warnings():
                # A first row longer than ``names`` is cut short with only this warning.
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(
                    io.StringIO(text), sep=delimiter, header=None, names=range(width),
                    dtype=object, keep_default_na=False, na_filter=False,
                    skip_blank_lines=False, engine="c", quotechar='"', doublequote=True,
                    index_col=False,
                )
            break
        except pd.errors.ParserWarning:
            width *= 2
            continue
        except pd.errors.ParserError as exc:
            wider = _EXPECTED_FIELDS.search(str(exc))
            if wider:
                # A longer row further down: doubling bounds the re-reads to a handful even
                # when every row is longer than the last.
                widest = max(widest, int(wider.group(1)))
                width = max(widest, 2 * width)
                continue
            open_quote_at = _scan_records(text, delimiter).open_quote_at
            if open_quote_at is not None:
                raise ReadError(name, t("read.open_quote", line=_line_of(text, open_quote_at)),
                                t("read.fix.open_quote")) from exc
            raise ReadError(name, t("read.not_csv", error=exc),
                            t("read.fix.save_as_xlsx")) from exc
    grid = frame.to_numpy(dtype=object, copy=True)
    grid[grid == ""] = None
    if width > widest:  # drop the columns doubling added beyond the widest row
        filled = np.flatnonzero((grid != None).any(axis=0))  # noqa: E711 (elementwise)
        grid = grid[:, :max(widest, int(filled[-1]) + 1 if len(filled) else 1)]
    return dictionary_frame(grid)


def _arrow_cells(data: bytes, delimiter: str, width: int) -> pd.DataFrame | None:
    """Return the records of UTF-8 delimited text as dictionary-encoded string columns, read by
    Arrow's parallel CSV reader; None when the text is not a plain rectangle of ``width``
    fields (ragged rows, blank lines, an open quote...): the caller reads those the careful
    way, which can say what is wrong."""
    text_type = pa.dictionary(pa.int32(), pa.string())
    # Most columns hold few distinct values (names, methods, dates) and are parsed straight
    # into dictionaries. Columns of nearly all distinct values (amounts) are parsed as plain
    # text and left to Arrow: per-block dictionaries of them would only have to be merged, and
    # a plain-number column is then checked in Arrow row by row (values.parse_number_column).
    wide = _wide_ranging(data[:SNIFF_CHARS], delimiter, width)
    try:
        table = pa_csv.read_csv(io.BytesIO(data), **_arrow_options(
            delimiter, width, b'"' in data, {j: pa.string() if j in wide else text_type
                                             for j in range(width)}))
    except (pa.ArrowException, ValueError):
        return None
    if table.num_columns != width or any(
            c.type != (pa.string() if j in wide else text_type)
            for j, c in enumerate(table.columns)):
        return None
    if _open_at_end(data, delimiter, table):
        return None
    # Arrow's kernels work without the GIL: two columns at a time, the wide-ranging ones (the
    # longest to encode) first, so the others share the second thread meanwhile.
    order = sorted(range(width), key=lambda j: j not in wide)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kam-columns") as pool:
        encoded = dict(zip(order, pool.map(
            lambda j: _arrow_text(table.column(j)) if j in wide
            else _categorical(table.column(j)), order), strict=True))
    columns = [encoded[j] for j in range(width)]
    return pd.DataFrame(dict(enumerate(columns)), index=pd.RangeIndex(table.num_rows),
                        copy=False)


def _arrow_options(delimiter: str, width: int, quoted: bool, types: dict[int, pa.DataType],
                   block_size: int = ARROW_BLOCK_BYTES) -> dict:
    """Return Arrow's CSV options for reading every field as text of the given types."""
    return {
        "read_options": pa_csv.ReadOptions(autogenerate_column_names=True,
                                           block_size=block_size),
        # Only quotes can hold line breaks; without them parsing splits faster.
        "parse_options": pa_csv.ParseOptions(
            delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
            newlines_in_values=quoted, ignore_empty_lines=False),
        "convert_options": pa_csv.ConvertOptions(
            column_types={f"f{j}": types[j] for j in range(width)},
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    }


def _wide_ranging(head: bytes, delimiter: str, width: int) -> set[int]:
    """Return the columns whose first records are nearly all distinct values (at least 64
    records looked at); an empty set when the start of the text does not parse."""
    cut = max(head.rfind(b"\n"), head.rfind(b"\r"))
    try:
        sample = pa_csv.read_csv(io.BytesIO(head[:cut + 1]), **_arrow_options(
            delimiter, width, b'"' in head, dict.fromkeys(range(width), pa.string()),
            block_size=len(head) + 1))
    except (pa.ArrowException, ValueError):
        return set()
    if sample.num_rows < 64 or sample.num_columns != width:
        return set()
    # Nine in ten distinct: a column of a few thousand names is not one of them.
    return {j for j, column in enumerate(sample.columns)
            if pc.count_distinct(column).as_py() * 10 > sample.num_rows * 9}


def _open_at_end(data: bytes, delimiter: str, table: pa.Table) -> bool:
    """Return whether a quote may be open at the end of the text: Arrow then reads the rest
    of the file into one cell where a careful reader stops and says where the quote opened."""
    if table.num_rows and any("\n" in (cell := column[-1].as_py()) or "\r" in cell
                              for column in table.columns):
        return True  # the last record runs over lines: perhaps a quote never closed
    end = len(data)
    while end and data[end - 1] in b"\r\n":  # not data.rstrip(): that copies the file
        end -= 1
    last_line = data[max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1:end]
    return _scan_records(last_line.decode(errors="replace"), delimiter).open_quote_at is not None


def _arrow_text(column: pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """Return an Arrow text column as pandas text held by Arrow, its empty cells missing:
    a column of nearly all distinct values (amounts) is checked row by row in Arrow, with no
    Python object made for each value."""
    empty = pc.equal(column, "")
    return pd.array(pc.if_else(empty, pa.scalar(None, column.type), column), dtype="str")


def _categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """Return an Arrow text or dictionary column as a categorical whose empty cells are
    missing, its categories in order of first appearance."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)  # one dictionary shared by every chunk
    whole = column.combine_chunks()  # one dictionary for the column (chunks have their own)
    codes = whole.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    codes, categories = _without_empty(
        codes, whole.dictionary.to_numpy(zero_copy_only=False).astype(object))
    # Arrow's dictionary holds each value once and its indices point into it.
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object),
                                     validate=False)
