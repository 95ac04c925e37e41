"""How rows go into the PostgreSQL store (kam_analytics/store/postgres_copy.py): a large import
in two streams stores exactly what one stream stores, a failure after the second stream sent
its rows stores nothing, and rows left by an import whose process died between its two commits
are never read and go at the next import. The sources' numbering is test_postgres_schema.py's."""

from __future__ import annotations

import psycopg
import pytest

from kam_analytics import ingest, sample
from kam_analytics.store import open_store, postgres_copy, postgres_store, store_copy
from tests import datasets
from tests.store.pg import postgres_server  # noqa: F401 - the session's server

WORKBOOK = sample.SAMPLE_DIR / "kam_sample.xlsx"


def raw(url: str, sql: str) -> list[tuple]:
    """Return the rows of ``sql`` read straight from the database, past every view."""
    with psycopg.connect(url) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def one_stream(postgres_server):  # noqa: F811 - the fixture imported above
    """Return the content digest of the sample imported in one stream."""
    url = postgres_server.database("one_stream")
    store = open_store(url)
    ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())])
    digest = store.content_digest()
    store.close()
    postgres_server.drop(url)
    return digest


@pytest.fixture
def quarter_stored(postgres_server):  # noqa: F811 - the fixture imported above
    """Yield the address of a new database and its store, holding datasets.utf8_csv's quarter
    as import 1 (five rows); the store closed after."""
    url = postgres_server.database("quarter_stored")
    store = open_store(url)
    ingest.run_import(store, [("q3.csv", datasets.utf8_csv())])
    yield url, store
    store.close()


@pytest.fixture
def split(monkeypatch):
    """Send every import of more than 10 rows in two streams; return the side streams'
    commits, counted."""
    monkeypatch.setattr(postgres_copy, "SPLIT_ROWS", 10)
    commits = []
    commit = postgres_copy.SideStream.commit

    def counted(self):
        commits.append(self.import_id)
        commit(self)

    monkeypatch.setattr(postgres_copy.SideStream, "commit", counted)
    return commits


def test_an_import_in_two_streams_stores_what_one_stream_stores(postgres_server,  # noqa: F811
                                                                one_stream, split):
    url = postgres_server.database("two_streams")
    store = open_store(url)
    ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())])
    assert split == [1]
    assert store.content_digest() == one_stream and one_stream["interactions"][0] > 1000
    assert raw(url, "SELECT * FROM unfinished_imports") == []
    # two transactions wrote the rows, half each (xmin: the transaction that wrote a row)
    halves = raw(url, "SELECT count(*) FROM interaction_rows GROUP BY xmin::TEXT ORDER BY 1")
    n = one_stream["interactions"][0]
    assert [c for (c,) in halves] == [n // 2, n - n // 2]
    store.close()


def test_an_import_failing_after_its_second_stream_sent_its_rows_stores_nothing(
        quarter_stored, split, monkeypatch):
    url, store = quarter_stored
    before = store.content_digest()
    rows = raw(url, "SELECT count(*) FROM interaction_rows")

    def no_room(*args, **kwargs):  # the totals' COPY, after both streams sent every row
        raise psycopg.errors.DiskFull("could not extend file: No space left on device")

    monkeypatch.setattr(postgres_store, "copy_binary", no_room)
    with pytest.raises(Exception, match="No space left"):
        ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())], mode="append")
    assert split == []  # the second stream never committed
    assert store.content_digest() == before
    assert raw(url, "SELECT count(*) FROM interaction_rows") == rows  # not even unread rows
    assert raw(url, "SELECT * FROM unfinished_imports") == []
    monkeypatch.undo()
    monkeypatch.setattr(postgres_copy, "SPLIT_ROWS", 10)
    outcome = ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())], mode="append")
    assert outcome.import_id == 2  # its number was free again: nothing of it was left


