"""My programme: a programme the catalogue does not have, built in the browser — from
nothing, from a copy of another, or from a programme file — and planned on by every page."""

import streamlit as st

from planner.catalogue import MAX_PROGRAMME_BYTES
from ui import builder_programme, builder_units, own_programme, programme_files
from ui.i18n import t
from ui.session import lang
from ui.sidebar import sidebar

selection = sidebar()
current = lang()
st.title(t("page_programme", current))
st.caption(t("builder.intro", current))
found = own_programme.draft()
# Each area one container whatever it holds: an element more or less above the tabs would
# make them new ones, back on their first tab, at every edit that changes what is said.
with st.container():
    programme_files.start_area(found, current)
if found is not None:
    with st.container():
        programme_files.status(found, selection, current)
    about, units, rules, file = st.tabs(
        [
            t("programme", current),
            t("builder.tab_units", current),
            t("builder.tab_rules", current),
            t("builder.tab_file", current),
        ]
    )
    for place, section in (
        (about, builder_programme.about_section),
        (units, builder_units.units_section),
        (rules, builder_programme.rules_section),
    ):
        with place:
            try:
                section(current)
            except (AttributeError, KeyError, IndexError, TypeError, ValueError):
                # A draft whose text gives a part another shape than a programme's (a list
                # where a mapping goes): its problems are listed above, and the text, in
                # the last tab, is where it is fixed.
                st.warning(t("builder.not_a_form", current), icon=":material/edit_document:")
    with file:
        programme_files.file_section(found, current, MAX_PROGRAMME_BYTES)
