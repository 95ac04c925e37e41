"""The Budget what-if page in AppTest, on the two-quarter store of
tests/analysis/test_compare.py at the store's 60 an hour (2026Q3):

    Acme x Site visits 1,560 value 1 overinvested    Newco x Free trials 700 value 1 overinvested
    Acme x Staff training 500 value 2 efficient      Beta x Credit 360 value 5 efficient
    Beta x Site visits 100 value 5 efficient

15 % of the overinvested 2,260 is 339: they keep 0.85 of their cost, the efficient cells get
1 + 339 / 960. One cell changed spend between the quarters, too few to fit: elasticity 0.3.
"""

from __future__ import annotations

import json

from tests.pages.test_pages import app


def test_the_page_moves_15_percent_from_overinvested_to_efficient(two_quarters):
    at = app("pages/whatif.py")
    assert not at.exception, [e.value for e in at.exception]
    grow = 1 + 339 / 960
    after = {1560: (1.0, 1560 * 0.85), 700: (1.0, 700 * 0.85),  # 0.85 ** 0.3: kept at 1
             500: (2 * grow ** 0.3, 500 * grow), 360: (5.0, 360 * grow),
             100: (5.0, 100 * grow)}
    weighted = sum(v * c for v, c in after.values()) / 3220
    tiles = {m.label: (m.value, m.proto.delta) for m in at.metric}
    assert tiles["Money moved, EUR"][0] == "339"
    assert tiles["Total cost, EUR"][0] == "3,220"
    before = (1 * 1560 + 2 * 500 + 5 * 360 + 1 * 700 + 5 * 100) / 3220
    assert tiles["Value, spend-weighted"] == (f"{weighted:.2f}", f"{weighted - before:+.2f}")
    assert any("0.30 is an assumption: only 1 cells changed spend" in i.value for i in at.info)
    clients, ranked = (json.loads(c.proto.json) for c in at.get("bidi_component"))
    assert sorted(clients["clients"]) == ["Acme", "Beta", "Newco"]
    # grows first (Acme's staff training gains, Beta's cells are at 5 already), then cuts
    assert ranked["clients"][0] == "Acme" and ranked["clients"][-2:] in (
        ["Acme", "Newco"], ["Newco", "Acme"])


def test_nothing_to_move_says_so(two_quarters):
    at = app("pages/whatif.py")
    at.multiselect(key="w_cut").set_value(["strategic"]).run()
    assert not at.exception
    assert at.warning[0].value.startswith("No cell to take money from")
