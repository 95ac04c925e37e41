"""The one ingest path: the same data in three file shapes, rejections, mappings."""

import math

import pandas as pd
import pytest

from kam_analytics import ingest
from kam_analytics.analysis import matrix
from kam_analytics.i18n import render
from kam_analytics.ingest import dates, delimited
from kam_analytics.store import CurrencyMismatch, Store, open_store
from tests import datasets
from tests.ingest.sheets_data import xlsx_bytes

FORMATS = {
    "utf8.csv": datasets.utf8_csv,
    "russian.csv": datasets.cp1251_csv,
    "report.xlsx": datasets.xlsx_with_title_and_totals,
}


def matrix_of(store: Store) -> pd.DataFrame:
    return matrix.cost_value_matrix(store.activity(), store.valuations(),
                                    store.client_dimension(), 60.0)


def imported(tmp_path, name, data, **kw):
    store = open_store(tmp_path / f"{name}.duckdb")
    out = ingest.run_import(store, [(name, data)], **kw)
    return store, out


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_gives_the_hand_computed_matrix(tmp_path, name):
    store, out = imported(tmp_path, name, FORMATS[name]())
    assert (out.status, out.rows, out.clients, out.quarters) == ("imported", 5, 3, ["2026Q3"])
    m = matrix_of(store).set_index(["client", "method"])
    assert set(m.index) == set(datasets.EXPECTED)
    for key, (n, cost, hours, total, value, quadrant) in datasets.EXPECTED.items():
        row = m.loc[key]
        assert row["interactions"] == n, key
        assert row["cost"] == pytest.approx(cost), key
        assert row["hours"] == pytest.approx(hours), key
        assert row["total_cost"] == pytest.approx(total), key
        assert row["value"] == pytest.approx(math.nan if value is None else value, nan_ok=True)
        assert row["quadrant"] == quadrant, key


def test_all_formats_import_to_identical_matrices(tmp_path):
    frames = [matrix_of(imported(tmp_path, n, f())[0]) for n, f in FORMATS.items()]
    for other in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], other)


def test_xlsx_title_totals_and_footer_are_reported_not_imported():
    batch = ingest.prepare_import([("report.xlsx", datasets.xlsx_with_title_and_totals())])
    assert batch.ok
    texts = [w.text() for w in batch.warnings]
    assert any("row 10" in x and "totals" in x for x in texts), texts
    assert any("row 12" in x and "footer" in x for x in texts), texts
    assert any("minutes" in x for x in texts), texts
    assert batch.interactions["source_row"].tolist() == [5, 6, 7, 8, 9]
    assert batch.interactions["source_sheet"].unique().tolist() == ["Activity Q3"]


def test_a_long_workbook_with_an_optional_column_left_empty_imports():
    # calamine gives "" for an empty cell: a Manager column left empty below the sheet's top
    # rows is all missing (a long sheet takes the Arrow encoding; this crashed once).
    from tests.corpus import build

    rows = [build.HEADER] + [["2026-07-03", f"Client {i % 9}", "Staff training", "10",
                              "1", "", ""] for i in range(300)]
    batch = ingest.prepare_import([("long.xlsx", build.xlsx_bytes(rows))])
    assert batch.ok, [e.text() for e in batch.errors]
    assert len(batch.interactions) == 300
    assert batch.interactions["manager"].isna().all()
    assert batch.interactions["cost"].sum() == 3000.0


def test_client_named_na_stays_a_name():
    batch = ingest.prepare_import([("utf8.csv", datasets.utf8_csv())])
    assert "NA" in batch.interactions["client"].tolist()


def test_rejection_names_file_row_column_and_fix(tmp_path):
    bad = datasets.utf8_csv().replace(b"3000.00", b"lots").replace(b"2026-08-20", b"2026-13-45")
    store = open_store(tmp_path / "s.duckdb")
    before = store.content_digest()
    with pytest.raises(ingest.ImportRejected) as exc:
        ingest.run_import(store, [("bad.csv", bad)])
    lines = exc.value.batch.problem_lines()
    assert any("bad.csv" in x and "row 3" in x and "'Cost (EUR)' (D)" in x and "'lots'" in x
               and "How to fix" in x for x in lines), lines
    assert any("row 5" in x and "'Date' (A)" in x for x in lines), lines
    assert store.content_digest() == before


