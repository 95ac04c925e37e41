"""What the uploaded bytes are (told by content, not by name), and the guard a workbook passes
before it is parsed: the zip's declared sizes, no DTD, and the sheet's extent."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from kam_analytics import settings
from kam_analytics.i18n import Message, msg
from kam_analytics.ingest.raw_sheets import ReadError

# An uploaded workbook must not be able to take the server down: calamine allocates a dense
# grid over the used range (a 4.7 KB file with cells in A1 and XFD1048576 aborts the process),
# and zip bombs decompress to gigabytes. These checks give a clear message early; the sandbox
# (kam_analytics.sandbox) is what keeps a file that gets past them from reaching the server.
MAX_SHEET_CELLS = 50_000_000  # the grid calamine would allocate: 1M rows x 50 columns
MAX_UNZIPPED_BYTES = settings.MAX_UNZIPPED_MB * 1024**2
MAX_COMPRESSION_RATIO = 250  # ordinary sheets compress 10-50x; deflate bombs ~1000x
BOMB_MIN_BYTES = 50_000_000  # members smaller than this are not checked for their ratio
PROLOG_BYTES = 65_536  # an XML part's head, where a DTD would have to be
SCAN_CHUNK = 1 << 22  # bytes of a worksheet's XML looked at in one go
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


def _not_a_spreadsheet(name: str, what: Message, fix: Message | None = None) -> ReadError:
    return ReadError(name, msg("read.not_spreadsheet", what=what),
                     fix or msg("read.fix.upload_spreadsheet"))


def _empty(name: str) -> ReadError:
    return ReadError(name, msg("read.empty"), msg("read.fix.choose_file"))


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
            raise _not_a_spreadsheet(name, msg(key))
    markup = _markup_kind(data[:2048])
    if markup:
        raise _not_a_spreadsheet(name, markup, msg("read.fix.save_as_xlsx"))
    return "text"


def _markup_kind(head: bytes) -> Message | None:
    """Return what an HTML/XML file is, from its first bytes; None if it is not markup."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode()
    text = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if not text.startswith(b"<"):
        return None
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return msg("kind.excel_xml")
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in text:
        return msg("kind.html")
    if text.startswith(b"<?xml"):
        return msg("kind.xml")
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
            raise _not_a_spreadsheet(name, msg("kind.text_document"))
        if "ppt/presentation.xml" in names or mimetype.endswith(b"opendocument.presentation"):
            raise _not_a_spreadsheet(name, msg("kind.presentation"))
        shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
        raise _not_a_spreadsheet(name, msg("kind.zip", members=shown), msg("read.fix.unzip"))


def _damaged(name: str, exc: Exception) -> ReadError:
    return ReadError(name, msg("read.damaged", error=str(exc)), msg("read.fix.damaged"))


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
            raise ReadError(name, msg("read.unpacks", unpacked=total / 1024**2,
                                    packed=packed / 1024**2), msg("read.fix.save_as_xlsx"))


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
            raise ReadError(name, msg("read.dtd", part=info.filename), msg("read.fix.dtd"))


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
    return ReadError(name, msg("read.too_far", far=far), msg("read.fix.too_far"))


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
        raise ReadError(name, msg("read.password"), msg("read.fix.password"))
    if _has_ole_entry(data, "Workbook") or _has_ole_entry(data, "Book"):
        return "xls"
    if _has_ole_entry(data, "WordDocument"):
        raise _not_a_spreadsheet(name, msg("kind.word"))
    if _has_ole_entry(data, "PowerPoint Document"):
        raise _not_a_spreadsheet(name, msg("kind.powerpoint"))
    raise _not_a_spreadsheet(name, msg("kind.other_office"))


def xlsx_refusal(name: str, data: bytes) -> ReadError | None:
    """Return why the XML scan refuses an xlsx (a grid too large, a DTD...), or None."""
    try:
        if file_kind(name, data) == "xlsx":
            _xlsx_facts(name, data)
    except ReadError as exc:
        return exc
    return None
