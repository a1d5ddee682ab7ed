"""Jury codes beyond ADM/CMP/AJ (DEF, AJAC, a semester's code) and prerequisites between
periods (format_version 3, planner.rules.progression).

The fictional programme (tests/programmes/m2-fictional-progression.yaml), grades /20,
every threshold 10, an absence blocks:

- S3 (30 ECTS): UE A (15 ECTS, mean of a1 and a2), UE B (6, b1), UE C (9, c1); B and C
  compensate each other (a group inside S3).
- S4 (30 ECTS): UE D (6, d1), Mémoire (21, m1), UE E (3, e1); A and D compensate each
  other (a group reaching across S3 and S4).
- `jury_codes: {absence: DEF, semesters: true}`; the Mémoire counts once S3 is validated
  or 24 of its ECTS acquired (AJAC); UE E once UE B is validated.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import CatalogueError, Programme, load_catalogue, parse_programme
from planner.evaluation import Evaluation, access_text, evaluate, semesters_text
from planner.odds import simulate
from planner.outputs.cli import main
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.scenario import Scenario
from tests.unit.support import file_data, judge_file

PROGRAMME_FILE = (
    Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-progression.yaml"
)
COURSES = ("a1", "a2", "b1", "c1", "d1", "m1", "e1")
ALL_12 = dict.fromkeys(COURSES, 12.0)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


@cache
def programme() -> Programme:
    return parse_programme(raw(), "progression.yaml")


def judge(grades: dict, session2: dict | None = None) -> Evaluation:
    return judge_file(programme(), grades, session2)


def codes(evaluation: Evaluation) -> dict[str, str | None]:
    return {u.unit: u.code for u in evaluation.units}


def semester_codes(evaluation: Evaluation) -> dict[str, str | None]:
    return {s.semester: s.code for s in evaluation.semesters}


# --- the file --------------------------------------------------------------------------


def test_a_version_2_file_refuses_the_keys_naming_each():
    data = raw()
    data["format_version"] = 2
    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "progression.yaml")
    message = str(caught.value)
    assert "rules.jury_codes: needs format_version: 3 (a version-2 file has no jury_codes)" in (
        message
    )
    assert "rules.prerequisites: needs format_version: 3 (a version-2 file has no " in message


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda r: r["prerequisites"][0]["requires"].update(semester="S5"),
            "rules.prerequisites.0.requires.semester: no unit has semester 'S5'",
        ),
        (
            lambda r: r["prerequisites"][1].update(units=["ue-x"]),
            "rules.prerequisites.1.units: 'ue-x' is not a graded unit",
        ),
        (
            lambda r: r["prerequisites"][1].update(continue_with_ects=3),
            "continue_with_ects needs requires.semester",
        ),
        (
            lambda r: r["prerequisites"][1].update(requires={"unit": "ue-e"}),
            "rules.prerequisites.1.requires: a unit cannot require itself",
        ),
        (
            lambda r: r["prerequisites"][1].update(requires={"unit": "memoire"}),
            "rules.prerequisites.1.requires: a required period is itself gated",
        ),
        (
            lambda r: r["prerequisites"][1].update(units=["ue-d"]),
            "rules.prerequisites.1: a compensation group mixes units it gates with units",
        ),
        (
            lambda r: r["prerequisites"][1].update(semester="S4"),
            "give either semester or units",
        ),
        (
            lambda r: r["prerequisites"][1].update(units=["memoire", "ue-e"]),
            "rules.prerequisites.1: 'memoire' already has a prerequisite (a unit has one at most)",
        ),
    ],
)
def test_a_prerequisite_that_cannot_be_judged_is_refused_naming_its_field(change, error):
    data = raw()
    change(data["rules"])
    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "progression.yaml")
    assert error in str(caught.value)


def test_semester_codes_need_units_with_a_semester():
    data = raw()
    del data["rules"]["prerequisites"]
    for unit in data["units"]:
        del unit["semester"]
    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "progression.yaml")
    assert "rules.jury_codes.semesters: no unit has a semester" in str(caught.value)


def test_the_shipped_and_real_programmes_give_no_new_code():
    # Neither says jury_codes nor prerequisites: no semester code, no access, and every
    # unit code is one of ADM, CMP, AJ as before.
    real = Path(__file__).resolve().parents[1] / "programmes" / "real"
    shipped = list(load_catalogue().programmes) + list(load_catalogue(real).programmes)
    for p in shipped:
        assert p.rules.jury_codes is None and not p.rules.prerequisites
        courses = [c for u in p.units for c in u.courses]
        absent = {c: None for c in courses[::2]} | {c: 0.0 for c in courses[1::2]}
        track = p.tracks[0].id if p.tracks else None
        option = p.options[0].id if p.options else None
        plan = Scenario(programme=p.id, track=track, option=option, grades=absent)
        evaluation = evaluate(p, plan)
        assert evaluation.semesters == ()
        assert all(u.access is None and u.code != "DEF" for u in evaluation.units)


# --- verdicts, hand-computed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("grades", "session2", "units", "semesters", "year"),
    [
        # Every unit at 12: every code ADM, both semesters ADM, the year ADM.
        (
            ALL_12,
            {},
            dict.fromkeys(("ue-a", "ue-b", "ue-c", "ue-d", "memoire", "ue-e"), "ADM"),
            {"S3": "ADM", "S4": "ADM"},
            "ADM",
        ),
        # B 8, C 14: (6·8 + 9·14) / 15 = 11.6 ≥ 10, B is CMP by a group inside S3: S3 ADM.
        (
            ALL_12 | {"b1": 8, "c1": 14},
            {},
            {"ue-b": "CMP", "ue-c": "ADM"},
            {"S3": "ADM", "S4": "ADM"},
            "ADM",
        ),
        # A (8 + 8) / 2 = 8, D 15: (15·8 + 6·15) / 21 = 10, A is CMP by a group reaching S4:
        # S3 CMP (D, ADM, leaves S4 ADM).
        (
            ALL_12 | {"a1": 8, "a2": 8, "d1": 15},
            {},
            {"ue-a": "CMP", "ue-d": "ADM"},
            {"S3": "CMP", "S4": "ADM"},
            "ADM",
        ),
        # a1 absent in both sessions: A has no mean, DEF; S3 DEF with 6 + 9 = 15 ECTS < 24:
        # the Mémoire is not yet allowed (no code), S4 not yet allowed; the year AJ.
        (
            ALL_12 | {"a1": None},
            {"a1": None},
            {"ue-a": "DEF", "memoire": None, "ue-e": "ADM"},
            {"S3": "DEF", "S4": None},
            "AJ",
        ),
        # The session-2 absence justified (ABJ, read as an absence): AJ, never DEF.
        (
            ALL_12 | {"a1": None},
            {"a1": "ABJ"},
            {"ue-a": "AJ", "memoire": None},
            {"S3": "AJ", "S4": None},
            "AJ",
        ),
        # B 4 in both sessions: (6·4 + 9·12) / 15 = 8.8, B AJ; S3 keeps 15 + 9 = 24 ECTS:
        # AJAC, the Mémoire counts (ADM); UE E, behind B, is not yet allowed.
        (
            ALL_12 | {"b1": 4},
            {"b1": 4},
            {"ue-b": "AJ", "memoire": "ADM", "ue-e": None},
            {"S3": "AJAC", "S4": None},
            "AJ",
        ),
        # B retaken, not sat yet: 24 ECTS are acquired whatever B gives, so the Mémoire
        # counts already; S3 is undecided, UE E waits for B.
        (
            ALL_12 | {"b1": 4},
            {},
            {"ue-b": None, "memoire": "ADM", "ue-e": None},
            {"S3": None, "S4": None},
            None,
        ),
    ],
)
def test_codes_follow_from_the_units(grades, session2, units, semesters, year):
    evaluation = judge(grades, session2)
    assert {u: c for u, c in codes(evaluation).items() if u in units} == units
    assert semester_codes(evaluation) == semesters
    assert evaluation.year.code == year


def test_a_unit_not_yet_allowed_is_neither_failed_nor_acquired_and_says_why():
    evaluation = judge(ALL_12 | {"b1": 4, "a1": 5, "a2": 5}, {"b1": 4, "a1": 5, "a2": 5})
    memoire, ue_e = evaluation.unit("memoire"), evaluation.unit("ue-e")

    # A 5 and D 12: (15·5 + 6·12) / 21 = 7 < 10, A AJ; B AJ; S3 keeps only C's 9 ECTS.
    assert memoire.not_allowed and memoire.code is None and memoire.ects_acquired == 0
    assert access_text(memoire, "en") == (
        "Not yet allowed: this unit needs S3 validated or 24 of its ECTS acquired, and S3 "
        "is AJ with 9 ECTS acquired."
    )
    assert access_text(ue_e, "fr") == (
        "Pas encore autorisée : cette UE demande UE B validé, et UE B est AJ."
    )
    # Not failed: the year lists A and B, not the units behind them.
    assert evaluation.year.message.params["units"] == ["UE A", "UE B"]
    assert evaluation.year.ects_acquired == 9 + 6 + 0  # C, D; the Mémoire keeps nothing
    assert semesters_text(evaluation, "en") == ("S3: AJ, 9 ECTS acquired; S4: not yet allowed")


def test_a_unit_waits_while_its_prerequisite_is_undecided():
    # B AJ (4 twice, C 12: 8.8), A not known: S3 keeps 9 ECTS for now, and A's 15 may
    # still bring 24: the Mémoire waits, its own 12 notwithstanding.
    evaluation = judge({"b1": 4, "c1": 12, "m1": 12}, {"b1": 4})
    memoire = evaluation.unit("memoire")

    assert memoire.access is not None and memoire.access.allowed is None
    assert memoire.code is None and not memoire.not_allowed
    assert access_text(memoire, "en") == (
        "Waiting for S3: this unit counts only once S3 is validated or 24 of its ECTS are "
        "acquired (9 so far)."
    )
    nothing = judge({}).unit("ue-e")
    assert access_text(nothing, "en") == (
        "Waiting for UE B: this unit counts only once UE B is validated."
    )


def test_ajac_is_said_on_the_unit_it_lets_continue():
    evaluation = judge(ALL_12 | {"b1": 4}, {"b1": 4})
    memoire = evaluation.unit("memoire")

    assert memoire.access is not None and memoire.access.ajac
    assert access_text(memoire, "en") == (
        "Allowed to continue (AJAC): S3 is not validated, but 24 of its ECTS are acquired "
        "(at least 24 needed)."
    )
    assert access_text(memoire, "fr") == (
        "Autorisé à continuer (AJAC) : S3 n'est pas validé, mais 24 de ses ECTS sont acquis "
        "(il en faut au moins 24)."
    )


def test_def_only_where_an_unjustified_absence_leaves_no_mean():
    # Under absence: zero the absence is a 0: A (0 + 12) / 2 = 6, a mean: AJ, not DEF.
    data = raw()
    data["rules"]["absence"] = "zero"
    zero = parse_programme(data, "progression.yaml")
    assert codes(judge_file(zero, ALL_12 | {"a1": None}, {"a1": None}))["ue-a"] == "AJ"
    # Without jury_codes.absence: DEF, the same absence is AJ.
    data = raw()
    del data["rules"]["jury_codes"]["absence"]
    plain = parse_programme(data, "progression.yaml")
    assert codes(judge_file(plain, ALL_12 | {"a1": None}, {"a1": None}))["ue-a"] == "AJ"
    # Session 2 sat after a session-1 absence: A (9 + 12) / 2 = 10.5, ADM.
    assert codes(judge(ALL_12 | {"a1": None}, {"a1": 9}))["ue-a"] == "ADM"
    # Not sat yet: pending, no code.
    assert codes(judge(ALL_12 | {"a1": None}))["ue-a"] is None


# --- minimum grade, CLI, Rules page, PDF ------------------------------------------------


def without(grades: dict, *courses: str) -> dict:
    return {c: g for c, g in grades.items() if c not in courses}


def test_a_unit_not_yet_allowed_has_no_minimum_and_one_waiting_has_its_own():
    failed_s3 = {"b1": 4, "a1": 5, "a2": 5}
    not_allowed = judge(without(ALL_12, "m1") | failed_s3, failed_s3)
    assert not_allowed.unit("memoire").not_allowed
    assert not_allowed.minimums_for("memoire") is None

    waiting = judge({"b1": 4, "c1": 12}, {"b1": 4})
    minimum = waiting.minimums_for("memoire")
    assert minimum is not None
    assert (minimum.uniform.status, minimum.uniform.value) == ("needed", 10.0)


def _cli(args: list[str], capsys) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


def test_the_cli_says_codes_access_and_semesters(capsys, tmp_path):
    failed_s3 = {"b1": 4, "a1": 5, "a2": 5}
    scenario = {
        "programme": "m2-fictional-progression",
        "grades": without(ALL_12, "m1") | failed_s3,
        "session2_grades": failed_s3,
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    common = ["evaluate", str(path), "--catalogue", str(PROGRAMME_FILE)]

    data = json.loads(_cli([*common, "--json"], capsys))
    units = {u["id"]: u for u in data["units"]}
    assert units["memoire"]["code"] is None and units["memoire"]["minimum"] is None
    assert units["memoire"]["access"] == {
        "allowed": False,
        "ajac": False,
        "explanation": "Not yet allowed: this unit needs S3 validated or 24 of its ECTS "
        "acquired, and S3 is AJ with 9 ECTS acquired.",
        "status": "published",
    }
    assert units["ue-c"]["access"] is None
    assert data["semesters"] == [
        {
            "semester": "S3",
            "code": "AJ",
            "units": ["ue-a", "ue-b", "ue-c"],
            "ects_acquired": 9,
            "ects_acquired_incomplete": False,
            "not_allowed": False,
        },
        {
            "semester": "S4",
            "code": None,
            "units": ["ue-d", "memoire", "ue-e"],
            "ects_acquired": 6,
            "ects_acquired_incomplete": False,
            "not_allowed": True,
        },
    ]

    text = _cli([*common, "--lang", "fr"], capsys)
    assert "  accès : Pas encore autorisée : cette UE demande S3 validé" in text
    assert "    pas encore de note minimale (pas encore autorisée)" in text
    assert "Semestres : S3 : AJ, 9 ECTS acquis ; S4 : pas encore autorisé" in text


def test_the_cli_json_of_a_file_without_the_keys_gives_no_semesters(capsys, tmp_path):
    real = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-absence.yaml"
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({"programme": "m2-fictional-absence", "grades": {}}))
    data = json.loads(_cli(["evaluate", str(path), "--catalogue", str(real), "--json"], capsys))
    assert data["semesters"] == []
    assert all(u["access"] is None for u in data["units"])


def test_the_rules_say_the_codes_and_the_prerequisites():
    said = [(s.topic, s.text, s.source) for s in statements(programme(), "en")]
    topics = [t for t, _, _ in said]
    assert topics.count("Prerequisites") == 2 and "Jury codes" in topics
    memoire = next(text for t, text, _ in said if text.startswith("Mémoire: counts"))
    assert memoire == (
        "Mémoire: counts only once S3 is validated, or, S3 not validated, once at least 24 "
        "of its ECTS are acquired: the student then continues as AJAC (ajourné, autorisé à "
        "continuer). Until then, not yet allowed (never failed)."
    )
    # Only the prerequisites of the units asked for.
    only_c = [s.topic for s in statements(programme(), "en", {"ue-c"})]
    assert "Prerequisites" not in only_c


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext reads the PDF's text")
@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", ["Not yet allowed", "Semesters: S3: AJ, 9 ECTS acquired; S4: not yet allowed"]),
        ("fr", ["Pas encore autorisée", "Semestres : S3 : AJ, 9 ECTS acquis ; S4 : pas encore"]),
    ],
)
def test_the_pdf_says_not_yet_allowed_and_the_semester_codes(lang, shown, tmp_path):
    failed_s3 = {"b1": 4, "a1": 5, "a2": 5}
    evaluation = judge(without(ALL_12, "m1") | failed_s3, failed_s3)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(programme(), evaluation, lang, dt.date(2099, 9, 1)))
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    for part in shown:
        assert part in flat


# --- odds ----------------------------------------------------------------------------------


def test_the_odds_of_a_gated_unit_are_its_own_times_its_prerequisite():
    # S3 entered and validated: the Mémoire's odds are its own (m1 drawn on 0..20).
    free = simulate(
        programme(), Scenario(programme=programme().id, grades=without(ALL_12, "m1")), {}
    )
    own = free.unit("memoire").validated
    assert 0.4 < own < 0.6
    # S3 not validated and 9 ECTS only: never validated, whatever m1 draws.
    failed_s3 = {"b1": 4, "a1": 5, "a2": 5}
    scenario = Scenario(
        programme=programme().id,
        grades=without(ALL_12, "m1") | failed_s3,
        session2_grades=failed_s3,
    )
    gated = simulate(programme(), scenario, {})
    assert gated.unit("memoire").validated_after_session2 == 0
    assert gated.unit("ue-e").validated_after_session2 == 0
    # AJAC (24 ECTS of S3): the Mémoire's own odds again.
    scenario = Scenario(
        programme=programme().id,
        grades=without(ALL_12, "m1") | {"b1": 4},
        session2_grades={"b1": 4},
    )
    assert simulate(programme(), scenario, {}).unit("memoire").validated == own


def test_a_unit_not_yet_allowed_retakes_nothing_in_any_view(capsys, tmp_path):
    # S3 AJ with 9 ECTS: the Mémoire (m1 6) and UE E (e1 7, behind B AJ) are not yet
    # allowed. Their grades do not count yet: no retake, no session 2, in every view.
    failed_s3 = {"b1": 4, "a1": 5, "a2": 5}
    grades = ALL_12 | failed_s3 | {"m1": 6, "e1": 7}
    evaluation = judge(grades, failed_s3 | {"m1": 11})
    for unit in ("memoire", "ue-e"):
        result = evaluation.unit(unit)
        assert result.not_allowed
        assert (result.retakes, result.retakes_if_below) == ((), ())
        assert result.session2 is None and result.session2_held is None
    assert evaluation.retakes == ("a1", "a2", "b1")
    assert evaluation.unit("memoire").session1.explanation("en") == "Grade 6 < 10."
    # A session-2 grade entered for it is ignored, and the problem says why.
    assert [p.text("en") for p in evaluation.problems] == [
        "Mémoire de recherche: a session-2 grade is ignored, the course is not retaken "
        "(Mémoire is not yet allowed: its grades do not count yet)."
    ]
    assert evaluation.problems[0].text("fr") == (
        "Mémoire de recherche : note de session 2 ignorée, ce cours n'est pas repassé (l'UE "
        "Mémoire n'est pas encore autorisée : ses notes ne comptent pas encore)."
    )

    # The CLI's --json and text.
    path = tmp_path / "scenario.json"
    scenario = {"programme": programme().id, "grades": grades, "session2_grades": failed_s3}
    path.write_text(json.dumps(scenario), encoding="utf-8")
    common = ["evaluate", str(path), "--catalogue", str(PROGRAMME_FILE)]
    units = {u["id"]: u for u in json.loads(_cli([*common, "--json"], capsys))["units"]}
    for unit in ("memoire", "ue-e"):
        assert (units[unit]["retakes"], units[unit]["retakes_if_below"]) == ([], [])
        assert units[unit]["session2"] is None
    text = _cli(common, capsys)
    assert "Mémoire de recherche" not in text and "Épistémologie" not in text
    assert "retakes: Analyse imaginaire, Algèbre rêvée" in text

    # The odds: never retaken, and no session-2 grade drawn for them.
    odds = simulate(programme(), Scenario(**scenario), {}, draws=50)
    assert odds.unit("memoire").course("m1").retake == 0
    assert odds.unit("ue-e").course("e1").retake == 0
    assert odds.unit("ue-a").course("a1").retake == 1
    assert odds.assumed_full_range_session2 == ()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext reads the PDF's text")
def test_the_pdf_lists_no_retake_of_a_unit_not_yet_allowed(tmp_path):
    failed_s3 = {"b1": 4, "a1": 5, "a2": 5}
    evaluation = judge(ALL_12 | failed_s3 | {"m1": 6, "e1": 7}, failed_s3)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(programme(), evaluation, "en", dt.date(2099, 9, 1)))
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    retakes = flat[flat.index("Exams to retake in session 2") :]
    assert "Analyse imaginaire (5)" in retakes
    assert "Mémoire de recherche (6)" not in retakes and "Épistémologie (7)" not in retakes


# --- with course capitalisation ------------------------------------------------------------

BOTH_FILE = PROGRAMME_FILE.with_name("m2-fictional-progression-capitalisation.yaml")


@cache
def both() -> Programme:
    import yaml

    return parse_programme(yaml.safe_load(BOTH_FILE.read_text(encoding="utf-8")), BOTH_FILE.name)


@pytest.mark.parametrize(
    ("grades", "session2", "memoire", "s3", "acquired"),
    [
        # A (14 + 4) / 2 = 9, with D 12: (15·9 + 6·12) / 21 ≈ 9.86 < 10, A AJ keeping a1 (9
        # ECTS); a2 4 again in session 2. S3 keeps B 6 + C 9 + a1 9 = 24: AJAC, the Mémoire
        # counts (ADM).
        (
            {"a1": 14, "a2": 4, "b1": 12, "c1": 12, "d1": 12, "m1": 12},
            {"a2": 4},
            "ADM",
            "AJAC",
            24,
        ),
        # B 4 twice: (6·4 + 9·12) / 15 = 8.8, B AJ keeping nothing; S3 keeps C 9 + a1 9 =
        # 18 < 24: the Mémoire is not yet allowed.
        (
            {"a1": 14, "a2": 4, "b1": 4, "c1": 12, "d1": 12, "m1": 12},
            {"a2": 4, "b1": 4},
            None,
            "AJ",
            18,
        ),
    ],
)
def test_courses_kept_count_toward_continue_with_ects_in_the_verdicts_and_the_odds(
    grades, session2, memoire, s3, acquired
):
    scenario = Scenario(programme=both().id, grades=grades, session2_grades=session2)
    evaluation = evaluate(both(), scenario)
    assert evaluation.unit("ue-a").courses_acquired == ("a1",)
    assert evaluation.unit("memoire").code == memoire
    (s3_result,) = [s for s in evaluation.semesters if s.semester == "S3"]
    assert (s3_result.code, s3_result.ects_acquired.value) == (s3, acquired)
    odds = simulate(both(), scenario, {}, draws=20, evaluation=evaluation)
    expected = float(memoire == "ADM")
    assert odds.unit("memoire").validated == expected
    assert odds.unit("memoire").validated_after_session2 == expected


GRADE = st.one_of(st.none(), st.integers(0, 20).map(float))


@FAST
@pytest.mark.parametrize("plan", [programme, both], ids=["progression", "with-capitalisation"])
@given(data=st.data())
def test_odds_on_entered_grades_are_the_engines_codes(plan, data):
    """Every grade entered (session 2 too): each unit's odds after session 2 are 1 exactly
    when its code is ADM or CMP, a unit not yet allowed included, and each course is
    retaken in every draw exactly when the engine lists it as a retake (never for a unit
    not yet allowed). With course capitalisation, the courses kept count toward a
    prerequisite's continue_with_ects in both."""
    p = plan()
    courses = [c.id for c in p.courses]
    grades = data.draw(st.fixed_dictionaries({c: GRADE for c in courses}))
    session2 = data.draw(st.fixed_dictionaries({c: GRADE for c in courses}))
    scenario = Scenario(programme=p.id, grades=grades, session2_grades=session2)
    evaluation = evaluate(p, scenario)
    odds = simulate(p, scenario, {}, draws=4, evaluation=evaluation)
    for unit in evaluation.units:
        validated = unit.code in ("ADM", "CMP")
        assert odds.unit(unit.unit).validated_after_session2 == float(validated), unit.unit
        for c in unit.enrolled:
            retaken = float(c in unit.retakes)
            assert odds.unit(unit.unit).course(c).retake == retaken, (unit.unit, c)
    # A semester is validated exactly when its units are, AJAC never.
    for semester in evaluation.semesters:
        members = [evaluation.unit(u).code for u in semester.units]
        if semester.code in ("ADM", "CMP"):
            assert all(c in ("ADM", "CMP") for c in members)
        if semester.code in ("AJ", "AJAC", "DEF"):
            assert any(c in ("AJ", "DEF") for c in members)
    year_validated = all(s.code in ("ADM", "CMP") for s in evaluation.semesters)
    assert (evaluation.year.code == "ADM") == year_validated
