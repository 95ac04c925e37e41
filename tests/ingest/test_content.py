"""Columns read by their content: real files' shapes import with the hand-computed figures, a
header never beats what the column holds, unused numbers are a question, not a loss."""

import pandas as pd
import pytest

from kam_analytics import ingest
from kam_analytics.analysis import matrix
from kam_analytics.ingest import content
from kam_analytics.ingest.content import Candidate
from kam_analytics.store import open_store
from tests.ingest import real_files as rf


def prepared(name: str, data: bytes, **kw) -> ingest.ImportBatch:
    return ingest.prepare_import([(name, data)], isolate=False, **kw)


def warnings(batch: ingest.ImportBatch) -> list[str]:
    return [w.text() for w in batch.warnings]


# ---- the margin rule ----------------------------------------------------------------------------
@pytest.mark.parametrize("shares, expected", [
    ([0.92, 0.0], 0),        # clear: 92% against none
    ([0.6, 0.3], 0),         # at the minimum share, ahead by exactly the margin
    ([0.59, 0.0], None),     # under the minimum share: nobody wins
    ([0.9, 0.61], None),     # both fit: not clear
    ([0.2, 1.0, 0.5], 1),    # the order does not matter
    ([], None),
])
def test_the_clear_winner_fits_enough_and_leads_by_the_margin(shares, expected):
    candidates = [Candidate(j, f"H{j}", s) for j, s in enumerate(shares)]
    win = content.clear_winner(candidates)
    assert (None if win is None else win.index) == expected


@pytest.mark.parametrize("cells, expected", [
    (["Site visits", "Meeting", "Site visits", "Staff training", None, "Call"], 2 / 4),
    (["Обучение персонала", "Кредит"], 1.0),
    (["Meeting", "Call", "Email"], 0.0),
    ([None, ""], 0.0),
])
def test_method_share_counts_distinct_labels_that_name_a_method(cells, expected):
    assert content.method_share(pd.Series(cells, dtype=object), {}) == pytest.approx(expected)


def test_method_share_counts_the_users_mapped_labels():
    cells = pd.Series(["Workshop", "Meeting"], dtype=object)
    assert content.method_share(cells, {"workshop": "technical.staff_training"}) == 0.5


def test_date_and_number_shares():
    assert content.date_share(pd.Series(["03.07.2026", "x", "05.07.2026", None])) \
        == pytest.approx(2 / 3)
    ratings = pd.Series(["4", "5", "7", ""], dtype=object)
    assert content.column_share("value", ratings, {}) == pytest.approx(2 / 3)  # 7 is no rating
    assert content.column_share("cost", ratings, {}) == 1.0
    assert content.number_share(pd.Series(["Ann", "12"], dtype=object)) == 0.5


# ---- the workbook whose headers carry units -------------------------------------------------
def test_mgmt_time_and_value_to_client_workbook_gives_the_hand_computed_totals(tmp_path):
    store = open_store(tmp_path / "k.duckdb")
    try:
        out = ingest.run_import(store, [("effort.xlsx", rf.mgmt_workbook())], isolate=False)
        assert (out.rows, out.quarters) == (5, ["2026Q3"])
        m = matrix.cost_value_matrix(store.activity(), store.valuations(),
                                     store.client_dimension(), rf.MGMT_RATE)
    finally:
        store.close()
    assert m["cost"].sum() == pytest.approx(rf.MGMT_TOTALS["cost"])
    assert m["hours"].sum() == pytest.approx(rf.MGMT_TOTALS["hours"])
    assert m["total_cost"].sum() == pytest.approx(rf.MGMT_TOTALS["total_cost"])
    cells = m.set_index(["client", "method"])
    assert set(cells.index) == set(rf.MGMT_CELLS)
    for key, (cost, hours, total, value) in rf.MGMT_CELLS.items():
        row = cells.loc[key]
        assert (row["cost"], row["hours"], row["total_cost"], row["value"]) == pytest.approx(
            (cost, hours, total, value)), key


# ---- CRM activity exports -----------------------------------------------------------------------
def test_salesforce_activity_export_imports_with_no_mapping():
    batch = prepared("activities.csv", rf.salesforce_csv())
    assert batch.ok, batch.problem_lines()
    got = batch.interactions.groupby(["client", "method"], observed=True)["hours"].sum()
    assert got.to_dict() == pytest.approx(rf.SALESFORCE_EXPECTED)
    assert batch.interactions["hours"].sum() == pytest.approx(495 / 60)
    assert batch.interactions["source_row"].tolist() == [2, 3, 4, 6, 8]
    assert sorted(batch.interactions["manager"].unique()) == ["Ann Lee", "Boris Ivanov"]
    assert (batch.interactions["cost"] == 0).all() and batch.interactions["value"].isna().all()
    said = warnings(batch)
    assert ("activities.csv: 'Subject' (B) read as the Method column, not 'Activity Type' (E): "
            "100% of its values are methods, 0% of 'Activity Type' (E)'s.") in said
    assert ("activities.csv, rows 5, 7: 2 activities not completed were left out: 'Status' (G) "
            "says 'Not Started' (1), 'Deferred' (1); only completed activities are imported."
            ) in said
    assert any("rows 10, 11, 12" in w and "footer" in w for w in said), said
    assert any("dates read as month/day/year" in w for w in said), said


