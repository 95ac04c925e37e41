"""The reliability report (scripts/reliability.py) counts what really happened: outcomes as the
corpus table expects them, and every fault planted here counted as the fault it is."""

from __future__ import annotations

import pytest

from kam_analytics import ingest
from kam_analytics.i18n import t
from kam_analytics.ingest import pipeline, readers, sandbox
from scripts import reliability
from scripts.reliability import CLEAN, CRASH, REJECTED, WARNINGS, Report
from tests.corpus import build, hooks
from tests.corpus.build import CASES, Case

BY_ID = {c.id: c for c in CASES}

# Outcomes read off the corpus table by hand: CSV and sandboxed workbooks, errors, a mapping
# step, an unknown method, notes on how a file was read.
SUBSET = {
    "clean_csv": CLEAN,
    "clean_xlsx": CLEAN,
    "empty_file": REJECTED,
    "missing_required_column": REJECTED,
    "unknown_method": REJECTED,
    "password_protected": REJECTED,
    "renamed_pdf": REJECTED,
    "cp1251_semicolons": WARNINGS,
    "xlsx_hidden_sheet": WARNINGS,
}


def report_of(results: list[reliability.CaseResult]) -> Report:
    return Report(results, [], None, 0.0, "", None, {}, 0)


@pytest.mark.slow
def test_outcomes_agree_with_the_corpus_table(seeded_db, tmp_path):
    results = reliability.corpus_results([BY_ID[i] for i in SUBSET], seeded_db, tmp_path)
    actual = {r.check: (r.expected, r.outcome, r.rows_lost, r.mismatches) for r in results}
    expected = {i: (kind, kind, 0, []) for i, kind in SUBSET.items()}
    assert actual == expected
    report = report_of(results)
    assert report.summary_line().startswith(
        "reliability: 9 cases, 5 rejected, 2 accepted with warnings, 2 clean, 0 crashes, "
        "0 rows lost, 0 mismatches; hostile 0: 0 refused")
    assert not report.failed
    said = {r.check: r.said for r in results}
    assert said["empty_file"].startswith("empty.csv: the file is empty")
    assert said["xlsx_hidden_sheet"].startswith("hidden_sheet.xlsx, sheet 'Old data'")
    assert said["clean_csv"] == ""


def crash_in_process(monkeypatch):
    def broken(name, data):
        raise RuntimeError("a reader bug")
    monkeypatch.setattr(readers, "read_file", broken)


def reader_bug_in_sandbox(monkeypatch):
    monkeypatch.setattr(sandbox, "READER", hooks.raises)


def reader_dies_in_sandbox(monkeypatch):
    monkeypatch.setattr(sandbox, "READER", hooks.aborts)


def drops_a_row(monkeypatch):
    real = pipeline.prepare_import

    def lossy(*args, **kwargs):
        batch = real(*args, **kwargs)
        batch.interactions = batch.interactions.iloc[:-1]
        return batch
    monkeypatch.setattr(pipeline, "prepare_import", lossy)  # where run_import looks it up


def refuses_after_storing(monkeypatch):
    real = ingest.run_import

    def leaky(store, files, **kwargs):
        real(store, [("other.csv", build.csv_bytes(build.table()))], mode="append")
        raise ingest.ImportRejected(ingest.prepare_import(files))
    monkeypatch.setattr(ingest, "run_import", leaky)


def nothing_planted(monkeypatch):
    pass


