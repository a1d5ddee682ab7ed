"""The computations behind the Compare and Catalogue screens: same figures over every
combination, what differs between saved scenarios, short names, and the catalogue search."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.compare import (
    combination_table,
    count_combinations,
    same_figures,
    scenario_differences,
    short_name,
)
from planner.scenario import Scenario
from planner.search import search_courses
from tests.unit.support import IM, SL, catalogue


def test_stat_learning_combinations_all_have_the_same_figures():
    programme = catalogue().get(SL)
    rows = combination_table(programme, None, None)
    assert len(rows) == count_combinations(programme, None, None) > 1000
    one = same_figures(rows)
    assert one is not None
    assert {(r.ects, r.lecture_hours, r.tutorial_hours) for r in rows} == {
        (one.ects, one.lecture_hours, one.tutorial_hours)
    }


def test_one_different_figure_is_not_the_same_figures():
    programme = catalogue().get(SL)
    rows = combination_table(programme, None, None, limit=3)
    changed = replace(rows[1], ects=replace(rows[1].ects, value=1.0))
    assert same_figures([rows[0], changed, rows[2]]) is None
    status = replace(rows[1].lecture_hours, status="inferred")
    assert same_figures([rows[0], replace(rows[1], lecture_hours=status)]) is None
    assert same_figures([]) is None


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("FI (formation initiale)", "FI"),
        ("FA (alternance)", "FA"),
        ("Mathematics for Data Science (MDS)", "MDS"),
        ("Mathématiques et Modélisation du Vivant (MMV)", "MMV"),
        ("Statistical Learning", "Statistical Learning"),
        ("Option (two words)", "Option (two words)"),
    ],
)
def test_short_names(name, short):
    assert short_name(name) == short


def test_scenario_differences_list_choices_then_each_differing_grade():
    a = Scenario(
        programme=SL,
        choices=("x", "y"),
        grades={"g1": 12.0, "g2": 10.0, "g3": None},
        session2_grades={"g1": 14.0},
    )
    b = Scenario(
        programme=SL,
        choices=("x", "z"),
        grades={"g1": 12.0, "g2": 11.5},
        session2_grades={"g1": 14.0},
    )
    got = [(d.kind, d.course, d.values) for d in scenario_differences([a, b])]
    assert got == [
        ("choice", "y", (True, False)),
        ("choice", "z", (False, True)),
        ("grade", "g2", (10.0, 11.5)),
    ]  # g1 and the session-2 grade are equal; g3 is empty in both
    c = b.model_copy(update={"grades": {"g1": None}, "session2_grades": {}})
    got = [(d.kind, d.course, d.values) for d in scenario_differences([a, b, c])]
    assert ("grade", "g1", (12.0, 12.0, None)) in got
    assert ("session2_grade", "g1", (14.0, 14.0, None)) in got
    assert scenario_differences([a, a]) == []


def test_a_track_sees_its_own_units_only_and_each_course_once():
    programme = catalogue().get(IM)
    for track, other in (("fa", "fi"), ("fi", "fa")):
        for only_plan in (True, False):
            found = search_courses(programme, track, "mds", only_plan=only_plan)
            ids = [f.course.id for f in found]
            assert len(ids) == len(set(ids))
            assert all(not u.tracks or track in u.tracks for f in found for u in f.units)
            only_other = {
                c.id
                for c in programme.courses
                if all(
                    other in u.tracks and track not in u.tracks
                    for u in programme.units_of_course(c.id)
                )
                and programme.units_of_course(c.id)
            }
            assert only_other and not only_other & set(ids)


def test_only_my_plan_keeps_the_units_of_my_option():
    programme = catalogue().get(IM)
    mine = search_courses(programme, "fi", "mds", only_plan=True)
    everything = search_courses(programme, "fi", "mds", only_plan=False)
    assert 0 < len(mine) < len(everything)
    plan_units = set(programme.units_for("fi", "mds"))
    assert all(set(f.units) <= plan_units for f in mine)
    followed = {c for u in plan_units for c in u.courses}
    assert {f.course.id for f in mine} == followed


def test_an_exact_name_match_ranks_first():
    programme = catalogue().get(IM)
    order = [c.name for c in programme.courses]
    # "Fundamentals of Machine Learning" comes earlier and speaks of deep learning.
    assert order.index("Fundamentals of Machine Learning") < order.index("Deep Learning")
    names = [f.course.name for f in search_courses(programme, None, None, "deep  LEARNING ")]
    assert names[:2] == ["Deep Learning", "Deep Learning"]
    assert names.index("Advanced Topics in Deep Learning") < names.index(
        "Fundamentals of Machine Learning"
    )  # a name that contains the search before a description that does
    assert search_courses(programme, None, None, "zzqx-no-such-course") == []
