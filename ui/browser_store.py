"""The saved scenarios kept in the student's own browser (localStorage), never on the server.

The current plan lives in the address bar (ui.state keeps the share-link form there on
every change); the named scenarios of "My scenarios" live here, so that a reload, a tab
reopened or a server restart loses neither. One fixed script (ours) reads the stored text
once per session and sends it to the server, then writes back what the session holds;
"Forget on this device" removes it. What it reads is outside text: ui.state validates
every entry as a Scenario before using it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import streamlit as st

from ui.elements import element

STORAGE_KEY = "m2-planner-saved-scenarios"
# localStorage holds a few MB per site; the saved list is far smaller (4 plans of ~2 KB).
MAX_STORED_CHARS = 64 * 1024

# Its script: static/elements.js, `browserStore` (which holds STORAGE_KEY and
# MAX_STORED_CHARS too; tests/app/test_elements.py keeps them equal).
_store = element("m2_browser_store", "browserStore")


Mode = Literal["read", "write", "none"]
Query = tuple[tuple[str, ...], dict[str, str]]


def outside(mode: Mode, text: str, lang: str, query: Query | None = None) -> dict[str, object]:
    """What keepOutside() is given. "read": the store then asks the browser for the stored
    text. "write": the browser holds `text` (empty: removes it). Either way the page is
    marked as written in `lang`. `query`: the address bar's parameters to replace (all
    those named) and their new values."""
    data: dict[str, object] = {"mode": mode, "text": text, "lang": lang}
    if query is not None:
        data["query"] = {"names": list(query[0]), "values": query[1]}
    return data


def sync(
    mode: Mode,
    text: str,
    on_read: Callable[[], None],
    key: str,
    lang: str,
    query: Query | None = None,
) -> None:
    """Mount the store with outside(mode, text, lang, query)."""
    mount(outside(mode, text, lang, query), on_read, key)


def mount(data: dict[str, object], on_read: Callable[[], None], key: str) -> None:
    """The store, given outside() data; after a "read", `on_read` runs with the
    browser's text in st.session_state[key]."""
    _store(key=key, data=data, on_stored_change=on_read, height=0)


def stored_text(key: str) -> str | None:
    """What the browser sent, inside the read callback."""
    result = st.session_state.get(key)
    value = getattr(result, "stored", None) if result is not None else None
    return value if isinstance(value, str) else None
