"""The one gateway to the DuckDB store: schema, imports as single transactions, settings,
saved mappings and every query the pages need, each taking the viewer's scope.

All SQL lives here, with bound parameters only.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from kam_analytics import settings

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS imports (
        import_id BIGINT PRIMARY KEY, file_names VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        imported_at TIMESTAMP NOT NULL, rows BIGINT NOT NULL, quarters VARCHAR NOT NULL,
        mode VARCHAR NOT NULL, warnings VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS import_quarters (
        import_id BIGINT NOT NULL, quarter VARCHAR NOT NULL, active BOOLEAN NOT NULL,
        replaced_by BIGINT, PRIMARY KEY (import_id, quarter))""",
    """CREATE TABLE IF NOT EXISTS interactions (
        import_id BIGINT NOT NULL, source_file VARCHAR, source_sheet VARCHAR,
        source_row INTEGER, date DATE NOT NULL, quarter VARCHAR NOT NULL,
        client VARCHAR NOT NULL, method VARCHAR NOT NULL, cost DOUBLE NOT NULL,
        hours DOUBLE NOT NULL, value DOUBLE, manager VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS clients (
        import_id BIGINT NOT NULL, client VARCHAR NOT NULL, manager VARCHAR, segment VARCHAR,
        annual_revenue DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS valuations (
        import_id BIGINT NOT NULL, quarter VARCHAR NOT NULL, client VARCHAR NOT NULL,
        method VARCHAR NOT NULL, value DOUBLE NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS mappings (
        kind VARCHAR NOT NULL, source VARCHAR NOT NULL, target VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, PRIMARY KEY (kind, source))""",
)

SETTING_DEFAULTS: dict[str, str] = {
    "hourly_rate": str(settings.DEFAULT_HOURLY_RATE),
    "currency": settings.DEFAULT_CURRENCY,
}


@dataclass(frozen=True)
class Scope:
    """Whose accounts a viewer may see: ``managers=None`` means every account."""

    managers: frozenset[str] | None = None

    def bound(self) -> list[str] | None:
        return None if self.managers is None else sorted(self.managers)


EVERYONE = Scope()


class StoreBusy(Exception):
    """The store file is held by another process; try again shortly."""


class NeedsDecision(Exception):
    """The import's quarters already hold data: append alongside or replace them."""

    def __init__(self, quarters: list[str], imports: pd.DataFrame):
        self.quarters = quarters
        self.imports = imports
        super().__init__(", ".join(quarters))


@dataclass
class ImportOutcome:
    status: str  # "imported" | "unchanged"
    import_id: int
    rows: int
    clients: int
    quarters: list[str]
    replaced: list[int] = field(default_factory=list)
    valuations: int = 0
    batch: object | None = None  # the ingest batch, for its warnings


# Views over the active data. The client dimension takes each client from the Clients sheet
# of the newest active import that lists it; a client no sheet lists takes the manager named on
# most of its interactions.
VIEWS = (
    """CREATE OR REPLACE VIEW active_interactions AS
       SELECT i.* FROM interactions i JOIN import_quarters q
         ON q.import_id = i.import_id AND q.quarter = i.quarter AND q.active""",
    """CREATE OR REPLACE VIEW client_dim AS
       WITH listed AS (
           SELECT c.client, c.manager, c.segment, c.annual_revenue,
                  row_number() OVER (PARTITION BY c.client ORDER BY c.import_id DESC) AS rn
           FROM clients c
           WHERE c.import_id IN (SELECT import_id FROM import_quarters WHERE active)),
       seen AS (
           SELECT client, mode(manager) AS manager FROM active_interactions GROUP BY client)
       SELECT coalesce(l.client, s.client) AS client,
              coalesce(l.manager, s.manager) AS manager, l.segment, l.annual_revenue
       FROM (SELECT * FROM listed WHERE rn = 1) l FULL OUTER JOIN seen s
         ON l.client = s.client""",
    """CREATE OR REPLACE VIEW active_valuations AS
       SELECT quarter, client, method, value FROM (
           SELECT v.*, row_number() OVER (PARTITION BY v.quarter, v.client, v.method
                                          ORDER BY v.import_id DESC) AS rn
           FROM valuations v JOIN import_quarters q
             ON q.import_id = v.import_id AND q.quarter = v.quarter AND q.active)
       WHERE rn = 1""",
)