def test_unknown_methods_listed_once_with_counts_and_suggestions():
    data = datasets.utf8_csv().replace(b"Staff training", b"Staff training and lunch")
    batch = ingest.prepare_import([("x.csv", data)])
    assert not batch.ok
    [u] = batch.unknown_methods
    assert (u.label, u.rows, u.first_rows) == ("Staff training and lunch", 2, [2, 4])
    assert u.suggestions[0] == "technical.staff_training"


def test_labels_read_by_their_words_are_imported_and_noted_once_with_their_rows(tmp_path):
    data = (datasets.utf8_csv().replace(b"Staff training", b"Training of client staff")
            .replace(b"Site visits", b"Client visits to our sites"))
    batch = ingest.prepare_import([("x.csv", data)])
    assert batch.ok and not batch.unknown_methods
    read = [render(w.message) for w in batch.warnings if w.message.key == "warn.method_by_words"]
    assert sorted(read) == [
        "read 'Client visits to our sites' as Site visits (1 row): its words name that method "
        "alone; map the label to read it otherwise",
        "read 'Training of client staff' as Staff training (2 rows): its words name that "
        "method alone; map the label to read it otherwise"]
    store, out = imported(tmp_path, "x.csv", data)
    assert out.status == "imported"
    m = matrix_of(store).set_index(["client", "method"])
    assert set(m.index) == set(datasets.EXPECTED)  # the same methods as the known labels


def test_method_mapping_is_applied_and_saved(tmp_path):
    data = datasets.utf8_csv().replace(b"Staff training", b"Workshop")
    store = open_store(tmp_path / "s.duckdb")
    out = ingest.run_import(store, [("x.csv", data)],
                            method_map={"workshop": "technical.staff_training"})
    assert out.rows == 5
    assert store.mappings("method") == {"workshop": "technical.staff_training"}
    # a later upload with the same label now imports without asking
    later = data.replace(b"2026-", b"2025-")
    assert ingest.run_import(store, [("y.csv", later)]).rows == 5


def test_excluded_method_rows_are_left_out_with_a_warning():
    data = datasets.utf8_csv().replace(b"JIT delivery", b"Lunch")
    batch = ingest.prepare_import([("x.csv", data)], method_map={"lunch": ingest.EXCLUDE})
    assert batch.ok and len(batch.interactions) == 4
    assert any("Lunch" in w.text() and "row 5" in w.text() for w in batch.warnings)


def test_unrecognised_headers_ask_for_a_mapping_then_import():
    data = datasets.utf8_csv().replace(b"Date,Client,Method", b"When,Who,What")
    batch = ingest.prepare_import([("x.csv", data)])
    assert not batch.ok
    [tb] = batch.needs_mapping
    # 'When' holds dates and 'What' methods, so they are read by content; names are not.
    assert tb.missing == ["client"]
    assert tb.headers[:3] == ["When", "Who", "What"]
    assert "'When', 'Who', 'What'" in batch.problem_lines()[0]
    mapped = ingest.prepare_import([("x.csv", data)], header_map={"who": "client"})
    assert mapped.ok and len(mapped.interactions) == 5


def test_reimport_is_idempotent(tmp_path):
    store, _ = imported(tmp_path, "a.csv", datasets.utf8_csv())
    before = store.content_digest()
    out = ingest.run_import(store, [("renamed.csv", datasets.utf8_csv())])
    assert out.status == "unchanged"
    assert store.content_digest() == before


