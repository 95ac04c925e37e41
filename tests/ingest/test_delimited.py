"""Delimited text: encodings, delimiters, ragged rows, quoted newlines, wide texts and limits."""
from __future__ import annotations

import pytest

from kam_analytics.ingest import delimited, distinct, raw_sheets
from kam_analytics.ingest.raw_sheets import ReadError
from kam_analytics.ingest.readers import read_file
from tests.ingest.sheets_data import (
    csv_bytes,
    expected_cells,
    xlsx_bytes,
)

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


def test_too_many_cells_are_refused_before_any_parsing(monkeypatch):
    # Lines x the first lines' width is known from counting line breaks: no parser runs.
    monkeypatch.setattr(raw_sheets, "MAX_CELLS_READ", 1000)

    def parser_ran(*args, **kwargs):
        raise AssertionError("a parser ran on a text refused by its size")

    monkeypatch.setattr(delimited, "_arrow_cells", parser_ran)
    monkeypatch.setattr(delimited.pd, "read_csv", parser_ran)
    with pytest.raises(ReadError, match=r"about 400 rows x 11 columns"):
        read_file("t.csv", ("," * 10 + "\n").encode() * 400)
    with pytest.raises(ReadError, match=r"about 400 rows x 11 columns"):  # CR-only lines
        read_file("t.csv", ("," * 10 + "\r").encode() * 400)


@pytest.mark.parametrize("text, expected", [
    (b"ab\ncdef\ng", (4, 2)), (b"ab\r\ncdef\r\n", (5, 2)), (b"abc\rde\r", (3, 1)),
    (b"abcdef", (6, 1)), (b"", (0, 1)), (b"a\n\n\nlongest", (7, 4))])
def test_the_longest_line_is_found_in_chunks(text, expected):
    assert delimited.longest_line(text) == expected
    assert delimited.longest_line(text, chunk=2) == expected  # lines across chunk ends


def test_a_line_longer_than_any_tables_row_is_refused_at_once(monkeypatch):
    monkeypatch.setattr(delimited.settings, "MAX_LINE_BYTES", 100)
    ok = b"Date,Client,Method\n" + b"x" * 100 + b"\n"
    read_file("ok.csv", ok)  # exactly the limit: read
    with pytest.raises(ReadError, match=r"bad\.csv: line 3 is 101 bytes long, longer than any "
                                        r"table's row \(100 bytes at most\)"):
        read_file("bad.csv", ok + b"," * 101)


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


# ---- lines of another encoding in a UTF-8 file ---------------------------------------------
@pytest.mark.parametrize(("legacy", "name"), [("cp1252", "Müller GmbH"),
                                              ("cp1251", "ООО Ромашка")])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_lines_in_another_encoding_are_decoded_one_by_one(legacy, name, newline):
    data = (f"client;note{newline}Müller GmbH;a{newline}".encode()
            + f"{name};b{newline}".encode(legacy) + f"ООО Ромашка;c{newline}".encode())
    (sheet,) = read_file("t.csv", data)
    assert sheet.cells.astype(object).iloc[1:, 0].tolist() == [
        "Müller GmbH", name, "ООО Ромашка"]  # no 'MÃ¼ller GmbH'
    assert (sheet.encoding, sheet.other_encoding, sheet.other_lines) == ("utf-8", legacy, (3,))


def test_the_hint_line_is_no_row_of_the_lines_read_otherwise():
    data = b"sep=;\nclient;n\n" + "Müller;1\n".encode() + "Müller;2\n".encode("cp1252")
    (sheet,) = read_file("t.csv", data)
    assert sheet.other_lines == (3,)  # the file's 4th line: row 3, after the hint line


def test_a_file_wholly_in_a_legacy_encoding_is_no_mixture():
    (sheet,) = read_file("t.csv", "client\nMüller\nSchön\n".encode("cp1252"))
    assert (sheet.encoding, sheet.other_lines) == ("cp1252", ())


def test_legacy_bytes_that_happen_to_be_utf8_are_not_taken_for_it():
    # cp1251 'Пё' is the bytes CF B8, valid UTF-8 for a Greek letter no name holds
    data = "client\nПё\n".encode("cp1251") + "Мёд\n".encode("cp1251")
    (sheet,) = read_file("t.csv", data)
    assert sheet.cells.astype(object).iloc[1:, 0].tolist() == ["Пё", "Мёд"]
    assert sheet.encoding == "cp1251"
