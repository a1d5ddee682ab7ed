"""« Open a saved plan »: what the server makes of a file's name and text, as the browser
read them (planner.evaluation.read_plan_file), and what it keeps of what the browser sent
(ui.file_input.read_chosen). The plan a file holds, or the refusal that says why, in both
languages; the session's side (the plan applied, its saved scenarios merged, the notice)
is driven in a real browser by tests/e2e/test_open_saved_plan.py."""

from __future__ import annotations

import json

import pytest

from planner.catalogue import Catalogue
from planner.evaluation import check_scenario, read_plan_file
from planner.scenario import MAX_JSON_BYTES, Parameters, SavedPlan, Scenario, ScenarioError
from tests.unit.support import FUNDAMENTALS, IM, SL, catalogue
from ui.file_input import MAX_NAME_CHARS, Chosen, read_chosen

SPEC4 = (
    "analyse-statistique-graphes",
    "gestion-donnees",
    "processus-ponctuels",
    "series-temporelles",
)
WORKED_EXAMPLE = dict(zip(FUNDAMENTALS, (40.0, 45.0, 55.0, 53.0, 55.0), strict=True))
FIRST = Scenario(
    programme=SL, choices=tuple(sorted(SPEC4)), grades={**WORKED_EXAMPLE, "stage": 70.0}
)
SECOND = FIRST.model_copy(update={"grades": {**WORKED_EXAMPLE, "stage": 40.0}})
OTHER = Scenario(
    programme=IM,
    track="fi",
    option="mds",
    choices=("advanced-optimization", "geometric-statistics", "statistical-learning-graphs"),
    grades={"geometric-statistics": 12.0},
)


def refusal(name: str, text: str, known: Catalogue | None = None) -> ScenarioError:
    with pytest.raises(ScenarioError) as refused:
        read_plan_file(name, text, known or catalogue())
    return refused.value


def test_a_version_2_file_gives_its_plan_and_its_saved_scenarios():
    saved = (SavedPlan(name="Plan A", plan=OTHER), SavedPlan(name="Plan B", plan=SECOND))
    file = FIRST.model_copy(update={"saved": saved})
    opened = read_plan_file("m2-plan.json", file.to_json(), catalogue())
    assert opened == file
    assert opened.saved == saved


def test_a_version_1_file_still_reads_with_no_saved_scenarios():
    data = json.loads(OTHER.to_json())
    data["version"] = 1
    del data["saved"]
    opened = read_plan_file("old.json", json.dumps(data), catalogue())
    assert opened.version == 1 and opened.saved == ()
    assert (opened.programme, opened.choices, opened.grades) == (
        OTHER.programme,
        OTHER.choices,
        OTHER.grades,
    )


def test_a_file_saved_with_a_byte_order_mark_reads():
    assert read_plan_file("plan.json", "\ufeff" + FIRST.to_json(), catalogue()) == FIRST


def test_the_name_may_end_in_upper_case_json():
    assert read_plan_file("PLAN.JSON", FIRST.to_json(), catalogue()) == FIRST


@pytest.mark.parametrize("name", ["scenario.pdf", "plan.json.txt", "json", ""])
def test_a_name_that_is_not_a_json_file_is_refused_before_its_text_is_read(name):
    refused = refusal(name, "not even json")
    assert refused.key == "file_not_json"
    assert refused.text("fr") == "ce n'est pas un fichier .json"


