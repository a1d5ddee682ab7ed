"""The catalogue as one student browses it: the courses of their track (and, on request,
of their option), each once, the best match of a search first."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from planner.catalogue import Course, Programme, Unit


class Found(BaseModel):
    model_config = ConfigDict(frozen=True)

    course: Course
    units: tuple[Unit, ...]  # the units of this course the student can follow


def _in_scope(unit: Unit, track: str | None, option: str | None, only_plan: bool) -> bool:
    # A track's units only, always: an FA student never follows an FI unit.
    if track is not None and unit.tracks and track not in unit.tracks:
        return False
    return not (only_plan and option is not None and unit.options and option not in unit.options)


def _rank(course: Course, units: tuple[Unit, ...], needle: str) -> int | None:
    """0 the exact name, 1 a name that starts with the search, 2 one that contains it,
    3 a unit name or the description; None when nothing matches."""
    if not needle:
        return 0
    name = course.name.casefold()
    if name == needle:
        return 0
    if name.startswith(needle):
        return 1
    if needle in name:
        return 2
    rest = " ".join((*(u.name for u in units), course.description or "")).casefold()
    return 3 if needle in rest else None


def search_courses(
    programme: Programme,
    track: str | None,
    option: str | None,
    query: str = "",
    only_plan: bool = True,
) -> list[Found]:
    """The courses of the catalogue for this track (and option when `only_plan`), each
    once, those matching `query` (case-insensitive) ranked by how well they match, in
    catalogue order within a rank. With no track chosen, every track's units count."""
    needle = " ".join(query.split()).casefold()
    ranked: list[tuple[int, int, Found]] = []
    for index, course in enumerate(programme.courses):
        units = tuple(
            u
            for u in programme.units_of_course(course.id)
            if _in_scope(u, track, option, only_plan)
        )
        if not units and programme.units_of_course(course.id):
            continue
        rank = _rank(course, units, needle)
        if rank is not None:
            ranked.append((rank, index, Found(course=course, units=units)))
    return [found for _, _, found in sorted(ranked, key=lambda r: r[:2])]
