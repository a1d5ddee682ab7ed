"""The Grades page's controller: its fields as stored, an edit's callback (the sheet's, or
the form's send button) that stores the grades and reruns only the fragments it changed,
and the page's own session keys (the fields the last edit refused, the form mode). The page
(views/grades.py) only draws; typed text is read by ui.grade_entry, the fragments to
rerun decided by ui.reruns."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import streamlit as st

from planner.catalogue import Programme
from planner.evaluation import Evaluation, UnitResult, course_grades_of
from planner.messages import Lang, compared_figures, number
from planner.rules.components import entry_keys, entry_name, split_key
from planner.scenario import ScenarioError
from ui import reruns
from ui.grade_entry import Refusal, TypedField, read_typed, refusal_text, shown
from ui.grade_sheet import Headers, Row, Typed, field_label
from ui.i18n import t
from ui.session import (
    Selection,
    followed_courses,
    grades,
    judged,
    lang,
    plan_key,
    set_grades,
)

# The page's fragments, by key: the whole body, the sheet (which also keeps the address
# bar and the browser's copy), the retakes (with session 2's fields), the minimums.
WHOLE, SHEET, RETAKES, MINIMUMS = ("grades", "grades-sheet", "grades-retakes", "grades-minimums")
REFUSED = "grades_refused"
FORM_MODE = "grades_form_mode"
# The toggle's own key is dropped when another page runs; the choice is kept here.
FORM_MODE_KEPT = "grades_form_mode_kept"


def sheet_key(session: int) -> str:
    return f"grade_sheet::{session}"


def form_id(sel: Selection, session: int) -> str:
    """The form of `session`'s grades, one per plan (its fields start as that plan's)."""
    return f"grades_form::{plan_key(sel)}::{session}"


def form_key(session: int, course: str) -> str:
    return f"form::{session}::{course}"


def form_absent_key(session: int, course: str) -> str:
    return f"form_absent::{session}::{course}"


def refused_key(session: int) -> str:
    return f"{REFUSED}::{session}"


def refused(sel: Selection, session: int) -> dict[str, Refusal]:
    """The fields of `session` whose text the last edit refused, by course: those still
    standing (of this programme, the grade each kept still the one stored)."""
    assert sel.programme is not None
    programme_id, found = st.session_state.get(refused_key(session), (None, {}))
    if programme_id != sel.programme.id:
        return {}
    stored = grades(sel, session)
    return {course: r for course, r in found.items() if r.stands(course, stored)}


def refusal_texts(
    sel: Selection, session: int, language: Lang, *, markdown: bool
) -> dict[str, str]:
    """What each refused field of `session` says at the field (ui.grade_entry.refusal_text)."""
    assert sel.programme is not None
    compared = figures(sel)
    return {
        course: refusal_text(sel.programme, course, r, compared, language, markdown=markdown)
        for course, r in refused(sel, session).items()
    }


def form_mode() -> bool:
    """The grades typed in a form (sent by one button), not in the sheet."""
    return bool(st.session_state.get(FORM_MODE_KEPT, False))


def seed_form_mode() -> None:
    """The toggle's value as kept, before it is drawn."""
    st.session_state[FORM_MODE] = form_mode()


def keep_form_mode() -> None:
    st.session_state[FORM_MODE_KEPT] = st.session_state[FORM_MODE]


def figures(sel: Selection) -> tuple[float, ...]:
    """What a grade or a mean of this plan is compared with (ui.format.grade_text): the
    figures of the programme's rules and of the rules the student chose."""
    programme = sel.programme
    assert programme is not None
    scale = programme.grade_scale.max
    compared = compared_figures(programme.rules, scale)
    with contextlib.suppress(ScenarioError):  # a refused choice is said by the evaluation
        compared += compared_figures(judged(sel).applied.rules, scale)
    return compared


def graded_units(sel: Selection) -> set[str]:
    """The plan's units that grades are typed for (graded, or giving bonus points)."""
    programme = sel.programme
    assert programme is not None
    return {
        u.id for u in programme.units_for(sel.track, sel.option) if u.kind in ("graded", "bonus")
    }


def graded_courses(sel: Selection, units: set[str]) -> list[str]:
    """The plan's courses of `units`, in the plan's order."""
    programme = sel.programme
    assert programme is not None
    return [c for c in followed_courses(sel) if any(c in programme.unit(u).courses for u in units)]


def unit_of(sel: Selection) -> dict[str, str]:
    """Each course's unit name."""
    programme = sel.programme
    assert programme is not None
    return {c: u.name for u in programme.units_for(sel.track, sel.option) for c in u.courses}


