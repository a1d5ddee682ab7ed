"""Verdicts never claim more than is known, give their real reason in correct English and
French, and say when they rest on an assumption (issue 10, section 1)."""

from __future__ import annotations

import json

import pytest

from planner.messages import Below, Message, grade_text, of, render
from planner.outputs.cli import main
from tests.unit.support import (
    FUNDAMENTALS,
    IM,
    MDS_CHOICES,
    MISSING,
    SL,
    SPECIALISATION,
    grades_of,
    run,
    run_im,
)


def fundamentals(evaluation):
    return evaluation.unit("cours-fondamentaux")


def specialisation(evaluation):
    return evaluation.unit("specialisation")


# --- an unsat exam is not a validated verdict ---------------------------------------------


def test_a_year_whose_last_fundamental_is_unsat_is_pending_not_validated():
    grades = {
        **grades_of(FUNDAMENTALS, (100, 100, 100, 100, MISSING)),
        **grades_of(SPECIALISATION[:4], (60, 60, 60, 60)),
        "stage": 80,
    }
    evaluation = run(grades=grades)

    assert fundamentals(evaluation).session1.validated is None
    assert evaluation.year.validated is None
    assert evaluation.year.message.code == "year_pending"
    assert evaluation.minimums_for("cours-fondamentaux").uniform.status == "any_grade"


def test_a_best_k_unit_at_the_k_edge_is_validated_as_soon_as_one_more_exam_is_sat():
    chosen = SPECIALISATION[:5]
    unit = specialisation(run(choices=chosen, grades=grades_of(chosen, (90, 90, 90))))

    assert unit.session1.validated is None
    assert unit.session1.message.code == "validated_once_sat_some"
    assert unit.session1.explanation("en") == (
        "Validated as soon as you sit 1 of Processus ponctuels and Machine learning pour "
        "données médicales, whatever the grades: the mean will be at least 67.5 ≥ 50."
    )


def test_a_session_2_retake_not_yet_sat_under_replace_leaves_the_unit_pending():
    grades = grades_of(FUNDAMENTALS, (40, 100, 100, 100, 100))  # 88 ≥ 50: validated
    grades[FUNDAMENTALS[1]] = None  # absent: failed, retake the absent exam
    evaluation = run(grades=grades)
    unit = fundamentals(evaluation)

    assert unit.session1.validated is False
    assert unit.session2.validated is None  # the retake can still be missed
    assert unit.session2.message.code == "validated_once_sat"


@pytest.mark.parametrize(
    ("policy", "validated", "code"),
    [("keep_best", True, "certain_validated"), ("replace", None, "validated_once_sat")],
)
def test_a_missed_retake_keeps_the_session_1_grade_only_under_keep_best(policy, validated, code):
    # Session 1: 49.6, retake Apprentissage (40) and Introduction (45); Apprentissage gets
    # 100 in session 2. Keep-best: 100 + 45 + 55 + 53 + 55 = 308 ≥ 250 even if Introduction
    # is missed. Replace: a missed Introduction is an absence, so only sitting it is enough.
    evaluation = run(
        grades=grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55)),
        session2_grades={FUNDAMENTALS[0]: 100},
        parameters={"session2_policy": policy},
    )
    unit = fundamentals(evaluation)

    assert unit.session2.validated is validated
    assert unit.session2.message.code == code
    assert unit.session2.status == ("chosen" if policy == "keep_best" else "assumed")


# --- the real reason --------------------------------------------------------------------


def test_a_best_k_unit_failing_on_its_mean_is_not_explained_as_an_absence():
    chosen = SPECIALISATION[:6]
    grades = grades_of(chosen, (40, 40, 40, 40, 40, None))
    unit = specialisation(run(choices=chosen, grades=grades))

    assert unit.session1.validated is False
    assert unit.session1.message.code == "failed_best_k"
    text = unit.session1.explanation("en")
    assert text.startswith("Mean of the 4 best grades 40 < 50. Retake ")
    assert "all 6 grades" not in text and "needed" not in text


def test_a_mean_just_below_the_threshold_never_reads_as_the_threshold():
    unit = fundamentals(run(grades=grades_of(FUNDAMENTALS, (50, 50, 50, 50, 49.99))))

    assert unit.session1.validated is False
    assert unit.session1.explanation("en").startswith("Mean 49.998 < 50.")
    assert unit.session1.explanation("fr").startswith("Moyenne 49,998 < 50.")


