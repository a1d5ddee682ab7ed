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
- Nested compensation (version 3): a group with an `id` can be a member of another group
  (`groups: [s1, s2]`), as units compensate within a semester and semesters within the
  year. The outer group's member mean is the inner group's mean (weighted as the inner
  group says), its ECTS those of the units under it; the inner group is validated on its
  own when each of its units is validated alone or compensated within it. A unit failed
  alone is compensated at the innermost level that compensates it ("within Semester 1",
  named by the group's `name`), else at the next level up ("over the year": a group of
  groups that is in no group); « pas de compensation annuelle » is no outer group. Each
  level has its weights, threshold, unit floor (on its members' means), floor_blocks and
  conditions on counts. A note éliminatoire holds at every level above it: a member group
  holding a unit failed by a course floor, or a member below the group's unit floor, is
  itself held by a floor for the level above. A session-1 compensation is provisional
  while a unit under the level that compensates it retakes (as above). Bonus points
  (planner.rules.bonus) that target a group of units are added to its mean at its own
  level (whether it compensates, and whether it is validated on its own for the level
  above); the mean it gives the level above is without them, and a group of groups
  receives none.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from planner import texts
from planner.findings import FieldPath, Finding, error, named, refuse
from planner.frozen import (
    MAX_COUNT,
    MAX_FIGURE,
    MAX_GRADE_SCALE,
    MAX_WEIGHT,
    Bilingual,
    Frozen,
    Identifier,
    OneLine,
    Text,
)
from planner.memo import memo
from planner.messages import Below, Lang, Message, join, number
from planner.rules.grid import exact
from planner.rules.status import combined_status

if TYPE_CHECKING:
    from planner.catalogue import Programme
    from planner.rules.bonus import Earned

Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
# The bonus points added to a group's mean (planner.rules.bonus), as judge's keywords:
# `bonus` (they count) and `shown` (shown beside it only).
BonusOf = Callable[["CompensationGroup"], Mapping[str, "Earned"]]


def no_bonus(group: CompensationGroup) -> Mapping[str, Earned]:
    """No bonus points for any group (a programme without them)."""
    return {}


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
    # A group that is a member of another (nested compensation), not a unit.
    group: bool = False


@dataclass(frozen=True)
class CompensationVerdict:
    validated: bool | None
    message: Message
    status: str
    # The units whose grades this verdict rests on: those under the level that decides it
    # (a provisional session-1 compensation waits on their retakes); pending, those under
    # the outermost level that may still compensate the unit.
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupOutcome:
    """A compensation group's final outcome, as a jury would read it (a semester's, say):
    validated when every unit under it is (alone or by compensation, at any level), not
    validated once one of them certainly is not, else undecided; `mean` is the group's
    mean of its members' final means, None while one has none."""

    group: str  # the group's id, or its place in rules.compensation
    name: str | None
    units: tuple[str, ...]
    validated: bool | None
    mean: float | None


class CompensationGroup(Frozen):
    """Units (or groups of units) that compensate each other."""

    id: Identifier | None = Field(
        default=None,
        description="Names the group, so that another group can have it as a member "
        "(format_version 3).",
    )
    name: OneLine | None = Field(
        default=None,
        description="What the group is, as a verdict names its level: 'Semester 3' "
        "(format_version 3).",
    )
    units: tuple[Identifier, ...] = ()
    groups: tuple[Identifier, ...] = Field(
        default=(),
        description="Groups (by id) that are members of this one, their mean the member's "
        "mean: semesters compensating within the year (format_version 3).",
    )
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

    @model_validator(mode="after")
    def _two_members(self) -> CompensationGroup:
        if len(self.units) + len(self.groups) < 2:
            raise refuse("check.group_of_one")
        return self

    @property
    def members(self) -> tuple[str, ...]:
        """Its members' ids: its units, then its groups."""
        return (*self.units, *self.groups)

    def blocks_group(self, programme: Programme) -> bool:
        """Whether a unit failed by a course floor blocks the whole group's compensation."""
        if self.floor_blocks is not None:
            return self.floor_blocks == "group"
        return on_final_grades(programme)

    def weight(self, programme: Programme, member: str) -> Fraction:
        if self.weights == "ects":
            return self.ects(programme, member)
        return exact(self.weights[member])  # type: ignore[index]

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
        members = [standings[u] for u in self.members if u in standings]
        names = [m.name for m in members]
        common = {"units": names, "threshold": exact(self.threshold)}
        under = units_under(programme.rules.groups, self)

        def verdict(validated: bool | None, code: str, **params: object) -> CompensationVerdict:
            return CompensationVerdict(
                validated, Message(code=code, params={**common, **params}), status, under
            )

        if failed.floored and failed.group:
            # A member group held by a floor within it (or below this group's unit floor).
            return verdict(False, "not_compensated_member_floor", held=[failed.name])
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
            return verdict(True, self.compensated_code(programme), mean=float(mean), **self._named)
        return verdict(False, "not_compensated", mean=Below(float(mean), self.threshold))

    def compensated_code(self, programme: Programme) -> str:
        """How a compensation by this group names its level: over the year (a group of
        groups in no group), within the group's name, or as a flat group always did."""
        if self.groups and parent_of(programme.rules.groups, self) is None:
            return "compensated_year"
        return "compensated" if self.name is None else "compensated_within"

    @property
    def _named(self) -> dict[str, str]:
        """A compensation's message names the group's level where the group has a name."""
        return {} if self.name is None else {"name": self.name}

    def mean_of(self, programme: Programme, means: Mapping[str, float | None]) -> Fraction | None:
        """The group's weighted mean of its members' means (`means`: by member id), None
        while one has none."""
        present = [m for m in self.members if m in means]
        if not present or any(means[m] is None for m in present):
            return None
        weights = [self.weight(programme, m) for m in present]
        total = sum(weights, Fraction(0))
        if not total:
            return None
        weighted = sum(
            (w * exact(means[m]) for w, m in zip(weights, present, strict=True)),  # type: ignore[arg-type]
            Fraction(0),
        )
        return weighted / total

    def standing(
        self,
        programme: Programme,
        standings: Mapping[str, UnitStanding],
        bonus_of: BonusOf = no_bonus,
    ) -> UnitStanding | None:
        """What the group above reads of this group as its member: its mean, whether it is
        validated on its own (every unit validated alone or compensated within it, with the
        bonus points `bonus_of` gives this group), and whether a floor holds it. None when
        none of its members is in the plan. The mean is without the bonus points: they are
        added to this group's mean at its own level, not to the level above."""
        members = [standings[m] for m in self.members if m in standings]
        if not members:
            return None
        mean = self.mean_of(programme, {m.unit: m.mean for m in members})
        floor = None if self.unit_floor is None else exact(self.unit_floor)
        floored = any(m.floored for m in members) or (
            floor is not None and any(m.mean is not None and exact(m.mean) < floor for m in members)
        )
        outcomes = [
            True
            if m.validated is True
            else self.judge(programme, m, standings, self.status, **bonus_of(self)).validated
            if m.validated is False
            else None
            for m in members
        ]
        validated = (
            False if False in outcomes else True if all(o is True for o in outcomes) else None
        )
        return UnitStanding(
            self.id or "",
            self.name or self.id or "",
            validated,
            None if mean is None else float(mean),
            floored,
            mean_possible=all(m.mean_possible for m in members),
            group=True,
        )

    def ects(self, programme: Programme, member: str) -> Fraction:
        """A member's ECTS: a unit's, or the sum of the units under a member group."""
        units = units_under(programme.rules.groups, member) if member in self.groups else [member]
        return sum((exact(programme.unit(u).ects.value or 0) for u in units), Fraction(0))

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
            code = self.compensated_code(programme)
            return verdict(True, code, mean=float(low), then=then, **self._named)
        if bonus and high >= threshold:
            return verdict(
                None,
                "compensation_pending_bonus",
                mean=float(low),
                sources=list(bonus.pending),
            )
        return verdict(False, "not_compensated", mean=Below(float(high), self.threshold), then=then)

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

    def member_name(self, programme: Programme, member: str) -> str:
        if member in self.groups:
            inner = group_by_id(programme.rules.groups, member)
            return inner.name or member
        return programme.unit(member).name

    def describe_members(self, programme: Programme, lang: Lang) -> str:
        """Its members' names, joined ("UE A and UE B")."""
        return join([self.member_name(programme, m) for m in self.members], lang)

    def describe(self, programme: Programme, lang: Lang) -> str:
        names = self.describe_members(programme, lang)
        threshold = f"{number(self.threshold, lang)}/{number(programme.grade_scale.max, lang)}"
        by = texts.text(
            "rule.compensation_by_ects"
            if self.weights == "ects"
            else "rule.compensation_by_coefficients",
            lang,
        )
        # A group holding groups compensates what they leave failed, on their means.
        key, floor_key = (
            ("rule.compensation_of_groups", "rule.compensation_of_groups_unit_floor")
            if self.groups
            else ("rule.compensation", "rule.compensation_unit_floor")
        )
        text = texts.text(key, lang, units=names, by=by, threshold=threshold)
        if self.unit_floor is not None:
            floor = number(self.unit_floor, lang)
            text += texts.text(floor_key, lang, floor=floor)
        if self.min_ects_acquired is not None:
            ects = number(self.min_ects_acquired, lang)
            text += texts.text("rule.compensation_min_ects", lang, ects=ects)
        if not on_final_grades(programme):
            text += texts.text("rule.compensation_end", lang)
        else:
            blocks = self.blocks_group(programme)
            text += texts.text(
                "rule.compensation_end_group" if blocks else "rule.compensation_end_unit", lang
            )
        if self.zeros_eliminatory is not None:
            text += texts.text("rule.compensation_zeros", lang, n=self.zeros_eliminatory)
        if self.groups:
            text += texts.text("rule.compensation_nested", lang)
        if self.name is not None:
            text = texts.text("rule.compensation_named", lang, name=self.name, text=text)
        return text

    def check(self, programme: Programme, where: FieldPath) -> list[Finding]:
        """Errors of this group against its programme, each at its field (`where`: the
        group's place in the document)."""
        errors = []
        known = {u.id for u in programme.units}
        for u in self.units:
            if u not in known:
                errors.append(error("check.unknown_unit", (*where, "units"), id=named(u)))
            elif programme.rule_for(u) is None:
                errors.append(error("check.not_a_graded_unit", (*where, "units"), unit=named(u)))
        groups = {g.id for g in programme.rules.groups if g.id is not None}
        for g in self.groups:
            if g not in groups:
                errors.append(error("check.unknown_group", (*where, "groups"), id=named(g)))
        weights = (*where, "weights")
        if self.weights == "ects":
            under = [u for g in self.groups if g in groups for u in units_under_id(programme, g)]
            for u in (*self.units, *under):
                ects = programme.unit(u).ects.value if u in known else 1
                if ects is None:
                    errors.append(error("check.unit_ects_unknown", weights, unit=named(u)))
                elif ects <= 0:
                    errors.append(error("check.unit_ects_zero", weights, unit=named(u)))
        else:
            for u in self.weights:  # type: ignore[union-attr]
                if u not in self.members:
                    errors.append(error("check.weight_not_in_group", (*weights, u)))
            for u in self.members:
                if u not in self.weights:
                    code = (
                        "check.no_weight_for_group"
                        if u in self.groups
                        else "check.no_weight_for_unit"
                    )
                    errors.append(error(code, weights, id=named(u)))
        if self.threshold > programme.grade_scale.max:
            errors.append(error("check.above_scale", (*where, "threshold")))
        # As a course floor (planner.rules.base): at the threshold is a rule, above it a slip.
        if self.unit_floor is not None and self.unit_floor > self.threshold:
            errors.append(
                error(
                    "check.floor_above_threshold",
                    (*where, "unit_floor"),
                    floor=self.unit_floor,
                    threshold=self.threshold,
                )
            )
        if self.min_ects_acquired is not None:
            errors += self._check_min_ects(programme, (*where, "min_ects_acquired"))
        if self.zeros_eliminatory is not None and self.zeros_eliminatory > len(self.members):
            errors.append(
                error(
                    "check.zeros_above_members",
                    (*where, "zeros_eliminatory"),
                    zeros=self.zeros_eliminatory,
                    n=len(self.members),
                )
            )
        return errors

    def _check_min_ects(self, programme: Programme, where: FieldPath) -> list[Finding]:
        known = {u.id for u in programme.units}
        ects = [programme.unit(u).ects.value for u in self.units if u in known]
        missing = [u for u in self.units if u in known and programme.unit(u).ects.value is None]
        if missing:
            return [error("check.min_ects_unit_unknown", where, unit=named(u)) for u in missing]
        total, smallest = sum(ects), min(ects, default=0)  # type: ignore[type-var,arg-type]
        needed = self.min_ects_acquired or 0
        if ects and needed > total - smallest:  # type: ignore[operator]
            return [
                error(
                    "check.min_ects_leaves_none",
                    where,
                    needed=needed,
                    total=total,
                    smallest=smallest,
                )
            ]
        return []


def on_final_grades(programme: Programme) -> bool:
    """Whether compensation is decided on the final grades and a floor failure blocks the
    group by default: a file of format_version 3 on (chosen rules are read as one)."""
    return programme.format_version >= 3


@dataclass(frozen=True)
class _Structure:
    """How a programme's groups hold each other, looked up in dicts: a verdict reads it
    for every unit at every level, and scanning the groups each time made one plan of 60
    units in 30 nested groups cost seconds."""

    by_id: Mapping[str, CompensationGroup]
    of_unit: Mapping[str, CompensationGroup]  # the group a unit is a member of
    parent: Mapping[str, CompensationGroup]  # by a group's id: the group holding it
    ordered: tuple[CompensationGroup, ...]  # each after every group it holds
    # The units under each group (units_under), by the group's identity (the structure
    # holds its groups, so no other object has their ids while it lives) and by its id.
    under: Mapping[int, tuple[str, ...]]
    under_id: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, groups: Sequence[CompensationGroup]) -> _Structure:
        # The first group of an id, unit or member wins, as a scan of the groups found it
        # (a file with two is refused by its check, which reads this too).
        by_id: dict[str, CompensationGroup] = {}
        of_unit: dict[str, CompensationGroup] = {}
        parent: dict[str, CompensationGroup] = {}
        for group in groups:
            if group.id is not None:
                by_id.setdefault(group.id, group)
            for unit in group.units:
                of_unit.setdefault(unit, group)
            for member in group.groups:
                parent.setdefault(member, group)
        ordered: list[CompensationGroup] = []
        visited: set[int] = set()  # by identity: pydantic's __eq__ compares every field

        def visit(group: CompensationGroup) -> None:
            if id(group) in visited:
                return
            visited.add(id(group))
            for g in group.groups:
                if g in by_id:  # an unknown one is the file check's to refuse
                    visit(by_id[g])
            ordered.append(group)

        for group in groups:
            visit(group)
        under = {id(g): _walk_under(by_id, g) for g in groups}
        under_id = {i: _walk_under(by_id, i) for i in by_id}
        return cls(by_id, of_unit, parent, tuple(ordered), under, under_id)


