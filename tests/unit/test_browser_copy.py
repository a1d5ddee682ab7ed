"""The browser's copy of the saved scenarios, read as the outside text it is: entry by
entry, so that one entry no tab can read never costs the others, and never raising; and
the changes a session sends, which name only what it changed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.scenario import SavedPlan, Scenario
from ui.browser_store import MAX_STORED_CHARS, changes, entry_text, read_stored

SL = "m2-stat-learning-2024"
ONE = Scenario(programme=SL, grades={"stage": 55.0})
TWO = Scenario(programme=SL, grades={"stage": 75.0})


def holder(*entries: object, current: str | None = None) -> str:
    data: dict[str, object] = {"format": "m2-planner-scenario", "version": 2, "saved": entries}
    if current is not None:
        data["current"] = current
    return json.dumps(data)


def entry(name: str, plan: Scenario) -> dict:
    return SavedPlan(name=name, plan=plan).model_dump(mode="json", exclude_defaults=True)


def test_a_copy_of_valid_entries_reads_them_all_in_order():
    stored = read_stored(holder(entry("A", ONE), entry("B", TWO), current=ONE.to_url()))
    assert [p.name for p in stored.plans] == ["A", "B"]
    assert stored.plans[1].plan == TWO
    assert (stored.dropped, stored.unreadable, stored.current) == ((), False, ONE.to_url())


def test_one_invalid_entry_is_dropped_and_named_and_the_valid_ones_are_kept():
    long_name = "x" * 31  # one past the longest name a saved scenario may have
    stored = read_stored(
        holder(
            entry("A", ONE), {"name": long_name, "plan": entry("B", TWO)["plan"]}, entry("C", TWO)
        )
    )
    assert [p.name for p in stored.plans] == ["A", "C"]
    assert stored.dropped == (long_name,)
    assert stored.dropped_names == (long_name,)
    assert not stored.unreadable


def test_entries_without_a_name_are_named_by_their_place():
    stored = read_stored(holder(entry("A", ONE), 12, {"plan": {}}, {"name": "", "plan": {}}))
    assert [p.name for p in stored.plans] == ["A"]
    assert stored.dropped == ("#2", "#3", "#4")
    assert stored.dropped_names == ("",)  # the one with a name (empty) is removed by it


@pytest.mark.parametrize(
    "text",
    [
        "[" * 60000,  # nested past Python's recursion limit
        "{" * 60000,
        "not json",
        "[1, 2]",
        '{"saved": 12}',
        '{"saved": {"a": 1}}',
        "x" * (MAX_STORED_CHARS + 1),
    ],
)
def test_a_copy_that_is_not_ours_as_a_whole_is_unreadable_and_never_raises(text):
    stored = read_stored(text)
    assert stored.unreadable and stored.plans == ()


@given(st.text(max_size=300))
def test_any_text_at_all_is_read_without_raising(text):
    read_stored(text)


def test_an_entry_holding_saved_plans_of_its_own_keeps_only_its_plan():
    nested = ONE.model_copy(update={"saved": (SavedPlan(name="in", plan=TWO),)})
    stored = read_stored(holder({"name": "A", "plan": json.loads(nested.to_json())}))
    assert stored.plans == (SavedPlan(name="A", plan=ONE),)


def test_changes_name_only_the_entries_put_and_removed():
    base = {"A": entry_text(SavedPlan(name="A", plan=ONE)), "Gone": None, "B": "old"}
    saved = {"A": base["A"], "B": entry_text(SavedPlan(name="B", plan=TWO)), "C": base["A"]}
    written = changes(base, saved, ONE.to_url())
    assert [SavedPlan.model_validate(e) for e in written["put"]] == [
        SavedPlan(name="B", plan=TWO),
        SavedPlan(name="C", plan=ONE),
    ]
    assert written["remove"] == ["Gone"]
    assert written["current"] == ONE.to_url()
    assert changes(saved, saved, None)["put"] == []


def test_an_entry_put_back_in_its_place_keeps_the_browsers_order():
    # A deletion undone: "B" comes back between "A" and "C"; the browser adds a new name
    # at its list's end, so "C" is removed and put again after it.
    text = {name: entry_text(SavedPlan(name=name, plan=ONE)) for name in "ABC"}
    base = {"A": text["A"], "C": text["C"]}
    written = changes(base, {"A": text["A"], "B": text["B"], "C": text["C"]}, None)
    assert [e["name"] for e in written["put"]] == ["B", "C"]
    assert written["remove"] == ["C"]
