"""`mean_of_all`: every course grade is required, and their plain mean reaches the
threshold ("5 notes sont obtenues ... et leur moyenne est supérieure à 50/100")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from planner import texts
from planner.messages import Lang, Message
from planner.rules.base import Outcome, RuleBase, mean_failure
from planner.rules.grid import Numbers, ScaledGrades

if TYPE_CHECKING:
    from planner.catalogue import Programme, Unit
    from planner.rules.base import Grades


class MeanOfAll(RuleBase):
    kind: Literal["mean_of_all"]

    sums_grades: ClassVar[bool] = True

    label_text: ClassVar[str] = "builder.kind.mean_of_all"
    explained_text: ClassVar[str] = "builder.kind_explained.mean_of_all"

    def counted(self, grid: ScaledGrades, numbers: Numbers) -> tuple[int, int] | None:
        if not numbers or None in numbers:
            return None  # an absence: every grade is required
        return sum(numbers), len(numbers)  # type: ignore[arg-type]

    def solve(
        self, grid: ScaledGrades, values: Numbers, is_x: Sequence[bool]
    ) -> tuple[int, int] | None:
        fixed = 0
        for v, x in zip(values, is_x, strict=True):
            if not x:
                if v is None:
                    return None  # an absence fails whatever x is
                fixed += v
        return len(values) * grid.threshold - fixed, sum(is_x)

    def failure_kind(self, outcome: Outcome) -> Message:
        return mean_failure(outcome, "failed_mean")

    def describe_kind(self, programme: Programme, unit: Unit, lang: Lang) -> str:
        at_least = self.at_least(programme, lang)
        n = len(unit.courses)
        if unit.choose:
            return texts.text("rule.mean_of_chosen", lang, at_least=at_least)
        if n == 2:
            return texts.text("rule.mean_of_two", lang, at_least=at_least)
        return texts.text("rule.mean_of_all", lang, n=n, at_least=at_least)

    def summary(self, threshold: str, scale: str, lang: Lang) -> str:
        params = {"threshold": threshold, "scale": scale, "sign": self.sign}
        return texts.text("rule.mean_of_all_summary", lang, **params)

    def sample_means(self, grades: Grades, weights: Sequence[float] | None) -> Grades:
        import numpy as np  # here, not at import (see planner.rules.base)

        count, draws = grades.shape
        if count == 0:
            return np.full(draws, -np.inf)
        # An absence (-inf) makes the mean -inf: the unit fails.
        return grades.sum(axis=0) / count
