"""Column-level number and date parsing: formats decided per column, never guessed."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from kam_analytics.i18n import render
from kam_analytics.ingest import distinct, numbers
from kam_analytics.ingest.dates import parse_date_column
from kam_analytics.ingest.numbers import parse_number, parse_number_column


def column(*cells: object) -> pd.Series:
    return pd.Series(list(cells), dtype=object)


def said(parsed: distinct.ParsedColumn) -> str:
    """Return a column's error as a manager reads it: what is wrong — how to fix it."""
    return f"{render(parsed.error)} — {render(parsed.fix)}"


def as_list(values: pd.Series) -> list:
    """Return values with NaN/NaT as None, dates as ISO text, for readable comparisons."""
    if values.dtype.kind == "M":
        return [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in values]
    return [None if math.isnan(v) else v for v in values]


# ---- numbers: one value ---------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("1234.5", 1234.5),
    ("1 234,50", 1234.5),
    ("1\u00a0234,50", 1234.5),  # NBSP thousands
    ("1\u202f234,50", 1234.5),  # narrow NBSP thousands
    ("1,234.50", 1234.5),
    ("1.234,50", 1234.5),
    ("1'234.50", 1234.5),
    ("€1,234.50", 1234.5),
    ("1 234 ₽", 1234.0),
    ("$12", 12.0),
    ("12 руб.", 12.0),
    ("EUR 15", 15.0),
    ("15 usd", 15.0),
    ("(12.00)", -12.0),
    ("€(12.00)", -12.0),
    ("-€12", -12.0),
    ("-5", -5.0),
    ("+5", 5.0),
    ("\u22125", -5.0),  # typographic minus
    ("1.234,50-", -1234.5),  # SAP's trailing minus
    ("1e3", 1000.0),
    ("2.5E-1", 0.25),
    ("12,5", 12.5),
    ("1,50", 1.5),
    ("0,5", 0.5),
    (".5", 0.5),
    ("1234,567", 1234.567),  # 4 digits before the comma: not a thousands group
    ("1.234.567", 1234567.0),
    ("1,234,567", 1234567.0),
    ("  42 ", 42.0),
    (12, 12.0),
    (2.5, 2.5),
    (np.float64(3.25), 3.25),
    (np.int64(7), 7.0),
])
def test_parse_number_reads_the_forms_managers_type(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", [
    "12%", "inf", "-inf", "nan", "NaN", "12,5,0", "abc", "12 34", "1 23,5", "(-12)", "12.",
    "1,234",  # ambiguous alone: 1234 or 1.234
    "1.234",
    "1" * 400, "1" * 400 + ",5", "1e999",  # beyond float: no finite number
    True, False, dt.date(2026, 7, 3), dt.time(1, 30), float("inf"),
    None, "", "   ", "\u00a0",
])
def test_parse_number_rejects_or_skips(cell):
    assert parse_number(cell) is None


@pytest.mark.parametrize(("cell", "reason_part"), [
    ("12%", "percentage"),
    ("inf", "finite"),
    ("9" * 400, "finite"),
    ("abc", "not a number"),
    ("1:30", "a time (h:mm)"),
    (True, "TRUE/FALSE"),
    (dt.date(2026, 7, 3), "date"),
])
def test_bad_numbers_say_why(cell, reason_part):
    parsed = parse_number_column(column(cell))
    assert parsed.bad.tolist() == [True]
    assert reason_part in render(parsed.reasons[str(cell)])


# ---- numbers: the column decides ------------------------------------------------------------

@pytest.mark.parametrize(("cells", "hint", "expected", "note_part"), [
    # a decimal comma elsewhere settles 1,234 as 1.234
    (["1,234", "12,5"], None, [1.234, 12.5], "decimal comma"),
    # a decimal dot elsewhere settles 1,234 as 1234
    (["1,234", "2,000.5"], None, [1234.0, 2000.5], "decimal dot"),
    (["1,234", "3.75"], None, [1234.0, 3.75], "decimal dot"),
    # dotted thousands groups settle 1.234 as 1234
    (["1.234", "1.234.567"], None, [1234.0, 1234567.0], "decimal comma"),
    # only ambiguous values: the file's locale decides
    (["1,234", "2,500"], ",", [1.234, 2.5], "locale"),
    (["1,234", "2,500"], ".", [1234.0, 2500.0], "locale"),
    (["1.234", "2.500"], ",", [1234.0, 2500.0], "locale"),
    # evidence beats the hint
    (["1,234", "12,5"], ".", [1.234, 12.5], "decimal comma"),
    # nothing to decide
    (["12", "1 234", 5.5], None, [12.0, 1234.0, 5.5], None),
])
def test_decimal_separator_is_decided_for_the_column(cells, hint, expected, note_part):
    parsed = parse_number_column(column(*cells), decimal_hint=hint)
    assert parsed.error is None
    assert as_list(parsed.values) == pytest.approx(expected)
    assert parsed.bad.tolist() == [False] * len(cells)
    if note_part is None:
        assert parsed.note is None
    else:
        assert note_part in render(parsed.note)


