"""The deck's slides: how many, heatmaps over slides of ten clients, and speaker notes and key
figures carrying the numbers (hand-computed in tests/datasets.py)."""

from __future__ import annotations

import math

import pytest

from kam_analytics.exports import pack as pack_module
from kam_analytics.exports import slides
from tests import packs


@pytest.mark.parametrize(("options", "expected"), [
    ({}, 13),   # cover, 2 heatmaps (20 clients), quadrant, top cells, what changed (the sample
                # has 2026Q1 and 2026Q2 before 2026Q3), relationship health, mix, client
                # economics, 3 clients, appendix
    ({"client_slides": 0}, 10),
    ({"quarter": "2026Q2", "client_slides": 0}, 10),  # 2026Q2 against 2026Q1
    ({"quarter": "2026Q1", "client_slides": 0}, 9),  # nothing before 2026Q1: no What changed
    ({"scope": "top", "top": 5, "sections": ("heatmap",)}, 2),
    ({"sections": ()}, 1),
    ({"scope": "top", "top": 4, "client_slides": 9, "sections": ("clients",)}, 5),
])
def test_slide_count_matches_the_slides(seeded_db, options, expected):
    pack = packs.store_pack(seeded_db, **options)
    assert slides.slide_count(pack) == expected
    assert len(slides.slides(pack)) == expected


def test_heatmap_runs_over_slides_of_ten_clients(seeded_db):
    pack = packs.store_pack(seeded_db, sections=("heatmap",))
    heatmaps = slides.slides(pack)[1:]
    assert [s.title for s in heatmaps] == [
        "Where the money goes: client by method (1 of 2)",
        "Where the money goes: client by method (2 of 2)"]
    shown = [list(s.figure.data[0].y) for s in heatmaps]
    assert shown == [pack.clients[:10], pack.clients[10:]]


# ---- notes carry the numbers (hand-computed in tests/datasets.py) -----------------------------

def test_notes_carry_the_numbers_behind_each_chart(small_db):
    pack = packs.store_pack(small_db, client_slides=1)
    notes = {s.title: s.notes for s in slides.slides(pack)}
    cover = notes["Key-account relationships: cost versus value"]
    # 5,900 + 290 + 120; money 5,200 (1,234.50 + 3,000 + 765.50 + 200 + 0); 18.5 h at 60.
    assert ("Total cost 6,310 EUR: money spent 5,200 EUR plus managers' time 1,110 EUR "
            "(18 hours at 60 EUR per hour).") in cover
    acme = notes["Acme Ltd: cost versus value"]
    assert "Staff training: 2,600 EUR, 10.0 hours, value 4.5, Strategic." in acme
    assert "Site visits: 3,300 EUR, 5.0 hours, value 2.0, Overinvested." in acme
    quadrant = notes["Cost versus value: every client and method"]
    assert "Overinvested: 1 cells, 3,300 EUR (52%)." in quadrant
    assert "Unrated: 1 cells, 290 EUR (5%)." in quadrant
    mix = notes["Strategy mix: each client's cost by strategy"]
    assert "Acme Ltd: 5,900 EUR — Personal trust 56%, Technical support 44%." in mix


def test_client_slide_key_figures(small_db):
    pack = packs.store_pack(small_db, client_slides=1)
    facts = dict(slides.slides(pack)[-2].facts)
    assert facts == {
        "Total cost": "5,900 EUR", "Money and managers' time": "5,000 EUR + 900 EUR",
        "Manager hours": "15", "Methods used": "2", "Mean value (1-5)": "3.2",
        "Spend overinvested": "56%", "Manager": "Ann", "Segment": "—"}


