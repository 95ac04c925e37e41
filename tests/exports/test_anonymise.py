"""Aliases: letters, order by spend, every name column replaced, the key safe to open."""

import csv
import io

import pandas as pd
import pytest

from kam_analytics.exports import anonymise


@pytest.mark.parametrize(("index", "expected"), [
    (0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"),
    (701, "ZZ"), (702, "AAA"),
])
def test_alias_letters(index, expected):
    assert anonymise.alias_letters(index) == expected


def test_alias_letters_refuses_negative():
    with pytest.raises(ValueError):
        anonymise.alias_letters(-1)


def _cells() -> pd.DataFrame:
    # client, manager, total_cost per cell: Big 500 (two cells), Mid 300, Tie-b 100, Tie-a 100.
    return pd.DataFrame({
        "client": ["Mid", "Big", "Big", "Tie-b", "Tie-a"],
        "manager": ["Ann", "Bob", "Bob", "Ann", None],
        "total_cost": [300.0, 200.0, 300.0, 100.0, 100.0],
        "method": ["m1", "m1", "m2", "m1", "m1"],
    })


def test_aliases_follow_spend_then_name():
    names = anonymise.aliases(_cells())
    expected_clients = {"Big": "Client A", "Mid": "Client B", "Tie-a": "Client C",
                        "Tie-b": "Client D"}
    # Bob's clients spend 500, Ann's 300 + 100; a missing manager gets no alias.
    expected_managers = {"Bob": "Manager A", "Ann": "Manager B"}
    assert names.clients == expected_clients
    assert names.managers == expected_managers


def test_aliased_replaces_client_and_manager_and_keeps_the_rest():
    cells = _cells()
    out = anonymise.aliased(cells, anonymise.aliases(cells))
    assert out["client"].tolist() == ["Client B", "Client A", "Client A", "Client D", "Client C"]
    assert out["manager"].tolist()[:4] == ["Manager B", "Manager A", "Manager A", "Manager B"]
    assert pd.isna(out["manager"].iloc[4])
    pd.testing.assert_series_equal(out["total_cost"], cells["total_cost"])
    assert cells["client"].tolist()[0] == "Mid"  # the input is not mutated


def test_aliased_refuses_a_name_without_alias():
    names = anonymise.aliases(_cells())
    other = pd.DataFrame({"client": ["Stranger"], "total_cost": [1.0]})
    with pytest.raises(KeyError):
        anonymise.aliased(other, names)


def test_twenty_eight_clients_run_past_z():
    cells = pd.DataFrame({"client": [f"c{i:02d}" for i in range(28)],
                          "total_cost": [1000.0 - i for i in range(28)]})
    names = anonymise.aliases(cells)
    assert names.clients["c25"] == "Client Z"
    assert names.clients["c26"] == "Client AA"
    assert names.clients["c27"] == "Client AB"


@pytest.mark.parametrize(("text", "expected"), [
    ("Source: big_q3.xlsx", "Source: Client A_q3.xlsx"),
    ("BIG and Mid Corp.csv", "Client A and Client B Corp.csv"),
    ("Mid Corp report", "Client B Corp report"),
    ("nothing here", "nothing here"),
])
def test_scrubbed_replaces_names_in_any_case(text, expected):
    assert anonymise.scrubbed(text, {"Big": "Client A", "Mid": "Client B"}) == expected


def test_scrubbed_prefers_the_longest_name():
    names = {"Acme": "Client B", "Acme Holdings": "Client A"}
    assert anonymise.scrubbed("acme holdings.xlsx", names) == "Client A.xlsx"


def test_alias_key_is_formula_safe_csv():
    cells = pd.DataFrame({"client": ['=HYPERLINK("http://x","y")', "Plain"],
                          "manager": ["@boss", "-Ann"], "total_cost": [10.0, 5.0]})
    key = anonymise.aliases(cells).key_csv()
    rows = list(csv.reader(io.StringIO(key.decode("utf-8-sig"))))
    assert rows[0] == ["Kind", "Alias", "Real name"]
    by_alias = {r[1]: r[2] for r in rows[1:]}
    assert by_alias["Client A"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert by_alias["Client B"] == "Plain"
    assert by_alias["Manager A"] == "'@boss"
    assert by_alias["Manager B"] == "'-Ann"
