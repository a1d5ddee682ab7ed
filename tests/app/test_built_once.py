"""The plan, its chosen rules applied and its evaluation are built once per change of the
plan (ui.session.judged), whatever number of parts of a run draw from them: the Grades
page's fragments, the sidebar's share area, the browser's copy and the address bar."""

from __future__ import annotations

from collections import Counter

import planner.evaluation
import ui.session
from tests.app.test_pages import SL, WORKED_EXAMPLE, grades_page, ok, plan_of


def _counting(monkeypatch) -> Counter[str]:
    built: Counter[str] = Counter()
    scenario, evaluate = ui.session.scenario, planner.evaluation.evaluate
    apply = planner.evaluation.apply_parameters

    def counted_scenario(selection):
        built["scenario"] += 1
        return scenario(selection)

    def counted_evaluate(programme, plan, **applied):
        built["evaluate"] += 1
        return evaluate(programme, plan, **applied)

    def counted_apply(programme, *parameters):
        built["apply"] += 1
        return apply(programme, *parameters)

    monkeypatch.setattr(ui.session, "scenario", counted_scenario)
    monkeypatch.setattr(ui.session, "evaluate", counted_evaluate)
    # Both places that apply a plan's rules: the plan's own (Judged.applied) and the
    # evaluation's, when it is not handed them.
    monkeypatch.setattr(ui.session, "apply_parameters", counted_apply)
    monkeypatch.setattr(planner.evaluation, "apply_parameters", counted_apply)
    return built


def test_a_grades_run_builds_the_plan_once_and_a_run_that_changed_nothing_none(monkeypatch):
    built = _counting(monkeypatch)
    at = grades_page("en", WORKED_EXAMPLE)
    assert built == {"scenario": 1, "evaluate": 1, "apply": 1}
    built.clear()
    ok(at.run())
    assert built == {}
    plan_of(at).grades = {SL: {**WORKED_EXAMPLE, "stage": 70.0}}
    ok(at.run())
    assert built == {"scenario": 1, "evaluate": 1, "apply": 1}
