"""A chart on a page, with its PNG and SVG downloads (title, quarter, filters and source line)."""

from __future__ import annotations

import streamlit as st

from kam_analytics import charts
from kam_analytics.app.sidebar import Filters
from kam_analytics.app.state import get_store
from kam_analytics.i18n import t


def show_chart(fig, filters: Filters, key: str | None = None, *, clickable: bool = False):
    """Display a figure with the app's chart toolbar (board-deck PNG export) and PNG/SVG
    downloads drawn on the server when clicked: title, quarter and ``filters``, source line.
    ``clickable``: return the selection a click on a point made (None when nothing is)."""
    # the image renderer: only when a chart is shown
    from kam_analytics.exports import chart_images

    selectable = {"on_select": "rerun", "selection_mode": "points"} if clickable else {}
    event = st.plotly_chart(fig, width="stretch", config=charts.PLOTLY_CONFIG, key=key,
                            theme=None, **selectable)
    quarter = filters.quarter
    subtitle = chart_images.export_subtitle(quarter, filters.subtitle())
    store, stem = get_store(), chart_images.file_stem(fig)
    missing = chart_images.missing_browser()
    if missing is not None:  # no image can be drawn: say so instead of offering one
        st.caption(str(missing))
        return event.selection if clickable else None
    row = st.container(horizontal=True, gap="small")
    for fmt, mime in chart_images.FORMATS.items():
        # A callable is only run when its button is clicked: no page renders unasked images.
        row.download_button(
            t(f"render.download_{fmt}"),
            data=lambda fmt=fmt: chart_images.chart_file(
                fig, fmt, subtitle=subtitle,
                source=chart_images.source_line(store.import_history(), quarter)),
            file_name=f"{stem}.{fmt}", mime=mime, on_click="ignore", type="tertiary",
            icon=":material/download:", key=f"{key}_{fmt}" if key else None,
            help=t("render.download_help", format=fmt.upper()))
    return event.selection if clickable else None
