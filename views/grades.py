"""Grades: hypothetical grades in, verdict per unit and for the year out, then session 2.

Everything below the title is one fragment (`grades`): a widget in it reruns it alone,
never the sidebar or the router. The grades are typed in one sheet element (ui.grade_sheet)
that also draws the year's and each unit's verdict, so that an edit's answer is that
element's new data. A grade edit's callback (ui.grades_edit: the sheet's, or the form's
send button) stores the grades and reruns only the parts it changed, each a keyed
fragment: the sheet (which also keeps the address bar and the browser's copy), the
retakes, the minimums. A refused grade is said at its field, by the sheet or the form
that draws it. This page only draws: its lines are written by
ui.grade_cards, ui.retake_lines, ui.minimum_lines and ui.grades_notices.
"""

from __future__ import annotations

import streamlit as st

from planner.messages import number
from planner.scenario import ScenarioError
from ui import grades_edit as edit
from ui import grades_notices, present, rule_parameters
from ui.format import say
from ui.grade_cards import banner, cards
from ui.grade_form import grade_form
from ui.grade_sheet import sheet
from ui.i18n import t
from ui.minimum_lines import minimum_lines
from ui.own_programme import origin_of
from ui.persistence import fragment_outside
from ui.present import Line
from ui.retake_lines import retake_lines
from ui.session import Selection, judged, lang
from ui.sidebar import require_selection, sidebar

selection = sidebar()
current = lang()
st.title(t("grades_title", current))


def _lines(lines: list[Line]) -> None:
    for line in lines:
        (st.caption if line.small else st.markdown)(line.text)


def _notice(notice: grades_notices.Notice) -> None:
    (st.warning if notice.kind == "warning" else st.info)(notice.text, icon=notice.icon)


def _show_minimums(sel: Selection) -> None:
    assert sel.programme is not None
    st.subheader(t("need_title", current))
    _lines(minimum_lines(sel.programme, judged(sel).evaluation, current))


def _rule_parameters(sel: Selection) -> None:
    programme = sel.programme
    assert programme is not None
    with st.expander(t("rules_applied", current)):
        _lines(grades_notices.rule_lines(programme, current))
        rule_parameters.session2_and_bonus(programme, current)


def _show_sheet(sel: Selection, followed: list[str]) -> None:
    """Session 1's fields (unless the form holds them), the year's and each unit's verdict."""
    assert sel.programme is not None
    result = judged(sel).evaluation
    entry = not edit.form_mode()
    sheet(
        edit.sheet_key(1),
        rows=edit.rows(sel, followed, 1, current) if entry else (),
        headers=edit.headers(sel.programme, current) if entry else None,
        year=banner(result, current, origin_of(sel.programme)),
        cards=cards(result, edit.figures(sel), sel.programme, current, origin_of(sel.programme)),
        on_edit=lambda typed: edit.on_sheet_edit(sel, 1, typed),
        # The address bar and the browser's copy follow each grade stored, as after_page()
        # does after a full run (which a fragment run is not).
        outside=fragment_outside(sel),
    )


def _show_retakes(sel: Selection) -> None:
    programme = sel.programme
    assert programme is not None
    result = judged(sel).evaluation
    st.subheader(t("retakes_title", current))
    _lines(retake_lines(programme, result, edit.figures(sel), current))
    session2_courses = edit.session2_fields(result)
    if session2_courses:
        st.caption(t("session2_intro", current))
        if edit.form_mode():
            grade_form(sel, session2_courses, 2, current)
        else:
            sheet(
                edit.sheet_key(2),
                rows=edit.rows(sel, session2_courses, 2, current),
                headers=edit.headers(programme, current),
                on_edit=lambda typed: edit.on_sheet_edit(sel, 2, typed),
            )


def _grades_body(sel: Selection, followed: list[str], graded_units: set[str]) -> None:
    # The sheet sends each grade as it is typed; the form sends them all with one button.
    # The choice is kept for the session.
    edit.seed_form_mode()
    st.toggle(
        t("grades_as_form", current),
        key=edit.FORM_MODE,
        help=t("grades_as_form_help", current),
        on_change=edit.keep_form_mode,
    )
    for hint in grades_notices.entry_hints(sel, graded_units, current):
        st.caption(present.name(hint))  # our sentence, with the file's unit names in it
    if edit.form_mode():
        grade_form(sel, followed, 1, current)
    try:
        result = judged(sel).evaluation
    except ScenarioError as error:  # should not happen: every grade stored is on the scale
        st.error(say("evaluation_refused", current, reason=error))
        st.stop()
    if (incomplete := grades_notices.incomplete_notice(result, current)) is not None:
        _notice(incomplete)
    if problem_texts := grades_notices.problems(result, current):
        st.subheader(t("problems", current))
        for problem in problem_texts:
            st.warning(present.name(problem))  # the engine's sentence, names in it
    st.fragment(_show_sheet, key=edit.SHEET)(sel, followed)
    st.fragment(_show_retakes, key=edit.RETAKES)(sel)
    st.fragment(_show_minimums, key=edit.MINIMUMS)(sel)
    _rule_parameters(sel)
    edit.keep_drawn(sel)


if require_selection(selection):
    programme = selection.programme
    assert programme is not None
    for notice in grades_notices.notices(selection, current):
        _notice(notice)
    st.caption(t("grades_intro", current, max=number(programme.grade_scale.max, current)))
    graded_units = edit.graded_units(selection)
    followed = edit.graded_courses(selection, graded_units)
    st.fragment(_grades_body, key=edit.WHOLE)(selection, followed, graded_units)
