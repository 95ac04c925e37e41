"""Benchmark: the first page of a new session. Prints measured figures; no assertions.

Usage: .venv/bin/python benchmarks/first_page.py [--db DB] [--sessions 8] [--page /]
Starts `streamlit run dashboard.py` on a copy of the store (without --db: a store seeded from the
bundled sample), warms the server with one browser session, then opens ``--sessions`` new
browser sessions one after another, each timed from navigation to the heatmap drawn (the
chart's SVG present and the script run finished). The first warm-up session after the server
starts is printed too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kam_analytics import sample  # noqa: E402
from tests import browser as browser_support  # noqa: E402

DRAWN = ".js-plotly-plot .main-svg"


def session_seconds(browser, url: str) -> float:
    """Return the seconds a new browser session takes from navigation to the heatmap drawn."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(DRAWN, timeout=120_000)
        browser_support.idle(page, timeout=120_000)
        return time.perf_counter() - started
    finally:
        context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to serve (copied); default: the sample")
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--page", default="/", help="path of the page to open")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kam.duckdb"
        if args.db:
            shutil.copy(args.db, db)
        else:
            sample.seeded_store(db)
        with browser_support.streamlit_server(db) as url, browser_support.chromium() as browser:
            target = url + args.page
            first = session_seconds(browser, target)
            times = [session_seconds(browser, target) for _ in range(args.sessions)]
    print(f"first session after server start: {first:.2f} s")
    print(f"new sessions on a warm server (n={len(times)}): "
          f"median {statistics.median(times):.2f} s, max {max(times):.2f} s, "
          f"min {min(times):.2f} s")
    print("each: " + ", ".join(f"{s:.2f}" for s in times))


if __name__ == "__main__":
    main()
