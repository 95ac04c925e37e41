"""Every command of the command line in Russian (--lang ru): no English word about the user's
data, stores and files, the same figures as in English, the same exit codes."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from kam_analytics import cli
from kam_analytics.cli_mappings import mapping_kind
from tests.i18n.test_ru import _LATIN_WORD, _LITERAL, ALLOWED

NBSP = "\u00a0"
# What comes from the user's files as it is: names, the currency code, and the headers of the
# file, which the reading notes quote «like this».
DATA = {"Acme", "acme", "Beta", "Anna", "EUR"}
_QUOTED = re.compile(r"«[^»]*»")

# 1,234 interactions in 2026Q3 (1 July + 0..89 days), Acme on even rows and Beta on odd ones:
# 2 clients, 617 each.
BIG_ROWS = 1234


def big_csv() -> str:
    lines = ["Date,Client,Method,Cost,Hours,Value,Manager"]
    for i in range(BIG_ROWS):
        day = date(2026, 7, 1) + timedelta(days=i % 90)
        lines.append(f"{day.isoformat()},{'Acme' if i % 2 == 0 else 'Beta'},Site visits,10,0,4,"
                     "Anna")
    return "\n".join(lines) + "\n"


SMALL_CSV = ("Date,Client,Method,Cost,Hours,Value,Manager\n"
             "2026-07-01,Acme,Site visits,1000,2,4,Anna\n"
             "2026-07-02,Acme,Site visits,500,0,2,Anna\n"
             "2026-08-01,Beta,Staff training,1234.5,0,5,Boris\n")


def english_words(text: str) -> list[str]:
    """Return the English words of ``text``, leaving out what is typed as it is (commands,
    options, paths), names and units, and what comes from the user's files."""
    text = _LITERAL.sub(" ", _QUOTED.sub(" ", text))
    return sorted(set(_LATIN_WORD.findall(text)) - ALLOWED - DATA)


def session(tmp_path, lang: str, capsys) -> list[tuple[str, int, str]]:
    """Run every command once in ``lang`` on its own store; return (command, exit code,
    what it printed on stdout and stderr)."""
    folder = tmp_path / lang
    folder.mkdir()
    big, small = folder / "big.csv", folder / "small.csv"
    big.write_text(big_csv(), encoding="utf-8")
    small.write_text(SMALL_CSV, encoding="utf-8")
    db, surveys, copy = folder / "k.duckdb", folder / "surveys", folder / "copy.duckdb"
    surveys.mkdir()
    kind = "client" if lang == "en" else "клиент"
    runs = [("import", [big, "--map-client", "ACME=Acme"]), ("import again", [big]),
            ("import decide", [small]), ("import replace", [small, "--replace"]),
            ("restore", ["1"]), ("restore unknown", ["9"]), ("history", ["--notes"]),
            ("mappings", []), ("mappings remove", ["--remove", kind, "acme"]),
            ("mappings remove again", ["--remove", kind, "acme"]),
            ("mappings empty", []),
            ("matrix", ["--format", "table", "--header", "people"]),
            ("health", ["--format", "table"]), ("health unknown", ["--quarter", "2025Q4"]),
            ("survey", ["--out", surveys]), ("backups", []), ("restore-point", ["2"]),
            ("import missing", [folder / "none.csv"]),
            ("import bad quarter", [small, "--quarter", "Q9"]),
            ("copy-store", []), ("sample", ["--out", folder / "sample"])]
    out = []
    for name, args in runs:
        command = name.split()[0]
        where = (["--from", db, "--to", copy] if command == "copy-store"
                 else [] if command == "sample" else ["--db", db])
        code = cli.main([command, *map(str, args), *map(str, where), "--lang", lang])
        said = capsys.readouterr()
        out.append((name, code, said.out + said.err))
    return out


