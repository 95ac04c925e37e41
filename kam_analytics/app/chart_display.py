"""A chart on a page, with its PNG and SVG downloads (title, quarter, filters and source line)."""

from __future__ import annotations

import streamlit as st

from kam_analytics import charts
from kam_analytics.app.sidebar import Filters
from kam_analytics.app.state import get_store
from kam_analytics.i18n import t


def show_chart(fig, key: str | None = None) -> None:
    """Display a figure with the app's chart toolbar (board-deck PNG export) and PNG/SVG
    downloads drawn on the server when clicked: title, quarter and filters, source line."""
    # the image renderer: only when a chart is shown
    from kam_analytics.exports import chart_images

    st.plotly_chart(fig, width="stretch", config=charts.PLOTLY_CONFIG, key=key, theme=None)
    state = st.session_state
    quarter = state.get("f_quarter")
    filters = Filters(quarter, state.get("f_managers") or [], state.get("f_segments") or [],
                      state.get("f_strategies") or [], None, None)
    subtitle = chart_images.export_subtitle(quarter, filters.subtitle())
    store, stem = get_store(), chart_images.file_stem(fig)
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
