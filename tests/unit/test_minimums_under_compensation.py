""" "What do I need?" under compensation: the minimum is the lowest uniform grade that
validates the unit on its own *or* by compensation (issue 27), and a failed unit waiting
on another unit's retake passes its need on to that retake. Every figure is worked out by
hand in a comment; entering the minimum gives the verdict promised, and one hundredth
less does not."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from planner.catalogue import load_programme_file
from planner.evaluation import evaluate, to_contract
from planner.group_minimums import route_text
from planner.outputs.cli import main
from planner.scenario import Scenario
from tests.unit.support import MDS_CHOICES, run_im

PROGRAMMES = Path(__file__).resolve().parents[1] / "programmes"
CHOSEN = {"rules_preset": "year-compensation-by-ects"}

# M2 IM, FA, MDS (maths-modélisation: statistical-learning-graphs and geometric-statistics;
# appliquées: advanced-optimization), every other unit between 12 and 14.
MODELISATION = {"statistical-learning-graphs": 6, "geometric-statistics": 7}
OTHERS = {
    "fa-ppr-alternance-1-assessment": 12,  # 9 ECTS
    "fa-management-assessment": 13,  # 6 ECTS
    "fa-ppr-alternance-2-assessment": 14,  # 24 ECTS
    "advanced-optimization": 12,  # appliquées, 3 ECTS
    "fundamentals-machine-learning": 13,  # numérique, 6 ECTS, mean 13
    "computational-optimal-transport": 14,
    "technologies-of-big-data": 12,
    "modeling-simulation-medicine-health": 12,  # métiers, 6 ECTS, mean 13
    "ai-seminar-environment-neuroscience-language": 13,
    "ai-seminar-ethic-legal-societal": 14,
    "big-data-and-analytics": 13,
}


def im(session2: dict | None = None):
    return run_im(
        "fa",
        "mds",
        choices=MDS_CHOICES,
        grades={**MODELISATION, **OTHERS},
        session2_grades=session2 or {},
        parameters=CHOSEN,
    )


@cache
def fictional(name: str):
    return load_programme_file(PROGRAMMES / f"{name}.yaml")


def judge(name: str, grades: dict, session2: dict | None = None):
    """Evaluate a scenario of a fictional programme of tests/programmes/."""
    programme = fictional(name)
    scenario = Scenario(programme=programme.id, grades=grades, session2_grades=session2 or {})
    return evaluate(programme, scenario)


# --- The issue's example ----------------------------------------------------------------------


def test_the_issue_s_example_needs_7_in_each_retake_and_7_validates_the_unit_by_compensation():
    # The chosen rules: each unit's mean >= 10, units compensate within the year weighted by
    # ECTS (threshold 10), no unit below 7/20 (0.35 x 20). Maths-modélisation fails session
    # 1 at (6 + 7) / 2 = 6.5, below the unit floor 7: not compensated, both courses are
    # retaken (replace). The other units weigh 9·12 + 6·13 + 24·14 + 3·12 + 6·13 + 6·13 =
    # 714 over 54 ECTS; with x in both retakes the year's mean is (714 + 6x) / 60 >= 10 for
    # any x >= -19, so only the floor binds: x >= 7. On its own the unit would need 10.
    evaluation = im()
    found = evaluation.minimums_for("mds-modelisation")

    assert found.session == 2
    assert found.uniform.status == "needed"
    assert found.uniform.value == 7
    assert found.uniform.route == "compensation"
    # One retake alone, the other at 0: x / 2 >= 7, so 14 (not 20, which is the unit's own).
    assert [(m.status, m.value, m.route) for m in found.per_course] == [
        ("needed", 14, "compensation"),
        ("needed", 14, "compensation"),
    ]

    passed = im({"statistical-learning-graphs": 7, "geometric-statistics": 7})
    assert passed.unit("mds-modelisation").code == "CMP"
    assert passed.year.validated is True
    missed = im({"statistical-learning-graphs": 6.99, "geometric-statistics": 6.99})
    assert missed.unit("mds-modelisation").code == "AJ"
    assert missed.year.validated is False


def test_the_route_of_a_minimum_is_in_the_json_contract_beside_the_fields_it_had():
    unit = next(u for u in to_contract(im())["units"] if u["id"] == "mds-modelisation")

    assert unit["minimum"]["uniform"] == {
        "courses": ["statistical-learning-graphs", "geometric-statistics"],
        "status": "needed",
        "value": 7,
        "route": "compensation",
        "for_units": [],
    }


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "    minimum on each of Statistical learning from and on Graphs, "
            "Geometric Statistics: 7 (this validates it by compensation)",
        ),
        (
            "fr",
            "    minimum dans chacun de ces cours (Statistical learning from and on Graphs, "
            "Geometric Statistics) : 7 (elle est alors validée par compensation)",
        ),
    ],
)
def test_the_cli_says_the_minimum_validates_by_compensation(capsys, tmp_path, lang, said):
    scenario = {
        "programme": "m2-im-2025",
        "track": "fa",
        "option": "mds",
        "choices": list(MDS_CHOICES),
        "grades": {**MODELISATION, **OTHERS},
        "parameters": CHOSEN,
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")

    assert main(["evaluate", str(path), "--lang", lang]) == 0
    assert said in capsys.readouterr().out.splitlines()


# --- Published compensation (tests/programmes/m2-fictional-coefficients.yaml) ----------------


def test_a_published_group_lowers_the_minimum_of_a_unit_it_would_compensate():
    # UE A, ECTS-weighted (a1 6, a2 3, a3 3), course floor 7; group A+B by ECTS 12/6,
    # threshold 10, unit floor 8. a2 = a3 = 9; B = 12 (validated). On its own A needs
    # 6x + 27 + 27 >= 120: x >= 11. By compensation: (12·A + 6·12) / 18 >= 10 gives
    # A >= 9 (above the unit floor 8), so 6x + 54 >= 108: x >= 9 (above the course floor 7).
    grades = {"a2": 9, "a3": 9, "b1": 12, "b2": 12}
    found = judge("m2-fictional-coefficients", grades).minimums_for("ue-a")

    assert (found.session, found.uniform.status, found.uniform.value) == (1, "needed", 9)
    assert found.uniform.route == "compensation"
    assert judge("m2-fictional-coefficients", {**grades, "a1": 9}).unit("ue-a").code == "CMP"
    below = judge("m2-fictional-coefficients", {**grades, "a1": 8.99}).unit("ue-a")
    assert below.code is None  # failed alone, not compensated: session 2 to come
    assert below.retakes == ("a1", "a2", "a3")


def test_a_unit_any_sat_grade_validates_by_compensation_is_not_told_it_needs_10():
    # Group D+E, weights 1/1, threshold 10, no unit floor. D = 2 best of (20, 20, 20) = 20.
    # E = (10 + x) / 2 needs x >= 10 on its own; by compensation (20 + E) / 2 >= 10 holds
    # for any E >= 0: any grade, as long as e2 is sat (an absence leaves E without a mean).
    grades = {"d1": 20, "d2": 20, "d3": 20, "e1": 10}
    found = judge("m2-fictional-coefficients", grades).minimums_for("ue-e")

    assert (found.uniform.status, found.uniform.route) == ("any_grade", "compensation")
    assert judge("m2-fictional-coefficients", {**grades, "e2": 0}).unit("ue-e").code == "CMP"
    absent = judge("m2-fictional-coefficients", {**grades, "e2": None}).unit("ue-e")
    assert absent.code is None  # not compensated: retaken in session 2


# --- A failed unit waiting on another unit's retake (tests/programmes/m2-fictional-retake.yaml)


RETAKE = {"p1": 4, "q1": 6, "q2": 8, "r1": 12, "r2": 12}


def test_a_failed_unit_without_session_2_passes_its_need_on_to_the_retake_it_waits_for():
    # One group P+Q+R by ECTS 6/6/12, threshold 10, unit floor 3. P (one grade, no session
    # 2) fails at 4 for good; Q fails session 1 at 7; R = 12. Session 1's group mean
    # (6·4 + 6·7 + 12·12) / 24 = 8.75: nobody compensated, Q retakes q1 and q2. Q alone
    # needs x >= 10; P is compensated once (24 + 6x + 144) / 24 >= 10: x >= 12.
    found = judge("m2-fictional-retake", RETAKE).minimums_for("ue-q")

    assert (found.session, found.uniform.status, found.uniform.value) == (2, "needed", 12)
    assert found.uniform.route == "group"
    assert found.uniform.for_units == ("ue-p",)
    # One retake alone cannot save P (x / 2 would have to reach 12: x = 24), but it can
    # still validate Q on its own: x / 2 >= 10, so 20.
    assert [(m.value, m.route, m.for_units) for m in found.per_course] == [(20, "own", ())] * 2

    programme = fictional("m2-fictional-retake")
    assert route_text(found.uniform, "at least 12", programme, "en") == (
        "at least 12, so that UE P (one grade, no session 2) is validated by compensation too"
    )
    assert route_text(found.uniform, "au moins 12", programme, "fr") == (
        "au moins 12, pour que UE P (one grade, no session 2) soit aussi validée par compensation"
    )

    at_12 = judge("m2-fictional-retake", RETAKE, {"q1": 12, "q2": 12})
    assert [u.code for u in at_12.units] == ["CMP", "ADM", "ADM"]
    assert at_12.year.validated is True
    below = judge("m2-fictional-retake", RETAKE, {"q1": 11.99, "q2": 11.99})
    assert [u.code for u in below.units] == ["AJ", "ADM", "ADM"]
    assert below.year.validated is False


@pytest.mark.parametrize(("r", "value", "route"), [(14, 8, "compensation"), (13, 10, "own")])
def test_a_retake_that_saves_the_waiting_unit_anyway_keeps_its_minimum_and_names_the_unit(
    r, value, route
):
    # R = r, with session 1's group mean (24 + 42 + 12r) / 24 below 10 (r < 14.5). P and Q
    # share the group's condition 24 + 6x + 12r >= 240. r = 14: x >= 8, below Q's own 10:
    # Q is validated by compensation at 8, and P with it. r = 13: x >= 10, Q's own need.
    grades = {**RETAKE, "r1": r, "r2": r}
    found = judge("m2-fictional-retake", grades).minimums_for("ue-q")

    assert (found.uniform.value, found.uniform.route) == (value, route)
    assert found.uniform.for_units == ("ue-p",)
