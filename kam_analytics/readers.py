"""Uploaded bytes to raw sheets: the format told by content, text decoded, delimiters found.

Nothing here interprets columns: header finding, totals rows and value parsing are the caller's
job. Cells keep the row alignment the user sees, and every sheet says which spreadsheet row each
of its rows is, so problems can be reported as "row 17".
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from python_calamine import (
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

# An uploaded workbook must not be able to take the server down: calamine allocates a dense
# grid over the used range (a 4.7 KB file with cells in A1 and XFD1048576 aborts the process),
# and zip bombs decompress to gigabytes.
MAX_SHEET_CELLS = 50_000_000  # 1M rows x 50 columns
MAX_UNZIPPED_BYTES = 8 * 1024**3
MAX_COMPRESSION_RATIO = 250  # ordinary sheets compress 10-50x; deflate bombs ~1000x
BOMB_MIN_BYTES = 50_000_000  # members smaller than this are not checked for their ratio
SNIFF_CHARS = 65_536  # text looked at to choose the delimiter
DELIMITERS = (",", ";", "\t", "|")  # preferred in this order when equally consistent

_SAVE_AS_XLSX = "open it in Excel (or LibreOffice) and save it as .xlsx, then upload that"


@dataclass
class RawSheet:
    file_name: str
    sheet: str | None  # sheet name; None for CSV
    cells: pd.DataFrame  # columns 0..n-1, dtype object; str/float/int/bool/datetime/date/None
    row_numbers: pd.Series  # the row number the user's spreadsheet shows (1-based), per row
    hidden: bool = False  # sheet hidden in the workbook
    decimal_hint: str | None = None  # "," for a decimal-comma locale (semicolon CSV)
    encoding: str | None = None  # CSV: encoding detected
    delimiter: str | None = None  # CSV: delimiter detected


class ReadError(Exception):
    """A file that cannot be read, with a message a manager can act on."""


def read_file(name: str, data: bytes) -> list[RawSheet]:
    """Return the raw sheets of an uploaded file (one for CSV/TXT, one per worksheet)."""
    kind = file_kind(name, data)
    if kind == "text":
        return [_text_sheet(name, data)]
    return _workbook_sheets(name, data, kind)


# ---- what the bytes are -------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_SPREADSHEETS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)
_KIND_LABELS = {
    "xlsx": "an Excel workbook (.xlsx)",
    "xlsb": "an Excel binary workbook (.xlsb)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "xls": "an Excel 97-2003 workbook (.xls)",
}


def _not_a_spreadsheet(name: str, what: str, fix: str | None = None) -> ReadError:
    fix = fix or "upload the spreadsheet itself (.xlsx, .xls, .ods or .csv)"
    return ReadError(f"{name}: this is {what}, not a spreadsheet — {fix}")


def file_kind(name: str, data: bytes) -> str:
    """Return "xlsx", "xlsb", "ods", "xls" or "text" by content; ReadError for anything else."""
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise ReadError(f"{name}: the file is empty — check you chose the right file")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(name, data)
    if data.startswith(_OLE2):
        return _ole_kind(name, data)
    for magic, what in _NOT_SPREADSHEETS:
        if data.startswith(magic):
            raise _not_a_spreadsheet(name, what)
    markup = _markup_kind(data[:2048])
    if markup:
        raise _not_a_spreadsheet(name, markup, _SAVE_AS_XLSX)
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
        return "an Excel 2003 XML spreadsheet"
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in text:
        return "a web page (HTML) saved under a spreadsheet name"
    if text.startswith(b"<?xml"):
        return "an XML file"
    return None


def _zip_kind(name: str, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError(f"{name}: the file is damaged or incomplete ({exc}) — upload it again, "
                        f"or {_SAVE_AS_XLSX}") from exc
    with archive:
        _check_unzipped_sizes(name, archive, len(data))
        names = set(archive.namelist())
        content_types = _small_member(archive, "[Content_Types].xml")
        mimetype = _small_member(archive, "mimetype").strip()
        if b"sheet.binary.macroEnabled.main" in content_types or "xl/workbook.bin" in names:
            return "xlsb"
        if "xl/workbook.xml" in names:
            _check_xlsx_extent(name, archive)
            return "xlsx"
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        if "word/document.xml" in names or mimetype.endswith(b"opendocument.text"):
            raise _not_a_spreadsheet(name, "a text document (Word/Writer)")
        if "ppt/presentation.xml" in names or mimetype.endswith(b"opendocument.presentation"):
            raise _not_a_spreadsheet(name, "a presentation (PowerPoint/Impress)")
        shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
        raise _not_a_spreadsheet(name, f"a zip archive (holding {shown})",
                                 "unzip it and upload the spreadsheet inside")


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
            raise ReadError(f"{name}: the file unpacks to {total / 1024**2:,.0f} MB or more "
                            f"from {packed / 1024**2:,.1f} MB — not an "
                            f"ordinary spreadsheet; {_SAVE_AS_XLSX}")


# Patterns start with a literal so re can skip ahead; each sees only what could be dangerous.
_WIDE_COLUMN = re.compile(rb'r="([A-Z]{2,3})[0-9]')  # cells in columns AA and beyond
_ROW_ELEMENT = re.compile(rb'<row r="([0-9]+)"')
_HUGE_ROW = re.compile(rb'r="[A-Z]{0,3}([0-9]{7,})"')  # cell or row refs >= 1,000,000
_CELL_ROW = re.compile(rb'r="[A-Z]{1,3}([0-9]+)"')
_EXCEL_ROWS = 1_048_576


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


def _largest(archive: zipfile.ZipFile, member: zipfile.ZipInfo,
             searches: tuple[tuple[re.Pattern[bytes], Callable[[bytes], int]], ...]
             ) -> list[int]:
    """Return, per (pattern, convert), the largest converted match in a member (0 if none)."""
    largest, tail = [0] * len(searches), b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 22):
            text = tail + chunk
            for i, (pattern, convert) in enumerate(searches):
                largest[i] = max([largest[i], *map(convert, pattern.findall(text))])
            tail = text[-32:]  # a match cut by the chunk boundary is found whole next time
    return largest


def _check_xlsx_extent(name: str, archive: zipfile.ZipFile) -> None:
    """Raise ReadError if a worksheet's used range is too large to load safely."""
    for member in archive.infolist():
        if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
            continue
        max_column, row_element, huge_row = _largest(archive, member, (
            (_WIDE_COLUMN, _column_number), (_ROW_ELEMENT, int), (_HUGE_ROW, int)))
        max_column, max_row = max(max_column, 26), max(row_element, huge_row)
        if max_column * max(max_row, _EXCEL_ROWS) > MAX_SHEET_CELLS:
            # Only wide sheets pay for reading every cell reference.
            (cell_row,) = _largest(archive, member, ((_CELL_ROW, int),))
            max_row = max(max_row, cell_row)
        if max_column * max_row > MAX_SHEET_CELLS:
            far = f"{_column_letters(max_column)}{max_row}"
            raise ReadError(
                f"{name}: a sheet has cells as far out as {far}, too large a grid to load — "
                "delete the empty rows and columns beyond your data (Ctrl+End shows where Excel "
                "thinks the sheet ends), save, and upload again")


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
        raise ReadError(f"{name}: the workbook is password-protected — open it in Excel, "
                        "remove the password (File → Info → Protect Workbook) or save an "
                        "unprotected copy, and upload that")
    if _has_ole_entry(data, "Workbook") or _has_ole_entry(data, "Book"):
        return "xls"
    if _has_ole_entry(data, "WordDocument"):
        raise _not_a_spreadsheet(name, "a Word document")
    if _has_ole_entry(data, "PowerPoint Document"):
        raise _not_a_spreadsheet(name, "a PowerPoint presentation")
    raise _not_a_spreadsheet(name, "an Office file of another kind (no workbook inside)")


