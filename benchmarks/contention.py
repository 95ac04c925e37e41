"""Benchmark: does a large upload freeze other sessions? Streamlit runs every session as a
thread of one process, so this checks a 1M-row CSV upload in one thread while another thread
computes the sample's heatmap data again and again, and prints that page data's latency
beside its latency alone. Prints figures; no assertions.

Usage: .venv/bin/python benchmarks/contention.py [--rows 1000000]

The upload is checked both ways, one after the other: in the server's own process (as the CLI
does) and in the check child the Upload page uses (``ingest.prepare_import_isolated``).
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
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms, max {max(xs) * 1000:.0f} ms"  # noqa: E731
    print(f"Another session's heatmap data, alone: {ms(alone)} ({len(alone)} runs)")
    ingest.prime_check()
    time.sleep(3)  # the page primes its check child while the user picks the file
    for label, check in (("in the server's process", ingest.prepare_import),
                         ("in the check child (the page)", ingest.prepare_import_isolated)):
        done = threading.Event()
        checked: list[float] = []

        def upload(check=check, checked=checked, done=done) -> None:
            started = time.perf_counter()
            check([("quarter.csv", data)])
            checked.append(time.perf_counter() - started)
            done.set()

        thread = threading.Thread(target=upload)
        thread.start()
        during = []
        while not done.is_set():
            during.append(page_data())
        thread.join()
        print(f"{args.rows:,}-row CSV checked {label} in {checked[0]:.2f} s; another "
              f"session's heatmap data meanwhile: {ms(during)} ({len(during)} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
