"""The DuckDB engine's mechanics, apart from the questions asked of it (as datasette's
``Database`` is apart from its app): the connection and a cursor per thread, one write lock per
database file, transactions with conflicts retried, read snapshots, checkpointed backups and
bringing the file's schema up to date when it opens.

``duckdb_store.DuckDBStore`` asks its questions through one ``Database``.
"""

from __future__ import annotations

import contextlib
import errno
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from kam_analytics import settings
from kam_analytics.i18n import Message, MessageError, msg
from kam_analytics.store import backup_files, duckdb_handover, duckdb_schema
from kam_analytics.store.protocol import CannotWrite, StoreBusy

T = TypeVar("T")


class Conflict(Exception):
    """Another writer of the same database committed first; the transaction is worth a retry."""


class SchemaTooNew(MessageError):
    """The file was written by a newer version of this program, whose schema this one lacks."""


class CannotOpen(MessageError):
    """The location is no store file this program can open: a folder, or a file or folder it
    may not read or write. Nothing was changed."""


class CannotMigrate(MessageError):
    """The file's data does not fit this version's schema: nothing was changed or backed up."""


# One write lock per database file for the whole process: every Database opened on the same
# file (DuckDB shares one database between them) takes turns with the others.
_FILE_LOCKS: dict[Path, threading.RLock] = {}
_OPEN: dict[Path, int] = {}  # Database objects open per database file in this process
_FILE_LOCKS_GUARD = threading.Lock()


def _file_lock(path: Path) -> threading.RLock:
    with _FILE_LOCKS_GUARD:
        return _FILE_LOCKS.setdefault(path.resolve(), threading.RLock())


def _count_open(path: Path, delta: int) -> None:
    with _FILE_LOCKS_GUARD:
        key = path.resolve()
        _OPEN[key] = _OPEN.get(key, 0) + delta


def open_count(path: Path) -> int:
    """Return how many databases this process has open on the file at ``path``."""
    with _FILE_LOCKS_GUARD:
        return _OPEN.get(path.resolve(), 0)


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    # After a failed COMMIT DuckDB has already ended the transaction and ROLLBACK itself fails;
    # that second error must not hide the first.
    with contextlib.suppress(duckdb.Error):
        cur.execute("ROLLBACK")