class Store:
    """Return-nothing gateway object: owns one DuckDB connection, a cursor per thread."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(
                str(self.path), read_only=read_only,
                config={"enable_external_access": False, "lock_configuration": True})
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"The store {self.path} is in use by another program (the dashboard or "
                    "another import). Close it or use another --db, then try again.") from exc
            raise
        self._local = threading.local()
        self._write_lock = threading.Lock()
        if not read_only:
            with self._write_lock:
                cur = self._cursor()
                for statement in (*SCHEMA, *VIEWS):
                    cur.execute(statement)

    def close(self) -> None:
        self._con.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cur = cur
        return cur

    def _df(self, sql: str, params: dict | list | None = None) -> pd.DataFrame:
        return self._cursor().execute(sql, params or {}).df()

    # ---- settings and mappings -------------------------------------------------------------
    def setting(self, key: str) -> str:
        """Return a stored setting, or its default."""
        rows = self._cursor().execute("SELECT value FROM settings WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else SETTING_DEFAULTS[key]

    def hourly_rate(self) -> float:
        return float(self.setting("hourly_rate"))

    def currency(self) -> str:
        return self.setting("currency")

    def set_setting(self, key: str, value: str) -> None:
        if key not in SETTING_DEFAULTS:
            raise KeyError(key)
        with self._write_lock:
            self._cursor().execute(
                "INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, str(value)])

    def mappings(self, kind: str) -> dict[str, str]:
        """Return saved mappings of ``kind`` ('header' or 'method'): normalised source -> target."""
        rows = self._cursor().execute(
            "SELECT source, target FROM mappings WHERE kind = ? ORDER BY source", [kind]).fetchall()
        return dict(rows)

    def save_mappings(self, kind: str, pairs: dict[str, str]) -> None:
        if not pairs:
            return
        now = datetime.now()
        with self._write_lock:
            cur = self._cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                for source, target in pairs.items():
                    cur.execute("INSERT OR REPLACE INTO mappings VALUES (?, ?, ?, ?)",
                                [kind, source, target, now])
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def delete_mapping(self, kind: str, source: str) -> None:
        with self._write_lock:
            self._cursor().execute("DELETE FROM mappings WHERE kind = ? AND source = ?",
                                   [kind, source])

    # ---- imports --------------------------------------------------------------------------
    def import_with_sha(self, sha256: str) -> dict | None:
        """Return the earlier import of byte-identical files, or None."""
        df = self._df("""SELECT i.import_id, i.imported_at, bool_or(q.active) AS active,
                                max(q.replaced_by) AS replaced_by
                         FROM imports i JOIN import_quarters q USING (import_id)
                         WHERE i.sha256 = ? GROUP BY ALL ORDER BY i.import_id DESC""", [sha256])
        return None if df.empty else df.iloc[0].to_dict()

    def active_imports_for(self, quarters: list[str]) -> pd.DataFrame:
        """Return the active imports holding data in any of ``quarters``."""
        return self._df("""SELECT i.import_id, i.file_names, i.imported_at, i.rows,
                                  list(q.quarter ORDER BY q.quarter) AS quarters
                           FROM imports i JOIN import_quarters q USING (import_id)
                           WHERE q.active AND list_contains(?, q.quarter)
                           GROUP BY ALL ORDER BY i.import_id""", [quarters])

    def save_import(self, *, file_names: list[str], sha256: str, interactions: pd.DataFrame,
                    clients: pd.DataFrame, valuations: pd.DataFrame, warnings: list[str],
                    mode: str | None) -> ImportOutcome:
        """Store one import in one transaction: every row or none.

        ``mode`` is None (refuse if its quarters hold data), "append" or "replace".
        """
        quarters = sorted(set(interactions["quarter"]) | set(valuations["quarter"]))
        with self._write_lock:
            earlier = self.import_with_sha(sha256)
            if earlier is not None:
                return ImportOutcome("unchanged", int(earlier["import_id"]), 0, 0, quarters)
            overlapping = self.active_imports_for(quarters)
            if len(overlapping) and mode not in ("append", "replace"):
                raise NeedsDecision(
                    sorted({q for qs in overlapping["quarters"] for q in qs}), overlapping)
            cur = self._cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                import_id = cur.execute(
                    "SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchall()[0][0]
                replaced: list[int] = []
                if mode == "replace" and len(overlapping):
                    replaced = overlapping["import_id"].astype(int).tolist()
                    cur.execute("""UPDATE import_quarters SET active = false, replaced_by = ?
                                   WHERE active AND list_contains(?, quarter)""",
                                [import_id, quarters])
                cur.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [import_id, json.dumps(file_names, ensure_ascii=False), sha256,
                             datetime.now(), len(interactions), ",".join(quarters),
                             mode or "new", json.dumps(warnings, ensure_ascii=False)])
                for q in quarters:
                    cur.execute("INSERT INTO import_quarters VALUES (?, ?, true, NULL)",
                                [import_id, q])
                self._insert(cur, "interactions", import_id, interactions,
                             ["source_file", "source_sheet", "source_row", "date", "quarter",
                              "client", "method", "cost", "hours", "value", "manager"])
                self._insert(cur, "clients", import_id, clients,
                             ["client", "manager", "segment", "annual_revenue"])
                self._insert(cur, "valuations", import_id, valuations,
                             ["quarter", "client", "method", "value"])
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        n_clients = interactions["client"].nunique() if len(interactions) else 0
        return ImportOutcome("imported", int(import_id), len(interactions), int(n_clients),
                             quarters, replaced, len(valuations))

    @staticmethod
    def _insert(cur: duckdb.DuckDBPyConnection, table: str, import_id: int,
                frame: pd.DataFrame, columns: list[str]) -> None:
        if frame.empty:
            return
        cur.register("_incoming", frame[columns])
        try:
            # Table and column names come from the constants above, never from user input.
            cur.execute(f"INSERT INTO {table} SELECT ?, {', '.join(columns)} "  # noqa: S608
                        "FROM _incoming", [import_id])
        finally:
            # In an aborted transaction unregistering fails too; the caller rolls back and
            # the next registration under this name replaces it.
            with contextlib.suppress(duckdb.Error):
                cur.unregister("_incoming")

    def restore_import(self, import_id: int) -> list[int]:
        """Make an earlier import active again for its quarters; return the imports it replaces."""
        with self._write_lock:
            cur = self._cursor()
            quarters = [r[0] for r in cur.execute(
                "SELECT quarter FROM import_quarters WHERE import_id = ?", [import_id]).fetchall()]
            if not quarters:
                raise KeyError(f"There is no import #{import_id}.")
            cur.execute("BEGIN TRANSACTION")
            try:
                displaced = [r[0] for r in cur.execute(
                    """SELECT DISTINCT import_id FROM import_quarters
                       WHERE active AND list_contains(?, quarter) AND import_id <> ?
                       ORDER BY 1""", [quarters, import_id]).fetchall()]
                cur.execute("""UPDATE import_quarters SET active = false, replaced_by = ?
                               WHERE active AND list_contains(?, quarter) AND import_id <> ?""",
                            [import_id, quarters, import_id])
                cur.execute("""UPDATE import_quarters SET active = true, replaced_by = NULL
                               WHERE import_id = ?""", [import_id])
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        return displaced

    def import_history(self) -> pd.DataFrame:
        """Return every import, newest first, with its status and what replaced it."""
        return self._df("""
            SELECT i.import_id, i.imported_at, i.file_names, i.rows, i.quarters, i.mode,
                   CASE WHEN bool_and(q.active) THEN 'active'
                        WHEN bool_or(q.active) THEN 'partly replaced'
                        ELSE 'replaced' END AS status,
                   max(q.replaced_by) AS replaced_by, i.sha256, i.warnings
            FROM imports i JOIN import_quarters q USING (import_id)
            GROUP BY ALL ORDER BY i.import_id DESC""")

    def version(self) -> str:
        """Return a token that changes whenever stored data or settings change (cache key)."""
        row = self._cursor().execute("""
            SELECT (SELECT coalesce(max(import_id), 0) FROM imports),
                   (SELECT count(*) FILTER (WHERE active) FROM import_quarters),
                   (SELECT coalesce(sum(replaced_by), 0) FROM import_quarters),
                   (SELECT coalesce(string_agg(key || '=' || value, ';' ORDER BY key), '')
                      FROM settings)""").fetchall()[0]
        return "|".join(str(v) for v in row)

    # ---- reads for the analytics, all scoped ------------------------------------------------
    def quarters(self, scope: Scope = EVERYONE) -> list[str]:
        """Return the quarters with active data the viewer may see, oldest first."""
        df = self._df("""SELECT DISTINCT quarter FROM active_interactions
                         WHERE client IN (SELECT client FROM client_dim WHERE $managers IS NULL
                                          OR list_contains($managers, manager))
                         ORDER BY 1""", {"managers": scope.bound()})
        return df["quarter"].tolist()

    def client_dimension(self, scope: Scope = EVERYONE) -> pd.DataFrame:
        """Return the clients the viewer may see: client, manager, segment, annual revenue."""
        return self._df("""SELECT * FROM client_dim
                           WHERE $managers IS NULL OR list_contains($managers, manager)
                           ORDER BY client""", {"managers": scope.bound()})

    def activity(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                 ) -> pd.DataFrame:
        """Return active interactions aggregated per quarter x client x method."""
        return self._df("""
            SELECT quarter, client, method, count(*)::BIGINT AS interactions,
                   sum(cost) AS cost, sum(hours) AS hours,
                   coalesce(sum(value), 0) AS rating_sum, count(value) AS rating_count
            FROM active_interactions
            WHERE ($quarters IS NULL OR list_contains($quarters, quarter))
              AND client IN (SELECT client FROM client_dim WHERE $managers IS NULL
                             OR list_contains($managers, manager))
            GROUP BY ALL ORDER BY quarter, client, method""",
                        {"managers": scope.bound(), "quarters": quarters})

    def valuations(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                   ) -> pd.DataFrame:
        """Return the explicit valuations in force: the newest active import's per cell."""
        return self._df("""
            SELECT quarter, client, method, value FROM active_valuations
            WHERE ($quarters IS NULL OR list_contains($quarters, quarter))
              AND client IN (SELECT client FROM client_dim WHERE $managers IS NULL
                             OR list_contains($managers, manager))
            ORDER BY quarter, client, method""",
                        {"managers": scope.bound(), "quarters": quarters})

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

    def content_digest(self) -> dict[str, object]:
        """Return row counts and an order-independent checksum of every table (for tests and
        the reliability report)."""
        out: dict[str, object] = {}
        for table in ("imports", "import_quarters", "interactions", "clients", "valuations",
                      "settings", "mappings"):
            # Table names are the constants above.
            n, digest = self._cursor().execute(
                f"SELECT count(*), coalesce(sum(hash(t::VARCHAR)), 0)::VARCHAR "  # noqa: S608
                f"FROM {table} t"
            ).fetchall()[0]
            out[table] = (int(n), digest)
        return out
