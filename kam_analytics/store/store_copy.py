"""Moving a whole store into another one, of either engine (``python -m kam_analytics
copy-store``): every table as it is, numbers kept (imports, valuation entries, audit entries),
so the copy answers every question as the original does.

The target must hold nothing yet; everything is written in one transaction on it (taking its
turn with other writers), so a copy that fails leaves it empty. The source is only read, in one
snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from kam_analytics.i18n import MessageError, msg
from kam_analytics.store import postgres_copy
from kam_analytics.store.duckdb_schema import DIGEST_TABLES
from kam_analytics.store.duckdb_store import DuckDBStore
from kam_analytics.store.postgres_store import PostgresStore
from kam_analytics.store.protocol import Store

# Every table of a store, in the order they are copied: the data, then the audit log.
TABLES: tuple[str, ...] = (*DIGEST_TABLES, "audit_log")
BATCH_ROWS = 200_000  # rows read and written at a time: memory follows this, not the store


class CopyRefused(MessageError):
    """The copy cannot be made (the target holds data, the source is at another store
    version); nothing was written."""


def location_of(store: Store) -> str:
    """Return where a store is, as messages show it (an address without its password)."""
    from kam_analytics.settings import location_shown

    return location_shown(store.url) if isinstance(store, PostgresStore) else str(store.path)


def columns_of(store: Store) -> dict[str, list[str]]:
    """Return each table of ``store`` with its columns, in their order."""
    out: dict[str, list[str]] = {}
    for table, column in store.db.rows(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"""):
        out.setdefault(table, []).append(column)
    return out


def copy_store(source: Store, target: Store) -> dict[str, int]:
    """Return how many rows of each table of ``TABLES`` were copied from ``source`` into
    ``target``; CopyRefused when the target holds any row, or a table's columns differ (a store
    of another version)."""
    columns, found = columns_of(target), columns_of(source)
    for table in TABLES:
        have, want = found.get(table, []), columns[table]
        if set(have) != set(want):
            raise CopyRefused(msg("copy.other_version", source=location_of(source),
                                  table=table, missing=", ".join(sorted(set(want) - set(have)))
                                  or "-", extra=", ".join(sorted(set(have) - set(want))) or "-"))

    def write(cur) -> dict[str, int]:
        rows_of = postgres_copy.stored_rows if isinstance(target, PostgresStore) else str
        held = [t for t in TABLES if _count(cur, rows_of(t))]  # rows no import owns: none
        if held:
            raise CopyRefused(msg("copy.target_not_empty", target=location_of(target),
                                  tables=", ".join(held)))
        if isinstance(target, PostgresStore):  # the copy's import numbers may be theirs
            postgres_copy.drop_unowned(cur)
        copied = {}
        with source.snapshot():
            for table in TABLES:
                copied[table] = 0
                for batch in _batches(source, table, columns[table]):
                    _load(target, cur, table, columns[table], batch)
                    copied[table] += batch.num_rows
        if isinstance(target, PostgresStore):  # plans for the reads need the new rows counted
            cur.execute(f"ANALYZE {', '.join(postgres_copy.stored_tables(TABLES))}")
        return copied

    return target.db.transaction(write)


def _count(cur, table: str) -> int:
    # Table names from TABLES (or postgres_copy.stored_rows of them), never from input.
    return cur.execute(f"SELECT count(*) FROM {table} AS t").fetchall()[0][0]  # noqa: S608


def _batches(store: Store, table: str, columns: list[str]) -> Iterator[pa.RecordBatch]:
    """Yield the rows of ``table`` in ``store`` as Arrow batches of ``columns``; money comes
    exactly (DECIMAL / Decimal), never through floats."""
    select = f"SELECT {', '.join(columns)} FROM {table}"  # names from the catalogue  # noqa: S608
    if isinstance(store, DuckDBStore):
        yield from store.db.cursor().sql(select).to_arrow_reader(BATCH_ROWS)
        return
    select = f"SELECT {', '.join(columns)} FROM {postgres_copy.stored_rows(table)} AS t"  # noqa: S608
    # A server-side cursor inside the snapshot's transaction: rows come a batch at a time.
    with store.db.connection().cursor(name=f"copy_{table}") as cur:
        cur.execute(select)
        while rows := cur.fetchmany(BATCH_ROWS):
            values = list(zip(*rows, strict=True))
            yield pa.RecordBatch.from_arrays([pa.array(v) for v in values], names=columns)


def _load(store: Store, cur, table: str, columns: list[str], batch: pa.RecordBatch) -> None:
    """Write ``batch`` into ``table`` of ``store`` inside the transaction of ``cur``."""
    names = ", ".join(columns)  # from the catalogue
    if isinstance(store, DuckDBStore):
        cur.register("copied_rows", batch)
        try:
            cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM copied_rows")  # noqa: S608
        finally:
            cur.unregister("copied_rows")
        return
    if table == "interactions":  # a view there: the rows go in with their sources numbered
        postgres_copy.load_interactions(cur, pa.Table.from_batches([batch]))
        return
    postgres_copy.copy_csv(cur, table, pa.Table.from_batches([batch]))
