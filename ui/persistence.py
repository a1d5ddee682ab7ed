"""The plan kept outside the session: in the address bar (the save and the bookmark) and
in the browser's copy (ui.browser_store: the saved scenarios and the last plan drawn),
read once per session and written after each run; and forgotten on both by a reset."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from planner.messages import LANGS
from planner.scenario import MAX_SAVED, Scenario, ScenarioError
from ui import browser_store, own_programme, state
from ui.session import OPTION, SELECTION_KEYS, TRACK, Selection, default_lang, judged, lang, store
from ui.state import (
    LAST_NOTICE,
    NOTICE,
    apply_scenario,
    current_scenario,
    keep_before,
    merge_saved,
    notify,
)

LINK_PARAM = "plan"


URL_READ = "url_read"


PLAN_PARAMS = (LINK_PARAM, *SELECTION_KEYS)  # all the address bar holds of the plan
LANG_PARAM = "lang"
ADDRESS_PARAMS = (LANG_PARAM, *PLAN_PARAMS)  # all the app writes there


SAVED_READ = "saved_read"
# A full run of this session has written the address bar (keep_in_url).
ADDRESS_RUN = "address_run"
STORE_KEY = "browser_store"
# What this session believes the browser's copy holds (browser_store.Base): it sends only
# what differs from it. RESET_PENDING: this run's store removes the copy and marks a reset.
STORE_BASE = "store_base"
STORE_REPLACE = "store_replace"
RESET_PENDING = "reset_pending"
# The programme being built as last written to the browser's copy (its text): sent again
# only when it changes.
STORE_DRAFT = "store_draft"


def init_state() -> None:
    """Called by app.py before any page: language from the URL, else the browser; then a
    shared plan if the URL carries one."""
    ss = st.session_state
    plan = store()
    if plan.lang is None:
        wanted = st.query_params.get(LANG_PARAM)
        plan.lang = wanted if wanted in LANGS else default_lang()  # type: ignore[assignment]
    plan.start()
    if pending := plan.take_open_request():  # a saved scenario to reopen
        name, text = pending
        try:
            before = current_scenario()
            apply_scenario(Scenario.from_json(text))
            kept = keep_before(name, before)
            if kept:
                notify("success", "saved_opened", name=name, before=kept)
            else:
                notify("success", "saved_opened_nothing_kept", name=name)
        except ScenarioError as error:
            notify("warning", "saved_refused", reason=error)
    if not ss.get(URL_READ):
        # Once per session (a new tab, a reload, a server restart): the address bar holds
        # the plan as it was last drawn, and the browser the saved scenarios.
        ss[URL_READ] = True
        _restore_from_url()


def _restore_from_url() -> None:
    params = st.query_params
    token = params.get(LINK_PARAM)
    if token:
        try:
            apply_scenario(Scenario.from_url(token))
            notify("success", "link_restored")
        except ScenarioError as error:
            del params[LINK_PARAM]  # not kept as the save: the next change replaces it
            notify("warning", "link_refused", reason=error)
        return
    # A plan not complete yet (no track or option chosen) is kept as its choices only.
    programme = state.catalogue().get(params.get("programme") or "")
    if programme is None:
        return
    plan = store()
    plan.programme = programme.id
    if (track := params.get(TRACK)) in {i.id for i in programme.tracks}:
        plan.track = track
    if (option := params.get(OPTION)) in {i.id for i in programme.options}:
        plan.option = option


def _url_params(selection: Selection, link: str | None) -> dict[str, str]:
    """What the address bar holds of the plan: its `link` token (Judged.url), or the
    choices made so far."""
    wanted: dict[str, str] = {}
    if link is not None:
        wanted[LINK_PARAM] = link
    elif selection.programme is not None:
        wanted["programme"] = selection.programme.id
        for key, value in (("track", selection.track), ("option", selection.option)):
            if value is not None:
                wanted[key] = value
    return wanted


def _address(selection: Selection, link: str | None) -> browser_store.Query:
    """What the app writes in the address bar: every parameter of ADDRESS_PARAMS is
    replaced by these values (or removed); the others stay."""
    return ADDRESS_PARAMS, {LANG_PARAM: lang(), **_url_params(selection, link)}


def keep_in_url(selection: Selection, link: str | None) -> None:
    """The address bar is the save and the bookmark: the language and the plan as just
    drawn. The browser store writes it (keep_browser_copy), replacing the page's history
    entry; Streamlit's own copy of it (which each rerun sends back, and a new session
    after a server restart starts from) follows here, in one change: Streamlit pushes a
    history entry for each, which static/elements.js turns into a replacement. Not in a
    session's first run: that script is loaded by the run's drawing, after the run's
    changes have reached the browser; the next run (the browser store's answer) does it."""
    ss = st.session_state
    if not ss.get(ADDRESS_RUN):
        ss[ADDRESS_RUN] = True
        return
    params = st.query_params
    names, values = _address(selection, link)
    now = {key: params.get_all(key) for key in params}
    wanted = {key: value for key, value in now.items() if key not in names}
    wanted.update({key: [value] for key, value in values.items()})
    if wanted != now:
        params.from_dict(wanted)


def reset(elsewhere: bool = False) -> None:
    """Forget everything on this device: the plan, the grades, the saved scenarios and the
    plan in the address bar. The browser's copy is removed at the end of this run, and a
    reset mark written that makes every other open tab of the app forget too (they call
    this with `elsewhere`: the copy is already gone, and the mark is not written again)."""
    ss = st.session_state
    keep = store().lang
    for key in list(ss.keys()):
        del ss[key]
    store().lang = keep
    ss[URL_READ] = True  # the address bar still holds the old plan until this run ends
    ss[SAVED_READ] = True  # nothing to read back: the device is being wiped
    ss[ADDRESS_RUN] = True  # the page has run before: the script of keep_in_url is there
    ss[STORE_BASE] = {}
    if elsewhere:
        init_state()
        notify("warning", "reset_elsewhere")
        return
    ss[RESET_PENDING] = True
    init_state()
    notify("success", "reset_done")


def keep_browser_copy(
    selection: Selection, link: str | None, close_sidebar: str | None = None
) -> None:
    """After a full run: read the browser's copy (once per session), or write it what
    changed, or wipe it after a reset; and write the address bar (keep_in_url). With
    `close_sidebar` (a new value for each choice made in the sidebar), the browser closes
    the sidebar if it covers the page."""
    ss = st.session_state
    query = _address(selection, link)
    if ss.pop(RESET_PENDING, False):
        data = browser_store.outside("reset", lang(), query=query)
    elif ss.get(SAVED_READ):
        written = _store_changes(_stored(selection))
        data = browser_store.outside("write", lang(), query=query, written=written)
    else:
        data = browser_store.outside("read", lang(), query=query)
    if close_sidebar is not None:
        data["close_sidebar"] = close_sidebar
    _mount_store(data, STORE_KEY)


def _stored(selection: Selection) -> str | None:
    """The plan drawn as the browser keeps it (Judged.stored), or None (no complete plan)."""
    return judged(selection).stored if selection.complete else None


def _store_changes(current: str | None) -> dict[str, object]:
    """What the browser's copy must change (browser_store.changes()), from now on taken as
    done: the next run sends only what changes after it. `current`: the plan drawn, as
    the browser keeps it."""
    ss = st.session_state
    saved = store().saved
    found = own_programme.draft()
    draft = found.stored_text if found is not None else None
    sent = draft if ss.get(STORE_DRAFT, None) != draft else False
    written = browser_store.changes(ss.get(STORE_BASE, {}), saved, current, sent)
    ss[STORE_DRAFT] = draft
    if ss.pop(STORE_REPLACE, False):
        written["replace"] = True  # the copy could not be read at all: ours replaces it
    ss[STORE_BASE] = dict(saved)
    return written


def _mount_store(data: dict[str, object], key: str) -> None:
    browser_store.mount(
        data,
        key,
        on_stored=partial(_on_browser_saved, key),
        on_changed=partial(_on_browser_changed, key),
        on_reset=partial(_on_reset_elsewhere, key),
    )


def fragment_outside(selection: Selection) -> dict[str, object] | None:
    """What after_page() keeps outside the page, for a fragment's own rerun (which is not
    followed by after_page): the plan in the address bar and the browser's copy's changes,
    as browser_store.outside() data; None in a full run, which leaves it to after_page. Only
    writes: the once-per-session read stays with after_page. The address bar is written
    by the browser store's script: through st.query_params, each grade typed would redraw
    the whole page in the browser and add a history entry (Streamlit pushes one per
    change); the server's copy of the query string catches up on the next full run."""
    ctx = get_script_run_ctx()
    if ctx is None or not ctx.fragment_ids_this_run:
        return None
    link = judged(selection).url if selection.complete else None
    query = _address(selection, link)
    if not st.session_state.get(SAVED_READ):
        return browser_store.outside("none", lang(), query=query)
    written = _store_changes(_stored(selection))
    return browser_store.outside("write", lang(), query=query, written=written)


def keep_outside(selection: Selection, store_key: str) -> None:
    """fragment_outside(), written by a browser store of its own (`store_key`)."""
    data = fragment_outside(selection)
    if data is not None:
        _mount_store(data, store_key)


def _on_browser_saved(key: str) -> None:
    """What the browser held, read once per session: merged into the session's list."""
    ss = st.session_state
    ss[SAVED_READ] = True
    # This rerun comes straight after the first page: keep its notice (and so the page's
    # layout, its open tab included) as it was.
    if NOTICE not in ss and ss.get(LAST_NOTICE):
        ss[NOTICE] = ss[LAST_NOTICE]
    stored = browser_store.read_stored(browser_store.sent_text(key, "stored") or "")
    if stored.draft is not None and own_programme.draft() is None:
        # The programme this browser was building: back as it was left, valid or not.
        own_programme.edit(stored.draft)
        st.session_state[STORE_DRAFT] = browser_store.draft_text(stored.draft)
    _, full = merge_saved(stored.plans)
    _take_base(stored)
    if stored.unreadable:
        notify("warning", "stored_refused")
    elif stored.dropped:
        notify("warning", "stored_dropped", n=len(stored.dropped), names=", ".join(stored.dropped))
    elif full:
        notify("warning", "saved_left_out", n=full, most=MAX_SAVED)
    if store().programme is None and stored.current is not None:
        # The address bar held no plan (a page switch right after a server restart):
        # the browser's copy of the last one drawn brings it back.
        try:
            apply_scenario(Scenario.from_url(stored.current, browser_store.MAX_STORED_CHARS))
            if not (stored.unreadable or stored.dropped or full):
                notify("success", "stored_restored")
        except ScenarioError:
            pass


def _take_base(stored: browser_store.Stored) -> None:
    """What the browser holds, as the session now knows it: the entries the session keeps
    under the same name, and those no tab can read (removed by the next write). Entries
    left out (a full list) are not this session's: the browser keeps them untouched."""
    ss = st.session_state
    saved = store().saved
    base: dict[str, str | None] = dict.fromkeys(stored.dropped_names)
    for plan in stored.plans:
        text = browser_store.entry_text(plan)
        if saved.get(plan.name) == text:
            base[plan.name] = text
    ss[STORE_BASE] = base
    if stored.unreadable:
        ss[STORE_REPLACE] = True


def _on_browser_changed(key: str) -> None:
    """Another tab of this browser saved, renamed or deleted a scenario: this session's
    list becomes the browser's (what this session itself changed is already there)."""
    stored = browser_store.read_stored(browser_store.sent_text(key, "changed") or "")
    if stored.unreadable:
        return  # not ours to read: this tab's next changes are merged into it as they are
    store().saved = {}
    merge_saved(stored.plans)
    _take_base(stored)


def _on_reset_elsewhere(key: str) -> None:
    """Another tab of this browser reset everything: this one forgets too."""
    reset(elsewhere=True)
