"""Side-by-side views: every valid combination of a plan's choices, and options compared
unit by unit."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from planner.catalogue import Programme, Unit
from planner.scenario import Scenario
from planner.totals import Amount, Totals, add, compute_totals, figures_of, unit_totals

MAX_COMBINATIONS = 10_000


def _unit_picks(unit: Unit) -> Iterator[tuple[str, ...]]:
    """A choose-unit's valid picks, one at a time: 10 of 100 courses are 17 310 309 456 440
    of them, which no list holds."""
    assert unit.choose is not None
    for size in range(unit.choose.min, unit.choose.max + 1):
        yield from itertools.combinations(unit.courses, size)


def _pick_count(unit: Unit) -> int:
    assert unit.choose is not None
    n = len(unit.courses)
    return sum(math.comb(n, size) for size in range(unit.choose.min, unit.choose.max + 1))


def count_combinations(programme: Programme, track: str | None, option: str | None) -> int:
    """How many valid sets of choices there are, counted, not listed."""
    return math.prod(_pick_count(u) for u in programme.units_for(track, option) if u.choose)


def combinations(
    programme: Programme, track: str | None, option: str | None, limit: int = MAX_COMBINATIONS
) -> Iterator[frozenset[str]]:
    """Every valid set of choices (each choose-unit's min..max picks), at most `limit`, in
    itertools.product's order. Built one at a time: itertools.product reads each unit's
    picks whole before it gives the first."""
    units = [u for u in programme.units_for(track, option) if u.choose]

    def product(index: int) -> Iterator[tuple[tuple[str, ...], ...]]:
        if index == len(units):
            yield ()
            return
        for pick in _unit_picks(units[index]):
            for rest in product(index + 1):
                yield (pick, *rest)

    for picks in itertools.islice(product(0), limit):
        yield frozenset(c for pick in picks for c in pick)


@dataclass(frozen=True)
class Combination:
    choices: tuple[str, ...]
    ects: Amount
    lecture_hours: Amount
    tutorial_hours: Amount

    @property
    def hours(self) -> Amount:
        """CM and TD together: a part not published stays missing, never a 0."""
        return add([("cm", self.lecture_hours), ("td", self.tutorial_hours)])


def combination_table(
    programme: Programme, track: str | None, option: str | None, limit: int = MAX_COMBINATIONS
) -> list[Combination]:
    rows = []
    # Thousands of plans: computed directly, not through plan_totals' memo, which they
    # would flush for every student (these tables are cached per server by the page).
    # A unit without choices has the same figures in every row: computed once.
    units = programme.units_for(track, option)
    fixed = {u.id: unit_totals(programme, u, frozenset()) for u in units if not u.choose}
    for choices in combinations(programme, track, option, limit):
        ects, lecture_hours, tutorial_hours = figures_of(
            [fixed.get(u.id) or unit_totals(programme, u, choices) for u in units]
        )
        rows.append(
            Combination(
                choices=tuple(sorted(choices)),
                ects=ects,
                lecture_hours=lecture_hours,
                tutorial_hours=tutorial_hours,
            )
        )
    return rows


@dataclass(frozen=True)
class Span:
    """A figure over every valid choice: one value, or a range when choices change it."""

    low: float | None
    high: float | None
    status: str
    # Some valid choice's figure leaves a part out (not published): the span is at least
    # this much, as a sum with a missing part is ("39 +?").
    partial: bool = False


def _span(amounts: Sequence[Amount]) -> Span:
    values = [a.value for a in amounts if a.value is not None]
    statuses = {a.status for a in amounts}
    status = next((s for s in ("unknown", "inferred") if s in statuses), "published")
    if not values:
        return Span(low=None, high=None, status="unknown")
    partial = any(a.missing or a.value is None for a in amounts)
    return Span(low=min(values), high=max(values), status=status, partial=partial)


@dataclass(frozen=True)
class UnitComparison:
    name: str
    ects: Span
    lecture_hours: Span
    tutorial_hours: Span
    courses: tuple[str, ...]
    choose: tuple[int, int] | None


@dataclass(frozen=True)
class OptionComparison:
    track: str | None
    option: str | None
    units: dict[str, UnitComparison]  # by unit name, so that options line up
    ects: Span
    lecture_hours: Span
    tutorial_hours: Span
    # How many valid sets of choices the option has, and how many the spans are over (the
    # first `limit`): fewer when it has too many to go through.
    combinations: int = 1
    counted: int = 1

    @property
    def complete(self) -> bool:
        """Whether the spans are over every valid choice."""
        return self.counted >= self.combinations


OPTION_LIMIT = 2_000


def compare_option(
    programme: Programme, track: str | None, option: str | None, limit: int = OPTION_LIMIT
) -> OptionComparison:
    """One column of the comparison: each unit's figures over every valid choice, or over
    the first `limit` of them (`complete` says which)."""
    all_totals: list[Totals] = [
        compute_totals(programme, track, option, choices)
        for choices in combinations(programme, track, option, limit)
    ]
    units: dict[str, UnitComparison] = {}
    for index, unit in enumerate(programme.units_for(track, option)):
        parts = [t.units[index] for t in all_totals]
        units[unit.name] = UnitComparison(
            name=unit.name,
            ects=_span([p.ects for p in parts]),
            lecture_hours=_span([p.lecture_hours for p in parts]),
            tutorial_hours=_span([p.tutorial_hours for p in parts]),
            courses=unit.courses,
            choose=(unit.choose.min, unit.choose.max) if unit.choose else None,
        )
    return OptionComparison(
        track=track,
        option=option,
        units=units,
        ects=_span([t.ects for t in all_totals]),
        lecture_hours=_span([t.lecture_hours for t in all_totals]),
        tutorial_hours=_span([t.tutorial_hours for t in all_totals]),
        combinations=count_combinations(programme, track, option),
        counted=len(all_totals),
    )


def same_figures(rows: Sequence[Combination]) -> Combination | None:
    """The one row that stands for all, when every combination has the same ECTS, CM and
    TD (value and status); None when the choices change a figure."""
    if not rows:
        return None
    first = rows[0]
    figures = (first.ects, first.lecture_hours, first.tutorial_hours)
    if all((r.ects, r.lecture_hours, r.tutorial_hours) == figures for r in rows):
        return first
    return None


def short_name(name: str) -> str:
    """What a student calls a track or an option: "FI (formation initiale)" → "FI",
    "Mathematics for Data Science (MDS)" → "MDS"; a name without an abbreviation as is."""
    head, _, rest = name.partition(" (")
    inside = rest.removesuffix(")")
    if rest and inside.isupper() and " " not in inside:
        return inside
    if rest and head.isupper() and " " not in head:
        return head
    return name


class Difference(BaseModel):
    """One course on which saved scenarios differ: chosen or not, or its grade."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["choice", "grade", "session2_grade"]
    course: str
    # One per scenario, in order: chosen or not, or a grade ("ABJ": a justified absence).
    values: tuple[bool | float | str | None, ...]


def scenario_differences(scenarios: Sequence[Scenario]) -> list[Difference]:
    """Each course chosen in some scenarios only, then each grade (session 1, then
    session 2) that is not the same in all; an empty grade differs from any number."""
    out: list[Difference] = []
    chosen = [set(s.choices) for s in scenarios]
    for course in dict.fromkeys(c for s in scenarios for c in s.choices):
        values = tuple(course in c for c in chosen)
        if len(set(values)) > 1:
            out.append(Difference(kind="choice", course=course, values=values))
    for kind in ("grade", "session2_grade"):
        books = [s.grades if kind == "grade" else s.session2_grades for s in scenarios]
        for course in dict.fromkeys(c for book in books for c in book):
            values = tuple(book.get(course) for book in books)
            if len(set(values)) > 1:
                out.append(Difference(kind=kind, course=course, values=values))
    return out
