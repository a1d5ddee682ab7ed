"""The odds of passing: a seeded, vectorised Monte-Carlo simulation of session 1 and
session 2.

Every course of the plan gets a session-1 grade in each draw:

- a grade in `scenario.grades` is fixed (an absence, or a justified one, read as the
  programme says: planner.rules.absence, and counted exactly as in `planner.engine`);
- a course with a `Belief` is drawn uniformly on the belief's range, clipped to the
  grade scale [0, max] (a range that does not meet the scale at all is a ValueError);
- any other course is drawn uniformly on the whole scale [0, max] and listed in
  `Odds.assumed_full_range`, so that the app can say so.

Each unit is then judged by its rule kind's `sample` (the engine's semantics), draw by
draw, as whole numpy arrays (no Python loop over draws). The bonus never changes a
verdict and is ignored. Units whose choices are incomplete are not simulated; they are
listed in `Odds.skipped`.

Session 2, as `planner.engine` judges it: in a draw where a unit with a session 2
(`rule.session2`) fails session 1, every course of the unit absent or below the threshold
in that draw is retaken. Its session-2 grade is the one in `scenario.session2_grades`
(None, an absence) or else drawn uniformly on the whole scale; the courses drawn so are
listed in `Odds.assumed_full_range_session2`. The session-2 policy combines the two
grades (`Session2Policy.sample`: replace takes the session-2 grade, an absence included;
keep_best the better of the two, a missed retake keeping the session-1 grade), and the
rule kind judges the unit again. A unit validated in session 1 (alone or by compensation)
stays validated, but for a provisional compensation (below); a session-2 failure is final
unless compensation validates it. A course
whose session-1 grade is not entered but whose session-2 grade is counts that session-2
grade in the draws where its session-1 grade is below the threshold (in the others it is
not retaken).

Compensation between units is simulated as the verdicts apply it (`engine.compensate`,
with the rules after the student's parameters: `evaluation.rules`): in each draw, a unit
failed on its own in session 1, and not by a course floor, is validated by compensation
when every unit of its group has a mean, none is below the group's unit floor and their
mean weighted as the group says reaches its threshold, and its conditions on counts hold
(fewer zeros than `zeros_eliminatory`, at least `min_ects_acquired` ECTS validated on
their own in that draw); it then has nothing to retake.
After session 2 the same is judged again on the final verdicts (session 2's where there
is one, session 1's for a unit without a session 2 or validated in session 1). Where
compensation is decided on the final grades (format_version 3, and chosen rules) and the
policy can lower a mean (replace), a session-1 compensation is provisional in a draw where
another unit of the group retakes (failed alone, with a session 2, not compensated): the
unit retakes its courses as if failed and is judged on the final verdicts. A group with a
unit whose choices are incomplete compensates nobody (that unit is pending).

Draws come from `np.random.default_rng(seed)`, one stream of uniforms per drawn course in
the plan's course order, turned into a grade by a formula that is monotone in the range's
ends; a session-2 grade drawn for a course comes from a stream of its own
(`default_rng([seed, 2, i])` for the i-th course of the plan), one uniform per draw,
whatever else was drawn or entered. So the same seed gives exactly the same odds, and with
the same seed (common random numbers):

- raising a belief never lowers a probability of validating in session 1;
- raising a session-2 grade (an absence being the lowest) never lowers a probability of
  validating after session 2, nor does raising a belief that stays on the same side of
  the unit's threshold;
- a probability after session 2 is never below the one in session 1.

Raising a session-1 belief across the threshold can lower the odds after session 2, and
rightly so: a grade at or above the threshold is kept (capitalised), so the course is no
longer retaken, and a 51 kept may be worth less than a second chance at a 49.

Means of several grades are compared to the threshold with a tolerance of 1e-9 of the
scale, so that binary rounding never fails a mean the engine's exact arithmetic passes
(9.9, 10.1 and 10.0 average to 10); a single grade is compared exactly. A unit's own mean
within that tolerance of its threshold is decided again as the engine decides it, on the
draw's grades read exactly: a float cannot tell 10 from the 9.999999999999998 that
(2·19.999999999999996 + 0 + 0) / 4 exactly is, and the engine does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.catalogue import Programme
from planner.engine import UnitResult, programme_policy
from planner.evaluation import Evaluation, course_grades_of, evaluate
from planner.rules import RuleBase
from planner.rules import bonus as bonus_points_of
from planner.rules.absence import JUSTIFIED, Read, judged_draws, sampled
from planner.rules.base import mean_reaches
from planner.rules.bonus import BonusPoints
from planner.rules.capitalisation import sample_retaken
from planner.rules.compensation import CompensationGroup, inner_first, on_final_grades
from planner.rules.components import Graded, graded, key
from planner.rules.progression import gate_draws, met_draws
from planner.rules.session2 import Session2Policy
from planner.scenario import Scenario

DEFAULT_DRAWS = 20_000
MAX_DRAWS = 200_000  # a (draws x courses) float matrix: 200 000 x 25 is 40 MB

Grades = npt.NDArray[np.float64]
Verdicts = npt.NDArray[np.bool_]
Judged = tuple[Verdicts, Grades, Verdicts]  # each draw's verdict, mean, failed by a floor
# How many grades a unit's mean averages (RuleBase.sample_terms): one figure, or one per
# draw where a justified absence leaves courses out in some draws only.
Terms = int | npt.NDArray[np.int_]


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
    retake: float  # P(the unit fails session 1 and this grade is absent or below)


@dataclass(frozen=True)
class UnitOdds:
    unit: str
    validated: float  # P(the unit is validated in session 1, alone or by compensation)
    courses: tuple[CourseOdds, ...]
    # P(the unit is validated in session 1 or in session 2, alone or by compensation)
    validated_after_session2: float

    def course(self, course_id: str) -> CourseOdds:
        return next(c for c in self.courses if c.course == course_id)


@dataclass(frozen=True)
class Odds:
    draws: int
    seed: int
    units: tuple[UnitOdds, ...]
    year: float  # P(every simulated unit is validated in session 1), draw by draw
    # P(every simulated unit is validated in session 1 or in session 2), draw by draw
    year_after_session2: float
    # Courses with neither a grade nor a belief: drawn on the whole scale.
    assumed_full_range: tuple[str, ...]
    # Courses retaken in some draw whose session-2 grade is not entered: drawn on the
    # whole scale.
    assumed_full_range_session2: tuple[str, ...] = ()
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
    """The odds of validating each unit and the year in session 1 and after session 2, by
    `draws` draws.

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
        if course in scenario.grades or (
            (found := graded(programme, course)) is not None
            and any(key(course, c) in scenario.grades for c in found.course.components)
        ):
            raise ValueError(f"{course!r} has both a grade and a belief: give one or the other")
    if evaluation is None:
        evaluation = evaluate(programme, scenario)
    elif evaluation.scenario != scenario:
        raise ValueError("the evaluation given is not the evaluation of this scenario")
    results = [r for r in evaluation.units if r.choice_valid]
    skipped = tuple(r.unit for r in evaluation.units if not r.choice_valid)
    scale = float(programme.grade_scale.max)

    courses = list(dict.fromkeys(c for r in results for c in r.enrolled))
    # Course grades: a course graded by components has its computed one once every
    # component is known (planner.rules.components).
    grades1, grades2 = course_grades_of(programme, scenario)
    drawn = [c for c in courses if c not in grades1]
    fixed = [c for c in courses if c in grades1]
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
        read = programme.absences.read(grades1)
        grid[len(drawn) :] = np.array([sampled(read[c]) for c in fixed])[:, None]
    # Each course's session-2 stream is keyed by its place in the plan's course order.
    streams = {c: i for i, c in enumerate(courses)}
    components = _Components(programme, scenario, seed, draws, scale, streams, frozenset(beliefs))
    for course in drawn:
        if components.graded(course) is not None:
            grid[row[course]] = components.session1(course)

    policy = programme_policy(programme, scenario.parameters.session2_policy)
    read2 = programme.absences.read(grades2)
    groups = _Groups(evaluation, scale, policy)
    bonus = _BonusDraws(groups.programme, scenario, grid, row, seed)

    # Session 1: each unit on its own, then compensation on the session-1 verdicts.
    first: list[Judged] = []
    first_terms: list[Terms] = []
    unit_grades: list[Grades] = []
    unit_weights: list[list[float] | None] = []
    for result in results:
        grades = judged_draws(grid[[row[c] for c in result.enrolled]])
        coefficients = result.rule.course_weights(programme, result.enrolled)
        weights = None if coefficients is None else [float(w) for w in coefficients]
        unit_grades.append(grades)
        unit_weights.append(weights)
        judged = result.rule.sample_judged(grades, weights, scale)
        first.append(bonus.counted(result.rule, judged, bonus.unit_points(result.unit, 1), scale))
        first_terms.append(_terms(result.rule, grades))
    compensated = groups.firm(results, first, groups.levels(results, first, first_terms, bonus, 1))
    in_session1 = [j[0] | c for j, c in zip(first, compensated, strict=True)]

    # Session 2 for the draws a unit fails in session 1, then compensation on the final
    # verdicts (a unit compensated in session 1 keeps it).
    final: list[Judged] = []
    final_terms: list[Terms] = []
    final_grades: list[Grades] = []
    retakes: list[Verdicts] = []
    for result, grades, weights, judged, terms, ok in zip(
        results, unit_grades, unit_weights, first, first_terms, in_session1, strict=True
    ):
        # Without a session 2 nothing is retaken (the engine lists no retake either).
        # Short of the unit's threshold, or of a lower one where courses are capitalised; a
        # course left out (NaN) is never short of it: it is not retaken.
        retake = sample_retaken(programme, result.rule, grades) & ~ok
        if not result.rule.session2:
            retakes.append(retake & False)
            final.append(judged)
            final_terms.append(terms)
            final_grades.append(grades)
            continue
        retakes.append(retake)
        judged_after, terms_after, grades_after = _after_session2(
            result.rule,
            result.enrolled,
            grades,
            (judged, terms),
            ok,
            retake,
            weights,
            scale,
            policy,
            read2,
            {c: (seed, 2, streams[c]) for c in result.enrolled},
            components,
            bonus,
            bonus.unit_points(result.unit, 2),
        )
        final.append(judged_after)
        final_terms.append(terms_after)
        final_grades.append(grades_after)
    compensated_after = groups.compensated(results, final, final_terms, bonus, 2)
    after_session2 = [
        j[0] | c1 | c2 for j, c1, c2 in zip(final, compensated, compensated_after, strict=True)
    ]
    # A unit behind a prerequisite is validated only in the draws that meet it (a unit not
    # yet allowed is not validated, and retakes nothing), as planner.rules.progression
    # says of the verdicts: in session 1 on session 1's, else on the final ones.
    if programme.rules.prerequisites:
        met = met_draws(programme, results, in_session1, unit_grades)
        in_session1 = gate_draws(results, in_session1, met)
        met = met_draws(programme, results, after_session2, final_grades)
        after_session2 = gate_draws(results, after_session2, met)
        retakes = gate_draws(results, retakes, met)
    drawn_in_session2 = {
        c
        for result, retake in zip(results, retakes, strict=True)
        for i, c in enumerate(result.enrolled)
        if c not in grades2 and retake[i].any()
    }

    units: list[UnitOdds] = []
    passed = np.ones(draws, dtype=bool)
    passed_after = np.ones(draws, dtype=bool)
    for result, ok, after, retake in zip(
        results, in_session1, after_session2, retakes, strict=True
    ):
        passed &= ok
        passed_after &= after
        rates = np.count_nonzero(retake, axis=1) / draws
        units.append(
            UnitOdds(
                unit=result.unit,
                validated=np.count_nonzero(ok) / draws,
                courses=tuple(
                    CourseOdds(course=c, retake=float(rates[i]))
                    for i, c in enumerate(result.enrolled)
                ),
                validated_after_session2=np.count_nonzero(after) / draws,
            )
        )
    return Odds(
        draws=draws,
        seed=seed,
        units=tuple(units),
        year=np.count_nonzero(passed) / draws,
        year_after_session2=np.count_nonzero(passed_after) / draws,
        assumed_full_range=tuple(c for c in drawn if c not in beliefs),
        assumed_full_range_session2=tuple(c for c in courses if c in drawn_in_session2),
        skipped=skipped,
    )


