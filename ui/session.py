"""The student's plan in the session: the one module that reads or writes its keys.

Widgets of a page are forgotten by Streamlit when another page runs, so the plan lives in
plain session-state keys that only callbacks write; widgets are re-seeded from them when a
page is drawn again. Pages, the rest of ui/ and the tests go through `PlanStore` (tests
hand it AppTest's session state): a key is named here and nowhere else
(tests/app/test_session_owner.py checks it). Nothing here touches the disk: grades stay in
the browser session.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

import streamlit as st

from planner.applied import apply_parameters
from planner.catalogue import Programme
from planner.engine import enrolled_courses
from planner.evaluation import Evaluation, evaluate
from planner.messages import LANGS, Lang
from planner.rules.components import split_key
from planner.scenario import Grade, Parameters, Scenario, ScenarioError

# Per programme: grades per course (or "course/component"), chosen courses per plan, the
# chosen rules' parameters; the saved scenarios by name (their JSON text); the Odds page's
# beliefs per course (expected grade, spread).
GRADES = "grades"
SESSION2_GRADES = "session2_grades"
PLANS = "plans"
PARAMS = "params"
SAVED = "saved"
BELIEFS = "beliefs"
# The sidebar's own widgets: they hold the selection.
PROGRAMME, TRACK, OPTION = "programme", "track", "option"
LANG = "lang"
# A saved scenario the student asked to open: opened by the next run, before any page.
PENDING_OPEN = "pending_load"
# The saved scenario last deleted, that an Undo puts back (a Deleted).
DELETED = "saved_deleted"
# The plan last built and its evaluation (judged()): not part of the plan, rebuilt from it.
JUDGED = "judged_plan"
# The programmes this session knows beyond the shipped ones (ui.own_programme): by id, the
# one the student builds here and those opened from a link or a plan file.
OWN = "own_programmes"
# The programme the "My programme" page edits (ui.own_programme.Draft), valid or not yet.
DRAFT = "programme_draft"
PLAN_KEYS = (GRADES, SESSION2_GRADES, PLANS, PARAMS, SAVED, BELIEFS, PROGRAMME, TRACK, OPTION)
SELECTION_KEYS = (PROGRAMME, TRACK, OPTION)


class State(Protocol):
    """What PlanStore needs of a session state: Streamlit's, or AppTest's in the tests."""

    def __getitem__(self, key: str) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...
    def __contains__(self, key: object) -> bool: ...
    def __iter__(self) -> Iterator[Any]: ...
    def get(self, key: str, default: Any = None) -> Any: ...


class PlanStore:
    """The plan's keys of one session state, typed. Each setter replaces the whole value
    (never mutated in place): Streamlit sees the change, and a value read before is not
    changed behind its reader's back."""

    def __init__(self, state: State) -> None:
        self._state = state

    def start(self) -> None:
        """The empty plan, for the keys not set yet (a new session, or after a reset)."""
        for key in (PLANS, GRADES, SESSION2_GRADES, PARAMS, SAVED, BELIEFS):
            if key not in self._state:
                self._state[key] = {}

    @property
    def grades(self) -> dict[str, dict[str, Grade]]:
        """Session 1's grades, by programme."""
        return dict(self._state.get(GRADES) or {})

    @grades.setter
    def grades(self, value: dict[str, dict[str, Grade]]) -> None:
        self._state[GRADES] = value

    @property
    def session2_grades(self) -> dict[str, dict[str, Grade]]:
        return dict(self._state.get(SESSION2_GRADES) or {})

    @session2_grades.setter
    def session2_grades(self, value: dict[str, dict[str, Grade]]) -> None:
        self._state[SESSION2_GRADES] = value

    def session_grades(self, session: int) -> dict[str, dict[str, Grade]]:
        return self.grades if session == 1 else self.session2_grades

    def set_session_grades(self, session: int, value: dict[str, dict[str, Grade]]) -> None:
        if session == 1:
            self.grades = value
        else:
            self.session2_grades = value

    @property
    def plans(self) -> dict[str, list[str]]:
        """The chosen courses, by plan_key()."""
        return dict(self._state.get(PLANS) or {})

    @plans.setter
    def plans(self, value: dict[str, list[str]]) -> None:
        self._state[PLANS] = value

    @property
    def params(self) -> dict[str, dict[str, Any]]:
        """The chosen rules' parameters (planner.scenario.Parameters fields), by programme."""
        return dict(self._state.get(PARAMS) or {})

    @params.setter
    def params(self, value: dict[str, dict[str, Any]]) -> None:
        self._state[PARAMS] = value

    def programme_params(self, programme_id: str) -> dict[str, Any]:
        return dict(self.params.get(programme_id, {}))

    def set_programme_params(self, programme_id: str, value: dict[str, Any]) -> None:
        self.params = {**self.params, programme_id: value}

    @property
    def saved(self) -> dict[str, str]:
        """The saved scenarios: name → the scenario's JSON text."""
        return dict(self._state.get(SAVED) or {})

    @saved.setter
    def saved(self, value: dict[str, str]) -> None:
        self._state[SAVED] = value

    def delete_saved(self, name: str) -> None:
        """Delete the saved scenario `name`, kept so that undo_delete() puts it back."""
        saved = self.saved
        if name not in saved:
            return
        place = list(saved).index(name)
        left = {k: v for k, v in saved.items() if k != name}
        self.saved = left
        self._state[DELETED] = Deleted(name=name, text=saved[name], place=place, left=left)

    @property
    def deleted(self) -> Deleted | None:
        """The scenario last deleted, while an Undo can put it back as it was: as long as
        the list is still the one its deletion left (a save, an open that keeps the plan
        or another tab's change since ends the offer)."""
        deleted = self._state.get(DELETED)
        if isinstance(deleted, Deleted) and deleted.left == self.saved:
            return deleted
        return None

    def undo_delete(self) -> str | None:
        """Put the scenario last deleted back, under its name and in its place; its name,
        or None when the list has changed since (nothing is then put back)."""
        deleted = self.deleted
        self._state[DELETED] = None
        if deleted is None:
            return None
        items = list(deleted.left.items())
        items.insert(deleted.place, (deleted.name, deleted.text))
        self.saved = dict(items)
        return deleted.name

    @property
    def own_programmes(self) -> dict[str, Any]:
        """The programmes not shipped that this session knows (ui.own_programme.Own), by id."""
        return dict(self._state.get(OWN) or {})

    @own_programmes.setter
    def own_programmes(self, value: dict[str, Any]) -> None:
        self._state[OWN] = value

    @property
    def draft(self) -> Any:
        """The programme being built (ui.own_programme.Draft), or None."""
        return self._state.get(DRAFT)

    @draft.setter
    def draft(self, value: Any) -> None:
        self._state[DRAFT] = value

    def beliefs(self, programme_id: str) -> dict[str, tuple[float | None, float | None]]:
        """The Odds page's table as last read: expected grade and spread, by course."""
        return dict((self._state.get(BELIEFS) or {}).get(programme_id, {}))

    def set_beliefs(
        self, programme_id: str, value: dict[str, tuple[float | None, float | None]]
    ) -> None:
        self._state[BELIEFS] = {**(self._state.get(BELIEFS) or {}), programme_id: value}

    def selected(self, key: str) -> str | None:
        """The sidebar's programme, track or option (one of SELECTION_KEYS)."""
        assert key in SELECTION_KEYS
        value = self._state.get(key)
        return value if isinstance(value, str) else None

    def select(self, key: str, value: str | None) -> None:
        assert key in SELECTION_KEYS
        self._state[key] = value

    def keep_selection(self) -> None:
        """Re-assigned so that the sidebar's values survive a page switch (Streamlit drops
        a widget's key when a page without that widget runs)."""
        for key in SELECTION_KEYS:
            if key in self._state:
                self._state[key] = self._state[key]

    @property
    def programme(self) -> str | None:
        return self.selected(PROGRAMME)

    @programme.setter
    def programme(self, value: str | None) -> None:
        self.select(PROGRAMME, value)

    @property
    def track(self) -> str | None:
        return self.selected(TRACK)

    @track.setter
    def track(self, value: str | None) -> None:
        self.select(TRACK, value)

    @property
    def option(self) -> str | None:
        return self.selected(OPTION)

    @option.setter
    def option(self, value: str | None) -> None:
        self.select(OPTION, value)

    @property
    def lang(self) -> Lang | None:
        value = self._state.get(LANG)
        return value if value in LANGS else None

    @lang.setter
    def lang(self, value: Lang | None) -> None:
        self._state[LANG] = value

    def ask_to_open(self, name: str, text: str) -> None:
        """Open a saved scenario at the next run's start (ui.persistence.init_state)."""
        self._state[PENDING_OPEN] = (name, text)

    def take_open_request(self) -> tuple[str, str] | None:
        request = self._state.get(PENDING_OPEN)
        if request is not None:
            self._state[PENDING_OPEN] = None
        return request  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Deleted:
    """A saved scenario deleted: its name, its text, its place in the list, and the list
    its deletion left."""

    name: str
    text: str
    place: int
    left: dict[str, str]