def test_every_command_in_russian_says_no_english_word_and_the_same_figures(tmp_path,
                                                                             capsys):
    en = {name: (code, text) for name, code, text in session(tmp_path, "en", capsys)}
    ru = {name: (code, text) for name, code, text in session(tmp_path, "ru", capsys)}
    # the same exit codes in both languages, as documented (0 done, 1 refused, 2 usage,
    # 3 a decision is needed)
    codes = {name: code for name, (code, _) in en.items()}
    assert codes == {name: code for name, (code, _) in ru.items()}
    assert codes == {"import": 0, "import again": 0, "import decide": 3, "import replace": 0,
                     "restore": 0, "restore unknown": 1, "history": 0, "mappings": 0,
                     "mappings remove": 0, "mappings remove again": 1, "mappings empty": 0,
                     "matrix": 0, "health": 0, "health unknown": 1, "survey": 0,
                     "backups": 0, "restore-point": 0, "import missing": 2,
                     "import bad quarter": 2, "copy-store": 0, "sample": 0}
    assert {name: english_words(text) for name, (_, text) in ru.items()
            if english_words(text)} == {}
    assert english_words(en["import"][1])  # the check finds English where there is some

    # 1,234 rows, 2 clients, no valuations, one quarter, grouped as each language writes them;
    # one note: rows 92 on repeat rows 2 on (90 days a cycle), 1,234 - 90 = 1,144 of them
    assert en["import"][1].startswith(
        "Imported #1: 1,234 interactions, 2 clients, 0 valuations, 2026Q3; 1 warning.\n"
        "  warning: big.csv: 1,144 of 1,234 interactions are identical")
    assert ru["import"][1].startswith(
        f"Импорт №1: взаимодействий — 1{NBSP}234, клиентов — 2, оценок — 0, 3{NBSP}кв."
        f"{NBSP}2026; 1 замечание.\n  замечание: big.csv: 1{NBSP}144 из 1{NBSP}234 взаимодействий")
    assert en["import replace"][1].startswith(
        "Imported #2: 3 interactions, 2 clients, 0 valuations, 2026Q3, replaced #1; ")
    assert ru["import replace"][1].startswith(
        f"Импорт №2: взаимодействий — 3, клиентов — 2, оценок — 0, 3{NBSP}кв.{NBSP}2026, "
        "заменяет №1; ")
    assert en["restore"][1] == "Restored import #1; #2 set aside.\n"
    assert ru["restore"][1] == "Импорт №1 снова действует; отложено: №2.\n"
    assert ru["restore unknown"][1] == "Импорта №9 нет.\n"
    assert en["mappings empty"][1] == "No saved mappings.\n"
    assert ru["mappings empty"][1] == "Сохранённых сопоставлений нет.\n"

    # the history: headers, statuses and dates in the language asked, the same rows
    en_rows, ru_rows = (d["history"][1].splitlines()[:3] for d in (en, ru))
    assert en_rows[0].split() == ["Import", "Imported", "Files", "Rows", "Quarters", "Currency",
                                  "Status", "Replaced", "by", "Notes"]
    assert ru_rows[0].split()[:4] == ["Импорт", "Загружено", "Файлы", "Строки"]
    assert re.search(r"#2 \d{4}-\d\d-\d\d \d\d:\d\d small\.csv +3 +2026Q3 +EUR +replaced",
                     en_rows[1])
    assert re.search(r"#1 \d{4}-\d\d-\d\d \d\d:\d\d +big\.csv +1234 +2026Q3 +EUR +active",
                     en_rows[2])
    assert re.search(r"#2 \d\d\.\d\d\.\d{4} \d\d:\d\d small\.csv +3 3 кв\. 2026 +EUR +заменён",
                     ru_rows[1].replace(NBSP, " "))
    assert re.search(r"#1 \d\d\.\d\d\.\d{4} \d\d:\d\d +big\.csv +1234 3 кв\. 2026 +EUR "
                     r"+действует", ru_rows[2].replace(NBSP, " "))

    # the matrix for people: 617 visits of 10 EUR each per client, 6,170 in all, rated 4
    for client in ("Acme", "Beta"):
        assert re.search(rf"{client} +Anna +— +Personal trust +Site visits +617 +6,170 +0 +0 "
                         r"+6,170 +4 ", en["matrix"][1])
        assert re.search(rf"{client} +Anna +— +Личное доверие +Посещения предприятий +617 "
                         rf"+6{NBSP}170 +0 +0 +6{NBSP}170 +4 ", ru["matrix"][1])

    # a saved mapping, its kind and where it came from in each language
    assert re.fullmatch(r"client\tacme\tAcme\timport #1 \(big\.csv\), \d{4}-\d\d-\d\d "
                        r"\d\d:\d\d\n", en["mappings"][1])
    assert re.fullmatch(r"клиент\tacme\tAcme\tимпорт №1 \(big\.csv\), \d\d\.\d\d\.\d{4} "
                        r"\d\d:\d\d\n", ru["mappings"][1])

    # restore points: the one before import #2 holds import #1's 1,234 interactions, grouped
    # as each language writes them; a backup's size too
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +import #2 +1 +#1 +1,234",
                     en["backups"][1])
    assert re.search(rf"\d\d\.\d\d\.\d{{4}} \d\d:\d\d:\d\d +импортом №2 +1 +#1 +1{NBSP}234",
                     ru["backups"][1])
    assert re.search(r" \d+\.\d KB ", en["backups"][1])
    assert re.search(r" \d+,\d КБ ", ru["backups"][1])

    # the survey: the same two clients; copy-store: the same row counts
    assert "for 2 clients" in en["survey"][1] and "2 клиент" in ru["survey"][1]
    en_counts = re.findall(r"(\w+)'?: ([\d,\u00a0]+) ", en["copy-store"][1])
    ru_counts = re.findall(r"(\w+)'?: ([\d,\u00a0]+) ", ru["copy-store"][1])
    assert [(t, n.replace(",", "")) for t, n in en_counts] == [
        (t, n.replace(NBSP, "")) for t, n in ru_counts]
    assert ("interactions", "1237") in [(t, n.replace(",", "")) for t, n in en_counts]


def test_the_mappings_kind_is_read_in_either_language():
    assert [mapping_kind(w) for w in ("client", "Клиент", " столбец ", "метод", "header",
                                      "people")] == ["client", "client", "header", "method",
                                                     "header", None]


@pytest.mark.parametrize(("environ", "lang"), [
    ({}, "en"), ({"LANG": "ru_RU.UTF-8"}, "ru"), ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
    ({"KAM_LANG": "en", "LANG": "ru_RU.UTF-8"}, "en"), ({"KAM_LANG": "RU"}, "ru"),
    ({"KAM_LANG": "de", "LANG": "C.UTF-8"}, "en")])
def test_the_language_defaults_from_kam_lang_then_the_locale(environ, lang):
    assert cli.cli_language(environ) == lang


def test_kam_lang_sets_every_command_s_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KAM_LANG", "ru")
    assert cli.main(["history", "--db", str(tmp_path / "none.duckdb")]) == cli.EXIT_REJECTED
    assert capsys.readouterr().err.startswith("Хранилища ")
    assert cli.main(["history", "--db", str(tmp_path / "none.duckdb"), "--lang", "en"]) == 1
    assert capsys.readouterr().err.startswith("There is no store at ")
