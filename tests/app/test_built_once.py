"""The plan, its chosen rules applied and its evaluation are built once per change of the
plan (ui.session.judged), whatever number of parts of a run draw from them: the Grades
page's fragments, the sidebar's share area, the browser's copy and the address bar."""

from __future__ import annotations

from collections import Counter

import planner.evaluation
import planner.odds
import ui.session
from tests.app.test_advisor import metrics, odds_page
from tests.app.test_pages import FUNDAMENTALS, SL, WORKED_EXAMPLE, grades_page, ok, plan_of
from ui import computed


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


def test_the_odds_page_evaluates_the_plan_once_and_simulates_each_plan_once(monkeypatch):
    """The simulation is handed the page's evaluation (no second one after a JSON round
    trip), and its cache still answers by the plan: the same plan again is not simulated
    again, another plan is."""
    computed.odds.clear()
    built = _counting(monkeypatch)
    simulate, odds_evaluate = planner.odds.simulate, planner.odds.evaluate

    def counted_simulate(*arguments, **options):
        built["simulate"] += 1
        return simulate(*arguments, **options)

    def counted_odds_evaluate(programme, plan):
        built["evaluate in the simulation"] += 1
        return odds_evaluate(programme, plan)

    monkeypatch.setattr(planner.odds, "simulate", counted_simulate)
    monkeypatch.setattr(planner.odds, "evaluate", counted_odds_evaluate)
    known = {c: 50.0 for c in FUNDAMENTALS[:4]}
    at = odds_page("en", known, beliefs={FUNDAMENTALS[4]: (50.0, 10.0)})
    assert built["simulate"] == 1
    assert built["evaluate"] == 1
    assert built["evaluate in the simulation"] == 0
    year = metrics(at)
    built.clear()
    ok(at.run())
    assert built == {}
    assert metrics(at) == year
    plan_of(at).grades = {SL: {**known, FUNDAMENTALS[0]: 2.0}}
    ok(at.run())
    assert built == {"scenario": 1, "evaluate": 1, "apply": 1, "simulate": 1}
    assert metrics(at) != year
