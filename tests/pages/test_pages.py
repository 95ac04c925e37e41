"""Every page runs in Streamlit's AppTest on the sample store, and an upload goes through."""

import ast
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from kam_analytics import settings
from kam_analytics.app import tables
from kam_analytics.store import open_store
from tests import datasets
from tests.pages.shown import first_chart

PAGES = ["pages/heatmap.py", "pages/client.py", "pages/methods.py", "pages/valuations.py",
         "pages/changes.py", "pages/whatif.py", "pages/economics.py", "pages/health.py",
         "pages/board_pack.py", "pages/upload.py"]


def app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exceptions(sample_db, page):
    at = app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value


@pytest.mark.parametrize("script", ["dashboard.py", *PAGES])
def test_no_page_relies_on_magic_which_is_off(script):
    # .streamlit/config.toml turns "magic" off (a script rewritten on every new session); a
    # bare expression would then show nothing where magic would have written it
    from streamlit.runtime.scriptrunner import magic

    source = (settings.REPO_ROOT / script).read_text(encoding="utf-8")
    assert "magicEnabled = false" in (settings.REPO_ROOT / ".streamlit" / "config.toml"
                                      ).read_text(encoding="utf-8")
    written = [node for node in ast.walk(magic.add_magic(source, script))
               if isinstance(node, ast.Attribute) and node.attr == "transparent_write"]
    assert written == []


HTML_TABLES = ("pages/heatmap.py", "pages/changes.py", "pages/whatif.py", "pages/economics.py")


@pytest.mark.parametrize("page", [p for p in PAGES if p not in HTML_TABLES])
def test_tables_show_a_missing_value_as_a_dash_not_none(sample_db, page):
    # An unrated cell, a client without a segment: a manager reads "—", not "None". (The
    # heatmap's and the changes' tables are HTML: test_a_ranking_reads_as_a_table_of_names...)
    at = app(page)
    tables = at.dataframe
    assert tables and all(table.proto.placeholder == "—" for table in tables), page


def test_heatmap_shows_sample_clients_and_method_names(sample_db):
    at = app()
    assert not at.exception
    shown = first_chart(at)
    assert "Staff training" in shown and "technical.staff_training" not in shown
    assert "Baltic Steel Works" in shown
    # the rows' clients, for a click to open
    wiring = json.loads(at.get("bidi_component")[0].proto.json)
    rows = wiring["clients"]
    assert len(rows) == 20 and "Baltic Steel Works" in rows
    # and the hint under the heatmap, drawn by the same component
    assert wiring["hint"].startswith("Click a client's row to open that client's page")


def test_heatmap_filters_by_manager(sample_db):
    at = app()
    manager = at.sidebar.multiselect[0].options[0]
    at.sidebar.multiselect[0].select(manager).run()
    assert not at.exception
    assert f"Managers: {manager}" in first_chart(at)


def test_client_page_lists_clients_by_spend(sample_db):
    at = app("pages/client.py")
    options = at.selectbox(key="c_client").options
    assert len(options) >= 15
    at.selectbox(key="c_client").select(options[-1]).run()
    assert not at.exception
    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert title.startswith(options[-1])


