"""Several app servers over one PostgreSQL (issue 15, item 4): two real `streamlit run` processes
on one real database. An import through one server's Upload page shows on the other's next page
load; two imports of the same quarter at once, from two servers or two command lines, take
turns and the second is asked whether to add or replace (nothing stored twice); behind the
reverse proxy of deploy/Caddyfile a browser stays on one server (page, download, upload); 32
sessions over the two servers while imports run (benchmarks/servers_load.py) see no error, and
every imported row is stored once."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from benchmarks import servers_load
from kam_analytics import ingest, settings
from kam_analytics.store import open_store
from kam_analytics.store.postgres_database import WRITE_LOCK
from tests import browser as browser_support
from tests import datasets
from tests.store.pg import postgres_server  # noqa: F401 - the session's server

_idle = browser_support.idle

# Two more rows of 2026Q3 added to datasets.utf8_csv's quarter (3 clients, total cost 6,310 at
# 60 EUR per hour): a new client, and a second staff training for Acme.
MORE = (b"Date,Client,Method,Cost (EUR),Manager hours,Value (1-5),Manager\n"
        b"2026-09-10,Beta GmbH,Staff training,500.00,2,4,Cid\n"
        b"2026-09-12,Acme Ltd,Staff training,1000.00,3,5,Ann\n")
# By hand, after MORE: Beta's cell 500 + 2 h x 60 = 620; Acme's staff training 2,000 + 1,000 =
# 3,000 over 10 + 3 = 13 hours, 3,000 + 780 = 3,780; the portfolio 6,310 + 620 + 1,180 = 8,110
# over 4 clients and 18.5 + 5 = 23.5 hours (shown rounded: 24).
BEFORE = {"Clients": "3", "Total cost, EUR": "6,310"}
AFTER = {"Clients": "4", "Total cost, EUR": "8,110", "Manager hours": "24"}


@pytest.fixture
def database(postgres_server):  # noqa: F811 - the fixture imported above
    """Yield the address of a fresh PostgreSQL database, dropped afterwards."""
    url = postgres_server.database("servers")
    yield url
    postgres_server.drop(url)


@pytest.fixture(scope="module")
def browser():
    with browser_support.chromium() as b:
        yield b


@contextlib.contextmanager
def two_servers(url: str, log_dir: Path, b_args: tuple[str, ...] = ()):
    """Yield the addresses of two `streamlit run dashboard.py` servers on the database at
    ``url`` (the second with more command-line ``b_args``)."""
    with open(log_dir / "a.log", "wb") as log_a, open(log_dir / "b.log", "wb") as log_b, \
            browser_support.streamlit_server(None, env={settings.DB_ENV_VAR: url},
                                             log=log_a) as a, \
            browser_support.streamlit_server(None, env={settings.DB_ENV_VAR: url},
                                             log=log_b, args=b_args) as b:
        yield a, b


def tiles(page, *needed: str) -> dict[str, str]:
    """Return the page's figures: {label: value as shown}, once the ``needed`` labels are
    drawn (the heatmap, drawn as HTML, can be in the page a moment before the tiles)."""
    shown = page.locator('[data-testid="stMetric"]')
    for label in needed:
        shown.filter(has_text=label).first.wait_for(timeout=30_000)
    texts = shown.all_inner_texts()
    return dict(tuple(part.strip() for part in text.split("\n", 1)) for text in texts)


def heatmap(page, server: str) -> None:
    page.goto(server)
    page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
    _idle(page)


def matrix_csv(page) -> pd.DataFrame:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the matrix (CSV)").click()
    data = Path(info.value.path()).read_bytes()
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""])


def choose_upload(page, server: str, path: Path) -> None:
    """Open the Upload page and put ``path`` in it, up to its Import button."""
    page.goto(f"{server}/upload")
    page.get_by_text("Drop CSV or Excel files here").wait_for(timeout=60_000)
    _idle(page)
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(path))
    page.get_by_role("button", name="Import").wait_for(timeout=60_000)
    _idle(page)


@pytest.mark.browser
def test_an_import_through_one_server_shows_on_the_others_next_page_load(database, browser,
                                                                        tmp_path):
    store = open_store(database)
    ingest.run_import(store, [("q3.csv", datasets.utf8_csv())])
    store.close()
    more = tmp_path / "more.csv"
    more.write_bytes(MORE)
    with two_servers(database, tmp_path) as (a, b):
        viewer = browser.new_page(viewport={"width": 1600, "height": 1300},
                                  accept_downloads=True)
        heatmap(viewer, b)  # server B has read (and cached) the store before the import
        assert tiles(viewer, *BEFORE).items() >= BEFORE.items(), tiles(viewer)

        uploader = browser.new_page(viewport={"width": 1600, "height": 1300})
        choose_upload(uploader, a, more)
        uploader.get_by_text("Add this upload alongside it").click()
        _idle(uploader)
        uploader.get_by_role("button", name="Import").click()
        uploader.get_by_text("Imported #2").wait_for(timeout=60_000)
        imported = time.monotonic()

        viewer.reload()  # the next page load on the other server, at once: no waiting for it
        viewer.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
        _idle(viewer)
        seen = time.monotonic() - imported
        assert tiles(viewer, *AFTER).items() >= AFTER.items(), tiles(viewer)
        cells = matrix_csv(viewer).set_index(["client", "method"])
        acme = cells.loc[("Acme Ltd", "technical.staff_training")]
        assert (acme["interactions"], acme["cost"], acme["hours"], acme["total_cost"]) == (
            3, 3000.0, 13.0, 3780.0)
        assert cells.loc[("Beta GmbH", "technical.staff_training"), "total_cost"] == 620.0
        heatmap(uploader, a)  # and the server that imported shows the same
        assert tiles(uploader, *AFTER).items() >= AFTER.items(), tiles(uploader)
        print(f"server B showed server A's import {seen:.1f} s after it was stored")


# -- behind the reverse proxy of deploy/ ---------------------------------------------------------

CADDY = "caddy"  # Debian's package of the same name (.ci/run installs it)
STICKY = "kam_server"  # the cookie deploy/Caddyfile keeps a browser on one server with
LIGHT, DARK = "rgb(255, 255, 255)", "rgb(23, 22, 20)"  # the app's background in each theme


@contextlib.contextmanager
def proxy(servers: tuple[str, ...], folder: Path):
    """Yield the address of Caddy running deploy/Caddyfile in front of ``servers``."""
    if not shutil.which(CADDY):
        pytest.fail(f"Caddy is not installed: the proxy test runs deploy/Caddyfile. Install "
                    f"with: sudo apt-get install -y {CADDY}", pytrace=False)
    site = f"http://127.0.0.1:{browser_support.free_port()}"
    env = {**os.environ, "KAM_SITE": site, "XDG_DATA_HOME": str(folder),
           "XDG_CONFIG_HOME": str(folder),
           "KAM_SERVERS": " ".join(s.removeprefix("http://") for s in servers)}
    with open(folder / "caddy.log", "wb") as log:
        proc = subprocess.Popen([CADDY, "run", "--adapter", "caddyfile", "--config",
                                 str(settings.REPO_ROOT / "deploy" / "Caddyfile")],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            browser_support.wait_until_up(proc, f"{site}/_stcore/health", "caddy")
            yield site
        finally:
            proc.terminate()
            proc.wait(10)


def sticky_cookie(server: str) -> str:
    """Return the value of Caddy's cookie sending a browser to ``server``: the server's
    address, HMAC-SHA256 signed with the policy's secret (none here)."""
    return hmac.new(b"", server.removeprefix("http://").encode(), hashlib.sha256).hexdigest()


