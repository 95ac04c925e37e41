"""Workbooks crafted to attack the reader, and readers that die: each becomes a clean problem
while the server's process lives on with its memory intact.

Times are printed (run with -s), never asserted: the brief's 5 s is a benchmark figure.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest

from kam_analytics import ingest, settings
from kam_analytics.ingest import raw_sheets, readers, sandbox, workbook
from kam_analytics.store import open_store
from tests.corpus import build, hooks
from tests.corpus.build import HOSTILE

RSS_JUMP_MB = 500


def memory_mb(field: str) -> int:
    """Return this process's VmRSS or VmHWM (peak) in MB."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) // 1024


@pytest.mark.parametrize(("name", "message"), [
    ("far_cell.xlsx", "cells as far out as XFD1048576, too large a grid to load"),
    ("zip_bomb.xlsx", "the file unpacks to 1,024 MB or more from 3.0 MB"),
    ("billion_laughs.xlsx", "'xl/worksheets/sheet1.xml' declares XML entities (a DOCTYPE)"),
    ("xxe.xlsx", "'xl/sharedStrings.xml' declares XML entities (a DOCTYPE)"),
    ("dense_grid.xlsx", "could not be read safely: reading it needed more than 2,048 MB"),
    ("one_line_commas.csv", "line 2 is 99,000,000 bytes long, longer than any table's row"),
    ("one_line_semicolons.csv", "line 1 is 99,000,000 bytes long"),
    # a CSV already: the fix is not "export it as CSV"
    ("one_line_semicolons.csv", "each row is on a line of its own"),
    ("no_line_breaks.txt", "line 1 is 99,000,000 bytes long"),
    ("wide_lines.csv", "about 9,900 rows x 10,001 columns is more than can be read at once"),
])
def test_hostile_file_is_refused_and_the_process_lives(tmp_path, name, message):
    data = HOSTILE[name]()  # one at a time: the text ones are 99 MB each
    Path("/proc/self/clear_refs").write_text("5")  # restart the peak-RSS count from now
    resident = memory_mb("VmRSS")
    started = time.perf_counter()
    batch = ingest.prepare_import([(name, data)])
    elapsed = time.perf_counter() - started
    print(f"\n{name}: {len(data) / 1e6:.1f} MB refused in {elapsed:.2f} s, "
          f"peak RSS +{memory_mb('VmHWM') - resident} MB")
    assert not batch.ok
    [problem] = batch.errors
    assert problem.text().startswith(f"{name}: ") and message in problem.text()
    assert memory_mb("VmHWM") - resident < RSS_JUMP_MB
    # The process that refused it still imports an ordinary file.
    store = open_store(tmp_path / "after.duckdb")
    assert ingest.run_import(store, [("ok.xlsx", build.xlsx_bytes(build.table()))]).rows == 5
    store.close()


@pytest.mark.parametrize(("hook", "message"), [
    ("aborts", "could not be read safely: it made the reader crash"),
    ("segfaults", "could not be read safely: it made the reader crash"),
    ("hogs_memory", "could not be read safely: reading it needed more than 2,048 MB"),
    ("raises", "could not be read (KeyError: 'a reader bug')"),
])
def test_a_dying_reader_becomes_a_problem_naming_the_file(monkeypatch, hook, message):
    monkeypatch.setattr(sandbox, "READER", getattr(hooks, hook))
    batch = ingest.prepare_import([("report.xlsx", build.xlsx_bytes(build.table()))])
    [problem] = batch.errors
    assert problem.text().startswith("report.xlsx: ") and message in problem.text()
    assert "save it again as .xlsx" in problem.text()


def test_a_reader_that_hangs_is_stopped_at_the_timeout():
    started = time.perf_counter()
    with pytest.raises(raw_sheets.ReadError, match=r"x\.xlsx: .*took more than 2 s"):
        sandbox.read_file("x.xlsx", b"PK\x03\x04", reader=hooks.hangs,
                          timeout_s=2)
    assert time.perf_counter() - started < 60  # killed, not waited for


def test_output_on_stdout_does_not_corrupt_the_result():
    data = build.xlsx_bytes(build.table())
    [direct] = readers.read_file("x.xlsx", data)
    [isolated] = sandbox.read_file("x.xlsx", data, reader=hooks.chatters)
    assert isolated.grid() == direct.grid()


