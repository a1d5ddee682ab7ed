"""A refused grade is said at its field, and the field never lies (issue #29, item 1).

What "never lies" means here: a field whose text is refused keeps the text the student
typed (so that they can fix it), is marked invalid (aria-invalid) and described by the
message right under it (aria-describedby, role=alert: read out as it appears), and that
message says which grade the verdicts use instead; the verdicts do use that grade. Fixing
the text takes the message and the mark away, and the verdicts follow the new grade.
Checked on a phone (390×844) in French and on a desktop screen in English. The pure parts:
tests/unit/test_grade_entry.py; the form's side: tests/app/test_refused_grade_at_the_field.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from planner.scenario import Scenario
from tests.e2e.test_accessibility import violations
from tests.e2e.test_journey import (
    FUNDAMENTAL_GRADES,
    LOCALES,
    SL,
    SPEC4,
    TIMEOUT,
    Shots,
    grade_label,
    no_exception,
    refusal_at,
    settle,
    type_grade,
    unit_card,
)
from tests.e2e.test_nothing_lost import address_plan
from tests.e2e.test_phone import IPHONE, PHONE
from ui.i18n import t

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1400, "height": 900}
STAGE = grade_label(SL, "stage", "en")  # session 1: the same name in both languages
PLAN = Scenario(programme=SL, choices=SPEC4, grades={**FUNDAMENTAL_GRADES, "stage": 60})
# A message as close under its field as a table row's padding puts it.
NEXT_TO = 24


def open_grades(browser: Browser, url: str, lang: str, phone: bool) -> Page:
    screen = {"viewport": PHONE, "user_agent": IPHONE, "is_mobile": True, "has_touch": True}
    context = browser.new_context(
        locale=LOCALES[lang], **(screen if phone else {"viewport": DESKTOP})
    )
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{url}/grades?plan={PLAN.to_url()}")
    settle(page)
    page.wait_for_timeout(1500)  # the link's notice may still move the layout
    settle(page)
    return page


def refusal(lang: str, typed: str) -> str:
    kept = t("grade_kept", lang, previous="60")
    if typed == "abc":
        return t("grade_not_number", lang, course="Stage", value=typed, kept=kept)
    return t("out_of_scale", lang, course="Stage", value=typed, max="100", kept=kept)


def in_view_under(page: Page, message: Locator, field: Locator) -> None:
    """`message` on the screen, right under `field` (which is on the screen too)."""
    viewport = page.viewport_size
    assert viewport is not None
    said, typed = message.bounding_box(), field.bounding_box()
    assert said is not None and typed is not None
    assert typed["y"] >= 0 and said["y"] + said["height"] <= viewport["height"], (said, typed)
    gap = said["y"] - (typed["y"] + typed["height"])
    assert 0 <= gap <= NEXT_TO, (said, typed)
    assert (
        said["x"] < typed["x"] + typed["width"] and said["x"] + said["width"] <= viewport["width"]
    )


@pytest.mark.parametrize(("lang", "phone"), [("fr", True), ("en", False)])
def test_a_refused_grade_is_said_at_its_field_and_the_verdict_uses_the_grade_it_names(
    browser, app_url, screenshots, lang, phone
):
    shot = Shots(screenshots, f"refused-at-the-field-{lang}-{'phone' if phone else 'desktop'}")
    page = open_grades(browser, app_url, lang, phone)
    try:
        field = page.get_by_label(STAGE, exact=True)
        card = unit_card(page, "UE de Stage")
        mean = t("mean", lang)
        for typed in ("abc", "120", "-5"):
            type_grade(page, STAGE, typed)
            # The field keeps the text typed, marked invalid, described by its message.
            expect(field).to_have_value(typed)
            expect(field).to_have_attribute("aria-invalid", "true")
            message = refusal_at(page, field)
            expect(message).to_have_text(refusal(lang, typed))
            expect(message).to_have_attribute("role", "alert")
            expect(message).to_be_visible()
            in_view_under(page, message, field)
            shot(page, f"refused-{typed}")
            # The grade the message names is the one judged: 60, not what was typed.
            expect(card).to_contain_text(t("validated", lang))
            expect(card.locator(".figures")).to_contain_text(f"{mean} 60")
            assert (address_plan(page) or PLAN).grades["stage"] == 60
        # The refused field and its message break no accessibility rule (axe-core).
        assert violations(page) == []
        # Nothing above the sheet says it any more: the refusal is at the field only.
        expect(page.get_by_test_id("stAlert").filter(has_text=refusal(lang, "-5"))).to_have_count(0)

        # Fixed: the mark and the message go, and the verdicts follow the new grade.
        type_grade(page, STAGE, "45")
        expect(field).to_have_value("45")
        expect(field).not_to_have_attribute("aria-invalid", "true")
        assert field.get_attribute("aria-describedby") is None
        expect(page.get_by_role("alert").filter(has_text=refusal(lang, "-5"))).to_have_count(0)
        expect(card.locator(".figures")).to_contain_text(f"{mean} 45")
        expect(card).to_contain_text(t("failed", lang))
        assert (address_plan(page) or PLAN).grades["stage"] == 45
        no_exception(page)
        shot(page, "fixed")
    finally:
        page.context.close()
