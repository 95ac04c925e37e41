"""The DuckDB engine's answers to the ``Store`` protocol: imports as single transactions,
settings, saved mappings and every query the pages need, each taking the viewer's scope; plus
listing and restoring the backups kept beside the file.

All SQL that asks questions lives here, with bound parameters only; the mechanics it runs on
(connection, turns, transactions, snapshots, backups, schema) are ``duckdb_engine.Database``'s.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from kam_analytics.store import (
    backup_files,
    duckdb_handover,
    duckdb_restore_points,
    duckdb_valuations,
)
from kam_analytics.store.duckdb_engine import (
    Conflict,
    Database,
)
from kam_analytics.store.duckdb_schema import DIGEST_TABLES, totals_inserts
from kam_analytics.store.protocol import (
    AUDITED,
    EVERYONE,
    HEALTH_COLUMNS,
    CurrencyMismatch,
    ImportOutcome,
    NeedsDecision,
    Scope,
)
from kam_analytics.store.store_base import SETTING_DEFAULTS, StoreBase

_ROW_GROUP_ROWS = 122_880  # DuckDB's default row group size
_CLIENT_COLUMNS = ["client", "manager", "segment", "annual_revenue", "margin"]


class DuckDBStore(StoreBase):
    """The ``Store`` protocol on one DuckDB file, asked through a ``Database`` (``db``).

    ``backups_kept`` copies of the file are kept from before each import (0: none); a write
    waits at most ``write_wait`` seconds for its turn before StoreBusy. With ``serve``, other
    programs of this user that find the file held run their calls through this store
    (``duckdb_handover``: a command-line import while the dashboard runs).
    """

    def __init__(self, path: str | Path, *, read_only: bool = False,
                 backups_kept: int | None = None, write_wait: float | None = None,
                 serve: bool = False):
        self.db = Database(path, read_only=read_only, backups_kept=backups_kept,
                           write_wait=write_wait)
        self._server = duckdb_handover.serve(self, self.db.path) if serve else None

    @property
    def path(self) -> Path:
        """Return the database file's path."""
        return self.db.path

    @property
    def backups_kept(self) -> int:
        """Return how many backups are kept from before imports."""
        return self.db.backups_kept

    def close(self) -> None:
        """Close the store (and stop serving it); closing twice does nothing."""
        if self._server is not None:
            self._server.close()
        self.db.close()

    def exclusive(self) -> contextlib.AbstractContextManager[None]:
        """Return the context holding this database's write lock (see ``Database.exclusive``)."""
        return self.db.exclusive()

    def backup(self) -> backup_files.BackupFile:
        """Return a new consistent backup of the file (see ``Database.backup``)."""
        return self.db.backup()

    # ---- settings and mappings (the rest: StoreBase) -----------------------------------------
    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (KeyError for an unknown key)."""
        if key not in SETTING_DEFAULTS:
            raise KeyError(key)
        self.db.transaction(lambda cur: cur.execute(
            "INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, str(value)]))

    def save_mappings(self, kind: str, pairs: dict[str, str],
                      import_id: int | None = None) -> None:
        """Save mappings of ``kind``, replacing earlier ones of the same sources; ``import_id``
        is the import they were chosen for (None: entered in the settings)."""
        if not pairs:
            return
        now = datetime.now()

        def write(cur: duckdb.DuckDBPyConnection) -> None:
            for source, target in pairs.items():
                cur.execute("INSERT OR REPLACE INTO mappings (kind, source, target, created_at,"
                            " import_id) VALUES (?, ?, ?, ?, ?)",
                            [kind, source, target, now, import_id])
        self.db.transaction(write)

    def remove_mapping(self, kind: str, source: str) -> bool:
        """Remove a saved mapping; return whether there was one."""
        def write(cur: duckdb.DuckDBPyConnection) -> bool:
            found = cur.execute("SELECT count(*) FROM mappings WHERE kind = ? AND source = ?",
                                [kind, source]).fetchall()[0][0]
            cur.execute("DELETE FROM mappings WHERE kind = ? AND source = ?", [kind, source])
            return bool(found)
        return self.db.transaction(write)

    # ---- imports --------------------------------------------------------------------------
    def import_with_sha(self, sha256: str, reading: str | None = None) -> dict | None:
        """Return the earlier import of byte-identical files read the same way, or None."""
        df = self._df("""SELECT i.import_id, i.imported_at, bool_or(q.active) AS active,
                                max(q.replaced_by) AS replaced_by
                         FROM imports i JOIN import_quarters q USING (import_id)
                         WHERE i.sha256 = ? AND i.reading IS NOT DISTINCT FROM ?
                         GROUP BY ALL ORDER BY i.import_id DESC""", [sha256, reading])
        return None if df.empty else df.iloc[0].to_dict()

    def active_imports_for(self, quarters: list[str]) -> pd.DataFrame:
        """Return the active imports holding data in any of ``quarters``."""
        return self._df("""SELECT i.import_id, i.file_names, i.imported_at, i.rows,
                                  list(q.quarter ORDER BY q.quarter) AS quarters
                           FROM imports i JOIN import_quarters q USING (import_id)
                           WHERE q.active AND list_contains(?, q.quarter)
                           GROUP BY ALL ORDER BY i.import_id""", [quarters])

    def save_import(self, *, file_names: list[str], sha256: str, interactions: pd.DataFrame,
                    clients: pd.DataFrame, valuations: pd.DataFrame, warnings: list[dict],
                    mode: str | None = None, reading: str | None = None,
                    currency: str | None = None) -> ImportOutcome:
        """Store one import in one transaction: every row or none.

        ``reading`` says how the files were read (canonical JSON): the same files read
        another way are a new import, not "unchanged". ``currency`` is the code the amounts
        are in; the first import of an empty store sets the store's currency to it, a later
        one in another currency is refused (CurrencyMismatch: convert it first).

        ``mode`` is None (refuse if its quarters hold data), "append" or "replace". A copy of
        the store is kept first (see ``backup``) unless nothing would change. The checks and
        the writes happen in one turn of the write lock, and the checks run again inside the
        transaction, so two sessions importing at once cannot both pass them.
        """
        quarters = sorted(set(interactions["quarter"].unique())
                          | set(valuations["quarter"].unique()))

        def decided() -> ImportOutcome | pd.DataFrame:
            """Return the earlier identical import's outcome, or the overlapping imports."""
            earlier = self.import_with_sha(sha256, reading)
            if earlier is not None:
                return ImportOutcome("unchanged", int(earlier["import_id"]), 0, 0, quarters)
            overlapping = self.active_imports_for(quarters)
            if len(overlapping) and mode not in ("append", "replace"):
                raise NeedsDecision(
                    sorted({q for qs in overlapping["quarters"] for q in qs}), overlapping)
            return overlapping

        def write(cur: duckdb.DuckDBPyConnection) -> ImportOutcome:
            overlapping = decided()
            if isinstance(overlapping, ImportOutcome):
                return overlapping
            if currency is not None:
                self._take_currency(cur, currency)
            import_id = cur.execute(
                "SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchall()[0][0]
            touched = [(import_id, q) for q in quarters]
            if mode == "replace" and len(overlapping):
                touched += cur.execute("""SELECT import_id, quarter FROM import_quarters
                                          WHERE active AND list_contains(?, quarter)""",
                                       [quarters]).fetchall()
            duckdb_restore_points.take(cur, "import", import_id, touched, self.backups_kept,
                                       datetime.now)
            replaced: list[int] = []
            if mode == "replace" and len(overlapping):
                replaced = overlapping["import_id"].astype(int).tolist()
                cur.execute("""UPDATE import_quarters SET active = false, replaced_by = ?
                               WHERE active AND list_contains(?, quarter)""",
                            [import_id, quarters])
            try:
                cur.execute("INSERT INTO imports (import_id, file_names, sha256, imported_at,"
                            " rows, quarters, mode, warnings, reading, currency)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [import_id, json.dumps(file_names, ensure_ascii=False), sha256,
                             datetime.now(), len(interactions), ",".join(quarters),
                             mode or "new", json.dumps(warnings, ensure_ascii=False),
                             reading, currency])
            except duckdb.ConstraintException as exc:
                # Only the import number can clash: another writer took it after this
                # transaction began.
                raise Conflict(str(exc)) from exc
            for q in quarters:
                cur.execute("INSERT INTO import_quarters VALUES (?, ?, true, NULL)",
                            [import_id, q])
            self._insert(cur, "interactions", import_id, interactions,
                         ["source_file", "source_sheet", "source_row", "date", "quarter",
                          "client", "method", "cost", "hours", "value", "manager"],
                         optional=HEALTH_COLUMNS)
            # a frame from before margins were read has no margin: stored as unknown
            self._insert(cur, "clients", import_id, clients.reindex(columns=_CLIENT_COLUMNS),
                         _CLIENT_COLUMNS)
            self._insert(cur, "valuations", import_id,
                         valuations if "comment" in valuations else valuations.assign(
                             comment=pd.Series(None, index=valuations.index, dtype=object)),
                         ["quarter", "client", "method", "value", "comment"])
            for statement in totals_inserts("WHERE import_id = ?"):
                cur.execute(statement, [import_id])
            n_clients = interactions["client"].nunique() if len(interactions) else 0
            return ImportOutcome("imported", int(import_id), len(interactions), int(n_clients),
                                 quarters, replaced, len(valuations))

        with self.exclusive():
            # Checked before the snapshot too, so a repeated upload does not push an older
            # backup out of the kept ones.
            if (self.backups_kept and backup_files.snapshot_due(self.path)
                    and not isinstance(decided(), ImportOutcome)):
                self.backup()
            return self.db.transaction(write)

    @staticmethod
    def _take_currency(cur: duckdb.DuckDBPyConnection, currency: str) -> None:
        """Make ``currency`` the store's when it holds no import yet; refuse another one."""
        stored = cur.execute("SELECT value FROM settings WHERE key = 'currency'").fetchall()
        current = stored[0][0] if stored else SETTING_DEFAULTS["currency"]
        if currency == current:
            return
        if cur.execute("SELECT count(*) FROM imports").fetchall()[0][0]:
            raise CurrencyMismatch(currency, current)
        cur.execute("INSERT OR REPLACE INTO settings VALUES ('currency', ?)", [currency])

    @staticmethod
    def _insert(cur: duckdb.DuckDBPyConnection, table: str, import_id: int,
                frame: pd.DataFrame, columns: list[str], optional: tuple[str, ...] = ()
                ) -> None:
        """Insert the frame's rows; ``optional`` columns the frame lacks are stored empty."""
        if frame.empty:
            return
        columns = [*columns, *(c for c in optional if c in frame.columns)]
        # Arrow columns scan several times faster than pandas object columns; in batches of
        # DuckDB's row group, a 200,000-row insert takes 0.08 s instead of 0.095 s.
        rows = pa.Table.from_pandas(frame, columns=columns, preserve_index=False)
        cur.register("_incoming", pa.Table.from_batches(
            rows.to_batches(max_chunksize=_ROW_GROUP_ROWS), schema=rows.schema))
        try:
            # Table and column names come from the constants above, never from user input.
            names = ", ".join(columns)
            cur.execute(f"INSERT INTO {table} (import_id, {names}) "  # noqa: S608
                        f"SELECT ?, {names} FROM _incoming", [import_id])
        finally:
            # In an aborted transaction unregistering fails too; the caller rolls back and
            # the next registration under this name replaces it.
            with contextlib.suppress(duckdb.Error):
                cur.unregister("_incoming")

    def restore_import(self, import_id: int) -> list[int]:
        """Make an earlier import active again for its quarters; return the imports it replaces."""
        def write(cur: duckdb.DuckDBPyConnection) -> list[int]:
            quarters = [r[0] for r in cur.execute(
                "SELECT quarter FROM import_quarters WHERE import_id = ?", [import_id]).fetchall()]
            if not quarters:
                raise KeyError(f"There is no import #{import_id}.")
            displaced = [r[0] for r in cur.execute(
                """SELECT DISTINCT import_id FROM import_quarters
                   WHERE active AND list_contains(?, quarter) AND import_id <> ?
                   ORDER BY 1""", [quarters, import_id]).fetchall()]
            duckdb_restore_points.take(
                cur, "restore_import", import_id,
                cur.execute("""SELECT import_id, quarter FROM import_quarters
                               WHERE import_id = ? OR (active AND list_contains(?, quarter))""",
                            [import_id, quarters]).fetchall(), self.backups_kept, datetime.now)
            cur.execute("""UPDATE import_quarters SET active = false, replaced_by = ?
                           WHERE active AND list_contains(?, quarter) AND import_id <> ?""",
                        [import_id, quarters, import_id])
            cur.execute("""UPDATE import_quarters SET active = true, replaced_by = NULL
                           WHERE import_id = ?""", [import_id])
            return displaced
        return self.db.transaction(write)

    def version(self) -> str:
        """Return a token that changes whenever stored data or settings change, and differs
        between two stores (a cache key: two stores at the same state are not one)."""
        row = self.db.cursor().execute("""
            SELECT (SELECT coalesce(max(import_id), 0) FROM imports),
                   (SELECT count(*) FILTER (WHERE active) FROM import_quarters),
                   (SELECT coalesce(sum(replaced_by), 0) FROM import_quarters),
                   (SELECT coalesce(max(entry_id), 0) FROM valuation_entries),
                   (SELECT coalesce(string_agg(key || '=' || value, ';' ORDER BY key), '')
                      FROM settings)""").fetchall()[0]
        return "|".join([str(self.db.path.resolve()), *(str(v) for v in row)])

    # ---- reads for the analytics, all scoped ------------------------------------------------
    def quarters(self, scope: Scope = EVERYONE) -> list[str]:
        """Return the quarters with active data the viewer may see, oldest first."""
        df = self._df("""SELECT DISTINCT quarter FROM active_cells
                         WHERE client IN (SELECT client FROM client_dim WHERE $managers IS NULL
                                          OR list_contains($managers, manager))
                         ORDER BY 1""", {"managers": scope.bound()})
        return df["quarter"].tolist()

    def client_dimension(self, scope: Scope = EVERYONE) -> pd.DataFrame:
        """Return the clients the viewer may see: client, manager, segment, annual revenue,
        margin."""
        return self._df("""SELECT * FROM client_dim
                           WHERE $managers IS NULL OR list_contains($managers, manager)
                           ORDER BY client""", {"managers": scope.bound()})

    def activity(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                 ) -> pd.DataFrame:
        """Return active interactions aggregated per quarter x client x method, in no
        particular order (the matrix sorts its rows)."""
        return self.db.arrow_df("""
            SELECT quarter, client, method, sum(interactions)::BIGINT AS interactions,
                   -- the exact sum of exact amounts, read as float64 once
                   sum(cost)::DOUBLE AS cost, sum(hours) AS hours,
                   sum(rating_sum) AS rating_sum, sum(rating_count)::BIGINT AS rating_count
            FROM active_cells  -- each active import's totals per cell (written with it)
            WHERE ($quarters IS NULL OR list_contains($quarters, quarter))
              -- every active client is in client_dim: with no scope, skip working it out
              AND ($managers IS NULL OR client IN (SELECT client FROM client_dim
                                                   WHERE list_contains($managers, manager)))
            GROUP BY ALL""", {"managers": scope.bound(), "quarters": quarters})

    def valuations(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                   ) -> pd.DataFrame:
        """Return the explicit valuations in force: per cell the newest of the active imports'
        and the entries (none where the newest entry cleared it). With
        a scope, only those of clients the viewer may see; without one, every valuation in
        force (those of clients with no activity are left out by the matrix's join)."""
        return duckdb_valuations.with_nones(self._df("""
            SELECT quarter, client, method, value, comment FROM active_valuations
            WHERE ($quarters IS NULL OR list_contains($quarters, quarter))
              -- with no scope, skip working out client_dim (a pass over every interaction)
              AND ($managers IS NULL OR client IN (SELECT client FROM client_dim
                                                   WHERE list_contains($managers, manager)))
            ORDER BY quarter, client, method""",
                        {"managers": scope.bound(), "quarters": quarters}), ["comment"])

    def record(self, who: str, action: str, detail: str) -> None:
        """Add to the audit log that ``who`` did ``action`` now, with ``detail``."""
        if action not in AUDITED:
            raise ValueError(f"action must be one of {AUDITED}, not {action!r}")

        def write(cur: duckdb.DuckDBPyConnection) -> None:
            try:
                cur.execute("""INSERT INTO audit_log
                               SELECT coalesce(max(entry_id), 0) + 1, ?, ?, ?, ?
                               FROM audit_log""", [datetime.now(), who, action, detail])
            except duckdb.ConstraintException as exc:  # another writer took the number
                raise Conflict(str(exc)) from exc
        self.db.transaction(write)

    def audit_log(self, limit: int = 1000) -> pd.DataFrame:
        """Return the audit log's latest entries, newest first."""
        return self._df("""SELECT recorded_at, who, action, detail FROM audit_log
                           ORDER BY entry_id DESC LIMIT ?""", [limit])

    def save_valuation_entries(self, entries: pd.DataFrame, entered_by: str) -> int:
        """Store valuations entered in the app in one transaction; return how many."""
        return duckdb_valuations.save_entries(self.db, entries, entered_by)

    def valuation_history(self, scope: Scope = EVERYONE, quarters: list[str] | None = None,
                          client: str | None = None) -> pd.DataFrame:
        """Return every valuation entered or imported (active imports), newest first."""
        return duckdb_valuations.history(self.db, scope, quarters, client)

    def interactions(self, scope: Scope = EVERYONE, *, client: str | None = None,
                     quarters: list[str] | None = None) -> pd.DataFrame:
        """Return active interaction rows (optionally one client's), newest first."""
        return self._df("""
            SELECT date, quarter, client, method, cost, hours, value, manager,
                   source_file, source_sheet, source_row, import_id
            FROM active_interactions
            WHERE ($client IS NULL OR client = $client)
              AND ($quarters IS NULL OR list_contains($quarters, quarter))
              AND client IN (SELECT client FROM client_dim WHERE $managers IS NULL
                             OR list_contains($managers, manager))
            ORDER BY date DESC, client, source_row""",
                        {"managers": scope.bound(), "quarters": quarters, "client": client})

    def health_events(self, scope: Scope = EVERYONE, quarters: list[str] | None = None,
                      event_types: list[str] | None = None) -> pd.DataFrame:
        """Return the active interactions with a promise, a time or a written confirmation
        given, or an event of ``event_types`` (every one with a health column when None), in
        no particular order (the health measures group them), text columns categorical."""
        frame = self.db.arrow_df("""
            SELECT quarter, client, date::TIMESTAMP AS date,
                   event_type, promised_date::TIMESTAMP AS promised_date,
                   delivered_date::TIMESTAMP AS delivered_date, kept, received_at,
                   responded_at, resolved_at, in_writing, contact_role,
                   source_file, source_sheet, source_row
            FROM active_interactions
            WHERE (promised_date IS NOT NULL OR delivered_date IS NOT NULL OR kept IS NOT NULL
                   OR received_at IS NOT NULL OR responded_at IS NOT NULL
                   OR resolved_at IS NOT NULL OR in_writing IS NOT NULL
                   OR CASE WHEN $types IS NULL
                           THEN event_type IS NOT NULL OR contact_role IS NOT NULL
                           ELSE list_contains($types, event_type) END)
              AND ($quarters IS NULL OR list_contains($quarters, quarter))
              AND ($managers IS NULL OR client IN (SELECT client FROM client_dim
                                                   WHERE list_contains($managers, manager)))
            """, {"managers": scope.bound(), "quarters": quarters, "types": event_types},
                                 categories=True)
        return frame.astype({"kept": "boolean", "in_writing": "boolean"})

    def event_counts(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                     ) -> pd.DataFrame:
        """Return active interactions counted per quarter x client x event type x contact
        role."""
        return self.db.arrow_df("""
            SELECT quarter, client, event_type, contact_role, count(*)::BIGINT AS interactions
            FROM active_interactions
            WHERE ($quarters IS NULL OR list_contains($quarters, quarter))
              AND ($managers IS NULL OR client IN (SELECT client FROM client_dim
                                                   WHERE list_contains($managers, manager)))
            GROUP BY ALL""", {"managers": scope.bound(), "quarters": quarters},
                                 categories=True)

    def content_digest(self) -> dict[str, tuple[int, str]]:
        """Return each table's row count and an order-independent checksum of its rows, read
        in one snapshot; the times imports and mappings were made are left out, so the same
        data stored twice digests the same (for tests and the reliability report)."""
        out: dict[str, tuple[int, str]] = {}
        with self.snapshot():
            for table, when in DIGEST_TABLES.items():
                # Table and column names are the constants of this module.
                rows = f"(SELECT * EXCLUDE ({when}) FROM {table})" if when else table  # noqa: S608
                n, digest = self.db.cursor().execute(
                    f"SELECT count(*), coalesce(sum(hash(t::VARCHAR)), 0)::VARCHAR "  # noqa: S608
                    f"FROM {rows} t"
                ).fetchall()[0]
                out[table] = (int(n), digest)
        return out

    def backups_table(self) -> pd.DataFrame:
        """Return this store's restore points as a table for people, newest first."""
        return duckdb_restore_points.points_table(self.restore_points())

    def restore_points(self) -> pd.DataFrame:
        """Return the restore points kept, newest first (``duckdb_restore_points.listed``)."""
        with self.snapshot():
            return duckdb_restore_points.listed(self.db.cursor())

    def restore_to(self, point_id: int) -> int | None:
        """Put the imports in force back as they were at restore point ``point_id``, in one
        transaction; return the point recording the state it replaced (KeyError for an
        unknown point)."""
        return self.db.transaction(lambda cur: duckdb_restore_points.restore(
            cur, point_id, self.backups_kept, datetime.now))

    def contents(self) -> dict[str, int]:
        """Return how many imports, active interactions and the newest import number the store
        holds, read in one snapshot."""
        row = self.db.cursor().execute("""
            SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM active_interactions),
                   (SELECT coalesce(max(import_id), 0) FROM imports)""").fetchall()[0]
        return {"imports": int(row[0]), "interactions": int(row[1]), "last_import": int(row[2])}
