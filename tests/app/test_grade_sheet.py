"""What the grade sheet's script sends back is outside input: only one [course, text,
absent] per row, in the rows' order, is read; anything else is ignored."""

from __future__ import annotations

import pytest

from ui.grade_sheet import MAX_CHARS, read_typed

COURSES = ["stage", "gestion-donnees"]


def test_a_well_formed_answer_is_read_row_by_row():
    sent = [["stage", "12,5", False], ["gestion-donnees", "", True]]
    assert read_typed(sent, COURSES) == [("stage", "12,5", False), ("gestion-donnees", "", True)]


def test_text_longer_than_a_field_takes_is_cut_to_its_length():
    (row, _) = read_typed([["stage", "9" * 100, False], ["gestion-donnees", "", False]], COURSES)
    assert row == ("stage", "9" * MAX_CHARS, False)


@pytest.mark.parametrize(
    "sent",
    [
        None,
        "stage=12",
        {"stage": "12"},
        [["stage", "12", False]],  # a row missing
        [["gestion-donnees", "", False], ["stage", "12", False]],  # another order
        [["stage", "12", False], ["autre-cours", "", False]],  # a course not on the sheet
        [["stage", 12, False], ["gestion-donnees", "", False]],  # a number, not text
        [["stage", "12", "yes"], ["gestion-donnees", "", False]],  # « absent » not a bool
        [["stage", "12"], ["gestion-donnees", "", False]],  # a field missing
        [["stage", "12", False, "x"], ["gestion-donnees", "", False]],  # one too many
    ],
)
def test_anything_else_is_ignored(sent):
    assert read_typed(sent, COURSES) is None
