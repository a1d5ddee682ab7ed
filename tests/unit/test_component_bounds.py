"""A course graded by components with only some of them known: its grade is bounded by
them (planner.rules.components.bounds), and every verdict, range and minimum honours the
bounds; a verdict waiting on it names the component to sit.

The fictional programme (tests/programmes/m2-fictional-components.yaml), grades /20, every
unit a mean with threshold 10: UE A is Statistics (CC 0.4 kept in session 2, exam 0.6
retaken) and English; UE B Probability (CC 0.4 kept, exam 0.6, `best_of`); UE C Economics
(project 1, exam 1, both retaken, `sessions_mix` 0.7).

Hand-computed:
- (a) CC 0, exam not sat, English 0: Statistics is between 0.4·0 + 0.6·0 = 0 and
  0.6·20 = 12, so the mean is at most (12 + 0) / 2 = 6 < 10: certainly failed in session 1
  (it was pending, while its minimum said « even full marks are not enough »).
- (b) CC 14, exam 5, English 9: 8.6 and 9, mean 8.8 < 10. In session 2, English 9.5 and
  the exam not sat: Statistics is 5.6 + 0.6·exam2, between 5.6 and 17.6; the mean between
  (5.6 + 9.5) / 2 = 7.55 and (17.6 + 9.5) / 2 = 13.55 (it read 4.75–14.75, the whole scale).
  Under keep_best a miss keeps 8.6: between (8.6 + 9.5) / 2 = 9.05 and 13.55.
- CC not known, exam 0, English 0: failed (at most (0.4·20 + 0) / 2 = 4); in session 2 with
  English 11, Statistics may be retaken (anything from 0 to 20): between 5.5 and 15.5.
- (c) CC 20, English 20, exam not sat: Statistics at least 8, the mean at least
  (8 + 20) / 2 = 14 ≥ 10 once the exam is sat; a missed exam leaves no grade, so it is
  pending and names the exam. Where an absence is graded 0, it is validated already.
- best_of, CC 4, exam 6 (5.2): session 2 max(exam2, 1.6 + 0.6·exam2) is between 1.6 and 20.
- sessions_mix, project 8, exam 6 (7): session 2 project 12, exam2 not sat: (12 + exam2) / 2
  between 6 and 16; the course 0.7·that + 0.3·7, between 6.3 and 13.3. With project 0
  instead: between 0.7·0 + 2.1 = 2.1 and 0.7·10 + 2.1 = 9.1 < 10: certainly AJ.
- The solver, CC 0, exam and English not sat: English alone needs 20 (Statistics at 0),
  Statistics alone cannot (at most 12 < 20); the same grade on both, 10.
- The solver (UE A at threshold 14), CC 0, exam and English not sat: Statistics reaches at
  most 12, so the same grade x on both needs min(x, 12) + x ≥ 28: x = 16 (14 would take
  Statistics to 14, which it cannot reach); alone, either course is out of reach.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import parse_programme
from planner.odds import simulate
from planner.outputs.cli import main
from planner.rules.components import Bounds, bounds
from planner.rules.grid import Unknown
from planner.scenario import Scenario
from tests.unit.support import judge_file as judge
from tests.unit.test_components import PROGRAMME_FILE, components, raw


def test_a_unit_its_known_components_fail_is_certainly_failed():
    result = judge(components(), {"stats/cc": 0, "english": 0}).unit("ue-a")
    assert result.session1.validated is False
    assert result.session1.mean_max == 6
    assert result.session1.explanation() == (
        "Cannot be validated even with full marks in Exam of Statistics: the mean is at most "
        "6 < 10. Retake English (0). Statistics will be retaken if below 10."
    )
    assert result.retakes == ("english",)
    assert result.retakes_if_below == ("stats",)


def test_the_range_of_a_pending_mean_is_what_the_components_allow():
    grades = {"stats/cc": 14, "stats/exam": 5, "english": 9}
    second = judge(components(), grades, {"english": 9.5}).unit("ue-a").session2
    assert second.validated is None
    assert (second.mean_min, second.mean_max) == (pytest.approx(7.55), pytest.approx(13.55))
    assert second.explanation() == (
        "Depends on Exam of Statistics: the mean will be between 7.55 and 13.55 once sat "
        "(threshold 10)."
    )
    assert second.explanation("fr") == (
        "Dépend de la note d'Exam — Statistics : la moyenne sera entre 7,55 et 13,55 une fois "
        "l'épreuve passée (seuil 10)."
    )


def test_keep_best_keeps_the_first_grade_as_the_floor():
    grades = {"stats/cc": 14, "stats/exam": 5, "english": 9}
    evaluation = judge(components(), grades, {"english": 9.5}, session2_policy="keep_best")
    second = evaluation.unit("ue-a").session2
    assert (second.mean_min, second.mean_max) == (pytest.approx(9.05), pytest.approx(13.55))


def test_a_course_not_known_in_session_1_may_still_be_retaken_in_session_2():
    # CC not known, exam 0, English 0: Statistics between 0 and 0.4·20 = 8, the mean at
    # most 4: failed. In session 2 (English 11) Statistics is kept if it reaches 10 (it
    # cannot) or retaken: 0.4 CC + 0.6 exam2, anything from 0 to 20, so the mean is
    # between (0 + 11) / 2 = 5.5 and (20 + 11) / 2 = 15.5, not at most (8 + 11) / 2 = 9.5.
    result = judge(components(), {"stats/exam": 0, "english": 0}, {"english": 11}).unit("ue-a")
    assert (result.session1.validated, result.session1.mean_max) == (False, 4)
    assert result.session2.validated is None
    assert (result.session2.mean_min, result.session2.mean_max) == (5.5, 15.5)


def test_the_verdict_names_the_component_to_sit():
    first = judge(components(), {"stats/cc": 20, "english": 20}).unit("ue-a").session1
    assert first.validated is None
    assert first.explanation() == (
        "Validated as soon as you sit Exam of Statistics, whatever the grade: the mean will "
        "be at least 14 ≥ 10. Missing it would fail the unit."
    )
    assert first.explanation("fr").startswith(
        "Validée dès que vous passez l'épreuve d'Exam — Statistics, quelle que soit la note"
    )


def test_the_cli_and_the_contract_read_the_bounds(tmp_path, capsys):
    scenario = Scenario(programme=components().id, grades={"stats/cc": 0, "english": 0})
    path = tmp_path / "plan.json"
    path.write_text(scenario.to_json(), encoding="utf-8")
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / PROGRAMME_FILE.name).write_text(PROGRAMME_FILE.read_text(encoding="utf-8"))
    assert main(["--catalogue", str(folder), "evaluate", str(path), "--json"]) == 0
    unit = json.loads(capsys.readouterr().out)["units"][0]
    assert (unit["session1"]["validated"], unit["session1"]["mean_max"]) == (False, 6)
    assert unit["session1"]["explanation"].startswith(
        "Cannot be validated even with full marks in Exam of Statistics"
    )
    # Session 2: Statistics 0.4·0 + 0.6·exam2, from 0 to 12, and English: the same grade x
    # on both needs min(x, 12) + x ≥ 20, x = 10; Statistics alone is out of reach.
    minimum = unit["minimum"]
    assert (minimum["session"], minimum["uniform"]["value"]) == (2, 10)
    assert [m["status"] for m in minimum["per_course"]] == ["impossible", "needed"]


def test_where_an_absence_is_graded_zero_the_known_components_validate_already():
    data = raw()
    data["rules"]["absence"] = "zero"
    first = judge(parse_programme(data), {"stats/cc": 20, "english": 20}).unit("ue-a").session1
    assert first.validated is True
    assert first.explanation() == (
        "Validated whatever Exam of Statistics gives, even if missed: the mean is at least 14 ≥ 10."
    )


def test_best_of_and_a_mix_of_sessions_bound_session_2():
    second = judge(components(), {"proba/cc": 4, "proba/exam": 6}).unit("ue-b").session2
    assert (second.mean_min, second.mean_max) == (pytest.approx(1.6), 20)
    first = {"econ/project": 8, "econ/exam": 6}
    mix = judge(components(), first, {"econ/project": 12}).unit("ue-c").session2
    assert mix.validated is None
    assert (mix.mean_min, mix.mean_max) == (pytest.approx(6.3), pytest.approx(13.3))
    assert mix.explanation().startswith("Depends on Exam of Economics:")
    failed = judge(components(), first, {"econ/project": 0}).unit("ue-c")
    assert failed.session2.mean_max == pytest.approx(9.1)
    assert failed.code == "AJ"


def test_the_minimum_never_lifts_a_course_above_what_its_components_allow():
    data = raw()
    data["rules"]["units"][0]["threshold"] = 14
    evaluation = judge(parse_programme(data), {"stats/cc": 0})
    minimums = evaluation.minimums_for("ue-a")
    assert (minimums.uniform.status, minimums.uniform.value) == ("needed", 16)
    assert [m.status for m in minimums.per_course] == ["impossible", "impossible"]


def test_each_course_alone_is_solved_within_its_own_ceiling():
    # CC 0, exam and English not sat, threshold 10. English alone (Statistics at its floor
    # 0) needs 20; Statistics alone (English at 0) would need 20 but reaches at most 12:
    # out of reach. The same floor and weight, not the same ceiling: not the same answer.
    minimums = judge(components(), {"stats/cc": 0}).minimums_for("ue-a")
    assert [(m.courses, m.status, m.value) for m in minimums.per_course] == [
        (("stats",), "impossible", None),
        (("english",), "needed", 20),
    ]
    assert (minimums.uniform.status, minimums.uniform.value) == ("needed", 10)


def test_under_compensation_each_course_alone_is_solved_within_its_own_ceiling():
    # The same, the three units compensating by ECTS (UE B 4, UE C 8, both without a
    # session 2, waiting on UE A): UE A's minimums are still its own, each course's within
    # its ceiling (the minimums by compensation were keyed by floor and weight too).
    data = raw()
    data["rules"]["compensation"] = [
        {"units": ["ue-a", "ue-b", "ue-c"], "weights": "ects", "threshold": 10}
        | {"status": "published"}
    ]
    for rule in data["rules"]["units"][1:]:
        rule["session2"] = False
    others = {"proba/cc": 4, "proba/exam": 4, "econ/project": 8, "econ/exam": 8}
    evaluation = judge(parse_programme(data), {"stats/cc": 0, **others})
    assert evaluation.unit("ue-b").compensation.validated is None
    minimums = evaluation.minimums_for("ue-a")
    assert [(m.courses, m.status, m.value) for m in minimums.per_course] == [
        (("stats",), "impossible", None),
        (("english",), "needed", 20),
    ]


def test_bounds_are_given_only_where_known_components_narrow_the_grade():
    found = bounds(components(), {"stats/cc": 14, "econ/project": 0, "econ/exam": 0}, {})
    # Statistics: 0.4·14 = 5.6 to 5.6 + 0.6·20 = 17.6, a missed exam an absence.
    stats = Unknown(floor=Fraction(28, 5), ceiling=Fraction(88, 5), missing=("Exam",))
    assert found.session1 == {"stats": stats}
    # Economics is known (0) in session 1; its session 2 is 0.7 × (project2 + exam2) / 2
    # + 0.3 × 0: from 0 to 0.7·20 = 14. Statistics' session 2 keeps the CC: as session 1.
    econ = Unknown(floor=Fraction(0), ceiling=Fraction(14), missing=("Project", "Exam"))
    assert found.session2 == {"stats": stats, "econ": econ}
    # The CC missing: from 0.6·20 = 12 to 20, naming the CC.
    cc = Unknown(floor=Fraction(12), ceiling=Fraction(20), missing=("Continuous assessment",))
    assert bounds(components(), {"stats/exam": 20}, {}).session1 == {"stats": cc}
    # No component known: nothing to bound, a course not known, as before.
    assert bounds(components(), {"english": 12}, {}) == Bounds()


def test_a_course_without_components_reads_as_before():
    result = judge(components(), {"english": 0}).unit("ue-a")
    assert result.session1.validated is None
    assert result.session1.explanation() == (
        "Depends on Statistics: the mean will be between 0 and 10 once sat (threshold 10)."
    )


# --- entering a component's grade never changes a certain verdict --------------------------

COMPONENTS = ("stats/cc", "stats/exam", "proba/cc", "proba/exam", "econ/project", "econ/exam")
RETAKEN = ("stats/exam", "proba/exam", "econ/project", "econ/exam", "english")
grade = st.one_of(st.integers(0, 20), st.none())  # None: an absence
maybe = st.one_of(st.just("missing"), grade)


def _entered(values: dict) -> dict:
    return {k: v for k, v in values.items() if v != "missing"}


def _certain(evaluation) -> dict:
    """Each unit's certain verdicts on its own: of session 1, and of session 2 where it is
    held whatever compensation decides (a session-1 compensation still undecided may yet
    spare the unit its session 2: its code says what is certain then)."""
    found = {}
    for r in evaluation.units:
        found[(r.unit, 1)] = r.session1.validated
        if r.session2 is not None and (r.compensation is None or r.code is not None):
            found[(r.unit, 2)] = r.session2.validated
    return {k: v for k, v in found.items() if v is not None}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.fixed_dictionaries({k: maybe for k in (*COMPONENTS, "english")}),
    second=st.fixed_dictionaries({k: maybe for k in RETAKEN}),
    policy=st.sampled_from(["replace", "keep_best"]),
    absence=st.sampled_from(["blocks", "zero"]),
    compensation=st.booleans(),
    data=st.data(),
)
def test_entering_a_components_grade_never_changes_a_certain_verdict(
    first, second, policy, absence, compensation, data
):
    raw_programme = raw()
    raw_programme["rules"]["absence"] = absence
    if compensation:  # the three units compensate, by ECTS (CMP)
        raw_programme["rules"]["compensation"] = [
            {"units": ["ue-a", "ue-b", "ue-c"], "weights": "ects", "threshold": 10}
            | {"status": "published"}
        ]
    programme = parse_programme(raw_programme)
    grades = _entered(first)
    # Session-2 grades of the courses certainly retaken only: one entered for a course
    # whose session-1 grade is not known says it was retaken, which a session-1 grade
    # entered later may contradict (a problem of the plan, for any course).
    retaken = {c for r in judge(programme, grades, {}).units for c in r.retakes}
    grades2 = {k: v for k, v in _entered(second).items() if k.partition("/")[0] in retaken}
    before = judge(programme, grades, grades2, session2_policy=policy)
    # The odds on the same grades (each missing component drawn) agree with every certain
    # verdict: of session 1, and the unit's code once it has one.
    odds = simulate(programme, before.scenario, {}, draws=64, evaluation=before)
    for (unit, session), validated in _certain(before).items():
        # (Under compensation the odds of session 1 count a unit compensated in it.)
        if session == 1 and not compensation:
            assert odds.unit(unit).validated == (1 if validated else 0), unit
    for r in before.units:
        if r.code is not None:
            final = 1 if r.code in ("ADM", "CMP") else 0
            assert odds.unit(r.unit).validated_after_session2 == final, r.unit
    missing = [(1, k) for k in COMPONENTS if k not in grades]
    missing += [
        (2, k) for k in RETAKEN if k not in grades2 and "/" in k and k.partition("/")[0] in retaken
    ]
    if not missing:
        return
    session, key = data.draw(st.sampled_from(missing))
    value = data.draw(grade)
    if session == 1:
        after = judge(programme, {**grades, key: value}, grades2, session2_policy=policy)
    else:
        after = judge(programme, grades, {**grades2, key: value}, session2_policy=policy)
    now = _certain(after)
    for judged, validated in _certain(before).items():
        assert now.get(judged) == validated, (judged, key, value)
    for r in before.units:
        if r.code is not None:
            assert after.unit(r.unit).code == r.code, (r.unit, key, value)
