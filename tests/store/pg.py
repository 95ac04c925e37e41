"""A real PostgreSQL server for the tests: Debian's binaries (initdb, pg_ctl) run in a temporary
folder on a free port for the test session, a fresh database per test, the server always stopped
at the end. Missing binaries fail at once, naming the package to install (never a skip, never a
wait). As root the server runs as the ``postgres`` user, which it requires.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "postgresql"  # Debian's package with the server binaries (.ci/run installs it)
START_WAIT = 30.0  # seconds for the server to accept connections before the tests fail


def binaries() -> Path:
    """Return the folder holding initdb and pg_ctl; pytest.fail naming the package to install
    when there is none."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    pytest.fail(f"PostgreSQL's initdb and pg_ctl are not installed: the postgres conformance "
                f"tests need a real server. Install with: sudo apt-get install -y "
                f"--no-install-recommends {PACKAGE}", pytrace=False)


def free_port() -> int:
    """Return a TCP port on localhost that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One PostgreSQL server in ``folder`` on ``port``; ``database(name)`` makes a fresh one."""

    def __init__(self, folder: Path):
        self.bin = binaries()
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else os.environ.get("USER", "postgres")
        self._names = itertools.count(1)

    def _run(self, *args: str, timeout: float = 60) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        done = subprocess.run([*prefix, *args], capture_output=True, text=True,
                              timeout=timeout, check=False)
        if done.returncode:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}"
                               f"\n{log}")

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        # The log file, not a pipe: a captured pipe would stay open with the server.
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                  "-t", str(int(START_WAIT)), "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
                  "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                  "-c max_connections=200", "start", timeout=START_WAIT + 10)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                      "stop")

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def database(self, label: str) -> str:
        """Return the URL of a new, empty database (its name numbered after ``label``)."""
        import psycopg

        name = f"t{next(self._names)}_{''.join(c for c in label.lower() if c.isalnum())[:40]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')  # a name made just above
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop the database at ``url`` (made by ``database``), closing what is still open."""
        drop_database(self.url("postgres"), url)


def drop_database(admin_url: str, url: str) -> None:
    """Drop the database at ``url`` through ``admin_url``, closing what is still open on it."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a name of ours


def started_server() -> Server:
    """Return a running server in a new temporary folder (the caller stops it)."""
    folder = Path(tempfile.mkdtemp(prefix="kam-pg-"))
    folder.chmod(0o755)
    server = Server(folder)
    try:
        server.start()
    except BaseException:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    deadline = time.monotonic() + START_WAIT
    import psycopg

    while True:
        try:
            psycopg.connect(server.url("postgres"), connect_timeout=2).close()
            return server
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                server.stop()
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    """Yield a running server in a new temporary folder; stopped and its folder (a million
    rows take a few GB) removed at the end, however it ends."""
    server = started_server()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """Yield a PostgreSQL server running for the test session; always stopped at the end."""
    with running_server() as server:
        yield server