class _Groups:
    """The plan's compensation groups (the rules after the student's parameters, as the
    verdicts apply them), judged draw by draw."""

    def __init__(self, evaluation: Evaluation, scale: float, policy: Session2Policy) -> None:
        # The groups as the verdicts read them (the evaluation's programme, its rules
        # applied once), with the format they were built in (chosen rules are the latest:
        # a note éliminatoire blocks the group).
        self.programme = evaluation.programme
        self.groups = self.programme.rules.groups
        self.scale = scale
        # Whether a session-1 compensation can still be undone by another unit's retake
        # (engine.compensate: provisional), decided on the final grades.
        self.provisional = on_final_grades(self.programme) and policy.can_lower
        # A unit whose choices are incomplete is pending: its group compensates nobody.
        self.pending = {r.unit for r in evaluation.units if not r.choice_valid}

    def levels(
        self,
        results: Sequence[UnitResult],
        judged: Sequence[Judged],
        terms: Sequence[Terms],
        bonus: _BonusDraws,
        session: int,
    ) -> list[list[tuple[frozenset[int], Verdicts]]]:
        """For each unit, innermost first, each level of its groups (nested compensation)
        as (the units under that level, the draws where that level compensates the unit's
        member there), from every unit's (verdict, mean, floored) in that session and how
        many grades its mean averages (`terms`): `CompensationGroup.judge` and
        `CompensationGroup.standing` draw by draw. A member group counts with its weighted
        mean, is validated where each of its units is validated alone or compensated within
        it, and is held by a floor where one of its members is or is below its unit floor.
        The bonus points that count toward a group of units' mean in that session are added
        to it at its own level (a group of groups receives none); the mean a member group
        gives the level above is without them, as in CompensationGroup.standing."""
        out: list[list[tuple[frozenset[int], Verdicts]]] = [[] for _ in judged]
        # Each member's draws: (validated, mean, floored, terms, units under it), or None
        # where a unit under it is pending (its group then compensates nobody).
        state: dict[str, tuple[Verdicts, Grades, Verdicts, Terms, frozenset[int]] | None] = {
            r.unit: (*judged[i], terms[i], frozenset({i})) for i, r in enumerate(results)
        }
        for unit in self.pending:
            state[unit] = None
        for group in inner_first(self.groups):
            present = [m for m in group.members if m in state]
            found = [state[m] for m in present]
            if not present or any(f is None for f in found):
                if group.id is not None:
                    state[group.id] = None
                continue
            members = [f for f in found if f is not None]
            ok = sample_group(
                group,
                [float(group.weight(self.programme, m)) for m in present],
                [f[1] for f in members],
                [f[3] for f in members],
                self.scale,
                validated=[f[0] for f in members],
                ects=[float(group.ects(self.programme, m)) for m in present],
                bonus=0.0 if group.groups else bonus.group_points(group.units, session),
            )
            floored = np.logical_or.reduce([f[2] for f in members])
            if group.blocks_group(self.programme):
                # A member failed by a course floor blocks every unit of the group.
                ok = ok & ~floored
            under = frozenset().union(*(f[4] for f in members))
            validated = np.ones_like(ok)
            for validated_m, _, floored_m, _, units in members:
                compensated = ~validated_m & ~floored_m & ok
                validated = validated & (validated_m | compensated)
                for i in units:
                    out[i].append((under, compensated))
            if group.id is not None:
                total = sum(
                    float(group.weight(self.programme, m)) * f[1]
                    for m, f in zip(present, members, strict=True)
                )
                weights = sum(float(group.weight(self.programme, m)) for m in present)
                mean = np.where(
                    np.logical_and.reduce([np.isfinite(f[1]) for f in members]),
                    total / weights,
                    -np.inf,
                )
                if group.unit_floor is not None:
                    for f in members:
                        floored = floored | (
                            np.isfinite(f[1])
                            & ~mean_reaches(f[1], group.unit_floor, f[3], self.scale)
                        )
                state[group.id] = (validated, mean, floored, 2, under)
        return out

    def compensated(
        self,
        results: Sequence[UnitResult],
        judged: Sequence[Judged],
        terms: Sequence[Terms],
        bonus: _BonusDraws,
        session: int,
    ) -> list[Verdicts]:
        """Each unit's compensation in each draw (at any level of its groups), validated by
        compensation where it fails alone, with the bonus points that count toward a
        group's mean in that session."""
        out = [np.zeros_like(j[0]) for j in judged]
        for i, levels in enumerate(self.levels(results, judged, terms, bonus, session)):
            for _, compensated in levels:
                out[i] = out[i] | compensated
        return out

    def firm(
        self,
        results: Sequence[UnitResult],
        judged: Sequence[Judged],
        levels: Sequence[Sequence[tuple[frozenset[int], Verdicts]]],
    ) -> list[Verdicts]:
        """The session-1 compensations that stand (`levels`: each unit's compensation by
        each level of its groups, innermost first): where compensation is decided on the
        final grades and a retake can lower a mean, one is provisional while another unit
        under the level that compensates it retakes (failed alone, with a session 2, not
        compensated): the unit then retakes too and is judged on the final grades, as
        engine.compensate does."""
        compensated = [np.zeros_like(j[0]) for j in judged]
        for i, unit_levels in enumerate(levels):
            for _, at_level in unit_levels:
                compensated[i] = compensated[i] | at_level
        if not self.provisional:
            return compensated
        retaking = {
            i: ~judged[i][0] & ~compensated[i] for i, r in enumerate(results) if r.rule.session2
        }
        out = []
        for i, unit_levels in enumerate(levels):
            firm = np.zeros_like(judged[i][0])
            remaining = np.ones_like(firm)
            for under, at_level in unit_levels:
                # The first level that compensates decides, as engine.compensate reads it.
                first = at_level & remaining
                others = [retaking[j] for j in under if j != i and j in retaking]
                firm = firm | (first & ~np.logical_or.reduce(others) if others else first)
                remaining = remaining & ~at_level
            out.append(firm)
        return out


