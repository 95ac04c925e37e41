"""Benchmark: a CSV of 2 rows and 20,000 columns (the second row short, so not a rectangle),
read and imported, each figure beside pandas reading the same file in the same run. Prints a
Markdown table; no assertions.

Usage: .venv/bin/python benchmarks/bench_wide.py [--runs 5] [--columns 20000]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wide_csv(columns: int) -> bytes:
    """Return a header of ``columns`` names (the interaction columns first) and one short row."""
    header = [f"c{i}" for i in range(columns)]
    header[:3] = ["date", "client", "method"]
    return "\n".join([",".join(header), "2026-01-05,Acme,Site visit"]).encode()


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Return the median wall-clock seconds of ``runs`` calls of ``work``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--columns", type=int, default=20_000)
    args = parser.parse_args()

    import pandas as pd

    from kam_analytics.ingest.pipeline import prepare_import
    from kam_analytics.ingest.readers import read_file

    data = wide_csv(args.columns)

    def pandas_read() -> object:
        return pd.read_csv(io.BytesIO(data), header=None, dtype=object)

    baseline = median_seconds(pandas_read, args.runs)
    rows = [
        ("read (read_file)", median_seconds(lambda: read_file("wide.csv", data), args.runs)),
        ("import, checks included (prepare_import)",
         median_seconds(lambda: prepare_import([("wide.csv", data)]), args.runs)),
    ]
    print(f"CSV of 2 rows x {args.columns:,} columns; medians of {args.runs} runs")
    print("| measure | ours (s) | pandas.read_csv (s) | ratio |")
    print("|---|---|---|---|")
    for what, seconds in rows:
        print(f"| {what} | {seconds:.3f} | {baseline:.3f} | {seconds / baseline:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
