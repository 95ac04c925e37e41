"""What every store engine offers: the ``Store`` protocol that pages, the CLI, exports and tests
use, and the engine-neutral types it speaks (scopes, outcomes, the errors callers handle).

Two engines implement it: DuckDB (``duckdb_store.DuckDBStore``, a file) and PostgreSQL
(``postgres_store.PostgresStore``, a server), both checked by the same conformance suite
(tests/store/test_conformance.py).
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import pandas as pd

from kam_analytics import settings
from kam_analytics.i18n import MessageError, msg

# The rule deciding a client's manager, declared once: the engines implement it in SQL and the
# README quotes it (tests/store/test_conformance.py checks both).
MANAGER_RULE = (
    "A client listed in a Clients sheet takes that sheet's manager (the newest active import "
    "listing the client wins). Otherwise the client takes the manager named on most of its "
    "active interactions; a tie goes to the tied manager named on the client's latest "
    "interaction (latest date, then newest import, then highest source row), and a tie left "
    "after that to the manager first in alphabetical order. Interactions naming no manager are "
    "not counted."
)


# The optional relationship-health columns of an interaction, as stored (ingest/schema.py's
# HEALTH_COLUMNS declares how they are read; tests/store/test_conformance.py checks both agree).
# A frame given to save_import without them stores them empty.
HEALTH_COLUMNS = ("event_type", "promised_date", "delivered_date", "kept", "received_at",
                  "responded_at", "resolved_at", "in_writing", "contact_role")


@dataclass(frozen=True)
class Scope:
    """Whose accounts a viewer may see: ``managers=None`` means every account."""

    managers: frozenset[str] | None = None

    def bound(self) -> list[str] | None:
        """Return the managers as a sorted list for a query parameter, or None for everyone."""
        return None if self.managers is None else sorted(self.managers)


EVERYONE = Scope()

# What the audit log records: imports (append or replace), restores, settings and mappings
# changed, valuations entered, exports made (deck, report, PDF, alias key, surveys).
AUDITED: tuple[str, ...] = ("import", "restore", "settings", "mapping", "valuations", "export")


class StoreBusy(MessageError):
    """The store cannot take this now, nothing was changed, try again shortly: another program
    holds the file, or other sessions' writes kept it busy too long."""


class CannotWrite(MessageError):
    """The store could not be written (a full disk, no permission, a read-only folder); the
    write was rolled back and nothing was changed."""


class EngineNotAvailable(MessageError):
    """The location names a store engine this version cannot open yet."""


class CurrencyMismatch(MessageError):
    """The import's amounts are in another currency than the store's: convert them first."""

    def __init__(self, currency: str, stored: str):
        super().__init__(msg("currency.mismatch", currency=currency, stored=stored))
        self.currency = currency
        self.stored = stored


class NeedsDecision(Exception):
    """The import's quarters already hold data: append alongside or replace them."""

    def __init__(self, quarters: list[str], imports: pd.DataFrame):
        self.quarters = quarters
        self.imports = imports
        super().__init__(", ".join(quarters))


@dataclass
class ImportOutcome:
    """What an import did: stored ("imported") or found identical to an earlier one
    ("unchanged"), with its number, counts, quarters and the imports it replaced."""

    status: str  # "imported" | "unchanged"
    import_id: int
    rows: int
    clients: int
    quarters: list[str]
    replaced: list[int] = field(default_factory=list)
    valuations: int = 0
    batch: object | None = None  # the ingest batch, for its warnings


# A valuation entered in the app, as ``save_valuation_entries`` takes it (value None or NaN:
# the entry clears the cell's valuation) and ``valuation_history`` returns it with the
# imported ones.
ENTRY_COLUMNS = ["quarter", "client", "method", "value", "comment"]
HISTORY_COLUMNS = ["quarter", "client", "method", "value", "comment", "source", "source_id",
                   "entered_by", "valued_at", "in_force"]
ENTERED = "entered"  # valuation_history's source of a valuation entered in the app
_QUARTER = re.compile(r"^\d{4}Q[1-4]$")


