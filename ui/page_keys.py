"""A page's own keys in the session: its widgets' values, and what it keeps between its runs
(a question pending, a filter to restore). Never the plan (ui.session owns that). Pages go
through these instead of the session state itself, so that what a page may touch is
named here (tests/unit/test_session_owner.py checks that no page touches it directly).

Streamlit drops a widget's key when a page without that widget runs: a page seeds each
widget before drawing it, from the plan or from what it kept.
"""

from __future__ import annotations

from typing import Any

import streamlit as st


def seed(key: str, value: object) -> None:
    """The value the widget `key` shows when drawn next."""
    st.session_state[key] = value


def seed_once(key: str, value: object) -> None:
    """Seed the widget `key` unless it holds a value already (a page switch dropped it)."""
    if key not in st.session_state:
        st.session_state[key] = value


def widget(key: str, default: Any = None) -> Any:
    """The widget `key`'s value (in its callback: the value just set)."""
    return st.session_state.get(key, default)


def kept(key: str, default: Any = None) -> Any:
    """What the page kept under `key` in an earlier run."""
    return st.session_state.get(key, default)


def keep(key: str, value: object) -> None:
    st.session_state[key] = value


def drop(key: str) -> None:
    st.session_state.pop(key, None)


def drop_prefixed(prefix: str, keep: tuple[str, ...] = ()) -> None:
    """Forget every widget whose key starts with `prefix` (but those in `keep`): they
    re-seed when drawn next."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        if key not in keep:
            del st.session_state[key]
