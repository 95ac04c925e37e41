"""Tables written in every format the readers take, and the cells they must read to."""
from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd

TABLE_RU = [
    ["Отчёт по клиентам"],  # a title line with one field above a 4-field header
    ["Дата", "Клиент", "Метод", "Затраты"],
    ["03.07.2026", 'ООО "Ромашка"', "Обучение", "1 234,50"],
    [],  # a blank line
    ["04.07.2026", "NA", "Визит\nв офис", "12,5"],  # a quoted newline stays in one cell
    ["05.07.2026", "None", "null", ""],
]
TABLE_LATIN = [
    ["Rapport clients"],
    ["Date", "Client", "Méthode", "Coût"],
    ["03.07.2026", "Müller & Söhne", "Séminaire", "1 234,50"],
    [],
    ["04.07.2026", "NA", "Visite\nsur site", "12,5"],
    ["05.07.2026", "None", "null", ""],
]


def expected_cells(table: list[list[str]]) -> list[list[str | None]]:
    """Return the table as read: padded to the widest row, empty cells as None."""
    width = max(map(len, table))
    return [[c or None for c in row] + [None] * (width - len(row)) for row in table]


def csv_bytes(table: list[list[str]], encoding: str, delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in table:
        if row:
            writer.writerow(row)
        else:
            out.write("\r\n")
    return out.getvalue().encode(encoding)


def xlsx_bytes(table: list[list[object]], **sheets: list[list[object]]) -> bytes:
    """Return an .xlsx with the table on "Data" and any further sheets (name_hidden: hidden)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if value not in (None, ""):
                sheet.cell(r, c, value)
    for name, rows in sheets.items():
        extra = workbook.create_sheet(name)
        for row in rows:
            extra.append(row)
        if name.endswith("_hidden"):
            extra.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_bytes(table: list[list[str]]) -> bytes:
    out = io.BytesIO()
    frame = pd.DataFrame([row + [None] * (4 - len(row)) for row in table], dtype=object)
    with pd.ExcelWriter(out, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Data", header=False, index=False)
    return out.getvalue()
