"""The DuckDB file's versioned schema: a file from before versioning (money as DOUBLE), and a
backup restored from then, are migrated on open in one transaction after a backup; the factory
opens files and refuses engines not yet available."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_analytics.store import (
    DuckDBStore,
    EngineNotAvailable,
    Store,
    backups,
    open_store,
    restore_backup,
)
from kam_analytics.store import duckdb_schema as schema
from kam_analytics.store.duckdb_engine import SchemaTooNew
from tests.store.test_duckdb_store import save

# client_dim as the store before versioning made it: mode() chose among the managers.
OLD_CLIENT_DIM = """CREATE OR REPLACE VIEW client_dim AS
    SELECT client, mode(manager) AS manager, NULL AS segment, NULL AS annual_revenue
    FROM active_interactions GROUP BY client"""


def old_store(path: Path) -> Path:
    """Return ``path`` holding a store as written before versioning: version 1's tables with
    money as DOUBLE, no schema_version table, one import whose client's managers tie."""
    con = duckdb.connect(str(path))
    for statement in schema.MIGRATIONS[0].statements:
        con.execute(statement)
    con.execute(schema.VIEWS[0])
    con.execute(OLD_CLIENT_DIM)
    con.execute("INSERT INTO imports VALUES (1, '[\"old.csv\"]', 'old', now(), 2, '2026Q3', "
                "'new', '[]')")
    con.execute("INSERT INTO import_quarters VALUES (1, '2026Q3', true, NULL)")
    con.execute("""INSERT INTO interactions VALUES
        (1, 'old.csv', NULL, 2, DATE '2026-07-01', '2026Q3', 'Acme', 'trust.site_visits',
         0.1, 1, NULL, 'Zed'),
        (1, 'old.csv', NULL, 3, DATE '2026-07-09', '2026Q3', 'Acme', 'trust.site_visits',
         0.2, 1, NULL, 'Amy')""")
    con.execute("INSERT INTO clients VALUES (1, 'Bolt', 'Ben', NULL, 1234.5)")
    con.execute("INSERT INTO valuations VALUES (1, '2026Q3', 'Acme', 'trust.site_visits', 4)")
    con.close()
    return path


MONEY_COLUMNS = {"interactions.cost": schema.MONEY, "clients.annual_revenue": schema.MONEY,
                 "clients.margin": schema.MONEY}


def column_types(store: DuckDBStore) -> dict[str, str]:
    rows = store.db.rows("""SELECT table_name || '.' || column_name, data_type
                            FROM information_schema.columns
                            WHERE column_name IN ('cost', 'annual_revenue', 'margin')
                              AND table_name IN ('interactions', 'clients')""")
    return dict(rows)


def test_a_new_store_is_at_the_latest_version_without_a_backup(tmp_path):
    store = open_store(tmp_path / "new.duckdb")
    try:
        assert [r[0] for r in store.db.rows("SELECT version FROM schema_version ORDER BY 1")
                ] == [m.version for m in schema.MIGRATIONS]
        assert column_types(store) == MONEY_COLUMNS
        assert backups(store.path) == []
    finally:
        store.close()


def test_an_old_file_is_backed_up_then_migrated_keeping_its_data(tmp_path):
    path = old_store(tmp_path / "kam.duckdb")
    store = open_store(path)
    try:
        assert schema.version_of(store.db.cursor()) == schema.LATEST
        assert column_types(store) == MONEY_COLUMNS
        assert store.interactions()["cost"].tolist() == [0.2, 0.1]
        assert store.client_dimension().set_index("client").loc["Bolt", "annual_revenue"] == 1234.5
        # Version 5: a client listed before margins were read has no margin (not 0)
        assert store.client_dimension().set_index("client")["margin"].isna().all()
        assert store.client_dimension()["manager"].tolist() == ["Amy", "Ben"]  # the new rule
        # Version 7: the totals of the import's cell and client, worked out from its rows.
        assert store.db.rows("SELECT interactions, cost, hours FROM cell_totals") == [
            (2, Decimal("0.3000"), 2.0)]
        assert sorted(store.db.rows("SELECT manager, interactions, last_date, last_row "
                                    "FROM client_managers")) == [
            ("Amy", 1, dt.date(2026, 7, 9), 3), ("Zed", 1, dt.date(2026, 7, 1), 2)]
        # Version 3: an old import's reading and currency are unknown; its bytes read now are
        # a new reading, never "unchanged" against it.
        old = store.import_history().iloc[0]
        assert (old["reading"], old["currency"]) == (None, None)
        assert store.import_with_sha("old", '{"tables": []}') is None
        assert store.import_with_sha("old") is not None
        # Version 6: the health columns, empty for the rows from before them.
        assert store.health_events().empty
        assert store.event_counts()["event_type"].isna().all()
        (kept,) = backups(path)
        assert (kept.imports, kept.interactions) == (1, 2)
    finally:
        store.close()
    reopened = open_store(path)  # migrated once: no second backup
    reopened.close()
    assert len(backups(path)) == 1


