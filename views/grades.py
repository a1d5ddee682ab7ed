"""Grades: hypothetical grades in, verdict per unit and for the year out, then session 2."""

import contextlib

import streamlit as st

from planner.catalogue import in_language
from planner.evaluation import Evaluation, problem_text
from planner.messages import number
from planner.presets import with_chosen_rules
from planner.scenario import ScenarioError
from ui.editor import course_table
from ui.format import GradeTextError, plain, say, typed_number, verdict
from ui.i18n import colon, t
from ui.state import (
    Selection,
    evaluation,
    followed_courses,
    grades,
    lang,
    narrow_screen,
    parameters,
    plan_key,
    require_selection,
    set_grades,
    sidebar,
)

selection = sidebar()
current = lang()
st.title(t("grades_title", current))

GRADE, ABSENT = "grade", "absent"
COURSE_WIDTH_ON_PHONE, GRADE_WIDTH_ON_PHONE = 200, 70
narrow = narrow_screen()
FORM_MODE = "grades_form_mode"


def _editor(sel: Selection, courses: list[str], session: int) -> list[str]:
    """A grade table for `courses`; writes the grades to the session. Returns warnings."""
    programme = sel.programme
    assert programme is not None
    scale = programme.grade_scale.max
    max_shown = number(scale, current)
    stored = grades(sel, session)

    unit_of = {c: u.name for u in programme.units_for(sel.track, sel.option) for c in u.courses}
    edited = course_table(
        f"{plan_key(sel)}::{session}",
        courses,
        lambda: {
            t("unit", current): [unit_of.get(c, "") for c in courses],
            t("course", current): [programme.course(c).name for c in courses],
            # Text, read by typed_number: a number cell would read "9,5" as 95 in English
            # (and "9.5" as 95 in French) without a word. Shown in the app's language.
            GRADE: [_shown(stored.get(c)) for c in courses],
            ABSENT: [c in stored and stored[c] is None for c in courses],
        },
        disabled=[t("unit", current), t("course", current)],
        # On a phone (390 px) the course, its grade and « absent » fit side by side, with
        # no sideways scroll; each unit's verdict card below names its courses.
        column_order=[t("course", current), GRADE, ABSENT] if narrow else None,
        column_config={
            t("course", current): st.column_config.TextColumn(
                t("course", current), width=COURSE_WIDTH_ON_PHONE if narrow else None
            ),
            GRADE: st.column_config.TextColumn(
                t("grade_short", current) if narrow else t("grade", current, max=max_shown),
                max_chars=12,
                width=GRADE_WIDTH_ON_PHONE if narrow else None,
                help=t("grades_intro", current, max=number(scale, current)),
            ),
            ABSENT: st.column_config.CheckboxColumn(
                t("absent", current), width=GRADE_WIDTH_ON_PHONE if narrow else None
            ),
        },
    )
    typed = [
        (str(course), row[GRADE], row[ABSENT] is not None and bool(row[ABSENT]))
        for course, row in edited.iterrows()
    ]
    return _store_typed(sel, session, typed)


def _form(sel: Selection, courses: list[str], session: int) -> list[str]:
    """The same grades as labelled fields: each field's label is its course, so a
    keyboard or a screen reader needs no grid. Stored when the form is sent."""
    programme = sel.programme
    assert programme is not None
    stored = grades(sel, session)
    unit_of = {c: u.name for u in programme.units_for(sel.track, sel.option) for c in u.courses}
    with st.form(f"grades_form::{plan_key(sel)}::{session}", border=True):
        fields = []
        for course in courses:
            name = programme.course(course).name
            left, right = st.columns([3, 1], vertical_alignment="bottom")
            # The catalogue's own names, not escaped: a label is also the field's
            # accessible name, where an escape would be read out as a backslash.
            grade = left.text_input(
                f"{name} ({unit_of.get(course, '')})",
                value=_shown(stored.get(course)),
                max_chars=12,
                key=f"form::{session}::{course}",
            )
            absent = right.checkbox(
                t("absent", current),
                value=course in stored and stored[course] is None,
                key=f"form_absent::{session}::{course}",
            )
            fields.append((course, grade, absent))
        sent = st.form_submit_button(t("grades_form_send", current), type="primary")
    if not sent:
        return []
    return _store_typed(sel, session, fields)


def _shown(grade: float | None) -> str:
    return "" if grade is None else number(grade, current)  # "" draws an empty cell


