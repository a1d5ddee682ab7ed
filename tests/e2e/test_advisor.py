"""The advisor features in a real browser: share link, JSON download and upload, PDF summary,
refused links and files, the Compare page and the Odds page.

Plans are built with planner.scenario.Scenario and opened through `?plan=<token>` (the app's
own share format), so no grade is typed in the Grades sheet here; test_journey does that.
Expected verdicts come from planner.evaluation.evaluate, expected texts from ui.i18n.

Verdicts and grades are read from the Grades page's sheet (ui.grade_sheet): its year
banner, its cards' verdicts and its fields' values.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Download, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from planner.compare import compare_option
from planner.evaluation import evaluate
from planner.messages import Lang
from planner.odds import DEFAULT_DRAWS, Odds, simulate
from planner.scenario import Scenario, ScenarioError, check_against
from planner.texts import percent
from tests.e2e.test_journey import (
    CATALOGUE,
    IM,
    SL,
    SPEC4,
    TIMEOUT,
    Shots,
    grade_table_rows,
    metric_value,
    no_exception,
    open_app,
    programme_label,
    settle,
    sidebar,
)
from tests.unit.support import FUNDAMENTALS
from ui.i18n import t

pytestmark = pytest.mark.e2e

# Session 1 of the fundamentals fails (mean 49.7), session 2 validates it; one absence.
PLAN = Scenario(
    programme=SL,
    choices=tuple(sorted(SPEC4)),
    grades={
        "man-statistique-mathematique": 80,
        "man-programmation-r": None,
        **dict(zip(FUNDAMENTALS, (40, 45.5, 55, 53, 55), strict=True)),
        **dict(zip(sorted(SPEC4), (62, 48, 70, 51), strict=True)),
        "stage": 75,
    },
    session2_grades={"apprentissage-statistique": 58, "introduction-apprentissage-automatique": 52},
)
DOWNLOAD_FAILED = "Failed to generate file for download"  # Streamlit's message under a button


# --- helpers -----------------------------------------------------------------------------
def main(page: Page) -> Locator:
    return page.locator("[data-testid='stMain']")


def word(validated: bool | None, lang: Lang) -> str:
    return t({True: "validated", False: "failed", None: "pending"}[validated], lang)


def expected_verdicts(plan: Scenario, lang: Lang) -> dict[str, object]:
    """What the Grades page must say: the year, then each unit's session 1 (and 2)."""
    result = evaluate(CATALOGUE.get(plan.programme), plan)
    shown: dict[str, object] = {"year": word(result.year.validated, lang)}
    for unit in result.units:
        held = unit.session2_held  # a unit without session 2 shows no session-2 verdict
        s2 = word(held.validated, lang) if held is not None else None
        shown[unit.name] = (word(unit.session1.validated, lang), s2)
    return shown


# The verdicts the sheet shows: the year's, then each card's name and session verdicts.
SHEET_VERDICTS = """() => {
  const year = document.querySelector(".m2-sheet [role='status'] .verdict");
  const cards = [...document.querySelectorAll(".m2-sheet section.card")].map((card) => [
    card.querySelector(".name").textContent,
    [...card.querySelectorAll(".verdict")].map((v) => v.textContent),
  ]);
  return [year ? year.textContent : null, cards];
}"""


def shown_verdicts(page: Page, lang: Lang) -> dict[str, object]:
    """The verdicts as the Grades page's sheet shows them."""
    year, cards = page.evaluate(SHEET_VERDICTS)
    shown: dict[str, object] = {"year": year}
    for name, verdicts in cards:
        shown[name] = (verdicts[0], verdicts[1] if len(verdicts) > 1 else None)
    return shown


