"""Stores and board packs built for the deck and report tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kam_analytics import ingest
from kam_analytics.exports import pack
from kam_analytics.store import open_store

TODAY = date(2026, 10, 15)


def store_from_csv(path: Path, csv: bytes) -> Path:
    """Return ``path`` after importing one CSV quarter into a new store there."""
    store = open_store(path)
    ingest.run_import(store, [("quarter.csv", csv)])
    store.close()
    return path


def store_with_margins(path: Path) -> Path:
    """Return ``path`` after importing the Client economics page's store there (its figures by
    hand in tests/pages/test_economics.py): interactions and a Clients sheet with margins."""
    from tests.pages.test_economics import CLIENTS, INTERACTIONS

    store = open_store(path)
    ingest.run_import(store, [("q3.csv", INTERACTIONS), ("clients.csv", CLIENTS)])
    store.close()
    return path


def store_pack(path: Path, **options) -> pack.BoardPack:
    """Return the board pack of the store at ``path`` for ``options``, dated TODAY."""
    store = open_store(path, read_only=True)
    try:
        return pack.store_pack(store, pack.PackOptions(**options), generated=TODAY)
    finally:
        store.close()


def sample_names(path: Path) -> tuple[list[str], list[str]]:
    """Return the clients and the managers of the store at ``path``."""
    store = open_store(path, read_only=True)
    try:
        dims = store.client_dimension()
    finally:
        store.close()
    return dims["client"].tolist(), dims["manager"].dropna().unique().tolist()
