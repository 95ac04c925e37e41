"""The deck's slides: how many, heatmaps over slides of ten clients, and speaker notes and key
figures carrying the numbers (hand-computed in tests/datasets.py)."""

from __future__ import annotations

import pytest

from kam_analytics.exports import slides
from tests import packs


@pytest.mark.parametrize(("options", "expected"), [
    ({}, 10),   # cover, 2 heatmaps (20 clients), quadrant, top cells, mix, 3 clients, appendix
    ({"client_slides": 0}, 7),
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
