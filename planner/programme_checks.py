"""A programme document's problems, each at its field, in the app's languages: what the
builder page shows beside a field as it is typed, and what check-catalogue prints.

Errors are what `parse_programme` refuses: pydantic's and the models' own checks, read
from the one place they are written (planner.catalogue, planner.rules: they raise
planner.findings.Problems). Warnings are facts worth a look about a document that parses:
a course no unit holds, a unit without courses, ECTS that do not add up.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.catalogue import CatalogueError, Programme, Unit, parse_programme
from planner.findings import Finding, named, warning
from planner.texts import DEFAULT_LANG, Lang, text


def check_document(document: object) -> tuple[Programme | None, list[Finding]]:
    """The programme a document makes and its warnings; or None and its errors. Never
    raises, whatever the document holds."""
    try:
        programme = parse_programme(document)
    except CatalogueError as refused:  # parse_programme says each refusal by a finding
        return None, list(refused.findings)
    return programme, warnings(programme)


def warnings(programme: Programme) -> list[Finding]:
    """What a valid programme may mean to say otherwise, in the document's order."""
    found: list[Finding] = []
    held = {c for u in programme.units for c in u.courses}
    for index, course in enumerate(programme.courses):
        if course.id not in held:
            found.append(
                warning("check.course_in_no_unit", ("courses", index), course=named(course.id))
            )
    for index, unit in enumerate(programme.units):
        if not unit.courses:
            found.append(
                warning(
                    "check.unit_without_courses", ("units", index, "courses"), unit=named(unit.id)
                )
            )
        elif (mismatch := _unit_ects(programme, unit, index)) is not None:
            found.append(mismatch)
    return found + _total_ects(programme)


def _unit_ects(programme: Programme, unit: Unit, index: int) -> Finding | None:
    """A unit's ECTS that its courses' ECTS, all known, do not make: the sum of its
    courses, or, for a choice among courses of one size, a number of them it allows."""
    ects = unit.ects.value
    courses = [programme.course(c).ects.value for c in unit.courses]
    if ects is None or any(c is None for c in courses):
        return None
    known = [float(c) for c in courses if c is not None]
    where = ("units", index, "ects")
    if unit.choose is None:
        if _same(sum(known), ects):
            return None
        return warning("check.unit_ects_not_sum", where, ects=ects, courses=sum(known))
    # Courses of different sizes: which choices the source means is not ours to guess.
    if len(set(known)) != 1:
        return None
    each = known[0]
    low, high = unit.choose.min, unit.choose.max
    if any(_same(n * each, ects) for n in range(low, high + 1)):
        return None
    return warning("check.unit_ects_not_choice", where, ects=ects, low=low, high=high, each=each)


def _total_ects(programme: Programme) -> list[Finding]:
    """The programme's total against its graded units' ECTS (what planner.totals counts as
    the year's), for each track and option whose units' ECTS are all known."""
    total = programme.total_ects.value
    if total is None:
        return []
    found = []
    seen: set[tuple[str, ...]] = set()
    for track in [t.id for t in programme.tracks] or [None]:
        for option in [o.id for o in programme.options] or [None]:
            units = [u for u in programme.units_for(track, option) if u.kind == "graded"]
            ids = tuple(u.id for u in units)
            if ids in seen or any(u.ects.value is None for u in units):
                continue
            seen.add(ids)
            units_sum = sum(float(u.ects.value or 0) for u in units)
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