@memo(size=256)
def _structure_of(groups: tuple[CompensationGroup, ...]) -> _Structure:
    """Once per programme's groups (an immutable tuple): every programme, and every copy
    with the rules a student chose, has its own."""
    return _Structure.of(groups)


def _structure(groups: Sequence[CompensationGroup]) -> _Structure:
    return _structure_of(groups) if isinstance(groups, tuple) else _Structure.of(groups)


def group_of(groups: Sequence[CompensationGroup], unit_id: str) -> CompensationGroup | None:
    return _structure(groups).of_unit.get(unit_id)


def group_by_id(groups: Sequence[CompensationGroup], group_id: str) -> CompensationGroup:
    return _structure(groups).by_id[group_id]


def parent_of(
    groups: Sequence[CompensationGroup], group: CompensationGroup
) -> CompensationGroup | None:
    """The group that has `group` as a member (nested compensation), if any."""
    if group.id is None:
        return None
    return _structure(groups).parent.get(group.id)


def chain_of(groups: Sequence[CompensationGroup], unit_id: str) -> list[CompensationGroup]:
    """The groups a unit is compensated in, innermost first: its own group, then the group
    that holds that one, and so on up (a file refuses a cycle)."""
    structure = _structure(groups)
    chain = []
    group = structure.of_unit.get(unit_id)
    while group is not None:
        chain.append(group)
        group = None if group.id is None else structure.parent.get(group.id)
    return chain


