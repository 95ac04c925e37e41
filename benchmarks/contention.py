"""Benchmark: does a large upload freeze other sessions? Streamlit runs every session as a
thread of one process, so this checks a 1M-row CSV upload in one thread while another thread
computes the sample's heatmap data again and again, and prints that page data's latency
beside its latency alone. Prints figures; no assertions.

Usage: .venv/bin/python benchmarks/contention.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from benchmarks.bench import dataset
    from kam_analytics import ingest, sample
    from kam_analytics.analysis import MatrixQuery, matrix_for
    from kam_analytics.store import open_store

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    data = dataset(args.rows, "csv").read_bytes()
    store = open_store(sample.seeded_store(Path(tempfile.mkdtemp()) / "sample.duckdb"))

    def page_data() -> float:
        started = time.perf_counter()
        matrix_for(store, MatrixQuery())
        return time.perf_counter() - started

    alone = [page_data() for _ in range(20)]
    done = threading.Event()
    checked: list[float] = []

    def upload() -> None:
        started = time.perf_counter()
        ingest.prepare_import([("quarter.csv", data)])
        checked.append(time.perf_counter() - started)
        done.set()

    thread = threading.Thread(target=upload)
    thread.start()
    during = []
    while not done.is_set():
        during.append(page_data())
    thread.join()
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms, max {max(xs) * 1000:.0f} ms"  # noqa: E731
    print(f"{args.rows:,}-row CSV upload read and checked in {checked[0]:.2f} s")
    print(f"Another session's heatmap data, alone: {ms(alone)} ({len(alone)} runs)")
    print(f"Another session's heatmap data, during the upload: {ms(during)} ({len(during)} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
