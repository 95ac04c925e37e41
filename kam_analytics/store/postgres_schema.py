"""The PostgreSQL store's schema, versioned like DuckDB's (duckdb_schema.py): an ordered list of
migrations, the versions a database has had kept in its ``schema_version`` table, and the views
the queries read. Its first migration makes the tables of DuckDB's schema version 8; later ones
follow the DuckDB ones as they come.

A database is brought up to date when a store opens it, all pending migrations in one
transaction holding the store's advisory lock, so two app servers starting at once migrate it
once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kam_analytics.store import duckdb_schema

# Money stored exactly: NUMERIC(18,4) as DuckDB's DECIMAL(18,4); a cell's total NUMERIC(38,4).
MONEY = "NUMERIC(18,4)"
CELL_MONEY = "NUMERIC(38,4)"

# Each import's totals (cell_totals, client_managers) are computed as duckdb_schema.TOTALS
# defines them, by DuckDB in this process (postgres_store.interaction_totals).


# The interactions' columns, as DuckDB's table holds them, less the source's file and sheet.
ROW_COLUMNS = ("import_id", "source_row", "date", "quarter", "client", "method", "cost", "hours",
               "value", "manager", "event_type", "promised_date", "delivered_date", "kept",
               "received_at", "responded_at", "resolved_at", "in_writing", "contact_role")
# The rows as DuckDB's interactions table holds them, in its order. A read that takes no file
# or sheet name does not join import_sources: PostgreSQL drops a left join on its key when
# nothing of it is used.
_REST = ", ".join("r." + c for c in ROW_COLUMNS[1:])
INTERACTIONS_VIEW = f"""CREATE VIEW interactions AS
    SELECT r.import_id, s.source_file, s.source_sheet, {_REST}
    FROM interaction_rows r LEFT JOIN import_sources s
      ON s.import_id = r.import_id AND s.source_no = coalesce(r.source_no, 0)"""  # noqa: S608



def rows_with_sources(table: str) -> tuple[str, str]:
    """Return the statements moving rows as DuckDB's interactions holds them (``table``, a name
    of this program's) into interaction_rows: the sources not yet in import_sources numbered
    after those that are, then the rows with their source's number."""
    same = """s.import_id = i.import_id AND s.source_file IS NOT DISTINCT FROM i.source_file
              AND s.source_sheet IS NOT DISTINCT FROM i.source_sheet"""
    return (f"""INSERT INTO import_sources
                SELECT import_id, coalesce((SELECT max(source_no) + 1 FROM import_sources x
                                            WHERE x.import_id = d.import_id), 0)
                           + row_number() OVER (PARTITION BY import_id
                                                ORDER BY source_file, source_sheet) - 1,
                       source_file, source_sheet
                FROM (SELECT DISTINCT import_id, source_file, source_sheet FROM {table} i
                      WHERE NOT EXISTS (SELECT FROM import_sources s WHERE {same})) AS d""",  # noqa: S608
            f"""INSERT INTO interaction_rows ({", ".join(ROW_COLUMNS)}, source_no)
                SELECT {", ".join("i." + c for c in ROW_COLUMNS)}, nullif(s.source_no, 0)
                FROM {table} i JOIN import_sources s ON {same}""")  # noqa: S608


