"""Each rule kind, compensation, capitalisation and jury codes, with exact figures, on a
clearly fictional programme (tests/programmes/): the shipped catalogue uses none of them.

Grades are /20. UE A: weighted by ECTS (a1 6, a2 3, a3 3), threshold 10, course floor 7.
UE B: coefficients b1 2, b2 1. UE C: one grade, no session 2. UE D: 2 best of 3, floor 5.
UE E: mean of all. Groups: A+B (by ECTS 12/6, threshold 10, unit floor 8), D+E (1/1).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from planner.catalogue import CatalogueError, load_programme_file, parse_programme
from planner.evaluation import evaluate
from planner.scenario import Scenario

PROGRAMME_FILE = (
    Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-coefficients.yaml"
)
FICTIONAL = "m2-fictional-coefficients"
COURSES = ("a1", "a2", "a3", "b1", "b2", "c1", "d1", "d2", "d3", "e1", "e2")
PASSING_REST = {"c1": 12, "d1": 12, "d2": 12, "d3": 12, "e1": 12, "e2": 12}


@cache
def fictional():
    return load_programme_file(PROGRAMME_FILE)


def judge(grades=None, session2=None, **parameters):
    scenario = Scenario(
        programme=FICTIONAL,
        grades=grades or {},
        session2_grades=session2 or {},
        parameters=parameters,
    )
    return evaluate(fictional(), scenario)


def unit(grades, unit_id, **kw):
    return judge(grades, **kw).unit(unit_id)


# --- weighted_mean --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "validated", "mean"),
    [
        ((12, 8, 8), True, 10),  # (6·12 + 3·8 + 3·8) / 12 = 10
        ((9, 12, 12), True, 10.5),  # (54 + 36 + 36) / 12
        ((8, 10, 10), False, 9),  # (48 + 30 + 30) / 12
    ],
)
def test_an_ects_weighted_mean_weighs_each_course_by_its_ects(a, validated, mean):
    result = unit(dict(zip(("a1", "a2", "a3"), a, strict=True)), "ue-a")

    assert result.session1.validated is validated
    assert result.session1.mean == pytest.approx(mean)


@pytest.mark.parametrize(
    ("b", "validated", "mean"),
    [((8, 14), True, 10), ((14, 2), True, 10), ((9, 11), False, 29 / 3)],
)
def test_coefficients_weigh_each_course_of_the_unit(b, validated, mean):
    result = unit({"b1": b[0], "b2": b[1]}, "ue-b")

    assert result.session1.validated is validated
    assert result.session1.mean == pytest.approx(mean)


def test_a_failed_weighted_mean_says_weighted_and_shows_the_decimals_that_matter():
    result = unit({"b1": 9, "b2": 11}, "ue-b")

    assert result.session1.explanation("en").startswith("Weighted mean 9.67 < 10. Retake ")
    assert result.session1.explanation("fr").startswith("Moyenne pondérée 9,67 < 10. Repasser ")
    assert result.retakes == ("b1",)  # b2 at 11 is kept (capitalised)


def test_the_minimum_on_a_coefficient_course_follows_its_weight():
    # 2 · 8 + x ≥ 30 → 14; a1 unknown in A: 6x + 27 + 27 ≥ 120 → 11
    evaluation = judge({"b1": 8, "a2": 9, "a3": 9})

    assert evaluation.minimums_for("ue-b").uniform.value == 14
    assert evaluation.minimums_for("ue-a").uniform.value == 11


def test_per_course_minimums_differ_by_weight():
    # B unknown: uniform 3x ≥ 30 → 10; b1 alone (b2 at 0): 2x ≥ 30 → 15; b2 alone: x ≥ 30
    minimums = judge({}).minimums_for("ue-b")

    assert minimums.uniform.value == 10
    by_course = {m.courses[0]: (m.status, m.value) for m in minimums.per_course}
    assert by_course == {"b1": ("needed", 15), "b2": ("impossible", None)}


def test_a_course_floor_makes_a_course_alone_unable_to_secure_the_unit():
    # A unknown: a1 alone would need 20, but a2 and a3 held at 0 are below the floor 7
    minimums = judge({}).minimums_for("ue-a")

    assert minimums.uniform.value == 10
    assert {m.status for m in minimums.per_course} == {"impossible"}


# --- course_floor (note éliminatoire) -------------------------------------------------------


def test_a_course_below_the_floor_fails_the_unit_whatever_the_mean():
    result = unit({"a1": 20, "a2": 6.5, "a3": 20}, "ue-a")  # mean 16.625, a2 < 7

    assert result.session1.validated is False
    assert result.session1.message.code == "failed_floor"
    assert result.session1.explanation("en").startswith(
        "Analyse fictive below 7, a note éliminatoire: not validated whatever the mean"
    )
    assert result.retakes == ("a2",)


def test_a_floor_applies_to_a_best_k_unit_too():
    result = unit({"d1": 20, "d2": 20, "d3": 4}, "ue-d")

    assert result.session1.validated is False
    assert result.session1.message.code == "failed_floor"
    assert result.retakes == ("d3",)


def test_an_absence_counts_below_the_course_floor_even_in_a_best_k_unit():
    # 2 best of (20, 20, absent) is 20, but a missed exam is a note éliminatoire too
    result = unit({"d1": 20, "d2": 20, "d3": None}, "ue-d")

    assert result.session1.validated is False
    assert result.session1.floored
    assert result.retakes == ("d3",)


def test_the_minimum_never_goes_below_the_course_floor():
    # 6·14 + 3·14 + 3x ≥ 120 holds from x = -2: the floor 7 is the minimum
    minimums = judge({"a1": 14, "a2": 14}).minimums_for("ue-a")

    assert minimums.uniform.status == "needed"
    assert minimums.uniform.value == 7


def test_a_best_k_unit_whose_best_grades_already_pass_needs_only_the_floor():
    # UE D, 2 best of 3, floor 5: d1 at 0 is retaken; d2 = d3 = 10 are the 2 best whatever
    # d1 gets, so d1 only has to reach the floor 5 (it was told 10).
    grades = {"d1": 0, "d2": 10, "d3": 10}
    minimums = judge(grades).minimums_for("ue-d")

    assert (minimums.session, minimums.uniform.status, minimums.uniform.value) == (2, "needed", 5)
    assert unit(grades, "ue-d", session2={"d1": 5}).session2.validated is True
    assert unit(grades, "ue-d", session2={"d1": 4.99}).session2.validated is False


# --- compensation ---------------------------------------------------------------------------


def test_a_unit_failed_alone_is_validated_by_compensation_in_its_group():
    # A: 9, B: 12 → (12·9 + 6·12) / 18 = 10 ≥ 10
    evaluation = judge({"a1": 8, "a2": 10, "a3": 10, "b1": 12, "b2": 12, **PASSING_REST})
    a = evaluation.unit("ue-a")

    assert a.session1.validated is False
    assert a.compensation.validated is True
    assert a.code == "CMP"
    assert a.retakes == () and a.session2 is None  # nothing to retake
    assert "Retake" not in a.session1.explanation("en")
    assert a.compensation.message.text("en") == (
        "Validated by compensation (CMP): the mean of the group (UE A (ECTS-weighted, "
        "floor 7) and UE B (coefficients 2 and 1)) is 10 ≥ 10."
    )
    assert evaluation.year.validated is True
    assert evaluation.year.code == "ADM"


def test_a_group_mean_below_its_threshold_does_not_compensate():
    # A: 9, B: 11 → (108 + 66) / 18 = 9.67
    a = unit({"a1": 8, "a2": 10, "a3": 10, "b1": 11, "b2": 11}, "ue-a")

    assert a.compensation.validated is False
    assert a.compensation.message.text("en") == (
        "Not compensated: the mean of the group (UE A (ECTS-weighted, floor 7) and UE B "
        "(coefficients 2 and 1)) is 9.67 < 10."
    )
    assert a.code is None  # session 2 still to come
    assert a.retakes == ("a1",)


def test_a_unit_below_the_group_floor_is_not_compensated():
    # A: 7.5 (no course below 7), B: 20 → group mean 11.67, but A < 8
    evaluation = judge({"a1": 7.5, "a2": 7.5, "a3": 7.5, "b1": 20, "b2": 20})
    a = evaluation.unit("ue-a")

    assert a.compensation is None or a.compensation.validated is not True
    assert a.session1.validated is False
    assert a.session2 is not None


def test_a_unit_failed_by_a_course_floor_is_never_compensated():
    a = unit({"a1": 20, "a2": 6, "a3": 20, "b1": 20, "b2": 20}, "ue-a")

    assert a.session1.floored
    assert a.compensation is None or a.compensation.validated is False
    assert a.session2 is not None


def test_a_unit_of_the_group_without_a_mean_blocks_compensation_for_good():
    # B misses b2: no mean, ever, so no group mean: A (9) is not compensated
    a = unit({"a1": 8, "a2": 10, "a3": 10, "b1": 20, "b2": None}, "ue-a")

    assert a.compensation.validated is False
    assert a.compensation.message.code == "not_compensated_member_no_mean"


def test_compensation_waits_for_the_other_units_of_the_group():
    a = unit({"a1": 8, "a2": 10, "a3": 10}, "ue-a")  # B not known yet

    assert a.code is None
    assert a.session2 is not None  # retakes are announced meanwhile


def test_compensation_uses_a_floored_units_mean_for_the_others():
    # D fails by its floor (d3 = 4) but its mean of the 2 best is 20; E 9.5 fails alone:
    # (20 + 9.5) / 2 = 14.75 ≥ 10 compensates E in session 1, never D.
    evaluation = judge({"d1": 20, "d2": 20, "d3": 4, "e1": 9, "e2": 10})

    assert evaluation.unit("ue-e").code == "CMP"
    assert evaluation.unit("ue-e").session2 is None
    assert evaluation.unit("ue-d").compensation.message.code == "not_compensated_floor"
    assert evaluation.unit("ue-d").session2 is not None


def test_after_session_2_compensation_uses_the_session_2_means():
    # Session 1: D 4 (floored), E 9.5: (4 + 9.5) / 2 < 10. Session 2: D 20, E 9.75 (e1
    # retaken at 9.5): (20 + 9.75) / 2 ≥ 10 → E compensated after session 2.
    evaluation = judge(
        {"d1": 4, "d2": 4, "d3": 4, "e1": 9, "e2": 10},
        session2={"d1": 20, "d2": 20, "d3": 20, "e1": 9.5},
    )
    e = evaluation.unit("ue-e")

    assert e.session1.validated is False
    assert e.session2.validated is False
    assert evaluation.unit("ue-d").session2.validated is True
    assert e.compensation.validated is True
    assert e.code == "CMP"


# --- capitalisation, ECTS acquired and jury codes -------------------------------------------


def test_validated_units_keep_their_ects_when_the_year_fails():
    grades = {
        "a1": 12,
        "a2": 12,
        "a3": 12,
        "b1": 12,
        "b2": 12,
        "c1": 3,
        **{"d1": 12, "d2": 12, "d3": 12, "e1": 12, "e2": 12},
    }
    evaluation = judge(grades)

    assert evaluation.unit("ue-c").code == "AJ"  # no session 2, no group
    assert evaluation.year.validated is False
    assert evaluation.year.code == "AJ"
    assert evaluation.year.ects_acquired == 54
    assert [u.ects_acquired for u in evaluation.units] == [12, 6, 0, 6, 30]
    assert "54 ECTS acquired" in evaluation.year.message.text("en")
    assert "54 ECTS acquis" in evaluation.year.message.text("fr")


def test_codes_are_adm_cmp_aj_or_none_while_pending():
    evaluation = judge({"a1": 8, "a2": 10, "a3": 10, "b1": 12, "b2": 12, "c1": 3})

    assert {u.unit: u.code for u in evaluation.units} == {
        "ue-a": "CMP",
        "ue-b": "ADM",
        "ue-c": "AJ",
        "ue-d": None,
        "ue-e": None,
    }


# --- the file: new keys checked, old form still read ----------------------------------------


def raw():
    return yaml.safe_load(PROGRAMME_FILE.read_text(encoding="utf-8"))


def _unknown_unit_in_group(d):
    d["rules"]["compensation"][0]["units"].append("ue-z")


def _weight_for_a_course_not_in_the_unit(d):
    d["rules"]["units"][1]["weights"]["z9"] = 1


def _floor_above_threshold(d):
    d["rules"]["units"][0]["course_floor"] = 12


def _zero_weight(d):
    d["rules"]["units"][1]["weights"]["b2"] = 0


def _group_floor_above_threshold(d):
    d["rules"]["compensation"][0]["unit_floor"] = 11


def _ects_weights_without_ects(d):
    d["rules"]["units"][1]["weights"] = "ects"


def _course_of_0_ects_weighted_by_ects(d):
    d["courses"][1]["ects"]["value"] = 0


def _group_weight_for_a_unit_not_in_it(d):
    d["rules"]["compensation"][1]["weights"]["ue-a"] = 1


def _version_1_with_new_keys(d):
    d["format_version"] = 1


BROKEN = [
    (_unknown_unit_in_group, "rules.compensation.0.units: unknown unit 'ue-z'"),
    (
        _weight_for_a_course_not_in_the_unit,
        "rules.units.1.weights.z9: a weight for a course not in unit 'ue-b'",
    ),
    (_floor_above_threshold, "rules.units.0.course_floor: 12 is above the threshold 10"),
    (_zero_weight, "rules.units.1.weights.b2: must be more than 0"),
    (_group_floor_above_threshold, "rules.compensation.0.unit_floor: 11 is above the threshold 10"),
    (
        _ects_weights_without_ects,
        "rules.units.1.weights: 'ects', but course 'b1' has no known ECTS",
    ),
    (_course_of_0_ects_weighted_by_ects, "rules.units.0.weights: 'ects', but course 'a2' weighs 0"),
    (
        _group_weight_for_a_unit_not_in_it,
        "rules.compensation.1.weights.ue-a: a weight for a unit not in the group",
    ),
    (_version_1_with_new_keys, "rules.units.0.kind: needs format_version: 2"),
]


@pytest.mark.parametrize(
    ("mutate", "fragment"), BROKEN, ids=[m.__name__.strip("_") for m, _ in BROKEN]
)
def test_a_broken_rule_names_the_file_and_the_field_path(mutate, fragment):
    data = copy.deepcopy(raw())
    mutate(data)

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "fictional.yaml")

    assert str(caught.value).startswith("fictional.yaml: ")
    assert fragment in str(caught.value)


def test_the_fictional_programme_is_valid_and_says_it_is_fictional():
    text = PROGRAMME_FILE.read_text(encoding="utf-8")

    assert "FICTIONAL" in text
    assert fictional().format_version == 2


# --- invariants, for every kind --------------------------------------------------------------

grade = st.one_of(st.integers(0, 20).map(float), st.floats(0, 20, allow_nan=False))
outcome = st.one_of(grade, st.none(), st.just("missing"))


@st.composite
def plans(draw):
    cells = {c: draw(outcome) for c in COURSES}
    second = draw(
        st.dictionaries(st.sampled_from(COURSES), st.one_of(grade, st.none()), max_size=4)
    )
    return cells, second


def known(cells):
    return {c: g for c, g in cells.items() if g != "missing"}


RANK = {False: 0, None: 1, True: 2}


@given(plan=plans(), data=st.data())
def test_raising_a_grade_never_fails_a_validated_unit_nor_adds_a_retake(plan, data):
    cells, second = plan
    graded = [c for c, g in cells.items() if g != "missing"]
    if not graded:
        return
    course = data.draw(st.sampled_from(graded))
    low = cells[course] or 0
    raised = {**cells, course: data.draw(st.floats(low, 20, allow_nan=False))}
    before, after = judge(known(cells), second), judge(known(raised), second)

    for b, a in zip(before.units, after.units, strict=True):
        assert RANK[a.session1.validated] >= RANK[b.session1.validated], a.unit
        assert set(a.retakes) <= set(b.retakes), a.unit
        # Session-2 grades only count once session 1 is decided: codes compared without.
        if not second and b.validated is True:
            assert a.validated is True, a.unit


@given(plan=plans())
def test_an_unsat_exam_never_yields_a_validated_verdict_its_absence_would_fail(plan):
    cells, second = plan
    before = judge(known(cells), second)
    absent = {c: (None if g == "missing" else g) for c, g in cells.items()}
    after = judge(absent, second)

    for b, a in zip(before.units, after.units, strict=True):
        if b.session1.validated is True:
            assert a.session1.validated is True, a.unit


@given(plan=plans())
def test_compensation_never_fails_a_unit_validated_alone(plan):
    cells, second = plan
    for u in judge(known(cells), second).units:
        if u.final.validated is True:
            # ADM, or not yet while a session-1 compensation waits on a grade not known
            # (it would make the unit CMP): validated either way.
            assert u.code == "ADM" or (u.code is None and u.compensation.validated is None)
            assert u.validated is True
        if u.compensation is not None:
            assert u.final.validated is False or u.session1.validated is False


@given(plan=plans())
def test_ects_acquired_never_exceed_the_years_ects(plan):
    cells, second = plan
    evaluation = judge(known(cells), second)

    assert 0 <= evaluation.year.ects_acquired <= 60
    assert evaluation.year.ects_acquired == sum(u.ects_acquired for u in evaluation.units)
