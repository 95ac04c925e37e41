"""The command line, run as a manager's quarterly job would run it."""

import io

import openpyxl
import pandas as pd
import pytest

from kam_analytics import cli
from tests import datasets


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, build in (("q3.csv", datasets.utf8_csv), ("q3_ru.csv", datasets.cp1251_csv),
                        ("report.xlsx", datasets.xlsx_with_title_and_totals)):
        paths[name] = tmp_path / name
        paths[name].write_bytes(build())
    return paths


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_then_matrix_csv(tmp_path, files, capsys):
    db = tmp_path / "k.duckdb"
    code, out, _ = run(capsys, "import", files["q3.csv"], "--db", db)
    assert code == 0
    assert out.startswith("Imported #1: 5 interactions, 3 clients, 0 valuations, 2026Q3")
    code, out, _ = run(capsys, "matrix", "--db", db, "--quarter", "2026Q3")
    m = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
    required = ["quarter", "client", "strategy", "method", "interactions", "cost", "hours",
                "time_cost", "total_cost", "value", "quadrant"]
    assert set(required) <= set(m.columns)
    row = m.set_index(["client", "method"]).loc[("Acme Ltd", "technical.staff_training")]
    assert (row["interactions"], row["total_cost"], row["value"]) == (2, 2600.0, 4.5)


def test_matrix_csv_carries_full_precision(tmp_path, capsys):
    # Site visits: ratings 1, 1, 2 -> value 4/3; total cost 100 of the client's 300 -> share 1/3;
    # value per 1,000 = (4/3) / 100 x 1,000 = 40/3. Rounded to 3-4 places they were 1.333,
    # 0.3333 and 13.3333.
    path = tmp_path / "q3.csv"
    path.write_text("Date,Client,Method,Cost,Hours,Value\n"
                    "2026-07-01,Acme,Site visits,100,0,1\n"
                    "2026-07-02,Acme,Site visits,0,0,1\n"
                    "2026-07-03,Acme,Site visits,0,0,2\n"
                    "2026-07-04,Acme,Staff training,200,0,5\n", encoding="utf-8")
    db = tmp_path / "k.duckdb"
    assert run(capsys, "import", path, "--db", db)[0] == 0
    code, out, _ = run(capsys, "matrix", "--db", db, "--format", "csv")
    assert code == 0
    m = pd.read_csv(io.StringIO(out)).set_index("method")
    visits = m.loc["trust.site_visits"]
    assert visits["value"] == 4 / 3
    assert visits["share_of_client_spend"] == 1 / 3
    assert visits["value_per_1000"] == pytest.approx(40 / 3, rel=1e-15)
    assert m.loc["technical.staff_training", "share_of_client_spend"] == 2 / 3
    assert "1.3333333333333333" in out and "0.3333333333333333" in out


def test_matrix_compared_with_another_quarter(tmp_path, capsys):
    # The two-quarter store of tests/analysis/test_compare.py, at 100 an hour.
    from tests.analysis.test_compare import ROWS

    path = tmp_path / "two.csv"
    path.write_text(ROWS, encoding="utf-8")
    db = tmp_path / "k.duckdb"
    assert run(capsys, "import", path, "--db", db)[0] == 0
    code, out, err = run(capsys, "matrix", "--db", db, "--quarter", "2026Q3", "--compare-to",
                         "2026Q2", "--hourly-rate", "100")
    assert code == 0
    assert err.splitlines() == ["2026Q3 quadrants: high cost above 500.00, high value from 2",
                                "2026Q2 quadrants: high cost above 500.00, high value from 2"]
    m = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
    acme = m.set_index(["client", "method"]).loc[("Acme", "trust.site_visits")]
    assert (acme["previous_total_cost"], acme["total_cost"], acme["total_cost_change"]) == (
        1200, 1600, 400)
    assert (acme["value_change"], acme["previous_quadrant"], acme["quadrant"]) == (
        -3, "strategic", "overinvested")
    assert sorted(zip(m["client"], m["status"], strict=True)) == [
        ("Acme", "kept"), ("Acme", "kept"), ("Beta", "kept"), ("Beta", "new"),
        ("Newco", "new"), ("Oldco", "gone")]
    assert m["total_cost_change"].sum() == pytest.approx(1000)
    code, _, err = run(capsys, "matrix", "--db", db, "--quarter", "2026Q3", "--compare-to",
                       "2026Q2", "--thresholds", "each", "--hourly-rate", "100")
    assert code == 0 and "2026Q2 quadrants: high cost above 450.00, high value from 3.5" in err
    code, _, err = run(capsys, "matrix", "--db", db, "--compare-to", "2026Q2")
    assert code == 1 and "--compare-to needs --quarter" in err
    code, _, err = run(capsys, "matrix", "--db", db, "--quarter", "2026Q3", "--compare-to",
                       "2025Q4")
    assert code == 1 and "No data for 2025Q4. Quarters with data: 2026Q2, 2026Q3." in err


