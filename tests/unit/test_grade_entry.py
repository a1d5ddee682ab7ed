"""Typed text → grades and refusals (ui.grade_entry.read_typed), and what a refusal says at
its field (refusal_text), on the shipped M2 Statistical Learning (grades out of 100),
without a page."""

from __future__ import annotations

import pytest

from planner.catalogue import load_catalogue
from planner.rules.absence import JUSTIFIED
from tests.unit.support import FUNDAMENTALS, SL
from ui.format import plain, say
from ui.grade_entry import Refusal, read_typed, refusal_text, shown
from ui.i18n import t

PROGRAMME = load_catalogue().get(SL)
A, B, C = FUNDAMENTALS[:3]
FIGURES = (50.0,)  # the pass mark: 49.999 never reads as 50


def name(course: str) -> str:
    return plain(PROGRAMME.course(course).name)


def said(refusal: Refusal, lang: str = "en", course: str = A, markdown: bool = True) -> str:
    return refusal_text(PROGRAMME, course, refusal, FIGURES, lang, markdown=markdown)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_number_in_either_notation_is_read_and_the_fields_not_sent_are_kept(lang):
    read = read_typed(
        PROGRAMME, {A: 40.0, C: 70.0}, [(A, "55,5", False), (B, "61.25", False)], FIGURES, lang
    )
    assert read.grades == {A: 55.5, B: 61.25, C: 70.0}
    assert read.refused == {}


def test_an_untouched_field_keeps_the_exact_grade_not_its_display():
    stored = {A: 49.999}
    assert shown(49.999, "fr", FIGURES) == "49,999"
    read = read_typed(PROGRAMME, stored, [(A, "49,999", False)], FIGURES, "fr")
    assert read.grades == {A: 49.999} and read.refused == {}


def test_text_that_is_not_a_number_keeps_the_grade_and_says_so():
    read = read_typed(PROGRAMME, {A: 40.0}, [(A, "quarante", False)], FIGURES, "en")
    assert read.grades == {A: 40.0}
    assert read.refused == {A: Refusal("grade_not_number", "quarante", True, 40.0)}
    kept = t("grade_kept", "en", previous="40")
    assert said(read.refused[A]) == say(
        "grade_not_number", "en", {"course": name(A), "kept": kept}, value="quarante"
    )


def test_a_grade_off_the_scale_is_refused_and_a_field_never_graded_says_so():
    read = read_typed(PROGRAMME, {}, [(A, "150", False)], FIGURES, "en")
    assert read.grades == {}
    assert read.refused == {A: Refusal("out_of_scale", "150", False, None)}
    ours = {"course": name(A), "kept": t("grade_kept_unknown", "en"), "max": "100"}
    assert said(read.refused[A]) == say("out_of_scale", "en", ours, value="150")


def test_an_emptied_field_forgets_the_grade():
    read = read_typed(PROGRAMME, {A: 40.0, B: 50.0}, [(A, "  ", False)], FIGURES, "en")
    assert read.grades == {B: 50.0} and read.refused == {}


def test_absent_wins_over_a_grade_typed_beside_it_and_says_so():
    read = read_typed(PROGRAMME, {A: 40.0}, [(A, "12", True), (B, "", True)], FIGURES, "en")
    assert read.grades == {A: None, B: None}
    assert read.refused == {A: Refusal("absent_and_grade", "12", True, None)}
    assert said(read.refused[A]) == t("absent_and_grade", "en", course=name(A))


def test_a_justified_absence_is_kept_as_its_code():
    read = read_typed(PROGRAMME, {}, [(A, " abj ", False)], FIGURES, "en")
    assert read.grades == {A: JUSTIFIED} and read.refused == {}


@pytest.mark.parametrize(
    ("typed", "code"),
    [("abc", "grade_not_number"), ("120", "out_of_scale"), ("-5", "out_of_scale")],
)
def test_a_refused_field_keeps_its_text_and_says_in_plain_text_which_grade_is_judged(typed, code):
    # The grade sheet writes the refusal as text: it names the grade the verdicts use, in
    # the app's language, with nothing escaped for markdown.
    read = read_typed(PROGRAMME, {"stage": 60.0}, [("stage", typed, False)], FIGURES, "fr")
    assert read.grades == {"stage": 60.0}
    (refusal,) = read.refused.values()
    assert (refusal.code, refusal.typed) == (code, typed)
    text = said(refusal, "fr", "stage", markdown=False)
    assert text.startswith("Stage : ") and f"{typed}" in text
    assert text.endswith(t("grade_kept", "fr", previous="60")) and "\\" not in text


def test_a_refusal_stands_while_the_grade_it_kept_is_the_one_stored():
    refusal = read_typed(PROGRAMME, {A: 40.0}, [(A, "-5", False)], FIGURES, "en").refused[A]
    assert refusal.stands(A, {A: 40.0})
    assert not refusal.stands(A, {A: 45.0})  # another grade stored since (a link opened)
    assert not refusal.stands(A, {})
    never_graded = read_typed(PROGRAMME, {}, [(A, "abc", False)], FIGURES, "en").refused[A]
    assert never_graded.stands(A, {}) and not never_graded.stands(A, {A: None})
