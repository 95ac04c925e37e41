"""Workbooks through calamine: cells keep types and positions, columns encode as their cleaned
cells would, large reads stay lean."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from kam_analytics.ingest import formats, raw_sheets, workbook
from kam_analytics.ingest.raw_sheets import ReadError
from kam_analytics.ingest.readers import read_file
from tests.corpus import build
from tests.ingest.sheets_data import (
    xlsx_bytes,
)

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
