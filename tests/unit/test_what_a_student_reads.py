"""What a student reads of a verdict, on every view (the engine's messages, the CLI's text
and JSON, the PDF): ECTS sums that say when a part is not published, names and never ids,
a unit without session 2 that says so, a floor that is named, a total that says it is one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.catalogue import load_programme_file
from planner.evaluation import Evaluation, evaluate, to_contract
from planner.outputs import cli
from planner.scenario import Scenario
from tests.unit.support import FUNDAMENTALS, IM, REPO_ROOT, SL, STAGE, programme, run, run_im
from tests.unit.test_report import summary_text

IMAF_UNITS = ("imaf-modelisation", "imaf-appliquees", "imaf-numerique", "imaf-metiers")


def imaf_every_grade(grade: float, **session2: float) -> Evaluation:
    """M2 IM, FI, IMAF (four units whose ECTS are not published): every grade `grade`, the
    courses named in `session2` failed at 4 in session 1 and given that grade in session 2."""
    units = programme(IM).units_for("fi", "imaf")
    grades = {c: grade for u in units for c in u.courses} | dict.fromkeys(session2, 4.0)
    choices = tuple(c for u in units if u.choose for c in u.courses[: u.choose.min])
    return run_im(option="imaf", choices=choices, grades=grades, session2_grades=dict(session2))


def report(evaluation: Evaluation, lang: str) -> str:
    return cli._report(programme(evaluation.scenario.programme), evaluation, lang)  # type: ignore[arg-type]


# --- unknown ECTS are not zero ------------------------------------------------------------


def test_the_years_acquired_ects_name_the_units_whose_ects_are_not_published():
    year = imaf_every_grade(12).year

    assert year.ects_acquired == 39
    assert year.ects_unpublished == IMAF_UNITS
    english = year.message.text("en")
    assert "39 + ? ECTS acquired" in english
    assert "UE Mathématiques pour la modélisation" in english
    assert "39 + ? ECTS acquis" in year.message.text("fr")


def test_the_cli_text_says_39_plus_unknown_ects_in_both_languages():
    evaluation = imaf_every_grade(12)

    english, french = report(evaluation, "en"), report(evaluation, "fr")

    assert "Year result: ADM, 39 + ? ECTS acquired" in english
    assert "Résultat de l'année : ADM, 39 + ? ECTS acquis" in french
    assert "Total: 39 + ? ECTS" in english
    assert "Total : 39 + ? ECTS" in french
    assert "39 ECTS acquired" not in english.replace("39 + ? ECTS acquired", "")


def test_a_failed_year_keeps_its_known_ects_and_says_a_part_is_unpublished():
    # PPR PFE failed (6 ECTS) in both sessions: the year fails; 33 known ECTS and the IMAF
    # units' unpublished ones are kept.
    evaluation = imaf_every_grade(12, **{"fi-ppr-pfe-assessment": 5})

    assert evaluation.year.validated is False
    assert "33 + ? ECTS acquired" in evaluation.year.message.text("en")
    assert "33 + ? ECTS acquis" in evaluation.year.message.text("fr")
    assert "Year result: AJ, 33 + ? ECTS acquired" in report(evaluation, "en")


def test_the_json_says_the_acquired_ects_are_incomplete_and_which_units_are_unknown():
    data = json.loads(cli.json_text(to_contract(imaf_every_grade(12))))
    units = {u["id"]: u for u in data["units"]}

    assert data["year"]["ects_acquired"] == 39
    assert data["year"]["ects_acquired_incomplete"] is True
    assert data["year"]["ects_unpublished"] == list(IMAF_UNITS)
    assert units["imaf-metiers"]["ects_acquired"] is None
    assert units["imaf-metiers"]["ects_acquired_incomplete"] is True
    assert units["fi-stage"]["ects_acquired"] == 30
    assert units["fi-stage"]["ects_acquired_incomplete"] is False


def test_a_complete_sum_says_nothing_is_missing():
    evaluation = run_im(grades={})  # FI MDS: every unit's ECTS published, nothing acquired

    data = to_contract(evaluation)

    assert data["year"]["ects_acquired_incomplete"] is False  # type: ignore[index]
    assert data["year"]["ects_unpublished"] == []  # type: ignore[index]
    text = report(evaluation, "en")
    assert "Total: 60 ECTS, 216 + ? h CM, 60 + ? h TD" in text  # some hours are unpublished
    assert "ECTS acquired so far: 0" in text


@pytest.mark.parametrize(
    ("lang", "shown"), [("en", "39 + ? ECTS acquired"), ("fr", "39 + ? ECTS acquis")]
)
def test_the_pdf_says_39_plus_unknown_ects(lang, shown, tmp_path: Path):
    text = summary_text(IM, imaf_every_grade(12), lang, tmp_path)

    assert shown in text


# --- a unit without session 2 says so -------------------------------------------------------


def stage_failed() -> Evaluation:
    """S&L: the internship (no session 2) failed at 40."""
    return run(grades={STAGE: 40})


def test_a_unit_without_session_2_has_no_session_2_verdict():
    stage = stage_failed().unit(STAGE)

    assert stage.code == "AJ"
    assert stage.session2_held is None
    assert (
        stage.session1.explanation("en")
        == "Grade 40 < 50. Not validated: this unit has no session 2."
    )


@pytest.mark.parametrize(
    ("lang", "verdict", "said"),
    [
        ("en", "session 2 FAILED", "No session 2 is published"),
        ("fr", "session 2 NON VALIDÉE", "Aucune session 2 n'est publiée"),
    ],
)
def test_the_cli_text_gives_no_session_2_verdict_to_a_unit_without_one(lang, verdict, said):
    text = report(stage_failed(), lang)

    assert verdict not in text
    assert said not in text
    assert "Not validated: this unit has no session 2." in report(stage_failed(), "en")
    assert "Non validée : cette UE n'a pas de session 2." in report(stage_failed(), "fr")


def test_the_json_gives_no_session_2_verdict_to_a_unit_without_one():
    units = {u["id"]: u for u in to_contract(stage_failed())["units"]}  # type: ignore[union-attr]

    assert units[STAGE]["session2"] is None
    assert units[STAGE]["has_session2"] is False
    assert units[STAGE]["code"] == "AJ"
    assert units["cours-fondamentaux"]["has_session2"] is True


@pytest.mark.parametrize(
    ("lang", "said", "plain"),
    [
        ("en", "No session 2 is published", "Not validated: this unit has no session 2."),
        ("fr", "Aucune session 2 n'est publiée", "Non validée : cette UE n'a pas de session 2."),
    ],
)
def test_the_pdf_gives_no_session_2_verdict_to_a_unit_without_one(lang, said, plain, tmp_path):
    text = summary_text(SL, stage_failed(), lang, tmp_path)

    assert said not in text
    assert plain in text


# --- names, never ids --------------------------------------------------------------------


RETAKEN = "Apprentissage statistique, Introduction à l'apprentissage automatique"


@pytest.mark.parametrize(
    ("lang", "retakes"), [("en", f"    retakes: {RETAKEN}"), ("fr", f"    à repasser : {RETAKEN}")]
)
def test_the_cli_names_the_courses_to_retake(lang, retakes):
    grades = dict(zip(FUNDAMENTALS, (40, 45, 55, 53, 55), strict=True))

    text = report(run(grades=grades), lang)

    assert retakes in text.splitlines()
    assert "apprentissage-statistique" not in text


def test_the_cli_names_the_courses_of_a_minimum_and_the_units_left_out_of_a_total():
    text = report(run(grades={FUNDAMENTALS[0]: 40}), "en")

    assert "minimum on each of Introduction à l'apprentissage automatique, " in text
    assert "figures not published for: Mise à Niveau, UE de Cours Fondamentaux" in text
    assert not any(c in text for c in (*FUNDAMENTALS, "mise-a-niveau", "cours-fondamentaux"))


def test_the_cli_names_the_track_and_the_option():
    text = report(imaf_every_grade(12), "fr")

    assert text.splitlines()[0] == (
        "M2 IM · FI (formation initiale) · Informatique et Mathématiques Appliquées à la "
        "Finance et à l'Assurance (IMAF)"
    )
    assert not any(unit in text for unit in IMAF_UNITS)


# --- a unit held by a floor names it --------------------------------------------------------

FICTIONAL = REPO_ROOT / "tests" / "programmes" / "m2-fictional-coefficients.yaml"


def fictional(grades: dict[str, float], session2: dict[str, float] | None = None) -> Evaluation:
    """The fictional programme: UE A is a1, a2, a3 weighted by ECTS, threshold 10, floor 7."""
    found = load_programme_file(FICTIONAL)
    scenario = Scenario(programme=found.id, grades=grades, session2_grades=session2 or {})
    return evaluate(found, scenario)


def fictional_report(evaluation: Evaluation, lang: str) -> str:
    return cli._report(load_programme_file(FICTIONAL), evaluation, lang)  # type: ignore[arg-type]


FLOOR_LINE = {
    "en": "    minimum on each of Topologie inventée: 7, the course floor (a note éliminatoire)",
    "fr": "    minimum dans chacun de ces cours (Topologie inventée) : 7, "
    "note éliminatoire du cours",
}
FLOOR_PENDING = {
    "en": "A grade below 7 in Topologie inventée fails the unit whatever the mean "
    "(note éliminatoire).",
    "fr": "Une note sous 7 en Topologie inventée fait échouer l'UE quelle que soit la moyenne "
    "(note éliminatoire).",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_minimum_held_by_the_course_floor_names_it(lang):
    # 16 and 14 already give a mean of at least 11.5: only the floor asks for 7.
    evaluation = fictional({"a1": 16, "a2": 14})

    assert FLOOR_LINE[lang] in fictional_report(evaluation, lang).splitlines()


def test_a_minimum_above_the_floor_does_not_name_it():
    # 8 and 12 in a1 and a2 (6 and 3 ECTS): 48 + 36 + 3 x >= 120 asks for 12 in a3.
    lines = fictional_report(fictional({"a1": 8, "a2": 12}), "en").splitlines()

    assert "    minimum on each of Topologie inventée: 12" in lines


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_pending_unit_held_by_a_floor_names_it(lang):
    # Failed by the floor in session 1, a3 retaken: the mean is sure, the floor is not.
    unit = fictional({"a1": 16, "a2": 14, "a3": 5}).unit("ue-a")

    assert unit.session2 is not None and unit.session2.validated is None
    assert FLOOR_PENDING[lang] in unit.session2.explanation(lang)
    assert "below 7, a note éliminatoire" in unit.session1.explanation("en")  # the reason


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Not compensated: a course is below its floor of 7 (note éliminatoire)."),
        ("fr", "Non compensée : un cours est sous sa note éliminatoire de 7."),
    ],
)
def test_a_unit_held_by_a_course_floor_names_the_floor_in_its_compensation(lang, said):
    """M2 IM, FI, MDS, the student's rules "units compensate within the year" with a course
    floor of 7: maths pour la modélisation has 5 in one course, so its mean (12) does not
    save it and compensation cannot either; the reason names the floor that held it."""
    evaluation = run_im(
        grades={"statistical-learning-graphs": 5, "geometric-statistics": 19},
        parameters={"rules_preset": "year-compensation-by-ects", "course_floor": 7},
    )
    unit = evaluation.unit("mds-modelisation")
    assert unit.session1.validated is False
    assert unit.compensation is not None
    assert unit.compensation.message.text(lang) == said
