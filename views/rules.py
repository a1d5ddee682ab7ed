"""Rules: each programme's rules in plain language, with their source sentence."""

import contextlib

import streamlit as st

from planner.applied import apply_parameters
from planner.outputs.rules_text import statements
from planner.presets import chooses_rules
from planner.scenario import Parameters, ScenarioError
from ui import present, rule_parameters
from ui.i18n import colon, t
from ui.own_programme import origin_of
from ui.session import lang, parameters
from ui.sidebar import sidebar
from ui.state import catalogue

selection = sidebar()
current = lang()
st.title(t("rules_title", current))
st.caption(t("rules_intro", current))


programmes = [selection.programme] if selection.programme else list(catalogue().programmes)
for programme in programmes:
    st.header(f"{present.name(programme.name)} ({present.name(programme.academic_year)})")
    source = present.name(programme.source.title)
    st.caption(f"{t('from_source', current)}{colon(current)}{source}")
    mine = programme is selection.programme
    # The rules as the verdicts apply them (planner.applied): the student's parameters,
    # and only the units of their track and option once both are chosen.
    chosen = Parameters()
    if mine:
        chosen = parameters(selection)
    note = programme.rules.note if programme.rules.status == "assumed" else None
    if note and not chooses_rules(chosen):  # rules chosen: the preset's note is not in force
        st.warning(present.name(note.text(current)), icon=":material/warning:")
    if mine and programme.rules.status == "assumed":
        chosen = rule_parameters.my_rules(programme, current)
    in_plan = (
        {u.id for u in programme.units_for(selection.track, selection.option)}
        if selection.complete and mine
        else None
    )
    applied = programme
    with contextlib.suppress(ScenarioError):  # refused parameters never enter the session
        if in_plan is not None:
            applied = apply_parameters(programme, chosen, selection.track, selection.option)
        else:
            applied = apply_parameters(programme, chosen)
    for statement in statements(applied, current, in_plan):
        with st.container(border=True):
            entered_by = present.ENTERED_BY.get(origin_of(programme) or "")
            wording = {
                "published": "published_rule",
                "chosen": "chosen_rule",
                "entered": entered_by.rule if entered_by else "entered_rule",
            }
            badge_text = t(wording.get(statement.status, "assumed_rule"), current)
            badge = present.status_badge(statement.status, badge_text)
            st.markdown(f"{present.bold_name(statement.topic)} {badge}")
            # A statement is plain text: the app's sentence with the file's names in it.
            st.markdown(present.name(statement.text))
            if statement.source:
                st.caption(f"« {present.name(statement.source)} »")
            if statement.note:
                st.caption(present.name(statement.note))
    if programme.notes:
        with st.expander(t("programme_notes", current)):
            st.markdown(
                "\n".join(f"- {present.name(note.text(current))}" for note in programme.notes)
            )
