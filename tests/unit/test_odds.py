"""The odds of passing (planner.odds): a seeded Monte-Carlo simulation of session 1.

Sure beliefs (low == high) must give exactly the engine's verdicts; uncertain ones known
probabilities; the same seed the same odds; a higher belief never lower odds.
"""

from __future__ import annotations

import time
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.evaluation import evaluate
from planner.odds import Belief, Odds, simulate
from planner.scenario import Scenario
from tests.unit.support import (
    FUNDAMENTALS,
    IM,
    MDS_APPLIQUEES,
    MDS_CHOICES,
    MDS_METIERS,
    MDS_MODELISATION,
    MDS_NUMERIQUE,
    MMV_CHOICES,
    SL,
    SPECIALISATION,
    STAGE,
    programme,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IM_FI = ("fi-management-assessment", "fi-ppr-pfe-assessment", "fi-stage-assessment")
WORKED_EXAMPLE = (40, 45, 55, 53, 55)  # mean 49.6
TOLERANCE = 0.02  # 20 000 draws: the standard error of a probability is at most 0.0036


def scenario(programme_id: str = SL, **fields: object) -> Scenario:
    """A scenario; S&L defaults to the first 4 specialisation courses, IM to FI MDS."""
    if programme_id == SL:
        fields.setdefault("choices", SPECIALISATION[:4])
    else:
        fields.setdefault("track", "fi")
        fields.setdefault("option", "mds")
        fields.setdefault("choices", MDS_CHOICES if fields["option"] == "mds" else ())
    return Scenario(programme=programme_id, **fields)


def odds(
    programme_id: str = SL, beliefs: dict | None = None, draws: int = 20_000, seed: int = 0, **f
) -> Odds:
    return simulate(
        programme(programme_id), scenario(programme_id, **f), beliefs or {}, draws, seed
    )


def plan_courses(programme_id: str, **fields: object) -> tuple[str, ...]:
    return _plan_courses(programme_id, tuple(sorted(fields.items())))


@cache
def _plan_courses(programme_id: str, fields: tuple) -> tuple[str, ...]:
    evaluation = evaluate(programme(programme_id), scenario(programme_id, **dict(fields)))
    return tuple(c for u in evaluation.units for c in u.enrolled)


def sure(grades: dict, believed: set) -> tuple[dict, dict]:
    """Grades split in (fixed grades, degenerate beliefs); an absence always stays fixed."""
    fixed = {c: g for c, g in grades.items() if c not in believed or g is None}
    beliefs = {c: Belief(low=g, high=g) for c, g in grades.items() if c not in fixed}
    return fixed, beliefs


def assert_matches_evaluate(programme_id: str, fields: dict, grades: dict, believed: set):
    fixed, beliefs = sure(grades, believed)
    result = simulate(
        programme(programme_id), scenario(programme_id, grades=fixed, **fields), beliefs, 64, 3
    )
    evaluation = evaluate(programme(programme_id), scenario(programme_id, grades=grades, **fields))

    assert result.assumed_full_range == ()
    assert [u.unit for u in result.units] == [u.unit for u in evaluation.units]
    for unit, verdict in zip(result.units, evaluation.units, strict=True):
        assert verdict.session1.validated is not None, verdict.unit
        assert unit.validated == (1.0 if verdict.session1.validated else 0.0), unit.unit
        for course in unit.courses:
            expected = 1.0 if course.course in verdict.retakes else 0.0
            assert course.retake == expected, course.course
    assert result.year == (1.0 if evaluation.year.session1_validated else 0.0)


# --- Sure beliefs give the engine's verdicts -----------------------------------------------

SL_PASS = {**dict.fromkeys(FUNDAMENTALS, 60), **dict.fromkeys(SPECIALISATION[:4], 55), STAGE: 70}
IM_PASS = dict.fromkeys((*IM_FI, *MDS_CHOICES, *MDS_NUMERIQUE, *MDS_METIERS), 12)

CASES = {
    "sl-everything-validated": (SL, {}, SL_PASS),
    "sl-worked-example-49.6-fails": (
        SL,
        {},
        {**SL_PASS, **dict(zip(FUNDAMENTALS, WORKED_EXAMPLE, strict=True))},
    ),
    "sl-decimal-mean-exactly-50-passes": (
        SL,
        {},
        {**SL_PASS, **dict(zip(FUNDAMENTALS, (49.9, 50.1, 50.0, 50.3, 49.7), strict=True))},
    ),
    "sl-an-absence-fails-the-fundamentals": (
        SL,
        {},
        {**SL_PASS, FUNDAMENTALS[2]: None},
    ),
    "sl-best-4-of-6-with-an-absence": (
        SL,
        {"choices": SPECIALISATION[:6]},
        {**SL_PASS, **dict(zip(SPECIALISATION[:6], (70, None, 30, 55, 52, 49), strict=True))},
    ),
    "sl-best-4-of-6-below-50": (
        SL,
        {"choices": SPECIALISATION[:6]},
        {**SL_PASS, **dict(zip(SPECIALISATION[:6], (60, 45, 30, 55, 42, 49), strict=True))},
    ),
    "sl-only-3-specialisation-grades": (
        SL,
        {"choices": SPECIALISATION[:5]},
        {**SL_PASS, **dict(zip(SPECIALISATION[:5], (90, None, 95, None, 99), strict=True))},
    ),
    "sl-stage-49.99-fails": (SL, {}, {**SL_PASS, STAGE: 49.99}),
    "sl-stage-50-passes": (SL, {}, {**SL_PASS, STAGE: 50}),
    "sl-stage-absent": (SL, {}, {**SL_PASS, STAGE: None}),
    "im-fi-mds-everything-validated": (IM, {}, IM_PASS),
    "im-fi-mds-modelisation-9.9-10.1-passes-optimisation-9.99-fails": (
        IM,
        {},
        {
            **IM_PASS,
            "statistical-learning-graphs": 9.9,
            "geometric-statistics": 10.1,
            "advanced-optimization": 9.99,
        },
    ),
    "im-fi-mds-absent-internship-and-low-numerique": (
        IM,
        {},
        {**IM_PASS, "fi-stage-assessment": None, MDS_NUMERIQUE[1]: 4.5},
    ),
    "im-fi-mds-other-choices": (
        IM,
        {"choices": (MDS_MODELISATION[1], MDS_MODELISATION[2], MDS_APPLIQUEES[1])},
        {
            **dict.fromkeys((*IM_FI, *MDS_NUMERIQUE, *MDS_METIERS), 11),
            MDS_MODELISATION[1]: 8,
            MDS_MODELISATION[2]: 11.5,
            MDS_APPLIQUEES[1]: 10,
        },
    ),
    "im-fa-mds": (
        IM,
        {"track": "fa"},
        {
            **dict.fromkeys(
                (
                    "fa-ppr-alternance-1-assessment",
                    "fa-management-assessment",
                    "fa-ppr-alternance-2-assessment",
                ),
                10,
            ),
            **dict.fromkeys((*MDS_CHOICES, *MDS_NUMERIQUE, *MDS_METIERS), 9.5),
        },
    ),
    "im-fi-mmv": (
        IM,
        {"option": "mmv", "choices": MMV_CHOICES},
        dict.fromkeys(
            plan_courses(IM, option="mmv", choices=MMV_CHOICES),
            13.25,
        ),
    ),
}


@pytest.mark.parametrize("believed_every", [1, 2, 3])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_sure_beliefs_give_exactly_the_verdicts_and_retakes_of_evaluate(case, believed_every):
    programme_id, fields, grades = case
    assert set(grades) == set(plan_courses(programme_id, **fields))
    believed = set(list(grades)[::believed_every])
    assert_matches_evaluate(programme_id, fields, grades, believed)


@st.composite
def sure_plans(draw: st.DrawFn) -> tuple[str, dict, dict, set]:
    programme_id = draw(st.sampled_from([SL, IM]))
    if programme_id == SL:
        fields = {
            "choices": tuple(
                draw(st.lists(st.sampled_from(SPECIALISATION), min_size=4, max_size=7, unique=True))
            )
        }
        scale = 100
    else:
        fields = {
            "choices": (
                *draw(
                    st.lists(st.sampled_from(MDS_MODELISATION), min_size=2, max_size=2, unique=True)
                ),
                draw(st.sampled_from(MDS_APPLIQUEES)),
            )
        }
        scale = 20
    courses = plan_courses(programme_id, **fields)
    # Grades as students type them: two decimals, sometimes absent.
    cell = st.one_of(st.integers(0, scale * 100).map(lambda n: n / 100), st.none())
    grades = {c: draw(cell) for c in courses}
    believed = draw(st.sets(st.sampled_from(courses)))
    return programme_id, fields, grades, believed


@FAST
@given(plan=sure_plans())
def test_any_sure_plan_gives_the_verdicts_of_evaluate(plan):
    assert_matches_evaluate(*plan)


# --- Known probabilities -------------------------------------------------------------------


def test_one_fundamental_uniform_on_40_60_with_four_at_50_validates_half_the_time():
    result = odds(
        grades=dict.fromkeys(FUNDAMENTALS[:4], 50),
        beliefs={FUNDAMENTALS[4]: Belief(low=40, high=60)},
    )
    unit = result.unit("cours-fondamentaux")

    assert unit.validated == pytest.approx(0.5, abs=TOLERANCE)
    assert unit.course(FUNDAMENTALS[4]).retake == pytest.approx(0.5, abs=TOLERANCE)
    assert all(unit.course(c).retake == 0 for c in FUNDAMENTALS[:4])


def test_an_internship_grade_uniform_on_40_60_validates_half_the_time():
    result = odds(beliefs={STAGE: Belief.around(50, 10)})
    unit = result.unit("stage")

    assert unit.validated == pytest.approx(0.5, abs=TOLERANCE)
    # The internship has no session 2: failing it puts nothing on the retake list.
    assert unit.course(STAGE).retake == 0


def test_a_grade_neither_known_nor_believed_is_drawn_on_the_whole_scale_and_listed():
    result = odds(
        grades={**dict.fromkeys(FUNDAMENTALS, 60), **dict.fromkeys(SPECIALISATION[:4], 60)}
    )

    assert result.assumed_full_range == (STAGE,)
    assert result.unit("stage").validated == pytest.approx(0.5, abs=TOLERANCE)
    assert result.unit("cours-fondamentaux").validated == 1


def test_the_year_is_judged_draw_by_draw_two_even_chances_give_a_quarter():
    result = odds(
        grades={**dict.fromkeys(FUNDAMENTALS[:4], 50), **dict.fromkeys(SPECIALISATION[:4], 60)},
        beliefs={FUNDAMENTALS[4]: Belief(low=40, high=60), STAGE: Belief(low=40, high=60)},
    )

    assert result.year == pytest.approx(0.25, abs=TOLERANCE)
    assert result.year <= min(u.validated for u in result.units)


def test_the_best_4_of_5_ignore_a_fifth_grade_whatever_it_is():
    result = odds(
        choices=SPECIALISATION[:5],
        grades=dict.fromkeys(SPECIALISATION[:4], 50),
        beliefs={SPECIALISATION[4]: Belief(low=0, high=100)},
    )
    unit = result.unit("specialisation")

    assert unit.validated == 1
    assert all(c.retake == 0 for c in unit.courses)


def test_three_specialisation_grades_and_one_uncertain_pass_when_it_reaches_50():
    result = odds(
        grades=dict.fromkeys(SPECIALISATION[:3], 50),
        beliefs={SPECIALISATION[3]: Belief(low=40, high=60)},
    )

    assert result.unit("specialisation").validated == pytest.approx(0.5, abs=TOLERANCE)


def test_an_absence_stays_absent_in_every_draw():
    result = odds(
        grades={FUNDAMENTALS[0]: None},
        beliefs={c: Belief(low=90, high=100) for c in FUNDAMENTALS[1:]},
    )
    unit = result.unit("cours-fondamentaux")

    assert unit.validated == 0
    assert unit.course(FUNDAMENTALS[0]).retake == 1
    assert all(unit.course(c).retake == 0 for c in FUNDAMENTALS[1:])


def test_a_range_is_clipped_to_the_grade_scale():
    above = odds(beliefs={STAGE: Belief(low=90, high=130)})
    below = odds(beliefs={STAGE: Belief.around(0, 10)})
    at_top = odds(beliefs={STAGE: Belief(low=100, high=120)})

    assert above.unit("stage").validated == 1
    assert below.unit("stage").validated == 0
    assert at_top.unit("stage").validated == 1


# --- Seeds ---------------------------------------------------------------------------------

UNSURE = {
    FUNDAMENTALS[0]: Belief(low=30, high=70),
    SPECIALISATION[1]: Belief.around(52, 8),
    STAGE: Belief(low=45, high=65),
}


def test_the_same_seed_gives_exactly_the_same_odds():
    first = odds(beliefs=UNSURE, seed=7)
    again = odds(beliefs=UNSURE, seed=7)

    assert first == again
    assert first.seed == 7
    assert first.draws == 20_000


def test_another_seed_gives_close_odds():
    first = odds(beliefs=UNSURE, seed=1)
    other = odds(beliefs=UNSURE, seed=2)

    assert first != other
    assert other.year == pytest.approx(first.year, abs=TOLERANCE)
    for a, b in zip(first.units, other.units, strict=True):
        assert b.validated == pytest.approx(a.validated, abs=TOLERANCE)
        for ca, cb in zip(a.courses, b.courses, strict=True):
            assert cb.retake == pytest.approx(ca.retake, abs=TOLERANCE)


def test_a_given_evaluation_gives_the_same_odds_as_evaluating_again():
    sc = scenario(grades={FUNDAMENTALS[1]: 55})
    evaluation = evaluate(programme(SL), sc)

    given_one = simulate(programme(SL), sc, UNSURE, evaluation=evaluation)

    assert given_one == simulate(programme(SL), sc, UNSURE)
    with pytest.raises(ValueError, match="not the evaluation of this scenario"):
        simulate(programme(SL), scenario(), UNSURE, evaluation=evaluation)


# --- Properties ----------------------------------------------------------------------------


@st.composite
def uncertain_plans(draw: st.DrawFn) -> tuple[str, dict, dict, dict, float]:
    """A plan, fixed grades, beliefs that still meet the scale when raised by `shift`."""
    programme_id = draw(st.sampled_from([SL, IM]))
    scale = 100 if programme_id == SL else 20
    fields = {"choices": SPECIALISATION[:6]} if programme_id == SL else {}
    courses = plan_courses(programme_id, **fields)
    fixed_courses = draw(st.sets(st.sampled_from(courses)))
    grade = st.floats(0, scale, allow_nan=False)
    fixed = {c: draw(st.one_of(grade, st.none())) for c in courses if c in fixed_courses}
    beliefs = {}
    for course in courses:
        if course not in fixed and draw(st.booleans()):
            low = draw(st.floats(-0.2 * scale, 0.7 * scale, allow_nan=False))
            width = draw(st.floats(max(0.0, -low), 0.4 * scale, allow_nan=False))
            beliefs[course] = Belief(low=low, high=low + width)
    shift = draw(st.floats(0, 0.3 * scale, allow_nan=False))
    return programme_id, fields, fixed, beliefs, shift


@FAST
@given(plan=uncertain_plans(), seed=st.integers(0, 2**32))
def test_probabilities_lie_in_0_1_and_the_year_never_beats_a_unit(plan, seed):
    programme_id, fields, fixed, beliefs, _ = plan
    result = odds(programme_id, beliefs, draws=500, seed=seed, grades=fixed, **fields)

    assert 0 <= result.year <= 1
    for unit in result.units:
        assert 0 <= unit.validated <= 1
        assert result.year <= unit.validated
        for course in unit.courses:
            assert course.retake >= 0
            assert course.retake + unit.validated <= 1 + 1e-12


@FAST
@given(plan=uncertain_plans(), seed=st.integers(0, 2**32))
def test_raising_every_belief_never_lowers_a_probability_of_validating(plan, seed):
    programme_id, fields, fixed, beliefs, shift = plan
    raised = {c: Belief(low=b.low + shift, high=b.high + shift) for c, b in beliefs.items()}
    before = odds(programme_id, beliefs, draws=500, seed=seed, grades=fixed, **fields)
    after = odds(programme_id, raised, draws=500, seed=seed, grades=fixed, **fields)

    assert after.year >= before.year
    for b, a in zip(before.units, after.units, strict=True):
        assert a.validated >= b.validated, a.unit
        for cb, ca in zip(b.courses, a.courses, strict=True):
            assert ca.retake <= cb.retake, ca.course


@FAST
@given(plan=uncertain_plans(), data=st.data())
def test_a_course_fixed_at_or_above_the_threshold_is_never_retaken(plan, data):
    programme_id, fields, fixed, beliefs, _ = plan
    scale = 100 if programme_id == SL else 20
    course = data.draw(st.sampled_from([c for c in plan_courses(programme_id, **fields)]))
    beliefs = {c: b for c, b in beliefs.items() if c != course}
    fixed = {**fixed, course: data.draw(st.floats(scale / 2, scale, allow_nan=False))}
    result = odds(programme_id, beliefs, draws=500, grades=fixed, **fields)

    unit = next(u for u in result.units if any(c.course == course for c in u.courses))
    assert unit.course(course).retake == 0


# --- Beliefs and refusals ------------------------------------------------------------------


def test_a_belief_around_an_expected_grade_spans_the_spread_each_side():
    assert Belief.around(55, 5) == Belief(low=50, high=60)
    assert Belief.around(12.5, 0) == Belief(low=12.5, high=12.5)


@pytest.mark.parametrize(
    "fields",
    [
        {"low": 60, "high": 40},
        {"low": float("nan"), "high": 40},
        {"low": 0, "high": float("inf")},
        {"low": True, "high": 40},
        {"low": "10", "high": 40},
        {"low": 10, "high": 40, "mode": 20},
    ],
)
def test_a_belief_refuses_a_reversed_infinite_or_odd_range(fields):
    with pytest.raises(ValueError):
        Belief(**fields)


@pytest.mark.parametrize(("expected", "spread"), [(50, -1), (float("nan"), 5), (50, float("inf"))])
def test_around_refuses_a_negative_or_non_finite_spread(expected, spread):
    with pytest.raises(ValueError):
        Belief.around(expected, spread)


def test_a_belief_on_a_course_that_already_has_a_grade_is_refused_by_name():
    with pytest.raises(ValueError, match=STAGE):
        odds(grades={STAGE: 55}, beliefs={STAGE: Belief(low=40, high=60)})


def test_a_belief_on_a_course_the_programme_lacks_is_refused():
    with pytest.raises(ValueError, match="no-such-course"):
        odds(beliefs={"no-such-course": Belief(low=40, high=60)})


def test_a_belief_entirely_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="outside the grade scale"):
        odds(IM, beliefs={"fi-stage-assessment": Belief(low=25, high=30)})


