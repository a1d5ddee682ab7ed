"""The session-2 policy, one object: which courses a failed unit retakes, what session 2
then judges, and how the policy reads in plain language.

A course absent or below the threshold is retaken; a course at or above it never is
(capitalised). Under a strict threshold (`strict: true`) a course exactly at it is retaken.
A course not known in session 1 is retaken if it ends up below, and a session-2 grade
entered for it means it was. Grades come as the programme reads them
(planner.rules.absence): a justified absence the programme neutralises is LEFT_OUT.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from planner import texts
from planner.messages import Lang
from planner.rules.components import NO_BOUNDS, Bounds
from planner.rules.grid import LEFT_OUT, NOT_KNOWN, Unknown, Value, entered

if TYPE_CHECKING:
    from planner.rules.base import Grades

Grade = float | None  # as read (planner.rules.absence.Read): LEFT_OUT too
Status = Literal["published", "assumed", "chosen"]


@dataclass(frozen=True)
class Session2Policy:
    """How a session-2 grade combines with the session-1 grade of a retaken course."""

    status: Status
    name: ClassVar[str]
    description: ClassVar[str]  # the text id of the policy in words
    # Whether a retake can leave a unit with a lower mean than in session 1, or with none:
    # then a compensation that counted its session-1 mean is only provisional.
    can_lower: ClassVar[bool] = True

    def retaken(
        self,
        retakes: Sequence[str],
        retakes_if_below: Sequence[str],
        session2_grades: Mapping[str, Grade],
    ) -> set[str]:
        return set(retakes) | {c for c in retakes_if_below if c in session2_grades}

    def values(
        self,
        enrolled: Sequence[str],
        grades: Mapping[str, Grade],
        session2_grades: Mapping[str, Grade],
        retaken: set[str],
        bounded: Bounds = NO_BOUNDS,
    ) -> dict[str, Value]:
        """The values session 2 judges: retaken courses take their session-2 outcome. A
        course graded by components not known yet in a session is read within what its
        known components allow (`bounded`)."""
        values: dict[str, Value] = {}
        for c in enrolled:
            first: Value = entered(grades[c]) if c in grades else bounded.session1.get(c, NOT_KNOWN)
            if c not in retaken and isinstance(first, Unknown):
                # Not known in session 1: kept if it reaches the threshold, else retaken
                # (a session-2 grade entered says so); until then, either.
                values[c] = either(
                    first, self.not_sat_yet(first, bounded.session2.get(c, NOT_KNOWN))
                )
            elif c not in retaken:
                values[c] = first
            elif c not in session2_grades:
                values[c] = self.not_sat_yet(first, bounded.session2.get(c, NOT_KNOWN))
            else:
                values[c] = self.combine(first, entered(session2_grades[c]))
        return values

    def retake_rule(self, threshold: str, exists: bool, lang: Lang, strict: bool = False) -> str:
        """What a unit failed in session 1 retakes (a course not above a strict
        threshold), or that it has no session 2."""
        if not exists:
            return texts.text("rule.no_session2", lang)
        key = "rule.session2_retakes_strict" if strict else "rule.session2_retakes"
        return texts.text(key, lang, threshold=threshold)

    def not_sat_yet(self, first: Value, second: Unknown) -> Unknown:
        """A retaken course not sat yet: `second` is what its session-2 grade can be
        (anything, or bounded by its components known)."""
        raise NotImplementedError

    def combine(self, first: Value, second: Value) -> Value:
        """`second`: a grade, None (an absence) or LEFT_OUT (a neutralised justified one)."""
        raise NotImplementedError

    def describe(self, lang: Lang) -> str:
        return texts.text(self.description, lang)

    def sample(self, first: Grades, second: Grades) -> Grades:
        """The odds' form of `combine`, draw by draw: the value session 2 judges for a
        retaken course, from its session-1 and session-2 grades (-inf for an absence)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Replace(Session2Policy):
    name: ClassVar[str] = "replace"
    description: ClassVar[str] = "rule.session2_replace"

    def not_sat_yet(self, first: Value, second: Unknown) -> Unknown:
        return second  # anything it can be, or an absence

    def combine(self, first: Value, second: Value) -> Value:
        return second

    def sample(self, first: Grades, second: Grades) -> Grades:
        return second  # an absence in session 2 stays an absence


@dataclass(frozen=True)
class KeepBest(Session2Policy):
    name: ClassVar[str] = "keep_best"
    description: ClassVar[str] = "rule.session2_keep_best"
    can_lower: ClassVar[bool] = False  # each course keeps its better grade, a miss its first

    def not_sat_yet(self, first: Value, second: Unknown) -> Unknown:
        if isinstance(first, Fraction):
            # A miss keeps the first grade; a grade sat is the better of the two.
            floor = first if second.may_be_absent else max(first, second.floor)
            ceiling = None if second.ceiling is None else max(first, second.ceiling)
            return Unknown(floor, False, ceiling, second.missing)
        if first is None or first is LEFT_OUT:
            return second  # no first grade to keep: the second alone
        return NOT_KNOWN

    def combine(self, first: Value, second: Value) -> Value:
        if isinstance(first, Fraction):  # a missed retake, justified or not, keeps it
            return max(first, second) if isinstance(second, Fraction) else first
        return second

    def sample(self, first: Grades, second: Grades) -> Grades:
        import numpy as np  # here, not at import (see planner.rules.base)

        # -inf is an absence, NaN a neutralised justified one (left out): a missed retake
        # keeps the first grade, a first absence takes the second, as combine() does.
        return np.where(np.isfinite(first), np.fmax(first, second), second)


def either(one: Unknown, other: Unknown) -> Unknown:
    """A grade that will be `one` or `other` (both not known yet): anything either allows."""
    if one == other:
        return one
    ceiling = (
        None if one.ceiling is None or other.ceiling is None else max(one.ceiling, other.ceiling)
    )
    found = Unknown(
        floor=min(one.floor, other.floor),
        may_be_absent=one.may_be_absent or other.may_be_absent,
        ceiling=ceiling,
        missing=tuple(dict.fromkeys((*one.missing, *other.missing))),
    )
    return NOT_KNOWN if found == Unknown(missing=found.missing) else found


POLICIES: dict[str, type[Session2Policy]] = {p.name: p for p in (Replace, KeepBest)}


def session2_policy(name: str, status: Status) -> Session2Policy:
    return POLICIES[name](status=status)
