"""The DuckDB engine's faults, each with a message naming the cause and the fix, and nothing
lost: a flipped byte or a cut file found on open (never read as sound), a full disk at the
commit or at the backup before an import, a folder or a file this user may not write, and
backups that cannot be restored refused with the reason."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

from kam_analytics import cli, settings
from kam_analytics.store import CannotWrite, backup_files, backups, open_store, restore_backup
from kam_analytics.store import duckdb_schema as schema
from kam_analytics.store.duckdb_backups import BackupRefused
from kam_analytics.store.duckdb_engine import CannotOpen
from tests.store import faults
from tests.store.faults import two_imports
from tests.store.test_backup_files import digest_of


@pytest.fixture(autouse=True)
def _a_copy_before_every_import(monkeypatch):
    """These tests are of the whole-file copies: taken before every import here (as before
    restore points), not at most once a day."""
    monkeypatch.setattr(settings, "SNAPSHOT_HOURS", 0)


def test_a_flipped_byte_is_found_on_open_with_the_backup_to_put_back(tmp_path, capsys):
    path = tmp_path / "kam.duckdb"
    two_imports(path)
    faults.flip_byte(path)  # one byte a failing disk flipped, inside the data
    with pytest.raises(CannotOpen) as refused:
        open_store(path, read_only=True)  # never read as if it were sound
    said = str(refused.value)
    assert said.startswith(f"The store {path} is damaged and was not read (Corrupt database")
    assert f"python -m kam_analytics restore-backup 2 --db {path}" in said
    assert cli.main(["matrix", "--db", str(path)]) == cli.EXIT_REJECTED
    assert "is damaged" in capsys.readouterr().err
    assert cli.main(["restore-backup", "2", "--db", str(path)]) == cli.EXIT_OK
    assert digest_of(path)["imports"][0] == 1


def test_a_cut_file_is_damaged_and_says_when_no_backup_reads(tmp_path):
    path = tmp_path / "kam.duckdb"
    two_imports(path)
    for kept in backup_files.backup_files(path):
        kept.path.write_bytes(b"not a database")
    faults.cut_in_half(path)  # a copy that stopped part-way
    with pytest.raises(CannotOpen) as refused:
        open_store(path)
    said = str(refused.value)
    assert "is damaged and was not read (IO Error: Could not read enough bytes" in said
    assert f"No backup in {tmp_path / 'backups'} reads correctly" in said


def test_a_full_disk_at_the_commit_or_the_backup_changes_nothing_and_says_so(tmp_path):
    # A 16 MB file system of its own, in a mount namespace (no root needed where user
    # namespaces are allowed, as on Debian and Ubuntu).
    out = faults.full_disk_outcomes(tmp_path)
    assert out["commit"].startswith("The store ") and "could not be written" in out["commit"]
    assert "Nothing was changed. The disk is full" in out["commit"]
    assert out["backup"].startswith("Nothing was imported: the copy of the store kept before "
                                    "each import could not be written")
    assert "The disk is full" in out["backup"]
    assert out["commit_unchanged"] and out["backup_unchanged"]
    assert out["commit_after"] == out["backup_after"] == 2


@pytest.fixture
def shared_folder():
    """Return a store in a folder any user can enter (pytest's own are private), owned by the
    user who runs the CLI."""
    folder = Path(tempfile.mkdtemp(prefix="kam-shared-"))
    folder.chmod(0o755)
    path = folder / "kam.duckdb"
    two_imports(path)
    if os.geteuid() == 0:  # the store belongs to the user who runs the CLI: nobody
        for p in [path, *path.parent.rglob("*")]:
            os.chown(p, 65534, 65534)
    yield path
    folder.chmod(0o755)
    shutil.rmtree(folder)


def test_a_folder_on_the_way_this_user_may_not_enter_says_so(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    two_imports(private / "kam.duckdb")
    if os.geteuid() != 0:
        private.chmod(0o000)
    done = faults.as_other_user("history", "--db", str(private / "kam.duckdb"))
    private.chmod(0o700)
    assert done.returncode == cli.EXIT_REJECTED
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "cannot be opened (Permission denied)" in done.stderr


def test_a_read_only_folder_says_so_and_changes_nothing(shared_folder):
    before = digest_of(shared_folder)
    extra = shared_folder.parent / "q.csv"
    shared_folder.parent.chmod(0o555)  # the log beside the store cannot be written
    extra.write_text("Date,Client,Method,Cost\n2026-07-01,Acme,Site visits,10\n")
    extra.chmod(0o644)
    done = faults.as_other_user("import", str(extra), "--db", str(shared_folder), "--append")
    assert done.returncode == cli.EXIT_REJECTED, done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "could not be written" in done.stderr or "cannot be opened" in done.stderr
    assert "changed by another writer" not in done.stderr
    assert "write permission" in done.stderr
    assert digest_of(shared_folder) == before


def test_a_store_this_user_may_not_read_says_so(shared_folder):
    shared_folder.chmod(0o600)
    if os.geteuid() == 0:
        os.chown(shared_folder, 0, 0)  # root's file: nobody may not read it
    done = faults.as_other_user("history", "--db", str(shared_folder))
    assert done.returncode == cli.EXIT_REJECTED
    assert "Traceback" not in done.stderr
    assert "Permission denied" in done.stderr and "may read and write it" in done.stderr


def test_backups_from_a_newer_version_or_not_a_store_are_refused_with_why(tmp_path):
    path = tmp_path / "kam.duckdb"
    after_two = two_imports(path)
    (newer,) = [b for b in backup_files.backup_files(path) if b.backup_id == 2]
    con = duckdb.connect(str(newer.path))
    con.execute("INSERT INTO schema_version VALUES (?, 'from the future', now())",
                [schema.LATEST + 1])
    con.close()
    foreign = backup_files.backup_dir(path) / "kam.backup-0007-20260101T000000.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE accounts (name VARCHAR)")
    con.close()
    with pytest.raises(BackupRefused, match=r"#2 cannot be restored \(from a newer version\)"):
        restore_backup(path, 2)
    with pytest.raises(BackupRefused, match=r"#7 cannot be restored \(not a KAM Analytics"):
        restore_backup(path, 7)
    assert digest_of(path) == after_two
    table = backup_files.backups_table(backups(path))
    assert table["Can be restored"].tolist() == [
        "no: not a KAM Analytics store", "no: from a newer version", "yes"]


def test_a_write_refused_is_not_taken_for_a_conflict():
    from kam_analytics.store import duckdb_engine
    assert duckdb_engine._write_failure(duckdb.TransactionException(
        'Failed to commit: Cannot open file "x.wal": Permission denied'))
    assert duckdb_engine._write_failure(duckdb.TransactionException(
        "Failed to commit: could not write: No space left on device"))
    assert not duckdb_engine._write_failure(duckdb.TransactionException(
        "TransactionContext Error: Catalog write-write conflict on create with 'imports'"))
    with pytest.raises(CannotWrite):
        raise CannotWrite(duckdb_engine.cannot_write(Path("x"), OSError(28, "No space")))
    assert shutil.which("unshare") and shutil.which("setpriv")  # the tests above need them
