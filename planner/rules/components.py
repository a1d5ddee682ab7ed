"""Assessment components (format_version 3): a course graded by components, e.g. a
contrôle continu (CC, 40 %) and a final exam (ET, 60 %), and what its session 2 is.

- A course's `components:` list each component's id, name, weight, and `session2`:
  `retaken` (the default: it is sat again in session 2) or `kept` (« la note de CC est
  conservée »: its session-1 grade counts in session 2 too).
- The course grade of session 1 is the weighted mean of its components' grades.
- The course grade of session 2 follows `component_session2.formula` (the course's own,
  else `rules.component_session2`, else `kept`):
  - `kept`: the weighted mean with each kept component at its session-1 grade and each
    retaken one at its session-2 grade (0,4 CC + 0,6 ET2);
  - `best_of`: the better of that and the retaken components' own mean
    (max(ET2, 0,4 CC + 0,6 ET2));
  - `sessions_mix`: `session2_share` of that plus the rest of the session-1 course grade
    (70 % session 2 + 30 % session 1).
  The programme's session-2 policy (replace, keep_best) then combines the course's two
  grades as for any course.

A scenario gives a component's grade under the key `course/component` (in `grades`, and in
`session2_grades` for a retaken component); a course grade given directly still reads as
before, but not beside its components' grades. The course grades are computed (`fold`)
before the programme reads absences and before anything judges: the engine and the solver
see course grades, as for any course; the odds draw each component not entered (planner.odds)
and compute the course grade draw by draw, as `fold` does. An absent component makes its
course absent and a justified absence (ABJ) at a component makes it one at its course, each
counting 0 for the component instead where the course reads it as `zero`. A course whose
components are not all known is not known yet, but bounded by those known (`bounds`): its
grade will be the weighted mean (or the session-2 formula) with the others somewhere
between 0 and the top of the scale, so the engine reads it as an `Unknown` with that floor
and ceiling (an absence still possible where a missed component blocks its course), and
a verdict waiting on it names the components still to sit (« as soon as you sit the Exam
of Statistics »). Every reader of an unknown grade honours the bounds: the certainty of a
verdict, the range of a pending mean, compensation (through the units' verdicts) and the
solver. Its minimum is turned back into the grade its retaken (or missing) component
needs (`minimum_text`, « even full marks are not enough » above the scale).

A file of format_version 2 or 1 cannot give these keys (refused with their path); a course
without components reads exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from planner import texts
from planner.findings import FieldPath, Finding, error, refuse
from planner.frozen import MAX_FIGURE, Bilingual, Frozen, Identifier, OneLine, Text
from planner.messages import Lang, join, number
from planner.rules.absence import JUSTIFIED
from planner.rules.grid import Unknown, exact

if TYPE_CHECKING:
    from planner.catalogue import Course, Programme
    from planner.rules.base import Grades

SEPARATOR = "/"  # a component's key in a scenario: "course/component"
Formula = Literal["kept", "best_of", "sessions_mix"]
FORMULA_TEXTS: dict[Formula, str] = {
    "kept": "rule.components_kept",
    "best_of": "rule.components_best_of",
    "sessions_mix": "rule.components_sessions_mix",
}
PART_TEXTS = {"retaken": "rule.component_part_retaken", "kept": "rule.component_part_kept"}


class Component(Frozen):
    """One assessment of a course (a CC, an exam, a report)."""

    id: Identifier
    name: OneLine
    weight: float = Field(gt=0, le=MAX_FIGURE, allow_inf_nan=False)
    session2: Literal["retaken", "kept"] = Field(
        default="retaken",
        description="retaken: sat again in session 2; kept: its session-1 grade counts in "
        "session 2 too.",
    )


class ComponentSession2(Frozen):
    """How a course graded by components is graded in session 2."""

    formula: Formula = Field(
        default="kept",
        description="kept: the kept components' session-1 grades with the retaken ones' "
        "session-2 grades, by weight; best_of: the better of that and the retaken "
        "components' own mean; sessions_mix: session2_share of that plus the rest of the "
        "session-1 course grade.",
    )
    session2_share: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        allow_inf_nan=False,
        description="For sessions_mix: the share of session 2 (0.7 for 70 %).",
    )
    status: Literal["published", "assumed"] = "assumed"
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )
    note: Bilingual | None = None

    @model_validator(mode="after")
    def _share_with_mix(self) -> ComponentSession2:
        if (self.formula == "sessions_mix") != (self.session2_share is not None):
            raise refuse("check.share_with_mix", ("session2_share",))
        return self

    def describe(self, lang: Lang) -> str:
        share = self.session2_share or 0.0
        return texts.text(
            FORMULA_TEXTS[self.formula],
            lang,
            share=texts.percent(share, lang),
            rest=texts.percent(1 - share, lang),
        )


DEFAULT_SESSION2 = ComponentSession2()


def check_components(course: Course, where: FieldPath) -> list[Finding]:
    """Errors of a course's components, each at its field (`where`: the course's place)."""
    errors = []
    ids = [c.id for c in course.components]
    if len(set(ids)) < len(ids):
        errors.append(error("check.component_twice", (*where, "components")))
    if course.components and not any(c.session2 == "retaken" for c in course.components):
        errors.append(error("check.no_component_retaken", (*where, "components")))
    if course.component_session2 is not None and not course.components:
        errors.append(error("check.no_components", (*where, "component_session2")))
    return errors


def key(course: str, component: str) -> str:
    return f"{course}{SEPARATOR}{component}"


def split_key(name: str) -> tuple[str, str | None]:
    """(course, component) of a scenario's grade key; component None for a course's."""
    course, separator, component = name.partition(SEPARATOR)
    # "stats/" names an empty component (refused as unknown), not the course.
    return course, component if separator else None


Entered = float | Fraction | None | str  # a number, None (an absence), or ABJ
# Whether an absence, and a justified absence, at the course count 0 for a component.
Zeros = tuple[bool, bool]


@dataclass(frozen=True)
class Graded:
    """A course graded by components, as a programme gives it."""

    course: Course
    session2: ComponentSession2

    @property
    def retaken(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.course.components if c.session2 == "retaken")

    @property
    def kept(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.course.components if c.session2 == "kept")

    def name_of(self, component: str) -> str:
        return next(c.name for c in self.course.components if c.id == component)

    def _mean(self, values: Mapping[str, Fraction], ids: Sequence[str]) -> Fraction:
        weights = {c.id: exact(c.weight) for c in self.course.components}
        total = sum((weights[i] for i in ids), Fraction(0))
        return sum((weights[i] * values[i] for i in ids), Fraction(0)) / total

    def _read(self, entered: Mapping[str, Entered], ids: Sequence[str], zero: Zeros) -> object:
        """The components' grades as numbers, or what the course is instead: ABJ, None (an
        absence) or MISSING (not known yet)."""
        values: dict[str, Fraction] = {}
        outcome: object = None
        for i in ids:
            grade = entered.get(key(self.course.id, i), MISSING)
            if grade == JUSTIFIED and not zero[1]:
                return JUSTIFIED
            if grade == JUSTIFIED:
                values[i] = Fraction(0)
            elif grade is None and not zero[0]:
                outcome = ABSENT
            elif grade is MISSING:
                outcome = outcome or MISSING
            else:
                values[i] = Fraction(0) if grade is None else exact(grade)  # type: ignore[arg-type]
        if outcome is ABSENT:
            return None
        return MISSING if outcome is MISSING else values

    def session1(self, grades: Mapping[str, Entered], zero: Zeros) -> object:
        """The course's session-1 grade: a Fraction, None, ABJ or MISSING."""
        ids = [c.id for c in self.course.components]
        values = self._read(grades, ids, zero)
        return self._mean(values, ids) if isinstance(values, dict) else values

    def session2_grade(
        self, grades: Mapping[str, Entered], grades2: Mapping[str, Entered], zero: Zeros
    ) -> object:
        """The course's session-2 grade: a Fraction, None, ABJ or MISSING (its retake not
        sat yet, or a kept grade not known)."""
        retaken = self._read(grades2, self.retaken, zero)
        if not isinstance(retaken, dict):
            return retaken
        kept = self._read(grades, self.kept, zero)
        if not isinstance(kept, dict):
            return kept
        ids = [c.id for c in self.course.components]
        mixed = self._mean({**kept, **retaken}, ids)
        formula = self.session2.formula
        if formula == "best_of":
            return max(mixed, self._mean(retaken, self.retaken))
        if formula == "sessions_mix":
            first = self.session1(grades, zero)
            if first is MISSING or first == JUSTIFIED:
                return first
            share = exact(self.session2.session2_share or 0)
            first_part = Fraction(0) if first is None else first  # an absence counts 0
            return share * mixed + (1 - share) * first_part  # type: ignore[operator]
        return mixed

    def session1_bounds(
        self, grades: Mapping[str, Entered], zero: Zeros, top: Fraction
    ) -> Unknown | None:
        """The course's session-1 grade while some components are known and the others
        are not: from the others at 0 to the others at `top`; None when it is known, or
        when the known ones narrow nothing (the whole scale, as a course not known)."""
        if self.session1(grades, zero) is not MISSING:
            return None
        missing = [c.id for c in self.course.components if key(self.course.id, c.id) not in grades]
        low = self.session1(self._filled(grades, missing, Fraction(0)), zero)
        high = self.session1(self._filled(grades, missing, top), zero)
        return self._bounded(low, high, missing, zero, top)

    def session2_bounds(
        self,
        grades: Mapping[str, Entered],
        grades2: Mapping[str, Entered],
        zero: Zeros,
        top: Fraction,
    ) -> Unknown | None:
        """session1_bounds() of the course's session-2 grade: its retaken components not
        all sat yet (or a session-1 grade it keeps not known), the kept ones at their
        session-1 grades."""
        if self.session2_grade(grades, grades2, zero) is not MISSING:
            return None
        counted = (
            [c.id for c in self.course.components]
            if self.session2.formula == "sessions_mix"
            else list(self.kept)
        )
        missing1 = [i for i in counted if key(self.course.id, i) not in grades]
        missing2 = [i for i in self.retaken if key(self.course.id, i) not in grades2]
        low = self.session2_grade(
            self._filled(grades, missing1, Fraction(0)),
            self._filled(grades2, missing2, Fraction(0)),
            zero,
        )
        high = self.session2_grade(
            self._filled(grades, missing1, top), self._filled(grades2, missing2, top), zero
        )
        return self._bounded(low, high, list(dict.fromkeys(missing2 + missing1)), zero, top)

    def _filled(
        self, entered: Mapping[str, Entered], missing: Sequence[str], grade: Fraction
    ) -> dict[str, Entered]:
        return {**entered, **{key(self.course.id, i): grade for i in missing}}

    def _bounded(
        self, low: object, high: object, missing: Sequence[str], zero: Zeros, top: Fraction
    ) -> Unknown | None:
        # Every formula is monotone in each component: its ends are these two grades. A
        # known absence or ABJ decides the course already (it is not MISSING then).
        if not isinstance(low, Fraction) or not isinstance(high, Fraction):
            return None
        if low == 0 and high == top:
            return None
        return Unknown(
            floor=low,
            ceiling=high,
            # A missed component makes its course absent, unless the course reads an
            # absence as 0 (then the floor counts it already).
            may_be_absent=not zero[0],
            missing=tuple(self.name_of(i) for i in missing),
        )

    def needed(
        self,
        course_minimum: float,
        session: int,
        grades: Mapping[str, Entered],
    ) -> tuple[str, Fraction] | None:
        """(the component, the grade it needs) for the course to reach `course_minimum`:
        the one component not known (in session 2: the retaken one, the others kept), the
        others at their grades; None when more than one is missing or kept grades are not
        known (the minimum then stays the course's)."""
        x = exact(course_minimum)
        ids = [c.id for c in self.course.components]
        if session == 2:
            if len(self.retaken) != 1:
                return None
            free = self.retaken[0]
            known = self._read(grades, self.kept, zero=(False, False))
        else:
            missing = [i for i in ids if key(self.course.id, i) not in grades]
            if len(missing) != 1:
                return None
            free = missing[0]
            known = self._read(grades, [i for i in ids if i != free], zero=(False, False))
        if not isinstance(known, dict):
            return None
        weights = {c.id: exact(c.weight) for c in self.course.components}
        total = sum(weights.values(), Fraction(0))
        rest = sum((weights[i] * v for i, v in known.items()), Fraction(0))
        # The weighted mean reaches x when the free grade reaches (x·total − rest) / w.
        y = (x * total - rest) / weights[free]
        if session == 2 and self.session2.formula == "best_of" and len(self.retaken) == 1:
            y = min(y, x)  # the retaken grade alone also counts
        if session == 2 and self.session2.formula == "sessions_mix":
            first = self.session1(grades, zero=(False, False))
            if not isinstance(first, Fraction):
                return None
            share = exact(self.session2.session2_share or 0)
            y = ((x - (1 - share) * first) / share * total - rest) / weights[free]
        return free, max(y, Fraction(0))

    # --- odds ---------------------------------------------------------------------
    def sample_session1(
        self,
        entered: Mapping[str, Entered],
        draw: Callable[[str], Grades],
        missed: tuple[float, float],
    ) -> dict[str, Grades]:
        """Each component's session-1 grade draw by draw: as entered, else
        `draw(component)`. `missed`: what an absence and a justified absence at the course
        are drawn as (planner.rules.absence.sampled: -inf, 0, or NaN for left out)."""
        return {c.id: self._sampled(entered, c.id, missed, draw) for c in self.course.components}

    def sample_grade(self, parts: Mapping[str, Grades]) -> Grades:
        """The course grade of each draw from its components' (-inf: an absence)."""
        ids = [c.id for c in self.course.components]
        return self._sample_mean(parts, ids)

    def sample_session2(
        self,
        first: Mapping[str, Grades],
        first_grade: Grades,
        entered2: Mapping[str, Entered],
        draw: Callable[[str], Grades],
        missed: tuple[float, float],
    ) -> Grades:
        """The course's session-2 grade draw by draw (session2_grade()'s arithmetic): the
        kept components at their session-1 draws (`first`), the retaken ones as entered
        in session 2 or else `draw(component)`; `first_grade`, the course's session-1
        grade, for a mix of sessions."""
        import numpy as np  # here, not at import (see planner.rules.base)

        retaken = {i: self._sampled(entered2, i, missed, draw) for i in self.retaken}
        ids = [c.id for c in self.course.components]
        mixed = self._sample_mean({**first, **retaken}, ids)
        formula = self.session2.formula
        if formula == "best_of":
            return np.fmax(mixed, self._sample_mean(retaken, self.retaken))
        if formula == "sessions_mix":
            share = self.session2.session2_share or 0.0
            # An absence in session 1 counts 0 in the mix; one in session 2 stays one.
            return np.where(
                np.isfinite(mixed),
                share * mixed + (1 - share) * np.where(np.isfinite(first_grade), first_grade, 0.0),
                mixed,
            )
        return mixed

    def _sampled(
        self,
        entered: Mapping[str, Entered],
        component: str,
        missed: tuple[float, float],
        draw: Callable,
    ) -> Grades:
        import numpy as np

        grade = entered.get(key(self.course.id, component), MISSING)
        if grade is MISSING:
            return draw(component)  # type: ignore[no-any-return]
        if grade is None:
            return np.asarray(missed[0])
        if grade == JUSTIFIED:
            return np.asarray(missed[1])
        return np.asarray(float(grade))  # type: ignore[arg-type]

    def _sample_mean(self, parts: Mapping[str, Grades], ids: Sequence[str]) -> Grades:
        weights = {c.id: c.weight for c in self.course.components}
        total = sum(weights[i] for i in ids)
        # -inf (an absence) makes the mean -inf, as an absent component makes its course.
        return sum(weights[i] * parts[i] for i in ids) / total  # type: ignore[return-value]


