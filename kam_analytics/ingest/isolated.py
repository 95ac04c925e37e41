"""The whole check of an upload in a child process, for the server: reading, finding tables and
checking every cell happen where no upload can take the server's memory or its interpreter
from the other sessions, under the sandbox's limits; only the finished batch comes back.

The child (``python -m`` this module) reads a job from stdin (a JSON line, then the files'
bytes), runs ``pipeline.prepare_import`` and writes framed messages to stdout: progress as
JSON, then the batch as JSON (problems as keys and fields, tables as plain fields) and each
frame as an Arrow IPC stream. Nothing it sends can make the parent run code: JSON and Arrow
are data, and each Arrow table is validated before use.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import io
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pandas as pd
import pyarrow as pa

from kam_analytics import settings
from kam_analytics.i18n import Message
from kam_analytics.ingest import pipeline, sandbox
from kam_analytics.ingest.batch import ClientVariants, ImportBatch, SheetTable
from kam_analytics.ingest.problems import Problem, UnknownMethod

_HEADER = struct.Struct(">cQ")  # kind (P progress, R result), payload length
_PROGRESS, _RESULT = b"P", b"R"
_slots = threading.BoundedSemaphore(settings.SANDBOX_PARALLEL)


# ---- the batch as data ---------------------------------------------------------------------
def _frame_bytes(frame: pd.DataFrame) -> bytes:
    sink = io.BytesIO()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _text_kinds(frame: pd.DataFrame) -> dict[str, str]:
    """Return how each text column holds its texts: Python objects or pandas' strings (Arrow
    brings both back as strings)."""
    kinds = {}
    for column, dtype in frame.dtypes.items():
        held = dtype.categories.dtype if isinstance(dtype, pd.CategoricalDtype) else dtype
        kinds[str(column)] = "object" if pd.api.types.is_object_dtype(held) else "other"
    return kinds


def _frame_of(data: bytes, kinds: dict[str, str]) -> pd.DataFrame:
    table = pa.ipc.open_stream(data).read_all()
    table.validate(full=True)
    frame = table.to_pandas()
    for column in frame.columns:  # texts held as the pipeline held them
        if kinds.get(str(column)) != "object":
            continue
        dtype = frame[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            if not pd.api.types.is_object_dtype(dtype.categories.dtype):
                frame[column] = frame[column].cat.rename_categories(
                    pd.Index(dtype.categories, dtype=object))
        elif not pd.api.types.is_object_dtype(dtype):
            frame[column] = frame[column].astype(object)
    return frame


def _unknown_data(u: UnknownMethod) -> dict:
    return {"label": u.label, "rows": u.rows, "first_rows": list(u.first_rows),
            "files": [f.to_data() for f in u.files], "suggestions": list(u.suggestions)}


def _unknown_of(d: dict) -> UnknownMethod:
    return UnknownMethod(d["label"], int(d["rows"]), [int(r) for r in d["first_rows"]],
                         [Message.from_data(f) for f in d["files"]],
                         tuple(str(s) for s in d["suggestions"]))


def encoded_batch(batch: ImportBatch) -> tuple[dict, dict[str, bytes]]:
    """Return a batch as JSON-ready fields and Arrow streams of its frames."""
    fields, frames = {}, {}
    for f in dataclasses.fields(ImportBatch):
        value = getattr(batch, f.name)
        if isinstance(value, pd.DataFrame):
            frames[f.name] = _frame_bytes(value)
            fields[f"{f.name}.texts"] = _text_kinds(value)
        elif f.name in ("errors", "warnings"):
            fields[f.name] = [p.to_data() for p in value]
        elif f.name == "tables":
            fields[f.name] = [dataclasses.asdict(tb) for tb in value]
        elif f.name == "unknown_methods":
            fields[f.name] = [_unknown_data(u) for u in value]
        elif f.name == "client_variants":
            fields[f.name] = [dataclasses.asdict(g) for g in value]
        elif f.name == "methods_by_words":  # each note is one of the warnings: its position
            fields[f.name] = {label: next(i for i, w in enumerate(batch.warnings) if w is note)
                              for label, note in value.items()}
        else:  # plain data: names, digests, mappings, choices
            fields[f.name] = value
    return fields, frames


def decoded_batch(fields: dict, frames: dict[str, bytes]) -> ImportBatch:
    """Return the batch ``encoded_batch`` turned into data."""
    values = {}
    for f in dataclasses.fields(ImportBatch):
        if f.name in frames:
            values[f.name] = _frame_of(frames[f.name], fields.get(f"{f.name}.texts", {}))
        elif f.name in ("errors", "warnings"):
            values[f.name] = [Problem.from_data(p) for p in fields[f.name]]
        elif f.name == "tables":
            values[f.name] = [SheetTable(**tb) for tb in fields[f.name]]
        elif f.name == "unknown_methods":
            values[f.name] = [_unknown_of(u) for u in fields[f.name]]
        elif f.name == "client_variants":
            values[f.name] = [ClientVariants(str(g["key"]), [(str(n), int(c))
                                                            for n, c in g["spellings"]])
                              for g in fields[f.name]]
        elif f.name == "files":
            values[f.name] = [(str(n), str(d)) for n, d in fields[f.name]]
        elif f.name == "unknown_methods_more":
            values[f.name] = tuple(int(n) for n in fields[f.name])
        elif f.name == "methods_by_words":  # the same notes as among the warnings
            values[f.name] = {label: values["warnings"][int(i)]
                              for label, i in fields[f.name].items()}
        else:
            values[f.name] = fields[f.name]
    return ImportBatch(**values)


# ---- the parent ----------------------------------------------------------------------------
_SPARE = sandbox.Spare(__spec__.name)


def prime() -> None:
    """Start a check child ahead of need, so an upload skips the ~0.4 s its libraries take
    to load and a first check's warm-up; does nothing if one is waiting (one idle process)."""
    _SPARE.prime()


