"""The Client valuations page in AppTest, on the two-quarter store of
tests/analysis/test_compare.py (2026Q3: Acme's site visits rated 1 and staff training 2, Beta's
credit and site visits 5, Newco's free trials 1; no valuation yet)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
from streamlit.testing.v1 import AppTest

from kam_analytics.app import tables
from kam_analytics.exports import report, survey
from kam_analytics.store import open_store
from tests.pages.test_pages import app
from tests.pages.test_upload import import_button, uploaded

XLSX = report.XLSX_MIME

GRID = "v_grid_2026Q3_0"  # the editor's key before any save


def in_use(at: AppTest) -> pd.DataFrame:
    """Return the page's "What the matrix uses" table: clients by method names, as text."""
    _editor, table, *_history = at.dataframe
    return table.value


def edit(at: AppTest, cells: dict[int, dict[str, object]], who: str) -> AppTest:
    """Edit the grid's cells (row -> method name -> value) as the editor reports them, name
    who enters them and save."""
    at.session_state[GRID] = {"edited_rows": cells, "added_rows": [], "deleted_rows": []}
    at.text_input(key="v_who").set_value(who)
    at.button[0].click().run()
    return at


def test_a_value_entered_and_saved_changes_the_matrix(two_quarters):
    at = app("pages/valuations.py")
    assert not at.exception, [e.value for e in at.exception]
    before = in_use(at)
    assert before.loc["Acme", "Site visits"] == "≈1.0"  # the mean of its ratings
    assert before.loc["Newco", "Site visits"] == ""  # no activity
    at = edit(at, {0: {"Site visits": 4}}, "Eva")  # row 0: Acme
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["Saved 1 valuation for 2026Q3; every page now "
                                             "uses it."]
    assert in_use(at).loc["Acme", "Site visits"] == "4"
    history = at.dataframe[2].value  # Acme's, chosen first
    assert history[["Method", "Value (1-5)", "Entered by"]].values.tolist() == [
        ["Site visits", "4", "Eva"]]
    # Every page's matrix uses it: the client page's cells of Acme (its largest client).
    at.switch_page("pages/client.py").run()
    cells = at.dataframe[0].value.set_index("Method")
    assert cells.loc["Site visits", "Value (1-5)"] == 4.0
    assert cells.loc["Site visits", "Quadrant"] == "Strategic"  # was overinvested at 1
    at.switch_page("pages/valuations.py").run()
    store = open_store(two_quarters)
    try:
        saved = store.valuation_history(client="Acme")
        assert saved[["method", "value", "entered_by", "in_force"]].values.tolist() == [
            ["trust.site_visits", 4.0, "Eva", True]]
    finally:
        store.close()
    # Emptied again: the cell falls back on its ratings.
    at.session_state["v_grid_2026Q3_1"] = {"edited_rows": {0: {"Site visits": None}},
                                           "added_rows": [], "deleted_rows": []}
    at.button[0].click().run()
    assert not at.exception
    assert in_use(at).loc["Acme", "Site visits"] == "≈1.0"


def test_saving_needs_a_name_and_a_change(two_quarters):
    at = app("pages/valuations.py")
    at.button[0].click().run()
    assert [i.value for i in at.info] == ["No value changed: nothing to save.",
                                          "No valuation of Acme in 2026Q3 yet."]
    at.session_state[GRID] = {"edited_rows": {1: {"Credit": 2}}, "added_rows": [],
                              "deleted_rows": []}
    at.button[0].click().run()
    assert [w.value for w in at.warning] == [
        "Say who is entering the values (Entered by) before saving."]
    at = edit(at, {1: {"Credit": 2, "Site visits": 3}, 2: {"Credit": 5}}, "Max")
    # Newco had no credit in 2026Q3: that one is not saved, and the page says so.
    assert [w.value for w in at.warning] == [
        "Not saved: Newco × Credit. These clients had no interaction of these methods in "
        "2026Q3, so a valuation there would count for nothing."]
    assert at.success[0].value.startswith("Saved 2 valuations")


def test_a_survey_filled_in_and_uploaded_on_upload_and_data_is_imported(two_quarters):
    at = app("pages/valuations.py")
    [zipped, _every] = at.get("download_button")
    assert zipped.proto.label == "One workbook per client (.zip)"
    store = open_store(two_quarters)
    try:  # the zip's Acme file, as the page offers it
        rows = survey.survey_rows(store.activity(quarters=["2026Q3"]),
                                  store.valuations(quarters=["2026Q3"]), "2026Q3")
    finally:
        store.close()
    with zipfile.ZipFile(io.BytesIO(survey.surveys_zip(rows))) as archive:
        acme = archive.read("valuation_survey_2026Q3_Acme.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(acme))
    assert [c.value for c in book.active["A"][6:]] == ["Site visits", "Staff training"]
    book.active["B7"], book.active["C7"] = 4, "worth the trip"
    filled = io.BytesIO()
    book.save(filled)
    at = uploaded("acme_survey.xlsx", filled.getvalue(), XLSX)
    import_button(at).click().run()
    assert not at.exception, [e.value for e in at.exception]
    [done] = [s.value for s in at.success]
    assert done.startswith("Imported #2: 0 interactions, 0 clients, 2026Q3. 1 client valuation.")
    at.switch_page("pages/valuations.py").run()
    assert in_use(at).loc["Acme", "Site visits"] == "4"
    assert at.dataframe[2].value[["Value (1-5)", "Comment", "From"]].values.tolist() == [
        ["4", "worth the trip", "acme_survey.xlsx"]]


def test_past_the_styled_rows_the_cells_text_alone_tells_them_apart(monkeypatch):
    values = pd.DataFrame({"trust.site_visits": [4.0, 2.25, float("nan"), float("nan")]},
                          index=pd.Index(["A", "B", "C", "D"], name="client"))
    sources = pd.DataFrame({"trust.site_visits": ["valuation", "ratings", "unrated", ""]},
                           index=values.index)
    styled = tables.value_sources_view(values, sources)
    expected = ["4", "≈2.2", "?", ""]  # 2.25 rounds half to even
    assert styled.data["Site visits"].tolist() == expected
    monkeypatch.setattr(tables, "STYLED_ROWS", 3)
    plain = tables.value_sources_view(values, sources)
    assert isinstance(plain, pd.DataFrame) and plain["Site visits"].tolist() == expected
