"""Benchmark: a CSV import into the PostgreSQL store beside a bare COPY of the same file into
the same server and beside the same import into DuckDB, all in one run; then the matrix's data
read warm from each. Then the history (issue 15: the heatmap's data with 8 quarters of 1M rows):
``--quarters`` synthetic quarters imported into PostgreSQL and into DuckDB (bench_history.py's
generator and reads), the reads of each beside the other's. Prints Markdown tables; no
assertions.

Usage: .venv/bin/python benchmarks/bench_postgres.py [--rows 1000000] [--runs 3] [--quarters 8]
                                                     [--db postgresql://user@host:port/postgres]
Without --db a temporary server is started (the one the tests start, tests/store/pg.py), with
fsync off as there. Each import goes into a new, empty database (or file). --quarters 0 leaves
the history out.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.store.pg import drop_database, running_server  # noqa: E402

# The benchmark CSV's columns as a bare table: what COPY alone does with the file.
BARE = """CREATE TABLE bare (date DATE, client TEXT, method TEXT, cost NUMERIC(18,4),
                            hours DOUBLE PRECISION, value DOUBLE PRECISION, manager TEXT)"""


def new_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # names of this script
        con.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def bare_copy(url: str, data: bytes) -> float:
    import psycopg

    with psycopg.connect(url) as con:
        con.execute(BARE)
        con.commit()
        start = time.perf_counter()
        with con.cursor() as cur, cur.copy("COPY bare FROM STDIN (FORMAT csv, HEADER)") as copy:
            copy.write(data)
        con.commit()
        return time.perf_counter() - start


def store_import(location: str, name: str, data: bytes) -> float:
    from kam_analytics import ingest
    from kam_analytics.store import open_store

    store = open_store(location)
    try:
        start = time.perf_counter()
        ingest.run_import(store, [(name, data)])
        return time.perf_counter() - start
    finally:
        store.close()


def matrix_warm(location: str, runs: int) -> float:
    """Return the median seconds of the heatmap's data (activity, valuations, clients, matrix),
    after one read to warm up."""
    from kam_analytics.analysis import matrix
    from kam_analytics.store import open_store

    store = open_store(location)
    times = []
    try:
        for _ in range(runs + 1):
            start = time.perf_counter()
            matrix.cost_value_matrix(store.activity(), store.valuations(),
                                     store.client_dimension(), store.hourly_rate())
            times.append(time.perf_counter() - start)
    finally:
        store.close()
    return statistics.median(times[1:])


def history(admin_url: str, rows: int, n: int, runs: int) -> None:
    """Print the reads of ``n`` quarters of ``rows`` each on PostgreSQL beside DuckDB's."""
    from benchmarks import bench_history
    from kam_analytics.store import open_store

    url = new_database(admin_url, "bench_history")
    print(f"\nPostgreSQL, {n} quarters of {rows:,} rows each:")
    quarters = bench_history.import_quarters(lambda: open_store(url), rows, n)
    pg = bench_history.reads(url, quarters, runs)
    drop_database(admin_url, url)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.duckdb"
        print(f"DuckDB, the same {n} quarters:")
        bench_history.import_quarters(lambda: open_store(path, backups_kept=0), rows, n)
        duck = bench_history.reads(path, quarters, runs)
    print(f"\n| {n} quarters of {rows:,} rows, median of {runs} | PostgreSQL s | DuckDB s "
          "| PostgreSQL / DuckDB |\n|---|---|---|---|")
    for name, seconds in pg.items():
        print(f"| {name} | {seconds:.3f} | {duck[name]:.3f} | {seconds / duck[name]:.2f} |")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quarters", type=int, default=8,
                    help="quarters of --rows each for the history's reads (0: none)")
    ap.add_argument("--db", help="a PostgreSQL address whose user may create databases")
    args = ap.parse_args()
    from benchmarks.bench import dataset, machine, speed

    csv = dataset(args.rows, "csv")
    data = csv.read_bytes()
    with contextlib.ExitStack() as stack:
        admin = args.db
        if admin is None:  # the tests' server, removed at the end with the GBs it holds
            admin = stack.enter_context(running_server()).url("postgres")
        bare, pg, duck = [], [], []
        pg_url = None
        for run in range(args.runs):
            bare_url = new_database(admin, f"bench_bare_{run}")
            bare.append(bare_copy(bare_url, data))
            drop_database(admin, bare_url)
            if pg_url is not None:
                drop_database(admin, pg_url)
            pg_url = new_database(admin, f"bench_store_{run}")
            pg.append(store_import(pg_url, csv.name, data))
            with tempfile.TemporaryDirectory() as folder:
                duck_path = str(Path(folder) / "kam.duckdb")
                duck.append(store_import(duck_path, csv.name, data))
                duck_matrix = matrix_warm(duck_path, args.runs)
        pg_matrix = matrix_warm(pg_url, args.runs)
        drop_database(admin, pg_url)
        b, p, d = (statistics.median(x) for x in (bare, pg, duck))
        print(f"{machine()}; {args.rows:,} rows, median of {args.runs}\n")
        print("| what | seconds | against |\n|---|---|---|")
        print(f"| bare COPY of the CSV into PostgreSQL | {b:.2f} | |")
        print(f"| import into PostgreSQL (read, check, COPY, totals) | {p:.2f} | "
              f"{p / b:.2f}× the bare COPY |")
        print(f"| import into DuckDB | {d:.2f} | PostgreSQL {speed(p, d)} |")
        print(f"| matrix data warm, PostgreSQL | {pg_matrix:.3f} | |")
        print(f"| matrix data warm, DuckDB | {duck_matrix:.3f} | PostgreSQL "
              f"{speed(pg_matrix, duck_matrix)} |")
        print("\neach run, seconds (import / bare COPY of the same run):")
        for n, (one_bare, one_pg, one_duck) in enumerate(zip(bare, pg, duck, strict=True), 1):
            print(f"  run {n}: bare COPY {one_bare:.2f}, PostgreSQL {one_pg:.2f} "
                  f"({one_pg / one_bare:.2f}×), DuckDB {one_duck:.2f}", flush=True)
        if args.quarters:
            history(admin, args.rows, args.quarters, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
