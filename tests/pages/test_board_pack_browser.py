"""The real app in headless Chromium: download an anonymised deck from the Board pack page and a
chart's PNG from the heatmap, then open what arrived."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from kam_analytics import settings
from kam_analytics.store import open_store
from tests import browser as browser_support

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = settings.REPO_ROOT / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def names(seeded_db) -> list[str]:
    store = open_store(seeded_db, read_only=True)
    dims = store.client_dimension()
    store.close()
    return dims["client"].tolist() + dims["manager"].dropna().unique().tolist()


@pytest.fixture(scope="module")
def server(seeded_db, names, tmp_path_factory):
    # The server owns its database file: a copy of the seeded sample.
    db = tmp_path_factory.mktemp("bp_browser") / "kam.duckdb"
    shutil.copy(seeded_db, db)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1"], cwd=settings.REPO_ROOT,
        env={**os.environ, settings.DB_ENV_VAR: str(db)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not start: {proc.stdout.read().decode()[-2000:]}")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium (.ci/run does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _idle(page, timeout=60_000):
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=timeout)


def test_download_an_anonymised_deck(server, browser, names, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 1200}, accept_downloads=True)
    page.goto(f"{server}/board_pack")
    page.get_by_text("13 slides: All 20 clients, 2026Q3").wait_for(timeout=60_000)
    _idle(page)
    page.get_by_text("Anonymise client and manager names").click()
    page.get_by_role("button", name="Download the alias key (.csv)").wait_for(timeout=60_000)
    _idle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser_board_pack.png"))
    started = time.perf_counter()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download the slide deck (.pptx)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    print(f"deck downloaded in the browser in {time.perf_counter() - started:.1f} s")
    assert target.name == "kam-board-pack-2026Q3-anonymised.pptx"
    data = target.read_bytes()
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 13  # What changed, relationship health, Client economics too
    titles = [sh.text_frame.text for sh in prs.slides[9].shapes if sh.has_text_frame]
    assert "Client A: cost versus value" in titles
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        blobs = [z.read(n) for n in z.namelist()]
    assert not [n for n in names if any(n.encode() in b for b in blobs)]
    assert "Traceback" not in page.inner_text("body")
    page.close()


def test_download_a_chart_as_png(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 2400}, accept_downloads=True)
    page.goto(server)
    page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
    _idle(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="PNG", exact=True).first.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "Total-cost-by-client-and-methods-2026Q3.png"
    image = Image.open(target)
    assert image.format == "PNG"
    width, height = image.size
    assert width == pytest.approx(height * 16 / 9, abs=2)
    page.close()
