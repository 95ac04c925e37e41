"""The heatmap as an HTML table: the figure's rows, columns, colours and hover, every name
escaped, a readable colour legend; checked against the small hand-built frame."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from kam_analytics import charts
from kam_analytics.charts import heatmap_html
from kam_analytics.charts.style import QUADRANT_COLOURS, UNRATED_FILL
from tests.charts.frames import CELLS, CLIENTS_BY_SPEND, CUR, METHOD_NAMES, cell_frame, heat


class _Table(HTMLParser):
    """Collects the column names, and per body row its name and cells' attributes."""

    def __init__(self):
        super().__init__()
        self.columns, self.rows, self._in, self._text = [], [], None, ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self._in = "body"
        elif tag == "tr" and self._in == "body":
            self.rows.append({"row": attrs["data-row"], "name": "", "cells": []})
        elif tag == "th" and attrs.get("class") == "rot":
            self._in, self._text = "column", ""
        elif tag == "th" and self._in == "body":
            self._in, self._text = "name", ""
        elif tag == "td" and self._in == "body":
            style = attrs.get("style") or ""
            self.rows[-1]["cells"].append({"colour": style.removeprefix("background:"),
                                           "class": attrs.get("class"),
                                           "tip": attrs.get("data-tip")})

    def handle_data(self, data):
        if self._in in ("column", "name"):
            self._text += data

    def handle_endtag(self, tag):
        if tag == "th" and self._in == "column":
            self.columns.append(self._text)
            self._in = None
        elif tag == "th" and self._in == "name":
            self.rows[-1]["name"] = self._text
            self._in = "body"


def table(frame: pd.DataFrame, metric: str = "total_cost") -> tuple[_Table, str]:
    grid = charts.heatmap_grid(frame, metric, currency=CUR)
    markup = heatmap_html.heatmap_html(grid, title="Heat", subtitle="All", currency=CUR)
    parsed = _Table()
    parsed.feed(markup)
    return parsed, markup


