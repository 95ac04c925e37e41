"""Shared helpers for the real-browser tests: a `streamlit run` server and headless Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from kam_analytics import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# The portfolio heatmap drawn: its table's cells.
HEATMAP = ".kam-heatmap tbody td"
# On the heatmap page a table's rows open a client once the component drawing the hint under
# it has loaded (the table itself is drawn before, as HTML): the hint drawn, by that key.
CLICKABLE = '.kam-root[data-kam-key="{key}"] .kam-hint'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db: Path | None, *, script: str = "dashboard.py",
                     cwd: Path = settings.REPO_ROOT, args: tuple[str, ...] = (),
                     env: dict[str, str] | None = None, log=None) -> Iterator[str]:
    """Yield the URL of `streamlit run dashboard.py` serving ``db`` (or of another ``script``
    in ``cwd``), with more command-line ``args`` and ``env`` variables, its output written to
    ``log`` (an open file) if given; stop it afterwards."""
    port = free_port()
    env = {**os.environ, **({settings.DB_ENV_VAR: str(db)} if db is not None else {}),
           **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", *args], cwd=cwd, env=env,
        stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, f"{url}/_stcore/health", "streamlit")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_until_up(proc: subprocess.Popen, url: str, what: str, timeout: float = 60) -> None:
    """Return once ``url`` answers; kill ``proc`` and say what it printed if it stops or takes
    longer than ``timeout`` seconds."""
    deadline = time.time() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                said = proc.stdout.read().decode()[-2000:] if proc.stdout else ""
                raise RuntimeError(f"{what} did not start: {said}") from None
            time.sleep(0.3)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Yield a playwright Browser driving Debian's Chromium."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium (.ci/run does)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def idle(page, timeout: int = 60_000) -> None:
    """Wait until the app's script run has finished."""
    page.wait_for_selector(IDLE, timeout=timeout)
