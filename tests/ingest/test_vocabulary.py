"""Event types, decision-making-unit roles and yes/no read as words of their declared
vocabularies, in English and Russian; other words found, never taken as the nearest one."""

from __future__ import annotations

import pytest

from kam_analytics import taxonomy
from kam_analytics.ingest import schema, vocabulary
from tests.ingest.parsing import column


@pytest.mark.parametrize("kind, cells, expected", [
    ("event", ("Request", "жалоба", " Late delivery ", "ЗВОНОК", "site visit", "Договорённость",
               None, ""), ["request", "complaint", "problem", "call", "visit", "agreement",
                           None, None]),
    ("role", ("ЛПР", "Decision-maker", "закупщик", "End user", "Gatekeeper", "инициатор"),
     ["decider", "decider", "buyer", "user", "gatekeeper", "initiator"]),
    ("yesno", ("yes", "Да", "нет", "N", True, False, 1, 0, None),
     [True, True, False, False, True, False, True, False, None]),
])
def test_words_in_either_language_read_as_the_declared_value(kind, cells, expected):
    assert vocabulary.values_of(column(*cells), kind).tolist() == expected


@pytest.mark.parametrize("kind, cells, expected", [
    ("event", ("request", "reqeust", "lunch", None, ""), [False, True, True, False, False]),
    ("role", ("buyer", "CEO"), [False, True]),
    ("yesno", ("yes", "maybe", "2"), [False, True, True]),
])
def test_words_outside_the_vocabulary_are_found_not_guessed(kind, cells, expected):
    assert vocabulary.unknown_words(column(*cells), kind).tolist() == expected
    assert all(v is None for v, bad in zip(vocabulary.values_of(column(*cells), kind),
                                           expected, strict=True) if bad)


def test_every_vocabulary_word_names_one_value():
    index = schema.VOCABULARY_INDEX["event"]
    assert set(index.values()) == set(taxonomy.EVENT_TYPES)
    assert {schema.VOCABULARY_INDEX["role"][w] for w in ("лпр", "buyer")} == {"decider", "buyer"}
