"""Catalogue models: a programme file validated into immutable pydantic objects.

Every figure (ECTS, hours) is a `Figure` that says where it comes from: published in the
source document, inferred by a written rule, or unknown. Totals never count an unknown
figure as 0; they list it instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from planner.findings import FieldPath, Finding, Problems, error, named, refuse
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
from planner.texts import DEFAULT_LANG, Lang, colon

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
            raise refuse("check.unknown_figure_with_value", ("value",))
        if self.status == "published" and self.value is None:
            raise refuse("check.published_figure_without_value", ("value",))
        if self.status == "inferred" and self.value is None:
            raise refuse("check.inferred_figure_without_value", ("value",))
        if self.status == "inferred" and not self.rule:
            raise refuse("check.inferred_figure_without_rule", ("rule",))
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
        raise refuse("check.end_before_start", ("end",), end=str(end), start=str(start))


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
            raise refuse("check.choose_min_above_max", ("min",), min=self.min, max=self.max)
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

    def followed_by(self, track: str | None, option: str | None) -> bool:
        """Whether a student of this track and option follows the unit."""
        return (not self.tracks or track in self.tracks) and (
            not self.options or option in self.options
        )

    @model_validator(mode="after")
    def _choose_fits(self) -> Unit:
        problems = [
            error("check.course_twice_in_unit", ("courses",), course=named(c))
            for c, n in Counter(self.courses).items()
            if n > 1
        ]
        if self.choose and self.choose.max > len(self.courses):
            problems.append(
                error(
                    "check.choose_more_than_courses",
                    ("choose", "max"),
                    max=self.choose.max,
                    count=len(self.courses),
                )
            )
        if problems:
            raise Problems(problems)
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
        problems: list[Finding] = []
        for code, key, items in (
            ("check.duplicate_course", "courses", self.courses),
            ("check.duplicate_unit", "units", self.units),
            ("check.duplicate_track", "tracks", self.tracks),
            ("check.duplicate_option", "options", self.options),
            ("check.duplicate_event", "calendar", self.calendar),
        ):
            seen: set[str] = set()
            for index, item in enumerate(items):
                if item.id in seen:  # the second one is the one to rename or remove
                    problems.append(error(code, (key, index, "id"), id=named(item.id)))
                seen.add(item.id)
        course_ids = {c.id for c in self.courses}
        unit_ids = {u.id for u in self.units}
        track_ids = {t.id for t in self.tracks}
        option_ids = {o.id for o in self.options}
        for index, unit in enumerate(self.units):
            for c in unit.courses:
                if c not in course_ids:
                    problems.append(
                        error("check.unknown_course", ("units", index, "courses"), id=named(c))
                    )
            for t in unit.tracks:
                if t not in track_ids:
                    problems.append(
                        error("check.unknown_track", ("units", index, "tracks"), id=named(t))
                    )
            for o in unit.options:
                if o not in option_ids:
                    problems.append(
                        error("check.unknown_option", ("units", index, "options"), id=named(o))
                    )
        ruled = Counter(r.unit for r in self.rules.units)
        for index, rule in enumerate(self.rules.units):
            where: FieldPath = ("rules", "units", index)
            if rule.unit not in unit_ids:
                problems.append(error("check.unknown_unit", (*where, "unit"), id=named(rule.unit)))
                continue
            if ruled[rule.unit] > 1:
                problems.append(
                    error("check.unit_has_two_rules", (*where, "unit"), unit=named(rule.unit))
                )
            unit = self.unit(rule.unit)
            if unit.kind != "graded":
                problems.append(error("check.rule_for_ungraded_unit", where, unit=named(unit.id)))
            problems += rule.check(self, unit, where)
            for b in rule.bonus_from:
                if b not in unit_ids or self.unit(b).kind != "bonus":
                    problems.append(
                        error("check.not_a_bonus_unit", (*where, "bonus_from"), unit=named(b))
                    )
        in_group: Counter[str] = Counter()
        for index, group in enumerate(self.rules.groups):
            problems += group.check(self, ("rules", "compensation", index))
            in_group.update(group.units)
        for u, n in in_group.items():
            if n > 1:
                problems.append(
                    error("check.unit_in_groups", ("rules", "compensation"), unit=named(u), n=n)
                )
        problems += self._nesting_problems()
        if self.rules.course_capitalisation is not None:
            problems += self.rules.course_capitalisation.check(
                self, ("rules", "course_capitalisation")
            )
        for index, course in enumerate(self.courses):
            problems += check_components(course, ("courses", index))
        # A bonus's target group, by its units: a group of units, never a group of groups
        # (its mean is of its member groups' means, named by no units list).
        group_units = [g.units for g in self.rules.groups if not g.groups]
        for index, bonus in enumerate(self.rules.bonus_points):
            problems += bonus.check(self, group_units, ("rules", "bonus_points", index))
        problems += check_progression(self)
        problems += [
            error(
                "check.needs_later_version",
                where,
                key=what,
                version=version,
                current=self.format_version,
            )
            for where, what, version in self._later_keys()
            if version > self.format_version
        ]
        for index, group in enumerate(self.rules.no_compensation_published):
            for u in group.units:
                if u not in unit_ids:
                    path = ("rules", "no_compensation_published", index, "units")
                    problems.append(error("check.unknown_unit", path, id=named(u)))
        for index, unit in enumerate(self.units):
            if unit.kind == "graded" and unit.id not in ruled:
                problems.append(
                    error("check.graded_unit_without_rule", ("units", index), unit=named(unit.id))
                )
        for index, event in enumerate(self.calendar):
            for t in event.tracks:
                if t not in track_ids:
                    problems.append(
                        error("check.unknown_track", ("calendar", index, "tracks"), id=named(t))
                    )
            # As an inferred figure: from version 3, where an event can say its rule.
            inferred = event.status == "inferred" and event.start is not None
            if inferred and event.rule is None and self.format_version >= 3:
                problems.append(
                    error("check.inferred_dates_without_rule", ("calendar", index, "rule"))
                )
        if problems:
            raise Problems(problems)
        return self

    def _nesting_problems(self) -> list[Finding]:
        """A group held by another (nested compensation) is named once, held by one group
        at most, and never holds itself, even through others."""
        where: FieldPath = ("rules", "compensation")
        groups = self.rules.groups
        ids = Counter(g.id for g in groups if g.id is not None)
        problems = [
            error("check.duplicate_group", where, id=named(i)) for i, n in ids.items() if n > 1
        ]
        held = Counter(g for group in groups for g in group.groups)
        problems += [
            error("check.group_in_groups", where, group=named(g), n=n)
            for g, n in held.items()
            if n > 1
        ]
        if problems or any(g not in ids for g in held):  # each group's check names the unknown
            return problems
        inside = {g.id: g.groups for g in groups if g.id is not None}
        for index, group in enumerate(groups):
            seen, todo = set(), list(group.groups)
            while todo:
                g = todo.pop()
                if g == group.id:
                    problems.append(error("check.group_holds_itself", (*where, index, "groups")))
                    break
                if g not in seen:
                    seen.add(g)
                    todo += inside.get(g, ())
        return problems

    def _later_keys(self) -> list[tuple[FieldPath, str, int]]:
        """(where, the key as the file writes it, the version that introduced it) for each
        key of a version 2 on."""
        found: list[tuple[FieldPath, str, int]] = []
        if self.origin == "entered":
            found.append((("origin",), "origin: entered", ORIGIN_VERSION))
        for index, rule in enumerate(self.rules.units):
            where: FieldPath = ("rules", "units", index)
            if rule.since_version > 1:
                found.append(((*where, "kind"), f"kind: {rule.kind}", rule.since_version))
            if rule.course_floor is not None:
                found.append(((*where, "course_floor"), "course_floor", 2))
            if rule.strict:  # `strict: false` is the default, written or not
                found.append(((*where, "strict"), "strict", 3))
        if self.rules.groups:
            found.append((("rules", "compensation"), "compensation groups", 2))
        for index, group in enumerate(self.rules.groups):
            where = ("rules", "compensation", index)
            for key in ("floor_blocks", "min_ects_acquired", "zeros_eliminatory", "id", "name"):
                if getattr(group, key) is not None:
                    found.append(((*where, key), key, 3))
            if group.groups:
                found.append(((*where, "groups"), "groups", 3))
        for key in ("course_capitalisation", "absence", "justified_absence", "component_session2"):
            if getattr(self.rules, key) is not None:
                found.append((("rules", key), key, 3))
        if self.rules.bonus_points:
            found.append((("rules", "bonus_points"), "bonus_points", 3))
        for index, course in enumerate(self.courses):
            for key in ("absence", "justified_absence", "component_session2"):
                if getattr(course, key) is not None:
                    found.append((("courses", index, key), key, 3))
            if course.components:
                found.append((("courses", index, "components"), "components", 3))
        for index, event in enumerate(self.calendar):
            for key in ("rule", "source"):
                if getattr(event, key) is not None:
                    found.append((("calendar", index, key), key, 3))
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
        return tuple(u for u in self.units if u.followed_by(track, option))

    def units_of_course(self, course_id: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if course_id in u.courses)


class CatalogueError(Exception):
    """A programme file that cannot be read or does not validate. A document that does not
    validate keeps its findings, to be written in any language (`text`)."""

    def __init__(self, message: str, findings: Sequence[Finding] = (), source: str = "") -> None:
        super().__init__(message)
        self.findings = tuple(findings)
        self.source = source

    @classmethod
    def found(cls, source: str, findings: Sequence[Finding]) -> CatalogueError:
        """The refusal of a document for its findings (its message: their English lines)."""
        return cls(_lines(source, findings, DEFAULT_LANG), findings, source)

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """One line per finding, each after the file's name; the message as it is when
        the file could not be read."""
        if not self.findings:
            return str(self)
        return _lines(self.source, self.findings, lang)


def _lines(source: str, findings: Sequence[Finding], lang: Lang) -> str:
    return "\n".join(f"{source}{colon(lang)}{f.line(lang)}" for f in findings)


_KIND_NAMES = frozenset(kind.model_fields["kind"].annotation.__args__[0] for kind in KINDS)  # type: ignore[union-attr]


# How pydantic names the branch of a union it tried ("dict[str,...]") or a mapping's key
# ("[key]"); a key of the file is kept, even with a bracket ("\x1b[2J").
_BRANCH = re.compile(r"([a-z][\w-]*)?\[.*\]")


def _is_branch(part: object) -> bool:
    return isinstance(part, str) and _BRANCH.fullmatch(part) is not None


# pydantic's stable error types -> the text that says it in the app's languages (its own
# wording is English only). Any other type reads "not accepted", with pydantic's words.
PYDANTIC_TEXTS = {
    "missing": "check.missing",
    "extra_forbidden": "check.unknown_key",
    "string_too_short": "refusal.too_short",
    "too_short": "check.too_few_items",
    "string_too_long": "refusal.string_too_long",
    "too_long": "refusal.too_long",
    "literal_error": "check.not_one_of",
    "enum": "check.not_one_of",
    "greater_than_equal": "refusal.greater_than_equal",
    "greater_than": "check.greater_than",
    "less_than_equal": "refusal.less_than_equal",
    "less_than": "check.less_than",
    "float_type": "refusal.not_a_number",
    "float_parsing": "refusal.not_a_number",
    "int_type": "refusal.not_a_number",
    "int_parsing": "refusal.not_a_number",
    "finite_number": "refusal.not_a_number",
    "int_from_float": "check.not_whole",
    "string_type": "refusal.not_text",
    "string_pattern_mismatch": "check.not_an_identifier",
    "dict_type": "check.not_a_mapping",
    "model_type": "check.not_a_mapping",
    "model_attributes_type": "check.not_a_mapping",
    "mapping_type": "check.not_a_mapping",
    "tuple_type": "refusal.not_a_list",
    "list_type": "refusal.not_a_list",
    "bool_type": "refusal.not_true_or_false",
    "bool_parsing": "refusal.not_true_or_false",
    "date_type": "check.not_a_date",
    "date_parsing": "check.not_a_date",
    "date_from_datetime_parsing": "check.not_a_date",
    "date_from_datetime_inexact": "check.not_a_date",
    "union_tag_invalid": "check.unknown_kind",
    "union_tag_not_found": "check.no_kind",
}

# A bound or an allowed value of pydantic's context, as a text takes it.
_CONTEXT = ("ge", "gt", "le", "lt", "min_length", "max_length")


def _allowed(expected: object) -> str:
    """pydantic's list of allowed values ("'graded', 'bonus' or 'activity'") as the
    values, comma-separated, in any language."""
    return ", ".join(v for v in re.split(r", | or ", str(expected)) if v)


def _pydantic_finding(e: Mapping[str, Any], path: FieldPath, kinds: list[str]) -> Finding:
    value = e.get("input")
    ctx = e.get("ctx", {})
    if isinstance(value, HugeNumber):
        return error("check.huge_number", path, digits=value.digits)
    if isinstance(value, int) and not isinstance(value, bool) and e["type"] == "float_type":
        return error("check.number_too_large", path)
    if kinds and e["type"] == "extra_forbidden":
        return error("check.key_not_in_kind", path, key=shorten(path[-1]), kind=kinds[0])
    code = PYDANTIC_TEXTS.get(e["type"], "check.not_accepted")
    # A number bound is written the language's way ("1 000"), a date bound as it is.
    params: dict[str, object] = {
        k: ctx[k] if isinstance(ctx[k], (int, float)) else str(ctx[k]) for k in _CONTEXT if k in ctx
    }
    if code == "check.not_one_of":
        params["values"] = _allowed(ctx.get("expected", ""))
    elif code == "check.unknown_kind":
        params |= {"kind": named(ctx.get("tag", "")), "values": _allowed(ctx.get("expected_tags"))}
    elif code == "check.no_kind":
        params["values"] = ", ".join(sorted(_KIND_NAMES))
    elif code == "check.not_accepted":
        params["detail"] = shorten(e["msg"])
    return error(code, path, **params)


def validation_findings(validation: ValidationError) -> list[Finding]:
    """The findings of pydantic's errors: the models' own (Problems, placed at the model's
    location) as they are, pydantic's own in words of the catalogue."""
    found = []
    errors = validation.errors()
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
        # (rules.units.0.mean_of_all.k, weights.dict[...].b2): not a place of the file.
        kinds = [str(p) for p in e["loc"] if p in _KIND_NAMES]
        path: FieldPath = tuple(p for p in e["loc"] if p not in _KIND_NAMES and not _is_branch(p))
        problems = e.get("ctx", {}).get("error")
        if isinstance(problems, Problems):
            found += [f.under(*path) for f in problems.findings]
            continue
        finding = _pydantic_finding(e, path, kinds)
        if kinds and finding.code != "check.key_not_in_kind":
            finding = error("check.in_a_kind_rule", path, text=finding, kind=kinds[0])
        found.append(finding)
    return found


def parse_programme(data: object, path: str = "<data>") -> Programme:
    if not isinstance(data, dict):
        raise CatalogueError.found(path, [error("check.not_a_mapping_at_top")])
    try:
        return Programme.model_validate(data)
    except ValidationError as invalid:
        raise CatalogueError.found(path, validation_findings(invalid)) from None


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
