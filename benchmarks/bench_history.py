"""Benchmark: a store holding many quarters (issue 13: eight quarters of 1M rows). Prints
figures; no assertions.

Usage: .venv/bin/python benchmarks/bench_history.py [--rows 1000000] [--quarters 8] [--runs 3]
Imports ``--quarters`` synthetic quarters of ``--rows`` interactions each (benchmarks/synthetic.py,
2,000 clients; the last quarter is 2026Q3), one import per quarter, printing each import's time
and the store's size after it (they should grow with the data, not faster). Then, on the full
store and, as the baseline in the same run, on a store holding only the last quarter:
- a page's data for one quarter, warm (the matrix of the quarter, as every page reads it);
- one client's interactions, warm (the client page);
- the comparison of the last quarter with the one before, cold (a store just opened) and warm;
- the matrix of every quarter (the trend lines), warm.
Warm figures are the median of ``--runs`` after one untimed call. Then the same reads as the
pages make them, through their cache (``kam_analytics.app.state``, Streamlit's ``cache_data``,
which hands each rerun its own copy): what a page's data costs once it has been read.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The pages' cache says at every call outside a running app, and when each cached function is
# made, that it has none: a filter, set before the app's modules come (Streamlit sets its
# loggers' levels again when it reads its configuration).
logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
    lambda record: "No runtime found" not in record.getMessage())

from benchmarks import synthetic  # noqa: E402
from kam_analytics import ingest  # noqa: E402
from kam_analytics.analysis import MatrixQuery, matrix_for  # noqa: E402
from kam_analytics.analysis.query import change_for  # noqa: E402
from kam_analytics.app import state  # noqa: E402
from kam_analytics.store import open_store  # noqa: E402


def quarter_csv(rows: int, back: int) -> tuple[str, bytes]:
    """Return the synthetic 2026Q3 moved ``back`` quarters earlier, as a CSV file."""
    frame = synthetic.synthetic_quarter(rows, seed=7 + back)
    dates = pd.to_datetime(frame["Date"]) - pd.DateOffset(months=3 * back)
    frame["Date"] = dates.dt.strftime("%Y-%m-%d")
    quarter = f"{dates.iloc[0].year}Q{(dates.iloc[0].month - 1) // 3 + 1}"
    return quarter, frame.to_csv(index=False).encode()


def import_quarters(opened, rows: int, n: int, size=lambda: "") -> list[str]:
    """Import ``n`` synthetic quarters of ``rows`` each, the oldest first, one import each into
    the store ``opened()`` gives (opened and closed for each); print each import's time and
    ``size()``; return the quarters."""
    quarters: list[str] = []
    for back in range(n - 1, -1, -1):
        quarter, data = quarter_csv(rows, back)
        store = opened()
        started = time.perf_counter()
        ingest.run_import(store, [(f"{quarter}.csv", data)])
        seconds = time.perf_counter() - started
        store.close()
        quarters.append(quarter)
        print(f"  import {quarter}: {seconds:.2f} s, {size()}", flush=True)
    return quarters


def timed(call, runs: int) -> float:
    """Return the median seconds of ``runs`` calls after one untimed call."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def reads(path: Path, quarters: list[str], runs: int) -> dict[str, float]:
    """Return the read figures for the store at ``path`` (last quarter against the one before
    when there is one)."""
    store = open_store(path, read_only=True)
    last = quarters[-1]
    out = {}
    if len(quarters) > 1:
        started = time.perf_counter()
        change_for(store, MatrixQuery.of_quarter(last), quarters[-2])
        out["comparison, cold"] = time.perf_counter() - started
    query = MatrixQuery.of_quarter(last)
    out["one quarter's matrix, warm"] = timed(lambda: matrix_for(store, query), runs)
    client = "Client 0001 Ltd"
    out["one client's interactions, warm"] = timed(
        lambda: store.interactions(client=client, quarters=[last]), runs)
    if len(quarters) > 1:
        out["comparison, warm"] = timed(
            lambda: change_for(store, MatrixQuery.of_quarter(last), quarters[-2]), runs)
    out["every quarter's matrix, warm"] = timed(lambda: matrix_for(store, MatrixQuery()), runs)
    # the pages' path: cached per question until the store changes
    out["pages: one quarter's matrix, cached"] = timed(
        lambda: state.query_matrix(store, query), runs)
    if len(quarters) > 1:
        out["pages: comparison, cached"] = timed(
            lambda: state.query_change(store, query, quarters[-2], "current"), runs)
    out["pages: every quarter's matrix, cached"] = timed(
        lambda: state.query_matrix(store, MatrixQuery()), runs)
    store.close()
    return out


def history_options(description: str, argv: list[str] | None,
                    runs: int = 3) -> argparse.Namespace:
    """Return the options of a benchmark over synthetic quarters: --rows a quarter,
    --quarters, --runs timed for each median."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--runs", type=int, default=runs)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = history_options(__doc__.splitlines()[0], argv)
    with tempfile.TemporaryDirectory() as tmp:
        full, single = Path(tmp) / "history.duckdb", Path(tmp) / "one.duckdb"
        print(f"{args.quarters} quarters of {args.rows:,} rows each:")
        quarters = import_quarters(
            lambda: open_store(full, backups_kept=0), args.rows, args.quarters,
            lambda: f"store {full.stat().st_size / 1e6:,.0f} MB")
        store = open_store(single, backups_kept=0)
        ingest.run_import(store, [(f"{quarters[-1]}.csv", quarter_csv(args.rows, 0)[1])])
        store.close()
        history = reads(full, quarters, args.runs)
        baseline = reads(single, quarters[-1:], args.runs)
    print(f"reads (median of {args.runs}; baseline: a store of {quarters[-1]} alone):")
    for name, seconds in history.items():
        base = baseline.get(name)
        ratio = f", {seconds / base:.2f}x the one-quarter store's {base:.3f} s" if base else ""
        print(f"  {name}: {seconds:.3f} s{ratio}")


if __name__ == "__main__":
    main()
