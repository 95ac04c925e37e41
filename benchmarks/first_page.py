"""Benchmark: the first page of a new session. Prints measured figures; no assertions.

Usage: .venv/bin/python benchmarks/first_page.py [--db DB] [--sessions 8]
Starts three Streamlit servers: ours (`streamlit run dashboard.py` on a copy of the store;
without --db, a store seeded from the bundled sample) and two baselines with the app's own
settings: a bare page (a title and one figure: what any Streamlit page costs in this browser
on this machine) and the same with one plotly heatmap of the sample's size (what plotly.js
adds). Each is warmed with one session; then new sessions are opened in turn, ours and the
baselines alternating so that they share the machine's noise, each timed from navigation to
the heatmap (and for ours the five tiles) drawn and the script run finished (and, for ours,
until the heatmap's rows open a client when clicked: the hint under it drawn by the component
that wires them). Twice: in a fresh browser profile (nothing cached: every script downloaded
and compiled) and in a new tab of a browser that has seen the app (a new Streamlit session all
the same). The first session after our server starts is printed too, and our medians as ratios
to the bare page's.

Where the time goes, per session (medians): the phases as the page saw them (the app's own
scripts loaded and its websocket open; the first element received; the script run's end
received; drawn), and the CPU seconds the server process and the browser's processes spent on
the session, read from /proc: on a shared machine the wall clock waits for other work, the CPU
seconds do not.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from kam_analytics import sample  # noqa: E402
from tests import browser as browser_support  # noqa: E402

DRAWN = browser_support.HEATMAP
TILE_VALUES = '[data-testid="stMetricValue"]'
CLICKABLE = browser_support.CLICKABLE.format(key="heatmap")
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
# When the page's websocket opened and each message arrived (performance.now(), ms from the
# navigation's start); the messages' kinds are read from the same frames on this side.
WEBSOCKET_TIMES = """
(() => {
  const Native = window.WebSocket;
  window.__kamWs = {opened: null, messages: []};
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      window.__kamWs.opened = performance.now();
      this.addEventListener("message", () => window.__kamWs.messages.push(performance.now()));
    }
  };
})();
"""
PHASES = ("websocket open", "first element", "script run ended", "drawn")
_TICK = os.sysconf("SC_CLK_TCK")


def message_kind(payload: bytes | str) -> str:
    """Return what a Streamlit message is: 'delta', 'script_finished', 'new_session'..."""
    msg = ForwardMsg()
    msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode("latin-1"))
    return msg.WhichOneof("type") or ""


def cpu_seconds(port: str) -> tuple[float, float]:
    """Return the CPU seconds so far of the server on ``port`` and of the browser's processes,
    among this process's descendants (0, 0 without /proc)."""
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    commands: dict[int, bytes] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                commands[int(entry)] = f.read().replace(b"\0", b" ")
        except OSError:  # ended meanwhile
            continue
        parent[int(entry)] = int(stat[1])
        times[int(entry)] = (int(stat[11]) + int(stat[12])) / _TICK
    server = browser = 0.0
    for pid, spent in times.items():
        ancestor = parent.get(pid)
        while ancestor not in (None, 0, os.getpid()):
            ancestor = parent.get(ancestor)
        if ancestor != os.getpid():
            continue
        if f"--server.port {port}".encode() in commands[pid]:
            server += spent
        elif b"chrom" in commands[pid]:
            browser += spent
    return server, browser


