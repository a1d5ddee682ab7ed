"""Invariants checked with hypothesis: monotone verdicts, retakes, totals, scenario forms,
solver minimums and decoders that fail only with ScenarioError."""

from __future__ import annotations

import base64
import json
import zlib
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import load_programme_file
from planner.evaluation import evaluate, to_contract
from planner.scenario import Parameters, Scenario, ScenarioError
from tests.unit.support import (
    FUNDAMENTALS,
    IM,
    MDS_APPLIQUEES,
    MDS_METIERS,
    MDS_MODELISATION,
    MDS_NUMERIQUE,
    MISE_A_NIVEAU,
    MISSING,
    SL,
    SPECIALISATION,
    STAGE,
    programme,
    run,
)

PROGRAMMES = Path(__file__).resolve().parents[1] / "programmes"
# Each example evaluates whole plans (a few ms each): few examples keep the suite fast.
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHEAP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RANK = {False: 0, None: 1, True: 2}
IM_COMMON = ("fi-management-assessment", "fi-ppr-pfe-assessment", "fi-stage-assessment")
IM_FA_COMMON = (
    "fa-ppr-alternance-1-assessment",
    "fa-management-assessment",
    "fa-ppr-alternance-2-assessment",
)


def grade(scale: int) -> st.SearchStrategy[float]:
    """A grade as students write them (two decimals), or any float on the scale."""
    return st.one_of(
        st.integers(0, scale * 100).map(lambda n: n / 100),
        st.floats(0, scale, allow_nan=False, allow_infinity=False),
    )


def cell(scale: int) -> st.SearchStrategy[object]:
    return st.one_of(grade(scale), st.none(), st.just(MISSING))


def known(values: dict) -> dict:
    return {c: g for c, g in values.items() if g is not MISSING}


@st.composite
def sl_plans(draw: st.DrawFn) -> dict:
    chosen = tuple(
        draw(st.lists(st.sampled_from(SPECIALISATION), min_size=4, max_size=6, unique=True))
    )
    courses = (*FUNDAMENTALS, *chosen, STAGE)
    cells = {c: draw(cell(100)) for c in courses}
    cells.update(
        {
            c: draw(st.one_of(grade(100), st.none()))
            for c in draw(st.sets(st.sampled_from(MISE_A_NIVEAU)))
        }
    )
    retakeable = (*FUNDAMENTALS, *chosen)
    second = draw(
        st.dictionaries(st.sampled_from(retakeable), st.one_of(grade(100), st.none()), max_size=5)
    )
    policy = draw(st.sampled_from(["replace", "keep_best"]))
    return {
        "programme": SL,
        "choices": chosen,
        "cells": cells,
        "session2_grades": second,
        "parameters": {"session2_policy": policy},
    }


@st.composite
def im_plans(draw: st.DrawFn) -> dict:
    chosen = (
        *draw(st.lists(st.sampled_from(MDS_MODELISATION), min_size=2, max_size=2, unique=True)),
        draw(st.sampled_from(MDS_APPLIQUEES)),
    )
    courses = (*IM_COMMON, *chosen, *MDS_NUMERIQUE, *MDS_METIERS)
    cells = {c: draw(cell(20)) for c in courses}
    second = draw(
        st.dictionaries(st.sampled_from(courses), st.one_of(grade(20), st.none()), max_size=4)
    )
    policy = draw(st.sampled_from(["replace", "keep_best"]))
    return {
        "programme": IM,
        "track": "fi",
        "option": "mds",
        "choices": chosen,
        "cells": cells,
        "session2_grades": second,
        "parameters": {"session2_policy": policy},
    }


plans = st.one_of(sl_plans(), im_plans())


def evaluate_plan(plan: dict, cells: dict | None = None, second: dict | None = None):
    fields = {k: v for k, v in plan.items() if k not in {"programme", "cells", "session2_grades"}}
    fields["grades"] = known(plan["cells"] if cells is None else cells)
    fields["session2_grades"] = plan["session2_grades"] if second is None else second
    return run(plan["programme"], **fields)


