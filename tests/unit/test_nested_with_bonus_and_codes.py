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

import copy
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import CatalogueError, Programme, parse_programme
from planner.evaluation import Evaluation, evaluate
from planner.odds import simulate
from planner.scenario import Scenario
from tests.unit.support import judge_file as judge

PROGRAMME_FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-nested.yaml"
COURSES = ("a1", "b1", "c1", "d1", "eng")
SOME = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _raw() -> dict:
    return yaml.safe_load(PROGRAMME_FILE.read_text(encoding="utf-8"))


def raw() -> dict:
    return copy.deepcopy(_raw())


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
