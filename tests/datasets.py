"""The same small quarter written the ways managers' files come (built in code, no binaries)."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

ROWS = [
    # date, client, method (EN), method (RU), cost, hours, value, manager
    (dt.date(2026, 7, 3), "Acme Ltd", "Staff training", "Подготовка персонала", 1234.50, 6,
     4, "Ann"),
    (dt.date(2026, 7, 15), "Acme Ltd", "Site visits", "Посещения предприятий", 3000, 5, 2, "Ann"),
    (dt.date(2026, 8, 1), "Acme Ltd", "Staff training", "Подготовка персонала", 765.50, 4, 5,
     "Ann"),
    (dt.date(2026, 8, 20), "NA", "JIT delivery", "Доставка точно в срок", 200, 1.5, None, "Ben"),
    (dt.date(2026, 9, 30), "ООО Ромашка", "Reference selling", "Реферативные продажи", 0, 2, 3,
     "Ben"),
]

# Hand-computed at 60 per hour:
# (client, method) -> interactions, cost, hours, total, value, quadrant
EXPECTED = {
    ("Acme Ltd", "technical.staff_training"): (2, 2000.0, 10.0, 2600.0, 4.5, "strategic"),
    ("Acme Ltd", "trust.site_visits"): (1, 3000.0, 5.0, 3300.0, 2.0, "overinvested"),
    ("NA", "service.fast_delivery"): (1, 200.0, 1.5, 290.0, None, "unrated"),
    ("ООО Ромашка", "risk.reference_selling"): (1, 0.0, 2.0, 120.0, 3.0, "efficient"),
}


def utf8_csv() -> bytes:
    lines = ["Date,Client,Method,Cost (EUR),Manager hours,Value (1-5),Manager"]
    for d, c, m, _, cost, h, v, mgr in ROWS:
        lines.append(f"{d.isoformat()},{c},{m},{cost:.2f},{h},{'' if v is None else v},{mgr}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ru_number(x: float) -> str:
    whole, frac = f"{x:,.2f}".split(".")
    return whole.replace(",", " ") + "," + frac


def cp1251_csv() -> bytes:
    lines = ["Дата;Клиент;Метод;Затраты, руб.;Часы;Оценка;Менеджер"]
    for d, c, _, m, cost, h, v, mgr in ROWS:
        hours = str(h).replace(".", ",")
        lines.append(f"{d:%d.%m.%Y};{c};{m};{_ru_number(cost)};{hours};"
                     f"{'' if v is None else v};{mgr}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def xlsx_with_title_and_totals() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    notes = wb.add_worksheet("Notes")
    notes.write(0, 0, "Exported from CRM")
    ws = wb.add_worksheet("Activity Q3")
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    ws.write(0, 0, "Key account activity report")
    ws.write(1, 0, "Quarter 3, 2026")
    headers = ["Date", "Key account", "Relationship method", "Spend (EUR)", "Duration (minutes)",
               "Client rating", "Account manager"]
    ws.write_row(3, 0, headers)
    for i, (d, c, m, _, cost, h, v, mgr) in enumerate(ROWS, start=4):
        ws.write_datetime(i, 0, dt.datetime(d.year, d.month, d.day), date_fmt)
        ws.write_string(i, 1, c)
        ws.write_string(i, 2, m)
        ws.write_number(i, 3, cost)
        ws.write_number(i, 4, h * 60)
        if v is not None:
            ws.write_number(i, 5, v)
        ws.write_string(i, 6, mgr)
    total_row = 4 + len(ROWS)
    ws.write(total_row, 0, "Total")
    ws.write_formula(total_row, 3, f"=SUM(D5:D{total_row})", None, 5200.0)
    ws.write(total_row + 2, 0, "Generated 2026-10-01 by SalesCRM")
    wb.close()
    return buf.getvalue()
