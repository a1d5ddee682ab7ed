"""What an absence means, one object (format_version 3; a file of an earlier version, which
cannot say it, reads every absence as `blocks`, as it always has).

- `rules.absence`: `blocks` (the default: an absent course leaves its unit without a mean,
  so the unit is not validated, and it is below any course floor) or `zero` (as many MCCs
  say, an absence is graded 0: it counts 0 in its unit's mean, and is below a course floor
  above 0).
- `rules.justified_absence`: what a justified absence (ABJ, written "ABJ" where a grade
  goes in a scenario) means: `neutralised` (the course is left out of its unit's mean and
  the other courses' weights are renormalised; a unit whose every course is left out has
  no mean), `blocks` or `zero`. Not given: as an absence of the same course.
- A course overrides either with its own `absence:` or `justified_absence:`.

The engine reads the entered grades through `Absences.read` before anything judges them:
a 0 where an absence is graded zero, None where it blocks, LEFT_OUT where a justified
absence is neutralised, and unit_grid() leaves the LEFT_OUT courses out of the unit. A
rule kind never sees an absence other than None. The certainty rule is unchanged: an exam
not sat yet can still be missed, which under `zero` is just a 0 (`missed_is_zero`), so a
verdict is certain when it holds for every grade from 0 up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from planner.rules.grid import LEFT_OUT, NOT_KNOWN_MISSED_IS_ZERO, LeftOut, Unknown, Value

if TYPE_CHECKING:
    from planner.rules.base import Grades

JUSTIFIED = "ABJ"  # a justified absence, where a grade goes in a scenario
AbsenceMeaning = Literal["blocks", "zero"]
JustifiedMeaning = Literal["neutralised", "blocks", "zero"]
Grade = float | None | Literal["ABJ"]  # as entered: a number, None for an absence, or ABJ
Read = float | None | LeftOut  # as judged


@dataclass(frozen=True)
class Absences:
    """How a programme reads the absences of its courses."""

    absence: AbsenceMeaning = "blocks"
    justified: JustifiedMeaning | None = None  # None: as an absence of the same course
    # course id -> (its absence, its justified absence), for courses that override either
    overrides: Mapping[str, tuple[AbsenceMeaning | None, JustifiedMeaning | None]] = field(
        default_factory=dict
    )

    @cached_property
    def plain(self) -> bool:
        """Whether every absence blocks and a justified absence is an absence (as in a
        version-1 or version-2 file)."""
        return (
            self.absence == "blocks" and self.justified in (None, "blocks") and not self.overrides
        )

    def of(self, course: str) -> AbsenceMeaning:
        own = self.overrides.get(course)
        return (own[0] if own else None) or self.absence

    def justified_of(self, course: str) -> JustifiedMeaning:
        own = self.overrides.get(course)
        return (own[1] if own else None) or self.justified or self.of(course)

    def missed_is_zero(self, course: str) -> bool:
        """Whether missing this course's exam is a 0 rather than no grade."""
        return self.of(course) == "zero"

    def read(self, grades: Mapping[str, Grade | LeftOut]) -> Mapping[str, Read]:
        """The grades as judged: each absence and justified absence read as this programme
        says (a 0, None, or LEFT_OUT). Reading grades already read changes nothing."""
        if self.plain and JUSTIFIED not in grades.values():
            return grades  # type: ignore[return-value]  # every absence blocks already
        return {c: self._read(c, g) for c, g in grades.items()}

    def _read(self, course: str, grade: Grade | LeftOut) -> Read:
        if grade is None:
            meaning: str = self.of(course)
        elif grade == JUSTIFIED:
            meaning = self.justified_of(course)
        else:
            return grade  # type: ignore[return-value]  # a number, or LEFT_OUT
        if meaning == "zero":
            return 0.0
        return LEFT_OUT if meaning == "neutralised" else None

    def judged(self, courses: Sequence[str], vector: Sequence[Value]) -> tuple[tuple, list]:
        """(courses, values) a unit is judged on: without the courses left out (all of
        them, each as an absence, when every course is), and an exam not sat yet whose
        absence is graded 0 as one that cannot end without a grade."""
        if self.plain:
            return tuple(courses), list(vector)
        kept = [(c, v) for c, v in zip(courses, vector, strict=True) if v is not LEFT_OUT]
        if not kept:  # nothing left to average: no mean, as after an absence
            return tuple(courses), [None] * len(courses)
        return tuple(c for c, _ in kept), [
            NOT_KNOWN_MISSED_IS_ZERO
            if type(v) is Unknown and v.may_be_absent and self.missed_is_zero(c)
            else v
            for c, v in kept
        ]


def sampled(grade: Read) -> float:
    """A grade as read, as the odds draw it: -inf for an absence, NaN for a course left out
    (RuleBase.sample judges the draw on the other courses)."""
    if grade is None:
        return -math.inf
    return math.nan if grade is LEFT_OUT else float(grade)  # type: ignore[arg-type]


def judged_draws(grades: Grades) -> Grades:
    """A unit's grades (courses, draws) as the odds judge them: in a draw that leaves every
    course out, each is an absence (as Absences.judged)."""
    import numpy as np  # here, not at import (see planner.rules.base)

    left_out = np.isnan(grades)
    if not left_out.any():
        return grades
    return np.where(left_out.all(axis=0), -np.inf, grades)
