"""How rows go into the PostgreSQL store (postgres_store.py asks, this module sends): an
import's interactions by binary COPY, cast by DuckDB and encoded by pgpq a batch at a time, in
two streams into two server processes when the import is large (``SideStream``); each
import's files and sheets once (import_sources); totals and small tables by COPY; a store
copy's rows with their sources numbered.
"""

from __future__ import annotations

import contextlib
import io
from concurrent.futures import ThreadPoolExecutor

import duckdb
import numpy as np
import pandas as pd
import pgpq
import psycopg
import pyarrow as pa
from pyarrow import csv as pa_csv

from kam_analytics.store.duckdb_engine import CannotOpen
from kam_analytics.store.duckdb_schema import MONEY, TOTALS
from kam_analytics.store.postgres_database import PgDatabase
from kam_analytics.store.postgres_schema import rows_with_sources
from kam_analytics.store.protocol import HEALTH_COLUMNS

INTERACTION_COLUMNS = ["source_file", "source_sheet", "source_row", "date", "quarter", "client",
                       "method", "cost", "hours", "value", "manager"]

# Columns of interactions stored as dates (the frames carry them as datetime64).
_DATES = ("date", "promised_date", "delivered_date")
# Columns given the table's own type, as a binary COPY requires (the frames carry them wider).
_TYPED = {"source_row": "INTEGER", "received_at": "TIMESTAMP", "responded_at": "TIMESTAMP",
          "resolved_at": "TIMESTAMP"}
COPY_ROWS = 100_000  # rows a COPY message carries: the CSV is made a batch at a time, not whole


def _stored_select(columns: list[str], import_id: int) -> str:
    """Return the SELECT making an import's interactions (``incoming``, the frame's
    ``columns``) what is stored: after ``import_id``, amounts made exact by DuckDB's cast to
    DECIMAL(18,4), as the DuckDB engine stores them, so both engines hold the same cents."""
    # Names from the constants above, never from input; the id an integer.
    select = ", ".join(f"cost::{MONEY} AS cost" if c == "cost"
                       else f"{c}::DATE AS {c}" if c in _DATES
                       else f"{c}::{_TYPED[c]} AS {c}" if c in _TYPED else c
                       for c in columns)
    return f"SELECT {int(import_id)}::BIGINT AS import_id, {select} FROM incoming"  # noqa: S608


def copy_interactions(cur: psycopg.Cursor, duck: duckdb.DuckDBPyConnection, import_id: int,
                       interactions: pd.DataFrame, side: SideStream | None = None
                       ) -> dict[str, pa.Table]:
    """COPY an import's interactions into interaction_rows as stored (``_stored_select``),
    their files and sheets into import_sources (``_numbered_sources``), and return their
    totals tables (``TOTALS``, computed by DuckDB: in PostgreSQL the two aggregates over a
    million rows took 9 s, here 0.3 s). With a ``side`` stream, the second half of the rows
    goes through it, taken in by a second server process.

    All of it overlaps: DuckDB casts the rows a batch at a time on connections of their own,
    a thread per stream encodes each batch and sends it while the server takes in the one
    before, and this thread works out the totals from the same rows meanwhile."""
    columns = [*INTERACTION_COLUMNS,
               *(c for c in HEALTH_COLUMNS if c in interactions.columns)]
    incoming = pa.Table.from_pandas(interactions, columns=columns, preserve_index=False)
    numbers, sources = _numbered_sources(interactions)
    cur.executemany("INSERT INTO import_sources VALUES (%s, %s, %s, %s)",
                    [(import_id, n, file, sheet) for n, (file, sheet) in enumerate(sources)])
    if len(sources) > 1:  # one source: the rows hold no number, read as 0 (its number)
        incoming = incoming.append_column("source_no", pa.array(numbers, pa.int32()))
        columns.append("source_no")
    select = _stored_select(columns, import_id)
    # A column holding no value is not sent, so it stays NULL as if sent.
    given = ["import_id", *(c for c in columns if c not in ("source_file", "source_sheet")
                            and incoming[c].null_count < len(incoming))]
    half = len(incoming) - len(incoming) // 2 if side is not None else len(incoming)
    streams = [(cur, incoming.slice(0, half))]
    if side is not None:
        streams.append((side.cursor, incoming.slice(half)))
    copiers = [duck.cursor() for _ in streams]  # DuckDB connections, one per thread

    def copy(copier: duckdb.DuckDBPyConnection, to: psycopg.Cursor, rows: pa.Table) -> None:
        copier.register("incoming", rows)
        _copy_binary_batches(to, "interaction_rows",
                             copier.sql(select).select(*given).to_arrow_reader(COPY_ROWS))

    try:
        duck.register("incoming", incoming)
        duck.execute("SET threads = 1")  # the cores are the server's, taking the rows in
        with ThreadPoolExecutor(len(streams), thread_name_prefix="kam-copy") as pool:
            copying = [pool.submit(copy, copier, to, rows)
                       for copier, (to, rows) in zip(copiers, streams, strict=True)]
            try:
                duck.execute(f"CREATE OR REPLACE TEMP VIEW interactions AS {select}")
                totals = {table: duck.sql(query.format(where="")).to_arrow_table()
                          for table, query in TOTALS.items()}
            finally:
                for stream in copying:
                    stream.result()
        return totals
    finally:
        duck.execute("RESET threads")
        duck.execute("DROP VIEW IF EXISTS interactions")
        duck.unregister("incoming")
        for copier in copiers:
            copier.close()


