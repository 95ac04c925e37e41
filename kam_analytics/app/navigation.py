"""The app's navigation: the pages declared once, reached from any page file, and its icon."""

from __future__ import annotations

import streamlit as st

from kam_analytics import taxonomy
from kam_analytics.app.state import shows_sample, store_if_open, viewer
from kam_analytics.i18n import t
from kam_analytics.store import Store

_navigation_checked = False


def ensure_app_navigation(page_file: str) -> None:
    """Make sure the page runs under dashboard.py's navigation, never as a bare script, and
    open it with the sample notice when the figures are the sample's (every page calls this
    first).

    Streamlit treats a `pages/` folder beside the main script as the old multipage layout
    until the main script has called st.navigation once in this server process; a first visit
    straight to /upload after a restart would run pages/upload.py alone (no page config, file
    names in the sidebar). Switch that off and come back to the same page through
    dashboard.py. ``page_file`` is the page's ``__file__``.
    """
    from pathlib import Path

    from streamlit.runtime.pages_manager import PagesManager

    global _navigation_checked
    if PagesManager.uses_pages_directory and not _navigation_checked:
        # Once per process: Streamlit's AppTest resets the flag before every run, and a switch
        # on every run would drop the widget events of that run.
        _navigation_checked = True
        PagesManager.uses_pages_directory = False
        st.switch_page(f"pages/{Path(page_file).name}")
    sample_notice(store_if_open(), Path(page_file).stem)


def sample_notice(store: Store | None, page_name: str) -> None:
    """Say, on top of the page, when the figures are the bundled sample's, with a link to
    upload real data (not on the upload page itself, ``page_name`` being the page's)."""
    if not shows_sample(store):
        return
    st.info(t("sample.banner"), icon=":material/science:")
    if page_name != UPLOAD_PAGE:
        upload_link(t("sample.upload"))


def upload_link(label: str) -> None:
    """Link to the upload page for a viewer who may import; tell anyone else who can."""
    if viewer().imports:
        st.page_link("pages/upload.py", label=label, icon=":material/upload:")
    else:
        st.caption(t("signin.imports_by_director"))


UPLOAD_PAGE = "upload"


@st.cache_resource(show_spinner=False)
def app_icon():
    """Return the app's favicon, drawn here: a named emoji or Material icon would make every
    browser fetch it from a font CDN, and no request may leave the app."""
    from PIL import Image, ImageDraw

    size = 64
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    colours = [s.colour for s in taxonomy.STRATEGIES]
    cell = size // 2
    for i, colour in enumerate(colours[:4]):
        x, y = (i % 2) * cell, (i // 2) * cell
        draw.rounded_rectangle([x + 2, y + 2, x + cell - 2, y + cell - 2], radius=6, fill=colour)
    return img
