"""The page's check of an upload, run in a child process: the same batch as in the server's
own process, its progress passed on, and a child that runs out of memory or time reported as a
problem naming the files while the server goes on."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from kam_analytics import ingest, settings
from kam_analytics.ingest import isolated
from tests import datasets
from tests.corpus import hooks
from tests.corpus.build import HOSTILE

FILES = {
    "q3.csv": datasets.utf8_csv,
    "russian.csv": datasets.cp1251_csv,
    "report.xlsx": datasets.xlsx_with_title_and_totals,
    "kam_sample.xlsx": lambda: (settings.SAMPLE_DIR / "kam_sample.xlsx").read_bytes(),
    "unknown.csv": lambda: datasets.utf8_csv().replace(b"Staff training", b"Workshop"),
    "bad.csv": lambda: datasets.utf8_csv().replace(b"3000.00", b"lots"),
    "by_words.csv": lambda: datasets.utf8_csv().replace(b"Site visits",
                                                        b"Client visits to our sites"),
    "variants.csv": lambda: datasets.utf8_csv().replace(b"NA,", b"ACME LTD,"),
}


def same_batch(a: ingest.ImportBatch, b: ingest.ImportBatch) -> None:
    for frame in ("interactions", "clients", "valuations"):
        pd.testing.assert_frame_equal(getattr(a, frame), getattr(b, frame))
    assert [p.text() for p in a.errors] == [p.text() for p in b.errors]
    assert [p.text() for p in a.warnings] == [p.text() for p in b.warnings]
    assert [u.text() for u in a.unknown_methods] == [u.text() for u in b.unknown_methods]
    assert [u.suggestions for u in a.unknown_methods] == [u.suggestions for u in b.unknown_methods]
    assert (a.files, a.tables, a.reading(), a.currency, a.ok) == (
        b.files, b.tables, b.reading(), b.currency, b.ok)
    assert a.client_variants == b.client_variants
    assert {k: p.text() for k, p in a.methods_by_words.items()} == {
        k: p.text() for k, p in b.methods_by_words.items()}


@pytest.mark.parametrize("name", FILES)
def test_the_child_makes_the_batch_the_server_would(name):
    data = FILES[name]()
    stages = []
    here = ingest.prepare_import([(name, data)])
    there = isolated.prepare_import([(name, data)], progress=lambda s, f: stages.append(s))
    same_batch(here, there)
    assert stages[0] == "reading" and "checking" in stages


def test_the_choices_cross_to_the_child():
    grid = (b"Client,Site visits,Staff training,Credit\nAcme,4,5,\nBolt,2,,\n")
    here = ingest.prepare_import([("grid.csv", grid)], quarter="2026Q2",
                                 header_map={"client": "client"})
    there = isolated.prepare_import([("grid.csv", grid)], quarter="2026Q2",
                                    header_map={"client": "client"})
    same_batch(here, there)
    assert there.valuations["quarter"].unique().tolist() == ["2026Q2"]
    with pytest.raises(ValueError, match="is not a quarter"):
        isolated.prepare_import([("grid.csv", grid)], quarter="next spring")


@pytest.mark.parametrize(("hook", "said"), [
    ("check_hogs_memory", "reading it needed more than 2,048 MB"),
    ("check_aborts", "it made the reader crash"),
])
def test_a_child_that_dies_is_a_problem_naming_the_files_and_the_server_goes_on(hook, said):
    batch = isolated.prepare_import([("a.csv", datasets.utf8_csv()), ("b.csv", b"x")],
                                    checker=getattr(hooks, hook), memory_mb=2048)
    [problem] = batch.errors
    assert problem.text().startswith("a.csv, b.csv: ") and said in problem.text()
    assert not batch.ok and batch.interactions.empty
    assert isolated.prepare_import([("q3.csv", datasets.utf8_csv())]).ok  # and on it goes


def test_a_child_past_its_time_is_stopped_and_said():
    started = time.perf_counter()
    batch = isolated.prepare_import([("slow.csv", datasets.utf8_csv())], timeout_s=2,
                                    checker=hooks.check_hangs)
    [problem] = batch.errors
    assert problem.text().startswith("slow.csv: ") and "took more than 2 s" in problem.text()
    assert time.perf_counter() - started < 60  # stopped, not waited for


def test_a_hostile_text_is_refused_in_the_child_as_in_the_server():
    data = HOSTILE["one_line_commas.csv"]()
    [problem] = isolated.prepare_import([("one_line_commas.csv", data)]).errors
    assert "line 2 is 99,000,000 bytes long" in problem.text()


def test_a_primed_check_child_waits_warm_and_is_used_once():
    isolated.prime()
    waiting = isolated._SPARE.worker
    assert waiting is not None and waiting.alive()
    assert isolated.prepare_import([("q3.csv", datasets.utf8_csv())]).ok
    assert isolated._SPARE.worker is None and not waiting.alive()
