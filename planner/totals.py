"""ECTS and CM/TD hours of a plan, per unit, semester and year.

An unknown figure is never counted as 0: it is left out of the sum and the unit is listed
as incomplete, so a page can say "not published" instead of showing a wrong total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.catalogue import Figure, Programme, Unit
from planner.engine import choice_is_valid, enrolled_courses
from planner.memo import memo

FigureStatus = str  # "published" | "inferred" | "unknown"


@dataclass(frozen=True)
class Amount:
    """A sum with its provenance: the worst status of its parts."""

    value: float | None
    status: FigureStatus
    missing: tuple[str, ...] = ()  # ids whose figure is unknown

    @property
    def complete(self) -> bool:
        return not self.missing and self.value is not None


def _worst(statuses: Sequence[str]) -> str:
    for status in ("unknown", "inferred"):
        if status in statuses:
            return status
    return "published"


def add(parts: Sequence[tuple[str, Figure | Amount]]) -> Amount:
    # One pass: the Compare page adds up ten thousand combinations of choices.
    value = 0.0
    any_known = False
    statuses: set[str] = set()
    missing: list[str] = []
    for ident, figure in parts:
        if figure.value is None:
            missing.append(ident)
            continue
        any_known = True
        value += float(figure.value)
        statuses.add(figure.status)
        if isinstance(figure, Amount) and figure.missing:
            missing.extend(figure.missing)
    if not any_known:
        return Amount(value=None, status="unknown", missing=tuple(missing))
    status = "unknown" if missing or "unknown" in statuses else _worst(tuple(statuses))
    return Amount(value=value, status=status, missing=tuple(dict.fromkeys(missing)))


@dataclass(frozen=True)
class UnitTotals:
    unit: str
    name: str
    semester: str | None
    kind: str
    ects: Amount
    lecture_hours: Amount
    tutorial_hours: Amount
    courses: tuple[str, ...]
    choice_valid: bool


def _unit_hours(programme: Programme, unit: Unit, courses: Sequence[str], field: str) -> Amount:
    unit_figure: Figure = getattr(unit, field)
    course_sum = add([(c, getattr(programme.course(c), field)) for c in courses])
    # A unit-level published figure wins when the course split is only inferred or missing.
    # The unit's own figure holds for any valid choice, so it shows before the choice is
    # made too ("2 of 3": 40 h CM published for the unit).
    if unit_figure.value is not None and (
        not choice_is_valid(unit, frozenset(courses))
        or not course_sum.complete
        or course_sum.status != "published"
    ):
        return Amount(value=unit_figure.value, status=unit_figure.status)
    if not courses:
        return Amount(value=None, status="unknown", missing=(unit.id,))
    return course_sum


def unit_totals(programme: Programme, unit: Unit, choices: frozenset[str]) -> UnitTotals:
    courses = enrolled_courses(unit, choices)
    ects = unit.ects
    return UnitTotals(
        unit=unit.id,
        name=unit.name,
        semester=unit.semester,
        kind=unit.kind,
        ects=Amount(value=ects.value, status=ects.status, missing=() if ects.known else (unit.id,)),
        lecture_hours=_unit_hours(programme, unit, courses, "lecture_hours"),
        tutorial_hours=_unit_hours(programme, unit, courses, "tutorial_hours"),
        courses=courses,
        choice_valid=choice_is_valid(unit, choices),
    )


@dataclass(frozen=True)
class Totals:
    units: tuple[UnitTotals, ...]
    ects: Amount
    lecture_hours: Amount
    tutorial_hours: Amount
    # (semester, (ECTS, CM, TD)) in the programme's order; a tuple, not a dict: a Totals is
    # shared between sessions by the memo below and must not be mutable.
    semesters: tuple[tuple[str, tuple[Amount, Amount, Amount]], ...]

    @property
    def incomplete(self) -> tuple[str, ...]:
        """Units with a figure not published (so the sums leave them out)."""
        return tuple(
            u.unit
            for u in self.units
            if u.ects.missing or u.lecture_hours.missing or u.tutorial_hours.missing
        )


def _sum(units: Sequence[UnitTotals], field: str) -> Amount:
    return add([(u.unit, getattr(u, field)) for u in units])


def _credited(units: Sequence[UnitTotals]) -> list[UnitTotals]:
    """Units that carry the year's credits. Bonus units and all-year activities have no ECTS
    by nature (the year's 60 are the graded units'), so they never make the sum partial."""
    return [u for u in units if u.kind == "graded"]


# Plans, not students: a few kB each, shared by every session.
@memo(size=4096)
def plan_totals(
    programme: Programme, track: str | None, option: str | None, choices: frozenset[str]
) -> Totals:
    """The plan's totals, memoised per plan: they depend only on the immutable programme
    and the plan (never on grades), and every rerun of the Plan and Grades pages asks."""
    return compute_totals(programme, track, option, choices)


def compute_totals(
    programme: Programme, track: str | None, option: str | None, choices: frozenset[str]
) -> Totals:
    """The totals, computed (plan_totals serves them from the memo)."""
    units = tuple(unit_totals(programme, u, choices) for u in programme.units_for(track, option))
    return totals_of(units)


def figures_of(units: Sequence[UnitTotals]) -> tuple[Amount, Amount, Amount]:
    """ECTS (of the units that carry credits), CM and TD hours of some units."""
    return (
        _sum(_credited(units), "ects"),
        _sum(units, "lecture_hours"),
        _sum(units, "tutorial_hours"),
    )


def totals_of(units: tuple[UnitTotals, ...]) -> Totals:
    """The totals of a plan from its units' (in the programme's order)."""
    semesters = []
    for semester in dict.fromkeys(u.semester or "—" for u in units):
        part = [u for u in units if (u.semester or "—") == semester]
        semesters.append((semester, figures_of(part)))
    ects, lecture_hours, tutorial_hours = figures_of(units)
    return Totals(
        units=units,
        ects=ects,
        lecture_hours=lecture_hours,
        tutorial_hours=tutorial_hours,
        semesters=tuple(semesters),
    )
