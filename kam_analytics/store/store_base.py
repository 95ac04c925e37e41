"""What the two engines' stores answer in the same words: settings, saved mappings, the
conflicts met, snapshots. Each engine's store inherits these and asks them through its own
database (``rows``, ``df``, ``snapshot``, ``conflicts``), with its dialect's parameter marker.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pandas as pd

from kam_analytics import settings

SETTING_DEFAULTS: dict[str, str] = {
    "hourly_rate": str(settings.DEFAULT_HOURLY_RATE),
    "currency": settings.DEFAULT_CURRENCY,
    # contacts a month a key account should have (analysis/health.py)
    "contact_band_low": f"{settings.CONTACT_BAND[0]:g}",
    "contact_band_high": f"{settings.CONTACT_BAND[1]:g}",
}


class StoreBase:
    """The questions both engines ask alike, through ``db`` (the engine's database)."""

    db: Any
    MARK = "?"  # the dialect's marker of a bound parameter (PostgreSQL's: %s)

    @property
    def conflicts(self) -> int:
        """Return how many transaction conflicts this store met (each retried or busy)."""
        return self.db.conflicts

    def snapshot(self) -> contextlib.AbstractContextManager[None]:
        """Return the context in which this thread's reads see one committed state."""
        return self.db.snapshot()

    def _df(self, sql: str, params: dict | list | None = None) -> pd.DataFrame:
        return self.db.df(sql, params)

    # ---- settings and mappings -------------------------------------------------------------
    def setting(self, key: str) -> str:
        """Return a stored setting, or its default."""
        # MARK is a constant of the class, never input
        rows = self.db.rows(f"SELECT value FROM settings WHERE key = {self.MARK}",  # noqa: S608
                            [key])
        return rows[0][0] if rows else SETTING_DEFAULTS[key]

    def hourly_rate(self) -> float:
        """Return the hourly rate that turns managers' hours into money."""
        return float(self.setting("hourly_rate"))

    def currency(self) -> str:
        """Return the store's currency code."""
        return self.setting("currency")

    def mappings(self, kind: str) -> dict[str, str]:
        """Return saved mappings of ``kind`` ('header', 'method' or 'client'): normalised
        source -> target."""
        return dict(self.db.rows("SELECT source, target FROM mappings "  # noqa: S608
                                 f"WHERE kind = {self.MARK} ORDER BY source", [kind]))

    def saved_mappings(self) -> pd.DataFrame:
        """Return every saved mapping with where it came from: kind, source, target,
        import_id (None: entered in the settings), created_at, file_names of that import."""
        return self._df("""SELECT m.kind, m.source, m.target, m.import_id, m.created_at,
                                  i.file_names
                           FROM mappings m LEFT JOIN imports i USING (import_id)
                           ORDER BY m.kind, m.source""")

    # ---- imports ---------------------------------------------------------------------------
    def import_history(self) -> pd.DataFrame:
        """Return every import, newest first, with its status and what replaced it."""
        return self._df("""
            SELECT i.import_id, i.imported_at, i.file_names, i.rows, i.quarters, i.mode,
                   CASE WHEN bool_and(q.active) THEN 'active'
                        WHEN bool_or(q.active) THEN 'partly replaced'
                        ELSE 'replaced' END AS status,
                   max(q.replaced_by) AS replaced_by, i.sha256, i.warnings, i.reading,
                   i.currency
            FROM imports i JOIN import_quarters q USING (import_id)
            GROUP BY i.import_id, i.imported_at, i.file_names, i.rows, i.quarters, i.mode,
                     i.sha256, i.warnings, i.reading, i.currency
            ORDER BY i.import_id DESC""")