def prepare_import(files: list[tuple[str, bytes]], *, header_map: dict[str, str] | None = None,
                   method_map: dict[str, str] | None = None,
                   progress: pipeline.Progress | None = None,
                   digests: list[str] | None = None, quarter: str | None = None,
                   client_map: dict[str, str] | None = None, memory_mb: int | None = None,
                   timeout_s: float | None = None,
                   checker: Callable[..., ImportBatch] | None = None) -> ImportBatch:
    """Return the batch ``pipeline.prepare_import`` makes of the files, made in a child process
    under the sandbox's limits; a child that dies or runs late is one problem naming the files.
    Raises ValueError for a ``quarter`` that names no quarter, as the pipeline does."""
    if quarter is not None:
        pipeline.checked_quarter(quarter)
    memory_mb = memory_mb or settings.CHECK_MEMORY_MB
    timeout_s = timeout_s or settings.SANDBOX_TIMEOUT_S
    checker = checker or pipeline.prepare_import
    job = json.dumps({"checker": [checker.__module__, checker.__qualname__],
                      "names": [n for n, _ in files], "sizes": [len(d) for _, d in files],
                      "header_map": header_map or {}, "method_map": method_map or {},
                      "digests": digests, "quarter": quarter, "client_map": client_map or {},
                      "memory_bytes": memory_mb * 1024**2,
                      "cpu_seconds": int(timeout_s) + 5}).encode() + b"\n"
    names = ", ".join(n for n, _ in files)
    with _slots:
        worker = _SPARE.take()
        child, stderr = worker.process, worker.stderr
        feeding = threading.Thread(target=_feed, args=(child, job, files), daemon=True)
        feeding.start()
        deadline = time.monotonic() + timeout_s
        result = None
        try:
            result = _answer(child, progress, deadline)
        finally:
            if result is None and child.poll() is None:
                child.kill()
            child.wait()  # after its answer the child exits at once
            feeding.join()
        try:
            if result is None:
                error = (sandbox.timeout_error(names, timeout_s)
                         if time.monotonic() >= deadline else sandbox.death(
                             names, child.returncode, sandbox.head_and_tail(stderr),
                             memory_mb))
                batch = pipeline.empty_batch(files)
                batch.errors.append(Problem(names, error.problem, error.fix))
                return batch
        finally:
            worker.discard()
    return result


