"""Catalogue models: a programme file validated into immutable pydantic objects.

Every figure (ECTS, hours) is a `Figure` that says where it comes from: published in the
source document, inferred by a written rule, or unknown. Totals never count an unknown
figure as 0; they list it instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from planner.frozen import (
    MAX_COUNT,
    MAX_FIGURE,
    MAX_GRADE_SCALE,
    Frozen,
    Identifier,
    OneLine,
    Text,
)
from planner.frozen import Bilingual as Bilingual
from planner.frozen import in_language as in_language
from planner.limits import (
    TooComplex,
    TooLarge,
    check_yaml_shape,
    kilobytes,
    quote,
    read_at_most,
    shorten,
)
from planner.rules import KINDS, RuleBase, UnitRule
from planner.rules.absence import AbsenceMeaning, Absences, JustifiedMeaning
from planner.rules.bonus import BonusPoints
from planner.rules.capitalisation import CourseCapitalisation
from planner.rules.compensation import CompensationGroup
from planner.rules.components import Component, ComponentSession2, check_components
from planner.rules.progression import JuryCodes, Prerequisite
from planner.rules.progression import check as check_progression
from planner.rules.progression import later_keys as progression_keys
from planner.rules.session2 import Session2Policy, session2_policy
from planner.rules.status import Origin

FORMAT_VERSION = 3  # the latest
# The first version that may say `origin: entered`: a copy of a shipped version-2 file
# keeps its version, and so reads exactly as the file does (planner.own.copy_document).
ORIGIN_VERSION = 2
# A file that does not say its version is read as version 2, as it always was.
UNSTATED_VERSION = 2
# Version 2 adds weighted_mean, course_floor and compensation groups; a version-1 file
# (no such key) still validates as it is. Version 3 reads compensation on the final grades
# with a floor failure blocking its group (planner.rules.compensation) and adds the group's
# `floor_blocks`, `min_ects_acquired`, `zeros_eliminatory`, nested groups (a group's `id`,
# `name` and `groups`), `rules.course_capitalisation`
# (planner.rules.capitalisation) and a rule's `strict`; a version-2 file (no such key)
# reads exactly as before. Version 3 also says what an absence means (`absence`,
# `justified_absence`: planner.rules.absence); a version-2 file reads every absence as
# blocking, as it always has. Version 3 also grades a course by its assessment components
# (a course's `components`, `component_session2`, and `rules.component_session2`:
# planner.rules.components; a version-2 course is graded as a whole), adds bonus points
# that move a mean (`bonus_points`: planner.rules.bonus; `rules.bonus` reads as before),
# jury codes beyond ADM/CMP/AJ and prerequisites between periods (`rules.jury_codes`,
# `rules.prerequisites`: planner.rules.progression), and a calendar event's `rule` and
# `source` (how its dates are inferred, from which sentence). A file refuses a key of a
# later version than its own, naming it. `origin: entered` (rules a person entered in the
# app: planner.rules.status) may be said from version 2.


def _shipped_catalogue() -> Path:
    """The programme files shipped as package data (planner/programmes links to catalogue/).

    Read through importlib.resources, so an installed `m2-planner` finds them from any folder.
    """
    folder = resources.files("planner") / "programmes"
    if not isinstance(folder, Path):  # pip and uv install packages as files, never zipped
        raise RuntimeError(f"the shipped catalogue is not a folder on disk: {folder}")
    return folder


CATALOGUE_DIR = _shipped_catalogue()


FigureValue = Annotated[float, Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False)]


class Conflict(Frozen):
    """A second value the source document gives for the same figure."""

    value: FigureValue
    where: Bilingual = Field(description="Where the source gives this other value.")


class Figure(Frozen):
    """A number with its provenance."""

    value: FigureValue | None = None
    status: Literal["published", "inferred", "unknown"]
    rule: Bilingual | None = Field(
        default=None, description="How an inferred value is derived, or a note."
    )
    conflict: Conflict | None = Field(
        default=None, description="Another value the source gives for this figure."
    )

    @model_validator(mode="after")
    def _value_matches_status(self) -> Figure:
        if self.status == "unknown" and self.value is not None:
            raise ValueError("an unknown figure has no value")
        if self.status != "unknown" and self.value is None:
            raise ValueError(f"a {self.status} figure needs a value")
        if self.status == "inferred" and not self.rule:
            raise ValueError("an inferred figure needs the rule that infers it")
        return self

    @property
    def known(self) -> bool:
        return self.value is not None


UNKNOWN = Figure(status="unknown")


# A date of a programme's calendar: an academic year of this era. A wider range adds
# nothing, and the last days of year 9999 have no following day (an .ics event's end).
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]


def _end_not_before_start(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"end ({end}) is before start ({start})")


class Period(Frozen):
    start: Day | None = None
    end: Day | None = None
    note: Bilingual | None = Field(default=None, description="e.g. 'oct' when the end is a month.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        _end_not_before_start(self.start, self.end)
        return self


class Option(Frozen):
    id: Identifier
    name: OneLine
    description: Text | None = None


class Track(Frozen):
    id: Identifier
    name: OneLine
    description: Text | None = None


class Course(Frozen):
    id: Identifier
    name: OneLine
    ects: Figure = UNKNOWN
    lecture_hours: Figure = UNKNOWN
    tutorial_hours: Figure = UNKNOWN
    description: Text | None = Field(default=None, description="As published; null if none.")
    blocks: tuple[Annotated[int, Field(ge=0, le=MAX_COUNT)], ...] = ()
    absence: AbsenceMeaning | None = Field(
        default=None,
        description="What an absence at this course means, if not as rules.absence says "
        "(format_version 3).",
    )
    justified_absence: JustifiedMeaning | None = Field(
        default=None,
        description="What a justified absence (ABJ) at this course means, if not as "
        "rules.justified_absence says (format_version 3).",
    )
    components: tuple[Component, ...] = Field(
        default=(),
        description="The assessments the course grade is the weighted mean of, each "
        "retaken or kept in session 2 (format_version 3). Empty: the course is graded as a "
        "whole.",
    )
    component_session2: ComponentSession2 | None = Field(
        default=None,
        description="How this course's session-2 grade is formed from its components, if "
        "not as rules.component_session2 says (format_version 3).",
    )
    note: Bilingual | None = None


class Choose(Frozen):
    min: int = Field(ge=0, le=MAX_COUNT)
    max: int = Field(ge=1, le=MAX_COUNT)

    @model_validator(mode="after")
    def _ordered(self) -> Choose:
        if self.min > self.max:
            raise ValueError(f"choose.min ({self.min}) is larger than choose.max ({self.max})")
        return self


class Unit(Frozen):
    id: Identifier
    name: OneLine
    semester: OneLine | None = None
    kind: Literal["graded", "bonus", "activity"] = "graded"
    ects: Figure = UNKNOWN
    lecture_hours: Figure = UNKNOWN
    tutorial_hours: Figure = UNKNOWN
    tracks: tuple[Identifier, ...] = Field(default=(), description="Empty: every track.")
    options: tuple[Identifier, ...] = Field(default=(), description="Empty: every option.")
    choose: Choose | None = None
    courses: tuple[Identifier, ...] = ()
    period: Period | None = None
    description: Text | None = None
    note: Bilingual | None = None

    @model_validator(mode="after")
    def _choose_fits(self) -> Unit:
        if len(set(self.courses)) != len(self.courses):
            dup = [c for c, n in Counter(self.courses).items() if n > 1]
            raise ValueError(f"course listed twice in the unit: {', '.join(dup)}")
        if self.choose and self.choose.max > len(self.courses):
            raise ValueError(
                f"choose.max ({self.choose.max}) is larger than the unit's "
                f"{len(self.courses)} courses"
            )
        return self


class Bonus(Frozen):
    formula: Literal["rate_above_threshold", "none"] = "rate_above_threshold"
    rate: float = Field(default=0.1, ge=0, le=1, allow_inf_nan=False)
    status: Literal["published", "assumed"] = "assumed"
    note: Bilingual | None = None


class Session2(Frozen):
    policy: Literal["replace", "keep_best"] = "replace"
    status: Literal["published", "assumed"] = "assumed"
    note: Bilingual | None = None


class NoCompensation(Frozen):
    """Units the source says do not compensate each other."""

    units: tuple[Identifier, ...] = Field(min_length=2)
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )


class Rules(Frozen):
    units: tuple[UnitRule, ...]
    compensation: Literal[False] | tuple[CompensationGroup, ...] = Field(
        default=False,
        description="false: units never compensate each other; or the groups of units "
        "that compensate each other (format_version 2).",
    )
    compensation_status: Literal["published", "assumed"] | None = Field(
        default=None,
        description="Whether 'no compensation' is published; default: the rules' status.",
    )
    no_compensation_published: tuple[NoCompensation, ...] = Field(
        default=(),
        description="Units between which the absence of compensation is published, when it "
        "is published for some units only.",
    )
    bonus: Bonus = Bonus()
    bonus_points: tuple[BonusPoints, ...] = Field(
        default=(),
        description="Points a course or a bonus unit earns, added to a unit's or a "
        "compensation group's mean, counting toward validation or only shown "
        "(format_version 3).",
    )
    session2: Session2 = Session2()
    course_capitalisation: CourseCapitalisation | None = Field(
        default=None,
        description="Courses graded at or above a threshold keep their ECTS, and are not "
        "retaken, when their unit is not validated (format_version 3). Not given: a unit "
        "not validated keeps no ECTS.",
    )
    absence: AbsenceMeaning | None = Field(
        default=None,
        description="What an absence means (format_version 3): 'blocks' (the default: the "
        "unit has no mean, so it is not validated) or 'zero' (an absence is graded 0).",
    )
    justified_absence: JustifiedMeaning | None = Field(
        default=None,
        description="What a justified absence (ABJ) means (format_version 3): "
        "'neutralised' (the course is left out of its unit's mean, the other weights "
        "renormalised), 'blocks' or 'zero'. Default: as an absence.",
    )
    component_session2: ComponentSession2 | None = Field(
        default=None,
        description="How the session-2 grade of a course graded by components is formed "
        "(format_version 3): 'kept' (the default: kept components keep their session-1 "
        "grade), 'best_of' or 'sessions_mix'.",
    )
    jury_codes: JuryCodes | None = Field(
        default=None,
        description="Codes beyond ADM/CMP/AJ the jury writes (format_version 3): DEF for a "
        "unit an unjustified absence leaves without a mean, a code for each semester. Not "
        "given: ADM, CMP, AJ for units only.",
    )
    prerequisites: tuple[Prerequisite, ...] = Field(
        default=(),
        description="Units (or a semester's units) that count only once another semester "
        "or unit is validated, or enough of a semester's ECTS acquired (AJAC) "
        "(format_version 3).",
    )
    status: Literal["published", "assumed"]
    note: Bilingual | None = None

    @property
    def no_compensation_status(self) -> Literal["published", "assumed"]:
        return self.compensation_status or self.status

    @property
    def groups(self) -> tuple[CompensationGroup, ...]:
        return self.compensation or ()

    @property
    def policy(self) -> Session2Policy:
        """The session-2 policy these rules apply, as the object every view reads."""
        return session2_policy(self.session2.policy, self.session2.status)


class GradeScale(Frozen):
    max: float = Field(gt=0, le=MAX_GRADE_SCALE, allow_inf_nan=False)
    status: Literal["published", "assumed"]
    note: Bilingual | None = None

    def contains(self, grade: float) -> bool:
        """Whether a number is a grade on this scale (0 to max; NaN is not)."""
        return 0 <= grade <= self.max


class Event(Frozen):
    id: Identifier
    name: OneLine
    kind: Literal["teaching", "exams", "internship", "event", "milestone"]
    start: Day | None = None
    end: Day | None = None
    status: Literal["published", "inferred", "unknown", "advice"]
    rule: Bilingual | None = Field(
        default=None,
        description="How inferred dates are read from what the source says, e.g. 'the "
        "beginning of March' as the 1st (format_version 3; an inferred dated event of a "
        "version-3 file needs it).",
    )
    source: Text | None = Field(
        default=None,
        description="The source's sentence that dates the event, verbatim, not translated "
        "(format_version 3).",
    )
    note: Bilingual | None = None
    tracks: tuple[Identifier, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> Event:
        _end_not_before_start(self.start, self.end)
        return self


class Source(Frozen):
    document: Text
    title: OneLine
    note: Bilingual | None = None


class Programme(Frozen):
    format_version: Literal[1, 2, 3] = Field(
        default=UNSTATED_VERSION,
        description="1, 2 or 3 (the latest). Not given: 2. A version-2 file reads as it "
        "always has; version 3 decides compensation on the final grades, a unit failed by "
        "a course floor blocking its group unless the group says floor_blocks: unit, and "
        "may give rules.course_capitalisation and rules.bonus_points, say what an absence "
        "means (absence, justified_absence), grade a course by its components (components, "
        "component_session2), give rules.jury_codes and rules.prerequisites, and say how a "
        "calendar event's dates are inferred (a calendar event's rule and source).",
    )
    origin: Origin = Field(
        default="transcribed",
        description="'entered': the rules were entered by a person in the app (the « My "
        "programme » page), checked against no published text, and every verdict says so "
        "(format_version 2 on). Not given: transcribed from the source document. To propose "
        "such a file for the catalogue, remove it and give each rule its published status "
        "and source.",
    )
    id: Identifier
    name: OneLine
    institution: OneLine | None = None
    academic_year: OneLine
    source: Source
    grade_scale: GradeScale
    total_ects: Figure = UNKNOWN
    tracks: tuple[Track, ...] = ()
    options: tuple[Option, ...] = ()
    courses: tuple[Course, ...]
    units: tuple[Unit, ...]
    rules: Rules
    calendar: tuple[Event, ...] = ()
    notes: tuple[Bilingual, ...] = Field(
        default=(), description="Gaps and contradictions of the source."
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> Programme:
        errors: list[str] = []
        for kind, items in (
            ("course", self.courses),
            ("unit", self.units),
            ("track", self.tracks),
            ("option", self.options),
            ("calendar event", self.calendar),
        ):
            for ident, count in Counter(i.id for i in items).items():
                if count > 1:
                    errors.append(f"duplicate {kind} id {ident!r}")
        course_ids = {c.id for c in self.courses}
        unit_ids = {u.id for u in self.units}
        track_ids = {t.id for t in self.tracks}
        option_ids = {o.id for o in self.options}
        for index, unit in enumerate(self.units):
            for c in unit.courses:
                if c not in course_ids:
                    errors.append(f"units.{index}.courses: unknown course {c!r}")
            for t in unit.tracks:
                if t not in track_ids:
                    errors.append(f"units.{index}.tracks: unknown track {t!r}")
            for o in unit.options:
                if o not in option_ids:
                    errors.append(f"units.{index}.options: unknown option {o!r}")
        ruled = Counter(r.unit for r in self.rules.units)
        for index, rule in enumerate(self.rules.units):
            if rule.unit not in unit_ids:
                errors.append(f"rules.units.{index}.unit: unknown unit {rule.unit!r}")
                continue
            if ruled[rule.unit] > 1:
                errors.append(f"rules.units.{index}.unit: unit {rule.unit!r} has two rules")
            unit = self.unit(rule.unit)
            if unit.kind != "graded":
                errors.append(f"rules.units.{index}: unit {rule.unit!r} is not a graded unit")
            errors += rule.check(self, unit, f"rules.units.{index}")
            for b in rule.bonus_from:
                if b not in unit_ids or self.unit(b).kind != "bonus":
                    errors.append(f"rules.units.{index}.bonus_from: {b!r} is not a bonus unit")
        in_group: Counter[str] = Counter()
        for index, group in enumerate(self.rules.groups):
            errors += group.check(self, f"rules.compensation.{index}")
            in_group.update(group.units)
        for u, n in in_group.items():
            if n > 1:
                errors.append(f"rules.compensation: unit {u!r} is in {n} groups")
        errors += self._nesting_errors()
        if self.rules.course_capitalisation is not None:
            errors += self.rules.course_capitalisation.check(self, "rules.course_capitalisation")
        for index, course in enumerate(self.courses):
            errors += check_components(course, f"courses.{index}")
        # A bonus's target group, by its units: a group of units, never a group of groups
        # (its mean is of its member groups' means, named by no units list).
        group_units = [g.units for g in self.rules.groups if not g.groups]
        for index, bonus in enumerate(self.rules.bonus_points):
            errors += bonus.check(self, group_units, f"rules.bonus_points.{index}")
        errors += check_progression(self)
        errors += [
            f"{where}: needs format_version: {version} "
            f"(a version-{self.format_version} file has no {what})"
            for where, what, version in self._later_keys()
            if version > self.format_version
        ]
        for index, group in enumerate(self.rules.no_compensation_published):
            for u in group.units:
                if u not in unit_ids:
                    errors.append(
                        f"rules.no_compensation_published.{index}.units: unknown unit {u!r}"
                    )
        for index, unit in enumerate(self.units):
            if unit.kind == "graded" and unit.id not in ruled:
                errors.append(f"units.{index}: graded unit {unit.id!r} has no rule")
        for index, event in enumerate(self.calendar):
            for t in event.tracks:
                if t not in track_ids:
                    errors.append(f"calendar.{index}.tracks: unknown track {t!r}")
            # As an inferred figure: from version 3, where an event can say its rule.
            inferred = event.status == "inferred" and event.start is not None
            if inferred and event.rule is None and self.format_version >= 3:
                errors.append(f"calendar.{index}.rule: inferred dates need the rule inferring them")
        if errors:
            raise ValueError("; ".join(errors))
        return self

    def _nesting_errors(self) -> list[str]:
        """A group held by another (nested compensation) is named once, held by one group
        at most, and never holds itself, even through others."""
        errors = []
        groups = self.rules.groups
        ids = Counter(g.id for g in groups if g.id is not None)
        errors += [f"rules.compensation: duplicate group id {i!r}" for i, n in ids.items() if n > 1]
        held = Counter(g for group in groups for g in group.groups)
        errors += [
            f"rules.compensation: group {g!r} is in {n} groups" for g, n in held.items() if n > 1
        ]
        if errors or any(g not in ids for g in held):  # each group's check names the unknown
            return errors
        inside = {g.id: g.groups for g in groups if g.id is not None}
        for index, group in enumerate(groups):
            seen, todo = set(), list(group.groups)
            while todo:
                g = todo.pop()
                if g == group.id:
                    errors.append(f"rules.compensation.{index}.groups: the group holds itself")
                    break
                if g not in seen:
                    seen.add(g)
                    todo += inside.get(g, ())
        return errors

    def _later_keys(self) -> list[tuple[str, str, int]]:
        """(where, what, the version that introduced it) for each key of a version 2 on."""
        found = []
        if self.origin == "entered":
            found.append(("origin", "origin: entered", ORIGIN_VERSION))
        for index, rule in enumerate(self.rules.units):
            if rule.since_version > 1:
                found.append((f"rules.units.{index}.kind", f"{rule.kind} kind", rule.since_version))
            if rule.course_floor is not None:
                found.append((f"rules.units.{index}.course_floor", "course floor", 2))
            if rule.strict:  # `strict: false` is the default, written or not
                found.append((f"rules.units.{index}.strict", "strict threshold", 3))
        if self.rules.groups:
            found.append(("rules.compensation", "compensation group", 2))
        for index, group in enumerate(self.rules.groups):
            for key in ("floor_blocks", "min_ects_acquired", "zeros_eliminatory", "id", "name"):
                if getattr(group, key) is not None:
                    found.append((f"rules.compensation.{index}.{key}", key, 3))
            if group.groups:
                found.append((f"rules.compensation.{index}.groups", "groups", 3))
        if self.rules.course_capitalisation is not None:
            found.append(("rules.course_capitalisation", "course capitalisation", 3))
        if self.rules.bonus_points:
            found.append(("rules.bonus_points", "bonus points", 3))
        for key in ("absence", "justified_absence"):
            if getattr(self.rules, key) is not None:
                found.append((f"rules.{key}", key, 3))
            for index, course in enumerate(self.courses):
                if getattr(course, key) is not None:
                    found.append((f"courses.{index}.{key}", key, 3))
        for index, course in enumerate(self.courses):
            if course.components:
                found.append((f"courses.{index}.components", "components", 3))
            if course.component_session2 is not None:
                found.append((f"courses.{index}.component_session2", "component_session2", 3))
        if self.rules.component_session2 is not None:
            found.append(("rules.component_session2", "component_session2", 3))
        for index, event in enumerate(self.calendar):
            if event.rule is not None:
                found.append((f"calendar.{index}.rule", "rule for a calendar event", 3))
            if event.source is not None:
                found.append((f"calendar.{index}.source", "source for a calendar event", 3))
        return found + progression_keys(self)

    # Lookups. The model is frozen, so these caches stay valid.
    @cached_property
    def _courses_by_id(self) -> dict[str, Course]:
        return {c.id: c for c in self.courses}

    @cached_property
    def _units_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def _rules_by_unit(self) -> dict[str, RuleBase]:
        return {r.unit: r for r in self.rules.units}

    @cached_property
    def absences(self) -> Absences:
        """How this programme reads an absence and a justified absence, course by course."""
        return Absences(
            absence=self.rules.absence or "blocks",
            justified=self.rules.justified_absence,
            overrides={
                c.id: (c.absence, c.justified_absence)
                for c in self.courses
                if c.absence is not None or c.justified_absence is not None
            },
        )

    def course(self, course_id: str) -> Course:
        return self._courses_by_id[course_id]

    def unit(self, unit_id: str) -> Unit:
        return self._units_by_id[unit_id]

    def rule_for(self, unit_id: str) -> RuleBase | None:
        return self._rules_by_unit.get(unit_id)

    def has_course(self, course_id: str) -> bool:
        return course_id in self._courses_by_id

    def units_for(self, track: str | None, option: str | None) -> tuple[Unit, ...]:
        """The units a student of this track and option follows."""
        return tuple(
            u
            for u in self.units
            if (not u.tracks or track in u.tracks) and (not u.options or option in u.options)
        )

    def units_of_course(self, course_id: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if course_id in u.courses)


class CatalogueError(Exception):
    """A programme file that cannot be read or does not validate."""


_KIND_NAMES = frozenset(kind.model_fields["kind"].annotation.__args__[0] for kind in KINDS)  # type: ignore[union-attr]


# How pydantic names the branch of a union it tried ("dict[str,...]") or a mapping's key
# ("[key]"); a key of the file is kept, even with a bracket ("\x1b[2J").
_BRANCH = re.compile(r"([a-z][\w-]*)?\[.*\]")


def _is_branch(part: object) -> bool:
    return isinstance(part, str) and _BRANCH.fullmatch(part) is not None


def _format_validation_error(path: str, error: ValidationError) -> str:
    lines = []
    errors = error.errors()
    # A value of a union (weights: 'ects' or a map) fails each branch: keep the branch
    # that says what is wrong, not "Input should be 'ects'" beside it.
    deeper = {tuple(e["loc"][:-1]) for e in errors if len(e["loc"]) > 1}
    for e in errors:
        if e["type"] == "literal_error" and any(
            loc[: len(e["loc"]) - 1] == tuple(e["loc"][:-1]) and len(loc) >= len(e["loc"])
            for loc in deeper
            if loc != tuple(e["loc"][:-1])
        ):
            continue
        # pydantic names the kind and the union branch it tried
        # (rules.units.0.mean_of_all.k, weights.dict[...].b2): say it in words.
        kinds = [p for p in e["loc"] if p in _KIND_NAMES]
        loc = [p for p in e["loc"] if p not in _KIND_NAMES and not _is_branch(p)]
        # A key the file chose (an unknown field, a course id) is outside text.
        where = ".".join(shorten(p) for p in loc) or "(top level)"
        message = e["msg"]
        value = e.get("input")
        if isinstance(value, HugeNumber):
            message = f"a number of {value.digits} digits, far beyond any field's bound"
        elif isinstance(value, int) and not isinstance(value, bool) and e["type"] == "float_type":
            message = "a number too large for any field"
        if kinds and e["type"] == "extra_forbidden":
            message = f"{loc[-1]} does not apply to a {kinds[0]} rule"
        elif kinds:
            message = f"{message} (in a {kinds[0]} rule)"
        lines.append(f"{path}: {where}: {message}")
    return "\n".join(lines)


def parse_programme(data: object, path: str = "<data>") -> Programme:
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: a programme file must be a mapping at the top level")
    try:
        return Programme.model_validate(data)
    except ValidationError as error:
        raise CatalogueError(_format_validation_error(path, error)) from None


# The largest shipped file is 64 KB; four times that is still a programme, more is not.
MAX_PROGRAMME_BYTES = 256 * 1024


class _Refused(Exception):
    """What the loader refuses while it builds the data (one line, without the path)."""


class HugeNumber:
    """An integer written with more digits than Python reads (4300): the loader keeps this
    in its place, so that validation refuses it with the path of its field."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a {self.digits}-digit number>"


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"  # the tag of a `<<` key


