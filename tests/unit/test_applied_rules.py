"""The rules that apply to one student (planner.applied), built once and read by every
view: a compensation group names only the units of the student's track and option, and a
session-2 policy the student chose is marked as chosen wherever it is read."""

from __future__ import annotations

import planner.evaluation
from planner.applied import apply_parameters
from planner.evaluation import evaluate
from planner.outputs.rules_text import statements
from planner.scenario import Parameters, Scenario
from tests.unit.support import IM, SL, programme, run, run_im

COMPENSATE = Parameters(rules_preset="year-compensation-by-ects")
FA_MDS_UNITS = {
    "fa-ppr-alternance-1",
    "fa-management",
    "fa-ppr-alternance-2",
    "mds-modelisation",
    "mds-appliquees",
    "mds-numerique",
    "mds-metiers",
}


def test_a_chosen_compensation_group_names_only_the_units_of_the_students_plan():
    applied = apply_parameters(programme(IM), COMPENSATE, "fa", "mds")
    (group,) = applied.rules.groups
    assert set(group.units) == FA_MDS_UNITS
    # Without a track and an option (the catalogue's view), every unit with ECTS stays.
    (everyone,) = apply_parameters(programme(IM), COMPENSATE).rules.groups
    assert {"fi-stage", "mmv-metiers"} <= set(everyone.units)


def test_the_evaluation_applies_and_reports_the_same_rules():
    result = run_im("fa", "mds", parameters=COMPENSATE.model_dump(exclude_none=True))
    assert result.rules == apply_parameters(programme(IM), COMPENSATE, "fa", "mds").rules
    assert set(result.rules.groups[0].units) == FA_MDS_UNITS


def test_an_evaluation_handed_the_applied_rules_applies_none_and_judges_the_same(monkeypatch):
    scenario = Scenario(
        programme=IM,
        track="fa",
        option="mds",
        grades={"fa-management-assessment": 8.0},
        parameters=COMPENSATE,
    )
    applied = apply_parameters(programme(IM), COMPENSATE, "fa", "mds")
    alone = evaluate(programme(IM), scenario)
    applications = []

    def counted(*arguments: object) -> None:
        applications.append(arguments)

    monkeypatch.setattr(planner.evaluation, "apply_parameters", counted)
    handed = evaluate(programme(IM), scenario, applied=applied)
    assert applications == []
    assert handed == alone
    assert handed.programme is applied


def test_the_rules_text_of_a_plan_names_each_of_its_units_once_and_never_contradicts_itself():
    applied = apply_parameters(programme(IM), COMPENSATE, "fa", "mds")
    units = {u.id for u in programme(IM).units_for("fa", "mds")}
    said = statements(applied, "en", units)
    compensation = [s for s in said if s.topic == "Compensation"]
    # One group, every one of its units named once; no statement that some of them do
    # not compensate, and none marked as an assumption.
    assert len(compensation) == 1, [s.text for s in compensation]
    (group,) = compensation
    assert group.status == "chosen"
    assert group.text.count("UE Mathématiques pour la modélisation") == 1
    assert "UE PPR IM MDS initiale stage" not in group.text  # an FI unit
    # The units' own rules are the chosen ones too (the session-2 policy and the scale stay
    # the programme's assumptions: the student chose neither).
    assert {s.status for s in said if s.topic not in ("Session 2 grades", "Grade scale")} == {
        "chosen"
    }


def test_a_chosen_session_2_policy_is_the_policy_object_every_view_reads():
    result = run(parameters={"session2_policy": "keep_best"})
    assert result.rules.policy.name == "keep_best"
    assert result.rules.policy.status == "chosen"
    assert result.policy == "keep_best"
    said = statements(
        apply_parameters(programme(SL), Parameters(session2_policy="keep_best")), "en"
    )
    (session2,) = [s for s in said if s.topic == "Session 2 grades"]
    assert session2.status == "chosen"


def test_parameters_that_change_nothing_give_the_programme_itself():
    assert apply_parameters(programme(SL), Parameters()) is programme(SL)
