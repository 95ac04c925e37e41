"""The column checks read the schema's declarations: a changed declaration changes the check."""

from __future__ import annotations

import dataclasses

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
