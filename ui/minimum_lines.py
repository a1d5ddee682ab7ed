"""The Grades page's « What do I need? »: the minimum grade each unit pending needs, as
markdown lines, from the evaluation's minimums (planner.solver), in the student's
language. Catalogue names are escaped (ui.present)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from planner.catalogue import Programme
from planner.evaluation import Evaluation, access_text
from planner.group_minimums import route_text
from planner.messages import Lang, compared_figures, grade_text
from planner.rules import RuleBase
from planner.rules.components import Entered, minimum_text, uniform_minimum_lines
from planner.solver import MinimumGrade, UnitMinimums
from ui import present
from ui.format import plain
from ui.i18n import colon, t
from ui.present import Line


def _floor_note(rule: RuleBase, lang: Lang) -> Callable[[float | None], str]:
    """What follows a minimum of `rule`: ", the course floor (a note éliminatoire)" when
    the floor asks for it, not the mean."""
    return lambda minimum: t("need_floor", lang) if rule.floor_holds(minimum) else ""


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


def what_courses_need(
    programme: Programme, m: UnitMinimums, entered: Mapping[str, Entered], lang: Lang
) -> tuple[str | None, list[str] | None]:
    """A needed minimum said of what is sat (plain text, not yet escaped): for one course,
    the grade its component to sit needs (None: a course with no components); for several
    courses, one graded by components, what each needs (None: none is)."""
    u = m.uniform
    if u.status != "needed" or u.value is None:
        return None, None
    if len(u.courses) == 1:
        return minimum_text(programme, u.courses[0], u.value, m.session, entered, lang), None
    return None, uniform_minimum_lines(programme, u.courses, u.value, m.session, entered, lang)


def minimum_lines(programme: Programme, result: Evaluation, lang: Lang) -> list[Line]:
    """Everything under « What do I need? »: why a unit not yet allowed has no minimum,
    then, small, the introduction and each minimum's block; or, small, that nothing is
    pending."""
    lines = [Line(text) for text in _not_allowed_lines(result, lang)]
    if not result.minimums:
        return [*lines, Line(t("nothing_pending", lang), small=True)]
    blocks = [Line(block) for block in _minimum_blocks(programme, result, lang)]
    return [*lines, Line(t("need_intro", lang), small=True), *blocks]


def _not_allowed_lines(result: Evaluation, lang: Lang) -> list[str]:
    """A unit not yet allowed has no minimum yet: its prerequisite says why."""
    return [
        t(
            "need_not_allowed",
            lang,
            unit=present.bold_name(u.name),
            why=plain(access_text(u, lang) or ""),
        )
        for u in result.units
        if u.not_allowed
    ]


def _minimum_blocks(programme: Programme, result: Evaluation, lang: Lang) -> list[str]:
    """One markdown block per minimum: the unit's line, then what its courses need."""
    figures = compared_figures(result.rules, programme.grade_scale.max)
    blocks: list[str] = []
    rules = {u.unit: u.rule for u in result.units}
    entered = result.scenario.grades
    for m in result.minimums:
        unit = programme.unit(m.unit)
        floor = _floor_note(rules[m.unit], lang)

        session = t("session1" if m.session == 1 else "session2", lang)
        label = f"{present.bold_name(unit.name)} ({session})"
        u = m.uniform
        component, each = what_courses_need(programme, m, entered, lang)
        if component is not None:  # the grade its component to sit needs
            text = plain(component) + floor(u.value)
        elif u.status == "needed" and len(u.courses) == 1:
            text = t(
                "need_single",
                lang,
                course=present.name(programme.course(u.courses[0]).name),
                minimum=grade_text(u.rounded_up, lang, figures),
            ) + floor(u.value)
        elif u.status == "needed" and each is not None:
            text = (
                t(
                    "need_uniform_components",
                    lang,
                    n=len(u.courses),
                    minimum=grade_text(u.rounded_up, lang, figures),
                )
                + floor(u.value)
                if each
                else t("need_components_each", lang)
            )
        elif u.status == "needed":
            text = t(
                "need_uniform",
                lang,
                n=len(u.courses),
                minimum=grade_text(u.rounded_up, lang, figures),
            ) + floor(u.value)
        else:
            text = t(u.status, lang)
        text = route_text(u, text, programme, lang, present.name)  # by compensation, if so
        if (access := access_text(result.unit(m.unit), lang)) is not None:
            text += " — " + plain(access)  # it counts only once its prerequisite is met
        lines = [f"{label}{colon(lang)}{text}"]
        lines += [f"- {plain(line)}" for line in each or ()]
        # A sum of exam grades says nothing of a course a kept component weighs in.
        total = _total(rules[m.unit], m) if each is None else None
        if total is not None:
            # "at least 87 in each (even with 0 in the others)" reads as 87 per exam: it is
            # what they add up to.
            shown = grade_text(total.rounded_up, lang, figures)
            lines.append(f"- {t('need_total', lang, n=len(m.per_course), total=shown)}")
        elif len(m.per_course) > 1:
            # Only what helps: a course that cannot secure the unit on its own says nothing
            # the unit's line above has not said.
            for c in (c for c in m.per_course if c.status != "impossible"):
                name = present.name(programme.course(c.courses[0]).name)
                alone = (
                    minimum_text(programme, c.courses[0], c.value, m.session, entered, lang)
                    if c.status == "needed" and c.value is not None
                    else None
                )
                if alone is not None:  # said of its component to sit
                    text = t("need_course_component", lang, minimum=plain(alone))
                    text += floor(c.value)
                elif c.status == "needed":
                    minimum = grade_text(c.rounded_up, lang, figures)
                    text = t("need_course", lang, course=name, minimum=minimum)
                    text += floor(c.value)
                else:
                    text = t(f"need_course_{c.status}", lang, course=name)
                lines.append(f"- {route_text(c, text, programme, lang, present.name)}")
        blocks.append("\n".join(lines))
    return blocks
