"""The PostgreSQL engine's mechanics, apart from the questions asked of it (as duckdb_engine.py
is for DuckDB): a psycopg 3 connection per thread, writes as transactions taking turns through
one advisory lock of the database (across every app server), read snapshots, frames of the same
dtypes as the DuckDB engine's, and bringing the schema up to date when a store opens.

``postgres_store.PostgresStore`` asks its questions through one ``PgDatabase``.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TypeVar

import duckdb
import pandas as pd
import psycopg
import pyarrow as pa
from psycopg import errors
from psycopg import sql as pgsql

from kam_analytics import settings
from kam_analytics.i18n import msg
from kam_analytics.store import postgres_schema
from kam_analytics.store.duckdb_engine import CannotOpen, Conflict, SchemaTooNew
from kam_analytics.store.protocol import CannotWrite, StoreBusy

T = TypeVar("T")

# The advisory lock every write of a store's database holds for its transaction: writes take
# turns, whichever app server they come from (the number is this program's, any fixed one).
WRITE_LOCK = 0x4B414D  # "KAM"

# PostgreSQL type numbers -> the Arrow types the DuckDB engine's frames are made of.
_ARROW: dict[int, pa.DataType] = {
    16: pa.bool_(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(), 25: pa.string(),
    1043: pa.string(), 700: pa.float64(), 701: pa.float64(), 1700: pa.float64(),
    1082: pa.date32(), 1114: pa.timestamp("us"), 1009: pa.list_(pa.string()),
    1016: pa.list_(pa.int64())}
_NUMERIC = 1700
_ARRAYS = (1009, 1016)  # text[] and bigint[]: arrays of them cannot be aggregated into one


def redacted(url: str) -> str:
    """Return a URL without its password, to show in messages."""
    return settings.location_shown(url)


class _Held:
    """A thread's connection, closed when the thread ends (its thread-local data goes): a
    Streamlit server runs each script run in a thread of its own, and connections left open
    would soon reach the server's max_connections."""

    def __init__(self, con: psycopg.Connection):
        self.con = con

    def __del__(self) -> None:
        self.con.close()


