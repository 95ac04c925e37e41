"""Benchmark: the first page of a new session. Prints measured figures; no assertions.

Usage: .venv/bin/python benchmarks/first_page.py [--db DB] [--sessions 8] [--page /]
Starts `streamlit run dashboard.py` on a copy of the store (without --db: a store seeded from the
bundled sample), warms the server with one browser session, then opens ``--sessions`` new
sessions one after another, each timed from navigation to the heatmap drawn (the chart's SVG
present and the script run finished), twice: in a fresh browser profile (nothing cached: every
script file downloaded and compiled) and in a new tab of a browser that has seen the app (a
new Streamlit session all the same). The first session after the server starts is printed too.
With --floor, the same figures for a six-line Streamlit app drawing one plotly heatmap of the
same size: what Streamlit and plotly.js cost in this browser on this machine, before any of
ours.
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
FLOOR_APP = """import numpy as np
import plotly.graph_objects as go
import streamlit as st
st.title("Floor")
st.metric("Clients", "20")
st.plotly_chart(go.Figure(go.Heatmap(z=np.random.default_rng(1).random((20, 26)))))
"""


VIEWPORT = {"width": 1600, "height": 1000}


def drawn_seconds(page, url: str) -> float:
    """Return the seconds ``page`` takes from navigation to the heatmap drawn."""
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(DRAWN, timeout=120_000)
        browser_support.idle(page, timeout=120_000)
        return time.perf_counter() - started
    finally:
        page.close()


def fresh_profile_seconds(browser, url: str) -> float:
    """Return the seconds a new session in a fresh browser profile takes to the heatmap."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        return drawn_seconds(context.new_page(), url)
    finally:
        context.close()


def figures(times: list[float]) -> str:
    return (f"median {statistics.median(times):.2f} s, max {max(times):.2f} s, "
            f"min {min(times):.2f} s (n={len(times)}): "
            + ", ".join(f"{s:.2f}" for s in times))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to serve (copied); default: the sample")
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--page", default="/", help="path of the page to open")
    parser.add_argument("--floor", action="store_true",
                        help="serve a six-line app with one heatmap instead of ours")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kam.duckdb"
        if args.db:
            shutil.copy(args.db, db)
        elif not args.floor:
            sample.seeded_store(db)
        if args.floor:  # with the app's own settings (no usage statistics, no file watcher)
            (Path(tmp) / "floor.py").write_text(FLOOR_APP)
            shutil.copytree(ROOT / ".streamlit", Path(tmp) / ".streamlit")
        server = (browser_support.streamlit_server(None, script="floor.py", cwd=Path(tmp))
                  if args.floor else browser_support.streamlit_server(db))
        with server as url, browser_support.chromium() as browser:
            target = url + args.page
            first = fresh_profile_seconds(browser, target)
            fresh = [fresh_profile_seconds(browser, target) for _ in range(args.sessions)]
            seen = browser.new_context(viewport=VIEWPORT)
            drawn_seconds(seen.new_page(), target)  # the browser has seen the app once
            tabs = [drawn_seconds(seen.new_page(), target) for _ in range(args.sessions)]
            seen.close()
    print(f"first session after the server starts: {first:.2f} s")
    print(f"new session, fresh browser profile: {figures(fresh)}")
    print(f"new session, new tab of a browser that has seen the app: {figures(tabs)}")


if __name__ == "__main__":
    main()
