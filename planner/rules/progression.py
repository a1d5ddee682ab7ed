"""Jury codes beyond ADM/CMP/AJ, and prerequisites between periods (format_version 3).

The codes, as French universities write them (Apogée, ScoDoc):

- `DEF` (défaillant). « DEF = Défaillant : une absence empêche le calcul de la moyenne de
  l'unité »; the absent exam itself is written ABI (absence injustifiée). Where the file
  says `rules.jury_codes.absence: DEF`, a unit not validated whose mean an unjustified
  absence leaves impossible (an absence that `blocks`, planner.rules.absence) is DEF
  instead of AJ. A justified absence (ABJ) never makes a unit DEF, and under `absence:
  zero` an absence is a 0, so the unit has a mean: AJ. DEF is a failure as AJ is (the unit
  keeps what AJ keeps, the year is not validated).
- A semester's code, from its units (`semester:`), where the file says
  `rules.jury_codes.semesters: true`: DEF when a unit is DEF, else AJ when a unit is AJ
  (each certain), else none while a unit pends; validated, it is ADM (« Une UE < 10/20 est
  considérée comme Admise par compensation si le semestre dans lequel elle se trouve est
  … Admis »: a unit compensated within the semester leaves it ADM), or CMP when a unit is
  compensated by a group reaching beyond the semester (« Un semestre < 10/20 est considéré
  comme Admis par compensation si l'année est ≥ 10/20 »; ScoDoc's ADC): under nested
  compensation, the level that actually compensated it (the year above the semester), not
  the unit's own group. A unit validated in session 2 whose session-1 compensation is
  undecided leaves the semester ADM where only the semester's own group could still
  compensate it, and no code yet where a level beyond could. ADJ, a jury's own decision,
  never follows from the rules and is never given.
- `AJAC` (ajourné, autorisé à continuer): a semester not validated whose prerequisite
  lets the student continue all the same (`continue_with_ects`: « passage en S4 autorisé
  avec au moins 24 ECTS du S3 »).

`rules.prerequisites`: the units of a semester (or some units) count only once another
semester or unit is validated (ADM or CMP, or validated either way while a session-1
compensation still decides between them), or, for a semester, once `continue_with_ects`
of its ECTS are acquired (then AJAC). While the prerequisite is undecided the unit waits
(no code, whatever its own grades); once it is certainly not met the unit is *not yet
allowed*: no code, no ECTS, no minimum grade, never AJ, and, its grades not counting yet,
no retake and no session 2. The ECTS acquired toward `continue_with_ects` include those of
the courses a unit not validated keeps (planner.rules.capitalisation), in the verdicts
and in the odds alike. Prerequisites do not chain (a required period is not itself gated),
a unit has one at most, and a compensation group never mixes gated and free units, so
gating after compensation changes no other unit's verdict.

A file of format_version 2 or 1 cannot give these keys (refused with their path) and
reads as before.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from planner import texts
from planner.findings import FieldPath, Finding, error, named, refuse
from planner.frozen import MAX_FIGURE, Bilingual, Frozen, Identifier, OneLine, Text
from planner.messages import Lang, Message, PartialSum, join, number
from planner.rules.capitalisation import sample_kept_ects
from planner.rules.status import rule_status

if TYPE_CHECKING:
    from planner.catalogue import Programme
    from planner.engine import Access, SemesterResult, UnitResult
    from planner.rules.absence import Grade
    from planner.rules.base import Grades, Verdicts

FAILED = ("AJ", "DEF")


class JuryCodes(Frozen):
    """Which codes beyond ADM/CMP/AJ the file's jury writes."""

    absence: Literal["AJ", "DEF"] = Field(
        default="AJ",
        description="The code of a unit not validated because an unjustified absence leaves "
        "it without a mean: 'DEF' (défaillant) where the MCC says so; default AJ.",
    )
    semesters: bool = Field(
        default=False,
        description="Whether each semester (the units' `semester:`) gets a code from its "
        "units: ADM, CMP (validated by a compensation reaching beyond it), AJAC, AJ, DEF.",
    )
    status: Literal["published", "assumed"] = "assumed"
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )
    note: Bilingual | None = None


class Requirement(Frozen):
    """A period that must be validated: a semester (by its name) or a unit."""

    semester: OneLine | None = None
    unit: Identifier | None = None

    @model_validator(mode="after")
    def _one(self) -> Requirement:
        if (self.semester is None) == (self.unit is None):
            raise refuse("check.requirement_one")
        return self


