"""Reading an upload where a crash cannot reach the server: a child process with limits.

The child (``python -m`` this module) gets the file on stdin, caps its own address
space, core dumps and CPU time, runs ``readers.read_file`` and writes the raw sheets back on
stdout. Whatever the file does to the reader — abort the process (calamine on some grids),
exhaust memory (zip bombs), loop — the parent sees a dead or late child and reports it as a
``ReadError`` a manager can act on.

Only primitives cross the pipe in either direction (each column is sent as its codes and its
distinct cells as typed arrays of bytes and strings), and they are unpickled by an unpickler
that refuses every class: a child subverted by a crafted file still cannot make the parent run code.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import gc
import importlib
import io
import itertools
import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from kam_analytics import settings
from kam_analytics.i18n import Message, msg
from kam_analytics.ingest import formats, raw_sheets, readers, workbook
from kam_analytics.ingest.raw_sheets import RawSheet, ReadError

# What the child runs: a module-level function, sent to the child by its own module and name,
# so a move of either module cannot silently break the child.
READER: Callable[[str, bytes], list[RawSheet]] = readers.read_file_isolated
# The folder holding the top-level package, whatever room this module sits in.
PACKAGE_ROOT = Path(__file__).resolve().parents[__spec__.name.count(".")]
_STDERR_CAP = 16 * 1024**2  # bytes of diagnostics the child may write before it is stopped
_slots = threading.BoundedSemaphore(settings.SANDBOX_PARALLEL)


_READY = b"R"  # the child's first byte: libraries loaded, waiting for its job


class Worker:
    """A child process running ``module`` (started now, loading its libraries) and its stderr
    file."""

    def __init__(self, module: str) -> None:
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-B", "-m", module], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self.stderr, cwd=PACKAGE_ROOT, env=child_env())
        self.ready = False  # whether its ready byte was already read

    def alive(self) -> bool:
        return self.process.poll() is None

    def discard(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if not stream.closed:
                with contextlib.suppress(OSError):
                    stream.close()
        self.stderr.close()


class Spare:
    """At most one child of ``module`` started ahead of need and waiting for its job, so the
    next job skips the time Python and its libraries take to load (one idle process)."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.worker: Worker | None = None
        self._lock = threading.Lock()
        atexit.register(self.discard)

    def prime(self) -> Worker:
        """Return the waiting child, started now if none is alive."""
        with self._lock:
            if self.worker is not None and not self.worker.alive():
                self.worker.discard()
                self.worker = None
            if self.worker is None:
                self.worker = Worker(self.module)
            return self.worker

    def take(self) -> Worker:
        """Return the waiting child if there is a live one, else a new one; none waits after."""
        with self._lock:
            worker, self.worker = self.worker, None
        if worker is not None and worker.alive():
            return worker
        if worker is not None:
            worker.discard()
        return Worker(self.module)

    def discard(self) -> None:
        with self._lock:
            worker, self.worker = self.worker, None
        if worker is not None:
            worker.discard()


SPARE = Spare(__spec__.name)


def prime(*, wait: bool = False) -> None:
    """Start a reader child ahead of need: the next workbook read then skips the half second
    Python and its libraries take to load. Does nothing if one is waiting already; with
    ``wait``, returns once the child is ready. It costs one idle process (~100 MB)."""
    spare = SPARE.prime()
    if wait and not spare.ready:
        spare.ready = spare.process.stdout.read(1) == _READY


def is_workbook(data: bytes) -> bool:
    """Return whether the bytes are a zip or OLE2 container (xlsx, xlsm, xlsb, ods, xls)."""
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))


