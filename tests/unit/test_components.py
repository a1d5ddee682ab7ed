"""Assessment components (format_version 3): a course graded by its components (CC and
exam), the session-2 formula (kept CC, best of, a mix of sessions), and component grades in
scenarios; a version-2 file reads as it always has.

The fictional programme (tests/programmes/m2-fictional-components.yaml), grades /20, no
compensation, every unit a mean with threshold 10:

- UE A: Statistics (CC 0.4 kept in session 2, exam 0.6 retaken; the programme's formula
  `kept`) and English (graded as a whole).
- UE B: Probability (CC 0.4 kept, exam 0.6 retaken), `best_of`.
- UE C: Economics (project 1 and exam 1, both retaken), `sessions_mix` with 0.7.

Hand-computed:
- A pass: CC 14, exam 8 → 0.4·14 + 0.6·8 = 5.6 + 4.8 = 10.4; English 10 → (10.4 + 10) / 2
  = 10.2 ≥ 10.
- CC kept: CC 14, exam 5 → 5.6 + 3 = 8.6; English 9 → 8.8 < 10; both retaken (the exam of
  Statistics, English). Session 2: exam 9 → 5.6 + 5.4 = 11; English 9.5 → 10.25 ≥ 10.
  With English 9.5 alone, Statistics needs 10.5: an exam of (10.5 − 5.6) / 0.6 = 8.1666…,
  written 8.17.
- best_of: CC 4, exam 6 → 1.6 + 3.6 = 5.2 < 10. Session 2 exam 11 → max(11, 1.6 + 6.6 =
  8.2) = 11 ≥ 10. Its minimum: min(10, (10 − 1.6) / 0.6 = 14) = 10.
- sessions_mix: project 8, exam 6 → 7 < 10. Session 2 project 12, exam 11 → 11.5; the
  course 0.7·11.5 + 0.3·7 = 8.05 + 2.1 = 10.15 ≥ 10.
- Pending: CC 14, exam not sat, English 10: Statistics needs 10, so the exam
  (10 − 5.6) / 0.6 = 7.333…, written 7.34.
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

from planner.catalogue import CatalogueError, Programme, load_programme_file, parse_programme
from planner.evaluation import to_contract
from planner.odds import Belief, simulate
from planner.outputs.cli import main
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.rules.components import minimum_text, uniform_minimum_lines
from planner.scenario import Scenario, ScenarioError
from tests.unit.support import file_data
from tests.unit.support import judge_file as judge

PROGRAMME_FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-components.yaml"


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


@cache
def components() -> Programme:
    return load_programme_file(PROGRAMME_FILE)


PDFTOTEXT = shutil.which("pdftotext")
PASS = {"stats/cc": 14, "stats/exam": 8, "english": 10}
CC_KEPT = {"stats/cc": 14, "stats/exam": 5, "english": 9}


# --- the file ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [2, None], ids=["v2", "unstated"])
def test_a_version_2_file_cannot_give_components_nor_a_formula(version):
    data = raw()
    if version is None:
        del data["format_version"]
    else:
        data["format_version"] = version
    with pytest.raises(CatalogueError) as error:
        parse_programme(data, "old.yaml")
    message = str(error.value)
    assert "courses.0.components: needs format_version: 3" in message
    assert "courses.2.component_session2: needs format_version: 3" in message
    assert "rules.component_session2: needs format_version: 3" in message


def test_a_version_2_course_without_components_reads_as_before():
    data = raw()
    data["format_version"] = 2
    del data["rules"]["component_session2"]
    for course in data["courses"]:
        course.pop("components", None)
        course.pop("component_session2", None)
    programme = parse_programme(data, "v2.yaml")
    result = judge(programme, {"stats": 8.6, "english": 9}).unit("ue-a")
    assert result.session1.mean == pytest.approx(8.8)
    assert result.session1.explanation() == (
        "Mean 8.8 < 10. Retake Statistics (8.6) and English (9)."
    )


def test_components_are_checked():
    data = raw()
    data["courses"][0]["components"][1]["session2"] = "kept"  # nothing retaken
    data["courses"][2]["components"][1]["id"] = "cc"  # twice
    data["courses"][1]["component_session2"] = {"formula": "best_of"}  # no components
    with pytest.raises(CatalogueError) as error:
        parse_programme(data, "bad.yaml")
    message = str(error.value)
    assert "courses.0.components: no component is retaken in session 2" in message
    assert "courses.2.components: a component id is given twice" in message
    assert "courses.1.component_session2: the course has no components" in message


def test_a_mix_needs_its_share_and_only_a_mix_has_one():
    data = raw()
    data["courses"][3]["component_session2"].pop("session2_share")
    data["rules"]["component_session2"]["session2_share"] = 0.5
    with pytest.raises(CatalogueError) as error:
        parse_programme(data, "bad.yaml")
    assert str(error.value).count("session2_share is given with formula sessions_mix") == 2


# --- the verdicts ------------------------------------------------------------------------


def test_a_pass_computes_the_course_grade_from_its_components():
    result = judge(components(), PASS).unit("ue-a")
    assert result.code == "ADM"
    assert result.session1.mean == pytest.approx(10.2)


def test_session_2_keeps_the_cc_and_names_the_exam_to_retake():
    first = judge(components(), CC_KEPT).unit("ue-a")
    assert first.session1.validated is False
    assert first.retakes == ("stats", "english")
    assert first.session1.explanation() == (
        "Mean 8.8 < 10. Retake Exam of Statistics (8.6) and English (9)."
    )
    assert "Exam — Statistics (8,6)" in first.session1.explanation("fr")
    after = judge(components(), CC_KEPT, {"stats/exam": 9, "english": 9.5}).unit("ue-a")
    assert after.code == "ADM"
    assert after.session2.mean == pytest.approx(10.25)


def test_the_minimum_names_the_exam_and_the_cc_kept():
    evaluation = judge(components(), CC_KEPT, {"english": 9.5})
    minimum = evaluation.minimums_for("ue-a").uniform
    assert (minimum.courses, minimum.value) == (("stats",), 10.5)
    grades = evaluation.scenario.grades
    assert minimum_text(components(), "stats", minimum.value, 2, grades, "en") == (
        "Exam of Statistics: at least 8.17 — your Continuous assessment 14 kept"
    )
    assert minimum_text(components(), "stats", minimum.value, 2, grades, "fr") == (
        "Exam — Statistics : au moins 8,17 — votre note de Continuous assessment (14) est conservée"
    )


def test_an_exam_not_sat_is_pending_and_its_minimum_is_the_exams():
    evaluation = judge(components(), {"stats/cc": 14, "english": 10})
    assert evaluation.unit("ue-a").session1.validated is None
    minimum = evaluation.minimums_for("ue-a").uniform
    assert minimum.value == 10
    text = minimum_text(components(), "stats", minimum.value, 1, evaluation.scenario.grades, "en")
    assert text == "Exam of Statistics: at least 7.34 — with your Continuous assessment 14"


def test_an_exam_out_of_reach_says_so():
    # CC 0 kept: the exam alone gives at most 0.6·20 = 12; with English 0 the unit needs 20.
    evaluation = judge(components(), {"stats/cc": 0, "stats/exam": 0, "english": 0})
    grades = evaluation.scenario.grades
    assert minimum_text(components(), "stats", 20, 2, grades, "en") == (
        "Exam of Statistics: even full marks are not enough"
    )


def test_best_of_takes_the_exam_alone_when_better():
    first = {"proba/cc": 4, "proba/exam": 6}
    result = judge(components(), first, {"proba/exam": 11}).unit("ue-b")
    assert result.session1.mean == pytest.approx(5.2)
    assert result.session2.mean == pytest.approx(11)
    assert result.code == "ADM"
    assert minimum_text(components(), "proba", 10, 2, first, "en") == (
        "Exam of Probability: at least 10 — your Continuous assessment 4 kept"
    )


def test_sessions_mix_weighs_both_sessions():
    first = {"econ/project": 8, "econ/exam": 6}
    result = judge(components(), first, {"econ/project": 12, "econ/exam": 11}).unit("ue-c")
    assert result.session1.mean == pytest.approx(7)
    assert result.session2.mean == pytest.approx(10.15)
    assert result.code == "ADM"
    assert result.session1.explanation() == (
        "Mean 7 < 10. Retake Project of Economics, Exam of Economics (7)."
    )


def test_a_retake_not_fully_sat_is_not_known_yet():
    first = {"econ/project": 8, "econ/exam": 6}
    result = judge(components(), first, {"econ/project": 12}).unit("ue-c")
    assert result.session2.validated is None


def test_an_absent_component_makes_its_course_absent():
    result = judge(components(), {"stats/cc": 14, "stats/exam": None, "english": 12}).unit("ue-a")
    assert result.session1.validated is False
    assert result.retakes == ("stats",)


def test_a_course_grade_still_reads_as_before():
    result = judge(components(), {"stats": 10.4, "english": 10}).unit("ue-a")
    assert result.session1.mean == pytest.approx(10.2)


# --- scenarios ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grades", "session2", "fragment"),
    [
        ({"stats/oral": 12}, {}, "Statistics has no component “oral”"),
        ({"english/cc": 12}, {}, "English has no component “cc”"),
        ({"stats": 12, "stats/cc": 12}, {}, "given both a grade and its components' grades"),
        (CC_KEPT, {"stats/cc": 15}, "“Continuous assessment” of Statistics is not retaken"),
        ({"nope/cc": 1}, {}, "unknown course"),
        ({"stats": 8.6}, {"stats/exam": 9}, "Statistics has component grades in session 2 but"),
        ({"stats/": 1}, {}, "Statistics has no component “”"),
        ({"stats/cc/x": 1}, {}, "Statistics has no component “cc/x”"),
    ],
)
def test_a_scenario_refuses_a_component_grade_it_cannot_have(grades, session2, fragment):
    with pytest.raises(ScenarioError) as error:
        judge(components(), grades, session2)
    assert fragment in str(error.value)


def test_component_grades_travel_in_a_file_and_a_link():
    scenario = Scenario(
        programme=components().id, grades=CC_KEPT, session2_grades={"stats/exam": 9}
    )
    assert Scenario.from_json(scenario.to_json()) == scenario
    assert Scenario.from_url(scenario.to_url()) == scenario


def test_the_cli_evaluates_component_grades(tmp_path, capsys):
    scenario = Scenario(
        programme=components().id, grades=CC_KEPT, session2_grades={"stats/exam": 9}
    )
    path = tmp_path / "plan.json"
    path.write_text(scenario.to_json(), encoding="utf-8")
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / PROGRAMME_FILE.name).write_text(PROGRAMME_FILE.read_text(encoding="utf-8"))
    assert main(["--catalogue", str(folder), "evaluate", str(path), "--json"]) == 0
    contract = json.loads(capsys.readouterr().out)
    unit = contract["units"][0]
    assert unit["retakes"] == ["stats", "english"]
    assert unit["session1"]["explanation"].startswith("Mean 8.8 < 10. Retake Exam of Statistics")
    assert unit["retaken_components"] == {"stats": ["exam"]}
    # English not entered in session 2: the unit needs both, no component minimum.
    assert unit["minimum"]["component"] is None
    needed = to_contract(judge(components(), CC_KEPT, {"english": 9.5}))["units"][0]["minimum"]
    assert needed["component"] == {"course": "stats", "component": "exam", "value": 49 / 6}
    assert to_contract(judge(components(), PASS))["units"][0]["code"] == "ADM"


def test_the_cli_report_names_the_exam_to_retake_and_its_minimum(tmp_path, capsys):
    scenario = Scenario(programme=components().id, grades=CC_KEPT, session2_grades={"english": 9.5})
    path = tmp_path / "plan.json"
    path.write_text(scenario.to_json(), encoding="utf-8")
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / PROGRAMME_FILE.name).write_text(PROGRAMME_FILE.read_text(encoding="utf-8"))
    assert main(["--catalogue", str(folder), "evaluate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "    retakes: Exam of Statistics, English\n" in out
    assert (
        "    minimum: Exam of Statistics: at least 8.17 — your Continuous assessment 14 kept" in out
    )
    assert main(["--catalogue", str(folder), "evaluate", str(path), "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "    à repasser : Exam — Statistics, English\n" in out


def test_the_rules_text_states_each_course_graded_by_components():
    found = {s.topic: s for s in statements(components(), "en")}
    stats = found["Graded by components — Statistics"]
    assert stats.text == (
        "Statistics is graded by its components: Continuous assessment (weight 0.4, kept in "
        "session 2), Exam (weight 0.6, retaken in session 2). In session 2 only the retaken "
        "components are sat again; the kept ones keep their session-1 grade, with the same "
        "weights."
    )
    assert stats.source == "En session 2, la note de CC est conservée."
    assert "70% of the session-2 grade" in found["Graded by components — Economics"].text
    assert "English" not in " ".join(found)  # graded as a whole
    french = {s.topic for s in statements(components(), "fr")}
    assert "Notes par épreuves — Probability" in french


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed")
def test_the_pdf_shows_the_computed_grade_the_exam_to_retake_and_the_rule(tmp_path):
    evaluation = judge(components(), CC_KEPT)
    path = tmp_path / "summary.pdf"
    path.write_bytes(summary_pdf(components(), evaluation, "en", dt.date(2026, 1, 1)))
    text = " ".join(
        subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Statistics 8.6 —" in text  # computed: 0.4·14 + 0.6·5
    assert "UE A (CC kept): Exam of Statistics (8.6); English (9)." in text
    assert "Statistics is graded by its components" in text


# --- the odds ------------------------------------------------------------------------------


def test_the_odds_draw_the_exam_not_the_course():
    # CC 14 kept, exam drawn uniformly on [0, 20], English 10: UE A passes when
    # 5.6 + 0.6·exam ≥ 10, exam ≥ 7.33…: P = 12.67 / 20 = 0.633 (a course drawn whole would
    # give 0.5). A failed draw retakes the exam alone: the same 0.633 again, so after
    # session 2: 0.633 + 0.367·0.633 = 0.866.
    scenario = Scenario(programme=components().id, grades={"stats/cc": 14, "english": 10})
    unit = simulate(components(), scenario, {}, draws=20_000).unit("ue-a")
    assert unit.validated == pytest.approx(0.6333, abs=0.015)
    assert unit.validated_after_session2 == pytest.approx(0.8656, abs=0.015)


def test_the_odds_of_a_mix_of_sessions():
    # Economics 7 in session 1; session 2 project and exam drawn: 0.7·(p + e) / 2 + 2.1 ≥ 10
    # when (p + e) / 2 ≥ 11.29; the mean of two uniforms: P = (20 − 11.29)² / 200 = 0.380.
    scenario = Scenario(programme=components().id, grades={"econ/project": 8, "econ/exam": 6})
    unit = simulate(components(), scenario, {}, draws=20_000).unit("ue-c")
    assert unit.validated == 0
    assert unit.validated_after_session2 == pytest.approx(0.3797, abs=0.015)


component_grade = st.one_of(
    st.none(), st.just("ABJ"), st.integers(0, 20), st.floats(0, 20, allow_nan=False)
)
COMPONENTS = ("stats/cc", "stats/exam", "proba/cc", "proba/exam", "econ/project", "econ/exam")
RETAKEN = ("stats/exam", "proba/exam", "econ/project", "econ/exam")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.fixed_dictionaries({c: component_grade for c in COMPONENTS}),
    second=st.fixed_dictionaries({c: component_grade for c in RETAKEN}),
    english=st.integers(0, 20),
    english2=st.integers(0, 20),
)
def test_the_odds_on_entered_component_grades_are_the_engines_verdicts(
    first, second, english, english2
):
    # Every grade entered in both sessions: nothing is drawn, so each unit's odds are 0 or
    # 1, as the engine's verdict in session 1 and after session 2.
    grades = {**first, "english": english}
    retaken_english = {"english": english2} if english < 10 else {}
    evaluation = judge(components(), grades, {**second, **retaken_english})
    scenario = evaluation.scenario
    odds = simulate(components(), scenario, {}, draws=4, evaluation=evaluation)
    for result in evaluation.units:
        unit = odds.unit(result.unit)
        assert unit.validated == (1 if result.session1.validated else 0)
        final = result.code in ("ADM", "CMP")
        assert unit.validated_after_session2 == (1 if final else 0), result.unit


@settings(max_examples=60, deadline=None)
@given(
    cc=st.integers(0, 20),
    exam=st.integers(0, 20),
    raise_by=st.integers(1, 20),
    exam2=st.integers(0, 20),
)
def test_a_higher_component_grade_never_hurts(cc, exam, raise_by, exam2):
    for course in ("stats", "proba"):
        low = {f"{course}/cc": cc, f"{course}/exam": exam, "english": 10}
        high = {**low, f"{course}/exam": min(20, exam + raise_by)}
        second = {f"{course}/exam": exam2}
        unit = "ue-a" if course == "stats" else "ue-b"
        before = judge(components(), low, second).unit(unit)
        after = judge(components(), high, second).unit(unit)
        rank = {"ADM": 2, "CMP": 2, None: 1, "AJ": 0}
        assert rank[after.code] >= rank[before.code]


def test_a_belief_on_a_course_graded_by_components_draws_it_whole_in_both_sessions():
    # Probability believed at exactly 5 (nothing entered): fails session 1 in every draw;
    # session 2 then retakes it as a course graded as a whole, uniform on [0, 20]: 0.5.
    scenario = Scenario(programme=components().id)
    odds = simulate(components(), scenario, {"proba": Belief(low=5, high=5)}, draws=20_000)
    unit = odds.unit("ue-b")
    assert unit.validated == 0
    assert unit.validated_after_session2 == pytest.approx(0.5, abs=0.015)


def test_one_minimum_over_a_course_graded_by_components_and_another_says_what_each_sits():
    # CC 14, exam 5, English 9: UE A retakes both. The same course grade of 10 in each
    # validates it: the exam (10 − 5.6) / 0.6 = 7.333…, written 7.34, and English 10. Not
    # "10 in each exam", nor "a sum of 20" (20 in the exam and 0 in English gives 8.8).
    evaluation = judge(components(), CC_KEPT)
    minimum = evaluation.minimums_for("ue-a").uniform
    assert (minimum.courses, minimum.value) == (("stats", "english"), 10)
    grades = evaluation.scenario.grades
    each = uniform_minimum_lines(components(), minimum.courses, minimum.value, 2, grades, "en")
    assert each == [
        "Exam of Statistics: at least 7.34 — your Continuous assessment 14 kept",
        "English: at least 10",
    ]
    assert uniform_minimum_lines(components(), minimum.courses, 10, 2, grades, "fr") == [
        "Exam — Statistics : au moins 7,34 — votre note de Continuous assessment (14) est "
        "conservée",
        "English : au moins 10",
    ]


def test_a_course_grade_a_kept_component_cannot_reach_gives_no_same_grade_line():
    # CC 4 kept: Statistics is at most 1.6 + 12 = 13.6, so 15 in each course cannot be.
    grades = {"stats/cc": 4, "stats/exam": 5, "english": 9}
    assert uniform_minimum_lines(components(), ("stats", "english"), 15, 2, grades, "en") == []


def test_a_minimum_over_courses_graded_as_a_whole_reads_as_before():
    assert uniform_minimum_lines(components(), ("english",), 10, 2, {}, "en") is None


def test_the_cli_says_what_each_course_needs_where_a_component_is_among_them(tmp_path, capsys):
    scenario = Scenario(programme=components().id, grades=CC_KEPT)
    path = tmp_path / "plan.json"
    path.write_text(scenario.to_json(), encoding="utf-8")
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / PROGRAMME_FILE.name).write_text(PROGRAMME_FILE.read_text(encoding="utf-8"))
    assert main(["--catalogue", str(folder), "evaluate", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "      - Exam of Statistics: at least 7.34 — your Continuous assessment 14 kept\n"
        "      - English: at least 10\n"
    ) in out
