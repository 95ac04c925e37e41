"""The Streamlit edge, the only package room that imports streamlit: the store and caches
(state), the sidebar's filters (sidebar), tables for people (tables), the upload page's helpers
(upload), charts with their downloads (chart_display) and the navigation (navigation)."""
