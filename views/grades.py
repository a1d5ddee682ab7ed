"""Grades: hypothetical grades in, verdict per unit and for the year out, then session 2.

Everything below the title is one fragment (`grades`): a widget in it reruns it alone,
never the sidebar or the router. A grade edit goes further: the grid's (or the form's)
callback stores the grades, evaluates the plan and reruns only the parts it changed,
each a keyed fragment (the year banner, one card per unit, the retakes, the minimums,
the address bar and the browser's copy); the grid itself is not sent again.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from planner.catalogue import in_language
from planner.evaluation import Evaluation, UnitResult, evaluate, problem_text
from planner.messages import number
from planner.presets import with_chosen_rules
from planner.scenario import ScenarioError
from ui.editor import course_table, edited_rows
from ui.format import GradeTextError, plain, say, typed_number, verdict
from ui.i18n import colon, t
from ui.state import (
    Selection,
    followed_courses,
    grades,
    keep_outside,
    lang,
    narrow_screen,
    parameters,
    plan_key,
    require_selection,
    scenario,
    set_grades,
    sidebar,
)

selection = sidebar()
current = lang()
st.title(t("grades_title", current))

GRADE, ABSENT = "grade", "absent"
COURSE_WIDTH_ON_PHONE, GRADE_WIDTH_ON_PHONE = 200, 70
FIELD_WIDTH = 320  # a form's grade field: room for its course's name, within a phone's 390 px
narrow = narrow_screen()
FORM_MODE = "grades_form_mode"
# The toggle's own key is dropped when another page runs; the choice is kept here.
FORM_MODE_KEPT = "grades_form_mode_kept"


def _keep_form_mode() -> None:
    st.session_state[FORM_MODE_KEPT] = st.session_state[FORM_MODE]


def _editor(sel: Selection, courses: list[str], session: int) -> list[str]:
    """A grade table for `courses`; writes the grades to the session. Returns warnings."""
    programme = sel.programme
    assert programme is not None
    scale = programme.grade_scale.max
    max_shown = number(scale, current)
    stored = grades(sel, session)

    unit_of = {c: u.name for u in programme.units_for(sel.track, sel.option) for c in u.courses}
    edited = course_table(
        _table_key(sel, session),
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
        on_change=_on_grid_edit,
        args=(sel, courses, session),
    )
    # A full or fragment run reads the same edits the callback stored: nothing changes,
    # but the warnings of text still in the grid are shown again.
    typed = [
        (str(course), row[GRADE], row[ABSENT] is not None and bool(row[ABSENT]))
        for course, row in edited.iterrows()
    ]
    return _store_typed(sel, session, typed)


def _table_key(sel: Selection, session: int) -> str:
    return f"{plan_key(sel)}::{session}"


def _on_grid_edit(sel: Selection, courses: list[str], session: int) -> None:
    rows = edited_rows(_table_key(sel, session), courses, [GRADE, ABSENT])
    typed = [
        (course, grade, absent is not None and bool(absent))
        for course, (grade, absent) in zip(courses, rows, strict=True)
    ]
    _after_edit(sel, session, _store_typed(sel, session, typed, in_callback=True))


def _on_form_send(sel: Selection, courses: list[str], session: int) -> None:
    ss = st.session_state
    typed = [
        (c, ss.get(f"form::{session}::{c}"), bool(ss.get(f"form_absent::{session}::{c}")))
        for c in courses
    ]
    _after_edit(sel, session, _store_typed(sel, session, typed, in_callback=True))


def _form(sel: Selection, courses: list[str], session: int) -> list[str]:
    """The same grades as labelled fields: each field's label is its course, so a
    keyboard or a screen reader needs no grid. Stored when the form is sent."""
    programme = sel.programme
    assert programme is not None
    stored = grades(sel, session)
    unit_of = {c: u.name for u in programme.units_for(sel.track, sel.option) for c in u.courses}
    with st.form(f"grades_form::{plan_key(sel)}::{session}", border=True):
        for course in courses:
            name = programme.course(course).name
            # Each field with « absent » below it, not beside it: a row of columns is five
            # more blocks that the browser redraws on every grade sent (measured: a quarter
            # of an edit's time), and a phone stacks them anyway.
            # The catalogue's own names, not escaped: a label is also the field's
            # accessible name, where an escape would be read out as a backslash.
            st.text_input(
                f"{name} ({unit_of.get(course, '')})",
                value=_shown(stored.get(course)),
                max_chars=12,
                key=f"form::{session}::{course}",
                width=FIELD_WIDTH,
            )
            st.checkbox(
                t("absent", current),
                value=course in stored and stored[course] is None,
                key=f"form_absent::{session}::{course}",
            )
        st.form_submit_button(
            t("grades_form_send", current),
            type="primary",
            key=f"grades_form_send::{session}",
            on_click=_on_form_send,
            args=(sel, courses, session),
        )
    # Stored by the send button's callback; its warnings are shown until the next send.
    return list(st.session_state.get(_warnings_key(session), ()))


def _shown(grade: float | None) -> str:
    return "" if grade is None else number(grade, current)  # "" draws an empty cell


def _store_typed(
    sel: Selection, session: int, typed: list[tuple[str, object, bool]], in_callback: bool = False
) -> list[str]:
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
        if session == 2 and not in_callback:  # drawn below the verdicts it changes
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


def _show_year(result: Evaluation) -> None:
    year = result.year
    banner = {True: st.success, False: st.error, None: st.info}[year.validated]
    banner(
        f"**{t('year', current)}{colon(current)}{verdict(year.validated, current)}** "
        f"{_status_badge(year.status)} — {year.message.text(current)}"
    )


def _show_unit(unit: UnitResult) -> None:
    """One bordered card in four elements (every element costs server time on each run,
    and bytes on each edit): the head (name, rules badge, each session's verdict), the
    figures, the explanations."""
    sep = colon(current)
    head = [
        f"**{unit.name}** {_status_badge(unit.final.status)}",
        f"{t('session1', current)}{sep}{verdict(unit.session1.validated, current)}",
    ]
    if unit.session2 is not None:
        head.append(f"{t('session2', current)}{sep}{verdict(unit.session2.validated, current)}")
    facts = []
    if unit.session1.mean is not None:
        facts.append(f"{t('mean', current)} {number(unit.session1.mean, current)}")
    if unit.session1.bonus:
        facts.append(f"{t('bonus', current)} +{number(unit.session1.bonus, current)}")
    if unit.code is not None:  # the jury's code and the ECTS the unit keeps
        acquired = "?" if unit.ects_acquired is None else number(unit.ects_acquired, current)
        facts.append(t("code_line", current, code=unit.code, ects=acquired))
    lines = [f"{t('session1', current)} — {unit.session1.explanation(current)}"]
    if unit.session2 is not None:
        lines.append(f"{t('session2', current)} — {unit.session2.explanation(current)}")
    if unit.compensation is not None:
        text = unit.compensation.message.text(current)
        lines.append(f"{t('compensation', current)} — {text}")
    with st.container(border=True):
        st.markdown(LINE_BREAK.join(head))
        if facts:
            st.caption(FACT_SEPARATOR.join(facts))
        st.markdown(LINE_BREAK.join(lines))


LINE_BREAK = "  \n"  # Markdown's hard line break: one element, one line per fact
FACT_SEPARATOR = " · "


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


WARNINGS = "grade_warnings"
# The plan and its evaluation as last drawn: a fragment rerun reads them instead of
# evaluating again, and an edit compares against them to rerun only what changed.
EVALUATED = "grades_evaluated"
DRAWN = "grades_drawn"
WHOLE, YEAR, RETAKES, MINIMUMS, OUTSIDE = (
    "grades",
    "grades-year",
    "grades-retakes",
    "grades-minimums",
    "grades-outside",
)


def _warnings_key(session: int) -> str:
    return f"{WARNINGS}::{session}"


def _unit_key(unit: str) -> str:
    return f"grades-unit-{unit}"


def _evaluation(sel: Selection) -> Evaluation:
    """The plan's evaluation, computed once per plan (several parts draw from it)."""
    assert sel.programme is not None
    plan = scenario(sel)
    kept = st.session_state.get(EVALUATED)
    if kept is not None and kept[0] == plan and kept[1] is sel.programme:
        return kept[2]
    result = evaluate(sel.programme, plan)
    st.session_state[EVALUATED] = (plan, sel.programme, result)
    return result


def _parts(sel: Selection, result: Evaluation) -> dict[str, object]:
    """What each part draws from, by fragment key: a part whose value is unchanged after an
    edit is not drawn again. WHOLE stands for what only the whole fragment draws."""
    entered = grades(sel)
    return {
        WHOLE: (
            tuple(u.name for u in result.units if not u.choice_valid),
            tuple(p for p in result.problems if p.code != "choice_count"),
            tuple(u.unit for u in result.units),
        ),
        YEAR: result.year,
        **{_unit_key(u.unit): u for u in result.units},
        RETAKES: (
            tuple((u.retakes, u.retakes_if_below, _session2_courses(u)) for u in result.units),
            tuple(entered.get(c, "unknown") for u in result.units for c in u.retakes),
            tuple(st.session_state.get(_warnings_key(2), ())),
        ),
        MINIMUMS: result.minimums,
    }


def _after_edit(sel: Selection, session: int, warnings: list[str]) -> None:
    """In an edit's callback, once the grades are stored: rerun the parts that changed."""
    ss = st.session_state
    warnings_changed = list(ss.get(_warnings_key(session), ())) != warnings
    ss[_warnings_key(session)] = warnings
    before = ss.get(DRAWN)
    try:
        after = _parts(sel, _evaluation(sel))
    except ScenarioError:
        return  # the whole fragment reruns and says why
    if before is None or before.keys() != after.keys() or before[WHOLE] != after[WHOLE]:
        return  # the default: the whole fragment reruns
    ss[DRAWN] = after
    changed = [key for key, value in after.items() if before[key] != value]
    if warnings_changed and session == 1:
        changed.append(_warnings_key(1))
    st.rerun([*changed, OUTSIDE])


def _session2_courses(unit: UnitResult) -> tuple[str, ...]:
    if unit.session1.validated is False and unit.rule.session2:
        return (*unit.retakes, *unit.retakes_if_below)
    return ()


def _enter(sel: Selection, courses: list[str], session: int) -> list[str]:
    form = st.session_state.get(FORM_MODE_KEPT, False)
    return (_form if form else _editor)(sel, courses, session)


def _show_warnings(session: int) -> None:
    for warning in st.session_state.get(_warnings_key(session), ()):
        st.warning(warning)


def _show_year_of(sel: Selection) -> None:
    _show_year(_evaluation(sel))


def _show_minimums_of(sel: Selection) -> None:
    _show_minimums(_evaluation(sel))


def _show_unit_of(sel: Selection, unit_id: str) -> None:
    unit = next(u for u in _evaluation(sel).units if u.unit == unit_id)
    _show_unit(unit)


def _show_retakes(sel: Selection) -> None:
    programme = sel.programme
    assert programme is not None
    result = _evaluation(sel)
    st.subheader(t("retakes_title", current))
    retaken = [c for u in result.units for c in u.retakes]
    maybe = [c for u in result.units for c in u.retakes_if_below]
    entered = grades(sel)
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
    session2_courses = [c for u in result.units for c in _session2_courses(u)]
    if session2_courses:
        st.caption(t("session2_intro", current))
        st.session_state[_warnings_key(2)] = _enter(sel, session2_courses, 2)
        _show_warnings(2)


def _grades_body(sel: Selection, followed: list[str], graded_units: set[str]) -> None:
    # A grid is quick with a mouse; the form's labelled fields suit a keyboard or a screen
    # reader. The choice is kept for the session.
    st.session_state[FORM_MODE] = st.session_state.get(FORM_MODE_KEPT, False)
    st.toggle(
        t("grades_as_form", current),
        key=FORM_MODE,
        help=t("grades_as_form_help", current),
        on_change=_keep_form_mode,
    )
    programme = sel.programme
    assert programme is not None
    # Which grades count, where they are typed ("only your 4 best count"), under the
    # rules that apply (the student's own choice, for a programme that publishes none).
    with contextlib.suppress(ScenarioError):  # a refused choice is said by the evaluation
        applied = with_chosen_rules(programme, parameters(sel))
        for unit in applied.units_for(sel.track, sel.option):
            rule = applied.rule_for(unit.id) if unit.id in graded_units else None
            for hint in rule.entry_hints(applied, unit, current) if rule else ():
                st.caption(hint)
    st.session_state[_warnings_key(1)] = _enter(sel, followed, 1)
    st.fragment(_show_warnings, key=_warnings_key(1))(1)
    try:
        result = _evaluation(sel)
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
    st.fragment(_show_year_of, key=YEAR)(sel)
    for unit in result.units:
        st.fragment(_show_unit_of, key=_unit_key(unit.unit))(sel, unit.unit)
    st.fragment(_show_retakes, key=RETAKES)(sel)
    st.fragment(_show_minimums_of, key=MINIMUMS)(sel)
    _rule_parameters(sel)
    # The address bar and the browser's copy carry each edit, as after_page() does after
    # a full run (which a fragment run is not).
    st.fragment(keep_outside, key=OUTSIDE)(sel, "browser_store_grades")
    st.session_state[DRAWN] = _parts(sel, _evaluation(sel))


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
    st.fragment(_grades_body, key=WHOLE)(selection, followed, graded_units)