def test_upload_through_the_uploader_imports(tmp_path, monkeypatch):
    db = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("KAM_DB", str(db))
    at = app("pages/upload.py")
    at.file_uploader[0].set_value(("russian.csv", datasets.cp1251_csv(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    at.button[0].click().run()
    assert not at.exception
    assert any("Imported #1" in s.value for s in at.success), [s.value for s in at.success]
    store = open_store(db)
    assert store.activity()["interactions"].sum() == 5
    store.close()


def test_upload_of_a_bad_file_shows_problems_and_stores_nothing(tmp_path, monkeypatch):
    db = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("KAM_DB", str(db))
    at = app("pages/upload.py")
    bad = datasets.utf8_csv().replace(b"3000.00", b"lots")
    at.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    assert at.error and "Nothing was stored" in at.error[0].value
    problems = " ".join(m.value for m in at.markdown)
    assert "bad\\.csv, row 3, column 'Cost \\(EUR\\)' \\(D\\)" in problems, problems
    assert "'lots'" in problems and "How to fix" in problems
    assert not [b for b in at.button if b.label == "Import"]


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_unrecognised_headers_are_mapped_in_the_page_and_saved(tmp_path, monkeypatch):
    db = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("KAM_DB", str(db))
    at = _upload(app("pages/upload.py"), "odd.csv",
                 datasets.utf8_csv().replace(b"Date,Client,Method", b"When,Who,What"))
    # 'When' holds dates and 'What' methods: read by their content; a column of names is asked.
    assert any("Tell us which columns hold: Client" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Import"]
    at.selectbox(key="hdr_0_0_1").set_value("client").run()
    assert not at.exception
    [button] = [b for b in at.button if b.label == "Import"]
    button.click().run()
    assert any("Imported #1: 5 interactions" in s.value for s in at.success)
    store = open_store(db)
    assert store.mappings("header") == {"who": "client"}
    store.close()


def test_unknown_method_is_mapped_in_the_page(tmp_path, monkeypatch):
    db = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("KAM_DB", str(db))
    at = _upload(app("pages/upload.py"), "x.csv",
                 datasets.utf8_csv().replace(b"Staff training", b"Workshop"))
    box = at.selectbox(key="mm_0_workshop")
    assert "Workshop" in box.label and "2 rows" in box.label
    box.set_value("technical.staff_training").run()
    [button] = [b for b in at.button if b.label == "Import"]
    button.click().run()
    assert any("Imported #1: 5 interactions" in s.value for s in at.success)


def test_same_quarter_asks_append_or_replace(sample_db):
    at = app("pages/upload.py")
    _upload(at, "more.csv", datasets.utf8_csv())  # the sample holds 2026Q3 already
    [button] = [b for b in at.button if b.label == "Import"]
    assert button.disabled
    at.radio(key="u_mode").set_value("append").run()
    [button] = [b for b in at.button if b.label == "Import"]
    assert not button.disabled
    button.click().run()
    assert any("Imported #2" in s.value for s in at.success)


def test_replacing_a_quarter_says_which_import_it_replaces(sample_db):
    at = app("pages/upload.py")
    _upload(at, "more.csv", datasets.utf8_csv())  # the sample holds 2026Q3 already (#1)
    at.radio(key="u_mode").set_value("replace").run()
    [button] = [b for b in at.button if b.label == "Import"]
    button.click().run()
    [done] = [s.value for s in at.success if "Imported #2" in s.value]
    assert "It replaces #1 for these quarters" in done
    assert "0 notes" not in done  # notes are counted only when there are some


def test_template_download_is_offered(sample_db):
    at = app("pages/upload.py")
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the Excel template" in labels


def test_history_and_settings_tabs_render_without_an_upload(sample_db):
    at = app("pages/upload.py")
    history, settings_tab = at.tabs[1], at.tabs[2]
    assert len(history.dataframe) >= 1
    assert "#1" in history.dataframe[0].value.iloc[:, 0].tolist()
    assert settings_tab.number_input[0].value == 60.0


def test_settings_change_the_hourly_rate(sample_db):
    at = app("pages/upload.py")
    at.tabs[2].number_input[0].set_value(100.0)
    at.tabs[2].button[0].click().run()
    assert not at.exception
    store = open_store(sample_db)
    assert store.hourly_rate() == 100.0
    store.close()


def test_restore_from_the_history_tab(sample_db):
    store = open_store(sample_db)
    from kam_analytics import ingest

    ingest.run_import(store, [("q3.csv", datasets.utf8_csv())], mode="replace")
    store.close()
    at = app("pages/upload.py")
    at.selectbox(key="h_restore").set_value(1).run()
    [restore] = [b for b in at.button if b.label == "Restore"]
    restore.click().run()
    assert any("Import #1 is active again" in s.value for s in at.success)


def test_several_files_with_the_same_headers_are_one_import(tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_DB", str(tmp_path / "fresh.duckdb"))
    at = app("pages/upload.py")
    q2 = datasets.utf8_csv().replace(b"-07-", b"-04-").replace(b"-08-", b"-05-").replace(
        b"-09-", b"-06-")
    at.file_uploader[0].set_value([("q3.csv", datasets.utf8_csv(), "text/csv"),
                                   ("q2.csv", q2, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    [button] = [b for b in at.button if b.label == "Import"]
    button.click().run()
    assert any("Imported #1: 10 interactions" in s.value for s in at.success)


def test_a_very_wide_file_offers_a_bounded_number_of_columns(tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_DB", str(tmp_path / "fresh.duckdb"))
    extra = ",".join(f"Note {i}" for i in range(500))
    lines = datasets.utf8_csv().decode().splitlines()
    wide = "\n".join([f"{lines[0]},{extra}"] + [f"{ln}," + "," * 499 for ln in lines[1:]])
    at = _upload(app("pages/upload.py"), "wide.csv", wide.encode())
    boxes = [s for s in at.selectbox if s.key and s.key.startswith("hdr_")]
    assert len(boxes) == 60
    assert any("447 more columns are not shown" in c.value for c in at.caption)


def test_a_missing_manager_is_shown_as_missing_not_as_blank_text():
    # Shown as the dash every table uses for a missing value (it was once an empty text).
    import pandas as pd

    from kam_analytics.i18n import t

    rows = pd.DataFrame({"date": ["2026-07-03"] * 2, "method": ["trust.site_visits"] * 2,
                         "cost": [1.0, 2.0], "hours": [0.5, 1.0], "value": [None, 4.0],
                         "manager": [None, "Ann"], "source_file": ["f.xlsx"] * 2,
                         "source_row": [2, 3]})
    table = tables.interactions_table(rows, "EUR")
    manager = table[t("col.manager")]
    assert manager.isna().tolist() == [True, False] and manager.iloc[1] == "Ann"


def test_a_ranking_reads_as_a_table_of_names_and_aligned_figures():
    # A top ten drawn as HTML: numbers with separators and as many decimals as the column's
    # most precise figure, a dash for a missing one, names as text, rows numbered for a click.
    import pandas as pd

    frame = pd.DataFrame({"Client": ["<b>Acme</b>", "Beta\nLtd"], "Cost": [15817.0, 1051.0],
                          "Value per 1,000": [0.19, 0.293], "Value": [3.0, float("nan")],
                          "Clients": [1200, 3]})
    markup = tables.ranking_html(frame)
    cells = re.findall(r'<td class="(n?)">([^<]*)</td>', markup)
    assert cells == [("", "&lt;b&gt;Acme&lt;/b&gt;"), ("n", "15,817"), ("n", "0.190"),
                     ("n", "3"), ("n", "1,200"),
                     ("", "Beta\\nLtd"), ("n", "1,051"), ("n", "0.293"), ("n", "—"),
                     ("n", "3")]
    assert re.findall(r'<tr data-row="(\d+)"', markup) == ["0", "1"]
    assert re.findall(r'<th scope="col" class="n?">([^<]*)</th>', markup) == list(frame.columns)


def test_the_client_methods_table_is_as_tall_as_its_rows(sample_db, monkeypatch):
    # Every row shown (a client uses at most the 26 methods); few methods, no empty grid.

    heights = []
    shown = tables.show_table
    monkeypatch.setattr(tables, "show_table", lambda frame, **kw: (
        heights.append((len(frame), kw.get("height"))), shown(frame, **kw))[1])
    at = app("pages/client.py")
    for name in at.selectbox(key="c_client").options:
        heights.clear()
        at.selectbox(key="c_client").select(name).run()
        rows, height = heights[0]  # the methods table
        assert height == 38 + 35 * rows + 14
        if rows < 10:
            break
    assert rows < 10  # the sample has such a client


def test_the_history_tab_shows_the_notes_an_import_was_stored_with(tmp_path, monkeypatch):
    # Notes are stored as keys and fields and rendered when shown, per import.
    monkeypatch.setenv("KAM_DB", str(tmp_path / "fresh.duckdb"))
    store = open_store(tmp_path / "fresh.duckdb")
    from kam_analytics import ingest

    totals = datasets.utf8_csv() + b"Total,,,6200.00,,,\n"
    ingest.run_import(store, [("with_total.csv", totals)])
    store.close()
    at = app("pages/upload.py")
    history = at.tabs[1].dataframe[0].value
    assert history["Notes"].tolist() == [1]
    [expander] = [e for e in at.tabs[1].expander
                  if e.label == "How each import was read, and its notes"]
    assert at.selectbox(key="h_notes").options == ["#1"]
    lines = [m.value for m in expander.markdown]
    assert lines[0].startswith("- —\\: interactions, headers in row 1\\: 'Client' as Client")
    assert lines[-1] == "- with\\_total\\.csv, row 7\\: totals rows were not imported\\."


def test_a_store_server_not_reached_stops_the_page_with_what_to_do(monkeypatch):
    monkeypatch.setenv("KAM_DB", "postgresql://kam@127.0.0.1:1/kam")  # no server on port 1
    at = app()
    assert not at.exception
    assert [e.value for e in at.error][0].startswith(
        "The PostgreSQL store postgresql://kam@127.0.0.1:1/kam cannot be reached")


def test_a_folder_given_as_the_store_stops_the_page_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_DB", str(tmp_path))
    at = app()
    assert not at.exception
    assert at.error[0].value.startswith(f"{tmp_path} is a folder, not a store")


def test_a_damaged_store_stops_every_page_with_the_backup_to_put_back(tmp_path, monkeypatch):
    # One flipped byte: the page says the store is damaged and which command restores it,
    # and never shows figures read from it.
    from tests.store import faults

    path = tmp_path / "kam.duckdb"
    monkeypatch.setattr(settings, "SNAPSHOT_HOURS", 0)  # a copy before each of the imports
    faults.two_imports(path)
    faults.flip_byte(path)
    monkeypatch.setenv("KAM_DB", str(path))
    for page in PAGES:
        at = app(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        said = " ".join(e.value for e in at.error)
        assert f"The store {path} is damaged and was not read" in said, page
        assert f"python -m kam_analytics restore-backup 2 --db {path}" in said, page
        assert not at.metric and not at.get("bidi_component"), page
