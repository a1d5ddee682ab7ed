"""Accessibility (RGAA, i.e. WCAG 2.1 AA): axe-core, the engine behind Lighthouse, finds no
violation on any page, in French and in English, with a plan open; each page has its own
tab title, says which language it is in, and shows no sentence of the app's own (the
message catalogue, the programmes' notes) in the other language.

axe-core is vendored (tests/e2e/vendor/axe-core, MPL-2.0) and injected into each page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from planner.scenario import Scenario
from tests.e2e.language import foreign_on_page
from tests.e2e.test_advisor import plan_url
from tests.e2e.test_journey import IM, SL, SPEC4, open_app, settle
from ui.i18n import t

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PLANS = {
    SL: Scenario(
        programme=SL,
        choices=SPEC4,
        grades={"apprentissage-statistique": 30, "estimation-non-parametrique": 55},
    ),
    IM: Scenario(
        programme=IM,
        track="fi",
        option="mds",
        choices=("advanced-optimization", "geometric-statistics", "statistical-learning-graphs"),
    ),
}
RUN_AXE = """async () => {
    const result = await axe.run(document, {
        runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    });
    return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
    }));
}"""


def violations(page: Page) -> list[dict]:
    page.add_script_tag(content=AXE)
    return page.evaluate(RUN_AXE)


PAGE_KEYS = {
    "": "page_plan",
    "grades": "page_grades",
    "catalogue": "page_catalogue",
    "odds": "page_odds",
    "compare": "page_compare",
    "rules": "page_rules",
    "calendar": "page_calendar",
    "programme": "page_programme",
}


@pytest.mark.parametrize("programme", list(PLANS))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_is_accessible_titled_and_in_one_language(browser, app_url, lang, programme):
    page = open_app(browser, plan_url(app_url, PLANS[programme], lang), lang)
    try:
        page.wait_for_timeout(1200)  # a new visit's second run (the saved scenarios read)
        settle(page)
        found, titles, foreign, marked = {}, {}, {}, {}
        for key in PAGE_KEYS.values():
            # Through the sidebar, as a student goes: one session, the plan kept.
            page.get_by_test_id("stSidebar").get_by_role("link", name=t(key, lang)).click()
            settle(page)
            titles[key] = page.title()
            marked[key] = page.evaluate("document.documentElement.lang")
            # Every text the page holds, in closed expanders and other tabs too.
            if other := foreign_on_page(page.evaluate("document.body.textContent"), lang):
                foreign[key] = other
            if problems := violations(page):
                found[key] = problems
        assert found == {}, found
        assert foreign == {}, foreign  # no sentence of the app's own in the other language
        assert marked == dict.fromkeys(PAGE_KEYS.values(), lang)
        assert titles == {
            key: f"{t(key, lang)} — {t('app_short_title', lang)}" for key in PAGE_KEYS.values()
        }
    finally:
        page.context.close()
