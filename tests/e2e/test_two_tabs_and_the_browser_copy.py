"""Two tabs of one browser, and a browser copy that is not what the app wrote, in a real
browser: a tab never writes over the scenarios another tab saved; a reset in one tab
reaches every other open tab (they forget, and write nothing back); a copy that cannot be
read, whole or in part, costs no page and no valid entry. And a link whose rule
parameters the programme refuses breaks no page.

Both tabs are pages of one browser context: one localStorage, as two tabs of one browser.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.messages import Lang
from planner.scenario import Parameters, SavedPlan, Scenario
from tests.e2e.test_advisor import go_to, main, notice, plan_url
from tests.e2e.test_journey import (
    SL,
    TIMEOUT,
    Shots,
    no_exception,
    programme_label,
    sidebar,
)
from tests.e2e.test_nothing_lost import (
    LINKED,
    TYPED,
    address_plan,
    loaded,
    open_page,
    reset_everything,
    save_scenario,
    saved_names,
    stored,
    type_stage_grade,
)
from ui.browser_store import RESET_KEY, STORAGE_KEY
from ui.i18n import t

pytestmark = pytest.mark.e2e


def second_tab(page: Page, url: str) -> Page:
    other = page.context.new_page()
    other.goto(url)
    loaded(other)
    return other


def set_stored(page: Page, text: str) -> None:
    page.evaluate("([key, text]) => window.localStorage.setItem(key, text)", [STORAGE_KEY, text])


def programme_box(page: Page, lang: Lang):
    return sidebar(page).get_by_role("combobox", name=t("programme", lang))


# --- two tabs ----------------------------------------------------------------------------
def test_a_grade_typed_in_a_stale_tab_keeps_the_scenario_another_tab_saved(
    browser: Browser, app_url, screenshots
):
    lang: Lang = "en"
    shot = Shots(screenshots, "two-tabs-saved")
    first = open_page(browser, plan_url(app_url, LINKED, lang, "compare"), lang)
    try:
        second = second_tab(first, plan_url(app_url, LINKED, lang, "grades"))
        save_scenario(first, lang, "From tab 1")
        assert stored(first) == [SavedPlan(name="From tab 1", plan=LINKED)]
        type_stage_grade(second, "73")  # tab 2 read an empty list when it opened
        assert stored(second) == [SavedPlan(name="From tab 1", plan=LINKED)]
        # Tab 2's own list has followed the browser's.
        go_to(second, lang, "page_compare")
        assert saved_names(second, lang) == ["From tab 1"]
        save_scenario(second, lang, "From tab 2")
        assert [p.name for p in stored(first)] == ["From tab 1", "From tab 2"]
        shot(second, "both-saved")
        # A new tab lists both.
        third = second_tab(first, plan_url(app_url, TYPED, lang, "compare"))
        assert saved_names(third, lang) == ["From tab 1", "From tab 2"]
        no_exception(first)
        no_exception(second)
        no_exception(third)
    finally:
        first.context.close()


def test_a_reset_in_one_tab_makes_every_other_open_tab_forget(
    browser: Browser, app_url, screenshots
):
    lang: Lang = "fr"
    shot = Shots(screenshots, "two-tabs-reset")
    first = open_page(browser, plan_url(app_url, LINKED, lang, "grades"), lang)
    try:
        type_stage_grade(first, "73")
        second = second_tab(first, plan_url(app_url, TYPED, lang, "compare"))
        save_scenario(second, lang, "Privé")
        reset_everything(second, lang)
        expect(notice(second, t("reset_done", lang))).to_be_visible()
        # Tab 1 is told at once: it forgets its plan and says why.
        expect(notice(first, t("reset_elsewhere", lang))).to_be_visible(timeout=TIMEOUT)
        expect(programme_box(first, lang)).to_have_value("")
        expect(main(first).get_by_text(t("empty_programme", lang))).to_be_visible()
        assert address_plan(first) is None
        shot(first, "other-tab-forgot")
        assert stored(first) is None and stored(second) is None
        # A new tab restores nothing.
        third = second_tab(first, f"{app_url}/?lang={lang}")
        expect(programme_box(third, lang)).to_have_value("")
        assert stored(third) is None
        no_exception(first)
    finally:
        first.context.close()


def test_a_tab_that_missed_the_reset_writes_nothing_back_when_a_grade_is_typed(
    browser: Browser, app_url
):
    """The reset mark changed without this tab being told (as when a tab is frozen in the
    background): its next grade writes nothing, and it forgets instead."""
    lang: Lang = "en"
    page = open_page(browser, plan_url(app_url, LINKED, lang, "grades"), lang)
    try:
        type_stage_grade(page, "73")
        assert stored(page) == []  # the plan is kept as the current one only
        # What another tab's reset leaves: the copy removed and a new mark, and no event
        # here (a page gets no storage event for its own writes).
        page.evaluate(
            "([mark, copy]) => { localStorage.setItem(mark, 'elsewhere');"
            " localStorage.removeItem(copy); }",
            [RESET_KEY, STORAGE_KEY],
        )
        type_stage_grade(page, "74")
        expect(notice(page, t("reset_elsewhere", lang))).to_be_visible(timeout=TIMEOUT)
        expect(programme_box(page, lang)).to_have_value("")
        assert page.evaluate("(key) => localStorage.getItem(key)", STORAGE_KEY) is None
        assert address_plan(page) is None
    finally:
        page.context.close()


# --- a browser copy that is not what the app wrote ------------------------------------
def test_a_copy_nested_60000_deep_costs_no_page_and_is_replaced(browser: Browser, app_url):
    lang: Lang = "en"
    page = open_page(browser, f"{app_url}/?lang={lang}", lang)
    try:
        set_stored(page, "[" * 60000)
        page.goto(plan_url(app_url, LINKED, lang, "compare"))
        loaded(page)
        no_exception(page)
        expect(notice(page, t("stored_refused", lang))).to_be_visible()
        expect(programme_box(page, lang)).to_have_value(programme_label(SL))
        save_scenario(page, lang, "After")
        assert stored(page) == [SavedPlan(name="After", plan=LINKED)]
    finally:
        page.context.close()


def test_one_unreadable_entry_is_named_and_removed_and_the_valid_ones_are_kept(
    browser: Browser, app_url, screenshots
):
    lang: Lang = "fr"
    valid = SavedPlan(name="Gardé", plan=TYPED).model_dump(mode="json", exclude_defaults=True)
    too_long = {"name": "x" * 31, "plan": valid["plan"]}
    page = open_page(browser, f"{app_url}/?lang={lang}", lang)
    try:
        set_stored(
            page,
            json.dumps({"format": "m2-planner-scenario", "version": 2, "saved": [too_long, valid]}),
        )
        page.goto(plan_url(app_url, LINKED, lang, "compare"))
        loaded(page)
        no_exception(page)
        dropped = t("stored_dropped", lang, n=1, names="@@").split("@@")[0]
        expect(notice(page, dropped)).to_be_visible()
        expect(main(page).get_by_text(re.compile("x{30}"))).to_be_visible()
        Shots(screenshots, "browser-copy-dropped")(page, "named")
        assert saved_names(page, lang) == ["Gardé"]
        save_scenario(page, lang, "Nouveau")
        assert [p.name for p in stored(page)] == ["Gardé", "Nouveau"]
    finally:
        page.context.close()


# --- a link with rule parameters the programme refuses ---------------------------------
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_link_with_a_threshold_above_the_scale_is_refused_and_no_page_breaks(
    browser: Browser, app_url, lang: Lang
):
    plan = Scenario(
        programme="m2-im-2025",
        track="fi",
        option="mds",
        parameters=Parameters(threshold=1000),
    )
    page = open_page(browser, plan_url(app_url, plan, lang), lang)
    try:
        refused = t("link_refused", lang, reason="@@").split("@@")[0]
        expect(notice(page, refused)).to_be_visible()
        expect(programme_box(page, lang)).to_have_value("")
        for key in ("page_odds", "page_rules", "page_grades"):
            go_to(page, lang, key)
            no_exception(page)
        assert address_plan(page) is None
    finally:
        page.context.close()
