"""Benchmark: a command-line import while the dashboard runs on the same DuckDB file (issue 15
item 5). Prints measured figures; no assertions.

Usage: .venv/bin/python benchmarks/handover.py [--rows 200000] [--sessions 6] [--before DIR]
A store of two synthetic quarters of ``--rows`` interactions (benchmarks/synthetic.py) is served
by `streamlit run dashboard.py`, once from ``--before`` (a checkout of the code before the
hand-over, e.g. a worktree of main at that commit; skipped when not given) and once from this
tree, each on its own copy of the store. For each: the page times of ``--sessions`` new
sessions (navigation to the heatmap drawn and the script run finished; median and max), then
the command-line import of a third quarter of ``--rows`` rows run while the server holds the
file (its exit status and time), then new sessions again while such an import runs (this tree
only: today's import is refused at once). As the baseline in the same run, the same import
into a copy of the store that no program holds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_history import quarter_csv  # noqa: E402
from kam_analytics import ingest  # noqa: E402
from kam_analytics.store import open_store  # noqa: E402
from tests import browser as browser_support  # noqa: E402


def page_times(browser, url: str, sessions: int) -> list[float]:
    """Return the seconds each of ``sessions`` new sessions took to draw the heatmap."""
    times = []
    for _ in range(sessions):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(browser_support.HEATMAP, timeout=120_000)
        browser_support.idle(page, timeout=120_000)
        times.append(time.perf_counter() - started)
        page.close()
    return times


def cli_import(tree: Path, db: Path, csv: Path) -> tuple[int, float, str]:
    """Return the exit status, seconds and last line said of ``import csv`` run from ``tree``."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kam_analytics", "import", str(csv), "--db",
                           str(db)], cwd=tree, capture_output=True, text=True)
    said = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return done.returncode, time.perf_counter() - started, said[0][:110] if said else ""


def shown(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (n={len(times)})"


def run_tree(name: str, tree: Path, store: Path, csv: Path, folder: Path, sessions: int
             ) -> None:
    """Print page times, the held import and pages during it for the code in ``tree``."""
    db = folder / name / "kam.duckdb"
    db.parent.mkdir()
    shutil.copy(store, db)
    with browser_support.streamlit_server(db, cwd=tree) as url, \
            browser_support.chromium() as browser:
        page_times(browser, url, 1)  # warm: the server opens (and now holds) the store
        print(f"{name}: new sessions, idle server: {shown(page_times(browser, url, sessions))}")
        status, seconds, said = cli_import(tree, db, csv)
        print(f"{name}: CLI import while the server runs: exit {status} in {seconds:.2f} s: "
              f"{said}")
        if status != 0:
            return
        second = csv.with_name("again.csv")
        second.write_bytes(csv.read_bytes().replace(b"\n2026", b"\n2025"))  # a year earlier
        during: list[float] = []
        result: list = []
        worker = threading.Thread(target=lambda: result.append(cli_import(tree, db, second)))
        worker.start()
        time.sleep(1.0)  # the import under way
        while worker.is_alive():
            during += page_times(browser, url, 1)
        worker.join()
        print(f"{name}: new sessions during a second CLI import (exit {result[0][0]} in "
              f"{result[0][1]:.2f} s): {shown(during) if during else 'none finished first'}")
        print(f"{name}: new sessions after it: {shown(page_times(browser, url, sessions))}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--before", type=Path, help="a checkout of the code before")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store_path = folder / "seed.duckdb"
        store = open_store(store_path, backups_kept=0)
        for back in (3, 2):
            quarter, data = quarter_csv(args.rows, back)
            ingest.run_import(store, [(f"{quarter}.csv", data)])
        store.close()
        quarter, data = quarter_csv(args.rows, 1)
        csv = folder / f"{quarter}.csv"
        csv.write_bytes(data)
        print(f"store: 2 quarters of {args.rows:,} rows; the CLI imports {quarter} "
              f"({args.rows:,} rows)")
        free = folder / "free.duckdb"
        shutil.copy(store_path, free)
        status, seconds, said = cli_import(ROOT, free, csv)
        print(f"baseline: CLI import into a store no program holds: exit {status} in "
              f"{seconds:.2f} s")
        if args.before is not None:
            run_tree("before", args.before.resolve(), store_path, csv, folder, args.sessions)
        run_tree("now", ROOT, store_path, csv, folder, args.sessions)


if __name__ == "__main__":
    main()