class PgDatabase:
    """One PostgreSQL database: a connection per thread, writes in turns, snapshots, frames.

    A write waits at most ``write_wait`` seconds for its turn before StoreBusy. Opened
    ``read_only``, the database is never migrated nor written (its connections refuse writes):
    one lacking a migration of this version is refused with what to do.
    """

    def __init__(self, url: str, *, write_wait: float | None = None, read_only: bool = False):
        self.url = url
        self.read_only = read_only
        self.write_wait = settings.WRITE_WAIT_SECONDS if write_wait is None else write_wait
        self.conflicts = 0
        self._local = threading.local()
        self._opened: weakref.WeakSet[_Held] = weakref.WeakSet()
        self._guard = threading.Lock()
        self._closed = False
        self.connection()  # CannotOpen now, rather than at the first question
        try:
            self._bring_up_to_date()
        except BaseException:
            self.close()
            raise

    def _bring_up_to_date(self) -> None:
        done = {r[0] for r in self.rows("SELECT version FROM schema_version")} if self.rows(
            "SELECT to_regclass('schema_version') IS NOT NULL")[0][0] else set()
        found = max(done, default=0)
        if found > postgres_schema.LATEST:
            raise SchemaTooNew(msg("store.schema_too_new", path=redacted(self.url),
                                   found=found, known=postgres_schema.LATEST))
        if not self.read_only:
            self.transaction(lambda cur: postgres_schema.migrate(cur, datetime.now()))
        elif not done:
            raise CannotOpen(msg("store.no_store_server", url=redacted(self.url)))
        elif {m.version for m in postgres_schema.MIGRATIONS} - done:
            raise CannotOpen(msg("store.older_read_only", url=redacted(self.url), found=found,
                                 known=postgres_schema.LATEST))

    def connection(self) -> psycopg.Connection:
        """Return this thread's connection (autocommit: each read sees the latest commit)."""
        held = getattr(self._local, "held", None)
        con = None if held is None else held.con
        if con is None or con.closed:
            con = self._connect()
            self._local.held = held = _Held(con)
            with self._guard:
                self._opened.add(held)
        return con

    def _connect(self) -> psycopg.Connection:
        """Return a new connection (autocommit); CannotOpen when the server refuses it."""
        con = None
        try:
            # UTF-8 whatever the server's default: COPY's CSV is read and written as such.
            con = psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                                  client_encoding="UTF8")
            # The default 4 MB made the matrix's aggregate of 44,000 cells spill to disk.
            con.execute("SET work_mem = '64MB'")
            if self.read_only:  # the server itself refuses this connection's writes
                con.execute("SET default_transaction_read_only = on")
        except BaseException as exc:
            if con is not None:  # connected, then refused a setting: not left open
                con.close()
            if isinstance(exc, psycopg.Error):
                raise CannotOpen(msg("store.cannot_connect", url=redacted(self.url),
                                     error=str(exc).strip())) from exc
            raise
        return con

    @contextlib.contextmanager
    def side_connection(self) -> Iterator[psycopg.Connection]:
        """Yield a connection of its own (autocommit), closed at the end of the block: for a
        second stream of rows into the server while this thread's transaction runs."""
        con = self._connect()
        try:
            yield con
        finally:
            con.close()

    def close(self) -> None:
        """Close every connection; closing twice does nothing."""
        if self._closed:
            return
        self._closed = True
        with self._guard:
            for held in list(self._opened):
                held.con.close()
            self._opened.clear()

    def transaction(self, work: Callable[[psycopg.Cursor], T]) -> T:
        """Return ``work(cursor)`` run as one transaction holding the write lock; a conflict
        (another writer took a number first) is retried a few times, then StoreBusy."""
        if self.read_only:
            raise CannotWrite(msg("store.read_only_server", url=redacted(self.url)))
        con = self.connection()
        conflict: Exception | None = None
        for attempt in range(settings.WRITE_RETRIES + 1):
            if attempt:
                time.sleep(settings.WRITE_RETRY_PAUSE * attempt)
            try:
                with con.transaction(), con.cursor() as cur:
                    # A whole number of milliseconds, made here: no input reaches the text.
                    cur.execute(f"SET LOCAL lock_timeout = {max(1, int(self.write_wait * 1000))}")
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
                    return work(cur)
            except errors.LockNotAvailable as exc:
                raise StoreBusy(msg("busy.writing")) from exc
            except (errors.SerializationFailure, errors.DeadlockDetected,
                    errors.UniqueViolation, Conflict) as exc:
                conflict = exc
                self.conflicts += 1
            except (errors.DiskFull, errors.InsufficientPrivilege,
                    errors.ReadOnlySqlTransaction) as exc:
                raise CannotWrite(msg("store.cannot_write_server", url=redacted(self.url),
                                      error=str(exc).strip())) from exc
        raise StoreBusy(msg("busy.conflict")) from conflict

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Run this thread's reads inside one repeatable-read transaction: every query in the
        block sees the same committed state, however many imports commit meanwhile."""
        depth = getattr(self._local, "depth", 0)
        con = self.connection()
        if depth == 0:
            con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            # The snapshot is taken at the first query, not at BEGIN: take it now.
            con.execute("SELECT 1").fetchall()
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                con.execute("ROLLBACK")

    def _fetch(self, sql: str, params: dict | list | None) -> pa.Table:
        """Return a query's rows as an Arrow table of the types of ``_ARROW``. They come as one
        row of arrays, a column each, in binary (52,000 cells: 0.55 s against 0.82 s fetched as
        rows and turned into columns in Python; COPY TO as CSV came a row a message, and JSON
        made by the server took longer to make than rows); columns that are arrays themselves
        come as rows."""
        with self.connection().cursor() as cur:
            # The columns and their types: the query planned, no row made.
            cur.execute(f"SELECT * FROM ({sql}) AS r LIMIT 0", params)  # noqa: S608 - our SQL
            columns = [(d.name, d.type_code) for d in cur.description]
            if any(oid in _ARRAYS for _, oid in columns):
                cur.execute(sql, params)
                rows = cur.fetchall()
                values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
            else:
                # Every aggregate takes the rows in the query's order, in step with the others.
                cur.execute(pgsql.SQL("SELECT {} FROM ({}) AS r").format(
                    pgsql.SQL(", ").join(pgsql.SQL("array_agg(r.{})").format(
                        pgsql.Identifier(name)) for name, _ in columns),
                    pgsql.SQL(sql)), params, binary=True)  # noqa: S608 - our SQL
                values = [column or [] for column in cur.fetchall()[0]]
        arrays = []
        for (_, oid), column in zip(columns, values, strict=True):
            if oid == _NUMERIC:
                column = [None if v is None else float(v) for v in column]
            arrays.append(pa.array(column, type=_ARROW.get(oid, pa.string())))
        return pa.Table.from_arrays(arrays, names=[n for n, _ in columns])

    def df(self, sql: str, params: dict | list | None = None) -> pd.DataFrame:
        """Return a query's rows as the DuckDB engine's ``df`` gives them (money as float64,
        dates as datetime64, nullable integers as Int64): converted by DuckDB from Arrow."""
        return self.duck().from_arrow(self._fetch(sql, params)).df()

    def duck(self) -> duckdb.DuckDBPyConnection:
        """Return this thread's in-memory DuckDB connection, for work on frames in bulk."""
        duck = getattr(self._local, "duck", None)
        if duck is None:  # DuckDB refuses one connection shared between threads
            duck = self._local.duck = duckdb.connect()
        return duck

    def arrow_df(self, sql: str, params: dict, *, categories: bool = False) -> pd.DataFrame:
        """Return a query's rows as the DuckDB engine's ``arrow_df`` gives them (with
        ``categories`` every text column categorical)."""
        return self._fetch(sql, params).to_pandas(strings_to_categorical=categories)

    def rows(self, sql: str, params: dict | list | None = None) -> list[tuple]:
        """Return a query's rows as tuples."""
        with self.connection().cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