def test_several_files_are_one_import(tmp_path):
    store = open_store(tmp_path / "s.duckdb")
    q2 = datasets.utf8_csv().replace(b"2026-0", b"2026-0").replace(b"-07-", b"-04-")
    out = ingest.run_import(store, [("a.csv", datasets.utf8_csv()), ("b.csv", q2)])
    assert out.import_id == 1 and out.rows == 10
    # Each row keeps its own date's quarter (worked out per file, then put together): b.csv
    # has its two July rows moved to April.
    assert out.quarters == ["2026Q2", "2026Q3"]
    per_quarter = store.activity().groupby("quarter")["interactions"].sum().to_dict()
    assert per_quarter == {"2026Q2": 2, "2026Q3": 8}
    stored = store.interactions()
    assert stored.groupby(["source_file", "quarter"]).size().to_dict() == {
        ("a.csv", "2026Q3"): 5, ("b.csv", "2026Q2"): 2, ("b.csv", "2026Q3"): 3}


def test_sheets_with_their_own_header_rows_and_column_orders_each_report_their_own_rows():
    # Each sheet is read alone: its header row, its columns' letters and its row numbers, as
    # the spreadsheet shows them (counted by hand below).
    data = xlsx_bytes(
        [["Date", "Client", "Method", "Cost"],
         ["2026-07-01", "Acme", "Site visits", 10],
         ["not a date", "Beta", "Site visits", 20]],            # Data row 3: no date
        July=[["July report"], [None],                          # a title row, a blank row
              ["Date", "Client", "Method", "Cost"],
              ["2026-07-02", "Acme", "Site visits", 5],
              ["2026-07-03", "Beta", "Site visits", "ten"]],    # July row 5: no number
        August=[["Client", "Date", "Cost", "Method"],
                ["Acme", "2026-08-01", 7, "Site visits"],
                [None, "2026-08-02", 9, "Site visits"],          # August row 3: no client
                ["Acme", "2026-08-40", 8, "Site visits"]])       # August row 4: no such day
    batch = ingest.prepare_import([("months.xlsx", data)])
    actual = sorted((e.sheet, e.column, e.rows, e.message.key) for e in batch.errors)
    assert actual == [
        ("August", "'Client' (A)", [3], "problem.missing"),
        ("August", "'Date' (B)", [4], "problem.examples"),
        ("Data", "'Date' (A)", [3], "problem.examples"),
        ("July", "'Cost' (D)", [5], "problem.examples")]
    texts = {e.sheet: e.text() for e in batch.errors if e.message.key == "problem.examples"}
    assert "'2026-08-40'" in texts["August"] and "no such date" in texts["August"]
    assert "'not a date'" in texts["Data"] and "'ten'" in texts["July"]
    titles = [(w.sheet, w.rows) for w in batch.warnings if w.message.key == "warn.title_rows"]
    assert titles == [("July", [1])]


@pytest.mark.parametrize("text, expected", [
    ("2026Q3", "2026Q3"), ("2026 Q3", "2026Q3"), ("Q3 2026", "2026Q3"), ("q3-2026", "2026Q3"),
    ("3 кв. 2026", "2026Q3"), ("3 квартал 2026 г.", "2026Q3"), ("2026", None), ("Q5 2026", None),
])
def test_parse_quarter(text, expected):
    assert ingest.parse_quarter(text) == expected


@pytest.mark.parametrize("index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"),
                                            (16383, "XFD")])
def test_column_letter(index, letters):
    assert ingest.column_letter(index) == letters


# ---- bad input: what ingest itself adds ---------------------------------------------------------

def test_cli_refuses_a_file_over_the_upload_limit(tmp_path, monkeypatch, capsys):
    from kam_analytics import cli, settings

    monkeypatch.setattr(settings, "MAX_UPLOAD_MB", 1)
    path = tmp_path / "big.csv"
    path.write_bytes(datasets.utf8_csv() + b"\n" * 1024**2)
    db = tmp_path / "s.duckdb"
    assert cli.main(["import", str(path), "--db", str(db)]) == cli.EXIT_REJECTED
    err = capsys.readouterr().err
    assert "big.csv: the file is 1.0 MB, over the limit of 1 MB per file" in err
    assert open_store(db).content_digest()["interactions"][0] == 0


