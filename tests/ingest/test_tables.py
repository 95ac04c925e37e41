"""Finding a table's rows: rows with more cells than the header are reported, never shifted."""

from __future__ import annotations

from kam_analytics import ingest


def _batch(text: str) -> ingest.ImportBatch:
    return ingest.prepare_import([("t.csv", text.encode())], isolate=False)


def test_an_unquoted_decimal_comma_is_a_problem_naming_rows_and_extra_cells():
    # The users' report: 1200,50 split in two moved 50 into the Hours column.
    rows = ["Date,Client,Method,Cost,Hours,Manager"] + [
        f"2026-07-{d:02d},Acme,Site visits,1200,50,6,Ann" for d in range(1, 21)] + [
        "2026-07-21,Acme,Site visits,300,6,Ann"]
    batch = _batch("\n".join(rows))
    assert batch.problem_lines() == [
        "t.csv, rows 2, 3, 4, 5, 6, 7, 8, 9 and 12 more: 20 rows have more cells than the "
        "header's 6 columns, so their values would move into the next column (an amount with "
        "a decimal comma, 1200,50, splits in two): G2 'Ann'; G3 'Ann'; G4 'Ann'. How to fix: "
        "put amounts with a decimal comma in quotes (\"1200,50\"), save the file with ';' "
        "between columns, or write amounts with a decimal point (1200.50)"]
    assert batch.interactions.empty  # nothing stored


def test_every_extra_cell_of_a_row_is_named():
    batch = _batch("Date,Client,Method,Cost\n2026-07-01,A,Site visits,1,5,x,,y\n")
    (line,) = batch.problem_lines()
    assert "1 row has more cells than the header's 4 columns" in line
    assert "E2 '5', F2 'x', H2 'y'" in line


def test_rows_as_wide_as_the_header_pass():
    batch = _batch("Date,Client,Method,Cost,\n2026-07-01,A,Site visits,1,\n")
    assert batch.ok, batch.problem_lines()


def test_a_quoted_decimal_comma_is_one_cell():
    batch = _batch('Date,Client,Method,Cost\n2026-07-01,A,Site visits,"1200,50"\n')
    assert batch.ok and batch.interactions["cost"].tolist() == [1200.5]