def _store_typed(sel: Selection, session: int, typed: list[tuple[str, object, bool]]) -> list[str]:
    """Store what was typed per course (text, « absent »); returns the warnings. A refused
    value keeps the grade the student had; an untouched one keeps its exact value."""
    programme = sel.programme
    assert programme is not None
    scale = programme.grade_scale.max
    stored = grades(sel, session)
    warnings: list[str] = []
    values = {c: g for c, g in stored.items() if c not in {course for course, _, _ in typed}}
    for course, raw, absent in typed:
        name = programme.course(course).name
        previous = stored.get(course)
        kept = (
            t("grade_kept", current, previous=number(previous, current))
            if previous is not None
            else t("grade_kept_unknown", current)
        )
        if course in stored and previous is not None:
            values[course] = previous
        if absent:
            values[course] = None
            if raw not in (None, ""):
                warnings.append(t("absent_and_grade", current, course=name))
            continue
        if raw == _shown(previous) and course in stored:
            continue  # untouched: keep the exact stored value, not its rounded display
        try:
            grade = typed_number(raw) if isinstance(raw, str) else None
        except GradeTextError as error:
            warnings.append(
                say(error.code, current, {"course": plain(name), "kept": kept}, value=raw)
            )
            continue
        if grade is None:
            values.pop(course, None)
            continue
        if not programme.grade_scale.contains(grade):
            warnings.append(
                say(
                    "out_of_scale",
                    current,
                    {"course": plain(name), "kept": kept, "max": number(scale, current)},
                    value=raw,
                )
            )
            continue
        values[course] = grade
    if values != stored:
        set_grades(sel, values, session)
        if session == 2:  # drawn below the verdicts it changes: draw them again
            st.rerun()
    return warnings


def _status_badge(status: str) -> str:
    """Whether a verdict rests on published, assumed or chosen rules, on the card itself."""
    text = t(f"verdict_{status}", current)
    if status == "published":
        return f":green-badge[{text}]"
    if status == "chosen":
        return f":blue-badge[:material/tune: {text}]"
    return f":orange-badge[:material/warning: {text}]"


def _show_results(result: Evaluation) -> None:
    year = result.year
    banner = {True: st.success, False: st.error, None: st.info}[year.validated]
    banner(
        f"**{t('year', current)}{colon(current)}{verdict(year.validated, current)}** "
        f"{_status_badge(year.status)} — {year.message.text(current)}"
    )
    for unit in result.units:
        with st.container(border=True):
            cols = st.columns([3, 2, 2])
            cols[0].markdown(f"**{unit.name}** {_status_badge(unit.final.status)}")
            sep = colon(current)
            cols[1].markdown(
                f"{t('session1', current)}{sep}{verdict(unit.session1.validated, current)}"
            )
            if unit.session2 is not None:
                cols[2].markdown(
                    f"{t('session2', current)}{sep}{verdict(unit.session2.validated, current)}"
                )
            facts = []
            if unit.session1.mean is not None:
                facts.append(f"{t('mean', current)} {number(unit.session1.mean, current)}")
            if unit.session1.bonus:
                facts.append(f"{t('bonus', current)} +{number(unit.session1.bonus, current)}")
            if facts:
                st.caption(" · ".join(facts))
            if unit.code is not None:  # the jury's code and the ECTS the unit keeps
                acquired = (
                    "?" if unit.ects_acquired is None else number(unit.ects_acquired, current)
                )
                st.caption(t("code_line", current, code=unit.code, ects=acquired))
            st.markdown(f"{t('session1', current)} — {unit.session1.explanation(current)}")
            if unit.session2 is not None:
                st.markdown(f"{t('session2', current)} — {unit.session2.explanation(current)}")
            if unit.compensation is not None:
                text = unit.compensation.message.text(current)
                st.markdown(f"{t('compensation', current)} — {text}")


def _show_minimums(result: Evaluation) -> None:
    st.subheader(t("need_title", current))
    programme = selection.programme
    assert programme is not None
    if not result.minimums:
        st.caption(t("nothing_pending", current))
        return
    st.caption(t("need_intro", current))
    for m in result.minimums:
        unit = programme.unit(m.unit)
        label = f"**{unit.name}** ({t('session1' if m.session == 1 else 'session2', current)})"
        u = m.uniform
        if u.status == "needed" and len(u.courses) == 1:
            text = t(
                "need_single",
                current,
                course=programme.course(u.courses[0]).name,
                minimum=number(u.rounded_up, current),
            )
        elif u.status == "needed":
            text = t(
                "need_uniform", current, n=len(u.courses), minimum=number(u.rounded_up, current)
            )
        else:
            text = t(u.status, current)
        lines = [f"{label}{colon(current)}{text}"]
        if len(m.per_course) > 1:
            # Only what helps: a course that cannot secure the unit on its own says nothing
            # the unit's line above has not said.
            for c in (c for c in m.per_course if c.status != "impossible"):
                name = programme.course(c.courses[0]).name
                if c.status == "needed":
                    text = t(
                        "need_course", current, course=name, minimum=number(c.rounded_up, current)
                    )
                else:
                    text = t(f"need_course_{c.status}", current, course=name)
                lines.append(f"- {text}")
        st.markdown("\n".join(lines))