def sample_group(
    group: CompensationGroup,
    weights: Sequence[float],
    means: Sequence[Grades],
    terms: Sequence[Terms],
    scale: float,
    *,
    validated: Sequence[Verdicts],
    ects: Sequence[float],
    bonus: Grades | float = 0.0,
) -> Verdicts:
    """Whether the group compensates a unit failed alone (and not by a course floor), in
    each draw: `CompensationGroup.judge` on numpy arrays, for members whose verdicts are
    all known (`validated`: each member's own verdict, `ects`: its ECTS). Every member has
    a mean (-inf: none), none is below the unit floor, fewer members than
    `zeros_eliminatory` have a mean of 0, those validated on their own carry at least
    `min_ects_acquired` ECTS, and the weighted mean of the members' means reaches the
    threshold, with the bonus points that count toward the group's mean (`bonus`, each
    draw's; never above the scale). Means of several grades are compared with the odds' tolerance
    (planner.rules.base.mean_reaches); a mean of 0 is one of grades all 0, exact in
    floats too."""
    ok = np.ones(means[0].shape, dtype=bool)
    total = np.zeros(means[0].shape)
    for weight, mean, count in zip(weights, means, terms, strict=True):
        ok &= np.isfinite(mean)
        if group.unit_floor is not None:
            ok &= mean_reaches(mean, group.unit_floor, count, scale)
        total += weight * np.where(np.isfinite(mean), mean, 0.0)
    if group.zeros_eliminatory is not None:
        zeros = sum((mean == 0).astype(int) for mean in means)
        ok &= zeros < group.zeros_eliminatory
    if group.min_ects_acquired is not None:
        # ECTS are halves at worst: exact in floats, a tolerance all the same.
        acquired = sum(e * v for e, v in zip(ects, validated, strict=True))
        ok &= acquired >= group.min_ects_acquired - 1e-9
    ok &= mean_reaches(np.minimum(total / sum(weights) + bonus, scale), group.threshold, 2, scale)
    return ok