def test_read_errors_name_the_file_once():
    [problem] = ingest.prepare_import([("empty.csv", b"")]).errors
    assert problem.text().startswith("empty.csv: the file is empty")


@pytest.mark.parametrize(("cells", "expected"), [
    ([True, 1, 1.0, "1", None], ["True", "1", "1", "1", ""]),  # True is no 1, though it hashes so
    ([False, 0, " x ", float("nan")], ["False", "0", "x", ""]),
])
def test_text_cells_keep_bools_apart_from_numbers(cells, expected):
    assert ingest.text_cells(pd.Series(cells, dtype=object)).tolist() == expected


def test_unknown_method_names_its_column():
    data = datasets.utf8_csv().replace(b"Site visits", b"Golf day")
    [u] = ingest.prepare_import([("x.csv", data)]).unknown_methods
    assert "x.csv, column 'Method' (C), row 3" in u.text()


def test_quarters_of_one_upload_are_listed():
    data = datasets.utf8_csv().replace(b"2026-07-03", b"2026-06-03")
    batch = ingest.prepare_import([("x.csv", data)])
    assert batch.quarters == ["2026Q2", "2026Q3"]
    assert any("the dates span 2 quarters: 2026Q2 (1 rows), 2026Q3 (4 rows)" in w.text()
               for w in batch.warnings)


def test_hidden_rows_are_imported_and_named():
    from tests.corpus import build

    data = build.xlsx_bytes(build.table(), after=build._hidden_rows)
    batch = ingest.prepare_import([("h.xlsx", data)])
    assert batch.ok and len(batch.interactions) == 5
    assert [w.rows for w in batch.warnings if "hidden in Excel" in render(w.message)] == [[3, 5]]


def test_uncalculated_formula_in_a_dropped_totals_row_is_no_error():
    batch = ingest.prepare_import([("report.xlsx", datasets.xlsx_with_title_and_totals())])
    assert batch.ok, batch.problem_lines()


def test_progress_reports_each_stage_in_order(tmp_path):
    seen = []
    store = open_store(tmp_path / "p.duckdb")
    ingest.run_import(store, [("a.csv", datasets.utf8_csv()), ("b.xlsx",
                      datasets.xlsx_with_title_and_totals())],
                      progress=lambda stage, f: seen.append((stage, f)), mode="append")
    stages = [s for s, _ in seen]
    assert stages[0] == "reading" and stages[-1] == "storing"
    assert stages.index("checking") < stages.index("storing")
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert stages.count("reading") == 2  # once per file


def test_store_batch_stores_the_checked_batch_without_reading_again(tmp_path):
    batch = ingest.prepare_import([("a.csv", datasets.utf8_csv())])
    store = open_store(tmp_path / "s.duckdb")
    out = ingest.store_batch(store, batch)
    assert (out.status, out.rows) == ("imported", 5)
    bad = ingest.prepare_import([("b.csv", datasets.utf8_csv().replace(b"3000.00", b"x"))])
    before = store.content_digest()
    with pytest.raises(ingest.ImportRejected):
        ingest.store_batch(store, bad)
    assert store.content_digest() == before


@pytest.mark.parametrize("seed", range(6))
def test_quarters_of_each_date_are_its_calendar_quarter(seed):
    # Worked out once per distinct cell: every row must still get its own date's quarter,
    # whatever the cells' format, and a missing or unreadable date none.
    import numpy as np


    rng = np.random.default_rng(seed)
    days = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 15_000, 300), "D")
    forms = ["%Y-%m-%d", "%d.%m.%Y", "%d %b %Y"]
    cells = [None if rng.random() < 0.1 else "no date" if rng.random() < 0.05
             else d.strftime(forms[i % 3]) for i, d in enumerate(days)]
    parsed = dates.parse_date_column(pd.Series(pd.Categorical(cells)))
    got = ingest.quarters_of(parsed)
    expected = [None if pd.isna(d) else f"{d.year}Q{(d.month - 1) // 3 + 1}"
                for d in parsed.values]
    assert [None if pd.isna(q) else q for q in got] == expected
    assert sum(q is not None for q in expected) > 200


