"""Tables turned into records: a valuation grid's Quarter column dates its rows; a column
read by its words is noted."""

import pandas as pd
import pytest

from kam_analytics import ingest
from tests.ingest import real_files as rf


@pytest.mark.parametrize("heading", ["Quarter", "Квартал", "Period"])
def test_a_quarter_column_in_a_grid_dates_its_rows_and_is_no_method(heading):
    data = rf.valuation_grid(with_quarter=True)
    if heading != "Quarter":
        data = rf.xlsx({"Valuations": [
            ["Client", heading, "Staff training", "Site visits", "Credit"],
            ["Acme Ltd", "3 кв. 2026", 4, 2, None]]})
    batch = ingest.prepare_import([("v.xlsx", data)], isolate=False)
    assert batch.ok, batch.problem_lines()
    assert not batch.unknown_methods
    assert set(batch.valuations["quarter"]) == {"2026Q3"}
    expected = 4 if heading == "Quarter" else 2
    assert len(batch.valuations) == expected


def test_a_bad_quarter_in_a_grid_names_its_row():
    data = rf.xlsx({"Valuations": [["Client", "Quarter", "Staff training", "Site visits",
                                    "Credit"], ["Acme Ltd", "2026Q3", 4, 2, 3],
                                   ["Borealis", "autumn", 3, 1, 5]]})
    batch = ingest.prepare_import([("v.xlsx", data)], isolate=False)
    assert any("row 3" in line and "'Quarter' (B)" in line and "not a quarter" in line
               for line in batch.problem_lines()), batch.problem_lines()


def test_a_grid_column_read_by_its_words_is_noted_with_its_rated_cells():
    data = rf.xlsx({"Valuations": [
        ["Client", "Quarter", "Staff training", "Free demos", "Credit",
         "Client visits to our sites"],
        ["Acme Ltd", "2026Q3", 4, 2, None, 5],
        ["Borealis", "2026Q3", 3, None, 5, None],
        ["Cobalt", "2026Q3", 3, None, 5, 1]]})
    batch = ingest.prepare_import([("v.xlsx", data)], isolate=False)
    assert batch.ok, batch.problem_lines()
    [note] = [w for w in batch.warnings if w.message.key == "warn.method_by_words"]
    # By hand: the last column rates Acme 5 and Cobalt 1; Borealis left it blank.
    assert note.message.fields == {"label": "Client visits to our sites",
                                   "method": "Site visits", "n": 2}
    by_words = batch.valuations[batch.valuations["method"] == "trust.site_visits"]
    assert sorted(zip(by_words["client"], by_words["value"], strict=True)) == [
        ("Acme Ltd", 5), ("Cobalt", 1)]


@pytest.mark.parametrize(("comment", "value"), [("Comment", "Value (1-5)"),
                                                ("Комментарий", "Оценка клиента 1-5"),
                                                ("Remarks", "Score")])
def test_a_long_valuations_table_keeps_comments_and_leaves_out_unanswered_rows(comment, value):
    data = rf.xlsx({"Ratings of Acme": [
        ["Client", "Quarter", "Method", value, comment],
        ["Acme Ltd", "2026Q3", "Staff training", 4, "Useful"],
        ["Acme Ltd", "2026Q3", "Site visits", None, "cannot say"],
        ["Acme Ltd", "2026Q3", "Credit", 2, None],
        ["Acme Ltd", "2026Q3", "Reference selling", None, None]]})
    batch = ingest.prepare_import([("acme.xlsx", data)], isolate=False)
    assert batch.ok, batch.problem_lines()
    actual = [(r.quarter, r.client, r.method, r.value, None if pd.isna(r.comment) else r.comment)
              for r in batch.valuations.itertuples()]
    assert actual == [("2026Q3", "Acme Ltd", "technical.staff_training", 4.0, "Useful"),
                      ("2026Q3", "Acme Ltd", "resource.credit", 2.0, None)]
    [note] = [w for w in batch.warnings if w.message.key == "warn.unanswered"]
    assert (note.message.fields["n"], note.rows, note.sheet) == (2, [3, 5], "Ratings of Acme")
    assert batch.interactions.empty  # a table without dates is never read as interactions
