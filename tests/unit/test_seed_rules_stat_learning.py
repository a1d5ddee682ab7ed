"""Every rule sentence of seed 000 (M2 Statistique & Learning, rentrée 2024), with its figures.

Grades are /100. A grade is a number, None (absent) or MISSING (not known yet).
"""

from __future__ import annotations

import pytest

from tests.unit.support import (
    FUNDAMENTALS,
    MISE_A_NIVEAU,
    MISSING,
    SPECIALISATION,
    STAGE,
    grades_of,
    problem_codes,
    run,
)

WORKED_EXAMPLE = (40, 45, 55, 53, 55)  # mean 49.6


def fundamentals_of(evaluation):
    return evaluation.unit("cours-fondamentaux")


def specialisation_of(evaluation):
    return evaluation.unit("specialisation")


def stage_of(evaluation):
    return evaluation.unit("stage")


# --- UE de Cours Fondamentaux, session 1 ------------------------------------------------


@pytest.mark.parametrize(
    ("grades", "mean"),
    [
        ((50, 50, 50, 50, 50), 50),
        ((100, 0, 50, 50, 50), 50),
        ((60, 60, 60, 60, 60), 60),
        ((50.1, 49.9, 50.2, 49.8, 50.0), 50),
        # Binary floats would sum these to 49.99999999999999: the mean must be exact.
        ((48.0, 48.1, 48.3, 50.0, 55.6), 50),
        ((100, 100, 100, 100, 100), 100),
    ],
)
def test_five_grades_with_a_mean_of_at_least_50_validate_the_fundamentals(grades, mean):
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, grades)))

    assert unit.session1.validated is True
    assert unit.session1.mean == pytest.approx(mean)
    assert unit.retakes == ()
    assert unit.session2 is None


def test_a_mean_of_exactly_50_validates_the_fundamentals():
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, (50, 50, 50, 50, 50))))

    assert unit.session1.validated is True
    assert unit.session1.mean == 50


@pytest.mark.parametrize(
    ("grades", "mean"),
    [
        (WORKED_EXAMPLE, 49.6),
        ((50, 50, 50, 50, 49.99), 49.998),
        ((0, 0, 0, 0, 0), 0),
        ((100, 100, 0, 0, 49), 49.8),
    ],
)
def test_five_grades_with_a_mean_below_50_fail_session_1(grades, mean):
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, grades)))

    assert unit.session1.validated is False
    assert unit.session1.mean == pytest.approx(mean)
    assert unit.session2 is not None


def test_the_worked_example_fails_with_a_mean_of_49_6_and_retakes_exactly_two_courses():
    evaluation = run(grades=grades_of(FUNDAMENTALS, WORKED_EXAMPLE))
    unit = fundamentals_of(evaluation)

    assert unit.session1.validated is False
    assert unit.session1.mean == pytest.approx(49.6)
    assert list(unit.retakes) == [
        "apprentissage-statistique",
        "introduction-apprentissage-automatique",
    ]
    assert "49.6 < 50" in unit.session1.explanation("en")
    assert "49,6 < 50" in unit.session1.explanation("fr")


def test_four_grades_out_of_five_send_the_fundamentals_to_session_2_even_with_a_high_mean():
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, (100, 100, 100, 100, None))))

    assert unit.session1.validated is False
    assert unit.retakes == ("optimisation-apprentissage-automatique",)
    assert unit.session2 is not None


def test_an_absent_fundamental_course_is_retaken_with_every_course_below_50():
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, (None, 45, 80, 30, 90))))

    assert unit.session1.validated is False
    assert set(unit.retakes) == {
        "apprentissage-statistique",
        "introduction-apprentissage-automatique",
        "modele-lineaire-grande-dimension",
    }


@pytest.mark.parametrize(
    "grades",
    [
        WORKED_EXAMPLE,
        (50, 0, 0, 0, 0),
        (None, 50, 50, 50, 50),
        (49.99, 50, 100, None, 10),
        (0, 0, 0, 0, 50),
    ],
)
def test_a_fundamental_course_at_or_above_50_is_never_retaken(grades):
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, grades)))

    assert unit.session1.validated is False
    expected = {c for c, g in zip(FUNDAMENTALS, grades, strict=True) if g is None or g < 50}
    assert set(unit.retakes) == expected


