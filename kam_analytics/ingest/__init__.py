"""The one import path for every format: read -> find tables -> normalise -> validate -> batch.

Callers outside the room use what is named here; the modules inside are the room's own.
"""

from kam_analytics.ingest.pipeline import (
    EXCLUDE,
    IGNORE,
    ImportBatch,
    ImportRejected,
    Problem,
    Progress,
    column_letter,
    parse_quarter,
    prepare_import,
    quarters_of,
    run_import,
    store_batch,
    text_cells,
)

__all__ = [
    "EXCLUDE", "IGNORE", "ImportBatch", "ImportRejected", "Problem", "Progress",
    "column_letter", "parse_quarter", "prepare_import", "quarters_of", "run_import",
    "store_batch", "text_cells",
]
