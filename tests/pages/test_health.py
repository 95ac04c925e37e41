"""The Relationship health page on the sample store: every client by every measure with a
status, the worst first; a client's scorecard with the rules; the open items with their rows."""

import json

from streamlit.testing.v1 import AppTest

from kam_analytics import settings
from kam_analytics.analysis import health
from kam_analytics.app import tables
from kam_analytics.i18n import t


def app() -> AppTest:
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    return at.switch_page("pages/health.py").run()


def grids(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.json) for c in at.get("bidi_component")]


def test_every_client_has_every_measure_with_a_status_worst_first(sample_db):
    at = app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Relationship health"
    portfolio, trend = grids(at)
    assert len(portfolio["clients"]) == 20
    html = portfolio["html"]
    assert html.count("data-tip=") == 20 * (len(health.MEASURE_IDS) + 1)  # and the overall
    assert all(f">{t(f'health.measure.{m}')}</th>" in html for m in health.MEASURE_IDS)
    # Statuses read without their colour: each cell says its mark.
    assert "✖ Red" in html and "▲" in html and "✔" in html
    # The worst first: a client with reds leads, one whose measures are all green comes last.
    first = portfolio["clients"][0]
    assert first in ("Northwind Foods", "Kestrel Automotive Components",
                     "Meridian Packaging Group", "ООО ТоргСнаб Плюс", "Greenfield Agri Supply",
                     "Silverline Beverages", "Tulskiy Instrument LLC")
    assert trend["clients"] == []  # the trend's rows open nothing
    counts = {m.label: m.value for m in at.metric}
    assert sum(int(v) for v in counts.values()) == 20


def test_a_clients_scorecard_names_the_rules_it_breaks(sample_db):
    at = app()
    at.selectbox(key="c_client").select("Northwind Foods").run()
    assert not at.exception
    assert any("Northwind Foods: scorecard, 2026Q3" in h.value for h in at.subheader)
    card = at.table[0].value.reset_index()
    promises = card[card["Measure"] == "Promises kept"].iloc[0]
    assert promises["Status"] == "✖ Red"
    assert promises["Rule (Table 6.4)"] == "Do 2: agree only to what can really be delivered"
    assert promises["Value"].endswith("promises")
    trend = grids(at)[1]["html"]
    assert "2026Q2" in trend and "2026Q3" in trend


def test_the_open_items_name_their_client_kind_age_and_row(sample_db):
    at = app()
    items = at.dataframe[0].value
    late = items[items["What"] == "Late delivery"]
    assert set(late["Client"]) == {"Kestrel Automotive Components"} and len(late) == 3
    assert items["Days open"].is_monotonic_decreasing
    assert items["From"].str.match(r"kam_sample\.xlsx, row \d+$").all()


def test_a_quarter_chosen_in_the_sidebar_judges_that_quarter(sample_db):
    at = app()
    at.sidebar.selectbox(key="f_quarter").select("2026Q2").run()
    assert not at.exception
    assert any("2026Q2" in h.value for h in at.subheader)
    assert len(grids(at)[0]["clients"]) == 20


def test_the_client_page_shows_health_beside_cost_with_the_rules_broken(sample_db):
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/client.py").run()
    at.selectbox(key="c_client").select("Northwind Foods").run()
    assert not at.exception, [e.value for e in at.exception]
    strip = next(g for g in grids(at) if "Promises kept" in g["html"])
    assert "Northwind Foods" in strip["html"] and "✖ Red" in strip["html"]
    said = " ".join(c.value for c in at.caption)
    assert ("Its relationship is breaking: Do 2: agree only to what can really be delivered; "
            "Do 3: resolve issues promptly; Do 4: confirm agreements in writing.") in said


def test_an_upload_shows_each_health_header_read_as_its_column(tmp_path, monkeypatch):
    from tests.ingest.test_pipeline import HEALTH_CSV

    monkeypatch.setenv("KAM_DB", str(tmp_path / "fresh.duckdb"))
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("health.csv", HEALTH_CSV, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    # Each Russian health header shows the column it was read as, to change if wrong.
    read_as = {box.label: box.value for box in at.selectbox if box.key.startswith("hdr_")}
    assert read_as["Тип события"] == "event_type" and read_as["Роль"] == "contact_role"
    assert read_as["Получено"] == "received_at" and read_as["Письменно"] == "in_writing"
    assert "Event type" in [tables.column_label(c) for c in read_as.values()]


def test_the_settings_change_the_contact_band_and_refuse_one_upside_down(sample_db):
    from kam_analytics.store import open_store

    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/upload.py").run()
    band = {n.label: n for n in at.tabs[2].number_input}
    band["Contacts a month a key account should have: at least"].set_value(5.0)
    band["… and at most"].set_value(2.0)
    at.tabs[2].button[0].click().run()
    assert not at.exception
    assert any("upper bound (2) is below its lower one (5)" in e.value for e in at.error)
    band = {n.label: n for n in at.tabs[2].number_input}
    band["… and at most"].set_value(20.0)
    at.tabs[2].button[0].click().run()
    store = open_store(sample_db)
    assert (store.setting("contact_band_low"), store.setting("contact_band_high")) == ("5", "20")
    store.close()
    at.switch_page("pages/health.py").run()
    html = grids(at)[0]["html"]
    assert "too few (band 5-20" in html  # the hover text says the band it was judged by
