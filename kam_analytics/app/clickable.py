"""Tables drawn as HTML whose rows open a client: the portfolio heatmap
(``charts.heatmap_html``) and the rankings under it (``tables.ranking_html``), in one
Streamlit component whose only script shows a cell's hover text under the pointer and reports
the client of a row clicked (or chosen with Enter on its name).

No plotly.js and no data grid: the first page of a session is drawn in a fraction of the time
(benchmarks/first_page.py)."""

from __future__ import annotations

import streamlit as st

from kam_analytics.app import state, tables
from kam_analytics.charts import health_grid, heatmap_html

_JS = """
export default function ({ data, parentElement, setTriggerValue }) {
  let root = parentElement.querySelector(".kam-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "kam-root";
    parentElement.appendChild(root);
  }
  root.innerHTML = data.html;  // built on the server, every name escaped
  const table = root.querySelector("table");
  const tip = root.querySelector(".tip");  // the heatmap's hover box; a ranking has none
  if (!table) return;
  const place = (e) => {
    const right = e.clientX + 14 + tip.offsetWidth > window.innerWidth;
    const below = e.clientY + 14 + tip.offsetHeight > window.innerHeight;
    tip.style.left = (right ? e.clientX - 14 - tip.offsetWidth : e.clientX + 14) + "px";
    tip.style.top = (below ? e.clientY - 14 - tip.offsetHeight : e.clientY + 14) + "px";
  };
  table.addEventListener("mouseover", (e) => {
    const cell = e.target.closest("td[data-tip]");
    if (!tip) return;
    tip.hidden = !cell;
    if (cell) { tip.innerHTML = cell.dataset.tip; place(e); }
  });
  table.addEventListener("mousemove", (e) => { if (tip && !tip.hidden) place(e); });
  table.addEventListener("mouseleave", () => { if (tip) tip.hidden = true; });
  const open = (target) => {
    const row = target.closest("tr[data-row]");
    if (row) setTriggerValue("client", data.clients[Number(row.dataset.row)]);
  };
  table.addEventListener("click", (e) => open(e.target));
  table.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(e.target); }
  });
}
"""

_component = st.components.v2.component(
    "kam_clickable", css=heatmap_html.CSS + tables.CSS + health_grid.CSS, js=_JS)


def clicked_client(html: str, clients: list[str], *, key: str) -> str | None:
    """Draw ``html`` (its row ``i`` marked ``data-row="i"``); return ``clients[i]`` of the row
    clicked in this run, or None."""
    result = _component(data={"html": html, "clients": clients}, key=key,
                        on_client_change=lambda: None)
    return result.client


def open_client(client: str | None) -> None:
    """Open ``client``'s page (the Client page shows it chosen); nothing when None."""
    if client is not None:
        state.remember("c_client", client)
        st.switch_page("pages/client.py")
