"""Load test: many sessions spread over two app servers on one PostgreSQL while imports run.
Prints figures (sessions, page loads, errors, page times) and checks every imported row is
stored once: none lost, none doubled.

Usage: .venv/bin/python benchmarks/servers_load.py [--sessions 32] [--loads 4] [--imports 6]
                                                  [--rows 2000]

Starts a PostgreSQL server (Debian's binaries, as the tests do) holding the bundled sample, and
two `streamlit run dashboard.py` servers on it. Each session is a real Streamlit session at the
websocket level (what a browser tab holds, without drawing the page): it asks for a page and
waits for the script run to finish, ``--loads`` times through the app's pages; half the
sessions are on each server. Meanwhile ``--imports`` seeded quarters (``--rows`` rows each) are
imported by the command line, two at a time, so they also take turns for the write lock. A
page load fails when its run raises, shows an error, finds no page, or takes over two minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Every page of the app a director sees, by its address ("" is the heatmap).
PAGES = ["", "client", "methods", "valuations", "changes", "whatif", "economics", "health",
         "board_pack", "upload"]
LOAD_TIMEOUT = 120.0  # seconds for one page's script run
_ERROR = 1  # Alert.Format.ERROR: an st.error on the page


@dataclass
class Figures:
    """What a load run saw: page times, failures, and the rows imported against those stored."""
    sessions: int
    seconds: float = 0.0
    page_times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    imports: dict[str, tuple[int, float]] = field(default_factory=dict)  # file: rows, cost
    import_failures: list[str] = field(default_factory=list)
    stored: dict[str, tuple[int, float]] = field(default_factory=dict)  # file: rows, cost
    # The store's own totals (Store.activity: interactions, cost) before and after the run.
    totals_before: tuple[int, float] = (0, 0.0)
    totals_after: tuple[int, float] = (0, 0.0)

    def lost_or_doubled(self) -> dict[str, tuple]:
        """Return {file: (imported, stored)} for each import not stored exactly once, and
        {"store totals": (expected, found)} when the store's totals differ from its rows'."""
        out = {name: (expected, self.stored.get(name))
               for name, expected in self.imports.items() if self.stored.get(name) != expected}
        out |= {name: (None, got) for name, got in self.stored.items()
                if name not in self.imports}
        expected = (self.totals_before[0] + sum(r for r, _ in self.imports.values()),
                    round(self.totals_before[1] + sum(c for _, c in self.imports.values()), 2))
        if self.totals_after != expected:
            out["store totals"] = (expected, self.totals_after)
        return out

    def report(self) -> str:
        times = sorted(self.page_times)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
        lost = self.lost_or_doubled()
        return "\n".join([
            f"sessions: {self.sessions} over 2 servers, {self.seconds:.1f} s",
            f"page loads: {len(times)}, errors: {len(self.errors)}",
            f"page time: p50 {statistics.median(times) if times else float('nan'):.2f} s, "
            f"p95 {p95:.2f} s, max {max(times, default=float('nan')):.2f} s",
            f"imports: {len(self.imports)} ({sum(r for r, _ in self.imports.values()):,} rows), "
            f"failed: {len(self.import_failures)}",
            f"store totals: {self.totals_before[0]:,} interactions, {self.totals_before[1]:,.2f}"
            f" before; {self.totals_after[0]:,}, {self.totals_after[1]:,.2f} after",
            f"rows lost or doubled: {len(lost)} {lost or ''}",
            *(f"  error: {e}" for e in self.errors[:10]),
            *(f"  import failed: {e}" for e in self.import_failures)])


async def page_load(ws, page: str) -> tuple[float, str | None]:
    """Return the seconds one page's script run took on the session ``ws``, and what went wrong
    (None: nothing)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ask = BackMsg()
    ask.rerun_script.page_name = page
    ask.rerun_script.context_info.timezone = "UTC"
    ask.rerun_script.context_info.locale = "en-US"
    started = time.perf_counter()
    await ws.send(ask.SerializeToString())
    problem = None
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "page_not_found":
            problem = f"/{page}: no such page"
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception":
                problem = f"/{page}: {element.exception.type}: {element.exception.message}"
            elif element.WhichOneof("type") == "alert" and element.alert.format == _ERROR:
                problem = f"/{page}: error shown: {element.alert.body[:200]}"
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # the page asked for a rerun (st.rerun): the browser waits for it too
            if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                problem = problem or f"/{page}: run ended with status {msg.script_finished}"
            return time.perf_counter() - started, problem


async def session(url: str, pages: list[str], figures: Figures) -> None:
    """Open one session on the server at ``url`` and load ``pages`` one after another,
    recording each page's time or what went wrong."""
    import websockets

    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=2**27,
                                      open_timeout=60) as ws:
            for page in pages:
                try:
                    seconds, problem = await asyncio.wait_for(page_load(ws, page),
                                                              LOAD_TIMEOUT)
                except TimeoutError:
                    figures.errors.append(f"/{page}: no answer in {LOAD_TIMEOUT:.0f} s")
                    return
                figures.page_times.append(seconds)
                if problem:
                    figures.errors.append(problem)
    except (OSError, websockets.WebSocketException) as exc:
        figures.errors.append(f"session on {url}: {type(exc).__name__}: {exc}")


async def sessions(urls: list[str], n: int, loads: int, figures: Figures) -> None:
    """Run ``n`` sessions at once, spread evenly over ``urls``, each loading ``loads`` pages
    in the order of PAGES from a page of its own."""
    await asyncio.gather(*(
        session(urls[i % len(urls)], [PAGES[(i + k) % len(PAGES)] for k in range(loads)],
                figures) for i in range(n)))