class Prerequisite(Frozen):
    """The units of `semester` (or `units`) count only once `requires` is validated."""

    semester: OneLine | None = Field(
        default=None, description="The semester whose units need the requirement."
    )
    units: tuple[Identifier, ...] = Field(
        default=(), description="The units that need the requirement (instead of a semester)."
    )
    requires: Requirement
    continue_with_ects: float | None = Field(
        default=None,
        gt=0,
        le=MAX_FIGURE,
        allow_inf_nan=False,
        description="A required semester not validated still lets the student continue "
        "(AJAC) once this many of its ECTS are acquired.",
    )
    status: Literal["published", "assumed"] = "assumed"
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )
    note: Bilingual | None = None

    @model_validator(mode="after")
    def _one(self) -> Prerequisite:
        if (self.semester is None) == (not self.units):
            raise refuse("check.prerequisite_one")
        if self.continue_with_ects is not None and self.requires.semester is None:
            raise refuse("check.continue_needs_semester", ("continue_with_ects",))
        return self

    def gated(self, programme: Programme) -> tuple[str, ...]:
        """The units that need the requirement."""
        if self.semester is None:
            return self.units
        return tuple(u.id for u in programme.units if u.semester == self.semester)

    def required_units(self, programme: Programme) -> tuple[str, ...]:
        if self.requires.unit is not None:
            return (self.requires.unit,)
        return semester_units(programme, self.requires.semester)

    def required_name(self, programme: Programme) -> str:
        if self.requires.unit is not None:
            return programme.unit(self.requires.unit).name
        return str(self.requires.semester)

    def gated_name(self, programme: Programme, lang: Lang) -> str:
        if self.semester is not None:
            return self.semester
        return join([programme.unit(u).name for u in self.units], lang)

    def check(self, programme: Programme, where: FieldPath) -> list[Finding]:
        errors = []
        semesters = {u.semester for u in programme.units if u.semester}
        for key, name in (
            (("semester",), self.semester),
            (("requires", "semester"), self.requires.semester),
        ):
            if name is not None and name not in semesters:
                errors.append(error("check.no_such_semester", (*where, *key), name=named(name)))
        for key, ids in (
            (("units",), self.units),
            (("requires", "unit"), (self.requires.unit or "",)),
        ):
            for u in ids:
                if u and programme.rule_for(u) is None:
                    errors.append(error("check.not_a_graded_unit", (*where, *key), unit=named(u)))
        if errors:
            return errors
        gated = set(self.gated(programme))
        if gated & set(self.required_units(programme)):
            errors.append(error("check.requires_itself", (*where, "requires")))
        for group in programme.rules.groups:
            if gated & set(group.units) and not set(group.units) <= gated:
                errors.append(error("check.group_mixes_gated", where))
        return errors

    def describe(self, programme: Programme, lang: Lang) -> str:
        required = self.required_name(programme)
        gated = self.gated_name(programme, lang)
        if self.continue_with_ects is None:
            return texts.text("rule.prerequisite", lang, gated=gated, required=required)
        return texts.text(
            "rule.prerequisite_ects",
            lang,
            gated=gated,
            required=required,
            ects=number(self.continue_with_ects, lang),
        )


def semester_units(programme: Programme, semester: str | None) -> tuple[str, ...]:
    return tuple(
        u.id for u in programme.units if u.semester == semester and programme.rule_for(u.id)
    )


def later_keys(programme: Programme) -> list[tuple[FieldPath, str, int]]:
    """This module's keys a version-2 file cannot give (catalogue.Programme._later_keys)."""
    rules = programme.rules
    found: list[tuple[FieldPath, str, int]] = []
    if rules.jury_codes is not None:
        found.append((("rules", "jury_codes"), "jury_codes", 3))
    if rules.prerequisites:
        found.append((("rules", "prerequisites"), "prerequisites", 3))
    return found


def check(programme: Programme) -> list[Finding]:
    prerequisites = programme.rules.prerequisites
    codes = programme.rules.jury_codes
    if codes is not None and codes.semesters and not any(u.semester for u in programme.units):
        return [error("check.no_semesters", ("rules", "jury_codes", "semesters"))]
    errors = [
        e
        for index, p in enumerate(prerequisites)
        for e in p.check(programme, ("rules", "prerequisites", index))
    ]
    if errors:
        return errors
    gated: set[str] = set()
    for index, p in enumerate(prerequisites):
        if twice := [u for u in p.gated(programme) if u in gated]:
            errors.append(
                error(
                    "check.already_gated",
                    ("rules", "prerequisites", index),
                    units=", ".join(map(named, twice)),
                )
            )
        gated.update(p.gated(programme))
    for index, p in enumerate(prerequisites):
        if gated & set(p.required_units(programme)):
            errors.append(
                error("check.required_gated", ("rules", "prerequisites", index, "requires"))
            )
    return errors