@pytest.mark.parametrize(
    ("value", "bound", "shown"),
    [(49.6, 50, "49.6"), (49.998, 50, "49.998"), (9.9999999999, 10, "9.999999"), (3, 10, "3")],
)
def test_a_number_below_a_bound_shows_the_decimals_that_matter(value, bound, shown):
    assert grade_text(value, "en", (bound,)) == shown
    assert Message(code="failed_mean", params={"mean": Below(value, bound), "threshold": bound})


def test_after_a_failed_session_2_there_is_no_session_3():
    second = grades_of(FUNDAMENTALS, (10, 10))
    unit = fundamentals(
        run(grades=grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55)), session2_grades=second)
    )

    assert unit.session2.validated is False
    for lang, final in (("en", "Not validated after session 2."), ("fr", "après la session 2")):
        text = unit.session2.explanation(lang)
        assert final in text
        assert "etake" not in text and "epasser" not in text


def test_a_unit_without_session_2_says_so_instead_of_a_retake():
    unit = run(grades={"stage": 30}).unit("stage")

    assert unit.session1.explanation("en") == (
        "Grade 30 < 50. Not validated: this unit has no session 2."
    )
    assert unit.retakes == ()


@pytest.mark.parametrize(
    ("code", "params", "lang", "text"),
    [
        (
            "failed_too_few",
            {"obtained": 1, "needed": Message(code="n_needed", params={"n": 4})},
            "en",
            "Only 1 grade obtained, 4 needed.",
        ),
        (
            "failed_too_few",
            {"obtained": 3, "needed": Message(code="n_needed", params={"n": 4})},
            "fr",
            "Seulement 3 notes obtenues, 4 exigées.",
        ),
        (
            "failed_too_few",
            {"obtained": 0, "needed": Message(code="n_needed", params={"n": 1})},
            "fr",
            "Seulement 0 note obtenue, 1 exigée.",
        ),
        (
            "year_failed",
            {"units": ["UE A"]},
            "fr",
            "Année non validée : UE A non validée (pas de compensation entre UE).",
        ),
        (
            "year_failed",
            {"units": ["UE A", "UE B"]},
            "fr",
            "Année non validée : UE A et UE B non validées (pas de compensation entre UE).",
        ),
        (
            "choice_count",
            {
                "unit": "U",
                "choose": "1",
                "n": 1,
                "picked": 0,
                "chosen": Message(code="n_chosen", params={"n": 0}),
            },
            "en",
            "U: choose 1 course; 0 chosen.",
        ),
        (
            "choice_count",
            {
                "unit": "U",
                "choose": "2",
                "n": 2,
                "picked": 2,
                "chosen": Message(code="n_chosen", params={"n": 2}),
            },
            "fr",
            "U : choisir 2 cours ; 2 choisis.",
        ),
    ],
)
def test_counts_take_real_plural_forms(code, params, lang, text):
    assert render(Message(code=code, params=params), lang) == text
    assert "(s)" not in text


def test_french_elides_de_before_a_vowel():
    assert of("Optimisation", "fr") == "d'Optimisation"
    assert of("Écologie", "fr") == "d'Écologie"
    assert of("Modèle linéaire", "fr") == "de Modèle linéaire"
    assert of("Optimisation", "en") == "Optimisation"


# --- what is assumed is said --------------------------------------------------------------


def test_every_verdict_carries_the_status_of_its_rule():
    evaluation = run(grades={"stage": 80})

    assert fundamentals(evaluation).session1.status == "published"
    assert evaluation.unit("stage").session1.status == "assumed"
    assert evaluation.year.status == "assumed"


def test_a_session_2_verdict_rests_on_the_assumed_replace_policy_of_sl():
    evaluation = run(grades=grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55)))

    assert fundamentals(evaluation).session1.status == "published"
    assert fundamentals(evaluation).session2.status == "assumed"


def run_cli(capsys, tmp_path, scenario, *args):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    code = main(["evaluate", str(path), *args])
    out, _ = capsys.readouterr()
    assert code == 0
    return out


def test_evaluate_json_gives_the_rules_status_and_each_unit_rule_status(capsys, tmp_path):
    sl = json.loads(run_cli(capsys, tmp_path, {"programme": SL}, "--json"))
    im = json.loads(
        run_cli(
            capsys,
            tmp_path,
            {"programme": IM, "track": "fi", "option": "mds", "choices": list(MDS_CHOICES)},
            "--json",
        )
    )

    assert sl["rules_status"] == "mixed"
    assert {u["id"]: u["status"] for u in sl["units"]} == {
        "cours-fondamentaux": "published",
        "specialisation": "published",
        "stage": "assumed",
    }
    assert sl["units"][2]["session1"]["status"] == "assumed"
    assert im["rules_status"] == "assumed"
    assert {u["status"] for u in im["units"]} == {"assumed"}
    assert im["year"]["status"] == "assumed"


