"""Session state and the shared sidebar every page draws.

Widgets of a page are forgotten by Streamlit when another page runs, so the student's
plan lives in plain session-state keys (`plans`, `grades`, `session2_grades`) that only
callbacks write; widgets are re-seeded from them when a page is drawn again.
Nothing here touches the disk: grades stay in the browser session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from planner.catalogue import Catalogue, Programme, load_catalogue
from planner.engine import enrolled_courses
from planner.evaluation import Evaluation, check_scenario, evaluate
from planner.limits import quote
from planner.messages import LANGS, Lang
from planner.rules.components import split_key
from planner.scenario import (
    MAX_JSON_BYTES,
    MAX_SAVED,
    MAX_SAVED_NAME,
    Parameters,
    SavedPlan,
    Scenario,
    ScenarioError,
)
from planner.texts import language_name
from ui import browser_store
from ui.download import browser_download
from ui.format import say
from ui.i18n import colon, t

SIDEBAR_KEYS = ("programme", "track", "option")
LINK_PARAM = "plan"
WIDGET_PREFIXES = (
    "choice::",
    "editor::",
    "base::",
    "policy::",
    "rate::",
    "form::",
    "form_absent::",
)


@st.cache_resource
def catalogue() -> Catalogue:
    """Loaded once per server process; frozen pydantic models, safe to share."""
    return load_catalogue()


def _default_lang() -> Lang:
    locale = (st.context.locale or "").lower()
    return "fr" if locale.startswith("fr") else "en"


def lang() -> Lang:
    value = st.session_state.get("lang")
    return value if value in LANGS else _default_lang()


def narrow_screen() -> bool:
    """A phone, told by its browser ("Mobile" in every phone browser's user agent; tablets
    get the desktop layout). The server knows no viewport width."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobi" in agent


def init_state() -> None:
    """Called by app.py before any page: language from the URL, else the browser; then a
    shared plan if the URL carries one."""
    ss = st.session_state
    if "lang" not in ss:
        wanted = st.query_params.get("lang")
        ss["lang"] = wanted if wanted in LANGS else _default_lang()
    for key, default in (
        ("plans", {}),
        ("grades", {}),
        ("session2_grades", {}),
        ("params", {}),
        ("saved", {}),
    ):
        ss.setdefault(key, default)
    if pending := ss.pop("pending_load", None):  # a saved scenario to reopen
        name, text = pending
        try:
            before = _current_scenario()
            apply_scenario(Scenario.from_json(text))
            kept = _keep_before(name, before)
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


URL_READ = "url_read"
PROGRAMME_PARAMS = ("programme", "track", "option")
PLAN_PARAMS = (LINK_PARAM, *PROGRAMME_PARAMS)  # all the address bar holds of the plan


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
    programme = catalogue().get(params.get("programme") or "")
    if programme is None:
        return
    ss = st.session_state
    ss["programme"] = programme.id
    for key, ids in (("track", programme.tracks), ("option", programme.options)):
        value = params.get(key)
        if value in {i.id for i in ids}:
            ss[key] = value


def _url_params(selection: Selection, plan: Scenario | None) -> dict[str, str]:
    """What the address bar holds of the plan: its link, or the choices made so far."""
    wanted: dict[str, str] = {}
    if plan is not None:
        wanted[LINK_PARAM] = plan.to_url()
    elif selection.programme is not None:
        wanted["programme"] = selection.programme.id
        for key, value in (("track", selection.track), ("option", selection.option)):
            if value is not None:
                wanted[key] = value
    return wanted


def _keep_in_url(selection: Selection, plan: Scenario | None) -> None:
    """The address bar is the save and the bookmark: the plan as just drawn."""
    params = st.query_params
    wanted = _url_params(selection, plan)
    for key in PLAN_PARAMS:
        if key not in wanted and key in params:
            del params[key]
    for key, value in wanted.items():
        if params.get(key) != value:
            params[key] = value


def _current_scenario() -> Scenario | None:
    selection = st.session_state.get(CURRENT)
    if isinstance(selection, Selection) and selection.complete:
        return scenario(selection)
    return None