def test_strategy_mix_runs_over_slides_of_twenty_clients_at_most_forty(tmp_path):
    # 45 clients, client k spending 100 x k: one strategy-mix chart of all of them was as tall
    # as 45 rows (200 clients: 8,500 px). Two slides of 20, the 40 largest, and a note.
    rows = "".join(f"2026-07-01,Client {k:02d},Site visits,{100 * k},0,3\n"
                   for k in range(1, 46))
    db = packs.store_from_csv(tmp_path / "kam.duckdb",
                              ("Date,Client,Method,Cost,Hours,Value\n" + rows).encode())
    pack = packs.store_pack(db, sections=("strategy_mix",))
    mixes = slides.slides(pack)[1:]
    assert slides.slide_count(pack) == len(mixes) + 1 == 3
    assert [s.title for s in mixes] == [
        "Strategy mix: each client's cost by strategy (1 of 2)",
        "Strategy mix: each client's cost by strategy (2 of 2)"]
    assert [list(s.figure.layout.yaxis.categoryarray) for s in mixes] == [
        [f"Client {k:02d}" for k in range(45, 25, -1)],
        [f"Client {k:02d}" for k in range(25, 5, -1)]]
    assert all(s.subtitle.endswith("The 40 largest of 45 clients are shown.") for s in mixes)
    assert "Client 45: 4,500 EUR" in mixes[0].notes and "Client 05" not in mixes[1].notes
    # 20 rows of 28 px and the title, legend and axis: the same height on both slides
    assert mixes[0].figure.layout.height == mixes[1].figure.layout.height < 1000


# ---- what changed since the quarter before (hand-computed in tests/analysis/test_compare.py) --

@pytest.fixture(scope="module")
def two_quarters_db(tmp_path_factory):
    from tests.analysis.test_compare import ROWS

    return packs.store_from_csv(tmp_path_factory.mktemp("two") / "kam.duckdb", ROWS.encode())


def test_the_what_changed_slide_names_the_moves_and_the_totals(two_quarters_db):
    # At the store's 60 an hour: Acme x Site visits 1,000 + 2 h = 1,120 in 2026Q2, 1,500 + 1 h
    # = 1,560 in 2026Q3, value 4 then 1: strategic then overinvested (2026Q3's thresholds:
    # cost 500, the median of 1,560 500 360 700 100; value 2). Every client: 2026Q2's total
    # 1,120 + 500 + 360 + 200 (Oldco, gone since) = 2,180, 2026Q3's 3,220: +1,040; mean value
    # (4 + 2 + 5 + 3) / 4 = 3.5 before.
    pack = packs.store_pack(two_quarters_db, sections=("changes",))
    [cover, change] = slides.slides(pack)
    assert change.title == "What changed since 2026Q2"
    assert change.subtitle == ("Total cost 3,220 EUR (+1,040 since 2026Q2) · mean value 2.8 "
                               "(was 3.5) · 1 cells moved between quadrants · 1 new clients, "
                               "1 gone")
    (into_caption, _, into), (out_caption, _, out) = change.tables
    assert into_caption == "Moved into overinvested: the 1 costliest"
    assert into.values.tolist() == [["Acme", "Site visits", "Strategic", "Overinvested",
                                     "1,120", "1,560", "+440"]]
    assert out.empty


def _words(pack) -> set[str]:
    """Return every word of the pack's slides: titles, subtitles, notes and table cells."""
    text = " ".join([s.title + s.subtitle + s.notes for s in slides.slides(pack)]
                    + [str(f.values.tolist()) for s in slides.slides(pack) for _, _, f in s.tables])
    return set(text.replace(",", " ").replace("'", " ").split())


def test_an_anonymised_pack_never_names_a_gone_client(two_quarters_db):
    pack = packs.store_pack(two_quarters_db, anonymise=True, sections=("changes",))
    assert not {"Acme", "Beta", "Newco", "Oldco"} & _words(pack)
    assert "Oldco" not in pack.change["client"].tolist() and pack.gone_clients == 1


def test_a_pack_of_some_clients_counts_their_cells_alone(two_quarters_db):
    # Acme alone: 1,120 + 500 = 1,620 before, 1,560 + 500 = 2,060 now: +440
    pack = packs.store_pack(two_quarters_db, scope="selection", clients=("Acme",),
                            sections=("changes",))
    assert pack.change_totals["total_cost_change"] == pytest.approx(440)
    assert set(pack.change["client"]) == {"Acme"}