# ---- workbooks ----------------------------------------------------------------------------

def _workbook_sheets(name: str, data: bytes, kind: str) -> list[RawSheet]:
    label = _KIND_LABELS[kind]
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise ReadError(f"{name}: the workbook is password-protected — save an unprotected "
                        "copy and upload that") from exc
    except Exception as exc:  # calamine raises several types, all meaning "unreadable"
        raise ReadError(f"{name}: looks like {label} but cannot be read ({exc}) — "
                        f"{_SAVE_AS_XLSX}") from exc
    sheets = []
    with workbook:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet:  # chart and macro sheets hold no table
                continue
            try:
                rows = workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
            except Exception as exc:
                raise ReadError(f"{name}: sheet {meta.name!r} cannot be read ({exc}) — "
                                f"{_SAVE_AS_XLSX}") from exc
            cells = _cells_frame(rows)
            sheets.append(RawSheet(
                file_name=name, sheet=meta.name, cells=cells,
                row_numbers=_row_numbers(len(cells)),
                hidden=meta.visible != SheetVisibleEnum.Visible,
            ))
    if not any(len(sheet.cells) for sheet in sheets):
        raise ReadError(f"{name}: every sheet of the workbook is empty — check you chose the "
                        "right file")
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


def _cells_frame(rows: list[list]) -> pd.DataFrame:
    """Return rows as an object frame with columns 0..n-1; "" becomes None, times become text."""
    grid = pd.DataFrame(rows, dtype=object).to_numpy(dtype=object, copy=True)
    width = grid.shape[1]
    grid[grid == ""] = None
    if {dt.time, dt.timedelta} & set(map(type, grid.ravel())):
        clock = np.frompyfunc(lambda v: isinstance(v, (dt.time, dt.timedelta)), 1, 1)(grid)
        grid[clock.astype(bool)] = [_clock_text(v) for v in grid[clock.astype(bool)]]
    return pd.DataFrame(grid, columns=range(width), dtype=object)