def store() -> PlanStore:
    """The plan of this session."""
    return PlanStore(st.session_state)


def default_lang() -> Lang:
    locale = (st.context.locale or "").lower()
    return "fr" if locale.startswith("fr") else "en"


def lang() -> Lang:
    return store().lang or default_lang()


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


def plan_key(selection: Selection) -> str:
    assert selection.programme is not None
    return f"{selection.programme.id}/{selection.track}/{selection.option}"


def choices(selection: Selection) -> frozenset[str]:
    return frozenset(store().plans.get(plan_key(selection), ()))


def set_choices(selection: Selection, values: frozenset[str]) -> None:
    plans = store()
    plans.plans = {**plans.plans, plan_key(selection): sorted(values)}


def grades(selection: Selection, session: int = 1) -> dict[str, Grade]:
    assert selection.programme is not None
    return dict(store().session_grades(session).get(selection.programme.id, {}))


def set_grades(selection: Selection, values: dict[str, Grade], session: int = 1) -> None:
    assert selection.programme is not None
    plan = store()
    plan.set_session_grades(
        session, {**plan.session_grades(session), selection.programme.id: values}
    )


def parameters(selection: Selection) -> Parameters:
    assert selection.programme is not None
    return Parameters(**store().programme_params(selection.programme.id))


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
        # A programme the student built or was sent travels with the plan: its link and
        # its file open it anywhere (ui.own_programme).
        own_programme=_own_document(selection.programme.id),
    )