def checked_entries(entries: pd.DataFrame, entered_by: str) -> pd.DataFrame:
    """Return valuation entries as every engine stores them (values as floats, NaN as None,
    blank comments as None); ValueError naming the first row that cannot be stored: a quarter
    not like 2026Q3, no client or method, a value outside 1-5, no one entering them."""
    if not str(entered_by or "").strip():
        raise ValueError("a valuation entry needs the name of who enters it")
    out = entries.reindex(columns=ENTRY_COLUMNS).reset_index(drop=True)
    value = pd.to_numeric(out["value"], errors="coerce")
    for i, row in out.iterrows():
        if not _QUARTER.match(str(row["quarter"])):
            raise ValueError(f"entry {i + 1}: {row['quarter']!r} is not a quarter such as 2026Q3")
        if not str(row["client"] or "").strip() or not str(row["method"] or "").strip():
            raise ValueError(f"entry {i + 1}: a client and a method are needed")
        given = row["value"] is not None and not pd.isna(row["value"])
        if given and not settings.RATING_MIN <= value[i] <= settings.RATING_MAX:
            raise ValueError(f"entry {i + 1}: {row['value']!r} is not a value from "
                             f"{settings.RATING_MIN} to {settings.RATING_MAX}")
    comment = [None if c is None or pd.isna(c) or not str(c).strip() else str(c).strip()
               for c in out["comment"]]
    values = [None if pd.isna(v) else float(v) for v in value]
    return out.assign(value=pd.Series(values, dtype=object),
                      comment=pd.Series(comment, dtype=object))


