"""The DuckDB engine's valuation questions: entries saved in the app and the history of every
valuation, entered or imported (the ``Store`` protocol's ``save_valuation_entries`` and
``valuation_history``; ``DuckDBStore`` asks them through its ``Database``)."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime

import duckdb
import pandas as pd
import pyarrow as pa

from kam_analytics.store.duckdb_engine import Conflict, Database
from kam_analytics.store.protocol import ENTERED, HISTORY_COLUMNS, Scope, checked_entries

# valuation_entries' columns, in the table's order.
COLUMNS = ["entry_id", "quarter", "client", "method", "value", "comment", "entered_by",
           "entered_at"]


def save_entries(db: Database, entries: pd.DataFrame, entered_by: str) -> int:
    """Store the entries in one transaction, numbered after the last one; return how many."""
    rows = checked_entries(entries, entered_by)
    if rows.empty:
        return 0
    who = str(entered_by).strip()
    now = datetime.now()

    def write(cur: duckdb.DuckDBPyConnection) -> int:
        first = cur.execute("SELECT coalesce(max(entry_id), 0) + 1 FROM valuation_entries"
                            ).fetchall()[0][0]
        # As one Arrow table: row by row (executemany), 2,000 entries took 5 s.
        table = pa.Table.from_pandas(rows.assign(
            entry_id=range(first, first + len(rows)), value=rows["value"].astype(float),
            entered_by=who, entered_at=now)[COLUMNS], preserve_index=False)
        cur.register("_entries", table)
        try:
            cur.execute(f"INSERT INTO valuation_entries SELECT {', '.join(COLUMNS)} "  # noqa: S608
                        "FROM _entries")  # names from COLUMNS, never from input
        except duckdb.ConstraintException as exc:
            # Only the entry number can clash: another writer took it after this began.
            raise Conflict(str(exc)) from exc
        finally:
            # In an aborted transaction unregistering fails too; the caller rolls back.
            with contextlib.suppress(duckdb.Error):
                cur.unregister("_entries")
        return len(rows)
    return db.transaction(write)


def history(db: Database, scope: Scope, quarters: list[str] | None,
            client: str | None) -> pd.DataFrame:
    """Return every valuation entered or of an active import, newest first, with whether it is
    the one in force in its cell."""
    df = db.df("""
        SELECT r.quarter, r.client, r.method, r.value, r.comment, r.source, r.source_id,
               r.entered_by, r.valued_at, r.rank = 1 AS in_force, i.file_names
        FROM valuations_ranked r
        LEFT JOIN imports i ON r.source = 'import' AND i.import_id = r.source_id
        WHERE ($quarters IS NULL OR list_contains($quarters, r.quarter))
          AND ($client IS NULL OR r.client = $client)
          AND ($managers IS NULL OR r.client IN (SELECT client FROM client_dim
                                                 WHERE list_contains($managers, manager)))
        ORDER BY r.valued_at DESC, r.source = 'entry' DESC, r.source_id DESC, r.client,
                 r.method""",
               {"managers": scope.bound(), "quarters": quarters, "client": client})
    return history_frame(df)


def history_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return the history query's rows (any engine's) as ``valuation_history`` gives them: each
    import's file names as its source, ``HISTORY_COLUMNS``, None where no text is."""
    names = df["file_names"].map(lambda f: None if f is None or pd.isna(f)
                                 else ", ".join(json.loads(f)))
    df["source"] = names.where(df["source"] == "import", ENTERED)
    df["in_force"] = df["in_force"].astype(bool)
    return with_nones(df[HISTORY_COLUMNS], ["comment", "entered_by"])


def with_nones(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return the frame with None where these text columns hold nothing (not NaN: the same
    answer whatever the engine)."""
    return frame.assign(**{c: frame[c].astype(object).where(frame[c].notna(), None)
                           for c in columns})