def read_file(name: str, data: bytes, *, memory_mb: int | None = None,
              timeout_s: float | None = None,
              reader: Callable[[str, bytes], list[RawSheet]] | None = None) -> list[RawSheet]:
    """Return the raw sheets of a file read in a child process; ReadError if it cannot be."""
    memory_mb = memory_mb or settings.SANDBOX_MEMORY_MB
    timeout_s = timeout_s or settings.SANDBOX_TIMEOUT_S
    reader = reader or READER
    job = pickle.dumps({"reader": (reader.__module__, reader.__qualname__),
                        "name": name, "data": data,
                        "memory_bytes": memory_mb * 1024**2,
                        "cpu_seconds": int(timeout_s) + 5}, protocol=5)
    with _slots:
        worker = SPARE.take()
        child, stderr = worker.process, worker.stderr
        with stderr:
            try:
                out, _ = child.communicate(job, timeout=timeout_s)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                raise timeout_error(name, timeout_s) from None
            except BaseException:
                child.kill()
                child.communicate()
                raise
            diagnostics = head_and_tail(stderr)
    if not worker.ready:  # the child says it is ready before it reads its job
        out = out[1:] if out.startswith(_READY) else b""
    if child.returncode != 0 or not out:
        # The child's reader scans an xlsx beside parsing it: a grid the scan refuses may
        # have killed the parse first. The scan (plain Python, bounded) says what is wrong.
        refusal = formats.xlsx_refusal(name, data) if reader == READER else None
        raise refusal or death(name, child.returncode, diagnostics, memory_mb)
    status, payload = _PrimitivesOnly.loads(out)
    if status == "ok":
        return [_decoded_sheet(sheet) for sheet in payload]
    if status == "refused":
        problem, fix = payload  # messages cross as key and fields: primitives only
        raise ReadError(name, Message.from_data(problem),
                        None if fix is None else Message.from_data(fix))
    if status == "memory":
        raise ReadError(name, msg("sandbox.memory", mb=memory_mb), msg("sandbox.fix.big"))
    raise ReadError(name, msg("sandbox.failed", error=str(payload)), msg("sandbox.fix.resave"))


def head_and_tail(stream, size: int = 16_384) -> str:
    """Return the start and the end of what the child wrote to stderr (a panic names its cause
    first, a Python traceback last)."""
    length = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    head = stream.read(size)
    stream.seek(max(size, length - size))
    return (head + b"\n" + stream.read(size)).decode(errors="replace")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Thread pools reserve address space per thread; the reader needs none of them.
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               RAYON_NUM_THREADS="1", PYTHONFAULTHANDLER="1")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def timeout_error(name: str, seconds: float) -> ReadError:
    """Return what to tell the user about a child stopped at its time limit."""
    return ReadError(name, msg("sandbox.timeout", seconds=seconds), msg("sandbox.fix.big"))


OUT_OF_MEMORY = 3  # the exit code of a child that caught its MemoryError


def death(name: str, returncode: int, diagnostics: str, memory_mb: int) -> ReadError:
    """Return what to tell the user about a child that died instead of answering."""
    out_of_memory = (returncode == OUT_OF_MEMORY
                     or "memory allocation of" in diagnostics or "MemoryError" in diagnostics
                     or "Cannot allocate memory" in diagnostics or "bad_alloc" in diagnostics
                     or returncode == -signal.SIGKILL)
    if out_of_memory:
        return ReadError(name, msg("sandbox.memory", mb=memory_mb), msg("sandbox.fix.big"))
    if returncode == -signal.SIGXCPU:
        return ReadError(name, msg("sandbox.timeout", seconds=settings.SANDBOX_TIMEOUT_S),
                         msg("sandbox.fix.big"))
    return ReadError(name, msg("sandbox.crashed"), msg("sandbox.fix.resave"))


