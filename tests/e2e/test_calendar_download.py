"""The Calendar page's .ics in a real browser: the file a student downloads parses back
with the published days."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Download, expect

from planner.scenario import Scenario
from tests.e2e.test_advisor import DOWNLOAD_FAILED, close, main, plan_url
from tests.e2e.test_journey import SL, TIMEOUT, Shots, no_exception, open_app
from ui.i18n import t

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["fr"])
def test_the_downloaded_ics_has_the_published_days(browser: Browser, app_url, screenshots, lang):
    page = open_app(browser, plan_url(app_url, Scenario(programme=SL), lang, "calendar"), lang)
    files: list[Download] = []

    def listener(file: Download) -> None:
        files.append(file)

    try:
        expect(page.get_by_role("heading", name=t("calendar_title", lang))).to_be_visible()
        no_exception(page)
        button = main(page).get_by_role("button", name=t("download_ics", lang))
        expect(button).to_be_visible()
        Shots(screenshots, "calendar-ics")(page, "page")
        page.on("download", listener)
        button.click()
        deadline = time.monotonic() + TIMEOUT / 1000
        while not files:
            assert not main(page).get_by_text(DOWNLOAD_FAILED).is_visible(), DOWNLOAD_FAILED
            assert time.monotonic() < deadline, "no download"
            page.wait_for_timeout(100)
        assert files[0].suggested_filename == f"{SL}.ics"
        data = Path(files[0].path()).read_bytes()
    finally:
        close(page)
    events = {str(e["UID"]).split(".")[0]: e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert events["mise-a-niveau"]["DTSTART"].dt == dt.date(2024, 9, 2)
    assert events["mise-a-niveau"]["DTEND"].dt == dt.date(2024, 9, 14)
    assert events["forum-emploi-maths"]["DTSTART"].dt == dt.date(2024, 10, 7)
    assert str(events["cv-ready"]["SUMMARY"]).startswith("Rappel : ")
    assert "exam-sessions" not in events