def _keep_before(opened: str, before: Scenario | None) -> str:
    """Keep the plan an "Open" replaces among the saved ones; the name it got, or ""."""
    ss = st.session_state
    saved: dict[str, str] = dict(ss["saved"])
    if before is None or not (before.choices or before.grades or before.session2_grades):
        return ""
    text = before.to_json(indent=None)
    if text in saved.values():
        return next(name for name, value in saved.items() if value == text)
    name = free_name(t("before_opening", lang(), plan=opened)[:MAX_SAVED_NAME], saved)
    if len(saved) >= MAX_SAVED:
        return ""
    saved[name] = text
    ss["saved"] = saved
    return name


def open_would_lose_the_plan() -> bool:
    """Opening a saved scenario now would lose the current plan: it has content, is not
    among the saved ones, and the list is too full to keep it as « Before … »."""
    current = _current_scenario()
    if current is None or not (current.choices or current.grades or current.session2_grades):
        return False
    saved: dict[str, str] = st.session_state["saved"]
    return current.to_json(indent=None) not in saved.values() and len(saved) >= MAX_SAVED


def free_name(wanted: str, taken: dict[str, str]) -> str:
    """`wanted`, or `wanted (2)`, `(3)`… : the first name not taken."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted[: MAX_SAVED_NAME - 5]} ({n})" in taken:
        n += 1
    return f"{wanted[: MAX_SAVED_NAME - 5]} ({n})"


def _clear_widgets() -> None:
    """Drop page widgets so that they re-seed from the stored plan."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(WIDGET_PREFIXES):
            del st.session_state[key]


def apply_scenario(scenario: Scenario) -> None:
    """Make a scenario the current state, or raise ScenarioError and change nothing."""
    programme = catalogue().get(scenario.programme)
    if programme is None:
        raise ScenarioError("refusal.unknown_programme", programme=quote(scenario.programme))
    check_scenario(programme, scenario)
    ss = st.session_state
    ss["programme"] = programme.id
    ss["track"] = scenario.track
    ss["option"] = scenario.option
    selection = Selection(programme=programme, track=scenario.track, option=scenario.option)
    set_choices(selection, frozenset(scenario.choices))
    set_grades(selection, dict(scenario.grades), 1)
    set_grades(selection, dict(scenario.session2_grades), 2)
    all_params = dict(ss["params"])
    all_params[programme.id] = scenario.parameters.model_dump(exclude_none=True)
    ss["params"] = all_params
    _clear_widgets()


def reset(elsewhere: bool = False) -> None:
    """Forget everything on this device: the plan, the grades, the saved scenarios and the
    plan in the address bar. The browser's copy is removed at the end of this run, and a
    reset mark written that makes every other open tab of the app forget too (they call
    this with `elsewhere`: the copy is already gone, and the mark is not written again)."""
    ss = st.session_state
    keep = ss.get("lang")
    for key in list(ss.keys()):
        del ss[key]
    ss["lang"] = keep
    ss[URL_READ] = True  # the address bar still holds the old plan until this run ends
    ss[SAVED_READ] = True  # nothing to read back: the device is being wiped
    ss[STORE_BASE] = {}
    if elsewhere:
        init_state()
        notify("warning", "reset_elsewhere")
        return
    ss[RESET_PENDING] = True
    init_state()
    notify("success", "reset_done")


@dataclass(frozen=True)
class Selection:
    programme: Programme | None
    track: str | None
    option: str | None

    @property
    def complete(self) -> bool:
        p = self.programme
        return (
            p is not None
            and (not p.tracks or self.track is not None)
            and (not p.options or self.option is not None)
        )


def _choice_box(key: str, names: dict[str, str]) -> str | None:
    """The track or option picker; nothing is drawn when the programme has none."""
    if not names:
        return None
    if st.session_state.get(key) not in names:
        st.session_state[key] = None
    st.selectbox(
        t(key, lang()),
        options=list(names),
        format_func=names.__getitem__,
        index=None,
        placeholder=t(f"choose_{key}", lang()),
        key=key,
        persist_state="session",  # see the programme's box
    )
    value = st.session_state.get(key)
    return value if isinstance(value, str) else None


