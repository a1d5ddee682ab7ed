"""The .ics export: it parses back (icalendar, and the stricter `ical` parser Home Assistant
uses), with the dates the source publishes, in the app's language, undated items left out."""

from __future__ import annotations

import datetime as dt

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from planner.messages import LANGS
from planner.outputs.ics import (
    NothingDated,
    dated_events,
    ics_file_name,
    programme_ics,
    undated_events,
)
from tests.unit.support import IM, SEED_SL, SL, catalogue

STAMP = dt.datetime(2026, 12, 1, 21, 30, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)

# First and last day of each S&L event, as the slides write them (dd/mm; year 2024-2025).
# DTEND of an all-day event is the day after the last one (RFC 5545: exclusive).
SL_DAYS = {
    "mise-a-niveau": ("02/09-13/09", dt.date(2024, 9, 2), dt.date(2024, 9, 13)),
    "cours-fondamentaux": ("16/09-10/01", dt.date(2024, 9, 16), dt.date(2025, 1, 10)),
    "forum-emploi-maths": ("le 07/10/2024", dt.date(2024, 10, 7), dt.date(2024, 10, 7)),
    "specialisation": ("13/01-11/04", dt.date(2025, 1, 13), dt.date(2025, 4, 11)),
    # Published "14/04-oct": the end is inferred (the last day of October).
    "stage": ("14/04-oct", dt.date(2025, 4, 14), dt.date(2025, 10, 31)),
}
# Alumni advice: a one-day reminder on the day the advised period starts.
SL_REMINDERS = {"cv-ready": dt.date(2024, 9, 1), "apply": dt.date(2024, 10, 1)}


def sl_ics(lang="en", track=None) -> bytes:
    return programme_ics(catalogue().get(SL), track, lang, STAMP)


def vevents(data: bytes) -> dict[str, object]:
    parsed = Calendar.from_ical(data)
    return {str(e["UID"]).split(".")[0]: e for e in parsed.walk("VEVENT")}


@pytest.mark.parametrize("lang", LANGS)
def test_the_published_days_come_back_from_the_file(lang):
    events = vevents(sl_ics(lang))
    for ident, (_, first, last) in SL_DAYS.items():
        event = events[ident]
        assert event["DTSTART"].dt == first, ident
        assert event["DTEND"].dt == last + DAY, ident
        assert event["DTSTART"].params["VALUE"] == "DATE"  # all-day, no time zone to get wrong
    for ident, day in SL_REMINDERS.items():
        assert (events[ident]["DTSTART"].dt, events[ident]["DTEND"].dt) == (day, day + DAY)


def test_the_expected_days_are_the_slides_own():
    if not SEED_SL.exists():
        pytest.skip(f"seed {SEED_SL} not available")
    seed = SEED_SL.read_text(encoding="utf-8")
    for ident, (written, _, _) in SL_DAYS.items():
        assert written in seed, ident
    programme = catalogue().get(SL)
    catalogue_days = {e.id: (e.start, e.end) for e in programme.calendar}
    for ident, (_, first, last) in SL_DAYS.items():
        assert catalogue_days[ident] == (first, last)


def test_a_strict_rfc_5545_parser_reads_the_same_events():
    """`ical` validates the grammar and the required properties (UID, DTSTAMP, ...)."""
    for lang in LANGS:
        parsed = IcsCalendarStream.calendar_from_ics(sl_ics(lang).decode("utf-8"))
        days = {e.uid.split(".")[0]: (e.dtstart, e.dtend) for e in parsed.events}
        expected = {i: (first, last + DAY) for i, (_, first, last) in SL_DAYS.items()}
        expected |= {i: (day, day + DAY) for i, day in SL_REMINDERS.items()}
        assert days == expected
        reminders = [e for e in parsed.events if e.uid.split(".")[0] in SL_REMINDERS]
        assert all(len(e.alarm) == 1 for e in reminders)
        assert all(e.dtstamp == STAMP for e in parsed.events)


def test_the_file_is_rfc_5545_text():
    data = sl_ics()
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends with CRLF
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//M2 year planner//")


def test_undated_items_are_left_out_and_listed():
    programme = catalogue().get(SL)
    events = vevents(sl_ics())
    assert "exam-sessions" not in events
    assert [e.id for e in undated_events(programme, None)] == ["exam-sessions"]
    dated = {e.id for e in dated_events(programme, None)}
    assert dated == set(events) == set(SL_DAYS) | set(SL_REMINDERS)


