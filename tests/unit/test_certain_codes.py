"""A jury code said is certain: filling a grade not known yet never changes it.

A session-2 grade entered while a unit's session-1 compensation still waits on another
unit's session-1 grade not known yet used to give a code that grade could still change:
AJ, or ADM, that a high grade turned into CMP in session 1 (the session 2 then void).

tests/programmes/m2-fictional-floor-blocks.yaml: F (f1, f2; course floor 6), G (g1) and H
(h1), 6 ECTS each, compensating at 10 with a unit floor of 7, on the final grades. F 12
(f1 and f2 12), G 9 fails alone; h1 not known yet, so G's session-1 compensation waits.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import Programme, load_programme_file
from planner.evaluation import evaluate
from planner.scenario import Scenario
from tests.unit.support import judge_file as judge

PROGRAMMES = Path(__file__).resolve().parents[1] / "programmes"
F_AND_G = {"f1": 12, "f2": 12, "g1": 9}


@cache
def programme(name: str) -> Programme:
    return load_programme_file(PROGRAMMES / f"{name}.yaml")


def test_a_session_2_failure_is_no_certain_aj_while_the_session_1_compensation_waits():
    # g1 5 in session 2 is below the unit floor 7: on the final grades G is not
    # compensated. But h1 20 would compensate G on the session-1 means ((12 + 9 + 20) / 3 =
    # 13.67), CMP with no session 2: until h1 is known G's code is not certain (it was AJ).
    floor_blocks = programme("m2-fictional-floor-blocks")
    waiting = judge(floor_blocks, F_AND_G, {"g1": 5}).unit("ue-g")
    assert waiting.code is None
    assert waiting.compensation.message.code == "compensation_pending"
    assert judge(floor_blocks, {**F_AND_G, "h1": 20}, {"g1": 5}).unit("ue-g").code == "CMP"
    # h1 0 is below the unit floor: no session-1 compensation, and G is AJ.
    assert judge(floor_blocks, {**F_AND_G, "h1": 0}, {"g1": 5}).unit("ue-g").code == "AJ"


def test_a_session_2_validation_is_no_certain_adm_while_the_session_1_compensation_waits():
    # g1 15 in session 2 validates G alone, but h1 20 would make it CMP in session 1: it is
    # validated either way (its ECTS count, and the year does not wait for it), its code
    # waits for h1.
    floor_blocks = programme("m2-fictional-floor-blocks")
    evaluation = judge(floor_blocks, F_AND_G, {"g1": 15})
    g = evaluation.unit("ue-g")
    assert (g.code, g.validated, g.ects_acquired) == (None, True, 6)
    assert evaluation.year.message.params["units"] == ["UE H (one grade)"]  # pending: H only
    assert judge(floor_blocks, {**F_AND_G, "h1": 20}, {"g1": 15}).unit("ue-g").code == "CMP"
    assert judge(floor_blocks, {**F_AND_G, "h1": 0}, {"g1": 15}).unit("ue-g").code == "ADM"


def test_a_unit_compensated_over_the_year_waits_on_a_grade_not_known_in_another_semester():
    # tests/programmes/m2-fictional-nested.yaml: Semester 1 = A + B (6 ECTS each, unit
    # floor 7), Semester 2 = C (9 ECTS) + D (3 ECTS), the year = both semesters (unit
    # floor 8), all at 10; session 2 replaces. a1 9.75, c1 0, d1 absent; in session 2 a1
    # absent, c1 8, d1 8, so Semester 2's final mean is (9 x 8 + 3 x 8) / 12 = 8.
    nested = programme("m2-fictional-nested")
    cells = {"a1": 9.75, "c1": 0, "d1": None}
    second = {"a1": None, "c1": 8, "d1": 8}
    # b1 14.25: A is compensated within Semester 1 in session 1 ((9.75 + 14.25) / 2 = 12,
    # no session 2 for it), and the year's mean (12 x 12 + 8 x 12) / 24 = 10, every
    # semester at least 8: C and D are CMP over the year.
    high = judge(nested, {**cells, "b1": 14.25}, second, session2_policy="replace")
    assert [u.code for u in high.units] == ["CMP", "ADM", "CMP", "CMP"]
    assert high.unit("ue-c").compensation.message.code == "compensated_year"
    # b1 0: no compensation for A in session 1 (B is below Semester 1's floor), its
    # session-2 absence leaves it no mean, and Semester 1 none: C and D are AJ, whatever
    # B's session 2 (not known yet) gives.
    low = judge(nested, {**cells, "b1": 0}, second, session2_policy="replace")
    assert [u.code for u in low.units] == ["AJ", None, "AJ", "AJ"]
    # b1 not known yet: A's session-1 compensation waits, so Semester 1's final mean is
    # A's 9.75 or none, and the year's compensation of C and D waits on Semester 1 (C was
    # a certain AJ, read on A's session-2 absence alone).
    waiting = judge(nested, cells, second, session2_policy="replace")
    assert [u.code for u in waiting.units] == [None, None, None, None]
    year = waiting.unit("ue-c").compensation.message.params["then"][0].params["verdict"]
    assert (year.code, year.params["waiting"]) == ("compensation_pending", ["Semester 1"])


# Every fictional programme whose units compensate, and the courses of each.
COMPENSATING = {
    "m2-fictional-nested": ("a1", "b1", "c1", "d1"),
    "m2-fictional-coefficients": ("a1", "a2", "a3", "b1", "b2", "c1", "d1", "d2", "d3", "e1", "e2"),
    "m2-fictional-retake": ("p1", "q1", "q2", "r1", "r2"),
    "m2-fictional-floor-blocks": ("f1", "f2", "g1", "h1"),
    "m2-fictional-min-ects": ("a1", "a2", "b1", "c1", "d1", "e1", "e2"),
}
near = st.integers(0, 80).map(lambda n: n / 4)  # near the thresholds, where compensation decides
outcome = st.one_of(near, near, near, st.none(), st.just("missing"))


def known(cells: dict) -> dict:
    return {c: g for c, g in cells.items() if g != "missing"}


@st.composite
def compensating_plans(draw: st.DrawFn) -> dict:
    name = draw(st.sampled_from(sorted(COMPENSATING)))
    courses = COMPENSATING[name]
    cells = {c: draw(outcome) for c in courses}
    # A session-2 grade only for a course whose session-1 grade is known: one entered for a
    # course not known yet says it was retaken, which a session-1 grade drawn later may deny.
    second = draw(st.dictionaries(st.sampled_from(courses), st.one_of(near, st.none()), max_size=4))
    return {
        "programme": programme(name),
        "cells": cells,
        "second": {c: g for c, g in second.items() if cells[c] != "missing"},
        "policy": draw(st.sampled_from(["replace", "keep_best"])),
    }


def _evaluate(plan: dict, cells: dict):
    scenario = Scenario(
        programme=plan["programme"].id,
        grades=known(cells),
        session2_grades=plan["second"],
        parameters={"session2_policy": plan["policy"]},
    )
    return evaluate(plan["programme"], scenario)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=compensating_plans(), data=st.data())
def test_filling_any_unknown_grade_never_changes_a_certain_code(plan, data):
    unknown = [c for c, g in plan["cells"].items() if g == "missing"]
    if not unknown:
        return
    course = data.draw(st.sampled_from(unknown))
    value = data.draw(st.one_of(near, st.none()))
    before = _evaluate(plan, plan["cells"])
    after = _evaluate(plan, {**plan["cells"], course: value})

    for b, a in zip(before.units, after.units, strict=True):
        if b.code is not None:
            assert a.code == b.code, (b.unit, b.code, a.code)
        if b.validated is not None:
            assert a.validated is b.validated, b.unit
