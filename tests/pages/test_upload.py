"""The Upload page's choices around an import: the amounts' currency and its rate, and the saved
mappings edited and removed in the settings, each showing where it came from."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.bench_sheets import workbook
from kam_analytics import ingest
from kam_analytics.app import upload
from kam_analytics.i18n import t
from kam_analytics.ingest.batch import SheetTable
from kam_analytics.store import open_store
from tests import datasets
from tests.pages.test_pages import app

Q4 = (b"Date,Client,Method,Cost,Hours\n"
      b"2026-10-01,Acme Ltd,Site visits,10000,1\n"
      b"2026-10-02,Bolt,Site visits,2550.5,2\n")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def euro_store(tmp_path, monkeypatch):
    db = tmp_path / "kam.duckdb"
    monkeypatch.setenv("KAM_DB", str(db))
    store = open_store(db)
    ingest.run_import(store, [("q3.csv", datasets.utf8_csv())],
                      header_map={"manager hours": "hours"})
    store.close()
    return db


def uploaded(name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    """Return the Upload page with a file uploaded, run without an exception."""
    at = app("pages/upload.py")
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def import_button(at: AppTest):
    return next(b for b in at.button if b.label == "Import")


def test_amounts_in_another_currency_wait_for_a_rate_then_are_converted(euro_store):
    at = uploaded("q4.csv", Q4)
    assert at.selectbox(key="u_currency_0").value == "EUR"  # nothing names one: the store's
    assert not import_button(at).disabled
    at.selectbox(key="u_currency_0").set_value("RUB").run()
    assert import_button(at).disabled
    assert any("Enter the rate to import amounts in RUB into a store in EUR" in w.value
               for w in at.warning)
    at.number_input(key="u_rate_0_RUB").set_value(0.01).run()
    assert not import_button(at).disabled
    import_button(at).click().run()
    assert not at.exception
    store = open_store(euro_store)
    q4 = store.interactions().query("quarter == '2026Q4'").set_index("client")["cost"]
    assert q4.to_dict() == {"Acme Ltd": 100.0, "Bolt": pytest.approx(25.505)}
    assert store.currency() == "EUR"
    assert store.import_history()["currency"].iloc[0] == "EUR"
    store.close()


def test_the_settings_keep_the_currency_once_data_is_stored(euro_store):
    at = app("pages/upload.py")
    settings_tab = at.tabs[2]
    assert not [i for i in settings_tab.text_input if i.label == "Currency of the amounts"]
    assert any("Amounts are stored in EUR" in c.value for c in settings_tab.caption)


def test_a_saved_mapping_shows_its_import_and_can_be_changed_or_removed(euro_store):
    at = app("pages/upload.py")
    saved = at.tabs[2].dataframe[0].value
    assert saved["Saved from"].iloc[0].startswith("import #1 (q3.csv), ")
    assert saved["Read as"].iloc[0] == "Hours"
    at.selectbox(key="m_target_header_manager hours").set_value("hours_minutes").run()
    at.button(key="m_save").click().run()
    assert not at.exception
    assert any("'manager hours' is now read as Time in minutes" in s.value for s in at.success)
    saved = at.tabs[2].dataframe[0].value
    assert saved["Read as"].iloc[0] == "Time in minutes"
    assert saved["Saved from"].iloc[0].startswith("set here, ")
    at.button(key="m_remove").click().run()
    assert not at.exception
    store = open_store(euro_store)
    assert store.mappings("header") == {}
    store.close()


GRID = (b"Client,Site visits,Staff training,Credit\n"
        b"Acme Ltd,4,5,\n"
        b"Bolt,2,,\n")


def test_valuations_alone_take_the_latest_stored_quarter_shown_to_change(euro_store):
    at = uploaded("grid.csv", GRID)
    box = at.selectbox(key="u_quarter_0")
    assert box.value == "2026Q3" and box.options[0] == "2026Q3"  # the latest stored first
    assert not at.error
    import_button(at).click().run()
    assert not at.exception
    store = open_store(euro_store)
    vals = store.valuations().sort_values(["client", "method"])
    assert vals[["quarter", "client", "method", "value"]].values.tolist() == [
        ["2026Q3", "Acme Ltd", "technical.staff_training", 5.0],
        ["2026Q3", "Acme Ltd", "trust.site_visits", 4.0],
        ["2026Q3", "Bolt", "trust.site_visits", 2.0]]
    assert '"quarter": "2026Q3"' in store.import_history()["reading"].iloc[0]
    store.close()


UNUSED = (b"Date,Client,Method,Cost,Attendees\n"
          b"2026-10-01,Acme Ltd,Site visits,100,3\n"
          b"2026-10-02,Bolt,Site visits,50,2\n")


def test_a_column_of_numbers_no_header_names_is_asked_open_and_waits(euro_store):
    at = uploaded("q4.csv", UNUSED)
    question = at.selectbox(key="un_0_0_0")
    assert "'Attendees' \\(E\\)" in question.label and question.value is None
    assert not [b for b in at.button if b.label == "Import"]  # waits for the decision
    question.set_value("hours").run()
    assert not at.exception
    import_button(at).click().run()
    store = open_store(euro_store)
    q4 = store.interactions().query("quarter == '2026Q4'")
    assert q4["hours"].sum() == 5.0
    assert store.mappings("header")["attendees"] == "hours"
    store.close()


def test_an_unknown_label_is_pre_filled_with_its_best_suggestion_and_stays_to_check(
        euro_store):
    data = (b"Date,Client,Method,Cost (EUR)\n"
            b"2026-10-01,Acme Ltd,Reordering system,100\n"
            b"2026-10-02,Bolt,Workshop,50\n")
    at = uploaded("q4.csv", data)
    reorder = at.selectbox(key="mm_0_reordering system")
    assert reorder.value == "service.auto_reorder"  # pre-filled, shown to check
    # each choice names its method in both languages: typing either finds it
    assert ("Computerised reordering · Компьютеризированный повторный заказ — Service levels"
            in reorder.options)
    assert at.selectbox(key="mm_0_workshop").value is None  # no suggestion: asked
    assert any("pre-filled with the closest method" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Import"]  # Workshop still unanswered
    at.selectbox(key="mm_0_workshop").set_value("technical.staff_training").run()
    import_button(at).click().run()
    assert not at.exception
    store = open_store(euro_store)
    q4 = store.interactions().query("quarter == '2026Q4'").set_index("client")["method"]
    assert q4.to_dict() == {"Acme Ltd": "service.auto_reorder",
                            "Bolt": "technical.staff_training"}
    assert store.mappings("method") == {"reordering system": "service.auto_reorder",
                                        "workshop": "technical.staff_training"}
    store.close()


def test_labels_past_the_ones_asked_are_answered_together(euro_store, monkeypatch):
    from kam_analytics import settings
    monkeypatch.setattr(settings, "UNKNOWN_METHODS_ASKED", 1)
    data = (b"Date,Client,Method,Cost (EUR)\n"
            b"2026-10-01,Acme Ltd,Golf,100\n2026-10-02,Acme Ltd,Golf,100\n"
            b"2026-10-03,Bolt,Opera,50\n2026-10-04,Bolt,Spa,20\n"
            b"2026-10-05,Bolt,Site visits,10\n")
    at = uploaded("q4.csv", data)
    assert [s.key for s in at.selectbox if s.key.startswith("mm_0_")] == ["mm_0_golf"]
    assert any("2 more labels (2 rows), answered together" in h.value for h in at.subheader)
    at.selectbox(key="mm_bulk_0").set_value("__exclude__").run()
    next(b for b in at.button if b.label == "Apply to every label in the table").click().run()
    at.selectbox(key="mm_0_golf").set_value("trust.social_activities").run()
    import_button(at).click().run()
    assert not at.exception
    store = open_store(euro_store)
    q4 = store.interactions().query("quarter == '2026Q4'")
    assert q4.groupby("method").size().to_dict() == {"trust.site_visits": 1,
                                                     "trust.social_activities": 2}
    store.close()


def test_pre_filled_labels_leave_the_rest_in_the_table_not_in_boxes(euro_store, monkeypatch):
    # Every label has a closest method. Pre-filling the one asked took it off the upload's
    # unknown labels, and the next label took its place, pre-filled in turn, rerun after
    # rerun: 10,000 labels became 10,000 boxes after minutes of reruns.
    from kam_analytics import settings
    monkeypatch.setattr(settings, "UNKNOWN_METHODS_ASKED", 1)
    data = (b"Date,Client,Method,Cost (EUR)\n"
            b"2026-10-01,Acme Ltd,Activity 1,100\n2026-10-02,Acme Ltd,Activity 1,100\n"
            b"2026-10-03,Bolt,Activity 2,50\n2026-10-04,Bolt,Activity 3,20\n")
    at = uploaded("q4.csv", data)
    assert [s.key for s in at.selectbox if s.key.startswith("mm_0_")] == ["mm_0_activity 1"]
    assert at.selectbox(key="mm_0_activity 1").value == "trust.social_activities"
    assert any("2 more labels (2 rows), answered together" in h.value for h in at.subheader)
    assert at.tabs[0].dataframe[0].value["Label"].tolist() == ["Activity 2", "Activity 3"]
    assert not [b for b in at.button if b.label == "Import"]  # two labels still unanswered


def test_sheets_read_alike_are_checked_once(euro_store):
    # A workbook of 30 one-row sheets with the same headers: one set of column choices, not
    # 30 (1,000 sheets took the page about 45 s to draw, 4,000 selectboxes).
    at = uploaded("many.xlsx", workbook(30, False), XLSX)
    titles = [e.label for e in at.expander if e.label.startswith("Columns of")]
    # (the label as the page writes it: the file name's dot escaped for Markdown)
    assert titles == [r"Columns of many\.xlsx / S0 and 29 more tables read alike (header in row 1)"]
    assert len([s for s in at.selectbox if s.key and s.key.startswith("hdr_")]) == 4
    assert import_button(at)


def _table(sheet: str, headers: list[str], missing: list[str] = ()) -> SheetTable:
    return SheetTable("book.xlsx", sheet, "interactions", 1, headers,
                      {h: h.lower() for h in headers if h.lower() not in missing}, list(missing))


def test_tables_to_show_groups_alike_tables_and_puts_the_incomplete_first():
    tables = [_table("A", ["Date", "Client", "Method"]), _table("B", ["Date", "Client", "Method"]),
              _table("C", ["Date", "Client", "Method", "Cost"]),
              _table("D", ["Date", "Client", "Memo"], missing=["method"]),
              _table("E", ["Date", "Client", "Method", "Hours"])]
    groups, hidden = upload.tables_to_show(tables, limit=2)
    # A and B alike (one group of 2); D misses a column, so it is shown before C and E
    assert [(g.index, g.table.sheet, g.more) for g in groups] == [(0, "A", 1), (3, "D", 0)]
    assert hidden == 2  # C and E


def test_client_names_that_may_be_one_are_merged_as_chosen_and_saved(euro_store):
    data = (b"Date,Client,Method,Cost (EUR)\n"
            b"2026-10-01,Contoso GmbH,Site visits,100\n"
            b"2026-10-02,Contoso GmbH,Site visits,100\n"
            b"2026-10-03,CONTOSO GMBH,Site visits,50\n")
    at = uploaded("q4.csv", data)
    [question] = [s for s in at.selectbox if s.key.startswith("cv_0_")]
    assert "Contoso GmbH" in question.label and "CONTOSO GMBH" in question.label
    assert question.value is None  # kept apart unless chosen
    question.set_value("Contoso GmbH").run()
    assert not at.exception
    import_button(at).click().run()
    store = open_store(euro_store)
    q4 = store.interactions().query("quarter == '2026Q4'")
    assert q4["client"].unique().tolist() == ["Contoso GmbH"] and q4["cost"].sum() == 250
    assert list(store.mappings("client").values()) == ["Contoso GmbH"]
    store.close()


def test_a_saved_client_spelling_is_listed_and_can_be_removed(euro_store):
    store = open_store(euro_store)
    store.save_mappings("client", {"contoso gmbh": "Contoso GmbH"})
    store.close()
    at = app("pages/upload.py")
    saved = at.tabs[2].dataframe[0].value.set_index("Kind")
    assert saved.loc["Client name", "Read as"] == "Contoso GmbH"
    at.selectbox(key="m_pick").set_value(
        list(saved.index).index("Client name")).run()
    at.button(key="m_remove").click().run()
    assert not at.exception
    store = open_store(euro_store)
    assert store.mappings("client") == {}
    store.close()


def test_the_restore_points_are_listed_with_what_each_had_in_force(euro_store):
    # euro_store's one import (5 interactions, datasets.utf8_csv), then a second quarter of 2
    store = open_store(euro_store)
    ingest.run_import(store, [("q4.csv", Q4)])
    store.close()
    at = app("pages/upload.py")
    assert not at.exception
    shown = next(e for e in at.expander if e.label == "Restore points")
    assert "python -m kam_analytics restore-point ID" in shown.caption[0].value
    rows = shown.dataframe[0].value
    assert rows[["Restore point", "Before", "Imports", "Newest import",
                 "Active interactions"]].values.tolist() == [[2, "import #2", 1, "#1", "5"],
                                                             [1, "import #1", 0, "—", "0"]]
    # Put back point 2: the second import (2026Q4) is undone, the first stays.
    at.selectbox(key="h_point").set_value(2).run()
    next(b for b in at.button if b.label == "Put back").click().run()
    assert not at.exception
    assert at.success[0].value == t("restore_point.ui_restored", id=2, previous=3)
    store = open_store(euro_store)
    assert store.quarters() == ["2026Q3"] and store.contents()["interactions"] == 5
    assert store.audit_log()["detail"].tolist() == [t("audit.restore_point", id=2)]
    store.close()
