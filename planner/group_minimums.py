"""Minimum grades under compensation: the lowest uniform grade on a pending unit's
remaining exams that validates it on its own *or* by compensation in its group, given the
other units' means; and, for a failed unit of the group waiting on this one (its own
verdict final, its compensation pending), the grade that also validates that unit.

The candidates are exact: the rule's own minimum (planner.solver), and the lowest grade
whose unit mean reaches the mean the group asks of this unit (so that the group's
weighted mean reaches its threshold, and not below its unit floor), solved by the same
closed forms with that mean as the threshold; under nested compensation, each level's
need carried down to the unit's mean (a group's mean is linear in its members' means).
Each candidate below the unit's own minimum is then checked by the engine's own path
(evaluate_unit, then compensate, which calls CompensationGroup.judge): a route the
group's judge refuses (a member without a mean, a floor, a member still pending) is never
offered, whatever judge() decides later.

Cost: nothing for a programme without compensation; otherwise, per pending unit in a group
and per distinct free set (the uniform one, and one per course weight, floor and ceiling), a few
closed-form solves and one to three replays of one unit plus compensate(). A replay judges
every unit of the plan again, so one plan's replays are bounded (MAX_UNITS_JUDGED, in units
judged): past it, a unit's minimum is `too_many` (too many grades still unknown to compute
it exactly), never a number that may be wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from planner import texts
from planner.catalogue import Programme, Unit
from planner.engine import UnitResult, compensate, evaluate_unit
from planner.messages import Lang, join
from planner.rules import RuleBase
from planner.rules.absence import Read
from planner.rules.bonus import earned, for_group
from planner.rules.compensation import chain_of, inner_first, units_under
from planner.rules.components import NO_BOUNDS, Bounds
from planner.rules.grid import ScaledGrades, Unknown, exact
from planner.rules.session2 import Session2Policy
from planner.solver import MinimumGrade, UnitMinimums, minimum_grade

# A unit validated whose code waits (ADM in session 2, or CMP if a session-1 compensation
# still undecided comes): validated all the same.
VALIDATED_UNCODED = "validated"
VALIDATED = ("ADM", "CMP", VALIDATED_UNCODED)
NUDGES = 2  # float steps tried above an exact candidate the engine's float means round off
# The units one plan's replays may judge, all minimums together: a replay of a plan of 60
# units in 30 nested groups costs about 6 ms of CPU (docs/performance.md, "Large
# programmes"), so this keeps the minimums within half a second; the shipped and fictional
# programmes of 4 to 11 units never need a tenth of it.
MAX_UNITS_JUDGED = 5_000


class TooMuchWork(Exception):
    """The replays of one plan went past MAX_UNITS_JUDGED."""


@dataclass
class Budget:
    """What is left of one plan's replays, in units judged."""

    left: int = MAX_UNITS_JUDGED

    def spend(self, units: int) -> None:
        if units > self.left:
            raise TooMuchWork
        self.left -= units


@dataclass(frozen=True)
class Replay:
    """The plan, ready to be judged again with a few grades plugged in: the evaluation's
    own path, so that a minimum by compensation is checked by the code that gives the
    verdicts."""

    programme: Programme
    units: Mapping[str, Unit]
    choices: frozenset[str]
    # The grades as the programme reads them (engine.read_grades): an absence a 0 or
    # None, a neutralised justified absence LEFT_OUT.
    grades: Mapping[str, Read]
    session2_grades: Mapping[str, Read]
    policy: Session2Policy
    raw: Sequence[UnitResult]  # every unit's result before compensation
    # The courses graded by components that their known components bound.
    bounded: Bounds = NO_BOUNDS
    # Shared by every minimum of the plan: each replay spends the units it judges.
    budget: Budget = field(default_factory=Budget)

    def codes(self, unit_id: str, session: int, plugged: Mapping[str, float]) -> dict[str, str]:
        """Each unit's jury code ('' while undecided, VALIDATED_UNCODED for a unit validated
        whose code waits) with `plugged` grades entered in the
        session given, for the unit's courses. A minimum in session 1 is one without the
        unit's session 2: its session-2 grades, if any were entered, are left out. Raises
        TooMuchWork once the plan's replays have judged MAX_UNITS_JUDGED units."""
        self.budget.spend(len(self.raw))
        grades, second = self.grades, self.session2_grades
        unit = self.units[unit_id]
        if session == 1:
            grades = {**grades, **plugged}
            second = {c: g for c, g in second.items() if c not in unit.courses}
        else:
            second = {**second, **plugged}
        judged = evaluate_unit(
            self.programme, unit, self.choices, grades, second, self.policy, None, self.bounded
        )
        results = [judged if r.unit == unit_id else r for r in self.raw]
        return {
            r.unit: r.code or (VALIDATED_UNCODED if r.validated else "")
            for r in compensate(self.programme, results, self.policy, grades)
        }


