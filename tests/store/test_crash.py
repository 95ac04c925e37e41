"""Crash safety: the importing process is killed (SIGKILL) at seeded random moments; every time
the store reopens exactly as it was before the import or as it is after it, never a mix, and
every backup it lists is whole. The same for restoring a backup."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from kam_analytics import settings
from kam_analytics.store import backups, open_store
from tests.crash_loop import NEW_QUARTER, SEED, cli, copy_store, digest_of, import_kill_loop
from tests.store.test_concurrency import quarter_csv

pytestmark = pytest.mark.slow  # kill -9 loops

IMPORT_KILLS = 24
RESTORE_KILLS = 8


def test_killed_import_leaves_before_or_after(seeded_db, tmp_path):
    report = import_kill_loop(seeded_db, tmp_path, IMPORT_KILLS)
    print(f"\nimport killed {IMPORT_KILLS} times (run {report.run_s:.2f} s, backup at "
          f"{report.backup_at_s:.2f} s): {report.states}; moments: {report.phases}")
    assert report.findings == []
    assert report.states["before"] + report.states["after"] == IMPORT_KILLS
    # The kills reached both sides of the commit, and into the store's own work.
    assert report.states["before"] and report.states["after"]
    assert report.phases["backup written"]


def test_killed_restore_leaves_old_or_restored(seeded_db, tmp_path):
    # A store with two imports and the backup from before the second one.
    base = copy_store(seeded_db, tmp_path / "base")
    store = open_store(base)
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