# --- Mise à niveau: a bonus only once session 1 is validated ------------------------------


def test_mise_a_niveau_grades_give_a_bonus_when_session_1_is_validated():
    # bonus = 0.1 × (mean(80, 70) − 50) = 2.5
    grades = {**grades_of(FUNDAMENTALS, (60,) * 5), **grades_of(MISE_A_NIVEAU, (80, 70))}
    unit = fundamentals_of(run(grades=grades))

    assert unit.session1.validated is True
    assert unit.session1.bonus == pytest.approx(2.5)
    assert unit.session1.mean_with_bonus == pytest.approx(62.5)


def test_the_bonus_rate_is_a_scenario_parameter():
    # bonus = 0.5 × (mean(80, 70) − 50) = 12.5
    grades = {**grades_of(FUNDAMENTALS, (60,) * 5), **grades_of(MISE_A_NIVEAU, (80, 70))}
    evaluation = run(grades=grades, parameters={"bonus_rate": 0.5})
    unit = fundamentals_of(evaluation)

    assert evaluation.bonus_rate == 0.5
    assert unit.session1.bonus == pytest.approx(12.5)
    assert unit.session1.mean_with_bonus == pytest.approx(72.5)


def test_the_default_bonus_rate_is_0_1():
    assert run().bonus_rate == 0.1


def test_the_bonus_never_lifts_the_mean_above_the_scale():
    grades = {**grades_of(FUNDAMENTALS, (99,) * 5), **grades_of(MISE_A_NIVEAU, (100,))}
    unit = fundamentals_of(run(grades=grades, parameters={"bonus_rate": 0.5}))

    assert unit.session1.bonus == pytest.approx(25)
    assert unit.session1.mean_with_bonus == 100


@pytest.mark.parametrize("mise_a_niveau", [(50, 50), (40, 60), (10,), (None, None)])
def test_mise_a_niveau_grades_with_a_mean_up_to_50_give_no_bonus(mise_a_niveau):
    grades = {**grades_of(FUNDAMENTALS, (60,) * 5), **grades_of(MISE_A_NIVEAU, mise_a_niveau)}
    unit = fundamentals_of(run(grades=grades))

    assert unit.session1.validated is True
    assert not unit.session1.bonus
    assert unit.session1.mean == 60


def test_an_absent_mise_a_niveau_grade_is_left_out_of_the_bonus_mean():
    # mean of the grades obtained: 80 → bonus 0.1 × 30 = 3
    grades = {**grades_of(FUNDAMENTALS, (60,) * 5), **grades_of(MISE_A_NIVEAU, (80, None))}
    unit = fundamentals_of(run(grades=grades))

    assert unit.session1.bonus == pytest.approx(3)


def test_mise_a_niveau_grades_never_rescue_a_failed_session_1():
    grades = {**grades_of(FUNDAMENTALS, WORKED_EXAMPLE), **grades_of(MISE_A_NIVEAU, (100,) * 4)}
    unit = fundamentals_of(run(grades=grades, parameters={"bonus_rate": 1}))

    assert unit.session1.validated is False
    assert unit.session1.bonus is None
    assert list(unit.retakes) == list(FUNDAMENTALS[:2])


def test_mise_a_niveau_grades_no_longer_count_in_session_2():
    grades = {**grades_of(FUNDAMENTALS, WORKED_EXAMPLE), **grades_of(MISE_A_NIVEAU, (100,) * 4)}
    second = grades_of(FUNDAMENTALS, (80, 80))
    unit = fundamentals_of(run(grades=grades, session2_grades=second))

    assert unit.session2 is not None
    assert unit.session2.validated is True
    assert unit.session2.mean == pytest.approx((80 + 80 + 55 + 53 + 55) / 5)
    assert unit.session2.bonus is None
    assert unit.session2.mean_with_bonus is None


def test_mise_a_niveau_is_a_bonus_not_a_unit_to_validate():
    evaluation = run(grades=grades_of(MISE_A_NIVEAU, (0, 0, 0, 0)))

    assert [u.unit for u in evaluation.units] == ["cours-fondamentaux", "specialisation", "stage"]
    assert "not_in_plan" not in problem_codes(evaluation)