def rows(sel: Selection, courses: list[str], session: int, language: Lang) -> list[Row]:
    """The sheet's fields for `courses`: as stored, or as typed where the text was refused
    (the field keeps what the student typed, and says at it which grade is used)."""
    programme = sel.programme
    assert programme is not None
    stored = grades(sel, session)
    compared = figures(sel)
    units = unit_of(sel)
    refusals = refused(sel, session)
    drawn = []
    # A course graded by components has a field per component (session 2: per retaken one).
    for course in entry_keys(programme, courses, session):
        name = entry_name(programme, course, language)
        unit = units.get(split_key(course)[0], "")
        refusal = refusals.get(course)
        drawn.append(
            Row(
                course=course,
                name=name,
                unit=unit,
                label=field_label(name, unit, session, language),
                absent_label=t("absent_of", language, course=name),
                value=refusal.typed if refusal else shown(stored.get(course), language, compared),
                absent=course in stored and stored[course] is None,
                refusal=(
                    refusal_text(programme, course, refusal, compared, language, markdown=False)
                    if refusal
                    else ""
                ),
            )
        )
    return drawn


def headers(programme: Programme, language: Lang) -> Headers:
    scale = number(programme.grade_scale.max, language)
    return Headers(
        course=t("course", language),
        grade=t("grade", language, max=scale),
        absent=t("absent", language),
    )


def session2_courses(unit: UnitResult) -> tuple[str, ...]:
    """The courses of `unit` with a session-2 field: those it retakes, or may retake."""
    if unit.session1.validated is False and unit.rule.session2:
        return (*unit.retakes, *unit.retakes_if_below)
    return ()


def session2_fields(result: Evaluation) -> list[str]:
    """Every course with a session-2 field, unit by unit."""
    return [c for u in result.units for c in session2_courses(u)]


def parts(sel: Selection, result: Evaluation) -> dict[str, object]:
    """What each fragment draws from, by its key (ui.reruns): a fragment whose value is
    unchanged after an edit is not drawn again. WHOLE stands for what only the whole
    fragment draws."""
    assert sel.programme is not None
    shown_grades, _ = course_grades_of(sel.programme, result.scenario)  # a component's too
    refused1 = tuple(sorted(refused(sel, 1).items()))
    return {
        WHOLE: (
            tuple(u.name for u in result.units if not u.choice_valid),
            tuple(p for p in result.problems if p.code != "choice_count"),
            tuple(u.unit for u in result.units),
            refused1 if form_mode() else (),  # the session-1 form is drawn by the whole
        ),
        # The year, the units and the session-1 fields: as stored, and each refused one
        # as typed with its refusal (a refused value leaves the verdicts as they were).
        # The sheet also carries the address bar and the browser's copy: it reruns on
        # every grade stored, of either session.
        SHEET: (
            result.year,
            tuple(result.units),
            tuple(sorted(grades(sel).items())),
            tuple(sorted(grades(sel, 2).items())),
            refused1,
        ),
        RETAKES: (
            tuple((u.retakes, u.retakes_if_below, session2_courses(u)) for u in result.units),
            tuple(shown_grades.get(c, "unknown") for u in result.units for c in u.retakes),
            tuple(sorted(refused(sel, 2).items())),
        ),
        MINIMUMS: result.minimums,
    }


def keep_drawn(sel: Selection) -> None:
    """At the end of the whole fragment: what every fragment was just drawn from."""
    reruns.drawn(parts(sel, judged(sel).evaluation))


def _store_typed(sel: Selection, session: int, typed: Sequence[TypedField]) -> None:
    """Store what was typed (ui.grade_entry), and which fields were refused."""
    assert sel.programme is not None
    stored = grades(sel, session)
    read = read_typed(sel.programme, stored, typed, figures(sel), lang())
    if read.grades != stored:
        set_grades(sel, read.grades, session)
    st.session_state[refused_key(session)] = (sel.programme.id, read.refused)


def _after_edit(sel: Selection, own: str) -> None:
    """Once the grades are stored: rerun the fragments that changed (a refusal is drawn
    at its field, by the fragment that draws the field). `own`: the fragment whose rerun
    the edit asked for (the sheet's, the retakes' for session 2, the whole one for the
    session-1 form)."""
    try:
        after = parts(sel, judged(sel).evaluation)
    except ScenarioError:
        if own != WHOLE:
            st.rerun([WHOLE])  # which says why
        return
    reruns.after_edit(after, own, WHOLE)


def on_sheet_edit(sel: Selection, session: int, typed: Typed) -> None:
    _store_typed(sel, session, typed)
    _after_edit(sel, own=SHEET if session == 1 else RETAKES)


def on_form_send(sel: Selection, courses: list[str], session: int) -> None:
    ss = st.session_state
    typed = [
        (c, ss.get(form_key(session, c)), bool(ss.get(form_absent_key(session, c))))
        for c in courses
    ]
    # The session-1 form is in the whole fragment, session 2's in the retakes'.
    _store_typed(sel, session, typed)
    _after_edit(sel, own=WHOLE if session == 1 else RETAKES)
