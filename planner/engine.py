"""The rule engine: judges each unit of a plan from the grades, session 1 then session 2.

Grades come as a mapping course id -> number, None for an absence, or "ABJ" for a
justified absence, read as the programme says (planner.rules.absence: an absence blocks
or is a 0; a justified absence may instead leave its course out of the unit's mean); a
course missing from the mapping is not known yet (the student will sit it and may get
anything on the scale, or be absent; a course graded by components, anything its known
components still allow: planner.rules.components.bounds). A verdict is True or False
only when it is certain whatever the unknown grades turn out to be, an absence included;
otherwise it is None (pending). Every rule kind (planner.rules) is monotone (a higher
grade never hurts, an absence is the lowest outcome), so certainty is decided by trying
the lowest and highest outcomes. The engine asks the unit's rule kind; it never looks at
the kind's name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from planner.catalogue import Programme, Unit
from planner.messages import Below, CourseCount, Message, PartialSum
from planner.rules import Outcome, RuleBase
from planner.rules import bonus as bonus_points_of
from planner.rules.absence import Grade, Read
from planner.rules.bonus import NONE, Earned
from planner.rules.capitalisation import (
    capitalisation_for,
    is_retaken,
    retake_short_of,
    retake_threshold,
)
from planner.rules.compensation import (
    CompensationGroup,
    CompensationVerdict,
    GroupOutcome,
    UnitStanding,
    inner_first,
    judge_unit,
    on_final_grades,
    units_under,
    with_group_standings,
    with_unit_standing,
)
from planner.rules.components import NO_BOUNDS, Bounds, RetakenParts, retake_label
from planner.rules.grid import LEFT_OUT, NOT_KNOWN, ScaledGrades, Unknown, Value, exact
from planner.rules.session2 import Session2Policy, session2_policy
from planner.rules.status import RuleStatus, combined_status, rule_status
from planner.texts import DEFAULT_LANG, Lang

__all__ = [
    "NOT_KNOWN",
    "Access",
    "RuleStatus",
    "ScaledGrades",
    "SemesterResult",
    "SessionVerdict",
    "UnitResult",
    "Unknown",
    "Value",
    "YearResult",
    "exact",
]

# The verdict's note on courses still to come that will be retaken, by retake_short_of().
RETAKES_IF_CODES = {"below": "retakes_if_below", "not_above": "retakes_if_not_above"}
Code = Literal["ADM", "CMP", "AJ", "DEF"]


def enrolled_courses(unit: Unit, choices: frozenset[str]) -> tuple[str, ...]:
    """Courses of the unit the student follows: all of them, or those chosen."""
    if unit.choose is None:
        return unit.courses
    return tuple(c for c in unit.courses if c in choices)


def too_many_chosen(unit: Unit, choices: frozenset[str]) -> bool:
    """More of the unit's courses chosen than it allows (a choice to refuse, not to keep)."""
    return unit.choose is not None and len(enrolled_courses(unit, choices)) > unit.choose.max


def choice_is_valid(unit: Unit, choices: frozenset[str]) -> bool:
    if unit.choose is None:
        return True
    picked = len(enrolled_courses(unit, choices))
    return unit.choose.min <= picked <= unit.choose.max


def course_count(unit: Unit) -> CourseCount:
    """How many courses the unit asks the student to choose."""
    assert unit.choose is not None
    return CourseCount(unit.choose.min, unit.choose.max, len(unit.courses))


