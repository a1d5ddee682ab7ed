"""The Calendar page's .ics download (AppTest): offered when something is dated, with what
it leaves out; not offered when nothing is. The file itself: tests/unit/test_ics.py and,
downloaded in a real browser, tests/e2e/test_calendar_download.py."""

from __future__ import annotations

import pytest

from planner.outputs.ics import undated_events
from tests.app.test_pages import CATALOGUE, IM, LANGS, SL, captions, choose, ok, page, started
from ui.format import plain
from ui.i18n import t


def calendar_page(lang: str, programme: str):
    at = started(lang)
    ok(at.switch_page(page("calendar")).run())
    return choose(at, "programme", programme)


def ics_buttons(at):
    return [b for b in at.get("download_button") if b.key == "download_ics"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_stat_learning_year_can_be_downloaded(lang):
    at = calendar_page(lang, SL)
    (button,) = ics_buttons(at)
    assert button.label == t("download_ics", lang)
    assert button.proto.deferred_file_id  # built on click, not on every rerun
    assert t("ics_help", lang) in captions(at)
    names = ", ".join(plain(e.name) for e in undated_events(CATALOGUE.get(SL), None))
    assert names == "Sessions d'examens"
    assert t("ics_undated", lang, names=names) in captions(at)


def test_no_download_when_nothing_is_dated():
    at = calendar_page("en", IM)
    choose(at, "track", "fi")
    assert not ics_buttons(at)
    assert t("no_calendar", "en") in [x.value for x in at.info]