class _UniqueKeyLoader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader (the C one, about ten times faster, when PyYAML has it) refusing a
    key given twice in one mapping: YAML would silently keep the last one (a second `id`).
    A key that is a list or a mapping is refused with its line; an integer too long for
    Python and an impossible date (2024-13-45) are left for validation to refuse.

    A merge key (`<<: *anchor`, or a list of them) is YAML's: the mapping's own keys win
    over the merged ones, and the first merged mapping over the next. A key written twice
    in one mapping, `<<` included, is still refused."""

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # Merging rewrites a node's pairs (the merged ones first, then its own, which may
        # repeat a merged key): its own keys are checked once, before that.
        checked: set[int] = self.__dict__.setdefault("_checked_nodes", set())
        if id(node) not in checked:
            checked.add(id(node))
            self._check_keys(node)
        super().flatten_mapping(node)

    def _check_keys(self, node: yaml.MappingNode) -> None:
        seen: set[object] = set()
        merges = 0
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                merges += 1
                if merges > 1:
                    raise _Refused(f"key {quote('<<')} is given twice (line {line})")
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                kind = "mapping" if isinstance(key, dict) else "list"
                raise _Refused(f"a key is a {kind} (line {line}); keys are names") from None
            if key in seen:
                raise _Refused(f"key {quote(key)} is given twice (line {line})")
            seen.add(key)

    def construct_huge_int(self, node: yaml.ScalarNode) -> object:
        try:
            return self.construct_yaml_int(node)
        except ValueError:  # more digits than int() reads (sys.get_int_max_str_digits)
            return HugeNumber(sum(c.isdigit() for c in node.value))

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> object:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):  # month 13: the text, for validation to refuse
            return self.construct_scalar(node)


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _UniqueKeyLoader.construct_huge_int)
_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_lenient_timestamp
)


def load_programme_file(path: Path) -> Programme:
    try:
        text = read_at_most(path, MAX_PROGRAMME_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such file") from None
    except TooLarge as error:
        raise CatalogueError(f"{path}: {error}, not a programme file") from None
    except UnicodeDecodeError:
        raise CatalogueError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise CatalogueError(f"{path}: cannot be read ({error.strerror})") from None
    return parse_programme(programme_data(text, str(path)), str(path))


def programme_data(text: str, path: str) -> object:
    """The data of a programme file's text, not validated yet: the one reader of programme
    files, for the catalogue's files, `check-catalogue` and a file opened in the app
    (planner.own.read_programme_text). Refuses (CatalogueError, naming `path`) a text over
    MAX_PROGRAMME_BYTES, nested too deep, with too many aliases, a key given twice or
    that is not valid YAML."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate, from a text that was never UTF-8
        raise CatalogueError(f"{path}: not UTF-8 text") from None
    if size > MAX_PROGRAMME_BYTES:
        raise CatalogueError(
            f"{path}: larger than {kilobytes(MAX_PROGRAMME_BYTES)}, not a programme file"
        )
    try:
        # Before parsing: the C composer crashes the process on deep nesting, and aliases
        # can multiply a small file into gigabytes.
        check_yaml_shape(text, _Base)
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except (TooComplex, _Refused) as error:
        raise CatalogueError(f"{path}: {error}") from None
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML ({one_line_yaml_error(error)})") from None
    except RecursionError:
        raise CatalogueError(f"{path}: nested too deeply") from None


def one_line_yaml_error(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    mark = getattr(error, "problem_mark", None)
    return f"{problem}, line {mark.line + 1}" if mark is not None else shorten(problem, 120)


class Catalogue(Frozen):
    """Every programme, by id."""

    programmes: tuple[Programme, ...]

    @cached_property
    def _by_id(self) -> dict[str, Programme]:
        return {p.id: p for p in self.programmes}

    def get(self, programme_id: str) -> Programme | None:
        """Constant time: one student's look-up costs the same whatever the catalogue size."""
        return self._by_id.get(programme_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.programmes)


def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    programmes = [load_programme_file(p) for p in sorted(directory.glob("*.yaml"))]
    ids = Counter(p.id for p in programmes)
    if dupes := [i for i, n in ids.items() if n > 1]:
        raise CatalogueError(f"{directory}: two files define programme {dupes[0]!r}")
    return Catalogue(programmes=tuple(programmes))


def json_schema() -> dict[str, object]:
    schema = Programme.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "M2 planner programme file"
    return schema
