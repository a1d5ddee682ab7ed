"""« Open a saved plan » in a real browser: the app's own file picker (ui/file_input.py,
static/elements.js `fileInput`) in the app's language, with none of Streamlit's English
upload box; a saved file opens the plan it holds and merges its saved scenarios; a file
above 64 KB or not UTF-8 is refused at the field, before anything is sent, and the plan
stays. What the server makes of a file's text is tests/unit/test_opened_plan_files.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from planner.messages import Lang
from planner.scenario import MAX_JSON_BYTES, SavedPlan, Scenario
from tests.e2e.test_advisor import PLAN, expect_plan, file_field, main, notice, plan_url, upload
from tests.e2e.test_journey import IM, SL, Shots, no_exception, programme_label, sidebar
from tests.e2e.test_nothing_lost import LINKED, loaded, open_page, save_scenario, saved_names
from ui.i18n import t

pytestmark = pytest.mark.e2e

KB = MAX_JSON_BYTES // 1024
OTHER = Scenario(
    programme=IM,
    track="fi",
    option="mds",
    choices=("advanced-optimization", "geometric-statistics", "statistical-learning-graphs"),
    grades={"geometric-statistics": 12.0},
)
# Streamlit's upload box, in English whatever the app's language.
STREAMLIT_ENGLISH = ("Upload", "Browse files", "per file", "Drag and drop", "file upload")


def field(page: Page) -> Locator:
    """The picker's whole field (label, button, file chosen, help, refusal)."""
    return sidebar(page).locator(".m2-file")


def refused_at_field(page: Page) -> Locator:
    return field(page).get_by_role("alert")


def choose(page: Page, name: str, data: bytes) -> None:
    """Choose a file the browser refuses itself: no rerun follows, so none is awaited."""
    file_field(page).set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": data}]
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_picker_speaks_the_apps_language_and_streamlits_upload_box_is_gone(
    browser: Browser, app_url, lang: Lang, screenshots
):
    page = open_page(browser, f"{app_url}/?lang={lang}", lang)
    try:
        loaded(page)
        expect(field(page)).to_contain_text(t("upload", lang, kb=KB))
        expect(field(page)).to_contain_text(t("upload_choose", lang))
        expect(field(page)).to_contain_text(t("upload_none_chosen", lang))
        # The input itself: named by the field's label and its button, for a screen reader.
        expect(file_field(page)).to_have_accessible_name(
            f"{t('upload', lang, kb=KB)} {t('upload_choose', lang)}"
        )
        expect(file_field(page)).to_have_attribute("accept", ".json,application/json")
        expect(sidebar(page).locator("[data-testid='stFileUploader']")).to_have_count(0)
        shown = " ".join([sidebar(page).inner_text(), field(page).inner_text()])
        for english in STREAMLIT_ENGLISH:
            assert english not in shown, english
        Shots(screenshots, f"open-saved-plan-{lang}")(page, "empty")
    finally:
        page.context.close()


def test_the_picker_is_reached_with_the_keyboard_and_shows_its_focus(browser: Browser, app_url):
    lang: Lang = "fr"
    page = open_page(browser, f"{app_url}/?lang={lang}", lang)
    try:
        loaded(page)
        file_field(page).focus()
        expect(file_field(page)).to_be_focused()
        button = field(page).locator("label.pick")
        outline = button.evaluate("(node) => getComputedStyle(node).outlineStyle")
        assert outline == "solid"
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_saved_plan_file_opens_and_restores_the_plan(browser: Browser, app_url, lang: Lang):
    page = open_page(browser, f"{app_url}/grades?lang={lang}", lang)
    try:
        loaded(page)
        expect(main(page).get_by_text(t("empty_programme", lang))).to_be_visible()
        upload(page, "m2-plan.json", PLAN.to_json().encode())
        expect(notice(page, t("file_loaded", lang, name="m2-plan.json"))).to_be_visible()
        expect_plan(page, PLAN, lang)
        no_exception(page)
    finally:
        page.context.close()


def test_a_file_with_saved_scenarios_adds_those_the_session_lacks(browser: Browser, app_url):
    """A name already taken by another plan gets the next free one; a plan already kept
    (under any name) is not added twice."""
    lang: Lang = "fr"
    page = open_page(browser, plan_url(app_url, LINKED, lang, "compare"), lang)
    try:
        loaded(page)
        save_scenario(page, lang, "Plan A")
        assert saved_names(page, lang) == ["Plan A"]
        file = PLAN.model_copy(
            update={
                "saved": (
                    SavedPlan(name="Plan A", plan=OTHER),
                    SavedPlan(name="Le même", plan=LINKED),
                )
            }
        )
        upload(page, "mes-plans.json", file.to_json().encode())
        loaded_saved = t("file_loaded_saved", lang, name="mes-plans.json", n=1)
        expect(notice(page, loaded_saved)).to_be_visible()
        assert saved_names(page, lang) == ["Plan A", "Plan A (2)"]
        expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value(
            programme_label(SL)
        )
        no_exception(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_file_above_the_limit_is_refused_at_the_field_and_the_plan_stays(
    browser: Browser, app_url, lang: Lang, screenshots
):
    big = PLAN.to_json().encode()
    big += b" " * (MAX_JSON_BYTES + 4 * 1024 - len(big))  # a valid plan, padded past the limit
    page = open_page(browser, plan_url(app_url, LINKED, lang, "grades"), lang)
    try:
        loaded(page)
        sidebar(page).get_by_text(t("open_saved", lang), exact=True).click()
        choose(page, "big.json", big)
        too_large = t("file_too_large", lang, kb=KB)
        expect(refused_at_field(page)).to_have_text(
            t("file_refused", lang, name="big.json", reason=too_large)
        )
        expect(field(page)).to_contain_text("big.json")  # the file chosen, by name
        Shots(screenshots, f"open-saved-plan-{lang}")(page, "too-large")
        # Nothing was sent: no notice names the file (the link's own notice stays), and the
        # plan opened from the link is still the one.
        page.wait_for_timeout(1000)
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        expect(main(page).locator("[data-testid='stAlert']", has_text="big.json")).to_have_count(0)
        expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value(
            programme_label(SL)
        )
        # The next file chosen clears the refusal, and opens.
        upload(page, "m2-plan.json", PLAN.to_json().encode())
        expect(notice(page, t("file_loaded", lang, name="m2-plan.json"))).to_be_visible()
        expect(field(page).locator(".refused")).to_be_hidden()  # no refusal left
        no_exception(page)
    finally:
        page.context.close()


def test_a_file_that_is_not_utf8_text_is_refused_at_the_field(browser: Browser, app_url):
    lang: Lang = "fr"
    latin1 = PLAN.to_json().replace('"stage"', '"stagé"', 1).encode("latin-1")
    page = open_page(browser, f"{app_url}/?lang={lang}", lang)
    try:
        loaded(page)
        choose(page, "latin1.json", latin1)
        reason = t("refusal.not_utf8", lang)
        expect(refused_at_field(page)).to_have_text(
            t("file_refused", lang, name="latin1.json", reason=reason)
        )
        expect(main(page).get_by_text(t("empty_programme", lang))).to_be_visible()
    finally:
        page.context.close()
