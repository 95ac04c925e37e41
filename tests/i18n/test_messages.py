"""Messages are keys and fields until shown; the language is each session's own; plurals follow
each language's rule."""

from __future__ import annotations

import datetime as dt
import json
import threading

import numpy as np
import pytest

from kam_analytics import i18n
from kam_analytics.i18n import (
    Message,
    language,
    msg,
    plural_category,
    render,
    reset_language,
    set_language,
    t,
)
from kam_analytics.i18n.en import EN
from kam_analytics.ingest.batch import ImportBatch
from kam_analytics.ingest.problems import Problem, UnknownMethod, stored_lines
from kam_analytics.ingest.raw_sheets import ReadError


@pytest.fixture
def other_language(monkeypatch):
    """A second language ("xx") whose table marks every string, so its text is told apart."""
    table = {k: f"[{v}]" for k, v in EN.items()}
    table.update({"clients": "{n} клиента", "clients.one": "{n} клиент",
                  "clients.few": "{n} клиента", "clients.many": "{n} клиентов"})
    monkeypatch.setitem(i18n.TABLES, "xx", table)
    monkeypatch.setitem(i18n.TABLES, "ru", table)
    return table


@pytest.mark.parametrize(("n", "expected"), [
    (0, "many"), (1, "one"), (2, "few"), (3, "few"), (4, "few"), (5, "many"), (10, "many"),
    (11, "many"), (12, "many"), (14, "many"), (19, "many"), (21, "one"), (22, "few"),
    (25, "many"), (101, "one"), (111, "many"), (112, "many"), (122, "few"), (1001, "one"),
    (1.5, "other"), (0.5, "other"), (2.0, "few"), (-1, "one"), (np.int64(21), "one"),
])
def test_russian_plural_rule(n, expected):
    assert plural_category("ru", n) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (0, "other"), (1, "one"), (1.0, "one"), (2, "other"), (21, "other"), (1.5, "other"),
])
def test_english_plural_rule(n, expected):
    assert plural_category("en", n) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1 клиент"), (2, "2 клиента"), (5, "5 клиентов"), (11, "11 клиентов"),
    (21, "21 клиент"), (1.5, "1.5 клиента"),  # "other": the bare key
])
def test_the_plural_form_is_chosen_by_the_count(other_language, n, expected):
    assert render(msg("clients", n=n), "ru") == expected


def test_english_one_form_still_works():
    assert t("upload.warnings", n=1) == "1 note on how the files were read"
    assert t("upload.warnings", n=2) == "2 notes on how the files were read"
    assert t("where.rows", rows="1, 2") == "rows 1, 2"  # a key without plural forms


def test_fields_must_be_storable():
    for bad in (ValueError("x"), dt.date(2026, 7, 3), {"a": 1}, object()):
        with pytest.raises(TypeError):
            msg("where.row", row=bad)
    m = msg("where.rows", rows=[np.int64(3), 4])
    assert m.fields["rows"] == (3, 4) and type(m.fields["rows"][0]) is int


def test_a_message_round_trips_through_json_with_nested_parts():
    m = msg("problem.line_with_fix", where=msg("text.list", items=[
        "a.csv", msg("where.sheet", sheet="Q3"), msg("where.rows", rows=[3, 5])]),
        what=msg("problem.below_min", minimum="0"), fix=msg("problem.fix", fix=msg("fix.range")))
    back = Message.from_data(json.loads(json.dumps(m.to_data())))
    assert back == m
    assert render(back) == ("a.csv, sheet 'Q3', rows 3, 5: below the minimum of 0. How to fix: "
                            "correct the value; costs and hours cannot be negative, ratings run "
                            "from 1 to 5.")


def test_list_fields_join_with_the_templates_separator():
    assert render(msg("warn.similar_clients", names=["A / a", "B / b"])).endswith(
        "are kept apart: A / a; B / b")
    assert render(msg("problem.duplicate_column", columns=["'X' (A)", "'Y' (B)"],
                      column="cost")) == "'X' (A) and 'Y' (B) are both read as the cost column"


def test_the_language_is_each_sessions_own(other_language):
    seen = {}
    started = threading.Event()
    done = threading.Event()

    def other_session():
        set_language("xx")
        seen["other"] = t("where.row", row=3)
        started.set()
        done.wait()

    thread = threading.Thread(target=other_session)
    thread.start()
    started.wait()
    seen["this"] = t("where.row", row=3)
    done.set()
    thread.join()
    assert seen == {"other": "[row 3]", "this": "row 3"}
    assert language() == "en" and i18n.LANG == "en"


