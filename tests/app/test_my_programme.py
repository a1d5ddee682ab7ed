"""« My programme » through its own widgets (AppTest): a programme built from nothing with
three units — best 2 of 3, coefficients with a note éliminatoire, and a compensation group
across two units — is planned on by the Grades page, whose verdicts follow its rules; a
problem is said at its field and the pages keep the last version without problems. The
browser journeys (French, English, phone, a link opened elsewhere):
tests/e2e/test_my_programme.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import card, ok, page, plan_of, started
from ui.builder import PREFIX
from ui.i18n import t
from ui.own_programme import Draft

LANGS = ["en", "fr"]


def builder(lang: str) -> AppTest:
    at = started(lang)
    return ok(at.switch_page(page("programme")).run())


def draft_of(at: AppTest) -> Draft:
    found = plan_of(at).draft
    assert isinstance(found, Draft)
    return found


def add(at: AppTest, field: str, name: str, button: str, lang: str) -> AppTest:
    """Type a name in a "new …" field and press its button, as a student does."""
    at.text_input(key=field).input(name)
    (pressed,) = [b for b in at.button if b.label == t(button, lang)]
    return ok(pressed.click().run())


def add_unit(at: AppTest, name: str, courses: list[str], lang: str) -> str:
    add(at, PREFIX + "new_unit", name, "builder.add_unit", lang)
    unit_id = draft_of(at).document["units"][-1]["id"]
    for course in courses:
        add(at, f"{PREFIX}unit:{unit_id}:new_course", course, "builder.add_course", lang)
    return unit_id


def rule_place(at: AppTest, unit_id: str) -> int:
    rules = draft_of(at).document["rules"]["units"]
    return next(i for i, r in enumerate(rules) if r["unit"] == unit_id)


def three_units(lang: str) -> AppTest:
    """UE A: best 2 of 3; UE B: coefficients 2 and 1, note éliminatoire 7; UE C: one course;
    B and C compensate each other (by ECTS, 6 each)."""
    at = builder(lang)
    (blank,) = [b for b in at.button if b.label == t("builder.start_blank", lang)]
    ok(blank.click().run())
    a = add_unit(at, "UE A", ["Probability", "Regression", "Bayes"], lang)
    ok(at.selectbox(key=f"{PREFIX}rule:{a}:kind").set_value("best_k_mean").run())
    b = add_unit(at, "UE B", ["Stats", "Lab"], lang)
    ok(at.selectbox(key=f"{PREFIX}rule:{b}:kind").set_value("weighted_mean").run())
    ok(at.number_input(key=f"{PREFIX}rule:{b}:weights:stats").set_value(2).run())
    ok(at.number_input(key=f"{PREFIX}rule:{b}:floor").set_value(7).run())
    c = add_unit(at, "UE C", ["Project"], lang)
    for unit in (b, c):
        ok(at.selectbox(key=f"{PREFIX}unit").set_value(unit).run())
        ok(at.number_input(key=f"{PREFIX}unit:{unit}:ects").set_value(6).run())
    add(at, PREFIX + "new:group", "Semester", "builder.add_group", lang)
    ok(at.multiselect(key=f"{PREFIX}group:semester:units").set_value([b, c]).run())
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_a_programme_built_from_nothing_has_the_rules_chosen_in_its_fields(lang):
    at = three_units(lang)
    found = draft_of(at)
    assert found.errors == ()
    rules = {r["unit"]: r for r in found.document["rules"]["units"]}
    assert rules["ue-a"]["kind"] == "best_k_mean" and rules["ue-a"]["k"] == 2
    assert rules["ue-b"]["weights"] == {"stats": 2, "lab": 1}
    assert rules["ue-b"]["course_floor"] == 7
    assert found.document["rules"]["compensation"][0]["units"] == ["ue-b", "ue-c"]
    # Usable at once: the plan is on it.
    assert plan_of(at).programme == found.programme_id


def grades_of(at: AppTest, grades: dict[str, float]) -> AppTest:
    store = plan_of(at)
    store.grades = {store.programme: grades}
    return ok(at.switch_page(page("grades")).run())


@pytest.mark.parametrize("lang", LANGS)
def test_the_grades_page_judges_by_the_rules_built(lang):
    at = three_units(lang)
    at = grades_of(
        at,
        # A: best 2 of 3 is (14 + 8) / 2 = 11, the 3 not counted. B: (2×12 + 6) / 3 = 10
        # but Lab 6 is below the floor 7. C: 15. B is failed by its floor, which blocks the
        # group: B not compensated.
        {"probability": 14, "regression": 3, "bayes": 8, "stats": 12, "lab": 6, "project": 15},
    )
    assert card(at, "UE A")["verdicts"][0]["text"] == t("validated", lang)
    assert card(at, "UE A")["badge"]["text"] == t("verdict_entered_by_you", lang)
    assert card(at, "UE B")["verdicts"][0]["text"] == t("failed", lang)
    assert card(at, "UE C")["verdicts"][0]["text"] == t("validated", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_unit_failed_alone_is_compensated_by_the_group_built(lang):
    at = three_units(lang)
    # B: (2×8 + 8) / 3 = 8, no course under 7; C: 13; the group's mean (6 ECTS each) 10.5.
    at = grades_of(
        at, {"probability": 10, "regression": 10, "bayes": 10, "stats": 8, "lab": 8, "project": 13}
    )
    unit_b = card(at, "UE B")
    assert unit_b["verdicts"][0]["text"] == t("failed", lang)  # alone
    assert any(f.startswith("CMP") for f in unit_b["figures"])  # by the group
    compensation = unit_b["explanations"][-1]
    assert "Semester" in compensation and ("10.5" in compensation or "10,5" in compensation)


@pytest.mark.parametrize("lang", LANGS)
def test_a_problem_is_said_at_its_field_and_the_pages_keep_the_last_good_version(lang):
    at = three_units(lang)
    good = plan_of(at).own_programmes[draft_of(at).programme_id].programme
    # UE A asks for its 4 best grades of 3.
    ok(at.selectbox(key=f"{PREFIX}unit").set_value("ue-a").run())
    ok(at.number_input(key=f"{PREFIX}rule:ue-a:k").set_value(4).run())
    found = draft_of(at)
    assert found.errors, "k above the unit's courses is refused"
    assert any(f.path[:3] == ("rules", "units", rule_place(at, "ue-a")) for f in found.errors)
    assert at.error, "the problem is said on the page, at its field"
    assert len(at.tabs) == 4, "the page is drawn whole, its file tab included"
    assert any(t("builder.download_after_fixing", lang) in i.value for i in at.info)
    kept = plan_of(at).own_programmes[found.programme_id].programme
    assert kept is good
    warning = [w.value for w in at.warning]
    assert any(t("builder.problems_last_version", lang) in w for w in warning)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_draws_a_programme_being_built_before_its_figures_are_written(lang):
    """A unit, a course, no ECTS, no hours, no dates: every page says what it can."""
    at = builder(lang)
    (blank,) = [b for b in at.button if b.label == t("builder.start_blank", lang)]
    ok(blank.click().run())
    add_unit(at, "UE 1", ["Stats"], lang)
    for name in ("plan", "grades", "catalogue", "odds", "compare", "rules", "calendar"):
        ok(at.switch_page(page(name)).run())
    ok(at.switch_page(page("plan")).run())
    assert any(t("no_ects_known", lang) in i.value for i in at.info)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_draws_the_three_unit_programme(lang):
    at = three_units(lang)
    store = plan_of(at)
    store.grades = {store.programme: {"probability": 12, "stats": 9}}
    for name in ("plan", "grades", "catalogue", "odds", "compare", "rules", "calendar"):
        ok(at.switch_page(page(name)).run())


@pytest.mark.parametrize("lang", LANGS)
def test_a_copy_is_named_as_such_and_planned_on_beside_the_listed_programme(lang):
    at = builder(lang)
    ok(at.selectbox(key=f"{PREFIX}copy_of").set_value("m2-stat-learning-2024").run())
    (copy,) = [b for b in at.button if b.label == t("builder.copy", lang)]
    ok(copy.click().run())
    found = draft_of(at)
    assert found.errors == ()
    assert found.document["name"] == t(
        "builder.copy_name", lang, programme="M2 Statistique & Learning"
    )
    assert found.document["origin"] == "entered"
    assert plan_of(at).programme == found.programme_id != "m2-stat-learning-2024"
    listed = at.selectbox(key="programme").options
    assert any(o.startswith("M2 Statistique & Learning (") for o in listed)
    assert any(o.startswith(found.document["name"]) for o in listed)


@pytest.mark.parametrize("lang", LANGS)
def test_a_course_assessed_in_parts_built_on_the_page_is_graded_by_its_parts(lang):
    at = builder(lang)
    (blank,) = [b for b in at.button if b.label == t("builder.start_blank", lang)]
    ok(blank.click().run())
    add_unit(at, "UE 1", ["Stats"], lang)
    for part in ("CC", "Exam"):
        add(at, f"{PREFIX}course:stats:new_part", part, "builder.add_part", lang)
    ok(at.number_input(key=f"{PREFIX}part:stats:cc:weight").set_value(0.4).run())
    ok(at.number_input(key=f"{PREFIX}part:stats:exam:weight").set_value(0.6).run())
    ok(at.checkbox(key=f"{PREFIX}part:stats:cc:kept").check().run())
    found = draft_of(at)
    assert found.errors == ()
    assert found.document["courses"][0]["components"] == [
        {"id": "cc", "name": "CC", "weight": 0.4, "session2": "kept"},
        {"id": "exam", "name": "Exam", "weight": 0.6},
    ]
    # 0.4 × 14 + 0.6 × 8 = 10.4: validated.
    at = grades_of(at, {"stats/cc": 14, "stats/exam": 8})
    assert card(at, "UE 1")["verdicts"][0]["text"] == t("validated", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_bonus_points_and_jury_codes_are_said_in_their_forms(lang):
    at = three_units(lang)
    ok(at.button(key=f"{PREFIX}bonus:add").click().run())
    ok(at.selectbox(key=f"{PREFIX}bonus:0:earned_by").set_value("project").run())
    ok(at.checkbox(key=f"{PREFIX}jury:absence").check().run())
    found = draft_of(at)
    assert found.errors == ()
    assert found.document["rules"]["bonus_points"] == [
        {"earned_by": "project", "unit": "ue-a", "above": 10, "rate": 0.05, "status": "assumed"}
    ]
    assert found.document["rules"]["jury_codes"] == {"status": "assumed", "absence": "DEF"}
    # Project 16 earns (16 − 10) × 0.05 = 0.3 for UE A, whose best 2 of 3 is 9.8: 10.1.
    at = grades_of(at, {"probability": 9.6, "regression": 10, "bayes": 2, "project": 16})
    assert card(at, "UE A")["verdicts"][0]["text"] == t("validated", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_prerequisite_said_in_its_form_holds_a_unit_back(lang):
    at = three_units(lang)
    ok(at.button(key=f"{PREFIX}prerequisite:add").click().run())
    found = draft_of(at)
    # UE C alone is gated while UE B, in its compensation group, is not: said at its field.
    assert [f.code for f in found.errors] == ["check.group_mixes_gated"]
    assert len(at.tabs) == 4
    ok(at.multiselect(key=f"{PREFIX}prerequisite:0:units").set_value(["ue-b", "ue-c"]).run())
    found = draft_of(at)
    assert found.errors == ()
    assert found.document["rules"]["prerequisites"] == [
        {"units": ["ue-b", "ue-c"], "requires": {"unit": "ue-a"}, "status": "assumed"}
    ]
    # UE A failed in session 1, its session 2 to come: UE C, validated on its own grade,
    # waits for UE A before it gets a code (no ADM yet), where without the prerequisite it
    # is ADM.
    grades = {"probability": 2, "regression": 3, "bayes": 1, "project": 15}
    at = grades_of(at, grades)
    assert not any(f.startswith("ADM") for f in card(at, "UE C")["figures"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_text_of_another_shape_keeps_the_page_and_says_where_to_fix_it(lang):
    at = three_units(lang)
    text = at.text_area(key=f"{PREFIX}file_text").value
    at.text_area(key=f"{PREFIX}file_text").input(text.replace("units:\n", "units: oops\nx:\n", 1))
    (apply,) = [b for b in at.button if b.label == t("builder.apply_text", lang)]
    ok(apply.click().run())
    assert draft_of(at).errors
    assert len(at.tabs) == 4
    assert any(t("builder.not_a_form", lang) in w.value for w in at.warning)
    # What the student had before is still what the pages use.
    assert plan_of(at).own_programmes[draft_of(at).programme_id].programme.units
