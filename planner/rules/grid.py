"""One unit's grades as integers over a common denominator, the form every rule kind
decides on (Fraction arithmetic was most of evaluate's time; a Fraction appears only for a
mean shown to the student)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.rules.base import RuleBase


def exact(value: float | int | Fraction) -> Fraction:
    """Exact value of a grade as the student typed it (12.35 is 1235/100, not a binary float)."""
    if isinstance(value, Fraction):
        return value
    return _exact_number(value)


@lru_cache(maxsize=4096)
def _exact_number(value: float | int) -> Fraction:
    # Cached: the same few grades and thresholds are converted on every rerun.
    if isinstance(value, float) and math.isfinite(value):
        # The decimal form's exact ratio: the same value as Fraction(repr(value)), without
        # Fraction's regular-expression parser (twice as fast; the solver converts a new
        # float for each minimum it gives).
        return Fraction(*Decimal(repr(value)).as_integer_ratio())
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


@dataclass(frozen=True)
class Unknown:
    """A grade not known yet; it will be at least `floor` (0, or the session-1 grade when
    session 2 keeps the best of both), at most `ceiling` (None: the top of the scale), or
    an absence when `may_be_absent` (an exam not sat yet can still be missed; under
    keep_best a missed retake keeps the session-1 grade).

    A course graded by components with some of them known (planner.rules.components) is
    bounded by them: the weighted mean with the others at 0 and at the top of the scale;
    `missing` then names the components still to sit (their names as the file gives
    them), which a verdict waiting on the course names instead of the course."""

    floor: Fraction = Fraction(0)
    may_be_absent: bool = True
    ceiling: Fraction | None = None
    missing: tuple[str, ...] = ()


class LeftOut:
    """A justified absence that the programme neutralises: the course is left out of its
    unit's mean (planner.rules.absence). Never a value a rule kind sees."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LEFT_OUT"


LEFT_OUT = LeftOut()
Value = Fraction | None | Unknown | LeftOut
NOT_KNOWN = Unknown()  # immutable: one shared instance for "not known yet, floor 0"
# An exam not sat yet whose absence is graded 0: anything from 0 up, and never no grade.
NOT_KNOWN_MISSED_IS_ZERO = Unknown(may_be_absent=False)


def entered(grade: float | LeftOut | None) -> Value:
    """The value of a grade as entered and read (planner.rules.absence.Absences.read): a
    number exact, None for an absence, LEFT_OUT for a neutralised justified absence."""
    if grade is None or grade is LEFT_OUT:
        return grade
    return exact(grade)  # type: ignore[arg-type]


Numbers = list[int | None]  # one unit's grades in course order, None for an absence


class ScaledGrades:
    """One unit's values scaled to integers, with its rule: `values` holds each course's
    grade (an unknown at its floor, flagged in `unknown`), None for an absence."""

    def __init__(
        self,
        rule: RuleBase,
        vector: Sequence[Value],
        scale: float | Fraction,
        weights: Sequence[Fraction] | None = None,
        courses: Sequence[str] = (),
        bonus: Fraction = Fraction(0),
    ) -> None:
        self.rule = rule
        self.vector = vector  # as given: the judged values, Unknown for a grade not known
        # The courses judged, in vector order (engine.unit_grid: the unit's enrolled courses
        # but those a justified absence leaves out); empty when built without names.
        self.courses = tuple(courses)
        threshold, top = exact(rule.threshold), exact(scale)
        floor = exact(rule.course_floor) if rule.course_floor is not None else None
        self.unknown = unknown = [type(v) is Unknown for v in vector]
        self.may_be_absent = [u and v.may_be_absent for v, u in zip(vector, unknown, strict=True)]  # type: ignore[union-attr]
        fractions = [v.floor if u else v for v, u in zip(vector, unknown, strict=True)]  # type: ignore[union-attr]
        ceilings = [v.ceiling if u else None for v, u in zip(vector, unknown, strict=True)]  # type: ignore[union-attr]
        d = math.lcm(threshold.denominator, top.denominator, bonus.denominator)
        if floor is not None:
            d = math.lcm(d, floor.denominator)
        for f in (*fractions, *ceilings):
            if f is not None and d % f.denominator:
                d = math.lcm(d, f.denominator)
        self.denominator = d
        # Bonus points that count (planner.rules.bonus) are added to the mean: the mean
        # with them reaches the threshold exactly when the mean reaches the threshold less
        # them, which every kind decides (and solves) as it does any threshold.
        self.bonus_points = bonus
        self.bonus = bonus.numerator * (d // bonus.denominator)
        threshold_scaled = threshold.numerator * (d // threshold.denominator)
        self.threshold = max(0, threshold_scaled - self.bonus)
        self.top = top.numerator * (d // top.denominator)
        self.floor = None if floor is None else floor.numerator * (d // floor.denominator)
        self.values: Numbers = [
            None if f is None else f.numerator * (d // f.denominator) for f in fractions
        ]
        # Each unknown's highest grade (the top of the scale unless bounded), None for a
        # known grade.
        self.ceilings: Numbers = [
            None if not u else self.top if c is None else c.numerator * (d // c.denominator)
            for c, u in zip(ceilings, unknown, strict=True)
        ]
        # Integer weights in course order (None: equal weights).
        self.weights: list[int] | None = None
        if weights is not None:
            w = math.lcm(*(x.denominator for x in weights)) if weights else 1
            self.weights = [x.numerator * (w // x.denominator) for x in weights]

    def at(self, free: Sequence[bool], x: int) -> Numbers:
        """The grades with the `free` unknowns at x (or their floor, if higher; or their
        ceiling, if lower), the other unknowns sat at their floor."""
        return [
            ((c if x > c else x) if x > v else v) if is_free else v  # type: ignore[operator]
            for v, c, is_free in zip(self.values, self.ceilings, free, strict=True)
        ]

    def worst(self) -> Numbers:
        """The grades when every unknown that can be missed is missed, and the others sit
        at their floor."""
        return [
            None if absent else v for v, absent in zip(self.values, self.may_be_absent, strict=True)
        ]

    def passes(self, numbers: Numbers) -> bool:
        return self.rule.passes(self, numbers)

    def mean(self, numbers: Numbers) -> float | None:
        """The mean shown to the student, with the bonus points that count (never above
        the scale). Decisions never read it (passes() does, in integers); int / int is
        correctly rounded, so it is the float of the exact mean."""
        counted = self.rule.counted(self, numbers)
        if counted is None:
            return None
        if self.bonus:
            total = min(counted[0] + self.bonus * counted[1], self.top * counted[1])
            return total / (counted[1] * self.denominator)
        return counted[0] / (counted[1] * self.denominator)
