"""Calendar: the year on a timeline from the catalogue dates, with the advised milestones."""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from planner.catalogue import Programme, in_language
from planner.messages import Lang
from planner.outputs.ics import dated_events, ics_file_name, programme_ics, undated_events
from ui import charts, present
from ui.computed import timeline
from ui.i18n import t
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


selection = sidebar()
current = lang()
st.title(t("calendar_title", current))

if require_programme(selection):
    assert selection.programme is not None
    programme = selection.programme
    chart = timeline(programme.id, selection.track, current, narrow_screen())
    if chart is None:
        st.info(t("no_calendar", current))
    else:
        charts.show(chart, "timeline")
        ics_download(programme, selection.track, current)
    events = [e for e in programme.calendar if not e.tracks or selection.track in e.tracks]
    milestones = [e for e in events if e.kind == "milestone"]
    if milestones:
        st.subheader(t("milestones", current))
        for e in milestones:
            when = e.start.strftime("%m/%Y") if e.start else ""
            note = in_language(e.note, current) or ""
            st.markdown(f"- {present.bold_name(e.name)} ({when}, {t('advice', current)}) — {note}")
    undated = [e for e in events if e.start is None]
    if undated:
        st.subheader(t("undated", current))
        for e in undated:
            note = in_language(e.note, current) or t("not_published", current)
            st.markdown(f"- {present.bold_name(e.name)} — {note}")
