import datetime as dt
import io
import re

import openpyxl
import pandas as pd
import pytest

from kam_analytics.ingest.schema import canonical_column
from kam_analytics.ingest.template import quarter_start, template_workbook
from kam_analytics.taxonomy import METHODS, STRATEGY_BY_ID

TODAY = dt.date(2026, 8, 17)


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(template_workbook(TODAY)))


def _validations(sheet):
    return {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}


def test_sheet_names(book):
    assert book.sheetnames == ["Interactions", "Clients", "Valuations", "Methods", "Read me"]


@pytest.mark.parametrize(
    ("sheet", "table", "headers", "canonical"),
    [
        ("Interactions", "interactions",
         ["Date", "Client", "Method", "Cost", "Hours", "Value (1-5)", "Manager", "Event type",
          "Promised date", "Delivered date", "Promise kept", "Received at", "Responded at",
          "Resolved at", "In writing", "Contact role"],
         ["date", "client", "method", "cost", "hours", "value", "manager", "event_type",
          "promised_date", "delivered_date", "kept", "received_at", "responded_at",
          "resolved_at", "in_writing", "contact_role"]),
        ("Clients", "clients", ["Client", "Manager", "Segment", "Annual revenue",
                                "Gross margin"],
         ["client", "manager", "segment", "annual_revenue", "margin"]),
        ("Valuations", "valuations",
         ["Client", "Method", "Value (1-5)", "Quarter", "Comment"],
         ["client", "method", "value", "quarter", "comment"]),
    ],
)
def test_headers_are_friendly_and_recognised(book, sheet, table, headers, canonical):
    ws = book[sheet]
    actual = [c.value for c in ws[1]]
    assert actual == headers
    assert [canonical_column(h, table) for h in actual] == canonical
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize(
    ("sheet", "method_range"),
    [("Interactions", "C2:C5000"), ("Valuations", "B2:B5000")],
)
def test_method_dropdown_lists_the_26_labels(book, sheet, method_range):
    dv = _validations(book[sheet])[method_range]
    assert dv.type == "list"
    match = re.fullmatch(r"'?(\w+)'?!\$A\$(\d+):\$A\$(\d+)", dv.formula1)
    assert match is not None, dv.formula1
    target, first, last = match.group(1), int(match.group(2)), int(match.group(3))
    assert target == "Methods"
    listed = [book[target].cell(row=r, column=1).value for r in range(first, last + 1)]
    assert listed == [m.label_en for m in METHODS]
    assert len(listed) == 26


@pytest.mark.parametrize(
    ("sheet", "cell_range", "kind", "operator", "formula1", "formula2"),
    [
        ("Interactions", "F2:F5000", "whole", None, "1", "5"),
        ("Interactions", "D2:D5000", "decimal", "greaterThanOrEqual", "0", None),
        ("Interactions", "E2:E5000", "decimal", "greaterThanOrEqual", "0", None),
        ("Valuations", "C2:C5000", "whole", None, "1", "5"),
    ],
)
def test_number_validations(book, sheet, cell_range, kind, operator, formula1, formula2):
    dv = _validations(book[sheet])[cell_range]
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == (
        kind, operator, formula1, formula2
    )
    assert dv.showInputMessage and dv.prompt


def test_methods_sheet_holds_both_languages(book):
    rows = list(book["Methods"].iter_rows(values_only=True))
    assert rows[0] == ("Method", "Метод", "Strategy", "Стратегия", "Method id")
    expected = [
        (m.label_en, m.label_ru, STRATEGY_BY_ID[m.strategy].label_en,
         STRATEGY_BY_ID[m.strategy].label_ru, m.id)
        for m in METHODS
    ]
    assert rows[1:] == expected


def test_example_row(book):
    ws = book["Interactions"]
    date, client, method, cost, hours, value, manager, event, *health = (c.value for c in ws[2])
    assert date == dt.datetime(2026, 7, 1)
    assert (event, health[-1]) == ("meeting", "decider")
    assert health[:-1] == [None] * 7
    assert ws["A2"].number_format == "yyyy-mm-dd"
    assert method in {m.label_en for m in METHODS}
    assert (client, cost, hours, value, manager) == ("Example Client Ltd", 1200, 6, 4, "A. Manager")
    assert ws.max_row == 2


@pytest.mark.parametrize(
    ("sheet", "max_row"), [("Clients", 1), ("Valuations", 1)],
)
def test_optional_sheets_have_headers_only(book, sheet, max_row):
    assert book[sheet].max_row == max_row


@pytest.mark.parametrize(("cell_range", "words"), [
    ("H2:H5000", "request,complaint,problem,promise,agreement,meeting,call,visit,other"),
    ("K2:K5000", "yes,no"), ("O2:O5000", "yes,no"),
    ("P2:P5000", "decider,buyer,user,influencer,gatekeeper,initiator"),
])
def test_health_columns_offer_their_words_and_read_back(book, cell_range, words):
    dv = _validations(book["Interactions"])[cell_range]
    assert (dv.type, dv.formula1, dv.errorStyle) == ("list", f'"{words}"', "warning")


