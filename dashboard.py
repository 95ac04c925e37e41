"""KAM Analytics: the entry point declares the page config, lets the viewer in and declares the
navigation, nothing else."""

import streamlit as st

from kam_analytics.app import navigation, signin
from kam_analytics.app.language import language_switch, use_session_language
from kam_analytics.i18n import t

use_session_language()  # before any text: the whole run is in the session's language
st.set_page_config(page_title=t("app.title"), page_icon=navigation.app_icon(), layout="wide")
# Who is looking, before any page runs: the sign-in page stops here until they are let in.
viewer = signin.current_viewer()
signin.account_panel(viewer)
language_switch()

navigation = st.navigation([
    st.Page("pages/heatmap.py", title=t("nav.heatmap"), icon=":material/grid_on:", default=True),
    st.Page("pages/client.py", title=t("nav.client"), icon=":material/business:"),
    st.Page("pages/methods.py", title=t("nav.methods"), icon=":material/category:"),
    # entering what clients value, and surveys naming them: not under aliases
    *([st.Page("pages/valuations.py", title=t("nav.valuations"), icon=":material/star_rate:")]
      if not viewer.anonymised else []),
    st.Page("pages/changes.py", title=t("nav.changes"), icon=":material/compare_arrows:"),
    st.Page("pages/whatif.py", title=t("nav.whatif"), icon=":material/tune:"),
    st.Page("pages/economics.py", title=t("nav.economics"), icon=":material/paid:"),
    st.Page("pages/health.py", title=t("nav.health"), icon=":material/health_and_safety:"),
    st.Page("pages/board_pack.py", title=t("nav.board_pack"), icon=":material/slideshow:"),
    # imports, the history of files and the settings: for directors only
    *([st.Page("pages/upload.py", title=t("nav.upload"), icon=":material/upload:")]
      if viewer.imports else []),
])
navigation.run()
