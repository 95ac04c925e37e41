"""The chart tests' frames as fixtures (built in tests/charts/frames.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.charts.frames import CELLS, cell_frame, rollup_frame


@pytest.fixture
def matrix() -> pd.DataFrame:
    return cell_frame(CELLS)


@pytest.fixture
def strategy_matrix() -> pd.DataFrame:
    return cell_frame(CELLS, by_strategy=True)


@pytest.fixture
def rollup() -> pd.DataFrame:
    return rollup_frame()