@pytest.mark.parametrize(
    "text",
    [
        FIRST.to_json() + " " * MAX_JSON_BYTES,  # too many characters
        # Fewer characters than the limit, more bytes: « é » is two bytes in UTF-8.
        json.dumps({"programme": SL, "pad": "é" * (MAX_JSON_BYTES // 2)}, ensure_ascii=False),
    ],
    ids=["characters", "bytes"],
)
def test_a_text_above_the_limit_is_refused_as_too_large(text):
    refused = refusal("big.json", text)
    assert refused.key == "file_too_large"
    kb = MAX_JSON_BYTES // 1024  # a plan, and its saved plans, each with its programme
    assert refused.text("en") == f"larger than {kb} KB"
    assert refused.text("fr") == f"plus de {kb} Ko"


def test_a_text_the_browser_could_not_have_read_from_utf8_is_refused():
    refused = refusal("plan.json", '{"programme": "\ud800"}')
    assert refused.key == "refusal.not_utf8"


def test_a_text_that_is_not_a_scenario_says_why_in_both_languages():
    refused = refusal("notes.json", "these are my grades: 40, 45, 55")
    with pytest.raises(ScenarioError) as direct:
        Scenario.from_json("these are my grades: 40, 45, 55")
    assert (refused.text("en"), refused.text("fr")) == (
        direct.value.text("en"),
        direct.value.text("fr"),
    )


def test_a_saved_scenario_that_cannot_be_read_refuses_the_whole_file_and_quotes_it():
    broken = json.loads(
        SECOND.model_copy(update={"saved": (SavedPlan(name="X", plan=OTHER),)}).to_json()
    )
    broken["saved"][0]["plan"]["grades"] = {"geometric-statistics": "twelve"}
    assert "twelve" in str(refusal("broken.json", json.dumps(broken)))


def test_a_plan_of_a_programme_the_app_no_longer_has_is_refused_by_name():
    retired = Catalogue(programmes=tuple(p for p in catalogue().programmes if p.id != IM))
    refused = refusal("old-programme.json", OTHER.to_json(), retired)
    assert refused.key == "refusal.unknown_programme"
    assert IM in refused.text("en") and IM in refused.text("fr")


def test_a_grade_off_the_programmes_scale_is_refused_as_check_scenario_refuses_it():
    data = json.loads(FIRST.to_json())
    data["grades"]["stage"] = 150
    refused = refusal("grade-150.json", json.dumps(data))
    with pytest.raises(ScenarioError) as direct:
        check_scenario(catalogue().get(SL), Scenario.from_data(data))
    assert refused.text("fr") == direct.value.text("fr")


@pytest.mark.parametrize(
    ("plan", "parameters"),
    [
        (OTHER, Parameters(threshold=1000)),
        (OTHER, Parameters(threshold=10, course_floor=12)),
        (FIRST, Parameters(rules_preset="year-compensation-by-ects")),
    ],
    ids=["threshold-above-scale", "floor-above-threshold", "rules-on-published"],
)
def test_rule_parameters_the_programme_refuses_refuse_the_file(plan, parameters):
    bad = plan.model_copy(update={"parameters": parameters})
    with pytest.raises(ScenarioError) as direct:
        check_scenario(catalogue().get(bad.programme), bad)
    assert refusal("plan.json", bad.to_json()).text("en") == direct.value.text("en")


# --- what the browser sent ------------------------------------------------------------
def test_a_choice_sent_by_the_script_is_kept_as_its_name_and_text():
    sent = {"name": "m2-plan.json", "text": "{}", "nonce": "1-a"}
    assert read_chosen(sent) == Chosen(name="m2-plan.json", text="{}")


def test_a_name_longer_than_any_file_system_allows_is_cut():
    sent = {"name": "a" * 10_000 + ".json", "text": "{}", "nonce": "1"}
    chosen = read_chosen(sent)
    assert chosen is not None and len(chosen.name) == MAX_NAME_CHARS


@pytest.mark.parametrize(
    "sent",
    [
        None,
        "m2-plan.json",
        ["m2-plan.json", "{}"],
        {"name": "m2-plan.json", "text": "{}"},  # no nonce: not what the script sends
        {"name": 1, "text": "{}", "nonce": "1"},
        {"name": "m2-plan.json", "text": {"programme": SL}, "nonce": "1"},
        {"name": "m2-plan.json", "text": None, "nonce": "1"},
    ],
)
def test_anything_else_the_browser_sends_is_ignored(sent):
    assert read_chosen(sent) is None