@pytest.mark.parametrize(("plant", "case", "outcome", "rows_lost", "mismatch", "said"), [
    # A reader exception outside the sandbox escapes the import: a crash, nothing stored.
    (crash_in_process, BY_ID["clean_csv"], CRASH, 0, None, "RuntimeError: a reader bug"),
    # Inside the sandbox it comes back as "could not be read (KeyError: ...)": still a crash.
    (reader_bug_in_sandbox, BY_ID["clean_xlsx"], CRASH, 0, None,
     "clean.xlsx: the file could not be read (KeyError: 'a reader bug')"),
    # A reader that dies becomes a clean problem: handled, but not what the table expects.
    (reader_dies_in_sandbox, BY_ID["clean_xlsx"], REJECTED, 0, "expected clean",
     "clean.xlsx: the file could not be read safely: it made the reader crash"),
    (drops_a_row, BY_ID["clean_csv"], CLEAN, 1, "rows 4 instead of 5", ""),
    # A refusal that changed the store: the rows it stored count as lost data integrity.
    (refuses_after_storing, BY_ID["text_cost"], REJECTED, 5, None, "text_cost.csv, row 3"),
    # The table says imported, the file is refused.
    (nothing_planted, Case("wrong_expectation", BY_ID["text_cost"].build,
                           imported=BY_ID["clean_csv"].imported),
     REJECTED, 0, "expected clean", "text_cost.csv, row 3"),
    # The table says rejected with a message nobody wrote.
    (nothing_planted, Case("wrong_message", BY_ID["text_cost"].build,
                           rejected=(("text_cost.csv", "row 4"),)),
     REJECTED, 0, "no message says 'text_cost.csv / row 4'", "text_cost.csv, row 3"),
])
def test_every_planted_fault_is_counted(seeded_db, tmp_path, monkeypatch, plant, case, outcome,
                                        rows_lost, mismatch, said):
    plant(monkeypatch)
    [result] = reliability.corpus_results([case], seeded_db, tmp_path)
    assert (result.outcome, result.rows_lost) == (outcome, rows_lost)
    assert result.said.startswith(said), result.said
    if mismatch is None:
        assert result.mismatches == []
    else:
        assert mismatch in result.mismatches
    report = report_of([result])
    assert report.failed
    line = report.summary_line()
    assert f"{int(outcome == CRASH)} crashes, {rows_lost} rows lost, " \
           f"{int(mismatch is not None)} mismatches" in line


@pytest.mark.parametrize(("message", "expected"), [
    (t("sandbox.failed", error="KeyError: 'x'"), True),
    (t("sandbox.crashed"), False),
    (t("sandbox.memory", mb=2048), False),
    (t("read.unreadable", kind=t("kind.xlsx"), error="zip error"), False),
    (t("read.damaged", error="bad CRC"), False),
])
def test_reader_bugs_are_told_apart_from_refusals(message, expected):
    assert reliability.is_reader_bug(message) is expected


@pytest.mark.slow
def test_the_command_runs_quick_on_a_subset(capsys):
    code = reliability.main(["--quick", "--kills", "2",
                             "--cases", "clean_csv,empty_file,cp1251_semicolons,million_rows"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0, out
    rows = {line.split(" | ")[0].removeprefix("| ") for line in out if line.startswith("| ")}
    assert {"clean_csv", "empty_file", "cp1251_semicolons", "hostile/zip_bomb.xlsx",
            "kill -9 x 2", "16 sessions"} <= rows
    assert "million_rows" not in rows  # --quick skips it
    assert out[-1].startswith(
        "reliability: 3 cases, 1 rejected, 1 accepted with warnings, 1 clean, 0 crashes, "
        "0 rows lost, 0 mismatches; hostile 9: 9 refused; store faults 6: 6 said clearly; "
        "kills 2: 0 mixed; concurrency 16 sessions: 0 errors; peak RSS ")


def test_each_family_is_counted_apart():
    results = [
        reliability.CaseResult("clean_csv", CLEAN, CLEAN, 0.2, 300),
        reliability.CaseResult("hostile/zip_bomb.xlsx", REJECTED, REJECTED, 0.4, 310),
        reliability.CaseResult("hostile/wide_lines.csv", REJECTED, REJECTED, 6.5, 400),
        reliability.CaseResult("fault/cut file", REJECTED, CRASH, 0.1, 320, rows_lost=1),
    ]
    table = reliability.family_table(report_of(results)).splitlines()
    assert table[2:] == [
        "| corpus | 1 | 0 | 0 | 0 | 0 | 300 | 0 of 0 |",
        "| hostile workbooks | 1 | 1 | 0 | 0 | 0 | 310 | 1 of 1 |",
        "| hostile text files | 1 | 1 | 0 | 0 | 1 | 400 | 1 of 1 |",
        "| store faults | 1 | 0 | 0 | 1 | 0 | 320 | 0 of 1 |"]


@pytest.mark.slow
def test_every_store_fault_is_said_clearly_and_changes_nothing(seeded_db, tmp_path):
    results = list(reliability.store_faults(seeded_db, tmp_path))
    assert [r.check for r in results] == [
        "fault/flipped byte", "fault/cut file", "fault/full disk at the commit",
        "fault/full disk at the backup", "fault/read-only folder",
        "fault/store another user owns"]
    assert [(r.outcome, r.rows_lost) for r in results] == [(REJECTED, 0)] * 6, [
        r.said for r in results]
