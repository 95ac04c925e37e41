"""Benchmark: relationship health for 2,000 clients over 1M interactions (issue 14: at most
0.5 s). Prints figures; no assertions.

Usage: .venv/bin/python benchmarks/bench_health.py [--rows 1000000] [--runs 5]
Builds the synthetic quarter of benchmarks/synthetic.py (2,000 clients, 2026Q3) with every
health column filled the way a CRM export fills them (an event type on every row: calls,
meetings, visits, requests, promises, complaints, problems, agreements; received, responded
and resolved times; promised and delivered dates; written confirmations; contact roles),
imports it through the one ingest path, and prints, warm (the median of ``--runs`` after one
untimed call):
- the baseline in the same run: the quarter's cost-versus-value matrix (``matrix_for``), as
  every page reads it;
- the store's two reads for health (``health_events`` of the rows the measures read one by
  one, ``event_counts`` of every interaction by event type and role);
- the measures computed from those frames (``health_measures``), and ``overall_health``;
- all of it together (``health_for``), as the page, the CLI and the board pack ask.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402
from benchmarks.bench_history import timed  # noqa: E402
from kam_analytics import ingest  # noqa: E402
from kam_analytics.analysis import MatrixQuery, health, matrix_for  # noqa: E402
from kam_analytics.store import open_store  # noqa: E402

EVENTS = {"call": 0.35, "meeting": 0.15, "visit": 0.10, "request": 0.15, "promise": 0.10,
          "complaint": 0.04, "problem": 0.03, "agreement": 0.03, "other": 0.05}
ROLES = ("decider", "buyer", "user", "influencer", "gatekeeper", "initiator")


def health_quarter(rows: int, seed: int = 14) -> pd.DataFrame:
    """Return the synthetic quarter with its health columns, as an export writes them."""
    frame = synthetic.synthetic_quarter(rows)
    rng = np.random.default_rng(seed)
    event = rng.choice(list(EVENTS), size=rows, p=list(EVENTS.values()))
    day = pd.to_datetime(frame["Date"])
    received = day + pd.to_timedelta(rng.integers(8 * 60, 18 * 60, rows), unit="min")
    responded = received + pd.to_timedelta(rng.gamma(1.5, 8.0, rows) * 60, unit="min").round(
        "min")
    resolved = received + pd.to_timedelta(rng.gamma(1.5, 3.0, rows), unit="D").round("min")
    asked = np.isin(event, ["request", "complaint", "problem"])
    trouble = np.isin(event, ["complaint", "problem"])
    answered = asked & (rng.random(rows) < 0.97)
    settled = trouble & (rng.random(rows) < 0.9)
    promise = event == "promise"
    promised = day + pd.to_timedelta(rng.integers(3, 21, rows), unit="D")
    delivered = promised + pd.to_timedelta(rng.integers(-3, 6, rows), unit="D")
    delivered_known = promise & (rng.random(rows) < 0.93)
    agreement = event == "agreement"
    contact = np.isin(event, ["call", "meeting", "visit"])

    def text(stamps: pd.Series, keep: np.ndarray, form: str) -> np.ndarray:
        return np.where(keep, stamps.dt.strftime(form).to_numpy(dtype=object), "")

    return frame.assign(**{
        "Event type": event,
        "Received at": text(received, asked, "%Y-%m-%d %H:%M"),
        "Responded at": text(responded, answered, "%Y-%m-%d %H:%M"),
        "Resolved at": text(resolved, settled, "%Y-%m-%d %H:%M"),
        "Promised date": text(promised, promise, "%Y-%m-%d"),
        "Delivered date": text(delivered, delivered_known, "%Y-%m-%d"),
        "In writing": np.where(agreement, np.where(rng.random(rows) < 0.9, "yes", "no"), ""),
        "Contact role": np.where(contact, np.array(ROLES, dtype=object)[
            rng.integers(0, len(ROLES), rows)], ""),
    })


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    started = time.perf_counter()
    frame = health_quarter(args.rows)
    # Two files of one import: a 1M-row CSV with these columns is over the 100 MB upload limit.
    half = len(frame) // 2
    files = [(f"health_{i}.csv", part.to_csv(index=False).encode())
             for i, part in enumerate((frame.iloc[:half], frame.iloc[half:]), start=1)]
    size = sum(len(data) for _, data in files)
    print(f"built {args.rows:,} interactions with health columns "
          f"({size / 1e6:.0f} MB of CSV in two files) in {time.perf_counter() - started:.1f} s")
    store = open_store(folder / "kam.duckdb", backups_kept=0)
    started = time.perf_counter()
    ingest.run_import(store, files, isolate=False)
    print(f"imported through the ingest path in {time.perf_counter() - started:.1f} s")

    events = store.health_events(event_types=list(health.ROW_TYPES))
    counts = store.event_counts()
    as_of = pd.Timestamp("2026-10-15")
    figures = {
        "baseline: the quarter's matrix (matrix_for)": lambda: matrix_for(
            store, MatrixQuery.of_quarter("2026Q3")),
        "store reads: health_events + event_counts": lambda: (
            store.health_events(event_types=list(health.ROW_TYPES)), store.event_counts()),
        "health_measures on those frames": lambda: health.health_measures(
            events, counts, as_of),
        "overall_health": lambda: health.overall_health(
            health.health_measures(events, counts, as_of)),
        "health_for (reads + measures + open items)": lambda: health.health_for(
            store, as_of=as_of),
    }
    print(f"{len(events):,} interaction rows read one by one (the rest counted in "
          f"{len(counts):,} rows); {counts['client'].nunique():,} clients; median of "
          f"{args.runs} warm runs:")
    for label, call in figures.items():
        print(f"  {label:<48} {timed(call, args.runs):.3f} s")
    store.close()


if __name__ == "__main__":
    main()
