"""The real app in headless Chromium: upload a file, see the heatmap, save a screenshot."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kam_analytics import settings
from tests import datasets

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
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "kam.duckdb"
    port = _free_port()
    env = {**os.environ, settings.DB_ENV_VAR: str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1"], cwd=settings.REPO_ROOT, env=env,
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


def test_upload_then_heatmap(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 1300})
    page.goto(f"{server}/upload")
    _idle(page)
    csv = tmp_path / "russian.csv"
    csv.write_bytes(datasets.cp1251_csv())
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(csv))
    page.get_by_role("button", name="Import").wait_for(timeout=60_000)
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported #1").wait_for(timeout=60_000)

    page.goto(server)
    page.wait_for_selector(".js-plotly-plot .heatmaplayer, .js-plotly-plot .main-svg",
                           timeout=60_000)
    _idle(page)
    body = page.inner_text("body")
    assert "Acme Ltd" in page.content()
    assert "Staff training" in page.content()
    assert "Traceback" not in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser_heatmap.png"))
    page.close()
