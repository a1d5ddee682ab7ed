"""In the browser: a grade off the scale is flagged with what is allowed, and nothing a
student types reaches the disk or the server log."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from planner.limits import shorten
from planner.scenario import Scenario
from tests.e2e.test_advisor import open_share_and_save
from tests.e2e.test_journey import (
    SL,
    TIMEOUT,
    Shots,
    grade_label,
    open_app,
    settle,
    type_grade,
)
from tests.e2e.test_nothing_lost import address_plan
from ui.i18n import t

pytestmark = pytest.mark.e2e

SPEC4 = (
    "analyse-statistique-graphes",
    "gestion-donnees",
    "processus-ponctuels",
    "series-temporelles",
)
SKIP_DIRS = {
    ".venv",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    "screenshots",
    ".ruff_cache",
}
FIRST_FUNDAMENTAL = "apprentissage-statistique"
SECOND_FUNDAMENTAL = "introduction-apprentissage-automatique"
SHEET_VALUES = "els => els.map((e) => e.value)"


def files_with_times(root: Path) -> dict[Path, float]:
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            path = Path(folder) / name
            found[path] = path.stat().st_mtime
    return found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_grade_off_the_scale_is_flagged_and_the_others_are_kept(
    browser, app_url, screenshots, lang
):
    kept = Scenario(programme=SL, choices=SPEC4, grades={"estimation-non-parametrique": 55})
    page = open_app(browser, f"{app_url}/grades?plan={kept.to_url()}&lang={lang}", lang)
    shot = Shots(screenshots, f"off-scale-{lang}")
    try:
        page.wait_for_timeout(1500)  # the link's notice may still move the layout
        settle(page)
        shot(page, "opened")
        type_grade(page, grade_label(SL, FIRST_FUNDAMENTAL, lang), "150")
        name = "Apprentissage statistique"
        unknown = t("grade_kept_unknown", lang)
        message = t("out_of_scale", lang, course=name, value="150", max="100", kept=unknown)
        expect(page.get_by_text(message)).to_be_visible()
        shot(page, "flagged")
        # The grade typed before is still in its field, and the year's verdict does not
        # count the refused one.
        other = page.get_by_label(grade_label(SL, "estimation-non-parametrique", lang))
        expect(other).to_have_value("55")
        year = page.locator(".m2-sheet [role='status']")
        expect(year).to_contain_text(t("year", lang))
        assert "150" not in year.inner_text()
    finally:
        page.context.close()


def test_nothing_typed_reaches_the_disk_or_the_server_log(
    browser, app_url, streamlit_server, repo_root
):
    marker = "47.31"
    before = files_with_times(repo_root)
    plan = Scenario(programme=SL, choices=SPEC4, grades={"stage": 47.31})
    page = open_app(browser, f"{app_url}/grades?plan={plan.to_url()}&lang=en", "en")
    try:
        type_grade(page, grade_label(SL, SECOND_FUNDAMENTAL, "en"), "38.77")
        page.get_by_role("link", name=t("page_odds", "en")).click()
        settle(page)
        page.get_by_role("link", name=t("page_compare", "en")).click()
        settle(page)
    finally:
        page.context.close()
    log = streamlit_server.log.read_text(errors="replace")
    assert marker not in log and "38.77" not in log
    after = files_with_times(repo_root)
    changed = [p for p, mtime in after.items() if before.get(p) != mtime]
    for path in changed:
        text = path.read_bytes()
        assert marker.encode() not in text and b"38.77" not in text, path


def paste_in_first_fundamental(browser, app_url: str, kept: Scenario, text: str) -> Page:
    """The Grades page of `kept`, with `text` pasted by a real Ctrl+V into its first
    fundamental's field (the field has the focus)."""
    page = open_app(browser, f"{app_url}/grades?plan={kept.to_url()}&lang=en", "en")
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.wait_for_timeout(1500)
        settle(page)
        page.get_by_label(grade_label(SL, FIRST_FUNDAMENTAL, "en"), exact=True).click()
        page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
        page.keyboard.press("Control+V")
    except BaseException:
        page.context.close()  # the caller's `finally` only starts once it has the page
        raise
    return page