def _after_session2(
    rule: RuleBase,
    enrolled: tuple[str, ...],
    grades: Grades,
    session1: tuple[Judged, Terms],
    in_session1: Verdicts,
    retake: Verdicts,
    weights: list[float] | None,
    scale: float,
    policy: Session2Policy,
    session2_grades: Mapping[str, Read],
    streams: Mapping[str, tuple[int, int, int]],
    components: _Components,
    bonus: _BonusDraws,
    points: Grades | None,
) -> tuple[Judged, Terms, Grades]:
    """Each draw's final (verdict, mean, floored) for one unit, how many grades its mean
    averages, and the grades it judges: session 1's where it is validated in session 1
    (alone or by compensation), else session 2's on the combined grades of the retaken
    courses, with the bonus points that count toward its mean in session 2 (`points`,
    each draw's)."""
    judged, terms = session1
    failed = np.flatnonzero(~in_session1)
    if not failed.size:
        return judged, terms, grades
    draws = grades.shape[1]
    # Only the draws that fail session 1 are judged again (np.take: faster than a mask).
    again = grades.take(failed, axis=1)
    for i, course in enumerate(enrolled):
        retaken = retake[i].take(failed)
        if not retaken.any():
            continue
        if course in session2_grades:
            second = np.full(failed.size, sampled(session2_grades[course]))
        elif components.graded(course) is not None:
            # Its retaken components sat again, its kept ones as in session 1.
            second = components.session2(course, grades[i]).take(failed)
        else:
            # The course's own stream, drawn for every draw: its session-2 grade in a draw
            # never depends on anything else (common random numbers).
            second = np.random.default_rng(streams[course]).random(draws).take(failed)
            second *= scale
        combined = policy.sample(again[i], second)
        # A course fixed below the threshold is retaken in every failed draw.
        again[i] = combined if retaken.all() else np.where(retaken, combined, again[i])
    validated, mean, floored = (a.copy() for a in judged)
    judged_again = rule.sample_judged(again, weights, scale)
    taken = None if points is None else points.take(failed)
    validated[failed], mean[failed], floored[failed] = bonus.counted(
        rule, judged_again, taken, scale
    )
    terms_again = _terms(rule, again)
    final = grades.copy()
    final[:, failed] = again
    if isinstance(terms, int) and isinstance(terms_again, int) and terms == terms_again:
        return (validated, mean, floored), terms, final
    every = np.broadcast_to(terms, draws).copy()
    every[failed] = terms_again
    return (validated, mean, floored), every, final


