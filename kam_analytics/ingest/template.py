"""The downloadable Excel template: the input contract as a workbook a manager can fill in."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from kam_analytics.ingest.schema import (
    CLIENT_COLUMNS,
    CLIENTS,
    COLUMN_BY_NAME,
    HEALTH_COLUMNS,
    INTERACTION_COLUMNS,
    INTERACTIONS,
    VALUATION_COLUMNS,
    VALUATIONS,
    VOCABULARIES,
)
from kam_analytics.taxonomy import METHODS, STRATEGY_BY_ID

LAST_ROW = 5000  # validations cover rows 2..LAST_ROW
METHODS_SHEET = "Methods"
METHODS_HEADERS = ("Method", "Метод", "Strategy", "Стратегия", "Method id")
# The dropdown's source: the English labels on the Methods sheet.
METHOD_LIST_REF = f"={METHODS_SHEET}!$A$2:$A${len(METHODS) + 1}"

# Friendly header per canonical column; each one is a recognised synonym in schema.py.
HEADERS: dict[str, str] = {
    "date": "Date", "client": "Client", "method": "Method", "cost": "Cost", "hours": "Hours",
    "value": "Value (1-5)", "manager": "Manager", "segment": "Segment",
    "annual_revenue": "Annual revenue", "margin": "Gross margin", "quarter": "Quarter",
    "comment": "Comment",
    "event_type": "Event type", "promised_date": "Promised date",
    "delivered_date": "Delivered date", "kept": "Promise kept", "received_at": "Received at",
    "responded_at": "Responded at", "resolved_at": "Resolved at", "in_writing": "In writing",
    "contact_role": "Contact role",
}
WIDTHS: dict[str, int] = {
    "date": 12, "client": 32, "method": 44, "cost": 12, "hours": 9, "value": 11, "manager": 20,
    "segment": 12, "annual_revenue": 16, "margin": 16, "quarter": 10, "comment": 40,
    "event_type": 12, "promised_date": 14, "delivered_date": 14, "kept": 13, "received_at": 17,
    "responded_at": 17, "resolved_at": 17, "in_writing": 11, "contact_role": 13,
}
DESCRIPTIONS_RU: dict[str, str] = {
    "date": "Когда состоялось взаимодействие или возник расход",
    "client": "Ключевой клиент",
    "method": "Метод работы с клиентом: id или название, по-английски или по-русски",
    "cost": "Потраченные деньги (в валюте хранилища), 0 или больше",
    "hours": "Время менеджеров в часах, 0 или больше",
    "value": "Оценка клиентом ценности метода, от 1 до 5",
    "manager": "Менеджер по работе с клиентом",
    "segment": "Сегмент или категория клиента",
    "annual_revenue": "Годовая выручка клиента",
    "margin": "Годовая валовая маржа по клиенту: выручка минус себестоимость проданного",
    "quarter": "Квартал, к которому относится оценка, например 2026Q3",
    "comment": "Комментарий клиента, если есть",
    "event_type": ("Что произошло: запрос, жалоба, проблема, обещание, договорённость, встреча, "
                   "звонок, визит или другое"),
    "promised_date": "Дата, к которой обещание должно быть выполнено",
    "delivered_date": "Дата, когда обещание выполнено",
    "kept": "Выполнено ли обещание: да или нет",
    "received_at": ("Когда получен запрос, жалоба или проблема (дата или дата и местное время; "
                    "часовые пояса не пересчитываются)"),
    "responded_at": "Когда дан первый ответ (дата или дата и местное время)",
    "resolved_at": "Когда решено (дата или дата и местное время)",
    "in_writing": "Подтверждена ли договорённость письменно: да или нет",
    "contact_role": ("Роль контакта в закупочном центре клиента: ЛПР, закупщик, пользователь, "
                     "влияющий, привратник или инициатор"),
}
EXAMPLE_ROW: dict[str, object] = {
    "client": "Example Client Ltd", "method": "Staff training", "cost": 1200, "hours": 6,
    "value": 4, "manager": "A. Manager", "event_type": "meeting", "contact_role": "decider",
}
SHEETS: dict[str, tuple[str, ...]] = {
    "Interactions": tuple(c.name for c in (*INTERACTION_COLUMNS, *HEALTH_COLUMNS)),
    "Clients": tuple(c.name for c in CLIENT_COLUMNS),
    "Valuations": tuple(c.name for c in VALUATION_COLUMNS),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "Interactions": INTERACTIONS.required, "Clients": CLIENTS.required,
    "Valuations": VALUATIONS.required,
}
INTRO: tuple[str, str] = (
    ("One row per interaction or expense on the Interactions sheet; Clients and Valuations "
     "are optional. Delete the example row before uploading."),
    ("Одна строка на каждое взаимодействие или расход на листе Interactions; листы Clients и "
     "Valuations необязательны. Удалите строку-пример перед загрузкой."),
)
METHODS_NOTE: tuple[str, str] = (
    "The 26 relationship methods in English and Russian, with their strategy and id.",
    "26 методов работы с ключевыми клиентами по-английски и по-русски, со стратегией и id.",
)


def quarter_start(today: dt.date) -> dt.date:
    """Return the first day of the quarter ``today`` falls in."""
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _validation(name: str) -> dict | None:
    """Return the xlsxwriter data-validation options for a column, or None."""
    if name == "method":
        return {
            "validate": "list", "source": METHOD_LIST_REF,
            "input_title": "Method", "input_message": "Pick one of the 26 methods (Methods sheet).",
            # A warning, not a stop: Russian labels, ids and synonyms are accepted on import.
            "error_type": "warning", "error_title": "Unknown method",
            "error_message": "Not an English label from the Methods sheet. Russian labels and "
                             "ids are accepted; unknown names are flagged on import.",
        }
    if name == "value":
        return {
            "validate": "integer", "criteria": "between",
            "minimum": COLUMN_BY_NAME["value"].minimum, "maximum": COLUMN_BY_NAME["value"].maximum,
            "input_title": "Value (1-5)",
            "input_message": "The client's rating of this method: a whole number from 1 "
                             "(worthless) to 5 (essential). Leave blank if unknown.",
            "error_title": "Value out of range", "error_message": "Enter a whole number 1-5.",
        }
    if name in ("cost", "hours"):
        unit = "Money spent" if name == "cost" else "Managers' time in hours"
        return {
            "validate": "decimal", "criteria": ">=", "value": COLUMN_BY_NAME[name].minimum,
            "input_title": HEADERS[name], "input_message": f"{unit}: 0 or more.",
            "error_title": "Negative number", "error_message": "Enter a number, 0 or more.",
        }
    declared = COLUMN_BY_NAME.get(name)
    if declared is not None and declared.kind in VOCABULARIES:
        words = list(VOCABULARIES[declared.kind])
        return {
            "validate": "list", "source": words,
            "input_title": HEADERS[name], "input_message": ", ".join(words),
            # A warning, not a stop: Russian words are accepted on import too.
            "error_type": "warning", "error_title": HEADERS[name],
            "error_message": "Use one of the listed words (English or Russian); other words "
                             "are flagged on import.",
        }
    return None


def template_workbook(today: dt.date | None = None) -> bytes:
    """Return the .xlsx template's bytes: input sheets with validations, Methods and Read me."""
    today = today or dt.date.today()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties({"title": "KAM Analytics input template"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
    formats = {
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "cost": book.add_format({"num_format": "#,##0.00"}),
        "hours": book.add_format({"num_format": "0.00"}),
        "value": book.add_format({"num_format": "0"}),
        "annual_revenue": book.add_format({"num_format": "#,##0"}),
        "margin": book.add_format({"num_format": "#,##0"}),
        **dict.fromkeys(("promised_date", "delivered_date"),
                        book.add_format({"num_format": "yyyy-mm-dd"})),
        # Local times as written: the import converts no time zone.
        **dict.fromkeys(("received_at", "responded_at", "resolved_at"),
                        book.add_format({"num_format": "yyyy-mm-dd hh:mm"})),
    }
    example = {**EXAMPLE_ROW, "date": quarter_start(today)}

    for sheet_name, names in SHEETS.items():
        sheet = book.add_worksheet(sheet_name)
        sheet.freeze_panes(1, 0)
        for col, name in enumerate(names):
            sheet.set_column(col, col, WIDTHS[name], formats.get(name))
            sheet.write(0, col, HEADERS[name], header)
            rule = _validation(name)
            if rule:
                sheet.data_validation(1, col, LAST_ROW - 1, col, rule)
            if sheet_name == "Interactions":
                value = example.get(name)
                if isinstance(value, dt.date):
                    sheet.write_datetime(1, col, value, formats["date"])
                else:
                    sheet.write(1, col, value, formats.get(name))

    methods = book.add_worksheet(METHODS_SHEET)
    methods.freeze_panes(1, 0)
    for col, (title, width) in enumerate(zip(METHODS_HEADERS, (44, 46, 20, 26, 28), strict=True)):
        methods.set_column(col, col, width)
        methods.write(0, col, title, header)
    for row, m in enumerate(METHODS, start=1):
        s = STRATEGY_BY_ID[m.strategy]
        methods.write_row(row, 0, (m.label_en, m.label_ru, s.label_en, s.label_ru, m.id))

    readme = book.add_worksheet("Read me")
    readme.set_column(0, 0, 14)
    readme.set_column(1, 1, 16)
    readme.set_column(2, 2, 100)
    readme.write_row(0, 0, ("Sheet", "Column", "Meaning / Значение"), header)
    readme.write(1, 2, INTRO[0])
    readme.write(2, 2, INTRO[1])
    row = 3
    for sheet_name, names in SHEETS.items():
        for name in names:
            col = COLUMN_BY_NAME[name]
            need = "required" if name in REQUIRED[sheet_name] else "optional"
            readme.write_row(row, 0, (sheet_name, HEADERS[name], f"{col.description} ({need})."))
            need_ru = "обязательно" if need == "required" else "необязательно"
            readme.write(row + 1, 2, f"{DESCRIPTIONS_RU[name]} ({need_ru}).")
            row += 2
    readme.write_row(row, 0, (METHODS_SHEET, "", METHODS_NOTE[0]))
    readme.write(row + 1, 2, METHODS_NOTE[1])
    book.close()
    return buffer.getvalue()