def test_hourly_rate_override(tmp_path, files, capsys):
    db = tmp_path / "k.duckdb"
    run(capsys, "import", files["q3.csv"], "--db", db)
    _, out, _ = run(capsys, "matrix", "--db", db, "--hourly-rate", "0")
    m = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
    assert m["total_cost"].sum() == pytest.approx(5200.0)


def test_same_quarter_refuses_to_guess(tmp_path, files, capsys):
    db = tmp_path / "k.duckdb"
    run(capsys, "import", files["q3.csv"], "--db", db)
    code, _, err = run(capsys, "import", files["report.xlsx"], "--db", db)
    assert code == cli.EXIT_DECIDE and "--append" in err and "--replace" in err
    code, out, _ = run(capsys, "import", files["report.xlsx"], "--db", db, "--replace")
    assert code == 0 and "replaced #1" in out
    # The Russian export's amounts are in roubles: never added to the euros unconverted.
    code, _, err = run(capsys, "import", files["q3_ru.csv"], "--db", db, "--replace")
    assert code == cli.EXIT_REJECTED and "in RUB, and the store's figures are in EUR" in err
    code, out, _ = run(capsys, "import", files["q3.csv"], "--db", db)
    assert code == 0 and out.startswith("Unchanged")


def test_rejection_prints_every_problem_and_stores_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(datasets.utf8_csv().replace(b"3000.00", b"lots").replace(b"Staff training",
                                                                             b"Stuff"))
    db = tmp_path / "k.duckdb"
    code, _, err = run(capsys, "import", bad, "--db", db)
    assert code == cli.EXIT_REJECTED
    assert "nothing was imported" in err
    assert "bad.csv, row 3, column 'Cost (EUR)' (D)" in err
    assert "Unknown method 'Stuff' (2 rows" in err
    code, out, _ = run(capsys, "history", "--db", db)
    assert out.strip() == "No imports yet."


def test_map_flags_import_an_unusual_file(tmp_path, capsys):
    odd = tmp_path / "odd.csv"
    odd.write_bytes(datasets.utf8_csv().replace(b"Date,Client,Method", b"When,Who,What")
                    .replace(b"Staff training", b"Workshop"))
    db = tmp_path / "k.duckdb"
    code, _, err = run(capsys, "import", odd, "--db", db)
    assert code == cli.EXIT_REJECTED and "'When', 'Who', 'What'" in err
    code, out, err = run(capsys, "import", odd, "--db", db, "--map", "When=date", "--map",
                         "Who=client", "--map", "What=method", "--map-method",
                         "Workshop=Staff training")
    assert code == 0, err
    # saved: the same file shape imports without flags next time
    again = tmp_path / "odd2.csv"
    again.write_bytes(odd.read_bytes().replace(b"2026-", b"2025-"))
    code, out, err = run(capsys, "import", again, "--db", db)
    assert code == 0, err


@pytest.mark.parametrize("args", [["--map", "When"], ["--map", "When=colour"],
                                  ["--map-method", "X=Not a method"]])
def test_bad_map_flags_are_usage_errors(tmp_path, files, capsys, args):
    code, _, err = run(capsys, "import", files["q3.csv"], "--db", tmp_path / "k.duckdb", *args)
    assert code == cli.EXIT_USAGE and err


