"""The Plan page's course picker in a real browser, in French and English, on a desktop and
on a phone (390×844). With the keyboard alone, the course that has the focus is the only
one a key adds: a multiselect's search added every fuzzy match (« Gestion » then Enter
took « Gestion des données » and « Optimisation stochastique, apprentissage
PAC-Bayésien… »). The unit's rule is said above its courses, Streamlit's English « Select
all » / « Select N matches » are nowhere, a tick survives a reload (the address bar's
link), and a tick beyond the unit's maximum is undone and said why."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.engine import course_count
from planner.scenario import Scenario
from tests.e2e.test_journey import CATALOGUE, IM, LOCALES, SL, TIMEOUT, Shots, no_exception, settle
from tests.e2e.test_keyboard import FOCUSED_NAME, tab_to
from tests.e2e.test_phone import IPHONE, PHONE, no_sideways_scroll
from ui.i18n import t

pytestmark = pytest.mark.e2e

SIZES: dict[str, dict[str, object]] = {
    "desktop": {"viewport": {"width": 1400, "height": 900}},
    "phone": {"viewport": PHONE, "user_agent": IPHONE, "is_mobile": True, "has_touch": True},
}
# What a multiselect writes in English whatever the page's language, when its list is
# open or filtered.
MULTISELECT_ENGLISH = re.compile(r"Select all|Select \d+ match")
TICKED = "es => es.map((e) => e.getAttribute('aria-label'))"


def open_plan(browser: Browser, url: str, lang: str, size: str, plan: Scenario) -> Page:
    context = browser.new_context(locale=LOCALES[lang], **SIZES[size])  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{url}/?plan={plan.to_url()}")
    settle(page)
    return page


def expect_ticked(page: Page, names: list[str]) -> None:
    """Exactly the courses `names` are ticked on the page, in its order, once the browser
    has drawn them (a loaded machine draws a run's boxes over seconds)."""
    checked = page.get_by_test_id("stMain").locator("input[type='checkbox']:checked")
    expect(checked).to_have_count(len(names), timeout=TIMEOUT)
    assert checked.evaluate_all(TICKED) == names


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_key_on_a_focused_course_adds_that_course_alone(
    browser, app_url, screenshots, lang, size
):
    programme = CATALOGUE.get(SL)
    unit = programme.unit("specialisation")
    gestion = programme.course("gestion-donnees").name
    topics = programme.course("topics-modern-ml").name
    page = open_plan(browser, app_url, lang, size, Scenario(programme=SL))
    shot = Shots(screenshots, f"course-picker-{lang}-{size}")
    try:
        # The unit's rule, in the unit's box just above its first course.
        rule = page.get_by_text(
            t("choose_n", lang, choose=course_count(unit).text(lang), count=len(unit.courses))
        )
        first = page.get_by_test_id("stCheckbox").first
        expect(first).to_contain_text(programme.course(unit.courses[0]).name, timeout=TIMEOUT)
        rule_box, first_box = rule.bounding_box(), first.bounding_box()
        assert rule_box is not None and first_box is not None
        assert 0 <= first_box["y"] - (rule_box["y"] + rule_box["height"]) < 40
        expect_ticked(page, [])

        # The keys: the focus on « Gestion des données », its name typed, Enter.
        tab_to(page, gestion)
        page.keyboard.type("Gestion")
        page.keyboard.press("Enter")
        settle(page)
        expect_ticked(page, [])
        expect(page.locator("body")).not_to_contain_text(MULTISELECT_ENGLISH)
        # Space ticks the focused course, and only it.
        page.keyboard.press("Space")
        settle(page)
        expect_ticked(page, [gestion])
        assert page.evaluate(FOCUSED_NAME) == gestion  # the focus stays where it was
        missing = t("choice_missing", lang, choose=course_count(unit).text(lang), picked=1)
        expect(page.get_by_text(missing, exact=True)).to_be_visible(timeout=TIMEOUT)
        tab_to(page, topics)
        page.keyboard.press("Space")
        settle(page)
        expect_ticked(page, [gestion, topics])
        expect(page.locator("body")).not_to_contain_text(MULTISELECT_ENGLISH)
        no_exception(page)
        if size == "phone":
            no_sideways_scroll(page)
        shot(page, "two-ticked")

        # The address bar carries the choice: a reload shows the same two ticks.
        both = Scenario(programme=SL, choices=("gestion-donnees", "topics-modern-ml"))
        expect(page).to_have_url(re.compile(re.escape(f"plan={both.to_url()}")), timeout=TIMEOUT)
        page.reload()
        settle(page)
        expect(page.get_by_role("checkbox", name=topics, exact=True)).to_be_checked(timeout=TIMEOUT)
        expect_ticked(page, [gestion, topics])
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["fr"])
def test_on_a_phone_long_names_wrap_and_a_third_tick_where_two_are_allowed_is_undone(
    browser, app_url, screenshots, lang
):
    shot = Shots(screenshots, f"course-picker-refused-{lang}")
    page = open_plan(browser, app_url, lang, "phone", Scenario(programme=SL))
    try:
        # The longest name of the specialisation wraps within the phone's width: read whole.
        longest = max(
            (
                CATALOGUE.get(SL).course(c).name
                for c in CATALOGUE.get(SL).unit("specialisation").courses
            ),
            key=len,
        )
        label = page.get_by_test_id("stCheckbox").filter(has_text=longest)
        label.scroll_into_view_if_needed()
        expect(label).to_have_text(longest, timeout=TIMEOUT)
        box = label.bounding_box()
        line = page.get_by_test_id("stCheckbox").first.bounding_box()
        assert box is not None and line is not None
        assert box["x"] + box["width"] <= PHONE["width"] and box["height"] > 1.5 * line["height"]
        no_sideways_scroll(page)
        page.context.close()

        programme = CATALOGUE.get(IM)
        two = ("geometric-statistics", "statistical-learning-graphs")
        plan = Scenario(programme=IM, track="fi", option="mds", choices=two)
        page = open_plan(browser, app_url, lang, "phone", plan)
        names = [programme.course(c).name for c in programme.unit("mds-modelisation").courses]
        expect_ticked(page, names[:2])
        third = page.get_by_test_id("stCheckbox").filter(has_text=names[2])
        third.tap()
        settle(page)
        refused = t("choice_too_many", lang, most=2, course=names[2])
        expect(page.get_by_text(refused, exact=True)).to_be_visible(timeout=TIMEOUT)
        expect(third.get_by_role("checkbox")).not_to_be_checked()
        page.get_by_text(refused, exact=True).scroll_into_view_if_needed()
        expect_ticked(page, names[:2])
        no_exception(page)
        shot(page, "refused")
    finally:
        page.context.close()