def test_uids_are_unique_and_stable_between_downloads():
    first, later = vevents(sl_ics()), vevents(sl_ics("fr"))
    uids = [str(e["UID"]) for e in first.values()]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["UID"]) for e in later.values()]
    assert all(e["DTSTAMP"].dt == STAMP for e in first.values())


def test_descriptions_say_how_sure_each_date_is_in_the_apps_language():
    en, fr = vevents(sl_ics("en")), vevents(sl_ics("fr"))
    note = catalogue().get(SL).calendar[4].note
    assert str(en["stage"]["DESCRIPTION"]).startswith("Dates inferred, not all published.")
    assert str(fr["stage"]["DESCRIPTION"]).startswith("Dates déduites, pas toutes publiées.")
    assert note is not None
    assert note.en in str(en["stage"]["DESCRIPTION"])
    assert note.fr in str(fr["stage"]["DESCRIPTION"])
    assert note.en not in str(fr["stage"]["DESCRIPTION"])
    assert str(en["forum-emploi-maths"]["DESCRIPTION"]).startswith("Date published in the source")
    assert str(fr["mise-a-niveau"]["DESCRIPTION"]).startswith("Dates publiées dans le document")
    assert str(en["apply"]["DESCRIPTION"]).startswith(
        "Alumni advice, not an official date: from 1 October 2024 to 13 April 2025."
    )
    assert str(fr["apply"]["DESCRIPTION"]).startswith(
        "Conseil d'anciens, pas une date officielle : du 1er octobre 2024 au 13 avril 2025."
    )
    assert str(en["apply"]["SUMMARY"]) == "Reminder: Candidatures de stage"
    assert str(fr["apply"]["SUMMARY"]) == "Rappel : Candidatures de stage"
    assert [str(c) for c in en["stage"]["CATEGORIES"].cats] == ["Internship"]
    assert [str(c) for c in fr["mise-a-niveau"]["CATEGORIES"].cats] == ["Enseignement"]
    assert (
        str(Calendar.from_ical(sl_ics())["X-WR-CALNAME"]) == "M2 Statistique & Learning (2024-2025)"
    )


def test_a_reminder_rings_on_the_morning_of_its_day():
    (alarm,) = vevents(sl_ics())["cv-ready"].walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)
    assert alarm["TRIGGER"].params["RELATED"] == "START"


@pytest.mark.parametrize("track", [None, "fa"])
def test_a_track_with_no_date_has_no_calendar_file(track):
    """M2 IM dates only the FI internship: FA, or no track chosen, has nothing to put in a file."""
    programme = catalogue().get(IM)
    with pytest.raises(NothingDated, match=IM):
        programme_ics(programme, track, "en", STAMP)
    assert undated_events(programme, track) == ()


def test_the_im_internship_is_an_all_day_span_of_inferred_days():
    """« from the beginning of March to the end of August »: 1 March to 31 August 2026."""
    data = programme_ics(catalogue().get(IM), "fi", "en", STAMP)
    (strict,) = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert (strict.dtstart, strict.dtend) == (dt.date(2026, 3, 1), dt.date(2026, 9, 1))
    events = vevents(data)
    assert list(events) == ["fi-internship"]
    internship = events["fi-internship"]
    assert internship["DTSTART"].dt == dt.date(2026, 3, 1)
    assert internship["DTEND"].dt == dt.date(2026, 8, 31) + DAY
    assert internship["DTSTART"].params["VALUE"] == "DATE"
    assert str(internship["SUMMARY"]) == "UE Stage"
    assert [str(c) for c in internship["CATEGORIES"].cats] == ["Internship"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_im_internship_says_its_days_are_inferred_how_and_from_which_sentence(lang):
    event = catalogue().get(IM).calendar[0]
    assert event.rule is not None and event.source is not None
    internship = vevents(programme_ics(catalogue().get(IM), "fi", lang, STAMP))["fi-internship"]
    description = str(internship["DESCRIPTION"])
    head = {
        "en": "Dates inferred, not all published.",
        "fr": "Dates déduites, pas toutes publiées.",
    }
    assert description.startswith(head[lang] + "\n")
    assert getattr(event.rule, lang) in description
    other = "fr" if lang == "en" else "en"
    assert getattr(event.rule, other) not in description
    source = {"en": "Source: ", "fr": "Source : "}[lang]
    assert description.endswith(f"{source}«\u00a0{event.source}\u00a0»")


def test_file_names_say_the_programme_and_track():
    assert ics_file_name(catalogue().get(SL), None) == f"{SL}.ics"
    assert ics_file_name(catalogue().get(IM), "fi") == f"{IM}-fi.ics"
