"""The Grades page's form: the same fields as the grade sheet (ui.grade_sheet), for those
who would rather send every grade at once with one button than each as it is typed. Its
fields are ui.grades_edit's rows; its button calls ui.grades_edit.on_form_send."""

from __future__ import annotations

import streamlit as st

from planner.messages import Lang
from ui import grades_edit as edit
from ui import present
from ui.i18n import t
from ui.session import Selection

FIELD_WIDTH = 320  # a form's grade field: room for its course's name, within a phone's 390 px


def grade_form(sel: Selection, courses: list[str], session: int, lang: Lang) -> None:
    """The same grades as a form: every field sent at once, by one button."""
    rows = edit.rows(sel, courses, session, lang)
    refusals = edit.refusal_texts(sel, session, lang, markdown=True)
    with st.form(edit.form_id(sel, session), border=True):
        for row in rows:
            # Each field with « absent » below it, not beside it: a row of columns is five
            # more blocks that the browser redraws on every grade sent (measured: a quarter
            # of an edit's time), and a phone stacks them anyway.
            # A label is markdown: the name escaped as a label (static/elements.js reads
            # the field's accessible name without the escapes).
            st.text_input(
                present.label_name(row.label),
                value=row.value,
                max_chars=12,
                key=edit.form_key(session, row.course),
                width=FIELD_WIDTH,
            )
            if row.course in refusals:
                # Right under the field it refuses: the field keeps the text typed, and
                # this says why it was not read and which grade the verdicts use.
                st.warning(refusals[row.course], width=FIELD_WIDTH)
            st.checkbox(
                t("absent", lang),
                value=row.absent,
                key=edit.form_absent_key(session, row.course),
            )
        st.form_submit_button(
            t("grades_form_send", lang),
            type="primary",
            key=f"grades_form_send::{session}",
            on_click=edit.on_form_send,
            args=(sel, [row.course for row in rows], session),
        )
