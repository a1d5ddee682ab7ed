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

STORAGE_KEY = "m2-planner-saved-scenarios"
# localStorage holds a few MB per site; the saved list is far smaller (4 plans of ~2 KB).
MAX_STORED_CHARS = 64 * 1024

# What a run keeps outside the page: the page's language, the address bar, the browser's
# copy. A JS function of `data` (see outside()), shared with the grade sheet, which carries
# it on a grade edit so that the edit's answer is one element, not two.
KEEP_OUTSIDE_JS = f"""
function keepOutside(data) {{
  // The page's language, for screen readers and the browser (RGAA 8.3): Streamlit's own
  // page says lang="en" whatever the app shows.
  if (/^[a-z]{{2}}$/.test(data.lang)) document.documentElement.lang = data.lang;
  // A fragment run's plan for the address bar (the parameters it names; the others
  // stay). Written here rather than through st.query_params, whose every change makes
  // Streamlit redraw the whole page and push a history entry: one per grade typed.
  if (data.query) {{
    const params = new URLSearchParams(window.location.search);
    for (const name of data.query.names) params.delete(name);
    for (const [name, value] of Object.entries(data.query.values)) params.set(name, value);
    const query = params.toString();
    if (query !== window.location.search.slice(1)) {{
      const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }}
  }}
  if (data.mode !== "write") return;
  try {{
    const key = "{STORAGE_KEY}";
    if (data.text) {{
      const kept = window.localStorage.getItem(key);
      if (kept !== data.text) window.localStorage.setItem(key, data.text);
    }} else {{
      window.localStorage.removeItem(key);
    }}
  }} catch (error) {{
    // Storage refused (a private window, a full quota): the session keeps working.
  }}
}}
"""

_JS = (
    KEEP_OUTSIDE_JS
    + f"""
export default function ({{ data, setTriggerValue }}) {{
  keepOutside(data);
  if (data.mode !== "read") return;
  let text = "";
  try {{
    const stored = window.localStorage.getItem("{STORAGE_KEY}");
    if (stored !== null) text = stored.slice(0, {MAX_STORED_CHARS + 1});
  }} catch (error) {{
    // Storage refused: as if nothing were kept.
  }}
  setTriggerValue("stored", text);
}}
"""
)

_store = st.components.v2.component("m2_browser_store", js=_JS)


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
