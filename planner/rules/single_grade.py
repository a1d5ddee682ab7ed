"""`single_grade`: the unit's one grade reaches the threshold (an internship, a thesis)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from planner import texts
from planner.findings import FieldPath, Finding, error, named
from planner.messages import Below, Lang, Message
from planner.rules.base import Outcome, RuleBase
from planner.rules.grid import Numbers, ScaledGrades

if TYPE_CHECKING:
    from planner.catalogue import Programme, Unit
    from planner.rules.base import Grades


class SingleGrade(RuleBase):
    kind: Literal["single_grade"]

    validated_code: ClassVar[str] = "validated_single"

    label_text: ClassVar[str] = "builder.kind.single_grade"
    explained_text: ClassVar[str] = "builder.kind_explained.single_grade"

    def counted(self, grid: ScaledGrades, numbers: Numbers) -> tuple[int, int] | None:
        if not numbers or None in numbers:
            return None
        return sum(numbers), len(numbers)  # type: ignore[arg-type]

    def solve(
        self, grid: ScaledGrades, values: Numbers, is_x: Sequence[bool]
    ) -> tuple[int, int] | None:
        return grid.threshold, 1  # the one course is the free one

    def failure_kind(self, outcome: Outcome) -> Message:
        if outcome.absent:
            return Message(code="failed_single_absent", params={})
        mean = Below(outcome.high or 0.0, float(outcome.threshold))
        return Message(code="failed_single", params={"threshold": outcome.threshold, "mean": mean})

    def pending(
        self,
        threshold: Fraction,
        unknown: Sequence[str],
        low: float,
        high: float | None,
        scale: float,
    ) -> Message:
        code = "pending_single_strict" if self.strict else "pending_single"
        return Message(code=code, params={"threshold": threshold})

    def describe_kind(self, programme: Programme, unit: Unit, lang: Lang) -> str:
        return texts.text("rule.single_grade", lang, at_least=self.at_least(programme, lang))

    def summary(self, threshold: str, scale: str, lang: Lang) -> str:
        params = {"threshold": threshold, "scale": scale, "sign": self.sign}
        return texts.text("rule.single_grade_summary", lang, **params)

    def check(self, programme: Programme, unit: Unit, where: FieldPath) -> list[Finding]:
        errors = super().check(programme, unit, where)
        if len(unit.courses) != 1:
            errors.append(error("check.single_grade_one_course", where, unit=named(unit.id)))
        return errors

    def sample_means(self, grades: Grades, weights: Sequence[float] | None) -> Grades:
        return grades.sum(axis=0)
