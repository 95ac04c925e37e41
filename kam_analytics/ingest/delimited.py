"""Delimited text: the encoding and the delimiter found, then the cells read by Arrow (or the
careful way, which can say which line is wrong)."""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import compute as pc
from pyarrow import csv as pa_csv

from kam_analytics import settings
from kam_analytics.i18n import msg
from kam_analytics.ingest import raw_sheets  # limits read at call time (tests lower them)
from kam_analytics.ingest.formats import _empty
from kam_analytics.ingest.raw_sheets import (
    RawSheet,
    ReadError,
    dictionary_frame,
    row_numbers,
    too_many_cells,
    without_empty,
)

SNIFF_CHARS = 65_536  # text looked at to choose the delimiter
DELIMITERS = (",", ";", "\t", "|")  # preferred in this order when equally consistent
ARROW_BLOCK_BYTES = 1 << 20  # CSV text one Arrow reader thread parses at a time
WIDE_COLUMNS = 1_000  # a text at least this wide and wider than long is read record by record
# ---- text files ---------------------------------------------------------------------------

def longest_line(data: bytes, chunk: int = 16 * 1024**2) -> tuple[int, int]:
    """Return the length in bytes of the longest line and its line number (1-based), looked
    at in chunks, so a 100 MB file costs ~0.1 s and a few MB of memory beyond its own."""
    newline = 10 if b"\n" in data else 13  # LF or CRLF; else old Mac CR-only lines
    view = np.frombuffer(data, np.uint8)
    best, best_line, lines, last = 0, 1, 0, -1
    for start in range(0, len(view), chunk):
        breaks = np.flatnonzero(view[start:start + chunk] == newline) + start
        if breaks.size:
            gaps = np.diff(breaks, prepend=last) - 1
            i = int(np.argmax(gaps))
            if gaps[i] > best:
                best, best_line = int(gaps[i]), lines + i + 1
            lines += breaks.size
            last = int(breaks[-1])
    if len(view) - last - 1 > best:
        best, best_line = len(view) - last - 1, lines + 1
    return best, best_line