def scale_of(plan: dict) -> int:
    return 100 if plan["programme"] == SL else 20


# --- Monotone verdicts --------------------------------------------------------------------


@FAST
@given(plan=plans, data=st.data())
def test_raising_a_session_1_grade_never_worsens_a_verdict_nor_adds_a_retake(plan, data):
    graded = [c for c, g in plan["cells"].items() if g is not MISSING]
    if not graded:
        return
    course = data.draw(st.sampled_from(graded))
    old = plan["cells"][course]
    low = 0 if old is None else old
    new = data.draw(st.floats(low, scale_of(plan), allow_nan=False))
    before = evaluate_plan(plan)
    after = evaluate_plan(plan, cells={**plan["cells"], course: new})

    for b, a in zip(before.units, after.units, strict=True):
        assert RANK[a.session1.validated] >= RANK[b.session1.validated], a.unit
        assert set(a.retakes) <= set(b.retakes), a.unit


@FAST
@given(plan=plans, data=st.data())
def test_raising_a_session_2_grade_never_worsens_the_session_2_verdict(plan, data):
    second = plan["session2_grades"]
    if not second:
        return
    course = data.draw(st.sampled_from(sorted(second)))
    old = second[course]
    new = data.draw(st.floats(0 if old is None else old, scale_of(plan), allow_nan=False))
    before = evaluate_plan(plan)
    after = evaluate_plan(plan, second={**second, course: new})

    for b, a in zip(before.units, after.units, strict=True):
        if b.session2 is not None:
            assert RANK[a.session2.validated] >= RANK[b.session2.validated], a.unit


@FAST
@given(plan=plans, data=st.data())
def test_a_certain_verdict_holds_whatever_an_unknown_grade_turns_out_to_be(plan, data):
    unknown = [c for c, g in plan["cells"].items() if g is MISSING]
    if not unknown:
        return
    course = data.draw(st.sampled_from(unknown))
    # An exam not sat yet can still be missed: an absence is one of its outcomes.
    value = data.draw(st.one_of(grade(scale_of(plan)), st.none()))
    before = evaluate_plan(plan)
    after = evaluate_plan(plan, cells={**plan["cells"], course: value})

    for b, a in zip(before.units, after.units, strict=True):
        if b.session1.validated is not None:
            assert a.session1.validated is b.session1.validated, a.unit


@FAST
@given(plan=plans)
def test_an_unsat_exam_never_yields_a_validated_verdict_that_its_absence_would_fail(plan):
    unknown = [c for c, g in plan["cells"].items() if g is MISSING]
    before = evaluate_plan(plan)
    after = evaluate_plan(plan, cells={**plan["cells"], **dict.fromkeys(unknown)})

    for b, a in zip(before.units, after.units, strict=True):
        if b.session1.validated is True:
            assert a.session1.validated is True, a.unit
    if before.year.validated is True:
        assert after.year.validated is True


@FAST
@given(plan=plans)
def test_a_justified_absence_judges_as_an_absence_where_the_file_does_not_say(plan):
    # The shipped files do not say what a justified absence (ABJ) means: it is an absence,
    # in both sessions, with the same verdicts, retakes and minimums.
    justified = {c: "ABJ" if g is None else g for c, g in plan["cells"].items()}
    second = {c: "ABJ" if g is None else g for c, g in plan["session2_grades"].items()}
    absent = evaluate_plan(plan)
    after = evaluate_plan(plan, cells=justified, second=second)

    for a, j in zip(absent.units, after.units, strict=True):
        assert (j.session1, j.session2, j.retakes, j.code) == (
            a.session1,
            a.session2,
            a.retakes,
            a.code,
        )
    assert after.minimums == absent.minimums
    assert after.year == absent.year


