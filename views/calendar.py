"""Calendar: the year on a timeline from the catalogue dates, with the advised milestones."""

import streamlit as st

from planner.messages import Lang
from ui import charts
from ui.i18n import t
from ui.state import catalogue, lang, require_programme, sidebar


@st.cache_data(max_entries=256, show_spinner=False)
def timeline(programme_id: str, track: str | None, language: Lang) -> dict[str, object] | None:
    """Built once per programme, track and language: it depends on nothing else."""
    programme = catalogue().get(programme_id)
    assert programme is not None
    figure = charts.timeline(programme, track, language)
    return None if figure is None else figure.to_dict()


selection = sidebar()
current = lang()
st.title(t("calendar_title", current))

if require_programme(selection):
    assert selection.programme is not None
    programme = selection.programme
    figure = timeline(programme.id, selection.track, current)
    if figure is None:
        st.info(t("no_calendar", current))
    else:
        st.plotly_chart(figure, key="timeline")
    events = [e for e in programme.calendar if not e.tracks or selection.track in e.tracks]
    milestones = [e for e in events if e.kind == "milestone"]
    if milestones:
        st.subheader(t("milestones", current))
        for e in milestones:
            when = e.start.strftime("%m/%Y") if e.start else ""
            st.markdown(f"- **{e.name}** ({when}, {t('advice', current)}) — {e.note or ''}")
    undated = [e for e in events if e.start is None]
    if undated:
        st.subheader(t("undated", current))
        for e in undated:
            st.markdown(f"- **{e.name}** — {e.note or t('not_published', current)}")
