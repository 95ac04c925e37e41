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


# A cell's total of up to millions of exact amounts: 38 digits (HUGEINT-backed), still exact.
CELL_MONEY = "DECIMAL(38,4)"
# The totals of interactions (``where``: of one import, or "" for all), by cell and by client x
# manager: how many, the latest date, and the highest source row on that date (the manager
# rule's tie-break, see client_dim).
TOTALS: dict[str, str] = {
    "cell_totals": """
        SELECT import_id, quarter, client, method, count(*) AS interactions, sum(cost) AS cost,
               sum(hours) AS hours, coalesce(sum(value), 0) AS rating_sum,
               count(value) AS rating_count
        FROM interactions {where} GROUP BY ALL""",
    "client_managers": """
        SELECT import_id, quarter, client, manager, count(*) AS interactions,
               max(date) AS last_date,
               arg_max(coalesce(source_row, 0), (date, coalesce(source_row, 0))) AS last_row
        FROM interactions {where} GROUP BY ALL""",
}
TOTALS_VERSION = 7  # the version whose migration made the tables of TOTALS


def totals_inserts(where: str) -> list[str]:
    """Return the statements adding the totals of the interactions ``where`` selects."""
    return [f"INSERT INTO {table} {select.format(where=where)}"  # names from TOTALS
            for table, select in TOTALS.items()]


def totals_stand_ins() -> list[str]:
    """Return temporary views standing in for the TOTALS tables, computed from every
    interaction: for reading a file from before them without writing to it."""
    return [f"CREATE OR REPLACE TEMP VIEW {table} AS "
            + select.format(where="").replace("FROM interactions", "FROM {file}.main.interactions")
            for table, select in TOTALS.items()]


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
    Migration(4, "valuations entered in the app; comments", (
        # One row per entry, never updated: a later entry of the same cell wins, and the
        # earlier ones are its history. Not tied to an import, so an entry outlives a Replace
        # of its quarter. value NULL: the entry cleared the cell's valuation.
        """CREATE TABLE IF NOT EXISTS valuation_entries (
            entry_id BIGINT PRIMARY KEY, quarter VARCHAR NOT NULL, client VARCHAR NOT NULL,
            method VARCHAR NOT NULL, value DOUBLE, comment VARCHAR,
            entered_by VARCHAR NOT NULL, entered_at TIMESTAMP NOT NULL)""",
        "ALTER TABLE valuations ADD COLUMN comment VARCHAR",
    )),
    Migration(5, "each client's annual gross margin, from the Clients sheet", (
        f"ALTER TABLE clients ADD COLUMN margin {MONEY}",
    )),
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
    # Eight quarters of a million rows each made every read aggregate eight million rows: the
    # matrix of one quarter took twice as long as on a one-quarter store. Each import's totals
    # per cell and per client x manager are written with it, and the reads add up those of the
    # active imports.
    Migration(7, "each import's totals per cell and per client x manager, written with it", (
        f"""CREATE TABLE IF NOT EXISTS cell_totals (
            import_id BIGINT NOT NULL, quarter VARCHAR NOT NULL, client VARCHAR NOT NULL,
            method VARCHAR NOT NULL, interactions BIGINT NOT NULL, cost {CELL_MONEY} NOT NULL,
            hours DOUBLE NOT NULL, rating_sum DOUBLE NOT NULL, rating_count BIGINT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS client_managers (
            import_id BIGINT NOT NULL, quarter VARCHAR NOT NULL, client VARCHAR NOT NULL,
            manager VARCHAR, interactions BIGINT NOT NULL, last_date DATE NOT NULL,
            last_row INTEGER NOT NULL)""",
        *totals_inserts(where=""),
    )),
    Migration(8, "the audit log: who imported, restored, changed or exported what, and when", (
        """CREATE TABLE IF NOT EXISTS audit_log (
            entry_id BIGINT PRIMARY KEY, recorded_at TIMESTAMP NOT NULL, who VARCHAR NOT NULL,
            action VARCHAR NOT NULL, detail VARCHAR NOT NULL)""",
    )),
    Migration(9, "restore points: which imports were in force for which quarters before each "
                 "import (per-import undo, instead of a copy of the file each time)", (
        """CREATE TABLE IF NOT EXISTS restore_points (
            point_id BIGINT PRIMARY KEY, taken_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL,
            ref BIGINT NOT NULL, imports BIGINT NOT NULL, last_import BIGINT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS restore_point_quarters (
            point_id BIGINT NOT NULL, import_id BIGINT NOT NULL, quarter VARCHAR NOT NULL,
            active BOOLEAN NOT NULL, replaced_by BIGINT)""",
    )),
)