def drawn_session(page, url: str, drawn: str) -> dict[str, float]:
    """Return the seconds ``page`` takes from navigation to ``drawn`` present and idle
    ('seconds'), its phases (``PHASES``, seconds from navigation), the CPU seconds the
    server and the browser spent meanwhile, and on our page the seconds until the heatmap
    opens a client when clicked ('clickable')."""
    kinds: list[str] = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: kinds.append(message_kind(payload))))
    port = url.rsplit(":", 1)[1]
    try:
        server_cpu, browser_cpu = cpu_seconds(port)
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(drawn, timeout=120_000)
        if drawn == DRAWN:  # our first screen: the heatmap and the five tiles above it (the
            # heatmap, drawn as HTML, can come before the tiles' script has loaded)
            page.locator(TILE_VALUES).nth(4).wait_for(timeout=120_000)
        browser_support.idle(page, timeout=120_000)
        seconds = time.perf_counter() - started
        server_after, browser_after = cpu_seconds(port)
        if drawn == DRAWN:
            page.wait_for_selector(CLICKABLE, timeout=120_000)
        clickable = time.perf_counter() - started
        marks = page.evaluate("window.__kamWs")
    finally:
        page.close()
    arrived = list(zip(kinds, marks["messages"], strict=False))
    first_element = next((ms for kind, ms in arrived if kind == "delta"), 0)
    run_ended = next((ms for kind, ms in reversed(arrived) if kind == "script_finished"), 0)
    return {"seconds": seconds, "websocket open": (marks["opened"] or 0) / 1000,
            "first element": first_element / 1000, "script run ended": run_ended / 1000,
            "drawn": seconds, "server CPU": server_after - server_cpu,
            "browser CPU": browser_after - browser_cpu, "clickable": clickable}


def fresh_profile_session(browser, url: str, drawn: str) -> dict[str, float]:
    """Return ``drawn_session`` of a new session in a fresh browser profile."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(WEBSOCKET_TIMES)
    try:
        return drawn_session(context.new_page(), url, drawn)
    finally:
        context.close()


def where_the_time_goes(sessions: list[dict[str, float]]) -> str:
    """Return the median phases and CPU seconds of ``sessions``."""
    def median(key: str) -> float:
        return statistics.median(s[key] for s in sessions)
    return (" → ".join(f"{p} {median(p):.2f}" for p in PHASES)
            + f" s; CPU server {median('server CPU'):.2f} s, browser "
              f"{median('browser CPU'):.2f} s")


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
        first = fresh_profile_session(browser, apps["ours"][0], DRAWN)["seconds"]
        for name, (source, drawn) in BASELINES.items():
            folder = Path(tmp) / name.replace(" ", "_")
            folder.mkdir()
            (folder / "floor.py").write_text(source)
            shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
            url = stack.enter_context(browser_support.streamlit_server(
                None, script="floor.py", cwd=folder))
            fresh_profile_session(browser, url, drawn)  # its first session
            apps[name] = (url, drawn)
        fresh: dict[str, list[dict[str, float]]] = {name: [] for name in apps}
        tabs: dict[str, list[dict[str, float]]] = {name: [] for name in apps}
        seen = {name: browser.new_context(viewport=VIEWPORT) for name in apps}
        for name, (url, drawn) in apps.items():
            seen[name].add_init_script(WEBSOCKET_TIMES)
            drawn_session(seen[name].new_page(), url, drawn)  # the browser has seen it once
        for _ in range(args.sessions):
            for name, (url, drawn) in apps.items():
                fresh[name].append(fresh_profile_session(browser, url, drawn))
                tabs[name].append(drawn_session(seen[name].new_page(), url, drawn))
        for context in seen.values():
            context.close()
    print(f"first session after the server starts (ours): {first:.2f} s")
    for label, sessions in (("fresh browser profile", fresh), ("new tab of a browser that has "
                                                               "seen the app", tabs)):
        print(f"new session, {label}:")
        for name, runs in sessions.items():
            print(f"  {name:15} {figures([r['seconds'] for r in runs])}")
        ratio = (statistics.median(r["seconds"] for r in sessions["ours"])
                 / statistics.median(r["seconds"] for r in sessions["bare page"]))
        print(f"  ours / bare page: {ratio:.2f}")
        print("  where the time goes (medians, seconds from navigation):")
        for name, runs in sessions.items():
            print(f"    {name:15} {where_the_time_goes(runs)}")
        print(f"  ours, the heatmap's rows open a client: median "
              f"{statistics.median(r['clickable'] for r in sessions['ours']):.2f} s")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
