"""Course capitalisation (capitalisation des EC), `rules.course_capitalisation` from
format_version 3: where the MCC says so, a course (EC) graded at or above a threshold keeps
its own ECTS even when its unit (UE) is not validated, and it is not retaken in session 2.

- Which ECTS. A unit validated (ADM, or CMP by compensation) keeps all its ECTS, as
  without this key. A unit not validated (AJ, once that code is certain) keeps the ECTS of
  each of its followed courses whose *final* grade reaches the threshold: session 2's
  where the course was retaken (its session-2 grade, or under `keep_best` the better of
  the two), else session 1's. A course's published ECTS count; an unpublished one is an
  unknown part of the sum ("6 + ?").
- Certainty. A course is said kept only once its unit's code is AJ and its final grade is
  known: a grade not entered yet, or a retake not sat yet, keeps nothing yet. A unit still
  pending keeps nothing yet either (it may still be validated, and keep all its ECTS).
- Retakes. The same key says a course at or above the threshold is acquired: a unit
  failed in session 1 retakes only its courses absent or below both its own threshold
  and this one (without the key: below its own threshold, as always).
- Which units: `units` lists them; empty (the default) means every graded unit.

A file of format_version 2 or 1 cannot give the key (it is refused with its path) and
reads as before: a failed unit keeps no ECTS.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from planner import texts
from planner.findings import FieldPath, Finding, error, named
from planner.frozen import MAX_GRADE_SCALE, Bilingual, Frozen, Identifier, Text
from planner.messages import Lang, listed, number
from planner.rules.grid import exact

if TYPE_CHECKING:
    from planner.catalogue import Programme
    from planner.rules.base import Grades, RuleBase, Verdicts


class CourseCapitalisation(Frozen):
    """Courses acquired on their own grade in a unit that is not validated."""

    threshold: float = Field(
        ge=0,
        le=MAX_GRADE_SCALE,
        allow_inf_nan=False,
        description="A course whose final grade reaches it keeps its ECTS (and is not "
        "retaken) when its unit is not validated.",
    )
    units: tuple[Identifier, ...] = Field(
        default=(), description="The units whose courses are capitalised; empty: every one."
    )
    status: Literal["published", "assumed"] = "assumed"
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )
    note: Bilingual | None = None

    def applies_to(self, unit_id: str) -> bool:
        return not self.units or unit_id in self.units

    def describe(self, programme: Programme, lang: Lang) -> str:
        threshold = f"{number(self.threshold, lang)}/{number(programme.grade_scale.max, lang)}"
        text = texts.text("rule.course_capitalisation", lang, threshold=threshold)
        if self.units:
            names = [programme.unit(u).name for u in self.units]
            text += texts.text(
                "rule.course_capitalisation_units", lang, **listed("units", names, lang)
            )
        return text

    def check(self, programme: Programme, where: FieldPath) -> list[Finding]:
        errors = []
        for u in self.units:
            if programme.rule_for(u) is None:
                errors.append(error("check.not_a_graded_unit", (*where, "units"), unit=named(u)))
        if self.threshold > programme.grade_scale.max:
            errors.append(error("check.above_scale", (*where, "threshold")))
        return errors


def capitalisation_for(programme: Programme, unit_id: str) -> CourseCapitalisation | None:
    """The course capitalisation that applies to a unit, or None."""
    found = programme.rules.course_capitalisation
    return found if found is not None and found.applies_to(unit_id) else None


def retake_threshold(programme: Programme, rule: RuleBase) -> float:
    """The grade below which a course of a unit failed in session 1 is retaken: the unit's
    threshold, or the capitalisation's where lower (a course at or above it is acquired)."""
    found = capitalisation_for(programme, rule.unit)
    if found is None:
        return rule.threshold
    return min(rule.threshold, found.threshold)


def retake_short_of(programme: Programme, rule: RuleBase) -> str:
    """How a retaken course misses retake_threshold(), as the texts name it: `not_above`
    for a strict rule (a course at its threshold is retaken), else `below`. A course at or
    above a capitalisation's threshold is acquired, strict rule or not."""
    if capitalisation_for(programme, rule.unit) is not None:
        return "below"
    return rule.short_of


def is_retaken(programme: Programme, rule: RuleBase, value: Fraction | None) -> bool:
    """Whether a course's grade (None: an absence) makes a failed unit retake it."""
    threshold = exact(retake_threshold(programme, rule))
    if retake_short_of(programme, rule) == "not_above":
        return rule.falls_short(value, threshold)
    return value is None or value < threshold


def sample_retaken(programme: Programme, rule: RuleBase, grades: Grades) -> Verdicts:
    """is_retaken() draw by draw (-inf, an absence, included)."""
    if retake_short_of(programme, rule) == "not_above":
        return rule.sample_falls_short(grades)
    return grades < retake_threshold(programme, rule)


def sample_kept_ects(
    programme: Programme, unit_id: str, courses: Sequence[str], grades: Grades
) -> Grades | float:
    """The published ECTS of the unit's followed `courses` (`grades`: a row for each, the
    final grades its verdict judges) at or above the capitalisation threshold, draw by
    draw: what the unit keeps if it is not validated, as engine.courses_kept says (an
    absence, -inf, or a course left out, NaN, keeps nothing); 0 where its courses are not
    capitalised."""
    found = capitalisation_for(programme, unit_id)
    if found is None:
        return 0.0
    return sum(
        (
            (row >= found.threshold) * (programme.course(c).ects.value or 0.0)
            for c, row in zip(courses, grades, strict=True)
        ),
        0.0,
    )