class _Mark:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


MISSING = _Mark("MISSING")
ABSENT = _Mark("ABSENT")


def graded(programme: Programme, course_id: str) -> Graded | None:
    """The course as graded by components, or None for a course graded as a whole."""
    course = programme.course(course_id)
    if not course.components:
        return None
    return Graded(
        course,
        course.component_session2 or programme.rules.component_session2 or DEFAULT_SESSION2,
    )


def describe(programme: Programme, course_id: str, lang: Lang) -> str:
    """How a course graded by components is graded, in both sessions: "Statistics is graded
    by its components: Continuous assessment (weight 0.4, kept in session 2), Exam (weight
    0.6, retaken in session 2). In session 2 only the retaken components …"."""
    found = graded(programme, course_id)
    assert found is not None, course_id
    parts = ", ".join(
        texts.text(
            PART_TEXTS[c.session2],
            lang,
            component=c.name,
            weight=number(c.weight, lang),
        )
        for c in found.course.components
    )
    course = found.course.name
    text = texts.text("rule.components_course", lang, course=course, parts=parts)
    return text + found.session2.describe(lang)


def courses_graded(programme: Programme, courses: Sequence[str]) -> list[Graded]:
    """The courses graded by components among `courses`, once each, in order."""
    found = (graded(programme, c) for c in dict.fromkeys(courses))
    return [g for g in found if g is not None]


