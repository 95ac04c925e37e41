"""Many sessions on one store at once, as a Streamlit server runs them (a thread per session):
imports, re-imports and reads together lose nothing, duplicate nothing, never show half an
import, and say "busy" only when a write cannot get its turn."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import threading
import time

import duckdb
import pytest

from kam_analytics import ingest, settings
from kam_analytics.i18n import t
from kam_analytics.store import NeedsDecision, Store, StoreBusy, backups, open_store

HEADER = "Date,Client,Method,Cost (EUR),Manager hours,Value (1-5),Manager"
METHODS = ["Staff training", "Site visits", "JIT delivery", "Reference selling"]


def quarter_csv(quarter_start: dt.date, rows: int, tag: str) -> bytes:
    """Return a CSV of ``rows`` interactions dated inside one quarter."""
    lines = [HEADER]
    for i in range(rows):
        day = quarter_start + dt.timedelta(days=i % 80)
        lines.append(f"{day},{tag} client {i % 7},{METHODS[i % 4]},{10 + i % 50}.5,"
                     f"{1 + i % 3},{1 + i % 5},M{i % 3}")
    return ("\n".join(lines) + "\n").encode()


# Row counts are 30 times distinct powers of two, so every set of committed imports has its own
# total and a total that mixes in part of an import matches none of them.
SOLO = {f"q{k}": (dt.date(2024 + k // 4, 1 + 3 * (k % 4), 1), 30 * 2 ** k) for k in range(6)}
# Two different files for the same quarter, both imported without a decision: one must win, the
# other must be asked to decide, however the sessions interleave.
RIVALS = {"rival_a": (dt.date(2023, 1, 1), 30 * 2 ** 6), "rival_b": (dt.date(2023, 1, 1),
                                                                      30 * 2 ** 7)}
PAYLOADS = {name: (f"{name}.csv", quarter_csv(day, n, name), n)
            for name, (day, n) in {**SOLO, **RIVALS}.items()}
SIZES = {name: n for name, (_, _, n) in PAYLOADS.items()}
COMMITTED_TOTALS = {sum(c) for r in range(len(SIZES) + 1)
                    for c in itertools.combinations(SIZES.values(), r)}


def run_sessions(stores: list[Store], writers: int, readers: int, rounds: int, seed: int):
    """Run writer and reader sessions on ``stores`` (round robin); return what each saw."""
    outcomes: list[tuple[str, str]] = []   # (payload, "imported" | "unchanged" | "decide" | "busy")
    errors: list[BaseException] = []
    reads: list[int] = []
    lock = threading.Lock()
    writers_done = threading.Event()

    def writer(i: int) -> None:
        store = stores[i % len(stores)]
        rng = random.Random(seed + i)
        for _ in range(rounds):
            name = rng.choice(list(PAYLOADS))
            file_name, data, _ = PAYLOADS[name]
            try:
                out = ingest.run_import(store, [(file_name, data)])
                result = out.status
            except NeedsDecision:
                result = "decide"
            except StoreBusy as exc:
                assert str(exc) in (t("busy.writing"), t("busy.conflict"))
                result = "busy"
            except BaseException as exc:  # noqa: BLE001 - every other failure is a finding
                with lock:
                    errors.append(exc)
                continue
            with lock:
                outcomes.append((name, result))

    def reader(i: int) -> None:
        store = stores[i % len(stores)]
        try:
            while not writers_done.is_set():
                # One read: a single aggregate query.
                total = int(store.activity()["interactions"].sum())
                assert total in COMMITTED_TOTALS, total
                # Several queries in one snapshot agree with each other.
                with store.snapshot():
                    act = store.activity()
                    hist = store.import_history()
                    digest = store.content_digest()
                total = int(act["interactions"].sum())
                assert total in COMMITTED_TOTALS, total
                assert total == hist["rows"].sum() == digest["interactions"][0]
                assert digest["imports"][0] == digest["import_quarters"][0] == len(hist)
                with lock:
                    reads.append(total)
        except BaseException as exc:  # noqa: BLE001 - every failure is a finding
            with lock:
                errors.append(exc)

    threads = ([threading.Thread(target=writer, args=(i,)) for i in range(writers)]
               + [threading.Thread(target=reader, args=(i,)) for i in range(readers)])
    for th in threads:
        th.start()
    for th in threads[:writers]:
        th.join()
    writers_done.set()
    for th in threads[writers:]:
        th.join()
    return outcomes, errors, reads


def check_final_state(store: Store, outcomes: list[tuple[str, str]]) -> set[str]:
    """Assert nothing was lost or duplicated and return the payloads imported."""
    imported = [name for name, result in outcomes if result == "imported"]
    assert len(imported) == len(set(imported)), "a file was imported twice"
    winners = set(imported)
    # Every payload someone tried got in, except the rival that lost: it was asked to decide.
    tried = {name for name, _ in outcomes}
    assert len(winners & set(RIVALS)) == 1
    assert winners == tried - ({"rival_a", "rival_b"} - winners)
    losers = {name for name, result in outcomes if result == "decide"}
    assert losers <= set(RIVALS) - winners
    digest = store.content_digest()
    expected_rows = sum(SIZES[name] for name in winners)
    assert digest["interactions"][0] == expected_rows
    assert digest["imports"][0] == len(winners)
    assert int(store.activity()["interactions"].sum()) == expected_rows
    assert sorted(store.import_history()["rows"]) == sorted(SIZES[n] for n in winners)
    return winners


@pytest.mark.slow
def test_sixteen_sessions_share_one_store(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "SNAPSHOT_HOURS", 0)  # a whole-file copy before every import
    store = open_store(tmp_path / "kam.duckdb")
    start = time.perf_counter()
    outcomes, errors, reads = run_sessions([store], writers=10, readers=6, rounds=3, seed=7)
    elapsed = time.perf_counter() - start
    assert errors == []
    winners = check_final_state(store, outcomes)
    busy = sum(1 for _, r in outcomes if r == "busy")
    assert busy == 0  # a minute's wait covers every import here
    assert len(reads) >= 6
    # Every backup taken between those writes is a whole committed state.
    kept = backups(store.path)
    assert len(kept) == min(len(winners), settings.BACKUPS_KEPT)
    assert all(b.interactions in COMMITTED_TOTALS for b in kept)
    # So is every restore point, each noted in its import's transaction.
    points = store.restore_points()
    assert len(points) == min(len(winners), settings.BACKUPS_KEPT)
    assert all(n in COMMITTED_TOTALS for n in points["interactions"])
    counts = {r: sum(1 for _, x in outcomes if x == r)
              for r in ("imported", "unchanged", "decide", "busy")}
    print(f"\n16 sessions: {len(outcomes)} import attempts {counts}, {len(reads)} consistent "
          f"reads, {len(errors)} errors, {store.conflicts} conflicts, {elapsed:.1f} s")
    store.close()


def test_two_store_objects_on_one_file_take_turns(tmp_path):
    # A Streamlit cache reset can leave two Store objects on one file in one process.
    first = open_store(tmp_path / "kam.duckdb")
    second = open_store(tmp_path / "kam.duckdb")
    outcomes, errors, reads = run_sessions([first, second], writers=6, readers=2, rounds=3,
                                           seed=11)
    assert errors == []
    check_final_state(first, outcomes)
    assert first.content_digest() == second.content_digest()
    assert not any(r == "busy" for _, r in outcomes)
    print(f"\ntwo stores: {len(outcomes)} attempts, {len(reads)} reads, "
          f"{first.conflicts + second.conflicts} conflicts")
    first.close()
    second.close()


def test_a_write_that_cannot_get_its_turn_says_busy(tmp_path):
    store = open_store(tmp_path / "kam.duckdb", write_wait=0.2)
    before = store.content_digest()
    holding, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with store.exclusive():
            holding.set()
            release.wait(10)

    th = threading.Thread(target=long_write)
    th.start()
    holding.wait(10)
    file_name, data, rows = PAYLOADS["q0"]
    with pytest.raises(StoreBusy) as exc:
        ingest.run_import(store, [(file_name, data)])
    assert str(exc.value) == t("busy.writing")
    assert store.content_digest() == before
    release.set()
    th.join()
    assert ingest.run_import(store, [(file_name, data)]).rows == rows
    store.close()


def foreign_update(path, value: str) -> duckdb.DuckDBPyConnection:
    """Return another connection of this process holding an uncommitted change of the hourly
    rate: the transaction conflict DuckDB reports to a second writer of the same row."""
    con = duckdb.connect(str(path), config={"enable_external_access": False,
                                            "lock_configuration": True})
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT OR REPLACE INTO settings VALUES ('hourly_rate', ?)", [value])
    return con


@pytest.mark.parametrize("foreign_commits_after, expected_rate, expected_conflicts", [
    (0.08, 75.0, None),                          # retried until the other writer is done
    (None, 70.0, settings.WRITE_RETRIES + 1),    # never done in time: busy, nothing changed
])
def test_transaction_conflicts_are_retried_then_busy(tmp_path, foreign_commits_after,
                                                     expected_rate, expected_conflicts):
    store = open_store(tmp_path / "kam.duckdb")
    store.set_setting("hourly_rate", "65")  # a stored row both writers then change
    foreign = foreign_update(store.path, "70")
    if foreign_commits_after is not None:
        threading.Timer(foreign_commits_after, lambda: foreign.execute("COMMIT")).start()
        store.set_setting("hourly_rate", "75")
        assert store.conflicts >= 1
    else:
        with pytest.raises(StoreBusy) as exc:
            store.set_setting("hourly_rate", "75")
        assert str(exc.value) == t("busy.conflict")
        assert store.conflicts == expected_conflicts
        foreign.execute("COMMIT")
    assert store.hourly_rate() == expected_rate
    foreign.close()
    store.close()