# From this many rows an import goes in two streams (SideStream). Storing 1M rows took 0.83-0.88 s
# so against 0.93-0.96 s in one stream, 400,000 rows 0.45 s against 0.47 s, 200,000 the same in
# either (a local server, 2 cores shared with it): below this a second connection to a distant
# server would cost about what it saves.
SPLIT_ROWS = 500_000


class SideStream:
    """A second stream of an import's rows, into a second server process: a connection of its
    own whose transaction is committed just before the import's (``commit``), so the two
    processes take the rows in at once: on 2 cores, where this process casts, encodes and
    totals the rows meanwhile, a million rows' COPY took 0.68-0.73 s so, 0.79-0.81 s in one.

    Its rows are seen only through the import's active quarters, which its own transaction
    commits. Its number is recorded in unfinished_imports first (committed at once) and
    cleared by the import's transaction: a number left there belongs to an import whose
    process died between the two commits, and ``new_import_id`` deletes its rows. Left
    without ``commit`` (the import failed), its rows are rolled back and its number cleared.
    Entered, it gives None when the server takes no second connection (max_connections
    reached): the import then goes in one stream.
    """

    def __init__(self, db: PgDatabase, import_id: int):
        self.db = db
        self.import_id = import_id
        self.committed = False
        self.committing = False  # a COMMIT was sent: its rows may be stored, whatever came back
        self.con: psycopg.Connection | None = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> SideStream | None:
        try:
            self.con = self._stack.enter_context(self.db.side_connection())
        except CannotOpen:
            return None
        try:
            # Its locks wait no longer than the import's own (a whole number of ms, made here).
            self.con.execute(f"SET lock_timeout = {max(1, int(self.db.write_wait * 1000))}")
            self.con.execute("INSERT INTO unfinished_imports VALUES (%s, false)",
                             [self.import_id])
            self.con.autocommit = False
            self.cursor = self.con.cursor()
        except BaseException:
            self._stack.close()
            raise
        return self

    def commit(self) -> None:
        self.committing = True
        self.con.commit()
        self.committed = True

    def __exit__(self, *exc: object) -> None:
        with self._stack:
            if self.con is None or self.committing:
                # Committed, or perhaps (an interruption during the COMMIT, say Ctrl-C, comes
                # back after the server has stored it): the number stays in unfinished_imports,
                # cleared by the import's commit, or else by the next import, which deletes
                # the rows and never uses the number again.
                return
            # The import failed before this stream committed: its rows here go, and its
            # number is free again, before the import's own transaction (and its lock) ends.
            # Left behind if the connection broke, or if the import's transaction holds it
            # (it clears it just before this stream commits: waiting for it here would wait
            # for ever, as that transaction waits for this): the next import then clears it.
            with contextlib.suppress(psycopg.Error):
                self.con.rollback()
                self.con.autocommit = True
                self.con.execute("""DELETE FROM unfinished_imports WHERE import_id IN (
                                        SELECT import_id FROM unfinished_imports
                                        WHERE import_id = %s FOR UPDATE SKIP LOCKED)""",
                                 [self.import_id])


def side_stream(db: PgDatabase, import_id: int, rows: int
                ) -> SideStream | contextlib.nullcontext[None]:
    """Return a SideStream for an import of ``rows`` rows when it is large enough to gain from
    one (``SPLIT_ROWS``), else a context giving None (one stream)."""
    return SideStream(db, import_id) if rows >= SPLIT_ROWS else contextlib.nullcontext()


def new_import_id(cur: psycopg.Cursor) -> int:
    """Return the next import's number, inside the transaction holding the write lock, after
    deleting the rows an import left when its process died between its side stream's commit
    and its own (``SideStream``); such a number is not used again."""
    dead = [n for (n,) in cur.execute("""SELECT import_id FROM unfinished_imports u
                                         WHERE NOT cleared AND NOT EXISTS (
                                             SELECT FROM imports i
                                             WHERE i.import_id = u.import_id)""").fetchall()]
    if dead:
        cur.execute("DELETE FROM interaction_rows WHERE import_id = ANY(%s)", [dead])
        cur.execute("UPDATE unfinished_imports SET cleared = true WHERE import_id = ANY(%s)",
                    [dead])
    return cur.execute("""SELECT greatest((SELECT coalesce(max(import_id), 0) FROM imports),
                                          (SELECT coalesce(max(import_id), 0)
                                           FROM unfinished_imports)) + 1""").fetchone()[0]


def drop_unowned(cur: psycopg.Cursor) -> None:
    """Delete, in a store holding no import, the rows of imports that died between their two
    commits and their numbers (``SideStream``): a copy into it brings its own numbers."""
    cur.execute("DELETE FROM interaction_rows WHERE import_id NOT IN "
                "(SELECT import_id FROM imports)")
    cur.execute("DELETE FROM unfinished_imports")


