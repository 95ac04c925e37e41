"""The PostgreSQL engine against the DuckDB one on the bundled sample (the same frames, dtypes
and matrix to the cent), and what only a server has: its address in messages, the advisory
write lock held elsewhere, versioned migrations applied once. The engine-neutral behaviour is
tests/store/test_conformance.py's."""

from __future__ import annotations

import gc
import threading
import time

import pandas as pd
import psycopg
import pytest
from pandas.testing import assert_frame_equal

from kam_analytics import ingest, sample
from kam_analytics.analysis import matrix
from kam_analytics.i18n import t
from kam_analytics.store import CannotWrite, Scope, StoreBusy, open_store, postgres_schema
from kam_analytics.store.duckdb_engine import CannotOpen
from kam_analytics.store.postgres_database import WRITE_LOCK
from kam_analytics.store.postgres_store import PostgresStore
from tests.store.pg import postgres_server  # noqa: F401 - the session's server
from tests.store.test_duckdb_store import save


def by_values(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return the frame sorted by the values of ``columns``: a categorical column sorts by its
    categories' order, which follows the order the rows came in."""
    return frame.sort_values(columns, ignore_index=True, key=lambda c: c.astype(object)
                             if isinstance(c.dtype, pd.CategoricalDtype) else c)


@pytest.fixture(scope="module")
def both(postgres_server, tmp_path_factory):  # noqa: F811 - the fixture imported above
    """Return a DuckDB and a PostgreSQL store, each holding the sample imported the same way."""
    workbook = sample.SAMPLE_DIR / "kam_sample.xlsx"
    stores = (open_store(tmp_path_factory.mktemp("duck") / "kam.duckdb"),
              open_store(postgres_server.database("sample")))
    for store in stores:
        ingest.run_import(store, [(workbook.name, workbook.read_bytes())])
    yield stores
    for store in stores:
        store.close()


def test_the_sample_gives_the_same_matrix_to_the_cent(both):
    duck, pg = both
    assert isinstance(pg, PostgresStore)
    quarters = duck.quarters()
    assert pg.quarters() == quarters and len(quarters) >= 2
    for q in quarters:
        cells = [matrix.cost_value_matrix(s.activity(quarters=[q]), s.valuations(quarters=[q]),
                                          s.client_dimension(), s.hourly_rate())
                 .sort_values(["client", "method"], ignore_index=True) for s in both]
        assert len(cells[0]) > 50
        for money in ("cost", "total_cost"):
            assert (cells[0][money] * 100).round().tolist() == (
                cells[1][money] * 100).round().tolist(), (q, money)
        assert_frame_equal(cells[0], cells[1], check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("read", [
    lambda s: s.activity().sort_values(["quarter", "client", "method"], ignore_index=True),
    lambda s: s.valuations(),
    lambda s: s.client_dimension(),
    lambda s: s.interactions().sort_values(["date", "client", "source_file", "source_row"],
                                           ignore_index=True),
    lambda s: by_values(s.health_events(), ["client", "date", "source_file", "source_sheet",
                                            "source_row"]),
    lambda s: s.event_counts().astype(str).sort_values(
        ["quarter", "client", "event_type", "contact_role"], ignore_index=True),
    lambda s: s.import_history().drop(columns="imported_at"),
    lambda s: s.active_imports_for(s.quarters()[:1]).drop(columns="imported_at").assign(
        quarters=lambda f: f["quarters"].map(list)),
    lambda s: s.valuation_history(Scope(frozenset({"Anna Petrova"}))).drop(
        columns="valued_at"),
], ids=["activity", "valuations", "client_dimension", "interactions", "health_events",
        "event_counts", "import_history", "active_imports_for", "valuation_history"])
def test_every_read_gives_the_frame_duckdb_gives(both, read):
    duck, pg = (read(s) for s in both)
    assert len(duck) == len(pg)
    # categorical columns compare by their values (their categories are listed in any order)
    assert_frame_equal(duck, pg, check_categorical=False)


def test_a_server_that_cannot_be_reached_is_named_without_its_password():
    with pytest.raises(CannotOpen) as refused:
        open_store("postgresql+psycopg://kam:secret@127.0.0.1:1/kam")
    text = str(refused.value)
    assert "127.0.0.1:1/kam" in text and "secret" not in text and "server runs" in text


def test_a_write_that_cannot_get_its_turn_says_busy_and_changes_nothing(postgres_server):  # noqa: F811
    url = postgres_server.database("busy")
    store = open_store(url, write_wait=0.2)
    save(store, "a")
    before = store.content_digest()
    with psycopg.connect(url) as other:  # another app server, in the middle of a write
        other.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        with pytest.raises(StoreBusy) as busy:
            save(store, "b", mode="append")
        assert str(busy.value) == t("busy.writing")
    assert store.content_digest() == before
    assert save(store, "b", mode="append").status == "imported"  # its turn came
    store.close()


def test_migrations_are_recorded_and_applied_once(postgres_server):  # noqa: F811
    url = postgres_server.database("migrated")
    open_store(url).close()
    open_store(url).close()
    with psycopg.connect(url) as con:
        versions = con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [v for (v,) in versions] == [m.version for m in postgres_schema.MIGRATIONS]


def test_interactions_have_no_index_to_keep_up_at_each_copy(postgres_server):  # noqa: F811
    # migration 2 swapped the B-tree for block ranges, migration 3 dropped those too: each
    # cost a million-row COPY more than a quarter of its time (benchmarks/bench_postgres.py)
    url = postgres_server.database("brin")
    open_store(url).close()
    with psycopg.connect(url) as con:
        found = con.execute("SELECT indexdef FROM pg_indexes "
                            "WHERE tablename = 'interactions'").fetchall()
    assert found == []


def test_each_threads_connection_closes_when_the_thread_ends(postgres_server):  # noqa: F811
    # Streamlit runs every script run in a new thread: 30 of them must not hold 30 connections.
    url = postgres_server.database("threads")
    store = open_store(url)

    def connections() -> int:
        with psycopg.connect(url) as con:
            return con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                               "current_database() AND pid <> pg_backend_pid()").fetchone()[0]

    for _ in range(30):
        reader = threading.Thread(target=store.quarters)
        reader.start()
        reader.join()
    # a connection closes when its thread's objects are collected, and the server counts it
    # gone a moment later: up to 10 s on a loaded machine (a leak stays at 31)
    deadline = time.monotonic() + 10
    while (held := connections()) > 1 and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.2)
    assert held == 1  # this thread's, kept for its next question
    store.close()
    deadline = time.monotonic() + 10
    while (held := connections()) > 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert held == 0


