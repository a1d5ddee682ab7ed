"""The session-2 policy, one object: which courses a failed unit retakes, what session 2
then judges, and how the policy reads in plain language.

A course absent or below the threshold is retaken; a course at or above it never is
(capitalised). A course not known in session 1 is retaken if it ends up below, and a
session-2 grade entered for it means it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, Literal

from planner.messages import Lang
from planner.rules.grid import NOT_KNOWN, Unknown, Value, exact

Grade = float | None
Status = Literal["published", "assumed", "chosen"]


@dataclass(frozen=True)
class Session2Policy:
    """How a session-2 grade combines with the session-1 grade of a retaken course."""

    status: Status
    name: ClassVar[str]

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
    ) -> dict[str, Value]:
        """The values session 2 judges: retaken courses take their session-2 outcome."""
        values: dict[str, Value] = {}
        for c in enrolled:
            first: Value = exact(g) if (g := grades.get(c)) is not None else None
            if c not in grades:
                first = NOT_KNOWN
            if c not in retaken:
                values[c] = first
            elif c not in session2_grades:
                values[c] = self.not_sat_yet(first)
            else:
                second = session2_grades[c]
                values[c] = self.combine(first, exact(second) if second is not None else None)
        return values

    def retake_rule(self, threshold: str, exists: bool, lang: Lang) -> str:
        """What a unit failed in session 1 retakes, or that it has no session 2."""
        if not exists:
            return {"en": "No session 2 is published.", "fr": "Aucune session 2 n'est publiée."}[
                lang
            ]
        return {
            "en": f"Otherwise, every course absent or below {threshold} is retaken in session "
            "2 (a course already at or above it cannot be); the unit is then judged again by "
            "the same rule.",
            "fr": f"Sinon, chaque cours absent ou sous {threshold} est repassé en session 2 "
            "(un cours déjà au-dessus ne peut pas l'être) ; l'UE est ensuite jugée à nouveau "
            "selon la même règle.",
        }[lang]

    def not_sat_yet(self, first: Value) -> Value:
        raise NotImplementedError

    def combine(self, first: Value, second: Fraction | None) -> Value:
        raise NotImplementedError

    def describe(self, lang: Lang) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Replace(Session2Policy):
    name: ClassVar[str] = "replace"

    def not_sat_yet(self, first: Value) -> Value:
        return NOT_KNOWN  # anything, or an absence

    def combine(self, first: Value, second: Fraction | None) -> Value:
        return second

    def describe(self, lang: Lang) -> str:
        return {
            "en": "Session-2 grades replace the session-1 grades of the retaken courses.",
            "fr": "Les notes de session 2 remplacent les notes de session 1 des cours repassés.",
        }[lang]


@dataclass(frozen=True)
class KeepBest(Session2Policy):
    name: ClassVar[str] = "keep_best"

    def not_sat_yet(self, first: Value) -> Value:
        if isinstance(first, Fraction):
            return Unknown(floor=first, may_be_absent=False)  # a miss keeps the first grade
        return NOT_KNOWN

    def combine(self, first: Value, second: Fraction | None) -> Value:
        if isinstance(first, Fraction):
            return first if second is None else max(first, second)
        return second

    def describe(self, lang: Lang) -> str:
        return {
            "en": "Session-2 grades are kept only if better than the session-1 grades of the "
            "retaken courses.",
            "fr": "Les notes de session 2 ne comptent que si meilleures que les notes de "
            "session 1 des cours repassés.",
        }[lang]


POLICIES: dict[str, type[Session2Policy]] = {p.name: p for p in (Replace, KeepBest)}


def session2_policy(name: str, status: Status) -> Session2Policy:
    return POLICIES[name](status=status)
