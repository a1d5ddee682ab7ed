"""The Plan page's course picker: for each unit where the student chooses, the unit's
rule (« Choose 2 of 3 ») above one checkbox per course, and whether the choice is
complete below them.

A checkbox is ticked by a click, a tap, or Space on its own focus: nothing typed can
tick another course (a multiselect's search did: « Gestion » then Enter took every fuzzy
match). A tick beyond what the unit allows is refused and said why, in the page's
language; the box is unticked again and the plan keeps its choice.
"""

from __future__ import annotations

import streamlit as st

from planner.catalogue import Programme, Unit
from planner.engine import choice_is_valid, course_count, enrolled_courses, too_many_chosen
from planner.messages import Lang
from ui import page_keys, present
from ui.i18n import t
from ui.session import Selection, choices, set_choices


def choice_key(unit: Unit, sel: Selection, course: str) -> str:
    """A course's checkbox, in a unit of one plan (ui.state drops every "choice::" key
    when another plan is opened, so that each box is seeded from it again)."""
    return f"choice::{unit.id}::{sel.option}::{sel.track}::{course}"


def _refused_key(unit: Unit, sel: Selection) -> str:
    """The course last refused in the unit, until the page has said so once."""
    return f"choice_refused::{unit.id}::{sel.option}::{sel.track}"


def _on_tick(sel: Selection, unit: Unit, course: str) -> None:
    key = choice_key(unit, sel, course)
    picked = choices(sel)
    if not page_keys.widget(key):
        set_choices(sel, picked - {course})
        return
    wanted = picked | {course}
    if too_many_chosen(unit, wanted):
        page_keys.seed(key, False)
        page_keys.keep(_refused_key(unit, sel), course)
        return
    set_choices(sel, wanted)


def course_picker(programme: Programme, unit: Unit, sel: Selection, lang: Lang) -> None:
    """The unit's name and rule, its courses' checkboxes, then the choice's state."""
    assert unit.choose is not None
    count = course_count(unit)
    rule = t("choose_n", lang, choose=count.text(lang), count=len(unit.courses))
    # One element for both lines: every element costs server time on each rerun.
    st.markdown(f"{present.bold_name(unit.name)}  \n{rule}")
    picked = choices(sel)
    for course in unit.courses:
        key = choice_key(unit, sel, course)
        page_keys.seed_once(key, course in picked)  # after a page switch
        st.checkbox(
            present.label_name(programme.course(course).name),
            key=key,
            on_change=_on_tick,
            args=(sel, unit, course),
        )
    refused = page_keys.kept(_refused_key(unit, sel))
    if refused is not None:
        page_keys.drop(_refused_key(unit, sel))
        st.warning(
            t(
                "choice_too_many",
                lang,
                most=unit.choose.max,
                course=present.name(programme.course(refused).name),
            ),
            icon=":material/block:",
        )
    elif choice_is_valid(unit, picked):
        st.success(t("choice_ok", lang), icon=":material/check:")
    else:
        n = len(enrolled_courses(unit, picked))
        st.warning(t("choice_missing", lang, choose=count.text(lang), picked=n))
