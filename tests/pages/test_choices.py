"""The viewer's choices stay chosen from page to page; a search that finds nobody shows zeros;
the sample says it is the sample on every page."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from kam_analytics import settings
from tests.pages.shown import first_chart

PAGES = ["pages/heatmap.py", "pages/client.py", "pages/methods.py", "pages/valuations.py",
         "pages/changes.py", "pages/whatif.py", "pages/economics.py", "pages/health.py",
         "pages/board_pack.py", "pages/upload.py"]


def app() -> AppTest:
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    return at.run()


def test_filters_stay_chosen_across_pages(sample_db):
    at = app()
    manager = at.sidebar.multiselect(key="f_managers").options[0]
    at.sidebar.selectbox(key="f_quarter").select("2026Q2").run()
    at.sidebar.multiselect(key="f_managers").select(manager).run()
    at.selectbox(key="h_metric").select("hours").run()
    at.sidebar.toggle(key="f_medians").set_value(False).run()
    at.sidebar.slider(key="f_value_thr").set_value(4.5).run()
    # The board pack draws none of the sidebar filters: Streamlit drops their widget keys there.
    for page in ("pages/board_pack.py", "pages/client.py", "pages/methods.py",
                 "pages/heatmap.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        if page == "pages/board_pack.py":
            assert at.selectbox(key="bp_quarter").value == "2026Q2"
            continue
        assert at.sidebar.selectbox(key="f_quarter").value == "2026Q2", page
        assert at.sidebar.multiselect(key="f_managers").value == [manager], page
        assert at.sidebar.toggle(key="f_medians").value is False, page
        assert at.sidebar.slider(key="f_value_thr").value == 4.5, page
        spec = first_chart(at)
        assert "2026Q2" in spec and "2026Q3" not in spec, page
    assert at.selectbox(key="h_metric").value == "hours"
    assert "Manager hours by client" in first_chart(at)


def test_a_quarter_chosen_in_the_board_pack_is_the_other_pages_quarter(sample_db):
    at = app()
    at.switch_page("pages/board_pack.py").run()
    at.selectbox(key="bp_quarter").select("2026Q2").run()
    at.switch_page("pages/heatmap.py").run()
    assert at.sidebar.selectbox(key="f_quarter").value == "2026Q2"


def test_chosen_client_stays_chosen_across_pages(sample_db):
    at = app()
    at.switch_page("pages/client.py").run()
    client = at.selectbox(key="c_client").options[-1]
    at.selectbox(key="c_client").select(client).run()
    at.switch_page("pages/methods.py").run()
    at.switch_page("pages/client.py").run()
    assert at.selectbox(key="c_client").value == client
    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert title.startswith(client)


def test_a_choice_no_longer_offered_falls_back_to_the_default(sample_db):
    at = app()
    at.switch_page("pages/client.py").run()
    client = at.selectbox(key="c_client").options[-1]
    at.selectbox(key="c_client").select(client).run()
    # The remembered client is not among the clients of a manager who does not look after it.
    managers = at.sidebar.multiselect(key="f_managers").options
    at.switch_page("pages/heatmap.py").run()
    for manager in managers:
        at.sidebar.multiselect(key="f_managers").set_value([manager]).run()
        at.switch_page("pages/client.py").run()
        assert not at.exception, [e.value for e in at.exception]
        options = at.selectbox(key="c_client").options
        if client not in options:
            assert at.selectbox(key="c_client").value == options[0]
            return
        at.switch_page("pages/heatmap.py").run()
    pytest.fail("every manager looks after the client")


def tile_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_search_that_finds_nobody_shows_zeros_not_the_portfolio(sample_db):
    at = app()
    before = tile_values(at)
    assert before["Clients"] == "20" and before["Total cost, EUR"] != "0"
    at.text_input(key="h_search").input("no such client").run()
    after = tile_values(at)
    assert after == {"Clients": "0", "Total cost, EUR": "0", "Manager hours": "0",
                     "Mean value (1-5)": "—", "Spend overinvested": "0%"}, after
    assert any(i.value == "No client matches these filters." for i in at.info)
    assert not at.get("plotly_chart")


def test_a_search_counts_only_the_clients_it_finds(sample_db):
    at = app()
    at.text_input(key="h_search").input("baltic").run()
    assert tile_values(at)["Clients"] == "1"
    rows = at.dataframe[0].value if at.dataframe else None
    assert rows is None or set(rows["Client"]) == {"Baltic Steel Works"}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_when_it_shows_the_sample(sample_db, page):
    at = app()
    if page != "pages/heatmap.py":
        at.switch_page(page).run()
    assert at.info and at.info[0].value.startswith("Sample data:"), page
    links = [link.proto.page for link in at.get("page_link")]
    # the notice's link first; the client page links its health scorecard too
    expected = [] if page == "pages/upload.py" else ["upload"]
    expected += ["health"] if page == "pages/client.py" else []
    assert links == expected, (page, links)


def test_real_data_shows_no_sample_notice(small_db, monkeypatch):
    monkeypatch.setenv(settings.DB_ENV_VAR, str(small_db))
    at = app()
    assert not at.exception
    assert not [i for i in at.info if i.value.startswith("Sample data:")]
    assert not at.get("page_link")