@pytest.mark.parametrize("data", [
    build.xlsx_bytes(build.table()),
    build.xlsx_bytes(build.table(), after=build._hidden_rows),
    build._uncalculated_formula_xlsx(),
    build._merged_data_xlsx(),
    build._xlsm_bytes(),
])
def test_sheets_cross_the_boundary_unchanged(data):
    direct = readers.read_file("x.xlsx", data)
    isolated = sandbox.read_file("x.xlsx", data)
    assert len(direct) == len(isolated)
    for a, b in zip(direct, isolated, strict=True):
        cells_a, cells_b = a.grid(), b.grid()
        assert cells_a == cells_b
        assert [list(map(type, r)) for r in cells_a] == [list(map(type, r)) for r in cells_b]
        assert a.row_numbers.tolist() == b.row_numbers.tolist()
        assert (a.sheet, a.hidden, a.hidden_rows, a.uncalculated, a.merged, a.macros) == (
            b.sheet, b.hidden, b.hidden_rows, b.uncalculated, b.merged, b.macros)


def test_every_cell_type_crosses_the_boundary():
    import datetime as dt

    import pandas as pd

    cells = pd.Series(["a", None, 1.5, 7, True, dt.datetime(2026, 7, 3, 14, 5, 6, 7),
                       dt.date(1900, 1, 1), 2**70, "", "Ромашка\n"], dtype=object)
    back = sandbox._decoded_categorical(sandbox._encoded_column(cells))
    back = [None if pd.isna(v) else v for v in back]
    # A bool travels as its text (kept apart from 1 and 1.0); beyond int64: as text.
    expected = [*cells.tolist()[:4], "True", *cells.tolist()[5:7], str(2**70), "", "Ромашка\n"]
    assert back == expected
    assert [type(v) for v in back] == [type(v) for v in expected]


def test_a_column_crosses_as_codes_and_distinct_cells():
    import pandas as pd

    cells = pd.Series(["a", "b", None, "a", 2**70, str(2**70)] * 1000, dtype=object)
    encoded = sandbox._encoded_column(cells)
    # 'a', 'b', 2**70 (as its text) and the text of it: 4 distinct cells sent, not 6,000.
    assert len(encoded["categories"]["text"]) == 4
    back = sandbox._decoded_categorical(encoded)
    # 2**70 crossed as its text and now equals the text cell: one category, not two.
    assert list(back.categories) == ["a", "b", str(2**70)]
    assert [None if pd.isna(v) else v for v in back[:6]] == [
        "a", "b", None, "a", str(2**70), str(2**70)]


def test_a_missing_cell_sent_as_a_category_is_a_missing_cell():
    import pandas as pd

    encoded = sandbox._encoded_column(pd.Series(["a", "b", "a"], dtype=object))
    # What a subverted child could send: None among the distinct cells, pointed at.
    encoded["categories"] = sandbox._encoded_values(np.array(["a", None], dtype=object))
    back = sandbox._decoded_categorical(encoded)
    assert list(back.categories) == ["a"]
    assert [None if pd.isna(v) else v for v in back] == ["a", None, "a"]


def test_distinct_cells_cross_once_each_and_come_back_as_sent():
    import datetime as dt

    import pandas as pd

    cells = pd.Series([1.5, "1.5", 7, dt.date(2026, 1, 2), dt.datetime(2026, 1, 2), "x",
                       -0.0, 1.5, "x"], dtype=object)
    back = sandbox._decoded_categorical(sandbox._encoded_column(cells))
    assert list(back.categories) == [1.5, "1.5", 7, dt.date(2026, 1, 2),
                                     dt.datetime(2026, 1, 2), "x", -0.0]
    assert [type(v) for v in back.categories] == [float, str, int, dt.date, dt.datetime, str,
                                                  float]
    assert list(back) == cells.tolist()


@pytest.mark.parametrize(("distinct", "width"), [(100, 1), (300, 2), (40_000, 4)])
def test_codes_cross_in_the_narrowest_type_that_holds_them(distinct, width):
    import pandas as pd

    cells = pd.Series([f"c{i % distinct}" if i % 7 else None for i in range(2 * distinct)],
                      dtype=object)
    encoded = sandbox._encoded_column(cells)
    assert encoded["code_bytes"] == width
    back = sandbox._decoded_categorical(encoded)
    assert [None if pd.isna(v) else v for v in back] == cells.tolist()