def _needed_means(
    programme: Programme,
    unit_id: str,
    raw: Sequence[UnitResult],
    compensated: Sequence[UnitResult],
    grades: Mapping[str, Read],
) -> list[Fraction]:
    """The unit means at which a level of the unit's groups starts to compensate it (its
    weighted mean reaches the threshold), or a level's unit floor is reached, with the
    others' session-1 means, with their final means (the two passes of compensate), and
    with the final means once compensated (a unit compensated in session 1 keeps its
    session-1 mean beside another's session 2), and the bonus points certainly added to a
    level's mean in that session (planner.rules.bonus: an unknown one is assumed to give
    nothing; a group of groups receives none).
    Under nested compensation each level's need is carried down to the unit: a member
    group's mean is a weighted mean, so linear in the unit's mean."""
    groups = programme.rules.groups
    chain = chain_of(groups, unit_id)
    needs = set()
    passes = (
        (1, [r.session1.mean for r in raw]),
        (2, [r.final.mean for r in raw]),
        (2, [r.final.mean for r in compensated]),
    )
    for session, seen in passes:
        means: dict[str, float | None] = {r.unit: mean for r, mean in zip(raw, seen, strict=True)}
        for group in inner_first(groups):
            if group.id is not None:
                mean = group.mean_of(programme, means)
                means[group.id] = None if mean is None else float(mean)
        # The member's mean at this level is slope * x + offset, x the unit's mean.
        slope, offset, member = Fraction(1), Fraction(0), unit_id
        for group in chain:
            present = [m for m in group.members if m in means]
            others = [m for m in present if m != member]
            if member not in present or any(means[m] is None for m in others):
                break  # a member without a mean: no group mean (judge says so, too)
            weights = {m: group.weight(programme, m) for m in present}
            total = sum(weights.values(), Fraction(0))
            own = weights[member]
            if not own or not total:
                break
            weighted = sum((weights[m] * exact(means[m]) for m in others), Fraction(0))  # type: ignore[arg-type]
            found = () if group.groups else for_group(programme, group.units, session, True)
            bonus = earned(programme, found, grades).low if found else 0
            targets = [((exact(group.threshold) - bonus) * total - weighted) / own]
            if group.unit_floor is not None:
                targets.append(exact(group.unit_floor))
            needs.update(max((t - offset) / slope, Fraction(0)) for t in targets)
            slope, offset = own * slope / total, (weighted + own * offset) / total
            if group.id is None:
                break
            member = group.id
    return sorted(needs)


def _waiting(final: Sequence[UnitResult], units: Sequence[str], unit_id: str) -> list[str]:
    """Units of the unit's groups (`units`: every unit under its outermost group) failed
    for good on their own whose compensation is pending."""
    return [
        r.unit
        for r in final
        if r.unit != unit_id
        and r.unit in units
        and r.final.validated is False
        and r.compensation is not None
        and r.compensation.validated is None
    ]


def _x(found: MinimumGrade) -> float | None:
    """The uniform grade a solver answer stands for (0 when any sat grade will do)."""
    if found.status == "needed":
        return found.value
    return 0.0 if found.status == "any_grade" else None


