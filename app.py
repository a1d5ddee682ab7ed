"""Router: page config, state set-up, navigation. Pages draw everything else."""

import streamlit as st

from ui.warm import warm_imports

warm_imports()  # before any page: concurrent first sessions must not race the imports

from ui.i18n import t  # noqa: E402
from ui.state import init_state, lang  # noqa: E402

st.set_page_config(page_title="M2 planner", page_icon=":material/school:", layout="wide")
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
    ]
)
navigation.run()
