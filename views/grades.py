"""Grades: hypothetical grades in, verdict per unit and for the year out, then session 2.

Everything below the title is one fragment (`grades`): a widget in it reruns it alone,
never the sidebar or the router. The grades are typed in one sheet element (ui.grade_sheet)
that also draws the year's and each unit's verdict, so that an edit's answer is that
element's new data. A grade edit's callback (ui.grades_edit: the sheet's, or the form's
send button) stores the grades and reruns only the parts it changed, each a keyed
fragment: the sheet (which also keeps the address bar and the browser's copy), the
retakes, the minimums, the warnings. This page only draws.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from planner.catalogue import in_language
from planner.evaluation import course_grades_of, problem_text
from planner.messages import grade_text, number
from planner.presets import chooses_rules
from planner.rules.capitalisation import retake_short_of, retake_threshold
from planner.rules.components import entry_keys, entry_name, retake_name, split_key
from planner.scenario import ScenarioError
from ui import grades_edit as edit
from ui import page_keys, present
from ui.format import say
from ui.grade_cards import banner, cards
from ui.grade_entry import shown
from ui.grade_sheet import field_label, sheet
from ui.i18n import t
from ui.minimum_lines import minimum_blocks, not_allowed_lines
from ui.persistence import fragment_outside
from ui.session import Selection, followed_courses, grades, judged, lang, parameters, plan_key
from ui.session import store as plan_store
from ui.sidebar import require_selection, sidebar

selection = sidebar()
current = lang()
st.title(t("grades_title", current))

FIELD_WIDTH = 320  # a form's grade field: room for its course's name, within a phone's 390 px


def _form(sel: Selection, courses: list[str], session: int) -> None:
    """The same grades as a form: every field sent at once, by one button."""
    programme = sel.programme
    assert programme is not None
    stored = grades(sel, session)
    unit_of = edit.unit_of(sel)
    figures = edit.figures(sel)
    keys = entry_keys(programme, courses, session)
    with st.form(f"grades_form::{plan_key(sel)}::{session}", border=True):
        for course in keys:
            name = entry_name(programme, course, current)
            unit = unit_of.get(split_key(course)[0], "")
            # Each field with « absent » below it, not beside it: a row of columns is five
            # more blocks that the browser redraws on every grade sent (measured: a quarter
            # of an edit's time), and a phone stacks them anyway.
            # The catalogue's own names, not escaped: a label is also the field's
            # accessible name, where an escape would be read out as a backslash.
            st.text_input(
                field_label(name, unit, session, current),
                value=shown(stored.get(course), current, figures),
                max_chars=12,
                key=edit.form_key(session, course),
                width=FIELD_WIDTH,
            )
            st.checkbox(
                t("absent", current),
                value=course in stored and stored[course] is None,
                key=edit.form_absent_key(session, course),
            )
        st.form_submit_button(
            t("grades_form_send", current),
            type="primary",
            key=f"grades_form_send::{session}",
            on_click=edit.on_form_send,
            args=(sel, keys, session),
        )


def _show_minimums(sel: Selection) -> None:
    assert sel.programme is not None
    result = judged(sel).evaluation
    st.subheader(t("need_title", current))
    for line in not_allowed_lines(result, current):
        st.markdown(line)
    if not result.minimums:
        st.caption(t("nothing_pending", current))
        return
    st.caption(t("need_intro", current))
    for block in minimum_blocks(sel.programme, result, current):
        st.markdown(block)


def _rule_parameters(sel: Selection) -> None:
    programme = sel.programme
    assert programme is not None
    params = plan_store().programme_params(programme.id)
    with st.expander(t("rules_applied", current)):
        for rule in programme.rules.units:
            tag = "" if rule.status == "published" else f" *({t('assumption', current)})*"
            st.markdown(f"{present.bold_name(programme.unit(rule.unit).name)}{tag}")
            if rule.source:
                st.caption(f"« {rule.source} »")
            if rule.note:
                st.caption(rule.note.text(current))
        policy_key = f"policy::{programme.id}"
        page_keys.seed(policy_key, params.get("session2_policy", programme.rules.session2.policy))
        st.radio(
            t("session2_policy", current) + f" ({t('assumption', current)})",
            options=["replace", "keep_best"],
            format_func=lambda p: t(f"policy_{p}", current),
            key=policy_key,
            on_change=edit.keep_parameter,
            args=(programme.id, "session2_policy", policy_key),
            horizontal=True,
        )
        if programme.rules.session2.note:
            st.caption(programme.rules.session2.note.text(current))
        if programme.rules.bonus.formula != "none":
            rate_key = f"rate::{programme.id}"
            rate = float(params.get("bonus_rate", programme.rules.bonus.rate))
            page_keys.seed(rate_key, rate)
            # A select slider, to write the rate the app's language's way ("0,1").
            st.select_slider(
                t("bonus_rate", current),
                options=sorted({i / 20 for i in range(21)} | {rate}),
                format_func=lambda r: number(r, current),
                key=rate_key,
                on_change=edit.keep_parameter,
                args=(programme.id, "bonus_rate", rate_key),
            )
            if programme.rules.bonus.note:
                st.caption(programme.rules.bonus.note.text(current))


def _show_warnings(session: int) -> None:
    for warning in edit.warnings(session):
        st.warning(warning)


def _show_sheet(sel: Selection, followed: list[str]) -> None:
    """Session 1's fields (unless the form holds them), the year's and each unit's verdict."""
    assert sel.programme is not None
    result = judged(sel).evaluation
    entry = not edit.form_mode()
    sheet(
        edit.sheet_key(1),
        rows=edit.rows(sel, followed, 1, current) if entry else (),
        headers=edit.headers(sel.programme, current) if entry else None,
        year=banner(result, current),
        cards=cards(result, edit.figures(sel), sel.programme, current),
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
    retaken = [c for u in result.units for c in u.retakes]
    maybe = [c for u in result.units for c in u.retakes_if_below]
    # Course grades: a course graded by components its computed one, its retaken
    # components named (« Exam of Statistics »).
    entered, _ = course_grades_of(programme, result.scenario)
    figures = edit.figures(sel)
    for u in result.units:
        for c in u.retakes:
            grade = entered.get(c)
            text = (
                grade_text(grade, current, figures, typed=True)  # type: ignore[arg-type]
                if grade is not None
                else t("absent", current).lower()
            )
            retaken_name = present.bold_name(retake_name(programme, c, current))
            st.markdown(f"- {retaken_name} ({text}) — {present.name(u.name)}")
        if u.retakes_if_below:
            names = ", ".join(present.name(programme.course(c).name) for c in u.retakes_if_below)
            threshold = number(retake_threshold(programme, u.rule), current)
            key = f"retakes_if_{retake_short_of(programme, u.rule)}"  # not above: strict
            st.caption(t(key, current, threshold=threshold, courses=names))
    if not retaken and not maybe:
        st.caption(t("no_retakes", current))
    session2_courses = [c for u in result.units for c in edit.session2_courses(u)]
    if session2_courses:
        st.caption(t("session2_intro", current))
        if edit.form_mode():
            _form(sel, session2_courses, 2)
        else:
            sheet(
                edit.sheet_key(2),
                rows=edit.rows(sel, session2_courses, 2, current),
                headers=edit.headers(programme, current),
                on_edit=lambda typed: edit.on_sheet_edit(sel, 2, typed),
            )
        _show_warnings(2)


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
    # Which grades count, where they are typed ("only your 4 best count"), under the
    # rules that apply (the student's own choice, for a programme that publishes none).
    with contextlib.suppress(ScenarioError):  # a refused choice is said by the evaluation
        applied = judged(sel).applied  # the rules the verdicts read
        for unit in applied.units_for(sel.track, sel.option):
            rule = applied.rule_for(unit.id) if unit.id in graded_units else None
            for hint in rule.entry_hints(applied, unit, current) if rule else ():
                st.caption(hint)
    if edit.form_mode():
        _form(sel, followed, 1)
    st.fragment(_show_warnings, key=edit.warnings_key(1))(1)
    try:
        result = judged(sel).evaluation
    except ScenarioError as error:  # should not happen: every grade stored is on the scale
        st.error(say("evaluation_refused", current, reason=error))
        st.stop()
    incomplete = [present.name(u.name) for u in result.units if not u.choice_valid]
    if incomplete:
        st.warning(
            t("choose_first", current, units=", ".join(incomplete)), icon=":material/explore:"
        )
    other_problems = [p for p in result.problems if p.code != "choice_count"]
    if other_problems:
        st.subheader(t("problems", current))
        for problem in other_problems:
            st.warning(problem_text(problem, current))
    st.fragment(_show_sheet, key=edit.SHEET)(sel, followed)
    st.fragment(_show_retakes, key=edit.RETAKES)(sel)
    st.fragment(_show_minimums, key=edit.MINIMUMS)(sel)
    _rule_parameters(sel)
    edit.keep_drawn(sel)


if require_selection(selection):
    programme = selection.programme
    assert programme is not None
    scale = number(programme.grade_scale.max, current)
    if programme.grade_scale.status == "assumed":
        st.warning(t("assumed_scale", current, max=scale), icon=":material/warning:")
    if programme.rules.status == "assumed" and chooses_rules(parameters(selection)):
        # The assumed preset's note describes rules that no longer apply.
        st.info(t("chosen_rules_apply", current), icon=":material/tune:")
    elif programme.rules.status == "assumed":
        st.warning(
            t("assumed_rules", current, note=in_language(programme.rules.note, current) or ""),
            icon=":material/warning:",
        )
    st.caption(t("grades_intro", current, max=scale))
    graded_units = {
        u.id
        for u in programme.units_for(selection.track, selection.option)
        if u.kind in ("graded", "bonus")
    }
    followed = [
        c
        for c in followed_courses(selection)
        if any(c in programme.unit(u).courses for u in graded_units)
    ]
    st.fragment(_grades_body, key=edit.WHOLE)(selection, followed, graded_units)
