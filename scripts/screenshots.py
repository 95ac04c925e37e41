"""Screenshot every page of the running app in headless Chromium (for the README and reviews).

Usage: python scripts/screenshots.py [--db DB] [--out DIR] [--width 1600 --height 1200]
                                    [--locale ru-RU]
Starts `streamlit run dashboard.py` on a free local port against DB (default: a fresh store
seeded from the bundled sample), visits each page and writes one PNG per page, in the
language the browser's locale asks for (page_NAME.png in English, page_NAME.ru.png in
Russian).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kam_analytics import sample, settings  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"heatmap": "", "client": "client", "methods": "methods", "valuations": "valuations",
         "changes": "changes", "whatif": "whatif", "economics": "economics", "health": "health",
         "board_pack": "board_pack",
         "upload": "upload"}




def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--out", default=str(ROOT / "artifacts"))
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1300)
    ap.add_argument("--locale", default="en-US", help="the browser's language, e.g. ru-RU")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else sample.seeded_store(Path(tempfile.mkdtemp()) / "kam.duckdb")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1"], cwd=ROOT,
        env={**os.environ, settings.DB_ENV_VAR: str(db)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.3)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                    locale=args.locale)
            suffix = "" if args.locale.startswith("en") else f".{args.locale.split('-')[0]}"
            for name, path in PAGES.items():
                page.goto(f"{url}/{path}")
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                       timeout=60_000)
                time.sleep(2.0)  # let plotly finish drawing
                target = out / f"page_{name}{suffix}.png"
                page.screenshot(path=str(target))
                print(target)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
