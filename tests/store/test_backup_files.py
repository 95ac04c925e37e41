"""Backups: one before each import holding exactly the state before it, the newest N kept,
listed and restored from the command line, never half-written, never while another program
holds the store."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kam_analytics import cli, settings
from kam_analytics.i18n import t
from kam_analytics.store import (
    NeedsDecision,
    StoreBusy,
    backup_files,
    backups,
    open_store,
    restore_backup,
)
from kam_analytics.store.duckdb_backups import BackupRefused
from tests.store.test_duckdb_store import save


@pytest.fixture(autouse=True)
def _a_copy_before_every_import(monkeypatch):
    """These tests are of the whole-file copies: taken before every import here (as before
    restore points), not at most once a day."""
    monkeypatch.setattr(settings, "SNAPSHOT_HOURS", 0)

DAYS = [dt.date(2025, 1, 5), dt.date(2025, 4, 5), dt.date(2025, 7, 5), dt.date(2025, 10, 5),
        dt.date(2026, 1, 5)]


def digest_of(path) -> dict:
    s = open_store(path, read_only=True)
    try:
        return s.content_digest()
    finally:
        s.close()


def test_a_backup_before_each_import_holds_the_state_before_it(tmp_path):
    store = open_store(tmp_path / "kam.duckdb")
    before_each = []
    for i, day in enumerate(DAYS[:3]):
        before_each.append(store.content_digest())
        save(store, f"f{i}", day=day)
    # Nothing is backed up for uploads that change nothing.
    save(store, "f0", day=DAYS[0])
    with pytest.raises(NeedsDecision):
        save(store, "other", day=DAYS[0])
    listed = backups(store.path)
    assert [b.file.backup_id for b in listed] == [3, 2, 1]
    assert [b.imports for b in listed] == [2, 1, 0]
    assert [b.interactions for b in listed] == [4, 2, 0]
    assert [b.last_import for b in listed] == [2, 1, 0]
    for b, expected in zip(reversed(listed), before_each, strict=True):
        assert digest_of(b.file.path) == expected
    assert all(b.file.path.parent == tmp_path / "backups" for b in listed)
    store.close()


@pytest.mark.parametrize("keep, expected_ids", [(1, [5]), (3, [3, 4, 5]), (10, [1, 2, 3, 4, 5])])
def test_only_the_newest_backups_are_kept(tmp_path, keep, expected_ids):
    store = open_store(tmp_path / "kam.duckdb", backups_kept=keep)
    for i, day in enumerate(DAYS):
        save(store, f"f{i}", day=day)
    assert [b.backup_id for b in backup_files.backup_files(store.path)] == expected_ids
    store.close()


def test_no_backups_when_none_are_to_be_kept(tmp_path):
    store = open_store(tmp_path / "kam.duckdb", backups_kept=0)
    save(store, "a")
    assert not (tmp_path / "backups").exists()
    store.close()


def test_taking_a_backup_keeps_other_programs_out(tmp_path):
    # Reading the database file in this process would drop DuckDB's lock on it.
    store = open_store(tmp_path / "kam.duckdb")
    save(store, "a")
    store.backup()
    other = subprocess.run([sys.executable, "-m", "kam_analytics", "history", "--db",
                            str(store.path)], cwd=settings.REPO_ROOT, capture_output=True,
                           text=True)
    assert other.returncode == cli.EXIT_BUSY
    assert "in use by another program" in other.stderr
    store.close()


def test_half_written_and_damaged_backups(tmp_path):
    store = open_store(tmp_path / "kam.duckdb")
    save(store, "a")
    folder = tmp_path / "backups"
    stale = folder / ".kam.backup-tmp-7-4242"        # left by a process killed mid-copy
    stale.write_bytes(b"DUCK" * 100)
    damaged = folder / "kam.backup-0009-20250101T000000.duckdb"
    damaged.write_bytes(b"not a database")
    (folder / "kam.backup-0011-20251399T000000.duckdb").write_bytes(b"")  # no such date: not ours
    listed = backups(store.path)
    assert [(b.file.backup_id, b.imports) for b in listed] == [(9, None), (1, 0)]
    assert backup_files.backups_table(listed).iloc[0].tolist() == [
        9, "2025-01-01 00:00:00", "14 B", "—", "—", "—", "no: damaged"]
    assert backup_files.backups_table(listed).iloc[1].tolist()[-1] == "yes"
    store.close()
    with pytest.raises(BackupRefused, match=r"Backup #9 cannot be restored \(damaged\)"):
        restore_backup(store.path, 9)
    with pytest.raises(KeyError):
        restore_backup(store.path, 99)
    store = open_store(store.path)
    store.backup()
    assert not stale.exists()
    assert [b.backup_id for b in backup_files.backup_files(store.path)] == [1, 9, 10]
    store.close()


def test_restore_puts_a_backup_back_and_keeps_the_state_it_replaces(tmp_path):
    path = tmp_path / "kam.duckdb"
    store = open_store(path)
    save(store, "a", day=DAYS[0])
    after_a = store.content_digest()
    save(store, "b", day=DAYS[1])
    after_b = store.content_digest()
    store.close()
    out = restore_backup(path, 2)
    assert (out.restored.file.backup_id, out.restored.imports, out.previous.backup_id) == (2, 1, 3)
    assert digest_of(path) == after_a
    assert digest_of(out.previous.path) == after_b
    assert not list(tmp_path.glob(".*"))  # no staged copy left behind
    # And back again.
    restore_backup(path, 3)
    assert digest_of(path) == after_b


def test_restore_keeps_the_chosen_backup_even_if_the_new_one_prunes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "BACKUPS_KEPT", 2)
    path = tmp_path / "kam.duckdb"
    store = open_store(path)
    for i, day in enumerate(DAYS[:3]):
        save(store, f"f{i}", day=day)
    store.close()
    assert [b.backup_id for b in backup_files.backup_files(path)] == [2, 3]
    expected = digest_of(backup_files.find_backup(path, 2).path)
    restore_backup(path, 2)
    assert digest_of(path) == expected
    assert [b.backup_id for b in backup_files.backup_files(path)] == [3, 4]


def test_restore_is_refused_while_another_program_holds_the_store(tmp_path, capsys):
    path = tmp_path / "kam.duckdb"
    store = open_store(path)
    save(store, "a", day=DAYS[0])
    save(store, "b", day=DAYS[1])
    store.close()
    before = digest_of(path)
    script = ("import sys; from kam_analytics.store import open_store; "
              "s = open_store(sys.argv[1]); print('open', flush=True); sys.stdin.read()")
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        cwd=settings.REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert cli.main(["restore-backup", "2", "--db", str(path)]) == cli.EXIT_BUSY
        program = f"{Path(sys.executable).name} -c {script} {path}"[:200]  # who holds it
        assert capsys.readouterr().err.strip() == t("busy.in_use_by", path=path,
                                                    pid=holder.pid, program=program)
    finally:
        holder.communicate("")
    assert digest_of(path) == before
    assert [b.backup_id for b in backup_files.backup_files(path)] == [1, 2]


def test_restore_is_refused_while_this_process_has_the_store_open(tmp_path):
    store = open_store(tmp_path / "kam.duckdb")
    save(store, "a")
    with pytest.raises(StoreBusy):
        restore_backup(store.path, 1)
    assert store.activity()["interactions"].sum() == 2
    store.close()


def test_cli_lists_and_restores_backups(tmp_path, capsys):
    path = tmp_path / "kam.duckdb"
    assert cli.main(["backups", "--db", str(path)]) == cli.EXIT_OK
    assert capsys.readouterr().out.strip() == t("backup.none", db=path)
    store = open_store(path)
    save(store, "a", day=DAYS[0])
    save(store, "b", day=DAYS[1])
    store.close()
    assert cli.main(["backups", "--db", str(path)]) == cli.EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    # the restore points (tests/store/test_duckdb_restore_points.py), then the copies
    assert lines[0].startswith(f"Restore points of {path}")
    lines = lines[lines.index(next(x for x in lines if x.startswith("Copies of "))):]
    assert lines[0].startswith(f"Copies of the whole file {path}")
    rows = [line.split() for line in lines[2:]]
    # id, date, time, size, unit, imports, newest import, active interactions
    assert [(r[0], r[5], r[6], r[7]) for r in rows] == [("2", "1", "#1", "2"),
                                                         ("1", "0", "—", "0")]
    assert cli.main(["restore-backup", "1", "--db", str(path)]) == cli.EXIT_OK
    assert "Restored backup #1" in capsys.readouterr().out
    assert digest_of(path)["imports"][0] == 0
    assert cli.main(["restore-backup", "42", "--db", str(path)]) == cli.EXIT_REJECTED
    assert capsys.readouterr().err.strip() == t("backup.unknown", id=42, db=path)


def big_interactions(n: int) -> pd.DataFrame:
    """Return ``n`` synthetic interactions in 2025Q1, built without the ingest path."""
    rng = np.random.default_rng(1)
    return pd.DataFrame({
        "source_file": "big.csv", "source_sheet": None, "source_row": np.arange(2, n + 2),
        "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 90, n), "D"),
        "quarter": "2025Q1", "client": pd.Series(rng.integers(0, 500, n)).map("Client {}".format),
        "method": "technical.staff_training", "cost": rng.random(n) * 1000,
        "hours": rng.random(n) * 8, "value": rng.integers(1, 6, n).astype(float),
        "manager": "Ann"})


@pytest.mark.slow
def test_backup_time_sample_and_a_million_interactions(seeded_db, tmp_path):
    shutil.copy(seeded_db, tmp_path / "sample.duckdb")
    sample = open_store(tmp_path / "sample.duckdb")
    start = time.perf_counter()
    made = sample.backup()
    sample_s = time.perf_counter() - start
    assert digest_of(made.path) == sample.content_digest()
    sample.close()

    big = open_store(tmp_path / "big.duckdb", backups_kept=0)
    n = 1_000_000
    big.save_import(file_names=["big.csv"], sha256="big", interactions=big_interactions(n),
                    clients=pd.DataFrame(columns=["client", "manager", "segment",
                                                  "annual_revenue"]),
                    valuations=pd.DataFrame(columns=["quarter", "client", "method", "value"]),
                    warnings=[], mode=None)
    start = time.perf_counter()
    made_big = big.backup()
    big_s = time.perf_counter() - start
    assert backups(big.path)[0].interactions == n
    assert digest_of(made_big.path) == big.content_digest()
    big.close()
    print(f"\nbackup of the sample store: {sample_s * 1000:.0f} ms "
          f"({backup_files.size_text(made.size)}); of a store with 1M interactions: "
          f"{big_s * 1000:.0f} ms ({backup_files.size_text(made_big.size)})")


def test_a_damaged_store_says_so_and_a_backup_can_still_be_put_back(tmp_path, capsys):
    # Restoring must always be possible: the damaged file is kept as a backup of its own.
    path = tmp_path / "kam.duckdb"
    store = open_store(path)
    save(store, "a", day=DAYS[0])
    save(store, "b", day=DAYS[1])  # backup #2 holds import #1
    store.close()
    with path.open("r+b") as f:  # one damaged header, as a failing disk leaves it
        f.seek(8)
        f.write(b"\xff" * 16)
    assert cli.main(["history", "--db", str(path)]) == cli.EXIT_REJECTED
    said = capsys.readouterr().err
    assert said.startswith(f"The store {path} is damaged") and "restore-backup" in said
    assert cli.main(["restore-backup", "2", "--db", str(path)]) == cli.EXIT_OK
    assert "Restored backup #2" in capsys.readouterr().out
    assert digest_of(path)["imports"][0] == 1
    kept = {b.file.backup_id: b.imports for b in backups(path)}
    assert kept[3] is None  # the damaged state, kept but unreadable
