"""The grade sheet: the grades typed and the verdicts they give, drawn as one element.

Streamlit's frontend redraws its whole element tree on each rerun, at a cost that grows
with the page (docs/performance.md, the sized floor), and its data editor waits 150 ms
before it sends an edit. Here one element holds a labelled field per course and the
year's and each unit's verdict: an edit sends at once, and its answer is this one
element's new data. The page decides nothing here; it gives the texts (already in the
app's language) and stores what comes back.

Outside text is text: its script (static/elements.js, `gradeSheet`) writes every text with
`textContent`, never as markup, and what the browser sends back is checked (`read_typed`)
before anything reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

import streamlit as st

from ui.elements import element
from ui.i18n import t

Tone = Literal["green", "blue", "orange", "red"]
MAX_CHARS = 12  # what a grade field takes (as the form's)


@dataclass(frozen=True)
class Row:
    """A course's field: `label` is its accessible name, `value` the text it shows (the
    grade stored, or the text refused), `refusal` what is said at the field when its text
    was refused (why, and which grade the verdicts use instead), "" otherwise."""

    course: str
    name: str
    unit: str
    label: str
    absent_label: str
    value: str
    absent: bool
    refusal: str = ""


@dataclass(frozen=True)
class Badge:
    tone: Tone
    text: str
    icon: str | None = None  # a Material Symbols name, drawn beside the text, not read out


@dataclass(frozen=True)
class Fact:
    """A labelled line, « Session 1 : » then « Validée », `tone` colouring the value."""

    label: str
    text: str
    tone: Tone | None = None
    icon: str | None = None  # as Badge.icon


@dataclass(frozen=True)
class Card:
    unit: str
    name: str
    badge: Badge
    verdicts: tuple[Fact, ...]
    figures: tuple[str, ...]
    explanations: tuple[str, ...]


@dataclass(frozen=True)
class Banner:
    """The year's verdict: `tone` green (validated), red (failed) or blue (pending)."""

    tone: Tone
    verdict: Fact
    badge: Badge
    message: str


@dataclass(frozen=True)
class Headers:
    course: str
    grade: str
    absent: str


Typed = list[tuple[str, str, bool]]


def field_label(course: str, unit: str, session: int, lang: str) -> str:
    """A grade field's name (the sheet's and the form's): its course and unit, and the
    session when it is the second, so that no two fields on the page share a name. The
    catalogue's own names, not escaped: this is the field's accessible name, where an
    escape would be read out as a backslash."""
    name = f"{course} ({unit})"
    return name if session == 1 else f"{name}, {t('session2', lang)}"


# In the page's own DOM, not a shadow root: the browser's find, a screen reader's reading
# order and the tests read it as the rest of the page (the styles are scoped by class).
_sheet = element("m2_grade_sheet", "gradeSheet", isolate_styles=False)


def sheet(
    key: str,
    *,
    rows: Sequence[Row] = (),
    headers: Headers | None = None,
    year: Banner | None = None,
    cards: Sequence[Card] = (),
    on_edit: Callable[[Typed], None] | None = None,
    outside: dict[str, object] | None = None,
) -> None:
    """Draw the sheet. `on_edit(typed)` runs in the edit's callback with each field's
    text and « absent », in row order, once checked. `outside`: browser_store.outside()
    data the sheet's script also keeps (a fragment run's address bar and browser copy)."""
    courses = [r.course for r in rows]

    def edited() -> None:
        value = st.session_state[key]
        typed = read_typed(value.get("edit") if hasattr(value, "get") else None, courses)
        if typed is not None and on_edit is not None:
            on_edit(typed)

    data = {
        "max_chars": MAX_CHARS,
        "headers": asdict(headers) if headers else None,
        "rows": [asdict(r) for r in rows],
        "year": asdict(year) if year is not None else None,
        "cards": [asdict(c) for c in cards],
        "outside": outside,
    }
    # As JSON text: of a dict, Streamlit hashes a key-sorted copy (for an identity this
    # keyed element does not use) and looks for dataframes in it, each edit; a text is
    # hashed as it is.
    _sheet(key=key, data=json.dumps(data, ensure_ascii=False), on_edit_change=edited)


def read_typed(value: object, courses: Sequence[str]) -> Typed | None:
    """What the browser sent, if it is one [course, text, absent] per row in order."""
    if not isinstance(value, list) or len(value) != len(courses):
        return None
    typed: Typed = []
    for item, course in zip(value, courses, strict=True):
        if not (isinstance(item, list) and len(item) == 3 and item[0] == course):
            return None
        text, absent = item[1], item[2]
        if not isinstance(text, str) or not isinstance(absent, bool):
            return None
        typed.append((course, text[:MAX_CHARS], absent))
    return typed