@FAST
@given(plan=plans)
def test_a_course_at_or_above_the_threshold_is_never_retaken(plan):
    evaluation = evaluate_plan(plan)
    grades = evaluation.scenario.grades

    for unit in evaluation.units:
        assert set(unit.retakes) <= set(unit.enrolled)
        if unit.session1.validated is not False:
            assert unit.retakes == ()
        for course in unit.retakes:
            assert course in grades
            assert grades[course] is None or grades[course] < unit.rule.threshold


# --- Totals -------------------------------------------------------------------------------


@st.composite
def im_totals_plans(draw: st.DrawFn) -> dict:
    im = programme(IM)
    track = draw(st.sampled_from([t.id for t in im.tracks]))
    option = draw(st.sampled_from([o.id for o in im.options]))
    choosable = sorted({c for u in im.units if u.choose for c in u.courses})
    choices = draw(st.lists(st.sampled_from(choosable), max_size=6, unique=True))
    return {"programme": IM, "track": track, "option": option, "choices": tuple(choices)}


@FAST
@given(fields=st.one_of(im_totals_plans(), st.just({"programme": SL})))
def test_totals_are_the_sums_of_their_per_unit_parts(fields):
    fields = dict(fields)
    evaluation = run(fields.pop("programme"), **fields)
    totals = evaluation.totals

    for field in ("ects", "lecture_hours", "tutorial_hours"):
        # The year's ECTS are the graded units'; bonus units and activities carry none.
        counted = [u for u in totals.units if field != "ects" or u.kind == "graded"]
        parts = [getattr(u, field) for u in counted]
        values = [p.value for p in parts if p.value is not None]
        total = getattr(totals, field)
        if values:
            assert total.value == pytest.approx(sum(values))
        else:
            assert total.value is None
        # A part with no value is missing as a whole (its unit id); a partial one brings
        # the ids it misses.
        missing = [
            m
            for u, p in zip(counted, parts, strict=True)
            for m in ((u.unit,) if p.value is None else p.missing)
        ]
        assert list(total.missing) == list(dict.fromkeys(missing))
        semesters = [amounts for _, amounts in totals.semesters]
        index = ("ects", "lecture_hours", "tutorial_hours").index(field)
        by_semester = [s[index].value for s in semesters if s[index].value is not None]
        assert sum(by_semester) == pytest.approx(sum(values))
    incomplete = {
        u.unit
        for u in totals.units
        if u.ects.missing or u.lecture_hours.missing or u.tutorial_hours.missing
    }
    assert set(totals.incomplete) == incomplete
    assert to_contract(evaluation)["totals"]["incomplete"] == list(totals.incomplete)


# --- Scenario forms -----------------------------------------------------------------------

ids = st.text(min_size=1, max_size=20)
any_grade = st.one_of(
    st.none(),
    st.just("ABJ"),  # a justified absence
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**6), 10**6),
)
scenarios = st.builds(
    Scenario,
    programme=st.text(min_size=1, max_size=30),
    track=st.one_of(st.none(), st.text(max_size=20)),
    option=st.one_of(st.none(), st.text(max_size=20)),
    choices=st.lists(ids, max_size=8).map(tuple),
    grades=st.dictionaries(ids, any_grade, max_size=8),
    session2_grades=st.dictionaries(ids, any_grade, max_size=8),
    parameters=st.builds(
        Parameters,
        bonus_rate=st.one_of(st.none(), st.floats(0, 1)),
        session2_policy=st.sampled_from([None, "replace", "keep_best"]),
    ),
)


@CHEAP
@given(scenario=scenarios)
def test_the_json_form_round_trips(scenario):
    assert Scenario.from_json(scenario.to_json()) == scenario
    assert Scenario.from_json(scenario.to_json(indent=None).encode("utf-8")) == scenario


@CHEAP
@given(scenario=scenarios)
def test_the_url_form_round_trips(scenario):
    token = scenario.to_url()

    assert token.startswith("v1.")
    assert all(ch.isalnum() or ch in "-_." for ch in token)
    assert Scenario.from_url(token) == scenario


