"""Dates as managers type them: the day/month order decided per column, never guessed."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from kam_analytics.i18n import render
from kam_analytics.ingest import distinct, numbers
from kam_analytics.ingest.dates import parse_date_column, parse_timestamp_column
from kam_analytics.ingest.numbers import parse_number_column
from tests.ingest.parsing import as_list, column, said

# ---- dates: one value -----------------------------------------------------------------------

@pytest.mark.parametrize("cell", [
    "2026-07-03", "2026-07-03 14:00", "2026-07-03T14:00:00", "2026-07-03T14:00:00.5Z",
    "2026/07/03", "2026.07.03", "03.07.2026", "3.7.2026", "03.07.26", "03.07.2026 14:00",
    "3 Jul 2026", "3 July 2026", "03-Jul-2026", "3-jul-26", "Jul 3, 2026", "July 3rd, 2026",
    "3 июля 2026", "3 июля 2026 г.", "3 июл 2026",
    "03/07/2026 14:00",  # slash forms need the column: this one is day-first only with others
    dt.date(2026, 7, 3), dt.datetime(2026, 7, 3, 14, 30), pd.Timestamp("2026-07-03 23:59"),
    np.datetime64("2026-07-03T10:00"), 46206, 46206.75, "46206",
])
def test_dates_in_many_forms_read_as_midnight(cell):
    cells = column(cell, "25/12/2026")  # day-first evidence for the slash form
    if isinstance(cell, (int, float)) or cell == "46206":
        cells = column(cell)
    parsed = parse_date_column(cells)
    assert parsed.error is None
    assert parsed.values.dtype == "datetime64[ns]"
    assert parsed.values.iloc[0] == pd.Timestamp("2026-07-03")
    assert not parsed.bad.iloc[0]


@pytest.mark.parametrize(("cell", "reason_part"), [
    ("31.02.2026", "no such date"),
    ("2026-02-30", "no such date"),
    ("2026-13-01", "no such date"),
    ("29.02.2025", "no such date"),
    ("foo", "not a date"),
    ("3 Foo 2026", "not a date"),
    ("13/14/2026", "no such date"),
    (True, "not a date"),
    (dt.time(1, 30), "time"),
    ("0001-01-01", "year out of range"),
    (dt.date(9999, 1, 1), "year out of range"),
    # The calendar, month by month and in leap years (1900 was none, 2000 was one).
    ("2026-04-31", "no such date"), ("31.06.2026", "no such date"),
    ("2026-00-10", "no such date"), ("00.01.2026", "no such date"),
    ("1900-02-29", "no such date"), ("29.02.1900", "no such date"),
    ("29 feb 1900", "no such date"),
    # Year 0: a date in the ISO form (too early), none in the dotted one or with a month name.
    ("0000-01-01", "year out of range"), ("01.01.0000", "no such date"),
    ("1 jan 0000", "no such date"), ("1 jan 1500", "year out of range"),
])
def test_bad_dates_say_why(cell, reason_part):
    parsed = parse_date_column(column(cell, "2026-07-03"))
    assert parsed.bad.tolist() == [True, False]
    assert pd.isna(parsed.values.iloc[0])
    assert reason_part in render(parsed.reasons[str(cell)])


@pytest.mark.parametrize("cell", ["29.02.2028", "2028-02-29 10:30", "29 feb 2028"])
def test_leap_day_is_a_date(cell):
    parsed = parse_date_column(column(cell))
    assert as_list(parsed.values) == ["2028-02-29"]


def test_dates_of_each_form_read_in_one_column():
    cells = column("2026-01-31", "31.12.2026", "2000-02-29", "01.03.2000 9:05", "31 Dec 1999")
    parsed = parse_date_column(cells)
    assert as_list(parsed.values) == ["2026-01-31", "2026-12-31", "2000-02-29", "2000-03-01",
                                      "1999-12-31"]
    assert not parsed.bad.any()


# ---- dates: the column decides --------------------------------------------------------------

@pytest.mark.parametrize(("cells", "expected", "note"), [
    (["03/07/2026", "25/12/2026"], ["2026-07-03", "2026-12-25"], "dates read as day/month/year"),
    (["03-07-2026", "25-12-2026"], ["2026-07-03", "2026-12-25"], "dates read as day/month/year"),
    (["03/07/2026", "12/25/2026"], ["2026-03-07", "2026-12-25"], "dates read as month/day/year"),
    (["7/3/26 2:00 PM", "7/13/26"], ["2026-07-03", "2026-07-13"], "dates read as month/day/year"),
    (["05/05/2026"], ["2026-05-05"], "dates read as day/month/year"),  # same either way
    (["2026-07-03", "03.07.2026"], ["2026-07-03", "2026-07-03"], None),
])
def test_day_month_order_is_decided_for_the_column(cells, expected, note):
    parsed = parse_date_column(column(*cells))
    assert parsed.error is None
    assert as_list(parsed.values) == expected
    assert (parsed.note and render(parsed.note)) == note


@pytest.mark.parametrize(("cells", "error"), [
    (["03/07/2026", "04/07/2026", None],
     "ambiguous day/month order: 03/07/2026 could be 3 July or 7 March — use yyyy-mm-dd "
     "(2026-07-03) or dd.mm.yyyy (03.07.2026)"),
    (["03/07/2026", "25/12/2026", "12/25/2026", "2026-07-03"],
     "mixed day/month order: 25/12/2026 has the day first but 12/25/2026 the month first — use "
     "one order in the whole column, best yyyy-mm-dd or dd.mm.yyyy"),
])
def test_undecidable_date_columns_are_errors(cells, error):
    parsed = parse_date_column(column(*cells))
    assert said(parsed) == error
    assert parsed.bad.tolist() == [c is not None for c in cells]
    assert parsed.values.isna().all()


def test_numbers_are_excel_serials_only_in_a_mostly_numeric_column():
    serials = parse_date_column(column(46206, 46207.5, "46208", "2026-07-06", 5, None))
    assert as_list(serials.values) == ["2026-07-03", "2026-07-04", "2026-07-05", "2026-07-06",
                                       None, None]
    assert serials.bad.tolist() == [False, False, False, False, True, False]
    assert render(serials.note) == "numbers read as Excel date serials"
    assert "20000..80000" in render(serials.reasons["5"])

    texts = parse_date_column(column(46206, "03.07.2026", "04.07.2026"))
    assert as_list(texts.values) == [None, "2026-07-03", "2026-07-04"]
    assert render(texts.reasons["46206"]) == "a number, not a date"


def test_dates_keep_index_and_blanks():
    cells = pd.Series([None, " ", pd.NaT, "03.07.2026", np.nan], index=list("abcde"),
                      dtype=object)
    parsed = parse_date_column(cells)
    assert parsed.values.index.tolist() == list("abcde")
    assert parsed.blank.tolist() == [True, True, True, False, True]
    assert parsed.bad.tolist() == [False] * 5
    assert as_list(parsed.values) == [None, None, None, "2026-07-03", None]


def test_datetime_dtype_column_is_read():
    parsed = parse_date_column(pd.Series(pd.to_datetime(["2026-07-03 10:00", None])))
    assert as_list(parsed.values) == ["2026-07-03", None]
    assert parsed.blank.tolist() == [False, True]


def test_date_distinct_mapping_matches_value_by_value():
    pool = ["03.07.2026", "2026-07-04", "5 Jul 2026", "31.02.2026", "x", None, "",
            dt.date(2026, 7, 6), dt.datetime(2026, 7, 7, 9, 0), "08.07.2026 10:00"]
    picks = np.random.default_rng(3).integers(0, len(pool), 5000)
    parsed = parse_date_column(pd.Series([pool[i] for i in picks], dtype=object))
    one_by_one = [as_list(parse_date_column(column(cell)).values)[0] for cell in pool]
    assert as_list(parsed.values) == [one_by_one[i] for i in picks]


def test_a_categorical_columns_distinct_cells_are_worked_out_once_inside_an_import():
    column = pd.Series(pd.Categorical(["b", "a", None, "b"]))
    assert distinct.distinct_cells(column) is not distinct.distinct_cells(column)
    with distinct.distinct_cells_remembered():
        first = distinct.distinct_cells(column)
        assert distinct.distinct_cells(column) is first
        assert distinct.distinct_cells(column.iloc[1:]) is not first  # a slice is asked anew
        assert distinct.distinct_cells(column.iloc[1:]).uniques == ["a", "b"]
    assert first.uniques == ["b", "a"] and first.codes.tolist() == [0, 1, -1, 0]
    assert not first.codes.flags.writeable  # shared answers cannot be changed by a caller
    assert distinct.distinct_cells(column) is not first  # forgotten after the block


def _distinct_as_objects(cells: pd.Series) -> tuple[list, list]:
    plain = distinct.distinct_cells(cells.astype(object))
    return plain.uniques, plain.codes.tolist()


@pytest.mark.parametrize("seed", range(40))
def test_a_categorical_columns_distinct_cells_equal_those_of_its_cells_as_objects(seed):
    # Columns read by Arrow number their categories in order of first appearance (answered from
    # the codes without hashing, header rows cut off or not); any other order, a category met
    # again after the cut, gaps and missing cells take the general path. All must agree.
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 60)), int(rng.integers(1, 8))
    labels = [f"v{i}" for i in range(k)]
    if seed % 2:  # in order of first appearance, as Arrow builds dictionaries
        order = pd.unique(rng.integers(0, k, n))
        categories = [labels[i] for i in order] + [x for i, x in enumerate(labels)
                                                   if i not in set(order)]
    else:
        categories = list(rng.permutation(labels))
    cells = [None if rng.random() < 0.2 else labels[i] for i in rng.integers(0, k, n)]
    column = pd.Series(pd.Categorical(cells, categories=categories))
    for cut in {0, 1, min(2, n - 1), int(rng.integers(0, n))}:
        part = column.iloc[cut:]
        found = distinct.distinct_cells(part)
        assert (found.uniques, found.codes.tolist()) == _distinct_as_objects(part)


def test_distinct_cells_of_a_sliced_arrow_column_come_from_its_codes():
    column = pd.Series(pd.Categorical.from_codes([0, 1, 2, 1, -1, 3, 2],
                                                 categories=["Date", "a", "b", "c"]))
    body = column.iloc[1:]  # the header row cut off
    found = distinct.distinct_cells(body)
    assert found.uniques == ["a", "b", "c"] and found.codes.tolist() == [0, 1, 0, -1, 2, 1]
    again = column.iloc[1:].copy()
    again.iloc[3] = "Date"  # the header's text met again below it: not a run in order
    found = distinct.distinct_cells(again)
    assert found.uniques == ["a", "b", "Date", "c"]
    assert found.codes.tolist() == [0, 1, 0, 2, 3, 1]
    assert distinct._run_in_order(again.array.codes) is None


@pytest.mark.parametrize("hint", [None, ","])
@pytest.mark.parametrize(("cells", "row_by_row"), [
    (["12.50", None, "7", "-3.25", "1000000"], True),  # plain: read row by row in Arrow
    (["812,34", None, "7", "-3,25"], True),            # decimal commas, row by row, with a note
    (["12.50", "1.234", "7"], False),                  # 1.234-like: the full reading decides
    (["812,34", "1,234"], False),                      # 1,234-like: the full reading decides
    (["12,5", "3.25"], False),                         # both separators: the full reading
    (["1 234,50", "7"], False),                        # spaces, comma: the full reading
    (["12.5", " ", "x", None], False),                 # blank and bad cells: the full reading
    (["9" * 400, "1"], False),                         # overflows to inf: the full reading
    (["9" * 400 + ",5", "1"], False),                  # the same with a comma
    ([None, None], False),                             # nothing to read
])
def test_numbers_of_arrow_held_text_equal_those_of_the_same_cells_encoded(cells, row_by_row,
                                                                          hint):
    # A CSV column of nearly all distinct values stays text held by Arrow; reading it must give
    # what the same cells dictionary-encoded give, row for row.
    half = len(cells) // 2  # in two chunks, as Arrow's reader leaves a column
    arrow_text = pd.Series(pd.array(pa.chunked_array(
        [pa.array(cells[:half], pa.string()), pa.array(cells[half:], pa.string())]),
        dtype="str"))
    encoded = pd.Series(pd.Categorical(cells))
    assert distinct.is_arrow_text(arrow_text) and not distinct.is_arrow_text(encoded)
    assert (numbers._plain_number_rows(arrow_text) is not None) == row_by_row
    got = parse_number_column(arrow_text, decimal_hint=hint)
    expected = parse_number_column(encoded, decimal_hint=hint)
    pd.testing.assert_series_equal(got.values, expected.values)
    pd.testing.assert_series_equal(got.bad, expected.bad)
    pd.testing.assert_series_equal(got.blank, expected.blank)
    assert (got.note, got.error, dict(got.reasons)) == (
        expected.note, expected.error, dict(expected.reasons))


@pytest.mark.parametrize("seed", range(10))
def test_kinds_of_distinct_cells_are_each_cells_own(seed):
    # Whole columns of numbers or of text are classified at once; anything else cell by cell.
    rng = np.random.default_rng(seed)
    pools = [[1.5, 2.0, float("nan"), np.float64(3.0)], [1, 2, np.int64(3)], [1, 2.5],
             [True, 1], [True, False], ["a", "b"], [1.5, "a"], [dt.date(2026, 1, 1), 2.0],
             [dt.time(1, 30), 1]]
    pool = pools[seed % len(pools)]
    cells = [pool[i] for i in rng.integers(0, len(pool), 30)]
    assert numbers._kinds(cells).tolist() == [numbers._kind(c) for c in cells]


# ---- date-times -----------------------------------------------------------------------------
@pytest.mark.parametrize("cell, expected", [
    ("2026-03-31 23:30", "2026-03-31 23:30:00"),
    ("31.03.2026 9:05", "2026-03-31 09:05:00"),
    ("2026-03-31T23:30:15", "2026-03-31 23:30:15"),
    ("31.03.2026 2:30 pm", "2026-03-31 14:30:00"),
    ("2026-03-31", "2026-03-31 00:00:00"),  # no time: midnight
    (dt.datetime(2026, 3, 31, 8, 45), "2026-03-31 08:45:00"),
    (46112.75, "2026-03-31 18:00:00"),  # an Excel serial's fraction of a day
])
def test_date_times_keep_their_time_of_day(cell, expected):
    parsed = parse_timestamp_column(column(cell))
    assert parsed.error is None and not parsed.bad.iloc[0]
    assert parsed.values.iloc[0] == pd.Timestamp(expected)


def test_a_time_zone_is_not_converted_and_the_note_says_so():
    parsed = parse_timestamp_column(column("2026-03-31T23:30:00+03:00", "2026-04-01 08:00"))
    assert parsed.values.tolist() == [pd.Timestamp("2026-03-31 23:30"),
                                      pd.Timestamp("2026-04-01 08:00")]
    assert "not converted" in render(parsed.note)


def test_date_times_share_the_columns_day_month_order_and_bad_cells():
    parsed = parse_timestamp_column(column("03/04/2026 10:00", "25/12/2026 11:00", "soon"))
    assert parsed.values.iloc[0] == pd.Timestamp("2026-04-03 10:00")
    assert parsed.bad.tolist() == [False, False, True]
