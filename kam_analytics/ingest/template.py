"""The downloadable Excel template: the input contract as a workbook a manager can fill in."""

from __future__ import annotations

import datetime as dt
import io
import re

import xlsxwriter

from kam_analytics.i18n import language, t
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
METHODS_SHEET = "Methods"  # the English template's; each language's is t("template.sheet.methods")
SHEET_KEYS = ("interactions", "clients", "valuations")
# The methods dropdown lists the template's language's labels: column A (English) or B (Russian)
# of the Methods sheet.
METHOD_LABEL_COLUMN = {"en": "A", "ru": "B"}

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
# The Russian template's headers: each one is a recognised synonym in schema.py too.
HEADERS_RU: dict[str, str] = {
    "date": "Дата", "client": "Клиент", "method": "Метод", "cost": "Затраты", "hours": "Часы",
    "value": "Ценность (1-5)", "manager": "Менеджер", "segment": "Сегмент",
    "annual_revenue": "Годовая выручка", "margin": "Валовая маржа", "quarter": "Квартал",
    "comment": "Комментарий",
    "event_type": "Тип события", "promised_date": "Обещанная дата",
    "delivered_date": "Дата исполнения", "kept": "Обещание выполнено",
    "received_at": "Дата получения", "responded_at": "Дата ответа",
    "resolved_at": "Дата решения", "in_writing": "Подтверждено письменно",
    "contact_role": "Роль контакта",
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
EXAMPLE_ROW: dict[str, dict[str, object]] = {
    "en": {"client": "Example Client Ltd", "method": "Staff training", "cost": 1200, "hours": 6,
           "value": 4, "manager": "A. Manager", "event_type": "meeting",
           "contact_role": "decider"},
    "ru": {"client": "ООО Пример", "method": "Подготовка персонала", "cost": 1200, "hours": 6,
           "value": 4, "manager": "А. Менеджер", "event_type": "встреча", "contact_role": "лпр"},
}
SHEETS: dict[str, tuple[str, ...]] = {
    "interactions": tuple(c.name for c in (*INTERACTION_COLUMNS, *HEALTH_COLUMNS)),
    "clients": tuple(c.name for c in CLIENT_COLUMNS),
    "valuations": tuple(c.name for c in VALUATION_COLUMNS),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "interactions": INTERACTIONS.required, "clients": CLIENTS.required,
    "valuations": VALUATIONS.required,
}


def headers(lang: str) -> dict[str, str]:
    """Return the template's header per canonical column in ``lang``."""
    return HEADERS_RU if lang == "ru" else HEADERS


def vocabulary_words(kind: str, lang: str) -> list[str]:
    """Return a vocabulary's words as the template's dropdown offers them in ``lang``: each
    value's English name, or its first Russian synonym (all read back on import)."""
    if lang != "ru":
        return list(VOCABULARIES[kind])
    return [next(w for w in words if _CYRILLIC.search(w))
            for words in VOCABULARIES[kind].values()]


_CYRILLIC = re.compile("[а-яё]")


def quarter_start(today: dt.date) -> dt.date:
    """Return the first day of the quarter ``today`` falls in."""
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _validation(name: str, lang: str) -> dict | None:
    """Return the xlsxwriter data-validation options for a column, or None."""
    methods = t("template.sheet.methods", lang)
    if name == "method":
        column = METHOD_LABEL_COLUMN.get(lang, "A")
        return {
            "validate": "list",
            "source": f"='{methods}'!${column}$2:${column}${len(METHODS) + 1}",
            "input_title": t("template.method_title", lang),
            "input_message": t("template.method_prompt", lang, methods=methods),
            # A warning, not a stop: the other language's labels, ids and synonyms are
            # accepted on import.
            "error_type": "warning", "error_title": t("template.method_error_title", lang),
            "error_message": t("template.method_error", lang, methods=methods),
        }
    if name == "value":
        return {
            "validate": "integer", "criteria": "between",
            "minimum": COLUMN_BY_NAME["value"].minimum, "maximum": COLUMN_BY_NAME["value"].maximum,
            "input_title": headers(lang)["value"],
            "input_message": t("template.value_prompt", lang),
            "error_title": t("template.value_error_title", lang),
            "error_message": t("template.value_error", lang),
        }
    if name in ("cost", "hours"):
        return {
            "validate": "decimal", "criteria": ">=", "value": COLUMN_BY_NAME[name].minimum,
            "input_title": headers(lang)[name],
            "input_message": t("template.cost_prompt" if name == "cost" else
                               "template.hours_prompt", lang),
            "error_title": t("template.negative_title", lang),
            "error_message": t("template.negative_error", lang),
        }
    declared = COLUMN_BY_NAME.get(name)
    if declared is not None and declared.kind in VOCABULARIES:
        words = vocabulary_words(declared.kind, lang)
        return {
            "validate": "list", "source": words,
            "input_title": headers(lang)[name], "input_message": ", ".join(words),
            # A warning, not a stop: the other language's words are accepted on import too.
            "error_type": "warning", "error_title": headers(lang)[name],
            "error_message": t("template.words_error", lang),
        }
    return None


def template_workbook(today: dt.date | None = None, lang: str | None = None) -> bytes:
    """Return the .xlsx template's bytes in ``lang`` (the session's by default): input sheets
    with validations, the methods in both languages, and the instructions."""
    today = today or dt.date.today()
    lang = lang or language()
    other = "ru" if lang == "en" else "en"
    names = {key: t(f"template.sheet.{key}", lang) for key in (*SHEET_KEYS, "methods", "read_me")}
    header_of = headers(lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties({"title": t("template.doc_title", lang)})
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
    example = {**EXAMPLE_ROW.get(lang, EXAMPLE_ROW["en"]), "date": quarter_start(today)}

    for key, columns in SHEETS.items():
        sheet = book.add_worksheet(names[key])
        sheet.freeze_panes(1, 0)
        for col, name in enumerate(columns):
            sheet.set_column(col, col, WIDTHS[name], formats.get(name))
            sheet.write(0, col, header_of[name], header)
            rule = _validation(name, lang)
            if rule:
                sheet.data_validation(1, col, LAST_ROW - 1, col, rule)
            if key == "interactions":
                value = example.get(name)
                if isinstance(value, dt.date):
                    sheet.write_datetime(1, col, value, formats["date"])
                else:
                    sheet.write(1, col, value, formats.get(name))

    methods = book.add_worksheet(names["methods"])
    methods.freeze_panes(1, 0)
    titles = ("Method", "Метод", "Strategy", "Стратегия", t("template.method_id", lang))
    for col, (title, width) in enumerate(zip(titles, (44, 46, 20, 26, 28), strict=True)):
        methods.set_column(col, col, width)
        methods.write(0, col, title, header)
    for row, m in enumerate(METHODS, start=1):
        s = STRATEGY_BY_ID[m.strategy]
        methods.write_row(row, 0, (m.label_en, m.label_ru, s.label_en, s.label_ru, m.id))

    # The instructions in the template's language, each line followed by the other language's.
    readme = book.add_worksheet(names["read_me"])
    readme.set_column(0, 0, 16)
    readme.set_column(1, 1, 22)
    readme.set_column(2, 2, 100)
    readme.write_row(0, 0, (t("template.col_sheet", lang), t("template.col_column", lang),
                            t("template.col_meaning", lang)), header)
    sheets = {f"{key}": names[key] for key in SHEET_KEYS}
    readme.write(1, 2, t("template.intro", lang, **sheets))
    readme.write(2, 2, t("template.intro", other, **sheets))
    row = 3
    for key, columns in SHEETS.items():
        for name in columns:
            need = "template.required" if name in REQUIRED[key] else "template.optional"
            lines = {"en": f"{COLUMN_BY_NAME[name].description} ({t(need, 'en')}).",
                     "ru": f"{DESCRIPTIONS_RU[name]} ({t(need, 'ru')})."}
            readme.write_row(row, 0, (names[key], header_of[name], lines[lang]))
            readme.write(row + 1, 2, lines[other])
            row += 2
    readme.write_row(row, 0, (names["methods"], "", t("template.methods_note", lang)))
    readme.write(row + 1, 2, t("template.methods_note", other))
    book.close()
    return buffer.getvalue()