def test_rows_of_an_import_that_died_between_its_two_commits_are_never_read_and_go_next(
        quarter_stored, split):
    url, store = quarter_stored
    activity, before = store.activity(), store.content_digest()
    # import 2's second stream committed, then its process died before import 2 did
    with psycopg.connect(url) as con:
        con.execute("INSERT INTO unfinished_imports VALUES (2, false)")
        con.execute("INSERT INTO interaction_rows (import_id, source_row, date, quarter, "
                    "client, method, cost, hours) SELECT 2, source_row, date, quarter, "
                    "client, method, cost, hours FROM interaction_rows WHERE import_id = 1")
    n = raw(url, "SELECT count(*) FROM interaction_rows WHERE import_id = 1")[0][0]
    assert n == 5  # by hand: datasets.utf8_csv holds five rows
    assert store.activity().equals(activity)
    assert len(store.interactions()) == 5 and store.contents()["interactions"] == 5
    assert store.content_digest() == before  # rows of the same quarter, yet never read
    outcome = ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())],
                                mode="append")
    assert outcome.import_id == 3  # number 2 is never used again: late rows stay unread
    assert raw(url, "SELECT import_id FROM interaction_rows WHERE import_id = 2") == []
    assert raw(url, "SELECT * FROM unfinished_imports") == [(2, True)]
    assert split == [3]


def test_a_server_refusing_a_second_connection_takes_the_import_in_one_stream(
        postgres_server, one_stream, split):  # noqa: F811
    url = postgres_server.database("one_connection")
    user, rest = url.removeprefix("postgresql://").split("@", 1)
    lone = f"lone_{url.rsplit('/', 1)[1]}"  # a role per database: roles are the server's
    with psycopg.connect(url, autocommit=True) as con:  # names made here, never input
        con.execute(f"CREATE ROLE {lone} LOGIN CONNECTION LIMIT 1")
        con.execute(f"GRANT ALL ON SCHEMA public TO {lone}")
    store = open_store(f"postgresql://{lone}@{rest}")  # one connection at a time, at most
    outcome = ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())])
    assert outcome.status == "imported" and split == []
    assert store.content_digest() == one_stream
    store.close()


def test_an_import_interrupted_while_its_second_stream_commits_never_lends_its_rows(
        quarter_stored, split, monkeypatch):
    url, store = quarter_stored
    enter = postgres_copy.SideStream.__enter__

    def entered(self):  # its connection's COMMIT stores the rows, then Ctrl-C arrives
        side = enter(self)
        commit = side.con.commit

        def interrupted():
            commit()
            raise KeyboardInterrupt

        side.con.commit = interrupted
        return side

    monkeypatch.setattr(postgres_copy.SideStream, "__enter__", entered)
    with pytest.raises(KeyboardInterrupt):
        ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())], mode="append")
    stored = raw(url, "SELECT count(*) FROM interaction_rows WHERE import_id = 2")[0][0]
    assert stored > 1000  # half the workbook's rows, stored by the second stream
    assert store.contents()["interactions"] == 5 and len(store.interactions()) == 5
    assert raw(url, "SELECT * FROM unfinished_imports") == [(2, False)]
    monkeypatch.undo()
    outcome = ingest.run_import(store, [(WORKBOOK.name, WORKBOOK.read_bytes())], mode="append")
    assert outcome.import_id == 3  # not 2: its rows were deleted, its number is not reused
    assert raw(url, "SELECT import_id, count(*) FROM interaction_rows GROUP BY 1 "
                    "ORDER BY 1") == [(1, 5), (3, outcome.rows)]
    assert store.contents()["interactions"] == 5 + outcome.rows


def test_a_store_holding_only_rows_no_import_owns_takes_a_copy(postgres_server,  # noqa: F811
                                                                tmp_path):
    url = postgres_server.database("orphans_only")
    open_store(url).close()
    with psycopg.connect(url) as con:  # an import that died between its two commits
        con.execute("INSERT INTO unfinished_imports VALUES (1, false)")
        con.execute("INSERT INTO interaction_rows (import_id, date, quarter, client, method, "
                    "cost, hours) VALUES (1, '2026-08-01', '2026Q3', 'Acme', 'training', 1, 1)")
    source = open_store(tmp_path / "kam.duckdb")
    ingest.run_import(source, [("q3.csv", datasets.utf8_csv())])
    target = open_store(url)
    copied = store_copy.copy_store(source, target)
    assert copied["interactions"] == 5 and target.contents()["interactions"] == 5
    assert raw(url, "SELECT import_id, count(*) FROM interaction_rows GROUP BY 1") == [(1, 5)]
    assert raw(url, "SELECT * FROM unfinished_imports") == []  # its number is the copy's now
    source.close()
    target.close()