# --- UE de Spécialisation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "valid"),
    [(0, False), (3, False), (4, True), (5, True), (12, True)],
)
def test_the_specialisation_needs_at_least_4_chosen_courses_out_of_12(chosen, valid):
    evaluation = run(choices=SPECIALISATION[:chosen])
    unit = specialisation_of(evaluation)

    assert evaluation.choices_valid is valid
    assert unit.choice_valid is valid
    assert ("choice_count" in problem_codes(evaluation)) is not valid
    if not valid:
        assert unit.session1.validated is None


@pytest.mark.parametrize(
    ("grades", "validated", "mean"),
    [
        ((50, 50, 50, 50), True, 50),
        ((49, 50, 50, 50), False, 49.75),
        ((30, 60, 60, 60, 60), True, 60),
        ((10, 20, 80, 80, 80, 60), True, 75),
        ((49.99, 49.99, 49.99, 50.03, 0), True, 50),
        ((0, 100, 100, 0, 0), True, 50),
        ((0, 100, 99.99, 0, 0), False, 49.9975),
    ],
)
def test_the_mean_of_the_4_best_grades_decides_the_specialisation(grades, validated, mean):
    chosen = SPECIALISATION[: len(grades)]
    unit = specialisation_of(run(choices=chosen, grades=grades_of(chosen, grades)))

    assert unit.session1.validated is validated
    assert unit.session1.mean == pytest.approx(mean)


def test_the_best_4_of_5_chosen_courses_validate_despite_a_failed_fifth():
    chosen = SPECIALISATION[:5]
    unit = specialisation_of(run(choices=chosen, grades=grades_of(chosen, (30, 60, 60, 60, 60))))

    assert unit.session1.validated is True
    assert unit.session1.mean == 60
    assert unit.retakes == ()


@pytest.mark.parametrize(
    "grades",
    [
        (100, 100, 100, None),
        (100, 100, 100, None, None),
        (None, None, None, None),
        (100, 100, 100, None, None, None),
    ],
)
def test_fewer_than_4_grades_send_the_specialisation_to_session_2(grades):
    chosen = SPECIALISATION[: len(grades)]
    unit = specialisation_of(run(choices=chosen, grades=grades_of(chosen, grades)))

    assert unit.session1.validated is False
    assert unit.session1.message.code == "failed_too_few"
    assert set(unit.retakes) == {c for c, g in zip(chosen, grades, strict=True) if g is None}
    assert unit.session2 is not None


def test_specialisation_retakes_are_the_chosen_courses_absent_or_below_50():
    chosen = SPECIALISATION[:5]
    grades = (60, 45, 30, None, 40)  # best 4: 60, 45, 40, 30 → 43.75
    unit = specialisation_of(run(choices=chosen, grades=grades_of(chosen, grades)))

    assert unit.session1.validated is False
    assert unit.session1.mean == pytest.approx(43.75)
    assert list(unit.retakes) == [chosen[1], chosen[2], chosen[3], chosen[4]]
    assert chosen[0] not in unit.retakes


def test_a_grade_for_a_specialisation_course_not_chosen_is_ignored_and_reported():
    chosen = SPECIALISATION[:4]
    grades = {**grades_of(chosen, (50, 50, 50, 50)), SPECIALISATION[11]: 0}
    evaluation = run(choices=chosen, grades=grades)

    assert specialisation_of(evaluation).session1.validated is True
    assert specialisation_of(evaluation).enrolled == chosen
    assert problem_codes(evaluation) == ["not_in_plan"]


# --- UE de Stage (assumed rule: one grade ≥ 50, no session 2) -----------------------------


@pytest.mark.parametrize(
    ("grade", "validated"),
    [(50, True), (100, True), (49.99, False), (0, False), (None, False), (MISSING, None)],
)
def test_the_internship_is_validated_by_a_single_grade_of_at_least_50(grade, validated):
    unit = stage_of(run(grades=grades_of((STAGE,), (grade,))))

    assert unit.session1.validated is validated
    assert unit.rule.status == "assumed"