def _pick_language() -> None:
    picked = st.session_state.get("lang_picker")
    if picked in LANGS:
        st.session_state["lang"] = picked


def sidebar() -> Selection:
    """Draw the shared sidebar and return what is selected. Every page calls it first."""
    ss = st.session_state
    # Re-assign so the values survive a page switch (widget keys are dropped otherwise).
    for key in SIDEBAR_KEYS:
        if key in ss:
            ss[key] = ss[key]
    cat = catalogue()
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
        st.query_params["lang"] = current
        ids = list(cat.ids)
        if ss.get("programme") not in ids:
            ss["programme"] = None
        st.selectbox(
            t("programme", current),
            options=ids,
            format_func=lambda pid: f"{cat.get(pid).name} ({cat.get(pid).academic_year})",  # type: ignore[union-attr]
            index=None,
            placeholder=t("choose_programme", current),
            key="programme",
            # Kept through a page fragment's rerun too: without it, Streamlit 1.67 drops
            # the value on the next page switch after a fragment run (the Grades page's).
            persist_state="session",
        )
        programme = cat.get(ss["programme"]) if ss.get("programme") else None
        track = option = None
        if programme is not None:
            track = _choice_box("track", {tr.id: tr.name for tr in programme.tracks})
            option = _choice_box("option", {o.id: o.name for o in programme.options})
            st.caption(f"{t('source', current)}{colon(current)}{programme.source.title}")
        selection = Selection(programme=programme, track=track, option=option)
        # Filled by after_page() once the page has run: the page may store a grade the
        # student just typed, and the link, the file, the PDF and the address bar must
        # carry it.
        ss[CURRENT] = selection
        ss[SHARE_SLOT] = st.container()
        with st.popover(t("reset", current), icon=":material/restart_alt:"):
            st.markdown(t("reset_confirm", current))
            st.button(t("reset_yes", current), on_click=reset, type="primary", key="reset_button")
    notice = ss.pop("notice", None)
    ss[LAST_NOTICE] = notice
    # Always one element here, a notice or nothing: a notice appearing or going must not
    # shift what follows (tabs would jump back to the first one).
    slot = st.empty()
    if notice:  # in the main area, where the student looks
        kind, key, quoted = notice
        (slot.success if kind == "success" else slot.warning)(say(key, current, **quoted))
    return selection


def notify(kind: Literal["success", "warning"], key: str, **quoted: object) -> None:
    """A notice for the next page drawn. Every parameter is outside text (a file name, a
    refusal reason quoting the input): it is escaped when drawn, in the app's language (a
    refusal is kept as such, to be written in the language of the page that shows it)."""
    kept = {
        n: v.with_traceback(None) if isinstance(v, ScenarioError) else str(v)
        for n, v in quoted.items()
    }
    st.session_state["notice"] = (kind, key, kept)


UPLOAD_KEY = "upload_scenario"


def _upload_key() -> str:
    # A new key empties the uploader once a file is read: a refused file must not stay
    # listed there as if it had been loaded.
    return f"{UPLOAD_KEY}::{st.session_state.get('upload_generation', 0)}"


