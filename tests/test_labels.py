"""The word rule for method labels: what it reads, what it leaves a question, its figures on
the labelled set (tests/data/method_labels.csv, scored by benchmarks/label_matching.py)."""

import pytest

from benchmarks import label_matching
from kam_analytics import labels
from kam_analytics import taxonomy as tx


@pytest.mark.parametrize("label, expected", [
    # Written by a manager; each blocked an import although the suggestion was right.
    ("Оперативное реагирование на запросы, проблемы и жалобы", "trust.fast_response"),
    ("Социальные виды деятельности", "trust.social_activities"),
    ("Prompt response to requests, problems and complaints", "trust.fast_response"),
    ("Client visits to our sites", "trust.site_visits"),
    # Word order, inflection, a typo, an abbreviation, a Russian adjective for its noun.
    ("Frequency of contacts", "trust.contact_frequency"),
    ("Гарантии на продукцию", "risk.product_guarantee"),
    ("Staff trainning", "technical.staff_training"),
    ("Prev. maintenance", "risk.preventive_maintenance"),
    ("Бартерная сделка", "resource.countertrade"),
])
def test_labels_are_read_by_their_words(label, expected):
    m = tx.match_method(label)
    assert (m.method_id, m.by_words, m.suggestions) == (expected, True, (expected,))


@pytest.mark.parametrize("label", [
    "Meeting", "Call", "Golf with the director", "Lunch with the buyer", "Визит к клиенту",
    "Visit", "Delivery", "Credit note", "Quota", "Quotas", "Sales training for our team",
    "Personal trust",
])
def test_look_alikes_are_not_read(label):
    assert tx.match_method(label).method_id is None


@pytest.mark.parametrize("label, suggested", [
    ("Site visits and staff training", {"trust.site_visits", "technical.staff_training"}),
    ("Product and delivery guarantees", {"risk.product_guarantee", "risk.delivery_guarantee"}),
    ("Free demos and trials", {"risk.free_demos", "risk.trials"}),
])
def test_a_label_naming_two_methods_is_a_question_suggesting_both(label, suggested):
    m = tx.match_method(label)
    assert m.method_id is None
    assert set(m.suggestions[:2]) == suggested


def test_the_best_suggestion_comes_first():
    # "Training and lunch" half names staff training ((1 + 1) / (1 + 2) for the key
    # "Training"): the one to offer; nothing else comes near.
    assert tx.match_method("Training and lunch").suggestions == ("technical.staff_training",)
    assert labels.LabelIndex({"a": ["red apple"], "b": ["red apple pie"]}).read(
        "red apple tart") == (None, ("a", "b"))  # 4/5 before 4/6


def test_a_runner_up_within_the_margin_makes_a_question():
    index = labels.LabelIndex({"a": ["green tea"], "b": ["green tea leaves"]})
    # "green tea": a = 1, b = (2 + 2) / (3 + 2) = 0.8 = 1 - MARGIN: read.
    assert index.read("green tea")[0] == "a"
    tight = labels.LabelIndex({"a": ["green tea"], "b": ["green tea leaves", "tea"]})
    # b's key "tea" is part of a's, so only the score decides: b = (1 + 2) / (1 + 2) = 1.
    assert tight.read("green tea") == (None, ("a", "b"))


@pytest.mark.parametrize("a, b, stems, expected", [
    ("trainning", "training", False, True),   # a letter doubled
    ("vistis", "visits", False, True),        # two letters swapped
    ("servise", "service", False, True),      # a letter changed, not the last
    ("quotas", "quotes", False, False),       # another ending
    ("quota", "quotat", True, False),         # a stem cut short
    ("trail", "train", True, False),          # the last letter of a stem
    ("promt", "prompt", True, True),
])
def test_typos_are_one_edit_outside_the_ending(a, b, stems, expected):
    assert labels._is_typo(a, b, stems) is expected


def test_saved_mappings_and_known_labels_come_before_the_word_rule():
    extra = {tx.normalise_label("Client visits to our sites"): "trust.social_activities"}
    m = tx.match_method("Client visits to our sites", extra)
    assert (m.method_id, m.by_words) == ("trust.social_activities", False)
    assert tx.match_method("Site visits").by_words is False


def test_the_labelled_set_is_read_with_full_precision_and_at_least_95_percent_recall():
    rows = label_matching.labelled_variants()
    score = label_matching.matcher_score(rows)
    assert score.variants >= 150 and score.negatives >= 50
    assert {r["expected"] for r in rows if r["expected"]} == set(tx.METHOD_IDS)
    assert score.wrong == ()
    assert score.precision == 1.0
    assert score.recall >= 0.95, score.missed


def test_the_scorer_counts_wrong_and_missed_labels():
    rows = [{"label": "Site visits", "expected": "trust.site_visits", "kind": ""},
            {"label": "Staff training", "expected": "trust.site_visits", "kind": ""},
            {"label": "Meeting", "expected": "risk.trials", "kind": ""},
            {"label": "Call", "expected": "", "kind": ""}]
    score = label_matching.matcher_score(rows)
    assert (score.variants, score.negatives, score.right) == (3, 1, 1)
    assert score.wrong == (("Staff training", "trust.site_visits", "technical.staff_training"),)
    assert score.missed == (("Meeting", "risk.trials", ""),)
    assert (score.precision, score.recall) == (0.5, 1 / 3)
