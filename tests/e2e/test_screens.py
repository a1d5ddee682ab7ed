"""Compare and Catalogue in a real browser at 1400 px wide (issue 11, section 4): four
options side by side fit the page with no label cut, their selection survives leaving the
page, the scenario tables do not scroll inside, and the catalogue's defaults."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.scenario import Scenario
from planner.search import search_courses
from tests.e2e.test_advisor import go_to, main, plan_url
from tests.e2e.test_journey import CATALOGUE, IM, SL, SPEC4, Shots, no_exception, pick
from tests.e2e.test_nothing_lost import my_scenarios, open_page, save_scenario
from ui.i18n import t

pytestmark = pytest.mark.e2e

IM_FI_MDS = Scenario(
    programme=IM,
    track="fi",
    option="mds",
    choices=("advanced-optimization", "geometric-statistics", "statistical-learning-graphs"),
)
FOUR = ("mds", "mmv", "imaf", "sd")

# What overflows, measured in the page: the document sideways, the table's own box, and
# each header or cell whose text is wider than the cell (cut, or wrapped out of sight).
OVERFLOW = """(table) => {
    const cut = [...table.querySelectorAll('th, td')]
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
        .map((cell) => cell.innerText);
    let box = table.parentElement;
    return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        table: table.getBoundingClientRect().right - box.getBoundingClientRect().right,
        box: box.scrollWidth - box.clientWidth,
        cut,
    };
}"""
# A dataframe's inner scroller: how many pixels of columns are hidden beside its box.
SIDEWAYS = """(frame) => {
    const scroller = frame.querySelector('.dvn-scroller');
    return scroller.scrollWidth - scroller.clientWidth;
}"""
# A table's box: how many pixels of rows are hidden below it.
HIDDEN_ROWS = """(frame) => {
    const box = frame.querySelector('table').parentElement;
    return box.scrollHeight - box.clientHeight;
}"""


def option_name(option: str) -> str:
    return next(o.name for o in CATALOGUE.get(IM).options if o.id == option)


def side_by_side_table(page: Page):
    return main(page).locator("[data-testid='stTable'] table").first


# French only: its labels are the longer ones, so what fits in French fits in English
# (CI time; the accessibility walk opens these pages in both languages).
@pytest.mark.parametrize("lang", ["fr"])
def test_four_options_fit_the_page_and_are_kept_across_pages(browser, app_url, screenshots, lang):
    shot = Shots(screenshots, f"compare-four-{lang}")
    page = open_page(browser, plan_url(app_url, IM_FI_MDS, lang, "compare"), lang)
    try:
        box = main(page).get_by_role("combobox", name=t("option", lang))
        for option in FOUR[2:]:
            pick(page, box, option_name(option))
        main(page).locator("h1").click()
        table = side_by_side_table(page)
        headers = table.locator("th")
        expect(headers).to_have_count(5)
        assert headers.all_inner_texts()[1:] == [option_name(o) for o in FOUR]
        measured = table.evaluate(OVERFLOW)
        shot(page, "side-by-side")
        assert measured["page"] <= 0 and measured["table"] <= 0, measured  # no sideways scroll
        assert measured["box"] <= 0 and measured["cut"] == [], measured  # nothing cut
        if lang == "fr":
            text = table.inner_text().replace("\u00a0", " ")
            assert "ECTS non publiés" in text and "non publié ECTS" not in text
        go_to(page, lang, "page_catalogue")
        go_to(page, lang, "page_compare")
        headers = side_by_side_table(page).locator("th")
        expect(headers).to_have_count(5)
        assert headers.all_inner_texts()[1:] == [option_name(o) for o in FOUR]
        no_exception(page)
    finally:
        page.context.close()


# French only: its labels are the longer ones, so what fits in French fits in English
# (CI time; the accessibility walk opens these pages in both languages).
@pytest.mark.parametrize("lang", ["fr"])
def test_scenario_tables_show_every_row_without_an_inner_scroll(
    browser, app_url, screenshots, lang
):
    shot = Shots(screenshots, f"compare-scenarios-{lang}")
    a = Scenario(programme=SL, choices=SPEC4, grades={"apprentissage-statistique": 40})
    b = a.model_copy(update={"grades": {"apprentissage-statistique": 60}})
    page = open_page(browser, plan_url(app_url, a, lang, "compare"), lang)
    try:
        save_scenario(page, lang, "Plan A")
        page.goto(plan_url(app_url, b, lang, "compare"))
        page.wait_for_selector("[data-test-script-state='notRunning']")
        save_scenario(page, lang, "Plan B")
        panel = my_scenarios(page, lang)
        frames = panel.locator("[data-testid='stTable']")
        expect(frames).to_have_count(2)
        frames.last.scroll_into_view_if_needed()
        shot(page, "two-scenarios")
        for index in range(2):
            assert frames.nth(index).evaluate(HIDDEN_ROWS) <= 0
        course = CATALOGUE.get(SL).course("apprentissage-statistique").name
        expect(frames.first).to_contain_text(t("diff_grade", lang, course=course))
        no_exception(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_catalogue_shows_only_my_plan_by_default(browser, app_url, screenshots, lang):
    shot = Shots(screenshots, f"catalogue-{lang}")
    fa = IM_FI_MDS.model_copy(update={"track": "fa"})
    page = open_page(browser, plan_url(app_url, fa, lang, "catalogue"), lang)
    try:
        toggle = main(page).get_by_role("switch", name=t("filter_plan", lang))
        expect(toggle).to_be_checked()
        mine = search_courses(CATALOGUE.get(IM), "fa", "mds")
        expect(main(page).get_by_text(t("results", lang, n=len(mine)), exact=True)).to_be_visible()
        shot(page, "only-my-plan")
        toggle.click(force=True)
        page.wait_for_selector("[data-test-script-state='notRunning']")
        every = search_courses(CATALOGUE.get(IM), "fa", "mds", only_plan=False)
        expect(main(page).get_by_text(t("results", lang, n=len(every)), exact=True)).to_be_visible()
        shot(page, "whole-track")
        # Every column in view, each as wide as its text (tests/app/test_screens.py).
        assert main(page).locator("[data-testid='stDataFrame']").evaluate(SIDEWAYS) <= 0
        no_exception(page)
    finally:
        page.context.close()