@dataclass(frozen=True)
class Migration:
    """One step of the schema: the version it brings a database to, what it does, its
    statements."""

    version: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the tables of DuckDB's schema version 8: imports, interactions with the "
                 "health columns, clients with margins, valuations and entries, settings, "
                 "mappings, each import's totals, the audit log", (
        """CREATE TABLE imports (
            import_id BIGINT PRIMARY KEY, file_names TEXT NOT NULL, sha256 TEXT NOT NULL,
            imported_at TIMESTAMP NOT NULL, rows BIGINT NOT NULL, quarters TEXT NOT NULL,
            mode TEXT NOT NULL, warnings TEXT, reading TEXT, currency TEXT)""",
        """CREATE TABLE import_quarters (
            import_id BIGINT NOT NULL, quarter TEXT NOT NULL, active BOOLEAN NOT NULL,
            replaced_by BIGINT, PRIMARY KEY (import_id, quarter))""",
        f"""CREATE TABLE interactions (
            import_id BIGINT NOT NULL, source_file TEXT, source_sheet TEXT,
            source_row INTEGER, date DATE NOT NULL, quarter TEXT NOT NULL,
            client TEXT NOT NULL, method TEXT NOT NULL, cost {MONEY} NOT NULL,
            hours DOUBLE PRECISION NOT NULL, value DOUBLE PRECISION, manager TEXT,
            event_type TEXT, promised_date DATE, delivered_date DATE, kept BOOLEAN,
            received_at TIMESTAMP, responded_at TIMESTAMP, resolved_at TIMESTAMP,
            in_writing BOOLEAN, contact_role TEXT)""",
        "CREATE INDEX interactions_import ON interactions (import_id, quarter)",
        f"""CREATE TABLE clients (
            import_id BIGINT NOT NULL, client TEXT NOT NULL, manager TEXT, segment TEXT,
            annual_revenue {MONEY}, margin {MONEY})""",
        """CREATE TABLE valuations (
            import_id BIGINT NOT NULL, quarter TEXT NOT NULL, client TEXT NOT NULL,
            method TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, comment TEXT)""",
        """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE mappings (
            kind TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL, import_id BIGINT, PRIMARY KEY (kind, source))""",
        """CREATE TABLE valuation_entries (
            entry_id BIGINT PRIMARY KEY, quarter TEXT NOT NULL, client TEXT NOT NULL,
            method TEXT NOT NULL, value DOUBLE PRECISION, comment TEXT,
            entered_by TEXT NOT NULL, entered_at TIMESTAMP NOT NULL)""",
        f"""CREATE TABLE cell_totals (
            import_id BIGINT NOT NULL, quarter TEXT NOT NULL, client TEXT NOT NULL,
            method TEXT NOT NULL, interactions BIGINT NOT NULL, cost {CELL_MONEY} NOT NULL,
            hours DOUBLE PRECISION NOT NULL, rating_sum DOUBLE PRECISION NOT NULL,
            rating_count BIGINT NOT NULL)""",
        "CREATE INDEX cell_totals_import ON cell_totals (import_id, quarter)",
        """CREATE TABLE client_managers (
            import_id BIGINT NOT NULL, quarter TEXT NOT NULL, client TEXT NOT NULL,
            manager TEXT, interactions BIGINT NOT NULL, last_date DATE NOT NULL,
            last_row INTEGER NOT NULL)""",
        """CREATE TABLE audit_log (
            entry_id BIGINT PRIMARY KEY, recorded_at TIMESTAMP NOT NULL, who TEXT NOT NULL,
            action TEXT NOT NULL, detail TEXT NOT NULL)""",
    )),
    # A B-tree over a million rows cost an import 0.7 s of a bare COPY's 1.0 s
    # (benchmarks/bench_postgres.py); an import's rows are appended together, so block ranges
    # find them as well, at next to no cost to the COPY.
    Migration(2, "the interactions found by import through a BRIN index (block ranges) in "
                 "place of a B-tree", (
        "DROP INDEX interactions_import",
        "CREATE INDEX interactions_import ON interactions USING brin (import_id, quarter)",
    )),
    # The block ranges still cost a million-row COPY 0.23 s (0.92 s without them), and a range
    # is summarised only when VACUUM comes: until then every block is a candidate, and a
    # client's rows behind three replaced imports of 200,000 rows took 121 ms through them
    # against 47 ms scanned in parallel (33 ms once VACUUM had summarised them). Reads go
    # through the active imports' few rows of import_quarters and scan interactions, as
    # DuckDB's store does (it has no index there). The price: one client's rows in the last
    # of 8 quarters of 1M take 0.46 s, where summarised ranges would find them in 0.15 s.
    Migration(3, "no index on interactions: a parallel scan finds the active imports' rows", (
        "DROP INDEX interactions_import",
    )),
    # A row's file and sheet name cost a million-row COPY 0.24 s of the server's 0.88 s (the
    # same name a million times, benchmarks/bench_postgres.py). Each import's files and sheets
    # are stored once, in import_sources; a row holds its source's number, none when the
    # import read one source (as a CSV is); ``interactions`` is a view giving the rows as
    # DuckDB's table holds them. The columns of the rows are laid out 8-byte ones first, so no
    # row is padded between them.
    Migration(4, "each import's files and sheets stored once (import_sources); the rows in "
                 "interaction_rows, read through the view interactions", (
        """CREATE TABLE import_sources (
            import_id BIGINT NOT NULL, source_no INTEGER NOT NULL, source_file TEXT,
            source_sheet TEXT, PRIMARY KEY (import_id, source_no))""",
        f"""CREATE TABLE interaction_rows (
            import_id BIGINT NOT NULL, hours DOUBLE PRECISION NOT NULL,
            value DOUBLE PRECISION, received_at TIMESTAMP, responded_at TIMESTAMP,
            resolved_at TIMESTAMP, source_row INTEGER, date DATE NOT NULL, source_no INTEGER,
            promised_date DATE, delivered_date DATE, kept BOOLEAN, in_writing BOOLEAN,
            quarter TEXT NOT NULL, client TEXT NOT NULL, method TEXT NOT NULL,
            cost {MONEY} NOT NULL, manager TEXT, event_type TEXT, contact_role TEXT)""",
        *rows_with_sources("interactions"),
        # The views over the table go with it; migrate() makes them again over the new view.
        "DROP TABLE interactions CASCADE",
        INTERACTIONS_VIEW,
    )),
    # A large import is sent in two streams, the second on a connection of its own committed
    # just before the import's own (postgres_copy.SideStream): its number is recorded here
    # first, and cleared with the import's commit. A number left here belongs to an import
    # whose process died between the two commits: its rows are deleted by the next import and
    # the number is never used again ("cleared"); reads never see such rows, as they come
    # through the imports' active quarters.
    Migration(5, "imports being sent in two streams (unfinished_imports)", (
        """CREATE TABLE unfinished_imports (
            import_id BIGINT PRIMARY KEY, cleared BOOLEAN NOT NULL DEFAULT false)""",
    )),
)

