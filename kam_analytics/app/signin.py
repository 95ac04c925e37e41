"""Sign-in at the Streamlit edge: Streamlit's own OpenID Connect login (``st.login``,
``st.user``; the provider configured in .streamlit/secrets.toml ``[auth]``) and the access file
(``kam_analytics.access``) decide who the viewer is, before any page runs."""

from __future__ import annotations

import streamlit as st

from kam_analytics import access
from kam_analytics.app.state import VIEWER_KEY, sign_in_configured
from kam_analytics.i18n import t


def current_viewer() -> access.Viewer:
    """Return who is looking; a viewer not yet signed in, or not let in by the access file,
    gets the sign-in or no-access page and the run stops there."""
    if not sign_in_configured():
        return access.LOCAL
    if not st.user.is_logged_in:
        st.session_state.pop(VIEWER_KEY, None)
        st.title(t("app.title"))
        st.write(t("signin.intro"))
        st.button(t("signin.button"), type="primary", icon=":material/login:",
                  on_click=st.login)
        st.stop()
    email = str(st.user.get("email") or "")
    try:
        rules = access.read_rules(access.access_path())
    except access.AccessFileError as exc:
        _refused(str(exc))
    groups = st.user.get("groups") or []
    found = rules.viewer_for(email, [str(g) for g in groups]) if rules else None
    if found is None:
        _refused(t("signin.no_access", email=email or "—", path=str(access.access_path())))
    st.session_state[VIEWER_KEY] = found
    return found


def _refused(why: str) -> None:
    """Say why the signed-in user cannot see anything, offer to sign out, and stop."""
    st.session_state.pop(VIEWER_KEY, None)
    st.title(t("app.title"))
    st.error(why, icon=":material/lock:")
    st.button(t("signin.sign_out"), icon=":material/logout:", on_click=st.logout)
    st.stop()


def account_panel(viewer: access.Viewer) -> None:
    """Show in the sidebar who is signed in, in what role, and a way to sign out; or that the
    app has no sign-in and one local user sees every account."""
    with st.sidebar:
        if viewer.local:
            st.caption(t("signin.local"))
            return
        managers = ", ".join(sorted(viewer.scope.managers or ()))
        st.caption(t(f"signin.as_{viewer.role}", email=viewer.email, managers=managers))
        st.button(t("signin.sign_out"), icon=":material/logout:", on_click=st.logout,
                  key="kam_sign_out")