def entry_keys(programme: Programme, courses: Sequence[str], session: int) -> list[str]:
    """Where a student types the grades of `courses`: a course graded as a whole by its
    id; one graded by components by each component (`course/component`), in session 2
    only its retaken ones."""
    keys = []
    for course in courses:
        found = graded(programme, course)
        if found is None:
            keys.append(course)
            continue
        ids = found.retaken if session == 2 else [c.id for c in found.course.components]
        keys += [key(course, i) for i in ids]
    return keys


def entry_name(programme: Programme, name: str, lang: Lang) -> str:
    """A grade field's name: its course's, or "Exam of Statistics" for a component."""
    course, component = split_key(name)
    if component is None:
        return programme.course(course).name
    found = graded(programme, course)
    assert found is not None
    component_name = found.name_of(component)
    return texts.text("component_of", lang, component=component_name, course=found.course.name)


def computed_text(
    programme: Programme, course_id: str, grades: Mapping[str, Entered], lang: Lang
) -> str | None:
    """How a course's grade is computed from its components' (« Statistics: 8.6, computed
    from Continuous assessment 14 × 0.4 and Exam 5 × 0.6 »), once every one is entered;
    None otherwise, or for a course graded as a whole."""
    found = graded(programme, course_id)
    if found is None:
        return None
    zero = (False, False)  # the grades as entered, each a number
    grade = found.session1(grades, zero)
    if not isinstance(grade, Fraction):
        return None
    parts = [
        texts.text(
            "component_part",
            lang,
            component=c.name,
            grade=number(float(exact(grades[key(course_id, c.id)])), lang),  # type: ignore[arg-type]
            weight=number(c.weight, lang),
        )
        for c in found.course.components
    ]
    return texts.text(
        "component_computed",
        lang,
        course=found.course.name,
        grade=number(float(grade), lang),
        parts=join(parts, lang),
    )