def test_dynamics_export_finds_its_date_by_content_and_keeps_completed_activities():
    batch = prepared("dynamics.xlsx", rf.dynamics_xlsx())
    assert batch.ok, batch.problem_lines()
    assert batch.interactions["method"].tolist() == ["technical.staff_training",
                                                     "trust.site_visits"]
    assert batch.interactions["hours"].tolist() == [3.0, 5.0]
    assert [str(d.date()) for d in batch.interactions["date"]] == ["2026-07-06", "2026-08-12"]
    said = warnings(batch)
    assert ("dynamics.xlsx, sheet 'Activities': 'Actual End' (G) read as the Date column: 100% "
            "of its values are dates.") in said
    assert any("'Activity Status' (D) says 'Canceled' (1), 'Open' (1)" in w for w in said), said


def test_russian_crm_export_imports_with_no_mapping():
    batch = prepared("дела.xlsx", rf.bitrix_xlsx())
    assert batch.ok, batch.problem_lines()
    assert batch.interactions["hours"].sum() == pytest.approx(6.0)
    assert batch.interactions["source_row"].tolist() == [2, 3, 5]
    assert set(batch.interactions["method"]) == {"technical.staff_training",
                                                 "trust.site_visits"}
    assert any("'Статус' (G) says 'Запланировано' (1)" in w for w in warnings(batch))


@pytest.mark.parametrize("headers", [
    ("Description", "Activity Type"),  # only the Meeting/Call column's header says method
    ("Notes", "Method"),               # even a header that says it outright
    ("Subject", "Type"),               # both headers say method
])
def test_a_column_of_meeting_and_call_is_never_the_method_when_another_holds_methods(headers):
    header = list(rf.SALESFORCE_HEADER)
    header[1], header[4] = headers
    batch = prepared("a.csv", rf.salesforce_csv(header))
    assert batch.ok, batch.problem_lines()
    assert set(batch.interactions["method"]) == {m for _, m in rf.SALESFORCE_EXPECTED}
    assert any(f"'{headers[0]}' (B) read as the Method column, not '{headers[1]}' (E)" in w
               for w in warnings(batch)), warnings(batch)


def test_meeting_and_call_stay_questions_when_no_column_holds_methods():
    # Nothing holds methods: the header's column stays the method, its labels are asked about.
    rows = [[r[0], r[2], r[3], r[4], r[5]] for r in rf.SALESFORCE_ROWS]
    data = rf.csv_bytes([["Assigned", "Date", "Company / Account", "Activity Type",
                          "Duration (minutes)"], *rows])
    batch = prepared("a.csv", data)
    assert sorted(u.label for u in batch.unknown_methods) == ["Call", "Meeting"]


def test_the_users_mapping_is_never_overruled_by_content():
    batch = prepared("a.csv", rf.salesforce_csv(), header_map={"activity type": "method"})
    assert sorted(u.label for u in batch.unknown_methods) == ["Call", "Meeting"]
    assert not any("read as the Method column" in w for w in warnings(batch))


@pytest.mark.parametrize("statuses", [("Key",), ("Active", "New")])
def test_a_status_column_without_activity_statuses_leaves_every_row_in(statuses):
    rows = [[*r[:6], statuses[i % len(statuses)]] for i, r in enumerate(rf.SALESFORCE_ROWS)]
    batch = prepared("a.csv", rf.csv_bytes([rf.SALESFORCE_HEADER, *rows]))
    assert batch.ok and len(batch.interactions) == 7
    assert ("a.csv: 'Status' (G) holds no activity status (such as Completed or Open): no row "
            "was left out for its status.") in warnings(batch)


# ---- no measure dropped without a decision ----------------------------------------------------
ATTENDEES = (b"Date,Client,Method,Cost,Attendees\n2026-07-01,Acme,Staff training,100,3\n"
             b"2026-07-02,Acme,Site visits,50,2\n")


def test_an_unused_column_of_numbers_with_a_measure_missing_is_a_question():
    batch = prepared("a.csv", ATTENDEES)
    assert not batch.ok and not batch.errors and not batch.needs_mapping
    [tb] = batch.unused_measures
    assert (tb.unused_numbers, tb.unused_headers, tb.missing_measures) == (
        ["'Attendees' (E)"], ["Attendees"], ["hours", "value"])
    assert batch.problem_lines() == [
        "a.csv: 'Attendees' (E) holds numbers that are not used, and the table has no Hours or "
        "Value (1-5) column. Say what it holds on the Upload page (Hours or Value (1-5), or not "
        "used), or on the command line with --map 'Attendees=hours' or --map 'Attendees=value' "
        "or --map 'Attendees=ignore'"]


def test_an_answered_question_no_longer_blocks():
    ignored = prepared("a.csv", ATTENDEES, header_map={"attendees": ingest.IGNORE})
    assert ignored.ok and ignored.interactions["hours"].sum() == 0
    as_hours = prepared("a.csv", ATTENDEES, header_map={"attendees": "hours"})
    assert as_hours.ok and as_hours.interactions["hours"].tolist() == [3.0, 2.0]


def test_unused_numbers_are_no_question_when_every_measure_is_there():
    data = (b"Date,Client,Method,Cost,Hours,Value,Region code\n"
            b"2026-07-01,Acme,Staff training,100,1,4,77\n")
    batch = prepared("a.csv", data)
    assert batch.ok and not batch.unused_measures
    assert "a.csv: columns not used: 'Region code'." in warnings(batch)


def test_unused_text_is_no_question():
    data = b"Date,Client,Method,Cost,Note\n2026-07-01,Acme,Staff training,100,called twice\n"
    assert prepared("a.csv", data).ok