# --- Solver -------------------------------------------------------------------------------


def _plug(plan: dict, evaluation, unit_id: str, value: float):
    """Set every course of the uniform minimum to `value`, in the deciding session."""
    found = evaluation.minimums_for(unit_id)
    if found.session == 1:
        cells = {**plan["cells"], **dict.fromkeys(found.uniform.courses, value)}
        unit = evaluate_plan(plan, cells=cells).unit(unit_id)
        return unit.session1.validated
    second = {**plan["session2_grades"], **dict.fromkeys(found.uniform.courses, value)}
    unit = evaluate_plan(plan, second=second).unit(unit_id)
    return unit.session2.validated


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans)
def test_the_uniform_minimum_validates_and_001_less_does_not(plan):
    evaluation = evaluate_plan(plan)

    for found in evaluation.minimums:
        uniform = found.uniform
        if uniform.status != "needed":
            continue
        assert 0 < uniform.value <= scale_of(plan)
        assert uniform.value <= uniform.rounded_up < uniform.value + 0.01
        assert _plug(plan, evaluation, found.unit, uniform.value) is True
        assert _plug(plan, evaluation, found.unit, max(0.0, uniform.value - 0.01)) is not True
        # rounded_up is the lowest grade of two decimals that validates.
        assert _plug(plan, evaluation, found.unit, uniform.rounded_up) is True
        if uniform.rounded_up >= 0.01:
            lower = round(uniform.rounded_up - 0.01, 2)
            assert _plug(plan, evaluation, found.unit, lower) is not True


@FAST
@given(plan=plans)
def test_a_pending_unit_always_gets_a_reachable_uniform_minimum(plan):
    evaluation = evaluate_plan(plan)

    pending = {u.unit for u in evaluation.units if u.choice_valid and u.final.validated is None}
    assert {m.unit for m in evaluation.minimums} == pending
    for found in evaluation.minimums:
        # any_grade: validated once sat whatever the grade (pending only because an
        # absence would fail it)
        assert found.uniform.status in ("needed", "any_grade")
        if found.uniform.status == "any_grade":
            verdict = evaluation.unit(found.unit).final
            assert verdict.message.code.startswith("validated_once_sat")


GROUP_COURSES = {
    "m2-fictional-coefficients": ("a1", "a2", "a3", "b1", "b2", "c1", "d1", "d2", "d3", "e1", "e2"),
    "m2-fictional-retake": ("p1", "q1", "q2", "r1", "r2"),
    "m2-fictional-min-ects": ("a1", "a2", "b1", "c1", "d1", "e1", "e2"),
    # Bonus points (counted, shown, on a group's mean), their sources drawn like any grade.
    "m2-fictional-bonus": ("a1", "a2", "b1", "c1", "d1", "sport", "langue", "engagement"),
}