@dataclass(frozen=True)
class Bounds:
    """The courses graded by components not known yet but bounded by their known
    components, in each session (Graded.session1_bounds, session2_bounds): what the engine
    reads for them instead of a grade anywhere on the scale."""

    session1: Mapping[str, Unknown] = field(default_factory=dict)
    session2: Mapping[str, Unknown] = field(default_factory=dict)


NO_BOUNDS = Bounds()


def bounds(
    programme: Programme,
    grades: Mapping[str, Entered],
    grades2: Mapping[str, Entered],
) -> Bounds:
    """The scenario's courses graded by components whose grade is not known yet, as far as
    their known components bound it (the grades as entered, as `fold` reads them)."""
    courses = {split_key(k)[0] for k in (*grades, *grades2) if SEPARATOR in k}
    if not courses:
        return NO_BOUNDS
    top = exact(programme.grade_scale.max)
    first: dict[str, Unknown] = {}
    second: dict[str, Unknown] = {}
    for course_id in sorted(courses):
        found = graded(programme, course_id)
        if found is None:
            continue
        absences = programme.absences
        zero = (absences.of(course_id) == "zero", absences.justified_of(course_id) == "zero")
        if (one := found.session1_bounds(grades, zero, top)) is not None:
            first[course_id] = one
        if (two := found.session2_bounds(grades, grades2, zero, top)) is not None:
            second[course_id] = two
    return Bounds(first, second)


