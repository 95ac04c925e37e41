"""Bytes to raw sheets: every format and encoding reads to the same cells and row numbers."""
from __future__ import annotations

import pytest

from kam_analytics.ingest.readers import read_file
from tests.corpus import build
from tests.ingest.sheets_data import (
    TABLE_LATIN,
    TABLE_RU,
    csv_bytes,
    expected_cells,
    ods_bytes,
    xlsx_bytes,
)

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