def test_columns_of_distinct_values_import_as_the_careful_reader_reads_them(monkeypatch):
    # Dates with times, one client per row, amounts and notes all distinct: Arrow leaves those
    # columns as text, read on demand. The batch must equal the careful reader's, cell for cell.
    import csv
    import io

    import numpy as np


    rng = np.random.default_rng(3)
    rows = [["Date", "Client", "Method", "Cost", "Hours", "Note"]]
    for i in range(600):
        rows.append([f"2026-07-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{i * 7 % 60:02d}",
                     f"Client {i}", "Site visits", f"{rng.gamma(2, 400):.2f}",
                     "" if i % 9 == 0 else f"{i * 0.37:.2f}", f"free text {i}"])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    data = out.getvalue().encode()
    assert delimited._wide_ranging(data[:delimited.SNIFF_CHARS], ",", 6) >= {0, 1, 3, 5}
    fast = ingest.prepare_import([("w.csv", data)])
    monkeypatch.setattr(delimited, "_arrow_cells", lambda *args: None)
    careful = ingest.prepare_import([("w.csv", data)])
    assert fast.ok and careful.ok and len(fast.interactions) == 600
    pd.testing.assert_frame_equal(fast.interactions.astype(object),
                                  careful.interactions.astype(object))
    assert [w.text() for w in fast.warnings] == [w.text() for w in careful.warnings]


def test_an_import_is_known_by_its_files_sha256_worked_out_here_or_by_the_caller():
    import hashlib

    data = datasets.utf8_csv()
    own = ingest.prepare_import([("a.csv", data)])
    assert own.files == [("a.csv", hashlib.sha256(data).hexdigest())]
    given = ingest.prepare_import([("a.csv", data)], digests=["ab" * 32])  # the page's hash
    assert given.files == [("a.csv", "ab" * 32)]
    with pytest.raises(ValueError):
        ingest.prepare_import([("a.csv", data)], digests=[])


_WIDE_BATCH = "\n".join([
    "Title of the export",
    "date,client,method,cost,hours,value,manager,segment,note,extra,more,last",
    "2026-01-05,Acme,Site visit,12,1,4,Ann",
    '2026-02-30,,Nonsense,-3,x,9,"=HYPERLINK(""x"")"',
    '05.01.2026,"Beta,  Inc",Training,"1,234.50",2,,Bob,,,,,,extra',
    "Total,,,1246.5",
    "",
    "Made by the CRM",
])


def _batch_facts(batch) -> tuple:
    return (repr(batch.errors) + "".join(p.text() for p in batch.errors),
            repr(batch.warnings) + "".join(p.text() for p in batch.warnings),
            repr(batch.unknown_methods), repr(batch.tables),
            batch.interactions.astype(object).to_dict("list"))


def test_a_text_wider_than_long_imports_as_a_long_one(monkeypatch):
    # The wide reader keeps a sheet's cells as one block of objects, not dictionary columns:
    # every check must read it the same.
    expected = _batch_facts(ingest.prepare_import([("w.csv", _WIDE_BATCH.encode())]))
    monkeypatch.setattr(delimited, "WIDE_COLUMNS", 2)
    actual = _batch_facts(ingest.prepare_import([("w.csv", _WIDE_BATCH.encode())]))
    assert actual == expected
    assert "not a date" in expected[0] and "totals" in expected[1]  # the checks had work to do


