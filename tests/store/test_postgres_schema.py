"""The PostgreSQL schema's views: made when a database is new or they differ from the code's,
and left alone otherwise, so opening a store (every command-line import does) never waits for,
or deadlocks with, an app server reading through them."""

from __future__ import annotations

import psycopg
import pytest

from kam_analytics import ingest
from kam_analytics.store import open_store, postgres_schema
from tests import datasets
from tests.store.pg import postgres_server  # noqa: F401 - the session's server


@pytest.fixture
def database(postgres_server):  # noqa: F811 - the fixture imported above
    """Yield the address of a database holding datasets.utf8_csv's quarter, dropped after."""
    url = postgres_server.database("views")
    store = open_store(url)
    ingest.run_import(store, [("q3.csv", datasets.utf8_csv())])
    store.close()
    yield url
    postgres_server.drop(url)


def test_opening_a_store_while_a_server_reads_through_the_views_waits_for_nothing(database):
    with psycopg.connect(database) as reader:  # an app server in the middle of a page's reads
        reader.execute("SELECT count(*) FROM client_dim").fetchall()
        # Its transaction holds the views until it ends; replacing them would wait for it,
        # longer than the 1 s this store waits for a turn to write.
        store = open_store(database, write_wait=1.0)
        assert store.quarters() == ["2026Q3"]
        store.close()


def test_views_changed_or_missing_are_made_again_when_a_store_opens(database):
    with psycopg.connect(database, autocommit=True) as con:
        con.execute("DROP VIEW active_valuations")
        con.execute("COMMENT ON VIEW client_dim IS 'an older text'")
    store = open_store(database)
    # By hand, datasets.utf8_csv: clients Acme Ltd (Ann), NA and ООО Ромашка (Ben).
    assert sorted(store.client_dimension()["manager"]) == ["Ann", "Ben", "Ben"]
    assert store.valuations().empty  # the view is back (the file holds no valuations)
    store.close()
    with psycopg.connect(database) as con:
        comments = con.execute("SELECT obj_description(to_regclass(name), 'pg_class') FROM "
                               "unnest(%s::TEXT[]) AS name",
                               [list(postgres_schema.VIEW_NAMES)]).fetchall()
    assert comments == [(postgres_schema.VIEWS_DIGEST,)] * len(postgres_schema.VIEWS) == [
        (postgres_schema.VIEWS_DIGEST,)] * 6


def test_migration_4_keeps_every_rows_file_and_sheet_and_stores_each_source_once(
        postgres_server, monkeypatch):  # noqa: F811
    url = postgres_server.database("sources")
    with monkeypatch.context() as older:  # a store made by the version before migration 4
        older.setattr(postgres_schema, "MIGRATIONS", postgres_schema.MIGRATIONS[:3])
        older.setattr(postgres_schema, "LATEST", 3)
        open_store(url).close()
    rows = [  # import 1 read a CSV and two sheets of a workbook, import 2 one CSV
        (1, "a.csv", None, 2, "Acme"), (1, "b.xlsx", "Q3", 2, "Beta"),
        (1, "b.xlsx", "Q3", 3, "Beta"), (1, "b.xlsx", "Q4", 5, "Acme"),
        (1, "a.csv", None, 3, "Gamma"), (2, "c.csv", None, 2, "Acme")]
    with psycopg.connect(url) as con:
        for import_id, file, sheet, row, client in rows:
            con.execute("INSERT INTO interactions (import_id, source_file, source_sheet, "
                        "source_row, date, quarter, client, method, cost, hours) VALUES "
                        "(%s, %s, %s, %s, '2026-08-01', '2026Q3', %s, 'training', 1.5, 2)",
                        [import_id, file, sheet, row, client])
        read = ("SELECT import_id, source_file, source_sheet, source_row, client FROM "
                "interactions ORDER BY import_id, source_row, client")
        before = con.execute(read).fetchall()
    open_store(url).close()  # migrated
    with psycopg.connect(url) as con:
        assert con.execute(read).fetchall() == before
        assert sorted(before) == sorted(rows)
        assert con.execute("SELECT import_id, source_no, source_file, source_sheet FROM "
                           "import_sources ORDER BY 1, 2").fetchall() == [
            (1, 0, "a.csv", None), (1, 1, "b.xlsx", "Q3"), (1, 2, "b.xlsx", "Q4"),
            (2, 0, "c.csv", None)]
        # the first source of each import is no number in the rows: nothing to store or send
        assert con.execute("SELECT import_id, source_no, count(*) FROM interaction_rows "
                           "GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST").fetchall() == [
            (1, None, 2), (1, 1, 2), (1, 2, 1), (2, None, 1)]
        assert con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()[-1] == (
            postgres_schema.LATEST,)


def test_reads_without_a_file_name_do_not_join_the_sources(database):
    with psycopg.connect(database) as con:
        plan = "\n".join(r[0] for r in con.execute(
            "EXPLAIN SELECT quarter, client, count(*) FROM active_interactions GROUP BY 1, 2"))
        assert "interaction_rows" in plan and "import_sources" not in plan
        plan = "\n".join(r[0] for r in con.execute(
            "EXPLAIN SELECT client, source_file FROM active_interactions"))
        assert "import_sources" in plan
