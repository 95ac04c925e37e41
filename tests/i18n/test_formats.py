"""Numbers, dates and quarters as each language's reader writes them, checked against figures
written out by hand."""

from __future__ import annotations

from datetime import date

from kam_analytics.i18n import formats, reset_language, set_language

NB = "\u00a0"  # Russian groups thousands with a no-break space


def test_numbers_group_and_mark_decimals_per_language():
    assert formats.number(1234567.891, 2, "en") == "1,234,567.89"
    assert formats.number(1234567.891, 2, "ru") == f"1{NB}234{NB}567,89"
    assert formats.number(-1234.5, 0, "ru") == f"-1{NB}234"  # 1234.5 rounds to even: 1234
    assert formats.number(999, 0, "ru") == "999"
    assert formats.number(0.125, 3, "ru") == "0,125"
    assert formats.number(1500, 0, "ru", sign=True) == f"+1{NB}500"
    assert formats.number(-0.12, 2, "en", sign=True) == "-0.12"


def test_short_numbers_drop_trailing_zeros():
    assert formats.short_number(1234.5, "ru") == f"1{NB}234,5"
    assert formats.short_number(1000, "ru") == f"1{NB}000"
    assert formats.short_number(-0.125, "en") == "-0.12"  # two decimals, half to even
    assert formats.short_number(2.0, "en") == "2"


def test_percent_per_language():
    assert formats.percent(0.25, lang="en") == "25%"
    assert formats.percent_widget_format("ru") % 15 == f"15{NB}%"
    assert formats.percent_widget_format("en") % 15 == "15%"
    assert formats.percent(0.255, 1, "ru") == f"25,5{NB}%"


def test_dates_per_language():
    assert formats.day(date(2026, 7, 3), "ru") == "03.07.2026"
    assert formats.day("2026-07-03", "en") == "2026-07-03"
    assert formats.day("2026-12-31T10:00:00", "ru") == "31.12.2026"
    # a month in words: Russian's in the genitive after the day
    assert formats.day_in_words(date(2026, 3, 8), "ru") == f"8{NB}марта 2026{NB}г."
    assert formats.day_in_words(date(2026, 5, 1), "ru") == f"1{NB}мая 2026{NB}г."
    assert formats.day_in_words(date(2026, 3, 8), "en") == "08 March 2026"


def test_quarters_per_language():
    assert formats.quarter("2026Q3", "ru") == f"3{NB}кв.{NB}2026"
    assert formats.quarter("2026Q3", "en") == "2026Q3"
    assert formats.quarter("Q3 2026", "ru") == "Q3 2026"  # not a quarter id: as it is


def test_the_session_language_is_the_default():
    token = set_language("ru")
    try:
        assert formats.number(1234.5, 1) == f"1{NB}234,5"
    finally:
        reset_language(token)
    assert formats.number(1234.5, 1) == "1,234.5"


def test_formatted_follows_a_spec_in_each_language():
    assert formats.formatted(9859.4, ",.0f", "en") == "9,859"
    assert formats.formatted(9859.4, ",.0f", "ru") == f"9{NB}859"
    assert formats.formatted(0.5, ".1%", "ru") == "50,0%"
    assert formats.chart_separators("ru") == f",{NB}"
    assert formats.chart_separators("en") == ".,"


def test_a_quarter_field_reads_as_the_reader_writes_a_quarter():
    from kam_analytics.i18n import t

    assert t("health.portfolio_title", "ru", quarter="2026Q3") == (
        f"Клиенты по показателям, 3{NB}кв.{NB}2026")
    assert t("health.portfolio_title", "en", quarter="2026Q3") == "Clients by measure, 2026Q3"


def test_number_fields_of_a_message_take_the_language_s_marks():
    from kam_analytics.i18n import t

    assert t("health.short.per_month", "ru", value=12.34) == "12,3/мес"
    assert t("health.short.per_month", "en", value=12.34) == "12.3/mo"
    assert t("valuations.saved", "en", n=1234, quarter="2026Q3") == (
        "Saved 1,234 valuations for 2026Q3; every page now uses them.")
    assert t("upload.rejected", "ru", n=2) == (
        "Эту загрузку пока нельзя импортировать: 2 проблемы. Ничего не сохранено.")
