"""Print what reading a workbook in the sandbox costs over reading it in-process.

    .venv/bin/python -m tests.corpus.overhead [ROWS]

Figures are printed, never asserted: they depend on the machine and its load.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

from kam_analytics import settings
from kam_analytics.ingest import raw_sheets, readers, sandbox

RUNS = 3


def big_xlsx(path: Path, rows: int) -> bytes:
    """Return an .xlsx of ``rows`` interactions x 10 columns, typed as a CRM export is."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Data")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Date", "Client", "Method", "Cost", "Hours", "Value", "Manager",
                           "Note", "Region", "Channel"])
    start = dt.datetime(2026, 7, 1)
    for i in range(1, rows + 1):
        sheet.write_datetime(i, 0, start + dt.timedelta(days=i % 90), date_format)
        sheet.write_row(i, 1, [f"Client {i % 500}", "Staff training" if i % 2 else "Site visits",
                               i % 1000 + 0.5, i % 7, 1 + i % 5, f"Manager {i % 20}", "note",
                               "North", "email"])
    workbook.close()
    return path.read_bytes()


def seconds(read, name: str, data: bytes) -> float:
    """Return the median wall-clock seconds of a few reads."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        read(name, data)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(rows: int = 200_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "sample (kam_sample.xlsx)": (settings.SAMPLE_DIR / "kam_sample.xlsx").read_bytes(),
            f"{rows:,}-row xlsx": big_xlsx(Path(tmp) / "big.xlsx", rows),
        }
    print(f"{'file':28} {'size':>8} {'in-process':>11} {'sandbox':>9} {'overhead':>9}")
    for label, data in files.items():
        direct = seconds(readers.read_file, "x.xlsx", data)
        isolated = seconds(sandbox.read_file, "x.xlsx", data)
        print(f"{label:28} {len(data) / 1e6:6.1f}MB {direct:10.2f}s {isolated:8.2f}s "
              f"{isolated - direct:+8.2f}s")
    started = time.perf_counter()
    for _ in range(RUNS):
        try:
            sandbox.read_file("x.xlsx", b"PK\x05\x06" + b"\0" * 18)
        except raw_sheets.ReadError:
            pass
    print(f"child start and answer for a tiny file: {(time.perf_counter() - started) / RUNS:.2f}s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
