"""The dashboard in headless Chromium on the sample: a heatmap cell (or a ranked row) opens its
client, a cell shows its figures on hover, a quarter chosen stays chosen from page to page, and
no headline figure, heatmap label or table is cut or scrolls sideways at 1280 px."""

from __future__ import annotations

import pytest

from kam_analytics import settings
from tests import browser as browser_support

pytestmark = pytest.mark.browser
ARTIFACTS = settings.REPO_ROOT / "artifacts"
PAGES = ["", "client", "methods", "valuations", "changes", "whatif", "economics", "health",
         "board_pack", "upload"]
_idle = browser_support.idle


def heatmap_drawn(page, url: str) -> None:
    """Open the heatmap page and wait until its heatmap and ranking are drawn and open a
    client when clicked."""
    page.goto(url)
    page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
    _idle(page)
    for key in ("heatmap", "overinvested"):
        page.wait_for_selector(browser_support.CLICKABLE.format(key=key), timeout=60_000)


def client_page_shows(page, name: str) -> None:
    page.wait_for_url("**/client", timeout=60_000)
    page.get_by_role("heading", name="Client").wait_for(timeout=60_000)
    _idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert page.get_by_role("combobox", name="Client").input_value() == name
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert titles and titles[0].startswith(f"{name}: cost versus value per method"), titles


def test_clicking_a_heatmap_cell_opens_that_clients_page(server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1400})
    heatmap_drawn(page, server)
    row = page.locator(".kam-heatmap tbody tr").nth(3)  # the fourth client by spend
    name = row.locator("th").inner_text()
    # A used cell's hover shows its figures; an unused one says it was not used.
    used = row.locator("td:not(.e)").first
    used.hover()
    tip = page.locator(".kam-heatmap .tip")
    tip.wait_for(state="visible", timeout=10_000)
    assert f"Client: {name}" in tip.inner_text() and "Total cost:" in tip.inner_text()
    unused = row.locator("td.e").first
    unused.hover()
    assert tip.inner_text().endswith("no interactions"), tip.inner_text()
    used.click()
    client_page_shows(page, name)
    page.close()


def test_a_ranked_row_opens_that_clients_page_from_the_keyboard(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    heatmap_drawn(page, server)
    second = page.locator(".kam-table tbody tr").nth(1)
    name = second.locator("td").first.inner_text()
    second.focus()
    page.keyboard.press("Enter")
    client_page_shows(page, name)
    page.close()


def test_a_redrawn_heatmap_still_shows_figures_and_opens_a_client(server, browser):
    # The heatmap is drawn as HTML, its rows wired by handlers on the document: a heatmap
    # redrawn by another choice (strategies for columns, the same clients) answers as well.
    page = browser.new_page(viewport={"width": 1600, "height": 1400})
    heatmap_drawn(page, server)
    page.locator('[data-testid="stRadio"] label').filter(has_text="Strategies").click()
    page.get_by_text("by client and strategies, 2026Q3").wait_for(timeout=60_000)
    _idle(page)
    assert page.locator(".kam-heatmap thead tr").first.locator("th").count() == 6  # 5 + names
    row = page.locator(".kam-heatmap tbody tr").nth(2)
    name = row.locator("th").inner_text()
    cell = row.locator("td:not(.e)").first
    cell.hover()
    tip = page.locator(".kam-heatmap .tip")
    tip.wait_for(state="visible", timeout=10_000)
    assert f"Client: {name}" in tip.inner_text()
    cell.click()
    client_page_shows(page, name)
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
        if path == "":
            page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
            _idle(page)
            # every heatmap and table label inside the page: none past its right edge, and no
            # table wider than the page (it would scroll sideways)
            right = page.evaluate(
                "() => document.querySelector('[data-testid=stMain]').getBoundingClientRect()"
                ".right")
            past = page.evaluate("""(right) => {
                const roots = [document, ...[...document.querySelectorAll('*')]
                    .filter(e => e.shadowRoot).map(e => e.shadowRoot)];
                const inside = roots.flatMap(r => [...r.querySelectorAll(
                    '.kam-heatmap th span, .kam-heatmap tbody th, .kam-table th, .kam-table td')]);
                const frames = roots.flatMap(r => [...r.querySelectorAll(
                    '.kam-heatmap .frame, .kam-table')]);
                return [inside.length, frames.length, inside
                    .filter(e => e.getBoundingClientRect().right > right).map(e => e.innerText)
                    .concat(frames.filter(f => f.scrollWidth > f.clientWidth + 1)
                    .map(f => 'scrolls: ' + f.className))];
            }""", right)
            # method and client names, the ranking's headers and cells: all found and inside
            assert past[0] > 100 and past[1] == 2 and past[2] == [], (width, past)
        if path in ("client", "methods", "changes"):
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            _idle(page)
        if path in ("", "client"):  # the tiles, which can come a moment after the tables
            page.locator('[data-testid="stMetricValue"]').nth(4).wait_for(timeout=30_000)
        cut = page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] p,'
            + ' [data-testid="stCaptionContainer"] p, .kam-hint, [data-testid="stAlert"] p,'
            + ' h1, h3')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
        assert cut == [], (path, width, cut)
        if path in ("", "client"):
            assert page.locator('[data-testid="stMetricValue"]').count() == 5
        page.screenshot(path=str(ARTIFACTS / f"page_{path or 'heatmap'}_{width}.png"))
    page.close()


def test_what_changed_shows_the_change_and_a_moved_row_opens_its_client(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(f"{server}/changes")
    page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
    _idle(page)
    assert "2026Q3 against 2026Q2" in page.locator(".kam-heatmap .title").inner_text()
    ticks = page.locator(".kam-heatmap .bar").inner_text().splitlines()
    # centred on no change: as far down as up
    assert "0" in ticks and ticks[0].lstrip("≤ ") == "-" + ticks[-1].lstrip("≥ +"), ticks
    tiles = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    assert "Cells that moved" in " ".join(tiles)
    row = page.locator(".kam-table tbody tr").first
    name = row.locator("td").first.inner_text()
    row.click()
    client_page_shows(page, name)
    page.close()


def test_client_economics_draws_the_whale_curve_and_a_row_opens_its_client(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(f"{server}/economics")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    _idle(page)
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert "Cumulative profit after relationship cost" in title
    # names on the axis, never ids; the sample's least profitable account last
    ticks = page.locator(".js-plotly-plot .xtick text").all_text_contents()
    assert ticks[0].startswith("1. ") and ticks[-1].startswith("19. Meridian Packaging")
    row = page.locator(".kam-table tbody tr").nth(18)
    name = row.locator("td").nth(1).inner_text()
    assert name == "Meridian Packaging Group"
    row.click()
    client_page_shows(page, name)
    page.close()
