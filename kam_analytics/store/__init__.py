"""The store: the one gateway to stored data (imports, settings, mappings, scoped reads).

``Store`` is the protocol every caller annotates with; ``open_store`` opens one, choosing the
engine from the location: a file path ``DuckDBStore``, a ``postgresql://`` address
``postgres_store.PostgresStore``. Backups are DuckDB files kept beside a DuckDB store.
"""

from kam_analytics.store.duckdb_store import (
    DuckDBStore,
    RestoreOutcome,
    backups,
    restore_backup,
)
from kam_analytics.store.factory import open_store
from kam_analytics.store.protocol import (
    AUDITED,
    ENTERED,
    EVERYONE,
    HEALTH_COLUMNS,
    MANAGER_RULE,
    CannotWrite,
    CurrencyMismatch,
    EngineNotAvailable,
    ImportOutcome,
    NeedsDecision,
    Scope,
    Store,
    StoreBusy,
)

__all__ = [
    "AUDITED", "ENTERED", "EVERYONE", "HEALTH_COLUMNS", "MANAGER_RULE", "CannotWrite",
    "CurrencyMismatch", "DuckDBStore",
    "EngineNotAvailable", "ImportOutcome", "NeedsDecision", "RestoreOutcome", "Scope", "Store",
    "StoreBusy", "backups", "open_store", "restore_backup",
]
