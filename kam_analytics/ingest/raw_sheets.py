"""Raw sheets (cells as the user sees them, with their spreadsheet row numbers) and the error
a file that cannot be read becomes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam_analytics import settings
from kam_analytics.i18n import Message, msg, render
from kam_analytics.ingest import distinct

MAX_CELLS_READ = settings.MAX_CELLS  # cells of a sheet handed on, each a Python object
@dataclass
class RawSheet:
    file_name: str
    sheet: str | None  # sheet name; None for CSV
    # Columns 0..n-1, each dictionary-encoded (categorical): every distinct cell once, rows as
    # codes, so checking a column costs its distinct values, not its rows. Cells are str,
    # float, int, datetime or date (bools as their text); a missing cell has no category.
    # A CSV column of nearly all distinct values (amounts) is instead its text as Arrow holds
    # it (pandas "str"), missing cells missing: distinct.distinct_cells encodes it on demand.
    # A CSV text wider than long (thousands of columns) is one block of objects, None missing.
    cells: pd.DataFrame
    row_numbers: pd.Series  # the row number the user's spreadsheet shows (1-based), per row
    hidden: bool = False  # sheet hidden in the workbook
    decimal_hint: str | None = None  # "," for a decimal-comma locale (semicolon CSV)
    encoding: str | None = None  # CSV: encoding detected
    delimiter: str | None = None  # CSV: delimiter detected
    # CSV mostly in UTF-8 with some lines in a legacy encoding: those lines (1-based, as the
    # spreadsheet numbers them) and the encoding they were read with, each line decoded alone.
    other_lines: tuple[int, ...] = ()
    other_encoding: str | None = None
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

    def __init__(self, file: str, problem: Message, fix: Message | None = None):
        super().__init__(file, problem, fix)
        self.file, self.problem, self.fix = file, problem, fix

    def __str__(self) -> str:  # rendered when shown, in the reader's language
        return f"{self.file}: {render(self.problem)}" + (
            f" — {render(self.fix)}" if self.fix else "")


def too_many_cells(name: str, rows: int, width: int) -> ReadError:
    return ReadError(name, msg("read.too_many_cells", rows=rows, columns=width,
                             limit=MAX_CELLS_READ), msg("read.fix.too_many_cells"))


def without_empty(codes: np.ndarray, distinct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return codes into distinct cells and the cells with the empty text taken out of them:
    its rows become missing (-1) and the codes after it move down one."""
    at = np.flatnonzero(distinct == "")
    if not len(at):
        return codes, distinct
    empty = int(at[0])
    return np.where(codes == empty, -1, codes - (codes > empty)), np.delete(distinct, empty)


def dictionary_column(cells: np.ndarray) -> pd.Categorical:
    """Return an object array of cells as a categorical: None/NaN missing, bools as their text
    (the distinct cells ``distinct.distinct_cells`` finds)."""
    found = distinct.distinct_cells(pd.Series(cells, dtype=object, copy=False))
    return pd.Categorical.from_codes(found.codes,
                                     categories=pd.Index(found.uniques, dtype=object))


def dictionary_frame(grid: np.ndarray) -> pd.DataFrame:
    """Return a 2-D object grid as a frame of categorical columns 0..n-1."""
    return pd.DataFrame({j: dictionary_column(grid[:, j]) for j in range(grid.shape[1])},
                        index=pd.RangeIndex(grid.shape[0]))


def object_frame(grid: np.ndarray) -> pd.DataFrame:
    """Return a 2-D object grid of a sheet wider than long as one block of columns 0..n-1.

    Encoding each of 20,000 columns of two rows would cost seconds of pandas' per-column
    overhead and save nothing: a column of so few rows is checked as quickly cell by cell.
    """
    return pd.DataFrame(grid, index=pd.RangeIndex(grid.shape[0]),
                        columns=pd.RangeIndex(grid.shape[1]), dtype=object, copy=False)


def row_numbers(count: int) -> pd.Series:
    return pd.Series(np.arange(1, count + 1, dtype=np.int64), copy=False)
