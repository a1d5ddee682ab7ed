"""Grades: hypothetical grades in, verdict per unit and for the year out, then session 2.

Everything below the title is one fragment (`grades`): a widget in it reruns it alone,
never the sidebar or the router. The grades are typed in one sheet element (ui.grade_sheet)
that also draws the year's and each unit's verdict, so that an edit's answer is that
element's new data. A grade edit's callback (the sheet's, or the form's send button)
stores the grades, evaluates the plan and reruns only the parts it changed, each a keyed
fragment: the sheet (which also keeps the address bar and the browser's copy), the
retakes, the minimums, the warnings.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Callable

import streamlit as st

from planner.applied import apply_parameters
from planner.catalogue import Programme, Rules, in_language
from planner.engine import SessionVerdict
from planner.evaluation import (
    Evaluation,
    UnitResult,
    access_text,
    course_grades_of,
    courses_kept_detail,
    courses_kept_text,
    evaluate,
    problem_text,
    semesters_text,
)
from planner.group_minimums import route_text
from planner.messages import compared_figures, grade_text, number, sum_text
from planner.presets import chooses_rules
from planner.rules import RuleBase
from planner.rules.absence import JUSTIFIED
from planner.rules.capitalisation import retake_short_of, retake_threshold
from planner.rules.components import (
    computed_text,
    entry_keys,
    entry_name,
    minimum_text,
    retake_name,
    split_key,
    uniform_minimum_lines,
)
from planner.scenario import ScenarioError
from planner.solver import MinimumGrade, UnitMinimums
from ui.format import (
    GradeTextError,
    plain,
    say,
    typed_number,
    verdict,
)
from ui.grade_sheet import (
    Badge,
    Banner,
    Card,
    Fact,
    Headers,
    Row,
    Tone,
    Typed,
    field_label,
    sheet,
)
from ui.i18n import colon, t
from ui.state import (
    Selection,
    followed_courses,
    fragment_outside,
    grades,
    lang,
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

FIELD_WIDTH = 320  # a form's grade field: room for its course's name, within a phone's 390 px
FORM_MODE = "grades_form_mode"
# The toggle's own key is dropped when another page runs; the choice is kept here.
FORM_MODE_KEPT = "grades_form_mode_kept"


def _keep_form_mode() -> None:
    st.session_state[FORM_MODE_KEPT] = st.session_state[FORM_MODE]


def _unit_of(sel: Selection) -> dict[str, str]:
    programme = sel.programme
    assert programme is not None
    return {c: u.name for u in programme.units_for(sel.track, sel.option) for c in u.courses}


def _applied(sel: Selection) -> Programme:
    """The rules this plan is judged by (planner.applied): the same the verdicts read.
    Raises ScenarioError for refused parameters (they never enter the session)."""
    assert sel.programme is not None
    return apply_parameters(sel.programme, parameters(sel), sel.track, sel.option)


def _figures(sel: Selection) -> tuple[float, ...]:
    """What a grade or a mean of this plan is compared with (ui.format.grade_text): the
    figures of the programme's rules and of the rules the student chose."""
    programme = sel.programme
    assert programme is not None
    scale = programme.grade_scale.max
    figures = compared_figures(programme.rules, scale)
    with contextlib.suppress(ScenarioError):  # a refused choice is said by the evaluation
        figures += compared_figures(_applied(sel).rules, scale)
    return figures


def _rows(sel: Selection, courses: list[str], session: int) -> list[Row]:
    """The sheet's fields for `courses`, as stored."""
    programme = sel.programme
    assert programme is not None
    stored = grades(sel, session)
    figures = _figures(sel)
    unit_of = _unit_of(sel)
    rows = []
    # A course graded by components has a field per component (session 2: per retaken one).
    for course in entry_keys(programme, courses, session):
        name = entry_name(programme, course, current)
        unit = unit_of.get(split_key(course)[0], "")
        rows.append(
            Row(
                course=course,
                name=name,
                unit=unit,
                label=field_label(name, unit, session, current),
                absent_label=t("absent_of", current, course=name),
                value=_shown(stored.get(course), figures),
                absent=course in stored and stored[course] is None,
            )
        )
    return rows