def test_the_template_with_health_filled_in_imports(tmp_path):
    from kam_analytics import ingest
    from kam_analytics.store import open_store

    data = io.BytesIO(template_workbook(TODAY))
    wb = openpyxl.load_workbook(data)
    ws = wb["Interactions"]
    ws["I2"] = dt.datetime(2026, 7, 10)  # promised
    ws["J2"] = dt.datetime(2026, 7, 9)  # delivered
    ws["L2"] = dt.datetime(2026, 7, 1, 9, 30)  # received
    ws["M2"] = dt.datetime(2026, 7, 1, 15, 0)  # responded
    out = io.BytesIO()
    wb.save(out)
    store = open_store(tmp_path / "t.duckdb")
    ingest.run_import(store, [("template.xlsx", out.getvalue())])
    events = store.health_events()
    store.close()
    assert events["event_type"].tolist() == ["meeting"]
    assert events["contact_role"].tolist() == ["decider"]
    assert events["responded_at"].iloc[0] - events["received_at"].iloc[0] == pd.Timedelta(
        hours=5, minutes=30)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 1, 15), dt.date(2026, 1, 1)),
        (dt.date(2026, 3, 31), dt.date(2026, 1, 1)),
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1)),
        (dt.date(2026, 8, 17), dt.date(2026, 7, 1)),
        (dt.date(2026, 12, 31), dt.date(2026, 10, 1)),
    ],
)
def test_quarter_start(today, expected):
    assert quarter_start(today) == expected


def test_read_me_explains_every_column_in_both_languages(book):
    rows = list(book["Read me"].iter_rows(values_only=True))
    cyrillic = re.compile("[а-яА-ЯёЁ]")
    explained = {}
    assert rows[0] == ("Sheet", "Column", "Meaning / Значение")
    for i, (sheet, column, text) in enumerate(rows):
        if i > 0 and sheet and column:
            russian = rows[i + 1][2]
            assert text and not cyrillic.search(text)
            assert russian and cyrillic.search(russian)
            explained.setdefault(sheet, []).append(column)
    for sheet in ("Interactions", "Clients", "Valuations"):
        assert explained[sheet] == [c.value for c in book[sheet][1]]


# ---- in Russian: the session's language chooses the template's ------------------------------

@pytest.fixture(scope="module")
def russian_book():
    return openpyxl.load_workbook(io.BytesIO(template_workbook(TODAY, "ru")))


def test_a_russian_template_has_russian_sheets_headers_and_dropdowns(russian_book):
    assert russian_book.sheetnames == ["Взаимодействия", "Клиенты", "Оценки", "Методы",
                                       "Инструкция"]
    for sheet, table in (("Взаимодействия", "interactions"), ("Клиенты", "clients"),
                         ("Оценки", "valuations")):
        headers = [c.value for c in russian_book[sheet][1]]
        english = [c.value for c in openpyxl.load_workbook(io.BytesIO(template_workbook(
            TODAY, "en")))[{"interactions": "Interactions", "clients": "Clients",
                             "valuations": "Valuations"}[table]][1]]
        # the same columns, each Russian header read as its English one's column
        assert [canonical_column(h, table) for h in headers] == [
            canonical_column(h, table) for h in english]
    dv = _validations(russian_book["Взаимодействия"])
    assert dv["C2:C5000"].formula1 == "'Методы'!$B$2:$B$27"
    assert [russian_book["Методы"].cell(row=r, column=2).value for r in range(2, 28)] == [
        m.label_ru for m in METHODS]
    assert dv["H2:H5000"].formula1 == (
        '"запрос,жалоба,проблема,обещание,договоренность,встреча,звонок,визит,другое"')
    assert dv["K2:K5000"].formula1 == '"да,нет"'
    assert dv["C2:C5000"].prompt == "Выберите один из 26 методов (лист «Методы»)."
    readme = list(russian_book["Инструкция"].iter_rows(values_only=True))
    assert readme[0] == ("Лист", "Столбец", "Значение (строкой ниже — по-английски)")
    assert readme[1][2].startswith("Одна строка на каждое взаимодействие")
    assert readme[2][2].startswith("One row per interaction or expense on the Взаимодействия")


def test_a_russian_template_imports_its_example_row(tmp_path):
    from kam_analytics import ingest
    from kam_analytics.store import open_store

    store = open_store(tmp_path / "t.duckdb")
    ingest.run_import(store, [("шаблон.xlsx", template_workbook(TODAY, "ru"))])
    rows = store.interactions()
    events = store.health_events()
    store.close()
    assert rows[["client", "method", "cost", "hours", "manager"]].values.tolist() == [
        ["ООО Пример", "technical.staff_training", 1200.0, 6.0, "А. Менеджер"]]
    assert events[["event_type", "contact_role"]].values.tolist() == [["meeting", "decider"]]


def test_template_reads_as_one_example_row():
    frame = pd.read_excel(io.BytesIO(template_workbook(TODAY)), sheet_name="Interactions",
                          engine="calamine")
    assert len(frame) == 1
    assert frame.loc[0, "Method"] == "Staff training"
    assert frame.loc[0, "Date"] == pd.Timestamp("2026-07-01")
