import pytest

from kam_analytics import taxonomy as tx


def test_five_strategies_and_26_unique_methods():
    assert len(tx.STRATEGIES) == 5
    assert len(tx.METHODS) == 26
    assert len(set(tx.METHOD_IDS)) == 26
    assert {m.strategy for m in tx.METHODS} == set(tx.STRATEGY_IDS)


def test_method_counts_per_strategy_follow_the_source():
    counts = {s: sum(m.strategy == s for m in tx.METHODS) for s in tx.STRATEGY_IDS}
    assert counts == {"trust": 6, "technical": 4, "resource": 4, "service": 5, "risk": 7}


def test_every_label_and_synonym_resolves_to_its_own_method():
    for m in tx.METHODS:
        for label in (m.id, m.short_id, m.label_en, m.label_ru, *m.synonyms):
            assert tx.match_method(label).method_id == m.id, label


def test_no_synonym_is_shared_by_two_methods():
    seen: dict[str, str] = {}
    for m in tx.METHODS:
        for label in {tx.normalise_label(x) for x in (m.id, m.label_en, m.label_ru, *m.synonyms)}:
            assert seen.setdefault(label, m.id) == m.id, label


def test_every_strategy_has_a_distinct_colour_and_both_labels():
    assert len({s.colour for s in tx.STRATEGIES}) == 5
    assert all(s.label_en and s.label_ru and s.goal_en and s.goal_ru for s in tx.STRATEGIES)


@pytest.mark.parametrize("label, expected", [
    ("Staff training", "technical.staff_training"),
    ("  STAFF   training. ", "technical.staff_training"),
    ("JIT delivery", "service.fast_delivery"),
    ("Подготовка персонала", "technical.staff_training"),
    ("подготовка   персонала!", "technical.staff_training"),
    ("Двойные продажи", "technical.dual_selling"),
    ("Надёжная доставка", "service.reliable_delivery"),
    ("Надежная доставка", "service.reliable_delivery"),
    ("trust.site_visits", "trust.site_visits"),
    ("site_visits", "trust.site_visits"),
    ("R&D cooperation", "technical.joint_rnd"),
    ("Reference selling", "risk.reference_selling"),
    ("оперативная доставка или доставка «точно в срок»", "service.fast_delivery"),
])
def test_matcher_recognises_what_users_type(label, expected):
    assert tx.match_method(label).method_id == expected


@pytest.mark.parametrize("label, suggested", [
    ("Site visitz", "trust.site_visits"),  # the last letter changed: another word, maybe
    ("Подготовка персонала и обед", "technical.staff_training"),
    ("Staff training and lunch", "technical.staff_training"),
])
def test_near_misses_are_unknown_with_the_right_suggestion(label, suggested):
    m = tx.match_method(label)
    assert m.method_id is None
    assert m.suggestions[0] == suggested


@pytest.mark.parametrize("label", ["", "Lunch", "Personal trust", "12345", "Training and lunch"])
def test_matcher_never_guesses(label):
    assert tx.match_method(label).method_id is None


def test_saved_mappings_extend_the_matcher():
    extra = {tx.normalise_label("Lunch with buyer"): "trust.social_activities"}
    assert tx.match_method("lunch with BUYER", extra).method_id == "trust.social_activities"


@pytest.mark.parametrize("label", ["Игра в гольф с директором", "Lunch"])
def test_far_labels_get_no_suggestion(label):
    assert tx.match_method(label).suggestions == ()


def test_a_clear_near_miss_gets_only_its_method():
    assert tx.match_method("Site visitz").suggestions == ("trust.site_visits",)
