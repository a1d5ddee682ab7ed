"""The programme's dated events as an iCalendar file (RFC 5545), for the student's calendar.

Every dated event becomes an all-day VEVENT: teaching periods, exams, the internship and
events span their days; the alumni's milestones are one-day reminders on the day they
start, with an alarm that morning. The description says how sure the date is (published,
inferred and how, or advice). Undated events are left out: `undated_events` lists them.
Texts are in the app's language, the catalogue's notes too; event names are as the file gives them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from planner import __version__, texts
from planner.catalogue import Event, Programme, in_language
from planner.messages import Lang

if TYPE_CHECKING:
    from icalendar import Event as CalendarEvent

PRODID = f"-//M2 year planner//m2-planner {__version__}//EN"
MILESTONE_ALARM = dt.timedelta(hours=9)  # 09:00 on the milestone's day


class NothingDated(ValueError):
    """A programme (or track) with no dated event: RFC 5545 wants at least one component."""


# An event's category, by its kind: the Calendar page's words, but "Reminder" for a
# milestone (the page says what the milestone is about).
CATEGORIES = {
    "teaching": "kind_teaching",
    "exams": "kind_exams",
    "internship": "kind_internship",
    "event": "kind_event",
    "milestone": "ics.milestone",
}


def events_for(programme: Programme, track: str | None) -> tuple[Event, ...]:
    """The events a student of this track sees (the Calendar page's own filter)."""
    return tuple(e for e in programme.calendar if not e.tracks or track in e.tracks)


def dated_events(programme: Programme, track: str | None) -> tuple[Event, ...]:
    return tuple(e for e in events_for(programme, track) if e.start is not None)


def undated_events(programme: Programme, track: str | None) -> tuple[Event, ...]:
    return tuple(e for e in events_for(programme, track) if e.start is None)


def _description(programme: Programme, event: Event, lang: Lang) -> str:

    assert event.start is not None
    end = event.end or event.start
    if event.status == "advice":
        head = (
            texts.text(
                "ics.advice",
                lang,
                start=texts.long_date(event.start, lang),
                end=texts.long_date(end, lang),
            )
            if end != event.start
            else texts.text("ics.advice_one_day", lang)
        )
        return "\n".join(p for p in (head, in_language(event.note, lang)) if p)
    if event.status == "inferred":
        head = texts.text("ics.inferred", lang)
    else:
        key = "ics.published" if end != event.start else "ics.published_day"
        head = texts.text(key, lang, source=programme.source.title)
    # How inferred days are read, and from which sentence of the source (verbatim).
    quoted = (
        f"{texts.text('source', lang)}{texts.colon(lang)}{texts.quoted(event.source)}"
        if event.source
        else None
    )
    parts = (head, in_language(event.rule, lang), in_language(event.note, lang), quoted)
    return "\n".join(p for p in parts if p)


def _vevent(programme: Programme, event: Event, lang: Lang, stamp: dt.datetime) -> CalendarEvent:
    from icalendar import Alarm
    from icalendar import Event as CalendarEvent

    assert event.start is not None
    vevent = CalendarEvent()
    # Stable across downloads: importing a newer file updates the event, never doubles it.
    vevent.add("uid", f"{event.id}.{programme.id}@m2-planner")
    vevent.add("dtstamp", stamp)
    milestone = event.kind == "milestone"
    vevent.add(
        "summary", texts.text("ics.reminder", lang, name=event.name) if milestone else event.name
    )
    last = event.start if milestone else (event.end or event.start)
    vevent.add("dtstart", event.start)  # a date: VALUE=DATE, an all-day event
    vevent.add("dtend", last + dt.timedelta(days=1))  # DTEND of a date is exclusive
    vevent.add("description", _description(programme, event, lang))
    vevent.add("categories", [texts.text(CATEGORIES[event.kind], lang)])
    vevent.add("transp", "TRANSPARENT")  # months of teaching are not "busy" all day
    if milestone:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.name)
        alarm.add("trigger", MILESTONE_ALARM, parameters={"RELATED": "START"})
        vevent.add_component(alarm)
    return vevent


def programme_ics(programme: Programme, track: str | None, lang: Lang, stamp: dt.datetime) -> bytes:
    """The .ics file of the programme's dated events for this track. `stamp` (UTC) is the
    file's creation time (DTSTAMP). Raises NothingDated when no event has a date."""
    # Imported here: the Calendar page lists events without paying for icalendar and fpdf.
    from icalendar import Calendar

    events = dated_events(programme, track)
    if not events:
        raise NothingDated(f"{programme.id}: no dated event to put in a calendar")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = texts.text(
        "ics.calendar_name", lang, programme=programme.name, year=programme.academic_year
    )
    calendar.add("x-wr-calname", name)
    utc = stamp.astimezone(dt.UTC)
    for event in events:
        calendar.add_component(_vevent(programme, event, lang, utc))
    return calendar.to_ical()


def ics_file_name(programme: Programme, track: str | None) -> str:
    return f"{programme.id}{f'-{track}' if track else ''}.ics"