def test_restore_and_history(tmp_path, files, capsys):
    db = tmp_path / "k.duckdb"
    run(capsys, "import", files["q3.csv"], "--db", db)
    run(capsys, "import", files["report.xlsx"], "--db", db, "--replace")
    code, out, _ = run(capsys, "restore", "1", "--db", db)
    assert code == 0 and "#2 set aside" in out
    _, out, _ = run(capsys, "history", "--db", db)
    lines = out.strip().splitlines()
    assert "replaced" in lines[1] and "active" in lines[2]


def test_matrix_on_a_missing_store_says_so(tmp_path, capsys):
    code, _, err = run(capsys, "matrix", "--db", tmp_path / "none.duckdb")
    assert code == cli.EXIT_REJECTED and "import a file first" in err


def test_sample_regenerates_identical_files(tmp_path, capsys):
    code, out, _ = run(capsys, "sample", "--out", tmp_path)
    assert code == 0
    from kam_analytics import settings

    for name in ("kam_sample_2026Q2.csv", "kam_sample_2026Q3.csv", "kam_sample.xlsx"):
        assert (tmp_path / name).read_bytes() == (settings.SAMPLE_DIR / name).read_bytes()


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    from kam_analytics import settings

    monkeypatch.setattr(settings, "MAX_UPLOAD_MB", 0.001)
    big = tmp_path / "big.csv"
    big.write_bytes(datasets.utf8_csv() * 10)
    monkeypatch.setattr(type(big), "read_bytes", lambda self: pytest.fail("file was read"))
    code, _, err = run(capsys, "import", big, "--db", tmp_path / "k.duckdb")
    assert code == cli.EXIT_REJECTED and "big.csv" in err and "over the limit" in err


def test_history_notes_are_stored_as_keys_and_shown_as_the_import_said(tmp_path, files, capsys):
    import json

    import duckdb

    db = tmp_path / "k.duckdb"
    _, out, _ = run(capsys, "import", files["report.xlsx"], "--db", db)
    said = [line.removeprefix("  warning: ") for line in out.splitlines()
            if line.startswith("  warning: ")]
    assert said  # the workbook's title and totals rows are noted
    with duckdb.connect(str(db), read_only=True) as con:
        [(stored,)] = con.execute("SELECT warnings FROM imports").fetchall()
    assert all(isinstance(w["message"]["key"], str) for w in json.loads(stored))
    _, out, _ = run(capsys, "history", "--db", db, "--notes")
    assert [line.removeprefix("#1 note: ") for line in out.splitlines()
            if line.startswith("#1 note: ")] == said


def test_history_notes_of_an_older_store_show_as_they_were_written(tmp_path, files, capsys):
    import json

    import duckdb

    db = tmp_path / "k.duckdb"
    run(capsys, "import", files["q3.csv"], "--db", db)
    old = ["q3.csv: extra spaces removed from 'Client' (B)."]  # stored as English, before keys
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE imports SET warnings = ?", [json.dumps(old)])
    _, out, _ = run(capsys, "history", "--db", db, "--notes")
    assert [line for line in out.splitlines() if " note: " in line] == [f"#1 note: {old[0]}"]
    _, plain, _ = run(capsys, "history", "--db", db)
    assert " note: " not in plain


