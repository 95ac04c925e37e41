"""copy-store: the sample store (with a setting, a saved mapping, a valuation entered in the app
and an audit entry besides its import) copied from DuckDB into a real PostgreSQL and back
through the command line; every quarter's matrix identical to the cent, history, valuations and
audit log identical, and the round trip's DuckDB file holding exactly the original's rows. A
target holding data is refused and left as it was."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kam_analytics import cli, ingest, sample
from kam_analytics.analysis import matrix
from kam_analytics.store import open_store
from kam_analytics.store.store_copy import TABLES
from tests.store.pg import postgres_server  # noqa: F401 - the session's server


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """Return the path of a DuckDB store holding the sample and one of everything else."""
    path = tmp_path_factory.mktemp("original") / "kam.duckdb"
    store = open_store(path)
    workbook = sample.SAMPLE_DIR / "kam_sample.xlsx"
    ingest.run_import(store, [(workbook.name, workbook.read_bytes())])
    quarter, client = store.quarters()[-1], store.client_dimension()["client"].iloc[0]
    store.set_setting("hourly_rate", "87.5")
    store.save_mappings("header", {"cost eur": "cost"})
    store.save_valuation_entries(pd.DataFrame([{
        "quarter": quarter, "client": client, "method": "technical.staff_training",
        "value": 4.0, "comment": "agreed at the review"}]), "director@example.com")
    store.record("director@example.com", "export", "board deck 2026Q3")
    store.close()
    return path


@pytest.fixture(scope="module")
def copied(original, postgres_server, tmp_path_factory):  # noqa: F811 - the fixture above
    """Return (PostgreSQL address, DuckDB path back, what each copy printed)."""
    url = postgres_server.database("copy")
    back = tmp_path_factory.mktemp("back") / "kam.duckdb"
    printed = []
    for source, target in ((str(original), url), (url, str(back))):
        code, out, err = run(["copy-store", "--from", source, "--to", target])
        assert (code, err) == (0, ""), err
        printed.append(out)
    return url, back, printed


def run(argv: list[str]) -> tuple[int, str, str]:
    """Return the command line's exit code, output and errors."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def test_it_prints_every_table_with_its_rows(original, copied):
    store = open_store(original, read_only=True)
    interactions = store.contents()["interactions"]
    store.close()
    for printed in copied[2]:
        lines = printed.splitlines()
        assert lines[0].startswith(f"Copied {original}" if printed is copied[2][0]
                                   else "Copied postgresql://")
        counts = dict(line.strip().split(": ") for line in lines[1:])
        assert list(counts) == list(TABLES)
        # one import of the sample; the setting, mapping, entry and audit entry made above
        assert counts["imports"] == "1 row"
        assert counts["settings"] == "1 row"
        assert counts["mappings"] == "1 row"
        assert counts["valuation_entries"] == "1 row"
        assert counts["audit_log"] == "1 row"
        assert counts["interactions"] == f"{interactions:,} rows"


def test_every_quarter_s_matrix_is_identical_to_the_cent(original, copied):
    url, back, _ = copied
    stores = [open_store(original, read_only=True), open_store(url), open_store(back)]
    try:
        quarters = stores[0].quarters()
        assert len(quarters) >= 2
        assert all(s.quarters() == quarters for s in stores)
        assert [s.hourly_rate() for s in stores] == [87.5] * 3
        for q in quarters:
            cells = [matrix.cost_value_matrix(s.activity(quarters=[q]),
                                              s.valuations(quarters=[q]),
                                              s.client_dimension(), s.hourly_rate())
                     .sort_values(["client", "method"], ignore_index=True) for s in stores]
            assert len(cells[0]) > 50
            for other in cells[1:]:
                for money in ("cost", "total_cost"):
                    assert ((cells[0][money] * 100).round().tolist()
                            == (other[money] * 100).round().tolist()), (q, money)
                assert_frame_equal(cells[0], other, check_exact=False, rtol=1e-12)
    finally:
        for s in stores:
            s.close()


@pytest.mark.parametrize("read", [
    lambda s: s.import_history(),
    lambda s: s.valuation_history(),
    lambda s: s.valuations(),
    lambda s: s.client_dimension(),
    lambda s: s.audit_log(),
    lambda s: s.saved_mappings(),
    lambda s: s.interactions().sort_values(["date", "client", "source_file", "source_row"],
                                           ignore_index=True),
], ids=["import_history", "valuation_history", "valuations", "client_dimension", "audit_log",
        "saved_mappings", "interactions"])
def test_history_and_valuations_are_identical(original, copied, read):
    url, back, _ = copied
    stores = [open_store(original, read_only=True), open_store(url), open_store(back)]
    try:
        expected, *actual = (read(s) for s in stores)
        assert len(expected)
        for frame in actual:  # times too: the copy keeps when each thing was done
            assert_frame_equal(expected, frame)
    finally:
        for s in stores:
            s.close()


def test_the_round_trip_holds_exactly_the_original_s_rows(original, copied):
    stores = [open_store(original, read_only=True), open_store(copied[1], read_only=True)]
    expected, actual = (s.content_digest() for s in stores)
    for s in stores:
        s.close()
    assert expected == actual
    assert expected["interactions"][0] > 1000


def test_a_target_holding_data_is_refused_and_left_as_it_was(original, copied):
    url = copied[0]
    store = open_store(url)
    before = store.content_digest()
    store.close()
    code, out, err = run(["copy-store", "--from", str(original), "--to", url])
    assert (code, out) == (1, "")
    assert "already holds data (imports, import_quarters, interactions" in err
    assert "nothing was copied" in err
    store = open_store(url)
    assert store.content_digest() == before
    store.close()


def test_the_same_store_twice_is_a_usage_error(original):
    code, _, err = run(["copy-store", "--from", str(original), "--to", str(original)])
    assert code == 2
    assert "name the same store" in err


def test_a_store_the_dashboard_holds_is_not_copied_through_it(original, tmp_path):
    # The dashboard serves its file to commands run meanwhile, but a whole-store copy is not
    # one of them: it is refused with what to do, and the target is never made.
    from tests.store.test_duckdb_handover import held

    target = tmp_path / "copy.duckdb"
    with held(original, serve=True) as holder:
        code, out, err = run(["copy-store", "--from", str(original), "--to", str(target)])
    assert (code, out) == (cli.EXIT_BUSY, "")
    assert f"The dashboard (process {holder.pid}) holds a store of this copy" in err
    assert "Stop the dashboard, then run copy-store again." in err
    assert not target.exists()
