"""Minimum grades: the lowest grade(s) on the not-yet-known courses that validate a unit.

Exact: every rule is a monotone, piecewise-linear function of a uniform grade x, so the
answer is found interval by interval in closed form with rational arithmetic. Under a
strict threshold (`strict: true`) the grade that brings the mean exactly to the threshold
does not validate: the minimum is the nearest float above it (written rounded up to the
hundredth, 10.01 for a mean that must exceed 10).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from planner.rules import RuleBase
from planner.rules.grid import NOT_KNOWN, ScaledGrades, Unknown, Value

# any_grade: sitting the exam(s) is enough, whatever the grade (an absence may still fail).
# too_many: too many grades still unknown for an exact minimum within the work allowed
# (planner.group_minimums.MAX_UNITS_JUDGED): said so, never a number that may be wrong.
Status = Literal["needed", "any_grade", "impossible", "nothing_unknown", "too_many"]
# How the minimum validates the unit: its own rule (ADM), compensation in its group (CMP),
# or, "group", raised above what the unit needs for itself so that `for_units`, failed
# units of its group waiting on it, are validated by compensation too.
Route = Literal["own", "compensation", "group"]


@dataclass(frozen=True)
class MinimumGrade:
    courses: tuple[str, ...]
    status: Status
    value: float | None = None  # exact minimum, when status is "needed"
    route: Route = "own"
    # Failed units of the group that this minimum also validates by compensation.
    for_units: tuple[str, ...] = ()

    @property
    def rounded_up(self) -> float | None:
        """The minimum rounded up to the hundredth, as a grade can be written."""
        if self.value is None:
            return None
        return float(-(Fraction(repr(self.value)) * -100 // 1) / 100)


def _float_at_least(numerator: int, denominator: int) -> float:
    """The nearest float not below numerator/denominator (149/3 must not become
    49.666…664, too low). In integers: this runs once per minimum given."""
    result = numerator / denominator  # correctly rounded: at most one step below
    while True:
        # The engine reads a float by its shortest decimal form (repr): compare that form.
        n, m = Decimal(repr(result)).as_integer_ratio()
        if n * denominator >= numerator * m:
            return result
        result = math.nextafter(result, math.inf)


def _float_above(numerator: int, denominator: int) -> float:
    """The nearest float above numerator/denominator, as the engine reads it (a strict
    threshold fails at the value itself)."""
    result = _float_at_least(numerator, denominator)
    n, m = Decimal(repr(result)).as_integer_ratio()
    if n * denominator == numerator * m:
        result = math.nextafter(result, math.inf)
    return result


def minimum_grade(
    rule: RuleBase,
    vector: Sequence[Value],
    courses: Sequence[str],
    free_courses: Sequence[str],
    scale: float,
    scaled: ScaledGrades | None = None,
) -> MinimumGrade:
    """Lowest uniform grade on `free_courses` that validates the unit; other unknown
    courses are held at their lowest possible grade, sat (so the answer is a guarantee
    for a student who sits every exam)."""
    grid = scaled or ScaledGrades(rule, vector, scale)
    free = [c in free_courses and unknown for c, unknown in zip(courses, grid.unknown, strict=True)]
    chosen = tuple(c for c, f in zip(courses, free, strict=True) if f)
    if not chosen:
        return MinimumGrade(courses=(), status="nothing_unknown")
    if grid.passes(grid.at(free, 0)):
        return MinimumGrade(courses=chosen, status="any_grade")
    if not grid.passes(grid.at(free, grid.top)):
        return MinimumGrade(courses=chosen, status="impossible")
    # A free course's grade is x between its floor and its ceiling (a course graded by
    # components bounded by those known), fixed at one of them outside.
    bounds = {v for v, f in zip(grid.values, free, strict=True) if f}
    bounds |= {c for c, f in zip(grid.ceilings, free, strict=True) if f}
    points = sorted(bounds | {0, grid.top})  # type: ignore[type-var]
    points = [p for p in points if p is not None and 0 <= p <= grid.top]
    for low, high in itertools.pairwise(points):
        # The last interval is known to validate at its top (checked above).
        if high != grid.top and not grid.passes(grid.at(free, high)):
            continue
        # On [low, high] a free course is x if its floor <= low and its ceiling >= high,
        # else fixed at its floor (above high) or its ceiling (at most low).
        is_x = [
            unknown and is_free and value is not None and value <= low and ceiling >= high  # type: ignore[operator]
            for value, ceiling, unknown, is_free in zip(
                grid.values, grid.ceilings, grid.unknown, free, strict=True
            )
        ]
        values = [
            c if f and c is not None and c <= low else v
            for v, c, f in zip(grid.values, grid.ceilings, free, strict=True)
        ]
        x = rule.solve(grid, values, is_x)
        # A strict threshold fails at x itself (the mean exactly at it): the minimum is
        # just above, unless the course floor asks for more.
        above = rule.strict
        if x is not None and grid.floor is not None and x[0] < grid.floor * x[1]:
            x = (grid.floor, 1)  # a note éliminatoire: never below the course floor
            above = False  # the mean is above the threshold there
        d = grid.denominator
        if x is None or x[0] >= high * x[1]:
            value = _float_at_least(high, d)  # validates at high (checked above)
        elif x[0] < low * x[1] or (x[0] == low * x[1] and not above):
            value = _float_at_least(low, d)
        elif above:
            value = _float_above(x[0], x[1] * d)
        else:
            value = _float_at_least(x[0], x[1] * d)
        return MinimumGrade(courses=chosen, status="needed", value=value)
    return MinimumGrade(courses=chosen, status="impossible")  # unreachable: monotone


@dataclass(frozen=True)
class UnitMinimums:
    unit: str
    session: int
    uniform: MinimumGrade
    per_course: tuple[MinimumGrade, ...]


def unit_minimums(
    unit_id: str,
    session: int,
    rule: RuleBase,
    courses: Sequence[str],
    values: Mapping[str, Value],
    scale: float,
    scaled: ScaledGrades | None = None,
    weights: Sequence[Fraction] | None = None,
) -> UnitMinimums:
    """`scaled`, when given, is the engine's unit_grid() of the same values; otherwise
    `weights` are the rule's course weights (None: equal)."""
    vector = scaled.vector if scaled else [values.get(c, NOT_KNOWN) for c in courses]
    unknown = [c for c, v in zip(courses, vector, strict=True) if isinstance(v, Unknown)]
    scaled = scaled or ScaledGrades(rule, vector, scale, weights)
    uniform = minimum_grade(rule, vector, courses, unknown, scale, scaled)
    if len(unknown) == 1:
        per_course: tuple[MinimumGrade, ...] = (uniform,)  # its own minimum is the uniform one
    else:
        # Every rule is a symmetric function of equally weighted grades, so two unknown
        # courses with the same floor, ceiling and weight need the same grade: solved once
        # per (floor, ceiling, weight), not once per course.
        weight_of = scaled.weights or [1] * len(courses)
        key_of = {
            c: (v, top, w)
            for c, v, top, w in zip(courses, scaled.values, scaled.ceilings, weight_of, strict=True)
        }
        solved_for: dict[tuple[int | None, int | None, int], MinimumGrade] = {}
        minimums = []
        for c in unknown:
            solved = solved_for.get(key_of[c])
            if solved is None:
                solved = solved_for[key_of[c]] = minimum_grade(
                    rule, vector, courses, [c], scale, scaled
                )
            else:
                solved = MinimumGrade(courses=(c,), status=solved.status, value=solved.value)
            minimums.append(solved)
        per_course = tuple(minimums)
    return UnitMinimums(unit=unit_id, session=session, uniform=uniform, per_course=per_course)
