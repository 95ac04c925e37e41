"""Defaults, limits and thresholds in one place: no literals for these in pages or modules."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DB_ENV_VAR = "KAM_DB"
DEFAULT_DB_PATH = REPO_ROOT / "data" / "kam.duckdb"
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
# Who may see what once sign-in is configured (kam_analytics/access.py).
ACCESS_ENV_VAR = "KAM_ACCESS"
DEFAULT_ACCESS_PATH = REPO_ROOT / "data" / "access.toml"

# Stored settings (editable in the UI) and their defaults.
DEFAULT_HOURLY_RATE = 60.0
DEFAULT_CURRENCY = "EUR"
# Offered on the Upload page for the amounts of a file; any other 3-letter code may be given.
CURRENCIES = ("EUR", "USD", "GBP", "RUB", "CHF", "CNY", "JPY", "KZT", "BYN", "UAH", "PLN", "SEK",
              "NOK", "DKK", "CZK", "TRY", "AED", "INR")

RATING_MIN, RATING_MAX = 1, 5
# Amounts are stored exactly, to AMOUNT_DECIMALS places (DECIMAL(18,4)): a larger amount than
# MAX_AMOUNT is refused, and one with more decimals is stored rounded, with a note.
AMOUNT_DECIMALS = 4
MAX_AMOUNT = 99_999_999_999_999
# An amount over OUTLIER_FACTOR times the median of its column's amounts above zero is named
# in a warning (a decimal point misplaced, a unit read wrongly), once the column holds at least
# OUTLIER_MIN_AMOUNTS of them.
OUTLIER_FACTOR = 100
OUTLIER_MIN_AMOUNTS = 20
# Hours of one interaction: more than a day is named in a warning; a column whose values above
# zero are mostly multiples of 5 (MINUTES_LIKE_SHARE) with a median of MINUTES_LIKE_MEDIAN or
# more (at least MINUTES_LIKE_MIN_VALUES of them) looks like minutes.
MAX_HOURS_PER_INTERACTION = 24
MINUTES_LIKE_MEDIAN = 15
MINUTES_LIKE_SHARE = 0.8
MINUTES_LIKE_MIN_VALUES = 5

# Relationship health (analysis/health.py): per measure, the (green, amber) thresholds. For a
# measure where more is better a value at or above green is green, at or above amber amber,
# below it red; where less is better, at or below each. Units: percent, hours, days, counts.
HEALTH_THRESHOLDS: dict[str, tuple[float, float]] = {
    "promises_kept": (90.0, 75.0),        # % of promises due that were kept
    "response_median": (24.0, 48.0),      # hours to the first answer of a request or complaint
    "response_p90": (72.0, 120.0),        # hours, the slowest tenth
    "resolution_median": (7.0, 14.0),     # days from a problem or complaint to its resolution
    "open_problems": (7.0, 30.0),         # days the oldest problem still open has waited
    "late_deliveries": (0.0, 1.0),        # promises past their date and not delivered
    "in_writing": (90.0, 70.0),           # % of agreements confirmed in writing
    "dmu_roles": (3.0, 2.0),              # roles of the decision-making unit in contact
}
# Contacts per month (meetings, calls, visits) a key account should have: fewer is too few,
# more too many (amber); beyond half the lower bound or twice the upper one, red.
CONTACT_BAND = (1.0, 8.0)
CONTACT_BAND_RED_FACTOR = 2.0

# Import limits.
MAX_PROBLEMS_LISTED = 50          # problems shown in full; the rest are counted
UNKNOWN_METHODS_LISTED = 1000     # unknown method labels kept (most rows first); the rest counted
MAX_METHOD_LABELS = 50_000        # different labels a method column may hold (~3 s to match)
UNKNOWN_METHODS_ASKED = 20        # of those, asked one by one on the page; the rest together
HEADER_SEARCH_ROWS = 30           # title rows tolerated above the header
EARLIEST_YEAR, LATEST_YEAR_AHEAD = 1990, 1  # dates before 1990 or over a year ahead are errors
# Columns read by their content (ingest/content.py): a column is the clear winner for a column
# of the schema when at least CONTENT_MIN_SHARE of its values fit it and it leads every other
# candidate by CONTENT_MARGIN; the values looked at are those of the first CONTENT_SAMPLE_ROWS
# rows under the header, in at most CONTENT_COLUMNS columns not named by their header.
CONTENT_MIN_SHARE = 0.6
CONTENT_MARGIN = 0.3
CONTENT_SAMPLE_ROWS = 500
CONTENT_COLUMNS = 200

# Bad and hostile input (readers, sandbox). The largest honest upload is about a year of CRM
# activity: 1M rows x 10 columns is a 70 MB CSV or a 40 MB xlsx, parsed to ~1 GB of cells.
MAX_UPLOAD_MB = 100               # per file, in MB of 1,000,000 bytes as the page's uploader
#                                   counts them (.streamlit/config.toml server.maxUploadSize)
MAX_CELLS = 20_000_000            # rows x columns of one sheet; larger sheets are refused
# The longest line a text file may have (1 MB): a 20,000-column export's lines are ~250 KB; longer
# line is a file that is not a table (one line of 99 MB of commas), refused before parsing.
MAX_LINE_BYTES = 1024**2
MAX_UNZIPPED_MB = 2048            # a workbook's declared unpacked size
MAX_TEXT_CHARS = 1000             # a client, method or manager name longer than this is refused
SANDBOX_MEMORY_MB = 2048          # address space of the child process that parses a workbook
SANDBOX_TIMEOUT_S = 120.0         # wall-clock seconds it may take (a 1M-row xlsx needs ~15 s)
CHECK_MEMORY_MB = 3072            # address space of the child that checks an upload for the page
SANDBOX_PARALLEL = 2              # workbooks parsed at once; further uploads wait their turn

# Store writes and backups.
BACKUPS_KEPT = 10                 # copies of the store kept from before each import (backups/)
WRITE_WAIT_SECONDS = 60.0         # a write waits this long for other sessions' writes, then busy
WRITE_RETRIES = 5                 # a transaction conflict is retried this often, then busy
WRITE_RETRY_PAUSE = 0.05          # seconds; the n-th retry waits n times this

# Chart images (exports/chart_images.py). Without these limits a missing or stuck browser made an
# export wait for ever (kaleido waits on its queue with no time limit).
# Measured by benchmarks/bench_renderer.py on a busy 2-core machine: start 3.4 s (6.5 s seen),
# an image 0.3 s, an 8,500 px tall chart 1.9 s.
RENDER_START_TIMEOUT_S = 30.0     # the browser's start
RENDER_IMAGE_TIMEOUT_S = 60.0     # one image
MAX_IMAGE_PX = 16_384             # longest side of a PNG in pixels: the scale is lowered to fit


def db_location(cli_value: str | os.PathLike | None = None) -> str:
    """Return where the store is, as given (a file path, or an engine's URL): the CLI flag,
    else $KAM_DB, else data/kam.duckdb."""
    return str(cli_value or os.environ.get(DB_ENV_VAR) or DEFAULT_DB_PATH)


def is_file_location(location: str) -> bool:
    """Return whether a store location is a file path rather than an engine's URL."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", location) is None


def location_shown(location: str) -> str:
    """Return a store location as messages show it: an address without its password."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)


def db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """Return the store's path: the CLI flag, else $KAM_DB, else data/kam.duckdb."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(DB_ENV_VAR)
    return Path(env) if env else DEFAULT_DB_PATH
