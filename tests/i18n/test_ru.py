"""The Russian table has English's keys, the same fields in each string, Russian's three
plural forms where a count is shown, and no English left in what it translates."""

from __future__ import annotations

import re
import string

import pytest

from kam_analytics.i18n import formats, msg, render, t, template
from kam_analytics.i18n.en import EN
from kam_analytics.i18n.ru import RU

PLURAL_FORMS = ("one", "few", "many", "other")


def _base(key: str, table: dict) -> str:
    head, _, tail = key.rpartition(".")
    return head if tail in PLURAL_FORMS and head in table else key


def _fields(template: str) -> set[str]:
    return {re.split(r"[.\[]", name)[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


def _by_base(table: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key, text in table.items():
        out.setdefault(_base(key, table), set()).update(_fields(text) if text else set())
    return out


def test_the_tables_have_the_same_keys():
    assert set(_by_base(RU)) == set(_by_base(EN))
    assert not {k for k in RU if _base(k, RU) == k} - set(EN)  # bare keys: English's


def test_each_translated_string_names_the_same_fields():
    en, ru = _by_base(EN), _by_base(RU)
    translated = set(ru)
    # A Russian "1" form says {n} ("21 клиент" is that form too) where English may spell 1:
    # a count that picks the form is always given, so Russian may name it where English does not.
    wrong = {k: (en[k], ru[k]) for k in translated if ru[k] - {"n"} != en[k] - {"n"}
             or ("n" in en[k] and "n" not in ru[k])}
    assert not wrong


def _grouped(text: str) -> set[str]:
    """Return the fields ``text`` writes with thousands grouped ({n:,})."""
    return {name for _, name, spec, _ in string.Formatter().parse(text)
            if name and re.fullmatch(r",(\.\d+f)?", spec or "")}


def test_counts_english_groups_are_grouped_in_russian_too():
    # "1,144 of 1,234" must not read «1144 из 1234»: a field English groups, Russian groups.
    english = {}
    for key, text in EN.items():
        english.setdefault(_base(key, EN), set()).update(_grouped(text))
    ungrouped = {key: english[_base(key, RU)] - _grouped(text) for key, text in RU.items()
                 if english.get(_base(key, RU), set()) & (_fields(text) - _grouped(text))}
    assert not ungrouped
    assert t("warn.duplicate_rows", "ru", n=1144, total=1234, pairs="x").startswith(
        "1\u00a0144 из 1\u00a0234 ")


def test_russian_counts_have_their_three_forms():
    # Every English string with a "1" form has Russian one/few/many forms, each saying {n}.
    for key in EN:
        head, _, tail = key.rpartition(".")
        if tail != "one" or head not in EN:
            continue
        for form in ("one", "few", "many"):
            assert "{n" in (RU.get(f"{head}.{form}") or ""), f"{head}.{form}"


def test_counts_take_the_right_form():
    assert t("upload.warnings", "ru", n=1) == "1 замечание о чтении файлов"
    assert t("upload.warnings", "ru", n=21) == "21 замечание о чтении файлов"
    assert t("upload.warnings", "ru", n=3) == "3 замечания о чтении файлов"
    assert t("upload.warnings", "ru", n=11) == "11 замечаний о чтении файлов"
    assert t("upload.warnings", "ru", n=25) == "25 замечаний о чтении файлов"
    assert t("upload.warnings", "en", n=3) == "3 notes on how the files were read"


_LATIN_WORD = re.compile(r"(?<![{\w])[A-Za-z]{3,}(?![\w}])")
# What is typed as it is, not read as prose: commands in backticks, options, quoted values,
# [[sections]], paths and file names.
_LITERAL = re.compile(r"`[^`]*`|--[\w-]+(?: '[^']*')?|'[^']*'|\[\[?\w+\]\]?|[\w.-]*[/.]\w[\w./-]*"
                      r"|\w+ = |python -m kam_analytics [\w-]+|[a-z]+(?:-[a-z]+)+")
# Names and units a Russian reader meets as they are: formats, products, currencies, and the
# keys of the access file and secrets, which are written in English.
ALLOWED = {"KAM", "Analytics", "CSV", "Excel", "PDF", "PNG", "SVG", "UTF", "HTML", "XML", "JPEG",
           "GIF", "RAR", "Zip", "RTF", "gzip", "BOM", "NUL", "DOCTYPE", "TOML", "Windows", "Latin",
           "LibreOffice", "Impress", "PowerPoint", "Word", "Writer", "Office", "OpenDocument",
           "Markdown", "Chromium", "Chrome", "DuckDB", "PostgreSQL", "Ctrl", "End", "README",
           "python", "sudo", "apt", "get", "install", "chromium", "headless", "version", "yes",
           "xlsx", "xlsm", "xls", "xlsb", "ods", "zip",
           "email", "name", "role", "managers", "manager", "user", "group"}


def test_translated_strings_hold_no_english_words():
    english = {k: sorted(set(_LATIN_WORD.findall(_LITERAL.sub(" ", v))) - ALLOWED)
               for k, v in RU.items()}
    assert not {k: w for k, w in english.items() if w}


def test_a_key_missing_from_a_table_raises_instead_of_showing_english():
    RU.pop("app.title")
    try:
        with pytest.raises(KeyError, match="no text for 'app.title'"):
            template("app.title", "ru")
    finally:
        RU["app.title"] = "KAM Analytics"
    assert template("app.title", "ru") == "KAM Analytics"


def test_a_message_renders_in_russian_with_numbers_in_russian():
    assert render(msg("quadrant.overinvested"), "ru") == "Избыточные вложения"
    assert t("number.millions", "ru", number=formats.number(12.345, 2, "ru")) == "12,35 млн"
