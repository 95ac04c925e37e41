"""Relationship health drawn as an HTML table of statuses (clients by measures, or measures by
quarters): each cell tinted by its status and showing its mark and value, so it reads without
its colour too; hovering shows the measure, its value in words and the rule it measures.
Every text is escaped here: the table is inserted as HTML."""

from __future__ import annotations

import html

from kam_analytics.exports.health_table import STATUS_COLOURS, StatusGrid

# Light tints for the cells (the text stays dark on them), the status colour as a left bar.
TINTS: dict[str, str] = {"red": "#FDE3E0", "amber": "#FFF0CC", "green": "#E4F2E5",
                         "none": "#F6F6F6", "not_measured": "#FFFFFF"}

CSS = """
.kam-health { font-size: 13px; color: #2b2b2b; }
.kam-health .frame { overflow-x: auto; }
.kam-health table { border-collapse: separate; border-spacing: 2px; }
.kam-health thead th { font-weight: 600; font-size: 12px; text-align: left;
  vertical-align: bottom; padding: 2px 4px 4px; max-width: 6.5em; }
.kam-health tbody th { text-align: left; font-weight: normal; padding: 3px 8px 3px 0;
  min-width: 8em; max-width: 13em; line-height: 1.25; }
.kam-health td { padding: 3px 5px; white-space: nowrap; border-left: 4px solid transparent;
  font-variant-numeric: tabular-nums; }
.kam-health tbody tr[data-row] { cursor: pointer; }
.kam-health tbody tr[data-row]:hover th, .kam-health tbody tr[data-row] th:focus {
  text-decoration: underline; color: #0b57d0; }
.kam-health td:hover { outline: 2px solid #2b2b2b; outline-offset: -2px; }
.kam-health .tip { position: fixed; z-index: 1000; pointer-events: none; max-width: 380px;
  background: #ffffff; border: 1px solid #c8c8c8; border-radius: 4px; padding: 6px 8px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); font-size: 13px; line-height: 1.35;
  white-space: normal; }
.kam-health .tip[hidden] { display: none; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def status_grid_html(grid: StatusGrid, *, clickable: bool = True) -> str:
    """Return the grid as an HTML table: row ``i`` marked ``data-row="i"`` when rows are
    ``clickable`` (its name reached with Tab, opened with Enter), each cell's hover text in
    ``data-tip``."""
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in grid.columns)
    body = []
    for i, name in enumerate(grid.rows):
        cells = "".join(
            f'<td style="background:{TINTS[s]};border-left-color:{STATUS_COLOURS[s]}" '
            f'data-tip="{_e(tip)}">{_e(text)}</td>'
            for s, text, tip in zip(grid.status[i], grid.text[i], grid.tip[i], strict=True))
        row = (f'<tr data-row="{i}"><th scope="row" tabindex="0">{_e(name)}</th>' if clickable
               else f'<tr><th scope="row">{_e(name)}</th>')
        body.append(f"{row}{cells}</tr>")
    return (f'<div class="kam-health"><div class="frame"><table><thead><tr>'
            f'<th scope="col">{_e(grid.corner)}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div><div class="tip" hidden></div></div>')