def test_a_problem_is_rendered_when_shown_in_the_language_of_that_moment(other_language):
    problem = Problem("a.csv", msg("problem.not_a_number"), msg("fix.number"), "Q3",
                      "'Cost' (D)", [4])
    english = problem.text()
    token = set_language("xx")
    try:
        assert i18n.LANG == "xx"
        assert problem.text() == problem.text("xx") != english
        assert problem.text().startswith("[[a.csv, [sheet 'Q3'], [row 4], [column 'Cost' (D)]]: ")
    finally:
        reset_language(token)
    assert problem.text() == english == (
        "a.csv, sheet 'Q3', row 4, column 'Cost' (D): not a number. How to fix: "
        + EN["fix.number"])
    with pytest.raises(ValueError):
        set_language("zz")


def test_a_problem_round_trips_as_data():
    problem = Problem("a.csv", msg("warn.spaces", column="'Client' (B)"), None, None, None,
                      list(range(2, 14)))
    back = Problem.from_data(json.loads(json.dumps(problem.to_data())))
    assert back == problem
    assert back.text() == ("a.csv, rows 2, 3, 4, 5, 6, 7, 8, 9 and 4 more: extra spaces removed "
                           "from 'Client' (B).")


def test_stored_lines_read_both_the_old_and_the_new_form(other_language):
    new = json.dumps([Problem("a.csv", msg("warn.macros")).to_data()])
    old = json.dumps(["a.csv: the workbook holds macros; they were not run."])
    assert stored_lines(new) == [Problem("a.csv", msg("warn.macros")).text()]
    assert stored_lines(new, "xx") == [Problem("a.csv", msg("warn.macros")).text("xx")]
    assert stored_lines(old, "xx") == ["a.csv: the workbook holds macros; they were not run."]
    assert stored_lines(None) == stored_lines("[]") == []


def test_problem_lines_and_unknown_methods_render_in_the_language_asked(other_language):
    import pandas as pd

    batch = ImportBatch([("a.csv", "0")], pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    batch.errors.append(Problem("a.csv", msg("problem.no_table"), msg("fix.no_table")))
    batch.unknown_methods.append(UnknownMethod(
        "Lunch", 2, [3, 4], [msg("text.list", items=["a.csv", msg("where.column", column="C")])],
        ()))
    english = batch.problem_lines()
    assert english[1] == EN["problem.unknown_method"].format(
        label="Lunch", rows=2, where="a.csv, column C, rows 3, 4", suggestions="—")
    assert all(a != b for a, b in zip(english, batch.problem_lines(lang="xx"), strict=True))


def test_a_read_error_carries_messages():
    error = ReadError("a.csv", msg("read.empty"), msg("read.fix.choose_file"))
    assert str(error) == f"a.csv: {EN['read.empty']} — {EN['read.fix.choose_file']}"
    assert Message.from_data(error.problem.to_data()) == error.problem


def test_errors_raised_in_one_language_read_in_the_language_they_are_shown_in(other_language):
    # A busy store, a refused file and a rejected import keep keys and fields; their text is
    # made when shown, not when raised.
    from kam_analytics.store import StoreBusy

    busy = StoreBusy(msg("busy.in_use", path="/data/kam.duckdb"))
    error = ReadError("a.csv", msg("read.empty"), msg("read.fix.choose_file"))
    import pandas as pd

    batch = ImportBatch([("a.csv", "0")], pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    batch.errors.append(Problem("a.csv", msg("problem.no_table"), msg("fix.no_table")))
    from kam_analytics.ingest.batch import ImportRejected

    rejected = ImportRejected(batch)
    english = [str(busy), str(error), str(rejected)]
    assert english[0] == EN["busy.in_use"].format(path="/data/kam.duckdb")
    token = set_language("xx")
    try:
        shown = [str(busy), str(error), str(rejected)]
    finally:
        reset_language(token)
    assert shown[0] == other_language["busy.in_use"].format(path="/data/kam.duckdb")
    assert all(a != b for a, b in zip(english, shown, strict=True))


def test_a_stored_note_whose_key_is_gone_still_shows():
    # Stored notes outlive the strings they were made with: a renamed key must not break the
    # history tab or `history --notes`.
    gone = json.dumps([{"file": "a.csv", "message": {"key": "warn.renamed_long_ago",
                                                     "fields": {"column": "D"}},
                        "fix": None, "sheet": None, "column": None, "rows": []}])
    [line] = stored_lines(gone)
    assert line.startswith("a.csv: ") and "warn.renamed_long_ago" in line and '"D"' in line


def test_names_from_files_are_shown_escaped_never_as_layout():
    from kam_analytics.i18n import visible
    assert visible("q3\nInjected line\r\x1b[31mred\u202eevil\ttab") == (
        "q3\\nInjected line\\r\\x1b[31mred\\u202eevil\\ttab")
    assert visible("ООО Ромашка, Müller & Co") == "ООО Ромашка, Müller & Co"
    text = render(msg("problem.no_rows_under", row=3))  # no fields from data: unchanged
    assert "\\" not in text
    line = render(msg("warn.excluded", label="Golf\nday", n=2))
    assert "Golf\\nday" in line and "\n" not in line
