"""Benchmark: imports and page data at 10k, 100k and 1M interactions, each figure beside a baseline
measured in the same run. Prints a Markdown table; no assertions.

Usage: .venv/bin/python benchmarks/bench.py [--runs 3] [--sizes 10000 100000 1000000]
                                              [--xlsx-rows 200000] [--quick]
Every import runs in a child process of its own, so its peak memory (RSS) is its own (a
workbook's reader child is shown beside it). An import's clock starts with the store open (as on
the server when a file arrives) and stops once the first matrix is ready; libraries load before
it starts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = Path(tempfile.gettempdir()) / "kam_bench"


# ---- child tasks: each prints one JSON line {"seconds": .., "rss_mb": ..} ----------------------
def _rss_mb(who: str = "self") -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF if who == "self"
                              else resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def child(task: str, path: str, db: str | None) -> None:
    # Libraries load before the clock starts: the figures compare work, not interpreter start.
    import duckdb  # noqa: F401
    import pandas  # noqa: F401
    import python_calamine  # noqa: F401

    import kam_analytics.analysis.matrix  # noqa: F401
    import kam_analytics.ingest.pipeline  # noqa: F401

    if task == "ours_warm":
        # As the upload page does when it opens: the sandbox child is loaded before a file
        # arrives (only workbooks use it).
        from kam_analytics.ingest import sandbox

        sandbox.prime(wait=True)
        task = "ours"
    store = None
    if task == "ours":
        from kam_analytics.store import open_store

        # As on the server, the store is open when a file arrives: the clock starts after
        # opening it and stops once the matrix is ready (the import committed before that).
        store = open_store(db)
    t0 = time.perf_counter()
    extra: dict[str, float] = {}
    if task == "ours":
        from kam_analytics import ingest
        from kam_analytics.analysis import MatrixQuery, matrix_for

        data = Path(path).read_bytes()
        ingest.run_import(store, [(Path(path).name, data)])
        matrix_for(store, MatrixQuery())
    elif task == "duckdb":
        import duckdb

        con = duckdb.connect()
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [path])
    elif task == "naive_csv":
        import pandas as pd

        df = pd.read_csv(path)
        df.pivot_table(index="Client", columns="Method", values="Cost (EUR)", aggfunc="sum")
    elif task == "naive_xlsx":
        import pandas as pd

        df = pd.read_excel(path)
        df.pivot_table(index="Client", columns="Method", values="Cost (EUR)", aggfunc="sum")
    elif task in ("calamine", "calamine_no_gc"):
        from python_calamine import CalamineWorkbook

        if task == "calamine_no_gc":  # as our reader child runs it
            import gc

            gc.disable()
        wb = CalamineWorkbook.from_path(path)
        wb.get_sheet_by_index(0).to_python()
    elif task == "pages":
        extra = page_timings(db)
    elif task == "apptest":
        extra = apptest_timings(db)
    else:
        raise SystemExit(f"unknown task {task}")
    seconds = time.perf_counter() - t0
    if store is not None:
        store.close()
    print(json.dumps({"seconds": seconds, "rss_mb": _rss_mb(), "child_rss_mb": _rss_mb("children"),
                      **extra}))


def page_timings(db: str) -> dict[str, float]:
    """Return cold and warm seconds for each page's data, with the store holding ``db``."""
    from kam_analytics import charts
    from kam_analytics.analysis import MatrixQuery, matrix, matrix_for
    from kam_analytics.store import open_store

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    store = open_store(db, read_only=True)
    out["open_store"] = time.perf_counter() - t0
    quarter = store.quarters()[-1]

    def heatmap():
        m = matrix_for(store, MatrixQuery.of_quarter(quarter))
        top = matrix.clients_by_spend(m)[:40]
        return m, matrix.filtered(m, clients=top)

    def client(m):
        name = matrix.clients_by_spend(m)[0]
        return matrix.filtered(m, clients=[name]), store.interactions(client=name,
                                                                     quarters=[quarter])

    def methods(m):
        return matrix.method_rollup(m)

    for label, fn in (("heatmap", heatmap),):
        t = time.perf_counter()
        m, shown = fn()
        out[f"{label}_cold"] = time.perf_counter() - t
        t = time.perf_counter()
        m, shown = fn()
        out[f"{label}_warm_uncached"] = time.perf_counter() - t
    t = time.perf_counter()
    cells, rows = client(m)
    out["client_cold"] = time.perf_counter() - t
    t = time.perf_counter()
    client(m)
    out["client_warm_uncached"] = time.perf_counter() - t
    t = time.perf_counter()
    rollup = methods(m)
    out["methods"] = time.perf_counter() - t
    cost, value = matrix.quadrant_thresholds(m)
    for name, build in (
        ("fig_heatmap", lambda: charts.heatmap(shown, "total_cost", title="t", currency="EUR")),
        ("fig_bubbles", lambda: charts.client_bubbles(cells, cost_threshold=cost,
                                                       value_threshold=value, title="t",
                                                       currency="EUR")),
        ("fig_methods", lambda: charts.method_overview(rollup, title="t", currency="EUR")),
    ):
        t = time.perf_counter()
        build()
        out[name] = time.perf_counter() - t
    store.close()
    return out