def test_a_failed_internship_has_no_session_2():
    unit = stage_of(run(grades={STAGE: 40}))

    assert unit.session2 is not None
    assert unit.session2.validated is False
    assert unit.session2.message.code == "no_session2"
    assert unit.final.validated is False


def test_a_failed_internship_lists_no_retake_since_it_has_no_session_2():
    # Regression: 'stage' used to be listed in retakes although nothing can be retaken.
    evaluation = run(grades={STAGE: 40})

    assert stage_of(evaluation).retakes == ()
    assert evaluation.retakes == ()


def test_a_session_2_grade_for_the_internship_is_ignored_and_reported():
    # Regression: this grade used to be ignored silently.
    evaluation = run(grades={STAGE: 40}, session2_grades={STAGE: 60})

    assert stage_of(evaluation).final.validated is False
    assert "not_retaken" in problem_codes(evaluation)


# --- No compensation ----------------------------------------------------------------------


def _year(fundamentals, specialisation, stage):
    chosen = SPECIALISATION[: len(specialisation)]
    grades = {
        **grades_of(FUNDAMENTALS, fundamentals),
        **grades_of(chosen, specialisation),
        **grades_of((STAGE,), (stage,)),
    }
    return run(choices=chosen, grades=grades).year


@pytest.mark.parametrize(
    ("fundamentals", "specialisation", "stage", "validated"),
    [
        ((60,) * 5, (60,) * 4, 60, True),
        ((50,) * 5, (50,) * 4, 50, True),
        # a brilliant specialisation does not compensate a failed internship …
        ((100,) * 5, (100,) * 4, 49, False),
        # … nor a brilliant internship a failed specialisation
        ((100,) * 5, (49,) * 4, 100, False),
        ((49,) * 5, (100,) * 4, 100, False),
        ((100,) * 5, (100,) * 4, None, False),
        ((100,) * 5, (100,) * 4, MISSING, None),
    ],
)
def test_there_is_no_compensation_between_units(fundamentals, specialisation, stage, validated):
    year = _year(fundamentals, specialisation, stage)

    assert year.session1_validated is validated


def test_a_failed_internship_fails_the_year_since_it_has_no_session_2():
    year = _year((100,) * 5, (100,) * 4, 49)

    assert year.validated is False


def test_a_failed_specialisation_leaves_the_year_pending_until_its_session_2():
    year = _year((100,) * 5, (49,) * 4, 100)

    assert year.session1_validated is False
    assert year.validated is None


def test_a_failed_unit_is_named_when_the_year_fails():
    year = _year((100,) * 5, (100,) * 4, 49)

    assert year.message.code == "year_failed"
    assert "UE de Stage" in year.message.text("en")
    assert "compensation" in year.message.text("en")


# --- Session 2 ----------------------------------------------------------------------------


def test_session_2_replaces_the_retaken_grades_by_default():
    evaluation = run(grades=grades_of(FUNDAMENTALS, WORKED_EXAMPLE), session2_grades={})

    assert evaluation.policy == "replace"


@pytest.mark.parametrize(
    ("policy", "second", "validated", "mean"),
    [
        # replace: 20 + 60 + 55 + 53 + 55 = 243 → 48.6
        ("replace", (20, 60), False, 48.6),
        # keep_best: max(40, 20) + max(45, 60) + 163 = 263 → 52.6
        ("keep_best", (20, 60), True, 52.6),
        ("replace", (30, 70), True, 52.6),
        ("keep_best", (30, 70), True, 54.6),
        ("replace", (60, 27), True, 50),
        ("replace", (60, 26.99), False, 49.998),
        ("keep_best", (0, 0), False, 49.6),
    ],
)
def test_session_2_grades_replace_or_keep_the_best_of_the_retaken_grades(
    policy, second, validated, mean
):
    evaluation = run(
        grades=grades_of(FUNDAMENTALS, WORKED_EXAMPLE),
        session2_grades=grades_of(FUNDAMENTALS, second),
        parameters={"session2_policy": policy},
    )
    unit = fundamentals_of(evaluation)

    assert evaluation.policy == policy
    assert unit.session2.validated is validated
    assert unit.session2.mean == pytest.approx(mean)
    assert unit.final is unit.session2