def fold(
    programme: Programme,
    grades: Mapping[str, Entered],
    grades2: Mapping[str, Entered],
) -> tuple[dict[str, Entered], dict[str, Entered]]:
    """The scenario's grades as course grades (session 1, session 2): each course graded
    by components given its computed grade where it is known; every other key as it is."""
    first = {k: v for k, v in grades.items() if SEPARATOR not in k}
    second = {k: v for k, v in grades2.items() if SEPARATOR not in k}
    courses = {split_key(k)[0] for k in (*grades, *grades2) if SEPARATOR in k}
    for course_id in sorted(courses):
        found = graded(programme, course_id)
        if found is None:
            continue
        absences = programme.absences
        zero = (absences.of(course_id) == "zero", absences.justified_of(course_id) == "zero")
        one = found.session1(grades, zero)
        if one is not MISSING:
            first[course_id] = one  # type: ignore[assignment]
        two = found.session2_grade(grades, grades2, zero)
        if two is not MISSING and any(key(course_id, i) in grades2 for i in found.retaken):
            second[course_id] = two  # type: ignore[assignment]
    return first, second


@dataclass(frozen=True)
class RetakenParts:
    """What a course graded by components retakes, as a retake list names it in each
    language: "Exam of Statistics"."""

    course: str
    components: tuple[str, ...]

    def text(self, lang: Lang) -> str:
        return ", ".join(
            texts.text("component_of", lang, component=c, course=self.course)
            for c in self.components
        )


