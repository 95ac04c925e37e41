"""Store faults made real, for the engine's tests and the reliability report: a byte a failing
disk flipped, a file cut short, a disk that fills up during an import (its own small file
system in a mount namespace), a user other than the store's owner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from kam_analytics import settings
from kam_analytics.store import open_store
from tests.store.test_backup_files import DAYS, digest_of
from tests.store.test_duckdb_store import save

HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers


def two_imports(path: Path) -> dict:
    """Store two imports at ``path`` (backup #2 holds the first) and return its digest."""
    store = open_store(path)
    save(store, "a", day=DAYS[0])
    save(store, "b", day=DAYS[1])
    store.close()
    return digest_of(path)


def interactions_block(path: Path) -> int:
    """Return the file offset of a block holding the interactions' data."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        block_id, block_size = con.execute(
            "SELECT min(block_id), (SELECT block_size FROM pragma_database_size()) "
            "FROM pragma_storage_info('interactions') WHERE block_id >= 0").fetchall()[0]
    finally:
        con.close()
    return HEADER_BYTES + block_id * block_size




def flip_byte(path: Path) -> None:
    """Flip one byte inside the interactions' data, as a failing disk would."""
    offset = interactions_block(path) + 64
    with path.open("r+b") as f:
        f.seek(offset)
        byte = f.read(1)
        f.seek(offset)
        f.write(bytes([byte[0] ^ 0xFF]))


def cut_in_half(path: Path) -> None:
    """Cut the file to half its length, as a copy that stopped part-way leaves it."""
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


FULL_DISK = textwrap.dedent("""
    import json, os, shutil, sys
    sys.path.insert(0, os.getcwd())
    from kam_analytics import ingest, settings
    from kam_analytics.store import CannotWrite, DuckDBStore

    settings.SNAPSHOT_HOURS = 0  # a copy of the whole file before every import

    SAMPLE = [("kam_sample.xlsx", open("data/sample/kam_sample.xlsx", "rb").read())]

    def save(store, name, mode=None):  # 2,115 interactions; "b" reads hours as minutes
        return ingest.run_import(store, SAMPLE, mode=mode, isolate=False, header_map={
            "manager hours": "hours" if name == "a" else "hours_minutes"})

    def fill(folder):  # until the disk says it is full
        with open(os.path.join(folder, "filler"), "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"x" * 4096)
            except OSError:
                pass

    out = {}
    folder = sys.argv[1]
    for case, kept in (("commit", 0), ("backup", 2)):
        path = os.path.join(folder, case + ".duckdb")
        store = DuckDBStore(path, backups_kept=kept)
        save(store, "a")
        before = store.content_digest()
        fill(folder)
        try:
            save(store, "b", mode="append")
            out[case] = "stored"
        except CannotWrite as exc:
            out[case] = str(exc)
        os.remove(os.path.join(folder, "filler"))
        out[case + "_unchanged"] = store.content_digest() == before
        save(store, "b", mode="append")  # space freed: the same import goes through
        out[case + "_after"] = store.contents()["imports"]
        store.close()
        for name in os.listdir(folder):  # room for the next case
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
            if os.path.isfile(os.path.join(folder, name)):
                os.remove(os.path.join(folder, name))
    print(json.dumps(out))
""")




def full_disk_outcomes(work: Path) -> dict:
    """Return what imports into stores on a full 16 MB file system said (``commit``,
    ``backup``), whether each store was unchanged and how many imports each holds after
    space was freed and the import run again."""
    folder = work / "small"
    folder.mkdir()
    script = work / "full_disk.py"
    script.write_text(FULL_DISK)
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c",
         f'mount -t tmpfs -o size=16m tmpfs "{folder}" && "{sys.executable}" "{script}" '
         f'"{folder}"'], cwd=settings.REPO_ROOT, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def as_other_user(*args: str) -> subprocess.CompletedProcess:
    """Run the CLI as a user other than the files' owner (root runs it as nobody)."""
    command = [sys.executable, "-m", "kam_analytics", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, cwd=settings.REPO_ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(settings.REPO_ROOT)})