def background(page) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")


@pytest.mark.browser
def test_behind_the_proxy_each_browser_stays_on_one_server(database, browser, tmp_path):
    # Server B runs the dark theme: a page shows which server its session is on.
    store = open_store(database)
    ingest.run_import(store, [("q3.csv", datasets.utf8_csv())])
    store.close()
    more = tmp_path / "more.csv"
    more.write_bytes(MORE)
    with two_servers(database, tmp_path, b_args=("--theme.base", "dark")) as (a, b), \
            proxy((a, b), tmp_path) as site:
        fresh = browser.new_context()
        heatmap(fresh.new_page(), site)
        given = {c["name"]: c["value"] for c in fresh.cookies()}.get(STICKY)
        assert given in (sticky_cookie(a), sticky_cookie(b))  # a new browser is given one
        fresh.close()
        for server, colour in ((a, LIGHT), (b, DARK), (a, LIGHT), (b, DARK)):
            context = browser.new_context(viewport={"width": 1600, "height": 1300},
                                          accept_downloads=True)
            context.add_cookies([{"name": STICKY, "value": sticky_cookie(server),
                                  "url": site}])
            page = context.new_page()
            heatmap(page, site)
            assert (background(page), tiles(page, "Clients")["Clients"]) == (colour, "3")
            assert len(matrix_csv(page)) == 4  # a download, made by the session's server
            # the file goes to the session's server, which reads it: 2 rows for 2026Q3
            choose_upload(page, site, more)
            shown = tiles(page, "Interactions", "Quarters")
            assert shown["Interactions"] == "2" and shown["Quarters"] == "2026Q3"
            page.reload()
            heatmap(page, site)
            assert background(page) == colour
            context.close()


