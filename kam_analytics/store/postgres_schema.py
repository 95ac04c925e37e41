"""The PostgreSQL store's schema, versioned like DuckDB's (duckdb_schema.py): an ordered list of
migrations, the versions a database has had kept in its ``schema_version`` table, and the views
the queries read. Its first migration makes the tables of DuckDB's schema version 8; later ones
follow the DuckDB ones as they come.

A database is brought up to date when a store opens it, all pending migrations in one
transaction holding the store's advisory lock, so two app servers starting at once migrate it
once.
"""

from __future__ import annotations

from dataclasses import dataclass

# Money stored exactly: NUMERIC(18,4) as DuckDB's DECIMAL(18,4); a cell's total NUMERIC(38,4).
MONEY = "NUMERIC(18,4)"
CELL_MONEY = "NUMERIC(38,4)"

# Each import's totals (cell_totals, client_managers) are computed as duckdb_schema.TOTALS
# defines them, by DuckDB in this process (postgres_store.interaction_totals).


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
)

LATEST = max(m.version for m in MIGRATIONS)

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, summary TEXT NOT NULL, migrated_at TIMESTAMP NOT NULL)"""

# The views of duckdb_schema.VIEWS in PostgreSQL's dialect (client_dim: protocol.MANAGER_RULE).
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
           SELECT client, manager, sum(interactions) AS n, max(last_date) AS last_date
           FROM active GROUP BY client, manager),
       ranked AS (
           SELECT client, manager, last_date,
                  count(*) OVER (PARTITION BY client) AS candidates
           FROM (SELECT *, rank() OVER (PARTITION BY client
                                        ORDER BY n DESC, last_date DESC) AS r
                 FROM counted WHERE manager IS NOT NULL) AS firsts
           WHERE r = 1),
       tied AS (
           SELECT a.client, a.manager,
                  max(a.import_id::NUMERIC * 4294967296 + a.last_row) AS last_row
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

# Every table of data, with the column recording when a row was written (left out of digests),
# as duckdb_schema.DIGEST_TABLES.
DIGEST_TABLES: dict[str, str | None] = {
    "imports": "imported_at", "import_quarters": None, "interactions": None, "clients": None,
    "valuations": None, "settings": None, "mappings": "created_at",
    "valuation_entries": "entered_at", "cell_totals": None, "client_managers": None}


def migrate(cur, now: object) -> list[int]:
    """Apply, inside the caller's transaction, every migration the database has not had,
    record each in ``schema_version``, (re)create the views; return the versions applied."""
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
    for statement in VIEWS:
        cur.execute(statement)
    return applied