@runtime_checkable
class Store(Protocol):
    """The one gateway to stored data: imports, settings, mappings and scoped reads.

    Every write is one transaction taking its turn with the other sessions' writes; reads see
    committed data only. Frames come back with the columns and dtypes named below, whatever the
    engine: money (``cost``, ``annual_revenue``, ``margin``) is stored exactly and read as float64.
    """

    backups_kept: int  # copies of the store kept from before each import (0: none)

    def close(self) -> None:
        """Release the store's connection; closing twice does nothing."""

    def snapshot(self) -> AbstractContextManager[None]:
        """Return a context in which this thread's reads all see one committed state."""

    # ---- settings and mappings ----------------------------------------------------------------
    def setting(self, key: str) -> str:
        """Return a stored setting, or its default (KeyError for an unknown key)."""

    def hourly_rate(self) -> float:
        """Return the hourly rate that turns managers' hours into money."""

    def currency(self) -> str:
        """Return the store's currency code."""

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (KeyError for an unknown key)."""

    def mappings(self, kind: str) -> dict[str, str]:
        """Return saved mappings of ``kind`` ('header' or 'method'): normalised source -> target."""

    def saved_mappings(self) -> pd.DataFrame:
        """Return every saved mapping with where it came from: kind, source, target,
        import_id (None: entered in the settings), created_at, file_names of that import."""

    def save_mappings(self, kind: str, pairs: dict[str, str],
                      import_id: int | None = None) -> None:
        """Save mappings of ``kind``, replacing earlier ones of the same sources; ``import_id``
        is the import they were chosen for (None: entered in the settings)."""

    def remove_mapping(self, kind: str, source: str) -> bool:
        """Remove a saved mapping; return whether there was one."""

    # ---- imports ------------------------------------------------------------------------------
    def active_imports_for(self, quarters: list[str]) -> pd.DataFrame:
        """Return the active imports holding any of ``quarters``: import_id, imported_at,
        file_names, rows and the list of those quarters each holds, oldest first."""

    def save_import(self, *, file_names: list[str], sha256: str, interactions: pd.DataFrame,
                    clients: pd.DataFrame, valuations: pd.DataFrame, warnings: list[dict],
                    mode: str | None = None, reading: str | None = None,
                    currency: str | None = None) -> ImportOutcome:
        """Return the outcome of storing one import in one transaction: "unchanged" for files
        already imported and read the same way (``reading``); NeedsDecision when its quarters
        hold data and ``mode`` is None; "append" stores alongside, "replace" deactivates the
        overlapping quarters. ``currency``: the amounts' currency; the first import sets the
        store's, another one later raises CurrencyMismatch."""

    def restore_import(self, import_id: int) -> list[int]:
        """Make an earlier import active again for its quarters; return the imports it replaces
        (KeyError for an unknown import)."""

    def import_history(self) -> pd.DataFrame:
        """Return every import, newest first: import_id, imported_at, file_names, rows,
        quarters, mode, status ('active', 'partly replaced', 'replaced'), replaced_by, sha256,
        warnings, reading, currency."""

    def version(self) -> str:
        """Return a token that changes whenever stored data or settings change, and differs
        between two stores (a cache key: two stores at the same state are not one)."""

    # ---- reads, each limited to the viewer's scope --------------------------------------------
    def quarters(self, scope: Scope = EVERYONE) -> list[str]:
        """Return the quarters with active data the viewer may see, oldest first."""

    def client_dimension(self, scope: Scope = EVERYONE) -> pd.DataFrame:
        """Return the clients the viewer may see, by name: client, manager (see MANAGER_RULE),
        segment, annual_revenue, margin (the annual gross margin; missing where the Clients
        sheet gives none)."""

    def activity(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                 ) -> pd.DataFrame:
        """Return active interactions aggregated per quarter x client x method: interactions,
        cost, hours, rating_sum, rating_count; in no particular order."""

    def valuations(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                   ) -> pd.DataFrame:
        """Return the explicit valuations in force (per cell the newest of the active imports'
        and the entries; none where the newest entry cleared it): quarter, client, method,
        value, comment."""

    def record(self, who: str, action: str, detail: str) -> None:
        """Add to the audit log that ``who`` did ``action`` (one of ``AUDITED``) now, with
        ``detail`` saying to what."""

    def audit_log(self, limit: int = 1000) -> pd.DataFrame:
        """Return the audit log's latest ``limit`` entries, newest first: recorded_at, who, action,
        detail."""

    def save_valuation_entries(self, entries: pd.DataFrame, entered_by: str) -> int:
        """Store valuations entered in the app (``ENTRY_COLUMNS``; a value None clears the
        cell's valuation) in one transaction, each with who entered it and when; return how
        many. ValueError (see ``checked_entries``) stores none. The newest valuation of a cell,
        entered or imported, is the one in force; entries outlive a Replace of their quarter."""

    def valuation_history(self, scope: Scope = EVERYONE, quarters: list[str] | None = None,
                          client: str | None = None) -> pd.DataFrame:
        """Return every valuation entered and every one of an active import, newest first
        (``HISTORY_COLUMNS``): source "entered" or the import's file names, source_id (entry
        or import number), entered_by (None for files), valued_at (entered or imported), and
        in_force (the one deciding its cell; a cleared entry in force leaves it without)."""

    def interactions(self, scope: Scope = EVERYONE, *, client: str | None = None,
                     quarters: list[str] | None = None) -> pd.DataFrame:
        """Return active interaction rows (optionally one client's), newest first: date,
        quarter, client, method, cost, hours, value, manager, source_file, source_sheet,
        source_row, import_id."""

    def health_events(self, scope: Scope = EVERYONE, quarters: list[str] | None = None,
                      event_types: list[str] | None = None) -> pd.DataFrame:
        """Return the active interactions with a promise, a time or a written confirmation
        given (a column of HEALTH_COLUMNS but the event type and the role), or an event of
        ``event_types`` (None: with any health column), in no particular order: quarter,
        client, date, the health columns (dates and times as datetime64, yes/no as nullable
        booleans), source_file, source_sheet, source_row; text columns categorical."""

    def event_counts(self, scope: Scope = EVERYONE, quarters: list[str] | None = None
                     ) -> pd.DataFrame:
        """Return active interactions counted per quarter x client x event_type x
        contact_role (missing where not given): quarter, client, event_type, contact_role
        (categorical), interactions."""

    # ---- what the store holds -----------------------------------------------------------------
    def content_digest(self) -> dict[str, tuple[int, str]]:
        """Return each table's row count and an order-independent checksum of its content (the
        times rows were written left out), read in one snapshot."""

    def contents(self) -> dict[str, int]:
        """Return how many imports and active interactions the store holds and the newest
        import number: keys imports, interactions, last_import."""

    def backups_table(self) -> pd.DataFrame:
        """Return the store's backups as a table for people, newest first."""
