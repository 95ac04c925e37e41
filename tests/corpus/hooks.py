"""Readers that misbehave on purpose, run in the sandbox's child by their "module:function"."""

from __future__ import annotations

import ctypes
import os
import sys
import time

from kam_analytics.i18n import msg
from kam_analytics.ingest import raw_sheets, readers, workbook


def aborts(name: str, data: bytes) -> list[raw_sheets.RawSheet]:
    """Die the way calamine does on some grids: SIGABRT, no exception to catch."""
    os.abort()


def segfaults(name: str, data: bytes) -> list[raw_sheets.RawSheet]:
    ctypes.string_at(0)
    return []


def hogs_memory(name: str, data: bytes) -> list[raw_sheets.RawSheet]:
    """Allocate until the address-space limit says no."""
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024**2))


def hangs(name: str, data: bytes) -> list[raw_sheets.RawSheet]:
    time.sleep(3600)
    return []


def raises(name: str, data: bytes) -> list[raw_sheets.RawSheet]:
    raise KeyError("a reader bug")


def chatters(name: str, data: bytes) -> list[raw_sheets.RawSheet]:
    """Print to stdout and stderr (C libraries do), then read the file normally."""
    print("noise on stdout " * 1000)
    sys.stdout.flush()
    os.write(1, b"raw noise on fd 1\n")
    print("noise on stderr", file=sys.stderr)
    return readers.read_file(name, data)


def reports_its_state(name: str, data: bytes) -> list[raw_sheets.RawSheet]:
    """Read the file normally, then refuse it with what the child's process looked like."""
    import gc

    sheets = readers.read_file(name, data)
    kept = workbook._kept
    raise raw_sheets.ReadError(name, msg("sandbox.failed", error=(
        f"collector on: {gc.isenabled()}; kept: {None if kept is None else len(kept)}; "
        f"sheets: {len(sheets)}")))


# ---- checks that misbehave, run in the check child (kam_analytics.ingest.isolated) ---------
def check_hogs_memory(files, **kwargs):
    """Allocate until the address-space limit says no."""
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024**2))


def check_aborts(files, **kwargs):
    """Die with no exception to catch, as a crashing library would."""
    os.abort()


def check_hangs(files, **kwargs):
    time.sleep(3600)
