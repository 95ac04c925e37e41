"""Every file of the bad-input corpus through the real import path, against its expected outcome.

A rejection must name the file (and row and column where they exist), say how to fix it and
leave the store exactly as it was; an import must store the hand-counted rows and figures and
say what it normalised. After every case the analytics still answer.
"""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from kam_analytics import ingest, settings
from kam_analytics.analysis import matrix
from kam_analytics.store import Store, open_store
from tests.corpus.build import CASES, Case

UNTOUCHED = ("settings", "mappings")  # no upload may change these
FIX = "How to fix: "


@pytest.fixture
def store(seeded_db, tmp_path):
    """Return a store already holding the sample, so "unchanged" means something."""
    path = tmp_path / "kam.duckdb"
    shutil.copy(seeded_db, path)
    opened = open_store(path)
    yield opened
    opened.close()


def matching(groups: tuple[tuple[str, ...], ...], lines: list[str]) -> list[tuple[str, ...]]:
    """Return the groups of fragments no single line holds all of."""
    return [g for g in groups if not any(all(f in line for f in g) for line in lines)]


def still_answers(store: Store) -> None:
    m = matrix.cost_value_matrix(store.activity(), store.valuations(), store.client_dimension(),
                                 store.hourly_rate())
    assert len(m) > 0 and m["total_cost"].notna().all()
    assert store.version()


LARGE = {"million_rows", "ten_thousand_columns", "million_labels"}  # large files: slow


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c.id in LARGE else c
                                  for c in CASES], ids=[c.id for c in CASES])
def test_case_ends_as_expected(case: Case, store: Store, tmp_path):
    files = case.build(tmp_path)
    names = [name for name, _ in files]
    before = store.content_digest()
    if case.imported is None:
        with pytest.raises(ingest.ImportRejected) as rejected:
            ingest.run_import(store, files, mode="append")
        lines = rejected.value.batch.problem_lines()
        assert not matching(case.rejected, lines), lines
        assert len(lines) == len(case.rejected), lines  # nothing reported twice or by accident
        assert all(any(name in line for name in names) for line in lines), lines
        assert all(FIX in line or "Map it" in line or "Map them" in line for line in lines), lines
        assert store.content_digest() == before
    else:
        expected = case.imported
        out = ingest.run_import(store, files, mode="append")
        warnings = [w.text() for w in out.batch.warnings]
        assert not matching(expected.warnings, warnings), warnings
        assert len(warnings) == len(expected.warnings), warnings
        rows = store.interactions()
        rows = rows[rows["import_id"] == out.import_id]
        assert (out.status, out.rows, len(rows)) == ("imported", expected.rows, expected.rows)
        assert rows["client"].nunique() == expected.clients
        assert tuple(sorted(rows["quarter"].unique())) == expected.quarters
        assert rows["cost"].sum() == pytest.approx(expected.cost)
        assert rows["hours"].sum() == pytest.approx(expected.hours)
        assert set(expected.names) <= set(rows["client"])
        after = store.content_digest()
        assert after["interactions"][0] == before["interactions"][0] + expected.rows
        assert after["imports"][0] == before["imports"][0] + 1
        assert {k: after[k] for k in UNTOUCHED} == {k: before[k] for k in UNTOUCHED}
    still_answers(store)


def test_the_corpus_covers_the_brief():
    ids = {c.id for c in CASES}
    assert len(CASES) >= 50 and len(ids) == len(CASES)
    rejected = [c for c in CASES if c.outcome == "rejected"]
    imported = [c for c in CASES if c.outcome == "imported"]
    assert all(c.rejected for c in rejected)
    assert len(rejected) >= 20 and len(imported) >= 20


def test_size_limit_agrees_with_streamlit_config():
    import tomllib

    config = tomllib.loads((settings.REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == settings.MAX_UPLOAD_MB


def test_markup_and_formula_names_render_as_text_on_every_page(tmp_path, monkeypatch):
    path = tmp_path / "names.duckdb"
    monkeypatch.setenv(settings.DB_ENV_VAR, str(path))
    store = open_store(path)
    for case_id in ("markup_in_names", "text_like_formulas"):
        (case,) = [c for c in CASES if c.id == case_id]
        ingest.run_import(store, case.build(tmp_path), mode="append")
    store.close()
    hostile = "<script>alert('x')</script>"
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for page in ("pages/client.py", "pages/methods.py", "pages/upload.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.switch_page("pages/client.py").run()
    assert hostile in at.selectbox(key="c_client").options
    at.selectbox(key="c_client").select(hostile).run()
    assert not at.exception
    # The name reaches the page only as data (options, table cells, chart text), never as
    # Markdown a page renders.
    shown_as_markdown = [e.value for e in (*at.markdown, *at.title, *at.subheader, *at.caption)
                         if hostile in e.value or "[click](javascript" in e.value]
    assert not shown_as_markdown
