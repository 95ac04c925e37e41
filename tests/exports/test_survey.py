"""The valuation survey: the rows each client is asked about, a workbook per client that names
no other client, and the round trip: exported, filled in, imported back as valuations."""

from __future__ import annotations

import io
import math
import zipfile

import openpyxl
import pandas as pd
import pytest

from kam_analytics import ingest
from kam_analytics.analysis import matrix
from kam_analytics.exports import survey
from kam_analytics.store import open_store

QUARTER = "2026Q3"
FORMULA = '=HYPERLINK("http://x","Zed")'  # a client named like a formula stays a name
CSV_ROWS = [
    # date, client, method, cost, hours, rating
    ("2026-07-03", "Acme Ltd", "Staff training", 1000, 2, 4),
    ("2026-07-20", "Acme Ltd", "Staff training", 500, 1, 5),
    ("2026-08-01", "Acme Ltd", "Site visits", 300, 3, ""),
    ("2026-08-02", "Bolt GmbH", "Site visits", 200, 1, 2),
    ("2026-08-09", "Bolt GmbH", "Reference selling", 0, 2, 3),
    ("2026-09-01", "Cyan & Co", "JIT delivery", 100, 1, ""),
    ("2026-09-02", FORMULA, "Site visits", 50, 1, ""),
]
CLIENTS = sorted({r[1] for r in CSV_ROWS})


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "kam.duckdb")
    lines = ["Date,Client,Method,Cost,Hours,Value (1-5),Manager"]
    lines += [",".join(['"' + str(c).replace('"', '""') + '"' for c in r] + ["Ann"])
              for r in CSV_ROWS]
    ingest.run_import(s, [("q3.csv", ("\n".join(lines) + "\n").encode())], isolate=False)
    s.save_valuation_entries(pd.DataFrame({
        "quarter": [QUARTER], "client": ["Acme Ltd"], "method": ["trust.site_visits"],
        "value": [2], "comment": ["internal note: never sent"]}), "Eva")
    yield s
    s.close()


def rows_of(store) -> pd.DataFrame:
    return survey.survey_rows(store.activity(quarters=[QUARTER]),
                              store.valuations(quarters=[QUARTER]), QUARTER)


def test_each_client_is_asked_about_the_methods_it_received_with_its_valuation(store):
    actual = [(r.client, r.method_label, None if math.isnan(r.value) else r.value)
              for r in rows_of(store).itertuples()]
    # Clients by name ("=" first); methods in the framework's order (trust, technical, ...).
    assert actual == [(FORMULA, "Site visits", None),
                      ("Acme Ltd", "Site visits", 2.0), ("Acme Ltd", "Staff training", None),
                      ("Bolt GmbH", "Site visits", None),
                      ("Bolt GmbH", "Reference selling", None),
                      ("Cyan & Co", "Fast / just-in-time delivery", None)]
    assert survey.survey_rows(store.activity(), store.valuations(), "2026Q2").empty