class Database:
    """One DuckDB file opened by this process: owns one connection, a cursor per thread.

    Writes take turns behind one lock per database file and each runs in one transaction;
    reads never wait for them and see committed data only. A write waits at most
    ``write_wait`` seconds for its turn before StoreBusy. Opened for writing, the file's schema
    is brought up to date (a file holding data is backed up first).
    """

    def __init__(self, path: str | Path, *, read_only: bool = False,
                 backups_kept: int | None = None, write_wait: float | None = None):
        self.path = Path(path)
        self.read_only = read_only
        self.backups_kept = settings.BACKUPS_KEPT if backups_kept is None else backups_kept
        self.write_wait = settings.WRITE_WAIT_SECONDS if write_wait is None else write_wait
        self.conflicts = 0  # transaction conflicts met (each retried or reported as busy)
        try:
            is_folder = self.path.is_dir()
        except OSError as exc:  # a folder on the way this user may not enter
            raise CannotOpen(msg("store.cannot_open", path=str(self.path),
                                 error=exc.strerror or str(exc))) from exc
        if is_folder:
            raise CannotOpen(msg("store.is_folder", path=str(self.path)))
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = self._connect()
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(in_use(self.path, str(exc))) from exc
            if "not a valid DuckDB database" in str(exc):
                raise CannotOpen(damaged(self.path, exc)) from exc
            raise CannotOpen(msg("store.cannot_open", path=str(self.path),
                                 error=str(exc))) from exc
        except OSError as exc:  # its folder cannot be made
            raise CannotOpen(msg("store.cannot_open", path=str(self.path),
                                 error=exc.strerror or str(exc))) from exc
        self._local = threading.local()
        self._write_lock = _file_lock(self.path)
        # Statements each cursor runs first: a read-only file of an older version read as it is.
        self._temp_views: list[str] = []
        try:
            self._verify()
            self._bring_up_to_date()
        except BaseException:
            self._con.close()
            raise
        self._closed = False
        _count_open(self.path, +1)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path), read_only=self.read_only,
                              config={"enable_external_access": False,
                                      "lock_configuration": True})

    def _restart(self) -> None:
        """Open the file afresh after a fatal error (a checkpoint the full disk refused):
        DuckDB refuses every use of a database so invalidated until it is restarted, and
        restarted it replays its log, so every committed write is there."""
        with contextlib.suppress(duckdb.Error):
            self._con.close()
        self._con = self._connect()
        self._local = threading.local()  # every thread's cursor belonged to the old one

    def _verify(self) -> None:
        """Read every block of every table once: DuckDB checks each block's checksum as it
        reads it, so a flipped byte or a cut file is found on open, never read as sound data
        (1M interactions: about 0.15 s). Raises CannotOpen naming the backup to put back."""
        cur = self._con.cursor()
        try:
            tables = [r[0] for r in cur.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
                "AND database_name = current_database()").fetchall()]
            for table in tables:
                # Names from the catalogue, quoted; every column read in full.
                cur.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{table}"'  # noqa: S608
                            ).fetchall()
        except duckdb.Error as exc:
            raise CannotOpen(damaged(self.path, exc)) from exc
        finally:
            cur.close()

    def _bring_up_to_date(self) -> None:
        """Migrate the file to the newest schema in one transaction, backed up first if it
        holds data; a read-only file is read as it is."""
        found = duckdb_schema.version_of(self.cursor())
        if found > duckdb_schema.LATEST:
            raise SchemaTooNew(msg("store.schema_too_new", path=str(self.path), found=found,
                                   known=duckdb_schema.LATEST))
        if self.read_only:
            # A file not yet migrated is read as it is, through this version's views (made
            # for each cursor, as temporary views are private to one).
            lacking = duckdb_schema.pending(self.cursor())
            catalog = self.cursor().execute("SELECT current_database()").fetchall()[0][0]
            self._temp_views = duckdb_schema.read_as_is(lacking, catalog) if lacking else []
            self._local = threading.local()  # the cursor used above was made without them
            return
        with self.exclusive():
            # Checked before the backup: a file that cannot be migrated is left as it is, and
            # opening it again does not push older backups out.
            refusal = duckdb_schema.migration_refusal(self.cursor())
            if refusal is not None:
                raise CannotMigrate(refusal)
            if (duckdb_schema.pending(self.cursor())
                    and duckdb_schema.holds_data(self.cursor())):
                self.backup()
            self.transaction(lambda cur: duckdb_schema.migrate(cur, datetime.now))

    def close(self) -> None:
        """Close the connection; closing twice does nothing."""
        if self._closed:
            return
        self._closed = True
        _count_open(self.path, -1)
        self._con.close()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold this database's write lock: no other write of this process runs meanwhile.

        Raises StoreBusy if the turn does not come within ``write_wait`` seconds.
        """
        if not self._write_lock.acquire(timeout=self.write_wait):
            raise StoreBusy(msg("busy.writing"))
        try:
            yield
        finally:
            self._write_lock.release()

    def transaction(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Return ``work(cursor)`` run as one transaction in this database's turn; a conflict
        with another writer is retried a few times, then reported as StoreBusy."""
        with self.exclusive():
            cur = self.cursor()
            conflict: Exception | None = None
            for attempt in range(settings.WRITE_RETRIES + 1):
                if attempt:
                    time.sleep(settings.WRITE_RETRY_PAUSE * attempt)
                cur.execute("BEGIN TRANSACTION")
                try:
                    result = work(cur)
                    cur.execute("COMMIT")
                    return result
                except (duckdb.TransactionException, Conflict) as exc:
                    _rollback(cur)
                    if _write_failure(exc):  # the disk or the folder refused: not a conflict
                        raise CannotWrite(cannot_write(self.path, exc)) from exc
                    conflict = exc
                    self.conflicts += 1
                except (duckdb.IOException, OSError) as exc:
                    _rollback(cur)
                    raise CannotWrite(cannot_write(self.path, exc)) from exc
                except duckdb.FatalException as exc:  # the commit's checkpoint was refused
                    self._restart()
                    raise CannotWrite(cannot_write(self.path, exc)) from exc
                except BaseException:
                    _rollback(cur)
                    raise
            raise StoreBusy(msg("busy.conflict")) from conflict

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Run this thread's reads inside one read transaction: every query in the block sees
        the same committed state, however many imports commit meanwhile."""
        depth = getattr(self._local, "depth", 0)
        cur = self.cursor()
        if depth == 0:
            cur.execute("BEGIN TRANSACTION")
            # DuckDB fixes a transaction's view at its first read of a table, not at BEGIN:
            # read one now, so the block sees the state as of entering it.
            cur.execute("SELECT count(*) FROM settings").fetchall()
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                _rollback(cur)  # nothing was written: ending the transaction is all

    def backup(self) -> backup_files.BackupFile:
        """Return a new backup: a copy of the file taken in this database's turn, after a
        checkpoint has folded every committed write into it."""
        with self.exclusive():
            try:
                self.cursor().execute("CHECKPOINT")
            except (duckdb.FatalException, duckdb.IOException) as exc:
                if isinstance(exc, duckdb.FatalException):
                    self._restart()
                raise CannotWrite(msg("store.backup_failed", folder=str(
                    backup_files.backup_dir(self.path)), error=_error_text(exc),
                    fix=_write_fix(exc))) from exc
            wal = backup_files.wal_path(self.path)
            if wal.exists() and wal.stat().st_size:
                # A writer outside this process's turns (or a skipped checkpoint) left writes in
                # the log: a copy of the file alone would miss them.
                raise StoreBusy(msg("busy.writing"))
            try:
                return backup_files.write_backup(self.path, max(self.backups_kept, 1))
            except (OSError, subprocess.CalledProcessError) as exc:
                raise CannotWrite(msg("store.backup_failed", folder=str(
                    backup_files.backup_dir(self.path)), error=_error_text(exc),
                    fix=_write_fix(exc))) from exc

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return this thread's cursor on the connection (DuckDB 2 refuses a shared one)."""
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._con.cursor()
            for statement in self._temp_views:
                cur.execute(statement)
            self._local.cur = cur
        return cur

    def df(self, sql: str, params: dict | list | None = None) -> pd.DataFrame:
        """Return a query's rows as a frame (DECIMAL columns come back as float64)."""
        return self.cursor().execute(sql, params or {}).df()

    def arrow_df(self, sql: str, params: dict, *, categories: bool = False) -> pd.DataFrame:
        """Return a query's rows through Arrow: for plain columns (text, integers, doubles) the
        same frame as ``df`` gives, a quarter faster for large results; with ``categories``
        every text column is categorical (each text held once: a million rows of a few
        thousand names group and filter several times faster)."""
        table = self.cursor().sql(sql, params=params).to_arrow_table()
        return table.to_pandas(strings_to_categorical=categories)

    def rows(self, sql: str, params: dict | list | None = None) -> list[tuple]:
        """Return a query's rows as tuples, every one fetched (so no open result is left)."""
        return self.cursor().execute(sql, params or {}).fetchall()


