"""Backup files of the store: where they live, how they are named, written, pruned, and how a
database file is replaced by one of them without ever leaving a half-written file.

Only file operations live here. The store decides when a copy is consistent (``Store.backup``
checkpoints and holds the write lock) and reads what a backup holds (``store.backups``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from kam_analytics import settings
from kam_analytics.i18n import Message, formats, render, t

BACKUP_DIR_NAME = "backups"
_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class BackupFile:
    """One backup of a store: its number, file, when it was taken and its size in bytes."""

    backup_id: int
    path: Path
    created_at: datetime
    size: int


@dataclass(frozen=True)
class BackupInfo:
    """One backup as listed: its file and what it holds (None where it cannot be read)."""

    file: BackupFile
    imports: int | None = None
    interactions: int | None = None
    last_import: int | None = None
    problem: Message | None = None  # why it cannot be restored (None: it can)


class DatabaseInUse(Exception):
    """Another program holds the database file."""


SIZE_UNITS = ("b", "kb", "mb", "gb")  # each a string-table key: backup.size_kb


def size_text(size: int) -> str:
    """Return a byte count as people read it in the session's language: 812 B, 4.2 MB
    (4,2 МБ)."""
    value = float(size)
    for unit in SIZE_UNITS:
        if value < 1024 or unit == SIZE_UNITS[-1]:
            return t(f"backup.size_{unit}", size=value)
        value /= 1024
    raise AssertionError("unreachable")


def backups_table(listed: list[BackupInfo]) -> pd.DataFrame:
    """Return the backups as a table for people: id, when taken, size, what each holds and
    whether it can be restored (why not)."""
    missing = "—"
    return pd.DataFrame({
        t("backup.col_id"): [b.file.backup_id for b in listed],
        t("backup.col_taken"): [formats.moment(b.file.created_at, seconds=True)
                                   for b in listed],
        t("backup.col_size"): [size_text(b.file.size) for b in listed],
        t("backup.col_imports"): [missing if b.imports is None else str(b.imports)
                                  for b in listed],
        t("backup.col_last_import"): [missing if b.last_import is None
                                      else f"#{b.last_import}" if b.last_import else "—"
                                      for b in listed],
        t("backup.col_interactions"): [missing if b.interactions is None
                                       else formats.number(b.interactions) for b in listed],
        t("backup.col_state"): [t("backup.restorable") if b.problem is None
                                else t("backup.not_restorable", why=render(b.problem))
                                for b in listed]},
        dtype=object)


def backup_dir(db_path: Path) -> Path:
    """Return the folder holding a store's backups: ``backups/`` next to the database."""
    return Path(db_path).parent / BACKUP_DIR_NAME


def wal_path(db_path: Path) -> Path:
    """Return the path of the database's write-ahead log."""
    return Path(f"{db_path}.wal")


def _name_pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(Path(db_path).stem)}\.backup-(\d+)-(\d{{8}}T\d{{6}})\.duckdb$")


def backup_files(db_path: Path) -> list[BackupFile]:
    """Return the store's complete backups, oldest first (half-written ones are never listed)."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(db_path)
    out = []
    for p in folder.iterdir():
        m = pattern.match(p.name)
        if not m:
            continue
        try:
            size = p.stat().st_size
        except FileNotFoundError:  # pruned by another session meanwhile
            continue
        try:
            taken = _stamp_time(m.group(2))
        except ValueError:  # a name that only looks like a backup's (month 13...)
            continue
        out.append(BackupFile(int(m.group(1)), p, taken, size))
    return sorted(out, key=lambda b: b.backup_id)


def _stamp_time(stamp: str) -> datetime:
    """Return the time of a "YYYYMMDDTHHMMSS" stamp (as strptime would with ``_STAMP``, without
    its first call's 15 ms of setting up)."""
    return datetime(int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[9:11]),
                    int(stamp[11:13]), int(stamp[13:15]))


def _tmp_prefix(db_path: Path) -> str:
    return f".{Path(db_path).stem}.backup-tmp-"


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        _fsync_file(path)


