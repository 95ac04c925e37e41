"""The store: imports are one transaction, re-import is idempotent, replace/restore, scope."""

import datetime as dt
import threading

import duckdb
import pandas as pd
import pytest

from kam_analytics.store import EVERYONE, NeedsDecision, Scope, open_store


def frames(quarter_day: dt.date, clients=("Acme", "Bolt"), cost=100.0):
    q = f"{quarter_day.year}Q{(quarter_day.month - 1) // 3 + 1}"
    inter = pd.DataFrame({
        "source_file": "f.csv", "source_sheet": None, "source_row": [2, 3],
        "date": [quarter_day, quarter_day], "quarter": q, "client": list(clients),
        "method": ["technical.staff_training", "trust.site_visits"], "cost": [cost, 2 * cost],
        "hours": [1.0, 2.0], "value": [4.0, None], "manager": ["Ann", "Ben"]})
    cl = pd.DataFrame({"client": list(clients), "manager": ["Ann", "Ben"],
                       "segment": ["Tier 1", "Tier 2"], "annual_revenue": [1e6, None]})
    val = pd.DataFrame({"quarter": [q], "client": [clients[0]],
                        "method": ["technical.staff_training"], "value": [5.0]})
    return inter, cl, val


def save(store, sha, day=dt.date(2026, 7, 3), mode=None, **kw):
    inter, cl, val = frames(day, **kw)
    return store.save_import(file_names=[f"{sha}.csv"], sha256=sha, interactions=inter,
                             clients=cl, valuations=val, warnings=[], mode=mode)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "kam.duckdb")
    yield s
    s.close()


def test_import_stores_every_row(store):
    out = save(store, "a")
    assert (out.status, out.rows, out.clients, out.quarters) == ("imported", 2, 2, ["2026Q3"])
    act = store.activity()
    assert act["cost"].sum() == 300.0
    assert store.valuations()["value"].tolist() == [5.0]
    assert store.quarters() == ["2026Q3"]


def test_an_import_of_more_than_a_row_group_stores_every_row(store):
    # Inserted in batches of DuckDB's row group (122,880 rows): every batch, the last too.
    inter, cl, val = frames(dt.date(2026, 7, 3))
    inter = pd.DataFrame({c: inter[c].tolist() * 65_000 for c in inter})
    inter["source_row"] = range(2, len(inter) + 2)
    out = store.save_import(file_names=["big.csv"], sha256="big", interactions=inter,
                            clients=cl, valuations=val, warnings=[], mode=None)
    assert out.rows == 130_000
    stored = store.interactions()
    assert sorted(stored["source_row"]) == list(range(2, 130_002))
    assert stored["cost"].sum() == 65_000 * 300.0
    assert store.activity()["interactions"].sum() == 130_000


def test_reimporting_identical_bytes_changes_nothing(store):
    save(store, "a")
    before = store.content_digest()
    out = save(store, "a")
    assert out.status == "unchanged" and out.import_id == 1
    assert store.content_digest() == before


def test_same_quarter_needs_a_decision(store):
    save(store, "a")
    before = store.content_digest()
    with pytest.raises(NeedsDecision) as exc:
        save(store, "b")
    assert exc.value.quarters == ["2026Q3"]
    assert store.content_digest() == before


def test_append_adds_alongside(store):
    save(store, "a")
    save(store, "b", mode="append")
    assert store.activity()["interactions"].sum() == 4


def test_replace_then_restore(store):
    save(store, "a")
    out = save(store, "b", mode="replace", cost=1000.0)
    assert out.replaced == [1]
    assert store.activity()["cost"].sum() == 3000.0
    hist = store.import_history().set_index("import_id")
    assert hist.loc[1, "status"] == "replaced" and hist.loc[1, "replaced_by"] == 2
    assert store.restore_import(1) == [2]
    assert store.activity()["cost"].sum() == 300.0


def test_replace_touches_only_the_quarters_of_the_new_import(store):
    save(store, "q2", day=dt.date(2026, 4, 10))
    save(store, "q3", day=dt.date(2026, 7, 10))
    save(store, "q3b", day=dt.date(2026, 8, 1), mode="replace", cost=7.0)
    act = store.activity()
    assert act.groupby("quarter")["cost"].sum().to_dict() == {"2026Q2": 300.0, "2026Q3": 21.0}