# ---- faults, named ---------------------------------------------------------------------------
_FULL = ("no space left", "disk full", "disk quota")
_DENIED = ("permission denied", "read-only file system", "operation not permitted")


def _error_text(exc: BaseException) -> str:
    """Return what the system said about a failed write, in one line."""
    if isinstance(exc, subprocess.CalledProcessError):  # the copy's own message
        said = (exc.stderr or b"").decode(errors="replace").strip()
        return said.splitlines()[-1] if said else f"exit status {exc.returncode}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).splitlines()[0][:300]


def _write_failure(exc: BaseException) -> bool:
    """Return whether a failed commit was the disk or the folder refusing, not a conflict."""
    text = str(exc).lower()
    return "conflict" not in text and any(w in text for w in (*_FULL, *_DENIED, "io error",
                                                              "could not write"))


def _write_fix(exc: BaseException) -> Message:
    text = _error_text(exc).lower()
    full = any(w in text for w in _FULL) or (
        isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))
    return msg("store.fix_full") if full else msg("store.fix_permission")


def in_use(path: Path, lock_error: str) -> Message:
    """Return the message for a store another program holds, naming that program when
    DuckDB's lock error tells which it is."""
    held = duckdb_handover.holder(lock_error)
    if held is None:
        return msg("busy.in_use", path=str(path))
    return msg("busy.in_use_by", path=str(path), pid=held[0], program=held[1])


def cannot_write(path: Path, exc: BaseException) -> Message:
    """Return the message for a write the disk or the folder refused."""
    return msg("store.cannot_write", path=str(path), error=_error_text(exc),
               fix=_write_fix(exc))


def damaged(path: Path, exc: BaseException) -> Message:
    """Return the message for a damaged store: what is wrong and the newest backup that reads
    correctly, with the command that puts it back."""
    good = None
    for kept in reversed(backup_files.backup_files(path)):
        try:
            Database(kept.path, read_only=True).close()  # verified as the store is
        except (MessageError, duckdb.Error):
            continue
        good = kept
        break
    advice = (msg("store.restore_advice", id=good.backup_id, path=str(path),
                  taken=f"{good.created_at:%Y-%m-%d %H:%M}") if good is not None
              else msg("store.no_good_backup", folder=str(backup_files.backup_dir(path))))
    return msg("store.damaged", path=str(path), error=str(exc).splitlines()[0][:200],
               advice=advice)
