"""The tests' PostgreSQL server (tests/store/pg.py): missing binaries fail at once, naming the
package; a started server takes connections, and stopped it takes none and leaves no process."""

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
