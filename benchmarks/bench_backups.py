"""Benchmark: what keeping an import undoable costs as the store grows (issue 15 item 5). Prints
measured figures; no assertions.

Usage: .venv/bin/python benchmarks/bench_backups.py [--rows 1000000] [--quarters 8] [--runs 5]
Imports ``--quarters`` synthetic quarters of ``--rows`` interactions (benchmarks/bench_history.py's
generator), one import per quarter. After each, on the store as it then is, in the same run:
- a restore point as an import takes it (the rows of import_quarters a Replace of the newest
  quarter touches, noted in the import's transaction; rolled back so the store is unchanged);
- putting back the newest restore point (rolled back as well);
- today's whole-file copy before an import (``Store.backup``: checkpoint, then cp of the
  file), with the file's size.
Each figure is the median of ``--runs`` after one untimed run. Whole-file snapshots are now
taken at most once a day (settings.SNAPSHOT_HOURS), not before each import.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_history import history_options, quarter_csv  # noqa: E402
from kam_analytics import ingest, settings  # noqa: E402
from kam_analytics.store import DuckDBStore, backup_files, duckdb_restore_points  # noqa: E402


class _Timed(Exception):
    """Carries a time out of a transaction that must be rolled back."""


def rolled_back(store: DuckDBStore, work: Callable) -> float:
    """Return the seconds ``work(cursor)`` took inside a transaction then rolled back."""
    def run(cur):
        started = time.perf_counter()
        work(cur)
        raise _Timed(time.perf_counter() - started)
    try:
        store.db.transaction(run)
    except _Timed as timed:
        return timed.args[0]
    raise AssertionError("unreachable")


def median(call: Callable[[], float], runs: int) -> float:
    call()
    return statistics.median(call() for _ in range(runs))


def point_cost(store: DuckDBStore, quarter: str, runs: int) -> tuple[float, int]:
    """Return the median seconds of a restore point as a Replace of ``quarter`` takes it, and
    how many rows it notes."""
    def note(cur) -> None:
        touched = [(10**9, quarter), *cur.execute(
            "SELECT import_id, quarter FROM import_quarters WHERE active AND quarter = ?",
            [quarter]).fetchall()]
        duckdb_restore_points.take(cur, "import", 10**9, touched, settings.BACKUPS_KEPT,
                                   datetime.now)
    seconds = median(lambda: rolled_back(store, note), runs)
    noted = 1 + len(store.db.rows("SELECT 1 FROM import_quarters WHERE active AND quarter = ?",
                                  [quarter]))
    return seconds, noted


def restore_cost(store: DuckDBStore, point_id: int, runs: int) -> float:
    """Return the median seconds of putting back restore point ``point_id``."""
    return median(lambda: rolled_back(store, lambda cur: duckdb_restore_points.restore(
        cur, point_id, settings.BACKUPS_KEPT, datetime.now)), runs)


def copy_cost(store: DuckDBStore, runs: int) -> tuple[float, int]:
    """Return the median seconds of today's whole-file backup and the file's size."""
    def once() -> float:
        started = time.perf_counter()
        made = store.backup()
        seconds = time.perf_counter() - started
        made.path.unlink()
        return seconds
    return median(once, runs), store.path.stat().st_size


def main(argv: list[str] | None = None) -> None:
    args = history_options(__doc__.splitlines()[0], argv, runs=5)
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBStore(Path(tmp) / "kam.duckdb")
        print(f"{'quarters':>8} {'import s':>9} {'point s':>9} {'rows noted':>10} "
              f"{'restore s':>9} {'copy s':>8} {'file MB':>8}")
        for back in range(args.quarters - 1, -1, -1):
            quarter, data = quarter_csv(args.rows, back)
            started = time.perf_counter()
            ingest.run_import(store, [(f"{quarter}.csv", data)])
            imported = time.perf_counter() - started
            point, noted = point_cost(store, quarter, args.runs)
            restore = restore_cost(store, int(store.restore_points()["point_id"].iloc[0]),
                                   args.runs)
            copy, size = copy_cost(store, args.runs)
            n = args.quarters - back
            print(f"{n:>8} {imported:>9.2f} {point:>9.4f} {noted:>10} {restore:>9.4f} "
                  f"{copy:>8.2f} {size / 1e6:>8.0f}", flush=True)
        kept = backup_files.backup_files(store.path)
        print(f"whole-file copies taken by the {args.quarters} imports: {len(kept)} "
              f"(the first import's; then at most one every {settings.SNAPSHOT_HOURS:g} h)")
        store.close()


if __name__ == "__main__":
    main()