class _Search:
    """One pending unit in a group: its minimums under compensation."""

    def __init__(
        self,
        replay: Replay,
        result: UnitResult,
        session: int,
        grid: ScaledGrades,
        needs: Sequence[Fraction],
        scale: float,
    ) -> None:
        self.replay, self.result, self.session, self.grid = replay, result, session, grid
        self.scale = scale
        # The courses the grid judges: those a justified absence leaves out are not.
        self.courses = courses = grid.courses
        self.unknown = [c for c, u in zip(courses, grid.unknown, strict=True) if u]
        # What each unknown can be: from its floor to its ceiling (a course graded by
        # components bounded by those known; None: the top of the scale).
        self.bounds = {
            c: (v.floor, v.ceiling)
            for c, v in zip(courses, grid.vector, strict=True)
            if isinstance(v, Unknown)
        }
        weights = result.rule.course_weights(replay.programme, courses)
        # The unit's rule with the mean the group asks as its threshold (and, as the
        # group's mean does not care for the course floor, without it too): the same
        # closed-form solver then gives the grade that reaches that mean.
        self.rules: list[tuple[RuleBase, ScaledGrades]] = []
        rule = result.rule
        for need in needs:
            for floor in dict.fromkeys((rule.course_floor, None)):
                # A threshold the catalogue could not hold (a Fraction, maybe above the
                # scale): only the solver reads this copy, never a verdict.
                # The group's mean reaches its threshold at it: never strict.
                update = {"threshold": need, "course_floor": floor, "strict": False}
                variant = rule.model_copy(update=update)
                # The unit's own bonus points count in the mean the group reads.
                variant_grid = ScaledGrades(
                    variant, grid.vector, scale, weights, courses, grid.bonus_points
                )
                self.rules.append((variant, variant_grid))
        self.cache: dict[tuple[float, tuple[str, ...]], dict[str, str]] = {}

    def codes(self, x: float, free: Sequence[str]) -> dict[str, str]:
        key = (x, tuple(free))
        found = self.cache.get(key)
        if found is None:
            plugged = {c: self._plugged(c, x if c in free else 0.0) for c in self.unknown}
            found = self.cache[key] = self.replay.codes(self.result.unit, self.session, plugged)
        return found

    def _plugged(self, course: str, x: float) -> float:
        """x as the course can be given it: never below its floor nor above its ceiling."""
        floor, ceiling = self.bounds[course]
        if ceiling is not None and x > ceiling:
            # The float the engine reads as at most the ceiling (40/3 is 13.333…3, not …4).
            top = float(ceiling)
            return top if exact(top) <= ceiling else math.nextafter(top, -math.inf)
        if x < floor:
            low = float(floor)
            return low if exact(low) >= floor else math.nextafter(low, math.inf)
        return x

    def reaches(
        self, x: float, free: Sequence[str], targets: Sequence[str], nudge: bool
    ) -> float | None:
        """x (or, with `nudge`, the float a step or two above it: the engine compares a
        unit's mean as a float) if it validates the unit and compensates every target
        there; else None."""
        for _ in range(NUDGES + 1 if nudge else 1):
            codes = self.codes(x, free)
            if codes[self.result.unit] in VALIDATED and all(codes[t] == "CMP" for t in targets):
                return x
            if x >= self.scale:
                return None
            x = min(math.nextafter(x, math.inf), self.scale)
        return None

    def minimum(
        self, own: MinimumGrade, free: Sequence[str], waiting: Sequence[str]
    ) -> MinimumGrade:
        if own.status == "nothing_unknown":
            return own
        own_x = _x(own)
        # The grades that reach the mean the group asks (exact, from the closed forms).
        needs = set()
        for rule, grid in self.rules:
            x = _x(minimum_grade(rule, grid.vector, self.courses, free, self.scale, grid))
            if x is not None:
                needs.add(x)
        ordered = sorted(needs | {x for x in [own_x] if x is not None})
        # The lowest grade that validates the unit, on its own or by compensation.
        alone: tuple[float, str] | None = None
        for x in ordered:
            if own_x is not None and x >= own_x:
                alone = (own_x, "own")
                break
            reached = self.reaches(x, free, (), nudge=True)
            if reached is not None:
                alone = (reached, "compensation")
                break
        if alone is None:
            return own  # impossible either way
        value, route = alone
        for_units: tuple[str, ...] = ()
        if waiting:
            # The waiting units' need, passed on: the lowest grade from there on that
            # validates this unit and compensates them all.
            for x in (value, *(x for x in ordered if x > value)):
                reached = self.reaches(x, free, waiting, nudge=x in needs and x != value)
                if reached is not None:
                    if reached > value:
                        value, route = reached, "group"
                    for_units = tuple(waiting)
                    break
        return MinimumGrade(
            courses=own.courses,
            status="any_grade" if value == 0 else "needed",
            value=None if value == 0 else value,
            route=route,  # type: ignore[arg-type]
            for_units=for_units,
        )


