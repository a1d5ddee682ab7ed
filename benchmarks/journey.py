"""The student journey every load driver plays, once, as data: each driver (the agent API
in benchmarks.load, a browser tab in benchmarks.wire) only says how it does a step, so the
two measure the same journey by construction.

A loop of 12 steps: grade edits in session 1 (the internship, then the fundamentals
failed, which offers their retakes), the retakes graded in session 2, a choice changed on
the Plan page and back, page switches, the fundamentals passed.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.harness import FUNDAMENTALS, OTHER_COURSE

Kind = str  # "grade" (session 1 or 2), "choice" or "page"
LOOP = 12


@dataclass(frozen=True)
class Grades:
    """Grades typed in a session's sheet (or form), course id -> text."""

    session: int
    grades: dict[str, str]


@dataclass(frozen=True)
class Retakes:
    """The first two retakes the page offers, graded in session 2; when none is offered,
    `otherwise` (a session-1 edit) instead."""

    grade: str
    otherwise: Grades


@dataclass(frozen=True)
class Page:
    """A click in the navigation: the page's url path ("" is the Plan page, the default)."""

    path: str


@dataclass(frozen=True)
class Choice:
    """A specialisation course's box on the Plan page ticked, or unticked."""

    course: str
    ticked: bool


Step = Grades | Retakes | Page | Choice


def step_of(step: int) -> tuple[Kind, Step]:
    low = str(20 + step % 7)  # a new value on each loop: every edit changes the plan
    loop = step % LOOP
    first = FUNDAMENTALS[0]
    steps: list[tuple[Kind, Step]] = [
        ("grade", Grades(1, {"stage": str(60 + step % 30)})),
        ("grade", Grades(1, dict.fromkeys(FUNDAMENTALS, low))),
        ("grade", Retakes("65", otherwise=Grades(1, {first: "65"}))),
        ("grade", Grades(1, {first: str(55 + step % 9)})),
        ("page", Page("")),
        ("choice", Choice(OTHER_COURSE, ticked=True)),
        ("choice", Choice(OTHER_COURSE, ticked=False)),
        ("page", Page("grades")),
        ("grade", Grades(1, dict.fromkeys(FUNDAMENTALS, str(50 + step % 11)))),
        ("page", Page("catalogue")),
        ("page", Page("calendar")),
        ("page", Page("grades")),
    ]
    return steps[loop]
