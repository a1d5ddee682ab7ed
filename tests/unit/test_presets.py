"""Rules a student chooses for a programme that publishes none (planner.presets)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from planner.evaluation import evaluate
from planner.presets import PRESETS
from planner.scenario import Parameters, Scenario, ScenarioError
from tests.unit.support import IM, MDS_CHOICES, SL, programme, run_im
from tests.unit.test_report import summary_text


def test_the_scenario_accepts_exactly_the_presets_written_as_data():
    annotation = Parameters.model_fields["rules_preset"].annotation
    (literal,) = [a for a in typing.get_args(annotation) if a is not type(None)]
    assert set(typing.get_args(literal)) == set(PRESETS)


def test_without_a_choice_the_files_assumed_rules_apply():
    evaluation = run_im(grades={"fi-management-assessment": 8})

    assert {u.final.status for u in evaluation.units} == {"assumed"}


def test_the_default_preset_with_another_threshold_is_marked_chosen():
    evaluation = run_im(grades={"fi-management-assessment": 11}, parameters={"threshold": 12})
    unit = evaluation.unit("fi-management")

    assert unit.session1.validated is False  # 11 < 12
    assert unit.session1.status == "chosen"
    assert evaluation.year.status == "chosen"


def test_year_compensation_validates_a_weak_unit_by_the_others():
    grades = {c: 12 for u in programme(IM).units_for("fi", "mds") for c in u.courses}
    grades["fi-management-assessment"] = 8
    evaluation = run_im(grades=grades, parameters={"rules_preset": "year-compensation-by-ects"})

    assert evaluation.unit("fi-management").code == "CMP"
    assert evaluation.year.validated is True
    assert evaluation.year.ects_acquired == 60


def test_the_presets_unit_floor_of_7_blocks_compensation():
    grades = {c: 13 for u in programme(IM).units_for("fi", "mds") for c in u.courses}
    grades["fi-management-assessment"] = 6.5  # below 7/20
    evaluation = run_im(grades=grades, parameters={"rules_preset": "year-compensation-by-ects"})

    assert evaluation.unit("fi-management").code is None  # to session 2
    assert evaluation.unit("fi-management").compensation.message.code == (
        "not_compensated_unit_floor"
    )


def test_under_chosen_rules_a_unit_held_by_a_course_floor_blocks_the_others_compensation():
    # Chosen rules read as the latest format: a floor failure blocks the whole group.
    # Modelisation: 4 (< the floor 6) and 16, mean 10 but failed by its floor; Management
    # 9 fails alone. The group's mean by ECTS, (3·9 + 6·10 + 51·12) / 60 = 11.65, and no
    # unit below 7/20 would have made Management CMP.
    grades = {c: 12 for u in programme(IM).units_for("fi", "mds") for c in u.courses}
    grades |= {"statistical-learning-graphs": 4, "geometric-statistics": 16}
    grades["fi-management-assessment"] = 9
    evaluation = run_im(
        grades=grades,
        parameters={"rules_preset": "year-compensation-by-ects", "course_floor": 6},
    )
    management = evaluation.unit("fi-management")

    assert evaluation.unit("mds-modelisation").session1.floored
    assert management.compensation.message.code == "not_compensated_member_floor"
    assert management.compensation.message.params["held"] == [
        programme(IM).unit("mds-modelisation").name
    ]
    assert management.code is None  # to session 2
    assert management.retakes == ("fi-management-assessment",)


def test_courses_weighted_by_ects_apply_where_course_ects_are_known():
    evaluation = run_im(
        grades={"statistical-learning-graphs": 4, "geometric-statistics": 16},
        parameters={"rules_preset": "courses-weighted-by-ects"},
    )
    modelisation = evaluation.unit("mds-modelisation")

    assert modelisation.rule.kind == "weighted_mean"
    assert modelisation.session1.validated is True  # (3·4 + 3·16) / 6 = 10
    assert evaluation.unit("mds-numerique").rule.kind == "mean_of_all"  # course ECTS unknown


def test_a_published_programme_refuses_chosen_rules():
    scenario = Scenario(programme=SL, parameters={"rules_preset": "year-compensation-by-ects"})

    with pytest.raises(ScenarioError, match="published"):
        evaluate(programme(SL), scenario)


def test_a_course_floor_above_the_threshold_is_refused():
    with pytest.raises(ScenarioError, match="course_floor: 12 is above the threshold 10"):
        run_im(parameters={"course_floor": 12})


def test_the_choice_travels_in_the_share_link():
    scenario = Scenario(
        programme=IM,
        track="fi",
        option="mds",
        choices=MDS_CHOICES,
        parameters={"rules_preset": "year-compensation-by-ects", "course_floor": 6},
    )

    assert Scenario.from_url(scenario.to_url()).parameters == scenario.parameters


def test_the_pdf_says_the_rules_were_chosen(tmp_path: Path):
    evaluation = run_im(parameters={"rules_preset": "year-compensation-by-ects"})
    text = summary_text(IM, evaluation, "en", tmp_path)

    assert "The student chose the rules below" in text
    assert "[chosen]" in text
    assert "compensate each other" in text
