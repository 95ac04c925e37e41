"""Handing work to the program that holds a DuckDB store: while the dashboard runs, it holds the
file (DuckDB lets no other process open it, not even read-only), so a command-line import,
restore or read is sent to the dashboard and run there, on its connection, in its turns.

The dashboard serves its store (``serve``) on a Unix socket only its own user can reach; a
program that finds the file held asks ``handed_store`` for a stand-in that sends each ``Store``
call there and gives back its result or its error. The dashboard keeps its connection and its
cache, so its pages are as fast as before (benchmarks/handover.py); the file is never opened by
two processes, so nothing can be half-written by either.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import inspect
import os
import re
import socket
import struct
import tempfile
import threading
from collections.abc import Iterator
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any

from kam_analytics.i18n import msg
from kam_analytics.store.protocol import Store, StoreBusy

HELLO_WAIT = 5.0  # seconds the holder may take to answer a new connection before busy
REPLY_WAIT = 600.0  # seconds a call may run in the holder (a large import) before busy

# The calls a stand-in may send: the protocol's, but closing or holding a snapshot of the
# holder's store; and the DuckDB store's own backup calls.
CALLS = frozenset(
    {name for name, member in vars(Store).items()
     if inspect.isfunction(member) and not name.startswith("_")} - {"close", "snapshot"}
    | {"restore_points", "restore_to"})
ATTRIBUTES = frozenset({"backups_kept"})


def address(db_path: str | Path) -> Path:
    """Return the socket on which the holder of ``db_path`` serves it: in a folder of this
    user's only (a socket's path is limited to 107 bytes, a store's path is not)."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    key = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:24]
    return base / f"kam-{os.getuid()}" / f"{key}.sock"


def _own_folder(folder: Path) -> bool:
    """Return whether ``folder`` is this user's alone (made so if missing)."""
    folder.mkdir(mode=0o700, exist_ok=True)
    st = folder.lstat()
    return st.st_uid == os.getuid() and not st.st_mode & 0o077 and folder.is_dir()


def _peer_uid(conn: Connection) -> int:
    """Return the user id of the process at the other end of a Unix socket."""
    with socket.socket(fileno=os.dup(conn.fileno())) as sock:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


class Server:
    """Serves one open store to programs of the same user: a thread accepting connections and
    a thread per connection running its calls one after the other (so a stand-in's calls share
    that thread's cursor, as a session's do)."""

    def __init__(self, store: Store, db_path: Path):
        self.store = store
        self.address = address(db_path)
        if not _own_folder(self.address.parent):
            raise OSError(f"{self.address.parent} is not this user's own folder")
        # Only the holder of the file serves it, so a socket left here is a dead holder's.
        self.address.unlink(missing_ok=True)
        self._listener = Listener(str(self.address), family="AF_UNIX")
        self._closed = False
        threading.Thread(target=self._accept, name="kam-handover", daemon=True).start()
        atexit.register(self.close)  # a server stopped (Ctrl+C, SIGTERM) leaves no socket

    def close(self) -> None:
        """Stop serving: no new connection is taken; the socket is removed."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.close()
        self.address.unlink(missing_ok=True)

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn = self._listener.accept()
            except OSError:  # closed
                return
            try:
                stranger = _peer_uid(conn) != os.getuid()
            except OSError:  # gone already
                stranger = True
            if stranger:
                conn.close()
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: Connection) -> None:
        with conn, contextlib.ExitStack() as snapshot:
            try:
                conn.send({"pid": os.getpid()})
            except OSError:  # gone already
                return
            while True:
                try:
                    kind, name, args, kwargs = conn.recv()
                except (EOFError, OSError):
                    return
                try:
                    if kind == "snapshot":  # entered, or left (name False)
                        result = snapshot.enter_context(self.store.snapshot()) if name \
                            else snapshot.close()
                    elif kind == "attr" and name in ATTRIBUTES:
                        result = getattr(self.store, name)
                    elif kind == "call" and name in CALLS:
                        result = getattr(self.store, name)(*args, **kwargs)
                    else:
                        raise AttributeError(f"{name!r} is not a store call")
                    reply = ("ok", result)
                except Exception as exc:  # noqa: BLE001 - every error goes back to the caller
                    reply = ("error", exc)
                try:
                    conn.send(reply)
                except (EOFError, OSError):
                    return
                except Exception as exc:  # noqa: BLE001 - an error that cannot be pickled
                    conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def serve(store: Store, db_path: Path) -> Server | None:
    """Return a server handing ``store`` to other programs of this user, or None when no
    socket can be made here (the store then works as before, held alone)."""
    try:
        return Server(store, db_path)
    except OSError:
        return None


class HandedStore:
    """A stand-in for the store held by another program: each ``Store`` call is run there,
    in its turn with its own sessions' writes, and its result or error comes back."""

    def __init__(self, path: Path, conn: Connection, holder_pid: int):
        self.path = path
        self.holder_pid = holder_pid
        self._conn = conn
        self._lock = threading.Lock()

    def _ask(self, kind: str, name: str | bool, args: tuple = (), kwargs: dict | None = None
             ) -> Any:
        with self._lock:
            try:
                self._conn.send((kind, name, args, kwargs or {}))
                if not self._conn.poll(REPLY_WAIT):
                    raise StoreBusy(msg("busy.holder_silent", path=str(self.path),
                                        pid=self.holder_pid, seconds=int(REPLY_WAIT)))
                status, value = self._conn.recv()
            except (EOFError, OSError) as exc:
                raise StoreBusy(msg("busy.holder_gone", path=str(self.path),
                                    pid=self.holder_pid)) from exc
        if status == "error":
            raise value
        return value

    def __getattr__(self, name: str) -> Any:
        if name in ATTRIBUTES:
            return self._ask("attr", name)
        if name not in CALLS:
            raise AttributeError(name)
        return lambda *args, **kwargs: self._ask("call", name, args, kwargs)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Hold one read snapshot in the holder while the block runs."""
        self._ask("snapshot", True)
        try:
            yield
        finally:
            self._ask("snapshot", False)

    def close(self) -> None:
        """Close the connection to the holder; closing twice does nothing."""
        with contextlib.suppress(OSError):
            self._conn.close()


def handed_store(db_path: str | Path) -> HandedStore | None:
    """Return a stand-in for the store at ``db_path`` served by the program holding it, or
    None when no program serves it (then the file's holder is another command, or a dashboard
    of a version before this one)."""
    where = address(db_path)
    try:
        if where.parent.lstat().st_uid != os.getuid() or where.lstat().st_uid != os.getuid():
            return None  # someone else's socket: never send them the data
        conn = Client(str(where), family="AF_UNIX")
    except OSError:  # none, or left by a holder that has stopped
        return None
    if not conn.poll(HELLO_WAIT):
        conn.close()
        return None
    try:
        hello = conn.recv()
    except (EOFError, OSError):
        return None
    return HandedStore(Path(db_path), conn, int(hello["pid"]))


_PID = re.compile(r"\(PID (\d+)\)")


def holder(lock_error: str) -> tuple[int, str] | None:
    """Return the process id and command line of the program holding a store, read from
    DuckDB's lock error ("Conflicting lock is held in ... (PID 123)"), or None."""
    found = _PID.search(lock_error)
    if not found:
        return None
    pid = int(found.group(1))
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return pid, "?"
    words = [w for w in raw.decode(errors="replace").split("\0") if w]
    return pid, " ".join(Path(words[0]).name.split() + words[1:])[:200] if words else "?"
