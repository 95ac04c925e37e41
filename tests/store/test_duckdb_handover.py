"""A store held by another program: a real child process holds the DuckDB file (as the dashboard
does); this process's imports, reads and errors run through it when it serves the file, and
a holder that does not serve it is named in the "busy" answer."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kam_analytics import ingest, settings
from kam_analytics.i18n import t
from kam_analytics.store import (
    DuckDBStore,
    HandedStore,
    NeedsDecision,
    StoreBusy,
    duckdb_handover,
    open_store,
)

HEADER = "Date,Client,Method,Cost (EUR),Manager hours,Value (1-5),Manager"
Q1 = (f"{HEADER}\n2026-01-05,Acme,Site visits,100,2,4,Ann\n"
      "2026-02-05,Acme,Staff training,50,1,3,Ann\n2026-03-05,Bolt,Site visits,30,1,5,Bob\n")
Q1_AGAIN = f"{HEADER}\n2026-01-07,Acme,Site visits,70,1,4,Ann\n"
Q2 = f"{HEADER}\n2026-04-05,Bolt,Site visits,20,1,2,Bob\n2026-05-05,Cora,JIT delivery,10,1,5,Ann\n"

HOLDER = textwrap.dedent("""
    import sys, threading
    from kam_analytics.store import DuckDBStore
    store = DuckDBStore(sys.argv[1], serve=sys.argv[2] != "-", write_wait=1)
    def write_forever():
        with store.exclusive():
            taken.set()
            threading.Event().wait()
    taken = threading.Event()
    if sys.argv[2] == "writing":  # one of its sessions in a long write, never done
        threading.Thread(target=write_forever, daemon=True).start()
        taken.wait()
    print("ready", flush=True)
    sys.stdin.read()  # held until the test closes its input
    store.close()
