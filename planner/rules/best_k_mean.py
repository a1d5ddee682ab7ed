"""`best_k_mean`: at least k grades obtained, and the mean of the k best reaches the
threshold ("le nombre de notes obtenues est ≥ 4, et la moyenne des 4 meilleures notes est
≥ 50/100"). An absence only counts as a grade not obtained."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from planner import texts
from planner.findings import FieldPath, Finding, error, named
from planner.frozen import MAX_COUNT
from planner.messages import Below, Lang, Message
from planner.rules.base import Outcome, RuleBase
from planner.rules.grid import Numbers, ScaledGrades

if TYPE_CHECKING:
    from planner.catalogue import Programme, Unit
    from planner.rules.base import Grades


class BestKMean(RuleBase):
    kind: Literal["best_k_mean"]
    k: int = Field(ge=1, le=MAX_COUNT, description="How many of the best grades are averaged.")

    label_text: ClassVar[str] = "builder.kind.best_k_mean"
    explained_text: ClassVar[str] = "builder.kind_explained.best_k_mean"
    parameter_texts: ClassVar[dict[str, tuple[str, str]]] = {
        "k": ("builder.field.k", "builder.field_help.k")
    }

    validated_code: ClassVar[str] = "validated_best_k"

    @classmethod
    def starting_parameters(cls, courses: Sequence[str]) -> dict[str, object]:
        return {"k": max(1, (len(courses) + 1) // 2)}  # the better half

    def counted(self, grid: ScaledGrades, numbers: Numbers) -> tuple[int, int] | None:
        obtained = [n for n in numbers if n is not None]
        if len(obtained) < self.k:
            return None
        return sum(sorted(obtained, reverse=True)[: self.k]), self.k

    def sits_needed(self, grid: ScaledGrades) -> int:
        obtained = sum(v is not None for v in grid.worst())
        return max(0, self.k - obtained)

    def solve(
        self, grid: ScaledGrades, values: Numbers, is_x: Sequence[bool]
    ) -> tuple[int, int] | None:
        numbers = sorted(
            (v for v, x in zip(values, is_x, strict=True) if not x and v is not None),
            reverse=True,
        )
        k, n_free = self.k, sum(is_x)
        if len(numbers) >= k and sum(numbers[:k]) >= k * grid.threshold:
            # The k best fixed grades reach it already: x needs nothing (but the floor,
            # which is the solver's).
            return 0, 1
        best: tuple[int, int] | None = None
        for j in range(1, min(n_free, k) + 1):
            # j grades at x among the k best, the k - j best fixed ones beside them.
            if k - j > len(numbers):
                continue
            candidate = (k * grid.threshold - sum(numbers[: k - j]), j)
            if best is None or candidate[0] * best[1] < best[0] * candidate[1]:
                best = candidate
        return best

    def validated(self, mean: float | None, threshold: Fraction) -> Message:
        return Message(
            code=self.validated_code, params={"threshold": threshold, "mean": mean, "k": self.k}
        )

    def failure_kind(self, outcome: Outcome) -> Message:
        common = {"threshold": outcome.threshold}
        if outcome.obtained < self.k:
            needed = Message(code="n_needed", params={"n": self.k})
            return Message(
                code="failed_too_few",
                params={**common, "obtained": outcome.obtained, "needed": needed},
            )
        if outcome.unknown and outcome.high is not None:
            high = Below(outcome.high, float(outcome.threshold))
            return Message(
                code="certain_failed",
                params={**common, "unknown": list(outcome.unknown), "high": high},
            )
        mean = Below(outcome.high or 0.0, float(outcome.threshold))
        return Message(code="failed_best_k", params={**common, "mean": mean, "k": self.k})

    def counting_hints(self, unit: Unit, lang: Lang) -> list[str]:
        return [texts.text("rule.best_k_hint", lang, unit=unit.name, k=self.k)]

    def describe_kind(self, programme: Programme, unit: Unit, lang: Lang) -> str:
        return texts.text("rule.best_k", lang, k=self.k, at_least=self.at_least(programme, lang))

    def summary(self, threshold: str, scale: str, lang: Lang) -> str:
        params = {"k": self.k, "threshold": threshold, "scale": scale, "sign": self.sign}
        return texts.text("rule.best_k_summary", lang, **params)

    def check(self, programme: Programme, unit: Unit, where: FieldPath) -> list[Finding]:
        errors = super().check(programme, unit, where)
        size = unit.choose.max if unit.choose else len(unit.courses)
        if self.k > size:
            errors.append(
                error("check.k_above_courses", (*where, "k"), k=self.k, n=size, unit=named(unit.id))
            )
        return errors

    def sample_terms(self, count: int) -> int:
        return self.k

    def sample_means(self, grades: Grades, weights: Sequence[float] | None) -> Grades:
        import numpy as np  # here, not at import (see planner.rules.base)

        count, draws = grades.shape
        if count < self.k:
            return np.full(draws, -np.inf)
        # A full sort keeps the k best in a fixed order, so their sum is monotone; fewer
        # than k grades obtained (-inf among the k best) leave no mean.
        best = np.sort(grades, axis=0)[count - self.k :] if count > self.k else grades
        return best.sum(axis=0) / self.k
