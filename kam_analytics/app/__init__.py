"""The Streamlit edge: the only package module that imports streamlit (state, caches, sidebar,
tables, upload helpers)."""
