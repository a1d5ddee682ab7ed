"""The plan's transitions: a scenario made the current plan, the saved scenarios' list,
and the notice for the next page drawn. Drawn by ui.sidebar, kept by ui.persistence,
shared by ui.share; the plan's keys themselves are ui.session's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import streamlit as st

from planner.catalogue import Catalogue, Programme, load_catalogue
from planner.evaluation import Evaluation, check_scenario, evaluate
from planner.limits import quote
from planner.scenario import MAX_SAVED, MAX_SAVED_NAME, SavedPlan, Scenario, ScenarioError
from ui import own_programme
from ui.i18n import t
from ui.session import Selection, judged, lang, set_choices, set_grades, store

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
def shipped_catalogue() -> Catalogue:
    """Loaded once per server process; frozen pydantic models, safe to share."""
    return load_catalogue()


def catalogue() -> Catalogue:
    """The programmes this session can plan on: the shipped ones, then those the student
    built or opened from someone's link (ui.own_programme)."""
    return own_programme.with_own(shipped_catalogue())


def narrow_screen() -> bool:
    """A phone, told by its browser ("Mobile" in every phone browser's user agent; tablets
    get the desktop layout). The server knows no viewport width."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobi" in agent


# The notice for the next page drawn (notify()), and the last one drawn: the sidebar shows
# the one and keeps the other.
NOTICE = "notice"
LAST_NOTICE = "last_notice"
# The sidebar's selection as drawn this run (a Selection).
CURRENT = "current_selection"


def notify(kind: Literal["success", "warning"], key: str, **quoted: object) -> None:
    """A notice for the next page drawn. Every parameter is outside text (a file name, a
    refusal reason quoting the input): it is escaped when drawn, in the app's language (a
    refusal is kept as such, to be written in the language of the page that shows it)."""
    kept = {
        n: v.with_traceback(None) if isinstance(v, ScenarioError) else str(v)
        for n, v in quoted.items()
    }
    st.session_state[NOTICE] = (kind, key, kept)


def current_scenario() -> Scenario | None:
    selection = st.session_state.get(CURRENT)
    if isinstance(selection, Selection) and selection.complete:
        return judged(selection).plan
    return None


def keep_before(opened: str, before: Scenario | None) -> str:
    """Keep the plan an "Open" replaces among the saved ones; the name it got, or ""."""
    plan = store()
    saved = plan.saved
    if before is None or not (before.choices or before.grades or before.session2_grades):
        return ""
    text = before.to_json(indent=None)
    if text in saved.values():
        return next(name for name, value in saved.items() if value == text)
    name = free_name(t("before_opening", lang(), plan=opened)[:MAX_SAVED_NAME], saved)
    if len(saved) >= MAX_SAVED:
        return ""
    saved[name] = text
    plan.saved = saved
    return name


def open_would_lose_the_plan() -> bool:
    """Opening a saved scenario now would lose the current plan: it has content, is not
    among the saved ones, and the list is too full to keep it as « Before … »."""
    current = current_scenario()
    if current is None or not (current.choices or current.grades or current.session2_grades):
        return False
    saved = store().saved
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
    if scenario.own_programme is not None:  # a programme someone built travels with it
        scenario, programme = own_programme.shared(scenario)
    else:
        found = catalogue().get(scenario.programme)
        if found is None:
            raise ScenarioError("refusal.unknown_programme", programme=quote(scenario.programme))
        programme = found
    check_scenario(programme, scenario)
    if scenario.own_programme is not None:
        own_programme.keep_shared(scenario, programme)
    plan = store()
    plan.programme = programme.id
    plan.track = scenario.track
    plan.option = scenario.option
    selection = Selection(programme=programme, track=scenario.track, option=scenario.option)
    set_choices(selection, frozenset(scenario.choices))
    set_grades(selection, dict(scenario.grades), 1)
    set_grades(selection, dict(scenario.session2_grades), 2)
    plan.set_programme_params(programme.id, scenario.parameters.model_dump(exclude_none=True))
    _clear_widgets()


def saved_plans() -> tuple[SavedPlan, ...]:
    plans = []
    for name, text in store().saved.items():
        try:
            plans.append(SavedPlan(name=name, plan=Scenario.from_json(text)))
        except (ScenarioError, ValueError):
            continue
    return tuple(plans)


def merge_saved(plans: Sequence[SavedPlan]) -> tuple[int, int]:
    """Add saved plans to the session's list (a name taken by another plan gets the next
    free one; one already there is not added twice). How many were added, and how many
    were left out because the list holds MAX_SAVED at most."""
    plan_store = store()
    saved = plan_store.saved
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
    plan_store.saved = saved
    return added, full


# Each saved scenario's text judged (saved_evaluations()), kept while it is saved.
SAVED_JUDGED = "saved_judged"


def _judge(text: str) -> tuple[Programme, Evaluation] | ScenarioError:
    try:
        scn = Scenario.from_json(text)
        programme = (
            own_programme.read_own(scn.own_programme)
            if scn.own_programme is not None
            else catalogue().get(scn.programme)
        )
        if programme is None:
            raise ScenarioError("refusal.unknown_programme", programme=quote(scn.programme))
        return programme, evaluate(programme, scn)
    except ScenarioError as error:
        return error.with_traceback(None)  # kept in the session: not its frames


def saved_evaluations(
    saved: dict[str, str],
) -> tuple[dict[str, tuple[Programme, Evaluation]], dict[str, ScenarioError]]:
    """Each saved scenario evaluated, or the reason it cannot be: a programme this app does
    not have (retired, or from another deployment), or rules its programme refuses. Each
    text is parsed and evaluated once while it stays saved, not on every run."""
    kept: dict[str, tuple[Programme, Evaluation] | ScenarioError] = st.session_state.get(
        SAVED_JUDGED, {}
    )
    judged_now = {text: kept[text] if text in kept else _judge(text) for text in saved.values()}
    st.session_state[SAVED_JUDGED] = judged_now
    evaluations: dict[str, tuple[Programme, Evaluation]] = {}
    unusable: dict[str, ScenarioError] = {}
    for label, text in saved.items():
        outcome = judged_now[text]
        if isinstance(outcome, ScenarioError):
            unusable[label] = outcome
        else:
            evaluations[label] = outcome
    return evaluations, unusable