def _numbered_sources(interactions: pd.DataFrame) -> tuple[np.ndarray, list[tuple]]:
    """Return each row's source number and the sources (file, sheet), numbered from 0 in the
    order the rows first name them; a missing name is None."""
    if interactions.empty:
        return np.zeros(0, np.int32), []
    files, file_names = pd.factorize(interactions["source_file"], use_na_sentinel=False)
    sheets, sheet_names = pd.factorize(interactions["source_sheet"], use_na_sentinel=False)
    numbers, pairs = pd.factorize(files.astype(np.int64) * len(sheet_names) + sheets)

    def name(value: object) -> str | None:
        return None if pd.isna(value) else str(value)

    return numbers.astype(np.int32), [
        (name(file_names[p // len(sheet_names)]), name(sheet_names[p % len(sheet_names)]))
        for p in pairs]


def _copy_binary_batches(cur: psycopg.Cursor, table: str, reader: pa.RecordBatchReader) -> None:
    """Load the reader's batches into ``table`` (columns named and typed as the table's, see
    ``_TYPED``) with COPY in PostgreSQL's binary format, encoded by pgpq. For the million
    rows of benchmarks/bench_postgres.py the server's side took 2.3 s as CSV of every column,
    1.7 s so: no parsing of numbers, dates and decimals from text."""
    encoder = pgpq.ArrowToPostgresBinaryEncoder(reader.schema)
    # Table and column names come from the constants of this module, never from input.
    with cur.copy(f"COPY {table} ({', '.join(reader.schema.names)}) "
                  "FROM STDIN (FORMAT binary)") as copy:
        copy.write(encoder.write_header())
        for batch in reader:
            if batch.num_rows:
                copy.write(encoder.write_batch(batch))
        copy.write(encoder.finish())


def copy_csv(cur: psycopg.Cursor, table: str, rows: pa.Table) -> None:
    """Load Arrow ``rows`` (named as ``table``'s columns) into ``table`` with COPY."""
    if not rows.num_rows:
        return
    # As CSV written by Arrow (write_row took 2 s for 100,000 rows): text always quoted, so an
    # empty text stays empty and only a missing value (unquoted) is NULL; decimals exact.
    # Table and column names come from the constants of this module, never from input.
    with cur.copy(f"COPY {table} ({', '.join(rows.column_names)}) "
                  "FROM STDIN (FORMAT csv)") as copy:
        for batch in rows.to_batches(max_chunksize=COPY_ROWS):
            data = io.BytesIO()
            pa_csv.write_csv(batch, data, pa_csv.WriteOptions(include_header=False))
            copy.write(data.getbuffer())


def load_interactions(cur: psycopg.Cursor, rows: pa.Table) -> None:
    """Load ``rows`` named and typed as DuckDB's interactions table (several imports, each
    row with its file and sheet names) into interaction_rows and import_sources, as a store
    copy brings them."""
    # Names from this module and postgres_schema, never from input.
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS copied_interactions ON COMMIT DROP AS "
                "SELECT * FROM interactions LIMIT 0")
    copy_csv(cur, "copied_interactions", rows)
    for statement in rows_with_sources("copied_interactions"):
        cur.execute(statement)
    cur.execute("TRUNCATE copied_interactions")


def stored_rows(table: str) -> str:
    """Return what to read for the rows of ``table`` (a name of this program's) that belong to
    an import: a large import's second stream is committed a moment before the import itself
    (``SideStream``), and an import whose process died between the two leaves rows no import
    owns until the next import deletes them."""
    if table == "interactions":
        return ("(SELECT * FROM interactions WHERE import_id IN "
                "(SELECT import_id FROM imports))")
    return table


def stored_tables(tables: tuple[str, ...]) -> list[str]:
    """Return the tables holding what ``tables`` (DuckDB's names) hold here."""
    return [t for name in tables
            for t in (("interaction_rows", "import_sources") if name == "interactions"
                      else (name,))]


def copy_binary(cur: psycopg.Cursor, table: str, rows: pa.Table) -> None:
    """Load Arrow ``rows`` into ``table`` with a binary COPY (``_copy_binary_batches``); a
    column holding no value is not sent, so it stays NULL as if sent."""
    if not rows.num_rows:
        return
    rows = rows.select([c for c in rows.column_names if rows[c].null_count < rows.num_rows])
    _copy_binary_batches(cur, table, pa.RecordBatchReader.from_batches(
        rows.schema, rows.to_batches(max_chunksize=COPY_ROWS)))


def copy_frame(cur: psycopg.Cursor, table: str, import_id: int, frame: pd.DataFrame,
          columns: list[str]) -> None:
    """Load the frame's ``columns`` with COPY, after ``import_id``."""
    if frame.empty:
        return
    rows = pa.Table.from_pandas(frame, columns=columns, preserve_index=False)
    copy_csv(cur, table, rows.add_column(
        0, "import_id", pa.array([import_id] * len(rows), pa.int64())))
