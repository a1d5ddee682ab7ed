"""A keyboard-only journey (Tab, Enter, Space, arrows, typing; no mouse): choose the
programme and tick the courses, enter the five fundamental grades in the labelled form,
read the verdict."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journey import (
    CATALOGUE,
    FUNDAMENTAL_GRADES,
    SL,
    SPEC4,
    open_app,
    programme_label,
    settle,
)
from ui.i18n import t

pytestmark = pytest.mark.e2e

FOCUSED_NAME = """() => {
    // The focused control's name: its label, or the text of a button or a link (never
    // the text of a whole region that holds the focus).
    const e = document.activeElement;
    if (!e || e === document.body) return "";
    const labelled = e.getAttribute("aria-label")
        || (e.labels && e.labels[0] && e.labels[0].innerText);
    if (labelled) return labelled.replace(/\\s+/g, " ").trim();
    const clickable = ["BUTTON", "A", "SUMMARY"].includes(e.tagName)
        || ["button", "tab", "switch", "checkbox", "link"].includes(e.getAttribute("role"));
    return clickable ? e.innerText.replace(/\\s+/g, " ").trim() : "";
}"""


def tab_to(page: Page, wanted: str, limit: int = 120) -> None:
    """Press Tab until the focused element's accessible name contains `wanted`."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(FOCUSED_NAME)
        if wanted in name:
            return
        seen.append(name)
    raise AssertionError(f"{wanted!r} never got the focus; focused in turn: {seen[-15:]}")


def choose_by_typing(page: Page, label: str, *options: str) -> None:
    """Tab to the box named `label`, then pick each option by typing it and Enter."""
    tab_to(page, label)
    for option in options:
        type_and_pick(page, option)


def type_and_pick(page: Page, option: str) -> None:
    # The list filters on what is typed (up to a "&" or "(", which its fuzzy match does
    # not take); the first option left is picked by Enter.
    page.keyboard.type(option.split("&")[0].split("(")[0].strip())
    expect(page.get_by_role("option").first).to_have_text(option)
    page.keyboard.press("Enter")
    settle(page)


# English (the phone journey is French; the desktop journey runs in both): one language
# keeps the browser suite under ten minutes on CI.
@pytest.mark.parametrize("lang", ["en"])
def test_a_keyboard_alone_plans_the_year_and_reads_the_verdict(
    browser, app_url, cli_evaluate, lang
):
    page = open_app(browser, f"{app_url}/?lang={lang}", lang)
    page.wait_for_timeout(1500)  # a new visit's second run (the saved scenarios read back)
    settle(page)
    try:
        choose_by_typing(page, t("programme", lang), programme_label(SL))
        programme = CATALOGUE.get(SL)
        # Each course is a checkbox: Tab to it, Space ticks it (in the unit's order: Tab
        # only goes forward).
        for course in SPEC4:
            tab_to(page, programme.course(course).name)
            page.keyboard.press("Space")
            settle(page)
        expect(page.get_by_text(t("choice_ok", lang), exact=True)).to_be_visible()

        tab_to(page, t("page_grades", lang))
        page.keyboard.press("Enter")
        settle(page)
        tab_to(page, t("grades_as_form", lang))
        page.keyboard.press("Space")
        settle(page)
        fundamentals_unit = programme.unit("cours-fondamentaux")
        for course in fundamentals_unit.courses:  # the form's order: Tab only goes forward
            tab_to(page, programme.course(course).name)
            page.keyboard.type(str(FUNDAMENTAL_GRADES[course]))
        tab_to(page, t("grades_form_send", lang))
        page.keyboard.press("Enter")
        settle(page)

        report = cli_evaluate(
            {"programme": SL, "choices": sorted(SPEC4), "grades": FUNDAMENTAL_GRADES}, lang
        )
        fundamentals = next(u for u in report["units"] if u["id"] == "cours-fondamentaux")
        expect(page.get_by_text(fundamentals["session1"]["explanation"]).first).to_be_visible()
    finally:
        page.context.close()
