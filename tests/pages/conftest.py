"""Fixtures of the page tests: one headless Chromium per module for the browser tests, a
Streamlit server on a private copy of the sample (modules needing another store define their
own ``server``), and the two-quarter store of tests/analysis/test_compare.py served to the
pages."""

from __future__ import annotations

import shutil

import pytest

from tests import browser as browser_support


@pytest.fixture(scope="module")
def browser():
    """Yield a playwright Browser driving Debian's Chromium, shared by a module's tests."""
    with browser_support.chromium() as b:
        yield b


@pytest.fixture(scope="module")
def server(seeded_db, tmp_path_factory):
    """Yield the URL of `streamlit run dashboard.py` on a private copy of the sample store."""
    db = tmp_path_factory.mktemp("served") / "kam.duckdb"
    shutil.copy(seeded_db, db)
    with browser_support.streamlit_server(db) as url:
        yield url


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
