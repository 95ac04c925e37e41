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
