"""Course capitalisation (format_version 3, `rules.course_capitalisation`): a course graded
at or above the threshold keeps its ECTS when its unit is not validated, and is not
retaken; a version-2 file reads as it always has.

The fictional programme (tests/programmes/m2-fictional-capitalisation.yaml), grades /20,
no compensation, courses capitalised at 10 in UE A, B and C (not D):

- UE A: mean of a1, a2, a3 (3 ECTS each), threshold 10, 9 ECTS.
- UE B: mean of b1 (3 ECTS), b2 (ECTS not published), b3 (3 ECTS), threshold 10, 9 ECTS.
- UE C: mean of c1, c2 (3 ECTS each), threshold 12 (above the capitalisation's 10), 6 ECTS.
- UE D: mean of d1, d2 (3 ECTS each), threshold 10, 6 ECTS, not capitalised.

FAILED, the plan most tests start from, session 1 then session 2:
- A: a1 12, a2 14, a3 2 → (12 + 14 + 2) / 3 = 9.33 < 10; a3 retaken: 3 → (12 + 14 + 3) / 3
  = 9.67 < 10, AJ. Kept: a1 and a2 (≥ 10): 3 + 3 = 6 ECTS.
- B: b1 14, b2 12, b3 0 → 26 / 3 = 8.67; b3 retaken: 1 → 27 / 3 = 9, AJ. Kept: b1 (3 ECTS)
  and b2 (not published): "3 + ?".
- C: c1 11, c2 5 → 8 < 12; only c2 is retaken (c1 11 ≥ 10 is acquired): 9 → (11 + 9) / 2
  = 10 < 12, AJ. Kept: c1: 3 ECTS.
- D: d1 12, d2 2 → 7; d2 retaken: 3 → 7.5, AJ. Not capitalised: 0 ECTS.
The year: 6 + 3 + 3 + 0 = 12, and b2's unknown part: "12 + ?".
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from planner.catalogue import CatalogueError, Programme, load_programme_file, parse_programme
from planner.evaluation import (
    courses_kept_detail,
    courses_kept_text,
    to_contract,
)
from planner.odds import Belief, simulate
from planner.outputs.cli import main
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.scenario import Scenario
from tests.unit.support import file_data
from tests.unit.support import judge_file as judge

PROGRAMME_FILE = (
    Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-capitalisation.yaml"
)
FAILED = {
    "a1": 12, "a2": 14, "a3": 2,
    "b1": 14, "b2": 12, "b3": 0,
    "c1": 11, "c2": 5,
    "d1": 12, "d2": 2,
}  # fmt: skip
FAILED_S2 = {"a3": 3, "b3": 1, "c2": 9, "d2": 3}
PDFTOTEXT = shutil.which("pdftotext")


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


@cache
def capitalising() -> Programme:
    return load_programme_file(PROGRAMME_FILE)


@cache
def version_2() -> Programme:
    """The same file as a version-2 file: without the key it cannot give."""
    data = raw()
    data["format_version"] = 2
    del data["rules"]["course_capitalisation"]
    return parse_programme(data, "capitalisation-v2.yaml")


# --- the key, as a file gives it ------------------------------------------------------------


def test_the_file_as_written_is_version_3_and_capitalises_courses_at_10_in_a_b_and_c():
    programme = capitalising()
    capitalisation = programme.rules.course_capitalisation

    assert programme.format_version == 3
    assert capitalisation.threshold == 10
    assert [u for u in ("ue-a", "ue-b", "ue-c", "ue-d") if capitalisation.applies_to(u)] == [
        "ue-a",
        "ue-b",
        "ue-c",
    ]


@pytest.mark.parametrize("version", [1, 2, None], ids=["v1", "v2", "unstated"])
def test_a_file_of_an_older_version_cannot_give_the_key(version):
    data = raw()
    if version is None:
        del data["format_version"]
    else:
        data["format_version"] = version
    # Version 1 has no compensation groups either: this file has none.
    with pytest.raises(CatalogueError) as error:
        parse_programme(data, "old.yaml")
    shown = version or 2
    assert (
        f"rules.course_capitalisation: needs format_version: 3 (a version-{shown} file has "
        "no course_capitalisation)"
    ) in str(error.value)


def test_the_key_names_only_graded_units_and_a_threshold_on_the_scale():
    data = raw()
    data["rules"]["course_capitalisation"] = {"threshold": 25, "units": ["ue-a", "ue-z"]}
    with pytest.raises(CatalogueError) as error:
        parse_programme(data, "bad.yaml")
    message = str(error.value)
    assert "rules.course_capitalisation.units: 'ue-z' is not a graded unit" in message
    assert "rules.course_capitalisation.threshold: above the grade scale" in message


# --- what a unit not validated keeps ----------------------------------------------------------


def test_a_failed_unit_keeps_the_ects_of_its_courses_graded_10_or_more():
    a = judge(capitalising(), FAILED, FAILED_S2).unit("ue-a")

    assert a.code == "AJ"
    assert a.courses_acquired == ("a1", "a2")  # 12 and 14; a3 ends at 3
    assert a.ects_acquired == 6  # 3 + 3
    assert a.ects_acquired_incomplete is False
    assert courses_kept_text(a, "en") == "2 courses kept (6 ECTS)"
    assert courses_kept_text(a, "fr") == "2 EC acquis (6 ECTS)"


def test_a_course_retaken_counts_by_its_final_grade():
    # a1 12, a2 2, a3 2 → 16 / 3 = 5.33: a2 and a3 retaken. Session 2: a2 10, a3 4 →
    # (12 + 10 + 4) / 3 = 8.67 < 10, AJ. a2 is kept on its session-2 10, a3 (4) is not.
    a = judge(capitalising(), {"a1": 12, "a2": 2, "a3": 2}, {"a2": 10, "a3": 4}).unit("ue-a")

    assert a.retakes == ("a2", "a3")
    assert a.code == "AJ"
    assert a.courses_acquired == ("a1", "a2")
    assert a.ects_acquired == 6


def test_a_validated_unit_keeps_all_its_ects_as_before():
    # a1 12, a2 14, a3 8 → 34 / 3 = 11.33 ≥ 10: ADM, its 9 ECTS; no course is "kept".
    a = judge(capitalising(), {"a1": 12, "a2": 14, "a3": 8}).unit("ue-a")

    assert a.code == "ADM"
    assert a.ects_acquired == 9
    assert a.courses_acquired == ()
    assert courses_kept_text(a, "en") is None


def test_a_unit_the_key_does_not_name_keeps_nothing():
    d = judge(capitalising(), FAILED, FAILED_S2).unit("ue-d")

    assert d.code == "AJ"  # d1 12 ≥ 10, but D's courses are not capitalised
    assert d.courses_acquired == ()
    assert d.ects_acquired == 0


def test_the_years_ects_acquired_include_the_courses_kept():
    year = judge(capitalising(), FAILED, FAILED_S2).year

    # A 6 + B 3 (b2's ECTS not published) + C 3 + D 0.
    assert year.validated is False
    assert year.ects_acquired == 12
    assert year.ects_acquired_incomplete is True
    assert year.ects_unpublished == ("ue-b",)
    assert year.message.text("en").endswith(
        " The units validated and the courses kept keep their ECTS: 12 + ? ECTS acquired. "
        "The ECTS of Botanique imaginaire are not published."
    )
    assert year.message.text("fr").endswith(
        " Les UE validées et les EC acquis gardent leurs ECTS : 12 + ? ECTS acquis. "
        "Les ECTS de Botanique imaginaire ne sont pas publiés."
    )


def test_a_kept_course_whose_ects_are_not_published_is_an_unknown_part():
    b = judge(capitalising(), FAILED, FAILED_S2).unit("ue-b")

    assert b.courses_acquired == ("b1", "b2")
    assert b.ects_acquired == 3  # b1's; b2's are not published
    assert b.ects_acquired_incomplete is True
    assert courses_kept_text(b, "en") == "2 courses kept (3 + ? ECTS)"
    assert courses_kept_text(b, "fr") == "2 EC acquis (3 + ? ECTS)"


def test_a_unit_keeping_only_unpublished_ects_keeps_an_unknown_sum():
    # b1 2, b2 12, b3 2 → 16 / 3: b1 and b3 retaken, 3 and 3 → 18 / 3 = 6, AJ. Only b2
    # (12) is kept, and its ECTS are not published: "?".
    b = judge(capitalising(), {"b1": 2, "b2": 12, "b3": 2}, {"b1": 3, "b3": 3}).unit("ue-b")

    assert b.courses_acquired == ("b2",)
    assert b.ects_acquired is None
    assert b.ects_acquired_incomplete is True
    assert courses_kept_text(b, "en") == "1 course kept (? ECTS)"


# --- certainty --------------------------------------------------------------------------------


def test_a_unit_still_pending_keeps_no_course_yet():
    # A failed in session 1 (9.33), a3's retake not known: A may still be validated.
    a = judge(capitalising(), FAILED).unit("ue-a")

    assert a.code is None
    assert a.courses_acquired == ()
    assert a.ects_acquired == 0


def test_a_course_whose_grade_is_not_known_is_not_said_kept():
    # a1 absent, a2 14, a3 not entered: A fails in session 1 (an absence). Session 2: a1
    # absent again → AJ whatever a3 is. a2 (14) is kept; a3 is not known: not said kept.
    a = judge(capitalising(), {"a1": None, "a2": 14}, {"a1": None}).unit("ue-a")

    assert a.code == "AJ"
    assert a.retakes_if_below == ("a3",)
    assert a.courses_acquired == ("a2",)
    assert a.ects_acquired == 3

    # Once a3 is known at 15 (session 1, not retaken), it is kept too.
    a = judge(capitalising(), {"a1": None, "a2": 14, "a3": 15}, {"a1": None}).unit("ue-a")
    assert a.courses_acquired == ("a2", "a3")
    assert a.ects_acquired == 6


# --- retakes ------------------------------------------------------------------------------------


def test_a_course_graded_10_or_more_is_not_retaken_even_below_its_units_threshold():
    evaluation = judge(capitalising(), FAILED)
    c = evaluation.unit("ue-c")

    # C's threshold is 12: c1 (11) would be retaken without capitalisation.
    assert c.retakes == ("c2",)
    assert c.session1.explanation("en") == "Mean 8 < 12. Retake Cryptographie songée (5)."
    assert evaluation.unit("ue-a").retakes == ("a3",)

    # A session-2 grade for c1 is ignored: c1 is not retaken.
    evaluation = judge(capitalising(), FAILED, {"c1": 20, "c2": 9})
    assert evaluation.unit("ue-c").final.mean == 10  # (11 + 9) / 2, not (20 + 9) / 2
    (problem,) = [p for p in evaluation.problems if p.code == "not_retaken"]
    assert problem.params == {"course": "Chimie supposée", "threshold": 10}


def test_a_course_not_known_is_retaken_only_below_the_capitalisation_threshold():
    # c1 absent → C fails in session 1; c2 not known yet will be retaken if below 10 (not 12).
    c = judge(capitalising(), {"c1": None}).unit("ue-c")

    assert c.retakes_if_below == ("c2",)
    assert c.session1.explanation("en").endswith(
        "Retake Chimie supposée (absent). Cryptographie songée will be retaken if below 10."
    )


def test_a_unit_whose_every_course_is_kept_has_nothing_to_retake():
    # c1 11, c2 11 → 11 < 12: C fails, but both courses are acquired; nothing to retake,
    # so session 2 judges the same grades: AJ, keeping both courses (6 ECTS).
    c = judge(capitalising(), {"c1": 11, "c2": 11}).unit("ue-c")

    assert c.retakes == ()
    assert c.session1.explanation("en") == (
        "Mean 11 < 12. Every course graded is at or above 10, acquired: nothing to retake."
    )
    assert c.session1.explanation("fr") == (
        "Moyenne 11 < 12. Chaque cours noté a au moins 10 et reste acquis : rien à repasser."
    )
    assert c.code == "AJ"
    assert c.courses_acquired == ("c1", "c2")
    assert c.ects_acquired == 6


def test_the_odds_never_retake_a_course_kept():
    # c1 11 known; c2 drawn on 0–8: C always fails in session 1, c1 is never retaken.
    scenario = Scenario(programme=capitalising().id, grades={"c1": 11})
    odds = simulate(capitalising(), scenario, {"c2": Belief(low=0, high=8)}, draws=200)

    assert odds.unit("ue-c").course("c1").retake == 0.0
    assert odds.unit("ue-c").course("c2").retake == 1.0


# --- a version-2 file -----------------------------------------------------------------------------


def test_a_version_2_file_reads_as_before():
    # c1 (11 < 12) is retaken too: 11 again → C (11 + 9) / 2 = 10 < 12, AJ.
    evaluation = judge(version_2(), FAILED, {**FAILED_S2, "c1": 11})
    units = {u.unit: u for u in evaluation.units}

    assert [u.code for u in units.values()] == ["AJ", "AJ", "AJ", "AJ"]
    assert all(u.courses_acquired == () and u.ects_acquired == 0 for u in units.values())
    assert evaluation.year.ects_acquired == 0
    # Without capitalisation c1 (11 < 12) is retaken with c2.
    assert judge(version_2(), FAILED).unit("ue-c").retakes == ("c1", "c2")
    assert [u["courses_acquired"] for u in to_contract(evaluation)["units"]] == [[], [], [], []]


# --- what the CLI, the PDF and the rules say --------------------------------------------------


def run_cli(capsys, tmp_path, *args: str) -> tuple[int, str]:
    scenario = {"programme": capitalising().id, "grades": FAILED, "session2_grades": FAILED_S2}
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    code = main(["evaluate", str(path), "--catalogue", str(PROGRAMME_FILE), *args])
    out, _ = capsys.readouterr()
    return code, out


def test_the_cli_json_gives_each_units_courses_acquired(capsys, tmp_path):
    code, out = run_cli(capsys, tmp_path, "--json")
    data = json.loads(out)
    units = {u["id"]: u for u in data["units"]}

    assert code == 0
    assert units["ue-a"]["courses_acquired"] == ["a1", "a2"]
    assert units["ue-a"]["ects_acquired"] == 6
    assert units["ue-b"]["courses_acquired"] == ["b1", "b2"]
    assert units["ue-b"]["ects_acquired"] == 3
    assert units["ue-b"]["ects_acquired_incomplete"] is True
    assert units["ue-c"]["courses_acquired"] == ["c1"]
    assert units["ue-d"]["courses_acquired"] == []
    assert data["year"]["ects_acquired"] == 12
    assert data["year"]["ects_acquired_incomplete"] is True


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "    result: AJ, 6 ECTS acquired",
                "    2 courses kept (6 ECTS): Algèbre inventée, Analyse rêvée",
                "    result: AJ, 3 + ? ECTS acquired",
                "    2 courses kept (3 + ? ECTS): Biologie fictive, Botanique imaginaire",
                "    1 course kept (3 ECTS): Chimie supposée",
            ],
        ),
        (
            "fr",
            [
                "    résultat : AJ, 6 ECTS acquis",
                "    2 EC acquis (6 ECTS) : Algèbre inventée, Analyse rêvée",
                "    2 EC acquis (3 + ? ECTS) : Biologie fictive, Botanique imaginaire",
                "    1 EC acquis (3 ECTS) : Chimie supposée",
            ],
        ),
    ],
)
def test_the_cli_text_says_which_courses_are_kept(capsys, tmp_path, lang, lines):
    code, out = run_cli(capsys, tmp_path, "--lang", lang)
    shown = out.splitlines()

    assert code == 0
    for line in lines:
        assert line in shown, out
    assert not any("Didactique fictive" in line and "kept" in line for line in shown)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "2 courses kept (6 ECTS) — Algèbre inventée and Analyse rêvée: graded at or above "
            "10, they keep their ECTS though the unit is not validated.",
        ),
        (
            "fr",
            "2 EC acquis (6 ECTS) — Algèbre inventée et Analyse rêvée : obtenus avec au moins "
            "10, ces EC gardent leurs ECTS bien que l'UE ne soit pas validée.",
        ),
    ],
)
def test_the_pdf_says_which_courses_are_kept(tmp_path, lang, expected):
    if not PDFTOTEXT:
        pytest.skip("pdftotext (poppler-utils) reads the PDF's text; CI installs it")
    evaluation = judge(capitalising(), FAILED, FAILED_S2)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(capitalising(), evaluation, lang, dt.date(2100, 6, 1)))
    text = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    text = " ".join(text.split())

    assert expected in text
    assert ("[AJ, 6 ECTS acquired]" if lang == "en" else "[AJ, 6 ECTS acquis]") in text


def test_the_card_detail_names_the_courses_kept():
    evaluation = judge(capitalising(), FAILED, FAILED_S2)
    c = evaluation.unit("ue-c")

    assert courses_kept_detail(evaluation.rules, c, "en") == (
        "Chimie supposée: graded at or above 10, it keeps its ECTS though the unit is not "
        "validated."
    )
    assert courses_kept_detail(evaluation.rules, c, "fr") == (
        "Chimie supposée : obtenu avec au moins 10, cet EC garde ses ECTS bien que l'UE ne "
        "soit pas validée."
    )
    assert courses_kept_detail(evaluation.rules, evaluation.unit("ue-d"), "en") is None


@pytest.mark.parametrize(
    ("lang", "topic", "text"),
    [
        (
            "en",
            "Courses kept",
            "A course graded at or above 10/20 keeps its ECTS even when its unit is not "
            "validated, and is not retaken in session 2 (the final grade counts: session 2's "
            "where the course is retaken). This applies to the courses of UE A (three "
            "courses), UE B (one course's ECTS unpublished) and UE C (threshold 12).",
        ),
        (
            "fr",
            "Capitalisation des EC",
            "Un EC obtenu avec au moins 10/20 garde ses ECTS même si son UE n'est pas "
            "validée, et n'est pas repassé en session 2 (la note finale compte : celle de "
            "session 2 si l'EC est repassé). Cela vaut pour les EC d'UE A (three courses), "
            "d'UE B (one course's ECTS unpublished) et d'UE C (threshold 12).",
        ),
    ],
)
def test_the_rules_page_states_the_capitalisation(lang, topic, text):
    found = [s for s in statements(capitalising(), lang) if s.topic == topic]

    assert [(s.text, s.status) for s in found] == [(text, "published")]
    assert found[0].source == (
        "Les EC obtenus avec une note au moins égale à 10 sont définitivement acquis."
    )
    # UE C retakes below 10, its capitalisation threshold, not below its own 12.
    (c,) = [s for s in statements(capitalising(), lang) if s.topic == "UE C (threshold 12)"]
    assert "10/20" in c.text


def test_under_a_strict_threshold_a_course_at_it_is_acquired_not_retaken():
    """UE A made strict (a mean must be above 10): a1 10, a2 10, a3 4 gives a mean of 8, AJ.
    Strict alone would retake a course at exactly 10 too; the capitalisation says a course
    at or above 10 is acquired: a1 and a2 are kept (6 ECTS) and only a3 is retaken."""
    data = raw()
    data["rules"]["units"][0]["strict"] = True
    programme = parse_programme(data, "capitalisation-strict.yaml")
    unit = judge(programme, {"a1": 10, "a2": 10, "a3": 4}).unit("ue-a")
    assert unit.session1.validated is False
    assert unit.retakes == ("a3",)
    # Without capitalisation, the strict rule retakes the two courses at 10 as well.
    del data["rules"]["course_capitalisation"]
    plain = parse_programme(data, "strict-only.yaml")
    assert judge(plain, {"a1": 10, "a2": 10, "a3": 4}).unit("ue-a").retakes == ("a1", "a2", "a3")
