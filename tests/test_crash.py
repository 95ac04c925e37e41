"""Crash safety: the importing process is killed (SIGKILL) at seeded random moments; every time
the store reopens exactly as it was before the import or as it is after it, never a mix, and
every backup it lists is whole. The same for restoring a backup."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from kam_analytics import backup, settings
from kam_analytics.store import Store, backups
from tests.test_concurrency import quarter_csv

SEED = 20260704
IMPORT_KILLS = 24
RESTORE_KILLS = 8
NEW_QUARTER = dt.date(2025, 1, 1)  # a quarter the sample does not cover


def cli(*args: str) -> subprocess.Popen:
    """Return a started ``python -m kam_analytics`` child process."""
    return subprocess.Popen([sys.executable, "-m", "kam_analytics", *args],
                            cwd=settings.REPO_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def copy_store(src: Path, dst_dir: Path) -> Path:
    """Return the path of a copy of the store files at ``src`` (its log too) in ``dst_dir``."""
    dst_dir.mkdir(parents=True)
    dst = dst_dir / src.name
    shutil.copy(src, dst)
    if backup.wal_path(src).exists():
        shutil.copy(backup.wal_path(src), backup.wal_path(dst))
    return dst


def digest_of(path: Path, read_only: bool = False) -> dict:
    """Return the content digest of the store at ``path``, opened as after a crash."""
    store = Store(path, read_only=read_only)
    try:
        return store.content_digest()
    finally:
        store.close()


def wait_for(proc: subprocess.Popen, condition) -> None:
    """Return once ``condition()`` holds or the process has ended, polling every millisecond."""
    while proc.poll() is None and not condition():
        time.sleep(0.001)


def store_with_pending_log(seeded_db: Path, where: Path) -> Path:
    """Return a store holding the sample whose newest change is still only in its log, as a
    process killed after committing leaves it: the import's checkpoint then has work to do."""
    path = copy_store(seeded_db, where)
    code = ("import os, sys; from kam_analytics.store import Store; "
            "s = Store(sys.argv[1]); s.set_setting('currency', 'USD'); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=settings.REPO_ROOT, check=True)
    assert backup.wal_path(path).stat().st_size > 0
    return path


def test_killed_import_leaves_before_or_after(seeded_db, tmp_path):
    big = tmp_path / "big_2025Q1.csv"
    big.write_bytes(quarter_csv(NEW_QUARTER, 20_000, "crash"))
    before_path = store_with_pending_log(seeded_db, tmp_path / "before")
    before = digest_of(copy_store(before_path, tmp_path / "before_check"))

    # One full run: the state after, how long the import takes and when its backup appears.
    calib = copy_store(before_path, tmp_path / "calibration")
    start = time.perf_counter()
    proc = cli("import", str(big), "--db", str(calib))
    backup_seen = None
    while proc.poll() is None:
        if backup_seen is None and backup.backup_files(calib):
            backup_seen = time.perf_counter() - start
        time.sleep(0.002)
    total = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr.read().decode()
    after = digest_of(calib)
    assert after["interactions"][0] == before["interactions"][0] + 20_000
    assert backup_seen is not None

    rng = random.Random(SEED)
    states = {"before": 0, "after": 0, "mixed": 0}
    phases = {"before the backup": 0, "copying the backup": 0, "backup written": 0,
              "finished": 0}
    store_part = total - backup_seen
    for i in range(IMPORT_KILLS):
        path = copy_store(before_path, tmp_path / f"kill{i}")
        proc = cli("import", str(big), "--db", str(path))
        if i % 3 == 0:
            # A delay spanning the whole run, most of which is starting Python and reading.
            time.sleep(rng.uniform(0, total))
        elif i % 3 == 1:
            # The moment the backup's temporary file appears: the copy is under way.
            wait_for(proc, lambda p=path: any(backup.backup_dir(p).glob(".*")))
            time.sleep(rng.uniform(0, 0.004))
        else:
            # A delay spanning the store's part: checkpoint, transaction, commit, exit.
            wait_for(proc, lambda p=path: bool(backup.backup_files(p)))
            time.sleep(rng.uniform(0, store_part))
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        folder = backup.backup_dir(path)
        tmp_files = list(folder.glob(".*")) if folder.exists() else []
        listed = backup.backup_files(path)
        phase = ("finished" if finished else "backup written" if listed
                 else "copying the backup" if tmp_files else "before the backup")
        phases[phase] += 1

        now = digest_of(path)
        state = "before" if now == before else "after" if now == after else "mixed"
        states[state] += 1
        assert state != "mixed", (i, phase, now)
        # A backup is listed only once whole: it holds exactly the state before the import.
        for b in backups(path):
            assert digest_of(b.file.path, read_only=True) == before
        assert len(listed) <= 1
    print(f"\nimport killed {IMPORT_KILLS} times (run {total:.2f} s, backup at "
          f"{backup_seen:.2f} s): {states}; moments: {phases}")
    assert states["before"] + states["after"] == IMPORT_KILLS
    # The kills reached both sides of the commit, and into the store's own work.
    assert states["before"] and states["after"] and phases["backup written"]


def test_killed_restore_leaves_old_or_restored(seeded_db, tmp_path):
    # A store with two imports and the backup from before the second one.
    base = copy_store(seeded_db, tmp_path / "base")
    store = Store(base)
    older = store.content_digest()
    store.close()
    big = tmp_path / "q.csv"
    big.write_bytes(quarter_csv(NEW_QUARTER, 2_000, "restore"))
    done = subprocess.run([sys.executable, "-m", "kam_analytics", "import", str(big), "--db",
                           str(base)], cwd=settings.REPO_ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr
    current = digest_of(base)
    (wanted,) = [b.file.backup_id for b in backups(base)]

    start = time.perf_counter()
    calib_dir = tmp_path / "calib"
    shutil.copytree(base.parent, calib_dir)
    proc = cli("restore-backup", str(wanted), "--db", str(calib_dir / base.name))
    proc.wait()
    total = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert digest_of(calib_dir / base.name) == older

    rng = random.Random(SEED + 1)
    states = {"old": 0, "restored": 0, "mixed": 0}
    for i in range(RESTORE_KILLS):
        trial = tmp_path / f"restore{i}"
        shutil.copytree(base.parent, trial)
        proc = cli("restore-backup", str(wanted), "--db", str(trial / base.name))
        time.sleep(rng.uniform(0, total))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = digest_of(trial / base.name)
        state = "old" if now == current else "restored" if now == older else "mixed"
        states[state] += 1
        assert state != "mixed", (i, now)
    print(f"\nrestore killed {RESTORE_KILLS} times (run {total:.2f} s): {states}")
