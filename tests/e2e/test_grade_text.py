"""In the browser, the Grades page's sheet (issue defects 6 and 7): a grade with a space
inside ("1 2", or "1\\r2" pasted) is refused with that reason and nothing is stored; a grade
typed with three decimals is stored and shown as typed, in the page's language, and the
internship's card never reads "50" beside « Not validated ». The rules themselves:
tests/app/test_grade_text.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from planner.scenario import Scenario
from tests.e2e.test_journey import (
    SL,
    SPEC4,
    grade_label,
    open_app,
    refusal_at,
    type_grade,
    unit_card,
)
from tests.e2e.test_nothing_lost import address_plan
from tests.e2e.test_privacy_and_input import (
    FIRST_FUNDAMENTAL,
    SECOND_FUNDAMENTAL,
    paste_in_first_fundamental,
    wait_for_address_grades,
)
from ui.i18n import t

pytestmark = pytest.mark.e2e

STAGE = grade_label(SL, "stage", "en")  # session 1: the same name in both languages
PLAN = Scenario(programme=SL, choices=SPEC4, grades={"stage": 70})


def refusal(lang: str, typed: str, course: str, kept: str) -> str:
    """The inner-space refusal as the sheet says it at the field."""
    return t("grade_inner_space", lang, course=course, value=typed, kept=kept)


def stored_stage(page: Page) -> float | None:
    plan = address_plan(page) or PLAN
    return plan.grades.get("stage")


@pytest.mark.parametrize(
    ("lang", "typed", "shown"), [("en", "49,999", "49.999"), ("fr", "49.999", "49,999")]
)
def test_a_space_inside_is_refused_and_three_decimals_are_shown_as_typed(
    browser, app_url, lang, typed, shown
):
    page = open_app(browser, f"{app_url}/grades?plan={PLAN.to_url()}&lang={lang}", lang)
    try:
        field = page.get_by_label(STAGE, exact=True)
        type_grade(page, STAGE, "1 2")
        kept = t("grade_kept", lang, previous="70")
        expect(refusal_at(page, field)).to_have_text(refusal(lang, "1 2", "Stage", kept))
        assert stored_stage(page) == 70  # nothing stored: not 12

        # The other separator than the language's own: read the same, shown its way.
        type_grade(page, STAGE, typed)
        wait_for_address_grades(page, PLAN, lambda grades: grades.get("stage") == 49.999)
        expect(field).to_have_value(shown)
        card = unit_card(page, "UE de Stage")
        expect(card).to_contain_text(t("failed", lang))
        mean = t("mean", lang)
        expect(card.locator(".figures")).to_contain_text(f"{mean} {shown}")
        expect(card).not_to_contain_text(re.compile(rf"{re.escape(mean)} 50(?![\d.,])"))
        said = page.get_by_role("alert").filter(has_text=refusal(lang, "1 2", "Stage", kept))
        expect(said).to_have_count(0)
    finally:
        page.context.close()


def test_a_line_break_pasted_inside_a_grade_is_refused_not_joined(browser, app_url):
    # A lone \r inside a cell, then a second line: the first field gets "1 2" (refused,
    # never 12), the next one 60.
    kept = Scenario(programme=SL, choices=SPEC4)
    page = paste_in_first_fundamental(browser, app_url, kept, "1\r2\n60")
    try:
        first = page.get_by_label(grade_label(SL, FIRST_FUNDAMENTAL, "en"), exact=True)
        second = page.get_by_label(grade_label(SL, SECOND_FUNDAMENTAL, "en"), exact=True)
        expect(first).to_have_value("1 2")
        expect(second).to_have_value("60")
        wait_for_address_grades(page, kept, lambda grades: grades.get(SECOND_FUNDAMENTAL) == 60)
        shown = refusal("en", "1 2", "Apprentissage statistique", t("grade_kept_unknown", "en"))
        expect(refusal_at(page, first)).to_have_text(shown)
        assert FIRST_FUNDAMENTAL not in (address_plan(page) or kept).grades
    finally:
        page.context.close()
