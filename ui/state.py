"""Session state and the shared sidebar every page draws.

Widgets of a page are forgotten by Streamlit when another page runs, so the student's
plan lives in plain session-state keys (`plans`, `grades`, `session2_grades`) that only
callbacks write; widgets are re-seeded from them when a page is drawn again.
Nothing here touches the disk: grades stay in the browser session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from planner.catalogue import Catalogue, Programme, load_catalogue
from planner.engine import enrolled_courses
from planner.evaluation import Evaluation, evaluate
from planner.limits import quote
from planner.messages import LANGS, Lang
from planner.scenario import MAX_JSON_BYTES, Parameters, Scenario, ScenarioError, check_against
from ui.download import browser_download
from ui.format import say
from ui.i18n import colon, t

SIDEBAR_KEYS = ("programme", "track", "option")
LINK_PARAM = "plan"
WIDGET_PREFIXES = ("choice::", "editor::", "base::", "policy::", "rate::")


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
        try:
            apply_scenario(Scenario.from_json(pending))
        except ScenarioError as error:
            notify("warning", "saved_refused", reason=error)
    token = st.query_params.get(LINK_PARAM)
    if token:
        # Applied once, then dropped from the URL: later edits are the student's own.
        del st.query_params[LINK_PARAM]
        try:
            apply_scenario(Scenario.from_url(token))
            notify("success", "link_restored")
        except ScenarioError as error:
            notify("warning", "link_refused", reason=error)


def _clear_widgets() -> None:
    """Drop page widgets so that they re-seed from the stored plan."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(WIDGET_PREFIXES):
            del st.session_state[key]


def apply_scenario(scenario: Scenario) -> None:
    """Make a scenario the current state, or raise ScenarioError and change nothing."""
    programme = catalogue().get(scenario.programme)
    if programme is None:
        raise ScenarioError(f"unknown programme {quote(scenario.programme)}")
    check_against(programme, scenario)
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


def reset() -> None:
    ss = st.session_state
    keep = ss.get("lang")
    for key in list(ss.keys()):
        del ss[key]
    ss["lang"] = keep
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
            format_func=lambda code: {"en": "English", "fr": "Français"}[code],
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
        )
        programme = cat.get(ss["programme"]) if ss.get("programme") else None
        track = option = None
        if programme is not None:
            track = _choice_box("track", {tr.id: tr.name for tr in programme.tracks})
            option = _choice_box("option", {o.id: o.name for o in programme.options})
            st.caption(f"{t('source', current)}{colon(current)}{programme.source.title}")
        selection = Selection(programme=programme, track=track, option=option)
        ss.pop(SHARE_SLOT, None)  # a run that failed before share_panel() left it
        if selection.complete:
            # Filled by share_panel() once the page has run: the page may store a grade
            # the student just typed, and the link, the file and the PDF must carry it.
            ss[SHARE_SLOT] = (st.container(), selection)
        else:
            _upload()
        st.button(t("reset", current), on_click=reset, type="secondary", key="reset_button")
    notice = ss.pop("notice", None)
    if notice:  # in the main area, where the student looks
        kind, key, quoted = notice
        (st.success if kind == "success" else st.warning)(say(key, current, **quoted))
    return selection


def notify(kind: Literal["success", "warning"], key: str, **quoted: object) -> None:
    """A notice for the next page drawn. Every parameter is outside text (a file name, a
    refusal reason quoting the input): it is escaped when drawn, in the app's language."""
    st.session_state["notice"] = (kind, key, {name: str(v) for name, v in quoted.items()})


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
            raise ScenarioError(t("file_not_json", lang()))
        data = file.getvalue()
        if len(data) > MAX_JSON_BYTES:
            raise ScenarioError(t("file_too_large", lang(), kb=MAX_JSON_BYTES // 1024))
        apply_scenario(Scenario.from_json(data))
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


def share_panel() -> None:
    """Draw "Share and save" in the sidebar place kept for it, from the state the page
    just drew. Called by the router after the page."""
    slot = st.session_state.pop(SHARE_SLOT, None)
    if slot is not None:
        container, selection = slot
        with container:
            _share_and_save(selection)


def _share_and_save(selection: Selection) -> None:
    current = lang()
    programme = selection.programme
    assert programme is not None
    plan = scenario(selection)  # once per rerun, for the link, the file and the PDF
    with st.expander(t("share_and_save", current), icon=":material/share:"):
        st.caption(t("share_link", current))
        st.code(share_link(plan), language=None, wrap_lines=False)
        # Both files are saved by the browser (ui.download): nothing with grades is left
        # at a server address.
        browser_download(
            t("download_json", current),
            plan.to_json().encode("utf-8"),
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
        _upload()
        st.caption(t("privacy", current))


PDF_KEY = "summary_pdf"


def _prepare_pdf(programme: Programme, plan: Scenario) -> None:
    """Build the PDF once, on request: fpdf and its fonts cost ~0.25 s, and most visits
    never print. Kept in the session (memory) for this exact plan and language only."""
    from planner.report import summary_pdf

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
        grades={c: g for c, g in grades(selection, 1).items() if c in followed},
        session2_grades={c: g for c, g in grades(selection, 2).items() if c in followed},
        parameters=parameters(selection),
    )


def evaluation(selection: Selection) -> Evaluation:
    assert selection.programme is not None
    return evaluate(selection.programme, scenario(selection))