def with_compensation(
    own: UnitMinimums,
    result: UnitResult,
    grid: ScaledGrades,
    replay: Replay,
    final: Sequence[UnitResult],
) -> UnitMinimums:
    """`own` (the unit's minimums from its rule alone, on `grid`, the deciding session's
    grades) lowered where compensation validates the unit for less, and raised where a
    failed unit of its group waits on it. `grid` names the courses it judges (`courses`:
    not those a justified absence leaves out)."""
    programme = replay.programme
    chain = chain_of(programme.rules.groups, result.unit)
    if not chain:
        return own
    needs = _needed_means(programme, result.unit, replay.raw, final, replay.grades)
    waiting = _waiting(final, units_under(programme.rules.groups, chain[-1]), result.unit)
    if not needs and not waiting:
        return own
    try:
        return _lowered(own, result, grid, replay, needs, waiting)
    except TooMuchWork:
        too_many = MinimumGrade(courses=own.uniform.courses, status="too_many")
        return replace(own, uniform=too_many, per_course=())


def _lowered(
    own: UnitMinimums,
    result: UnitResult,
    grid: ScaledGrades,
    replay: Replay,
    needs: Sequence[Fraction],
    waiting: list[str],
) -> UnitMinimums:
    """with_compensation() once it knows the means the groups ask and the units waiting."""
    scale = float(replay.programme.grade_scale.max)
    search = _Search(replay, result, own.session, grid, needs, scale)
    if waiting:
        # Only the units this unit's grades alone can save (not those waiting on another
        # pending unit as well).
        top = search.codes(scale, search.unknown)
        waiting = [w for w in waiting if top[w] == "CMP"]
    uniform = search.minimum(own.uniform, search.unknown, waiting)
    solved: dict[tuple[int | None, int | None, int], MinimumGrade] = {}
    weight_of = grid.weights or [1] * len(grid.courses)
    key_of = {
        c: (v, top, w)
        for c, v, top, w in zip(grid.courses, grid.values, grid.ceilings, weight_of, strict=True)
    }
    per_course = []
    for found in own.per_course:
        if len(own.per_course) == 1:
            per_course.append(uniform)
            continue
        (course,) = found.courses
        # Symmetric in courses of equal floor, ceiling and weight: solved once per
        # (floor, ceiling, weight).
        same = solved.get(key_of[course])
        if same is None:
            same = solved[key_of[course]] = search.minimum(found, [course], waiting)
        per_course.append(replace(same, courses=found.courses))
    return replace(own, uniform=uniform, per_course=tuple(per_course))


def route_text(
    minimum: MinimumGrade,
    need: str,
    programme: Programme,
    lang: Lang,
    written: Callable[[str], str] = str,
) -> str:
    """`need` (a minimum as a page or the CLI words it) with how it validates the unit:
    nothing added for its own rule, else by compensation, or for which failed units of its
    group too. One wording for every place that shows a minimum. `written`: how a unit's
    name is written where `need` goes (escaped for a page's markdown; as is on a
    terminal)."""
    if minimum.for_units:
        units = join([written(programme.unit(u).name) for u in minimum.for_units], lang)
        key = (
            "need_route_compensation_with"
            if minimum.route == "compensation"
            else "need_route_group"
        )
        return texts.text(key, lang, need=need, units=units, n=len(minimum.for_units))
    if minimum.route == "compensation":
        return texts.text("need_route_compensation", lang, need=need)
    return need
