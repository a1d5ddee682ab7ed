"""Nested compensation with what main added beside it: bonus points on a group's mean
(planner.rules.bonus), jury codes and prerequisites (planner.rules.progression).

The fictional programme is tests/programmes/m2-fictional-nested.yaml (grades /20, every
threshold 10, one grade per unit; Semester 1: UE A and UE B, 6 ECTS each, unit floor 7;
Semester 2: UE C, 9 ECTS, and UE D, 3 ECTS; the year: the two semesters, 12 ECTS each,
unit floor 8), with, in each test, what it adds:

- bonus: Engagement (a bonus unit, course eng) adds 0.1 × (grade − 10), at most 0.5, to
  Semester 1's mean (the group of UE A and UE B), counted;
- codes: `jury_codes.absence: DEF`;
- gated: Semester 2's units count once Semester 1 is validated.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import CatalogueError, Programme, parse_programme
from planner.evaluation import Evaluation, evaluate
from planner.odds import simulate
from planner.outputs.cli import main
from planner.outputs.report import summary_pdf
from planner.scenario import Scenario
from tests.unit.support import file_data
from tests.unit.support import judge_file as judge

PROGRAMME_FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-nested.yaml"
COURSES = ("a1", "b1", "c1", "d1", "eng")
SOME = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


def with_engagement(target: list[str]) -> dict:
    data = raw()
    data["courses"].append({"id": "eng", "name": "Engagement"})
    data["units"].append(
        {"id": "ue-engagement", "name": "Engagement", "kind": "bonus", "courses": ["eng"]}
    )
    data["rules"]["bonus_points"] = [
        {
            "earned_by": "ue-engagement",
            "group": target,
            "above": 10,
            "rate": 0.1,
            "cap": 0.5,
            "status": "assumed",
            "note": {"en": "Invented for the tests.", "fr": "Inventé pour les tests."},
        }
    ]
    return data


@cache
def bonus() -> Programme:
    return parse_programme(with_engagement(["ue-a", "ue-b"]), "nested-bonus.yaml")


@cache
def codes_def() -> Programme:
    data = raw()
    data["rules"]["jury_codes"] = {"absence": "DEF", "status": "assumed"}
    return parse_programme(data, "nested-def.yaml")


@cache
def gated() -> Programme:
    data = raw()
    data["rules"]["prerequisites"] = [
        {"units": ["ue-c", "ue-d"], "requires": {"semester": "S1"}, "status": "assumed"}
    ]
    return parse_programme(data, "nested-gated.yaml")


def codes(evaluation: Evaluation) -> dict[str, str | None]:
    return {u.unit: u.code for u in evaluation.units}


# --- bonus points at the level they target -------------------------------------------------


def test_the_bonus_compensates_within_the_semester_it_targets():
    # S1: (10 + 9.5) / 2 = 9.75, with eng 15's 0.1 × 5 = 0.5: 10.25 ≥ 10, B is CMP within
    # Semester 1, the bonus named.
    evaluation = judge(bonus(), {"a1": 10, "b1": 9.5, "c1": 10, "d1": 10, "eng": 15})
    b = evaluation.unit("ue-b")
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": "CMP", "ue-c": "ADM", "ue-d": "ADM"}
    assert b.compensation.message.code == "compensated_within"
    assert b.compensation.message.text("en").startswith(
        "Validated by compensation within Semester 1 (CMP): the mean of UE A and UE B is "
        "10.25 ≥ 10."
    )
    assert "Engagement" in b.compensation.message.text("en")
    assert evaluation.year.validated is True


def test_too_small_a_bonus_leaves_the_unit_to_its_retake():
    # eng 12: 0.2 points, 9.95 < 10 within Semester 1; the year (9.75 + 10) / 2 = 9.875.
    evaluation = judge(bonus(), {"a1": 10, "b1": 9.5, "c1": 10, "d1": 10, "eng": 12})
    b = evaluation.unit("ue-b")
    assert b.compensation.validated is False
    assert (b.code, b.retakes) == (None, ("b1",))


def test_an_unknown_bonus_grade_keeps_the_semester_s_compensation_pending():
    # eng unknown: 0 to 0.5 points, 9.75 to 10.25: it could compensate B, never assumed to.
    b = judge(bonus(), {"a1": 10, "b1": 9.5, "c1": 10, "d1": 10}).unit("ue-b")
    assert b.compensation.validated is None
    assert b.compensation.message.code == "compensation_pending_bonus"
    assert b.code is None


def test_the_year_reads_the_semester_s_mean_without_its_bonus():
    # S1: (10 + 8) / 2 = 9, 9.5 with the bonus: not compensated within. S2: 10.5. The year
    # reads S1 at 9: (9 + 10.5) / 2 = 9.75 < 10 (with the bonus it would be 10). b1 8
    # again in session 2: the same, B is AJ.
    grades = {"a1": 10, "b1": 8, "c1": 10.5, "d1": 10.5, "eng": 15}
    evaluation = judge(bonus(), grades, {"b1": 8})
    b = evaluation.unit("ue-b")
    assert (b.compensation.validated, b.code) == (False, "AJ")
    assert b.compensation.message.text("en").endswith(
        "Over the year: Not compensated: the mean of the group (Semester 1 and Semester 2) "
        "is 9.75 < 10."
    )
    assert {o.group: o.mean for o in evaluation.groups}["s1"] == 9.0


def test_the_minimum_counts_the_certain_bonus_at_the_semester_s_level():
    # a1 10, eng 15 (0.5 certain): within Semester 1 (10 + b) / 2 + 0.5 ≥ 10, b ≥ 9; the
    # year asks S1 ≥ 10 (b ≥ 10), B's own rule 10: 9, by compensation.
    grades = {"a1": 10, "c1": 10, "d1": 10, "eng": 15}
    found = judge(bonus(), grades).minimums_for("ue-b").uniform
    assert (found.status, found.value, found.route) == ("needed", 9.0, "compensation")
    assert judge(bonus(), grades | {"b1": 9}).unit("ue-b").code == "CMP"
    assert judge(bonus(), grades | {"b1": 8.99}).unit("ue-b").code is None
    # eng unknown gives no certain point: 10.
    unknown = judge(bonus(), {"a1": 10, "c1": 10, "d1": 10}).minimums_for("ue-b").uniform
    assert unknown.value == 10.0


def test_a_group_of_groups_is_never_a_bonus_target():
    data = with_engagement(["ue-a", "ue-b", "ue-c", "ue-d"])
    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "nested-bonus-year.yaml")
    assert "rules.bonus_points.0.group: no compensation group has exactly these units" in str(
        caught.value
    )


near = st.integers(0, 80).map(lambda n: n / 4)
# Semester 1's grades near 10, where half a point of bonus decides; eng giving 0 to 0.5.
semester_1 = st.integers(32, 46).map(lambda n: n / 4)
engagement = st.integers(36, 80).map(lambda n: n / 4)
CELLS = {"a1": semester_1, "b1": semester_1, "c1": near, "d1": near, "eng": engagement}


@SOME
@given(
    cells=st.fixed_dictionaries({c: st.one_of(s, s, st.none()) for c, s in CELLS.items()}),
    retakes=st.fixed_dictionaries({c: st.one_of(near, st.none()) for c in COURSES}),
    policy=st.sampled_from(["replace", "keep_best"]),
)
def test_the_odds_on_entered_grades_are_the_engine_s_verdicts_with_a_semester_s_bonus(
    cells, retakes, policy
):
    def run(second: dict) -> Evaluation:
        scenario = Scenario(
            programme=bonus().id,
            grades=cells,
            session2_grades=second,
            parameters={"session2_policy": policy},
        )
        return evaluate(bonus(), scenario)

    first = run({})
    evaluation = run({c: g for c, g in retakes.items() if c in first.retakes})
    odds = simulate(bonus(), evaluation.scenario, {}, draws=8, seed=1)
    in_session1 = {
        u.unit: u.session1.validated is True
        or (u.compensation is not None and u.compensation.validated is True and u.session2 is None)
        for u in evaluation.units
    }
    final = {u.unit: u.validated is True for u in evaluation.units}
    for unit in odds.units:
        assert unit.validated == (1.0 if in_session1[unit.unit] else 0.0), unit.unit
        assert unit.validated_after_session2 == (1.0 if final[unit.unit] else 0.0), unit.unit
    assert odds.year_after_session2 == (1.0 if evaluation.year.validated else 0.0)


# --- jury codes and prerequisites under nesting --------------------------------------------


def test_a_def_unit_fails_its_semester_and_the_year():
    # b1 absent in both sessions: B has no mean, compensated at no level: DEF.
    evaluation = judge(codes_def(), {"a1": 12, "b1": None, "c1": 12, "d1": 12}, {"b1": None})
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": "DEF", "ue-c": "ADM", "ue-d": "ADM"}
    assert evaluation.unit("ue-b").validated is False
    outcomes = {o.group: o.validated for o in evaluation.groups}
    assert outcomes == {"s1": False, "s2": True, "year": False}
    assert evaluation.year.validated is False
    assert evaluation.year.ects_acquired == 18


def test_a_unit_behind_a_prerequisite_not_decided_counts_for_nothing_yet():
    # b1 unknown: Semester 1 not decided, so C and D (12 each) wait: no code, not
    # validated yet, no ECTS, though their own grades pass.
    evaluation = judge(gated(), {"a1": 12, "c1": 12, "d1": 12})
    c = evaluation.unit("ue-c")
    assert (c.final.validated, c.code, c.validated, c.ects_acquired) == (True, None, None, 0)
    assert evaluation.year.validated is None
    # B 12: Semester 1 validated, the year too.
    done = judge(gated(), {"a1": 12, "b1": 12, "c1": 12, "d1": 12})
    assert codes(done) == dict.fromkeys(("ue-a", "ue-b", "ue-c", "ue-d"), "ADM")
    assert done.year.validated is True


# --- semester codes and prerequisites read the level that compensated -------------------------


def with_semester_codes(data: dict, requires: dict | None = None) -> Programme:
    """`data` with `jury_codes: {semesters: true}` and, given `requires`, Semester 2's units
    behind it."""
    data["rules"]["jury_codes"] = {"semesters": True, "status": "assumed"}
    if requires is not None:
        data["rules"]["prerequisites"] = [
            {"units": ["ue-c", "ue-d"], "requires": requires, "status": "assumed"}
        ]
    return parse_programme(data, "nested-semester-codes.yaml")


@cache
def semester_codes() -> Programme:
    return with_semester_codes(raw())


def semester_codes_of(evaluation: Evaluation) -> dict[str, str | None]:
    return {s.semester: s.code for s in evaluation.semesters}


def test_a_unit_compensated_over_the_year_makes_its_semester_cmp():
    # S1: (10 + 9) / 2 = 9.5 < 10, not compensated within. S2: 11. The year: (9.5 + 11) / 2
    # = 10.25 ≥ 10, no semester below 8: B is CMP over the year, so Semester 1 is validated
    # by compensation (ADC): CMP; Semester 2 ADM.
    evaluation = judge(semester_codes(), {"a1": 10, "b1": 9, "c1": 11, "d1": 11})
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": "CMP", "ue-c": "ADM", "ue-d": "ADM"}
    assert evaluation.unit("ue-b").compensation.message.code == "compensated_year"
    assert semester_codes_of(evaluation) == {"S1": "CMP", "S2": "ADM"}


def test_a_unit_compensated_within_its_semester_leaves_it_adm():
    # S1: (12 + 9) / 2 = 10.5 ≥ 10: B is CMP within Semester 1, which stays ADM.
    evaluation = judge(semester_codes(), {"a1": 12, "b1": 9, "c1": 11, "d1": 11})
    assert evaluation.unit("ue-b").compensation.message.code == "compensated_within"
    assert codes(evaluation)["ue-b"] == "CMP"
    assert semester_codes_of(evaluation) == {"S1": "ADM", "S2": "ADM"}


@cache
def bonus_with_codes(requires: tuple[str, str] | None = None) -> Programme:
    return with_semester_codes(
        with_engagement(["ue-a", "ue-b"]), None if requires is None else dict([requires])
    )


# eng unknown: Semester 1's mean 9.75 with 0 to 0.5 points may still compensate B in
# session 1 (within Semester 1 only: the year reads 9.75 and S2's 10, 9.875 < 10); b1 12
# in session 2 validates B either way, its code (CMP or ADM) waiting for eng.
UNDECIDED = ({"a1": 10, "b1": 9.5, "c1": 10, "d1": 10}, {"b1": 12})


@pytest.mark.parametrize("requires", [("unit", "ue-b"), ("semester", "S1")])
def test_a_prerequisite_validated_either_way_is_met(requires: tuple[str, str]):
    evaluation = judge(bonus_with_codes(requires), *UNDECIDED)
    b = evaluation.unit("ue-b")
    assert (b.code, b.validated, b.compensation.validated) == (None, True, None)
    c = evaluation.unit("ue-c")
    assert (c.access.allowed, c.code, c.ects_acquired) == (True, "ADM", 9)
    assert evaluation.year.validated is True
    # The odds, drawing eng, agree: C and D are validated in every draw after session 2.
    odds = simulate(bonus_with_codes(requires), evaluation.scenario, {}, draws=50, seed=1)
    assert {u.unit: u.validated_after_session2 for u in odds.units} == dict.fromkeys(
        ("ue-a", "ue-b", "ue-c", "ue-d"), 1.0
    )


@cache
def bonus_without_the_year() -> Programme:
    data = with_engagement(["ue-a", "ue-b"])
    data["rules"]["compensation"] = [g for g in data["rules"]["compensation"] if g["id"] != "year"]
    return with_semester_codes(data)


def test_a_compensation_only_its_semester_can_give_leaves_the_semester_adm():
    # « Pas de compensation annuelle » (no year group): only Semester 1's own group may
    # still compensate B, so Semester 1 is ADM whether eng makes B CMP or leaves it ADM.
    # (With the year above, the engine keeps the year's verdict pending while Semester 1's
    # own standing waits on eng, so the semester's code waits too.)
    evaluation = judge(bonus_without_the_year(), *UNDECIDED)
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": None, "ue-c": "ADM", "ue-d": "ADM"}
    assert semester_codes_of(evaluation) == {"S1": "ADM", "S2": "ADM"}
    assert [s.ects_acquired.value for s in evaluation.semesters] == [12, 12]


def test_a_compensation_the_year_may_still_give_leaves_the_semester_without_a_code():
    # S1: (11 + 8) / 2 = 9.5, not compensated within; c1 unknown, so the year may still
    # compensate B in session 1. b1 12 in session 2 validates B either way: Semester 1 is
    # CMP if the year compensates B, ADM if not, so it has no code yet (its 12 ECTS are
    # acquired all the same).
    evaluation = judge(semester_codes(), {"a1": 11, "b1": 8, "d1": 10}, {"b1": 12})
    b = evaluation.unit("ue-b")
    assert (b.code, b.validated) == (None, True)
    s1 = evaluation.semesters[0]
    assert (s1.semester, s1.code, s1.ects_acquired.value) == ("S1", None, 12)
    # c1 12: S2 (12 × 9 + 10 × 3) / 12 = 11.5, the year (9.5 + 11.5) / 2 = 10.5: B is CMP
    # over the year in session 1, Semester 1 CMP.
    high = judge(semester_codes(), {"a1": 11, "b1": 8, "c1": 12, "d1": 10}, {"b1": 12})
    assert codes(high)["ue-b"] == "CMP"
    assert semester_codes_of(high) == {"S1": "CMP", "S2": "ADM"}
    # c1 10: the year (9.5 + 10) / 2 = 9.75 < 10: B validated in session 2, ADM.
    low = judge(semester_codes(), {"a1": 11, "b1": 8, "c1": 10, "d1": 10}, {"b1": 12})
    assert codes(low)["ue-b"] == "ADM"
    assert semester_codes_of(low) == {"S1": "ADM", "S2": "ADM"}


def test_the_cli_gives_the_semester_cmp_of_a_compensation_over_the_year(capsys, tmp_path):
    # As test_a_unit_compensated_over_the_year_makes_its_semester_cmp, read through the CLI
    # (text and --json), which reads the same Evaluation.semesters.
    data = raw()
    data["rules"]["jury_codes"] = {"semesters": True, "status": "assumed"}
    path = tmp_path / "m2-fictional-nested.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    grades = {"a1": 10, "b1": 9, "c1": 11, "d1": 11}
    scenario = tmp_path / "scenario.json"
    scenario.write_text(
        json.dumps({"programme": "m2-fictional-nested", "grades": grades}), encoding="utf-8"
    )
    common = ["evaluate", str(scenario), "--catalogue", str(path)]
    assert main([*common, "--json"]) == 0
    semesters = json.loads(capsys.readouterr().out)["semesters"]
    assert [(s["semester"], s["code"], s["ects_acquired"]) for s in semesters] == [
        ("S1", "CMP", 12),
        ("S2", "ADM", 12),
    ]
    assert main(common) == 0
    assert "Semesters: S1: CMP, 12 ECTS acquired; S2: ADM, 12 ECTS acquired" in (
        capsys.readouterr().out
    )


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext reads the PDF's text")
def test_the_pdf_gives_the_semester_cmp_of_a_compensation_over_the_year(tmp_path):
    evaluation = judge(semester_codes(), {"a1": 10, "b1": 9, "c1": 11, "d1": 11})
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(semester_codes(), evaluation, "fr", dt.date(2099, 9, 1)))
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Semestres : S1 : CMP, 12 ECTS acquis ; S2 : ADM" in " ".join(text.split())