class _PrimitivesOnly(pickle.Unpickler):
    """An unpickler for containers, numbers, strings and bytes only: no class is ever loaded."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} may not cross the sandbox boundary")

    @classmethod
    def loads(cls, data: bytes):
        return cls(io.BytesIO(data)).load()


# ---- cells as typed columns -----------------------------------------------------------------

_NONE, _STR, _FLOAT, _INT, _BOOL, _DATETIME, _DATE, _OTHER = range(8)
_TAGS = {type(None): _NONE, str: _STR, float: _FLOAT, int: _INT, bool: _BOOL,
         dt.datetime: _DATETIME, dt.date: _DATE}
_PACKED = {_FLOAT: "float64", _INT: "int64", _BOOL: "bool", _DATETIME: "datetime64[us]",
           _DATE: "datetime64[D]"}


def _encoded_column(cells: pd.Series) -> dict:
    """Return a dictionary-encoded column as its codes plus its distinct cells encoded."""
    column = cells.array if isinstance(cells.dtype, pd.CategoricalDtype) else \
        raw_sheets.dictionary_column(cells.to_numpy(dtype=object))
    # The codes cross in the narrowest type that holds them (one byte for up to 127 cells).
    return {"codes": column.codes.tobytes(), "code_bytes": column.codes.dtype.itemsize,
            "categories": _encoded_values(column.categories.to_numpy(dtype=object))}


def _decoded_categorical(column: dict) -> pd.Categorical:
    """Return the categorical an encoded column describes (codes checked against the cells)."""
    if column["code_bytes"] not in (1, 2, 4, 8):
        raise pickle.UnpicklingError("column codes of an unknown width")
    codes = np.frombuffer(column["codes"], f"i{column['code_bytes']}").copy()
    categories = _decoded_column(column["categories"])
    if len(codes) and not -1 <= codes.min() <= codes.max() < len(categories):
        raise pickle.UnpicklingError("column codes out of range")
    # Values that crossed as text (huge ints, odd types) may now equal another text: folded
    # (as a missing cell sent as a category would be). The other cells crossed as themselves.
    text = column["categories"]["text"]
    if len(set(text)) < len(text) or _NONE in column["categories"]["tags"]:
        folded, categories = pd.factorize(categories, use_na_sentinel=True)
        codes = np.append(folded, -1)[codes]  # -1 (missing) stays -1
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object),
                                     validate=False)


def _encoded_values(values: np.ndarray) -> dict:
    """Return cells as type tags plus one primitive array per type."""
    values = values.copy()
    tags = np.fromiter(map(_TAGS.get, map(type, values), itertools.repeat(_OTHER)), np.int8,
                       len(values))
    at_int = np.flatnonzero(tags == _INT)
    if len(at_int):  # ints beyond 64 bits travel as their text
        huge = np.fromiter((not -2**63 <= v < 2**63 for v in values[at_int]), bool, len(at_int))
        tags[at_int[huge]] = _OTHER
    packed: dict[int, bytes] = {}
    for tag, dtype in _PACKED.items():
        at = tags == tag
        if at.any():
            try:
                packed[tag] = _packed(values[at], tag, dtype)
            except (OverflowError, ValueError, TypeError):  # a value numpy cannot hold
                tags[at] = _OTHER
    other = tags == _OTHER
    if other.any():
        values[other] = [str(v) for v in values[other]]
        tags[other] = _STR
    return {"n": len(values), "tags": tags.tobytes(), "packed": packed,
            "text": values[tags == _STR].tolist()}


def _packed(values: np.ndarray, tag: int, dtype: str) -> bytes:
    if tag in (_DATETIME, _DATE):
        # pandas converts datetime objects in C, ten times faster than numpy does.
        stamps = pd.to_datetime(values).as_unit("us").asi8
        return (stamps // 86_400_000_000 if tag == _DATE else stamps).tobytes()
    return np.array(values.tolist(), dtype=dtype).tobytes()


def _decoded_column(column: dict) -> np.ndarray:
    """Return the object array of cells an encoded column describes."""
    tags = np.frombuffer(column["tags"], np.int8)
    if len(tags) != column["n"]:
        raise pickle.UnpicklingError("column length mismatch")
    out = np.full(len(tags), None, dtype=object)
    text = np.empty(len(column["text"]), dtype=object)
    text[:] = column["text"]
    out[tags == _STR] = text
    for tag, blob in column["packed"].items():
        if tag == _BOOL:
            values = np.frombuffer(blob, np.uint8).astype(bool)
        else:
            values = np.frombuffer(blob, np.int64 if tag in (_DATETIME, _DATE, _INT)
                                   else np.float64)
            if tag in (_DATETIME, _DATE):
                values = values.view(_PACKED[tag])
        out[tags == tag] = values.astype(object)
    return out


def _encoded_sheet(sheet: RawSheet) -> dict:
    return {
        "file_name": sheet.file_name, "sheet": sheet.sheet, "hidden": sheet.hidden,
        "decimal_hint": sheet.decimal_hint, "encoding": sheet.encoding,
        "delimiter": sheet.delimiter, "hidden_rows": list(sheet.hidden_rows),
        "uncalculated": [list(c) for c in sheet.uncalculated],
        "merged": [list(m) for m in sheet.merged], "macros": sheet.macros,
        "row_numbers": sheet.row_numbers.to_numpy(dtype=np.int64).tobytes(),
        "columns": [_encoded_column(sheet.cells[c]) for c in sheet.cells.columns],
    }


def _decoded_sheet(sheet: dict) -> RawSheet:
    columns = [_decoded_categorical(c) for c in sheet["columns"]]
    rows = np.frombuffer(sheet["row_numbers"], np.int64).copy()
    if any(len(c) != len(rows) for c in columns):
        raise pickle.UnpicklingError("column length mismatch")
    cells = pd.DataFrame(dict(enumerate(columns)), index=pd.RangeIndex(len(rows)),
                         copy=False)  # the columns are new: nothing to copy
    return RawSheet(
        file_name=sheet["file_name"], sheet=sheet["sheet"], cells=cells,
        row_numbers=pd.Series(rows, dtype="int64"),
        hidden=bool(sheet["hidden"]), decimal_hint=sheet["decimal_hint"],
        encoding=sheet["encoding"], delimiter=sheet["delimiter"],
        hidden_rows=tuple(int(r) for r in sheet["hidden_rows"]),
        uncalculated=tuple((int(r), int(c)) for r, c in sheet["uncalculated"]),
        merged=tuple(tuple(int(x) for x in m) for m in sheet["merged"]),
        macros=bool(sheet["macros"]),
    )


# ---- the child -------------------------------------------------------------------------------

def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (_STDERR_CAP, _STDERR_CAP))


def _child() -> None:
    """Read one job from stdin, run it under limits and write its outcome to stdout."""
    # The child lives for one file: it never runs the cycle collector (calamine hands over a
    # list per row, and the collections those allocations trigger, each walking every list
    # made so far, made a 200,000-row sheet's conversion to Python 0.19 s instead of 0.07 s)
    # and never frees what it read.
    gc.disable()
    workbook.keep_until_exit()
    result_stream = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything the reader prints must not corrupt the result
    result_stream.write(_READY)
    result_stream.flush()
    job = _PrimitivesOnly(sys.stdin.buffer).load()
    module, function = job["reader"]
    reader = getattr(importlib.import_module(module), function)
    limit_self(job["memory_bytes"], job["cpu_seconds"])
    try:
        sheets = reader(job["name"], job["data"])
        del job
        result = ("ok", [_encoded_sheet(sheet) for sheet in sheets])
    except raw_sheets.ReadError as exc:
        result = ("refused", (exc.problem.to_data(),
                              None if exc.fix is None else exc.fix.to_data()))
    except MemoryError:
        result = ("memory", "")
    except Exception as exc:  # a reader bug: reported as an unreadable file, not raised
        result = ("failed", f"{type(exc).__name__}: {exc}")
    pickle.dump(result, result_stream, protocol=5)
    result_stream.flush()
    os._exit(0)  # now, even with a refused workbook's parse still running in its thread


if __name__ == "__main__":
    _child()