def tables_of(url: str) -> list[str]:
    """Return the tables of the database at ``url``."""
    with psycopg.connect(url) as con:
        return [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' ORDER BY 1").fetchall()]


def test_read_only_on_a_database_holding_no_store_says_so_and_creates_nothing(
        postgres_server):  # noqa: F811
    url = postgres_server.database("empty")
    with pytest.raises(CannotOpen) as refused:
        open_store(url, read_only=True)
    assert str(refused.value) == t("store.no_store_server", url=url)
    assert tables_of(url) == []  # no migration ran


def test_read_only_on_an_older_store_says_so_and_changes_nothing(postgres_server,  # noqa: F811
                                                                 monkeypatch):
    url = postgres_server.database("older")
    open_store(url).close()  # at the newest version of this program
    found = postgres_schema.LATEST
    # a later version of the program, with a migration the store has not had
    later = postgres_schema.Migration(found + 1, "a later table",
                                      ("CREATE TABLE later (x INT)",))
    monkeypatch.setattr(postgres_schema, "MIGRATIONS", (*postgres_schema.MIGRATIONS, later))
    monkeypatch.setattr(postgres_schema, "LATEST", found + 1)
    before = tables_of(url)
    with pytest.raises(CannotOpen) as refused:
        open_store(url, read_only=True)
    assert str(refused.value) == t("store.older_read_only", url=url, found=found,
                                   known=found + 1)
    assert (f"version {found}" in str(refused.value)
            and f"reads version {found + 1}" in str(refused.value))
    assert tables_of(url) == before and "later" not in before
    open_store(url).close()  # opened for writing, it is brought up to date
    assert "later" in tables_of(url)


def test_read_only_reads_as_the_writer_does_and_never_writes(both):
    pg = both[1]
    reader = open_store(pg.url, read_only=True)
    try:
        assert reader.quarters() == pg.quarters()
        assert_frame_equal(reader.activity().sort_values(["quarter", "client", "method"],
                                                         ignore_index=True),
                           pg.activity().sort_values(["quarter", "client", "method"],
                                                     ignore_index=True))
        before = pg.content_digest()
        with pytest.raises(CannotWrite) as refused:
            reader.set_setting("hourly_rate", "99")
        assert "opened only to read" in str(refused.value)
        with pytest.raises(CannotWrite):
            reader.record("someone", "export", "a deck")
        # the server itself refuses its connection's writes, whatever path one takes
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            reader.db.connection().execute("DELETE FROM settings")
        assert pg.content_digest() == before and pg.hourly_rate() != 99
    finally:
        reader.close()
