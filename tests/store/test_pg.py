"""The tests' PostgreSQL server (tests/store/pg.py): missing binaries fail at once, naming the
package; a started server takes connections, and stopped it takes none and leaves no process;
a running server leaves no folder behind, however its block ends."""

from __future__ import annotations

import shutil

import psycopg
import pytest

from tests.store import pg


def test_missing_server_binaries_fail_at_once_naming_the_package(monkeypatch):
    monkeypatch.setattr(pg.shutil, "which", lambda name: None)
    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    with pytest.raises(pytest.fail.Exception,
                       match="sudo apt-get install -y --no-install-recommends postgresql"):
        pg.binaries()


def test_a_started_server_takes_connections_and_stopped_takes_none():
    server = pg.started_server()
    try:
        url = server.database("probe")
        with psycopg.connect(url) as con:
            assert con.execute("SELECT current_database()").fetchone() == ("t1_probe",)
        server.drop(url)
    finally:
        server.stop()
    assert not (server.data / "postmaster.pid").exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url("postgres"), connect_timeout=2)
    shutil.rmtree(server.folder)


def test_a_running_server_is_stopped_and_its_folder_removed_even_after_an_error():
    # the benchmark once left each run's server folder (3 GB after a million rows) behind
    with pytest.raises(RuntimeError, match="the block failed"), pg.running_server() as server:
        url = server.database("kept")
        with psycopg.connect(url) as con:
            con.execute("CREATE TABLE t AS SELECT generate_series(1, 1000) AS n")
        assert server.folder.is_dir()
        raise RuntimeError("the block failed")
    assert not server.folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url("postgres"), connect_timeout=2)