def test_a_bad_cell_names_its_reason_only_where_it_says_more_than_the_problem():
    # Whole lines, as a manager reads them (problems are keys until shown: the text must still
    # be the one written before they were).
    csv = (b"Date,Client,Method,Cost,Hours,Value\n2026-07-01,Acme,Staff training,lots,1,4\n"
           b"notadate,Acme,Staff training,10,1,4\n2026-07-02,Acme,Staff training,5%,1,4\n"
           b"2026-07-03,Acme,Staff training,12,1,seven\n")
    number_fix = ("How to fix: enter plain amounts such as 1234.50 or 1 234,50, without text or "
                  "percent signs; leave the cell empty for 0.")
    assert ingest.prepare_import([("t.csv", csv)], isolate=False).problem_lines() == [
        "t.csv, row 3, column 'Date' (A): not a date: 'notadate'. How to fix: write dates as "
        "2026-07-03 or 03.07.2026, one format for the whole column.",
        "t.csv, rows 2, 4, column 'Cost' (D): not a number: 'lots', '5%' (a percentage, not an "
        f"amount: write the amount itself). {number_fix}",
        f"t.csv, row 5, column 'Value' (F): not a number: 'seven'. {number_fix}"]


def test_amounts_the_store_cannot_keep_exactly_are_refused_or_noted(tmp_path):
    # The store keeps amounts to 4 decimals below 1e14: a larger one is a problem naming its
    # row, one with more decimals is stored rounded with a note; a float's binary noise is not.
    csv = (b"Date,Client,Method,Cost,Hours\n2026-07-01,Acme,Staff training,12.34567,1\n"
           b"2026-07-02,Acme,Staff training,0.30000000000000004,1\n"
           b"2026-07-03,Acme,Staff training,1e15,1\n")
    batch = ingest.prepare_import([("t.csv", csv)], isolate=False)
    assert batch.problem_lines() == [
        "t.csv, row 4, column 'Cost' (D): above the maximum of 99,999,999,999,999: '1e15'. How "
        "to fix: amounts must stay below 100 trillion; check that the column holds amounts, not "
        "account numbers or IDs."]
    assert [w.text() for w in batch.warnings] == [
        "t.csv, row 2: 'Cost' (D): 1 amount has more than 4 decimals and is stored rounded to 4 "
        "(12.34567 stored as 12.3457)."]
    store = open_store(tmp_path / "kam.duckdb")
    try:
        ingest.run_import(store, [("t.csv", csv.rsplit(b"\n", 2)[0] + b"\n")], isolate=False)
        assert sorted(store.interactions()["cost"].tolist()) == [0.3, 12.3457]
    finally:
        store.close()


# ---- the amounts' currency ----------------------------------------------------------------------
RUB_CSV = (
    b"Date,Client,Method,Cost,Hours\n"
    b"2026-07-01,Acme,Site visits,10000,1\n"
    b"2026-07-02,Bolt,Site visits,2550.5,2\n")


def test_a_currency_nothing_names_is_the_stores(tmp_path):
    store, out = imported(tmp_path, "q3.csv", RUB_CSV)
    assert store.currency() == "EUR"
    assert store.import_history()["currency"].tolist() == ["EUR"]
    assert out.batch.currency is None and "currency" not in out.batch.reading()


def test_the_first_import_in_roubles_makes_the_store_roubles(tmp_path):
    store, _ = imported(tmp_path, "q3.csv", RUB_CSV, currency="RUB")
    assert store.currency() == "RUB"
    assert store.import_history()["currency"].tolist() == ["RUB"]


def test_roubles_into_a_euro_store_need_a_rate_then_are_converted(tmp_path):
    store, _ = imported(tmp_path, "q2.csv", RUB_CSV.replace(b"2026-07", b"2026-04"))
    files = [("q3.csv", RUB_CSV)]
    before = store.content_digest()
    batch = ingest.prepare_import(files)
    assert ingest.rate_needed(batch, store.currency(), True, "RUB") == "RUB"
    assert ingest.rate_needed(batch, store.currency(), True) is None  # nothing says RUB
    with pytest.raises(CurrencyMismatch):
        ingest.run_import(store, files, currency="RUB")
    assert store.content_digest() == before
    out = ingest.run_import(store, files, currency="RUB", rate=0.0105)
    q3 = store.interactions().query("quarter == '2026Q3'").set_index("client")["cost"]
    # 10,000 x 0.0105 = 105.00; 2,550.50 x 0.0105 = 26.78025 (stored to 4 places: 26.7803)
    assert q3.to_dict() == {"Acme": 105.0, "Bolt": pytest.approx(26.7803, abs=1e-9)}
    assert store.currency() == "EUR"
    assert any("1 RUB = 0.0105 EUR" in w.text() for w in out.batch.warnings)
    # The same file at another rate is another reading: a new import, not "unchanged".
    again = ingest.run_import(store, files, currency="RUB", rate=0.011, mode="replace")
    assert (again.status, again.replaced) == ("imported", [out.import_id])
    assert ingest.reading_lines(store.import_history()["reading"].iloc[0])[-1] == (
        "amounts converted from RUB to EUR at the rate you gave: 1 RUB = 0.011 EUR")