@st.composite
def group_plans(draw: st.DrawFn) -> dict:
    """Plans whose units compensate: M2 IM under the chosen rules "units compensate within
    the year, no unit below 7/20", and the fictional programmes' published groups. Grades
    mostly known and near the threshold, where compensation decides."""
    kind = draw(st.sampled_from(["m2-im-2025", *GROUP_COURSES]))
    near = st.integers(0, 80).map(lambda n: n / 4)
    # Known, or else an absence or not known yet; M2 IM's 14 grades mostly passing (they
    # shrink to 12), so that a failed unit can be compensated.
    outcome = st.one_of(near, near, near, near, near, near, st.sampled_from([None, MISSING]))
    if kind == IM:
        outcome = st.sampled_from([12, 13, 11, 14, 10, 9.5, 8, 7, 6.5, 5, 16, 18])
    plan: dict = {"programme": kind}
    if kind == IM:
        chosen = (
            *draw(st.lists(st.sampled_from(MDS_MODELISATION), min_size=2, max_size=2, unique=True)),
            draw(st.sampled_from(MDS_APPLIQUEES)),
        )
        track = draw(st.sampled_from(["fa", "fi"]))
        common = IM_COMMON if track == "fi" else IM_FA_COMMON
        courses = (*common, *chosen, *MDS_NUMERIQUE, *MDS_METIERS)
        plan.update(track=track, option="mds", choices=chosen)
    else:
        courses = GROUP_COURSES[kind]
    plan["cells"] = {c: draw(outcome) for c in courses}
    # A few courses not known yet or missed, so that the others' means are known more often.
    unknown = draw(st.sets(st.sampled_from(courses), max_size=2))
    absent = draw(st.sets(st.sampled_from(courses), max_size=1))
    plan["cells"] = {
        c: (MISSING if c in unknown else None if c in absent else g)
        for c, g in plan["cells"].items()
    }
    plan["session2_grades"] = draw(
        st.dictionaries(st.sampled_from(courses), st.one_of(near, st.none()), max_size=3)
    )
    policy = draw(st.sampled_from(["replace", "keep_best"]))
    plan["parameters"] = {"session2_policy": policy}
    if kind == IM:
        plan["parameters"]["rules_preset"] = "year-compensation-by-ects"
    return plan


@cache
def fictional(programme_id: str):
    return load_programme_file(PROGRAMMES / f"{programme_id}.yaml")


def evaluate_group_plan(
    plan: dict, session: int = 1, plugged: dict | None = None, unit: tuple = ()
):
    cells, second = dict(plan["cells"]), dict(plan["session2_grades"])
    if session == 1:
        # A minimum in session 1 is one without the unit's session 2: leave the session-2
        # grades of the unit's courses out (entered before their session-1 grade).
        cells.update(plugged or {})
        second = {c: g for c, g in second.items() if c not in unit}
    else:
        second.update(plugged or {})
    if plan["programme"] in (SL, IM):
        return evaluate_plan(plan, cells=cells, second=second)
    programme = fictional(plan["programme"])
    scenario = Scenario(
        programme=programme.id,
        grades=known(cells),
        session2_grades=second,
        parameters=plan["parameters"],
    )
    return evaluate(programme, scenario)


def _plugged(plan: dict, found, minimum, value: float, enrolled: tuple):
    """The plan with `value` in each course of the minimum (the unit's other unknown
    grades at 0), in the minimum's session."""
    plugged = {**dict.fromkeys(found.uniform.courses, 0.0), **dict.fromkeys(minimum.courses, value)}
    return evaluate_group_plan(plan, found.session, plugged, enrolled)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=group_plans())
def test_under_compensation_the_minimum_validates_and_one_hundredth_less_does_not(plan):
    evaluation = evaluate_group_plan(plan)
    assert evaluation.rules.groups

    for found in evaluation.minimums:
        enrolled = evaluation.unit(found.unit).enrolled

        def _reached(plan, found, minimum, value, enrolled=enrolled) -> bool:
            """Whether `value` validates the unit, on its own or by compensation, and
            compensates every unit the minimum names."""
            units = _plugged(plan, found, minimum, value, enrolled).units
            codes = {u.unit: u.code for u in units}
            validated = next(u for u in units if u.unit == found.unit).validated is True
            return validated and all(codes[u] == "CMP" for u in minimum.for_units)

        for minimum in (found.uniform, *found.per_course):
            if minimum.status == "any_grade":
                assert _reached(plan, found, minimum, 0.0), minimum
            if minimum.status != "needed":
                continue
            assert _reached(plan, found, minimum, minimum.value), minimum
            assert not _reached(plan, found, minimum, max(0.0, minimum.value - 0.01)), minimum
            # The grade as written (rounded up to the hundredth) is the lowest that reaches.
            assert _reached(plan, found, minimum, minimum.rounded_up), minimum
            lower = round(minimum.rounded_up - 0.01, 2)
            if lower >= 0:
                assert not _reached(plan, found, minimum, lower), minimum
            if minimum.route == "own":  # validated on its own grades
                own = _plugged(plan, found, minimum, minimum.value, enrolled).unit(found.unit)
                assert own.final.validated is True, minimum


