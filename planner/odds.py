"""The odds of passing: a seeded, vectorised Monte-Carlo simulation of session 1.

Every course of the plan gets a grade in each draw:

- a grade in `scenario.grades` is fixed (None, an absence, stays absent in every draw and
  counts as a missing grade exactly as in `planner.engine`);
- a course with a `Belief` is drawn uniformly on the belief's range, clipped to the
  grade scale [0, max] (a range that does not meet the scale at all is a ValueError);
- any other course is drawn uniformly on the whole scale [0, max] and listed in
  `Odds.assumed_full_range`, so that the app can say so.

Each unit is then judged by its rule kind's `sample` (the engine's semantics), draw by
draw, as whole numpy arrays (no Python loop over draws). Only
session 1 is simulated: the bonus never changes a verdict and is ignored. Units whose
choices are incomplete are not simulated; they are listed in `Odds.skipped`.

Compensation between units is not simulated: for a programme with compensation groups,
`Odds.year` and a unit's `validated` count only validations on the unit's own grades, so
they are lower bounds.

Draws come from `np.random.default_rng(seed)`, one stream of uniforms per drawn course in
the plan's course order, turned into a grade by a formula that is monotone in the range's
ends. So the same seed gives exactly the same odds, and with the same seed, raising a
belief never lowers a probability of validating (common random numbers).

Means of several grades are compared to the threshold with a tolerance of 1e-9 of the
scale, so that binary rounding never fails a mean the engine's exact arithmetic passes
(9.9, 10.1 and 10.0 average to 10); a single grade is compared exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.catalogue import Programme
from planner.evaluation import Evaluation, evaluate
from planner.scenario import Scenario

DEFAULT_DRAWS = 20_000
MAX_DRAWS = 200_000  # a (draws x courses) float matrix: 200 000 x 25 is 40 MB

Grades = npt.NDArray[np.float64]
Verdicts = npt.NDArray[np.bool_]


class Belief(BaseModel):
    """A grade the student is unsure of: uniform on [low, high] (in points of the scale).

    The range is not tied to a scale; `simulate` clips it to [0, scale max]. A degenerate
    range (low == high) is a grade the student is sure of.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)

    @field_validator("low", "high", mode="before")
    @classmethod
    def _is_number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"a belief bound must be a number, not {value!r}")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Belief:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is larger than high ({self.high:g})")
        return self

    @classmethod
    def around(cls, expected: float, spread: float) -> Belief:
        """The range [expected - spread, expected + spread]."""
        if not (math.isfinite(expected) and math.isfinite(spread)):
            raise ValueError("expected and spread must be finite numbers")
        if spread < 0:
            raise ValueError(f"spread must be at least 0, not {spread:g}")
        return cls(low=expected - spread, high=expected + spread)


@dataclass(frozen=True)
class CourseOdds:
    course: str
    retake: float  # P(the unit fails and this grade is absent or below)


@dataclass(frozen=True)
class UnitOdds:
    unit: str
    validated: float  # P(the unit is validated in session 1, on its own grades)
    courses: tuple[CourseOdds, ...]

    def course(self, course_id: str) -> CourseOdds:
        return next(c for c in self.courses if c.course == course_id)


@dataclass(frozen=True)
class Odds:
    draws: int
    seed: int
    units: tuple[UnitOdds, ...]
    year: float  # P(every simulated unit is validated), draw by draw
    # Courses with neither a grade nor a belief: drawn on the whole scale.
    assumed_full_range: tuple[str, ...]
    # Units not simulated because their choices are incomplete.
    skipped: tuple[str, ...] = ()

    def unit(self, unit_id: str) -> UnitOdds:
        return next(u for u in self.units if u.unit == unit_id)