def wait_for_address_grades(page: Page, kept: Scenario, done: Callable[[dict], bool]) -> None:
    """Until the plan in the address bar (`kept` while it holds none) has grades `done`
    accepts: it follows once the sheet's answer has come back."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while not done(dict((address_plan(page) or kept).grades)):
        assert time.monotonic() < deadline, page.url
        page.wait_for_timeout(100)


@pytest.mark.parametrize(("pasted", "lands"), [("forty-two", False), ("42", True)])
def test_text_pasted_into_a_grade_field_is_refused_and_the_grades_are_kept(
    browser, app_url, pasted, lands
):
    # A real clipboard paste (Ctrl+V) into a grade field, sent by Enter. "42" landing
    # proves the paste reaches the field, so the text case cannot pass by accident.
    kept = Scenario(programme=SL, choices=SPEC4, grades={"estimation-non-parametrique": 55})
    page = paste_in_first_fundamental(browser, app_url, kept, pasted)
    try:
        field = page.get_by_label(grade_label(SL, FIRST_FUNDAMENTAL, "en"), exact=True)
        expect(field).to_have_value(pasted)
        field.press("Enter")
        settle(page)
        if lands:
            wait_for_address_grades(page, kept, lambda grades: grades.get(FIRST_FUNDAMENTAL) == 42)
        refused = t(
            "grade_not_number",
            "en",
            course="Apprentissage statistique",
            value=pasted,
            kept=t("grade_kept_unknown", "en"),
        )
        expect(page.get_by_text(refused)).to_have_count(0 if lands else 1, timeout=TIMEOUT)
        # What the plan holds: the link the Share and save dialog builds.
        link = open_share_and_save(page, "en").locator("code").inner_text()
        stored = Scenario.from_url(parse_qs(urlsplit(link).query)["plan"][0]).grades
        assert stored.get(FIRST_FUNDAMENTAL) == (42 if lands else None), stored
        assert stored["estimation-non-parametrique"] == 55
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.context.close()


def test_a_column_pasted_from_a_spreadsheet_fills_the_fields_below_and_is_sent(browser, app_url):
    # Three cells of a spreadsheet column (one per line, the first cell of each row).
    kept = Scenario(programme=SL, choices=SPEC4)
    page = paste_in_first_fundamental(browser, app_url, kept, "41\tx\n12,5\n60\n")
    try:
        settle(page)
        expected = {
            FIRST_FUNDAMENTAL: 41,
            SECOND_FUNDAMENTAL: 12.5,
            "estimation-non-parametrique": 60,
        }
        # Each field then shows its grade as the app writes it in English.
        for course, shown in zip(expected, ("41", "12.5", "60"), strict=True):
            field = page.get_by_label(grade_label(SL, course, "en"), exact=True)
            expect(field).to_have_value(shown)
        wait_for_address_grades(page, kept, lambda grades: grades == expected)
    finally:
        page.context.close()


def test_two_browser_sessions_never_see_each_other(browser, app_url):
    # Two students on one server at the same time, acting in turn.
    alice = Scenario(programme=SL, choices=SPEC4, grades={"stage": 47.31})
    bob = Scenario(
        programme="m2-im-2025",
        track="fi",
        option="mds",
        choices=("statistical-learning-graphs", "geometric-statistics", "advanced-optimization"),
        grades={"geometric-statistics": 13.57},
    )
    first = open_app(browser, f"{app_url}/grades?plan={alice.to_url()}&lang=en", "en")
    second = open_app(browser, f"{app_url}/grades?plan={bob.to_url()}&lang=en", "en")
    try:
        first.bring_to_front()
        first.wait_for_timeout(1500)  # the link's notice may still move the layout
        settle(first)
        type_grade(first, grade_label(SL, FIRST_FUNDAMENTAL, "en"), "38.77")
        # Each page reruns after the other student's edit (a reload would start a new,
        # empty session): away to the Plan page and back.
        for page in (second, first):
            for link in ("page_plan", "page_grades"):
                page.get_by_role("link", name=t(link, "en")).click()
                settle(page)
        for page, own, other in (
            (first, ("47.31", "38.77", "Apprentissage statistique"), ("13.57", "Geometric")),
            (second, ("13.57", "Geometric Statistics"), ("47.31", "38.77", "Apprentissage")),
        ):
            text = page.locator("[data-testid='stMain']").inner_text()
            fields = page.locator(".m2-sheet input.grade").evaluate_all(SHEET_VALUES)
            seen = text + " " + " ".join(fields)
            for mine in own:
                assert mine in seen, (mine, seen[:500])
            for theirs in other:
                assert theirs not in seen, (theirs, seen[:500])
    finally:
        first.context.close()
        second.context.close()


TRICKY = ":material/home: :red[x] **b** [a](http://e.x) $y$ <i>h</i> a -> b >= 10 -- c"


def test_typed_text_is_shown_as_typed_not_as_markdown(browser, app_url):
    # The catalogue echoes a search with no result; it goes through the same escaping as
    # the catalogue's descriptions (ui.format.plain), so this is what they look like too.
    plan = Scenario(programme=SL, choices=SPEC4)
    page = open_app(browser, f"{app_url}/catalogue?plan={plan.to_url()}&lang=en", "en")
    try:
        page.wait_for_timeout(1500)
        settle(page)
        search = page.get_by_role("textbox", name=t("search", "en"))
        search.fill(TRICKY)
        search.press("Enter")
        settle(page)
        box = page.locator("[data-testid='stAlert']").filter(has_text="No course matches")
        shown = box.inner_text().replace("\u2060", "")
        assert t("no_results", "en", q=shorten(TRICKY)) in shown, shown
        assert box.locator("a, i, strong, [data-testid='stIconMaterial'], .katex").count() == 0
    finally:
        page.context.close()