def _headers(sel: Selection) -> Headers:
    assert sel.programme is not None
    scale = number(sel.programme.grade_scale.max, current)
    return Headers(
        course=t("course", current),
        grade=t("grade", current, max=scale),
        absent=t("absent", current),
    )


def _on_sheet_edit(sel: Selection, session: int, typed: Typed) -> None:
    own = SHEET if session == 1 else RETAKES
    _after_edit(sel, session, _store_typed(sel, session, list(typed)), own=own)


def _on_form_send(sel: Selection, courses: list[str], session: int) -> None:
    ss = st.session_state
    typed = [
        (c, ss.get(f"form::{session}::{c}"), bool(ss.get(f"form_absent::{session}::{c}")))
        for c in courses
    ]
    # The session-1 form is in the whole fragment, session 2's in the retakes'.
    own = WHOLE if session == 1 else RETAKES
    _after_edit(sel, session, _store_typed(sel, session, typed), own=own)


def _form(sel: Selection, courses: list[str], session: int) -> None:
    """The same grades as a form: every field sent at once, by one button."""
    programme = sel.programme
    assert programme is not None
    stored = grades(sel, session)
    unit_of = _unit_of(sel)
    figures = _figures(sel)
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
                value=_shown(stored.get(course), figures),
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
            args=(sel, keys, session),
        )


def _shown(grade: float | None, figures: tuple[float, ...]) -> str:
    """A grade in its field, as typed (49.999 stays "49,999"); "" draws an empty field."""
    return "" if grade is None else grade_text(grade, current, figures, typed=True)


