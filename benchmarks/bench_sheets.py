"""Benchmark: a workbook of many small sheets (1,000 by default), read and checked in the
server's process and in the page's check child. Prints figures; no assertions.

Usage: .venv/bin/python benchmarks/bench_sheets.py [--sheets 1000] [--runs 2] [--text-dates]
Each sheet holds a header and one interaction: a date (a real Excel date, or with --text-dates
the text 2026-07-01), a client, a method and a cost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def workbook(sheets: int, text_dates: bool) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for i in range(sheets):
        ws = book.add_worksheet(f"S{i}")
        ws.write_row(0, 0, ["Date", "Client", "Method", "Cost"])
        if text_dates:
            ws.write_string(1, 0, "2026-07-01")
        else:
            ws.write_datetime(1, 0, dt.datetime(2026, 7, 1), day)
        ws.write_row(1, 1, [f"Client {i}", "Site visits", 10])
    book.close()
    return buf.getvalue()


def main() -> None:
    from kam_analytics import ingest

    ap = argparse.ArgumentParser()
    ap.add_argument("--sheets", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--text-dates", action="store_true")
    args = ap.parse_args()
    data = workbook(args.sheets, args.text_dates)
    files = [("many.xlsx", data)]
    ingest.prepare_import([("warm.xlsx", workbook(2, args.text_dates))])
    here, child = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        batch = ingest.prepare_import(files)
        here.append(time.perf_counter() - started)
        ingest.prime_check()
        time.sleep(2)
        started = time.perf_counter()
        ingest.prepare_import_isolated(files)
        child.append(time.perf_counter() - started)
    shown = lambda xs: f"median {statistics.median(xs):.2f} s ({', '.join(f'{x:.2f}' for x in xs)})"  # noqa: E731
    print(f"{args.sheets:,} sheets ({len(data) / 1e6:.1f} MB, "
          f"{'text' if args.text_dates else 'Excel'} dates): {len(batch.interactions):,} rows")
    print(f"  read and checked in the server's process: {shown(here)}")
    print(f"  read and checked in the page's check child: {shown(child)}")


if __name__ == "__main__":
    main()
