"""« My programme » in Chromium, as a student of a programme not listed uses it: built from
nothing with three units (best 2 of 3; coefficients with a note éliminatoire; a compensation
group across two units), graded on the Grades page, shared by its link and opened in a
second browser that sees the same programme and verdicts; a copy of M2 IM with one rule
changed, whose verdicts follow; a unit built on a phone. The page's logic in AppTest:
tests/app/test_my_programme.py."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.messages import Lang
from planner.scenario import MAX_URL_CHARS
from tests.e2e.test_accessibility import violations
from tests.e2e.test_advisor import close_share_and_save
from tests.e2e.test_journey import (
    Shots,
    choose_in_sidebar,
    close_dropdowns,
    no_exception,
    pick,
    settle,
    sidebar,
    type_grade,
    unit_card,
)
from tests.e2e.test_nothing_lost import address_plan, open_page, reload
from ui.grade_sheet import field_label
from ui.i18n import t

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}


def main(page: Page):
    return page.locator("[data-testid='stMain']")


def go(page: Page, path: str) -> None:
    """Another page of the app, through the sidebar's menu (no reload); on a phone, the
    sidebar opened first."""
    opener = page.get_by_test_id("stExpandSidebarButton")
    if opener.is_visible():
        opener.click()
    sidebar(page).locator(f"a[href$='/{path}']").click()
    settle(page)


def press(page: Page, label: str) -> None:
    main(page).get_by_role("button", name=label, exact=True).click()
    settle(page)


def add(page: Page, field: str, name: str, button: str) -> None:
    main(page).get_by_label(field, exact=True).fill(name)
    press(page, button)


def tab(page: Page, name: str) -> None:
    main(page).get_by_role("tab", name=name, exact=True).click()
    settle(page)


def number(page: Page, label: str, value: str) -> None:
    field = main(page).get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")
    settle(page)


def add_unit(page: Page, lang: Lang, name: str, courses: list[str]) -> None:
    add(page, t("builder.new_unit_name", lang), name, t("builder.add_unit", lang))
    for course in courses:
        add(page, t("builder.new_course_name", lang), course, t("builder.add_course", lang))


def show_unit(page: Page, lang: Lang, name: str) -> None:
    pick(page, main(page).get_by_role("combobox", name=t("builder.unit_shown", lang)), name)


def rule_kind(page: Page, lang: Lang, kind_text: str) -> None:
    pick(page, main(page).get_by_role("combobox", name=t("builder.rule_kind", lang)), kind_text)


def build_three_units(page: Page, lang: Lang) -> None:
    """UE A: best 2 of 3; UE B: coefficients 2 and 1 with a note éliminatoire of 7; UE C:
    one course; B and C (6 ECTS each) compensate each other."""
    press(page, t("builder.start_blank", lang))
    tab(page, t("builder.tab_units", lang))
    add_unit(page, lang, "UE A", ["Probability", "Regression", "Bayes"])
    rule_kind(page, lang, t("builder.kind.best_k_mean", lang))
    add_unit(page, lang, "UE B", ["Stats", "Lab"])
    rule_kind(page, lang, t("builder.kind.weighted_mean", lang))
    number(page, t("builder.coefficient_of", lang, course="Stats"), "2")
    number(page, t("builder.course_floor", lang), "7")
    number(page, t("builder.unit_ects", lang), "6")
    add_unit(page, lang, "UE C", ["Project"])
    number(page, t("builder.unit_ects", lang), "6")
    tab(page, t("builder.tab_rules", lang))
    add(page, t("builder.new_group", lang), "Semester", t("builder.add_group", lang))
    members = main(page).get_by_role("combobox", name=t("builder.group_units", lang))
    for unit in ("UE B", "UE C"):
        pick(page, members, unit)
    close_dropdowns(page)


# A: (14 + 8) / 2 = 11 (the 3 not counted); B: (2×8 + 8) / 3 = 8, compensated by C's 13
# (the group's mean 10.5); then Lab at 6, below the floor, blocks the group.
GRADES = {"Probability": "14", "Regression": "3", "Bayes": "8", "Stats": "8", "Lab": "8"}
UNIT_OF = {"Probability": "UE A", "Regression": "UE A", "Bayes": "UE A", "Stats": "UE B"}
UNIT_OF |= {"Lab": "UE B", "Project": "UE C"}


def grade(page: Page, lang: Lang, course: str, value: str) -> None:
    type_grade(page, field_label(course, UNIT_OF[course], 1, lang), value)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_programme_built_from_nothing_is_judged_by_its_rules_and_travels_in_its_link(
    browser: Browser, app_url: str, lang: Lang, screenshots, tmp_path
):
    shots = Shots(screenshots, f"my-programme-{lang}")
    page = open_page(browser, f"{app_url}/programme?lang={lang}", lang)
    build_three_units(page, lang)
    expect(main(page)).to_contain_text(
        t("builder.ready_planned", lang, name=t("page_programme", lang))
    )
    assert violations(page) == []
    shots(page, "built")
    # Its file, as the page downloads it: check-catalogue accepts it as it is.
    tab(page, t("builder.tab_file", lang))
    with page.expect_download() as download:
        main(page).get_by_role("button", name=t("builder.download_yaml", lang)).click()
    exported = tmp_path / "my-programme.yaml"
    download.value.save_as(exported)
    checked = subprocess.run(
        [sys.executable, "-m", "planner", "check-catalogue", str(exported)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    go(page, "grades")
    for course, value in {**GRADES, "Project": "13"}.items():
        grade(page, lang, course, value)
    no_exception(page)
    expect(unit_card(page, "UE A")).to_contain_text(t("validated", lang))
    expect(unit_card(page, "UE B")).to_contain_text("CMP")
    expect(unit_card(page, "UE C")).to_contain_text(t("validated", lang))
    shots(page, "graded")
    # The note éliminatoire: Lab at 6 fails B whatever the mean, and holds the group.
    grade(page, lang, "Lab", "6")
    expect(unit_card(page, "UE B")).not_to_contain_text("CMP")
    cards = {u: unit_card(page, u).text_content() for u in ("UE A", "UE B", "UE C")}
    plan = address_plan(page)
    assert plan is not None and plan.own_programme is not None
    # The command line judges the plan by the exported file as by the programme the plan
    # carries: the same output.
    carried = tmp_path / "plan.json"
    carried.write_text(plan.to_json(), encoding="utf-8")
    bare = tmp_path / "bare.json"
    bare.write_text(plan.model_copy(update={"own_programme": None}).to_json(), encoding="utf-8")
    by_plan, by_file = (
        subprocess.run(
            [sys.executable, "-m", "planner", "evaluate", str(path), "--lang", lang, *extra],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for path, extra in ((carried, []), (bare, ["--catalogue", str(exported)]))
    )
    assert by_plan == by_file and "UE B" in by_plan
    # A classmate opens the link in another browser: the same programme, the same verdicts,
    # and the page says who entered its rules.
    other = open_page(browser, page.url, lang)
    no_exception(other)
    by_you, by_link = t("verdict_entered_by_you", lang), t("verdict_entered_by_link", lang)
    for unit, text in cards.items():
        expect(unit_card(other, unit)).to_be_visible()
        assert by_you in text
        assert unit_card(other, unit).text_content() == text.replace(by_you, by_link)
    expect(sidebar(other)).to_contain_text(t("origin.shared", lang))
    expect(sidebar(page)).to_contain_text(t("origin.built", lang))
    shots(other, "opened-from-the-link")
    other.context.close()
    page.context.close()


MANAGEMENT = "UE Management responsable et cadre juridique"  # M2 IM FI: one course


@pytest.mark.parametrize("lang", ["en"])  # French: the journey from nothing, and the phone
def test_a_copy_of_m2_im_follows_a_rule_changed_in_it(browser: Browser, app_url: str, lang: Lang):
    page = open_page(browser, f"{app_url}/programme?lang={lang}", lang)
    pick(page, main(page).get_by_role("combobox", name=t("builder.copy_of", lang)), "M2 IM")
    press(page, t("builder.copy", lang))
    copy_name = t("builder.copy_name", lang, programme="M2 IM")
    expect(main(page)).to_contain_text(t("builder.ready_planned", lang, name=copy_name))
    choose_in_sidebar(page, lang, "track", "FI (formation initiale)")
    choose_in_sidebar(page, lang, "option", "Mathematics for Data Science (MDS)")
    go(page, "grades")
    management = field_label(MANAGEMENT, MANAGEMENT, 1, lang)
    type_grade(page, management, "11")
    expect(unit_card(page, MANAGEMENT)).to_contain_text(t("validated", lang))
    # Copied, M2 IM (78 KB with its course descriptions) is too large for a link: « Share
    # and save » says so and offers its file; a reload loses nothing all the same (the
    # browser keeps the plan and the programme itself).
    sidebar(page).get_by_role("button", name=t("share_and_save", lang)).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(t("share.link_too_big", lang, kb=MAX_URL_CHARS // 1024))
    close_share_and_save(page)
    reload(page)
    expect(unit_card(page, MANAGEMENT)).to_contain_text(t("validated", lang))
    expect(unit_card(page, MANAGEMENT)).to_contain_text(t("verdict_entered_by_you", lang))
    # The copy's rule for that unit asks 12: the same grade no longer validates it.
    go(page, "programme")
    tab(page, t("builder.tab_units", lang))
    show_unit(page, lang, f"{MANAGEMENT} (FI (formation initiale))")
    number(page, t("builder.threshold", lang), "12")
    go(page, "grades")
    expect(unit_card(page, MANAGEMENT)).to_contain_text(t("failed", lang))
    no_exception(page)
    page.context.close()


@pytest.mark.parametrize("lang", ["fr"])  # English: the other journeys
def test_a_unit_is_built_on_a_phone(browser: Browser, app_url: str, lang: Lang, screenshots):
    page = open_page(browser, f"{app_url}/programme?lang={lang}", lang, **PHONE)
    press(page, t("builder.start_blank", lang))
    tab(page, t("builder.tab_units", lang))
    add_unit(page, lang, "UE 1", ["Probabilités", "Régression"])
    number(page, t("builder.threshold", lang), "12")
    for field in main(page).get_by_role("textbox").all():
        box = field.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    Shots(screenshots, f"my-programme-phone-{lang}")(page, "unit")
    go(page, "grades")
    type_grade(page, field_label("Probabilités", "UE 1", 1, lang), "14")
    type_grade(page, field_label("Régression", "UE 1", 1, lang), "11")
    expect(unit_card(page, "UE 1")).to_contain_text(t("validated", lang))
    no_exception(page)
    page.context.close()


HOSTILE_UNIT = "<img src=x onerror=alert(1)> **UE** [x](https://evil.example)"
HOSTILE_COURSE = "$x^2$ :red[Stats] `code` # Titre"


def test_names_typed_in_the_builder_are_drawn_as_text_everywhere(browser: Browser, app_url: str):
    lang: Lang = "en"
    page = open_page(browser, f"{app_url}/programme?lang={lang}", lang)
    press(page, t("builder.start_blank", lang))
    tab(page, t("builder.tab_units", lang))
    add_unit(page, lang, HOSTILE_UNIT, [HOSTILE_COURSE])
    # The button that removes the unit is named by the name as typed, no escape in it
    # (only the invisible word joiners that keep "https:" and ":red[" from being read as
    # markup, which a screen reader does not say).
    wanted = t("builder.remove_unit", lang, unit=HOSTILE_UNIT)
    names = [
        b.text_content().replace("\u2060", "").strip()
        for b in main(page).get_by_role("button").all()
    ]
    assert any(n.endswith(wanted) for n in names), names  # after the icon's own name
    for path in ("grades", "rules", ""):
        go(page, path)
        no_exception(page)
        assert (
            page.locator("img[src='x'], a[href*='evil'], .katex, h1:has-text('Titre')").count() == 0
        )
    go(page, "grades")
    expect(unit_card(page, HOSTILE_UNIT)).to_be_visible()
    type_grade(page, field_label(HOSTILE_COURSE, HOSTILE_UNIT, 1, lang), "12")
    expect(unit_card(page, HOSTILE_UNIT)).to_contain_text(t("validated", lang))
    assert violations(page) == []
    page.context.close()
