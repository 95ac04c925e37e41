"""The one import path for every format: read -> find tables -> normalise -> validate -> batch.

Callers outside the room use what is named here; the modules inside are the room's own.
"""

from kam_analytics.ingest.batch import ImportBatch, ImportRejected, reading_lines
from kam_analytics.ingest.cells import text_cells
from kam_analytics.ingest.isolated import prepare_import as prepare_import_isolated
from kam_analytics.ingest.isolated import prime as prime_check
from kam_analytics.ingest.pipeline import (
    Progress,
    currency_applied,
    has_amounts,
    prepare_import,
    rate_needed,
    run_import,
    store_batch,
)
from kam_analytics.ingest.problems import Problem, column_letter, stored_lines
from kam_analytics.ingest.quarters import parse_quarter, quarters_of
from kam_analytics.ingest.suspicious import client_key
from kam_analytics.ingest.tables import EXCLUDE, IGNORE

__all__ = [
    "EXCLUDE", "IGNORE", "ImportBatch", "ImportRejected", "Problem", "Progress", "client_key",
    "column_letter", "currency_applied", "has_amounts", "parse_quarter", "prepare_import",
    "prepare_import_isolated", "prime_check", "quarters_of", "rate_needed", "reading_lines",
    "run_import", "store_batch", "stored_lines", "text_cells",
]