def retake_label(programme: Programme, course_id: str) -> str | RetakenParts:
    """What a student retakes of a course: its retaken components, or the course."""
    found = graded(programme, course_id)
    name = programme.course(course_id).name
    if found is None:
        return name
    return RetakenParts(name, tuple(found.name_of(i) for i in found.retaken))


def retake_name(programme: Programme, course_id: str, lang: Lang) -> str:
    """retake_label() written in a language."""
    label = retake_label(programme, course_id)
    return label if isinstance(label, str) else label.text(lang)


def minimum_text(
    programme: Programme,
    course_id: str,
    course_minimum: float,
    session: int,
    grades: Mapping[str, Entered],
    lang: Lang,
) -> str | None:
    """The minimum of a course graded by components, said of the component to sit:
    "Exam of Statistics: at least 8.5 (your Continuous assessment 14 is kept)"; None for a
    course graded as a whole, or when it cannot be said of one component."""
    found = graded(programme, course_id)
    if found is None:
        return None
    needed = found.needed(course_minimum, session, grades)
    if needed is None:
        return None
    component, value = needed
    course = programme.course(course_id).name
    name = texts.text("component_of", lang, component=found.name_of(component), course=course)
    scale = programme.grade_scale.max
    if value > exact(scale):
        return texts.text("component_out_of_reach", lang, component=name)
    # Rounded up to the hundredth, as a grade is written.
    shown = float(-(value * -100 // 1) / 100)
    text = texts.text("component_needed", lang, component=name, value=number(shown, lang))
    others = [c for c in found.course.components if c.id != component]
    kept = [
        texts.text(
            "component_kept",
            lang,
            component=c.name,
            value=number(float(exact(grades[key(course_id, c.id)])), lang),  # type: ignore[arg-type]
        )
        for c in others
        if isinstance(grades.get(key(course_id, c.id)), (int, float))
    ]
    if kept:
        # In session 2 the other grades are kept from session 1; in session 1 they are
        # the grades already entered.
        key_ = "component_kept_list" if session == 2 else "component_with_list"
        text += texts.text(key_, lang, kept=", ".join(kept))
    return text


def uniform_minimum_lines(
    programme: Programme,
    courses: Sequence[str],
    course_minimum: float,
    session: int,
    grades: Mapping[str, Entered],
    lang: Lang,
) -> list[str] | None:
    """Where one minimum grade over several courses includes a course graded by
    components, what each course needs, said of what the student sits: "Exam of
    Statistics: at least 7.34 — your Continuous assessment 14 kept", "English: at least 10".
    The same grade in each exam is not the same course grade (a kept component weighs in),
    and their sum does not say what to sit. None when no course of `courses` is graded by
    components: the same grade in each reads as it always has. Empty when a course graded
    by components cannot reach that grade (its kept components hold it below): that way
    does not exist, though the unit may still be validated with more elsewhere."""
    if not any(graded(programme, c) is not None for c in courses):
        return None
    rounded = float(-(Fraction(repr(course_minimum)) * -100 // 1) / 100)
    lines = []
    for course in courses:
        found = graded(programme, course)
        needed = None if found is None else found.needed(course_minimum, session, grades)
        if needed is not None and needed[1] > exact(programme.grade_scale.max):
            return []
        text = minimum_text(programme, course, course_minimum, session, grades, lang)
        if text is None:  # graded as a whole, or more than one component to sit
            name = programme.course(course).name
            text = texts.text("component_needed", lang, component=name, value=number(rounded, lang))
        lines.append(text)
    return lines