# --- judging ---------------------------------------------------------------------------


def _absent_in_final_session(
    result: UnitResult, course: str, grades: Mapping[str, Grade], grades2: Mapping[str, Grade]
) -> bool:
    """Whether the course's grade in the unit's last session is an absence, not justified
    (None, where a justified one is "ABJ" and a grade not known yet is missing)."""
    final = grades2 if result.deciding_session == 2 and course in grades2 else grades
    return course in final and final[course] is None


def is_defaillant(
    programme: Programme,
    result: UnitResult,
    grades: Mapping[str, Grade],
    grades2: Mapping[str, Grade],
) -> bool:
    """Whether the unit is not validated because an unjustified absence (ABI) leaves it
    without a mean, where the file writes such a unit DEF. `grades` are as entered (an
    absence None, a justified absence "ABJ")."""
    codes = programme.rules.jury_codes
    if codes is None or codes.absence != "DEF":
        return False
    verdict = result.session2_held or result.session1
    if verdict.validated is not False or verdict.mean is not None or verdict.mean_max is not None:
        return False
    return any(_absent_in_final_session(result, c, grades, grades2) for c in result.enrolled)


def period_code(programme: Programme, members: Sequence[UnitResult]) -> str | None:
    """A semester's code from its units' results (see the module's docstring)."""
    if not members:
        return None
    codes = [r.code for r in members]
    if "DEF" in codes:
        return "DEF"
    if "AJ" in codes:
        return "AJ"
    if any(r.validated is not True for r in members):
        return None
    # Every unit is validated. The level that compensated a unit (nested compensation: the
    # semester's own group, or the year above it) says whether the semester itself was
    # validated by compensation: CMP only when that level reaches beyond the semester.
    semesters = {programme.unit(r.unit).semester for r in members}
    inside = {u.id for u in programme.units if u.semester in semesters}

    def beyond(r: UnitResult) -> bool:
        return r.compensation is not None and not set(r.compensation.units) <= inside

    if any(r.code == "CMP" and beyond(r) for r in members):
        return "CMP"
    # A unit validated in session 2 while its session-1 compensation is undecided (no code
    # yet, validated either way): a compensation that can only come within the semester
    # leaves it ADM either way; one a level beyond may still give would make it CMP, and
    # its absence ADM, so the code waits for that session-1 grade.
    if any(r.code is None and beyond(r) for r in members):
        return None
    return "ADM"


def acquired_range(
    programme: Programme, members: Sequence[UnitResult]
) -> tuple[float, float, bool]:
    """(ECTS acquired for certain, at most, whether a part is not published): a pending
    unit may still bring its ECTS."""
    low, high, unpublished = 0.0, 0.0, False
    for r in members:
        if r.validated is None:
            ects = programme.unit(r.unit).ects.value
            high = math.inf if ects is None else high + ects
            continue
        low += r.ects_acquired or 0
        high += r.ects_acquired or 0
        unpublished = unpublished or r.ects_acquired_incomplete
    return low, high, unpublished


def access(
    programme: Programme, prerequisite: Prerequisite, results: Mapping[str, UnitResult]
) -> Access:
    """Whether the units `prerequisite` gates count, from the required period's results."""
    from planner.engine import Access

    members = [results[u] for u in prerequisite.required_units(programme) if u in results]
    required = prerequisite.required_name(programme)
    status = rule_status(programme, prerequisite.status)
    if not members:  # not in this plan: nothing to wait for
        return Access(True, None, status)
    # Validated either way (a unit validated in session 2 whose session-1 compensation is
    # undecided has no code yet): the prerequisite is met, whatever its code turns out.
    if all(r.validated is True for r in members):
        return Access(True, None, status)
    code = members[0].code if prerequisite.requires.unit else period_code(programme, members)
    params: dict[str, object] = {"required": required}
    needed = prerequisite.continue_with_ects
    if needed is not None:
        low, high, unpublished = acquired_range(programme, members)
        params |= {"ects": needed, "acquired": PartialSum(low, unpublished)}
        if low >= needed and code is None:  # allowed whatever the period's code turns out
            return Access(True, None, status)
        if low >= needed:
            return Access(True, Message(code="access_ajac", params=params), status, ajac=True)
        if high >= needed:  # its pending units may still bring the ECTS
            return Access(None, Message(code="access_waiting_ects", params=params), status)
        if code is None:  # it may still be validated: only that lets the units count
            return Access(None, Message(code="access_waiting", params=params), status)
        params["code"] = code
        return Access(False, Message(code="access_not_allowed_ects", params=params), status)
    if code is None:
        return Access(None, Message(code="access_waiting", params=params), status)
    params["code"] = code
    return Access(False, Message(code="access_not_allowed", params=params), status)


