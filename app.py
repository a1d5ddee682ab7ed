"""Router: page config, state set-up, navigation. Pages draw everything else."""

from pathlib import Path

import streamlit as st

from ui.failure import page_failed
from ui.i18n import t
from ui.persistence import init_state
from ui.session import lang, store
from ui.sidebar import after_page
from ui.warm import start_warm_up, warm_imports

# The icon is a file served by the app itself: a ":material/…:" page icon makes every
# browser fetch it from fonts.gstatic.com (a third party seeing each student's address).
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"
st.set_page_config(page_icon=str(ICON), layout="wide")
init_state()
current = lang()
navigation = st.navigation(
    [
        st.Page(
            "views/plan.py", title=t("page_plan", current), icon=":material/explore:", default=True
        ),
        st.Page("views/grades.py", title=t("page_grades", current), icon=":material/edit_note:"),
        st.Page(
            "views/catalogue.py", title=t("page_catalogue", current), icon=":material/menu_book:"
        ),
        st.Page("views/odds.py", title=t("page_odds", current), icon=":material/casino:"),
        st.Page("views/compare.py", title=t("page_compare", current), icon=":material/compare:"),
        st.Page("views/rules.py", title=t("page_rules", current), icon=":material/gavel:"),
        st.Page(
            "views/calendar.py", title=t("page_calendar", current), icon=":material/calendar_month:"
        ),
        st.Page(
            "views/programme.py", title=t("page_programme", current), icon=":material/construction:"
        ),
    ]
)
# Each page its own browser-tab title ("Notes — Planificateur M2"): several tabs of the
# app can be told apart. Set once the page is known.
st.set_page_config(page_title=f"{navigation.title} — {t('app_short_title', current)}")
if navigation.url_path != "" or store().programme is not None:
    # Only the Plan page with no programme chosen (a new visitor's first page) uses no
    # numpy or pandas; every other run waits for the warm-up, so no page ever imports them
    # while the warm-up thread does.
    warm_imports()
try:
    try:
        navigation.run()
    except Exception as error:  # whatever a page raises, never a traceback
        page_failed(error, current)
    after_page()  # after the page: exports and the address bar carry what it stored
finally:
    # After the first page is drawn (not before: the warm-up would slow it down), load
    # numpy/pandas in the background while the student reads it. Once per process.
    start_warm_up()
