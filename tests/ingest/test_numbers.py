"""Numbers as managers type them: the decimal separator decided per column, never guessed."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kam_analytics.i18n import render
from kam_analytics.ingest.numbers import parse_number, parse_number_column
from tests.ingest.parsing import as_list, column, said

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
