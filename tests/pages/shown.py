"""What a page shows, read from Streamlit's AppTest element tree."""

from __future__ import annotations

import json


def first_chart(at) -> str:
    """Return what the page's first chart shows, as text: the heatmap table's HTML (drawn by
    the app's own component) on the heatmap page, else a plotly figure's JSON."""
    tables = at.get("bidi_component")
    if tables:
        return json.loads(tables[0].proto.json)["html"]
    return at.get("plotly_chart")[0].proto.spec