def with_codes(
    programme: Programme,
    results: Sequence[UnitResult],
    grades: Mapping[str, Grade],
    grades2: Mapping[str, Grade],
) -> list[UnitResult]:
    """The units after compensation, with DEF where the file writes it and each gated
    unit's access (grades as entered)."""
    rules = programme.rules
    if rules.jury_codes is None and not rules.prerequisites:
        return list(results)
    out = [
        dataclasses.replace(r, defaillant=True)
        if is_defaillant(programme, r, grades, grades2)
        else r
        for r in results
    ]
    by_id = {r.unit: r for r in out}
    for prerequisite in rules.prerequisites:
        verdict = access(programme, prerequisite, by_id)
        for u in prerequisite.gated(programme):
            if u in by_id:
                by_id[u] = dataclasses.replace(by_id[u], access=verdict)
                if verdict.allowed is False:
                    by_id[u] = without_session2(by_id[u])
    return [by_id[r.unit] for r in out]


def without_session2(result: UnitResult) -> UnitResult:
    """A unit not yet allowed: its grades do not count yet, so it retakes nothing and has
    no session 2 (nor courses kept); its session-1 verdict no longer announces retakes."""
    params = {k: v for k, v in result.session1.message.params.items() if k != "then"}
    message = dataclasses.replace(result.session1.message, params=params)
    return dataclasses.replace(
        result,
        session1=dataclasses.replace(result.session1, message=message),
        retakes=(),
        retakes_if_below=(),
        session2=None,
        deciding_session=1,
        courses_kept=(),
    )


def semesters(programme: Programme, results: Sequence[UnitResult]) -> tuple[SemesterResult, ...]:
    """Each semester's code, where the file says `jury_codes.semesters` (else none)."""
    from planner.engine import SemesterResult

    codes = programme.rules.jury_codes
    if codes is None or not codes.semesters:
        return ()
    names = dict.fromkeys(u.semester for u in programme.units if u.semester)
    by_id = {r.unit: r for r in results}
    out = []
    for name in names:
        members = [by_id[u] for u in semester_units(programme, name) if u in by_id]
        if not members:
            continue
        code = period_code(programme, members)
        ajac = any(
            p.requires.semester == name and access(programme, p, by_id).ajac
            for p in programme.rules.prerequisites
        )
        low, _, unpublished = acquired_range(programme, members)
        allowed = [r.access for r in members if r.access is not None]
        waiting = any(a.allowed is not True for a in allowed)
        out.append(
            SemesterResult(
                semester=name,
                code=None if waiting else ("AJAC" if ajac and code in FAILED else code),
                units=tuple(r.unit for r in members),
                ects_acquired=PartialSum(low, unpublished),
                not_allowed=any(a.allowed is False for a in allowed),
            )
        )
    return tuple(out)


# --- odds ------------------------------------------------------------------------------


def met_draws(
    programme: Programme,
    results: Sequence[UnitResult],
    validated: Sequence[Verdicts],
    grades: Sequence[Grades],
) -> dict[str, Verdicts]:
    """Each gated unit's draws where its prerequisite is met, from every unit's validated
    draws (`validated`) and the grades its verdict judges in each draw (`grades`, one row
    per enrolled course; both in `results`' order): the required period validated, or
    (continue_with_ects) that many of the period's ECTS acquired, as acquired_range()
    counts them: a validated unit's ECTS, and those of the courses a unit not validated
    keeps by course capitalisation."""
    index = {r.unit: i for i, r in enumerate(results)}
    out: dict[str, Verdicts] = {}
    for p in programme.rules.prerequisites:
        members = [u for u in p.required_units(programme) if u in index]
        if not members:
            continue
        met = validated[index[members[0]]].copy()
        for u in members[1:]:
            met &= validated[index[u]]
        if p.continue_with_ects is not None:
            acquired = sum(
                validated[index[u]] * (programme.unit(u).ects.value or 0.0)
                + ~validated[index[u]]
                * sample_kept_ects(programme, u, results[index[u]].enrolled, grades[index[u]])
                for u in members
            )
            met |= acquired >= p.continue_with_ects
        out |= {u: met for u in p.gated(programme) if u in index}
    return out


def gate_draws(
    results: Sequence[UnitResult], draws: Sequence[Verdicts], met: Mapping[str, Verdicts]
) -> list[Verdicts]:
    """Each unit's `draws` (a verdict per draw, or a row per course), a gated unit's only
    where its prerequisite is met (`met`, from met_draws()): a unit not yet allowed is not
    validated and retakes nothing."""
    return [d & met[r.unit] if r.unit in met else d for r, d in zip(results, draws, strict=True)]
