"""The whole-file backups of a DuckDB store (periodic snapshots): listing them with what each
holds, and putting one in place of the store while no program holds it. Imports are undone
without them, through the store's restore points (``duckdb_restore_points``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import duckdb

from kam_analytics import settings
from kam_analytics.i18n import MessageError, msg
from kam_analytics.store import backup_files
from kam_analytics.store.duckdb_engine import CannotOpen, SchemaTooNew, open_count
from kam_analytics.store.duckdb_store import DuckDBStore
from kam_analytics.store.protocol import StoreBusy


def backups(db_path: str | Path) -> list[backup_files.BackupInfo]:
    """Return the backups of the store at ``db_path``, newest first, each with what it holds."""
    return [_backup_info(f) for f in reversed(backup_files.backup_files(Path(db_path)))]


def _backup_info(f: backup_files.BackupFile) -> backup_files.BackupInfo:
    """Return a backup as listed, verified as a store is on open (every block's checksum, a
    schema version this program knows, the tables of a store): what it holds, or why it
    cannot be restored."""
    try:
        s = DuckDBStore(f.path, read_only=True)
    except SchemaTooNew:
        return backup_files.BackupInfo(f, problem=msg("backup.too_new"))
    except (duckdb.Error, CannotOpen):
        return backup_files.BackupInfo(f, problem=msg("backup.damaged"))
    try:
        return backup_files.BackupInfo(f, **s.contents())
    except duckdb.Error:  # a database, but not one of this program's stores
        return backup_files.BackupInfo(f, problem=msg("backup.foreign"))
    finally:
        s.close()


class BackupRefused(MessageError):
    """The backup cannot be restored (damaged, from a newer version, not a store): why."""


@dataclass(frozen=True)
class RestoreOutcome:
    """What restoring a backup did: the backup put in place, and the backup of what it replaced."""

    restored: backup_files.BackupInfo
    previous: backup_files.BackupFile


def restore_backup(db_path: str | Path, backup_id: int) -> RestoreOutcome:
    """Put backup ``backup_id`` in place of the store at ``db_path`` and return what was done.

    Refuses with StoreBusy (changing nothing) while another program holds the store. The
    current state is backed up first (a damaged store as it is, so restoring is always
    possible); the file is replaced whole, never left half-written.
    Raises KeyError for an unknown backup, BackupRefused (why) for one that cannot be restored,
    CannotWrite when the folder refuses the copy.
    """
    db_path = Path(db_path)
    found = backup_files.find_backup(db_path, backup_id)
    if found is None:
        raise KeyError(backup_id)
    chosen = _backup_info(found)
    if chosen.problem is not None:
        raise BackupRefused(msg("backup.refused", id=backup_id, why=chosen.problem))
    if open_count(db_path):
        # Swapping the file under this process's own open database would lose its writes.
        raise StoreBusy(msg("busy.in_use", path=str(db_path)))
    try:
        store: DuckDBStore | None = DuckDBStore(db_path)  # StoreBusy if another program has it
    except CannotOpen as exc:
        if exc.message.key != "store.damaged":
            raise
        store = None  # a damaged store is kept as a backup of its own (listed as damaged)
    staged = None
    try:
        # Staged before the backup of the current state, which may prune the chosen one, and
        # verified again as copied.
        staged = backup_files.staged_copy(chosen.file.path, db_path)
        if _backup_info(dataclasses.replace(chosen.file, path=staged)).problem is not None:
            raise BackupRefused(msg("backup.refused", id=backup_id, why=msg("backup.damaged")))
        if store is None:
            with backup_files.held_database(db_path):
                previous = backup_files.write_backup(db_path, max(settings.BACKUPS_KEPT, 1))
        else:
            previous = store.backup()
            store.close()
        backup_files.replace_database(db_path, staged)
    except backup_files.DatabaseInUse as exc:
        raise StoreBusy(msg("busy.in_use", path=str(db_path))) from exc
    finally:
        if store is not None:
            store.close()
        if staged is not None:
            staged.unlink(missing_ok=True)
    return RestoreOutcome(chosen, previous)