# -- two imports of the same quarter at once ---------------------------------------------------

@contextlib.contextmanager
def write_lock_held(url: str):
    """Hold the store's write lock from a connection of the test's own while the block runs:
    writers started meanwhile wait for their turn together."""
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SELECT pg_advisory_lock(%s)", [WRITE_LOCK])
        try:
            yield con
        finally:
            con.execute("SELECT pg_advisory_unlock(%s)", [WRITE_LOCK])


def wait_for_waiting_writers(con: psycopg.Connection, n: int, timeout: float = 120) -> None:
    """Return once ``n`` sessions wait for the write lock; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        waiting = con.execute("""SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
                                 AND objid = %s AND NOT granted""", [WRITE_LOCK]).fetchone()[0]
        if waiting >= n:
            return
        assert time.monotonic() < deadline, f"{waiting} of {n} writers waited for the lock"
        time.sleep(0.2)


def stored(url: str) -> tuple[int, int, float]:
    """Return the store's imports, active interactions and their total cost."""
    store = open_store(url)
    try:
        imports = len(store.import_history())
        activity = store.activity()
        return imports, int(activity["interactions"].sum()), float(activity["cost"].sum())
    finally:
        store.close()


# Two different files of the same quarter: the first of the test's datasets (5 rows, cost
# 5,200) and MORE (2 rows, cost 1,500).
FILES = {"q3.csv": (datasets.utf8_csv(), 5, 5200.0), "more.csv": (MORE, 2, 1500.0)}


