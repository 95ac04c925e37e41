"""The Excel report (sheets, formats, names not ids, text that stays text, no leaks) and the PDF
of the deck through LibreOffice, looked at page by page as PNGs."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from kam_analytics import cli
from kam_analytics.exports import deck, report, slides
from kam_analytics.store import open_store
from tests import packs

TODAY = packs.TODAY
HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def tricky_db(tmp_path_factory) -> Path:
    csv = ("Date,Client,Method,Cost,Hours,Value,Manager\n"
           '2026-07-01,"=HYPERLINK(""http://x"",""y"")",Staff training,900,1,4,+Mgr\n'
           "2026-07-03,Plain Ltd,Site visits,50,1,5,Ann\n")
    return packs.store_from_csv(tmp_path_factory.mktemp("tricky") / "kam.duckdb", csv.encode())


@pytest.fixture(scope="module")
def sample_names(seeded_db) -> list[str]:
    store = open_store(seeded_db, read_only=True)
    dims = store.client_dimension()
    store.close()
    return dims["client"].tolist() + dims["manager"].dropna().unique().tolist()


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(sheet) -> list[dict]:
    values = list(sheet.values)
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_report_stores_figures_unrounded_and_formats_them_for_display(tmp_path):
    # Site visits: ratings 1, 1, 2 -> value 4/3; 100 of the client's 300 -> share 1/3;
    # value per 1,000 = (4/3) / 100 x 1,000 = 40/3; time cost 0.3333 h x 60 = 19.998.
    csv = ("Date,Client,Method,Cost,Hours,Value\n"
           "2026-07-01,Acme,Site visits,100.25,0.3333,1\n"
           "2026-07-02,Acme,Site visits,0,0,1\n"
           "2026-07-03,Acme,Site visits,0,0,2\n"
           "2026-07-04,Acme,Staff training,180.752,0,5\n")
    db = packs.store_from_csv(tmp_path / "kam.duckdb", csv.encode())
    sheet = _book(report.report(packs.store_pack(db)))["Matrix"]
    header = [c.value for c in sheet[1]]
    visits = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert visits["Method"].value == "Site visits"
    # xlsxwriter writes 16 significant digits (Excel keeps 15): 1.333333333333333, not 1.33
    assert visits["Value (1-5)"].value == pytest.approx(4 / 3, rel=1e-15)
    assert visits["Value (1-5)"].number_format == "0.00"
    assert visits["Hours"].value == 0.3333
    assert visits["Cost (EUR)"].value == 100.25
    assert visits["Time cost (EUR)"].value == pytest.approx(19.998, abs=1e-12)
    assert visits["Total cost (EUR)"].value == pytest.approx(120.248, abs=1e-12)
    assert visits["Total cost (EUR)"].number_format == "#,##0"
    # 120.248 of 120.248 + 180.752 = 301
    assert visits["Share of client spend"].value == pytest.approx(120.248 / 301, rel=1e-15)
    assert visits["Value per 1,000"].value == pytest.approx(4 / 3 / 120.248 * 1000, rel=1e-15)


def test_report_sheets_hold_the_hand_computed_figures(small_db):
    book = _book(report.report(packs.store_pack(small_db)))
    assert book.sheetnames == ["About", "Matrix", "Clients", "Methods"]
    clients = _rows(book["Clients"])
    assert [(r["Client"], r["Total cost (EUR)"]) for r in clients] == [
        ("Acme Ltd", 5900), ("NA", 290), ("ООО Ромашка", 120)]  # NA stays a name
    cells = {(r["Client"], r["Method"]): r for r in _rows(book["Matrix"])}
    staff = cells[("Acme Ltd", "Staff training")]
    assert (staff["Interactions"], staff["Cost (EUR)"], staff["Hours"], staff["Total cost (EUR)"],
            staff["Value (1-5)"], staff["Quadrant"]) == (2, 2000, 10, 2600, 4.5, "Strategic")
    assert cells[("NA", "Fast / just-in-time delivery")]["Value (1-5)"] is None
    methods = {r["Method"]: r for r in _rows(book["Methods"])}
    assert methods["Site visits"]["Clients overinvested"] == 1
    assert not [m for m in methods if "." in m]  # names, never ids


def test_a_russian_report_holds_the_same_figures_in_russian(small_db, tmp_path):
    db, out = tmp_path / "kam.duckdb", tmp_path / "отчёт.xlsx"
    db.write_bytes(small_db.read_bytes())  # the export is recorded in the store's audit log
    assert cli.main(["report", "--db", str(db), "--out", str(out), "--lang", "ru"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Об отчёте", "Матрица", "Клиенты", "Методы"]
    clients = _rows(book["Клиенты"])
    assert [(r["Клиент"], r["Полные затраты (EUR)"]) for r in clients] == [
        ("Acme Ltd", 5900), ("NA", 290), ("ООО Ромашка", 120)]
    cells = {(r["Клиент"], r["Метод"]): r for r in _rows(book["Матрица"])}
    staff = cells[("Acme Ltd", "Подготовка персонала")]
    assert (staff["Взаимодействия"], staff["Затраты (EUR)"], staff["Часы"],
            staff["Полные затраты (EUR)"], staff["Ценность (1–5)"], staff["Квадрант"]) == (
        2, 2000, 10, 2600, 4.5, "Стратегически важно")
    # the command line's language is its run's alone
    assert cli.main(["report", "--db", str(db), "--out", str(tmp_path / "r.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "About"


def test_report_is_formatted(small_db):
    book = _book(report.report(packs.store_pack(small_db)))
    sheet = book["Matrix"]
    headers = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref
    fmt = {h: sheet.cell(2, j + 1).number_format for j, h in enumerate(headers)}
    assert fmt["Total cost (EUR)"] == "#,##0"
    assert fmt["Hours"] == "#,##0.0"
    assert fmt["Value (1-5)"] == "0.00"
    assert fmt["Share of client spend"] == "0.0%"
    assert sheet.column_dimensions["B"].width > 8
    about = {r[0]: r[1] for r in book["About"].iter_rows(min_row=3, values_only=True)}
    assert about["Quarter"] == "2026Q3"
    assert about["Prepared"] == "2026-10-15"


def test_a_formula_in_a_name_arrives_as_text_in_xlsx_and_csv(tricky_db, tmp_path):
    data = report.report(packs.store_pack(tricky_db))
    book = _book(data)
    for name, column in (("Matrix", 1), ("Clients", 1)):
        cells = [c for c in book[name].iter_cols(min_col=column, max_col=column)][0]
        formula = [c for c in cells if c.value == HYPERLINK]
        assert formula and all(c.data_type == "s" for c in formula)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not [s for s in sheets if b"<f>" in s]  # no formula cell anywhere
    key = tmp_path / "board.aliases.csv"
    assert cli.main(["report", "--db", str(tricky_db), "--anonymise", "--out",
                     str(tmp_path / "board.xlsx")]) == cli.EXIT_OK
    text = key.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")" in text
    assert "'+Mgr" in text


def _leaks(data: bytes, names: list[str]) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    return [(part, name) for part, blob in parts.items() for name in names
            if name.encode("utf-8") in blob]


def test_anonymised_report_names_nobody(seeded_db, sample_names):
    pack = packs.store_pack(seeded_db, anonymise=True)
    data = report.report(pack)
    assert _leaks(data, sample_names) == []
    clients = _rows(_book(data)["Clients"])
    assert clients[0]["Client"] == "Client A" and clients[0]["Manager"].startswith("Manager ")


def test_a_report_for_one_client_names_no_other(seeded_db, sample_names):
    pack = packs.store_pack(seeded_db, scope="selection", clients=("Northwind Foods",))
    data = report.report(pack)
    own = {"Northwind Foods", pack.matrix["manager"].iloc[0]}
    assert _leaks(data, [n for n in sample_names if n not in own]) == []
    assert _leaks(data, ["Northwind Foods"])
    props = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "Board report 2026Q3" in props and "KAM Analytics" in props


# ---- PDF ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_pdf_of_the_deck_has_a_page_per_slide(seeded_db, tmp_path):
    pack = packs.store_pack(seeded_db, scope="top", top=6, client_slides=2)
    pdf = report.pdf_of(deck.deck(pack))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "deck.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines()
                     if line.startswith("Pages:")))
    # with What changed since 2026Q2, relationship health and Client economics
    assert pages == slides.slide_count(pack) == 11
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")],
                   check=True, timeout=120)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    assert {Image.open(p).size for p in images} == {(800, 450)}  # 16:9 at 60 dpi


def test_pdf_without_libreoffice_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert report.soffice() is None
    with pytest.raises(report.PdfUnavailable, match="LibreOffice, which is not installed"):
        report.pdf_of(b"not a deck")


def test_pdf_conversion_that_runs_too_long_stops(seeded_db):
    pptx = deck.deck(packs.store_pack(seeded_db, sections=()))
    with pytest.raises(report.PdfUnavailable, match="took longer than 0.01 s"):
        report.pdf_of(pptx, timeout=0.01)


def test_the_report_has_what_changed_since_the_quarter_before(tmp_path):
    # The two-quarter store of tests/analysis/test_compare.py, at the store's 60 an hour.
    from tests.analysis.test_compare import ROWS

    db = packs.store_from_csv(tmp_path / "kam.duckdb", ROWS.encode())
    book = _book(report.report(packs.store_pack(db)))
    rows = _rows(book["What changed"])
    acme = next(r for r in rows if r["Client"] == "Acme" and r["Method"] == "Site visits")
    assert (acme["Total cost before (EUR)"], acme["Total cost (EUR)"],
            acme["Change in total cost"]) == (1120, 1560, 440)
    assert (acme["Quadrant before"], acme["Quadrant"], acme["Cell"]) == (
        "Strategic", "Overinvested", "in both quarters")
    assert sorted(r["Cell"] for r in rows if r["Client"] != "Acme") == [
        "in both quarters", "new this quarter", "new this quarter"]  # Oldco is not in the pack
    only_q2 = packs.store_pack(db, quarter="2026Q2")
    assert "What changed" not in _book(report.report(only_q2)).sheetnames


def test_the_report_has_the_budget_what_if_when_asked(tmp_path, capsys):
    # The two-quarter store at 60 an hour (tests/exports/test_slides.py works the move out):
    # 10 % of the 2,260 the two overinvested cells cost moved to the three efficient ones.
    from tests.analysis.test_compare import ROWS

    db = packs.store_from_csv(tmp_path / "kam.duckdb", ROWS.encode())
    assert "Budget what-if" not in _book(report.report(packs.store_pack(db))).sheetnames
    out = tmp_path / "pack.xlsx"
    assert cli.main(["report", "--db", str(db), "--sections", "whatif", "--move-share", "10",
                     "--elasticity", "0.5", "--out", str(out)]) == 0
    book = _book(out.read_bytes())
    rows = _rows(book["Budget what-if"])
    assert [(r["#"], r["Action"], r["Client"], r["Method"]) for r in rows][:1] == [
        (1, "Grow", "Acme", "Staff training")]
    assert sorted(r["Action"] for r in rows) == ["Cut", "Cut", "Grow", "Grow", "Grow"]
    moved = {(r["Client"], r["Method"]): r["Change in cost (EUR)"] for r in rows}
    assert moved[("Acme", "Site visits")] == pytest.approx(-156)
    assert moved[("Newco", "Free or discounted trials")] == pytest.approx(-70)
    assert sum(moved.values()) == pytest.approx(0)
    assert next(r for r in rows if r["Method"] == "Staff training")[
        "Value change per 1,000 moved"] == pytest.approx(1000 * (2 * (1 + 226 / 960) ** 0.5 - 2)
                                                          / (500 * 226 / 960))
    about = [c.value for row in book["About"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("An estimate, not a forecast.") and "0.50 is the figure you "
               "chose." in str(v) for v in about)
def test_the_report_has_the_clients_economics(tmp_path):
    # The store of tests/pages/test_economics.py, its figures by hand there.
    db = packs.store_with_margins(tmp_path / "kam.duckdb")
    book = _book(report.report(packs.store_pack(db)))
    assert book.sheetnames[-1] == "Client economics"
    rows = {r["Client"]: r for r in _rows(book["Client economics"])}
    acme = rows["Acme"]
    assert (acme["Annual gross margin (EUR)"], acme["Margin this quarter (EUR, annual ÷ 4)"],
            acme["Total cost (EUR)"], acme["Personal trust, cost (EUR)"],
            acme["Technical support, cost (EUR)"], acme["Profit after cost (EUR)"]) == (
        800_000, 200_000, 18_600, 12_400, 6_200, 181_400)
    assert acme["Relationship cost, share of margin"] == pytest.approx(18_600 / 200_000)
    assert acme["Margin"] == "given"
    assert (rows["Dune"]["Margin"], rows["Dune"]["Profit after cost (EUR)"]) == (
        "revenue only, no margin", None)
    without = _book(report.report(packs.store_pack(db, sections=("heatmap",))))
    assert "Client economics" not in without.sheetnames
def test_the_report_has_relationship_health_with_values_statuses_and_rules(tmp_path):
    from tests.analysis.test_health import HEADER, ROWS

    db = packs.store_from_csv(tmp_path / "kam.duckdb", "\n".join([HEADER, *ROWS]).encode())
    book = _book(report.report(packs.store_pack(db, quarter="2026Q1")))
    assert book.sheetnames[-1] == "Relationship health"
    rows = _rows(book["Relationship health"])
    assert len(rows) == 3 * 9  # Acme, Beta and Calm by the nine measures
    acme = {r["Measure"]: r for r in rows if r["Client"] == "Acme"}
    assert acme["Response time (median)"]["Value (number)"] == 39.0
    assert acme["Response time (median)"]["Status"] == "▲ Amber"
    assert acme["Promises kept"]["Items counted"] == 4
    assert acme["Promises kept"]["Rule (Table 6.4)"] == (
        "Do 2: agree only to what can really be delivered")
