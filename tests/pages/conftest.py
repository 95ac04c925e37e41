"""Fixtures of the page tests: one headless Chromium per module for the browser tests."""

from __future__ import annotations

import pytest

from tests import browser as browser_support


@pytest.fixture(scope="module")
def browser():
    """Yield a playwright Browser driving Debian's Chromium, shared by a module's tests."""
    with browser_support.chromium() as b:
        yield b
