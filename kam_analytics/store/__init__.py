"""The store: the one gateway to stored data (imports, settings, mappings, scoped reads),
its DuckDB engine, and the backups kept beside the file."""

from kam_analytics.store.duckdb_store import (
    EVERYONE,
    ImportOutcome,
    NeedsDecision,
    RestoreOutcome,
    Scope,
    Store,
    StoreBusy,
    backups,
    restore_backup,
)

__all__ = [
    "EVERYONE", "ImportOutcome", "NeedsDecision", "RestoreOutcome", "Scope", "Store",
    "StoreBusy", "backups", "restore_backup",
]
