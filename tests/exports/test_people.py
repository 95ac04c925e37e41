"""The matrix CSV for people: the rows of the file for programs, headed and coded in the
reader's language, the figures unchanged (the small quarter of tests/datasets.py, by hand)."""

from __future__ import annotations

import io

import pandas as pd

from kam_analytics import cli


def _csv(capsys, *args: str) -> pd.DataFrame:
    assert cli.main(["matrix", *args]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False,
                       na_values=[""])


def test_the_matrix_for_people_in_russian_holds_the_same_figures(small_db, capsys):
    ids = _csv(capsys, "--db", str(small_db), "--quarter", "2026Q3")
    people = _csv(capsys, "--db", str(small_db), "--quarter", "2026Q3", "--lang", "ru",
                  "--header", "people")
    assert list(people.columns) == [
        "Квартал", "Клиент", "Менеджер", "Сегмент", "Стратегия", "Код метода", "Метод",
        "Взаимодействия", "Затраты (EUR)", "Часы", "Стоимость времени", "Полные затраты (EUR)",
        "Ценность (1–5)", "Источник ценности", "Ценность на 1000", "Доля в затратах на клиента",
        "Квадрант"]
    assert len(people) == len(ids) == 4
    # Acme Ltd x Staff training: 2 interactions, 2,000 + 10 h at 60 = 2,600, ratings 4 and 5
    staff = people.set_index(["Клиент", "Код метода"]).loc[("Acme Ltd",
                                                            "technical.staff_training")]
    assert (staff["Квартал"], staff["Стратегия"], staff["Метод"]) == (
        "3\u00a0кв.\u00a02026", "Техническая поддержка", "Подготовка персонала")
    assert (staff["Взаимодействия"], staff["Полные затраты (EUR)"], staff["Ценность (1–5)"],
            staff["Источник ценности"], staff["Квадрант"]) == (
        2, 2600.0, 4.5, "оценки взаимодействий", "Стратегически важно")
    # every figure as in the file for programs, column by column
    pd.testing.assert_series_equal(people["Полные затраты (EUR)"], ids["total_cost"],
                                   check_names=False)
    pd.testing.assert_series_equal(people["Ценность на 1000"], ids["value_per_1000"],
                                   check_names=False)


def test_the_file_for_programs_keeps_its_ids_in_any_language(small_db, capsys):
    ru = _csv(capsys, "--db", str(small_db), "--quarter", "2026Q3", "--lang", "ru")
    assert list(ru.columns)[:6] == ["quarter", "client", "manager", "segment", "strategy",
                                    "method"]
    assert set(ru["quadrant"]) == {"strategic", "overinvested", "unrated", "efficient"}


def test_people_headers_are_for_the_matrix_alone(small_db, capsys):
    assert cli.main(["matrix", "--db", str(small_db), "--quarter", "2026Q3", "--compare-to",
                     "2026Q2", "--header", "people"]) == cli.EXIT_REJECTED
    assert "--header people is for the matrix alone" in capsys.readouterr().err
