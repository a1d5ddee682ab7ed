"""Rule kinds, one class per module, and the session-2 policies. The registry below is
the only place that lists the kinds: a programme file's `kind:` picks the class."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter

from planner.rules.base import Outcome, RuleBase
from planner.rules.best_k_mean import BestKMean
from planner.rules.mean_of_all import MeanOfAll
from planner.rules.single_grade import SingleGrade
from planner.rules.weighted_mean import WeightedMean

KINDS: tuple[type[RuleBase], ...] = (MeanOfAll, BestKMean, SingleGrade, WeightedMean)

UnitRule = Annotated[
    MeanOfAll | BestKMean | SingleGrade | WeightedMean, Field(discriminator="kind")
]

# A kind's class by the name a file gives it (`kind: best_k_mean`).
KIND_BY_NAME: dict[str, type[RuleBase]] = {
    kind.model_fields["kind"].annotation.__args__[0]: kind  # type: ignore[union-attr]
    for kind in KINDS
}

_ADAPTER: TypeAdapter[RuleBase] = TypeAdapter(UnitRule)


def parse_rule(data: object) -> RuleBase:
    """One unit rule from its file form (a mapping with a `kind`)."""
    return _ADAPTER.validate_python(data)


__all__ = ["KINDS", "KIND_BY_NAME", "Outcome", "RuleBase", "UnitRule", "parse_rule"]