class _Components:
    """The draws of the courses graded by components (planner.rules.components): each
    component not entered drawn uniformly on the scale from a stream of its own
    (`default_rng([seed, 3, i, j])` in session 1, `[seed, 4, i, j]` in session 2, for the
    j-th component of the plan's i-th course), so that the course grade of each draw is
    its components' weighted mean, and its session-2 grade the formula's. A course with a
    belief is drawn as a whole, in both sessions, as a course graded as a whole is."""

    def __init__(
        self,
        programme: Programme,
        scenario: Scenario,
        seed: int,
        draws: int,
        scale: float,
        streams: Mapping[str, int],
        believed: frozenset[str],
    ) -> None:
        self.programme, self.scenario, self.believed = programme, scenario, believed
        self.seed, self.draws, self.scale, self.streams = seed, draws, scale, streams
        self._first: dict[str, dict[str, Grades]] = {}

    def graded(self, course: str) -> Graded | None:
        """The course as graded by components, None where it is drawn as a whole."""
        return None if course in self.believed else graded(self.programme, course)

    def _missed(self, course: str) -> tuple[float, float]:
        read = self.programme.absences.read({course: None})
        justified = self.programme.absences.read({course: JUSTIFIED})
        return sampled(read[course]), sampled(justified[course])

    def _drawer(self, course: str, session: int) -> Callable[[str], Grades]:
        found = self.graded(course)
        assert found is not None
        index = [c.id for c in found.course.components]

        def draw(component: str) -> Grades:
            stream = (self.seed, session + 2, self.streams[course], index.index(component))
            return np.random.default_rng(stream).random(self.draws) * self.scale

        return draw

    def first(self, course: str) -> dict[str, Grades]:
        """Each component's session-1 draws (its grade where entered)."""
        if course not in self._first:
            found = self.graded(course)
            assert found is not None
            self._first[course] = found.sample_session1(
                self.scenario.grades, self._drawer(course, 1), self._missed(course)
            )
        return self._first[course]

    def session1(self, course: str) -> Grades:
        found = self.graded(course)
        assert found is not None
        return np.broadcast_to(found.sample_grade(self.first(course)), (self.draws,))

    def session2(self, course: str, first_grade: Grades) -> Grades:
        found = self.graded(course)
        assert found is not None
        second = found.sample_session2(
            self.first(course),
            first_grade,
            self.scenario.session2_grades,
            self._drawer(course, 2),
            self._missed(course),
        )
        return np.broadcast_to(second, (self.draws,))


