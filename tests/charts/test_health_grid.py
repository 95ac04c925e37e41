"""The status grid as HTML: every text escaped, each cell's status as a mark and a tint, rows
marked for a click only where they open something."""

from __future__ import annotations

from kam_analytics.charts.health_grid import TINTS, status_grid_html
from kam_analytics.exports.health_table import StatusGrid


def _grid(name: str = "Acme") -> StatusGrid:
    return StatusGrid("Client", [name], ["Overall", "Promises kept"], [["red", "green"]],
                      [["✖ Red", "✔ 100%"]], [["1 red", "Promises kept: 100% of 2"]])


def test_cells_carry_their_mark_tint_and_hover_text():
    html = status_grid_html(_grid())
    assert f'background:{TINTS["red"]}' in html and f'background:{TINTS["green"]}' in html
    assert ">✖ Red</td>" in html and 'data-tip="Promises kept: 100% of 2"' in html
    assert '<tr data-row="0">' in html and 'tabindex="0"' in html


def test_names_are_escaped_and_rows_that_open_nothing_are_not_marked():
    html = status_grid_html(_grid('<script>alert("x")</script>'), clickable=False)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "data-row" not in html
