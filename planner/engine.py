"""The rule engine: judges each unit of a plan from the grades, session 1 then session 2.

Grades come as a mapping course id -> number, or None for an absence; a course missing
from the mapping is not known yet (the student will sit it and may get anything on the
scale, or be absent). A verdict is True or False only when it is certain whatever the
unknown grades turn out to be, an absence included; otherwise it is None (pending). Every
rule kind is monotone (a higher grade never hurts, an absence is the lowest "grade"), so
certainty is decided by trying the lowest and highest outcomes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from planner.catalogue import Programme, Unit, UnitRule
from planner.messages import Below, Message

Grade = float | None  # None: absent


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
    session 2 keeps the best of both), or an absence when `may_be_absent` (an exam not sat
    yet can still be missed; under keep_best a missed retake keeps the session-1 grade)."""

    floor: Fraction = Fraction(0)
    may_be_absent: bool = True


Value = Fraction | None | Unknown
NOT_KNOWN = Unknown()  # immutable: one shared instance for "not known yet, floor 0"


class Plan(BaseModel):
    """What a student follows: the choice-independent part of a scenario."""

    model_config = ConfigDict(frozen=True)

    track: str | None = None
    option: str | None = None
    choices: frozenset[str] = frozenset()


def enrolled_courses(unit: Unit, choices: frozenset[str]) -> tuple[str, ...]:
    """Courses of the unit the student follows: all of them, or those chosen."""
    if unit.choose is None:
        return unit.courses
    return tuple(c for c in unit.courses if c in choices)


def choice_is_valid(unit: Unit, choices: frozenset[str]) -> bool:
    if unit.choose is None:
        return True
    picked = len(enrolled_courses(unit, choices))
    return unit.choose.min <= picked <= unit.choose.max


def choose_text(unit: Unit) -> str:
    assert unit.choose is not None
    lo, hi = unit.choose.min, unit.choose.max
    if lo == hi:
        return str(lo)
    if hi == len(unit.courses):
        return f"≥ {lo}"
    return f"{lo}–{hi}"


# --- the numeric heart: whether a vector of grades validates, and its mean ------------


