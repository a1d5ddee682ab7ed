"""A file picker drawn by the app itself, in the app's language.

Streamlit's st.file_uploader writes "Upload", "1MB per file • application/json, JSON" and
its errors in English whatever the app's language, and keeps the file in the server's
upload store. Here a real `<input type="file">` (static/elements.js, `fileInput`) with the
app's own label, button and help: the browser reads the chosen file as text, refuses one
larger than `max_bytes` at the field (the texts of that refusal come from here, in the
app's language), and otherwise sends {name, text, nonce} once, as an event: nothing of it
stays in the element's state, on disk or in the browser's copy.

What the browser sends is outside text: read_chosen() keeps it only if its name and text
are strings, and the reader it is handed to checks the rest (its size again, its content).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass

import streamlit as st

from planner.messages import Lang
from ui.elements import element
from ui.format import say
from ui.i18n import t

# What a file system allows a file's name; longer is no name a browser read from a disk.
MAX_NAME_CHARS = 255

# Close to Streamlit's own fields, with the theme's variables where it has them. The input
# is hidden from sight only: it keeps the keyboard focus, its label is the button seen.
_CSS = """
.m2-file { font-family: inherit; font-size: 0.875rem; line-height: 1.5; color: inherit; }
.m2-file .label { margin: 0 0 0.25rem; }
.m2-file .box {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem;
  padding: 0.75rem; border-radius: 0.5rem;
  background: var(--st-secondary-background-color, #f0f2f6);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
}
.m2-file input {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); border: 0; white-space: nowrap;
}
.m2-file .pick {
  display: inline-flex; align-items: center; gap: 0.35rem; cursor: pointer;
  min-height: 2.5rem; padding: 0.25rem 0.75rem; border-radius: 0.5rem;
  background: var(--st-background-color, #fff); color: inherit;
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
}
.m2-file .pick:hover { border-color: var(--st-primary-color, #1f5fa8); }
.m2-file input:focus-visible + .pick {
  outline: 2px solid var(--st-primary-color, #1f5fa8); outline-offset: 1px;
}
.m2-file .icon {
  font-family: "Material Symbols Rounded"; font-weight: 400; font-style: normal;
  font-size: 1.25rem; line-height: 1;
  -webkit-font-feature-settings: "liga"; font-feature-settings: "liga";
}
.m2-file .chosen { overflow-wrap: anywhere; }
.m2-file .help { margin: 0.25rem 0 0; opacity: 0.8; }
.m2-file code { font-size: 0.85em; }
.m2-file .refused { margin: 0.25rem 0 0; color: #b3261e; font-weight: 600; }
.m2-file .refused:empty { display: none; }
"""

# Its script: static/elements.js, `fileInput`.
_picker = element("m2_file_input", "fileInput", css=_CSS)


@dataclass(frozen=True)
class FieldTexts:
    """Every text of the field, in the app's language. The refusals at the field hold
    `{name}`, where the browser puts the chosen file's name (as text)."""

    label: str  # seen above the field; the input's accessible name
    choose: str  # the button that opens the browser's file picker
    none_chosen: str  # beside it, until a file is chosen
    help: str  # under the field; `code` between backquotes
    too_large: str
    not_text: str  # not UTF-8 text
    not_read: str  # the browser could not read it


def field_texts(label: str, help: str, max_bytes: int, lang: Lang) -> FieldTexts:
    """The field's texts in `lang`, around its own label and help: the app's button and
    refusals (the browser puts the file's name where {name} is, as text)."""
    kb = max_bytes // 1024

    def refused(reason: str) -> str:
        return say("file_refused", lang, ours={"name": "{name}", "reason": reason})

    return FieldTexts(
        label=label,
        choose=t("upload_choose", lang),
        none_chosen=t("upload_none_chosen", lang),
        help=help,
        too_large=refused(t("file_too_large", lang, kb=kb)),
        not_text=refused(t("refusal.not_utf8", lang)),
        not_read=refused(t("file_not_read", lang)),
    )


@dataclass(frozen=True)
class Chosen:
    """A file the student chose, as the browser read it."""

    name: str
    text: str


def read_chosen(value: object) -> Chosen | None:
    """What the browser sent, if it is {name, text, nonce} of strings (the name cut to
    MAX_NAME_CHARS); anything else is nothing the script sends, and is ignored."""
    if not isinstance(value, dict):
        return None
    name, text, nonce = value.get("name"), value.get("text"), value.get("nonce")
    if not (isinstance(name, str) and isinstance(text, str) and isinstance(nonce, str)):
        return None
    return Chosen(name=name[:MAX_NAME_CHARS], text=text)


def file_input(
    key: str,
    texts: FieldTexts,
    *,
    accept: str,
    max_bytes: int,
    on_file: Callable[[Chosen], None],
) -> None:
    """Draw the picker. `on_file(chosen)` runs in the choice's callback, once per file
    chosen; the field then shows no file again (the page says what became of it)."""
    answered = f"{key}::answered"

    def chosen() -> None:
        value = st.session_state[key]
        file = read_chosen(value.get("file") if hasattr(value, "get") else None)
        if file is None:
            return
        st.session_state[answered] = st.session_state.get(answered, 0) + 1
        on_file(file)

    data = {
        **asdict(texts),
        "accept": accept,
        "max_bytes": max_bytes,
        "answered": st.session_state.get(answered, 0),
    }
    _picker(key=key, data=json.dumps(data, ensure_ascii=False), on_file_change=chosen)
