"""Stores and board packs built for the deck and report tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kam_analytics import ingest
from kam_analytics.exports import deck
from kam_analytics.store import open_store

TODAY = date(2026, 10, 15)


def store_from_csv(path: Path, csv: bytes) -> Path:
    """Return ``path`` after importing one CSV quarter into a new store there."""
    store = open_store(path)
    ingest.run_import(store, [("quarter.csv", csv)])
    store.close()
    return path


def store_pack(path: Path, **options) -> deck.BoardPack:
    """Return the board pack of the store at ``path`` for ``options``, dated TODAY."""
    store = open_store(path, read_only=True)
    try:
        return deck.store_pack(store, deck.PackOptions(**options), generated=TODAY)
    finally:
        store.close()
