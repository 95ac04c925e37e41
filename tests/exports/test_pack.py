"""The board pack: the latest quarter by default, every client, the top N or a selection, with
the whole portfolio's thresholds, and errors that say what is wrong."""

from __future__ import annotations

import pytest

from kam_analytics import cli
from kam_analytics.exports.pack import DEFAULT_CLIENT_SLIDES, SECTIONS, PackError
from tests import packs


@pytest.fixture(scope="module")
def sample_names(seeded_db) -> tuple[list[str], list[str]]:
    return packs.sample_names(seeded_db)


def test_pack_defaults_to_the_latest_quarter_and_every_client(seeded_db, sample_names):
    pack = packs.store_pack(seeded_db)
    assert pack.quarter == "2026Q3"
    assert sorted(pack.clients) == sorted(sample_names[0])
    assert pack.scope_label == "All 20 clients"
    assert pack.aliases is None


def test_top_n_keeps_the_largest_spenders(seeded_db):
    everyone = packs.store_pack(seeded_db)
    top = packs.store_pack(seeded_db, scope="top", top=5)
    assert top.clients == everyone.clients[:5]
    assert top.scope_label == "Top 5 clients by total cost"
    # Quadrants and thresholds stay those of the whole portfolio.
    assert (top.cost_threshold, top.value_threshold) == (everyone.cost_threshold,
                                                         everyone.value_threshold)


def test_selection_keeps_only_the_chosen(seeded_db):
    pack = packs.store_pack(seeded_db, scope="selection", clients=("Northwind Foods",),
                       quarter="2026Q2")
    assert pack.quarter == "2026Q2"
    assert pack.clients == ["Northwind Foods"]
    assert pack.scope_label == "Northwind Foods"
    assert set(pack.matrix["client"]) == {"Northwind Foods"}
    assert set(pack.strategy_matrix["client"]) == {"Northwind Foods"}


@pytest.mark.parametrize(("options", "message"), [
    ({"quarter": "2031Q1"}, "No data for 2031Q1. Quarters with data: 2026Q1, 2026Q2, 2026Q3."),
    ({"scope": "selection", "clients": ("Nobody Ltd",)},
     "No client named 'Nobody Ltd' in 2026Q3. Check the spelling."),
    ({"scope": "selection"}, "Choose at least one client."),
    ({"scope": "top", "top": 0}, "The number of top clients must be 1 or more."),
])
def test_pack_errors_say_what_is_wrong(seeded_db, options, message):
    with pytest.raises(PackError) as err:
        packs.store_pack(seeded_db, **options)
    assert str(err.value) == message


def test_cli_choices_are_the_decks():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["deck"]
    sections = next(a for a in sub._actions if a.dest == "sections")
    slides = next(a for a in sub._actions if a.dest == "client_slides")
    assert tuple(sections.choices) == SECTIONS
    assert slides.default == DEFAULT_CLIENT_SLIDES


# ---- client economics (the store of tests/pages/test_economics.py) -------------------------------
@pytest.fixture
def margins_db(tmp_path):
    return packs.store_with_margins(tmp_path / "kam.duckdb")


def test_the_packs_economics_are_its_clients_alone(margins_db):
    everyone = packs.store_pack(margins_db)
    # Eve is listed with a margin but has no interaction this quarter: outside the pack
    assert everyone.economics["client"].tolist() == ["Acme", "Bolt", "Dune"]
    assert everyone.economics.set_index("client")["profit_after_cost"].to_dict()["Acme"] == \
        pytest.approx(200_000 - 18_600)
    top = packs.store_pack(margins_db, scope="top", top=1)  # Bolt spends most: 40,600
    assert top.economics["client"].tolist() == ["Bolt"]
    assert packs.store_pack(margins_db, sections=("heatmap",)).economics is None
    # a pack of clients none of whom has a margin has no economics
    dune = packs.store_pack(margins_db, scope="selection", clients=("Dune",))
    assert dune.economics is None


def test_anonymised_economics_name_nobody(margins_db):
    pack = packs.store_pack(margins_db, anonymise=True)
    real = {"Acme", "Bolt", "Dune", "Eve", "Ann", "Ben"}
    assert not real & (set(pack.economics["client"]) | set(pack.economics["manager"]))
    assert pack.economics["client"].tolist() == ["Client B", "Client A", "Client C"]