def test_a_batch_converted_for_the_store_is_left_as_the_page_keeps_it():
    batch = ingest.prepare_import([("q3.csv", RUB_CSV)])
    converted, currency = ingest.currency_applied(batch, "EUR", "RUB", 0.5)
    assert currency == "EUR"
    assert converted.interactions["cost"].tolist() == [5000.0, 1275.25]
    assert batch.interactions["cost"].tolist() == [10000.0, 2550.5]
    assert batch.choices == {} and len(batch.warnings) < len(converted.warnings)


def test_a_rate_converts_the_clients_revenue_and_margin_too():
    clients = b"Client,Segment,Annual revenue,Gross margin\nAcme,A,1000,250\nBolt,B,800,\n"
    batch = ingest.prepare_import([("q3.csv", RUB_CSV), ("clients.csv", clients)])
    converted, _ = ingest.currency_applied(batch, "EUR", "RUB", 0.5)
    assert converted.clients["annual_revenue"].tolist() == [500.0, 400.0]
    assert converted.clients["margin"].tolist()[0] == 125.0
    assert pd.isna(converted.clients["margin"].iloc[1])  # none given: none made up


# ---- valuations on their own; the currency the headers name -------------------------------------

def test_valuations_alone_need_a_quarter_and_take_the_one_given(tmp_path):
    from tests.ingest import real_files as rf

    files = [("values.xlsx", rf.valuation_grid(with_quarter=False))]
    undated = ingest.prepare_import(files, isolate=False)
    assert undated.problem_lines() == [
        "values.xlsx: the Valuations table has no Quarter column and the upload has no "
        "interactions to date it. How to fix: pick the quarter these valuations are for on the "
        "Upload page (on the command line: --quarter 2026Q3), or add a Quarter column with "
        "values such as 2026Q3."]
    with pytest.raises(ValueError, match="not a quarter"):
        ingest.prepare_import(files, isolate=False, quarter="autumn")
    store = open_store(tmp_path / "s.duckdb")
    try:
        ingest.run_import(store, [("a.csv", datasets.utf8_csv())])  # the quarter's interactions
        out = ingest.run_import(store, files, isolate=False, quarter="Q3 2026", mode="append")
        assert (out.valuations, out.quarters) == (4, ["2026Q3"])
        stored = store.valuations().set_index(["client", "method"])["value"].to_dict()
    finally:
        store.close()
    assert stored == {("Acme Ltd", "technical.staff_training"): 4.0,
                      ("Acme Ltd", "trust.site_visits"): 2.0,
                      ("Borealis", "technical.staff_training"): 3.0,
                      ("Borealis", "resource.credit"): 5.0}


def test_the_quarter_given_does_not_redate_valuations_of_an_upload_with_interactions():
    long = b"Client,Method,Value\nAcme Ltd,Staff training,4\n"
    batch = ingest.prepare_import([("a.csv", datasets.utf8_csv()), ("v.csv", long)],
                                  quarter="2025Q1")
    assert batch.ok and batch.valuations["quarter"].tolist() == ["2026Q3"]


