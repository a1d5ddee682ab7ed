"""Which fragments draw again after an edit (ui.reruns.to_rerun)."""

from __future__ import annotations

from ui.reruns import to_rerun

WHOLE, SHEET, RETAKES, MINIMUMS = "whole", "sheet", "retakes", "minimums"
BEFORE = {WHOLE: ("units",), SHEET: (10.0,), RETAKES: (), MINIMUMS: (45.0,)}


def test_nothing_drawn_yet_or_a_part_added_asks_for_the_whole():
    assert to_rerun(None, BEFORE, SHEET, WHOLE) is None
    assert to_rerun(BEFORE, {**BEFORE, "new": 1}, SHEET, WHOLE) is None


def test_a_change_the_whole_draws_asks_for_the_whole():
    assert to_rerun(BEFORE, {**BEFORE, WHOLE: ("units", "problem")}, SHEET, WHOLE) is None


def test_an_edit_its_own_fragment_covers_asks_nothing_more():
    assert to_rerun(BEFORE, {**BEFORE, SHEET: (12.0,)}, SHEET, WHOLE) == []
    assert to_rerun(BEFORE, BEFORE, SHEET, WHOLE) == []


def test_each_other_part_changed_is_rerun_with_its_own():
    after = {**BEFORE, SHEET: (12.0,), MINIMUMS: (41.0,)}
    assert to_rerun(BEFORE, after, SHEET, WHOLE) == [SHEET, MINIMUMS]
    assert to_rerun(BEFORE, {**BEFORE, MINIMUMS: ()}, RETAKES, WHOLE) == [MINIMUMS]
