"""The column checks read the schema's declarations: a changed declaration changes the check."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from kam_analytics import ingest, settings
from kam_analytics.ingest import checks, schema

INTERACTIONS_CSV = "\n".join([
    "date,client,method,cost,hours,value",
    "2026-07-03,Acme,Site visits,100,2,4",
    "2026-07-04,Beta,Staff training,,1,",
]).encode()
CLIENTS_CSV = b"client,segment\nAcme,\nBeta,Gold\n"


def _declare(monkeypatch, table: str, column: str, **changes) -> None:
    """Make the schema declare ``column`` of ``table`` with ``changes`` for this test."""
    declared = schema.TABLES[table]
    columns = tuple(dataclasses.replace(c, **changes) if c.name == column else c
                    for c in declared.columns)
    monkeypatch.setitem(schema.TABLES, table, dataclasses.replace(declared, columns=columns))


def _lines(name: str, data: bytes) -> list[str]:
    return ingest.prepare_import([(name, data)]).problem_lines()


def test_every_declared_kind_has_a_check():
    declared = {c.kind for t in schema.TABLES.values() for c in (*t.columns, *t.alternatives)}
    assert declared <= set(schema.KINDS) == set(checks.CHECKS)


def test_the_ranges_are_the_settings():
    by_name = schema.COLUMN_BY_NAME
    assert (by_name["value"].minimum, by_name["value"].maximum) == (settings.RATING_MIN,
                                                                    settings.RATING_MAX)
    assert (by_name["date"].minimum, by_name["date"].maximum) == (settings.EARLIEST_YEAR,
                                                                  settings.LATEST_YEAR_AHEAD)
    assert {by_name[c].max_chars for c in ("client", "method", "manager", "segment")} == {
        settings.MAX_TEXT_CHARS}


def test_a_rating_is_checked_against_the_declared_range(monkeypatch):
    assert _lines("i.csv", INTERACTIONS_CSV) == []
    _declare(monkeypatch, "interactions", "value", maximum=3)
    (line,) = _lines("i.csv", INTERACTIONS_CSV)
    assert "above the maximum of 3" in line and "'4'" in line


def test_a_date_is_checked_against_the_declared_years(monkeypatch):
    _declare(monkeypatch, "interactions", "date", minimum=2027)
    (line,) = _lines("i.csv", INTERACTIONS_CSV)
    assert "date outside 2027-01-01" in line


def test_a_blank_cell_reads_as_the_declared_default(monkeypatch):
    _declare(monkeypatch, "interactions", "cost", default=7.0)
    batch = ingest.prepare_import([("i.csv", INTERACTIONS_CSV)])
    assert batch.interactions["cost"].tolist() == [100.0, 7.0]
    assert any("1 empty cell read as 7" in w.text() for w in batch.warnings)


def test_a_text_is_checked_against_the_declared_length(monkeypatch):
    _declare(monkeypatch, "interactions", "client", max_chars=3)
    (line,) = _lines("i.csv", INTERACTIONS_CSV)
    assert "rows 2, 3, column 'client'" in line and "longer than 3 characters" in line


@pytest.mark.parametrize("required, expected", [
    (("client",), []),
    (("client", "segment"), ["the segment is missing"]),
])
def test_the_columns_a_table_requires_are_the_declared_ones(monkeypatch, required, expected):
    monkeypatch.setitem(schema.TABLES, "clients",
                        dataclasses.replace(schema.CLIENTS, required=required))
    lines = _lines("c.csv", CLIENTS_CSV)
    assert [e for e in expected if any(e in line for line in lines)] == expected
    assert len(lines) == len(expected), lines


def test_minutes_stand_for_hours():
    data = b"date,client,method,minutes\n2026-07-03,Acme,Site visits,90\n"
    batch = ingest.prepare_import([("m.csv", data)])
    assert batch.interactions["hours"].tolist() == [1.5]
    assert schema.INTERACTIONS.missing({"date", "client", "method", "hours_minutes"}) == []
    assert [c.name for c in schema.INTERACTIONS.as_read({"hours_minutes"})][4] == "hours_minutes"


def test_unknown_labels_past_the_listed_ones_are_counted_not_listed(monkeypatch):
    from kam_analytics import ingest, settings
    monkeypatch.setattr(settings, "UNKNOWN_METHODS_LISTED", 2)
    rows = ["Date,Client,Method"]
    for label, n in (("Golf", 4), ("Yacht trip", 3), ("Opera", 2), ("Spa", 1), ("Zoo", 1)):
        rows += [f"2026-07-01,Acme,{label}"] * n
    batch = ingest.prepare_import([("q3.csv", "\n".join(rows).encode())])
    assert [(u.label, u.rows, u.first_rows) for u in batch.unknown_methods] == [
        ("Golf", 4, [2, 3, 4, 5]), ("Yacht trip", 3, [6, 7, 8])]
    assert batch.unknown_methods_more == (3, 4)
    assert not batch.ok
    lines = batch.problem_lines()
    assert "3 more unknown method labels (4 rows) are not listed, beyond the 2 with the most" in (
        " ".join(lines))


# ---- numbers that look wrong: flagged, never changed unasked -----------------------------------
def _batch(name: str, data: bytes) -> ingest.ImportBatch:
    return ingest.prepare_import([(name, data)], isolate=False)


def _rows(header: str, cells: list[str]) -> bytes:
    """Return a CSV whose rows 2.. hold ``cells`` in a column headed ``header``."""
    lines = [f"Date;Client;Method;{header}"] + [
        f"2026-07-{i % 28 + 1:02d};C{i};Site visits;{c}" for i, c in enumerate(cells)]
    return "\n".join(lines).encode()


@pytest.mark.parametrize(("header", "cell", "stored"), [
    ("Spend (€k)", "1,2345", 1234.5),               # not 1234.4999999999998
    ("Затраты, тыс. руб.", "0,1", 100.0),
    ("Cost K EUR", "2,5", 2500.0),
    ("Cost, kEUR", "0,0001", 0.1),
    ("Затраты, млн руб", "1,2345678", 1_234_567.8),
    ("Cost, EUR m", "0,3", 300_000.0),
])
def test_amounts_are_scaled_by_their_headers_unit_exactly(header, cell, stored):
    batch = _batch("t.csv", _rows(header, [cell]))
    assert batch.ok, batch.problem_lines()
    assert batch.interactions["cost"].tolist() == [stored]
    unit = "thousands" if "k" in header.lower() or "тыс" in header else "millions"
    factor = "1,000" if unit == "thousands" else "1,000,000"
    assert f"'{header}': amounts in {unit}, multiplied by {factor}." in [
        w.text().split(": ", 1)[1] for w in batch.warnings]


def test_workbook_amounts_in_thousands_are_scaled_too():
    from tests.ingest.sheets_data import xlsx_bytes

    batch = _batch("t.xlsx", xlsx_bytes([["Date", "Client", "Method", "Spend (€k)"],
                                         ["2026-07-01", "A", "Site visits", 1.2345],
                                         ["2026-07-02", "B", "Site visits", 12]]))
    assert batch.interactions["cost"].tolist() == [1234.5, 12_000.0]


def test_a_header_naming_two_units_is_a_problem():
    batch = _batch("t.csv", _rows("Cost, k mln", ["1"]))
    assert batch.problem_lines() == [
        "t.csv, row 1, column 'Cost, k mln' (D): 'Cost, k mln' names both thousands and "
        "millions: which the amounts are in cannot be told. How to fix: keep one unit in the "
        "header (e.g. 'Cost, k EUR') and upload again"]


def test_hours_over_a_day_are_named_with_their_values():
    batch = _batch("t.csv", _rows("Hours", ["2", "30", "1,5", "25"]))
    (line,) = [w.text() for w in batch.warnings if "24 hours" in w.text()]
    assert "rows 3, 5" in line and "2 interactions take more than 24 hours" in line
    assert "row 3: 30, row 5: 25" in line
    assert "--map 'Hours=hours_minutes'" in line
    assert batch.interactions["hours"].tolist() == [2, 30, 1.5, 25]  # stored as given


def test_minutes_over_a_day_are_named_in_hours():
    batch = _batch("t.csv", _rows("Duration (minutes)", ["90", "2000", "1440"]))
    assert batch.interactions["hours"].tolist() == [1.5, 2000 / 60, 24]
    (line,) = [w.text() for w in batch.warnings if "24 hours" in w.text()]
    assert "row 3" in line and "1 interaction takes more than 24 hours: row 3: 33.3333" in line
    assert "read as minutes" in line


def test_an_hours_column_of_minutes_is_named_with_the_mapping_to_give():
    # 5 values above zero, 4 multiples of 5 (80%), median 30: minutes, by the look of it
    batch = _batch("t.csv", _rows("Time", ["30", "45", "15", "60", "20,5", "0"]))
    (line,) = [w.text() for w in batch.warnings if "looks like minutes" in w.text()]
    assert "'Time' (D) looks like minutes, not hours: 80% of its values are multiples of 5 " \
           "and their median is 30" in line
    assert "rows 2, 3, 5" in line  # the values over 24 hours
    assert "'Time in minutes'" in line and "--map 'Time=hours_minutes'" in line


@pytest.mark.parametrize("cells", [
    ["1", "2", "1,5", "3", "2"],                 # hours
    ["10", "20", "15", "20"],                    # only 4 values: too few to say
    ["5", "10", "5", "10", "5"],                 # median 5 < 15: short visits in hours
])
def test_plausible_hours_pass_without_a_word(cells):
    batch = _batch("t.csv", _rows("Hours", cells))
    assert not [w for w in batch.warnings if "minutes" in w.text() or "24 hours" in w.text()]


def test_amounts_far_from_the_columns_median_are_named():
    # 21 amounts above zero: twenty of 100..119 (median of all 21: 110), one of 20,000
    cells = [str(100 + i) for i in range(20)] + ["20000", "0"]
    batch = _batch("t.csv", _rows("Cost", cells))
    (line,) = [w.text() for w in batch.warnings if "median" in w.text()]
    assert "row 22" in line and "1 amount is more than 100 times the column's median (110)" \
        in line and "row 22: 20,000" in line
    assert batch.interactions["cost"].iloc[20] == 20_000  # stored as given


def test_few_amounts_are_not_judged_against_their_median():
    cells = [str(100 + i) for i in range(18)] + ["20000"]  # 19 amounts: too few
    batch = _batch("t.csv", _rows("Cost", cells))
    assert not [w for w in batch.warnings if "median" in w.text()]


# ---- invisible characters --------------------------------------------------------------------
def test_invisible_characters_are_removed_from_names_and_labels_with_a_note():
    data = "\n".join([
        "Date,Client,Method,Manager",
        "2026-07-01,Acme\u200b Ltd,Site visits,Ann",
        "2026-07-02,Acme Ltd,Site vi\u00adsits,Ann\u200d",
        "2026-07-03,\ufeffAcme\u00a0Ltd,Site visits,Ann",
    ]).encode()
    batch = _batch("t.csv", data)
    assert batch.ok, batch.problem_lines()
    assert batch.interactions["client"].astype(str).tolist() == ["Acme Ltd"] * 3
    assert batch.interactions["manager"].astype(str).tolist() == ["Ann"] * 3
    lines = [w.text() for w in batch.warnings if "show as nothing" in w.text()]
    assert len(lines) == 3
    assert any("rows 2, 4" in line and "'Client' (B): 2 cells" in line for line in lines)
    assert any("row 3" in line and "'Method' (C): 1 cell" in line for line in lines)
    assert any("row 3" in line and "'Manager' (D): 1 cell" in line for line in lines)


def test_a_method_column_of_too_many_different_labels_is_refused_at_once(monkeypatch):
    from kam_analytics import ingest, settings
    monkeypatch.setattr(settings, "MAX_METHOD_LABELS", 3)
    rows = ["Date,Client,Subject"] + [f"2026-07-01,Acme,Call about order {i}" for i in range(4)]
    batch = ingest.prepare_import([("q3.csv", "\n".join(rows).encode())])
    assert batch.unknown_methods == []  # not matched one by one
    [problem] = batch.errors
    assert problem.text().startswith(
        "q3.csv: 'Subject' (C) holds 4 different labels, more than the 3 a column of "
        "relationship methods can hold")
    assert "--map 'HEADER=method'" in problem.text()


# ---- margins in a Clients table --------------------------------------------------------------
def _clients(rows: str) -> ingest.ImportBatch:
    data = "Client,Segment,Annual revenue,Gross margin\n" + rows
    return ingest.prepare_import([("clients.csv", data.encode())])


def test_margins_are_read_negative_ones_kept_and_named():
    batch = _clients("Acme,A,1000,250\nBolt,B,800,-40\nCora,B,,90\nDune,C,500,\n")
    assert batch.ok, batch.problem_lines()
    margin = batch.clients.set_index("client")["margin"]
    assert margin[["Acme", "Bolt", "Cora"]].tolist() == [250.0, -40.0, 90.0]
    assert pd.isna(margin["Dune"])
    warnings = [w.text() for w in batch.warnings]
    assert ("clients.csv, row 3, column 'Gross margin' (D): 1 client has a negative margin "
            "(sold below cost): kept as given, it loses money before any relationship "
            "cost.") in warnings
    assert ("clients.csv, row 5, column 'Gross margin' (D): 1 client has no margin: Client "
            "economics lists it as without a margin and leaves it out of its whale curve "
            "(enter its margin to include it).") in warnings


def test_a_margin_above_the_revenue_is_a_problem_naming_its_rows():
    batch = _clients("Acme,A,1000,1250\nBolt,B,800,100\nCora,B,50,60\n")
    (line,) = batch.problem_lines()
    assert line.startswith("clients.csv, rows 2, 4, column 'Gross margin' (D): a margin "
                           "larger than the client's annual revenue"), line
    assert "same unit" in line


def test_margins_given_as_rates_are_a_problem():
    batch = _clients("Acme,A,1000,0.25\nBolt,B,800,0.1\n")
    (line,) = batch.problem_lines()
    assert "rows 2, 3, column 'Gross margin' (D): every margin lies between -1 and 1" in line, line
    assert "revenue × margin rate" in line


@pytest.mark.parametrize("header", ["Net margin", "Net profit, EUR"])
def test_a_net_margin_is_refused_not_read_as_a_gross_one(header):
    data = f'Client,Segment,"{header}"\nAcme,A,250\n'
    (line,) = ingest.prepare_import([("clients.csv", data.encode())]).problem_lines()
    assert line.startswith(f"clients.csv, row 1, column '{header}' (C): '{header}' is a net "
                           "figure"), line
    assert "gross margin (revenue less the cost of the goods sold)" in line