def test_the_budget_what_if_slide_shows_the_move_and_its_best_cells(two_quarters_db):
    # 2026Q3 at the store's 60 an hour (see above): overinvested Acme x Site visits 1,560 and
    # Newco x Free trials 700 (value 1 each); efficient Acme x Staff training 500 (value 2),
    # Beta x Credit 360 and Beta x Site visits 100 (value 5). 10 % of 2,260 = 226 moved: the
    # cut cells x 0.9, the grown ones x (1 + 226 / 960). At an elasticity of 0.5, Staff
    # training's value 2 x sqrt(1 + 226 / 960) = 2.2230, gained on 117.71 moved: +1.894 per
    # 1,000; the value-5 cells stay at 5 and the value-1 cells at 1 (the scale's ends).
    # Spend-weighted value: 5,560 / 3,220 = 1.73 before; after, 1,404 + 630 (value 1) +
    # 617.71 x 2.2230 + (444.75 + 123.54) x 5 = 6,248.6 over 3,220 = 1.94.
    move = pack_module.BudgetMove(share=0.10, elasticity=0.5)
    pack = packs.store_pack(two_quarters_db, sections=("whatif",), move=move)
    [cover, slide] = slides.slides(pack)
    assert slides.slide_count(pack) == 2
    grow = 1 + 226 / 960
    after = pack.moved.set_index(["client", "method_label"])
    assert after.loc[("Acme", "Site visits"), "total_cost_after"] == pytest.approx(1404)
    assert after.loc[("Newco", "Free or discounted trials"), "total_cost_after"] == (
        pytest.approx(630))
    assert after.loc[("Beta", "Credit"), "total_cost_after"] == pytest.approx(360 * grow)
    assert after.loc[("Beta", "Site visits"), "total_cost_after"] == pytest.approx(100 * grow)
    assert after.loc[("Acme", "Staff training"), "value_after"] == pytest.approx(
        2 * math.sqrt(grow))
    assert slide.title == "Budget what-if: 10% from Overinvested to Efficient"
    assert slide.subtitle == ("Moves 226 EUR from 2 cells to 3 cells · spend-weighted value "
                              "1.7 → 1.9. An estimate under the model in the notes, not a "
                              "forecast.")
    (grow_caption, _, grows), (cut_caption, _, cuts) = slide.tables
    assert grow_caption == "Grow first: the 3 that gain the most value per 1,000"
    assert grows.values.tolist()[0] == ["Acme", "Staff training", "500", "618", "2.00", "2.22",
                                        "+1.894"]
    assert sorted(cuts.iloc[:, 0]) == ["Acme", "Newco"]
    assert "0.50 is the figure you chose." in slide.notes
    assert "An estimate, not a forecast." in slide.notes


def test_the_what_if_slide_is_asked_for_and_names_no_one_when_anonymised(two_quarters_db):
    assert packs.store_pack(two_quarters_db).moved is None  # not in a pack unless asked
    pack = packs.store_pack(two_quarters_db, anonymise=True, sections=("whatif",))
    assert not {"Acme", "Beta", "Newco", "Oldco"} & _words(pack)
    # no elasticity chosen: five cells in two quarters cannot fit one, so 0.3 is assumed
    assert "0.30 is an assumption: only" in pack.move_model


@pytest.mark.parametrize(("move", "message"), [
    ({"cut": ("efficient",), "grow": ("efficient",)}, "same quadrant"),
    ({"share": 1.5}, "moves 150% of the cost"),
    ({"elasticity": 2.0}, "The elasticity 2 is outside 0-1"),
])
def test_a_what_if_that_cannot_be_made_says_why(two_quarters_db, move, message):
    with pytest.raises(pack_module.PackError, match=message):
        packs.store_pack(two_quarters_db, sections=("whatif",),
                         move=pack_module.BudgetMove(**move))


