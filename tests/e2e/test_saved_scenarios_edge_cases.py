"""The smaller ways a saved scenario or a file could mislead or stall a student, in a real
browser: a scenario named « Scénario » stays a column, never the rows' labels; saved plans
of a programme this app does not have are named and can be removed, which frees Save; a
scenario file saved with a byte-order mark (as Notepad saves) opens."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, expect

from planner.messages import Lang
from planner.scenario import SavedPlan, Scenario
from tests.e2e.test_advisor import main, notice, plan_url, upload
from tests.e2e.test_journey import SL, no_exception, programme_label, sidebar
from tests.e2e.test_nothing_lost import (
    LINKED,
    TYPED,
    loaded,
    my_scenarios,
    open_page,
    save_scenario,
    saved_names,
    stored,
)
from ui.browser_store import STORAGE_KEY
from ui.i18n import t

pytestmark = pytest.mark.e2e


def entry(name: str, plan: Scenario) -> dict:
    return SavedPlan(name=name, plan=plan).model_dump(mode="json", exclude_defaults=True)


@pytest.mark.parametrize(("lang", "name"), [("fr", "Scénario"), ("en", "Scenario")])
def test_a_scenario_named_like_the_tables_label_stays_a_column(
    browser: Browser, app_url, lang: Lang, name: str
):
    page = open_page(browser, plan_url(app_url, TYPED, lang, "compare"), lang)
    try:
        save_scenario(page, lang, name)
        assert saved_names(page, lang) == [name]
        table = my_scenarios(page, lang).locator("[data-testid='stTable']").last
        # The rows keep their own labels: the programme's row is still there.
        expect(table).to_contain_text(t("programme", lang))
        no_exception(page)
    finally:
        page.context.close()


def test_saved_plans_of_a_retired_programme_are_named_and_removing_them_frees_save(
    browser: Browser, app_url, screenshots
):
    lang: Lang = "en"
    page = open_page(browser, f"{app_url}/?lang={lang}", lang)
    try:
        copy = {
            "format": "m2-planner-scenario",
            "version": 2,
            "saved": [
                entry(f"Old {n}", Scenario(programme="m2-retired-2019", grades={"x": 12.0 + n}))
                for n in range(3)
            ]
            + [entry("Kept", LINKED)],
        }
        page.evaluate(
            "([key, text]) => localStorage.setItem(key, text)", [STORAGE_KEY, json.dumps(copy)]
        )
        page.goto(plan_url(app_url, TYPED, lang, "compare"))
        loaded(page)
        panel = my_scenarios(page, lang)
        for n in range(3):
            expect(panel.get_by_text(f"“Old {n}” cannot be shown")).to_be_visible()
        save = panel.get_by_role("button", name=t("save_scenario", lang), exact=True)
        expect(save).to_be_disabled()  # four places, three of them unusable
        page.screenshot(path=screenshots / "saved-unusable-named.png")
        panel.get_by_role("button", name=t("remove_unusable", lang, n=3)).click()
        loaded(page)
        assert saved_names(page, lang) == ["Kept"]
        assert [p.name for p in stored(page)] == ["Kept"]
        save_scenario(page, lang, "New")
        assert saved_names(page, lang) == ["Kept", "New"]
        no_exception(page)
    finally:
        page.context.close()


def test_a_scenario_file_with_a_byte_order_mark_opens(browser: Browser, app_url):
    lang: Lang = "fr"
    page = open_page(browser, f"{app_url}/?lang={lang}", lang)
    try:
        upload(page, "plan.json", b"\xef\xbb\xbf" + LINKED.to_json().encode())
        expect(notice(page, t("file_loaded", lang, name="plan.json"))).to_be_visible()
        expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value(
            programme_label(SL)
        )
        expect(main(page).get_by_text(t("empty_programme", lang))).to_have_count(0)
        no_exception(page)
    finally:
        page.context.close()
