"""What a page shows, read from Streamlit's AppTest element tree."""

from __future__ import annotations

import json


def first_chart(at) -> str:
    """Return what the page's first chart shows, as text: the heatmap table's HTML (drawn as
    HTML on the heatmap page, by the app's own component on the changes page), else a plotly
    figure's JSON (the client page's health strip, drawn by the same component, is no
    chart)."""
    tables = [c.proto.body for c in at.get("html") if "kam-heatmap" in c.proto.body]
    tables += [html for c in at.get("bidi_component")
               if "kam-heatmap" in (html := json.loads(c.proto.json).get("html", ""))]
    if tables:
        return tables[0]
    return at.get("plotly_chart")[0].proto.spec
