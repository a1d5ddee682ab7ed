"""The sidebar every page draws first (language, programme, track and option, the
notice, the reset), what the router draws there after the page (« Share and save », the
browser's copy, the address bar), and the empty states, which ask for the same choices in
the page itself: on a phone the sidebar is hidden until opened."""

from __future__ import annotations

import secrets
from typing import Any

import streamlit as st

from planner.catalogue import Catalogue
from planner.messages import LANGS
from planner.texts import language_name
from ui import own_programme, present, state
from ui.format import say
from ui.i18n import colon, t
from ui.persistence import keep_browser_copy, keep_in_url, reset
from ui.session import OPTION, PROGRAMME, TRACK, Selection, judged, lang, store
from ui.share import share_area
from ui.state import CURRENT, LAST_NOTICE, NOTICE

SHARE_SLOT = "share_slot"
# A choice just made in the sidebar (a new token each time): the run that follows has the
# browser close the sidebar where it covers the page (a phone). A new token, so that two
# choices in a row each give the browser store new data to act on.
SIDEBAR_CHOICE = "sidebar_choice"
# The empty state's own pickers: "asked::<place>::<programme|track|option>" (asked_key()).
ASKED = "asked::"


def asked_key(what: str, place: str = "page") -> str:
    """The widget key of the empty state's picker of `what` (one of SELECTION_KEYS) drawn
    at `place`: a page that shows its empty state twice (in two tabs) names each."""
    return f"{ASKED}{place}::{what}"


def _chosen_in_sidebar() -> None:
    st.session_state[SIDEBAR_CHOICE] = secrets.token_hex(4)


def _take_asked(what: str, key: str) -> None:
    """An empty state's picker changed: its value becomes the plan's (the sidebar's box
    shows it from the next run on)."""
    value = st.session_state.get(key)
    if isinstance(value, str):
        store().select(what, value)


def _programme_box(cat: Catalogue, key: str, **widget: Any) -> None:
    current = lang()
    st.selectbox(
        t("programme", current),
        options=list(cat.ids),
        format_func=lambda pid: f"{cat.get(pid).name} ({cat.get(pid).academic_year})",  # type: ignore[union-attr]
        index=None,
        placeholder=t("choose_programme", current),
        key=key,
        **widget,
    )


def _choice_box(key: str, names: dict[str, str]) -> str | None:
    """The track or option picker; nothing is drawn when the programme has none."""
    if not names:
        return None
    plan = store()
    if plan.selected(key) not in names:
        plan.select(key, None)
    value = _choice_picker(
        key,
        names,
        key=key,
        on_change=_chosen_in_sidebar,
        persist_state="session",  # see the programme's box
    )
    return value if isinstance(value, str) else None


def _choice_picker(what: str, names: dict[str, str], **widget: Any) -> object:
    return st.selectbox(
        t(what, lang()),
        options=list(names),
        format_func=names.__getitem__,
        index=None,
        placeholder=t(f"choose_{what}", lang()),
        **widget,
    )


def _pick_language() -> None:
    picked = st.session_state.get("lang_picker")
    if picked in LANGS:
        store().lang = picked


def sidebar() -> Selection:
    """Draw the shared sidebar and return what is selected. Every page calls it first."""
    ss = st.session_state
    store().keep_selection()
    cat = state.catalogue()  # through the module: a test may substitute the programmes
    with st.sidebar:
        # The picker writes the language through a callback: a segmented control can be
        # clicked off (None), and the language must never be unset.
        ss["lang_picker"] = lang()
        st.segmented_control(
            t("language", lang()),
            options=list(LANGS),
            format_func=language_name,
            key="lang_picker",
            on_change=_pick_language,
        )
        current = lang()
        plan = store()
        if plan.programme not in cat.ids:
            plan.programme = None
        _programme_box(
            cat,
            PROGRAMME,
            on_change=_chosen_in_sidebar,
            # Kept through a page fragment's rerun too: without it, Streamlit 1.67 drops
            # the value on the next page switch after a fragment run (the Grades page's).
            persist_state="session",
        )
        programme = cat.get(plan.programme) if plan.programme else None
        track = option = None
        if programme is not None:
            track = _choice_box(TRACK, {tr.id: tr.name for tr in programme.tracks})
            option = _choice_box(OPTION, {o.id: o.name for o in programme.options})
            source = present.name(programme.source.title) or t("source_not_given", current)
            st.caption(f"{t('source', current)}{colon(current)}{source}")
            if origin := own_programme.origin_of(programme):
                st.caption(t(present.ENTERED_BY[origin].sidebar, current))
        selection = Selection(programme=programme, track=track, option=option)
        # Filled by after_page() once the page has run: the page may store a grade the
        # student just typed, and the link, the file, the PDF and the address bar must
        # carry it.
        ss[CURRENT] = selection
        ss[SHARE_SLOT] = st.container()
        with st.popover(t("reset", current), icon=":material/restart_alt:"):
            st.markdown(t("reset_confirm", current))
            st.button(t("reset_yes", current), on_click=reset, type="primary", key="reset_button")
    notice = ss.pop(NOTICE, None)
    ss[LAST_NOTICE] = notice
    # Always one element here, a notice or nothing: a notice appearing or going must not
    # shift what follows (tabs would jump back to the first one).
    slot = st.empty()
    if notice:  # in the main area, where the student looks
        kind, key, quoted = notice
        (slot.success if kind == "success" else slot.warning)(say(key, current, **quoted))
    return selection


def after_page() -> None:
    """Called by the router after the page: draw "Share and save" in the sidebar place
    kept for it and keep the address bar and the browser's saved scenarios up to date,
    all from the state the page just drew."""
    ss = st.session_state
    container = ss.pop(SHARE_SLOT, None)
    selection = ss.get(CURRENT)
    if container is None or not isinstance(selection, Selection):
        return
    link = judged(selection).url if selection.complete else None
    with container:
        share_area(selection)
        keep_browser_copy(selection, link, close_sidebar=ss.pop(SIDEBAR_CHOICE, None))
    keep_in_url(selection, link)


def require_programme(selection: Selection, place: str = "page") -> bool:
    """Show the empty state until a programme is chosen: it asks for it in the page."""
    if selection.programme is None:
        st.info(t("empty_programme", lang()), icon=":material/school:")
        key = asked_key(PROGRAMME, place)
        _programme_box(state.catalogue(), key, on_change=_take_asked, args=(PROGRAMME, key))
        return False
    return True


def require_selection(selection: Selection, place: str = "page") -> bool:
    """Show the empty state until a programme (and its track/option) is chosen: it asks
    in the page for what is missing. `place`: see asked_key()."""
    current = lang()
    if not require_programme(selection, place):
        return False
    programme = selection.programme
    assert programme is not None
    if selection.complete:
        return True
    missing = {}
    if programme.tracks and selection.track is None:
        missing[TRACK] = {tr.id: tr.name for tr in programme.tracks}
    if programme.options and selection.option is None:
        missing[OPTION] = {o.id: o.name for o in programme.options}
    named = [t(what, current).lower() for what in missing]
    st.info(
        t("empty_track_option", current, missing=f" {t('and', current)} ".join(named)),
        icon=":material/school:",
    )
    for what, names in missing.items():
        key = asked_key(what, place)
        _choice_picker(what, names, key=key, on_change=_take_asked, args=(what, key))
    return False