def test_a_session_2_absence_fails_under_replace_and_keeps_session_1_under_keep_best():
    second = {FUNDAMENTALS[0]: None, FUNDAMENTALS[1]: 60}
    replace = run(grades=grades_of(FUNDAMENTALS, WORKED_EXAMPLE), session2_grades=second)
    keep_best = run(
        grades=grades_of(FUNDAMENTALS, WORKED_EXAMPLE),
        session2_grades=second,
        parameters={"session2_policy": "keep_best"},
    )

    assert fundamentals_of(replace).session2.validated is False
    # keep_best: 40 (session 1) + 60 + 163 = 263 → 52.6
    assert fundamentals_of(keep_best).session2.validated is True
    assert fundamentals_of(keep_best).session2.mean == pytest.approx(52.6)


def test_session_2_is_pending_until_every_retaken_grade_is_known():
    unit = fundamentals_of(
        run(grades=grades_of(FUNDAMENTALS, WORKED_EXAMPLE), session2_grades={FUNDAMENTALS[0]: 60})
    )

    assert unit.session2.validated is None
    # 60 + [0..100] + 163 → between 44.6 and 64.6
    assert unit.session2.mean_min == pytest.approx(44.6)
    assert unit.session2.mean_max == pytest.approx(64.6)


def test_a_session_2_grade_for_a_course_not_retaken_is_ignored_and_reported():
    second = {
        FUNDAMENTALS[0]: 60,
        FUNDAMENTALS[1]: 27,
        FUNDAMENTALS[2]: 0,  # 55 in session 1: not retaken
    }
    evaluation = run(grades=grades_of(FUNDAMENTALS, WORKED_EXAMPLE), session2_grades=second)
    unit = fundamentals_of(evaluation)

    assert unit.session2.validated is True
    assert unit.session2.mean == 50  # (60 + 27 + 55 + 53 + 55) / 5
    assert problem_codes(evaluation) == ["not_retaken"]
    assert evaluation.problems[0].params["course"] == "Estimation non-paramétrique"


def test_a_session_2_grade_after_a_validated_session_1_is_ignored_and_reported():
    evaluation = run(
        grades=grades_of(FUNDAMENTALS, (60,) * 5), session2_grades={FUNDAMENTALS[0]: 0}
    )
    unit = fundamentals_of(evaluation)

    assert unit.session1.validated is True
    assert unit.session2 is None
    assert unit.final.validated is True
    assert problem_codes(evaluation) == ["not_retaken"]


def test_a_session_2_grade_for_a_course_outside_the_plan_is_reported():
    # Regression: a session-2 grade for a course not chosen used to be ignored silently.
    evaluation = run(choices=SPECIALISATION[:4], session2_grades={SPECIALISATION[11]: 60})

    assert len(evaluation.problems) == 1
    assert "Topics in modern machine learning" in evaluation.problems[0].params["course"]


def test_the_specialisation_session_2_retakes_only_the_courses_below_50():
    chosen = SPECIALISATION[:4]
    grades = grades_of(chosen, (60, 45, 30, None))
    second = grades_of(chosen, (MISSING, 70, 60, 50))  # 60 + 70 + 60 + 50 → 60
    unit = specialisation_of(run(choices=chosen, grades=grades, session2_grades=second))

    assert list(unit.retakes) == list(chosen[1:])
    assert unit.session2.validated is True
    assert unit.session2.mean == 60


def test_the_specialisation_session_2_uses_the_4_best_grades_again():
    chosen = SPECIALISATION[:5]
    grades = grades_of(chosen, (60, 45, 30, None, 40))
    second = grades_of(chosen, (MISSING, 20, 20, 20, 90))  # best 4: 90, 60, 20, 20 → 47.5
    unit = specialisation_of(run(choices=chosen, grades=grades, session2_grades=second))

    assert unit.session2.validated is False
    assert unit.session2.mean == pytest.approx(47.5)


# --- Pending versus certain verdicts ------------------------------------------------------


