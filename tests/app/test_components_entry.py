"""Assessment components on the Grades page (format_version 3, a course's `components`):
a field per component in the sheet (session 2: per retaken component), the course grade
computed and shown with how, the retake and the minimum naming the component.

The app serves the shipped catalogue, which has no such programme yet: here it is served
with the fictional programme of tests/unit/test_components.py added (its figures are
worked there). The catalogue's cache is cleared before and after, so no other test sees it.
"""

from __future__ import annotations

import pytest

from planner.scenario import Scenario
from tests.app.test_advisor import shown_tables
from tests.app.test_pages import (
    LANGS,
    as_read,
    card,
    markdowns,
    ok,
    page,
    plan_of,
    retake_lines,
    serving_file,
    sheet,
    started,
)
from tests.unit.test_components import CC_KEPT, PROGRAMME_FILE

FICTIONAL = "m2-fictional-components"


@pytest.fixture
def with_the_fictional_programme(monkeypatch):
    yield from serving_file(monkeypatch, PROGRAMME_FILE)


def grades_page(lang: str, grades: dict, session2: dict | None = None):
    at = started(lang)
    plan_of(at).programme = FICTIONAL
    plan_of(at).plans = {f"{FICTIONAL}/None/None": []}
    plan_of(at).grades = {FICTIONAL: grades}
    plan_of(at).session2_grades = {FICTIONAL: session2 or {}}
    return ok(at.switch_page(page("grades")).run())


@pytest.mark.parametrize("lang", LANGS)
def test_the_sheet_has_a_field_per_component_and_the_card_says_how_the_grade_is_computed(
    lang, with_the_fictional_programme
):
    at = grades_page(lang, CC_KEPT)
    drawn = sheet(at)
    assert drawn is not None
    rows = {r["course"]: r for r in drawn["rows"]}
    assert list(rows)[:3] == ["stats/cc", "stats/exam", "english"]
    of = {"en": "Exam of Statistics", "fr": "Exam — Statistics"}[lang]
    assert rows["stats/exam"]["name"] == of
    assert rows["stats/cc"]["value"] == "14"
    computed = {
        "en": "Statistics: 8.6, computed from Continuous assessment 14 × 0.4 and Exam 5 × 0.6",
        "fr": "Statistics : 8,6, calculée à partir de Continuous assessment 14 × 0,4 et "
        "Exam 5 × 0,6",
    }[lang]
    assert computed in card(at, "UE A (CC kept)")["explanations"]
    assert (of, {"en": "8.6", "fr": "8,6"}[lang], "UE A (CC kept)") in retake_lines(at)
    # Session 2: the exam alone is typed again, the CC kept.
    second = sheet(at, 2)
    assert second is not None
    assert [r["course"] for r in second["rows"]] == ["stats/exam", "english"]


def test_a_component_typed_is_stored_under_its_key_and_the_minimum_names_it(
    with_the_fictional_programme,
):
    at = grades_page("en", CC_KEPT, {"english": 9.5})
    minimum = "Exam of Statistics: at least 8.17 — your Continuous assessment 14 kept"
    assert any(minimum in as_read(line) for line in markdowns(at))
    ok(at.toggle(key="grades_form_mode").set_value(True).run())
    at.text_input(key="form::2::stats/exam").input("9")
    ok(at.button(key="grades_form_send::2").click().run())
    assert plan_of(at).session2_grades[FICTIONAL]["stats/exam"] == 9
    assert card(at, "UE A (CC kept)")["verdicts"][1]["text"] == "Validated"


def test_the_odds_page_draws_the_missing_exam_and_names_it(with_the_fictional_programme):
    at = grades_page("en", {"stats/cc": 14, "english": 10})
    at = ok(at.switch_page(page("odds")).run())
    # No belief on Statistics as a whole: its exam is drawn, its CC entered.
    (beliefs,) = at.dataframe
    assert list(beliefs.value.index) == ["proba", "econ"]
    minimum = (
        "UE A (CC kept): Exam of Statistics: at least 7.34 — with your Continuous assessment 14"
    )
    assert any(minimum in as_read(line) for line in markdowns(at))


@pytest.mark.parametrize("lang", LANGS)
def test_the_rules_page_states_each_course_graded_by_components(lang, with_the_fictional_programme):
    at = grades_page(lang, {})
    at = ok(at.switch_page(page("rules")).run())
    lines = markdowns(at)
    topic = {"en": "Graded by components — Statistics", "fr": "Notes par épreuves — Statistics"}
    assert any(line.startswith(f"**{topic[lang]}**") for line in lines)
    start = {"en": "Statistics is graded by its components", "fr": "Statistics est notée par"}
    assert any(line.startswith(start[lang]) for line in lines)


def test_compare_names_a_component_grade_as_its_field(with_the_fictional_programme):
    at = grades_page("en", CC_KEPT)
    plan_of(at).saved = {
        name: Scenario(programme=FICTIONAL, grades={**CC_KEPT, "stats/exam": g}).to_json()
        for name, g in (("low", 5), ("high", 12))
    }
    at = ok(at.switch_page(page("compare")).run())
    cells = [
        str(text)
        for frame in shown_tables(at)
        for text in (*frame.columns, *frame.index, *frame.to_numpy().ravel())
    ]
    shown = cells + markdowns(at)
    assert any("Exam of Statistics" in text for text in shown)
    assert not any("stats/exam" in text for text in shown)


@pytest.mark.parametrize("lang", LANGS)
def test_a_minimum_over_the_exam_and_another_course_says_what_each_needs(
    lang, with_the_fictional_programme
):
    # Worked in tests/unit/test_components.py: the exam 7.34 with the CC 14 kept, English
    # 10; no "same grade in each exam" and no sum (20 in the exam and 0 in English fails).
    at = grades_page(lang, CC_KEPT)
    text = as_read("\n".join(markdowns(at)))
    exam = {
        "en": "- Exam of Statistics: at least 7.34 — your Continuous assessment 14 kept",
        "fr": "- Exam — Statistics : au moins 7,34 — votre note de Continuous assessment (14) "
        "est conservée",
    }[lang]
    assert exam in text
    assert {"en": "- English: at least 10", "fr": "- English : au moins 10"}[lang] in text
    assert {"en": "sum", "fr": "somme"}[lang] not in text
