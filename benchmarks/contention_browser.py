"""Benchmark: do other sessions stay responsive while a large upload is checked and imported
through the page? Real browser sessions on a real server. Prints figures; no assertions.

Usage: .venv/bin/python benchmarks/contention_browser.py [--rows 1200000] [--viewers 3]

Starts `streamlit run dashboard.py` on a copy of the sample store, opens ``--viewers`` browser
sessions on the heatmap and times a reload of each (navigation to the heatmap drawn) while
nothing else runs; then a further session uploads a seeded quarter CSV of ``--rows`` rows
(~90 MB at 1.2M rows) and imports it, and the viewers' reloads are timed again, one after
another, for as long as the upload is being checked and then stored.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import dataset  # noqa: E402
from kam_analytics import sample  # noqa: E402
from tests import browser as browser_support  # noqa: E402

DRAWN = browser_support.HEATMAP


def reload_seconds(page, url: str) -> float:
    """Return the seconds from navigation to the heatmap drawn and the script run finished."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(DRAWN, timeout=120_000)
    browser_support.idle(page, timeout=120_000)
    return time.perf_counter() - started


def figures(times: list[float]) -> str:
    return (f"median {statistics.median(times):.2f} s, max {max(times):.2f} s "
            f"(n={len(times)})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--viewers", type=int, default=3)
    args = parser.parse_args(argv)
    upload = dataset(args.rows, "csv")
    print(f"upload: {upload.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows")
    with tempfile.TemporaryDirectory() as tmp:
        db = sample.seeded_store(Path(tmp) / "kam.duckdb")
        with browser_support.streamlit_server(db) as url, browser_support.chromium() as browser:
            viewers = [browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
                       for _ in range(args.viewers)]
            for page in viewers:
                reload_seconds(page, url)  # each session started and warm
            idle = [reload_seconds(page, url) for _ in range(3) for page in viewers]

            uploader = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
            uploader.goto(f"{url}/upload")
            uploader.get_by_text("Drop CSV or Excel files here").wait_for(timeout=60_000)
            browser_support.idle(uploader)
            started = time.perf_counter()
            uploader.set_input_files('[data-testid="stFileUploaderDropzoneInput"]',
                                     str(upload))
            import_button = uploader.get_by_role("button", name="Import")
            during_check = []
            while not import_button.is_visible():
                during_check += [reload_seconds(page, url) for page in viewers]
            checked = time.perf_counter() - started
            replace = uploader.get_by_text("Replace it with this upload")
            if replace.count():
                replace.click()
                browser_support.idle(uploader)
            import_button.click()
            during_store = []
            done = uploader.get_by_text("Imported #")
            while not done.is_visible():
                during_store += [reload_seconds(page, url) for page in viewers]
            stored = time.perf_counter() - started
    print(f"upload checked (page shows Import) after {checked:.1f} s, stored after {stored:.1f} s")
    print(f"other sessions' heatmap, idle: {figures(idle)}")
    if during_check:
        print(f"other sessions' heatmap, while the upload was checked: {figures(during_check)}")
    if during_store:
        print(f"other sessions' heatmap, while it was stored: {figures(during_store)}")


if __name__ == "__main__":
    main()
