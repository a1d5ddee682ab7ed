"""A programme document's problems, each at its field, in the app's languages: what the
builder page shows beside a field as it is typed, and what check-catalogue prints.

Errors are what `parse_programme` refuses: pydantic's and the models' own checks, read
from the one place they are written (planner.catalogue, planner.rules: they raise
planner.findings.Problems). Warnings are facts worth a look that do not refuse a document:
a course no unit holds, a unit without courses, ECTS that do not add up. A document being
built is refused until it is whole (a unit has no rule yet): its warnings are still found,
on the parts of it that are valid on their own, each check only where every part it reads
is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError

from planner.catalogue import (
    CatalogueError,
    Course,
    Figure,
    Option,
    Programme,
    Track,
    Unit,
    parse_programme,
)
from planner.findings import Finding, named, warning
from planner.frozen import Frozen
from planner.texts import DEFAULT_LANG, Lang, text

Model = TypeVar("Model", bound=Frozen)


def check_document(document: object) -> tuple[Programme | None, list[Finding]]:
    """The programme a document makes, or None; and its findings: its errors (when it is
    refused), then its warnings. Never raises, whatever the document holds."""
    try:
        programme = parse_programme(document)
    except CatalogueError as refused:  # parse_programme says each refusal by a finding
        return None, [*refused.findings, *_warnings(_Parts.valid_in(document))]
    return programme, programme_warnings(programme)


def programme_warnings(programme: Programme) -> list[Finding]:
    """A valid programme's warnings (check-catalogue prints them)."""
    return _warnings(_Parts.of(programme))


@dataclass(frozen=True)
class _Parts:
    """What the warnings read of a document: its valid courses and units, each with its
    place in the document, and whether nothing of the kind was left out as invalid."""

    courses: Sequence[tuple[int, Course]]
    units: Sequence[tuple[int, Unit]]
    every_unit: bool
    total: Figure | None  # None: not valid (a missing total_ects is an unknown one)
    tracks: Sequence[str] | None  # None: one of them is not valid
    options: Sequence[str] | None

    @classmethod
    def of(cls, programme: Programme) -> _Parts:
        return cls(
            courses=list(enumerate(programme.courses)),
            units=list(enumerate(programme.units)),
            every_unit=True,
            total=programme.total_ects,
            tracks=[t.id for t in programme.tracks],
            options=[o.id for o in programme.options],
        )

    @classmethod
    def valid_in(cls, document: object) -> _Parts:
        data = document if isinstance(document, Mapping) else {}
        courses = _valid(Course, data.get("courses"))
        units = _valid(Unit, data.get("units"))
        tracks = _valid(Track, data.get("tracks", []))
        options = _valid(Option, data.get("options", []))
        return cls(
            courses=courses,
            units=units,
            every_unit=_all_of(units, data.get("units")),
            total=_valid_one(Figure, data.get("total_ects", {"status": "unknown"})),
            tracks=[t.id for _, t in tracks] if _all_of(tracks, data.get("tracks", [])) else None,
            options=(
                [o.id for _, o in options] if _all_of(options, data.get("options", [])) else None
            ),
        )


def _valid(model: type[Model], items: object) -> list[tuple[int, Model]]:
    """The items of a list that the model accepts on their own, with their places."""
    if not isinstance(items, list):
        return []
    found = []
    for index, item in enumerate(items):
        if (valid := _valid_one(model, item)) is not None:
            found.append((index, valid))
    return found


def _valid_one(model: type[Model], item: object) -> Model | None:
    try:
        return model.model_validate(item)
    except ValidationError:
        return None


def _all_of(valid: Sequence[object], items: object) -> bool:
    return isinstance(items, list) and len(valid) == len(items)


def _warnings(parts: _Parts) -> list[Finding]:
    """What a programme may mean to say otherwise, in the document's order."""
    found: list[Finding] = []
    if parts.every_unit:  # a course held by a unit left out would look held by none
        held = {c for _, u in parts.units for c in u.courses}
        for index, course in parts.courses:
            if course.id not in held:
                where = ("courses", index)
                found.append(warning("check.course_in_no_unit", where, course=named(course.id)))
    ects = {c.id: c.ects.value for _, c in parts.courses}
    for index, unit in parts.units:
        if not unit.courses:
            where = ("units", index, "courses")
            found.append(warning("check.unit_without_courses", where, unit=named(unit.id)))
        elif (mismatch := _unit_ects(unit, index, ects)) is not None:
            found.append(mismatch)
    return found + _total_ects(parts)


def _unit_ects(unit: Unit, index: int, ects: Mapping[str, float | None]) -> Finding | None:
    """A unit's ECTS that its courses' ECTS, all known, do not make: the sum of its
    courses, or, for a choice among courses of one size, a number of them it allows."""
    value = unit.ects.value
    courses = [ects.get(c) for c in unit.courses]
    if value is None or any(c is None for c in courses):
        return None
    known = [float(c) for c in courses if c is not None]
    where = ("units", index, "ects")
    if unit.choose is None:
        if _same(sum(known), value):
            return None
        return warning("check.unit_ects_not_sum", where, ects=value, courses=sum(known))
    # Courses of different sizes: which choices the source means is not ours to guess.
    if len(set(known)) != 1:
        return None
    each = known[0]
    low, high = unit.choose.min, unit.choose.max
    if any(_same(n * each, value) for n in range(low, high + 1)):
        return None
    return warning("check.unit_ects_not_choice", where, ects=value, low=low, high=high, each=each)


def _total_ects(parts: _Parts) -> list[Finding]:
    """The programme's total against its graded units' ECTS (what planner.totals counts as
    the year's), for each track and option whose units' ECTS are all known."""
    total = parts.total.value if parts.total is not None else None
    if total is None or not parts.every_unit or parts.tracks is None or parts.options is None:
        return []
    tracks, options = set(parts.tracks), set(parts.options)
    if any(not (set(u.tracks) <= tracks and set(u.options) <= options) for _, u in parts.units):
        return []  # a unit of an unknown track is an error, its sums not worth a warning
    found = []
    seen: set[tuple[str, ...]] = set()
    for track in parts.tracks or [None]:
        for option in parts.options or [None]:
            units = [u for _, u in parts.units if u.followed_by(track, option)]
            graded = [u for u in units if u.kind == "graded"]
            ids = tuple(u.id for u in graded)
            if ids in seen or any(u.ects.value is None for u in graded):
                continue
            seen.add(ids)
            units_sum = sum(float(u.ects.value or 0) for u in graded)
            if not _same(units_sum, total):
                found.append(
                    warning(
                        "check.total_not_sum",
                        ("total_ects",),
                        total=total,
                        units=units_sum,
                        plan=_Plan(track, option),
                    )
                )
    return found


@dataclass(frozen=True)
class _Plan:
    """A track and option as a warning names them, in the language it is written in."""

    track: str | None
    option: str | None

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        parts = []
        if self.track is not None:
            parts.append(text("check.for_track", lang, track=named(self.track)))
        if self.option is not None:
            parts.append(text("check.for_option", lang, option=named(self.option)))
        return ", ".join(parts) or text("check.every_student", lang)


def _same(a: float, b: float) -> bool:
    """ECTS are whole or half numbers: a sum of floats equal to them up to rounding."""
    return abs(a - b) < 1e-9
