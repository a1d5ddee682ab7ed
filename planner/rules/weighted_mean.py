"""`weighted_mean`: every course grade is required, and their mean weighted by
coefficients reaches the threshold (the usual "moyenne pondérée par les coefficients" of
an MCC). `weights` is either a map course id -> coefficient, or `ects`: each course weighs
its ECTS."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field

from planner import texts
from planner.findings import FieldPath, Finding, error, named
from planner.frozen import MAX_WEIGHT, Identifier
from planner.messages import Lang, Message, join, number
from planner.rules.base import Outcome, RuleBase, mean_failure
from planner.rules.grid import Numbers, ScaledGrades, exact

if TYPE_CHECKING:
    from planner.catalogue import Programme, Unit
    from planner.rules.base import Grades

Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]


class WeightedMean(RuleBase):
    kind: Literal["weighted_mean"]
    weights: Literal["ects"] | Mapping[Identifier, Weight] = Field(
        description="'ects' (each course weighs its ECTS) or course id -> coefficient."
    )

    label_text: ClassVar[str] = "builder.kind.weighted_mean"
    explained_text: ClassVar[str] = "builder.kind_explained.weighted_mean"
    parameter_texts: ClassVar[dict[str, tuple[str, str]]] = {
        "weights": ("builder.field.weights", "builder.field_help.weights")
    }
    choice_texts: ClassVar[dict[str, str]] = {
        "per_course": "builder.field_mode.weights.per_course",
        "ects": "builder.field_mode.weights.ects",
    }

    validated_code: ClassVar[str] = "validated_weighted"
    sums_grades: ClassVar[bool] = True
    since_version: ClassVar[int] = 2

    @classmethod
    def starting_parameters(cls, courses: Sequence[str]) -> dict[str, object]:
        # Coefficient 1 each: the student then writes the MCC's coefficients.
        return {"weights": dict.fromkeys(courses, 1) if courses else "ects"}

    def course_weights(self, programme: Programme, enrolled: Sequence[str]) -> tuple:
        if self.weights == "ects":
            return tuple(exact(programme.course(c).ects.value or 0) for c in enrolled)
        return tuple(exact(self.weights[c]) for c in enrolled)  # type: ignore[index]

    def _weights(self, grid: ScaledGrades, n: int) -> list[int]:
        return grid.weights if grid.weights is not None else [1] * n

    def counted(self, grid: ScaledGrades, numbers: Numbers) -> tuple[int, int] | None:
        if not numbers or None in numbers:
            return None  # an absence: every grade is required
        weights = self._weights(grid, len(numbers))
        return sum(w * n for w, n in zip(weights, numbers, strict=True)), sum(weights)  # type: ignore[operator]

    def solve(
        self, grid: ScaledGrades, values: Numbers, is_x: Sequence[bool]
    ) -> tuple[int, int] | None:
        weights = self._weights(grid, len(values))
        fixed, free = 0, 0
        for w, v, x in zip(weights, values, is_x, strict=True):
            if x:
                free += w
            elif v is None:
                return None
            else:
                fixed += w * v
        return sum(weights) * grid.threshold - fixed, free

    def validated(self, mean: float | None, threshold: Fraction) -> Message:
        return Message(code=self.validated_code, params={"threshold": threshold, "mean": mean})

    def failure_kind(self, outcome: Outcome) -> Message:
        return mean_failure(outcome, "failed_weighted")

    def _weights_text(self, programme: Programme, unit: Unit, lang: Lang) -> str:
        if self.weights == "ects":
            return texts.text("rule.weighted_by_ects", lang)
        parts = [
            f"{programme.course(c).name} × {number(self.weights[c], lang)}"  # type: ignore[index]
            for c in unit.courses
        ]
        return texts.text("rule.weighted_by_coefficients", lang, coefficients=join(parts, lang))

    def describe_kind(self, programme: Programme, unit: Unit, lang: Lang) -> str:
        weights = self._weights_text(programme, unit, lang)
        at_least = self.at_least(programme, lang)
        return texts.text("rule.weighted_mean", lang, weights=weights, at_least=at_least)

    def summary(self, threshold: str, scale: str, lang: Lang) -> str:
        key = (
            "rule.weighted_mean_summary_ects"
            if self.weights == "ects"
            else "rule.weighted_mean_summary_coefficients"
        )
        return texts.text(key, lang, threshold=threshold, scale=scale, sign=self.sign)

    def check(self, programme: Programme, unit: Unit, where: FieldPath) -> list[Finding]:
        errors = super().check(programme, unit, where)
        weights = (*where, "weights")
        if self.weights == "ects":
            for c in unit.courses:
                ects = programme.course(c).ects.value
                if ects is None:
                    errors.append(error("check.course_ects_unknown", weights, course=named(c)))
                elif ects <= 0:
                    errors.append(error("check.course_ects_zero", weights, course=named(c)))
            return errors
        for c in self.weights:  # type: ignore[union-attr]
            if c not in unit.courses:
                errors.append(error("check.weight_not_in_unit", (*weights, c), unit=named(unit.id)))
        for c in unit.courses:
            if c not in self.weights:
                errors.append(error("check.no_weight_for_course", weights, course=named(c)))
        return errors

    def sample_means(self, grades: Grades, weights: Sequence[float] | None) -> Grades:
        import numpy as np  # here, not at import (see planner.rules.base)

        count, draws = grades.shape
        if count == 0:
            return np.full(draws, -np.inf)
        w = np.asarray(weights if weights is not None else [1.0] * count, dtype=float)[:, None]
        return (grades * w).sum(axis=0) / w.sum()  # -inf (an absence) stays -inf