def _rule_parameters(sel: Selection) -> None:
    programme = sel.programme
    assert programme is not None
    params = dict(st.session_state["params"].get(programme.id, {}))

    def store(field: str, key: str) -> None:
        all_params = dict(st.session_state["params"])
        mine = dict(all_params.get(programme.id, {}))
        mine[field] = st.session_state[key]
        all_params[programme.id] = mine
        st.session_state["params"] = all_params

    with st.expander(t("rules_applied", current)):
        for rule in programme.rules.units:
            tag = "" if rule.status == "published" else f" *({t('assumption', current)})*"
            st.markdown(f"**{programme.unit(rule.unit).name}**{tag}")
            if rule.source:
                st.caption(f"« {rule.source} »")
            if rule.note:
                st.caption(rule.note.text(current))
        policy_key = f"policy::{programme.id}"
        st.session_state[policy_key] = params.get(
            "session2_policy", programme.rules.session2.policy
        )
        st.radio(
            t("session2_policy", current) + f" ({t('assumption', current)})",
            options=["replace", "keep_best"],
            format_func=lambda p: t(f"policy_{p}", current),
            key=policy_key,
            on_change=store,
            args=("session2_policy", policy_key),
            horizontal=True,
        )
        if programme.rules.session2.note:
            st.caption(programme.rules.session2.note.text(current))
        if programme.rules.bonus.formula != "none":
            rate_key = f"rate::{programme.id}"
            rate = float(params.get("bonus_rate", programme.rules.bonus.rate))
            st.session_state[rate_key] = rate
            # A select slider, to write the rate the app's language's way ("0,1").
            st.select_slider(
                t("bonus_rate", current),
                options=sorted({i / 20 for i in range(21)} | {rate}),
                format_func=lambda r: number(r, current),
                key=rate_key,
                on_change=store,
                args=("bonus_rate", rate_key),
            )
            if programme.rules.bonus.note:
                st.caption(programme.rules.bonus.note.text(current))


if require_selection(selection):
    programme = selection.programme
    assert programme is not None
    scale = number(programme.grade_scale.max, current)
    if programme.grade_scale.status == "assumed":
        st.warning(t("assumed_scale", current, max=scale), icon=":material/warning:")
    if programme.rules.status == "assumed":
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
    # A grid is quick with a mouse; the form's labelled fields suit a keyboard or a screen
    # reader. The choice is kept for the session (a widget key alone is dropped when
    # another page runs).
    st.session_state[FORM_MODE] = st.session_state.get(FORM_MODE, False)
    st.toggle(t("grades_as_form", current), key=FORM_MODE, help=t("grades_as_form_help", current))
    # Which grades count, where they are typed ("only your 4 best count"), under the
    # rules that apply (the student's own choice, for a programme that publishes none).
    with contextlib.suppress(ScenarioError):  # a refused choice is said by the evaluation
        applied = with_chosen_rules(programme, parameters(selection))
        for unit in applied.units_for(selection.track, selection.option):
            rule = applied.rule_for(unit.id) if unit.id in graded_units else None
            for hint in rule.entry_hints(applied, unit, current) if rule else ():
                st.caption(hint)
    enter = _form if st.session_state[FORM_MODE] else _editor
    warnings = enter(selection, followed, 1)
    for warning in warnings:
        st.warning(warning)
    try:
        result = evaluation(selection)
    except ScenarioError as error:  # should not happen: the editor bounds every grade
        st.error(say("evaluation_refused", current, reason=error))
        st.stop()
    incomplete = [u.name for u in result.units if not u.choice_valid]
    if incomplete:
        st.warning(
            t("choose_first", current, units=", ".join(incomplete)), icon=":material/explore:"
        )
    other_problems = [p for p in result.problems if p.code != "choice_count"]
    if other_problems:
        st.subheader(t("problems", current))
        for problem in other_problems:
            st.warning(problem_text(problem, current))
    _show_results(result)

    st.subheader(t("retakes_title", current))
    retaken = [c for u in result.units for c in u.retakes]
    maybe = [c for u in result.units for c in u.retakes_if_below]
    entered = grades(selection)
    for u in result.units:
        for c in u.retakes:
            grade = entered.get(c)
            shown = number(grade, current) if grade is not None else t("absent", current).lower()
            st.markdown(f"- **{programme.course(c).name}** ({shown}) — {u.name}")
        if u.retakes_if_below:
            names = ", ".join(programme.course(c).name for c in u.retakes_if_below)
            threshold = number(u.rule.threshold, current)
            st.caption(t("retakes_if_below", current, threshold=threshold, courses=names))
    if not retaken and not maybe:
        st.caption(t("no_retakes", current))
    session2_courses = [
        c
        for u in result.units
        if u.session1.validated is False and u.rule.session2
        for c in (*u.retakes, *u.retakes_if_below)
    ]
    if session2_courses:
        st.caption(t("session2_intro", current))
        for warning in enter(selection, session2_courses, 2):
            st.warning(warning)
    _show_minimums(result)
    _rule_parameters(selection)