def test_two_command_lines_importing_one_quarter_at_once_take_turns(database, tmp_path):
    for name, (data, _, _) in FILES.items():
        (tmp_path / name).write_bytes(data)
    run = [sys.executable, "-m", "kam_analytics", "import", "--db", database]
    with write_lock_held(database) as con:
        procs = {name: subprocess.Popen([*run, str(tmp_path / name)], cwd=settings.REPO_ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
                 for name in FILES}
        wait_for_waiting_writers(con, 2)  # both checked their file and wait to store it
    done = {name: (p.wait(120), *p.communicate()) for name, p in procs.items()}
    winners = [n for n, (code, _, _) in done.items() if code == 0]
    assert len(winners) == 1, done
    (loser,) = set(FILES) - set(winners)
    code, out, err = done[loser]
    assert code == 3 and not out, done  # EXIT_DECIDE: nothing stored, the question asked
    assert err.startswith("Data for 2026Q3 is already stored (import #1). Run again with "
                          "--append"), err
    assert done[winners[0]][1].startswith("Imported #1: "), done
    _, rows, cost = FILES[winners[0]]
    assert stored(database) == (1, rows, cost)


@pytest.mark.browser
def test_two_servers_importing_one_quarter_at_once_take_turns(database, browser, tmp_path):
    for name, (data, _, _) in FILES.items():
        (tmp_path / name).write_bytes(data)
    with two_servers(database, tmp_path) as servers:
        pages = {}
        for server, name in zip(servers, FILES, strict=True):
            pages[name] = browser.new_page(viewport={"width": 1600, "height": 1300})
            choose_upload(pages[name], server, tmp_path / name)
        with write_lock_held(database) as con:
            for page in pages.values():
                page.get_by_role("button", name="Import").click()
            wait_for_waiting_writers(con, 2)
        answers = {}
        for name, page in pages.items():
            page.get_by_text("Imported #1").or_(page.get_by_text(
                "The stored data changed meanwhile")).first.wait_for(timeout=60_000)
            _idle(page)
            answers[name] = page.inner_text('[data-testid="stMain"]')
    winners = [n for n, text in answers.items() if "Imported #1" in text]
    assert len(winners) == 1, answers
    (loser,) = set(FILES) - set(winners)
    assert ("The stored data changed meanwhile: choose again whether to add or replace."
            in answers[loser]), answers[loser]
    assert "Imported #" not in answers[loser]
    _, rows, cost = FILES[winners[0]]
    assert stored(database) == (1, rows, cost)


# -- many sessions while imports run ------------------------------------------------------------

@pytest.mark.slow
def test_32_sessions_over_two_servers_while_imports_run(database, tmp_path):
    store = open_store(database)
    ingest.run_import(store, [("q3.csv", datasets.utf8_csv())])
    store.close()
    with two_servers(database, tmp_path) as servers:
        figures = servers_load.run(database, list(servers), tmp_path, sessions_n=32, loads=3,
                                   imports=4, rows=1000)
        asked = servers_load.Figures(sessions=1)
        servers_load.run_sessions(servers_load.session(servers[1], ["health", "nosuch"], asked))
    print(figures.report())
    assert (len(figures.page_times), figures.errors, figures.import_failures) == (96, [], [])
    assert len(figures.imports) == 4 and figures.lost_or_doubled() == {}
    # By hand: datasets.utf8_csv's 5 rows costing 5,200 were stored before the run.
    assert figures.totals_before == (5, 5200.0)
    assert figures.totals_after == (5 + 4000, round(5200 + sum(
        c for _, c in figures.imports.values()), 2))
    # what the load counts as an error is seen as one
    assert asked.errors == ["/nosuch: no such page"] and len(asked.page_times) == 2


@pytest.mark.parametrize(("stored", "after", "expected"), [
    ({"a.csv": (10, 100.0), "b.csv": (5, 7.5)}, (20, 207.5), {}),
    ({"a.csv": (10, 100.0)}, (15, 200.0),  # b lost
     {"b.csv": ((5, 7.5), None), "store totals": ((20, 207.5), (15, 200.0))}),
    ({"a.csv": (20, 200.0), "b.csv": (5, 7.5)}, (30, 307.5),  # a's rows doubled
     {"a.csv": ((10, 100.0), (20, 200.0)), "store totals": ((20, 207.5), (30, 307.5))}),
    ({"a.csv": (10, 100.0), "a.csv (again)": (10, 100.0), "b.csv": (5, 7.5)}, (20, 207.5),
     {"a.csv (again)": (None, (10, 100.0))}),  # a stored twice, the totals not
])
def test_the_load_check_finds_rows_lost_or_doubled(stored, after, expected):
    figures = servers_load.Figures(sessions=1, totals_before=(5, 100.0), totals_after=after,
                                   imports={"a.csv": (10, 100.0), "b.csv": (5, 7.5)},
                                   stored=stored)
    assert figures.lost_or_doubled() == expected
