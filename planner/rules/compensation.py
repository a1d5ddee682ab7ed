"""Compensation between units (ScoDoc's UE compensation, code CMP): a unit that fails on
its own is validated by compensation when its group's mean of unit means, weighted by ECTS
or by coefficients, reaches the group's threshold and no unit of the group is below its
floor. A unit failed by a course floor (note éliminatoire) or without a mean (an absence)
is never compensated.

A compensation verdict is certain only when every unit of the group has a certain verdict
with a mean; until then it is pending. It never touches a unit validated on its own.

How a file reads, by its `format_version` (a version-2 file reads exactly as before):

- `floor_blocks`. A unit failed by a course floor blocks compensation for the whole group
  (`group`: as in French practice, and ScoDoc, where a UE below its barre blocks the
  semester's compensation), or only for itself (`unit`: its mean still counts in the
  group's mean, and the other units can be CMP). The default is `group` from version 3
  (and for rules a student chooses); a version-2 file reads `unit` and cannot say it.
  Under `group` a member certainly below the group's `unit_floor` blocks at once too, even
  while other members are pending; a member that may still end below a floor keeps the
  group pending. The group's `unit_floor` blocks the whole group in every version.
- Compensation is decided on the final grades (version 3, and chosen rules), as a jury
  does at its last deliberation: a unit's compensation is certain in session 1 only when
  no other unit of its group still retakes in session 2 with a policy that can lower its
  mean (`replace`: a lower grade, or an absence that leaves no mean). Otherwise it is
  provisional: pending, naming the retakes it waits for; the unit is not acquired, so it
  keeps its retakes like any unit failed in session 1, and its compensation is judged
  again on the final grades (session 2 where a unit has one), which give its code. Under
  `keep_best` a retake never lowers a mean, so a session-1 compensation stays certain.
  In a version-2 file a session-1 compensation is final, as before.
- Conditions on counts (version 3): `min_ects_acquired: N`, the group compensates only
  when its units validated on their own (ADM) carry at least N ECTS (« compensation only
  with at least 21 of 30 credits validated »); `zeros_eliminatory: k`, k units of the
  group whose mean is 0 block its compensation (« Deux zéros … est éliminatoire »; k = 1:
  « Une note de 00/20 pour un module entraîne la non validation du semestre »). Each
  blocks the whole group as soon as it is certain (k certain zeros; fewer than N ECTS
  even if every pending unit were validated on its own), whatever the others pend on;
  while it is undecided the compensation is pending, as for any member still pending.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from planner import texts
from planner.frozen import (
    MAX_COUNT,
    MAX_FIGURE,
    MAX_GRADE_SCALE,
    MAX_WEIGHT,
    Bilingual,
    Frozen,
    Identifier,
    Text,
)
from planner.messages import Below, Lang, Message, join, number
from planner.rules.grid import exact

if TYPE_CHECKING:
    from planner.catalogue import Programme
    from planner.rules.bonus import Earned

Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]


@dataclass(frozen=True)
class UnitStanding:
    """What compensation reads of one unit: its verdict and mean in the session judged."""

    unit: str
    name: str
    validated: bool | None
    mean: float | None
    floored: bool  # failed by a course floor: cannot be compensated
    # Whether a mean can still be formed: False after an absence (no mean, ever).
    mean_possible: bool = True


@dataclass(frozen=True)
class CompensationVerdict:
    validated: bool | None
    message: Message
    status: str


class CompensationGroup(Frozen):
    """Units that compensate each other."""

    units: tuple[Identifier, ...] = Field(min_length=2)
    weights: Literal["ects"] | Mapping[Identifier, Weight] = Field(
        default="ects", description="'ects' (each unit weighs its ECTS) or unit id -> weight."
    )
    threshold: float = Field(ge=0, le=MAX_GRADE_SCALE, allow_inf_nan=False)
    unit_floor: float | None = Field(
        default=None,
        ge=0,
        le=MAX_GRADE_SCALE,
        allow_inf_nan=False,
        description="No unit of the group may be below it.",
    )
    status: Literal["published", "assumed"] = "assumed"
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )
    floor_blocks: Literal["group", "unit"] | None = Field(
        default=None,
        description="What a unit failed by a course floor (a note éliminatoire) blocks: "
        "'group' (no unit of the group is validated by compensation) or 'unit' (only "
        "itself). Default: 'group' from format_version 3; a version-2 file reads 'unit' "
        "and cannot give it.",
    )
    min_ects_acquired: float | None = Field(
        default=None,
        gt=0,
        le=MAX_FIGURE,
        allow_inf_nan=False,
        description="The group compensates only when its units validated on their own carry "
        "at least this many ECTS (format_version 3).",
    )
    zeros_eliminatory: int | None = Field(
        default=None,
        ge=1,
        le=MAX_COUNT,
        description="This many units of the group with a mean of 0 block its compensation "
        "(1: a single zero is eliminatory; format_version 3).",
    )
    note: Bilingual | None = None

    def blocks_group(self, programme: Programme) -> bool:
        """Whether a unit failed by a course floor blocks the whole group's compensation."""
        if self.floor_blocks is not None:
            return self.floor_blocks == "group"
        return on_final_grades(programme)

    def weight(self, programme: Programme, unit_id: str) -> Fraction:
        if self.weights == "ects":
            return exact(programme.unit(unit_id).ects.value or 0)
        return exact(self.weights[unit_id])  # type: ignore[index]

    def judge(
        self,
        programme: Programme,
        failed: UnitStanding,
        standings: Mapping[str, UnitStanding],
        status: str,
        bonus: Earned | None = None,
        shown: Earned | None = None,
    ) -> CompensationVerdict:
        """Whether `failed` (a unit of this group that fails alone) is compensated.
        `bonus`: the bonus points added to the group's mean that count toward it
        (planner.rules.bonus); `shown`: those shown beside it only."""
        members = [standings[u] for u in self.units if u in standings]
        names = [m.name for m in members]
        common = {"units": names, "threshold": exact(self.threshold)}

        def verdict(validated: bool | None, code: str, **params: object) -> CompensationVerdict:
            return CompensationVerdict(
                validated, Message(code=code, params={**common, **params}), status
            )

        if failed.floored:
            # The floor that held it, named: « sous sa note éliminatoire de 7 » (a unit is
            # floored only by its rule's course floor).
            rule = programme.rule_for(failed.unit)
            floor = rule.course_floor if rule is not None else None
            return verdict(False, "not_compensated_floor", floor=exact(floor or 0))
        if failed.mean is None and not failed.mean_possible:
            return verdict(False, "not_compensated_no_mean")
        if self.blocks_group(programme):
            # A floor failure anywhere in the group blocks it, whatever the others pend on.
            held = [m.name for m in members if m.floored]
            if held:
                return verdict(False, "not_compensated_member_floor", held=held)
            if self.unit_floor is not None:
                floor = exact(self.unit_floor)
                low = [m.name for m in members if m.mean is not None and exact(m.mean) < floor]
                if low:
                    return verdict(
                        False, "not_compensated_unit_floor", below=low, floor=self.unit_floor
                    )
        counted = self.count_failure(programme, members)
        if counted is not None:  # certain already, whatever the pending members give
            code, params = counted
            return verdict(False, code, **params)
        pending = [
            m.name for m in members if m.validated is None or (m.mean is None and m.mean_possible)
        ]
        if pending:
            return verdict(None, "compensation_pending", waiting=pending)
        without = [m.name for m in members if m.mean is None]
        if without:  # a unit of the group has no mean (an absence): no group mean either
            return verdict(False, "not_compensated_member_no_mean", without=without)
        if self.unit_floor is not None:
            low = [m.name for m in members if exact(m.mean) < exact(self.unit_floor)]  # type: ignore[arg-type]
            if low:
                return verdict(
                    False, "not_compensated_unit_floor", below=low, floor=self.unit_floor
                )
        weights = [self.weight(programme, m.unit) for m in members]
        total = sum(weights, Fraction(0))
        mean = (
            sum((w * exact(m.mean) for w, m in zip(weights, members, strict=True)), Fraction(0))
            / total
        )  # type: ignore[arg-type]
        if bonus or shown:
            return self._with_bonus(programme, mean, bonus, shown, verdict)
        if mean >= exact(self.threshold):
            return verdict(True, "compensated", mean=float(mean))
        return verdict(False, "not_compensated", mean=Below(float(mean), self.threshold))

    def _with_bonus(
        self,
        programme: Programme,
        mean: Fraction,
        bonus: Earned | None,
        shown: Earned | None,
        verdict: Callable[..., CompensationVerdict],
    ) -> CompensationVerdict:
        """The group's verdict on its mean with bonus points (planner.rules.bonus): those
        that count are added to it (never above the scale), certain only when it holds
        with no points from an unknown source and with the most they can give."""
        top = exact(programme.grade_scale.max)
        threshold = exact(self.threshold)
        low = min(mean + (bonus.low if bonus else 0), top)
        high = min(mean + (bonus.high if bonus else 0), top)
        then = []
        if bonus and bonus.low:
            then.append(
                Message(
                    code="bonus_counted",
                    params={"bonus": float(bonus.low), "sources": list(bonus.sources)},
                )
            )
        if shown and shown.known:
            with_shown = min(low + shown.low, top)
            then.append(
                Message(
                    code="bonus_shown",
                    params={
                        "bonus": float(shown.low),
                        "sources": list(shown.sources),
                        "with_bonus": float(with_shown),
                    },
                )
            )
        if low >= threshold:
            return verdict(True, "compensated", mean=float(low), then=then)
        if bonus and high >= threshold:
            return verdict(
                None,
                "compensation_pending_bonus",
                mean=float(low),
                sources=list(bonus.pending),
            )
        return verdict(False, "not_compensated", mean=Below(float(high), self.threshold), then=then)

    def ects(self, programme: Programme, unit_id: str) -> Fraction:
        return exact(programme.unit(unit_id).ects.value or 0)

    def count_failure(
        self, programme: Programme, members: Sequence[UnitStanding]
    ) -> tuple[str, dict[str, object]] | None:
        """The group's conditions on counts, when one certainly fails: (message code,
        params); None while each holds or may still hold. A member's mean is known only
        once its verdict is certain, and a pending member may still be validated alone."""
        if self.zeros_eliminatory is not None:
            zeros = [m.name for m in members if m.mean is not None and m.mean == 0]
            if len(zeros) >= self.zeros_eliminatory:
                k = self.zeros_eliminatory
                eliminatory = Message(code="zeros_eliminatory", params={"n": k})
                return "not_compensated_zeros", {"zeros": zeros, "eliminatory": eliminatory}
        if self.min_ects_acquired is not None:
            acquired = sum(
                (self.ects(programme, m.unit) for m in members if m.validated is True),
                Fraction(0),
            )
            undecided = sum(
                (self.ects(programme, m.unit) for m in members if m.validated is None),
                Fraction(0),
            )
            needed = exact(self.min_ects_acquired)
            if acquired + undecided < needed:
                code = "not_compensated_ects_at_most" if undecided else "not_compensated_ects"
                return code, {"acquired": float(acquired + undecided), "needed": needed}
        return None

    def describe(self, programme: Programme, lang: Lang) -> str:
        names = join([programme.unit(u).name for u in self.units], lang)
        threshold = f"{number(self.threshold, lang)}/{number(programme.grade_scale.max, lang)}"
        by_ects = self.weights == "ects"
        by = texts.text(f"rule.compensation_by_{'ects' if by_ects else 'coefficients'}", lang)
        text = texts.text("rule.compensation", lang, units=names, by=by, threshold=threshold)
        if self.unit_floor is not None:
            floor = number(self.unit_floor, lang)
            text += texts.text("rule.compensation_unit_floor", lang, floor=floor)
        if self.min_ects_acquired is not None:
            ects = number(self.min_ects_acquired, lang)
            text += texts.text("rule.compensation_min_ects", lang, ects=ects)
        if not on_final_grades(programme):
            text += texts.text("rule.compensation_end", lang)
        else:
            blocks = self.blocks_group(programme)
            text += texts.text(f"rule.compensation_end_{'group' if blocks else 'unit'}", lang)
        if self.zeros_eliminatory is not None:
            text += texts.text("rule.compensation_zeros", lang, n=self.zeros_eliminatory)
        return text

    def check(self, programme: Programme, where: str) -> list[str]:
        errors = []
        known = {u.id for u in programme.units}
        for u in self.units:
            if u not in known:
                errors.append(f"{where}.units: unknown unit {u!r}")
            elif programme.rule_for(u) is None:
                errors.append(f"{where}.units: unit {u!r} has no rule (not a graded unit)")
        if self.weights == "ects":
            for u in self.units:
                ects = programme.unit(u).ects.value if u in known else 1
                if ects is None:
                    errors.append(
                        f"{where}.weights: 'ects', but unit {u!r} has no known ECTS "
                        "(give weights instead)"
                    )
                elif ects <= 0:
                    errors.append(f"{where}.weights: 'ects', but unit {u!r} weighs 0 ECTS")
        else:
            for u in self.weights:  # type: ignore[union-attr]
                if u not in self.units:
                    errors.append(f"{where}.weights.{u}: a weight for a unit not in the group")
            for u in self.units:
                if u not in self.weights:
                    errors.append(f"{where}.weights: no weight for unit {u!r} of the group")
        if self.threshold > programme.grade_scale.max:
            errors.append(f"{where}.threshold: above the grade scale")
        if self.unit_floor is not None and self.unit_floor > self.threshold:
            errors.append(
                f"{where}.unit_floor: {self.unit_floor:g} is above the threshold {self.threshold:g}"
            )
        if self.min_ects_acquired is not None:
            errors += self._check_min_ects(programme, where)
        if self.zeros_eliminatory is not None and self.zeros_eliminatory > len(self.units):
            errors.append(
                f"{where}.zeros_eliminatory: {self.zeros_eliminatory} is more than the "
                f"group's {len(self.units)} units"
            )
        return errors

    def _check_min_ects(self, programme: Programme, where: str) -> list[str]:
        known = {u.id for u in programme.units}
        ects = [programme.unit(u).ects.value for u in self.units if u in known]
        missing = [u for u in self.units if u in known and programme.unit(u).ects.value is None]
        if missing:
            return [
                f"{where}.min_ects_acquired: unit {u!r} has no known ECTS (its ECTS would "
                "count once it is validated)"
                for u in missing
            ]
        total, smallest = sum(ects), min(ects, default=0)  # type: ignore[type-var,arg-type]
        needed = self.min_ects_acquired or 0
        if ects and needed > total - smallest:  # type: ignore[operator]
            return [
                f"{where}.min_ects_acquired: {needed:g} leaves no unit to compensate (the "
                f"group's units carry {total:g} ECTS, the smallest {smallest:g})"
            ]
        return []


def on_final_grades(programme: Programme) -> bool:
    """Whether compensation is decided on the final grades and a floor failure blocks the
    group by default: a file of format_version 3 on (chosen rules are read as one)."""
    return programme.format_version >= 3


def group_of(groups: Sequence[CompensationGroup], unit_id: str) -> CompensationGroup | None:
    return next((g for g in groups if unit_id in g.units), None)