@pytest.mark.parametrize("draws", [0, -5, 10**7, 2.5, True])
def test_the_number_of_draws_must_be_a_sensible_integer(draws):
    with pytest.raises(ValueError, match="draws"):
        odds(draws=draws)


def test_a_belief_on_a_course_outside_the_plan_is_ignored():
    result = odds(beliefs={SPECIALISATION[-1]: Belief(low=0, high=1)})

    assert all(c.course != SPECIALISATION[-1] for u in result.units for c in u.courses)


def test_a_unit_with_incomplete_choices_is_skipped_and_listed():
    result = odds(choices=SPECIALISATION[:3])

    assert result.skipped == ("specialisation",)
    assert [u.unit for u in result.units] == ["cours-fondamentaux", "stage"]


# --- Speed ---------------------------------------------------------------------------------


def test_20_000_draws_of_a_whole_year_take_well_under_a_tenth_of_a_second():
    sc = scenario(choices=SPECIALISATION, grades={FUNDAMENTALS[0]: 55})
    beliefs = {c: Belief.around(50, 10) for c in SPECIALISATION[:6]}
    evaluation = evaluate(programme(SL), sc)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        simulate(programme(SL), sc, beliefs, 20_000, 0, evaluation=evaluation)
        best = min(best, time.perf_counter() - start)
    # Measured at about 10-30 ms; the margin absorbs a loaded machine.
    assert best < 0.25
