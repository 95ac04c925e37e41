"""Benchmark: the chart renderer's limits. Prints a Markdown table of measured figures (how
long until each kind of failure is said, a first and a later image, a very tall chart); no
assertions.

Usage: .venv/bin/python benchmarks/bench_renderer.py [--start-limit 3]
A machine without Chromium is made real by pointing BROWSER_PATH at nothing; a stuck browser
is a real process in its place that never answers (``sleep``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402

from kam_analytics import settings  # noqa: E402
from kam_analytics.exports import chart_images  # noqa: E402
from kam_analytics.i18n import MessageError  # noqa: E402


def outcome(fig: go.Figure, **size: int) -> tuple[float, str]:
    """Return the seconds an image took and what came of it (its bytes or the message key)."""
    t0 = time.perf_counter()
    try:
        said = f"{len(chart_images.image(fig, 'png', **size)):,} bytes"
    except MessageError as exc:
        said = exc.message.key
    return time.perf_counter() - t0, said


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--start-limit", type=float, default=3.0)
    args = ap.parse_args()
    small = go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2]))
    tall = go.Figure(go.Bar(x=list(range(200)), y=[f"Client {i}" for i in range(200)],
                            orientation="h"), layout={"height": 8500})
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BROWSER_PATH"] = str(Path(tmp) / "no-chromium")
        rows.append(("no Chromium", *outcome(small, width=800, height=450)))
        stuck = Path(tmp) / "stuck-chromium"
        stuck.write_text("#!/bin/sh\nsleep 600\n")
        stuck.chmod(0o755)
        os.environ["BROWSER_PATH"] = str(stuck)
        settings.RENDER_START_TIMEOUT_S = args.start_limit
        rows.append((f"a browser that never answers, start limit {args.start_limit:g} s",
                     *outcome(small, width=800, height=450)))
    del os.environ["BROWSER_PATH"]
    settings.RENDER_START_TIMEOUT_S = 30.0
    rows.append(("first image, browser start included", *outcome(small, width=800, height=450)))
    rows.append(("next image, 800 x 450 at 2x", *outcome(small, width=800, height=450)))
    rows.append(("200 clients, 1,200 x 8,500 (PNG 2,313 x 16,384)",
                 *outcome(tall, width=1200, height=8500)))
    chart_images.stop_renderer()
    print("| case | seconds | outcome |\n|---|---:|---|")
    for case, seconds, said in rows:
        print(f"| {case} | {seconds:.2f} | {said} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
