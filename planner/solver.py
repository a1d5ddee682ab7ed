"""Minimum grades: the lowest grade(s) on the not-yet-known courses that validate a unit.

Exact: every rule is a monotone, piecewise-linear function of a uniform grade x, so the
answer is found interval by interval in closed form with rational arithmetic.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from planner.catalogue import UnitRule
from planner.engine import Unknown, Value, exact, passes

Status = Literal["needed", "already_certain", "impossible", "nothing_unknown"]


class MinimumGrade(BaseModel):
    model_config = ConfigDict(frozen=True)

    courses: tuple[str, ...]
    status: Status
    value: float | None = None  # exact minimum, when status is "needed"

    @property
    def rounded_up(self) -> float | None:
        """The minimum rounded up to the hundredth, as a grade can be written."""
        if self.value is None:
            return None
        return float(-(Fraction(repr(self.value)) * -100 // 1) / 100)


def _float_at_least(value: Fraction) -> float:
    """The nearest float not below `value` (149/3 must not become 49.666…664, too low)."""
    # The engine reads a float by its shortest decimal form (repr), so compare that form.
    result = float(value)
    while exact(result) < value:
        result = math.nextafter(result, math.inf)
    return result


def _with_x(vector: Sequence[Value], free: Sequence[bool], x: Fraction) -> list[Fraction | None]:
    """The free unknowns at x (or their floor, if higher); other unknowns at their floor."""
    out: list[Fraction | None] = []
    for value, is_free in zip(vector, free, strict=True):
        if isinstance(value, Unknown):
            out.append(max(x, value.floor) if is_free else value.floor)
        else:
            out.append(value)
    return out


def _closed_form(rule: UnitRule, fixed: Sequence[Fraction | None], n_free: int) -> Fraction | None:
    """Smallest x with `n_free` grades equal to x and the `fixed` ones validating the rule."""
    threshold = exact(rule.threshold)
    numbers = sorted((v for v in fixed if v is not None), reverse=True)
    if rule.kind == "best_k_mean":
        k = rule.k or 0
        candidates = []
        for j in range(1, min(n_free, k) + 1):
            rest = k - j
            if rest > len(numbers):
                continue
            candidates.append((k * threshold - sum(numbers[:rest], Fraction(0))) / j)
        return min(candidates) if candidates else None
    if len(numbers) < len(fixed):
        return None  # an absence fails mean_of_all whatever x is
    count = len(fixed) + n_free
    return (count * threshold - sum(numbers, Fraction(0))) / n_free


def minimum_grade(
    rule: UnitRule,
    vector: Sequence[Value],
    courses: Sequence[str],
    free_courses: Sequence[str],
    scale: float,
) -> MinimumGrade:
    """Lowest uniform grade on `free_courses` that validates the unit; other unknown
    courses are held at their lowest possible grade (so the answer is a guarantee)."""
    free = [
        c in free_courses and isinstance(v, Unknown) for c, v in zip(courses, vector, strict=True)
    ]
    chosen = tuple(c for c, f in zip(courses, free, strict=True) if f)
    if not chosen:
        return MinimumGrade(courses=(), status="nothing_unknown")
    top = exact(scale)
    if passes(rule, _with_x(vector, free, Fraction(0))):
        return MinimumGrade(courses=chosen, status="already_certain")
    if not passes(rule, _with_x(vector, free, top)):
        return MinimumGrade(courses=chosen, status="impossible")
    floors = sorted(
        {v.floor for v, f in zip(vector, free, strict=True) if f and isinstance(v, Unknown)}
        | {Fraction(0), top}
    )
    floors = [p for p in floors if 0 <= p <= top]
    for low, high in itertools.pairwise(floors):
        # The last interval is known to validate at its top (checked above).
        if high != top and not passes(rule, _with_x(vector, free, high)):
            continue
        # On [low, high] a free course is x if its floor <= low, else fixed at its floor.
        fixed: list[Fraction | None] = []
        n_free = 0
        for value, is_free in zip(vector, free, strict=True):
            if isinstance(value, Unknown):
                if is_free and value.floor <= low:
                    n_free += 1
                else:
                    fixed.append(value.floor)
            else:
                fixed.append(value)
        x = _closed_form(rule, fixed, n_free)
        answer = high if x is None else min(max(x, low), high)
        return MinimumGrade(courses=chosen, status="needed", value=_float_at_least(answer))
    return MinimumGrade(courses=chosen, status="impossible")  # unreachable: monotone


class UnitMinimums(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit: str
    session: int
    uniform: MinimumGrade
    per_course: tuple[MinimumGrade, ...]


def unit_minimums(
    unit_id: str,
    session: int,
    rule: UnitRule,
    courses: Sequence[str],
    values: Mapping[str, Value],
    scale: float,
) -> UnitMinimums:
    vector = [values.get(c, Unknown()) for c in courses]
    unknown = [c for c, v in zip(courses, vector, strict=True) if isinstance(v, Unknown)]
    uniform = minimum_grade(rule, vector, courses, unknown, scale)
    per_course = (
        (uniform,)  # one unknown course: its own minimum is the uniform one
        if len(unknown) == 1
        else tuple(minimum_grade(rule, vector, courses, [c], scale) for c in unknown)
    )
    return UnitMinimums(unit=unit_id, session=session, uniform=uniform, per_course=per_course)
