"""What an absence means (format_version 3): graded 0, blocking, or, when justified (ABJ),
left out of its unit's mean; a version-2 file reads every absence as it always has.

The fictional programme (tests/programmes/m2-fictional-absence.yaml), grades /20, every
threshold 10, `absence: zero` and `justified_absence: neutralised`:

- UE A: mean of a1, a2, a3 weighted 2, 1, 1 (so a mean is (2·a1 + a2 + a3) / 4); a3, an
  oral, overrides `absence: blocks`.
- UE B: mean of b1 and b2, course floor 5; b2 overrides `justified_absence: blocks`.
- UE C: one grade, c1.
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
from planner.compare import scenario_differences
from planner.evaluation import evaluate
from planner.odds import simulate
from planner.outputs.cli import main
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.scenario import Scenario, ScenarioError
from tests.unit.support import file_data

PROGRAMME_FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-absence.yaml"
A, B, C = "UE A (weighted 2-1-1)", "UE B (floor 5)", "UE C (one grade)"
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


@cache
def programme(format_version: int = 3) -> Programme:
    """The fictional file as written (version 3), or as a version-2 file: the same file
    without the keys a version-2 file cannot have."""
    data = raw()
    if format_version == 2:
        data["format_version"] = 2
        del data["rules"]["absence"], data["rules"]["justified_absence"]
        for course in data["courses"]:
            course.pop("absence", None)
            course.pop("justified_absence", None)
    return parse_programme(data, "absence.yaml")


def judge(grades: dict, session2: dict | None = None, format_version: int = 3, **parameters):
    scenario = Scenario(
        programme="m2-fictional-absence",
        grades=grades,
        session2_grades=session2 or {},
        parameters=parameters,
    )
    return evaluate(programme(format_version), scenario)


# --- the file ------------------------------------------------------------------------------


def test_the_file_is_version_3_and_says_what_an_absence_means_course_by_course():
    absences = load_programme_file(PROGRAMME_FILE).absences

    assert [absences.of(c) for c in ("a1", "a2", "a3", "b1", "b2", "c1")] == [
        "zero",
        "zero",
        "blocks",
        "zero",
        "zero",
        "zero",
    ]
    assert absences.justified_of("a3") == "neutralised"
    assert absences.justified_of("b2") == "blocks"


def test_a_version_2_file_refuses_the_absence_keys_naming_each():
    data = raw()
    data["format_version"] = 2

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "absence.yaml")

    message = str(caught.value)
    assert message.startswith("absence.yaml: ")
    for where, key in (
        ("rules.absence", "absence"),
        ("rules.justified_absence", "justified_absence"),
        ("courses.2.absence", "absence"),
        ("courses.4.justified_absence", "justified_absence"),
    ):
        assert f"{where}: needs format_version: 3 (a version-2 file has no {key})" in message


def test_an_absence_takes_blocks_or_zero_only():
    data = raw()
    data["rules"]["absence"] = "neutralised"  # a justified absence's reading, not an absence's

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "absence.yaml")

    assert "rules.absence: not one of the accepted values: 'blocks', 'zero'" in str(caught.value)


# --- an absence counts 0 -------------------------------------------------------------------


def test_an_absence_counts_0_in_its_unit_mean():
    # a2 absent, graded 0: (2·16 + 0 + 12) / 4 = 44 / 4 = 11 ≥ 10.
    a = judge({"a1": 16, "a2": None, "a3": 12}).unit("ue-a")

    assert a.session1.validated is True
    assert a.session1.mean == 11
    assert a.code == "ADM"
    assert a.session1.explanation("en") == "Weighted mean 11 ≥ 10: validated."
    assert a.session1.explanation("fr") == "Moyenne pondérée 11 ≥ 10 : validée."


def test_an_absence_graded_0_fails_a_course_floor_and_is_retaken():
    # b2 absent, graded 0: (14 + 0) / 2 = 7, and 0 < 5, the course floor. In session 2,
    # b2 needs (14 + x) / 2 ≥ 10, x ≥ 6 (above the floor 5).
    evaluation = judge({"b1": 14, "b2": None})
    b = evaluation.unit("ue-b")

    assert b.session1.validated is False
    assert b.session1.mean == 7
    assert b.session1.message.code == "failed_floor"
    assert b.retakes == ("b2",)
    assert "Retake Biologie fabuleuse (0)." in b.session1.explanation("en")
    minimum = evaluation.minimums_for("ue-b")
    assert minimum.session == 2
    assert (minimum.uniform.status, minimum.uniform.value) == ("needed", 6)


def test_a_retake_missed_under_replace_counts_0_in_session_2():
    # Session 1: (2·5 + 0 + 6) / 4 = 4 < 10, every course retaken. Session 2: a1 16, a2
    # missed again (0), a3 12: (32 + 0 + 12) / 4 = 11 ≥ 10.
    a = judge({"a1": 5, "a2": None, "a3": 6}, {"a1": 16, "a2": None, "a3": 12}).unit("ue-a")

    assert a.retakes == ("a1", "a2", "a3")
    assert a.session2.validated is True
    assert a.session2.mean == 11
    assert a.code == "ADM"


# --- a course overriding back to blocks ----------------------------------------------------


def test_an_absence_at_a_course_that_overrides_back_to_blocks_fails_its_unit():
    # a3 blocks: (2·16 + 12 + a3) / 4 has no a3, so no mean, whatever a1 and a2 are.
    a = judge({"a1": 16, "a2": 12, "a3": None}).unit("ue-a")

    assert a.session1.validated is False
    assert a.session1.message.code == "failed_absent"
    assert a.session1.explanation("en").startswith(
        "Missed Atelier oral: every grade of the unit is needed. Retake Atelier oral (absent)."
    )


def test_an_unsat_exam_at_a_blocking_course_must_still_be_sat():
    # a3 unknown: sat, even at 0, (2·20 + 20 + 0) / 4 = 15 ≥ 10; missed, no mean.
    evaluation = judge({"a1": 20, "a2": 20})
    a = evaluation.unit("ue-a")

    assert a.session1.validated is None
    assert a.session1.message.code == "validated_once_sat"
    assert a.session1.explanation("en") == (
        "Validated as soon as you sit Atelier oral, whatever the grade: the mean will be at "
        "least 15 ≥ 10. Missing it would fail the unit."
    )
    assert evaluation.minimums_for("ue-a").uniform.status == "any_grade"


# --- certain whatever happens: a miss is a 0 -----------------------------------------------


def test_an_unsat_exam_whose_absence_is_a_0_leaves_the_unit_validated_whatever_happens():
    # a2 unknown, a miss graded 0: at worst (2·20 + 0 + 20) / 4 = 15 ≥ 10. The verdict is
    # certain: no minimum to reach, the unit is ADM already.
    evaluation = judge({"a1": 20, "a3": 20})
    a = evaluation.unit("ue-a")

    assert a.session1.validated is True
    assert a.session1.message.code == "certain_validated"
    assert a.session1.explanation("en") == (
        "Validated whatever Algèbre rêvée gives, even if missed: the mean is at least 15 ≥ 10."
    )
    assert a.session1.explanation("fr") == (
        "Validée quelle que soit la note d'Algèbre rêvée, même en cas d'absence : la moyenne "
        "vaut au moins 15 ≥ 10."
    )
    assert a.code == "ADM"
    assert evaluation.minimums_for("ue-a") is None


def test_the_solver_counts_a_known_absence_as_0():
    # a2 absent (0), a3 14, a1 not known: (2x + 0 + 14) / 4 ≥ 10 ⟺ x ≥ 13.
    evaluation = judge({"a2": None, "a3": 14})
    minimum = evaluation.minimums_for("ue-a")

    assert evaluation.unit("ue-a").session1.validated is None
    assert (minimum.uniform.courses, minimum.uniform.status) == (("a1",), "needed")
    assert minimum.uniform.value == 13


def test_the_minimum_of_an_exam_that_may_be_missed_is_exact_and_a_miss_stays_pending():
    # a1 10, a3 8, a2 not known: (20 + x + 8) / 4 ≥ 10 ⟺ x ≥ 12; a miss is a 0, (28) / 4 =
    # 7 < 10, so the unit is pending, between 7 and (20 + 20 + 8) / 4 = 12.
    evaluation = judge({"a1": 10, "a3": 8})
    a = evaluation.unit("ue-a")
    minimum = evaluation.minimums_for("ue-a")

    assert a.session1.validated is None
    assert (a.session1.mean_min, a.session1.mean_max) == (7, 12)
    assert (minimum.uniform.status, minimum.uniform.value) == ("needed", 12)


# --- a justified absence neutralised ---------------------------------------------------------


def test_a_justified_absence_is_left_out_and_the_other_weights_renormalised():
    # a2 ABJ, left out: (2·12 + 9) / (2 + 1) = 33 / 3 = 11 ≥ 10. Graded 0 it would be
    # (24 + 0 + 9) / 4 = 8.25 < 10.
    neutralised = judge({"a1": 12, "a2": "ABJ", "a3": 9}).unit("ue-a")
    absent = judge({"a1": 12, "a2": None, "a3": 9}).unit("ue-a")

    assert neutralised.session1.validated is True
    assert neutralised.session1.mean == 11
    assert neutralised.code == "ADM"
    assert absent.session1.validated is False
    assert absent.session1.mean == 8.25


def test_a_justified_absence_at_the_heaviest_course_renormalises_the_others():
    # a1 (weight 2) ABJ: (8 + 13) / (1 + 1) = 10.5 ≥ 10.
    a = judge({"a1": "ABJ", "a2": 8, "a3": 13}).unit("ue-a")

    assert a.session1.validated is True
    assert a.session1.mean == 10.5


def test_a_course_left_out_is_not_retaken_and_the_minimum_is_over_the_others():
    # a2 ABJ, a3 9, a1 not known: (2x + 9) / 3 ≥ 10 ⟺ x ≥ 10.5.
    evaluation = judge({"a2": "ABJ", "a3": 9})
    assert evaluation.minimums_for("ue-a").uniform.value == 10.5
    # a1 4, a2 ABJ, a3 9: (8 + 9) / 3 ≈ 5.67 < 10; a1 and a3 are retaken, a2 is not.
    a = judge({"a1": 4, "a2": "ABJ", "a3": 9}).unit("ue-a")
    assert a.session1.validated is False
    assert a.retakes == ("a1", "a3")


def test_a_justified_absence_at_a_course_that_says_blocks_is_an_absence():
    # b2 ABJ blocks: no mean, and below the floor as an absence is.
    b = judge({"b1": 14, "b2": "ABJ"}).unit("ue-b")

    assert b.session1.validated is False
    assert b.session1.mean is None
    assert b.session1.message.code == "failed_floor"
    assert b.retakes == ("b2",)


def test_a_unit_whose_every_course_is_left_out_has_no_mean_and_is_retaken():
    c = judge({"c1": "ABJ"}).unit("ue-c")

    assert c.session1.validated is False
    assert c.session1.message.code == "failed_single_absent"
    assert c.retakes == ("c1",)


def test_a_justified_absence_at_a_retake_keeps_the_first_grade_under_keep_best():
    # Session 1: (2·4 + 12 + 12) / 4 = 8 < 10, a1 retaken. Session 2 under keep_best: a1
    # ABJ keeps its 4, (8 + 24) / 4 = 8; under replace a1 is left out: (12 + 12) / 2 = 12.
    grades, second = {"a1": 4, "a2": 12, "a3": 12}, {"a1": "ABJ"}

    assert judge(grades, second, session2_policy="keep_best").unit("ue-a").session2.mean == 8
    assert judge(grades, second).unit("ue-a").session2.mean == 12


# --- a version-2 file reads every absence as before ------------------------------------------


def test_a_version_2_file_reads_an_absence_and_a_justified_one_as_it_always_read_an_absence():
    for grades in ({"a1": 16, "a2": None, "a3": 12}, {"a1": 16, "a2": "ABJ", "a3": 12}):
        a = judge(grades, format_version=2).unit("ue-a")

        assert a.session1.validated is False
        assert a.session1.message.code == "failed_absent"
        assert a.session1.explanation("en").startswith(
            "Missed Algèbre rêvée: every grade of the unit is needed."
        )
        assert a.retakes == ("a2",)


def test_a_version_2_file_waits_for_an_unsat_exam_to_be_sat_where_version_3_does_not():
    # a2 not known, a1 and a3 20: sat, (40 + a2 + 20) / 4 ≥ 15; missed, version 2 has no
    # mean, version 3 a 0.
    version_2 = judge({"a1": 20, "a3": 20}, format_version=2)
    version_3 = judge({"a1": 20, "a3": 20})

    assert version_2.unit("ue-a").session1.message.code == "validated_once_sat"
    assert version_2.minimums_for("ue-a").uniform.status == "any_grade"
    assert version_3.unit("ue-a").session1.message.code == "certain_validated"


def test_a_version_2_absence_leaves_no_minimum_where_version_3_counts_it_0():
    # a2 absent, a3 14: version 2 has no mean whatever a1 is; version 3 needs a1 ≥ 13.
    version_2 = judge({"a2": None, "a3": 14}, format_version=2)
    version_3 = judge({"a2": None, "a3": 14})

    assert version_2.unit("ue-a").session1.validated is False
    assert version_2.minimums_for("ue-a").per_course[1].status == "impossible"  # a2
    assert version_3.minimums_for("ue-a").uniform.value == 13


# --- the scenario, the CLI, the Rules page ---------------------------------------------------


def test_a_scenario_writes_a_justified_absence_as_abj_and_keeps_it_in_both_forms():
    scenario = Scenario(programme="m2-fictional-absence", grades={"a2": "ABJ", "b2": None})

    assert json.loads(scenario.to_json())["grades"] == {"a2": "ABJ", "b2": None}
    assert Scenario.from_url(scenario.to_url()) == scenario
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_json('{"programme": "x", "grades": {"a2": "abj"}}')
    assert "is not a number (nor ABJ, a justified absence)" in str(caught.value)


def test_cli_evaluate_json_reads_an_absence_and_a_justified_one(capsys, tmp_path):
    # A: (2·12 + 9) / 3 = 11, ADM. B: (14 + 0) / 2 = 7 and 0 < 5: b2 retaken, it needs 6.
    # C: 15, ADM.
    scenario = {
        "programme": "m2-fictional-absence",
        "grades": {"a1": 12, "a2": "ABJ", "a3": 9, "b1": 14, "b2": None, "c1": 15},
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")

    code = main(["evaluate", str(path), "--catalogue", str(PROGRAMME_FILE), "--json"])
    data = json.loads(capsys.readouterr().out)
    units = {u["id"]: u for u in data["units"]}

    assert code == 0
    assert units["ue-a"]["code"] == "ADM"
    assert units["ue-a"]["session1"]["mean"] == 11
    assert units["ue-b"]["session1"]["validated"] is False
    assert units["ue-b"]["session1"]["mean"] == 7
    assert units["ue-b"]["retakes"] == ["b2"]
    assert units["ue-b"]["minimum"]["uniform"] == {
        "courses": ["b2"],
        "status": "needed",
        "value": 6.0,
        # The contract's fields of issue 27: no compensation here, so its own rule.
        "route": "own",
        "for_units": [],
    }
    assert units["ue-c"]["code"] == "ADM"
    assert data["year"]["code"] is None
    assert data["year"]["ects_acquired"] == 12


def test_saved_scenarios_differ_on_a_justified_absence_as_on_any_grade():
    justified = Scenario(programme="m2-fictional-absence", grades={"a2": "ABJ", "a1": 12})
    graded = Scenario(programme="m2-fictional-absence", grades={"a2": 3, "a1": 12})

    (difference,) = scenario_differences([justified, graded])
    assert (difference.course, difference.values) == ("a2", ("ABJ", 3.0))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext reads the PDF's text")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_shows_a_justified_absence_as_abj(lang, tmp_path):
    # b2 ABJ blocks here: UE B fails and retakes it, written with its grade, ABJ.
    evaluation = judge({"a1": 12, "a2": "ABJ", "a3": 9, "b1": 14, "b2": "ABJ", "c1": 15})
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(programme(), evaluation, lang, dt.date(2099, 9, 1)))
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    assert "Biologie fabuleuse (ABJ)." in " ".join(text.split())


def test_the_rules_say_what_an_absence_means_and_where_a_course_says_otherwise():
    said = {s.topic: s.text for s in statements(programme(), "en")}

    assert said["Absences"] == (
        "An absence is a grade of 0. A justified absence (ABJ) is left out: the unit is "
        "judged on its other courses, their weights renormalised."
    )
    assert said["Absences — Atelier oral"].startswith("An absence gives no grade")
    assert said["Absences — Biologie fabuleuse"] == (
        "An absence is a grade of 0. A justified absence (ABJ) gives no grade."
    )
    french = {s.topic: s.text for s in statements(programme(), "fr")}
    assert french["Absences"].startswith("Une absence vaut 0. Une absence justifiée (ABJ)")
    assert not any(s.topic.startswith("Absences") for s in statements(programme(2), "en"))


# --- invariants --------------------------------------------------------------------------------

COURSES = ("a1", "a2", "a3", "b1", "b2", "c1")
grade = st.one_of(st.integers(0, 80).map(lambda n: n / 4), st.floats(0, 20, allow_nan=False))
outcome = st.one_of(grade, st.none(), st.just("ABJ"))
cells = st.fixed_dictionaries({c: st.one_of(outcome, st.just("missing")) for c in COURSES})


def known(values: dict) -> dict:
    return {c: g for c, g in values.items() if g != "missing"}


@FAST
@given(cells=cells, data=st.data())
def test_a_certain_verdict_holds_whatever_an_unsat_exam_gives_a_miss_included(cells, data):
    unknown = [c for c, g in cells.items() if g == "missing"]
    if not unknown:
        return
    course = data.draw(st.sampled_from(unknown))
    before = judge(known(cells))
    after = judge(known({**cells, course: data.draw(outcome)}))

    for b, a in zip(before.units, after.units, strict=True):
        if b.session1.validated is not None:
            assert a.session1.validated is b.session1.validated, a.unit


@FAST
@given(cells=cells)
def test_where_an_absence_is_graded_0_it_judges_exactly_as_a_0(cells):
    zero = {"a1", "a2", "b1", "b2", "c1"}  # a3 blocks
    as_zero = {c: 0.0 if g is None and c in zero else g for c, g in known(cells).items()}
    absent, graded = judge(known(cells)), judge(as_zero)

    for a, g in zip(absent.units, graded.units, strict=True):
        assert (a.session1.validated, a.session1.mean) == (g.session1.validated, g.session1.mean)
        assert a.retakes == g.retakes
    assert absent.minimums == graded.minimums


@FAST
@given(
    first=st.fixed_dictionaries({c: outcome for c in COURSES}),
    second=st.fixed_dictionaries({c: outcome for c in COURSES}),
    policy=st.sampled_from(["replace", "keep_best"]),
)
def test_the_odds_on_entered_grades_are_the_engine_s_verdicts_absences_included(
    first, second, policy
):
    parameters = {"session2_policy": policy}
    retakes = judge(first, **parameters).retakes
    second = {c: second[c] for c in retakes}
    evaluation = judge(first, second, **parameters)
    scenario = evaluation.scenario
    odds = simulate(programme(), scenario, {}, draws=16, seed=1)

    for unit, verdict in zip(odds.units, evaluation.units, strict=True):
        assert unit.validated == (1.0 if verdict.session1.validated else 0.0), unit.unit
        assert unit.validated_after_session2 == (1.0 if verdict.final.validated else 0.0)
        for course in unit.courses:
            assert course.retake == (1.0 if course.course in verdict.retakes else 0.0)


@pytest.mark.parametrize(
    ("first", "second", "validated", "after_session2"),
    [
        # (2·19.999999999999996 + 0 + 0) / 4 is 9.999999999999998 exactly, below 10, and
        # the float mean rounds to the same float: only an exact reading tells them apart.
        ({"a1": 19.999999999999996, "a2": 0.0, "a3": 0.0}, {}, 0.0, 0.0),
        ({"a1": 0.0, "a2": 0.0, "a3": 0.0}, {"a1": 19.999999999999996}, 0.0, 0.0),
        # Exactly 10, which a float mean may miss by a unit in the last place.
        ({"a1": 9.9, "a2": 10.1, "a3": 10.1}, {}, 1.0, 1.0),
        ({"a1": 0.0, "a2": 0.0, "a3": 0.0}, {"a1": 9.9, "a2": 10.1, "a3": 10.1}, 0.0, 1.0),
    ],
)
def test_the_odds_decide_a_mean_a_float_cannot_tell_from_the_threshold_as_the_engine_does(
    first, second, validated, after_session2
):
    # Session 2 grades every course of UE A (0 where the case gives none), replacing session 1.
    evaluation = judge(first, {c: second.get(c, 0.0) for c in first}, session2_policy="replace")
    verdict = evaluation.units[0]
    odds = simulate(programme(), evaluation.scenario, {}, draws=16, seed=1).units[0]

    assert (verdict.session1.validated, verdict.final.validated) == (
        bool(validated),
        bool(after_session2),
    )
    assert (odds.validated, odds.validated_after_session2) == (validated, after_session2)


# --- under compensation ------------------------------------------------------------------------
# The fictional programmes whose units compensate (tests/programmes/m2-fictional-coefficients,
# m2-fictional-retake, m2-fictional-floor-blocks and m2-fictional-min-ects, with its strict
# threshold and its group's min_ects_acquired), read as version-3 files that say what an
# absence means, with their first course overriding the programme's absence: the reading
# of the grades and the compensation groups together. The floor-blocks group may also say
# `floor_blocks: unit`, where a session-1 compensation can be provisional.

PROGRAMMES = PROGRAMME_FILE.parent
GROUPED = {
    "m2-fictional-coefficients": ("a1", "a2", "a3", "b1", "b2", "c1", "d1", "d2", "d3", "e1", "e2"),
    "m2-fictional-retake": ("p1", "q1", "q2", "r1", "r2"),
    "m2-fictional-floor-blocks": ("f1", "f2", "g1", "h1"),
    "m2-fictional-min-ects": ("a1", "a2", "b1", "c1", "d1", "e1", "e2"),
}
near = st.integers(0, 80).map(lambda n: n / 4)  # near the thresholds, where compensation decides


@cache
def grouped(name: str, absence: str, justified: str | None, unit_floor_only: bool) -> Programme:
    import yaml

    data = yaml.safe_load((PROGRAMMES / f"{name}.yaml").read_text(encoding="utf-8"))
    data["format_version"] = 3
    if unit_floor_only:
        for group in data["rules"]["compensation"]:
            group["floor_blocks"] = "unit"
    data["rules"]["absence"] = absence
    if justified is not None:
        data["rules"]["justified_absence"] = justified
    data["courses"][0]["absence"] = "blocks" if absence == "zero" else "zero"
    return parse_programme(data, f"{name}-absence.yaml")


@st.composite
def grouped_plans(draw: st.DrawFn, every_grade_known: bool = False) -> dict:
    name = draw(st.sampled_from(sorted(GROUPED)))
    absence = draw(st.sampled_from(["blocks", "zero"]))
    justified = draw(st.sampled_from(["neutralised", "blocks", "zero", None]))
    unit_floor_only = name == "m2-fictional-floor-blocks" and draw(st.booleans())
    missed = [None, "ABJ"] if every_grade_known else [None, "ABJ", "missing"]
    outcome = st.one_of(near, near, near, near, near, st.sampled_from(missed))
    cells = {c: draw(outcome) for c in GROUPED[name]}
    retake = st.one_of(near, st.none(), st.just("ABJ"))
    if every_grade_known:  # a session-2 grade for any course retaken
        session2 = {c: draw(retake) for c in GROUPED[name]}
    else:
        session2 = draw(st.dictionaries(st.sampled_from(GROUPED[name]), retake, max_size=3))
    return {
        "programme": grouped(name, absence, justified, unit_floor_only),
        "cells": cells,
        "session2_grades": session2,
        "policy": draw(st.sampled_from(["replace", "keep_best"])),
    }


def evaluate_grouped(plan: dict, cells: dict | None = None, second: dict | None = None):
    programme_ = plan["programme"]
    scenario = Scenario(
        programme=programme_.id,
        grades=known(plan["cells"] if cells is None else cells),
        session2_grades=plan["session2_grades"] if second is None else second,
        parameters={"session2_policy": plan["policy"]},
    )
    return evaluate(programme_, scenario)


def _validates(plan: dict, found, minimum, value: float, enrolled: tuple) -> bool:
    """Whether `value` in each course of the minimum (the unit's other unknown grades at
    0), in the minimum's session, validates the unit, on its own or by compensation, and
    compensates every unit the minimum names."""
    plugged = {**dict.fromkeys(found.uniform.courses, 0.0), **dict.fromkeys(minimum.courses, value)}
    cells, second = dict(plan["cells"]), dict(plan["session2_grades"])
    if found.session == 1:
        # A minimum in session 1 is one without the unit's session 2.
        cells.update(plugged)
        second = {c: g for c, g in second.items() if c not in enrolled}
    else:
        second.update(plugged)
    units = evaluate_grouped(plan, cells, second).units
    codes = {u.unit: u.code for u in units}
    validated = {u.unit: u.validated is True for u in units}
    return validated[found.unit] and all(codes[u] == "CMP" for u in minimum.for_units)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=grouped_plans())
def test_under_compensation_a_minimum_validates_when_entered_absences_read_as_the_file_says(
    plan,
):
    evaluation = evaluate_grouped(plan)
    assert evaluation.rules.groups

    for found in evaluation.minimums:
        enrolled = evaluation.unit(found.unit).enrolled
        for minimum in (found.uniform, *found.per_course):
            if minimum.status == "any_grade":
                assert _validates(plan, found, minimum, 0.0, enrolled), minimum
            if minimum.status != "needed":
                continue
            assert _validates(plan, found, minimum, minimum.value, enrolled), minimum
            lower = max(0.0, minimum.value - 0.01)
            assert not _validates(plan, found, minimum, lower, enrolled), minimum
            assert _validates(plan, found, minimum, minimum.rounded_up, enrolled), minimum


@FAST
@given(plan=grouped_plans(every_grade_known=True))
def test_under_compensation_the_odds_on_entered_grades_are_the_engine_s_verdicts(plan):
    # Every retake entered: validated in session 1 is validated alone or compensated on the
    # session-1 means (a compensation a retake can undo is provisional, not one: the unit
    # then has a session 2, or the verdict of its session 1 as its final one); after
    # session 2, the final codes.
    first = evaluate_grouped(plan, second={})
    second = {c: g for c, g in plan["session2_grades"].items() if c in first.retakes}
    evaluation = evaluate_grouped(plan, second=second)
    odds = simulate(plan["programme"], evaluation.scenario, {}, draws=16, seed=1)

    assert all(u.final.validated is not None for u in evaluation.units)
    in_session1 = {
        u.unit: u.session1.validated is True
        or (u.compensation is not None and u.compensation.validated is True and u.session2 is None)
        for u in evaluation.units
    }
    final = {u.unit: u.validated is True for u in evaluation.units}
    for unit in odds.units:
        assert unit.validated == (1.0 if in_session1[unit.unit] else 0.0), unit.unit
        assert unit.validated_after_session2 == (1.0 if final[unit.unit] else 0.0), unit.unit
        for course in unit.courses:
            assert course.retake == (1.0 if course.course in evaluation.retakes else 0.0)
    assert odds.year == (1.0 if all(in_session1.values()) else 0.0)
    assert odds.year_after_session2 == (1.0 if evaluation.year.validated else 0.0)


# --- with course capitalisation -----------------------------------------------------------------


@cache
def capitalising() -> Programme:
    """tests/programmes/m2-fictional-capitalisation.yaml (courses kept at 10), saying too that
    an absence is a 0 and a justified absence is left out."""
    import yaml

    path = PROGRAMMES / "m2-fictional-capitalisation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"]["absence"] = "zero"
    data["rules"]["justified_absence"] = "neutralised"
    return parse_programme(data, "capitalisation-absence.yaml")


def test_a_course_left_out_is_neither_retaken_nor_kept_and_an_absence_graded_0_is_retaken():
    # UE A (a1, a2, a3, 3 ECTS each, threshold 10, courses kept at 10): a1 12, a2 ABJ (left
    # out), a3 absent (0): (12 + 0) / 2 = 6, failed. a1 is kept (12 >= 10), not retaken; a2
    # has no grade: not retaken, not kept; a3 is retaken: 5 gives (12 + 5) / 2 = 8.5, AJ.
    programme_ = capitalising()
    grades = {"a1": 12, "a2": "ABJ", "a3": None}
    first = evaluate(programme_, Scenario(programme=programme_.id, grades=grades))
    a = first.unit("ue-a")
    assert (a.session1.validated, a.session1.mean, a.retakes) == (False, 6, ("a3",))

    scenario = Scenario(programme=programme_.id, grades=grades, session2_grades={"a3": 5})
    a = evaluate(programme_, scenario).unit("ue-a")
    assert (a.code, a.final.mean) == ("AJ", 8.5)
    assert a.courses_acquired == ("a1",)
    assert a.ects_acquired == 3

    odds = simulate(programme_, scenario, {}, draws=8, seed=1).unit("ue-a")
    assert [c.retake for c in odds.courses] == [0.0, 0.0, 1.0]
    assert odds.validated == odds.validated_after_session2 == 0.0