def _is_integer(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def simulate(
    programme: Programme,
    scenario: Scenario,
    beliefs: Mapping[str, Belief],
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    *,
    evaluation: Evaluation | None = None,
) -> Odds:
    """The odds of validating each unit and the year in session 1, by `draws` draws.

    `evaluation`, if given, is `evaluate(programme, scenario)` already computed (the app
    has it): it saves evaluating the scenario again. Raises ScenarioError (a ValueError)
    for a scenario that cannot be evaluated, and ValueError for a belief on an unknown
    course, on a course that already has a grade, or whose range lies outside the grade
    scale. Beliefs on courses outside the simulated plan (another option, not chosen) are
    ignored, as grades are.
    """
    if not _is_integer(draws) or not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be an integer from 1 to {MAX_DRAWS}, not {draws!r}")
    if not _is_integer(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    draws, seed = int(draws), int(seed)
    for course, belief in beliefs.items():
        if not isinstance(belief, Belief):
            raise ValueError(f"the belief on {course!r} is not a Belief: {belief!r}")
        if not programme.has_course(course):
            raise ValueError(f"belief on {course!r}, which {programme.id} does not have")
        if course in scenario.grades:
            raise ValueError(f"{course!r} has both a grade and a belief: give one or the other")
    if evaluation is None:
        evaluation = evaluate(programme, scenario)
    elif evaluation.scenario != scenario:
        raise ValueError("the evaluation given is not the evaluation of this scenario")
    results = [r for r in evaluation.units if r.choice_valid]
    skipped = tuple(r.unit for r in evaluation.units if not r.choice_valid)
    scale = float(programme.grade_scale.max)

    courses = list(dict.fromkeys(c for r in results for c in r.enrolled))
    drawn = [c for c in courses if c not in scenario.grades]
    fixed = [c for c in courses if c in scenario.grades]
    row = {c: i for i, c in enumerate((*drawn, *fixed))}
    lows = np.empty((len(drawn), 1))
    highs = np.empty((len(drawn), 1))
    for i, course in enumerate(drawn):
        belief = beliefs.get(course)
        if belief is None:
            lows[i], highs[i] = 0.0, scale
            continue
        lows[i], highs[i] = max(belief.low, 0.0), min(belief.high, scale)
        if lows[i] > highs[i]:
            raise ValueError(
                f"the belief on {course!r} ({belief.low:g} to {belief.high:g}) lies outside "
                f"the grade scale 0 to {scale:g}"
            )

    # One row per course, one column per draw: drawn courses first, then fixed ones.
    grid = np.empty((len(courses), draws))
    if drawn:
        # One stream of uniforms per drawn course, in the plan's order. (1-u)·low + u·high
        # rounds monotonically in both ends; the clip keeps it in the range and makes
        # low == high exact.
        sample = grid[: len(drawn)]
        np.random.default_rng(seed).random(out=sample)
        weight = 1.0 - sample
        weight *= lows
        sample *= highs
        sample += weight
        np.clip(sample, lows, highs, out=sample)
    if fixed:
        values = [scenario.grades[c] for c in fixed]
        grid[len(drawn) :] = np.array([-np.inf if g is None else float(g) for g in values])[:, None]

    units: list[UnitOdds] = []
    passed = np.ones(draws, dtype=bool)
    for result in results:
        grades = grid[[row[c] for c in result.enrolled]]
        weights = result.rule.course_weights(programme, result.enrolled)
        validated = result.rule.sample(
            grades, None if weights is None else [float(w) for w in weights], scale
        )
        passed &= validated
        retake = (grades < result.rule.threshold) & ~validated
        # Without a session 2 nothing is retaken (the engine lists no retake either).
        rates = (
            np.count_nonzero(retake, axis=1) / draws
            if result.rule.session2
            else np.zeros(len(result.enrolled))
        )
        units.append(
            UnitOdds(
                unit=result.unit,
                validated=np.count_nonzero(validated) / draws,
                courses=tuple(
                    CourseOdds(course=c, retake=float(rates[i]))
                    for i, c in enumerate(result.enrolled)
                ),
            )
        )
    return Odds(
        draws=draws,
        seed=seed,
        units=tuple(units),
        year=np.count_nonzero(passed) / draws,
        assumed_full_range=tuple(c for c in drawn if c not in beliefs),
        skipped=skipped,
    )
