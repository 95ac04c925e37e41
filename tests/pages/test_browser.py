"""The real app in headless Chromium: each test file uploaded through the browser gives the same
matrix as the command line; the heatmap is seen and screenshotted."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kam_analytics import settings
from tests import browser as browser_support
from tests import datasets

pytestmark = pytest.mark.browser
ARTIFACTS = settings.REPO_ROOT / "artifacts"
FILES = [("russian.csv", datasets.cp1251_csv), ("utf8.csv", datasets.utf8_csv),
         ("report.xlsx", datasets.xlsx_with_title_and_totals)]
_idle = browser_support.idle


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with browser_support.streamlit_server(tmp_path_factory.mktemp("browser") / "kam.duckdb") as url:
        yield url


def cli_matrix(tmp_path: Path, name: str, data: bytes) -> pd.DataFrame:
    """Return the matrix the command line gives for one file in a store of its own."""
    path = tmp_path / name
    path.write_bytes(data)
    db = tmp_path / f"{name}.duckdb"
    run = [sys.executable, "-m", "kam_analytics"]
    subprocess.run([*run, "import", str(path), "--db", str(db)], check=True,
                   cwd=settings.REPO_ROOT, capture_output=True)
    out = subprocess.run([*run, "matrix", "--db", str(db)], check=True,
                         cwd=settings.REPO_ROOT, capture_output=True).stdout
    return pd.read_csv(io.BytesIO(out), keep_default_na=False, na_values=[""])


def upload(page, server: str, path: Path, replace: bool) -> None:
    page.goto(f"{server}/upload")
    page.get_by_text("Drop CSV or Excel files here").wait_for(timeout=60_000)
    _idle(page)
    # Even as the first page of a fresh server, the app's own navigation is in the sidebar.
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Portfolio heatmap" in nav and "Upload & data" in nav, nav
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(path))
    page.get_by_role("button", name="Import").wait_for(timeout=60_000)
    _idle(page)
    rate = page.get_by_label(re.compile(r"^1 [A-Z]{3} = how many [A-Z]{3}\?"))
    if rate.count():
        # The files hold the same figures, in roubles and in euros: a rate of 1 keeps them
        # equal to the CLI's (each CLI store keeps its file's currency). The rate's arithmetic
        # is tested in tests/ingest/test_pipeline.py and tests/pages/test_upload.py.
        rate.fill("1")
        rate.press("Enter")
        _idle(page)
    if replace:
        page.get_by_text("Replace it with this upload").click()
        _idle(page)
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported #").wait_for(timeout=60_000)


def page_matrix(page, server: str) -> pd.DataFrame:
    page.goto(server)
    page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
    _idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the matrix (CSV)").click()
    data = Path(info.value.path()).read_bytes()
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""])


def test_each_file_through_the_browser_gives_the_cli_matrix(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 1300}, accept_downloads=True)
    for i, (name, build) in enumerate(FILES):
        path = tmp_path / name
        path.write_bytes(build())
        upload(page, server, path, replace=i > 0)
        seen = page_matrix(page, server)
        cli_dir = tmp_path / f"cli{i}"
        cli_dir.mkdir()
        expected = cli_matrix(cli_dir, name, build())
        pd.testing.assert_frame_equal(seen, expected)
        assert set(seen["client"]) == {"Acme Ltd", "NA", "ООО Ромашка"}
        # the heatmap's columns are method names, never ids (the table is in a shadow root,
        # which page.content() leaves out)
        columns = page.locator(".kam-heatmap thead th").all_inner_texts()
        assert "Staff training" in columns and not [c for c in columns if "." in c], columns
        assert "Traceback" not in page.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser_heatmap.png"))
    page.close()