@pytest.mark.parametrize("command", [["backups"], ["restore-backup", "1"]])
def test_a_server_store_has_no_backup_files(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    assert cli.main([*command, "--db", "postgresql://kam:secret@127.0.0.1:1/kam"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("postgresql://kam:***@127.0.0.1:1/kam is a PostgreSQL store: its "
                          "backups are the server's")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["history"], ["matrix"], ["import", "x.csv"]])
def test_a_database_url_is_not_taken_for_a_file_name(tmp_path, capsys, monkeypatch, command):
    # A PostgreSQL server no one runs (port 1): say which one cannot be reached, and never
    # create a file named after the URL.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_bytes(datasets.utf8_csv())
    assert cli.main([*command, "--db", "postgresql://kam@127.0.0.1:1/kam"]) == 1
    assert ("The PostgreSQL store postgresql://kam@127.0.0.1:1/kam cannot be reached"
            in capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_the_store_location_may_come_from_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KAM_DB", "postgresql://kam@127.0.0.1:1/kam")
    assert cli.main(["history"]) == 1
    assert "PostgreSQL store postgresql://kam@127.0.0.1:1/kam" in capsys.readouterr().err


def test_a_folder_or_a_place_no_store_can_be_made_gets_a_clear_message(tmp_path, capsys):
    assert cli.main(["history", "--db", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{tmp_path} is a folder, not a store: give the store's file, for example "
        f"{tmp_path}/kam.duckdb.")
    (tmp_path / "q3.csv").write_bytes(datasets.utf8_csv())
    # /proc takes no new folders, whoever runs this (root included).
    assert cli.main(["import", str(tmp_path / "q3.csv"), "--db", "/proc/kam/kam.duckdb"]) == 1
    assert capsys.readouterr().err.startswith("The store /proc/kam/kam.duckdb cannot be opened")


def test_amounts_in_another_currency_need_a_rate(tmp_path, files, capsys):
    db = tmp_path / "k.duckdb"
    run(capsys, "import", files["q3.csv"], "--db", db)  # EUR
    later = tmp_path / "q4.csv"
    q4 = files["q3.csv"].read_bytes()
    for month in (b"07", b"08", b"09"):
        q4 = q4.replace(b"2026-" + month, b"2026-" + str(int(month) + 3).encode())
    later.write_bytes(q4)
    code, _, err = run(capsys, "import", later, "--db", db, "--currency", "usd")
    assert code == cli.EXIT_REJECTED
    assert "in USD, and the store's figures are in EUR" in err and "--rate" in err
    code, out, _ = run(capsys, "import", later, "--db", db, "--currency", "USD", "--rate", "0,5")
    assert code == 0 and "1 USD = 0.5 EUR" in out
    code, out, _ = run(capsys, "matrix", "--db", db, "--hourly-rate", "0")
    m = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
    assert m.groupby("quarter")["total_cost"].sum().to_dict() == {"2026Q3": 5200.0,
                                                                  "2026Q4": 2600.0}
    with pytest.raises(SystemExit) as usage:
        run(capsys, "import", later, "--db", db, "--rate", "-1")
    assert usage.value.code == cli.EXIT_USAGE
    assert "'-1' is not a positive number" in capsys.readouterr().err


def test_saved_mappings_are_listed_with_their_import_and_removed(tmp_path, files, capsys):
    db = tmp_path / "k.duckdb"
    run(capsys, "import", files["q3.csv"], "--db", db, "--map", "Manager hours=hours")
    code, out, _ = run(capsys, "mappings", "--db", db)
    assert code == 0
    assert out.startswith("header\tmanager hours\thours\timport #1 (q3.csv), ")
    code, out, _ = run(capsys, "mappings", "--db", db, "--remove", "header", "manager hours")
    assert code == 0 and "Removed" in out
    code, _, err = run(capsys, "mappings", "--db", db, "--remove", "header", "manager hours")
    assert code == cli.EXIT_REJECTED and "no saved header mapping" in err
    assert run(capsys, "mappings", "--db", db)[1] == "No saved mappings.\n"


def test_a_file_name_with_a_line_break_cannot_forge_lines(tmp_path, capsys):
    forged = tmp_path / "q3.csv\nImported #9: 1,000 interactions.csv"
    forged.write_bytes(datasets.utf8_csv().replace(b"3000.00", b"lots"))
    code, _, err = run(capsys, "import", forged, "--db", tmp_path / "k.duckdb")
    assert code == cli.EXIT_REJECTED
    assert "q3.csv\\nImported #9" in err
    assert not any(line.startswith("Imported #9") for line in err.splitlines())


def test_import_refuses_unused_numbers_and_prints_the_maps_to_give(tmp_path, capsys):
    path = tmp_path / "effort.csv"
    path.write_bytes(b"Date,Client,Method,Cost,Attendees\n2026-07-01,Acme,Staff training,100,3\n")
    db = tmp_path / "k.duckdb"
    code, _, err = run(capsys, "import", path, "--db", db)
    assert code == cli.EXIT_REJECTED
    assert ("with --map 'Attendees=hours' or --map 'Attendees=value' or "
            "--map 'Attendees=ignore'") in err
    code, out, _ = run(capsys, "import", path, "--db", db, "--map", "Attendees=ignore")
    assert code == 0 and out.startswith("Imported #1: 1 interactions")
    assert cli.parse_header_maps(["Attendees=ignore"]) == {"attendees": "__ignore__"}


def test_valuations_alone_import_with_the_quarter_given(tmp_path, capsys):
    path = tmp_path / "values.csv"
    path.write_bytes(b"Client,Method,Value\nAcme Ltd,Staff training,4\nAcme Ltd,Credit,2\n")
    db = tmp_path / "k.duckdb"
    code, _, err = run(capsys, "import", path, "--db", db)
    assert code == cli.EXIT_REJECTED and "--quarter 2026Q3" in err
    code, _, err = run(capsys, "import", path, "--db", db, "--quarter", "2026Q5")
    assert code == cli.EXIT_USAGE
    assert "--quarter: '2026Q5' is not a quarter; give it as 2026Q3" in err
    code, out, _ = run(capsys, "import", path, "--db", db, "--quarter", "2026 Q3")
    assert code == 0
    assert out.startswith("Imported #1: 0 interactions, 0 clients, 2 valuations, 2026Q3")


def test_client_variants_print_the_map_client_options_that_merge_them(tmp_path, capsys):
    db = tmp_path / "k.duckdb"
    path = tmp_path / "q3.csv"
    path.write_text("Date,Client,Method,Cost\n2026-07-01,Contoso GmbH,Site visits,1\n"
                    "2026-07-02,Contoso GmbH,Site visits,1\n"
                    "2026-07-03,CONTOSO GMBH,Site visits,1\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", path, "--db", db)
    assert code == 0 and "2 clients" in out
    assert ("question: 'Contoso GmbH' (2 rows) / 'CONTOSO GMBH' (1 row) may be one client; "
            "to read them all as 'Contoso GmbH', import again with --map-client "
            "'CONTOSO GMBH=Contoso GmbH'") in out
    code, out, _ = run(capsys, "import", path, "--db", db, "--replace", "--map-client",
                       "CONTOSO GMBH=Contoso GmbH")
    assert code == 0 and "1 clients" in out and "question" not in out
    code, out, _ = run(capsys, "mappings", "--db", db)
    assert "client\tcontoso gmbh\tContoso GmbH\t" in out
    code, out, _ = run(capsys, "mappings", "--db", db, "--remove", "client", "contoso gmbh")
    assert code == 0 and "Removed" in out


@pytest.mark.parametrize("pair", ["Contoso", "=Contoso", "Contoso="])
def test_bad_map_client_flags_are_usage_errors(tmp_path, files, capsys, pair):
    code, _, err = run(capsys, "import", files["q3.csv"], "--db", tmp_path / "k.duckdb",
                       "--map-client", pair)
    assert code == 2 and "'VARIANT=NAME'" in err


def test_survey_writes_a_file_per_client_that_imports_back(tmp_path, files, capsys):
    import openpyxl

    db = tmp_path / "k.duckdb"
    assert run(capsys, "import", files["q3.csv"], "--db", db)[0] == 0
    folder = tmp_path / "surveys"
    folder.mkdir()
    code, out, _ = run(capsys, "survey", "--db", db, "--out", folder)
    assert (code, out.strip()) == (0, f"Wrote the valuation survey of 2026Q3 for 3 clients: "
                                      f"{folder}.")
    assert sorted(p.name for p in folder.iterdir()) == [
        "valuation_survey_2026Q3_Acme_Ltd.xlsx", "valuation_survey_2026Q3_NA.xlsx",
        "valuation_survey_2026Q3_ООО_Ромашка.xlsx"]
    one = tmp_path / "acme.xlsx"
    assert run(capsys, "survey", "--db", db, "--client", "Acme Ltd", "--out", one)[0] == 0
    book = openpyxl.load_workbook(one)
    rows = list(book.active.iter_rows(min_row=7, values_only=True))
    assert [(r[0], r[3], r[4]) for r in rows] == [("Site visits", "Acme Ltd", "2026Q3"),
                                                  ("Staff training", "Acme Ltd", "2026Q3")]
    book.active["B7"] = 5  # site visits, rated 2 on its interaction
    book.save(one)
    assert run(capsys, "import", one, "--db", db)[0] == 0
    code, out, _ = run(capsys, "matrix", "--db", db, "--format", "csv")
    m = pd.read_csv(io.StringIO(out)).set_index(["client", "method"])
    assert m.loc[("Acme Ltd", "trust.site_visits"), ["value", "value_source"]].tolist() == [
        5.0, "valuation"]
    code, _, err = run(capsys, "survey", "--db", db, "--client", "Nobody", "--out", one)
    assert code == cli.EXIT_REJECTED and "No client named Nobody" in err


ACCESS = """
[[user]]
email = "anna@example.com"
role = "manager"
managers = ["Anna Petrova"]

[[user]]
email = "fin@example.com"
role = "analyst"
"""


@pytest.fixture
def team(tmp_path, monkeypatch):
    path = tmp_path / "access.toml"
    path.write_text(ACCESS, encoding="utf-8")
    monkeypatch.setenv("KAM_ACCESS", str(path))
    return path


def test_as_a_manager_the_cli_reads_their_accounts_alone(seeded_db, team, tmp_path, capsys):
    from kam_analytics import sample

    clients = sample.sample_frames()["clients"]
    annas = set(clients.loc[clients["manager"] == "Anna Petrova", "client"])
    code, out, _ = run(capsys, "matrix", "--db", seeded_db, "--as", "anna@example.com")
    assert code == 0
    m = pd.read_csv(io.StringIO(out))
    assert set(m["client"]) == annas and set(m["manager"]) == {"Anna Petrova"}
    # her cells keep the quadrants they have in the whole portfolio
    _, everyone, _ = run(capsys, "matrix", "--db", seeded_db)
    full = pd.read_csv(io.StringIO(everyone))
    theirs = full[full["client"].isin(annas)].reset_index(drop=True)
    assert m["quadrant"].tolist() == theirs["quadrant"].tolist()
    out_file = tmp_path / "pack.xlsx"
    assert run(capsys, "report", "--db", seeded_db, "--as", "anna@example.com",
               "--out", out_file)[0] == 0
    book = openpyxl.load_workbook(out_file, read_only=True)
    text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                    for c in row if c is not None)
    assert not [c for c in set(clients["client"]) - annas if c in text]
    code, _, err = run(capsys, "history", "--db", seeded_db, "--as", "anna@example.com")
    assert code == 1 and "has the role manager: this command is for directors" in err


def test_as_an_analyst_names_are_aliases_and_a_stranger_is_refused(seeded_db, team, capsys):
    from kam_analytics import sample

    clients = sample.sample_frames()["clients"]
    code, out, _ = run(capsys, "matrix", "--db", seeded_db, "--as", "fin@example.com",
                       "--quarter", "2026Q3")
    assert code == 0
    m = pd.read_csv(io.StringIO(out))
    assert m["client"].str.fullmatch(r"Client [A-Z]+").all() and m["client"].nunique() == 20
    assert not [n for n in set(clients["client"]) | set(clients["manager"]) if n in out]
    code, _, err = run(capsys, "matrix", "--db", seeded_db, "--as", "who@example.com")
    assert code == 1 and "who@example.com has no access to KAM Analytics" in err


def test_imports_restores_and_exports_are_in_the_audit_log(tmp_path, files, capsys, team):
    import getpass

    from kam_analytics.store import open_store

    db = tmp_path / "k.duckdb"
    me = getpass.getuser()
    assert run(capsys, "import", files["q3.csv"], "--db", db)[0] == 0
    again = tmp_path / "q3b.csv"  # the same rows in other bytes: a second import
    again.write_bytes(files["q3.csv"].read_bytes().rstrip(b"\r\n") + b"\n\n")
    assert run(capsys, "import", again, "--db", db, "--replace")[0] == 0
    assert run(capsys, "restore", "1", "--db", db)[0] == 0
    out = tmp_path / "r.xlsx"
    assert run(capsys, "report", "--db", db, "--as", "fin@example.com", "--out", out)[0] == 0
    store = open_store(db, read_only=True)
    try:
        log = store.audit_log()
    finally:
        store.close()
    rows = log[["who", "action"]].values.tolist()
    assert rows[0] == ["fin@example.com", "export"]
    assert rows[1:] == [[f"command line ({me})", "restore"],
                        [f"command line ({me})", "import"], [f"command line ({me})", "import"]]
    assert log.iloc[0]["detail"].startswith("Excel report: ") and log.iloc[0]["detail"].endswith(
        ", anonymised")
    assert log.iloc[1]["detail"] == "import #1 made active again"
    assert log.iloc[3]["detail"].startswith("import #1 (new): q3.csv; quarters 2026Q3; ")
# ---- health -----------------------------------------------------------------------------------
HEALTH_LOG = (
    "Date,Client,Method,Event type,Promised date,Delivered date,Received at,Responded at\n"
    # Acme, 2026Q1: promises due 02-01 delivered 01-30 (kept) and 02-05 (broken): 50 %;
    # a request answered in 30 hours; two visits: 2/3 a month (under the band: amber).
    "2026-01-10,Acme,Site visits,promise,2026-02-01,2026-01-30,,\n"
    "2026-01-11,Acme,Site visits,promise,2026-02-01,2026-02-05,,\n"
    "2026-02-10,Acme,Site visits,request,,,2026-02-10 08:00,2026-02-11 14:00\n"
    "2026-02-12,Acme,Site visits,visit,,,,\n"
    "2026-03-12,Acme,Site visits,visit,,,,\n"
    # 2026Q2: one visit of Beta (only for a second quarter).
    "2026-04-12,Beta,Site visits,visit,,,,\n")


@pytest.fixture
def health_db(tmp_path, capsys):
    path = tmp_path / "log.csv"
    path.write_text(HEALTH_LOG, encoding="utf-8")
    db = tmp_path / "h.duckdb"
    assert run(capsys, "import", path, "--db", db)[0] == 0
    return db


def test_health_csv_has_a_row_per_client_and_measure_with_value_status_and_rule(
        health_db, capsys):
    code, out, _ = run(capsys, "health", "--db", health_db, "--quarter", "2026Q1")
    assert code == 0
    h = pd.read_csv(io.StringIO(out)).fillna({"needs": ""}).set_index("measure")
    assert h["client"].unique().tolist() == ["Acme"] and len(h) == 9
    assert (h.loc["promises_kept", "value"], h.loc["promises_kept", "status"]) == (50.0, "red")
    assert h.loc["promises_kept", "rule"] == "do_2"
    assert h.loc["promises_kept", "rule_text"].startswith("Do 2: agree only to what")
    assert h.loc["response_median", "shown"] == "30.0 h (1 request or complaint)"
    assert h.loc["contact_frequency", "status"] == "amber"
    assert h.loc["in_writing", "status"] == "not_measured"
    assert h.loc["in_writing", "needs"] == ("not measured: needs Event type and Confirmed in "
                                            "writing (yes/no)")


def test_health_defaults_to_the_latest_quarter_and_prints_a_table(health_db, capsys):
    code, out, err = run(capsys, "health", "--db", health_db, "--format", "table")
    assert code == 0 and "2026Q2" in err and "time zone" in err
    lines = out.splitlines()
    assert lines[0].split() == ["client", "measure", "value", "status", "rule"]
    assert all(line.startswith("Beta") for line in lines[1:]) and len(lines) == 10
    assert any("Contacts per month" in x and "✖ Red" in x for x in lines), lines


def test_health_of_a_quarter_without_data_says_which_have_some(health_db, capsys):
    code, _, err = run(capsys, "health", "--db", health_db, "--quarter", "2025Q4")
    assert code == 1 and "Quarters with data: 2026Q1, 2026Q2" in err
