"""The input contract: headers as real files write them, one column per header, currencies."""

import pytest

from kam_analytics.ingest import schema


@pytest.mark.parametrize("header, column", [
    ("Mgmt time, h", "hours"), ("Management time", "hours"), ("Time spent (h)", "hours"),
    ("Трудозатраты, ч", "hours"), ("Value to client (1-5)", "value"),
    ("Оценка клиента", "value"), ("Subject", "method"), ("Тема", "method"),
    ("Assigned", "manager"), ("Assigned to", "manager"), ("Owner", "manager"),
    ("Duration (minutes)", "hours_minutes"), ("Actual Duration (Minutes)", "hours_minutes"),
    ("Длительность, мин", "hours_minutes"), ("Company / Account", "client"),
    ("Regarding", "client"), ("Status", "status"), ("Activity Status", "status"),
    ("Статус", "status"), ("Spend (EUR)", "cost"), ("Затраты, руб.", "cost"),
    ("Activity Type", "method"), ("Notes", None), ("Attendees", None),
])
def test_headers_with_units_and_abbreviations_name_their_column(header, column):
    assert schema.canonical_column(header) == column


@pytest.mark.parametrize("header", [
    "Margin", "Gross margin", "Gross margin, EUR", "Annual margin", "Gross profit",
    "Contribution margin", "Маржа", "Валовая маржа", "Валовая прибыль", "Маржинальная прибыль",
    "Маржа, тыс. руб.",
])
def test_margin_headers_name_the_clients_margin_and_no_interaction_column(header):
    assert schema.canonical_column(header, "clients") == "margin"
    assert schema.canonical_column(header) is None
    assert schema.canonical_column("Annual revenue", "clients") == "annual_revenue"


def test_quarter_headers_name_the_valuations_quarter_and_no_interaction_column():
    for header in ("Quarter", "Квартал", "Period", "Период"):
        assert schema.canonical_column(header, "valuations") == "quarter"
        assert schema.canonical_column(header) is None


def test_a_synonym_naming_two_columns_is_refused_when_declared():
    clash = (schema.Column("hours", "hours", ("time",)), schema.Column("date", "date", ("Time",)))
    with pytest.raises(ValueError, match="names both hours and date"):
        schema._header_index(clash)


@pytest.mark.parametrize("header, code", [
    ("Затраты, руб.", "RUB"), ("Cost, RUB", "RUB"), ("Сумма, ₽", "RUB"), ("Сумма, р.", "RUB"),
    ("Spend (EUR)", "EUR"), ("Cost €", "EUR"), ("Cost ($)", "USD"), ("Amount USD", "USD"),
    ("Cost GBP", "GBP"), ("Cost £", "GBP"), ("Cost", None), ("Затраты, тыс. руб.", "RUB"),
    ("Cost (EUR/USD)", None),  # two currencies in one header: none is said
])
def test_the_currency_a_money_header_names(header, code):
    assert schema.header_currency(header) == code


def test_currency_words_stay_out_of_the_header_match():
    assert schema.normalise_header("Spend (EUR)") == schema.normalise_header("Spend, $") \
        == "spend"


@pytest.mark.parametrize(("header", "scale", "column"), [
    ("Spend (€k)", 1_000, "cost"), ("Затраты, тыс. руб.", 1_000, "cost"),
    ("Cost K EUR", 1_000, "cost"), ("Cost, kEUR", 1_000, "cost"),
    ("Затраты, млн руб", 1_000_000, "cost"), ("Spend mln", 1_000_000, "cost"),
    ("Cost (m€)", 1_000_000, "cost"), ("Cost, EUR m", 1_000_000, "cost"),
    ("Cost", 1, "cost"), ("Cost, EUR", 1, "cost"),
    ("Cost m", 1, None),  # 'm' beside no currency may be anything: neither scaled nor matched
    ("Cost, k mln", None, "cost"),  # two units: which is meant cannot be told (a problem)
])
def test_a_money_headers_unit_scales_and_is_no_part_of_its_name(header, scale, column):
    assert schema.header_scale(header) == scale
    assert schema.canonical_column(header) == column