def _on_upload() -> None:
    file = st.session_state.get(_upload_key())
    if file is None:
        return
    st.session_state["upload_generation"] = st.session_state.get("upload_generation", 0) + 1
    try:
        if not file.name.lower().endswith(".json"):
            raise ScenarioError("file_not_json")
        data = file.getvalue()
        if len(data) > MAX_JSON_BYTES:
            raise ScenarioError("file_too_large", kb=MAX_JSON_BYTES // 1024)
        loaded = Scenario.from_json(data)
        apply_scenario(loaded)
        added, full = merge_saved(loaded.saved)
        if full:
            notify(
                "warning",
                "file_loaded_left_out",
                name=file.name,
                added=t("scenarios_added", lang(), n=added),
                out=t("scenarios_left_out", lang(), n=full),
                most=MAX_SAVED,
            )
        elif added:
            notify("success", "file_loaded_saved", name=file.name, n=added)
        else:
            notify("success", "file_loaded", name=file.name)
    except ScenarioError as error:
        notify("warning", "file_refused", name=file.name, reason=error)


def _upload() -> None:
    st.file_uploader(
        t("upload", lang(), kb=MAX_JSON_BYTES // 1024),
        # The MIME type beside the extension keeps the browser's filter but skips
        # Streamlit's own name check, which fails the whole run (a traceback, the
        # programme picker reset) on a tampered name; _on_upload refuses it instead.
        type=["json", "application/json"],
        key=_upload_key(),
        on_change=_on_upload,
        max_upload_size=1,
        help=t("upload_help", lang()),
    )


def share_link(plan: Scenario) -> str:
    base = (st.context.url or "").split("?")[0]
    if base.count("/") == 2:  # "http://host:port" has no path: link to the root page
        base += "/"
    return f"{base}?{LINK_PARAM}={plan.to_url()}&lang={lang()}"


SHARE_SLOT = "share_slot"
SHARE_OPEN = "share_open"
SHARE_SHOWN = "share_shown"
CURRENT = "current_selection"
SAVED_READ = "saved_read"
LAST_NOTICE = "last_notice"
STORE_KEY = "browser_store"
# What this session believes the browser's copy holds (browser_store.Base): it sends only
# what differs from it. RESET_PENDING: this run's store removes the copy and marks a reset.
STORE_BASE = "store_base"
STORE_REPLACE = "store_replace"
RESET_PENDING = "reset_pending"


def after_page() -> None:
    """Called by the router after the page: draw "Share and save" in the sidebar place
    kept for it and keep the address bar and the browser's saved scenarios up to date,
    all from the state the page just drew."""
    ss = st.session_state
    container = ss.pop(SHARE_SLOT, None)
    selection = ss.get(CURRENT)
    if container is None or not isinstance(selection, Selection):
        return
    # Built once, for the browser's copy and the address bar.
    plan = scenario(selection) if selection.complete else None
    with container:
        if plan is not None:
            current = lang()
            # The link and the files are built when the dialog opens, from the plan as it
            # is then: a grade a page fragment stored since the last full run is in them.
            # Open until the student closes it: a rerun the page did not ask for (the
            # browser store's answer, in a session's first second) would otherwise close
            # the dialog just after it opened, as any run without the button's click does.
            st.button(
                t("share_and_save", current),
                icon=":material/share:",
                width="stretch",
                key=SHARE_OPEN,
                on_click=_show_share,
            )
            if ss.get(SHARE_SHOWN) != _page_hash():
                ss[SHARE_SHOWN] = None  # left without closing it (the browser's Back)
            if ss.get(SHARE_SHOWN) is not None:
                st.dialog(t("share_and_save", current), on_dismiss=_hide_share)(_share_and_save)(
                    selection
                )
            with st.expander(t("open_saved", current), icon=":material/upload_file:"):
                _upload()
        else:
            _upload()
        if ss.pop(RESET_PENDING, False):
            data = browser_store.outside("reset", lang())
        elif ss.get(SAVED_READ):
            data = browser_store.outside("write", lang(), written=_store_changes(plan))
        else:
            data = browser_store.outside("read", lang())
        _mount_store(data, STORE_KEY)
    _keep_in_url(selection, plan)


def _store_changes(plan: Scenario | None) -> dict[str, object]:
    """What the browser's copy must change (browser_store.changes()), from now on taken as
    done: the next run sends only what changes after it."""
    ss = st.session_state
    saved: dict[str, str] = ss["saved"]
    written = browser_store.changes(ss.get(STORE_BASE, {}), saved, plan and plan.to_url())
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
    plan = scenario(selection) if selection.complete else None
    query = (PLAN_PARAMS, _url_params(selection, plan))
    if not st.session_state.get(SAVED_READ):
        return browser_store.outside("none", lang(), query=query)
    return browser_store.outside("write", lang(), query=query, written=_store_changes(plan))


def keep_outside(selection: Selection, store_key: str) -> None:
    """fragment_outside(), written by a browser store of its own (`store_key`)."""
    data = fragment_outside(selection)
    if data is not None:
        _mount_store(data, store_key)


def saved_plans() -> tuple[SavedPlan, ...]:
    plans = []
    for name, text in st.session_state["saved"].items():
        try:
            plans.append(SavedPlan(name=name, plan=Scenario.from_json(text)))
        except (ScenarioError, ValueError):
            continue
    return tuple(plans)


def _on_browser_saved(key: str) -> None:
    """What the browser held, read once per session: merged into the session's list."""
    ss = st.session_state
    ss[SAVED_READ] = True
    # This rerun comes straight after the first page: keep its notice (and so the page's
    # layout, its open tab included) as it was.
    if "notice" not in ss and ss.get(LAST_NOTICE):
        ss["notice"] = ss[LAST_NOTICE]
    stored = browser_store.read_stored(browser_store.sent_text(key, "stored") or "")
    _, full = merge_saved(stored.plans)
    _take_base(stored)
    if stored.unreadable:
        notify("warning", "stored_refused")
    elif stored.dropped:
        notify("warning", "stored_dropped", n=len(stored.dropped), names=", ".join(stored.dropped))
    elif full:
        notify("warning", "saved_left_out", n=full, most=MAX_SAVED)
    if ss.get("programme") is None and stored.current is not None:
        # The address bar held no plan (a page switch right after a server restart):
        # the browser's copy of the last one drawn brings it back.
        try:
            apply_scenario(Scenario.from_url(stored.current))
            if not (stored.unreadable or stored.dropped or full):
                notify("success", "stored_restored")
        except ScenarioError:
            pass


def _take_base(stored: browser_store.Stored) -> None:
    """What the browser holds, as the session now knows it: the entries the session keeps
    under the same name, and those no tab can read (removed by the next write). Entries
    left out (a full list) are not this session's: the browser keeps them untouched."""
    ss = st.session_state
    saved: dict[str, str] = ss["saved"]
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
    ss = st.session_state
    stored = browser_store.read_stored(browser_store.sent_text(key, "changed") or "")
    if stored.unreadable:
        return  # not ours to read: this tab's next changes are merged into it as they are
    ss["saved"] = {}
    merge_saved(stored.plans)
    _take_base(stored)


def _on_reset_elsewhere(key: str) -> None:
    """Another tab of this browser reset everything: this one forgets too."""
    reset(elsewhere=True)


def merge_saved(plans: Sequence[SavedPlan]) -> tuple[int, int]:
    """Add saved plans to the session's list (a name taken by another plan gets the next
    free one; one already there is not added twice). How many were added, and how many
    were left out because the list holds MAX_SAVED at most."""
    ss = st.session_state
    saved: dict[str, str] = dict(ss["saved"])
    added = full = 0
    for plan in plans:
        text = plan.plan.without_saved().to_json(indent=None)
        if text in saved.values():
            continue
        if len(saved) >= MAX_SAVED:
            full += 1
            continue
        saved[free_name(plan.name, saved)] = text
        added += 1
    ss["saved"] = saved
    return added, full


def _page_hash() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else None


def _show_share() -> None:
    # Kept with its page: leaving the page another way than the dialog's own close
    # (the browser's Back) does not carry the dialog to the next page, or back.
    st.session_state[SHARE_SHOWN] = _page_hash()


def _hide_share() -> None:
    st.session_state[SHARE_SHOWN] = None


def _share_and_save(selection: Selection) -> None:
    """The dialog's content: what is built for a plan only when the student asks."""
    current = lang()
    programme = selection.programme
    assert programme is not None
    plan = scenario(selection)
    st.caption(t("share_link", current))
    st.code(share_link(plan), language=None, wrap_lines=False)
    # Both files are saved by the browser (ui.download): nothing with grades is left
    # at a server address.
    browser_download(
        t("download_json", current),
        plan.model_copy(update={"saved": saved_plans()}).to_json().encode("utf-8"),
        "m2-plan.json",
        "application/json",
        key="download_json",
    )
    pdf = _summary_pdf(programme, plan)
    if pdf is None:
        st.button(
            t("prepare_pdf", current),
            on_click=_prepare_pdf,
            args=(programme, plan),
            icon=":material/picture_as_pdf:",
            width="stretch",
            key="prepare_pdf",
        )
    else:
        browser_download(
            t("download_pdf", current),
            pdf,
            "m2-plan-summary.pdf",
            "application/pdf",
            key="download_pdf",
        )
    st.caption(t("privacy", current))


PDF_KEY = "summary_pdf"


def _prepare_pdf(programme: Programme, plan: Scenario) -> None:
    """Build the PDF once, on request: fpdf and its fonts cost ~0.25 s, and most visits
    never print. Kept in the session (memory) for this exact plan and language only."""
    from planner.outputs.report import summary_pdf

    pdf = summary_pdf(programme, evaluate(programme, plan), lang(), dt.date.today())
    st.session_state[PDF_KEY] = (plan, lang(), pdf)


def _summary_pdf(programme: Programme, plan: Scenario) -> bytes | None:
    """The prepared PDF if it is of the plan now shown, in the language now shown; a PDF of
    an older state is dropped, so a printout always matches the screen."""
    kept = st.session_state.get(PDF_KEY)
    if kept is None:
        return None
    made_for, language, pdf = kept
    if made_for == plan and language == lang() and made_for.programme == programme.id:
        return pdf
    del st.session_state[PDF_KEY]
    return None


def require_programme(selection: Selection) -> bool:
    """Show the empty state until a programme is chosen."""
    if selection.programme is None:
        st.info(t("empty_programme", lang()), icon=":material/arrow_back:")
        return False
    return True


def require_selection(selection: Selection) -> bool:
    """Show the empty state until a programme (and its track/option) is chosen."""
    current = lang()
    if not require_programme(selection):
        return False
    assert selection.programme is not None
    if not selection.complete:
        missing = []
        if selection.programme.tracks and selection.track is None:
            missing.append(t("track", current).lower())
        if selection.programme.options and selection.option is None:
            missing.append(t("option", current).lower())
        st.info(
            t("empty_track_option", current, missing=f" {t('and', current)} ".join(missing)),
            icon=":material/arrow_back:",
        )
        return False
    return True


def plan_key(selection: Selection) -> str:
    assert selection.programme is not None
    return f"{selection.programme.id}/{selection.track}/{selection.option}"


def choices(selection: Selection) -> frozenset[str]:
    return frozenset(st.session_state["plans"].get(plan_key(selection), ()))


def set_choices(selection: Selection, values: frozenset[str]) -> None:
    plans = dict(st.session_state["plans"])
    plans[plan_key(selection)] = sorted(values)
    st.session_state["plans"] = plans


def grades(selection: Selection, session: int = 1) -> dict[str, float | None]:
    assert selection.programme is not None
    store = "grades" if session == 1 else "session2_grades"
    return dict(st.session_state[store].get(selection.programme.id, {}))


def set_grades(selection: Selection, values: dict[str, float | None], session: int = 1) -> None:
    assert selection.programme is not None
    store = "grades" if session == 1 else "session2_grades"
    all_grades = dict(st.session_state[store])
    all_grades[selection.programme.id] = values
    st.session_state[store] = all_grades


def parameters(selection: Selection) -> Parameters:
    assert selection.programme is not None
    raw = st.session_state["params"].get(selection.programme.id, {})
    return Parameters(**raw)


def followed_courses(selection: Selection) -> tuple[str, ...]:
    """Courses of the plan: all of each unit, or those chosen."""
    assert selection.programme is not None
    picked = choices(selection)
    return tuple(
        c
        for u in selection.programme.units_for(selection.track, selection.option)
        for c in enrolled_courses(u, picked)
    )


def scenario(selection: Selection) -> Scenario:
    """The plan as the one scenario format. Grades are kept per programme, so switching
    option and back loses nothing; only the followed courses' grades are sent."""
    assert selection.programme is not None
    followed = set(followed_courses(selection))
    return Scenario(
        programme=selection.programme.id,
        track=selection.track,
        option=selection.option,
        choices=tuple(sorted(choices(selection))),
        # A component's grade is kept under "course/component" (planner.rules.components).
        grades={c: g for c, g in grades(selection, 1).items() if split_key(c)[0] in followed},
        session2_grades={
            c: g for c, g in grades(selection, 2).items() if split_key(c)[0] in followed
        },
        parameters=parameters(selection),
    )


def evaluation(selection: Selection) -> Evaluation:
    assert selection.programme is not None
    return evaluate(selection.programme, scenario(selection))
