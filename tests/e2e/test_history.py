"""The browser's history holds one entry per page the student sees: the address bar keeps
the plan up to date without adding entries, so Back goes back one page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, expect

from planner.scenario import Scenario
from tests.e2e.test_advisor import PLAN, go_to, main
from tests.e2e.test_journey import LOCALES, TIMEOUT, Shots, settle
from ui.i18n import t

pytestmark = pytest.mark.e2e

# Each page the student goes to, by its title in the sidebar, and the heading it shows.
PAGES = (
    ("page_grades", "grades", "grades_title"),
    ("page_catalogue", "catalogue", "catalogue_title"),
    ("page_rules", "rules", "rules_title"),
)


def test_each_page_switch_adds_one_history_entry_and_back_returns_to_the_last_page(
    browser: Browser, app_url, screenshots
):
    lang = "en"
    shot = Shots(screenshots, "history")
    context = browser.new_context(locale=LOCALES[lang], viewport={"width": 1400, "height": 900})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    try:
        before = page.evaluate("history.length")
        # A bookmark without the language: the first run writes it in the address.
        page.goto(f"{app_url}/?plan={PLAN.to_url()}")
        settle(page)
        page.wait_for_function(f"new URLSearchParams(location.search).get('lang') === '{lang}'")
        # The first page is one entry, though its run rewrote the address.
        assert page.evaluate("history.length") == before + 1
        opened = page.evaluate("history.length")
        for page_key, path, _ in PAGES:
            go_to(page, lang, page_key)
            assert urlsplit(page.url).path == f"/{path}"
        assert page.evaluate("history.length") == opened + len(PAGES)
        shot(page, "third-page")

        page.go_back()
        settle(page)
        _, path, title = PAGES[-2]
        assert urlsplit(page.url).path == f"/{path}"
        expect(main(page).get_by_role("heading", name=t(title, lang), level=1)).to_be_visible()
        # The entry still holds the plan, as the address bar did on that page.
        assert Scenario.from_url(parse_qs(urlsplit(page.url).query)["plan"][0]) == PLAN
        shot(page, "back")
    finally:
        context.close()
