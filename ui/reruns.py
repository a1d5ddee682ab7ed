"""Which fragments of a page draw again after an edit, and nothing more.

A page made of keyed fragments (the Grades page: the whole body, the sheet, the retakes,
the minimums) keeps, per fragment, the value it was last drawn from. After an edit's
callback has stored the new grades, what each fragment draws from is computed again: a
fragment whose value did not change is not rerun. The decision is a pure function
(`to_rerun`), tested on its own; `after_edit` applies it to the session."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

# What each fragment was last drawn from, by fragment key (ui.reruns.drawn()).
DRAWN = "fragments_drawn"

Parts = Mapping[str, object]


def to_rerun(before: Parts | None, after: Parts, own: str, whole: str) -> list[str] | None:
    """The fragments to rerun once an edit changed the parts from `before` to `after`:
    None when the `whole` one must (no parts drawn yet, a part added or gone, or the
    whole's own part changed: the other fragments' rerun would leave it as it was). `own`
    is the fragment whose rerun the edit asked for; when `own` covers every change,
    nothing more is asked ([]), which spares the browser a run stopped and started again."""
    if before is None or before.keys() != after.keys() or before[whole] != after[whole]:
        return None
    changed = [key for key, value in after.items() if before[key] != value]
    return [] if set(changed) <= {own} else changed


def drawn(parts: Parts) -> None:
    """Keep what the fragments were just drawn from (at the end of a whole run)."""
    st.session_state[DRAWN] = dict(parts)


def after_edit(after: Parts, own: str, whole: str) -> None:
    """In an edit's callback: rerun the fragments whose parts changed (to_rerun)."""
    fragments = to_rerun(st.session_state.get(DRAWN), after, own, whole)
    if fragments is None:
        if own != whole:
            st.rerun([whole])  # which draws every part, and keeps them (drawn())
        return
    drawn(after)
    if fragments:
        st.rerun(fragments)