@pytest.mark.parametrize(
    ("grades", "validated"),
    [
        # The unknown grade will be between 0 and 100, or an absence ("5 notes sont
        # obtenues"): validated once sat whatever the grade, but pending until then.
        ((100, 100, 100, 100, MISSING), None),  # at least 80 once sat
        ((62.5, 62.5, 62.5, 62.5, MISSING), None),  # at least exactly 50 once sat
        ((62.4, 62.5, 62.5, 62.5, MISSING), None),  # 49.98 .. 69.98
        ((60, 60, 60, 60, MISSING), None),  # 48 .. 68
        ((0, 0, 0, 0, MISSING), False),  # at most 20
        ((37.5, 37.5, 37.5, 37.5, MISSING), None),  # 30 .. exactly 50
        ((37.4, 37.5, 37.5, 37.5, MISSING), False),  # at most 49.98
        ((None, 100, 100, 100, MISSING), False),  # an absence fails whatever comes
        ((MISSING,) * 5, None),
    ],
)
def test_a_verdict_is_certain_only_when_no_unknown_grade_can_change_it(grades, validated):
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, grades)))

    assert unit.session1.validated is validated


def test_an_unsat_fundamental_exam_leaves_the_unit_validated_as_soon_as_it_is_sat():
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, (100, 100, 100, 100, MISSING))))

    assert unit.session1.validated is None
    assert unit.session1.message.code == "validated_once_sat"
    assert unit.session1.explanation("en") == (
        "Validated as soon as you sit Optimisation pour l'apprentissage automatique, whatever "
        "the grade: the mean will be at least 80 ≥ 50. Missing it would fail the unit."
    )
    assert unit.session1.explanation("fr") == (
        "Validée dès que vous passez l'épreuve d'Optimisation pour l'apprentissage "
        "automatique, quelle que soit la note : la moyenne vaudra au moins 80 ≥ 50. Une "
        "absence ferait échouer l'UE."
    )


def test_an_absence_at_the_unsat_exam_fails_the_unit_it_would_have_validated():
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, (100, 100, 100, 100, None))))

    assert unit.session1.validated is False
    assert unit.session1.message.code == "failed_absent"
    assert unit.session1.explanation("fr") == (
        "Absence en Optimisation pour l'apprentissage automatique : chaque note de l'UE est "
        "exigée. Repasser Optimisation pour l'apprentissage automatique (absente)."
    )


def test_a_certainly_failed_unit_lists_unknown_courses_as_retaken_if_below_50():
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, (0, 0, 0, 0, MISSING))))

    assert unit.session1.validated is False
    assert list(unit.retakes) == list(FUNDAMENTALS[:4])
    assert unit.retakes_if_below == (FUNDAMENTALS[4],)
    assert unit.session1.mean_max == pytest.approx(20)


def test_a_pending_unit_gives_the_range_of_its_possible_means():
    unit = fundamentals_of(run(grades=grades_of(FUNDAMENTALS, (60, 60, 60, 60, MISSING))))

    assert unit.session1.validated is None
    assert unit.session1.mean is None
    assert unit.session1.mean_min == pytest.approx(48)
    assert unit.session1.mean_max == pytest.approx(68)
    assert unit.retakes == ()


@pytest.mark.parametrize(
    ("grades", "validated"),
    [
        # At the k-edge the fourth grade is needed: pending until it is sat.
        ((100, 100, 100, MISSING), None),  # 100, 100, 100, ≥ 0 → at least 75 once sat
        ((50, 50, 50, MISSING), None),  # 37.5 .. 62.5
        ((0, 0, 0, MISSING), False),  # at most 25
        ((None, None, 100, MISSING), False),  # at most 2 grades: fewer than 4
        ((60, 60, 60, 60, MISSING), True),  # 4 grades already: even a miss cannot fail it
    ],
)
def test_a_specialisation_verdict_is_certain_only_when_no_unknown_grade_can_change_it(
    grades, validated
):
    chosen = SPECIALISATION[: len(grades)]
    unit = specialisation_of(run(choices=chosen, grades=grades_of(chosen, grades)))

    assert unit.session1.validated is validated


def test_the_year_is_pending_while_a_unit_is_pending_and_nothing_failed():
    year = _year((60,) * 5, (60,) * 4, MISSING)

    assert year.validated is None
    assert year.message.code == "year_pending"
