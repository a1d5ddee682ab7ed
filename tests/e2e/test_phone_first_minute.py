"""A student's first minute on a phone (390×844, a phone browser's user agent), in French
and English: the first page asks for the programme, then its track and option, in the page
itself (the sidebar is hidden behind its » button); a choice made in the sidebar closes
it, so that the page it changed is seen; the share dialog has a visible button that
copies the link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from planner.engine import course_count
from planner.messages import Lang
from tests.e2e.test_advisor import main, open_share_and_save
from tests.e2e.test_journey import CATALOGUE, IM, SL, Shots, no_exception, programme_label
from tests.e2e.test_phone import PHONE, no_sideways_scroll, open_phone, open_sidebar, tap_option
from ui.i18n import t

pytestmark = pytest.mark.e2e

TRACK, OPTION = "fi", "mds"


def in_view(element: Locator) -> None:
    """Drawn within the phone's screen as the page opens, without scrolling."""
    expect(element).to_be_visible()
    box = element.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def expect_sidebar_closed(page: Page) -> None:
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()


def choose_in_page(page: Page, lang: Lang, key: str, option: str) -> None:
    """Tap the page's own picker of `key` (programme, track, option) and an option in it."""
    box = main(page).get_by_role("combobox", name=t(key, lang))
    in_view(box)
    tap_option(page, box, option)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_first_page_asks_for_the_programme_track_and_option_in_the_page(
    browser: Browser, app_url, screenshots, lang: Lang
):
    shot = Shots(screenshots, f"phone-first-minute-{lang}")
    page = open_phone(browser, app_url, lang)
    try:
        expect_sidebar_closed(page)
        in_view(main(page).get_by_text(t("empty_programme", lang), exact=True))
        shot(page, "asked")
        im = CATALOGUE.get(IM)
        choose_in_page(page, lang, "programme", programme_label(IM))
        missing = f" {t('and', lang)} ".join([t("track", lang).lower(), t("option", lang).lower()])
        in_view(main(page).get_by_text(t("empty_track_option", lang, missing=missing)))
        expect_sidebar_closed(page)
        shot(page, "programme-chosen")
        choose_in_page(page, lang, "track", next(tr.name for tr in im.tracks if tr.id == TRACK))
        choose_in_page(page, lang, "option", next(o.name for o in im.options if o.id == OPTION))
        # The plan itself: its choices, the sidebar still closed, nothing asked any more.
        in_view(main(page).get_by_role("heading", name=t("your_choices", lang)))
        expect(main(page).get_by_role("combobox", name=t("programme", lang))).to_have_count(0)
        expect_sidebar_closed(page)
        no_exception(page)
        no_sideways_scroll(page)
        shot(page, "plan")

        # The sidebar's pickers say the same, and a choice made there closes it.
        open_sidebar(page)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_role("combobox", name=t("programme", lang))).to_have_value(
            programme_label(IM)
        )
        tap_option(
            page, sidebar.get_by_role("combobox", name=t("programme", lang)), programme_label(SL)
        )
        expect_sidebar_closed(page)
        unit = CATALOGUE.get(SL).unit("specialisation")
        label = t("choose_n", lang, choose=course_count(unit).text(lang), count=len(unit.courses))
        # The unit's rule, above its courses' checkboxes.
        in_view(main(page).get_by_text(label))
        shot(page, "chosen-in-the-sidebar")
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_share_dialog_has_a_visible_button_that_copies_the_link(
    browser: Browser, app_url, screenshots, lang: Lang
):
    shot = Shots(screenshots, f"phone-copy-link-{lang}")
    page = open_phone(browser, app_url, lang)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    try:
        choose_in_page(page, lang, "programme", programme_label(SL))
        open_sidebar(page)
        dialog = open_share_and_save(page, lang)
        link = dialog.locator("code").inner_text().strip()
        # Seen without hovering or tapping anything first.
        button = dialog.get_by_role("button", name=t("copy_link", lang), exact=True)
        expect(button).to_be_visible()
        shot(page, "dialog")
        button.tap()
        expect(dialog.get_by_role("status")).to_have_text(t("link_copied", lang))
        assert page.evaluate("navigator.clipboard.readText()") == link
        shot(page, "copied")
    finally:
        page.context.close()