def rgb(colour: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", colour))


def many_methods(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return the hand-built frame with eight more methods for Gamma: names set at an angle."""
    from kam_analytics import taxonomy

    extra = [m.id for m in taxonomy.METHODS
             if m.id not in ("trust.promises_kept", "technical.staff_training", "risk.trials")]
    cells = CELLS + [("Gamma", m, 1, 10.0, 0.0, 3.0, "efficient") for m in extra[:8]]
    return cell_frame(cells)


def test_rows_by_spend_and_columns_as_on_the_figure(matrix):
    parsed, _ = table(many_methods(matrix))
    fig = heat(many_methods(matrix))
    assert [r["name"] for r in parsed.rows] == list(fig.data[0].y) == CLIENTS_BY_SPEND
    assert [r["row"] for r in parsed.rows] == ["0", "1", "2"]
    assert parsed.columns == list(fig.data[0].x)
    assert parsed.columns[0] == METHOD_NAMES[0] and len(parsed.columns) == 11


def test_cell_colours_are_the_scale_sampled_where_each_figure_falls(matrix):
    # total cost: Beta 4,000 and 1,000 (low and high), Alpha 1,600 and 1,400, Gamma 1,000.
    # Blues without its two palest: 7 colours at 0, 1/6 ... 1.
    parsed, _ = table(matrix)
    beta, alpha, gamma = (r["cells"] for r in parsed.rows)
    assert rgb(beta[0]["colour"]) == (8, 48, 107)      # the highest: the darkest blue
    assert rgb(beta[1]["colour"]) == (198, 219, 239)   # the lowest: the palest kept
    # 1,600 is at 0.2: a fifth of the way from (158, 202, 225) to (107, 174, 214), that is
    # (147.8, 196.4, 222.8), to whole units
    assert rgb(alpha[0]["colour"]) == (148, 196, 223)
    # 1,400 is at 0.1333: four fifths of the way from (198, 219, 239) to (158, 202, 225), that
    # is (166.0, 205.4, 227.8)
    assert rgb(alpha[2]["colour"]) == (166, 205, 228)
    assert rgb(gamma[1]["colour"]) == (198, 219, 239)


def test_unused_cells_are_blank_and_say_so(matrix):
    parsed, _ = table(matrix)
    alpha = parsed.rows[1]["cells"]
    assert alpha[1]["class"] == "e" and alpha[1]["colour"] == ""
    assert alpha[1]["tip"] == "<b>Alpha</b><br>Staff training: no interactions"


def test_a_used_cell_carries_the_figures_hover(matrix):
    parsed, _ = table(matrix)
    grid = charts.heatmap_grid(matrix, "total_cost", currency=CUR)
    assert parsed.rows[0]["cells"][0]["tip"] == grid.hover[0, 0]
    assert "Total cost: 4,000 EUR" in parsed.rows[0]["cells"][0]["tip"]


@pytest.mark.parametrize("row, col, quadrant", [
    (0, 0, "overinvested"), (0, 1, "efficient"), (1, 0, "strategic"), (1, 2, "unrated"),
    (2, 1, "low priority"),
])
def test_quadrant_cells_take_their_quadrant_colour(matrix, row, col, quadrant):
    parsed, markup = table(matrix, "quadrant")
    assert parsed.rows[row]["cells"][col]["colour"] == QUADRANT_COLOURS[quadrant]
    assert f"<i style=\"background:{QUADRANT_COLOURS[quadrant]}\"></i>" in markup


def test_used_but_unrated_cells_are_grey_on_value(matrix):
    parsed, markup = table(matrix, "value")
    assert parsed.rows[1]["cells"][2]["colour"] == UNRATED_FILL  # Alpha's unrated trial
    assert parsed.rows[1]["cells"][1]["class"] == "e"            # unused stays blank
    assert f'<i style="background:{UNRATED_FILL}"></i>Unrated' in markup


def test_every_name_is_text_never_markup(matrix):
    hostile = '<img src=x onerror="alert(1)">'
    frame = matrix.replace({"client": {"Gamma": hostile}})
    parsed, markup = table(frame)
    assert "<img" not in markup
    assert parsed.rows[2]["name"] == hostile  # shown as the text it is
    assert "&lt;img src=x onerror=" in parsed.rows[2]["cells"][1]["tip"]


def test_a_clipped_scale_reads_at_least_at_its_top_and_colours_beyond_it_darkest():
    frame = cell_frame([(f"Client {i:02d}", "trust.promises_kept", 1, 100.0 * (i + 1), 0.0,
                         3.0, "efficient") for i in range(30)])
    frame.loc[frame["client"] == "Client 29", "total_cost"] = 100_000.0
    grid = charts.heatmap_grid(frame, "total_cost", currency=CUR)
    top = float(np.quantile(frame["total_cost"], 0.95))
    ticks = heatmap_html.scale_ticks(grid)
    assert ticks[-1] == (pytest.approx(1.0), "≥ " + format(top, ",.0f"))
    parsed, _ = table(frame)
    assert rgb(parsed.rows[0]["cells"][0]["colour"]) == (8, 48, 107)  # 100,000: past the top
    assert rgb(parsed.rows[1]["cells"][0]["colour"]) == (8, 48, 107)  # 2,900: at the top


def test_scale_labels_never_touch():
    for top in (9_859.0, 10_400.0, 123_456.0, 0.97):
        z = np.array([[top / 9 * k for k in range(1, 10)] + [top * 3]])
        grid = charts.HeatmapGrid(
            metric="total_cost", by="method", clients=["A"], col_ids=[], columns=[],
            col_strategy=[], z=z, hover=np.full(z.shape, "x", dtype=object),
            present=np.ones(z.shape, bool),
            axis={"colorscale": "Blues", "zmin": 0.0, "zmax": top,
                  "colorbar": {"tickvals": [*np.linspace(0, top, 6)[:-1], top],
                               "ticktext": [f"{v:,.0f}" for v in np.linspace(0, top, 6)[:-1]]
                               + [f"≥ {top:,.0f}"]}})
        ticks = heatmap_html.scale_ticks(grid)
        assert ticks[0][1] == "0" and ticks[-1][1].startswith("≥")  # both ends kept
        for (p, a), (q, b) in zip(ticks, ticks[1:], strict=False):
            left_end = p * heatmap_html.SCALE_PX + len(a) * heatmap_html.CHAR_PX * (
                1 if p < 0.03 else 0.5)
            right_start = q * heatmap_html.SCALE_PX - len(b) * heatmap_html.CHAR_PX * (
                1 if q > 0.97 else 0.5)
            assert left_end < right_start, ticks


def test_an_empty_matrix_says_there_is_no_data(matrix):
    grid = charts.heatmap_grid(matrix.iloc[0:0], "total_cost", currency=CUR)
    markup = heatmap_html.heatmap_html(grid, title="Heat", currency=CUR)
    assert "<table" not in markup and "No data to show for this selection" in markup
