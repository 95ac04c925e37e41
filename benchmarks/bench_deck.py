"""Benchmark: the board pack. Prints a Markdown table of measured figures beside the targets;
no assertions.

Usage: .venv/bin/python benchmarks/bench_deck.py [--db DB] [--runs 5]
Without --db, a fresh store is seeded from the bundled sample (20 clients). Run it in a fresh
process: the first deck includes starting the one long-lived image renderer (Chromium).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

started = time.perf_counter()
from kam_analytics import charts, sample  # noqa: E402
from kam_analytics.analysis import matrix  # noqa: E402
from kam_analytics.exports import chart_images, deck, report  # noqa: E402
from kam_analytics.exports import pack as pack_of  # noqa: E402
from kam_analytics.exports.slides import slide_count  # noqa: E402
from kam_analytics.store import open_store  # noqa: E402

IMPORT_S = time.perf_counter() - started




def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    db = Path(args.db) if args.db else sample.seeded_store(Path(tempfile.mkdtemp()) / "kam.duckdb")
    store = open_store(db, read_only=True)
    rows: list[tuple[str, str, str]] = []

    assert not chart_images.renderer_running()
    pack_s, pack = timed(pack_of.store_pack, store, pack_of.PackOptions())
    cold_s, first = timed(deck.deck, pack)
    slides = slide_count(pack)
    rows.append((f"pack: read store, matrices, scope ({len(pack.clients)} clients)",
                 f"{pack_s:.2f} s", ""))
    rows.append((f"first deck, {slides} slides, {len(pack.clients)} clients, renderer start "
                 "included", f"{cold_s:.2f} s", "≤ 10 s"))
    rows.append(("  the same, with the pack", f"{pack_s + cold_s:.2f} s", "≤ 10 s"))

    warm = [timed(deck.deck, pack)[0] for _ in range(args.runs)]
    rows.append((f"further deck, same pack (median of {args.runs})",
                 f"{statistics.median(warm):.2f} s", ""))
    anon_s, _ = timed(lambda: deck.deck(pack_of.store_pack(
        store, pack_of.PackOptions(anonymise=True))))
    rows.append(("anonymised deck, pack included", f"{anon_s:.2f} s", ""))

    # Each further chart image: every client's bubble chart and the portfolio charts, as the
    # pages' downloads draw them (title, subtitle, source, 16:9, PNG at 2x and SVG).
    m = pack.matrix
    figures = [charts.client_bubbles(m[m["client"] == c], cost_threshold=pack.cost_threshold,
                                     value_threshold=pack.value_threshold, title=c,
                                     currency=pack.currency) for c in pack.clients]
    figures += [charts.heatmap(m, "total_cost", title="Heatmap", currency=pack.currency),
                charts.method_overview(matrix.method_rollup(m), title="Methods",
                                       currency=pack.currency),
                charts.strategy_mix(pack.strategy_matrix, title="Mix", currency=pack.currency)]
    for fmt in ("png", "svg"):
        times = [timed(chart_images.chart_file, f, fmt, subtitle="2026Q3 · All clients",
                       source=pack.source)[0] for f in figures]
        rows.append((f"each further chart image, {fmt.upper()} ({len(times)} charts): "
                     "median / max", f"{statistics.median(times):.2f} / {max(times):.2f} s",
                     "≤ 0.5 s"))

    xlsx_s, xlsx = timed(report.report, pack)
    rows.append((f"Excel report ({len(xlsx) // 1024} KB)", f"{xlsx_s:.2f} s", ""))
    if report.soffice():
        pdf_s, _ = timed(report.pdf_of, first)
        rows.append(("PDF of the deck (LibreOffice)", f"{pdf_s:.2f} s", ""))
    rows.append((f"deck size ({slides} slides)", f"{len(first) / 1e6:.1f} MB", ""))
    rows.append(("Python imports (before the clock above)", f"{IMPORT_S:.2f} s", ""))
    store.close()
    chart_images.stop_renderer()

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (other work slows every figure)")
    print("| measure | measured | target |")
    print("|---|---|---|")
    for what, value, target in rows:
        print(f"| {what} | {value} | {target} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
