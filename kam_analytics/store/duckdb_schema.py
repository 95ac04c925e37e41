"""The DuckDB store's schema, versioned: an ordered list of migrations, the version a file is at
kept in its ``schema_version`` table, and the views the queries read.

A file is brought to the newest version when a store opens it for writing, all migrations in
one transaction (``DuckDBStore`` backs the file up first when it holds data). A file from
before versioning has the tables of version 1 and no ``schema_version`` table: version 0, whose
first migration creates nothing it already has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from kam_analytics import settings
from kam_analytics.i18n import Message, msg

# Money: DECIMAL(18,4) is int64-backed, so sums are exact to the cent on any engine (a DOUBLE sum
# of a million costs drifts in the last cents). 14 digits before the point: 99 trillion.
MONEY = "DECIMAL(18,4)"


@dataclass(frozen=True)
class Migration:
    """One step of the schema: the version it brings a file to, what it does, its statements."""

    version: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the tables of the first store", (
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
        """CREATE TABLE IF NOT EXISTS settings (
            key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS mappings (
            kind VARCHAR NOT NULL, source VARCHAR NOT NULL, target VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL, PRIMARY KEY (kind, source))""",
    )),
    Migration(2, "money stored exactly: cost and annual_revenue as DECIMAL(18,4)", (
        f"ALTER TABLE interactions ALTER cost SET DATA TYPE {MONEY}",
        f"ALTER TABLE clients ALTER annual_revenue SET DATA TYPE {MONEY}",
    )),
    Migration(3, "each import's reading and currency; where each saved mapping came from", (
        # The reading: how the files were read (tables, header mappings, method labels mapped,
        # choices such as a quarter or a currency rate), as canonical JSON. The same files
        # read another way are another import.
        "ALTER TABLE imports ADD COLUMN reading VARCHAR",
        "ALTER TABLE imports ADD COLUMN currency VARCHAR",
        # The import whose mappings these are (NULL: entered or changed in the settings).
        "ALTER TABLE mappings ADD COLUMN import_id BIGINT",
    )),
    # Versions 4 and 5 come from other branches; a file's steps newer than its version apply.
    Migration(6, "relationship-health columns of interactions (event type, promises, times)", (
        "ALTER TABLE interactions ADD COLUMN event_type VARCHAR",
        "ALTER TABLE interactions ADD COLUMN promised_date DATE",
        "ALTER TABLE interactions ADD COLUMN delivered_date DATE",
        "ALTER TABLE interactions ADD COLUMN kept BOOLEAN",
        # Local times as written: no time zone (analysis/health.py says so).
        "ALTER TABLE interactions ADD COLUMN received_at TIMESTAMP",
        "ALTER TABLE interactions ADD COLUMN responded_at TIMESTAMP",
        "ALTER TABLE interactions ADD COLUMN resolved_at TIMESTAMP",
        "ALTER TABLE interactions ADD COLUMN in_writing BOOLEAN",
        "ALTER TABLE interactions ADD COLUMN contact_role VARCHAR",
    )),
)

LATEST = MIGRATIONS[-1].version

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, summary VARCHAR NOT NULL, migrated_at TIMESTAMP NOT NULL)"""

# Views over the active data. client_dim implements protocol.MANAGER_RULE: the listed manager of
# the newest active import listing the client; else the manager of most active interactions,
# ties to the tied manager of the latest interaction (date, import, source row), then by name.
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
       counted AS (
           -- one pass: each client's managers, how often each is named, their latest date
           SELECT client, manager, count(*) AS n, max(date) AS last_date
           FROM active_interactions GROUP BY client, manager),
       ranked AS (
           SELECT client, manager, last_date,
                  count(*) OVER (PARTITION BY client) AS candidates
           FROM (SELECT *, rank() OVER (PARTITION BY client
                                        ORDER BY n DESC, last_date DESC) AS r
                 FROM counted WHERE manager IS NOT NULL)
           WHERE r = 1),
       -- only where managers tie on count and latest date: the newest import, then the
       -- highest source row, of that date (a second look at those clients' rows alone)
       tied AS (
           SELECT i.client, i.manager,
                  max((i.import_id::HUGEINT << 32) + coalesce(i.source_row, 0)) AS last_row
           FROM active_interactions i JOIN ranked k
             ON k.candidates > 1 AND k.client = i.client AND k.manager = i.manager
                AND k.last_date = i.date
           GROUP BY i.client, i.manager),
       chosen AS (
           SELECT client, manager FROM ranked WHERE candidates = 1
           UNION ALL
           SELECT client, manager FROM (
               SELECT client, manager,
                      row_number() OVER (PARTITION BY client
                                         ORDER BY last_row DESC, manager) AS pos
               FROM tied)
           WHERE pos = 1),
       seen AS (
           SELECT a.client, c.manager
           FROM (SELECT DISTINCT client FROM counted) a LEFT JOIN chosen c
             ON c.client = a.client)
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

# Every table of data, with the column recording when a row was written (left out of digests).
# schema_version is the file's bookkeeping, not its content.
DIGEST_TABLES: dict[str, str | None] = {
    "imports": "imported_at", "import_quarters": None, "interactions": None, "clients": None,
    "valuations": None, "settings": None, "mappings": "created_at"}


def as_temporary(view: str) -> str:
    """Return a view's statement creating it as a temporary view (for a read-only file)."""
    return view.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", 1)


def version_of(cur: duckdb.DuckDBPyConnection) -> int:
    """Return the schema version of the open file: 0 for a file from before versioning or a
    new, empty one."""
    known = cur.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'schema_version'").fetchall()[0][0]
    if not known:
        return 0
    return int(cur.execute("SELECT coalesce(max(version), 0) FROM schema_version"
                           ).fetchall()[0][0])


def migration_refusal(cur: duckdb.DuckDBPyConnection) -> Message | None:
    """Return why the open file cannot be migrated (amounts too large to store exactly), or
    None when it can."""
    if version_of(cur) >= 2:
        return None
    tables = {r[0] for r in cur.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    largest = 0.0
    for table, column in (("interactions", "cost"), ("clients", "annual_revenue")):
        if table in tables:
            # Names from this tuple, never from input.
            found = cur.execute(f"SELECT max(abs({column})) FROM {table}").fetchall()[0][0]  # noqa: S608
            largest = max(largest, found or 0.0)
    if largest > settings.MAX_AMOUNT:
        return msg("store.amounts_too_large", amount=f"{largest:,.0f}",
                   maximum=f"{settings.MAX_AMOUNT:,.0f}")
    return None


def holds_data(cur: duckdb.DuckDBPyConnection) -> bool:
    """Return whether the open file holds any import (an older file worth a backup)."""
    known = cur.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'imports'").fetchall()[0][0]
    return bool(known) and cur.execute("SELECT count(*) FROM imports").fetchall()[0][0] > 0


def migrate(cur: duckdb.DuckDBPyConnection, now: Callable[[], object]) -> list[int]:
    """Apply, inside the caller's transaction, every migration newer than the file's version,
    record each in ``schema_version``, (re)create the views; return the versions applied."""
    start = version_of(cur)
    cur.execute(_VERSION_TABLE)
    applied = []
    for step in MIGRATIONS:
        if step.version <= start:
            continue
        for statement in step.statements:
            cur.execute(statement)
        cur.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                    [step.version, step.summary, now()])
        applied.append(step.version)
    for statement in VIEWS:
        cur.execute(statement)
    return applied
