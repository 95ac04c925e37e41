"""Defaults, limits and thresholds in one place: no literals for these in pages or modules."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DB_ENV_VAR = "KAM_DB"
DEFAULT_DB_PATH = REPO_ROOT / "data" / "kam.duckdb"
SAMPLE_DIR = REPO_ROOT / "data" / "sample"

# Stored settings (editable in the UI) and their defaults.
DEFAULT_HOURLY_RATE = 60.0
DEFAULT_CURRENCY = "EUR"

# Quadrant thresholds: None means "the portfolio median" of the cells shown.
DEFAULT_COST_THRESHOLD: float | None = None
DEFAULT_VALUE_THRESHOLD: float | None = None

RATING_MIN, RATING_MAX = 1, 5

# Import limits.
MAX_PROBLEMS_LISTED = 50          # problems shown in full; the rest are counted
MAX_UPLOAD_MB = 200               # Streamlit's server.maxUploadSize, set in .streamlit/config.toml
HEADER_SEARCH_ROWS = 30           # title rows tolerated above the header
EARLIEST_YEAR, LATEST_YEAR_AHEAD = 1990, 1  # dates before 1990 or over a year ahead are errors


def db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """Return the store's path: the CLI flag, else $KAM_DB, else data/kam.duckdb."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(DB_ENV_VAR)
    return Path(env) if env else DEFAULT_DB_PATH
