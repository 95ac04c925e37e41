"""Budget what-if computed by hand on five cells.

    cell   total cost   value   quadrant       with 10 % of the cut cells' 4,000 moved (400)
    A         1,000       2     overinvested   cut:  x 0.9 -> 900
    B         3,000       2     overinvested   cut:  x 0.9 -> 2,700
    C           500       4     efficient      grow: x 1.2 -> 600  (400 over the grown 2,000)
    D         1,500       5     efficient      grow: x 1.2 -> 1,800
    E           800       -     unrated        kept

At an elasticity of 0.5: A and B 2 x 0.9^0.5 = 1.8974; C 4 x 1.2^0.5 = 4.3818; D 5 x 1.2^0.5
= 5.4772, kept at 5.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kam_analytics.analysis import whatif


@pytest.fixture
def cells() -> pd.DataFrame:
    return pd.DataFrame({
        "client": ["Acme", "Beta", "Acme", "Beta", "Gamma"],
        "method": ["m1", "m2", "m3", "m4", "m5"],
        "total_cost": [1000.0, 3000.0, 500.0, 1500.0, 800.0],
        "value": [2.0, 2.0, 4.0, 5.0, np.nan],
        "quadrant": ["overinvested", "overinvested", "efficient", "efficient", "unrated"],
    })


def move(cells, **how):
    return whatif.budget_move(cells, cells["quadrant"] == "overinvested",
                              cells["quadrant"] == "efficient", elasticity=0.5, **how)


def test_money_comes_off_the_cut_cells_and_goes_to_the_grown_in_proportion(cells):
    out = move(cells, share=0.10)
    assert out["total_cost_after"].tolist() == pytest.approx([900, 2700, 600, 1800, 800])
    assert out["cost_moved"].tolist() == pytest.approx([-100, -300, 100, 300, 0])
    assert out["action"].tolist() == ["cut", "cut", "grow", "grow", "keep"]


def test_value_answers_spend_with_diminishing_returns_within_the_scale(cells):
    out = move(cells, share=0.10)
    expected = [2 * math.sqrt(0.9), 2 * math.sqrt(0.9), 4 * math.sqrt(1.2), 5.0]
    assert out["value_after"].iloc[:4].tolist() == pytest.approx(expected)
    assert math.isnan(out["value_after"].iloc[4])  # unrated stays unknown


def test_the_summary_moves_money_without_adding_any(cells):
    summary = whatif.move_summary(move(cells, share=0.10))
    assert summary["moved"] == pytest.approx(400)
    assert summary["total_cost"] == summary["total_cost_after"] == pytest.approx(6800)
    assert summary["weighted_value"] == pytest.approx(
        (2 * 1000 + 2 * 3000 + 4 * 500 + 5 * 1500) / 6000)
    assert summary["weighted_value_after"] == pytest.approx(
        (2 * math.sqrt(0.9) * 900 + 2 * math.sqrt(0.9) * 2700 + 4 * math.sqrt(1.2) * 600
         + 5 * 1800) / 6000)


def test_an_amount_is_capped_at_what_the_cut_cells_cost(cells):
    out = move(cells, amount=10_000)
    assert out["total_cost_after"].tolist() == pytest.approx([0, 0, 1500, 4500, 800])
    assert out["value_after"].iloc[:2].tolist() == [1.0, 1.0]  # cut to nothing: the bottom


def test_per_client_and_the_ranked_recommendations(cells):
    out = move(cells, share=0.10)
    clients = whatif.client_effect(out)
    beta = clients.set_index("client").loc["Beta"]
    assert (beta["total_cost"], beta["total_cost_after"]) == pytest.approx((4500, 4500))
    assert beta["value_after"] == pytest.approx((2 * math.sqrt(0.9) + 5) / 2)
    assert "Gamma" not in clients["client"].tolist()  # not touched
    ranked = whatif.recommendations(out)
    # grows first, most value per 1,000 first: C gains 0.3818 for 100 (3.818 per 1,000), D
    # nothing (already 5); then cuts, least loss per 1,000 first: B loses 0.1026 for 300
    # (0.342), A the same for 100 (1.026)
    assert ranked["method"].tolist() == ["m3", "m4", "m2", "m1"]
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    assert ranked["value_change_per_1000"].iloc[0] == pytest.approx(
        (4 * math.sqrt(1.2) - 4) / 100 * 1000)


def test_bad_questions_are_refused(cells):
    with pytest.raises(ValueError, match="not both"):
        move(cells, share=0.1, amount=5)
    with pytest.raises(ValueError, match="both cut and grown"):
        whatif.budget_move(cells, cells["total_cost"] > 0, cells["total_cost"] > 0,
                           share=0.1, elasticity=0.5)


def history(pairs: int, elasticity: float) -> pd.DataFrame:
    rows = []
    for i in range(pairs):
        ratio = 1.5 if i % 2 else 0.6
        rows += [{"quarter": "2026Q2", "client": f"C{i}", "method": "m", "total_cost": 1000.0,
                  "value": 3.0},
                 {"quarter": "2026Q3", "client": f"C{i}", "method": "m",
                  "total_cost": 1000.0 * ratio, "value": 3.0 * ratio ** elasticity}]
    return pd.DataFrame(rows)


def test_the_elasticity_is_fitted_from_cells_seen_in_two_quarters():
    fitted = whatif.fitted_elasticity(history(24, 0.4))
    assert fitted.fitted and fitted.pairs == 24 and fitted.value == pytest.approx(0.4)


def test_too_few_cells_keep_the_assumption_and_say_how_many():
    fitted = whatif.fitted_elasticity(history(whatif.MIN_PAIRS - 1, 0.4))
    assert not fitted.fitted and fitted.pairs == whatif.MIN_PAIRS - 1
    assert fitted.value == whatif.ASSUMED_ELASTICITY
