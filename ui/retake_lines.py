"""The Grades page's « Retakes »: each course retaken in session 2 with the grade it got,
and the courses a unit retakes only below a threshold, as lines in the student's language,
from the evaluation. Catalogue names are escaped (ui.present)."""

from __future__ import annotations

from planner.catalogue import Programme
from planner.evaluation import Evaluation, course_grades_of
from planner.messages import Lang, grade_text, number
from planner.rules.capitalisation import retake_short_of, retake_threshold
from planner.rules.components import retake_name
from ui import present
from ui.i18n import t
from ui.present import Line


def retake_lines(
    programme: Programme, result: Evaluation, figures: tuple[float, ...], lang: Lang
) -> list[Line]:
    """Unit by unit, each course retaken (« Exam of Statistics (7) — Unit »), then, small,
    the courses retaken only below a threshold; or, small, that nothing is retaken."""
    # Course grades: a course graded by components its computed one, its retaken
    # components named (« Exam of Statistics »).
    entered, _ = course_grades_of(programme, result.scenario)
    lines: list[Line] = []
    for u in result.units:
        for c in u.retakes:
            grade = entered.get(c)
            text = (
                grade_text(grade, lang, figures, typed=True)  # type: ignore[arg-type]
                if grade is not None
                else t("absent", lang).lower()
            )
            retaken_name = present.bold_name(retake_name(programme, c, lang))
            lines.append(Line(f"- {retaken_name} ({text}) — {present.name(u.name)}"))
        if u.retakes_if_below:
            names = ", ".join(present.name(programme.course(c).name) for c in u.retakes_if_below)
            threshold = number(retake_threshold(programme, u.rule), lang)
            key = f"retakes_if_{retake_short_of(programme, u.rule)}"  # not above: strict
            lines.append(Line(t(key, lang, threshold=threshold, courses=names), small=True))
    return lines or [Line(t("no_retakes", lang), small=True)]