def units_under(
    groups: Sequence[CompensationGroup], group: CompensationGroup | str
) -> tuple[str, ...]:
    """The units a group holds, directly or through its member groups (a group it names
    that does not exist, or that holds it back, is left for the file's check to refuse)."""
    structure = _structure(groups)
    if isinstance(group, str):
        return structure.under_id.get(group, ())
    found = structure.under.get(id(group))
    return _walk_under(structure.by_id, group) if found is None else found


def _walk_under(
    by_id: Mapping[str, CompensationGroup], group: CompensationGroup | str
) -> tuple[str, ...]:
    """units_under(), walked: breadth first, each named group once."""
    found: list[str] = []
    seen: set[str] = set()
    todo: deque[CompensationGroup | str] = deque([group])
    while todo:
        current = todo.popleft()
        if isinstance(current, str):
            if current in seen:
                continue
            seen.add(current)
            named = by_id.get(current)
            if named is None:
                continue
            current = named
        found += current.units
        todo += current.groups
    return tuple(found)


def units_under_id(programme: Programme, group_id: str) -> tuple[str, ...]:
    return units_under(programme.rules.groups, group_id)


def inner_first(groups: Sequence[CompensationGroup]) -> list[CompensationGroup]:
    """The groups ordered so that each comes after every group it holds."""
    return list(_structure(groups).ordered)