def expect_verdicts(page: Page, plan: Scenario, lang: Lang) -> None:
    """The Grades page is open: its verdicts become those of `plan` (polled, then compared)."""
    expect(page.get_by_role("heading", name=t("grades_title", lang))).to_be_visible()
    expected = expected_verdicts(plan, lang)
    deadline = time.monotonic() + 10
    while (shown := shown_verdicts(page, lang)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert shown == expected


# Session 1's sheet is the first on the page (session 2's comes below the retakes).
SHEET_ROWS = """() => [...document.querySelector(".m2-sheet").querySelectorAll("tr[data-course]")]
  .map((row) => [
    row.querySelector("th").textContent,
    row.querySelector("input.grade").value,
    row.querySelector("input.absent").checked,
  ])"""


def grade_table(page: Page, rows: int) -> dict[str, tuple[float | None, bool]]:
    """The session-1 sheet's fields: course name -> (grade, absent)."""
    sheet = main(page).locator(".m2-sheet").first.locator("table.entry tr[data-course]")
    expect(sheet).to_have_count(rows, timeout=TIMEOUT)
    cells = page.evaluate(SHEET_ROWS)
    return {
        course: (float(grade.replace(",", ".")) if grade.strip() else None, absent)
        for course, grade, absent in cells
    }


def expected_grade_table(plan: Scenario) -> dict[str, tuple[float | None, bool]]:
    programme = CATALOGUE.get(plan.programme)
    return {
        programme.course(c).name: (plan.grades.get(c), c in plan.grades and plan.grades[c] is None)
        for c in grade_table_rows(plan.programme)
    }


def expect_plan(page: Page, plan: Scenario, lang: Lang) -> None:
    """The Grades page shows `plan`: its programme, its grades and its verdicts."""
    expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value(
        programme_label(plan.programme)
    )
    expect_verdicts(page, plan, lang)
    expected = expected_grade_table(plan)
    assert grade_table(page, len(expected)) == expected
    no_exception(page)


def go_to(page: Page, lang: Lang, page_key: str) -> None:
    close_share_and_save(page)
    link = sidebar(page).get_by_role("link", name=t(page_key, lang))
    for attempt in range(3):
        link.click()
        settle(page)
        # A rerun the page asked for just before the click (the browser store's read, in a
        # new session's first seconds) can land after it and keep the page where it was.
        if link.get_attribute("aria-current") == "page" or attempt == 2:
            break
    expect(link).to_have_attribute("aria-current", "page")


def open_share_and_save(page: Page, lang: Lang) -> Locator:
    """The Share and save dialog, opened from the sidebar's button if it is not open."""
    dialog = page.get_by_role("dialog")
    link = dialog.locator("code")
    for attempt in range(3):
        if not dialog.is_visible():
            sidebar(page).get_by_role("button", name=t("share_and_save", lang)).click()
        try:
            link.wait_for(state="visible", timeout=3_000)
            # Still open a moment later (the dialog now stays open through a rerun nobody
            # clicked for; this guards a click that a rerun in flight swallowed).
            page.wait_for_timeout(300)
            if link.is_visible():
                break
        except PlaywrightTimeoutError:
            pass
        if attempt == 2:
            raise AssertionError("the Share and save dialog did not stay open")
        settle(page)
    return dialog


def close_share_and_save(page: Page) -> None:
    """A dialog covers the page: close it before using anything behind it."""
    dialog = page.get_by_role("dialog")
    if dialog.is_visible():
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()


def download(page: Page, lang: Lang, label_key: str) -> bytes:
    """Click a download button of the Share and save dialog; the file's bytes. Fails at
    once (not after a timeout) when Streamlit reports that the file could not be made."""
    expander = open_share_and_save(page, lang)
    files: list[Download] = []

    def listener(file: Download) -> None:  # a function: Playwright tags its handlers
        files.append(file)

    if label_key == "download_pdf":  # built on request, for the plan shown
        prepare = expander.get_by_role("button", name=t("prepare_pdf", lang))
        if prepare.count():
            prepare.click()
            settle(page)
            expander = open_share_and_save(page, lang)
    page.on("download", listener)
    try:
        expander.get_by_role("button", name=t(label_key, lang)).click()
        failure = expander.get_by_text(DOWNLOAD_FAILED)
        deadline = time.monotonic() + TIMEOUT / 1000
        while not files:
            assert not failure.is_visible(), f"{t(label_key, lang)!r}: {DOWNLOAD_FAILED}"
            assert time.monotonic() < deadline, f"{t(label_key, lang)!r}: no download"
            page.wait_for_timeout(100)
    finally:
        page.remove_listener("download", listener)
    return Path(files[0].path()).read_bytes()


def file_field(page: Page) -> Locator:
    """« Open a saved plan »: the app's own file input (ui/file_input.py), in the sidebar
    or in its expander (set_input_files needs it attached, not seen)."""
    return sidebar(page).locator("input[type='file']")


def upload(page: Page, name: str, data: bytes) -> None:
    close_share_and_save(page)
    file = {"name": name, "mimeType": "application/json", "buffer": data}
    file_field(page).set_input_files(files=[file])
    settle(page)


def notice(page: Page, text: str) -> Locator:
    # Quoted outside text carries an invisible word joiner after each ":" (ui.format.plain).
    shown = re.compile(re.escape(text).replace(":", ":\u2060?"))
    return main(page).locator("[data-testid='stAlert']").filter(has_text=shown)


def plan_url(app_url: str, plan: Scenario, lang: Lang, path: str = "") -> str:
    return f"{app_url}/{path}?plan={plan.to_url()}&lang={lang}"


def close(page: Page) -> None:
    page.context.close()


# --- share link --------------------------------------------------------------------------
def test_share_link_round_trip(browser: Browser, app_url, screenshots):
    lang: Lang = "en"
    shot = Shots(screenshots, "advisor-link")
    page = open_app(browser, plan_url(app_url, PLAN, lang), lang)
    try:
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        # The address bar keeps the plan (a reload restores it), in the share-link form.
        token = parse_qs(urlsplit(page.url).query)["plan"][0]
        assert Scenario.from_url(token) == PLAN
        link = open_share_and_save(page, lang).locator("code").inner_text().strip()
        shot(page, "restored")
        assert urlsplit(link).netloc == urlsplit(app_url).netloc, link
        query = parse_qs(urlsplit(link).query)
        assert query["lang"] == [lang]
        assert Scenario.from_url(query["plan"][0]) == PLAN
        go_to(page, lang, "page_grades")
        expect_plan(page, PLAN, lang)
        shot(page, "grades")
    finally:
        close(page)

    # The link read on the page, in a fresh browser context: a new session, same plan.
    page = open_app(browser, link, lang)
    try:
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        go_to(page, lang, "page_grades")
        expect_plan(page, PLAN, lang)
    finally:
        close(page)

    # A deep link straight to the Grades page works on the first request.
    page = open_app(browser, plan_url(app_url, PLAN, lang, "grades"), lang)
    try:
        assert urlsplit(page.url).path == "/grades"
        expect(notice(page, t("link_restored", lang))).to_be_visible()
        expect_plan(page, PLAN, lang)
        shot(page, "deep-link-grades")
    finally:
        close(page)


# --- download and upload -----------------------------------------------------------------
def test_json_download_then_upload_round_trip(browser: Browser, app_url):
    lang: Lang = "en"
    page = open_app(browser, plan_url(app_url, PLAN, lang, "grades"), lang)
    try:
        data = download(page, lang, "download_json")
    finally:
        close(page)
    assert Scenario.from_json(data) == PLAN

    page = open_app(browser, f"{app_url}/grades?lang={lang}", lang)
    try:
        upload(page, "m2-plan.json", data)
        expect(notice(page, t("file_loaded", lang, name="m2-plan.json"))).to_be_visible()
        expect_plan(page, PLAN, lang)
    finally:
        close(page)


def test_saved_file_upload_restores_the_plan(browser: Browser, app_url, screenshots):
    """The file the JSON button serves is `Scenario.to_json()` of the plan (ui/share.py);
    uploaded into a fresh session, it brings the same plan back."""
    lang: Lang = "en"
    page = open_app(browser, f"{app_url}/grades?lang={lang}", lang)
    try:
        expect(main(page).get_by_text(t("empty_programme", lang))).to_be_visible()
        upload(page, "m2-plan.json", PLAN.to_json().encode())
        expect(notice(page, t("file_loaded", lang, name="m2-plan.json"))).to_be_visible()
        expect_plan(page, PLAN, lang)
        Shots(screenshots, "advisor-upload")(page, "loaded")
    finally:
        close(page)


def test_pdf_summary_download(browser: Browser, app_url, tmp_path):
    lang: Lang = "en"
    page = open_app(browser, plan_url(app_url, PLAN, lang, "grades"), lang)
    try:
        pdf = download(page, lang, "download_pdf")
    finally:
        close(page)
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    if not Path(pdftotext).exists():
        return
    (tmp_path / "summary.pdf").write_bytes(pdf)
    done = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "summary.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    text = " ".join(done.stdout.split())
    assert CATALOGUE.get(SL).name in text
    assert word(evaluate(CATALOGUE.get(SL), PLAN).year.validated, lang) in text


# --- refusals ----------------------------------------------------------------------------
def test_damaged_link_starts_from_an_empty_plan(browser: Browser, app_url, screenshots):
    lang: Lang = "en"
    with pytest.raises(ScenarioError) as refused:
        Scenario.from_url("v1.garbage")
    page = open_app(browser, f"{app_url}/?plan=v1.garbage&lang={lang}", lang)
    try:
        warning = notice(page, t("link_refused", lang, reason=str(refused.value)))
        expect(warning).to_be_visible()
        prefix = t("link_refused", lang, reason="").split("(")[0]
        expect(warning).to_contain_text(prefix)
        expect(main(page).get_by_text(t("empty_programme", lang))).to_be_visible()
        expect(sidebar(page).get_by_role("combobox", name=t("programme", lang))).to_have_value("")
        no_exception(page)
        Shots(screenshots, "advisor-refused")(page, "damaged-link")
    finally:
        close(page)


def test_bad_files_are_refused_and_the_plan_is_kept(browser: Browser, app_url, screenshots):
    lang: Lang = "en"
    over_scale = json.loads(PLAN.to_json())
    over_scale["grades"]["apprentissage-statistique"] = 150
    over_scale_bytes = json.dumps(over_scale).encode()
    with pytest.raises(ScenarioError) as not_json:
        Scenario.from_json(b"these are my grades: 40, 45, 55")
    with pytest.raises(ScenarioError) as off_scale:
        check_against(CATALOGUE.get(SL), Scenario.from_json(over_scale_bytes))
    # A file above 64 KB or not UTF-8 is refused at the field, before anything is sent:
    # tests/e2e/test_open_saved_plan.py.
    files = [
        ("notes.json", b"these are my grades: 40, 45, 55", str(not_json.value)),
        ("grade-150.json", over_scale_bytes, str(off_scale.value)),
    ]
    shot = Shots(screenshots, "advisor-refused-file")
    page = open_app(browser, plan_url(app_url, PLAN, lang, "grades"), lang)
    try:
        expect_plan(page, PLAN, lang)
        for name, data, reason in files:
            open_share_and_save(page, lang)
            upload(page, name, data)
            text = t("file_refused", lang, name=name, reason=reason)
            expect(notice(page, text)).to_be_visible()
            shot(page, name.removesuffix(".json"))
            expect_plan(page, PLAN, lang)
    finally:
        close(page)


# --- compare and odds --------------------------------------------------------------------
def test_compare_options_side_by_side_in_french(browser: Browser, app_url, screenshots):
    lang: Lang = "fr"
    plan = Scenario(programme=IM, track="fi", option="mds")
    programme = CATALOGUE.get(IM)
    names = {o.id: o.name for o in programme.options}
    # The student's option, then the next one of the catalogue.
    compared = list(dict.fromkeys(("mds", *names)))[:2]
    units = list(
        dict.fromkeys(n for o in compared for n in compare_option(programme, "fi", o).units)
    )
    page = open_app(browser, plan_url(app_url, plan, lang, "compare"), lang)
    try:
        expect(page.get_by_role("heading", name=t("compare_title", lang))).to_be_visible()
        # A table whose cells wrap (tests/e2e/test_screens.py).
        table = main(page).locator("[data-testid='stTable'] table").first
        expect(table.locator("th")).to_have_text([t("unit", lang), *(names[o] for o in compared)])
        rows = table.locator("tbody tr")
        expect(rows.locator("td:first-child")).to_have_text([*units, t("total", lang)])
        total = rows.last.locator("td")
        for column in (2, 3):
            expect(total.nth(column - 1)).to_contain_text("ECTS")
        chart = main(page).locator("[data-testid='stPlotlyChart']").first
        expect(chart.locator("svg.main-svg").first).to_be_visible()
        chart.scroll_into_view_if_needed()
        no_exception(page)
        Shots(screenshots, "advisor-compare")(page, "fr-im-fi-mds")
    finally:
        close(page)


def expect_bar_labels(chart: Locator, odds: Odds, lang: Lang) -> None:
    """Each unit's bars in session 1 and after session 2, and each retake's, carry their
    percent, read as the language reads it, and the legend says which bar is which."""
    labels = [
        percent(share, lang)
        for unit in odds.units
        for share in (
            unit.validated,
            *(c.retake for c in unit.courses if c.retake > 0),
            unit.validated_after_session2,
        )
    ]
    for label in set(labels):
        expect(chart.get_by_text(label, exact=True)).to_have_count(labels.count(label))
    for key in ("odds_legend_session1", "odds_legend_after_session2"):
        expect(chart.locator(".legend").get_by_text(t(key, lang), exact=True)).to_have_count(1)


def test_odds_with_one_fundamental_unknown(browser: Browser, app_url, screenshots):
    lang: Lang = "en"
    plan = Scenario(
        programme=SL,
        choices=tuple(sorted(SPEC4)),
        grades=dict.fromkeys(FUNDAMENTALS[:4], 50),
    )
    odds = simulate(CATALOGUE.get(SL), plan, {}, draws=DEFAULT_DRAWS, seed=0)
    assert 0 < odds.year < 1
    page = open_app(browser, plan_url(app_url, plan, lang, "odds"), lang)
    try:
        expect(page.get_by_role("heading", name=t("odds_title", lang))).to_be_visible()
        # "20,000" / "20 000": counted the app's language's way.
        method = t("odds_method", lang, draws=DEFAULT_DRAWS)
        expect(main(page).get_by_text(method)).to_be_visible()
        assert metric_value(page, t("odds_year", lang)) == percent(odds.year, lang)
        after = metric_value(page, t("odds_year_after_session2", lang))
        assert after == percent(odds.year_after_session2, lang)
        chart = main(page).locator("[data-testid='stPlotlyChart']").first
        expect(chart.locator("svg.main-svg").first).to_be_visible()
        # Every bar is labelled: each unit's two figures, as many as there are units.
        expect_bar_labels(chart, odds, lang)
        no_exception(page)
        Shots(screenshots, "advisor-odds")(page, "four-fundamentals-at-50")
    finally:
        close(page)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_odds_after_a_session2_validation_do_not_say_0(browser: Browser, app_url, lang: Lang):
    """The fundamentals fail session 1 (49.6) and are validated by the session-2 grades
    entered; the internship is still unknown."""
    plan = Scenario(
        programme=SL,
        choices=tuple(sorted(SPEC4)),
        grades={
            **dict(zip(FUNDAMENTALS, (40, 45, 55, 53, 55), strict=True)),
            **dict.fromkeys(SPEC4, 60),
        },
        session2_grades={FUNDAMENTALS[0]: 60, FUNDAMENTALS[1]: 50},
    )
    odds = simulate(CATALOGUE.get(SL), plan, {}, draws=DEFAULT_DRAWS, seed=0)
    assert odds.year == 0 < odds.year_after_session2
    page = open_app(browser, plan_url(app_url, plan, lang, "odds"), lang)
    try:
        expect(page.get_by_role("heading", name=t("odds_title", lang))).to_be_visible()
        assert metric_value(page, t("odds_year", lang)) == percent(0, lang)
        after = metric_value(page, t("odds_year_after_session2", lang))
        assert after == percent(odds.year_after_session2, lang) != percent(0, lang)
        chart = main(page).locator("[data-testid='stPlotlyChart']").first
        assert odds.unit("cours-fondamentaux").validated_after_session2 == 1
        expect_bar_labels(chart, odds, lang)
        no_exception(page)
    finally:
        close(page)
