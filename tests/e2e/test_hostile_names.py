"""A programme built by a person, in a real browser: every name, note and source sentence
of tests/programmes/m2-fictional-hostile-names.yaml (HTML, markdown, Streamlit's colours,
icons and maths, a right-to-left override, emoji, a name of 10 000 characters) is shown
as typed and read out as typed on the Plan, Grades, Rules, Compare and Calendar pages, in
French on a phone and in English on a laptop: no element is made from the markup, no
accessible name carries an escape's backslash, axe finds nothing, and the browser asks no
host but the app's.

The app is served from a copy of its files with the programme added to its catalogue
(the shipped catalogue stays as it is)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from planner.catalogue import load_programme_file
from planner.messages import Lang
from planner.scenario import Scenario
from tests.e2e.conftest import StreamlitServer
from tests.e2e.test_accessibility import violations
from tests.e2e.test_hostile_input import RequestLog
from tests.e2e.test_journey import LOCALES, TIMEOUT, Shots, no_exception, settle
from tests.e2e.test_phone import IPHONE, PHONE

pytestmark = pytest.mark.e2e

FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-hostile-names.yaml"
PROGRAMME = load_programme_file(FILE)
# What the app needs to run, copied: the code, its texts, its catalogue and settings.
APP_PARTS = ("app.py", "views", "ui", "planner", "static", "locales", "catalogue", "assets")
APP_PARTS += (".streamlit", "pyproject.toml")
PLAN = Scenario(
    programme=PROGRAMME.id,
    track="fi",
    option="o-quote",
    choices=("tags",),
    grades={"stats/cc": 8, "stats/exam": 4, "proba": 6, "tags": 12, "heading": 3},
)
PAGES = ("", "grades", "rules", "compare", "calendar")
# Names whose own text holds a backslash: read out with it, as written.
WITH_BACKSLASHES = [
    name
    for group in (PROGRAMME.courses, PROGRAMME.units, PROGRAMME.options, PROGRAMME.calendar)
    for name in (item.name for item in group)
    if "\\" in name
]

# Each page, and some of what it shows of the file, as written.
SHOWN = {
    "": [
        PROGRAMME.unit("ue-a").name,
        *(PROGRAMME.course(c).name for c in PROGRAMME.unit("ue-b").courses),
        PROGRAMME.course("emoji").name,
        PROGRAMME.course("rtl").name,
        PROGRAMME.source.title,
    ],
    "grades": [PROGRAMME.unit("ue-d").name, PROGRAMME.rules.units[0].source],
    "rules": [
        PROGRAMME.name,
        PROGRAMME.unit("ue-c").name,
        PROGRAMME.rules.groups[0].name,
        PROGRAMME.rules.units[1].source,
    ],
    "compare": [PROGRAMME.options[0].name, PROGRAMME.unit("ue-e").name],
    "calendar": [PROGRAMME.calendar[2].source, PROGRAMME.calendar[3].name],
}

# Elements the markup would have made, had any name been drawn as markdown or HTML (a
# heading's own anchor, « #m2-img-src-… », is the page's link to itself).
MADE_FROM_MARKUP = """() => {
    const made = [
        ...document.querySelectorAll("img[src*='evil'], img[src='x']"),
        ...document.querySelectorAll("a[href*='evil']:not([href^='#'])"),
        ...document.querySelectorAll("iframe, object, embed, blockquote, .katex, del"),
        ...[...document.querySelectorAll("script")].filter((s) => s.text.includes("alert(")),
        ...[...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(
            (h) => /^(heading|note titre)/.test(h.textContent.trim())),
        ...[...document.querySelectorAll("strong, b, em, i, code")].filter(
            (e) => /^(bold|gras|it|code|b|x|i|3|Tags|name|of)$/.test(e.textContent.trim())),
    ];
    return made.map((e) => e.outerHTML.slice(0, 120));
}"""
ACCESSIBLE_NAMES = """() => [...document.querySelectorAll("[aria-label]")]
    .map((e) => e.getAttribute("aria-label"))"""


@pytest.fixture(scope="module")
def hostile_url(repo_root: Path, chromium_path: str, tmp_path_factory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("hostile-app")
    for part in APP_PARTS:
        source = repo_root / part
        if source.is_dir():
            shutil.copytree(
                source, copy / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, copy / part)
    shutil.copy2(FILE, copy / "catalogue" / FILE.name)
    server = StreamlitServer(copy, tmp_path_factory.mktemp("hostile-log") / "server.log")
    try:
        yield server.ensure_running()
    finally:
        server.stop()


def visit(browser: Browser, url: str, lang: Lang, phone: bool) -> tuple[Page, RequestLog]:
    """A new browser at `url`, and the log of the hosts it asks for anything."""
    if phone:
        context = browser.new_context(
            locale=LOCALES[lang], viewport=PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(locale=LOCALES[lang], viewport={"width": 1400, "height": 900})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    log = RequestLog(page)
    page.goto(url)
    settle(page)
    return page, log


def page_text(page: Page) -> str:
    """Every text of the page (closed expanders too), without the invisible word joiners
    that keep Streamlit from reading ":" as a shortcode."""
    return page.evaluate("document.body.textContent").replace("\u2060", "")


def stray_backslashes(names: list[str]) -> list[str]:
    """Accessible names with a backslash that no name of the file has: an escape."""
    found = []
    for name in names:
        rest = name
        for written in WITH_BACKSLASHES:
            rest = rest.replace(written, "")
        if "\\" in rest:
            found.append(name[:120])
    return found


@pytest.mark.parametrize(("lang", "phone"), [("fr", True), ("en", False)], ids=["fr-phone", "en"])
def test_a_built_programmes_names_are_shown_and_read_as_typed(
    browser: Browser, hostile_url, screenshots, lang, phone
):
    shot = Shots(screenshots, f"hostile-names-{lang}")
    app = urlsplit(hostile_url)
    app_host = f"{app.scheme}://{app.netloc}"
    for path in PAGES:
        page, log = visit(
            browser, f"{hostile_url}/{path}?plan={PLAN.to_url()}&lang={lang}", lang, phone
        )
        try:
            page.wait_for_timeout(1000)  # the elements' module reads the labels after drawing
            no_exception(page)
            shot(page, path or "plan")
            assert page.evaluate(MADE_FROM_MARKUP) == [], path
            text = page_text(page)
            assert [name for name in SHOWN[path] if name not in text] == [], path
            assert stray_backslashes(page.evaluate(ACCESSIBLE_NAMES)) == [], path
            if path == "":
                # Each course's box is named by the course's name as written.
                for course in PROGRAMME.unit("ue-b").courses:
                    name = PROGRAMME.course(course).name
                    assert page.get_by_role("checkbox", name=name, exact=True).count() == 1, name
            assert violations(page) == [], path
            assert log.hosts == {app_host}, log.hosts
        finally:
            page.context.close()