def with_group_standings(
    programme: Programme, standings: Mapping[str, UnitStanding], bonus_of: BonusOf = no_bonus
) -> dict[str, UnitStanding]:
    """The units' standings and, by id, the standing of each group that is a member of
    another (inner groups first, as the groups above read them)."""
    out = dict(standings)
    groups = programme.rules.groups
    for group in inner_first(groups):
        if group.id is not None and parent_of(groups, group) is not None:
            standing = group.standing(programme, out, bonus_of)
            if standing is not None:
                out[group.id] = standing
    return out


def with_unit_standing(
    programme: Programme,
    everyone: Mapping[str, UnitStanding],
    unit_id: str,
    standing: UnitStanding,
    bonus_of: BonusOf = no_bonus,
) -> dict[str, UnitStanding]:
    """`everyone` (what with_group_standings() gives) with one unit's standing replaced:
    only the groups above the unit are built again, as a group's standing reads only what
    is under it."""
    out = {**everyone, unit_id: standing}
    groups = programme.rules.groups
    for group in chain_of(groups, unit_id):
        if group.id is None or parent_of(groups, group) is None:
            break
        found = group.standing(programme, out, bonus_of)
        if found is not None:
            out[group.id] = found
    return out


# A unit failed by a course floor, or without a mean, is compensated at no level.
_NEVER = frozenset({"not_compensated_floor", "not_compensated_no_mean"})