def _store_typed(sel: Selection, session: int, typed: list[tuple[str, object, bool]]) -> list[str]:
    """Store what was typed per course (text, « absent »); returns the warnings. A refused
    value keeps the grade the student had; an untouched one keeps its exact value."""
    programme = sel.programme
    assert programme is not None
    scale = programme.grade_scale.max
    stored = grades(sel, session)
    figures = _figures(sel)
    warnings: list[str] = []
    values = {c: g for c, g in stored.items() if c not in {course for course, _, _ in typed}}
    for course, raw, absent in typed:
        name = entry_name(programme, course, current)
        previous = stored.get(course)
        kept = (
            t("grade_kept", current, previous=grade_text(previous, current, figures, typed=True))
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
        if raw == _shown(previous, figures) and course in stored:
            continue  # untouched: keep the exact stored value, not its rounded display
        if isinstance(raw, str) and raw.strip().upper() == JUSTIFIED:
            values[course] = JUSTIFIED  # a justified absence: the programme says what it means
            continue
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
    return warnings


def _badge(status: str) -> Badge:
    """Whether a verdict rests on published, assumed or chosen rules, on the card itself."""
    tone: Tone = {"published": "green", "chosen": "blue"}.get(status, "orange")  # type: ignore[assignment]
    icon = {"published": None, "chosen": "tune"}.get(status, "warning")
    return Badge(tone, t(f"verdict_{status}", current), icon)


VERDICT_TONE: dict[bool | None, Tone] = {True: "green", False: "red", None: "orange"}
VERDICT_ICON = {True: "check_circle", False: "cancel", None: "hourglass_top"}


def _verdict(label: str, validated: bool | None) -> Fact:
    return Fact(
        f"{label}{colon(current)}",
        verdict(validated, current, plain=True),
        VERDICT_TONE[validated],
        VERDICT_ICON[validated],
    )


def _banner(result: Evaluation) -> Banner:
    year = result.year
    return Banner(
        tone={True: "green", False: "red", None: "blue"}[year.validated],  # type: ignore[arg-type]
        verdict=_verdict(t("year", current), year.validated),
        badge=_badge(year.status),
        message=_year_message(result),
    )


def _mean_text(verdict: SessionVerdict, compared: tuple[float, ...]) -> str:
    """A unit's mean as the card shows it: with the bonus points that count in it,
    "10.1 (+0.3 bonus)" (rules.bonus_points)."""
    mean = grade_text(verdict.mean, current, compared)  # type: ignore[arg-type]
    if not (verdict.bonus_counted and verdict.bonus):
        return mean
    return t("mean_bonus", current, mean=mean, bonus=number(verdict.bonus, current))


def _year_message(result: Evaluation) -> str:
    """The year's explanation, then each semester's code where the programme gives them."""
    message = result.year.message.text(current)
    if (semesters := semesters_text(result, current)) is not None:
        message += " " + t("semesters_line", current, semesters=semesters)
    return message


def _card(unit: UnitResult, compared: tuple[float, ...], rules: Rules) -> Card:
    """A unit's verdict: its rules' badge, each session's verdict, the figures (the mean
    never reads as a figure it is `compared` with, ui.format.grade_text), the
    explanations (of the courses kept by a unit not validated, under `rules`)."""
    if unit.not_allowed:
        # Behind a prerequisite not met: shown neutrally, never as a failure; its grades
        # do not count yet, so no session verdict is drawn.
        access = access_text(unit, current) or ""
        return Card(
            unit=unit.unit,
            name=unit.name,
            badge=_badge(unit.access.status if unit.access else unit.final.status),
            verdicts=(
                Fact(
                    f"{t('access', current)}{colon(current)}",
                    t("not_yet_allowed", current),
                    "blue",
                    "lock",
                ),
            ),
            figures=(),
            explanations=(f"{t('access', current)} — {access}",),
        )
    verdicts = [_verdict(t("session1", current), unit.session1.validated)]
    # A unit without session 2 gets no session-2 verdict: its session 1 says it has none.
    held = unit.session2_held
    if held is not None:
        verdicts.append(_verdict(t("session2", current), held.validated))
    figures = []
    if held is not None:
        # The mean that decides is session 2's: each mean is named by its session.
        for key, v in (("mean_session2", held), ("mean_session1", unit.session1)):
            if v.mean is not None:
                figures.append(f"{t(key, current)} {_mean_text(v, compared)}")
    elif unit.session1.mean is not None:
        figures.append(f"{t('mean', current)} {_mean_text(unit.session1, compared)}")
    if unit.session1.bonus and not unit.session1.bonus_counted:
        figures.append(f"{t('bonus', current)} +{number(unit.session1.bonus, current)}")
    if unit.code is not None:  # the jury's code and the ECTS the unit keeps
        acquired = sum_text(unit.ects_acquired, unit.ects_acquired_incomplete, current)
        figures.append(t("code_line", current, code=unit.code, ects=acquired))
    if (kept := courses_kept_text(unit, current)) is not None:  # "2 courses kept (6 ECTS)"
        figures.append(kept)
    lines = [f"{t('session1', current)} — {unit.session1.explanation(current)}"]
    if held is not None:
        lines.append(f"{t('session2', current)} — {held.explanation(current)}")
    if unit.compensation is not None:
        text = unit.compensation.message.text(current)
        lines.append(f"{t('compensation', current)} — {text}")
    if (detail := courses_kept_detail(rules, unit, current)) is not None:
        lines.append(f"{t('courses_kept_title', current)} — {detail}")
    if (access := access_text(unit, current)) is not None:  # waiting for it, or AJAC
        lines.append(f"{t('access', current)} — {access}")
    return Card(
        unit=unit.unit,
        name=unit.name,
        badge=_badge(unit.final.status),
        verdicts=tuple(verdicts),
        figures=tuple(figures),
        explanations=tuple(lines),
    )


def _floor_note(rule: RuleBase) -> Callable[[float | None], str]:
    """What follows a minimum of `rule`: ", the course floor (a note éliminatoire)" when
    the floor asks for it, not the mean."""
    return lambda minimum: t("need_floor", current) if rule.floor_holds(minimum) else ""


def _total(rule: RuleBase, minimums: UnitMinimums) -> MinimumGrade | None:
    """What the remaining exams' grades must add up to, when only their total counts: a
    mean of every grade (no course floor) where each exam alone needs the same grade with
    0 in the others, and the same grade in each needs that grade over their number. None
    otherwise (a best-k mean, unequal weights, session-1 grades kept under keep_best)."""
    each, uniform = minimums.per_course, minimums.uniform
    if not rule.sums_grades or len(each) < 2 or uniform.value is None:
        return None
    total = each[0].value
    if total is None or any(m.status != "needed" or m.value != total for m in each):
        return None
    return each[0] if math.isclose(uniform.value * len(each), total, rel_tol=1e-9) else None


def _show_minimums(result: Evaluation) -> None:
    st.subheader(t("need_title", current))
    programme = selection.programme
    assert programme is not None
    figures = compared_figures(result.rules, programme.grade_scale.max)
    # A unit not yet allowed has no minimum yet: its prerequisite says why.
    for u in (u for u in result.units if u.not_allowed):
        why = plain(access_text(u, current) or "")
        st.markdown(t("need_not_allowed", current, unit=f"**{plain(u.name)}**", why=why))
    if not result.minimums:
        st.caption(t("nothing_pending", current))
        return
    st.caption(t("need_intro", current))
    rules = {u.unit: u.rule for u in result.units}
    entered = result.scenario.grades
    for m in result.minimums:
        unit = programme.unit(m.unit)
        floor = _floor_note(rules[m.unit])

        label = f"**{unit.name}** ({t('session1' if m.session == 1 else 'session2', current)})"
        u = m.uniform
        component = (
            minimum_text(programme, u.courses[0], u.value, m.session, entered, current)
            if u.status == "needed" and len(u.courses) == 1 and u.value is not None
            else None
        )
        each = (
            uniform_minimum_lines(programme, u.courses, u.value, m.session, entered, current)
            if u.status == "needed" and len(u.courses) > 1 and u.value is not None
            else None
        )
        if component is not None:  # the grade its component to sit needs
            text = component + floor(u.value)
        elif u.status == "needed" and len(u.courses) == 1:
            text = t(
                "need_single",
                current,
                course=programme.course(u.courses[0]).name,
                minimum=grade_text(u.rounded_up, current, figures),
            ) + floor(u.value)
        elif u.status == "needed" and each is not None:
            # A course graded by components among them: said of what is sat, course by course.
            text = (
                t(
                    "need_uniform_components",
                    current,
                    n=len(u.courses),
                    minimum=grade_text(u.rounded_up, current, figures),
                )
                + floor(u.value)
                if each
                else t("need_components_each", current)
            )
        elif u.status == "needed":
            text = t(
                "need_uniform",
                current,
                n=len(u.courses),
                minimum=grade_text(u.rounded_up, current, figures),
            ) + floor(u.value)
        else:
            text = t(u.status, current)
        text = route_text(u, text, programme, current)  # by compensation, if so
        if (access := access_text(result.unit(m.unit), current)) is not None:
            text += " — " + plain(access)  # it counts only once its prerequisite is met
        lines = [f"{label}{colon(current)}{text}"]
        lines += [f"- {line}" for line in each or ()]
        # A sum of exam grades says nothing of a course a kept component weighs in.
        total = _total(rules[m.unit], m) if each is None else None
        if total is not None:
            # "at least 87 in each (even with 0 in the others)" reads as 87 per exam: it is
            # what they add up to.
            shown = grade_text(total.rounded_up, current, figures)
            lines.append(f"- {t('need_total', current, n=len(m.per_course), total=shown)}")
        elif len(m.per_course) > 1:
            # Only what helps: a course that cannot secure the unit on its own says nothing
            # the unit's line above has not said.
            for c in (c for c in m.per_course if c.status != "impossible"):
                name = programme.course(c.courses[0]).name
                alone = (
                    minimum_text(programme, c.courses[0], c.value, m.session, entered, current)
                    if c.status == "needed" and c.value is not None
                    else None
                )
                if alone is not None:  # said of its component to sit
                    text = t("need_course_component", current, minimum=alone) + floor(c.value)
                elif c.status == "needed":
                    minimum = grade_text(c.rounded_up, current, figures)
                    text = t("need_course", current, course=name, minimum=minimum)
                    text += floor(c.value)
                else:
                    text = t(f"need_course_{c.status}", current, course=name)
                lines.append(f"- {route_text(c, text, programme, current)}")
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
WHOLE, SHEET, RETAKES, MINIMUMS = ("grades", "grades-sheet", "grades-retakes", "grades-minimums")


def _warnings_key(session: int) -> str:
    return f"{WARNINGS}::{session}"


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
    assert sel.programme is not None
    shown, _ = course_grades_of(sel.programme, result.scenario)  # a component's course too
    return {
        WHOLE: (
            tuple(u.name for u in result.units if not u.choice_valid),
            tuple(p for p in result.problems if p.code != "choice_count"),
            tuple(u.unit for u in result.units),
        ),
        # The year, the units and the session-1 fields as stored (a refused value leaves
        # all three as they were, and the field as the student typed it).
        # The sheet also carries the address bar and the browser's copy: it reruns on
        # every grade stored, of either session.
        SHEET: (
            result.year,
            tuple(result.units),
            tuple(sorted(entered.items())),
            tuple(sorted(grades(sel, 2).items())),
        ),
        RETAKES: (
            tuple((u.retakes, u.retakes_if_below, _session2_courses(u)) for u in result.units),
            tuple(shown.get(c, "unknown") for u in result.units for c in u.retakes),
            tuple(st.session_state.get(_warnings_key(2), ())),
        ),
        MINIMUMS: result.minimums,
    }


def _after_edit(sel: Selection, session: int, warnings: list[str], own: str) -> None:
    """In an edit's callback, once the grades are stored: rerun the parts that changed.
    `own`: the fragment whose rerun the edit asked for (the sheet's, the retakes' for
    session 2, the whole one for the session-1 form); when it covers every part changed,
    nothing more is asked, which spares the browser a run stopped and started again."""
    ss = st.session_state
    warnings_changed = list(ss.get(_warnings_key(session), ())) != warnings
    ss[_warnings_key(session)] = warnings
    before = ss.get(DRAWN)
    try:
        after = _parts(sel, _evaluation(sel))
    except ScenarioError:
        _rerun_whole(own)  # which says why
        return
    if before is None or before.keys() != after.keys() or before[WHOLE] != after[WHOLE]:
        # A problem found or gone, a unit added: the whole fragment draws it. The sheet's
        # own rerun would leave the retakes, the problems and the minimums as they were.
        _rerun_whole(own)
        return
    ss[DRAWN] = after
    changed = [key for key, value in after.items() if before[key] != value]
    if warnings_changed and session == 1:
        changed.append(_warnings_key(1))
    if set(changed) <= {own}:
        return
    st.rerun(changed)


def _rerun_whole(own: str) -> None:
    if own != WHOLE:
        st.rerun([WHOLE])


def _session2_courses(unit: UnitResult) -> tuple[str, ...]:
    if unit.session1.validated is False and unit.rule.session2:
        return (*unit.retakes, *unit.retakes_if_below)
    return ()


def _form_mode() -> bool:
    return bool(st.session_state.get(FORM_MODE_KEPT, False))


def _sheet_key(session: int) -> str:
    return f"grade_sheet::{session}"


def _show_warnings(session: int) -> None:
    for warning in st.session_state.get(_warnings_key(session), ()):
        st.warning(warning)


def _show_minimums_of(sel: Selection) -> None:
    _show_minimums(_evaluation(sel))


def _show_sheet(sel: Selection, followed: list[str]) -> None:
    """Session 1's fields (unless the form holds them), the year's and each unit's verdict."""
    result = _evaluation(sel)
    entry = not _form_mode()
    figures = _figures(sel)
    sheet(
        _sheet_key(1),
        rows=_rows(sel, followed, 1) if entry else (),
        headers=_headers(sel) if entry else None,
        year=_banner(result),
        cards=[_with_computed(_card(u, figures, result.rules), u, result) for u in result.units],
        on_edit=lambda typed: _on_sheet_edit(sel, 1, typed),
        # The address bar and the browser's copy follow each grade stored, as after_page()
        # does after a full run (which a fragment run is not).
        outside=fragment_outside(sel),
    )


def _with_computed(card: Card, unit: UnitResult, result: Evaluation) -> Card:
    """The card, saying how each course graded by components got its grade."""
    assert selection.programme is not None
    entered = result.scenario.grades
    computed = [
        text
        for c in unit.enrolled
        if (text := computed_text(selection.programme, c, entered, current)) is not None
    ]
    if not computed:
        return card
    return dataclasses.replace(card, explanations=(*card.explanations, *computed))


def _show_retakes(sel: Selection) -> None:
    programme = sel.programme
    assert programme is not None
    result = _evaluation(sel)
    st.subheader(t("retakes_title", current))
    retaken = [c for u in result.units for c in u.retakes]
    maybe = [c for u in result.units for c in u.retakes_if_below]
    # Course grades: a course graded by components its computed one, its retaken
    # components named (« Exam of Statistics »).
    entered, _ = course_grades_of(programme, result.scenario)
    figures = _figures(sel)
    for u in result.units:
        for c in u.retakes:
            grade = entered.get(c)
            shown = (
                grade_text(grade, current, figures, typed=True)  # type: ignore[arg-type]
                if grade is not None
                else t("absent", current).lower()
            )
            st.markdown(f"- **{retake_name(programme, c, current)}** ({shown}) — {u.name}")
        if u.retakes_if_below:
            names = ", ".join(programme.course(c).name for c in u.retakes_if_below)
            threshold = number(retake_threshold(programme, u.rule), current)
            key = f"retakes_if_{retake_short_of(programme, u.rule)}"  # not above: strict
            st.caption(t(key, current, threshold=threshold, courses=names))
    if not retaken and not maybe:
        st.caption(t("no_retakes", current))
    session2_courses = [c for u in result.units for c in _session2_courses(u)]
    if session2_courses:
        st.caption(t("session2_intro", current))
        if _form_mode():
            _form(sel, session2_courses, 2)
        else:
            sheet(
                _sheet_key(2),
                rows=_rows(sel, session2_courses, 2),
                headers=_headers(sel),
                on_edit=lambda typed: _on_sheet_edit(sel, 2, typed),
            )
        _show_warnings(2)


def _grades_body(sel: Selection, followed: list[str], graded_units: set[str]) -> None:
    # The sheet sends each grade as it is typed; the form sends them all with one button.
    # The choice is kept for the session.
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
        applied = _applied(sel)
        for unit in applied.units_for(sel.track, sel.option):
            rule = applied.rule_for(unit.id) if unit.id in graded_units else None
            for hint in rule.entry_hints(applied, unit, current) if rule else ():
                st.caption(hint)
    if _form_mode():
        _form(sel, followed, 1)
    st.fragment(_show_warnings, key=_warnings_key(1))(1)
    try:
        result = _evaluation(sel)
    except ScenarioError as error:  # should not happen: every grade stored is on the scale
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
    st.fragment(_show_sheet, key=SHEET)(sel, followed)
    st.fragment(_show_retakes, key=RETAKES)(sel)
    st.fragment(_show_minimums_of, key=MINIMUMS)(sel)
    _rule_parameters(sel)
    st.session_state[DRAWN] = _parts(sel, _evaluation(sel))


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
    st.fragment(_grades_body, key=WHOLE)(selection, followed, graded_units)