def _texts(data: bytes) -> tuple[list[str], str]:
    """Return every cell, sheet name and document property of a workbook read by openpyxl,
    and the text of every part of the file as stored."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = [*book.sheetnames]
    props = book.properties
    found += [str(getattr(props, p)) for p in ("title", "subject", "creator", "keywords",
                                               "description", "category", "lastModifiedBy")]
    for sheet in book.worksheets:
        found += [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        raw = "\n".join(parts.read(n).decode("utf-8", "replace") for n in parts.namelist())
    return found, raw


def _escaped(name: str) -> list[str]:
    return [name, name.replace("&", "&amp;").replace('"', "&quot;")]


def test_each_clients_file_names_only_that_client(store):
    archive = zipfile.ZipFile(io.BytesIO(survey.surveys_zip(rows_of(store))))
    names = archive.namelist()
    assert len(names) == len(CLIENTS) == len(set(names))
    for client, name in zip(CLIENTS, survey.survey_file_names(rows_of(store)), strict=True):
        found, raw = _texts(archive.read(name))
        assert client in found  # its own name, as written: the formula stays text
        for other in set(CLIENTS) - {client}:
            assert not any(other in text for text in found), (client, other)
            assert not any(form in raw for form in _escaped(other)), (client, other)
        assert "internal note" not in raw  # comments entered in the app are not sent
    assert all(n.startswith(f"valuation_survey_{QUARTER}_") and n.endswith(".xlsx")
               for n in names)


def test_the_value_column_offers_1_to_5_and_only_value_and_comment_are_open(store):
    one = rows_of(store)[lambda r: r["client"] == "Bolt GmbH"]
    sheet = openpyxl.load_workbook(io.BytesIO(survey.client_survey(one))).active
    (rule,) = sheet.data_validations.dataValidation
    assert (rule.type, rule.formula1, str(rule.sqref)) == ("list", '"1,2,3,4,5"', "B7:B8")
    assert [c.value for c in sheet[6]] == survey.survey_headers()
    assert sheet.protection.sheet
    assert [(c.column_letter, c.protection.locked) for c in sheet[7]] == [
        ("A", True), ("B", False), ("C", False), ("D", True), ("E", True)]
    with pytest.raises(ValueError):
        survey.client_survey(rows_of(store))  # every client's rows: refused


def _filled(data: bytes, answers: dict[str, tuple[object, str | None]]) -> bytes:
    """Return a survey workbook filled in as a client would: method label -> value, comment."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=7):
            if row[0].value in answers:
                row[1].value, row[2].value = answers[row[0].value]
                row[2].data_type = "s"  # typed text: "=..." stays text, as Excel keeps it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_returned_surveys_import_as_valuations_and_change_the_matrix(store):
    rows = rows_of(store)
    answers = {
        "Acme Ltd": {"Staff training": (5, "Essential for our plant")},  # Site visits kept: 2
        "Bolt GmbH": {"Site visits": (3, None), "Reference selling": (None, None)},
        "Cyan & Co": {"Fast / just-in-time delivery": (1, "Too slow")},
        FORMULA: {"Site visits": (4, "=not a formula")},
    }
    files = [(name, _filled(survey.client_survey(rows[rows["client"] == client]),
                            answers[client]))
             for client, name in zip(CLIENTS, survey.survey_file_names(rows), strict=True)]
    interactions = store.activity()["interactions"].sum()
    out = ingest.run_import(store, files, isolate=False)
    assert (out.status, out.rows, out.valuations) == ("imported", 0, 5)
    notes = [w for w in out.batch.warnings if w.message.key == "warn.unanswered"]
    assert [(w.message.fields["n"], w.rows) for w in notes] == [(1, [8])]  # Bolt's row 8
    assert store.activity()["interactions"].sum() == interactions  # alongside, not replacing
    cells = matrix.cost_value_matrix(store.activity(), store.valuations(),
                                     store.client_dimension(), 60.0)
    actual = {(r.client, r.method): (r.value, r.value_source) for r in cells.itertuples()}
    assert actual == {
        ("Acme Ltd", "technical.staff_training"): (5.0, "valuation"),
        ("Acme Ltd", "trust.site_visits"): (2.0, "valuation"),  # the pre-filled 2, returned
        ("Bolt GmbH", "trust.site_visits"): (3.0, "valuation"),
        ("Bolt GmbH", "risk.reference_selling"): (3.0, "ratings"),  # not answered
        ("Cyan & Co", "service.fast_delivery"): (1.0, "valuation"),
        (FORMULA, "trust.site_visits"): (4.0, "valuation"),
    }
    comments = store.valuations().set_index(["client", "method"])["comment"]
    assert comments[("Acme Ltd", "technical.staff_training")] == "Essential for our plant"
    assert comments[(FORMULA, "trust.site_visits")] == "=not a formula"
    assert comments[("Acme Ltd", "trust.site_visits")] is None
    sources = store.valuation_history(client="Cyan & Co")["source"].tolist()
    assert sources == [", ".join(n for n, _ in files)]


def test_the_workbook_of_every_client_imports_too(store):
    data = survey.every_client_survey(rows_of(store))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[1:] == ["Acme Ltd", "Bolt GmbH", "Cyan & Co"]
    assert book.sheetnames[0].startswith("=HYPERLINK(")
    filled = _filled(data, {"Site visits": (5, None)})
    ingest.run_import(store, [("all.xlsx", filled)], isolate=False)
    v = store.valuations().set_index(["client", "method"])["value"]
    assert [v[(c, "trust.site_visits")] for c in ("Acme Ltd", "Bolt GmbH", FORMULA)] == [5.0] * 3


def test_a_value_outside_1_to_5_is_refused_with_file_sheet_row_and_column(store):
    rows = rows_of(store)
    data = _filled(survey.client_survey(rows[rows["client"] == "Cyan & Co"]),
                   {"Fast / just-in-time delivery": (7, None)})
    before = store.content_digest()
    with pytest.raises(ingest.ImportRejected) as refused:
        ingest.run_import(store, [("cyan.xlsx", data)], isolate=False)
    text = str(refused.value)
    assert "cyan.xlsx" in text and "sheet 'Survey'" in text and "row 7" in text
    assert "'Value (1-5)' (B)" in text and "maximum of 5" in text
    assert store.content_digest() == before
