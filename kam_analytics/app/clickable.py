"""Tables drawn as HTML whose rows open a client: the portfolio heatmap
(``charts.heatmap_html``), the rankings (``tables.ranking_html``) and the health grids. One
Streamlit component, whose only script shows a cell's hover text under the pointer and reports
the client of a row clicked (or chosen with Enter on its name).

No plotly.js and no data grid: the first page of a session is drawn in a fraction of the time
(benchmarks/first_page.py). On the heatmap page the tables do not even wait for the component:
they are drawn at once as HTML, and the component, drawing the hint under each, makes their rows
open a client once its script has loaded (a few tenths of a second later)."""

from __future__ import annotations

from html import escape

import streamlit as st

from kam_analytics.app import state, tables
from kam_analytics.charts import health_grid, heatmap_html

# The hint in a caption's grey, in either theme: the text's own colour, faded.
CSS = heatmap_html.CSS + tables.CSS + health_grid.CSS + """
.kam-hint { font-size: 14px; color: inherit; opacity: 0.6; margin: 0; }
"""

# The handlers sit on the document, once: a table drawn as HTML (st.html) is replaced on every
# change with no call of this script, and a new table must answer all the same. Each table
# names the component whose rows it holds (``data-kam-key``); each call of the script keeps
# that component's rows and trigger up to date. A table drawn inside the component is in its
# shadow root: the event's path names the element under the pointer.
_JS = """
export default function ({ data, parentElement, setTriggerValue }) {
  const opens = (window.__kamOpens = window.__kamOpens || {});
  opens[data.key] = (i) => setTriggerValue("client", data.clients[i]);
  let root = parentElement.querySelector(".kam-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "kam-root";
    parentElement.appendChild(root);
  }
  root.dataset.kamKey = data.key;
  if (data.html) {
    root.innerHTML = data.html;  // built on the server, every name escaped
  } else {
    root.innerHTML = '<p class="kam-hint"></p>';
    root.firstChild.textContent = data.hint;  // as text: nothing in it is markup
  }
  if (window.__kamWired) return;
  window.__kamWired = true;
  let shown = null;  // the hover box shown, if any
  const under = (e) => e.composedPath()[0];
  const place = (e) => {
    const right = e.clientX + 14 + shown.offsetWidth > window.innerWidth;
    const below = e.clientY + 14 + shown.offsetHeight > window.innerHeight;
    shown.style.left = (right ? e.clientX - 14 - shown.offsetWidth : e.clientX + 14) + "px";
    shown.style.top = (below ? e.clientY - 14 - shown.offsetHeight : e.clientY + 14) + "px";
  };
  document.addEventListener("mouseover", (e) => {
    const target = under(e);
    const cell = target.closest && target.closest(".kam-root td[data-tip]");
    const tip = cell && cell.closest(".kam-root").querySelector(".tip");
    if (shown && shown !== tip) shown.hidden = true;
    shown = tip;
    if (tip) { tip.hidden = false; tip.innerHTML = cell.dataset.tip; place(e); }
  });
  document.addEventListener("mousemove", (e) => { if (shown && !shown.hidden) place(e); });
  const open = (target) => {
    const row = target.closest && target.closest(".kam-root tr[data-row]");
    const go = row && opens[row.closest(".kam-root").dataset.kamKey];
    if (go) go(Number(row.dataset.row));
    return !!go;
  };
  document.addEventListener("click", (e) => open(under(e)));
  document.addEventListener("keydown", (e) => {
    if ((e.key === "Enter" || e.key === " ") && open(under(e))) e.preventDefault();
  });
}
"""

_component = st.components.v2.component("kam_clickable", css=CSS, js=_JS)


def clicked_client(html: str, clients: list[str], *, key: str) -> str | None:
    """Draw ``html`` (its row ``i`` marked ``data-row="i"``); return ``clients[i]`` of the row
    clicked in this run, or None."""
    return _clicked({"key": key, "html": html, "clients": clients}, key)


def clicked_client_with_hint(html: str, clients: list[str], hint: str, *,
                             key: str) -> str | None:
    """Draw ``html`` at once as HTML, with no component script to load first (the first page
    of a session shows its tables sooner), then ``hint`` under it, drawn by the component that
    makes its rows open a client; return ``clients[i]`` of the row ``i`` clicked in this run,
    or None."""
    st.html(f'<style>{CSS}</style><div class="kam-root" data-kam-key="{escape(key)}">'
            f"{html}</div>")
    return _clicked({"key": key, "hint": hint, "clients": clients}, key)


def _clicked(data: dict, key: str) -> str | None:
    """Run the component with ``data``; return the client of the row clicked in this run."""
    return _component(data=data, key=key, on_client_change=lambda: None).client


def open_client(client: str | None) -> None:
    """Open ``client``'s page (the Client page shows it chosen); nothing when None."""
    if client is not None:
        state.remember("c_client", client)
        st.switch_page("pages/client.py")
