"""Security and integrity at the edges, in a real browser: hostile links, file names and
scenario names render no markup and load nothing; the browser asks no host but the app's;
what is downloaded or shared after a typed grade carries it; a decimal comma or point
means the same in both languages."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.messages import Lang
from planner.scenario import Scenario
from tests.e2e.test_advisor import (
    PLAN,
    close_share_and_save,
    download,
    go_to,
    open_share_and_save,
    plan_url,
    upload,
)
from tests.e2e.test_journey import (
    SL,
    SPEC4,
    Shots,
    grade_label,
    no_exception,
    open_app,
    programme_label,
    refusal_at,
    settle,
    sidebar,
    type_grade,
)
from ui.i18n import t

pytestmark = pytest.mark.e2e

PHISHING = (
    "# Your session has expired\n\n[sign in again with your university account]"
    "(http://evil.example/login)\n\n![](http://evil.example/pixel.png)\n\n"
    "| a | b |\n|---|---|\n| c | d |"
)
MARKUP = "a, img, table, h1, h2, h3, h4, h5, h6, strong, em, code, .katex, iframe"


def token(data: dict) -> str:
    packed = zlib.compress(json.dumps(data).encode())
    return "v1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


HOSTILE_LINKS = {
    "extra-key": {"programme": SL, PHISHING: 1},
    "choices": {"programme": SL, "choices": ["![x](http://evil.example/c.png)"]},
    "grades-key": {"programme": SL, "grades": {"[sign in](http://evil.example/g)": 12}},
    "programme": {"programme": "![p](http://evil.example/p.png) **expired**"},
}


class RequestLog:
    """Every host the page's browser context asks for, images and fonts included. A
    download saved by the browser reads a blob: URL of the page itself, no host."""

    def __init__(self, page: Page) -> None:
        self.hosts: set[str] = set()
        page.context.on("request", lambda request: self._add(request.url))

    def _add(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("blob", "data"):
            return
        self.hosts.add(f"{parts.scheme}://{parts.netloc}")


def alerts(page: Page):
    return page.locator("[data-testid='stAlert'], [data-testid='stNotification']")


def assert_inert(page: Page, text: str) -> None:
    """The alert that says `text` holds no element that markup would make."""
    boxes = alerts(page).filter(has_text=text)
    expect(boxes.first).to_be_visible()
    assert boxes.locator(MARKUP).count() == 0, boxes.all_inner_texts()


@pytest.mark.parametrize("data", HOSTILE_LINKS.values(), ids=HOSTILE_LINKS.keys())
def test_a_hostile_share_link_renders_no_markup_and_loads_nothing(browser: Browser, app_url, data):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log = RequestLog(page)
    try:
        page.goto(f"{app_url}/?plan={token(data)}&lang=en")
        settle(page)
        assert_inert(page, "could not be opened")
        page.wait_for_timeout(500)  # an image would be fetched by now
        assert log.hosts == {app_url}, log.hosts
        no_exception(page)
    finally:
        context.close()


@pytest.mark.parametrize(
    "name",
    [
        "![a](http://evil.example/pixel.png).json",
        "[sign in](http://evil.example) :red[x] $y$.json",
        "scenario.pdf",
    ],
)
def test_a_hostile_file_name_is_shown_as_text_and_the_plan_is_kept(browser, app_url, name):
    lang: Lang = "en"
    page = open_app(browser, plan_url(app_url, PLAN, lang, "grades"), lang)
    log = RequestLog(page)
    try:
        open_share_and_save(page, lang)
        upload(page, name, b'{"programme": "nope"}')
        assert_inert(page, "was not loaded")
        page.wait_for_timeout(500)
        assert log.hosts <= {app_url}, log.hosts
        # The plan open before is still the one shown.
        combobox = sidebar(page).get_by_role("combobox", name=t("programme", lang))
        expect(combobox).to_have_value(programme_label(SL))
        assert json.loads(download(page, lang, "download_json"))["grades"]["stage"] == 75
        no_exception(page)
    finally:
        page.context.close()


def test_a_hostile_scenario_name_is_shown_as_text(browser, app_url):
    lang: Lang = "en"
    page = open_app(browser, plan_url(app_url, PLAN, lang, "compare"), lang)
    try:
        page.get_by_role("tab", name=t("tab_saved", lang)).click()
        name = page.get_by_role("textbox", name=t("scenario_name", lang))
        name.fill("[x](http://evil.example) # :red[y]")
        name.press("Enter")
        settle(page)
        page.get_by_role("button", name=t("save_scenario", lang), exact=True).click()
        settle(page)
        assert_inert(page, "Saved as")
        no_exception(page)
    finally:
        page.context.close()


def test_a_whole_journey_asks_no_host_but_the_app(browser: Browser, app_url, screenshots):
    lang: Lang = "fr"
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log = RequestLog(page)
    shot = Shots(screenshots, "hosts")
    try:
        page.goto(plan_url(app_url, PLAN, lang))
        settle(page)
        for key in ("page_grades", "page_catalogue", "page_odds", "page_compare"):
            go_to(page, lang, key)
        go_to(page, lang, "page_rules")
        go_to(page, lang, "page_calendar")
        shot(page, "calendar")
        open_share_and_save(page, lang)
        download(page, lang, "download_json")
        assert log.hosts == {app_url}, log.hosts
    finally:
        context.close()


def grades_page_with_empty_stage(browser: Browser, app_url, lang: Lang) -> Page:
    plan = Scenario(programme=SL, choices=SPEC4, grades={"estimation-non-parametrique": 55})
    return open_app(browser, plan_url(app_url, plan, lang, "grades"), lang)


STAGE = grade_label(SL, "stage", "en")  # session 1: the same name in both languages


def link_of(page: Page, lang: Lang) -> Scenario:
    expander = open_share_and_save(page, lang)
    link = expander.locator("code").inner_text()
    return Scenario.from_url(parse_qs(urlsplit(link).query)["plan"][0])


def test_the_link_and_the_files_carry_the_grade_just_typed(browser, app_url, tmp_path):
    lang: Lang = "en"
    page = grades_page_with_empty_stage(browser, app_url, lang)
    try:
        type_grade(page, STAGE, "73")
        # Straight after Enter, as an advisor would: open the panel, take each export.
        assert link_of(page, lang).grades["stage"] == 73
        assert json.loads(download(page, lang, "download_json"))["grades"]["stage"] == 73
        open_share_and_save(page, lang).get_by_role("button", name=t("prepare_pdf", lang)).click()
        settle(page)
        pdf = tmp_path / "summary.pdf"
        pdf.write_bytes(download(page, lang, "download_pdf"))
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "73" in text, text
        # The prepared PDF belongs to that state: a new grade takes it away.
        close_share_and_save(page)
        type_grade(page, STAGE, "74")
        panel = open_share_and_save(page, lang)
        expect(panel.get_by_role("button", name=t("prepare_pdf", lang))).to_be_visible()
        assert link_of(page, lang).grades["stage"] == 74
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("typed", ["9,5", "9.5"])
def test_a_decimal_comma_or_point_means_the_same_in_both_languages(
    browser, app_url, lang: Lang, typed
):
    page = grades_page_with_empty_stage(browser, app_url, lang)
    try:
        type_grade(page, STAGE, typed)
        assert link_of(page, lang).grades["stage"] == 9.5
        no_exception(page)
    finally:
        page.context.close()


def test_an_ambiguous_number_is_refused_and_the_grade_before_is_kept(browser, app_url):
    lang: Lang = "fr"
    page = grades_page_with_empty_stage(browser, app_url, lang)
    try:
        type_grade(page, STAGE, "12,5")
        type_grade(page, STAGE, "1.234,5")
        said = refusal_at(page, page.get_by_label(STAGE, exact=True))
        expect(said).to_contain_text("plus d'un séparateur")
        expect(said).to_contain_text("La note reste 12,5")
        assert link_of(page, lang).grades["stage"] == 12.5
    finally:
        page.context.close()


def test_the_page_icon_is_served_by_the_app(browser, app_url):
    page = open_app(browser, app_url, "en")
    try:
        icon = page.locator("link[rel*='icon']").first.get_attribute("href") or ""
        assert not urlsplit(icon).netloc or urlsplit(icon).netloc == urlsplit(app_url).netloc
        assert "gstatic" not in icon and "googleapis" not in icon
        assert Path(urlsplit(icon).path).suffix == ".png"
    finally:
        page.context.close()