@pytest.mark.parametrize("headers, currency", [
    ((b"Cost (EUR)",), "EUR"), (('"Затраты, руб."'.encode(),), "RUB"),
    ((b"Cost",), None), ((b'"Cost, $"', b"Cost USD"), "USD"),
])
def test_the_currency_named_by_the_money_headers(headers, currency):
    files = [(f"f{i}.csv", b"Date,Client,Method," + h + b"\n2026-07-01,Acme,Staff training,5\n")
             for i, h in enumerate(headers)]
    batch = ingest.prepare_import(files)
    assert batch.ok, batch.problem_lines()
    assert batch.currency == currency


def test_money_columns_naming_two_currencies_are_a_problem():
    inter = b"Date,Client,Method,Cost (EUR)\n2026-07-01,Acme,Staff training,5\n"
    clients = b'Client,Segment,"Annual revenue, USD"\nAcme,A,1000\n'
    batch = ingest.prepare_import([("a.csv", inter), ("clients.csv", clients)])
    assert batch.problem_lines() == [
        "a.csv, clients.csv: the money columns name different currencies: a.csv 'Cost (EUR)' "
        "(D) EUR, clients.csv 'Annual revenue, USD' (C) USD; one import holds amounts in one "
        "currency. How to fix: convert the amounts to one currency, or import the files "
        "separately."]
    assert batch.currency is None


# ---- the relationship-health columns --------------------------------------------------------
HEALTH_CSV = (
    "Дата;Клиент;Метод;Тип события;Срок;Дата исполнения;Выполнено в срок;Получено;Ответ;"
    "Решено;Письменно;Роль\n"
    "02.03.2026;Acme;Site visits;жалоба;;;;02.03.2026 09:00;02.03.2026 17:30;05.03.2026;;ЛПР\n"
    "03.03.2026;Acme;Site visits;обещание;20.03.2026;;да;;;;;\n"
    "04.03.2026;Acme;Site visits;соглашение;;;;;;;нет;закупщик\n"
    "05.03.2026;Acme;Site visits;;;;;;;;;\n").encode()


def test_health_columns_with_russian_headers_are_read_and_stored(tmp_path):
    store, out = imported(tmp_path, "health.csv", HEALTH_CSV)
    assert out.rows == 4
    events = store.health_events().sort_values("source_row")
    assert events["event_type"].tolist() == ["complaint", "promise", "agreement"]
    assert events["received_at"].iloc[0] == pd.Timestamp("2026-03-02 09:00")
    assert events["responded_at"].iloc[0] == pd.Timestamp("2026-03-02 17:30")
    assert events["resolved_at"].iloc[0] == pd.Timestamp("2026-03-05")
    assert events["promised_date"].iloc[1] == pd.Timestamp("2026-03-20")
    assert events["kept"].tolist()[1] is True and events["in_writing"].tolist()[2] is False
    assert events["contact_role"].tolist()[0::2] == ["decider", "buyer"]
    # the row with no health column filled is no event, but it is counted
    assert store.event_counts()["interactions"].sum() == 4


def test_a_yes_no_cell_that_is_neither_is_rejected_with_row_column_and_fix(tmp_path):
    bad = HEALTH_CSV.replace("да".encode(), b"maybe")
    store = open_store(tmp_path / "s.duckdb")
    with pytest.raises(ingest.ImportRejected) as exc:
        ingest.run_import(store, [("bad.csv", bad)])
    lines = exc.value.batch.problem_lines()
    assert any("bad.csv" in x and "row 3" in x and "'Выполнено в срок' (G)" in x
               and "'maybe'" in x and "yes or no" in x for x in lines), lines


def test_an_unknown_event_word_is_left_blank_with_a_warning_naming_it(tmp_path):
    odd = HEALTH_CSV.replace("соглашение".encode(), "обед".encode())
    store, out = imported(tmp_path, "odd.csv", odd)
    warned = [render(w.message) for w in out.batch.warnings]
    assert any("'Тип события' (D)" in w and "обед" in w for w in warned), warned
    events = store.health_events().sort_values("source_row")
    assert events["event_type"].tolist()[:2] == ["complaint", "promise"]
    assert pd.isna(events["event_type"].iloc[2])