def _own_document(programme_id: str) -> dict[str, Any] | None:
    found = store().own_programmes.get(programme_id)
    return getattr(found, "document", None)


class Judged:
    """A plan and, each computed when first asked and then kept, its evaluation, the rules
    it is judged by and its share-link token."""

    def __init__(self, programme: Programme, plan: Scenario) -> None:
        self.programme = programme
        self.plan = plan

    @cached_property
    def applied(self) -> Programme:
        """The programme with the plan's chosen rules applied (planner.applied), as the
        evaluation reads it. Raises ScenarioError for refused parameters."""
        return apply_parameters(
            self.programme, self.plan.parameters, self.plan.track, self.plan.option
        )

    @cached_property
    def text(self) -> str:
        """The plan as its one-line JSON text: the key of what is computed from it and
        shared between sessions (the odds), and the text a saved plan keeps (Compare)."""
        return self.plan.to_json(indent=None)

    @cached_property
    def url(self) -> str | None:
        """The plan as a link's token (compressed: the address bar and the browser's
        copy both hold it), or None for a plan whose programme (one a student built) is
        too large for a link: it is shared as a file, and the address bar holds its
        choices only."""
        try:
            return self.plan.to_url()
        except ScenarioError:  # refusal.link_programme_too_big: compressed once, not twice
            return None

    @cached_property
    def stored(self) -> str:
        """The plan as the browser's own copy keeps it: its link, or for a plan too large
        for a link the same token, longer (Scenario.stored_token)."""
        return self.url if self.url is not None else self.plan.stored_token()

    @cached_property
    def evaluation(self) -> Evaluation:
        """Raises ScenarioError for rules the programme refuses (they never enter the
        session from the pages, but a plan opened from elsewhere is checked here).
        Judged by `applied`: the plan's rules are applied once, for every view."""
        return evaluate(self.programme, self.plan, applied=self.applied)


def judged(selection: Selection) -> Judged:
    """The plan of `selection` and its evaluation, built once per change of the plan: every
    part of a run that draws from them (a page's fragments, the sidebar's exports, the
    address bar) asks here, and a run that changed nothing builds nothing."""
    programme = selection.programme
    assert programme is not None
    plan = store()
    inputs = (
        selection.track,
        selection.option,
        plan.plans.get(plan_key(selection)),
        plan.grades.get(programme.id),
        plan.session2_grades.get(programme.id),
        plan.params.get(programme.id),
    )
    kept = st.session_state.get(JUDGED)
    if kept is not None and kept[0] is programme and kept[1] == inputs:
        return kept[2]  # type: ignore[no-any-return]
    built = Judged(programme, scenario(selection))
    st.session_state[JUDGED] = (programme, inputs, built)
    return built


def evaluation(selection: Selection) -> Evaluation:
    return judged(selection).evaluation
