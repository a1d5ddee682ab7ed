"""Plan totals are memoised per plan and shared between sessions: they must be immutable,
and a different programme object (even with the same id) must get its own totals."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from planner.totals import plan_totals
from tests.unit.support import IM, MDS_CHOICES, programme


def test_the_same_plan_gets_the_same_totals_object():
    im = programme(IM)
    first = plan_totals(im, "fi", "mds", frozenset(MDS_CHOICES))
    assert plan_totals(im, "fi", "mds", frozenset(MDS_CHOICES)) is first
    assert plan_totals(im, "fi", "mds", frozenset(MDS_CHOICES[:1])) is not first


def test_another_programme_object_with_the_same_id_is_not_served_stale_totals():
    im = programme(IM)
    before = plan_totals(im, "fi", "mds", frozenset(MDS_CHOICES))
    unit = im.units_for("fi", "mds")[0]
    course = im.course(unit.courses[0])
    doubled = course.model_copy(
        update={"ects": course.ects.model_copy(update={"value": 2 * (course.ects.value or 1)})}
    )
    edited = im.model_copy(
        update={"courses": tuple(doubled if c.id == course.id else c for c in im.courses)}
    )
    assert edited.id == im.id
    after = plan_totals(edited, "fi", "mds", frozenset(MDS_CHOICES))
    assert after is not before


def test_memoised_totals_cannot_be_changed_by_a_page():
    totals = plan_totals(programme(IM), "fi", "mds", frozenset(MDS_CHOICES))
    with pytest.raises(FrozenInstanceError):
        totals.ects = totals.lecture_hours  # type: ignore[misc]
    assert isinstance(totals.semesters, tuple)
    with pytest.raises(TypeError):
        totals.semesters[0] = ("S9", totals.semesters[0][1])  # type: ignore[index]