def run_sessions(work) -> None:
    """Run the coroutine ``work`` in a thread of its own (the caller's thread may already run
    an event loop: Playwright's synchronous API does)."""
    thread = threading.Thread(target=asyncio.run, args=(work,))
    thread.start()
    thread.join()


def alone(url: str) -> Figures:
    """Return the page times of one session alone on the server at ``url``: every page loaded
    twice, the second time timed (the server's caches warm)."""
    figures = Figures(sessions=1)
    run_sessions(session(url, PAGES, figures))
    figures.page_times.clear()
    run_sessions(session(url, PAGES, figures))
    return figures


def import_files(folder: Path, n: int, rows: int) -> dict[Path, tuple[int, float]]:
    """Return ``n`` seeded quarters written as CSV files in ``folder``: {path: (rows, cost)}."""
    from benchmarks import synthetic

    out = {}
    for i in range(n):
        frame = synthetic.synthetic_quarter(rows, clients=200, seed=1000 + i)
        path = synthetic.write_csv(frame, folder / f"load_{i}.csv")
        out[path] = (len(frame), round(float(frame["Cost (EUR)"].sum()), 2))
    return out


def run_imports(url: str, files: dict[Path, tuple[int, float]], figures: Figures) -> None:
    """Import ``files`` into the store at ``url`` by the command line, two at a time, each
    added alongside what the quarter holds; record what was imported and what failed."""
    batch = list(files)
    for pair in (batch[i:i + 2] for i in range(0, len(batch), 2)):
        procs = {path: subprocess.Popen(
            [sys.executable, "-m", "kam_analytics", "import", str(path), "--append",
             "--db", url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True) for path in pair}
        for path, proc in procs.items():
            out, err = proc.communicate(timeout=600)
            if proc.returncode:
                figures.import_failures.append(f"{path.name}: exit {proc.returncode}: {err}")
            else:
                figures.imports[path.name] = files[path]


def stored_per_file(url: str, names: set[str]) -> dict[str, tuple[int, float]]:
    """Return {file name: (rows, cost)} of the active interactions stored by each import of a
    file in ``names`` (read straight from the database: the check must not trust the store)."""
    import json

    import psycopg

    with psycopg.connect(url) as con:
        rows = con.execute("""
            SELECT i.file_names, count(x.*), coalesce(sum(x.cost), 0)
            FROM imports i JOIN import_quarters q USING (import_id)
            LEFT JOIN interactions x ON x.import_id = i.import_id AND x.quarter = q.quarter
            WHERE q.active GROUP BY i.import_id, i.file_names""").fetchall()
    out: dict[str, tuple[int, float]] = {}
    for file_names, count, cost in rows:
        (name,) = json.loads(file_names)
        if name in names:
            if name in out:  # the same file stored twice
                out[f"{name} (again)"] = (int(count), round(float(cost), 2))
            else:
                out[name] = (int(count), round(float(cost), 2))
    return out


def run(database: str, urls: list[str], folder: Path, *, sessions_n: int = 32, loads: int = 4,
        imports: int = 6, rows: int = 2000) -> Figures:
    """Return the figures of ``sessions_n`` sessions over the servers at ``urls`` loading
    ``loads`` pages each while ``imports`` files of ``rows`` rows are imported into
    ``database``."""
    files = import_files(folder, imports, rows)
    figures = Figures(sessions=sessions_n, totals_before=store_totals(database))
    importer = threading.Thread(target=run_imports, args=(database, files, figures))
    started = time.perf_counter()
    importer.start()
    run_sessions(sessions(urls, sessions_n, loads, figures))
    importer.join()
    figures.seconds = time.perf_counter() - started
    figures.stored = stored_per_file(database, {p.name for p in files})
    figures.totals_after = store_totals(database)
    return figures


def store_totals(url: str) -> tuple[int, float]:
    """Return the interactions and their cost as the store totals them (Store.activity)."""
    from kam_analytics.store import open_store

    store = open_store(url)
    try:
        activity = store.activity()
        return int(activity["interactions"].sum()), round(float(activity["cost"].sum()), 2)
    finally:
        store.close()


@contextlib.contextmanager
def served_sample() -> Iterator[tuple[str, list[str]]]:
    """Yield a PostgreSQL database holding the sample and two app servers on it."""
    from kam_analytics import ingest, sample, settings
    from kam_analytics.store import open_store
    from tests import browser as browser_support
    from tests.store import pg

    with pg.running_server() as server:
        url = server.database("load")
        store = open_store(url)
        workbook = sample.SAMPLE_DIR / "kam_sample.xlsx"
        ingest.run_import(store, [(workbook.name, workbook.read_bytes())])
        store.close()
        env = {settings.DB_ENV_VAR: url}
        with browser_support.streamlit_server(None, env=env) as a, \
                browser_support.streamlit_server(None, env=env) as b:
            yield url, [a, b]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=32)
    parser.add_argument("--loads", type=int, default=4)
    parser.add_argument("--imports", type=int, default=6)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, served_sample() as (url, servers):
        quiet = alone(servers[0])
        figures = run(url, servers, Path(tmp), sessions_n=args.sessions, loads=args.loads,
                      imports=args.imports, rows=args.rows)
    times = sorted(quiet.page_times)
    print(f"one session alone, caches warm: {len(times)} page loads, errors "
          f"{len(quiet.errors)}, p50 {statistics.median(times):.2f} s, max {times[-1]:.2f} s")
    print(figures.report())


if __name__ == "__main__":
    main()