# --- verdicts ------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionVerdict:
    validated: bool | None
    message: Message
    mean: float | None = None
    mean_min: float | None = None
    mean_max: float | None = None
    bonus: float | None = None
    mean_with_bonus: float | None = None
    # Whether `bonus` counts toward validation (rules.bonus_points, counts: true): `mean`
    # is then the mean with it, the one compared with the threshold.
    bonus_counted: bool = False
    # Whether the rules this verdict applies are published, assumed, chosen by the student
    # or entered in the app (planner.rules.status).
    status: RuleStatus = "published"
    floored: bool = False  # failed by a course floor (note éliminatoire): never compensated

    def explanation(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.message.text(lang)


@dataclass(frozen=True)
class KeptCourse:
    """A course whose final grade reaches the capitalisation threshold."""

    course: str
    name: str
    ects: float | None  # None: not published


@dataclass(frozen=True)
class Access:
    """Whether a unit behind a prerequisite counts (planner.rules.progression): True, False
    (not yet allowed: the prerequisite is certainly not met) or None (waiting for it)."""

    allowed: bool | None
    message: Message | None  # why, unless it is simply met
    status: RuleStatus = "published"
    ajac: bool = False  # allowed although the required semester is not validated (AJAC)


@dataclass(frozen=True)
class SemesterResult:
    """A semester's jury code from its units' codes (planner.rules.progression)."""

    semester: str
    code: str | None  # ADM, CMP, AJAC, AJ, DEF; None while undecided or not yet allowed
    units: tuple[str, ...]
    ects_acquired: PartialSum
    not_allowed: bool = False  # its units are behind a prerequisite not met


@dataclass(frozen=True)
class UnitResult:
    unit: str
    name: str
    rule: RuleBase
    enrolled: tuple[str, ...]
    choice_valid: bool
    session1: SessionVerdict
    retakes: tuple[str, ...] = ()
    retakes_if_below: tuple[str, ...] = ()
    session2: SessionVerdict | None = None
    deciding_session: int = 1  # the session whose grades the solver reads
    ects: float | None = None  # the unit's ECTS, None when not published
    # For a unit failed on its own in a compensation group: whether it is compensated.
    compensation: CompensationVerdict | None = None
    # Where courses are capitalised (planner.rules.capitalisation): the followed courses
    # whose final grade is known and reaches the threshold, with their ECTS (None when not
    # published). They are acquired only if the unit's code is AJ (courses_acquired).
    courses_kept: tuple[KeptCourse, ...] = ()
    # Not validated because an unjustified absence leaves it without a mean, in a
    # programme whose jury writes that DEF (planner.rules.progression).
    defaillant: bool = False
    # Behind a prerequisite (planner.rules.progression): whether it counts yet.
    access: Access | None = None

    @property
    def not_allowed(self) -> bool:
        """Not yet allowed: its prerequisite is certainly not met (never a failure)."""
        return self.access is not None and self.access.allowed is False

    @property
    def final(self) -> SessionVerdict:
        return self.session2 if self.session2 is not None else self.session1

    @property
    def session2_held(self) -> SessionVerdict | None:
        """The verdict of the unit's session 2; None before one, or for a unit that has no
        session 2 (its session-1 failure is final and says so: no "session 2" verdict is
        shown for it, though `session2` carries that result for compensation)."""
        return self.session2 if self.rule.session2 else None

    @property
    def code(self) -> Code | None:
        """The jury's code: ADM validated, CMP validated by compensation, AJ not validated
        (DEF where an unjustified absence leaves it without a mean and the programme says
        so); None while undecided, or behind a prerequisite not met yet."""
        if self.access is not None and self.access.allowed is not True:
            return None
        compensated = self.compensation.validated if self.compensation else False
        if self.final.validated is True:
            # Validated in session 2 while a session-1 compensation is undecided: CMP if
            # it comes, else ADM (validated either way: `validated`).
            return None if compensated is None else "ADM"
        if compensated is True:
            return "CMP"
        if self.final.validated is False and compensated is False:
            return "DEF" if self.defaillant else "AJ"
        return None

    @property
    def validated(self) -> bool | None:
        """Whether the unit is validated, alone or by compensation, whatever its code;
        None while undecided, or behind a prerequisite not met yet (it counts for nothing)."""
        if self.access is not None and self.access.allowed is not True:
            return None
        code = self.code
        if code is not None or self.final.validated is True:
            return code not in ("AJ", "DEF")
        return None

    @property
    def courses_acquired(self) -> tuple[str, ...]:
        """The courses a unit not validated (AJ) keeps on their own grade, where the
        programme capitalises courses; none otherwise (a validated unit keeps all its
        ECTS, a pending one nothing yet)."""
        if self.code not in ("AJ", "DEF"):
            return ()
        return tuple(k.course for k in self.courses_kept)

    @property
    def _acquired_parts(self) -> tuple[float | None, ...]:
        code = self.code
        if self.validated is True:
            return (self.ects,)
        if code in ("AJ", "DEF"):
            return tuple(k.ects for k in self.courses_kept)
        return ()

    @property
    def ects_acquired(self) -> float | None:
        """The ECTS this unit keeps (capitalised) even if the year fails: its ECTS once
        validated, alone or by compensation; once not validated (AJ), the ECTS of its
        courses acquired, if any; else 0. Only the published part of a sum whose other part
        is not (ects_acquired_incomplete); None when no part of it is published."""
        parts = self._acquired_parts
        known = [e for e in parts if e is not None]
        if parts and not known:
            return None
        return sum(known) if known else 0

    @property
    def ects_acquired_incomplete(self) -> bool:
        """Validated, but its ECTS are not published (or, not validated, a course it keeps
        has unpublished ECTS): what it keeps is not known in full."""
        return any(e is None for e in self._acquired_parts)

    @property
    def ects_unpublished_names(self) -> tuple[str, ...]:
        """Whose ECTS are not published in what the unit keeps: the unit, or its courses."""
        if not self.ects_acquired_incomplete:
            return ()
        if self.code in ("AJ", "DEF"):
            return tuple(k.name for k in self.courses_kept if k.ects is None)
        return (self.name,)


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def judge(
    programme: Programme,
    rule: RuleBase,
    enrolled: Sequence[str],
    grid: ScaledGrades,
    session: int = 1,
    status: RuleStatus = "published",
) -> tuple[SessionVerdict, tuple[str, ...], tuple[str, ...]]:
    """Judge one unit from one session's values, given as their unit_grid() (built once,
    shared with the solver), whose courses are `enrolled`: (verdict, retakes,
    retakes_if_below).

    retakes: courses with a grade absent or short of the threshold (below it, or at it when
    it is strict), listed when the unit is certainly failed; retakes_if_below: courses not
    known yet that will be retaken if their grade ends up short of it. Where courses are
    capitalised, that threshold is the lower of the unit's and the capitalisation's (a
    course at or above it is acquired, planner.rules.capitalisation). A session-2 failure is
    final (there is no session 3), and so is a session-1 failure of a unit without a
    session 2.
    """
    threshold = exact(rule.threshold)
    vector = grid.vector
    unknown = [c for c, u in zip(enrolled, grid.unknown, strict=True) if u]
    # Every unknown that can be missed, missed; every unknown sat at its lowest grade;
    # every unknown at the highest it can reach (the top of the scale, or the ceiling its
    # known components allow).
    worst = grid.worst()
    low_numbers, high_numbers = grid.at(grid.unknown, 0), grid.at(grid.unknown, grid.top)
    low, high = grid.mean(low_numbers), grid.mean(high_numbers)

    def name(course_id: str) -> str:
        return programme.course(course_id).name

    # What a verdict waits on: the course, or the components of it still to sit
    # (« the Exam of Statistics ») when its known components bound it.
    to_sit = {
        c: RetakenParts(name(c), v.missing)
        for c, v in zip(enrolled, vector, strict=True)
        if isinstance(v, Unknown) and v.missing
    }

    def waiting(course_id: str) -> str | RetakenParts:
        return to_sit.get(course_id) or name(course_id)

    def verdict(
        validated: bool | None, message: Message, mean: float | None = None
    ) -> SessionVerdict:
        return SessionVerdict(
            validated=validated,
            mean=mean,
            mean_min=low,
            mean_max=high,
            message=message,
            status=status,
        )

    if grid.passes(worst):
        if unknown:
            message = Message(
                code="certain_validated",
                params={
                    "threshold": threshold,
                    "unknown": [waiting(c) for c in unknown],
                    "low": grid.mean(worst),
                },
            )
            return verdict(True, message), (), ()
        return verdict(True, rule.validated(low, threshold), low), (), ()

    if grid.passes(low_numbers):
        # Certain once sat, whatever the grade: still pending, since an absence would fail.
        missable = [waiting(c) for c, m in zip(enrolled, grid.may_be_absent, strict=True) if m]
        needed = rule.sits_needed(grid)
        params = {"threshold": threshold, "unknown": missable, "low": low}
        if needed < len(missable):
            message = Message(code="validated_once_sat_some", params={**params, "needed": needed})
        else:
            message = Message(code="validated_once_sat", params=params)
        return verdict(None, message), (), ()

    if not grid.passes(high_numbers):
        retake = exact(retake_threshold(programme, rule))
        below_ids = tuple(
            c
            for c, v in zip(enrolled, vector, strict=True)
            if not isinstance(v, Unknown) and is_retaken(programme, rule, v)
        )
        # Each grade beside the threshold it is below: 49.999 never reads "50".
        below = [
            (name(c), None if v is None else Below(float(v), float(retake)))
            for c, v in zip(enrolled, vector, strict=True)
            if c in below_ids
        ]  # type: ignore[arg-type]
        floor = grid.floor
        counted = rule.counted(grid, high_numbers)
        outcome = Outcome(
            threshold=threshold,
            high=high,
            absent=tuple(n for n, g in below if g is None),
            unknown=tuple(waiting(c) for c in unknown),
            obtained=sum(n is not None for n in high_numbers),
            below_floor=tuple(
                name(c)
                for c, v, u in zip(enrolled, grid.values, grid.unknown, strict=True)
                if floor is not None and not u and (v is None or v < floor)
            ),
            at_threshold=counted is not None and counted[0] == counted[1] * grid.threshold,
        )
        reason = rule.failure(outcome)
        retakes_if_below: tuple[str, ...] = ()
        if session == 2:
            tail = [Message(code="then_not_validated_after_session2")]
            below_ids = ()
        elif not rule.session2:
            tail = [Message(code="then_no_session2")]
            below_ids = ()
        else:
            retakes_if_below = tuple(unknown)
            # Every course graded may be acquired (at or above a capitalisation threshold
            # below the unit's): nothing of it is retaken.
            # A course graded by components retakes its retaken components: named so.
            retaken = [
                (retake_label(programme, c), g) for c, (_, g) in zip(below_ids, below, strict=True)
            ]
            tail = [
                Message(code="then_retake", params={"retakes": retaken})
                if below
                else Message(code="then_nothing_to_retake", params={"threshold": retake})
            ]
            if retakes_if_below:
                tail.append(
                    Message(
                        code=RETAKES_IF_CODES[retake_short_of(programme, rule)],
                        params={"threshold": retake, "courses": [name(c) for c in unknown]},
                    )
                )
        message = Message(code=reason.code, params={**reason.params, "then": tail})
        failed = verdict(False, message, high if not unknown else None)
        if outcome.below_floor:
            failed = dataclasses.replace(failed, floored=True)
        return failed, below_ids, retakes_if_below

    message = rule.pending(
        threshold,
        [waiting(c) for c in unknown],
        low if low is not None else 0.0,
        high,
        programme.grade_scale.max,
    )
    floor = grid.floor
    # A unit held by a course floor says so: its mean alone would not tell.
    under = [
        name(c)
        for c, v, u in zip(enrolled, grid.values, grid.unknown, strict=True)
        if floor is not None and u and (v is None or v < floor)
    ]
    if under:
        held = Message(code="pending_floor", params={"floor": rule.course_floor, "courses": under})
        message = Message(code=message.code, params={**message.params, "then": [held]})
    return verdict(None, message), (), ()


def unit_grid(
    programme: Programme,
    rule: RuleBase,
    enrolled: Sequence[str],
    values: Mapping[str, Value],
    bonus: Fraction = Fraction(0),
) -> ScaledGrades:
    """The scaled grades judge() and the solver both read for these values, on the courses
    judged (`.courses`: those a justified absence leaves out are not), with the bonus
    points that count toward the unit's mean (`bonus`: those certainly earned)."""
    vector: list[Value] = [values.get(c, NOT_KNOWN) for c in enrolled]
    courses = tuple(enrolled)
    absences = programme.absences
    if not absences.plain:
        courses, vector = absences.judged(courses, vector)
    weights = rule.course_weights(programme, courses)
    return ScaledGrades(rule, vector, programme.grade_scale.max, weights, courses, bonus)


def counted_bonus(
    programme: Programme, unit_id: str, grades: Mapping[str, Read], session: int = 1
) -> Earned:
    """The bonus points that count toward a unit's mean in a session (rules.bonus_points),
    from the session-1 grades as read."""
    if not programme.rules.bonus_points:
        return NONE
    found = bonus_points_of.for_unit(programme, unit_id, session, counts=True)
    return bonus_points_of.earned(programme, found, grades) if found else NONE


def judge_with_bonus(
    programme: Programme,
    rule: RuleBase,
    grid: ScaledGrades,
    earned: Earned,
    session: int,
    status: RuleStatus,
    values: Mapping[str, Value],
) -> tuple[SessionVerdict, tuple[str, ...], tuple[str, ...]]:
    """judge() with the bonus points that count (`grid` holds those certainly earned,
    `earned.low`): certain only when it holds with those alone and with the most an
    unknown source can still give; pending otherwise, only where the bonus could matter."""
    verdict, retakes, if_below = judge(programme, rule, grid.courses, grid, session, status)
    if not earned:
        return verdict, retakes, if_below
    if not earned.known and verdict.validated is not True:
        best = unit_grid(programme, rule, grid.courses, values, earned.high)
        at_best, retakes_best, if_below_best = judge(
            programme, rule, best.courses, best, session, status
        )
        if at_best.validated is False:
            verdict, retakes, if_below = at_best, retakes_best, if_below_best
        elif verdict.validated is False:
            # Failed without the bonus still to come, not with the most it can give.
            message = Message(
                code="pending_bonus",
                params={"sources": list(earned.pending), "cap": float(earned.high - earned.low)},
            )
            return (
                SessionVerdict(
                    validated=None,
                    message=message,
                    mean_min=verdict.mean_min,
                    mean_max=at_best.mean_max,
                    status=status,
                ),
                (),
                (),
            )
    if earned.low:
        tail = Message(
            code="bonus_counted",
            params={"bonus": float(earned.low), "sources": list(earned.sources)},
        )
        message = Message(
            code=verdict.message.code,
            params={
                **verdict.message.params,
                "then": [*verdict.message.params.get("then", []), tail],
            },  # type: ignore[misc]
        )
        verdict = dataclasses.replace(
            verdict,
            message=message,
            bonus=float(earned.low),
            mean_with_bonus=verdict.mean,
            bonus_counted=True,
        )
    return verdict, retakes, if_below


def shown_bonus(
    programme: Programme,
    unit_id: str,
    verdict: SessionVerdict,
    grades: Mapping[str, Read],
    session: int,
) -> SessionVerdict:
    """The verdict with the bonus points the programme shows but does not count
    (rules.bonus_points, counts: false) beside its mean, once they are known."""
    if not programme.rules.bonus_points or verdict.mean is None:
        return verdict
    found = bonus_points_of.for_unit(programme, unit_id, session, counts=False)
    earned = bonus_points_of.earned(programme, found, grades) if found else NONE
    if not earned or not earned.known:
        return verdict
    with_bonus = min(exact(verdict.mean) + earned.low, exact(programme.grade_scale.max))
    tail = Message(
        code="bonus_shown",
        params={
            "bonus": float(earned.low),
            "sources": list(earned.sources),
            "with_bonus": float(with_bonus),
        },
    )
    then = [*verdict.message.params.get("then", []), tail]  # type: ignore[misc]
    return dataclasses.replace(
        verdict,
        message=Message(code=verdict.message.code, params={**verdict.message.params, "then": then}),
        bonus=float(earned.low),
        mean_with_bonus=float(with_bonus),
    )


def bonus_points(programme: Programme, rule: RuleBase, grades: Mapping[str, Read]) -> float:
    """Points the bonus units add to a unit's session-1 mean (the formula is a parameter)."""
    bonus = programme.rules.bonus
    if bonus.formula == "none" or not rule.bonus_from:
        return 0.0
    numbers = [
        exact(g)
        for unit_id in rule.bonus_from
        for c in programme.unit(unit_id).courses
        if (g := grades.get(c)) is not None and g is not LEFT_OUT
    ]
    if not numbers:
        return 0.0
    excess = sum(numbers, Fraction(0)) / len(numbers) - exact(rule.threshold)
    return float(max(Fraction(0), excess) * exact(bonus.rate))


def with_bonus_rate(programme: Programme, rate: float | None) -> Programme:
    """The programme with another bonus rate (a rule parameter of the scenario)."""
    if rate is None or rate == programme.rules.bonus.rate:
        return programme
    bonus = programme.rules.bonus.model_copy(update={"rate": rate})
    rules = programme.rules.model_copy(update={"bonus": bonus})
    return programme.model_copy(update={"rules": rules})


def session1_values(
    enrolled: Sequence[str], grades: Mapping[str, Read], bounded: Bounds = NO_BOUNDS
) -> dict[str, Value]:
    """The values session 1 judges: the entered grades of the followed courses, as read
    (read_grades), and the courses graded by components that their known components bound
    (`bounded`)."""
    # entered(), inlined: this runs for every unit on every edit.
    values: dict[str, Value] = {
        c: (g if g is None or g is LEFT_OUT else exact(g))  # type: ignore[arg-type]
        for c, g in grades.items()
        if c in enrolled
    }
    for c, bound in bounded.session1.items():
        if c in enrolled:
            values.setdefault(c, bound)  # a grade plugged in (a minimum tried) wins
    return values


def read_grades(programme: Programme, grades: Mapping[str, Grade]) -> Mapping[str, Read]:
    """The grades as the programme reads them: each absence and justified absence a 0, an
    absence (None) or left out (planner.rules.absence). What evaluate_unit() takes."""
    return programme.absences.read(grades)


def programme_policy(programme: Programme, name: str | None = None) -> Session2Policy:
    """The programme's session-2 policy, or the one a scenario chose (then `chosen`)."""
    own = programme.rules.session2
    if name is None or name == own.policy:
        return session2_policy(own.policy, own.status)
    return session2_policy(name, "chosen")


def evaluate_unit(
    programme: Programme,
    unit: Unit,
    choices: frozenset[str],
    grades: Mapping[str, Read],
    session2_grades: Mapping[str, Read],
    policy: Session2Policy,
    session1_grid: ScaledGrades | None = None,
    bounded: Bounds = NO_BOUNDS,
) -> UnitResult:
    """One unit, session 1 then session 2, from grades as read_grades() gives them, and the
    courses graded by components their known components bound (`bounded`)."""
    rule = programme.rule_for(unit.id)
    assert rule is not None
    enrolled = enrolled_courses(unit, choices)
    status = rule_status(programme, rule.status)
    if not choice_is_valid(unit, choices):
        message = Message(
            code="choice_incomplete",
            params={
                "choose": course_count(unit),
                "n": unit.choose.max if unit.choose else 0,
                "picked": len(enrolled),
                "chosen": Message(code="n_chosen", params={"n": len(enrolled)}),
            },
        )
        verdict = SessionVerdict(validated=None, message=message, status=status)
        return UnitResult(
            unit=unit.id,
            name=unit.name,
            rule=rule,
            enrolled=enrolled,
            choice_valid=False,
            session1=verdict,
            ects=unit.ects.value,
        )
    values1 = session1_values(enrolled, grades, bounded)
    earned1 = counted_bonus(programme, unit.id, grades, 1)
    grid1 = session1_grid or unit_grid(programme, rule, enrolled, values1, earned1.low)
    verdict1, retakes, if_below = judge_with_bonus(
        programme, rule, grid1, earned1, 1, status, values1
    )
    verdict1 = shown_bonus(programme, unit.id, verdict1, grades, 1)
    if verdict1.validated and rule.bonus_from:
        points = bonus_points(programme, rule, grades)
        if points > 0:
            with_bonus = (
                min(verdict1.mean + points, programme.grade_scale.max)
                if verdict1.mean is not None
                else None
            )
            tail = Message(
                code="bonus",
                params={"bonus": points, "with_bonus": with_bonus if with_bonus else "—"},
            )
            message = Message(
                code=verdict1.message.code,
                params={**verdict1.message.params, "then": [tail]},
            )
            verdict1 = dataclasses.replace(
                verdict1, bonus=points, mean_with_bonus=with_bonus, message=message
            )
    session2: SessionVerdict | None = None
    kept: tuple[KeptCourse, ...] = ()
    if verdict1.validated is False:
        if rule.session2:
            retaken = policy.retaken(retakes, if_below, session2_grades)
            values2 = policy.values(enrolled, grades, session2_grades, retaken, bounded)
            earned2 = counted_bonus(programme, unit.id, grades, 2)
            grid2 = unit_grid(programme, rule, enrolled, values2, earned2.low)
            status2 = combined_status((status, rule_status(programme, policy.status)))
            session2, _, _ = judge_with_bonus(programme, rule, grid2, earned2, 2, status2, values2)
            session2 = shown_bonus(programme, unit.id, session2, grades, 2)
            kept = courses_kept(programme, unit, enrolled, values2)
        else:
            # Final as it stands: the session-1 mean still counts for compensation.
            session2 = SessionVerdict(
                validated=False,
                message=Message(code="no_session2"),
                mean=verdict1.mean,
                status=status,
                floored=verdict1.floored,
            )
            kept = courses_kept(programme, unit, enrolled, session1_values(enrolled, grades))
    return UnitResult(
        unit=unit.id,
        name=unit.name,
        rule=rule,
        enrolled=enrolled,
        choice_valid=True,
        session1=verdict1,
        retakes=retakes,
        retakes_if_below=if_below,
        session2=session2,
        deciding_session=2 if verdict1.validated is False and rule.session2 else 1,
        ects=unit.ects.value,
        courses_kept=kept,
    )


def courses_kept(
    programme: Programme, unit: Unit, enrolled: Sequence[str], final: Mapping[str, Value]
) -> tuple[KeptCourse, ...]:
    """The followed courses of a unit failed in session 1 whose final value (`final`: what
    its last session judges) is a known grade at or above the capitalisation threshold,
    where the programme capitalises its courses (planner.rules.capitalisation)."""
    capitalisation = capitalisation_for(programme, unit.id)
    if capitalisation is None:
        return ()
    threshold = exact(capitalisation.threshold)
    kept = []
    for c in enrolled:
        value = final.get(c, NOT_KNOWN)
        if isinstance(value, Fraction) and value >= threshold:
            course = programme.course(c)
            kept.append(KeptCourse(c, course.name, course.ects.value))
    return tuple(kept)


def _standings(results: Sequence[UnitResult], final: bool) -> dict[str, UnitStanding]:
    standings = {}
    for r in results:
        v = r.final if final else r.session1
        # A failed verdict without a mean has none to come if even the top of the scale
        # gives none (an absence); otherwise its mean waits for unknown grades.
        possible = v.mean is not None or v.mean_max is not None
        standings[r.unit] = UnitStanding(
            r.unit, r.name, v.validated, v.mean, v.floored, mean_possible=possible
        )
    return standings


def _either(one: UnitStanding, other: UnitStanding) -> UnitStanding:
    """A unit's standing when it is one of two not known yet: what both say, pending where
    they differ (its mean still to come)."""
    same_mean = one.mean == other.mean
    return dataclasses.replace(
        one,
        validated=one.validated if one.validated == other.validated else None,
        mean=one.mean if same_mean else None,
        floored=one.floored and other.floored,
        mean_possible=(one.mean_possible or other.mean_possible) if same_mean else True,
    )


def compensate(
    programme: Programme,
    results: Sequence[UnitResult],
    policy: Session2Policy | None = None,
    grades: Mapping[str, Read] | None = None,
) -> list[UnitResult]:
    """Units failed on their own, validated by compensation where their group allows (at
    any level of nested groups: planner.rules.compensation.judge_unit).

    Session 1 first: a unit compensated on its session-1 means has nothing to retake.
    Then on the final verdicts (session 2 where there is one). Where compensation is
    decided on the final grades (planner.rules.compensation), a session-1 compensation
    that a retake of another unit under the level that compensates it can still undo is
    provisional: pending, with the unit's retakes kept, and judged on the final grades.
    `grades` (as read) give the bonus points added to a group's mean (planner.rules.bonus):
    at the level the bonus targets, a group of units (never a group of groups).

    A session-1 compensation still undecided (waiting on a session-1 grade not known yet)
    may yet validate the unit in session 1, whatever its session 2 gives: until it is
    decided, the unit's code is not certain (CMP if it compensates, else what session 2
    says), unless the final grades compensate it anyway; and its final mean is its
    session-1 mean or its session-2 one, so every other unit whose final compensation (at
    any level above it) reads only what both say of it (pending where they differ)."""
    groups = programme.rules.groups
    if not groups:
        return list(results)

    def bonus(group: CompensationGroup, session: int) -> dict[str, Earned]:
        # A group of groups is never a bonus target (a bonus names a group by its units).
        if not programme.rules.bonus_points or grades is None or group.groups:
            return {}
        return {
            key: bonus_points_of.earned(
                programme,
                bonus_points_of.for_group(programme, group.units, session, counts),
                grades,
            )
            for key, counts in (("bonus", True), ("shown", False))
        }

    def bonus_1(group: CompensationGroup) -> dict[str, Earned]:
        return bonus(group, 1)

    def bonus_2(group: CompensationGroup) -> dict[str, Earned]:
        return bonus(group, 2)

    # Under nested compensation every unit judged on the same standings reads the same
    # groups' standings: built once per pass, not once per unit (60 units in 30 groups
    # built them 2 450 times for one plan).
    nested = any(g.groups for g in groups)
    final_grades = on_final_grades(programme)
    lowers = (policy or programme_policy(programme)).can_lower
    out = list(results)
    standings = _standings(out, final=False)
    everyone_1 = with_group_standings(programme, standings, bonus_1) if nested else None
    judged: dict[str, CompensationVerdict] = {}
    for r in out:
        if r.session1.validated is not False or not r.choice_valid:
            continue
        found = judge_unit(
            programme,
            r.unit,
            standings,
            lambda g, r=r: combined_status(  # type: ignore[misc]
                (rule_status(programme, g.status), r.session1.status)
            ),
            bonus_1,
            everyone_1,
        )
        if found is not None:
            judged[r.unit] = found
    # Those whose session-1 compensation waits on a grade not known yet.
    undecided = {u for u, v in judged.items() if v.validated is None}
    for i, r in enumerate(out):
        if (judged_1 := judged.get(r.unit)) is None:
            continue
        if final_grades and lowers and judged_1.validated is True:
            retaking = [
                m.name
                for m in out
                if m.unit in judged_1.units
                and m.unit != r.unit
                and m.deciding_session == 2
                and (m_judged := judged.get(m.unit)) is not None
                and m_judged.validated is not True
            ]
            if retaking:  # decided on the final grades, once these retakes are known
                params = {**judged_1.message.params, "waiting": retaking}
                message = Message(code="compensation_provisional", params=params)
                judged_1 = CompensationVerdict(None, message, judged_1.status, judged_1.units)
        if judged_1.validated is True:
            # Compensated in session 1: no session 2, so no retake to announce.
            message = Message(
                code=r.session1.message.code,
                params={k: v for k, v in r.session1.message.params.items() if k != "then"},
            )
            out[i] = dataclasses.replace(
                r,
                session1=dataclasses.replace(r.session1, message=message),
                compensation=judged_1,
                retakes=(),
                retakes_if_below=(),
                session2=None,
                deciding_session=1,
            )
        else:
            out[i] = dataclasses.replace(r, compensation=judged_1)
    standings = _standings(out, final=True)
    # A unit whose session-1 compensation is undecided ends on its session-1 mean if that
    # compensation comes (no session 2), else on its session 2: the other units' final
    # compensation reads only what both give, at every level above it.
    session1 = _standings(out, final=False)
    either = {u: _either(session1[u], standings[u]) for u in undecided}
    common = {**standings, **either}
    everyone_2: dict[str, UnitStanding] | None = None

    def judged_final(r: UnitResult) -> CompensationVerdict | None:
        nonlocal everyone_2
        # Its own session 2 is the branch where its session-1 compensation did not come.
        others = {**common, r.unit: standings[r.unit]}
        everyone = None
        if nested:
            if everyone_2 is None:
                everyone_2 = with_group_standings(programme, common, bonus_2)
            everyone = everyone_2
            if r.unit in either:  # its own standing differs from `common`'s
                everyone = with_unit_standing(
                    programme, everyone_2, r.unit, standings[r.unit], bonus_2
                )
        return judge_unit(
            programme,
            r.unit,
            others,
            lambda g: combined_status((rule_status(programme, g.status), r.final.status)),
            bonus_2,
            everyone,
        )

    for i, r in enumerate(out):
        if r.compensation is None or r.compensation.validated is True:
            continue
        validated = r.final.validated
        if r.unit in undecided:
            # Only a certain compensation on the final grades decides it before session 1
            # does: a failure now could still turn into a session-1 CMP.
            if validated is not True:
                judged_2 = judged_final(r)
                if judged_2 is not None and judged_2.validated is True:
                    out[i] = dataclasses.replace(r, compensation=judged_2)
            continue
        if final_grades and validated is True:
            # Validated on its own in session 2: compensation no longer applies.
            out[i] = dataclasses.replace(r, compensation=None)
            continue
        if final_grades and validated is None:
            # Its session 2 still pending: the session-1 verdict stands, unless the final
            # one is certain already (a member held by a floor after its session 2).
            judged_2 = judged_final(r)
            if judged_2 is not None and judged_2.validated is not None:
                out[i] = dataclasses.replace(r, compensation=judged_2)
            continue
        if validated is not False:
            continue
        out[i] = dataclasses.replace(r, compensation=judged_final(r))
    return out


def group_outcomes(programme: Programme, results: Sequence[UnitResult]) -> tuple[GroupOutcome, ...]:
    """Each compensation group's outcome from the units' final results (compensated): what
    a jury code of a semester would read. A group none of whose units is in the plan has
    none."""
    groups = programme.rules.groups
    by_unit = {r.unit: r for r in results}
    means = {r.unit: r.final.mean for r in results}
    outcomes = []
    for group in inner_first(groups):
        key = group.id or str(groups.index(group))
        units = tuple(u for u in units_under(groups, group) if u in by_unit)
        if not units:
            continue
        # A unit's `validated` is False for AJ and DEF alike.
        verdicts = [by_unit[u].validated for u in units]
        validated = (
            False if False in verdicts else True if all(v is True for v in verdicts) else None
        )
        mean = group.mean_of(programme, means)
        if group.id is not None:
            means[group.id] = None if mean is None else float(mean)
        outcomes.append(
            GroupOutcome(key, group.name, units, validated, None if mean is None else float(mean))
        )
    return tuple(outcomes)


@dataclass(frozen=True)
class YearResult:
    validated: bool | None
    session1_validated: bool | None
    message: Message
    status: RuleStatus = "published"
    # The published ECTS of the validated units (and of the courses kept by the units not
    # validated, where courses are capitalised), kept whatever the year; the units whose
    # part of the sum is not published (in full), by id.
    ects_acquired: float = 0
    ects_unpublished: tuple[str, ...] = ()

    @property
    def ects_acquired_incomplete(self) -> bool:
        return bool(self.ects_unpublished)

    @property
    def code(self) -> Code | None:
        return {True: "ADM", False: "AJ", None: None}[self.validated]  # type: ignore[return-value]


def _year_from(
    results: Sequence[UnitResult], final: bool, compensation: bool
) -> tuple[bool | None, Message]:
    if final:
        # `validated` is False for AJ and for DEF alike; None while undecided (a unit
        # validated in session 2 whose session-1 compensation is not decided yet is
        # validated either way) or behind a prerequisite not met yet.
        verdicts = [(r, r.validated) for r in results]
        failed = [r.name for r, v in verdicts if v is False]
        pending = [r.name for r, v in verdicts if v is None]
    else:
        failed = [r.name for r in results if r.session1.validated is False]
        pending = [r.name for r in results if r.session1.validated is None]
    if failed:
        code = "year_failed_after_compensation" if compensation else "year_failed"
        return False, Message(code=code, params={"units": failed})
    if pending:
        return None, Message(code="year_pending", params={"units": pending})
    return True, Message(code="year_validated", params={})


def judge_year(
    results: Sequence[UnitResult],
    compensation_status: RuleStatus = "published",
    compensation: bool = False,
) -> YearResult:
    """The year needs every graded unit validated, on its own or by compensation. Its
    verdict is as certain as the units' verdicts, and, unless every unit is validated on
    its own, as the compensation rule (or the rule that units do not compensate)."""
    validated, message = _year_from(results, final=True, compensation=compensation)
    session1, _ = _year_from(results, final=False, compensation=compensation)
    statuses = [r.final.status for r in results]
    statuses += [r.compensation.status for r in results if r.compensation is not None]
    if validated is not True and not compensation:
        statuses.append(compensation_status)
    acquired = sum(a for r in results if (a := r.ects_acquired))
    unpublished = [r for r in results if r.ects_acquired_incomplete]
    ects = PartialSum(acquired, bool(unpublished))
    then = []
    if validated is not True and (acquired or unpublished):
        courses = any(r.courses_acquired for r in results)
        code = "year_ects_kept_courses" if courses else "year_ects_kept"
        then.append(Message(code=code, params={"ects": ects}))
    elif validated is True and unpublished:
        then.append(Message(code="year_ects_acquired", params={"ects": ects}))
    if then and unpublished:
        names = [n for r in unpublished for n in r.ects_unpublished_names]
        then.append(Message(code="ects_unpublished", params={"units": names}))
    if then:
        message = Message(code=message.code, params={**message.params, "then": then})
    return YearResult(
        validated=validated,
        session1_validated=session1,
        message=message,
        status=combined_status(statuses),
        ects_acquired=acquired,
        ects_unpublished=tuple(r.unit for r in unpublished),
    )
