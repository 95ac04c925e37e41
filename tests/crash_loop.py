"""The kill -9 loop, shared by tests/store/test_crash.py and scripts/reliability.py.

An import runs as its own ``python -m kam_analytics import`` process and is killed with SIGKILL
at seeded random moments; after each kill the store is reopened as a crashed one would be and
compared with the states before and after the import. Any other state is "mixed".
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kam_analytics import settings
from kam_analytics.store import backup_files, backups, open_store
from tests.store.test_concurrency import quarter_csv

SEED = 20260704
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
    if backup_files.wal_path(src).exists():
        shutil.copy(backup_files.wal_path(src), backup_files.wal_path(dst))
    return dst


def digest_of(path: Path, read_only: bool = False) -> dict:
    """Return the content digest of the store at ``path``, opened as after a crash."""
    store = open_store(path, read_only=read_only)
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
    code = ("import os, sys; from kam_analytics.store import open_store; "
            "s = open_store(sys.argv[1]); s.set_setting('hourly_rate', '77'); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=settings.REPO_ROOT, check=True)
    assert backup_files.wal_path(path).stat().st_size > 0
    return path


@dataclass
class KillReport:
    """What the kills left behind: states, the moments they hit, and every finding."""

    kills: int
    rows: int                 # rows the killed import would add
    run_s: float              # one whole import, start to exit
    backup_at_s: float        # when its backup appeared
    states: dict[str, int] = field(default_factory=lambda: {
        "before": 0, "after": 0, "mixed": 0})
    phases: dict[str, int] = field(default_factory=lambda: {
        "before the backup": 0, "copying the backup": 0, "backup written": 0, "finished": 0})
    findings: list[str] = field(default_factory=list)  # mixed states, partial backups

    @property
    def mixed(self) -> int:
        return self.states["mixed"]


def import_kill_loop(seeded_db: Path, work: Path, kills: int, *, rows: int = 20_000,
                     seed: int = SEED) -> KillReport:
    """Return what ``kills`` imports killed at seeded random moments left in their stores.

    Raises RuntimeError if the import cannot even run once to the end (nothing to compare with).
    """
    big = work / "big_2025Q1.csv"
    big.write_bytes(quarter_csv(NEW_QUARTER, rows, "crash"))
    before_path = store_with_pending_log(seeded_db, work / "before")
    before = digest_of(copy_store(before_path, work / "before_check"))

    # One full run: the state after, how long the import takes and when its backup appears.
    calib = copy_store(before_path, work / "calibration")
    start = time.perf_counter()
    proc = cli("import", str(big), "--db", str(calib))
    backup_seen = None
    while proc.poll() is None:
        if backup_seen is None and backup_files.backup_files(calib):
            backup_seen = time.perf_counter() - start
        time.sleep(0.002)
    total = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"the import to be killed fails on its own: "
                           f"{proc.stderr.read().decode()[-2000:]}")
    after = digest_of(calib)
    if after["interactions"][0] != before["interactions"][0] + rows or backup_seen is None:
        raise RuntimeError("the import to be killed did not add its rows after a backup")

    report = KillReport(kills, rows, total, backup_seen)
    rng = random.Random(seed)
    store_part = total - backup_seen
    for i in range(kills):
        path = copy_store(before_path, work / f"kill{i}")
        proc = cli("import", str(big), "--db", str(path))
        if i % 3 == 0:
            # A delay spanning the whole run, most of which is starting Python and reading.
            time.sleep(rng.uniform(0, total))
        elif i % 3 == 1:
            # The moment the backup's temporary file appears: the copy is under way.
            wait_for(proc, lambda p=path: any(backup_files.backup_dir(p).glob(".*")))
            time.sleep(rng.uniform(0, 0.004))
        else:
            # A delay spanning the store's part: checkpoint, transaction, commit, exit.
            wait_for(proc, lambda p=path: bool(backup_files.backup_files(p)))
            time.sleep(rng.uniform(0, store_part))
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        folder = backup_files.backup_dir(path)
        tmp_files = list(folder.glob(".*")) if folder.exists() else []
        listed = backup_files.backup_files(path)
        phase = ("finished" if finished else "backup written" if listed
                 else "copying the backup" if tmp_files else "before the backup")
        report.phases[phase] += 1

        now = digest_of(path)
        state = "before" if now == before else "after" if now == after else "mixed"
        report.states[state] += 1
        if state == "mixed":
            report.findings.append(f"kill {i} ({phase}): the store holds neither state: {now}")
        # A backup is listed only once whole: it holds exactly the state before the import.
        for b in backups(path):
            if digest_of(b.file.path, read_only=True) != before:
                report.findings.append(f"kill {i} ({phase}): backup {b.file.path.name} is not "
                                       "the state before the import")
        if len(listed) > 1:
            report.findings.append(f"kill {i} ({phase}): {len(listed)} backups listed")
    return report