def _text_sheet(name: str, data: bytes) -> RawSheet:
    length, line = longest_line(data)
    if length > settings.MAX_LINE_BYTES:  # before any decoding or parsing: bounded cost
        raise ReadError(name, msg("read.line_too_long", line=line, length=length,
                                  limit=settings.MAX_LINE_BYTES), msg("read.fix.line_too_long"))
    if data.isascii() and not _bomless_utf16(data):
        # ASCII is UTF-8 as it stands: Arrow reads the bytes, and only the start is decoded
        # here (all of it only for the careful reader or an error message).
        encoding, text, other_lines = "utf-8", None, ()
        head = data[:SNIFF_CHARS + 1].decode("ascii")
        blank = _ASCII_NOT_BLANK.search(data) is None
        nul = data.find(b"\x00")
    else:
        text, encoding, other_lines = decoded_text(name, data)
        head = text
        blank = not text or text.isspace()  # as ``not text.strip()``, without a copy
        nul = text.find("\x00")
    if blank:
        raise _empty(name)
    if nul >= 0:
        whole = data.decode("ascii") if text is None else text
        raise ReadError(name, msg("read.nul", line=_line_of(whole, nul)), msg("read.fix.nul"))
    delimiter = sniff_delimiter(head)
    declared = _DECLARED_DELIMITER.match(head)
    if declared:  # Excel reads "sep=;" as an instruction and numbers the next line row 1
        source: str | bytes = (data.decode("ascii") if text is None else text)[declared.end():]
    elif encoding in ("utf-8", "utf-8-sig") and not other_lines:
        source = data[len(codecs.BOM_UTF8):] if encoding == "utf-8-sig" else data
    else:
        source = text
    cells = _csv_cells(name, source, delimiter)
    return RawSheet(
        file_name=name, sheet=None, cells=cells, row_numbers=row_numbers(len(cells)),
        decimal_hint="," if delimiter == ";" else None,
        encoding="utf-8" if other_lines else encoding, delimiter=delimiter,
        other_lines=tuple(n - bool(declared) for n in other_lines),  # "sep=" is no row
        other_encoding=encoding if other_lines else None,
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


def decoded_text(name: str, data: bytes) -> tuple[str, str, tuple[int, ...]]:
    """Return a text file's text, the encoding it was read with and, for a file mostly in
    UTF-8 with some lines in a legacy encoding (lines pasted from another export), those
    lines (1-based): each line is then decoded alone, UTF-8 first, and the encoding returned
    is the other lines'."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, ()
            except UnicodeDecodeError as exc:
                raise ReadError(name, msg("read.bad_bom", encoding=encoding.upper()),
                                msg("read.fix.utf8")) from exc
    bomless_utf16 = _bomless_utf16(data)
    if bomless_utf16:
        return data.decode(bomless_utf16), bomless_utf16, ()
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    return (*_legacy_text(data), ())


def _legacy_text(data: bytes) -> tuple[str, str]:
    """Return text in a legacy encoding and the encoding: cp1251 when it reads as Russian
    words, else cp1252, else Latin-1 (which reads any bytes)."""
    if _looks_russian(data.decode("cp1251", errors="replace")):
        return data.decode("cp1251", errors="replace"), "cp1251"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


# Beyond ASCII, names and amounts use Latin letters with accents, Cyrillic, punctuation and
# currency signs (and invisible characters); anything else in a line that decodes as UTF-8 is
# more likely legacy bytes that happen to.
_UNLIKELY_UTF8 = re.compile("[^\x00-\x7f\u00a0-\u024f\u0400-\u04ff\u2000-\u20cf\u2116\ufeff]")


def _mixed_lines(data: bytes) -> tuple[str, str, tuple[int, ...]] | None:
    """Return the text of a file whose lines are partly UTF-8 (some of them with letters
    beyond ASCII) and partly another encoding, each line decoded alone, with the encoding of
    the others and their line numbers; None when no line beyond ASCII is UTF-8 (the file is
    in one legacy encoding)."""
    lines = data.splitlines(keepends=True)  # bytes split at CR, LF and CRLF only
    decoded: list[str | None] = []
    utf8_letters = False
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and not line.isascii():
            if _UNLIKELY_UTF8.search(text):
                text = None  # cp1251 'Пё' happens to be UTF-8 (U+03F8): no name's letter
            else:
                utf8_letters = True
        decoded.append(text)
    if not utf8_letters:
        return None
    other = [i for i, text in enumerate(decoded) if text is None]
    _, encoding = _legacy_text(b"".join(lines[i] for i in other))
    for i in other:
        decoded[i] = lines[i].decode(encoding, errors="replace")
    return "".join(decoded), encoding, tuple(i + 1 for i in other)  # type: ignore[arg-type]


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
    lf, cr = (b"\n", b"\r") if isinstance(text, bytes) else ("\n", "\r")
    lines = text.count(lf) or text.count(cr)
    lines += not text.endswith((lf, cr))
    if lines * width > raw_sheets.MAX_CELLS_READ:
        # Refused before any parsing: as many lines as the text has, each as wide as its first
        # ones, would be more cells than are read at once (quoted line breaks only overcount).
        raise too_many_cells(name, lines, width)
    if width >= WIDE_COLUMNS:
        newline = b"\n" if isinstance(text, bytes) else "\n"
        if text.count(newline) < width:  # CR-only text is long enough to count as one line
            wide = text.decode("utf-8") if isinstance(text, bytes) else text
            return raw_sheets.object_frame(_wide_grid(name, wide, delimiter, width))
    rectangle = _arrow_cells(text if isinstance(text, bytes) else text.encode(), delimiter,
                             width)
    if rectangle is not None:  # dictionary columns: the cells' count is all that can be large
        if rectangle.size > raw_sheets.MAX_CELLS_READ:
            raise too_many_cells(name, len(rectangle), width)
        return rectangle
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    newline = "\n" if "\n" in text else "\r"
    rows = text.count(newline) + (not text.endswith(newline))  # quoted newlines overcount
    while True:
        if rows * width > raw_sheets.MAX_CELLS_READ:
            raise too_many_cells(name, rows, widest)
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
                raise _open_quote(name, text, open_quote_at) from exc
            raise ReadError(name, msg("read.not_csv", error=str(exc)),
                            msg("read.fix.save_as_xlsx")) from exc
    grid = frame.to_numpy(dtype=object, copy=True)
    grid[grid == ""] = None
    return dictionary_frame(_without_padding(grid, width, widest))


def _wide_grid(name: str, text: str, delimiter: str, width: int) -> np.ndarray:
    """Return the cells of a text wider than long as the careful reader below finds them
    (None for empty), read by Python's csv module.

    pandas' reader spends tens of microseconds on each column whatever its length: 20,000
    columns of two rows took seconds. The csv module splits fields by the same rules (quotes
    open a field, "" inside quotes is a quote, CR, LF and CRLF end a record); the width is
    settled the way the careful reader's re-reads settle it, so the same columns come back.
    """
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                              quotechar='"', doublequote=True, strict=False))
    newline = "\n" if "\n" in text else "\r"
    rows = text.count(newline) + (not text.endswith(newline))
    counts = [len(record) for record in records]
    widest = width
    while True:
        if rows * width > raw_sheets.MAX_CELLS_READ:
            raise too_many_cells(name, rows, widest)
        if counts and counts[0] > width:  # pandas: the first record cut short, with a warning
            width *= 2
            continue
        longer = next((c for c in counts[1:] if c > width), None)  # pandas: "Expected ..."
        if longer is None:
            break
        widest = max(widest, longer)
        width = max(widest, 2 * width)
    open_quote_at = _scan_records(text, delimiter).open_quote_at
    if open_quote_at is not None:  # csv read the rest of the text into one cell
        raise _open_quote(name, text, open_quote_at)
    grid = np.full((len(records), width), None, dtype=object)
    for i, record in enumerate(records):
        grid[i, :len(record)] = record
    grid[grid == ""] = None
    return _without_padding(grid, width, widest)


def _open_quote(name: str, text: str, at: int) -> ReadError:
    """Return the error for a quote opened at ``at`` and never closed."""
    return ReadError(name, msg("read.open_quote", line=_line_of(text, at)),
                     msg("read.fix.open_quote"))


def _without_padding(grid: np.ndarray, width: int, widest: int) -> np.ndarray:
    """Return the grid without the empty columns doubling the width added beyond the widest
    record seen."""
    if width <= widest:
        return grid
    filled = np.flatnonzero((grid != None).any(axis=0))  # noqa: E711 (elementwise)
    return grid[:, :max(widest, int(filled[-1]) + 1 if len(filled) else 1)]


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
    codes, categories = without_empty(
        codes, whole.dictionary.to_numpy(zero_copy_only=False).astype(object))
    # Arrow's dictionary holds each value once and its indices point into it.
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object),
                                     validate=False)


_EXPECTED_FIELDS = re.compile(r"Expected \d+ fields in line \d+, saw (\d+)")
