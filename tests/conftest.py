"""Shared fixtures: a store seeded from the bundled sample through the real import path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kam_analytics import sample, settings


def pytest_collection_modifyitems(config, items):
    """Mark every browser test slow too: `make test-fast` leaves both out."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _command_line_in_english(monkeypatch):
    """The command line speaks English in tests unless one asks (--lang, or sets $KAM_LANG):
    a Russian locale on the machine running them changes nothing."""
    monkeypatch.delenv("KAM_LANG", raising=False)
    for name in ("LC_ALL", "LANG"):
        if os.environ.get(name, "").lower().startswith("ru"):
            monkeypatch.setenv(name, "C.UTF-8")


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """Return the path of a store holding the sample (built once per test session)."""
    return sample.seeded_store(tmp_path_factory.mktemp("seed") / "kam.duckdb")


@pytest.fixture
def sample_db(seeded_db, tmp_path, monkeypatch) -> Path:
    """Return a private copy of the seeded store, set as $KAM_DB."""
    path = tmp_path / "kam.duckdb"
    shutil.copy(seeded_db, path)
    monkeypatch.setenv(settings.DB_ENV_VAR, str(path))
    return path


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    """Return a store holding the hand-computed quarter of tests/datasets.py (3 clients)."""
    from tests import datasets, packs

    return packs.store_from_csv(tmp_path_factory.mktemp("small") / "kam.duckdb",
                                datasets.utf8_csv())