class _BonusDraws:
    """The grades of the bonus sources in each draw, and the points they earn
    (planner.rules.bonus): a source course the plan draws reads its row of the plan's
    grid; one entered is fixed; any other is drawn on the whole scale from its own stream."""

    def __init__(
        self,
        programme: Programme,
        scenario: Scenario,
        grid: Grades,
        row: Mapping[str, int],
        seed: int,
    ) -> None:
        self.programme = programme
        self.scenario = scenario
        self.grid = grid
        self.row = row
        self.seed = seed
        self.scale = float(programme.grade_scale.max)
        self.read = programme.absences.read(scenario.grades)
        self.stream = {c.id: i for i, c in enumerate(programme.courses)}

    def _course(self, course: str) -> Grades:
        draws = self.grid.shape[1]
        if course in self.row:
            return self.grid[self.row[course]]
        if course in self.read:
            return np.full(draws, sampled(self.read[course]))
        drawn = np.random.default_rng([self.seed, 3, self.stream[course]]).random(draws)
        return drawn * self.scale

    def _points(self, bonuses: Sequence[BonusPoints]) -> Grades | None:
        if not bonuses:
            return None
        total = np.zeros(self.grid.shape[1])
        for bonus in bonuses:
            courses = bonus.courses(self.programme)
            total += bonus.sample_points(np.array([self._course(c) for c in courses]))
        return total

    def unit_points(self, unit: str, session: int) -> Grades | None:
        """The points that count toward a unit's mean in each draw; None: none can."""
        if not self.programme.rules.bonus_points:
            return None
        return self._points(bonus_points_of.for_unit(self.programme, unit, session, True))

    def group_points(self, units: Sequence[str], session: int) -> Grades | float:
        if not self.programme.rules.bonus_points:
            return 0.0
        found = self._points(bonus_points_of.for_group(self.programme, units, session, True))
        return 0.0 if found is None else found

    @staticmethod
    def counted(rule: RuleBase, judged: Judged, points: Grades | None, scale: float) -> Judged:
        """A unit's (verdict, mean, floored) in each draw with the points that count toward
        its mean (never above the scale), as engine.judge_with_bonus decides it: the mean
        with them reaches the threshold (with the odds' tolerance: a sum of floats)."""
        if points is None:
            return judged
        validated, mean, floored = judged
        with_bonus = np.minimum(mean + points, scale)
        validated = (
            mean_reaches(with_bonus, rule.threshold, 2, scale, strict=rule.strict)
            & ~floored
            & np.isfinite(mean)
        )
        return validated, with_bonus, floored


def _terms(rule: RuleBase, grades: Grades) -> Terms:
    """How many grades the unit's mean averages in each draw (RuleBase.sample_terms): over
    the courses a justified absence does not leave out (NaN), as sample_judged reads them."""
    count = len(grades)
    if not count:
        return rule.sample_terms(count)
    left_out = np.count_nonzero(np.isnan(grades), axis=0)
    if not left_out.any():
        return rule.sample_terms(count)
    by_kept = np.array([rule.sample_terms(n) for n in range(count + 1)])
    return by_kept[count - left_out]