def test_failed_import_leaves_nothing(store):
    save(store, "a")
    before = store.content_digest()
    inter, cl, val = frames(dt.date(2026, 4, 1))
    inter.loc[1, "client"] = None  # violates NOT NULL after the first rows went in
    with pytest.raises(duckdb.ConstraintException):
        store.save_import(file_names=["bad.csv"], sha256="bad", interactions=inter, clients=cl,
                          valuations=val, warnings=[], mode=None)
    assert store.content_digest() == before


def test_scope_limits_what_a_manager_sees(store):
    save(store, "a")
    ann = Scope(frozenset({"Ann"}))
    assert store.activity(ann)["client"].unique().tolist() == ["Acme"]
    assert store.client_dimension(ann)["client"].tolist() == ["Acme"]
    assert store.interactions(ann)["client"].unique().tolist() == ["Acme"]
    assert len(store.activity(EVERYONE)) == 2


def test_settings_and_mappings_round_trip(store):
    assert store.hourly_rate() == 60.0
    store.set_setting("hourly_rate", "75")
    store.save_mappings("method", {"lunch": "trust.social_activities"})
    assert store.hourly_rate() == 75.0
    assert store.mappings("method") == {"lunch": "trust.social_activities"}


def test_store_survives_reopen(tmp_path):
    s = open_store(tmp_path / "x.duckdb")
    save(s, "a")
    s.close()
    s2 = open_store(tmp_path / "x.duckdb", read_only=True)
    assert s2.activity()["cost"].sum() == 300.0
    s2.close()


def test_threads_read_and_write_with_their_own_cursors(store):
    errors = []

    def reader():
        try:
            for _ in range(20):
                store.activity()
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for th in threads:
        th.start()
    for i, day in enumerate([dt.date(2025, 1, 5), dt.date(2025, 4, 5), dt.date(2025, 7, 5)]):
        save(store, f"t{i}", day=day)
    for th in threads:
        th.join()
    assert errors == []
    assert len(store.quarters()) == 3


@pytest.mark.parametrize("sql, error", [
    ("SELECT * FROM read_csv('/etc/hostname')", duckdb.PermissionException),
    ("COPY imports TO 'out.csv'", duckdb.PermissionException),
    ("ATTACH 'other.duckdb' AS other", duckdb.PermissionException),
    ("SET enable_external_access = true", duckdb.InvalidInputException),
])
def test_sql_cannot_reach_files_nor_reopen_that(store, sql, error):
    # The connection's configuration, checked from inside: no statement reads or writes files.
    with pytest.raises(error):
        store.db.cursor().execute(sql)


def test_digest_is_of_content_not_of_when_it_was_stored(tmp_path):
    first, second = open_store(tmp_path / "1.duckdb"), open_store(tmp_path / "2.duckdb")
    for s in (first, second):
        save(s, "a")
        s.save_mappings("method", {"lunch": "trust.social_activities"})
    assert first.content_digest() == second.content_digest()
    save(second, "b", day=dt.date(2026, 4, 1))
    assert first.content_digest()["interactions"] != second.content_digest()["interactions"]
    assert first.content_digest()["imports"][0] == 1
    first.close()
    second.close()


def test_snapshot_reads_one_state_and_nests(store):
    save(store, "a")
    with store.snapshot():
        with store.snapshot():
            save_thread = threading.Thread(target=save, args=(store, "b"),
                                           kwargs={"day": dt.date(2026, 4, 1)})
            save_thread.start()
            save_thread.join()
            inside = store.activity()["interactions"].sum()
        still = store.content_digest()["interactions"][0]
    assert (inside, still) == (2, 2)
    assert store.activity()["interactions"].sum() == 4


def test_contents_counts_what_a_store_holds(store):
    assert store.contents() == {"imports": 0, "interactions": 0, "last_import": 0}
    save(store, "a")
    save(store, "b", mode="replace", cost=1.0)
    assert store.contents() == {"imports": 2, "interactions": 2, "last_import": 2}