# --- Decoders -----------------------------------------------------------------------------


def _decodes_or_refuses(decode, payload) -> None:
    try:
        result = decode(payload)
    except ScenarioError as error:
        assert str(error)
        assert "\n" not in str(error)
    else:
        assert isinstance(result, Scenario)


def _containers(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    )


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
    ),
    _containers,
    max_leaves=12,
)
scenario_keys = st.sampled_from(
    [
        "format",
        "version",
        "programme",
        "track",
        "option",
        "choices",
        "grades",
        "session2_grades",
        "parameters",
        "extra",
    ]
)
json_objects = st.dictionaries(scenario_keys, json_values, max_size=6)


@CHEAP
@given(payload=st.one_of(st.text(), st.binary()))
def test_from_json_raises_only_scenario_error_on_any_text_or_bytes(payload):
    _decodes_or_refuses(Scenario.from_json, payload)


@CHEAP
@given(data=json_objects)
def test_from_json_raises_only_scenario_error_on_any_json_object(data):
    _decodes_or_refuses(Scenario.from_json, json.dumps(data))


@CHEAP
@given(token=st.one_of(st.text(), st.text().map(lambda t: "v1." + t)))
def test_from_url_raises_only_scenario_error_on_any_text(token):
    _decodes_or_refuses(Scenario.from_url, token)


def _pack(raw: bytes) -> str:
    return "v1." + base64.urlsafe_b64encode(zlib.compress(raw)).decode("ascii").rstrip("=")


@CHEAP
@given(raw=st.one_of(st.binary(), json_objects.map(lambda d: json.dumps(d).encode("utf-8"))))
def test_from_url_raises_only_scenario_error_on_any_packed_payload(raw):
    _decodes_or_refuses(Scenario.from_url, _pack(raw))


@FAST
@given(
    grades=st.dictionaries(
        st.sampled_from((*FUNDAMENTALS, STAGE, "not-a-course")),
        st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
        max_size=4,
    ),
    track=st.sampled_from([None, "fi"]),
)
def test_evaluation_refuses_bad_scenarios_only_with_scenario_error(grades, track):
    try:
        evaluation = run(grades=grades, track=track)
    except ScenarioError as error:
        assert "\n" not in str(error)
    else:
        assert all(0 <= g <= 100 for g in grades.values() if g is not None)
        assert evaluation.year.validated in (True, False, None)


@pytest.mark.parametrize(
    "payload",
    [
        # Regressions: a 5000-digit integer made json.loads raise a plain ValueError (int
        # digit limit); a 400-digit one made math.isfinite raise OverflowError.
        '{"programme": "x", "grades": {"a": ' + "1" * 5000 + "}}",
        '{"programme": "x", "grades": {"a": ' + "1" * 400 + "}}",
        '{"programme": "x", "session2_grades": {"a": -' + "9" * 400 + "}}",
        '{"programme": "x", "grades": {"a": 1e400}}',
        '{"programme": "x", "grades": {"a": NaN}}',
        '{"programme": "x", "grades": {"a": -Infinity}}',
        '{"programme": "x", "choices": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"programme": "x", "parameters": {"bonus_rate": ' + "1" * 400 + "}}",
    ],
)
def test_from_json_refuses_hostile_numbers_with_scenario_error(payload):
    with pytest.raises(ScenarioError):
        Scenario.from_json(payload)


def test_from_url_refuses_a_huge_integer_grade_with_scenario_error():
    # Regression: the 400-digit grade escaped as OverflowError through the URL form too.
    token = _pack(b'{"programme": "x", "grades": {"a": ' + b"1" * 400 + b"}}")

    with pytest.raises(ScenarioError):
        Scenario.from_url(token)
