"""Catalogue: search and browse every course of the programme, with each figure's status."""

from collections import Counter

import streamlit as st

from planner.catalogue import Figure, in_language
from planner.compare import short_name
from planner.messages import number
from planner.search import search_courses
from ui import page_keys, present
from ui.format import say
from ui.i18n import colon, semicolon, t
from ui.session import lang
from ui.sidebar import require_programme, sidebar

selection = sidebar()
current = lang()
st.title(t("catalogue_title", current))
KEPT_QUERY = "catalogue_search_kept"
KEPT_ONLY_MINE = "catalogue_only_mine_kept"
CHAR_PX = 6.5  # px, a little over the dataframe font's average character (14 px Source Sans)
CELL_PADDING_PX = 16  # px, both sides of a cell

if require_programme(selection):
    assert selection.programme is not None
    programme = selection.programme
    # Widget keys are dropped when the page is left: each widget is re-seeded from a plain
    # key, so that the search and the filter are still there on return.
    page_keys.seed_once("catalogue_query", page_keys.kept(KEPT_QUERY, ""))
    query = st.text_input(t("search", current), key="catalogue_query", max_chars=100)
    page_keys.keep(KEPT_QUERY, query)
    only_mine = False
    if programme.options or programme.tracks:
        page_keys.seed_once("catalogue_only_mine", page_keys.kept(KEPT_ONLY_MINE, True))
        only_mine = st.toggle(t("filter_plan", current), key="catalogue_only_mine")
        page_keys.keep(KEPT_ONLY_MINE, only_mine)

    def provenance(f: Figure) -> str:
        if f.status == "inferred":
            rule = present.name(in_language(f.rule, current) or "")
            text = f"{t('inferred', current)}{colon(current)}{rule}"
        else:
            text = t("published", current) if f.known else t("not_published", current)
        if f.conflict is not None:  # the source gives another value too: always shown
            where = present.name(f.conflict.where.text(current))
            other = f"≠ {number(f.conflict.value, current)} ({where})"
            text += semicolon(current) + other
        return text

    option_names = {o.id: short_name(o.name) for o in programme.options}
    rows = []
    details = []
    for found in search_courses(
        programme, selection.track, selection.option, query or "", only_plan=only_mine
    ):
        course = found.course
        scopes = dict.fromkeys(o for u in found.units for o in u.options)
        unit_names = ", ".join(dict.fromkeys(u.name for u in found.units))
        rows.append(
            {
                t("course", current): course.name,
                t("unit", current): unit_names,
                t("options_col", current): ", ".join(option_names[o] for o in scopes)
                or t("all_options", current),
                "ECTS": present.figure(course.ects, current),
                "CM": present.figure(course.lecture_hours, current),
                "TD": present.figure(course.tutorial_hours, current),
            }
        )
        details.append((course, unit_names))
    if not rows:
        st.info(say("no_results", current, q=query))  # typed text, shown as typed
    else:
        st.caption(t("results", current, n=len(rows)))
        # The short columns sized for their longest text: auto-sizing cut "not published"
        # to "not publishe" and "MDS, MMV" to "MDS, MM".
        short = (t("options_col", current), "ECTS", "CM", "TD")
        st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            column_config={
                name: st.column_config.TextColumn(
                    width=round(CHAR_PX * max(len(str(r[name])) for r in [{name: name}, *rows]))
                    + CELL_PADDING_PX
                )
                for name in short
            },
        )
        st.caption(t("inferred_note", current))
        # One course's details at a time: an expander per course drew every description
        # (and cost server time) on each rerun, open or not.
        names = {course.id: f"{course.name} — {unit_names}" for course, unit_names in details}
        # Streamlit maps a choice back by its label: two courses with one label (M2 IM's
        # FI and FA management units) must be told apart, or one could not be picked.
        clashes = Counter(names.values())
        names = {c: f"{n} ({c})" if clashes[n] > 1 else n for c, n in names.items()}
        shown = st.selectbox(
            t("course_details", current),
            options=list(names),
            format_func=names.__getitem__,
            key="catalogue_details",
        )
        course = programme.course(shown)
        with st.container(border=True):
            st.markdown(present.bold_name(course.name))
            st.text(course.description or t("no_description", current))
            st.caption(
                " · ".join(
                    f"{label} {present.figure(value, current)}"
                    + (f" ({provenance(value)})" if value.known else "")
                    for label, value in (
                        ("ECTS", course.ects),
                        ("CM", course.lecture_hours),
                        ("TD", course.tutorial_hours),
                    )
                )
            )
            if course.note:
                st.caption(present.name(course.note.text(current)))
    if programme.notes:
        with st.expander(t("programme_notes", current)):
            for note in programme.notes:
                st.markdown(f"- {present.name(note.text(current))}")
