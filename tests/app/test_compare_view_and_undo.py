"""Compare keeps what the student chose and loses nothing in one tap (issue 29, items 5
and 6): the view (tab) chosen survives a language switch, and « Delete » is undoable: the
scenario comes back as it was, under its name and in its place."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.scenario import Scenario
from tests.app.test_nothing_lost import on_my_scenarios
from tests.app.test_pages import IM, SL, ok, plan_of
from ui.i18n import t

VIEW = "compare_view"  # the tabs' key (views/compare.py)
OPENED = Scenario(programme=IM, track="fi", option="mds")
SAVED = {
    "Plan A": Scenario(programme=SL, grades={"stage": 40.0}),
    "Plan B": Scenario(programme=SL, grades={"stage": 60.0}),
    "Plan C": Scenario(programme=IM, track="fa", option="sd"),
}
TAB_IDS = ("tab_side_by_side", "tab_combinations", "tab_saved")


def shown_tab(at: AppTest) -> int:
    """The index of the tab the page shows."""
    (container,) = [n for n in at.main.children.values() if n.type == "tab_container"]
    return container.proto.tab_container.default_tab_index


def choose_tab(at: AppTest, text_id: str, lang: str) -> AppTest:
    """What a click on a tab sends: its label, as the widget's value."""
    at.session_state[VIEW] = t(text_id, lang)
    return ok(at.run())


@pytest.mark.parametrize(("first", "then"), [("en", "fr"), ("fr", "en")])
@pytest.mark.parametrize("text_id", TAB_IDS[1:])
def test_the_view_chosen_survives_a_language_switch(first, then, text_id):
    at = on_my_scenarios(OPENED, SAVED, first)
    assert shown_tab(at) == 0
    choose_tab(at, text_id, first)
    assert shown_tab(at) == TAB_IDS.index(text_id)
    plan_of(at).lang = then  # the sidebar's language picker
    ok(at.run())
    assert [tab.label for tab in at.tabs] == [t(i, then) for i in TAB_IDS]
    assert shown_tab(at) == TAB_IDS.index(text_id)
    ok(at.run())  # and on the next run too
    assert shown_tab(at) == TAB_IDS.index(text_id)