def judge_unit(
    programme: Programme,
    unit_id: str,
    standings: Mapping[str, UnitStanding],
    status_of: Callable[[CompensationGroup], str],
    bonus_of: BonusOf = no_bonus,
    everyone: Mapping[str, UnitStanding] | None = None,
) -> CompensationVerdict | None:
    """Whether a unit failed on its own is validated by compensation, level by level from
    its own group up (nested compensation): at the first level that compensates it; not
    compensated once no level can; else pending. `status_of` gives a level's verdict its
    status; `bonus_of` the bonus points added to a level's mean (planner.rules.bonus). None
    for a unit in no group. A flat group judges exactly as it always has. `everyone`, if
    given, is `with_group_standings(programme, standings, bonus_of)` already built: the
    same for every unit judged on the same standings, built once for them all."""
    groups = programme.rules.groups
    chain = chain_of(groups, unit_id)
    if not chain:
        return None
    if len(chain) == 1:
        group = chain[0]
        return group.judge(
            programme, standings[unit_id], standings, status_of(group), **bonus_of(group)
        )
    if everyone is None:
        everyone = with_group_standings(programme, standings, bonus_of)
    member = everyone[unit_id]
    verdicts: list[CompensationVerdict] = []
    for group in chain:
        found = group.judge(programme, member, everyone, status_of(group), **bonus_of(group))
        verdicts.append(found)
        if found.validated is True or found.message.code in _NEVER:
            break
        above = everyone.get(group.id or "")
        if above is None:
            break
        member = above
    # A verdict at a level rests on the levels below it too (they did not compensate).
    status = combined_status(v.status for v in verdicts)
    if verdicts[-1].validated is True:
        return CompensationVerdict(True, verdicts[-1].message, status, verdicts[-1].units)
    validated = False if all(v.validated is False for v in verdicts) else None
    # Pending, it rests on the outermost level that may still compensate it: a semester's
    # code reads whether that level reaches beyond the semester (planner.rules.progression).
    deciding = [v for v in verdicts if v.validated is None] or verdicts
    first, *above_verdicts = verdicts
    levels = [
        Message(
            code="compensation_level",
            params={"level": _level_name(g, programme), "verdict": v.message},
        )
        for g, v in zip(chain[1:], above_verdicts, strict=False)
    ]
    then = [*first.message.params.get("then", ()), *levels]  # type: ignore[misc]
    message = Message(code=first.message.code, params={**first.message.params, "then": then})
    return CompensationVerdict(validated, message, status, deciding[-1].units)


def _level_name(group: CompensationGroup, programme: Programme) -> Message:
    """A level as a verdict names it: the year (a group of groups in no group), or its
    name ("Semester 3"), or the units it holds."""
    if group.compensated_code(programme) == "compensated_year":
        return Message(code="level_year")
    if group.name is not None:
        return Message(code="level_named", params={"name": group.name})
    names = [group.member_name(programme, m) for m in group.members]
    return Message(code="level_units", params={"units": names})


def no_compensation_above(programme: Programme, lang: Lang) -> str | None:
    """« Pas de compensation annuelle », said where named groups (semesters) are held by no
    group above them; None elsewhere (a file without names says nothing new)."""
    groups = programme.rules.groups
    apart = [g for g in groups if parent_of(groups, g) is None]
    if len(apart) < 2 or all(g.name is None for g in apart):
        return None
    names = join([g.name or g.describe_members(programme, lang) for g in apart], lang)
    return texts.text("rule.no_compensation_between_groups", lang, units=names)
