"""The dashboard in headless Chromium on the sample: a heatmap cell opens its client, a quarter
chosen stays chosen from page to page, and no headline figure is cut at 1280 px."""

from __future__ import annotations

import shutil

import pytest

from kam_analytics import settings
from tests import browser as browser_support

pytestmark = pytest.mark.browser
ARTIFACTS = settings.REPO_ROOT / "artifacts"
PAGES = ["", "client", "methods", "board_pack", "upload"]
_idle = browser_support.idle


@pytest.fixture(scope="module")
def server(seeded_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("dashboard") / "kam.duckdb"
    shutil.copy(seeded_db, db)
    with browser_support.streamlit_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with browser_support.chromium() as b:
        yield b


def heatmap_drawn(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .nsewdrag", timeout=60_000)
    _idle(page)


def test_clicking_a_heatmap_cell_opens_that_clients_page(server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1400})
    heatmap_drawn(page, server)
    ticks = page.locator(".js-plotly-plot .yaxislayer-above .ytick text")
    row = 3  # the fourth client by spend
    name = ticks.nth(row).text_content()
    tick = ticks.nth(row).bounding_box()
    plot = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    y = tick["y"] + tick["height"] / 2
    # A used cell's hover still shows its figures (the click targets carry them); an unused
    # one shows none.
    hover = page.locator(".js-plotly-plot .hoverlayer .hovertext")
    for step in range(2, 40):
        x = plot["x"] + plot["width"] * step / 40
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
        if hover.count():
            break
    assert hover.count() == 1, "no used cell in the row"
    assert f"Client: {name}" in hover.text_content()
    page.mouse.click(x, y)
    page.wait_for_url("**/client", timeout=60_000)
    page.get_by_role("heading", name="Client").wait_for(timeout=60_000)
    _idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert page.get_by_role("combobox", name="Client").input_value() == name
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert titles and titles[0].startswith(f"{name}: cost versus value per method"), titles
    page.close()


def test_a_quarter_chosen_stays_chosen_across_pages(server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    heatmap_drawn(page, server)
    sidebar = page.locator('[data-testid="stSidebar"]')
    page.get_by_role("combobox", name="Quarter").click()
    page.get_by_role("option", name="2026Q2").click()
    _idle(page)
    page.get_by_text("by client and methods, 2026Q2").wait_for(timeout=60_000)
    for link in ("Board pack", "Methods", "Portfolio heatmap"):
        sidebar.get_by_role("link", name=link).click()
        page.get_by_role("heading", name=link).wait_for(timeout=60_000)
        _idle(page)
        # the sidebar's quarter, or the board pack's own (it has no sidebar filters)
        assert page.get_by_role("combobox", name="Quarter").input_value() == "2026Q2", link
    page.get_by_text("by client and methods, 2026Q2").wait_for(timeout=60_000)
    page.close()


@pytest.mark.parametrize("width", [1280, 1920])
def test_no_headline_figure_or_caption_is_cut(server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 1400})
    ARTIFACTS.mkdir(exist_ok=True)
    for path in PAGES:
        page.goto(f"{server}/{path}")
        page.wait_for_selector("h1", timeout=60_000)
        _idle(page)
        if path in ("", "client", "methods"):
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            _idle(page)
        cut = page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] p,'
            + ' [data-testid="stCaptionContainer"] p, [data-testid="stAlert"] p, h1, h3')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
        assert cut == [], (path, width, cut)
        if path in ("", "client"):
            assert page.locator('[data-testid="stMetricValue"]').count() == 5
        page.screenshot(path=str(ARTIFACTS / f"page_{path or 'heatmap'}_{width}.png"))
    page.close()