class ScaledGrades:
    """One unit's grades as integers over a common denominator, built once per judgement.

    Every rule is decided with integer sums and comparisons (Fraction arithmetic was most
    of evaluate's time); a Fraction appears only for a mean shown to the student.
    Unknown grades are held at their floor in `values` and flagged in `unknown`.
    """

    def __init__(self, rule: UnitRule, vector: Sequence[Value], scale: float | Fraction) -> None:
        self.vector = vector  # as given: the judged values, Unknown for a grade not known
        threshold, top = exact(rule.threshold), exact(scale)
        self.unknown = unknown = [type(v) is Unknown for v in vector]
        self.may_be_absent = [u and v.may_be_absent for v, u in zip(vector, unknown, strict=True)]  # type: ignore[union-attr]
        fractions = [v.floor if u else v for v, u in zip(vector, unknown, strict=True)]  # type: ignore[union-attr]
        d = math.lcm(threshold.denominator, top.denominator)
        for f in fractions:
            if f is not None and d % f.denominator:
                d = math.lcm(d, f.denominator)
        self.denominator = d
        self.threshold = threshold.numerator * (d // threshold.denominator)
        self.top = top.numerator * (d // top.denominator)
        self.values = [None if f is None else f.numerator * (d // f.denominator) for f in fractions]
        self.kind, self.k = rule.kind, rule.k or 0

    def at(self, free: Sequence[bool], x: int) -> list[int]:
        """The obtained grades with the `free` unknowns at x (or their floor, if higher)."""
        return [
            (x if x > v else v) if is_free else v
            for v, is_free in zip(self.values, free, strict=True)
            if v is not None
        ]

    def worst(self) -> list[int]:
        """The obtained grades when every unknown that can be missed is missed, and the
        others sit at their floor."""
        return [
            v
            for v, absent in zip(self.values, self.may_be_absent, strict=True)
            if v is not None and not absent
        ]

    def _counted(self, numbers: list[int]) -> tuple[int, int] | None:
        """(sum, count) the rule averages, or None when the mean cannot be formed."""
        if self.kind == "best_k_mean":
            if len(numbers) < self.k:
                return None
            return sum(sorted(numbers, reverse=True)[: self.k]), self.k
        if len(numbers) < len(self.values) or not self.values:
            return None  # an absence: every grade is required
        return sum(numbers), len(numbers)

    def passes(self, numbers: list[int]) -> bool:
        counted = self._counted(numbers)
        return counted is not None and counted[0] >= counted[1] * self.threshold

    def mean(self, numbers: list[int]) -> float | None:
        """The mean shown to the student. Decisions never read it (passes() does, in
        integers); int / int is correctly rounded, so it is the float of the exact mean."""
        counted = self._counted(numbers)
        return None if counted is None else counted[0] / (counted[1] * self.denominator)


# --- verdicts ------------------------------------------------------------------------

RuleStatus = Literal["published", "assumed", "chosen"]


def combined_status(statuses: Sequence[str]) -> RuleStatus:
    """The status of a verdict resting on several rules: published only when every one is;
    chosen when the student chose one of them."""
    if "chosen" in statuses:
        return "chosen"
    if all(s == "published" for s in statuses):
        return "published"
    return "assumed"


class SessionVerdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    validated: bool | None
    mean: float | None = None
    mean_min: float | None = None
    mean_max: float | None = None
    bonus: float | None = None
    mean_with_bonus: float | None = None
    message: Message
    # Whether the rules this verdict applies are published, assumed or chosen by the student.
    status: RuleStatus = "published"

    def explanation(self, lang: str = "en") -> str:
        return self.message.text("fr" if lang == "fr" else "en")


class UnitResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit: str
    name: str
    rule: UnitRule
    enrolled: tuple[str, ...]
    choice_valid: bool
    session1: SessionVerdict
    retakes: tuple[str, ...] = ()
    retakes_if_below: tuple[str, ...] = ()
    session2: SessionVerdict | None = None
    # The grades the deciding session judges (for the solver): course -> value.
    deciding_session: int = 1

    @property
    def final(self) -> SessionVerdict:
        return self.session2 if self.session2 is not None else self.session1


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _sits_needed(rule: UnitRule, grid: ScaledGrades) -> int:
    """How many of the unknowns that can be missed must be sat for the mean to exist."""
    if rule.kind != "best_k_mean":
        return sum(grid.may_be_absent)
    return max(0, (rule.k or 0) - len(grid.worst()))


def judge(
    programme: Programme,
    rule: UnitRule,
    enrolled: Sequence[str],
    grid: ScaledGrades,
    session: int = 1,
    status: RuleStatus = "published",
) -> tuple[SessionVerdict, tuple[str, ...], tuple[str, ...]]:
    """Judge one unit from one session's values, given as their unit_grid() (built once,
    shared with the solver): (verdict, retakes, retakes_if_below).

    retakes: courses with a grade absent or below the threshold, listed when the unit is
    certainly failed; retakes_if_below: courses not known yet that will be retaken if
    their grade ends up below the threshold. A session-2 failure is final (there is no
    session 3), and so is a session-1 failure of a unit without a session 2.
    """
    threshold = exact(rule.threshold)
    vector = grid.vector
    unknown = [c for c, u in zip(enrolled, grid.unknown, strict=True) if u]
    # Every unknown that can be missed, missed; every unknown sat at its lowest grade;
    # every unknown at the top of the scale.
    worst = grid.worst()
    low_numbers, high_numbers = grid.at(grid.unknown, 0), grid.at(grid.unknown, grid.top)
    low, high = grid.mean(low_numbers), grid.mean(high_numbers)

    def name(course_id: str) -> str:
        return programme.course(course_id).name

    common = {"threshold": threshold}
    mean_min, mean_max = low, high

    def verdict(
        validated: bool | None, message: Message, mean: float | None = None
    ) -> SessionVerdict:
        return SessionVerdict(
            validated=validated,
            mean=mean,
            mean_min=mean_min,
            mean_max=mean_max,
            message=message,
            status=status,
        )

    if grid.passes(worst):
        if unknown:
            message = Message(
                code="certain_validated",
                params={**common, "unknown": [name(c) for c in unknown], "low": grid.mean(worst)},
            )
            return verdict(True, message), (), ()
        code = {
            "mean_of_all": "validated_mean",
            "best_k_mean": "validated_best_k",
            "single_grade": "validated_single",
        }[rule.kind]
        params = {**common, "mean": low, "k": rule.k or 0}
        return verdict(True, Message(code=code, params=params), mean_min), (), ()

    if grid.passes(low_numbers):
        # Certain once sat, whatever the grade: still pending, since an absence would fail.
        missable = [name(c) for c, m in zip(enrolled, grid.may_be_absent, strict=True) if m]
        needed = _sits_needed(rule, grid)
        if needed < len(missable):
            message = Message(
                code="validated_once_sat_some",
                params={**common, "unknown": missable, "needed": needed, "low": low},
            )
        else:
            message = Message(
                code="validated_once_sat", params={**common, "unknown": missable, "low": low}
            )
        return verdict(None, message), (), ()

    if not grid.passes(high_numbers):
        below_ids = tuple(
            c
            for c, v in zip(enrolled, vector, strict=True)
            if not isinstance(v, Unknown) and (v is None or v < threshold)
        )
        below = [
            (name(c), _float(v))  # type: ignore[arg-type]
            for c, v in zip(enrolled, vector, strict=True)
            if c in below_ids
        ]
        absent = [n for n, g in below if g is None]
        obtained = len(high_numbers)
        shown_high = Below(high, float(threshold)) if high is not None else None
        if rule.kind == "single_grade":
            code = "failed_single_absent" if absent else "failed_single"
            params: dict[str, object] = {**common, "mean": shown_high}
        elif rule.kind == "best_k_mean" and obtained < (rule.k or 0):
            code = "failed_too_few"
            needed = Message(code="n_needed", params={"n": rule.k})
            params = {**common, "obtained": obtained, "needed": needed}
        elif unknown and high is not None:
            code = "certain_failed"
            params = {**common, "unknown": [name(c) for c in unknown], "high": shown_high}
        elif rule.kind == "best_k_mean":
            code = "failed_best_k"
            params = {**common, "mean": shown_high, "k": rule.k}
        elif absent:
            code = "failed_absent"
            params = {**common, "absent": absent}
        else:
            code = "failed_mean"
            params = {**common, "mean": shown_high}
        if session == 2:
            tail = [Message(code="then_not_validated_after_session2")]
            below_ids, retakes_if_below = (), ()
        elif not rule.session2:
            tail = [Message(code="then_no_session2")]
            below_ids, retakes_if_below = (), ()
        else:
            retakes_if_below = tuple(unknown)
            tail = [Message(code="then_retake", params={"retakes": below})]
            if retakes_if_below:
                tail.append(
                    Message(
                        code="retakes_if_below",
                        params={**common, "courses": [name(c) for c in unknown]},
                    )
                )
        params["then"] = tail
        message = Message(code=code, params=params)
        return (
            verdict(False, message, mean_max if not unknown else None),
            below_ids,
            retakes_if_below,
        )

    if rule.kind == "single_grade":
        message = Message(code="pending_single", params=common)
    else:
        message = Message(
            code="pending",
            params={
                **common,
                "unknown": [name(c) for c in unknown],
                "low": low if low is not None else 0.0,
                "high": high,
            },
        )
    return verdict(None, message), (), ()


def unit_grid(
    programme: Programme, rule: UnitRule, enrolled: Sequence[str], values: Mapping[str, Value]
) -> ScaledGrades:
    """The scaled grades judge() and the solver both read for these values."""
    vector = [values.get(c, NOT_KNOWN) for c in enrolled]
    return ScaledGrades(rule, vector, programme.grade_scale.max)


def bonus_points(programme: Programme, rule: UnitRule, grades: Mapping[str, Grade]) -> float:
    """Points the bonus units add to a unit's session-1 mean (the formula is a parameter)."""
    bonus = programme.rules.bonus
    if bonus.formula == "none" or not rule.bonus_from:
        return 0.0
    numbers = [
        exact(g)
        for unit_id in rule.bonus_from
        for c in programme.unit(unit_id).courses
        if (g := grades.get(c)) is not None
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


def session1_values(enrolled: Sequence[str], grades: Mapping[str, Grade]) -> dict[str, Value]:
    """The values session 1 judges: the entered grades of the followed courses."""
    return {c: (exact(g) if g is not None else None) for c, g in grades.items() if c in enrolled}


def session2_values(
    policy: str,
    enrolled: Sequence[str],
    grades: Mapping[str, Grade],
    session2_grades: Mapping[str, Grade],
    retaken: set[str],
) -> dict[str, Value]:
    """The values session 2 judges: retaken courses take their session-2 grade."""
    values: dict[str, Value] = {}
    for c in enrolled:
        first: Value = exact(g) if (g := grades.get(c)) is not None else None
        if c not in grades:
            first = Unknown()
        if c not in retaken:
            values[c] = first
            continue
        if c not in session2_grades:
            if policy == "keep_best" and isinstance(first, Fraction):
                values[c] = Unknown(floor=first, may_be_absent=False)  # a miss keeps it
            else:
                values[c] = NOT_KNOWN
            continue
        second = session2_grades[c]
        second_value = exact(second) if second is not None else None
        if policy == "keep_best" and isinstance(first, Fraction):
            values[c] = first if second_value is None else max(first, second_value)
        else:
            values[c] = second_value
    return values


def evaluate_unit(
    programme: Programme,
    unit: Unit,
    choices: frozenset[str],
    grades: Mapping[str, Grade],
    session2_grades: Mapping[str, Grade],
    policy: str,
    session1_grid: ScaledGrades | None = None,
    policy_status: RuleStatus = "published",
) -> UnitResult:
    rule = programme.rule_for(unit.id)
    assert rule is not None
    enrolled = enrolled_courses(unit, choices)
    if not choice_is_valid(unit, choices):
        message = Message(
            code="choice_incomplete",
            params={
                "choose": choose_text(unit),
                "n": unit.choose.max if unit.choose else 0,
                "picked": len(enrolled),
                "chosen": Message(code="n_chosen", params={"n": len(enrolled)}),
            },
        )
        verdict = SessionVerdict(validated=None, message=message, status=rule.status)
        return UnitResult(
            unit=unit.id,
            name=unit.name,
            rule=rule,
            enrolled=enrolled,
            choice_valid=False,
            session1=verdict,
        )
    grid1 = session1_grid or unit_grid(programme, rule, enrolled, session1_values(enrolled, grades))
    verdict1, retakes, if_below = judge(programme, rule, enrolled, grid1, 1, rule.status)
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
            verdict1 = verdict1.model_copy(
                update={"bonus": points, "mean_with_bonus": with_bonus, "message": message}
            )
    session2: SessionVerdict | None = None
    if verdict1.validated is False:
        if rule.session2:
            # Courses not yet known in session 1 are retaken if they end up below the
            # threshold; a session-2 grade entered for one means it was.
            retaken = set(retakes) | {c for c in if_below if c in session2_grades}
            values2 = session2_values(policy, enrolled, grades, session2_grades, retaken)
            grid2 = unit_grid(programme, rule, enrolled, values2)
            status2 = combined_status((rule.status, policy_status))
            session2, _, _ = judge(programme, rule, enrolled, grid2, 2, status2)
        else:
            session2 = SessionVerdict(
                validated=False, message=Message(code="no_session2"), status=rule.status
            )
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
    )


class YearResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    validated: bool | None
    session1_validated: bool | None
    message: Message
    status: RuleStatus = "published"


def _year_from(results: Sequence[UnitResult], final: bool) -> tuple[bool | None, Message]:
    verdicts = [(r, r.final if final else r.session1) for r in results]
    failed = [r.name for r, v in verdicts if v.validated is False]
    pending = [r.name for r, v in verdicts if v.validated is None]
    if failed:
        return False, Message(code="year_failed", params={"units": failed})
    if pending:
        return None, Message(code="year_pending", params={"units": pending})
    return True, Message(code="year_validated", params={})


def judge_year(
    results: Sequence[UnitResult], compensation_status: RuleStatus = "published"
) -> YearResult:
    """No compensation: the year needs every graded unit, each on its own. Its verdict is
    as certain as the units' verdicts, and, unless every unit is validated, as the rule
    that units do not compensate each other."""
    validated, message = _year_from(results, final=True)
    session1, _ = _year_from(results, final=False)
    statuses = [r.final.status for r in results]
    if validated is not True:
        statuses.append(compensation_status)
    return YearResult(
        validated=validated,
        session1_validated=session1,
        message=message,
        status=combined_status(statuses),
    )
