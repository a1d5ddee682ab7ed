"""Bonus points that move a mean, `rules.bonus_points` from format_version 3: a source (a
course, or a unit of `kind: bonus` such as sport or an optional language) earns points
that are added to a target mean, a unit's (`unit:`) or a compensation group's (`group:`,
the units of a group of `rules.compensation`: a semester's or the year's mean). Under
nested compensation the target is a group of units (a semester whose units compensate
within it); a group of groups is never one: its mean is of its members' means, and a
member group's mean reaches it without the member's bonus points, which decide only at
the member's own level.

- The points: `rate × (grade − above)` when positive (« les points au-dessus de 10 … 5 %
  de ces points s'ajoutent à la moyenne »: above 10, rate 0.05), at most `cap` (« la
  bonification totale ne doit pas excéder 0,5 point »); the grade of a bonus unit is the
  mean of its courses' grades obtained. An absence earns nothing.
- Whether they decide: `counts: true` (the default) adds them to the mean the rule
  compares with its threshold, so a unit at 9.8 with 0.3 points is validated at 10.1 (a
  mean never shown above the grade scale); `counts: false` shows the mean with its bonus
  beside the verdict, which reads the mean without it (« le bonus ne compte pas pour la
  validation »).
- Certainty: a source grade not known yet earns anything from nothing to its cap. A
  counted bonus is never assumed to help: a verdict is certain when it holds with no
  points from an unknown source and with the most it can give, and pending otherwise,
  only where the bonus could matter. The minimum grade counts the known points only, so
  it holds whatever an unknown bonus grade gives.
- Sessions: the points earned in session 1 also count in session 2 unless
  `session2: false`.

`rules.bonus` with a unit's `bonus_from` (the shipped M2 Statistique & Learning's « mise à
niveau » bonus) is the older, never-deciding bonus; it reads exactly as before. A file of
format_version 2 or 1 cannot give `bonus_points` (it is refused with its path).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from planner import texts
from planner.findings import FieldPath, Finding, error, named, refuse
from planner.frozen import MAX_GRADE_SCALE, Bilingual, Frozen, Identifier, Text
from planner.messages import Lang, listed, number, of
from planner.rules.grid import LEFT_OUT, exact

if TYPE_CHECKING:
    from planner.catalogue import Programme
    from planner.rules.absence import Read
    from planner.rules.base import Grades


class BonusPoints(Frozen):
    """Points a source earns, added to a unit's or a compensation group's mean."""

    earned_by: Identifier = Field(
        description="The course, or the unit of kind bonus, whose grade earns the points."
    )
    unit: Identifier | None = Field(
        default=None, description="The graded unit whose mean the points are added to."
    )
    group: tuple[Identifier, ...] | None = Field(
        default=None,
        description="The units of the compensation group whose mean the points are added "
        "to (a semester's or the year's mean).",
    )
    above: float = Field(
        ge=0,
        le=MAX_GRADE_SCALE,
        allow_inf_nan=False,
        description="Only the points of the grade above it count.",
    )
    rate: float = Field(
        gt=0,
        le=1,
        allow_inf_nan=False,
        description="The share of those points added (« divisés par 20 »: 0.05).",
    )
    cap: float | None = Field(
        default=None,
        gt=0,
        le=MAX_GRADE_SCALE,
        allow_inf_nan=False,
        description="At most this many points (« dans la limite de 0,5 point »).",
    )
    counts: bool = Field(
        default=True,
        description="Whether the points count toward validation (false: the mean with its "
        "bonus is shown, the verdict reads the mean without it).",
    )
    session2: bool = Field(default=True, description="Whether the points also count in session 2.")
    status: Literal["published", "assumed"] = "assumed"
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )
    note: Bilingual | None = None

    @model_validator(mode="after")
    def _one_target(self) -> BonusPoints:
        if (self.unit is None) == (self.group is None):
            raise refuse("check.bonus_one_target")
        return self

    def points(self, grade: Fraction | None) -> Fraction:
        """The points a grade earns (None, no grade: none)."""
        if grade is None:
            return Fraction(0)
        earned = max(Fraction(0), grade - exact(self.above)) * exact(self.rate)
        return earned if self.cap is None else min(earned, exact(self.cap))

    def grade_range(
        self, programme: Programme, grades: Mapping[str, Read]
    ) -> tuple[Fraction | None, Fraction | None]:
        """The lowest and highest grade the source can still end with (None: no grade),
        from the grades as read; equal once every grade of the source is known."""
        courses = self.courses(programme)
        unknown = sum(c not in grades for c in courses)
        obtained = [
            exact(g)  # type: ignore[arg-type]
            for c in courses
            if c in grades and (g := grades[c]) is not None and g is not LEFT_OUT
        ]
        if not unknown:
            return (mean(obtained),) * 2
        top = exact(programme.grade_scale.max)
        # An unknown grade is anything from a 0 to the top of the scale (an absence is
        # left out, which never gives a mean below the one with a 0).
        low = mean([*obtained, *[Fraction(0)] * unknown])
        high = mean([*obtained, *[top] * unknown])
        return low, high

    def points_range(
        self, programme: Programme, grades: Mapping[str, Read]
    ) -> tuple[Fraction, Fraction]:
        low, high = self.grade_range(programme, grades)
        return self.points(low), self.points(high)

    def pending_in(self, programme: Programme, grades: Mapping[str, Read]) -> bool:
        return any(c not in grades for c in self.courses(programme))

    def name(self, programme: Programme) -> str:
        if programme.has_course(self.earned_by):
            return programme.course(self.earned_by).name
        return programme.unit(self.earned_by).name

    def courses(self, programme: Programme) -> tuple[str, ...]:
        if programme.has_course(self.earned_by):
            return (self.earned_by,)
        return programme.unit(self.earned_by).courses

    def target_name(self, programme: Programme, lang: Lang) -> str:
        """The mean's owner as the description names it ("UE B", « d'UE B »)."""
        if self.unit is not None:
            return of(programme.unit(self.unit).name, lang)
        names = [programme.unit(u).name for u in self.group or ()]
        return texts.text("rule.bonus_points_group", lang, **listed("units", names, lang))

    def describe(self, programme: Programme, lang: Lang) -> str:
        scale = number(programme.grade_scale.max, lang)
        text = texts.text(
            "rule.bonus_points",
            lang,
            source=of(self.name(programme), lang),
            above=f"{number(self.above, lang)}/{scale}",
            rate=number(self.rate, lang),
            target=self.target_name(programme, lang),
        )
        if self.cap is not None:
            text += texts.text("rule.bonus_points_cap", lang, cap=number(self.cap, lang))
        text += texts.text(
            "rule.bonus_points_counts" if self.counts else "rule.bonus_points_shown", lang
        )
        if not self.session2:
            text += texts.text("rule.bonus_points_not_session2", lang)
        return text

    def sample_points(self, grades: Grades) -> Grades:
        """points() draw by draw, from the source's grades (a row per course; -inf an
        absence, NaN a course left out): the mean of the grades obtained."""
        import numpy as np

        obtained = np.isfinite(grades)
        count = obtained.sum(axis=0)
        total = np.where(obtained, grades, 0.0).sum(axis=0)
        grade = np.divide(total, count, out=np.full(total.shape, -np.inf), where=count > 0)
        earned = np.maximum(grade - self.above, 0.0) * self.rate
        if self.cap is not None:
            earned = np.minimum(earned, self.cap)
        return earned

    def check(
        self, programme: Programme, groups: Sequence[Sequence[str]], where: FieldPath
    ) -> list[Finding]:
        errors = []
        if not programme.has_course(self.earned_by):
            known = {u.id for u in programme.units}
            if self.earned_by not in known or programme.unit(self.earned_by).kind != "bonus":
                errors.append(
                    error("check.not_earned", (*where, "earned_by"), id=named(self.earned_by))
                )
        if self.unit is not None and programme.rule_for(self.unit) is None:
            errors.append(error("check.not_a_graded_unit", (*where, "unit"), unit=named(self.unit)))
        if self.group is not None and not any(set(self.group) == set(g) for g in groups):
            errors.append(error("check.no_such_group", (*where, "group")))
        if self.above > programme.grade_scale.max:
            errors.append(error("check.above_scale", (*where, "above")))
        return errors

    def targets_group(self, units: Sequence[str]) -> bool:
        return self.group is not None and set(self.group) == set(units)


def mean(grades: Sequence[Fraction]) -> Fraction | None:
    return sum(grades, Fraction(0)) / len(grades) if grades else None


@dataclass(frozen=True)
class Earned:
    """The bonus points a mean receives in one session: at least `low` (what the known
    grades give, an unknown source giving nothing) and at most `high`; `sources` names the
    sources that earn some, `pending` those whose grade is not known yet."""

    low: Fraction = Fraction(0)
    high: Fraction = Fraction(0)
    sources: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.low == self.high

    def __bool__(self) -> bool:
        return bool(self.high)


NONE = Earned()


def earned(
    programme: Programme,
    bonuses: Sequence[BonusPoints],
    grades: Mapping[str, Read],
) -> Earned:
    """What `bonuses` (adding to the same mean) give from the grades as read."""
    low, high = Fraction(0), Fraction(0)
    sources: list[str] = []
    pending: list[str] = []
    for bonus in bonuses:
        points_low, points_high = bonus.points_range(programme, grades)
        low += points_low
        high += points_high
        if points_high:
            sources.append(bonus.name(programme))
        if points_low != points_high:
            pending.append(bonus.name(programme))
    return Earned(low, high, tuple(sources), tuple(pending))


def for_unit(
    programme: Programme, unit_id: str, session: int, counts: bool
) -> tuple[BonusPoints, ...]:
    """The bonuses added to a unit's mean in a session that count (or are only shown)."""
    return tuple(
        b
        for b in programme.rules.bonus_points
        if b.unit == unit_id and b.counts == counts and (session == 1 or b.session2)
    )


def for_group(
    programme: Programme, units: Sequence[str], session: int, counts: bool
) -> tuple[BonusPoints, ...]:
    """The bonuses added to a compensation group's mean in a session."""
    return tuple(
        b
        for b in programme.rules.bonus_points
        if b.targets_group(units) and b.counts == counts and (session == 1 or b.session2)
    )