def _copy_open_database(src: Path, dst: Path) -> None:
    # A child process does the copy: DuckDB locks the file with POSIX record locks, and a
    # process that opens and closes the file itself drops every lock it holds on it, which
    # would let another program open the store while this one writes to it.
    subprocess.run(["cp", "--", str(src), str(dst)], check=True, capture_output=True)


def write_backup(db_path: Path, keep: int, now: datetime | None = None) -> BackupFile:
    """Return a new backup of ``db_path``, written under a temporary name and renamed once
    complete; keep only the newest ``keep``.

    The caller guarantees the file is consistent: checkpointed, with no write in flight.
    """
    db_path = Path(db_path)
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(_tmp_prefix(db_path) + "*"):  # left by a process killed mid-copy
        stale.unlink(missing_ok=True)
    existing = backup_files(db_path)
    backup_id = existing[-1].backup_id + 1 if existing else 1
    stamp = (now or datetime.now()).strftime(_STAMP)
    final = folder / f"{db_path.stem}.backup-{backup_id:04d}-{stamp}.duckdb"
    tmp = folder / f"{_tmp_prefix(db_path)}{backup_id}-{os.getpid()}"
    try:
        _copy_open_database(db_path, tmp)
        _fsync_file(tmp)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(folder)
    prune(db_path, keep)
    made = backup_files(db_path)
    return next(b for b in made if b.backup_id == backup_id)


def snapshot_due(db_path: Path, hours: float | None = None,
                 now: datetime | None = None) -> bool:
    """Return whether a whole-file snapshot is due before an import: none yet, or the newest
    older than ``hours`` (settings.SNAPSHOT_HOURS; 0: before every import)."""
    hours = settings.SNAPSHOT_HOURS if hours is None else hours
    kept = backup_files(db_path)
    return not kept or (now or datetime.now()) - kept[-1].created_at >= timedelta(hours=hours)


def prune(db_path: Path, keep: int) -> list[BackupFile]:
    """Delete all but the newest ``keep`` backups and return the deleted ones."""
    existing = backup_files(db_path)
    doomed = existing[:-keep] if keep > 0 else existing
    for b in doomed:
        b.path.unlink(missing_ok=True)
    return doomed


def find_backup(db_path: Path, backup_id: int) -> BackupFile | None:
    """Return the backup numbered ``backup_id``, or None."""
    return next((b for b in backup_files(db_path) if b.backup_id == backup_id), None)


@contextlib.contextmanager
def held_database(db_path: Path) -> Iterator[None]:
    """Hold the same lock DuckDB takes on the database file, so no other program can open it
    meanwhile; raise DatabaseInUse if one already has it. Only for a file this process has
    not opened with DuckDB (closing this lock would drop DuckDB's own)."""
    if not Path(db_path).exists():
        yield
        return
    fd = os.open(db_path, os.O_RDWR)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise DatabaseInUse(str(db_path)) from exc
        yield
    finally:
        os.close(fd)


def staged_copy(source: Path, db_path: Path) -> Path:
    """Return a complete private copy of ``source`` written beside ``db_path`` (same file
    system, so it can be renamed over the database); the caller removes it if unused."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.glob(f".{db_path.name}.restoring-*"):  # from a killed restore
        stale.unlink(missing_ok=True)
    staged = db_path.with_name(f".{db_path.name}.restoring-{os.getpid()}")
    shutil.copyfile(source, staged)
    _fsync_file(staged)
    return staged


def replace_database(db_path: Path, staged: Path) -> None:
    """Rename ``staged`` (from ``staged_copy``) over the database file: the database is the
    old file or the new one, never a mix.

    Raises DatabaseInUse (and changes nothing) if another program holds the database.
    """
    db_path = Path(db_path)
    with held_database(db_path):
        wal = wal_path(db_path)
        if wal.exists() and wal.stat().st_size:
            # Writes not yet folded into the file: someone used it since it was closed.
            raise DatabaseInUse(str(db_path))
        # An empty log left next to the old file must not meet the restored one.
        wal.unlink(missing_ok=True)
        os.replace(staged, db_path)
        _fsync_dir(db_path.parent)