@pytest.mark.parametrize(("cells", "error_start"), [
    (["12,5", "1,234.50", None], "mixed decimal separators: 12,5 has a decimal comma but "
                                 "1,234.50 a decimal dot"),
    (["1.234.567", "3.75"], "mixed decimal separators"),
    (["1,234", "2,500", None],
     "ambiguous: 1,234 could be 1234 or 1.234 — write numbers without thousands separators "
     "or with 2 decimals"),
])
def test_undecidable_columns_are_errors_and_every_filled_row_is_bad(cells, error_start):
    parsed = parse_number_column(column(*cells))
    assert said(parsed).startswith(error_start)
    assert parsed.bad.tolist() == [c is not None for c in cells]
    assert parsed.values.isna().all()


def test_numbers_keep_index_blanks_and_bad_apart():
    cells = pd.Series(["12", None, "  ", "x", np.nan, 3.5, "\u00a0"], index=[10, 20, 30, 40, 50,
                                                                            60, 70], dtype=object)
    parsed = parse_number_column(cells)
    assert parsed.values.index.tolist() == [10, 20, 30, 40, 50, 60, 70]
    assert parsed.values.dtype == np.float64
    assert as_list(parsed.values) == [12.0, None, None, None, None, 3.5, None]
    assert parsed.blank.tolist() == [False, True, True, False, True, False, True]
    assert parsed.bad.tolist() == [False, False, False, True, False, False, False]


def test_bool_is_not_merged_with_one():
    # pandas hashes True, 1 and 1.0 together; only the bool is bad
    parsed = parse_number_column(column(1, True, 1.0, False, 0))
    assert as_list(parsed.values) == [1.0, None, 1.0, None, 0.0]
    assert parsed.bad.tolist() == [False, True, False, True, False]


def test_string_dtype_column_is_read():
    parsed = parse_number_column(pd.Series(["1 234,5", "2", None], dtype="str"))
    assert as_list(parsed.values) == [1234.5, 2.0, None]


def test_decimal_hint_must_be_a_separator():
    with pytest.raises(ValueError, match="decimal_hint"):
        parse_number_column(column("1"), decimal_hint=";")


@pytest.mark.parametrize("pool", [  # one currency per pool: mixed currencies are an error
    ["1 234,50", "12,5", "0,75", "-3", "(4,00)", "x", None, "€ 7", "", 9.5, "2%", "15",
     "1.234.567", " 8 ", "-0,5", np.nan, "\u22122", 4, "1\u00a0234\u00a0567,5", "2.345,6",
     "1,234", "1:30", "inf", "True", "12 eur.", "EUR 15", "-EUR 3", "€-4", "€12 EUR", "р."],
    ["1,234.50", "12.5", ".75", "-3", "(4.00)", "x", None, "$7", "", 9.5, "2%", "15",
     "1,234,567", " 8 ", "-0.5", np.nan, "1 234 567.5", "2,345.6", "1.234", "1e3", "abc",
     "name 12", "Бюро 7", "$ 1,234.50", "USD 3.5", "12.5 kg", "($12.00)", "-$2", "12$34",
     "$$5", "Europe 5", "12 rubles", "USD"],
])
def test_distinct_value_mapping_matches_value_by_value(pool):
    # The column path (vectorised shapes + distinct values) against parse_number's plain rules;
    # the ambiguous 1,234 / 1.234 take the column's separator.
    picks = np.random.default_rng(7).integers(0, len(pool), 5000)
    cells = pd.Series([pool[i] for i in picks], dtype=object)
    parsed = parse_number_column(cells)
    one_by_one = [1.234 if cell in ("1,234", "1.234") else parse_number(cell) for cell in pool]
    assert parsed.error is None
    assert as_list(parsed.values) == [one_by_one[i] for i in picks]


@pytest.mark.parametrize(("cells", "currencies", "error"), [
    (["€1,234.50", "€ 300", "12"], {"EUR": "€1,234.50"}, None),
    (["100 руб.", "200 р.", "5 RUB", "₽ 7"], {"RUB": "100 руб."}, None),
    (["$12 USD", "USD 3"], {"USD": "$12 USD"}, None),
    (["12", "13.5"], {}, None),
    (["€100", "$250", "12"], {"EUR": "€100", "USD": "$250"},
     "amounts in different currencies (€100 (EUR), $250 (USD)) cannot be added up"),
    (["EUR 5", "5 руб."], {"EUR": "EUR 5", "RUB": "5 руб."}, "amounts in different currencies"),
])
def test_currencies_are_reported_and_never_mixed(cells, currencies, error):
    parsed = parse_number_column(column(*cells))
    assert dict(parsed.currencies) == currencies
    if error is None:
        assert parsed.error is None and not parsed.bad.any()
    else:
        assert said(parsed).startswith(error)
        assert parsed.bad.tolist() == [True] * len(cells)  # no amount of the column is kept


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
])
def test_bad_dates_say_why(cell, reason_part):
    parsed = parse_date_column(column(cell, "2026-07-03"))
    assert parsed.bad.tolist() == [True, False]
    assert pd.isna(parsed.values.iloc[0])
    assert reason_part in render(parsed.reasons[str(cell)])


def test_leap_day_is_a_date():
    parsed = parse_date_column(column("29.02.2028"))
    assert as_list(parsed.values) == ["2028-02-29"]


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
