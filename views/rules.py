"""Rules: each programme's rules in plain language, with their source sentence."""

import streamlit as st

from planner.rules_text import statements
from ui.i18n import colon, t
from ui.state import catalogue, lang, sidebar

selection = sidebar()
current = lang()
st.title(t("rules_title", current))
st.caption(t("rules_intro", current))

programmes = [selection.programme] if selection.programme else list(catalogue().programmes)
for programme in programmes:
    st.header(f"{programme.name} ({programme.academic_year})")
    st.caption(f"{t('from_source', current)}{colon(current)}{programme.source.title}")
    if programme.rules.status == "assumed" and programme.rules.note:
        st.warning(programme.rules.note, icon=":material/warning:")
    in_plan = (
        {u.id for u in programme.units_for(selection.track, selection.option)}
        if selection.complete and programme is selection.programme
        else None
    )
    for statement in statements(programme, current, in_plan):
        with st.container(border=True):
            badge = (
                f":green-badge[{t('published_rule', current)}]"
                if statement.status == "published"
                else f":orange-badge[:material/warning: {t('assumed_rule', current)}]"
            )
            st.markdown(f"**{statement.topic}** {badge}")
            st.markdown(statement.text)
            if statement.source:
                st.caption(f"« {statement.source} »")
            if statement.note:
                st.caption(statement.note)
    if programme.notes:
        with st.expander(t("programme_notes", current)):
            st.markdown("\n".join(f"- {note}" for note in programme.notes))
