"""Benchmark: valuations entered in the app on a store of one quarter of ROWS interactions (the
seeded quarter of bench.py): saving entries, the valuations in force, the matrix and a client's
history, before and after the entries. Prints a Markdown table; no assertions.

Usage: .venv/bin/python benchmarks/bench_valuations.py [--rows 1000000] [--entries 2000]
                                                        [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import dataset, machine  # noqa: E402
from benchmarks.bench_wide import median_seconds  # noqa: E402


def median_ms(work: Callable[[], object], runs: int) -> float:
    """Return the median wall time of ``runs`` calls of ``work``, in milliseconds."""
    return median_seconds(work, runs) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--entries", type=int, default=2_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    import pandas as pd

    from kam_analytics import ingest
    from kam_analytics.analysis import MatrixQuery, matrix_for
    from kam_analytics.store import open_store

    source = dataset(args.rows, "csv")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "kam.duckdb", backups_kept=0)
        out = ingest.run_import(store, [(source.name, source.read_bytes())], isolate=False)
        quarter = out.quarters[-1]
        query = MatrixQuery.of_quarter(quarter)
        cells = store.activity(quarters=[quarter]).head(args.entries)
        entries = pd.DataFrame({"quarter": quarter, "client": cells["client"],
                                "method": cells["method"], "value": 3.0, "comment": "bench"})
        client = cells["client"].iloc[0]
        rows = [("valuations in force, no entries", median_ms(
                    lambda: store.valuations(quarters=[quarter]), args.runs)),
                ("matrix of the quarter, no entries", median_ms(
                    lambda: matrix_for(store, query), args.runs)),
                (f"save {len(entries):,} entries (one transaction)", median_ms(
                    lambda: store.save_valuation_entries(entries, "bench"), 3)),
                (f"valuations in force, {3 * len(entries):,} entries", median_ms(
                    lambda: store.valuations(quarters=[quarter]), args.runs)),
                (f"matrix of the quarter, {3 * len(entries):,} entries", median_ms(
                    lambda: matrix_for(store, query), args.runs)),
                ("one client's history", median_ms(
                    lambda: store.valuation_history(quarters=[quarter], client=client),
                    args.runs))]
        store.close()
    print(f"{machine()}\n{args.rows:,} interactions, {len(cells):,} cells valued; median of "
          f"{args.runs} runs (saves: 3)\n")
    print("| step | ms |\n|---|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:,.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