LATEST = max(m.version for m in MIGRATIONS)

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, summary VARCHAR NOT NULL, migrated_at TIMESTAMP NOT NULL)"""

# Views over the active data, in SQL that DuckDB and PostgreSQL both read (postgres_schema
# makes the same ones: every subquery named, casts both know). client_dim implements
# protocol.MANAGER_RULE: the listed manager of
# the newest active import listing the client; else the manager of most active interactions,
# ties to the tied manager of the latest interaction (date, import, source row), then by name.
VIEWS = (
    """CREATE OR REPLACE VIEW active_interactions AS
       SELECT i.* FROM interactions i JOIN import_quarters q
         ON q.import_id = i.import_id AND q.quarter = i.quarter AND q.active""",
    """CREATE OR REPLACE VIEW active_cells AS
       SELECT c.* FROM cell_totals c JOIN import_quarters q
         ON q.import_id = c.import_id AND q.quarter = c.quarter AND q.active""",
    """CREATE OR REPLACE VIEW client_dim AS
       WITH listed AS (
           SELECT c.client, c.manager, c.segment, c.annual_revenue, c.margin,
                  row_number() OVER (PARTITION BY c.client ORDER BY c.import_id DESC) AS rn
           FROM clients c
           WHERE c.import_id IN (SELECT import_id FROM import_quarters WHERE active)),
       active AS (
           SELECT m.* FROM client_managers m JOIN import_quarters q
             ON q.import_id = m.import_id AND q.quarter = m.quarter AND q.active),
       counted AS (
           -- each client's managers, how often each is named, their latest date
           SELECT client, manager, sum(interactions) AS n, max(last_date) AS last_date
           FROM active GROUP BY client, manager),
       ranked AS (
           SELECT client, manager, last_date,
                  count(*) OVER (PARTITION BY client) AS candidates
           FROM (SELECT *, rank() OVER (PARTITION BY client
                                        ORDER BY n DESC, last_date DESC) AS r
                 FROM counted WHERE manager IS NOT NULL) AS firsts
           WHERE r = 1),
       -- only where managers tie on count and latest date: the newest import, then the
       -- highest source row, of that date (each import's highest row on its latest date)
       tied AS (
           SELECT a.client, a.manager,
                  -- (BIGINT: import numbers stay below 2^31)
                  max(a.import_id * 4294967296 + a.last_row) AS last_row
           FROM active a JOIN ranked k
             ON k.candidates > 1 AND k.client = a.client AND k.manager = a.manager
                AND k.last_date = a.last_date
           GROUP BY a.client, a.manager),
       chosen AS (
           SELECT client, manager FROM ranked WHERE candidates = 1
           UNION ALL
           SELECT client, manager FROM (
               SELECT client, manager,
                      row_number() OVER (PARTITION BY client
                                         ORDER BY last_row DESC, manager) AS pos
               FROM tied) AS ordered
           WHERE pos = 1),
       seen AS (
           SELECT a.client, c.manager
           FROM (SELECT DISTINCT client FROM counted) a LEFT JOIN chosen c
             ON c.client = a.client)
       SELECT coalesce(l.client, s.client) AS client,
              coalesce(l.manager, s.manager) AS manager, l.segment, l.annual_revenue,
              l.margin
       FROM (SELECT * FROM listed WHERE rn = 1) l FULL OUTER JOIN seen s
         ON l.client = s.client""",
    # Every valuation of a cell, imported (dated by its import, if active for the quarter) or
    # entered in the app; the newest is in force, and a cleared entry leaves the cell without
    # one. Imports tie-break by number, entries by entry number; at one instant an entry wins.
    """CREATE OR REPLACE VIEW valuation_candidates AS
       SELECT v.quarter, v.client, v.method, v.value, v.comment, 'import' AS source,
              v.import_id AS source_id, i.imported_at AS valued_at, NULL::TEXT AS entered_by
       FROM valuations v JOIN import_quarters q
         ON q.import_id = v.import_id AND q.quarter = v.quarter AND q.active
       JOIN imports i ON i.import_id = v.import_id
       UNION ALL
       SELECT quarter, client, method, value, comment, 'entry', entry_id, entered_at,
              entered_by
       FROM valuation_entries""",
    """CREATE OR REPLACE VIEW valuations_ranked AS
       SELECT *, row_number() OVER (PARTITION BY quarter, client, method
                                    ORDER BY valued_at DESC, source = 'entry' DESC,
                                             source_id DESC) AS rank
       FROM valuation_candidates""",
    """CREATE OR REPLACE VIEW active_valuations AS
       SELECT quarter, client, method, value, comment FROM valuations_ranked
       WHERE rank = 1 AND value IS NOT NULL""",
)


# Every table of data, with the column recording when a row was written (left out of digests).
# schema_version is the file's bookkeeping, the audit log its record of use: not its content.
DIGEST_TABLES: dict[str, str | None] = {
    "imports": "imported_at", "import_quarters": None, "interactions": None, "clients": None,
    "valuations": None, "settings": None, "mappings": "created_at",
    "valuation_entries": "entered_at", "cell_totals": None, "client_managers": None}


# What a file at an older version lacks, stood in for while it is read as it is (read-only):
# each migration's additions the views read, by the version bringing them. {file} is the
# file's catalog (a temporary view named as a table of the file would otherwise read itself).
STAND_INS: dict[int, tuple[str, ...]] = {
    4: ("""CREATE OR REPLACE TEMP TABLE valuation_entries (
            entry_id BIGINT, quarter VARCHAR, client VARCHAR, method VARCHAR, value DOUBLE,
            comment VARCHAR, entered_by VARCHAR, entered_at TIMESTAMP)""",
        """CREATE OR REPLACE TEMP VIEW valuations AS
           SELECT *, NULL::VARCHAR AS comment FROM {file}.main.valuations"""),
    9: ("""CREATE OR REPLACE TEMP TABLE restore_points (
            point_id BIGINT, taken_at TIMESTAMP, kind VARCHAR, ref BIGINT, imports BIGINT,
            last_import BIGINT)""",
        """CREATE OR REPLACE TEMP TABLE restore_point_quarters (
            point_id BIGINT, import_id BIGINT, quarter VARCHAR, active BOOLEAN,
            replaced_by BIGINT)""",),
    8: ("""CREATE OR REPLACE TEMP TABLE audit_log (
            entry_id BIGINT, recorded_at TIMESTAMP, who VARCHAR, action VARCHAR,
            detail VARCHAR)""",),
    6: ("""CREATE OR REPLACE TEMP VIEW interactions AS
           SELECT *, NULL::VARCHAR AS event_type, NULL::DATE AS promised_date,
                  NULL::DATE AS delivered_date, NULL::BOOLEAN AS kept,
                  NULL::TIMESTAMP AS received_at, NULL::TIMESTAMP AS responded_at,
                  NULL::TIMESTAMP AS resolved_at, NULL::BOOLEAN AS in_writing,
                  NULL::VARCHAR AS contact_role
           FROM {file}.main.interactions""",),
    5: ("""CREATE OR REPLACE TEMP VIEW clients AS
           SELECT *, NULL::DECIMAL(18,4) AS margin FROM {file}.main.clients""",),
    TOTALS_VERSION: tuple(totals_stand_ins()),
}


def read_as_is(lacking: list[int], catalog: str) -> list[str]:
    """Return the statements making the current views readable on a file opened read-only as
    ``catalog``, which has not had the migrations ``lacking`` (``pending``): stand-ins for what
    they add, then the views as temporary ones."""
    file = '"' + catalog.replace('"', '""') + '"'
    missing = [s.replace("{file}", file) for v, statements in STAND_INS.items()
               if v in lacking for s in statements]
    return [*missing, *(as_temporary(view) for view in VIEWS)]


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


def pending(cur: duckdb.DuckDBPyConnection) -> list[int]:
    """Return the versions of this program's migrations the open file has not had, in order.

    Not only those above the file's version: steps are numbered by the work that brings them
    and may be merged out of order (version 7 before 4), so a file at 7 may still lack 4.
    A file from before versioning has had none (the first step creates nothing it has)."""
    known = cur.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'schema_version'").fetchall()[0][0]
    done = {r[0] for r in cur.execute("SELECT version FROM schema_version").fetchall()
            } if known else set()
    return [step.version for step in MIGRATIONS if step.version not in done]


def migrate(cur: duckdb.DuckDBPyConnection, now: Callable[[], object]) -> list[int]:
    """Apply, inside the caller's transaction, every migration the file has not had (see
    ``pending``), record each in ``schema_version``, (re)create the views; return the
    versions applied."""
    todo = set(pending(cur))
    cur.execute(_VERSION_TABLE)
    applied = []
    for step in MIGRATIONS:
        if step.version not in todo:
            continue
        for statement in step.statements:
            cur.execute(statement)
        cur.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                    [step.version, step.summary, now()])
        applied.append(step.version)
    for statement in VIEWS:
        cur.execute(statement)
    return applied
