"""The PostgreSQL engine's answers to the ``Store`` protocol, through psycopg 3: the questions of
duckdb_store.py in PostgreSQL's dialect, with bound parameters only, and imports loaded with
COPY. Every write is one transaction holding the database's advisory write lock (see
``postgres_database.PgDatabase``), so two app servers importing the same quarter take turns and
the second is asked to decide (NeedsDecision), as on DuckDB.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime

import pandas as pd
import psycopg

from kam_analytics.store.duckdb_schema import DIGEST_TABLES
from kam_analytics.store.duckdb_valuations import history_frame, with_nones
from kam_analytics.store.postgres_copy import (
    copy_binary,
    copy_frame,
    copy_interactions,
    new_import_id,
    side_stream,
    stored_rows,
)
from kam_analytics.store.postgres_database import PgDatabase, redacted
from kam_analytics.store.protocol import (
    AUDITED,
    EVERYONE,
    CurrencyMismatch,
    ImportOutcome,
    NeedsDecision,
    Scope,
    checked_entries,
)
from kam_analytics.store.store_base import SETTING_DEFAULTS, StoreBase

_CLIENT_COLUMNS = ["client", "manager", "segment", "annual_revenue", "margin"]
# The viewer's scope as a condition on a client (parameters "managers": a list or None).
_IN_SCOPE = """(%(managers)s::TEXT[] IS NULL OR {client} IN (
                   SELECT client FROM client_dim WHERE manager = ANY(%(managers)s::TEXT[])))"""
_IN_QUARTERS = "(%(quarters)s::TEXT[] IS NULL OR {quarter} = ANY(%(quarters)s::TEXT[]))"


def _scoped(client: str = "client", quarter: str = "quarter") -> str:
    return (_IN_SCOPE.format(client=client) + " AND "
            + _IN_QUARTERS.format(quarter=quarter))


class PostgresStore(StoreBase):
    """The ``Store`` protocol on one PostgreSQL database at ``url`` (postgresql://...).

    The server keeps its own backups (pg_dump, point-in-time recovery): ``backups_kept`` is 0.
    A write waits at most ``write_wait`` seconds for its turn before StoreBusy; opened
    ``read_only``, the store is neither migrated nor written (CannotWrite).
    """

    backups_kept = 0
    MARK = "%s"

    def __init__(self, url: str, *, write_wait: float | None = None, read_only: bool = False):
        self.url = url
        self.db = PgDatabase(url, write_wait=write_wait, read_only=read_only)

    def close(self) -> None:
        """Close the store; closing twice does nothing."""
        self.db.close()

    # ---- settings and mappings (the rest: StoreBase) -----------------------------------------
    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (KeyError for an unknown key)."""
        if key not in SETTING_DEFAULTS:
            raise KeyError(key)
        self.db.transaction(lambda cur: cur.execute(
            "INSERT INTO settings VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value", [key, str(value)]))

    def save_mappings(self, kind: str, pairs: dict[str, str],
                      import_id: int | None = None) -> None:
        """Save mappings of ``kind``, replacing earlier ones of the same sources."""
        if not pairs:
            return
        now = datetime.now()

        def write(cur: psycopg.Cursor) -> None:
            cur.executemany(
                "INSERT INTO mappings (kind, source, target, created_at, import_id) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, source) DO UPDATE "
                "SET target = excluded.target, created_at = excluded.created_at, "
                "import_id = excluded.import_id",
                [(kind, source, target, now, import_id) for source, target in pairs.items()])
        self.db.transaction(write)

    def remove_mapping(self, kind: str, source: str) -> bool:
        """Remove a saved mapping; return whether there was one."""
        def write(cur: psycopg.Cursor) -> bool:
            cur.execute("DELETE FROM mappings WHERE kind = %s AND source = %s", [kind, source])
            return cur.rowcount > 0
        return self.db.transaction(write)

    # ---- imports --------------------------------------------------------------------------
    def import_with_sha(self, sha256: str, reading: str | None = None) -> int | None:
        """Return the number of the earlier import of byte-identical files read the same way,
        or None."""
        rows = self.db.rows("""SELECT max(import_id) FROM imports
                               WHERE sha256 = %s AND reading IS NOT DISTINCT FROM %s""",
                            [sha256, reading])
        return rows[0][0]

    def active_imports_for(self, quarters: list[str]) -> pd.DataFrame:
        """Return the active imports holding data in any of ``quarters``."""
        return self._df("""SELECT i.import_id, i.file_names, i.imported_at, i.rows,
                                  array_agg(q.quarter ORDER BY q.quarter) AS quarters
                           FROM imports i JOIN import_quarters q USING (import_id)
                           WHERE q.active AND q.quarter = ANY(%s::TEXT[])
                           GROUP BY i.import_id ORDER BY i.import_id""", [quarters])

    def save_import(self, *, file_names: list[str], sha256: str, interactions: pd.DataFrame,
                    clients: pd.DataFrame, valuations: pd.DataFrame, warnings: list[dict],
                    mode: str | None = None, reading: str | None = None,
                    currency: str | None = None) -> ImportOutcome:
        """Store one import in one transaction holding the write lock: every row or none.
        The checks (identical files, quarters holding data, currency) run inside it, so two
        sessions or app servers importing at once cannot both pass them."""
        quarters = sorted(set(interactions["quarter"].unique())
                          | set(valuations["quarter"].unique()))

        def write(cur: psycopg.Cursor) -> ImportOutcome:
            earlier = self.import_with_sha(sha256, reading)
            if earlier is not None:
                return ImportOutcome("unchanged", int(earlier), 0, 0, quarters)
            # The frame only when a quarter holds data: made for nothing, it took 20 ms.
            held = cur.execute("SELECT EXISTS (SELECT FROM import_quarters WHERE active AND "
                               "quarter = ANY(%s::TEXT[]))", [quarters]).fetchone()[0]
            overlapping = self.active_imports_for(quarters) if held else pd.DataFrame()
            if len(overlapping) and mode not in ("append", "replace"):
                raise NeedsDecision(
                    sorted({q for qs in overlapping["quarters"] for q in qs}), overlapping)
            if currency is not None:
                self._take_currency(cur, currency)
            import_id = new_import_id(cur)
            replaced: list[int] = []
            if mode == "replace" and len(overlapping):
                replaced = overlapping["import_id"].astype(int).tolist()
                cur.execute("""UPDATE import_quarters SET active = false, replaced_by = %s
                               WHERE active AND quarter = ANY(%s::TEXT[])""",
                            [import_id, quarters])
            cur.execute("INSERT INTO imports (import_id, file_names, sha256, imported_at,"
                        " rows, quarters, mode, warnings, reading, currency)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        [import_id, json.dumps(file_names, ensure_ascii=False), sha256,
                         datetime.now(), len(interactions), ",".join(quarters),
                         mode or "new", json.dumps(warnings, ensure_ascii=False),
                         reading, currency])
            cur.executemany("INSERT INTO import_quarters VALUES (%s, %s, true, NULL)",
                            [(import_id, q) for q in quarters])
            with contextlib.ExitStack() as stack:
                side = stack.enter_context(side_stream(self.db, import_id, len(interactions)))
                totals = copy_interactions(cur, self.db.duck(), import_id, interactions, side)
                copy_frame(cur, "clients", import_id,
                           clients.reindex(columns=_CLIENT_COLUMNS), _CLIENT_COLUMNS)
                copy_frame(cur, "valuations", import_id,
                           valuations if "comment" in valuations
                           else valuations.assign(comment=None),
                           ["quarter", "client", "method", "value", "comment"])
                for table, table_totals in totals.items():
                    copy_binary(cur, table, table_totals)
                # Fresh statistics for the reads' plans (autovacuum's come later): of the
                # columns they join and filter on (every column's took 0.08 s after a million
                # rows, these 0.03).
                cur.execute("ANALYZE import_quarters, cell_totals (import_id, quarter, client), "
                            "client_managers (import_id, quarter, client, manager)")
                if side is not None:
                    # Its number cleared in this transaction first: a question to this
                    # connection's server process, so one killed meanwhile fails the import
                    # before the other stream commits. Then its rows, then this transaction.
                    cur.execute("DELETE FROM unfinished_imports WHERE import_id = %s",
                                [import_id])
                    side.commit()
            n_clients = interactions["client"].nunique() if len(interactions) else 0
            return ImportOutcome("imported", int(import_id), len(interactions), int(n_clients),
                                 quarters, replaced, len(valuations))

        return self.db.transaction(write)

    @staticmethod
    def _take_currency(cur: psycopg.Cursor, currency: str) -> None:
        """Make ``currency`` the store's when it holds no import yet; refuse another one."""
        stored = cur.execute("SELECT value FROM settings WHERE key = 'currency'").fetchall()
        current = stored[0][0] if stored else SETTING_DEFAULTS["currency"]
        if currency == current:
            return
        if cur.execute("SELECT count(*) FROM imports").fetchone()[0]:
            raise CurrencyMismatch(currency, current)
        cur.execute("INSERT INTO settings VALUES ('currency', %s) ON CONFLICT (key) DO UPDATE "
                    "SET value = excluded.value", [currency])

    def restore_import(self, import_id: int) -> list[int]:
        """Make an earlier import active again for its quarters; return the imports it replaces."""
        def write(cur: psycopg.Cursor) -> list[int]:
            quarters = [r[0] for r in cur.execute(
                "SELECT quarter FROM import_quarters WHERE import_id = %s",
                [import_id]).fetchall()]
            if not quarters:
                raise KeyError(f"There is no import #{import_id}.")
            displaced = [r[0] for r in cur.execute(
                """SELECT DISTINCT import_id FROM import_quarters
                   WHERE active AND quarter = ANY(%s::TEXT[]) AND import_id <> %s
                   ORDER BY 1""", [quarters, import_id]).fetchall()]
            cur.execute("""UPDATE import_quarters SET active = false, replaced_by = %s
                           WHERE active AND quarter = ANY(%s::TEXT[]) AND import_id <> %s""",
                        [import_id, quarters, import_id])
            cur.execute("""UPDATE import_quarters SET active = true, replaced_by = NULL
                           WHERE import_id = %s""", [import_id])
            return displaced
        return self.db.transaction(write)

    def version(self) -> str:
        """Return a token that changes whenever stored data or settings change, and differs
        between two stores (the database's address and identity are in it)."""
        row = self.db.rows("""
            SELECT current_database(),
                   (SELECT coalesce(max(import_id), 0) FROM imports),
                   (SELECT count(*) FILTER (WHERE active) FROM import_quarters),
                   (SELECT coalesce(sum(replaced_by), 0) FROM import_quarters),
                   (SELECT coalesce(max(entry_id), 0) FROM valuation_entries),
                   (SELECT coalesce(string_agg(key || '=' || value, ';' ORDER BY key), '')
                      FROM settings)""")[0]
        return "|".join([redacted(self.url), *(str(v) for v in row)])

    # ---- reads for the analytics, all scoped ------------------------------------------------
    def quarters(self, scope: Scope = EVERYONE) -> list[str]:
        """Return the quarters with active data the viewer may see, oldest first."""
        rows = self.db.rows(f"""SELECT DISTINCT quarter FROM active_cells
                                 WHERE {_IN_SCOPE.format(client="client")} ORDER BY 1""",  # noqa: S608 - constant text
                            {"managers": scope.bound()})
        return [r[0] for r in rows]

    def client_dimension(self, scope: Scope = EVERYONE) -> pd.DataFrame:
        """Return the clients the viewer may see: client, manager, segment, annual revenue,
        margin."""
        return self._df("""SELECT * FROM client_dim
                           WHERE %(managers)s::TEXT[] IS NULL
                              OR manager = ANY(%(managers)s::TEXT[])
                           ORDER BY client""", {"managers": scope.bound()})

    def activity(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                 ) -> pd.DataFrame:
        """Return active interactions aggregated per quarter x client x method."""
        return self.db.arrow_df(f"""
            SELECT quarter, client, method, sum(interactions)::BIGINT AS interactions,
                   sum(cost)::FLOAT8 AS cost, sum(hours) AS hours,
                   sum(rating_sum) AS rating_sum, sum(rating_count)::BIGINT AS rating_count
            FROM active_cells WHERE {_scoped()}
            GROUP BY quarter, client, method""",  # noqa: S608 - constant text
                                {"managers": scope.bound(), "quarters": quarters})

    def valuations(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                   ) -> pd.DataFrame:
        """Return the explicit valuations in force, per cell the newest."""
        return with_nones(self._df(f"""
            SELECT quarter, client, method, value, comment FROM active_valuations
            WHERE {_scoped()} ORDER BY quarter, client, method""",  # noqa: S608 - constant text
                                   {"managers": scope.bound(), "quarters": quarters}),
                          ["comment"])

    def record(self, who: str, action: str, detail: str) -> None:
        """Add to the audit log that ``who`` did ``action`` now, with ``detail``."""
        if action not in AUDITED:
            raise ValueError(f"action must be one of {AUDITED}, not {action!r}")
        self.db.transaction(lambda cur: cur.execute(
            """INSERT INTO audit_log SELECT coalesce(max(entry_id), 0) + 1, %s, %s, %s, %s
               FROM audit_log""", [datetime.now(), who, action, detail]))

    def audit_log(self, limit: int = 1000) -> pd.DataFrame:
        """Return the audit log's latest entries, newest first."""
        return self._df("""SELECT recorded_at, who, action, detail FROM audit_log
                           ORDER BY entry_id DESC LIMIT %s""", [limit])

    def save_valuation_entries(self, entries: pd.DataFrame, entered_by: str) -> int:
        """Store valuations entered in the app in one transaction; return how many."""
        rows = checked_entries(entries, entered_by)
        if rows.empty:
            return 0
        who, now = str(entered_by).strip(), datetime.now()

        def write(cur: psycopg.Cursor) -> int:
            first = cur.execute("SELECT coalesce(max(entry_id), 0) + 1 FROM valuation_entries"
                                ).fetchone()[0]
            with cur.copy("COPY valuation_entries (entry_id, quarter, client, method, value, "
                          "comment, entered_by, entered_at) FROM STDIN") as copy:
                for n, r in enumerate(rows.itertuples(index=False)):
                    copy.write_row((first + n, r.quarter, r.client, r.method, r.value,
                                    r.comment, who, now))
            return len(rows)
        return self.db.transaction(write)

    def valuation_history(self, scope: Scope = EVERYONE, quarters: list[str] | None = None,
                          client: str | None = None) -> pd.DataFrame:
        """Return every valuation entered or imported (active imports), newest first."""
        df = self._df(f"""
            SELECT r.quarter, r.client, r.method, r.value, r.comment, r.source, r.source_id,
                   r.entered_by, r.valued_at, r.rank = 1 AS in_force, i.file_names
            FROM valuations_ranked r
            LEFT JOIN imports i ON r.source = 'import' AND i.import_id = r.source_id
            WHERE {_scoped("r.client", "r.quarter")}
              AND (%(client)s::TEXT IS NULL OR r.client = %(client)s::TEXT)
            ORDER BY r.valued_at DESC, r.source = 'entry' DESC, r.source_id DESC, r.client,
                     r.method""",  # noqa: S608 - constant text
                      {"managers": scope.bound(), "quarters": quarters, "client": client})
        return history_frame(df)

    def interactions(self, scope: Scope = EVERYONE, *, client: str | None = None,
                     quarters: list[str] | None = None) -> pd.DataFrame:
        """Return active interaction rows (optionally one client's), newest first."""
        return self._df(f"""
            SELECT date, quarter, client, method, cost, hours, value, manager,
                   source_file, source_sheet, source_row, import_id
            FROM active_interactions
            WHERE (%(client)s::TEXT IS NULL OR client = %(client)s::TEXT) AND {_scoped()}
            ORDER BY date DESC, client, source_row""",  # noqa: S608 - constant text
                        {"managers": scope.bound(), "quarters": quarters, "client": client})

    def health_events(self, scope: Scope = EVERYONE, quarters: list[str] | None = None,
                      event_types: list[str] | None = None) -> pd.DataFrame:
        """Return the active interactions with a health column given (or of ``event_types``),
        in no particular order, text columns categorical."""
        frame = self.db.arrow_df(f"""
            SELECT quarter, client, date::TIMESTAMP AS date,
                   event_type, promised_date::TIMESTAMP AS promised_date,
                   delivered_date::TIMESTAMP AS delivered_date, kept, received_at,
                   responded_at, resolved_at, in_writing, contact_role,
                   source_file, source_sheet, source_row
            FROM active_interactions
            WHERE (promised_date IS NOT NULL OR delivered_date IS NOT NULL OR kept IS NOT NULL
                   OR received_at IS NOT NULL OR responded_at IS NOT NULL
                   OR resolved_at IS NOT NULL OR in_writing IS NOT NULL
                   OR CASE WHEN %(types)s::TEXT[] IS NULL
                           THEN event_type IS NOT NULL OR contact_role IS NOT NULL
                           ELSE event_type = ANY(%(types)s::TEXT[]) END)
              AND {_scoped()}""",  # noqa: S608 - constant text
                                 {"managers": scope.bound(), "quarters": quarters,
                                  "types": event_types}, categories=True)
        return frame.astype({"kept": "boolean", "in_writing": "boolean"})

    def event_counts(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                     ) -> pd.DataFrame:
        """Return active interactions counted per quarter x client x event type x contact
        role."""
        return self.db.arrow_df(f"""
            SELECT quarter, client, event_type, contact_role, count(*)::BIGINT AS interactions
            FROM active_interactions WHERE {_scoped()}
            GROUP BY quarter, client, event_type, contact_role""",  # noqa: S608 - constant text
                                {"managers": scope.bound(), "quarters": quarters},
                                categories=True)

    # ---- what the store holds -----------------------------------------------------------------
    def content_digest(self) -> dict[str, tuple[int, str]]:
        """Return each table's row count and an order-independent checksum of its rows, read
        in one snapshot; the times rows were written are left out."""
        out: dict[str, tuple[int, str]] = {}
        with self.snapshot():
            for table, when in DIGEST_TABLES.items():
                # Table and column names are constants; each row as JSON, less its time.
                row = f"to_jsonb(t) - '{when}'" if when else "to_jsonb(t)"
                n, digest = self.db.rows(
                    f"SELECT count(*), coalesce(sum(hashtextextended(({row})::TEXT, 0)"  # noqa: S608
                    f"::NUMERIC), 0)::TEXT FROM {stored_rows(table)} t")[0]
                out[table] = (int(n), digest)
        return out

    def contents(self) -> dict[str, int]:
        """Return how many imports and active interactions the store holds and the newest
        import number, read in one snapshot."""
        row = self.db.rows("""
            SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM active_interactions),
                   (SELECT coalesce(max(import_id), 0) FROM imports)""")[0]
        return {"imports": int(row[0]), "interactions": int(row[1]), "last_import": int(row[2])}

    def backups_table(self) -> pd.DataFrame:
        """Return no backups: the PostgreSQL server keeps its own (pg_dump, archiving)."""
        from kam_analytics.store import backup_files

        return backup_files.backups_table([])
