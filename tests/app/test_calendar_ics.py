"""The Calendar page's .ics download (AppTest): offered when something is dated, with what
it leaves out; not offered when nothing is. The file itself: tests/unit/test_ics.py and,
downloaded in a real browser, tests/e2e/test_calendar_download.py."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from planner.outputs.ics import undated_events
from tests.app.test_pages import (
    CATALOGUE,
    IM,
    LANGS,
    SL,
    captions,
    choose,
    markdowns,
    ok,
    page,
    plotly_specs,
    serving_file,
    started,
)
from ui import present
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


def test_no_download_when_nothing_is_dated(monkeypatch):
    """A programme whose source dates nothing (a fictional one, served for this test)."""
    fictional = Path(__file__).parents[1] / "programmes" / "m2-fictional-retake.yaml"
    with contextlib.contextmanager(serving_file)(monkeypatch, fictional):
        at = calendar_page("en", "m2-fictional-retake")
        assert not ics_buttons(at)
        assert [x.value for x in at.info] == [t("no_calendar", "en")]
        assert not at.get("plotly_chart")


def test_no_download_for_a_track_the_source_does_not_date():
    at = calendar_page("en", IM)
    choose(at, "track", "fa")
    assert not ics_buttons(at)
    fa = present.name("FA (alternance)")
    assert [x.value for x in at.info] == [t("no_calendar_for_track", "en", track=fa)]


# The M2 IM FI internship: « from the beginning of March to the end of August », its days
# inferred (catalogue/m2-im-2025.yaml).
PERIOD = {
    "en": "from 1 March 2026 to 31 August 2026, inferred",
    "fr": "du 1er mars 2026 au 31 août 2026, dates déduites",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_im_fi_internship_is_on_the_timeline_labelled_inferred_with_its_rule(lang):
    at = calendar_page(lang, IM)
    choose(at, "track", "fi")
    (spec,) = plotly_specs(at)
    (bar,) = spec["data"]
    # A row is keyed by its event's id and labelled by its tick.
    assert (bar["y"], bar["base"]) == (["fi-internship"], ["2026-03-01"])
    assert spec["layout"]["yaxis"]["ticktext"] == ["UE Stage"]
    assert (
        bar["customdata"][0][:2]
        == {
            "en": ["Mar 1, 2026", "Aug 31, 2026"],
            "fr": ["1er mars 2026", "31 août 2026"],
        }[lang]
    )
    assert bar["customdata"][0][2] == t("inferred", lang)
    assert t("inferred_dates", lang) in [x.value for x in at.subheader]
    (event,) = CATALOGUE.get(IM).calendar
    assert event.rule is not None and event.source is not None
    line = f"- **UE Stage** ({PERIOD[lang]}) — {plain(getattr(event.rule, lang))}"
    assert line in markdowns(at)
    source = {"en": "Source: ", "fr": "Source : "}[lang]
    quoted = f"{source}«\u00a0{plain(event.source)}\u00a0»"  # no-break: » never alone
    assert quoted in captions(at)
    (button,) = ics_buttons(at)
    assert button.label == t("download_ics", lang)
    assert not at.info  # no "no dates" message any more
