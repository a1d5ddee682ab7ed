"""Calendar: the year on a timeline from the catalogue dates, with the advised milestones."""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from planner.catalogue import Event, Programme, in_language
from planner.messages import Lang
from planner.outputs.ics import (
    dated_events,
    events_for,
    ics_file_name,
    programme_ics,
    undated_events,
)
from planner.texts import long_date, quoted
from ui import charts, present
from ui.computed import timeline
from ui.format import plain
from ui.i18n import colon, t
from ui.own_programme import cache_key
from ui.session import lang
from ui.sidebar import require_programme, sidebar
from ui.state import narrow_screen


def ics_file(programme: Programme, track: str | None, language: Lang) -> Callable[[], bytes]:
    """Built on click, not on every rerun (a download callable runs outside the script)."""

    def build() -> bytes:
        return programme_ics(programme, track, language, dt.datetime.now(dt.UTC))

    return build


def ics_download(programme: Programme, track: str | None, language: Lang) -> None:
    """The .ics download, with what it leaves out; nothing when no event is dated."""
    if not dated_events(programme, track):
        return
    # Streamlit's own button, not ui.download: the file holds no student data (the same for
    # everyone in this programme and track), so its short stay in the media store is harmless.
    st.download_button(
        t("download_ics", language),
        data=ics_file(programme, track, language),
        file_name=ics_file_name(programme, track),
        mime="text/calendar",
        icon=":material/event:",
        key="download_ics",
        on_click="ignore",
    )
    st.caption(t("ics_help", language))
    if undated := undated_events(programme, track):
        names = ", ".join(present.name(e.name) for e in undated)
        st.caption(t("ics_undated", language, names=names))


def no_dates(programme: Programme, track: str | None, language: Lang) -> str:
    """Why the timeline is empty: the source dates nothing, or only another track's events."""
    if not any(e.start is not None for e in programme.calendar):
        return t("no_calendar", language)
    if track is None:
        return t("calendar_needs_track", language)
    names = {x.id: x.name for x in programme.tracks}
    return t("no_calendar_for_track", language, track=present.name(names[track]))


def inferred_period(event: Event, language: Lang) -> None:
    """A period the source does not date exactly: its days, labelled inferred, the rule that
    infers them (the file's authors' words) and the source's sentence, verbatim."""
    assert event.start is not None
    period = t(
        "inferred_period",
        language,
        start=long_date(event.start, language),
        end=long_date(event.end or event.start, language),
    )
    how = in_language(event.rule, language) or in_language(event.note, language)
    line = f"- {present.bold_name(event.name)} ({period})"
    st.markdown(f"{line} — {plain(how)}" if how else line)
    if event.source:
        st.caption(f"{t('source', language)}{colon(language)}{quoted(plain(event.source))}")


selection = sidebar()
current = lang()
st.title(t("calendar_title", current))

if require_programme(selection):
    assert selection.programme is not None
    programme = selection.programme
    chart = timeline(cache_key(programme), selection.track, current, narrow_screen())
    if chart is None:
        st.info(no_dates(programme, selection.track, current))
    else:
        charts.show(chart, "timeline")
        ics_download(programme, selection.track, current)
    events = events_for(programme, selection.track)
    milestones = [e for e in events if e.kind == "milestone"]
    if milestones:
        st.subheader(t("milestones", current))
        for e in milestones:
            when = e.start.strftime("%m/%Y") if e.start else ""
            note = present.name(in_language(e.note, current) or "")
            st.markdown(f"- {present.bold_name(e.name)} ({when}, {t('advice', current)}) — {note}")
    inferred = [e for e in events if e.status == "inferred" and e.start is not None]
    if inferred:
        st.subheader(t("inferred_dates", current))
        for e in inferred:
            inferred_period(e, current)
    undated = [e for e in events if e.start is None]
    if undated:
        st.subheader(t("undated", current))
        for e in undated:
            note = present.name(in_language(e.note, current) or t("not_published", current))
            st.markdown(f"- {present.bold_name(e.name)} — {note}")
