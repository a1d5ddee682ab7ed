"""Typed text → grades and warnings (ui.grade_entry.read_typed), on the shipped M2 Statistical
Learning (grades out of 100), without a page."""

from __future__ import annotations

import pytest

from planner.catalogue import load_catalogue
from planner.rules.absence import JUSTIFIED
from tests.unit.support import FUNDAMENTALS, SL
from ui.format import plain, say
from ui.grade_entry import read_typed, shown
from ui.i18n import t

PROGRAMME = load_catalogue().get(SL)
A, B, C = FUNDAMENTALS[:3]
FIGURES = (50.0,)  # the pass mark: 49.999 never reads as 50


def name(course: str) -> str:
    return plain(PROGRAMME.course(course).name)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_number_in_either_notation_is_read_and_the_fields_not_sent_are_kept(lang):
    read = read_typed(
        PROGRAMME, {A: 40.0, C: 70.0}, [(A, "55,5", False), (B, "61.25", False)], FIGURES, lang
    )
    assert read.grades == {A: 55.5, B: 61.25, C: 70.0}
    assert read.warnings == []


def test_an_untouched_field_keeps_the_exact_grade_not_its_display():
    stored = {A: 49.999}
    assert shown(49.999, "fr", FIGURES) == "49,999"
    read = read_typed(PROGRAMME, stored, [(A, "49,999", False)], FIGURES, "fr")
    assert read.grades == {A: 49.999} and read.warnings == []


def test_text_that_is_not_a_number_keeps_the_grade_and_says_so():
    read = read_typed(PROGRAMME, {A: 40.0}, [(A, "quarante", False)], FIGURES, "en")
    assert read.grades == {A: 40.0}
    kept = t("grade_kept", "en", previous="40")
    assert read.warnings == [
        say("grade_not_number", "en", {"course": name(A), "kept": kept}, value="quarante")
    ]


def test_a_grade_off_the_scale_is_refused_and_a_field_never_graded_says_so():
    read = read_typed(PROGRAMME, {}, [(A, "150", False)], FIGURES, "en")
    assert read.grades == {}
    ours = {"course": name(A), "kept": t("grade_kept_unknown", "en"), "max": "100"}
    assert read.warnings == [say("out_of_scale", "en", ours, value="150")]


def test_an_emptied_field_forgets_the_grade():
    read = read_typed(PROGRAMME, {A: 40.0, B: 50.0}, [(A, "  ", False)], FIGURES, "en")
    assert read.grades == {B: 50.0} and read.warnings == []


def test_absent_wins_over_a_grade_typed_beside_it_and_says_so():
    read = read_typed(PROGRAMME, {A: 40.0}, [(A, "12", True), (B, "", True)], FIGURES, "en")
    assert read.grades == {A: None, B: None}
    assert read.warnings == [t("absent_and_grade", "en", course=name(A))]


def test_a_justified_absence_is_kept_as_its_code():
    read = read_typed(PROGRAMME, {}, [(A, " abj ", False)], FIGURES, "en")
    assert read.grades == {A: JUSTIFIED} and read.warnings == []
