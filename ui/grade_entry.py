"""What the student typed in the Grades page's fields, read into grades and refusals: a
pure function of the programme, the grades stored and the text typed (no session), so
that every case is decided, and tested, in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.catalogue import Programme
from planner.messages import Lang, grade_text, number
from planner.rules.absence import JUSTIFIED
from planner.rules.components import entry_name
from planner.scenario import Grade
from ui.format import GradeTextError, plain, say, say_as_text, typed_number
from ui.i18n import t

# One field as sent: its course (or "course/component"), the text typed (None when the
# field was not sent), and whether « absent » is ticked.
TypedField = tuple[str, object, bool]


@dataclass(frozen=True)
class Refusal:
    """A field whose text was not read as its grade: `code` names the message (the reason),
    `typed` is the text refused, and `graded`/`judged` the grade the verdicts use instead
    (`graded` False: no grade at all). Kept in no language: its message is written in the
    app's language when drawn (`refusal_text`)."""

    code: str
    typed: str
    graded: bool
    judged: Grade

    def stands(self, course: str, stored: Mapping[str, Grade]) -> bool:
        """Still true of the grades `stored`: the field's grade is the one it kept (a grade
        stored since by another way, a link or a saved plan opened, makes it history)."""
        return (course in stored) == self.graded and stored.get(course) == self.judged


@dataclass(frozen=True)
class Read:
    grades: dict[str, Grade]  # every grade of the session, the typed ones read in
    refused: dict[str, Refusal]  # by course: the fields whose text was not read


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
    student had (its Refusal says which); an untouched one keeps its exact value, not its
    rounded display; « absent » wins over a grade typed beside it (and is a Refusal of
    that grade)."""
    refused: dict[str, Refusal] = {}
    values = {c: g for c, g in stored.items() if c not in {course for course, _, _ in typed}}

    def refuse(course: str, code: str, raw: object) -> None:
        refused[course] = Refusal(code, str(raw), course in values, values.get(course))

    for course, raw, absent in typed:
        previous = stored.get(course)
        if course in stored and previous is not None:
            values[course] = previous
        if absent:
            values[course] = None
            if raw not in (None, ""):
                refuse(course, "absent_and_grade", raw)
            continue
        if raw == shown(previous, lang, figures) and course in stored:
            continue  # untouched: keep the exact stored value, not its rounded display
        if isinstance(raw, str) and raw.strip().upper() == JUSTIFIED:
            values[course] = JUSTIFIED  # a justified absence: the programme says what it means
            continue
        try:
            grade = typed_number(raw) if isinstance(raw, str) else None
        except GradeTextError as error:
            refuse(course, error.code, raw)
            continue
        if grade is None:
            values.pop(course, None)
            continue
        if not programme.grade_scale.contains(grade):
            refuse(course, "out_of_scale", raw)
            continue
        values[course] = grade
    return Read(grades=values, refused=refused)


def refusal_text(
    programme: Programme,
    course: str,
    refusal: Refusal,
    figures: tuple[float, ...],
    lang: Lang,
    *,
    markdown: bool,
) -> str:
    """What a refusal says, in `lang`: why the text was not read and which grade the
    verdicts use instead. `markdown`: for st.markdown (names and the text typed escaped);
    otherwise plain text, for the grade sheet, which writes it as text."""
    name = entry_name(programme, course, lang)
    if refusal.judged is not None:
        kept = t("grade_kept", lang, previous=shown(refusal.judged, lang, figures))
    else:
        kept = t("grade_kept_unknown", lang)
    ours = {"course": plain(name) if markdown else name, "kept": kept}
    if refusal.code == "out_of_scale":
        ours["max"] = number(programme.grade_scale.max, lang)
    if markdown:
        return say(refusal.code, lang, ours, value=refusal.typed)
    return say_as_text(refusal.code, lang, ours, value=refusal.typed)