def _feed(child: subprocess.Popen, job: bytes, files: list[tuple[str, bytes]]) -> None:
    try:
        child.stdin.write(job)
        for _, data in files:
            child.stdin.write(data)
        child.stdin.close()
    except (BrokenPipeError, OSError):  # the child died early: its exit says why
        pass


def _answer(child: subprocess.Popen, progress: pipeline.Progress | None,
            deadline: float) -> ImportBatch | None:
    """Return the child's batch, passing its progress on; None if it died or ran late."""
    stream = child.stdout
    while True:
        head = _read(stream, _HEADER.size, deadline)
        if head is None:
            return None
        kind, length = _HEADER.unpack(head)
        payload = _read(stream, length, deadline)
        if payload is None:
            return None
        if kind == _PROGRESS:
            if progress is not None:
                stage, fraction = json.loads(payload)
                progress(str(stage), float(fraction))
            continue
        meta_length = struct.unpack(">Q", payload[:8])[0]
        meta = json.loads(payload[8:8 + meta_length])
        frames, at = {}, 8 + meta_length
        for name, size in meta["frames"]:
            frames[name] = payload[at:at + size]
            at += size
        return decoded_batch(meta["fields"], frames)


def _read(stream, n: int, deadline: float) -> bytes | None:
    """Return exactly ``n`` bytes from the child, or None at its end or past the deadline."""
    chunks, need = [], n
    fd = stream.fileno()
    while need:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, min(need, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        need -= len(chunk)
    return b"".join(chunks)


# ---- the child -----------------------------------------------------------------------------
def _send(out, kind: bytes, payload: bytes) -> None:
    out.write(_HEADER.pack(kind, len(payload)))
    out.write(payload)
    out.flush()


_WARM_UP = (b"Date,Client,Method,Cost,Hours,Value,Manager\n"
            b"2026-07-01,Acme,Site visits,100.50,2,4,Ann\n"
            b"03.07.2026,Bolt,Staff training,1 200,1.5,,Ben\n")


def _child() -> None:
    """Read one job from stdin, check its files under limits, write the batch to stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints must not corrupt the answer
    # Warmed while it waits: a process's first check pays for first uses (Arrow's CSV
    # reader, compiled patterns, caches), which a waiting child can pay before the upload.
    pipeline.prepare_import([("warm-up.csv", _WARM_UP)], isolate=False)
    sandbox.prime()  # and a reader child of its own waits, in case the upload is a workbook
    # What the child has loaded stays to its end: set aside, the cycle collector's passes
    # during the check walk only what the check makes (a workbook of 1,000 sheets, measured in
    # one process: 0.19-0.27 s of CPU in full passes instead of 0.33-0.39 s).
    gc.collect()
    gc.freeze()
    job = json.loads(sys.stdin.buffer.readline())
    files = [(name, sys.stdin.buffer.read(size))
             for name, size in zip(job["names"], job["sizes"], strict=True)]
    sandbox.limit_self(job["memory_bytes"], job["cpu_seconds"])

    def report(stage: str, fraction: float) -> None:
        _send(out, _PROGRESS, json.dumps([stage, fraction]).encode())

    module, function = job["checker"]  # the pipeline's, or a test's misbehaving one
    checker = getattr(importlib.import_module(module), function)
    try:
        batch = checker(files, header_map=job["header_map"], method_map=job["method_map"],
                        progress=report, digests=job["digests"], quarter=job["quarter"],
                        client_map=job["client_map"])
    except MemoryError:
        os._exit(sandbox.OUT_OF_MEMORY)
    fields, frames = encoded_batch(batch)
    meta = json.dumps({"fields": fields, "frames": [[k, len(v)] for k, v in frames.items()]},
                      ensure_ascii=False).encode()
    _send(out, _RESULT, struct.pack(">Q", len(meta)) + meta + b"".join(frames.values()))
    os._exit(0)


if __name__ == "__main__":
    _child()