LATEST = max(m.version for m in MIGRATIONS)

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, summary TEXT NOT NULL, migrated_at TIMESTAMP NOT NULL)"""

# The views the queries read: duckdb_schema's, written in SQL both engines read
# (client_dim: protocol.MANAGER_RULE).
VIEWS = duckdb_schema.VIEWS


# The views' names, and a digest of their text kept as each view's comment: the views are made
# again only when the digest differs. Replacing a view locks it against every reader until the
# transaction ends, so a store opened while an app server read (each command-line import opens
# one) made readers and the opening wait for each other, and PostgreSQL broke the deadlock by
# failing a page.
VIEW_NAMES = tuple(re.search(r"VIEW (\w+) AS", v).group(1) for v in VIEWS)
VIEWS_DIGEST = hashlib.sha256("\n".join(VIEWS).encode()).hexdigest()[:16]


def migrate(cur, now: object) -> list[int]:
    """Apply, inside the caller's transaction, every migration the database has not had,
    record each in ``schema_version``, (re)create the views unless they are the current ones;
    return the versions applied."""
    cur.execute(VERSION_TABLE)
    done = {r[0] for r in cur.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for step in MIGRATIONS:
        if step.version in done:
            continue
        for statement in step.statements:
            cur.execute(statement)
        cur.execute("INSERT INTO schema_version VALUES (%s, %s, %s)",
                    [step.version, step.summary, now])
        applied.append(step.version)
    if applied or not views_current(cur):
        for statement in VIEWS:
            cur.execute(statement)
        for name in VIEW_NAMES:  # names and digest made by this module, never input
            cur.execute(f"COMMENT ON VIEW {name} IS '{VIEWS_DIGEST}'")
    return applied


def views_current(cur) -> bool:
    """Return whether every view exists as VIEWS makes it (its comment is VIEWS_DIGEST)."""
    found = cur.execute("SELECT obj_description(to_regclass(name), 'pg_class') "
                        "FROM unnest(%s::TEXT[]) AS name", [list(VIEW_NAMES)]).fetchall()
    return all(comment == VIEWS_DIGEST for (comment,) in found)
