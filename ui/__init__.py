"""Streamlit-side helpers: state, sidebar, texts, charts. Decides no rule."""
