"""The app's own elements (st.components.v2), whose scripts live in static/elements.js.

Streamlit 1.67 sends an element's inline script with every update of the element: for
the grade sheet, 10.8 kB of each grade edit's answer. So each element's inline script is
a loader of a few lines, and the code itself is one module the app serves
(`server.enableStaticServing`, from its own host: nothing comes from elsewhere), fetched
once per page and then taken from the browser's module map. The module's address
carries a digest of its text, so a browser never runs an old copy against a new server.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from streamlit.components.v2.types import ComponentRenderer

SCRIPT = Path(__file__).resolve().parent.parent / "static" / "elements.js"
# Relative to the page: Streamlit serves static/ at app/static/ under the app's own path,
# whatever prefix a host puts in front of it (st.navigation's pages are one level deep).
SCRIPT_URL = f"app/static/{SCRIPT.name}?v={hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:16]}"


def loader(export: str) -> str:
    """An element's inline script: run `export` of the module with the element's arguments.
    It hands Streamlit a cleanup function, as Streamlit calls whatever an async script
    returns when the element goes."""
    return f"""
export default async function (args) {{
  const module = await import(new URL("{SCRIPT_URL}", document.baseURI).href);
  return module.{export}(args) || (() => {{}});
}}
"""


def element(
    name: str, export: str, *, css: str | None = None, isolate_styles: bool = True
) -> ComponentRenderer:
    """A components v2 element `name` whose script is `export` of static/elements.js."""
    return st.components.v2.component(
        name, js=loader(export), css=css, isolate_styles=isolate_styles
    )
