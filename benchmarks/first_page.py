"""Benchmark: the first page of a new session. Prints measured figures; no assertions.

Usage: .venv/bin/python benchmarks/first_page.py [--db DB] [--sessions 8]
Starts three Streamlit servers: ours (`streamlit run dashboard.py` on a copy of the store;
without --db, a store seeded from the bundled sample) and two baselines with the app's own
settings: a bare page (a title and one figure: what any Streamlit page costs in this browser
on this machine) and the same with one plotly heatmap of the sample's size (what plotly.js
adds). Each is warmed with one session; then new sessions are opened in turn, ours and the
baselines alternating so that they share the machine's noise, each timed from navigation to
the heatmap drawn and the script run finished. Twice: in a fresh browser profile (nothing
cached: every script downloaded and compiled) and in a new tab of a browser that has seen the
app (a new Streamlit session all the same). The first session after our server starts is
printed too, and our medians as ratios to the bare page's.
"""

from __future__ import annotations

import argparse
import contextlib
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

DRAWN = browser_support.HEATMAP
BASELINES = {
    "bare page": ("""import streamlit as st
st.title("Floor")
st.metric("Clients", "20")
""", "h1"),
    "plotly heatmap": ("""import numpy as np
import plotly.graph_objects as go
import streamlit as st
st.title("Floor")
st.metric("Clients", "20")
st.plotly_chart(go.Figure(go.Heatmap(z=np.random.default_rng(1).random((20, 26)))))
""", ".js-plotly-plot .main-svg"),
}
VIEWPORT = {"width": 1600, "height": 1000}


def drawn_seconds(page, url: str, drawn: str) -> float:
    """Return the seconds ``page`` takes from navigation to ``drawn`` present and idle."""
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(drawn, timeout=120_000)
        browser_support.idle(page, timeout=120_000)
        return time.perf_counter() - started
    finally:
        page.close()


def fresh_profile_seconds(browser, url: str, drawn: str) -> float:
    """Return the seconds a new session in a fresh browser profile takes to ``drawn``."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        return drawn_seconds(context.new_page(), url, drawn)
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
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        db = Path(tmp) / "kam.duckdb"
        if args.db:
            shutil.copy(args.db, db)
        else:
            sample.seeded_store(db)
        apps = {"ours": (stack.enter_context(browser_support.streamlit_server(db)), DRAWN)}
        browser = stack.enter_context(browser_support.chromium())
        first = fresh_profile_seconds(browser, apps["ours"][0], DRAWN)
        for name, (source, drawn) in BASELINES.items():
            folder = Path(tmp) / name.replace(" ", "_")
            folder.mkdir()
            (folder / "floor.py").write_text(source)
            shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
            url = stack.enter_context(browser_support.streamlit_server(
                None, script="floor.py", cwd=folder))
            fresh_profile_seconds(browser, url, drawn)  # its first session
            apps[name] = (url, drawn)
        fresh: dict[str, list[float]] = {name: [] for name in apps}
        tabs: dict[str, list[float]] = {name: [] for name in apps}
        seen = {name: browser.new_context(viewport=VIEWPORT) for name in apps}
        for name, (url, drawn) in apps.items():
            drawn_seconds(seen[name].new_page(), url, drawn)  # the browser has seen it once
        for _ in range(args.sessions):
            for name, (url, drawn) in apps.items():
                fresh[name].append(fresh_profile_seconds(browser, url, drawn))
                tabs[name].append(drawn_seconds(seen[name].new_page(), url, drawn))
        for context in seen.values():
            context.close()
    print(f"first session after the server starts (ours): {first:.2f} s")
    for label, times in (("fresh browser profile", fresh), ("new tab of a browser that has "
                                                            "seen the app", tabs)):
        print(f"new session, {label}:")
        for name, values in times.items():
            print(f"  {name:15} {figures(values)}")
        ratio = statistics.median(times["ours"]) / statistics.median(times["bare page"])
        print(f"  ours / bare page: {ratio:.2f}")


if __name__ == "__main__":
    main()
