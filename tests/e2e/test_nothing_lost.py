"""Nothing is lost, in a real browser: a reload (F5), a reopened tab and a server restart
bring back the plan (from the address bar) and the saved scenarios (from the browser's
localStorage); « Reset everything » forgets both.

Plans are opened through `?plan=<token>` (the app's share format); one grade is typed in
the Grades sheet, as a student would, so that what comes back is what was typed and not
only what the link held. Expected texts come from ui.i18n.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from planner.messages import Lang
from planner.scenario import SavedPlan, Scenario
from tests.e2e import conftest
from tests.e2e.test_advisor import go_to, grade_table, main, notice, plan_url
from tests.e2e.test_hostile_input import STAGE
from tests.e2e.test_journey import (
    CATALOGUE,
    LOCALES,
    SL,
    SPEC4,
    TIMEOUT,
    Shots,
    grade_table_rows,
    no_exception,
    programme_label,
    settle,
    sidebar,
    type_grade,
)
from ui.browser_store import STORAGE_KEY
from ui.i18n import t

pytestmark = pytest.mark.e2e

# The internship grade is left empty by the link: the student types it.
LINKED = Scenario(
    programme=SL, choices=tuple(sorted(SPEC4)), grades={"estimation-non-parametrique": 55}
)
TYPED = LINKED.model_copy(update={"grades": {**LINKED.grades, "stage": 73.0}})
STORE_READ_WAIT = 1.5  # seconds: the browser's answer to the once-per-session read reruns


# --- helpers -----------------------------------------------------------------------------
def open_page(browser: Browser, url: str, lang: Lang, **context: object) -> Page:
    viewport = context.pop("viewport", {"width": 1400, "height": 1400})
    browser_context = browser.new_context(locale=LOCALES[lang], viewport=viewport, **context)
    browser_context.set_default_timeout(TIMEOUT)
    page = browser_context.new_page()
    page.goto(url)
    loaded(page)
    return page


def loaded(page: Page) -> None:
    """The first run is over, and so is the rerun the storage read brings a moment later."""
    settle(page)
    time.sleep(STORE_READ_WAIT)
    settle(page)


def reload(page: Page) -> None:
    page.reload()
    loaded(page)


def address_plan(page: Page) -> Scenario | None:
    tokens = parse_qs(urlsplit(page.url).query).get("plan")
    return Scenario.from_url(tokens[0]) if tokens else None


def stored(page: Page) -> list[SavedPlan] | None:
    """The saved scenarios as the browser holds them (None: the key is absent)."""
    text = page.evaluate("(key) => window.localStorage.getItem(key)", STORAGE_KEY)
    if text is None:
        return None
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("m2-planner-scenario", 2)
    return [SavedPlan.model_validate(item) for item in data["saved"]]


def my_scenarios(page: Page, lang: Lang) -> Locator:
    """Compare → My scenarios, opened; its panel."""
    tab = main(page).get_by_role("tab", name=t("tab_saved", lang))
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    return main(page).get_by_role("tabpanel").filter(visible=True)


def save_scenario(page: Page, lang: Lang, name: str) -> None:
    panel = my_scenarios(page, lang)
    box = panel.get_by_role("textbox", name=t("scenario_name", lang))
    box.fill(name)
    box.press("Enter")
    settle(page)
    # Again: a notice that goes away on this rerun moves the tabs, which then show the
    # first one.
    panel = my_scenarios(page, lang)
    panel.get_by_role("button", name=t("save_scenario", lang), exact=True).click()
    settle(page)
    expect(notice(page, t("scenario_saved", lang, name=name))).to_be_visible()


def saved_names(page: Page, lang: Lang) -> list[str]:
    """The scenarios the My scenarios table shows, by their column headers (after the row
    labels' own, which names nothing: no scenario name can take its place)."""
    table = my_scenarios(page, lang).locator("[data-testid='stTable']").last
    headers = table.locator("thead th")
    expect(headers.first).to_have_text("")
    return headers.all_inner_texts()[1:]


def expect_stage_grade(page: Page, lang: Lang, grade: float | None) -> None:
    """The Grades page's session-1 sheet shows `grade` for the internship."""
    rows = grade_table_rows(SL)
    shown = grade_table(page, len(rows))
    assert shown[CATALOGUE.get(SL).course("stage").name] == (grade, False)


def type_stage_grade(page: Page, value: str) -> None:
    type_grade(page, STAGE, value)


def close(page: Page) -> None:
    page.context.close()


# --- tests -------------------------------------------------------------------------------
def test_a_reload_brings_back_the_plan_the_typed_grade_and_the_saved_scenario(
    browser: Browser, app_url, screenshots
):
    lang: Lang = "fr"
    shot = Shots(screenshots, "nothing-lost-reload")
    page = open_page(browser, plan_url(app_url, LINKED, lang, "grades"), lang)
    try:
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        type_stage_grade(page, "73")
        expect_stage_grade(page, lang, 73.0)
        assert address_plan(page) == TYPED  # the address bar is the save
        go_to(page, lang, "page_compare")
        assert stored(page) == []  # nothing saved yet (the browser keeps the plan only)
        save_scenario(page, lang, "Mon plan")
        assert saved_names(page, lang) == ["Mon plan"]
        assert stored(page) == [SavedPlan(name="Mon plan", plan=TYPED)]
        assert urlsplit(page.url).path == "/compare"
        shot(page, "saved")

        reload(page)  # F5: a new session on the same address
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value(
            programme_label(SL)
        )
        assert saved_names(page, lang) == ["Mon plan"]
        shot(page, "reloaded-compare")
        assert stored(page) == [SavedPlan(name="Mon plan", plan=TYPED)]
        assert address_plan(page) == TYPED
        go_to(page, lang, "page_grades")
        expect_stage_grade(page, lang, 73.0)
        no_exception(page)
        shot(page, "reloaded-grades")
    finally:
        close(page)


def test_a_reopened_tab_brings_back_the_plan_and_the_saved_scenario(browser: Browser, app_url):
    """A tab closed and opened again at the same address (same browser profile, so the same
    localStorage): a new session, nothing held by the server, everything back."""
    lang: Lang = "en"
    page = open_page(browser, plan_url(app_url, TYPED, lang, "compare"), lang)
    context = page.context
    try:
        save_scenario(page, lang, "Kept")
        address = page.url
        page.close()
        page = context.new_page()
        page.goto(address)
        loaded(page)
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        assert saved_names(page, lang) == ["Kept"]
        assert address_plan(page) == TYPED
        assert stored(page) == [SavedPlan(name="Kept", plan=TYPED)]
        no_exception(page)
    finally:
        context.close()


def reset_everything(page: Page, lang: Lang) -> None:
    sidebar(page).get_by_role("button", name=t("reset", lang)).click()
    confirm = page.get_by_role("button", name=t("reset_yes", lang))
    expect(confirm).to_be_visible()
    expect(page.get_by_text(t("reset_confirm", lang))).to_be_visible()
    confirm.click()
    settle(page)


def test_reset_everything_then_reload_brings_nothing_back(browser: Browser, app_url, screenshots):
    lang: Lang = "fr"
    shot = Shots(screenshots, "nothing-lost-reset")
    page = open_page(browser, plan_url(app_url, TYPED, lang, "compare"), lang)
    try:
        save_scenario(page, lang, "À oublier")
        assert stored(page) == [SavedPlan(name="À oublier", plan=TYPED)]
        # Opening the popover asks; it forgets nothing by itself.
        sidebar(page).get_by_role("button", name=t("reset", lang)).click()
        expect(page.get_by_role("button", name=t("reset_yes", lang))).to_be_visible()
        shot(page, "asks")
        page.keyboard.press("Escape")
        settle(page)
        assert address_plan(page) == TYPED
        assert stored(page) is not None

        reset_everything(page, lang)
        expect(notice(page, t("reset_done", lang))).to_be_visible()
        expect(main(page).get_by_text(t("empty_programme", lang))).to_be_visible()
        assert address_plan(page) is None
        assert parse_qs(urlsplit(page.url).query).get("lang") == [lang]
        assert stored(page) is None  # the key itself is removed
        shot(page, "done")

        reload(page)
        expect(main(page).get_by_text(t("empty_programme", lang))).to_be_visible()
        expect(notice(page, t("link_restored", lang))).to_have_count(0)
        expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value("")
        assert address_plan(page) is None
        assert not {"programme", "track", "option"} & set(parse_qs(urlsplit(page.url).query))
        assert stored(page) is None
        no_exception(page)
    finally:
        close(page)


@pytest.fixture
def restartable_server(repo_root: Path, chromium_path: str, tmp_path) -> Iterator:
    """A server of this test's own (the shared one stays up for the other tests), started
    again on the same port, as Community Cloud wakes an app at the same address."""
    server = conftest.StreamlitServer(repo_root, tmp_path / "server.log")
    try:
        server.ensure_running()
        yield server
    finally:
        server.stop()


def restart_on_the_same_port(server, monkeypatch) -> None:
    url = server.url
    server.stop()  # every session on the server is gone
    port = urlsplit(url).port
    monkeypatch.setattr(conftest, "_free_port", lambda: port)
    server.ensure_running()
    assert server.url == url


def test_a_server_restart_loses_nothing_the_address_bar_and_the_browser_hold(
    browser: Browser, restartable_server, monkeypatch, screenshots
):
    """The server is stopped and started again on the same port (one restart, for CI
    time). The open tab reconnects by itself, and a page switch in it is a new session on
    the new server that keeps the plan. The reload that follows (or a woken Community
    Cloud app's first request) is a new session too, restored from the address bar and the
    browser's storage, with the notice."""
    lang: Lang = "fr"
    server = restartable_server
    page = open_page(browser, plan_url(server.url, LINKED, lang, "grades"), lang)
    try:
        type_stage_grade(page, "73")
        go_to(page, lang, "page_compare")
        save_scenario(page, lang, "Avant le redémarrage")
        restart_on_the_same_port(server, monkeypatch)
        time.sleep(5)  # the tab reconnects by itself
        go_to(page, lang, "page_rules")
        loaded(page)
        assert address_plan(page) == TYPED
        expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value(
            programme_label(SL), timeout=5_000
        )
        go_to(page, lang, "page_compare")
        reload(page)
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        assert saved_names(page, lang) == ["Avant le redémarrage"]
        assert address_plan(page) == TYPED
        assert stored(page) == [SavedPlan(name="Avant le redémarrage", plan=TYPED)]
        Shots(screenshots, "nothing-lost-restart")(page, "restored")
        go_to(page, lang, "page_grades")
        expect_stage_grade(page, lang, 73.0)
        no_exception(page)
    finally:
        close(page)


def test_on_a_phone_a_reload_brings_back_the_plan_and_the_saved_scenario(
    browser: Browser, app_url, screenshots
):
    lang: Lang = "fr"
    shot = Shots(screenshots, "nothing-lost-phone")
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    page = open_page(browser, plan_url(app_url, TYPED, lang, "compare"), lang, **phone)
    try:
        save_scenario(page, lang, "Sur mon téléphone")
        reload(page)
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        assert saved_names(page, lang) == ["Sur mon téléphone"]
        assert address_plan(page) == TYPED
        assert stored(page) == [SavedPlan(name="Sur mon téléphone", plan=TYPED)]
        no_exception(page)
        shot(page, "reloaded")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        close(page)
