"""Compare keeps what the student chose and loses nothing in one tap (issue 29, items 5
and 6): the view (tab) chosen survives a language switch, and « Delete » is undoable: the
scenario comes back as it was, under its name and in its place."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.scenario import Scenario
from tests.app.test_nothing_lost import button, labels, on_my_scenarios, save_as, text_of
from tests.app.test_pages import IM, SL, ok, plan_of
from ui.format import say
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


def delete(at: AppTest, name: str) -> AppTest:
    ok(at.selectbox(key="saved_pick").set_value(name).run())
    return ok(button(at, t("delete_scenario", "en")).click().run())


def successes(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def test_delete_says_so_and_undo_puts_the_scenario_back_in_its_place():
    at = on_my_scenarios(OPENED, SAVED)
    delete(at, "Plan B")
    assert list(plan_of(at).saved) == ["Plan A", "Plan C"]
    assert say("scenario_deleted", "en", name="Plan B") in successes(at)
    ok(button(at, t("undo_delete", "en")).click().run())
    assert plan_of(at).saved == {name: text_of(plan) for name, plan in SAVED.items()}
    assert list(plan_of(at).saved) == list(SAVED)  # in its place, not at the end
    assert say("scenario_deleted", "en", name="Plan B") not in successes(at)
    assert t("undo_delete", "en") not in labels(at)


def test_the_last_scenario_deleted_can_be_put_back_too():
    at = on_my_scenarios(OPENED, {"Only": SAVED["Plan A"]})
    delete(at, "Only")
    assert plan_of(at).saved == {}
    assert t("no_saved", "en") in [i.value for i in at.info]
    ok(button(at, t("undo_delete", "en")).click().run())
    assert plan_of(at).saved == {"Only": text_of(SAVED["Plan A"])}


def test_a_save_after_a_delete_ends_the_undo_and_loses_nothing():
    at = on_my_scenarios(OPENED, SAVED)
    delete(at, "Plan A")
    save_as(at, "Plan A")  # the current plan takes the freed name
    assert t("undo_delete", "en") not in labels(at)
    assert list(plan_of(at).saved) == ["Plan B", "Plan C", "Plan A"]
    assert plan_of(at).saved["Plan A"] == text_of(OPENED)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_undo_offer_is_in_the_pages_language(lang):
    at = on_my_scenarios(OPENED, SAVED, lang)
    ok(at.selectbox(key="saved_pick").set_value("Plan C").run())
    ok(button(at, t("delete_scenario", lang)).click().run())
    assert say("scenario_deleted", lang, name="Plan C") in successes(at)
    assert t("undo_delete", lang) in labels(at)