""")


@contextmanager
def held(db: Path, serve: bool, writing: bool = False) -> Iterator[subprocess.Popen]:
    """Yield a child process holding the store at ``db`` (serving it if ``serve``; with
    ``writing``, in a write that never ends), whose writes wait 1 s for their turn."""
    how = "writing" if writing else "serve" if serve else "-"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), how],
                            cwd=settings.REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        yield proc
    finally:
        if proc.poll() is None:
            proc.stdin.close()
            proc.wait(30)


def test_a_store_held_and_served_takes_imports_reads_and_decisions_through_its_holder(tmp_path):
    db = tmp_path / "kam.duckdb"
    with held(db, serve=True) as holder:
        store = open_store(db)
        assert isinstance(store, HandedStore) and store.holder_pid == holder.pid
        first = ingest.run_import(store, [("q1.csv", Q1.encode())])
        assert (first.status, first.import_id, first.rows, first.clients) == ("imported", 1, 3, 2)
        # The same quarter again: the decision is asked for, as from the holder's own pages.
        with pytest.raises(NeedsDecision) as asked:
            ingest.run_import(store, [("q1b.csv", Q1_AGAIN.encode())])
        assert asked.value.quarters == ["2026Q1"]
        assert asked.value.imports["import_id"].tolist() == [1]
        replaced = ingest.run_import(store, [("q1b.csv", Q1_AGAIN.encode())], mode="replace")
        assert (replaced.import_id, replaced.replaced) == (2, [1])
        ingest.run_import(store, [("q2.csv", Q2.encode())])
        store.record("cli-user", "import", "q2.csv")
        with store.snapshot():
            # 1 (replacing Q1's 3) + 2 rows; costs 70 in Q1, 20 + 10 in Q2
            assert store.contents() == {"imports": 3, "interactions": 3, "last_import": 3}
            activity = store.activity()
        assert store.quarters() == ["2026Q1", "2026Q2"]
        assert activity.groupby("quarter")["cost"].sum().to_dict() == {"2026Q1": 70.0,
                                                                        "2026Q2": 30.0}
        assert store.backups_kept == settings.BACKUPS_KEPT
        with pytest.raises(AttributeError):  # closing the holder's store is not a call
            store._ask("call", "close")
        read_only = open_store(db, read_only=True)
        assert isinstance(read_only, HandedStore) and read_only.quarters() == ["2026Q1",
                                                                                "2026Q2"]
        read_only.close()
        store.close()
    # Written by the holder on its own connection: there once it has let go.
    mine = DuckDBStore(db, read_only=True)
    assert mine.contents() == {"imports": 3, "interactions": 3, "last_import": 3}
    assert mine.audit_log()["who"].tolist() == ["cli-user"]
    mine.close()
    assert not duckdb_handover.address(db).exists()  # the socket went with the holder


def test_a_holder_that_does_not_serve_is_named_and_nothing_waits(tmp_path):
    db = tmp_path / "kam.duckdb"
    with held(db, serve=False) as holder:
        with pytest.raises(StoreBusy) as busy:
            open_store(db)
        fields = busy.value.message.fields
        assert busy.value.message.key == "busy.in_use_by"
        assert fields["pid"] == holder.pid and "python" in fields["program"]
        assert f"process {holder.pid}" in str(busy.value)


def test_a_write_the_holder_cannot_take_within_its_wait_is_busy_not_a_hang(tmp_path):
    db = tmp_path / "kam.duckdb"
    with held(db, serve=True, writing=True):
        store = open_store(db)
        assert store.quarters() == []  # reads never wait for writes
        with pytest.raises(StoreBusy) as busy:
            ingest.run_import(store, [("q1.csv", Q1.encode())])
        assert str(busy.value) == t("busy.writing")
        store.close()


def test_a_holder_that_stops_meanwhile_is_said_so(tmp_path):
    db = tmp_path / "kam.duckdb"
    with held(db, serve=True) as holder:
        store = open_store(db)
        assert store.quarters() == []
        holder.kill()
        holder.wait(30)
        with pytest.raises(StoreBusy) as gone:
            store.quarters()
        assert str(gone.value) == t("busy.holder_gone", path=str(db), pid=holder.pid)
        store.close()
    # Its socket is left behind, but leads nowhere: the file opens as usual.
    assert duckdb_handover.address(db).exists()
    reopened = open_store(db)
    assert isinstance(reopened, DuckDBStore) and reopened.quarters() == []
    reopened.close()


def test_a_folder_others_may_write_in_is_never_served_from(tmp_path, monkeypatch):
    db = tmp_path / "kam.duckdb"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    where = duckdb_handover.address(db)
    where.parent.mkdir(parents=True)
    os.chmod(where.parent, 0o777)  # a folder others may write in is not this user's own
    assert duckdb_handover.serve(DuckDBStore.__new__(DuckDBStore), db) is None


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    """Return the finished ``python -m kam_analytics`` run of ``args`` on the store ``db``."""
    return subprocess.run([sys.executable, "-m", "kam_analytics", *args, "--db", str(db)],
                          cwd=settings.REPO_ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.browser
def test_a_command_line_import_while_the_dashboard_runs_shows_on_its_next_rerun(tmp_path):
    from tests import browser as browser_support

    db = tmp_path / "kam.duckdb"
    q1, q2 = tmp_path / "q1.csv", tmp_path / "q2.csv"
    q1.write_text(Q1)
    q2.write_text(Q2)
    assert cli(db, "import", str(q1)).returncode == 0
    log = (tmp_path / "streamlit.log").open("w")
    with browser_support.streamlit_server(db, log=log) as url, browser_support.chromium() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1200})
        page.goto(url)  # the first session opens the store: from now on the server holds it
        page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
        browser_support.idle(page)
        quarter = page.get_by_role("combobox", name="Quarter")
        assert quarter.input_value() == "2026Q1"
        done = cli(db, "import", str(q2))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Imported #2: 2 interactions, 2 clients, 0 valuations, "
                                      "2026Q2;"), done.stdout
        assert "runs through it" in done.stderr
        # A read through the server too: the history lists both imports, newest first.
        history = cli(db, "history")
        assert history.returncode == 0, history.stderr
        assert [line.split()[0] for line in history.stdout.splitlines()[1:]] == ["#2", "#1"]
        page.reload()
        page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
        browser_support.idle(page)
        assert quarter.input_value() == "2026Q2"  # the newest quarter, shown first
        page.get_by_text("by client and methods, 2026Q2").wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "after_cli_import.png"))
    assert not duckdb_handover.address(db).exists()  # the stopped server removed its socket
    store = DuckDBStore(db, read_only=True)
    assert store.contents() == {"imports": 2, "interactions": 5, "last_import": 2}
    # Q1: 100 + 50 + 30; Q2: 20 + 10
    assert store.activity().groupby("quarter")["cost"].sum().to_dict() == {"2026Q1": 180.0,
                                                                            "2026Q2": 30.0}
    assert store.audit_log()["action"].tolist() == ["import", "import"]
    store.close()
