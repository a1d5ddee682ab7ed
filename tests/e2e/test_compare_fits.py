"""Compare in a real browser (issue 29, items 5 and 6): on a phone no table's column is
cut (a table wider than the screen scrolls sideways in its own box, with every column
whole); at a desktop four scenarios' names are read whole; the view chosen survives a
language switch; a deleted scenario comes back with Undo, in the browser's copy too."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.messages import Lang
from planner.scenario import SavedPlan, Scenario
from planner.texts import language_name
from tests.e2e.test_accessibility import violations
from tests.e2e.test_advisor import main, plan_url
from tests.e2e.test_journey import IM, SL, Shots, no_exception, pick, settle, sidebar
from tests.e2e.test_nothing_lost import loaded, my_scenarios, open_page, stored
from tests.e2e.test_phone import IPHONE, PHONE
from ui.browser_store import STORAGE_KEY
from ui.i18n import t

pytestmark = pytest.mark.e2e

OPENED = Scenario(programme=IM, track="fi", option="sd")
# Four scenarios of two programmes, with long names (30 characters, the most a name has).
FOUR = {
    "M2 Statistique & Learning (A)": Scenario(programme=SL, grades={"stage": 45.0}),
    "M2 IM Sciences des Données FI": OPENED,
    "M2 IM Mathematics for DS (FA)": Scenario(programme=IM, track="fa", option="mds"),
    "Statistique & Learning, stage": Scenario(programme=SL, grades={"stage": 70.0}),
}

# Each table's box and cells, measured in the page: the box (Streamlit's scroller around
# the table) stays inside the screen, the table inside it is whole (its full width can be
# scrolled to), and no header or cell is wider than itself (cut, or wrapped out of sight).
MEASURE = """(frame) => {
    const table = frame.querySelector('table');
    const box = table.parentElement;
    const style = getComputedStyle(box);
    return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        boxRight: box.getBoundingClientRect().right - window.innerWidth,
        hidden: table.getBoundingClientRect().width - box.scrollWidth,
        scrolls: box.scrollWidth > box.clientWidth + 1,
        overflowX: style.overflowX,
        cut: [...table.querySelectorAll('th, td')]
            .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
            .map((cell) => cell.innerText),
    };
}"""


def keep_in_browser(page: Page, saved: dict[str, Scenario]) -> None:
    """The browser's copy holds `saved`, as a tab that saved them left it."""
    copy = {
        "format": "m2-planner-scenario",
        "version": 2,
        "saved": [
            SavedPlan(name=name, plan=plan).model_dump(mode="json", exclude_defaults=True)
            for name, plan in saved.items()
        ],
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORAGE_KEY, json.dumps(copy)])


def compare_with_four_saved(page: Page, app_url: str, lang: Lang) -> None:
    keep_in_browser(page, FOUR)
    page.goto(plan_url(app_url, OPENED, lang, "compare"))
    loaded(page)


def expect_nothing_cut(page: Page, tables: int) -> None:
    frames = main(page).locator("[data-testid='stTable']").filter(visible=True)
    expect(frames).to_have_count(tables)
    for index in range(tables):
        measured = frames.nth(index).evaluate(MEASURE)
        assert measured["page"] <= 0 and measured["boxRight"] <= 1, measured
        assert measured["hidden"] <= 1 and measured["cut"] == [], measured
        if measured["scrolls"]:  # wider than the screen: the box scrolls sideways
            assert measured["overflowX"] in ("auto", "scroll"), measured


@pytest.mark.parametrize("lang", ["fr"])  # French: the longer labels
def test_on_a_phone_no_compare_table_is_cut(browser: Browser, app_url, screenshots, lang):
    shot = Shots(screenshots, f"compare-phone-{lang}")
    context = browser.new_context(
        locale="fr-FR", viewport=PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang={lang}")
        settle(page)
        compare_with_four_saved(page, app_url, lang)
        expect_nothing_cut(page, 1)  # SD and MDS side by side
        shot(page, "side-by-side")
        my_scenarios(page, lang)
        loaded(page)
        expect_nothing_cut(page, 2)  # what differs, and the outcome
        shot(page, "my-scenarios")
        # A table that scrolls sideways can be reached and scrolled with a keyboard too.
        assert violations(page) == []
        no_exception(page)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_four_scenarios_names_are_read_whole_at_a_desktop(
    browser: Browser, app_url, screenshots, lang
):
    page = open_page(
        browser, f"{app_url}/?lang={lang}", lang, viewport={"width": 1400, "height": 900}
    )
    try:
        compare_with_four_saved(page, app_url, lang)
        panel = my_scenarios(page, lang)
        loaded(page)
        tables = panel.locator("[data-testid='stTable']")
        expect(tables).to_have_count(2)
        for index in range(2):
            names = tables.nth(index).locator("thead th")
            expect(names).to_have_count(1 + len(FOUR))
            assert names.all_inner_texts()[1:] == list(FOUR)  # every name, whole
            widths = names.evaluate_all(
                "(cells) => cells.map((c) => [c.scrollWidth, c.clientWidth])"
            )
            assert all(scroll <= client for scroll, client in widths), widths
        expect_nothing_cut(page, 2)
        Shots(screenshots, f"compare-four-scenarios-{lang}")(page, "names")
        assert violations(page) == []
        no_exception(page)
    finally:
        page.context.close()


def test_the_view_chosen_survives_a_language_switch(browser: Browser, app_url):
    page = open_page(browser, plan_url(app_url, OPENED, "fr", "compare"), "fr")
    try:
        my_scenarios(page, "fr")
        settle(page)
        sidebar(page).get_by_role("radio", name=language_name("en")).click()
        settle(page)
        tab = main(page).get_by_role("tab", name=t("tab_saved", "en"))
        expect(tab).to_have_attribute("aria-selected", "true")
        no_exception(page)
    finally:
        page.context.close()


def test_undo_puts_a_deleted_scenario_back_in_the_browsers_copy_too(
    browser: Browser, app_url, screenshots
):
    lang: Lang = "fr"
    shot = Shots(screenshots, "compare-undo-fr")
    page = open_page(
        browser, f"{app_url}/?lang={lang}", lang, viewport={"width": 1400, "height": 900}
    )
    try:
        compare_with_four_saved(page, app_url, lang)
        before = stored(page)
        assert [p.name for p in before or []] == list(FOUR)
        panel = my_scenarios(page, lang)
        gone = list(FOUR)[1]
        pick(page, panel.get_by_role("combobox", name=t("scenario", lang)), gone)
        my_scenarios(page, lang).get_by_role("button", name=t("delete_scenario", lang)).click()
        settle(page)
        panel = my_scenarios(page, lang)
        expect(panel.get_by_text(t("scenario_deleted", lang, name=gone))).to_be_visible()
        shot(page, "deleted")
        assert [p.name for p in stored(page) or []] == [n for n in FOUR if n != gone]
        panel.get_by_role("button", name=t("undo_delete", lang)).click()
        settle(page)
        expect(
            my_scenarios(page, lang).get_by_text(t("scenario_deleted", lang, name=gone))
        ).to_have_count(0)
        shot(page, "undone")
        assert stored(page) == before  # the same entries, in the same order
        no_exception(page)
    finally:
        page.context.close()
