"""Opening a store: ``open_store`` chooses the engine from the location it is given."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kam_analytics.i18n import msg
from kam_analytics.store.protocol import EngineNotAvailable, Store, StoreBusy

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_POSTGRES = ("postgresql", "postgres")


def open_store(location: str | Path, **options: Any) -> Store:
    """Return an open store at ``location``: a file path opens the DuckDB engine (options:
    read_only, backups_kept, write_wait, serve), or, when another program holds the file and
    serves it (the dashboard), a stand-in running each call there; a ``postgresql://`` URL
    (``postgresql+psycopg://`` too) the PostgreSQL engine (options: read_only, write_wait).

    Any other URL scheme raises EngineNotAvailable.
    """
    if isinstance(location, str):
        url = _URL.match(location)
        if url:
            scheme = url.group(1).lower().split("+")[0]
            if scheme not in _POSTGRES:
                raise EngineNotAvailable(msg("store.engine_unknown", scheme=scheme))
            from kam_analytics.store.postgres_store import PostgresStore

            plain = "postgresql://" + location[url.end():]
            return PostgresStore(plain, write_wait=options.get("write_wait"),
                                 read_only=options.get("read_only", False))
    from kam_analytics.store import duckdb_handover
    from kam_analytics.store.duckdb_store import DuckDBStore

    try:
        return DuckDBStore(location, **options)
    except StoreBusy as exc:
        if exc.message.key != "busy.in_use_by":  # not held by another program
            raise
        handed = duckdb_handover.handed_store(location)
        if handed is None:
            raise
        return handed