def _row_numbers(count: int) -> pd.Series:
    return pd.Series(np.arange(1, count + 1), dtype="int64")


# ---- text files ---------------------------------------------------------------------------

def _text_sheet(name: str, data: bytes) -> RawSheet:
    text, encoding = decoded_text(name, data)
    if not text.strip():
        raise ReadError(f"{name}: the file is empty — check you chose the right file")
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(f"{name}: line {_line_of(text, nul)} holds binary data (a NUL byte) — "
                        "this is not a plain CSV/text file; export the data as CSV or .xlsx")
    delimiter = sniff_delimiter(text)
    cells = _csv_cells(name, text, delimiter)
    return RawSheet(
        file_name=name, sheet=None, cells=cells, row_numbers=_row_numbers(len(cells)),
        decimal_hint="," if delimiter == ";" else None, encoding=encoding, delimiter=delimiter,
    )


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
                raise ReadError(f"{name}: the file says it is {encoding.upper()} but is not "
                                "— save it again as CSV UTF-8") from exc
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


def _csv_cells(name: str, text: str, delimiter: str) -> pd.DataFrame:
    """Return every record of a delimited text as strings (None for empty), ragged rows padded."""
    width = max(_scan_records(text[:SNIFF_CHARS], delimiter).fields, default=1) or 1
    for _ in range(100):  # each retry widens to a longer row found further down
        try:
            frame = pd.read_csv(
                io.StringIO(text), sep=delimiter, header=None, names=range(width), dtype=object,
                keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
                quotechar='"', doublequote=True, index_col=False,
            )
            break
        except pd.errors.ParserError as exc:
            wider = _EXPECTED_FIELDS.search(str(exc))
            if wider:
                width = max(width + 1, int(wider.group(1)))
                continue
            open_quote_at = _scan_records(text, delimiter).open_quote_at
            if open_quote_at is not None:
                raise ReadError(
                    f"{name}: line {_line_of(text, open_quote_at)} opens a quote (\") that is "
                    "never closed, so the rest of the file would become one cell — close or "
                    "remove that quote and save the file again") from exc
            raise ReadError(f"{name}: cannot be read as CSV ({exc}) — {_SAVE_AS_XLSX}") from exc
    else:
        raise ReadError(f"{name}: the rows have ever more fields — check the file is a table")
    grid = frame.to_numpy(dtype=object, copy=True)
    grid[grid == ""] = None
    return pd.DataFrame(grid, columns=range(grid.shape[1]), dtype=object)
