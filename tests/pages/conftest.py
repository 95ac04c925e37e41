"""Fixtures of the page tests: one headless Chromium per module for the browser tests, and the
two-quarter store of tests/analysis/test_compare.py served to the pages."""

from __future__ import annotations

import pytest

from tests import browser as browser_support


@pytest.fixture(scope="module")
def browser():
    """Yield a playwright Browser driving Debian's Chromium, shared by a module's tests."""
    with browser_support.chromium() as b:
        yield b


@pytest.fixture
def two_quarters(tmp_path, monkeypatch):
    """Return the two-quarter store (figures by hand in tests/analysis/test_compare.py), set
    as the pages' store."""
    from kam_analytics import ingest
    from kam_analytics.store import open_store
    from tests.analysis.test_compare import ROWS

    db = tmp_path / "two.duckdb"
    store = open_store(db)
    ingest.run_import(store, [("two_quarters.csv", ROWS.encode())])
    store.close()
    monkeypatch.setenv("KAM_DB", str(db))
    return db
