"""Minimum grades: exact values computed by hand, certain and impossible cases, keep_best."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine import Unknown
from planner.evaluation import to_contract
from planner.rules import parse_rule
from planner.solver import minimum_grade, unit_minimums
from tests.unit.support import (
    FUNDAMENTALS,
    MDS_METIERS,
    MDS_NUMERIQUE,
    MISSING,
    SPECIALISATION,
    grades_of,
    run,
    run_im,
)

MEAN_OF_ALL_50 = parse_rule(
    {"unit": "u", "kind": "mean_of_all", "threshold": 50, "status": "assumed"}
)
MEAN_OF_ALL_10 = parse_rule(
    {"unit": "u", "kind": "mean_of_all", "threshold": 10, "status": "assumed"}
)
BEST_4_OF_50 = parse_rule(
    {"unit": "u", "kind": "best_k_mean", "k": 4, "threshold": 50, "status": "assumed"}
)
SINGLE_50 = parse_rule({"unit": "u", "kind": "single_grade", "threshold": 50, "status": "assumed"})

U = Unknown()


def values(*items):
    """Course ids c0, c1, … with their values (Fraction, None or Unknown)."""
    courses = [f"c{i}" for i in range(len(items))]
    mapping = {
        c: (v if v is None or isinstance(v, Unknown) else Fraction(v))
        for c, v in zip(courses, items, strict=True)
    }
    return courses, mapping


def least_grade_at_least(x: Fraction) -> float:
    """The float that, read as the decimal it prints as (as the engine reads grades), is the
    smallest not below x: the exact minimum when x has a short decimal form."""
    f = float(x)
    return f if Fraction(repr(f)) >= x else math.nextafter(f, math.inf)


def minimums(rule, *items, scale=100):
    courses, mapping = values(*items)
    return unit_minimums("u", 1, rule, courses, mapping, scale)


# --- mean_of_all --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "scale", "items", "expected"),
    [
        # n·T − known sum, shared by the unknown grades:
        (MEAN_OF_ALL_10, 20, (8, 12, U), Fraction(30 - 20, 1)),
        (MEAN_OF_ALL_10, 20, (7, U, U), Fraction(30 - 7, 2)),
        (MEAN_OF_ALL_10, 20, (U, U, U), Fraction(10)),
        (MEAN_OF_ALL_10, 20, (12.5, 3.25, U, U), Fraction("12.125")),  # (40 − 15.75) / 2
        (MEAN_OF_ALL_50, 100, (55, 53, 55, U, U), Fraction(250 - 163, 2)),
        (MEAN_OF_ALL_50, 100, (50, 51, U, U, U), Fraction(250 - 101, 3)),  # 49.666…
        (MEAN_OF_ALL_50, 100, (0, 0, 0, 0, U), None),  # needs 250: impossible
        (SINGLE_50, 100, (U,), Fraction(50)),
    ],
)
def test_the_uniform_minimum_of_a_mean_of_all_is_exact(rule, scale, items, expected):
    result = minimums(rule, *items, scale=scale).uniform

    if expected is None:
        assert result.status == "impossible"
        assert result.value is None
    else:
        assert result.status == "needed"
        assert result.value == least_grade_at_least(expected)


def test_the_uniform_minimum_names_every_unknown_course():
    result = minimums(MEAN_OF_ALL_50, 55, U, 53, U, 55).uniform

    assert result.courses == ("c1", "c3")


@pytest.mark.parametrize(
    ("items", "per_course"),
    [
        # each alone, the other unknown at 0: 163 + x ≥ 250 → 87
        ((55, 53, 55, U, U), (87, 87)),
        # 150 + x + 0 ≥ 250 → 100 (just possible)
        ((50, 50, 50, U, U), (100, 100)),
        # 120 + x ≥ 250 → 130 > 100: impossible alone
        ((40, 40, 40, U, U), (None, None)),
        ((60, U), (40,)),
    ],
)
def test_the_per_course_minimum_holds_the_other_unknown_courses_at_0(items, per_course):
    result = minimums(MEAN_OF_ALL_50, *items)

    got = [m.value if m.status == "needed" else None for m in result.per_course]
    assert got == list(per_course)
    assert [m.status for m in result.per_course] == [
        "needed" if v is not None else "impossible" for v in per_course
    ]
    assert all(len(m.courses) == 1 for m in result.per_course)


def test_an_absence_makes_a_mean_of_all_impossible():
    result = minimums(MEAN_OF_ALL_50, None, U, 100, 100, 100)

    assert result.uniform.status == "impossible"


def test_a_unit_validated_once_sat_needs_any_grade():
    # (20 + 20 + 0) / 3 = 13.3 ≥ 10 whatever the third grade
    result = minimums(MEAN_OF_ALL_10, 20, 20, U, scale=20)

    assert result.uniform.status == "any_grade"
    assert result.uniform.value is None
    assert [m.status for m in result.per_course] == ["any_grade"]


def test_a_unit_with_every_grade_known_has_nothing_unknown():
    result = minimums(MEAN_OF_ALL_10, 8, 12, scale=20)

    assert result.uniform.status == "nothing_unknown"
    assert result.per_course == ()


# --- best_k_mean (k = 4, threshold 50) ----------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # 4 chosen, 60 + 60 + 2x ≥ 200 → 40
        ((60, 60, U, U), Fraction(40)),
        # 5 chosen, 80 and 30 known: 80 + 3x ≥ 200 → 40 (x above 30, so 30 drops out)
        ((80, 30, U, U, U), Fraction(40)),
        # 5 chosen, three 10s: 2x + 10 + 10 ≥ 200 → 90
        ((10, 10, 10, U, U), Fraction(90)),
        # 5 chosen, one absent and a 70: 70 + 3x ≥ 200 → 130/3
        ((None, 70, U, U, U), Fraction(130, 3)),
        # fewer than 4 grades possible: impossible
        ((None, None, U, U), None),
        # 4 chosen, all unknown: 50
        ((U, U, U, U), Fraction(50)),
        # 6 chosen, two unknown, 4 known at 40: the 2 best replace two 40s: 80 + 2x ≥ 200 → 60
        ((40, 40, 40, 40, U, U), Fraction(60)),
    ],
)
def test_the_uniform_minimum_of_a_best_k_mean_is_exact(items, expected):
    result = minimums(BEST_4_OF_50, *items).uniform

    if expected is None:
        assert result.status == "impossible"
    else:
        assert result.status == "needed"
        assert result.value == least_grade_at_least(expected)


@pytest.mark.parametrize(
    ("items", "per_course"),
    [
        # 60 + 60 + x + 0 ≥ 200 → 80
        ((60, 60, U, U), (80, 80)),
        # 80 + 30 + x + 0 ≥ 200 → 90
        ((80, 30, U, U, U), (90, 90, 90)),
        # 10 + 10 + 10 + x ≥ 200 → 170 > 100
        ((10, 10, 10, U, U), (None, None)),
    ],
)
def test_the_per_course_minimum_of_a_best_k_mean_is_exact(items, per_course):
    result = minimums(BEST_4_OF_50, *items)

    assert [m.value if m.status == "needed" else None for m in result.per_course] == list(
        per_course
    )


def test_a_best_k_mean_certain_once_sat_needs_any_grade():
    # 90 + 90 + 90 + 0 = 270 ≥ 200
    result = minimums(BEST_4_OF_50, 90, 90, 90, U, U)

    assert result.uniform.status == "any_grade"


# --- keep_best: the session-1 grade is a floor --------------------------------------------


@pytest.mark.parametrize(
    ("floors", "uniform", "per_course"),
    [
        # 163 known; max(x, 40) + max(x, 45) ≥ 87 → x = 42 (the 45 holds)
        ((40, 45), 42, (42, 47)),
        # max(x, 60) + max(x, 10) ≥ 87 → x = 27 (the 60 holds)
        ((60, 10), 27, (77, 27)),
        # max(x, 0) + max(x, 0) ≥ 87 → 43.5, as with replace
        ((0, 0), 43.5, (87, 87)),
    ],
)
def test_keep_best_minimums_count_the_session_1_grade_as_a_floor(floors, uniform, per_course):
    floor_a, floor_b = (Unknown(floor=Fraction(f)) for f in floors)
    result = minimums(MEAN_OF_ALL_50, floor_a, floor_b, 55, 53, 55)

    assert result.uniform.value == uniform
    assert [m.value for m in result.per_course] == list(per_course)


def test_minimum_grade_on_a_subset_holds_the_other_unknowns_at_their_floor():
    courses, mapping = values(U, Unknown(floor=Fraction(45)), 55, 53, 55)
    vector = [mapping[c] for c in courses]

    # 45 + 163 + x ≥ 250 → 42
    result = minimum_grade(MEAN_OF_ALL_50, vector, courses, ["c0"], 100)

    assert result.courses == ("c0",)
    assert result.value == 42


# --- Through the evaluation ---------------------------------------------------------------


def test_the_worked_example_needs_27_in_session_2():
    evaluation = run(
        grades=grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55)),
        session2_grades={"apprentissage-statistique": 60},
    )
    found = evaluation.minimums_for("cours-fondamentaux")

    assert found.session == 2
    assert found.uniform.courses == ("introduction-apprentissage-automatique",)
    assert found.uniform.status == "needed"
    assert found.uniform.value == 27  # 60 + x + 163 ≥ 250


@pytest.mark.parametrize(
    ("policy", "uniform", "per_course"),
    [("replace", 43.5, (87, 87)), ("keep_best", 42, (42, 47))],
)
def test_session_2_minimums_follow_the_policy(policy, uniform, per_course):
    evaluation = run(
        grades=grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55)),
        parameters={"session2_policy": policy},
    )
    found = evaluation.minimums_for("cours-fondamentaux")

    assert found.session == 2
    assert found.uniform.courses == FUNDAMENTALS[:2]
    assert found.uniform.value == uniform
    assert tuple(m.value for m in found.per_course) == per_course


def test_session_1_minimum_for_the_specialisation():
    chosen = SPECIALISATION[:5]
    evaluation = run(choices=chosen, grades=grades_of(chosen, (80, 30)))
    found = evaluation.minimums_for("specialisation")

    assert found.session == 1
    assert found.uniform.courses == chosen[2:]
    assert found.uniform.value == 40
    assert [m.value for m in found.per_course] == [90, 90, 90]


def test_session_1_minimum_for_an_im_unit():
    evaluation = run_im(grades=grades_of(MDS_NUMERIQUE, (8, MISSING, MISSING)))
    found = evaluation.minimums_for("mds-numerique")

    assert found.uniform.value == 11  # 8 + 2x ≥ 30
    # alone, the other at 0: 8 + x ≥ 30 → 22 > 20
    assert [m.status for m in found.per_course] == ["impossible", "impossible"]


def test_no_minimum_is_given_for_a_decided_unit():
    evaluation = run(grades=grades_of(FUNDAMENTALS, (60,) * 5))

    assert evaluation.minimums_for("cours-fondamentaux") is None


def test_no_minimum_is_given_while_a_choice_is_incomplete():
    evaluation = run(choices=SPECIALISATION[:3])

    assert evaluation.minimums_for("specialisation") is None


def test_the_contract_reports_the_minimum_of_each_pending_unit():
    evaluation = run(
        grades=grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55)),
        session2_grades={"apprentissage-statistique": 60},
    )
    units = {u["id"]: u for u in to_contract(evaluation)["units"]}

    assert units["cours-fondamentaux"]["minimum"] == {
        "component": None,  # added with assessment components: none in this programme
        "session": 2,
        "uniform": {
            "courses": ["introduction-apprentissage-automatique"],
            "status": "needed",
            "value": 27.0,
            "route": "own",  # fields added by issue 27, beside the old ones
            "for_units": [],
        },
        "per_course": [
            {
                "courses": ["introduction-apprentissage-automatique"],
                "status": "needed",
                "value": 27.0,
                "route": "own",
                "for_units": [],
            }
        ],
    }


# --- Rounding -----------------------------------------------------------------------------


def test_the_minimum_rounded_up_to_the_hundredth_validates():
    evaluation = run(grades=grades_of(FUNDAMENTALS, (50, 51)))
    uniform = evaluation.minimums_for("cours-fondamentaux").uniform
    assert uniform.rounded_up == 49.67  # 149/3 = 49.666…

    grades = grades_of(FUNDAMENTALS, (50, 51, *(uniform.rounded_up,) * 3))
    assert run(grades=grades).unit("cours-fondamentaux").session1.validated is True


def test_the_raw_minimum_written_back_as_grades_validates_the_unit():
    # Regression: value used to be float(149/3) = 49.666666666666664, below the exact
    # minimum, so written back it failed the unit (with the mean shown as '50' < 50).
    evaluation = run(grades=grades_of(FUNDAMENTALS, (50, 51)))
    uniform = evaluation.minimums_for("cours-fondamentaux").uniform
    assert uniform.value == pytest.approx(149 / 3)

    grades = grades_of(FUNDAMENTALS, (50, 51, *(uniform.value,) * 3))
    assert run(grades=grades).unit("cours-fondamentaux").session1.validated is True


def test_a_two_decimal_minimum_is_given_as_is_not_a_hundredth_higher():
    # Regression: the float 8.29 was bumped to 8.290000000000001 (its binary value is below
    # 829/100), so rounded_up said 8.3 although 8.29 validates.
    # (4 × 10 − 15.13) / 3 = 8.29 exactly
    evaluation = run_im(grades={"big-data-and-analytics": 15.13})
    uniform = evaluation.minimums_for("mds-metiers").uniform

    written = dict.fromkeys(MDS_METIERS[:3], 8.29)
    grades = {"big-data-and-analytics": 15.13, **written}
    assert run_im(grades=grades).unit("mds-metiers").session1.validated is True
    assert uniform.rounded_up == 8.29
    assert uniform.value == 8.29


def test_a_repeating_minimum_written_back_as_grades_validates_the_unit():
    # Regression: 6.983333333333333 is binary-above but decimal-below 20.95/3, and the engine
    # reads grades by their decimal form: written back, it failed the unit.
    # (4 × 10 − 19.05) / 3 = 6.98333…
    evaluation = run_im(grades={"big-data-and-analytics": 19.05})
    uniform = evaluation.minimums_for("mds-metiers").uniform
    assert uniform.rounded_up == 6.99

    grades = {"big-data-and-analytics": 19.05, **dict.fromkeys(MDS_METIERS[:3], uniform.value)}
    assert run_im(grades=grades).unit("mds-metiers").session1.validated is True


def test_the_rounded_minimum_is_the_lowest_two_decimal_grade_that_validates():
    evaluation = run(grades=grades_of(FUNDAMENTALS, (50, 51)))
    rounded = evaluation.minimums_for("cours-fondamentaux").uniform.rounded_up

    below = grades_of(FUNDAMENTALS, (50, 51, *(round(rounded - 0.01, 2),) * 3))
    assert run(grades=below).unit("cours-fondamentaux").session1.validated is False


# --- Per-course minimums solved once per floor ----------------------------------------------

_cells = st.one_of(
    st.none(),  # absent
    st.integers(0, 100).map(Fraction),
    st.integers(0, 10_000).map(lambda n: Fraction(n, 100)),
    st.sampled_from([0, 0, 0, 30, 45.5, 50]).map(lambda f: Unknown(floor=Fraction(str(f)))),
)


@settings(max_examples=300, deadline=None)
@given(
    rule=st.sampled_from([MEAN_OF_ALL_50, BEST_4_OF_50]),
    cells=st.lists(_cells, min_size=1, max_size=7),
)
def test_per_course_minimums_equal_solving_each_course_alone(rule, cells):
    # unit_minimums solves once per distinct floor (every rule is symmetric in the grades);
    # the answer must be exactly what solving each unknown course on its own gives.
    courses = [f"c{i}" for i in range(len(cells))]
    values = dict(zip(courses, cells, strict=True))
    found = unit_minimums("u", 1, rule, courses, values, 100)

    unknown = [c for c in courses if isinstance(values[c], Unknown)]
    assert [m.courses for m in found.per_course] == [(c,) for c in unknown]
    for minimum in found.per_course:
        alone = minimum_grade(rule, cells, courses, list(minimum.courses), 100)
        assert minimum == alone
