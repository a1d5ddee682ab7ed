"""Catalogue: search and browse every course of the programme, with each figure's status."""

from collections import Counter

import streamlit as st

from planner.catalogue import Figure
from ui.format import figure, plain, say
from ui.i18n import t
from ui.state import lang, require_programme, sidebar

selection = sidebar()
current = lang()
st.title(t("catalogue_title", current))

if require_programme(selection):
    assert selection.programme is not None
    programme = selection.programme
    options = {o.id: o.name for o in programme.options}
    query = st.text_input(t("search", current), key="catalogue_query", max_chars=100)
    only_mine = False
    if options and selection.option:
        only_mine = st.toggle(t("filter_option", current), key="catalogue_only_mine")

    def provenance(f: Figure) -> str:
        if f.status == "inferred":
            return f"{t('inferred', current)}: {f.rule}"
        if f.conflict is not None:
            return f"{t('published', current)}; ≠ {f.conflict.value:g} ({f.conflict.where})"
        return t("published", current) if f.known else t("not_published", current)

    rows = []
    details = []
    needle = (query or "").strip().casefold()
    for course in programme.courses:
        units = programme.units_of_course(course.id)
        scopes = sorted({o for u in units for o in u.options})
        if only_mine and scopes and selection.option not in scopes:
            continue
        unit_names = ", ".join(dict.fromkeys(u.name for u in units))
        haystack = " ".join((course.name, unit_names, course.description or "")).casefold()
        if needle and needle not in haystack:
            continue
        rows.append(
            {
                t("course", current): course.name,
                t("unit", current): unit_names,
                t("options_col", current): ", ".join(s.upper() for s in scopes)
                or t("all_options", current),
                "ECTS": figure(course.ects, current),
                "CM": figure(course.lecture_hours, current),
                "TD": figure(course.tutorial_hours, current),
            }
        )
        details.append((course, unit_names))
    if not rows:
        st.info(say("no_results", current, q=query))  # typed text, shown as typed
    else:
        st.caption(t("results", current, n=len(rows)))
        st.dataframe(rows, hide_index=True, width="stretch")
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
            st.markdown(f"**{plain(course.name)}**")
            st.text(course.description or t("no_description", current))
            st.caption(
                " · ".join(
                    f"{label} {figure(value, current)}"
                    + (f" ({provenance(value)})" if value.known else "")
                    for label, value in (
                        ("ECTS", course.ects),
                        ("CM", course.lecture_hours),
                        ("TD", course.tutorial_hours),
                    )
                )
            )
            if course.note:
                st.caption(course.note)
    if programme.notes:
        with st.expander("Notes"):
            for note in programme.notes:
                st.markdown(f"- {note}")
