"""The access file: roles by e-mail and by group, and a message naming the entry when a rule is
wrong (nobody is let in until it is fixed)."""

from __future__ import annotations

import pytest

from kam_analytics import access
from kam_analytics.store import EVERYONE, Scope

RULES = """
[[user]]
email = "Irina.Director@example.com"
role = "director"

[[user]]
email = "anna@example.com"
role = "manager"
managers = ["Anna Petrova"]

[[user]]
email = "two@example.com"
role = "manager"
managers = ["Tom Bradley", "James Carter"]

[[group]]
name = "finance"
role = "analyst"

[[group]]
name = "sales-directors"
role = "director"
"""


@pytest.fixture
def rules(tmp_path) -> access.AccessRules:
    path = tmp_path / "access.toml"
    path.write_text(RULES, encoding="utf-8")
    return access.read_rules(path)


def test_each_role_sees_what_it_may(rules):
    director = rules.viewer_for("irina.director@EXAMPLE.com")  # e-mails in any case
    assert (director.role, director.scope, director.anonymised) == ("director", EVERYONE, False)
    assert director.imports and not director.local
    anna = rules.viewer_for("anna@example.com")
    assert (anna.role, anna.scope, anna.anonymised) == (
        "manager", Scope(frozenset({"Anna Petrova"})), False)
    assert not anna.imports
    assert rules.viewer_for("two@example.com").scope == Scope(
        frozenset({"Tom Bradley", "James Carter"}))


def test_groups_after_the_email_and_nobody_else(rules):
    analyst = rules.viewer_for("fin@example.com", ["staff", "finance"])
    assert (analyst.role, analyst.scope, analyst.anonymised) == ("analyst", EVERYONE, True)
    # the e-mail's own rule wins over a group's
    assert rules.viewer_for("anna@example.com", ["sales-directors"]).role == "manager"
    assert rules.viewer_for("stranger@example.com", ["staff"]) is None
    assert rules.viewer_for("", ["finance"]) is None  # a group needs someone signed in
    assert rules.viewer_for(None) is None


def test_no_file_means_no_rules(tmp_path):
    assert access.read_rules(tmp_path / "none.toml") is None


def test_the_local_user_is_a_director_of_everything():
    assert access.LOCAL.local and access.LOCAL.role == "director"
    assert access.LOCAL.scope == EVERYONE and not access.LOCAL.anonymised


@pytest.mark.parametrize(("text", "says"), [
    ('[[user]]\nemail = "a@b.c"\nrole = "boss"\n',
     "[[user]] entry number 1 has the role 'boss': the role must be one of director, "
     "manager, analyst."),
    ('[[user]]\nemail = "a@b.c"\nrole = "manager"\n',
     "[[user]] entry number 1 gives a@b.c the role manager without managers"),
    ('[[group]]\nrole = "analyst"\n', "[[group]] entry number 1 has no name."),
    ('[[user]]\nemail = "a@b.c"\nrole = "director"\nteam = "x"\n',
     "has keys it does not know: team"),
    ('[[user]]\nemail = "a@b.c"\nrole = "director"\n[[user]]\nemail = "A@b.c"\n'
     'role = "analyst"\n', "lists the user A@b.c twice"),
    ('[users]\nemail = "a@b.c"\n', "has sections it does not know: users"),
    ('user = "a@b.c"\n', "has user written once: write each as [[user]]"),
    ('[[user]\nemail = "a@b.c"\n', "is not valid TOML"),
    ('[[user]]\nemail = "a@b.c"\nrole = "manager"\nmanagers = "Anna"\n',
     'has managers that are not a list of names, e.g. ["Anna Petrova"].'),
])
def test_a_wrong_rule_is_named_and_lets_nobody_in(tmp_path, text, says):
    path = tmp_path / "access.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(access.AccessFileError) as refused:
        access.read_rules(path)
    assert says in str(refused.value)
    assert str(path) in str(refused.value)


def test_the_access_file_is_found_by_its_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_ACCESS", str(tmp_path / "team.toml"))
    assert access.access_path() == tmp_path / "team.toml"
    monkeypatch.delenv("KAM_ACCESS")
    assert access.access_path().name == "access.toml"
