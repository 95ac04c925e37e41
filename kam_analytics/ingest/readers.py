"""Uploaded bytes to raw sheets: the format told by content, text decoded, delimiters found.

Nothing here interprets columns: header finding, totals rows and value parsing are the caller's
job. Cells keep the row alignment the user sees, and every sheet says which spreadsheet row each
of its rows is, so problems can be reported as "row 17".
"""

from __future__ import annotations

from kam_analytics.ingest.delimited import _text_sheet
from kam_analytics.ingest.formats import file_kind
from kam_analytics.ingest.raw_sheets import RawSheet
from kam_analytics.ingest.workbook import _workbook_sheets


def read_file(name: str, data: bytes) -> list[RawSheet]:
    """Return the raw sheets of an uploaded file (one for CSV/TXT, one per worksheet)."""
    kind = file_kind(name, data)
    if kind == "text":
        return [_text_sheet(name, data)]
    return _workbook_sheets(name, data, kind)


# ---- workbooks ----------------------------------------------------------------------------

def read_file_isolated(name: str, data: bytes) -> list[RawSheet]:
    """Return what ``read_file`` does, reading an xlsx's XML scan beside calamine's parse.

    For the sandbox's child only: calamine parses without holding the GIL, so the scan costs
    no time, but the scan is also what refuses a grid calamine would die allocating. In the
    child that is safe (it exits with its refusal, whatever calamine's thread is doing, and the
    parent scans again when a child dies); in the server's process the scan must come first.
    """
    kind = file_kind(name, data)
    if kind == "text":
        return [_text_sheet(name, data)]
    return _workbook_sheets(name, data, kind, concurrent=True)
