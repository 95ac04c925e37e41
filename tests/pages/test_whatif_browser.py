"""The Budget what-if flow in headless Chromium on the sample, as a director would go through
it: change the share moved, download the ranking, open a recommended client, come back to the
same move, and add it to the board pack, whose report carries it."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from kam_analytics import settings
from tests import browser as browser_support

pytestmark = pytest.mark.browser
ARTIFACTS = settings.REPO_ROOT / "artifacts"
_idle = browser_support.idle


def _metric(page, label: str) -> str:
    tile = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return tile.locator('[data-testid="stMetricValue"]').inner_text()


def _money(text: str) -> float:
    return float(text.replace(",", ""))


def test_a_budget_move_from_share_to_board_pack(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    page.goto(f"{server}/whatif")
    page.get_by_role("heading", name="Budget what-if").wait_for(timeout=60_000)
    page.get_by_text("Cells to change, ranked").wait_for(timeout=60_000)
    _idle(page)
    shown_15 = _metric(page, "Money moved")
    at_15 = _money(shown_15)
    assert at_15 > 0

    # 15 % -> 20 %: one step of the slider, from the keyboard
    page.get_by_role("slider", name="Share of their cost to move").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('input[type=range]')?.value === '20'",
                           timeout=30_000)
    page.locator('[data-testid="stMetric"]').filter(has_text="Money moved").locator(
        '[data-testid="stMetricValue"]').filter(has_not_text=shown_15).wait_for(timeout=30_000)
    _idle(page)
    at_20 = _money(_metric(page, "Money moved"))
    assert at_20 == pytest.approx(at_15 * 20 / 15, abs=1)  # both shown rounded to the unit
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser_whatif.png"), full_page=True)

    # the ranking as CSV: grows first, and what the cuts give up is what the grows get
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the ranking (CSV)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "kam_whatif_2026Q3.csv"
    ranked = pd.read_csv(target)
    assert ranked["#"].tolist() == list(range(1, len(ranked) + 1))
    actions = ranked["Action"].tolist()
    assert actions == sorted(actions, key=lambda a: a != "Grow") and set(actions) == {
        "Grow", "Cut"}
    change = ranked["Total cost after (EUR)"] - ranked["Total cost (EUR)"]
    cut, grown = change[ranked["Action"] == "Cut"].sum(), change[ranked["Action"] == "Grow"].sum()
    # each cell is rounded to the unit in the file: a unit per cell at most
    assert -cut == pytest.approx(at_20, abs=len(ranked))
    assert grown == pytest.approx(at_20, abs=len(ranked))

    # the first recommendation opens its client; back on the what-if page the move is the same
    first = page.locator(".kam-table tbody tr").filter(has_text="Grow").first
    name = first.locator("td").nth(2).inner_text()
    assert name == ranked["Client"].iloc[0]
    first.click()
    page.wait_for_url("**/client", timeout=60_000)
    page.get_by_role("heading", name="Client").wait_for(timeout=60_000)
    _idle(page)
    assert page.get_by_role("combobox", name="Client").input_value() == name
    page.get_by_role("link", name="Budget what-if").click()
    page.get_by_text("Cells to change, ranked").wait_for(timeout=60_000)
    _idle(page)
    assert page.get_by_role("slider", name="Share of their cost to move").input_value() == "20"

    # into the board pack: the section is on, the move stated, and the report carries it
    page.get_by_role("button", name="Add to the board pack").click()
    page.wait_for_url("**/board_pack", timeout=60_000)
    page.get_by_text(re.compile(r"^Budget what-if: 20% of the cost of Overinvested cells")
                     ).wait_for(timeout=60_000)
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "browser_whatif_board_pack.png"), full_page=True)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download the Excel report (.xlsx)").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book["Budget what-if"].values)
    header, body = rows[0], rows[1:]
    moved = [r[header.index("Change in cost (EUR)")] for r in body]
    assert sum(m for m in moved if m > 0) == pytest.approx(at_20, abs=0.5)
    assert "Traceback" not in page.inner_text("body")
    page.close()