def apptest_timings(db: str) -> dict[str, float]:
    """Return seconds to render each page in Streamlit's AppTest, first and second time (the
    second is served by the app's caches, as for a manager clicking around)."""
    os.environ["KAM_DB"] = db
    from streamlit.testing.v1 import AppTest

    out: dict[str, float] = {}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for page in ("pages/heatmap.py", "pages/client.py", "pages/methods.py"):
        name = Path(page).stem
        for run in ("cold", "warm"):
            t = time.perf_counter()
            if page == "pages/heatmap.py" and run == "cold":
                at.run()
            else:
                at.switch_page(page).run()
            out[f"apptest_{name}_{run}"] = time.perf_counter() - t
            assert not at.exception, at.exception
    return out


# ---- the parent: generate, run, tabulate -------------------------------------------------------
def run_child(task: str, path: Path, db: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", task, str(path)] + ([str(db)] if db else [])
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if res.returncode != 0:
        raise RuntimeError(f"{task} {path.name} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def median_of(task: str, path: Path, runs: int, db_dir: Path | None = None) -> dict:
    results = []
    for i in range(runs):
        db = None
        if db_dir is not None:
            db = db_dir / f"{task}_{path.stem}_{i}.duckdb"
            for suffix in ("", ".wal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        results.append(run_child(task, path, db))
    return {"seconds": statistics.median(r["seconds"] for r in results),
            "rss_mb": max(r["rss_mb"] for r in results),
            "child_rss_mb": max(r["child_rss_mb"] for r in results), "runs": runs}


def dataset(rows: int, kind: str) -> Path:
    """Return the cached seeded quarter: kind "csv", "xlsx" or "semicolon.csv" (the same rows
    as a decimal-comma locale exports them: ";" between fields, "812,34")."""
    from benchmarks import synthetic

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"quarter_{rows}.{kind}"
    if not path.exists():
        frame = synthetic.synthetic_quarter(rows)
        if kind == "semicolon.csv":
            frame.to_csv(path, sep=";", decimal=",", index=False)
        else:
            (synthetic.write_csv if kind == "csv" else synthetic.write_xlsx)(frame, path)
    return path


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb
    import pandas

    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; Python {platform.python_version()}, "
            f"pandas {pandas.__version__}, DuckDB {duckdb.__version__}")


def speed(ours: float, baseline: float) -> str:
    """Return how ours compares with a baseline: "3.2× faster" or "4.0× slower"."""
    return (f"{baseline / ours:.1f}× faster" if ours <= baseline
            else f"{ours / baseline:.1f}× slower")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--xlsx-rows", type=int, default=200_000)
    ap.add_argument("--quick", action="store_true", help="10k and 100k only, one run")
    args = ap.parse_args()
    if args.child:
        task, path, *db = args.child
        child(task, path, db[0] if db else None)
        return 0
    if args.quick:
        args.sizes, args.runs, args.xlsx_rows = [10_000, 100_000], 1, 20_000
    work = Path(tempfile.mkdtemp(prefix="kam_bench_"))
    print(f"Machine: {machine()}")
    print(f"Medians of {args.runs} runs; each import in its own process.\n")
    print("| measure | ours | baseline | ratio | target |")
    print("|---|---|---|---|---|")
    biggest = None
    for rows in args.sizes:
        csv = dataset(rows, "csv")
        ours = median_of("ours", csv, args.runs, work)
        duck = median_of("duckdb", csv, args.runs)
        naive = median_of("naive_csv", csv, args.runs)
        print(f"| CSV import {rows:,} rows, end to end (s) | {ours['seconds']:.2f} | "
              f"DuckDB read_csv {duck['seconds']:.2f} | {ours['seconds'] / duck['seconds']:.1f}× "
              f"| ≤ 3× at 1M |")
        print(f"| CSV import {rows:,} rows vs naive pandas (s) | {ours['seconds']:.2f} | "
              f"read_csv+pivot_table {naive['seconds']:.2f} | "
              f"{speed(ours['seconds'], naive['seconds'])} | ≥ 5× faster at 1M |")
        print(f"| CSV import {rows:,} rows, peak RSS (MB) | {ours['rss_mb']:.0f} | "
              f"DuckDB {duck['rss_mb']:.0f} | | ≤ 1,500 at 1M |")
        biggest = (rows, work / f"ours_{csv.stem}_0.duckdb")
    rows = args.sizes[-1]  # the same rows with decimal commas: amounts read per distinct value
    semi = dataset(rows, "semicolon.csv")
    ours = median_of("ours", semi, args.runs, work)
    duck = median_of("duckdb", semi, args.runs)
    print(f"| CSV import {rows:,} rows with decimal commas (;), end to end (s) | "
          f"{ours['seconds']:.2f} | DuckDB read_csv {duck['seconds']:.2f} | "
          f"{ours['seconds'] / duck['seconds']:.1f}× | |")
    xlsx = dataset(args.xlsx_rows, "xlsx")
    cold = median_of("ours", xlsx, args.runs, work)
    ours = median_of("ours_warm", xlsx, args.runs, work)
    cal = median_of("calamine", xlsx, args.runs)
    cal_no_gc = median_of("calamine_no_gc", xlsx, args.runs)
    naive = median_of("naive_xlsx", xlsx, 1)
    print(f"| xlsx import {args.xlsx_rows:,} rows, end to end, reader child loaded (s) | "
          f"{ours['seconds']:.2f} | calamine read {cal['seconds']:.2f} | "
          f"{ours['seconds'] / cal['seconds']:.2f}× | ≤ 1.5× |")
    print(f"| the same, against calamine with Python's cycle collector off, as our reader "
          f"child runs it (s) | {ours['seconds']:.2f} | calamine read {cal_no_gc['seconds']:.2f} "
          f"| {ours['seconds'] / cal_no_gc['seconds']:.2f}× | |")
    print(f"| xlsx import {args.xlsx_rows:,} rows, end to end, reader child started cold (s) | "
          f"{cold['seconds']:.2f} | calamine read {cal['seconds']:.2f} | "
          f"{cold['seconds'] / cal['seconds']:.2f}× | |")
    print(f"| xlsx import {args.xlsx_rows:,} rows vs naive read_excel+pivot (s) | "
          f"{ours['seconds']:.2f} | {naive['seconds']:.2f} | "
          f"{speed(ours['seconds'], naive['seconds'])} | |")
    print(f"| xlsx import {args.xlsx_rows:,} rows, peak RSS (MB) | {ours['rss_mb']:.0f} "
          f"(reader child {ours['child_rss_mb']:.0f}) | calamine {cal['rss_mb']:.0f} | | |")
    rows, db = biggest
    pages = run_child("pages", db, db)
    print(f"\nWith {rows:,} interactions stored (s): " + ", ".join(
        f"{k} {v:.3f}" for k, v in pages.items()
        if k not in ("seconds", "rss_mb", "child_rss_mb")))
    shown = run_child("apptest", db, db)
    print(f"Pages rendered in AppTest with {rows:,} stored (s): " + ", ".join(
        f"{k.removeprefix('apptest_')} {v:.3f}" for k, v in shown.items()
        if k.startswith("apptest_")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
