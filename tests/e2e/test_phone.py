"""Journey 1 on a phone (390×844, a phone browser's user agent), in French and English:
choose the programme and the courses, type the five fundamental grades, read the verdict
and the retake list, with no sideways scroll and each grade field beside its course."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.messages import number
from tests.e2e.test_journey import (
    CATALOGUE,
    FUNDAMENTAL_GRADES,
    LOCALES,
    SL,
    SPEC4,
    TIMEOUT,
    Shots,
    grade_label,
    no_exception,
    programme_label,
    settle,
    type_grade,
    unit_card,
)
from ui.i18n import t

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def open_phone(browser: Browser, url: str, lang: str) -> Page:
    context = browser.new_context(
        locale=LOCALES[lang], viewport=PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(url)
    settle(page)
    return page


def tap_option(page: Page, combobox, option: str) -> None:
    """Pick an option of a selectbox with taps: on a touch screen Streamlit
    opens the list without a text field (no keyboard popping up)."""
    combobox.click()
    item = page.get_by_role("option", name=option, exact=True)
    item.scroll_into_view_if_needed()
    item.click()
    settle(page)


WIDER_THAN_THE_PHONE = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map((e) => `${e.tagName}.${e.getAttribute("data-testid") || e.className}`)"""


def no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        """() => [...document.querySelectorAll('html, [data-testid="stMain"]')]
            .map((e) => [e.scrollWidth, e.clientWidth])"""
    )
    # On failure, name what sticks out on the right.
    wide = page.evaluate(WIDER_THAN_THE_PHONE)
    assert all(scroll <= client for scroll, client in widths), (widths, wide)


SIDEBAR_STILL = """() => document.querySelector('[data-testid="stSidebar"]')
    .getAnimations().length === 0"""


def open_sidebar(page: Page) -> None:
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    # It slides in (0.3 s): a box tapped meanwhile may open its list and close it at once.
    page.wait_for_function(SIDEBAR_STILL)


def close_sidebar(page: Page) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stSidebarCollapseButton").click()
    settle(page)


# French, whose labels are the longer (the desktop journey runs in both languages): one
# language keeps the browser suite under ten minutes on CI.
@pytest.mark.parametrize("lang", ["fr"])
def test_journey_1_on_a_phone(browser, app_url, screenshots, cli_evaluate, lang):
    shot = Shots(screenshots, f"phone-{lang}")
    page = open_phone(browser, app_url, lang)
    try:
        open_sidebar(page)
        sidebar = page.get_by_test_id("stSidebar")
        programme_box = sidebar.get_by_role("combobox", name=t("programme", lang))
        tap_option(page, programme_box, programme_label(SL))
        # The choice closes the sidebar, which covered the page it changed.
        expect(sidebar).to_be_hidden()
        shot(page, "programme")
        # The choice comes first, above the figures and the tables.
        choices = page.get_by_role("heading", name=t("your_choices", lang))
        box = choices.bounding_box()
        assert box is not None and box["y"] < PHONE["height"], box
        for course in SPEC4:
            name = CATALOGUE.get(SL).course(course).name
            box = page.get_by_test_id("stCheckbox").filter(
                has=page.get_by_role("checkbox", name=name, exact=True)
            )
            box.tap()
            settle(page)
            expect(box.get_by_role("checkbox")).to_be_checked()
        expect(page.get_by_text(t("choice_ok", lang), exact=True)).to_be_visible()
        no_sideways_scroll(page)
        shot(page, "choices")

        open_sidebar(page)
        page.get_by_test_id("stSidebar").get_by_role("link", name=t("page_grades", lang)).click()
        settle(page)
        if page.get_by_test_id("stSidebar").is_visible():
            close_sidebar(page)
        sheet = page.locator(".m2-sheet table.entry").first
        expect(sheet).to_be_visible()
        sheet_box = sheet.bounding_box()
        assert sheet_box is not None and sheet_box["x"] + sheet_box["width"] <= PHONE["width"]
        expect(sheet.locator("thead th")).to_have_text(
            [t("course", lang), t("grade", lang, max="100"), t("absent", lang)]
        )
        for course, grade in FUNDAMENTAL_GRADES.items():
            label = grade_label(SL, course, lang)
            # The field on its course's row, within the phone's width.
            row = sheet.locator("tr", has=page.get_by_label(label, exact=True))
            expect(row.locator("th")).to_have_text(CATALOGUE.get(SL).course(course).name)
            field_box = page.get_by_label(label, exact=True).bounding_box()
            assert field_box is not None and field_box["x"] + field_box["width"] <= PHONE["width"]
            type_grade(page, label, str(grade))
        no_exception(page)
        no_sideways_scroll(page)
        shot(page, "grades-typed")

        report = cli_evaluate(
            {"programme": SL, "choices": sorted(SPEC4), "grades": FUNDAMENTAL_GRADES}, lang
        )
        unit = next(u for u in report["units"] if u["id"] == "cours-fondamentaux")
        card = unit_card(page, unit["name"])
        card.scroll_into_view_if_needed()
        expect(card).to_contain_text(unit["session1"]["explanation"])
        expect(card).to_contain_text(re.compile(re.escape(t("failed", lang))))
        shot(page, "verdict")
        programme = CATALOGUE.get(SL)
        expected = [
            f"{programme.course(c).name} ({number(FUNDAMENTAL_GRADES[c], lang)}) — {unit['name']}"
            for c in unit["retakes"]
        ]
        items = page.locator("li").filter(has_text=f" — {unit['name']}")
        items.first.scroll_into_view_if_needed()
        expect(items).to_have_text(expected)
        no_sideways_scroll(page)
        shot(page, "retakes")
    finally:
        page.context.close()