def test_codes_out_of_range_are_refused():
    import pickle

    import pandas as pd

    encoded = sandbox._encoded_column(pd.Series(["a", "b"], dtype=object))
    assert encoded["code_bytes"] == 1  # two cells: codes cross as one byte each
    encoded["codes"] = np.array([0, 5], np.int8).tobytes()
    with pytest.raises(pickle.UnpicklingError, match="out of range"):
        sandbox._decoded_categorical(encoded)
    encoded["codes"], encoded["code_bytes"] = np.array([0, 1], np.int8).tobytes(), 3
    with pytest.raises(pickle.UnpicklingError, match="unknown width"):
        sandbox._decoded_categorical(encoded)


def test_only_primitives_may_come_back():
    import pickle

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    with pytest.raises(pickle.UnpicklingError, match="may not cross the sandbox boundary"):
        sandbox._PrimitivesOnly.loads(pickle.dumps(("ok", [Evil()])))


def test_workbooks_are_sandboxed_by_default_and_csv_is_not(monkeypatch):
    monkeypatch.setattr(sandbox, "READER", hooks.aborts)
    xlsx = build.xlsx_bytes(build.table())
    assert not ingest.prepare_import([("a.xlsx", xlsx)]).ok
    assert ingest.prepare_import([("a.xlsx", xlsx)], isolate=False).ok  # the test switch
    assert ingest.prepare_import([("a.csv", build.csv_bytes(build.table()))]).ok


def test_uploads_over_the_limit_are_refused_before_reading(monkeypatch):
    monkeypatch.setattr(settings, "MAX_UPLOAD_MB", 1)
    monkeypatch.setattr(sandbox, "READER", hooks.aborts)  # never reached
    big = build.xlsx_bytes(build.table()) + b"\0" * 1_000_000
    [problem] = ingest.prepare_import([("big.xlsx", big)]).errors
    assert problem.text().startswith("big.xlsx: the file is 1.0 MB, over the limit of 1 MB")
    assert "How to fix: split it" in problem.text()


def test_a_primed_child_reads_the_next_workbook_and_a_dead_one_is_replaced():
    data = build.xlsx_bytes([["Client", "Segment"], ["Acme", "Retail"]])
    sandbox.prime(wait=True)
    waiting = sandbox.SPARE.worker
    assert waiting is not None and waiting.alive() and waiting.ready
    [sheet] = sandbox.read_file("x.xlsx", data)
    assert sheet.grid() == [["Client", "Segment"], ["Acme", "Retail"]]
    assert sandbox.SPARE.worker is None and not waiting.alive()  # used once, then gone
    sandbox.prime()
    sandbox.SPARE.worker.process.kill()  # a waiting child that died is not used
    sandbox.SPARE.worker.process.wait()
    [sheet] = sandbox.read_file("x.xlsx", data)
    assert sheet.grid()[1] == ["Acme", "Retail"]
    sandbox.prime()
    sandbox.SPARE.discard()
    assert sandbox.SPARE.worker is None


def test_a_grid_the_scan_refuses_is_named_even_if_the_parse_kills_the_child_first(
        monkeypatch):
    # In the child, the XML scan runs beside calamine's parse; if the parse dies first the
    # parent scans again, so the user still learns the grid is too large, not "it crashed".
    monkeypatch.setattr(sandbox, "READER", hooks.aborts)
    batch = ingest.prepare_import([("far_cell.xlsx", HOSTILE["far_cell.xlsx"]())])
    [problem] = batch.errors
    assert "cells as far out as XFD1048576, too large a grid to load" in problem.text()


def test_the_child_reads_with_the_collector_off_and_frees_nothing_the_server_does():
    data = build.xlsx_bytes(build.table())
    # The child: one file, then exit, so no cycle collection and nothing freed.
    with pytest.raises(raw_sheets.ReadError,
                       match="collector on: False; kept: 2; sheets: 1"):  # rows and grid
        sandbox.read_file("x.xlsx", data, reader=hooks.reports_its_state)
    # The server's process keeps nothing it reads.
    readers.read_file("x.xlsx", data)
    readers.read_file_isolated("x.xlsx", data)
    assert workbook._kept is None


def test_the_child_reader_reads_what_the_server_reader_reads():
    data = build.xlsx_bytes(build.table())
    isolated = readers.read_file_isolated("t.xlsx", data)
    direct = readers.read_file("t.xlsx", data)
    assert [s.grid() for s in isolated] == [s.grid() for s in direct]
    assert [(s.sheet, s.hidden_rows, s.uncalculated, s.merged) for s in isolated] == [
        (s.sheet, s.hidden_rows, s.uncalculated, s.merged) for s in direct]