def test_the_text_report_marks_each_verdict_published_or_assumed(capsys, tmp_path):
    out = run_cli(capsys, tmp_path, {"programme": SL, "grades": {"stage": 80}})

    assert "UE de Stage: session 1 VALIDATED (assumed rule)" in out
    assert "UE de Cours Fondamentaux: session 1 PENDING (published rule)" in out
    assert "Rules: partly published, partly assumed" in out


def test_the_french_text_report_is_french_throughout(capsys, tmp_path):
    grades = grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55.5))
    out = run_cli(capsys, tmp_path, {"programme": SL, "grades": grades}, "--lang", "fr")

    assert "Moyenne 49,7 < 50." in out
    assert "UE de Cours Fondamentaux : session 1 NON VALIDÉE (règle publiée)" in out
    assert "à repasser : " in out
    assert "Année : " in out
    for english in ("Total:", "retakes:", "Year:", "PENDING", "session 2 PENDING", "hours"):
        assert english not in out


def test_catalogue_json_shows_the_ppr_alternance_1_conflict(capsys):
    assert main(["catalogue", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    im = next(p for p in data["programmes"] if p["id"] == IM)
    unit = next(u for u in im["units"] if u["id"] == "fa-ppr-alternance-1")

    assert unit["ects"] == 9
    assert unit["conflict"] == {
        "value": 3,
        "where": "UE Stage description: 'PPR Alternance 1 in S3 (3 ECTS)'",
    }
    assert unit["courses"][0]["conflict"]["value"] == 3
    others = [u for u in im["units"] if u["id"] != "fa-ppr-alternance-1"]
    assert all(u["conflict"] is None for u in others)


def test_sl_no_compensation_is_published_only_between_specialisation_and_stage(sl):
    from planner.outputs.rules_text import statements

    compensation = [s for s in statements(sl, "en") if s.topic == "Compensation"]

    assert [(s.status, s.text) for s in compensation] == [
        ("published", "No compensation between UE de Spécialisation and UE de Stage."),
        (
            "assumed",
            "No compensation between the other units either: the year needs each unit validated.",
        ),
    ]
    assert (
        compensation[0].source == "Pas de compensation entre UE de spécialisation et UE de stage."
    )


def test_im_verdicts_are_all_marked_assumed():
    evaluation = run_im(grades={})

    assert {u.session1.status for u in evaluation.units} == {"assumed"}


@pytest.mark.parametrize(
    ("n", "lang", "text"),
    [
        (1, "en", "1 valid combination of choices."),
        (2, "en", "2 valid combinations of choices."),
        (0, "fr", "0 combinaison de choix valide."),
        (3, "fr", "3 combinaisons de choix valides."),
    ],
)
def test_app_texts_take_real_plural_forms(n, lang, text):
    from ui.i18n import t

    assert t("combinations_count", lang, n=n).startswith(text)


# --- no filler ----------------------------------------------------------------------------


def test_a_unit_with_no_grade_yet_says_what_validates_it_not_that_the_mean_is_anywhere():
    text = fundamentals(run(grades={})).session1.explanation("en")
    assert "between" not in text
    assert text.endswith("every mean is still possible; at least 50 validates the unit.")
    assert "tout reste possible" in fundamentals(run(grades={})).session1.explanation("fr")


def test_a_unit_half_graded_still_gives_the_range_its_mean_can_reach():
    graded = dict(zip(FUNDAMENTALS[:4], (40, 40, 40, 40), strict=True))
    text = fundamentals(run(grades=graded)).session1.explanation("en")
    assert "the mean will be between 32 and 52" in text


@pytest.mark.parametrize(("lang", "shown"), [("en", "49.999"), ("fr", "49,999")])
def test_a_retaken_grade_below_the_threshold_never_reads_as_the_threshold(lang, shown):
    """49.999 in a fundamental is retaken because it is below 50: the verdict's list of
    retakes (the card, the PDF and the CLI read it) says so, never "(50)"."""
    grades = grades_of(FUNDAMENTALS, (40, 45, 49.999, 53, 55))
    text = fundamentals(run(grades=grades)).session1.explanation(lang)
    assert f"({shown})" in text
    assert "(50)" not in text
