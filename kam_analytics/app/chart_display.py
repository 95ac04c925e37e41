"""A chart on a page, with its PNG and SVG downloads (title, quarter, filters and source line)."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from kam_analytics import charts
from kam_analytics.app.sidebar import Filters
from kam_analytics.app.state import audited, get_store, viewer_history
from kam_analytics.i18n import t


def show_chart(fig: go.Figure, filters: Filters, key: str | None = None) -> None:
    """Display a figure with the app's chart toolbar (board-deck PNG export) and PNG/SVG
    downloads drawn on the server when clicked: title, quarter and ``filters``, source line."""
    from kam_analytics.exports import chart_images

    st.plotly_chart(fig, width="stretch", config=charts.PLOTLY_CONFIG, key=key, theme=None)
    chart_downloads(lambda: fig, chart_images.title_of(fig), filters, key)


def chart_downloads(figure: Callable[[], go.Figure], title: str, filters: Filters,
                    key: str | None = None) -> None:
    """Offer a chart's PNG and SVG; ``figure`` is only called when a button is clicked, so no
    page builds or renders an image nobody asked for. Without a browser to draw images, say so
    instead."""
    # the image renderer: only when a chart is shown
    from kam_analytics.exports import chart_images

    quarter = filters.quarter
    subtitle = chart_images.export_subtitle(quarter, filters.subtitle())
    store, stem = get_store(), chart_images.file_stem(title)
    missing = chart_images.missing_browser()
    if missing is not None:  # no image can be drawn: say so instead of offering one
        st.caption(str(missing))
        return
    # read now: the viewer (whose file names may show) is known during the run, not on click
    source = chart_images.source_line(viewer_history(store), quarter)
    row = st.container(horizontal=True, gap="small")
    for fmt, mime in chart_images.FORMATS.items():
        row.download_button(
            t(f"render.download_{fmt}"),
            data=audited(store, "export", t("audit.download", file=f"{stem}.{fmt}"),
                         lambda fmt=fmt: chart_images.chart_file(
                             figure(), fmt, subtitle=subtitle, source=source)),
            file_name=f"{stem}.{fmt}", mime=mime, on_click="ignore", type="tertiary",
            icon=":material/download:", key=f"{key}_{fmt}" if key else None,
            help=t("render.download_help", format=fmt.upper()))