def test_the_economics_slide_carries_the_curve_and_each_clients_figures(tmp_path):
    # The store of tests/pages/test_economics.py, its figures by hand there; Eve, listed but
    # without interactions this quarter, is outside the pack.
    pack = packs.store_pack(packs.store_with_margins(tmp_path / "kam.duckdb"),
                            sections=("economics",))
    assert slides.slide_count(pack) == 2
    _, slide = slides.slides(pack)
    assert slide.title == "Client economics: the whale curve"
    curve = slide.figure.data[-1]
    assert list(curve.y) == [181_400, 170_800]  # Acme 181,400, then Bolt -10,600
    notes = slide.notes.splitlines()
    assert "Peak 181,400 EUR after 1 of 2 clients; all of them: 170,800 EUR." in notes[0]
    assert notes[1:] == [
        "  1. Acme: margin 200,000 EUR, relationship cost 18,600 EUR (9% of margin), profit "
        "after cost 181,400 EUR.",
        "  2. Bolt: margin 30,000 EUR, relationship cost 40,600 EUR (135% of margin), profit "
        "after cost -10,600 EUR.",
        "Without a margin, left out of the curve (1): Dune."]
# ---- relationship health (the log of tests/analysis/test_health.py, figures by hand there) ----
@pytest.fixture(scope="module")
def health_db(tmp_path_factory):
    from tests.analysis.test_health import HEADER, ROWS

    return packs.store_from_csv(tmp_path_factory.mktemp("health") / "kam.duckdb",
                                "\n".join([HEADER, *ROWS]).encode())


def test_the_health_slide_names_the_clients_in_the_red_and_the_rules_they_break(health_db):
    pack = packs.store_pack(health_db, quarter="2026Q1", sections=("health",))
    [_, slide] = slides.slides(pack)
    assert slide.title == "Relationship health: the rules broken, 2026Q1"
    assert slide.subtitle == ("3 clients in the red, 0 amber, 0 green, 0 not measured (each "
                              "client's worst measure)")
    (caption, _, red), (open_caption, _, still_open) = slide.tables
    assert caption == "Clients in the red: 3, the worst first"
    # Acme: 3 reds (promises, the slowest tenth's response, agreements in writing); Calm: 2
    # (contacts, no roles); Beta: 1 (no roles).
    assert red.iloc[:, 0].tolist() == ["Acme", "Calm", "Beta"]
    assert red.iloc[:, 2].tolist() == ["Do 2; Do 3; Do 4", "Do 1", "Do 1"]
    # (two measures a client on the slide, the rest counted; every one is in the notes)
    assert red.iloc[0, 3] == ("Promises kept 25%; Response time (slowest tenth) 216 h; "
                              "and 1 more")
    # Open at 2026-04-01: the promise due 03-10 (22 days), the complaint of 03-20 (12 days).
    assert open_caption == "Problems and late deliveries open: 2, the oldest first"
    assert still_open.values.tolist() == [["Acme", "Late delivery", "2026-03-10", "22"],
                                          ["Acme", "Complaint", "2026-03-20", "12"]]
    assert "Acme · Promises kept: 25% of 4 promises · ✖ Red · Do 2: agree only" in slide.notes


def test_an_anonymised_health_slide_names_nobody(health_db):
    pack = packs.store_pack(health_db, quarter="2026Q1", sections=("health",), anonymise=True)
    [_, slide] = slides.slides(pack)
    shown = slide.notes + "".join(f.to_csv() for _, _, f in slide.tables)
    assert not [n for n in ("Acme", "Beta", "Calm") if n in shown]
    assert "Client A" in shown


def test_no_health_slide_where_the_quarter_gives_no_health_column(small_db):
    pack = packs.store_pack(small_db, sections=("health",))
    assert pack.health is None and slides.slide_count(pack) == len(slides.slides(pack)) == 1
