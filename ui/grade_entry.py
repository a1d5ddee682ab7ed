"""What the student typed in the Grades page's fields, read into grades and warnings: a
pure function of the programme, the grades stored and the text typed (no session), so
that every case is decided, and tested, in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.catalogue import Programme
from planner.messages import Lang, grade_text, number
from planner.rules.absence import JUSTIFIED
from planner.rules.components import entry_name
from planner.scenario import Grade
from ui.format import GradeTextError, plain, say, typed_number
from ui.i18n import t

# One field as sent: its course (or "course/component"), the text typed (None when the
# field was not sent), and whether « absent » is ticked.
TypedField = tuple[str, object, bool]


@dataclass(frozen=True)
class Read:
    grades: dict[str, Grade]  # every grade of the session, the typed ones read in
    warnings: list[str]  # one per field refused, in the app's language, escaped


def shown(grade: Grade, lang: Lang, figures: tuple[float, ...]) -> str:
    """A grade in its field, as typed (49.999 stays "49,999"); "" draws an empty field."""
    return "" if grade is None else grade_text(grade, lang, figures, typed=True)  # type: ignore[arg-type]


def read_typed(
    programme: Programme,
    stored: dict[str, Grade],
    typed: Sequence[TypedField],
    figures: tuple[float, ...],
    lang: Lang,
) -> Read:
    """The grades once `typed` is read over `stored`. A refused value keeps the grade the
    student had (and says so); an untouched one keeps its exact value, not its rounded
    display; « absent » wins over a grade typed beside it (and says so)."""
    scale = programme.grade_scale.max
    warnings: list[str] = []
    values = {c: g for c, g in stored.items() if c not in {course for course, _, _ in typed}}
    for course, raw, absent in typed:
        name = entry_name(programme, course, lang)
        previous = stored.get(course)
        kept = (
            t("grade_kept", lang, previous=shown(previous, lang, figures))
            if previous is not None
            else t("grade_kept_unknown", lang)
        )
        if course in stored and previous is not None:
            values[course] = previous
        if absent:
            values[course] = None
            if raw not in (None, ""):
                warnings.append(t("absent_and_grade", lang, course=plain(name)))
            continue
        if raw == shown(previous, lang, figures) and course in stored:
            continue  # untouched: keep the exact stored value, not its rounded display
        if isinstance(raw, str) and raw.strip().upper() == JUSTIFIED:
            values[course] = JUSTIFIED  # a justified absence: the programme says what it means
            continue
        try:
            grade = typed_number(raw) if isinstance(raw, str) else None
        except GradeTextError as error:
            warnings.append(say(error.code, lang, {"course": plain(name), "kept": kept}, value=raw))
            continue
        if grade is None:
            values.pop(course, None)
            continue
        if not programme.grade_scale.contains(grade):
            ours = {"course": plain(name), "kept": kept, "max": number(scale, lang)}
            warnings.append(say("out_of_scale", lang, ours, value=raw))
            continue
        values[course] = grade
    return Read(grades=values, warnings=warnings)