def test_a_failed_migration_changes_nothing(tmp_path, monkeypatch):
    path = old_store(tmp_path / "kam.duckdb")
    broken = schema.Migration(2, "breaks halfway", (
        f"ALTER TABLE interactions ALTER cost SET DATA TYPE {schema.MONEY}",
        "ALTER TABLE no_such_table ADD COLUMN x INTEGER"))
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))
    with pytest.raises(duckdb.CatalogException):
        open_store(path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT data_type FROM information_schema.columns "
                           "WHERE table_name = 'interactions' AND column_name = 'cost'"
                           ).fetchall() == [("DOUBLE",)]
        assert con.execute("SELECT count(*) FROM information_schema.tables "
                           "WHERE table_name = 'schema_version'").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_backup_from_before_versioning_is_migrated_when_restored(tmp_path):
    path = old_store(tmp_path / "kam.duckdb")
    old = DuckDBStore(path, backups_kept=5)  # migrates, backing up the old file as backup 1
    save(old, "new", mode="append")
    old.close()
    restore_backup(path, 1)
    store = open_store(path)
    try:
        assert column_types(store) == MONEY_COLUMNS
        assert store.contents() == {"imports": 1, "interactions": 2, "last_import": 1}
    finally:
        store.close()


def test_an_old_file_opened_read_only_is_read_through_the_current_views(tmp_path):
    path = old_store(tmp_path / "kam.duckdb")
    store = open_store(path, read_only=True)
    try:
        assert store.client_dimension()["manager"].tolist() == ["Amy", "Ben"]
        assert store.client_dimension()["margin"].isna().all()  # a column it does not have
        assert store.activity()["cost"].sum() == pytest.approx(0.3)
        # Version 4's valuations entered in the app and comments, stood in for: none yet.
        assert store.valuations()[["value", "comment"]].values.tolist() == [[4.0, None]]
        history = store.valuation_history()
        assert history[["source", "in_force"]].values.tolist() == [["old.csv", True]]
    finally:
        store.close()
    assert backups(path) == []


def test_a_file_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "kam.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (?, 'from the future', now())",
                [schema.LATEST + 1])
    con.close()
    with pytest.raises(SchemaTooNew):
        open_store(path)


def test_open_store_opens_a_duckdb_file_by_path(tmp_path):
    for location in (tmp_path / "a.duckdb", str(tmp_path / "b.duckdb")):
        store = open_store(location, backups_kept=0)
        try:
            assert isinstance(store, DuckDBStore) and isinstance(store, Store)
            assert store.backups_kept == 0
        finally:
            store.close()


@pytest.mark.parametrize("location, says", [
    ("mysql://kam@db.example/kam", "No store engine opens mysql://"),
    ("sqlite:///kam.db", "No store engine opens sqlite://"),
])
def test_open_store_refuses_engines_not_available(tmp_path, monkeypatch, location, says):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(EngineNotAvailable, match=says):
        open_store(location)
    assert list(tmp_path.iterdir()) == []  # nothing created for it


def test_an_old_file_with_an_amount_too_large_to_keep_exactly_is_left_as_it_is(tmp_path, capsys):
    # The old store took any amount; DECIMAL(18,4) holds less than 1e14. Opening it says why,
    # changes nothing and takes no backup, however often it is tried.
    from kam_analytics import cli
    from kam_analytics.store.duckdb_engine import CannotMigrate

    path = old_store(tmp_path / "kam.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE interactions SET cost = 1e15 WHERE source_row = 2")
    con.close()
    before = path.read_bytes()
    for _ in range(3):
        with pytest.raises(CannotMigrate, match="holds an amount of 1,000,000,000,000,000"):
            open_store(path)
    assert backups(path) == [] and path.read_bytes() == before
    assert cli.main(["import", str(tmp_path / "any.csv"), "--db", str(path)]) == 1
    assert "more than the 99,999,999,999,999 this version keeps" in capsys.readouterr().err
    reader = open_store(path, read_only=True)  # still readable as it is
    try:
        assert sorted(reader.interactions()["cost"].tolist()) == [0.2, 1e15]
    finally:
        reader.close()


def test_a_backup_from_a_newer_version_is_listed_as_unreadable(tmp_path):
    path = tmp_path / "kam.duckdb"
    store = open_store(path)
    save(store, "newer")
    store.db.transaction(lambda cur: cur.execute(
        "INSERT INTO schema_version VALUES (99, 'from the future', now())"))
    kept = store.db.backup()
    store.close()
    [listed] = [b for b in backups(path) if b.file.path == kept.path]
    assert listed.imports is None


def test_a_step_merged_after_a_later_one_is_still_applied(tmp_path):
    # Steps are numbered by the work that brings them: a file migrated by a build that had
    # step 7 but not yet 4 is at version 7 and still lacks 4's table and column.
    path = tmp_path / "kam.duckdb"
    store = open_store(path, backups_kept=0)
    save(store, "a")
    store.close()
    con = duckdb.connect(str(path))
    con.execute("DROP VIEW active_valuations")
    con.execute("DROP VIEW valuations_ranked")
    con.execute("DROP VIEW valuation_candidates")
    con.execute("DROP TABLE valuation_entries")
    con.execute("ALTER TABLE valuations DROP COLUMN comment")
    con.execute("DELETE FROM schema_version WHERE version = 4")
    con.close()
    reader = open_store(path, read_only=True)  # read as it is: 4's additions stood in for
    try:
        assert reader.valuations()["value"].tolist() == [5.0]
        assert reader.valuation_history()["source"].tolist() == ["a.csv"]
    finally:
        reader.close()
    store = open_store(path, backups_kept=0)
    try:
        assert [r[0] for r in store.db.rows("SELECT version FROM schema_version ORDER BY 1")
                ] == [m.version for m in schema.MIGRATIONS]
        store.save_valuation_entries(pd.DataFrame({
            "quarter": ["2026Q3"], "client": ["Acme"], "method": ["technical.staff_training"],
            "value": [2.0], "comment": ["after the merge"]}), "Eva")
        assert store.valuations()[["value", "comment"]].values.tolist() == [
            [2.0, "after the merge"]]
    finally:
        store.close()
