"""A grade as typed and as shown (issue defects 6 and 7).

6: text whose value is unclear is refused with its real reason, never joined or guessed:
"1 2" is not 12; one separator is a decimal one whatever the decimals ("12,375", "49.999").
7: what is shown is what is judged: a value below a threshold never reads as the threshold
(49.999 is "49,999" in its field, beside « Non validée », in the retakes), on the Grades page
in both languages. The browser's side: tests/e2e/test_grade_text.py."""

from __future__ import annotations

from fractions import Fraction

import pytest

from planner.messages import grade_text
from tests.app.test_pages import (
    SL,
    card,
    grades_page,
    ok,
    plan_of,
    retake_lines,
    sheet,
    unit_lines,
    warnings,
)
from ui.format import GradeTextError, say, typed_number
from ui.i18n import t

STAGE = "UE de Stage"
FUNDAMENTALS = "UE de Cours Fondamentaux"
FIGURES = (0.0, 50.0, 100.0)  # S&L's scale and its thresholds


# --- 6: reading what was typed ----------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("49.999", 49.999),
        ("49,999", 49.999),
        ("99.995", 99.995),
        ("12,375", 12.375),
        ("0,123456789", 0.123456789),
        ("\u00a012,5\u202f", 12.5),  # no-break and narrow no-break spaces around it
        ("\t7\r\n", 7.0),  # a cell pasted with its tab or its line break
        ("12.", 12.0),
    ],
)
def test_one_separator_is_a_decimal_one_whatever_the_decimals(typed, value):
    assert typed_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1 2", "grade_inner_space"),
        ("4 5", "grade_inner_space"),
        ("1\r2", "grade_inner_space"),
        ("1\n2", "grade_inner_space"),
        ("1\u00a0002", "grade_inner_space"),
        ("12,\u202f5", "grade_inner_space"),
        ("1\u200b2", "grade_inner_space"),  # an invisible space is still a space
        ("- 5", "grade_inner_space"),
        ("1.234,5", "grade_ambiguous"),
        ("1..2", "grade_ambiguous"),
        ("9,5,0", "grade_ambiguous"),
        (".", "grade_not_number"),
        ("douze", "grade_not_number"),
        ("douze et demi", "grade_not_number"),
    ],
)
def test_unclear_text_is_refused_with_its_own_reason(typed, code):
    with pytest.raises(GradeTextError) as refused:
        typed_number(typed)
    assert refused.value.code == code


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_refusal_says_its_real_reason(lang):
    def reason(code: str) -> str:
        ours = {"course": "Stage", "kept": t("grade_kept_unknown", lang)}
        return say(code, lang, ours, value="x")

    space, separators = reason("grade_inner_space"), reason("grade_ambiguous")
    assert {"en": "space inside", "fr": "contient un espace"}[lang] in space
    assert {"en": "more than one separator", "fr": "plus d'un séparateur"}[lang] in separators
    assert space != separators


# --- 7: showing it ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "against", "typed", "en", "fr"),
    [
        (49.999, FIGURES, False, "49.999", "49,999"),  # below 50: never "50"
        (49.996, FIGURES, False, "49.996", "49,996"),
        (49.994, FIGURES, False, "49.99", "49,99"),  # rounded, still below 50
        (50.004, FIGURES, False, "50.004", "50,004"),  # above 50: never equal to it
        (99.995, FIGURES, False, "99.995", "99,995"),  # not full marks
        (0.001, FIGURES, False, "0.001", "0,001"),  # not zero
        (50.0, FIGURES, False, "50", "50"),  # equal: reads as it
        (12.345, FIGURES, False, "12.35", "12,35"),  # far from any figure: 2 decimals
        (Fraction(149999, 3000), FIGURES, False, "49.9997", "49,9997"),  # a mean
        (49.9999999, FIGURES, False, "49.999999", "49,999999"),  # past 6 decimals: below
        (12.375, (), True, "12.375", "12,375"),  # as typed
        (12.0, (), True, "12", "12"),
        (1234.5, (), True, "1234.5", "1234,5"),  # a field's text reads back: no grouping
    ],
)
def test_a_value_never_reads_as_a_figure_it_is_not(value, against, typed, en, fr):
    assert grade_text(value, "en", against, typed=typed) == en
    assert grade_text(value, "fr", against, typed=typed) == fr


def test_a_value_shown_reads_back_as_on_the_same_side_of_every_figure():
    for value in (49.99, 49.999, 49.9999, 50.0001, 9.996, 10.004, 99.9951):
        for lang in ("en", "fr"):
            back = typed_number(grade_text(value, lang, (10.0, 50.0, 100.0)))
            assert back is not None
            for figure in (10.0, 50.0, 100.0):
                assert (back > figure) - (back < figure) == (value > figure) - (value < figure)


FAILED_FUNDAMENTALS = {
    "apprentissage-statistique": 40.0,
    "introduction-apprentissage-automatique": 45.0,
    "estimation-non-parametrique": 49.999,
    "modele-lineaire-grande-dimension": 53.0,
    "optimisation-apprentissage-automatique": 55.0,
}


@pytest.mark.parametrize(("lang", "shown"), [("en", "49.999"), ("fr", "49,999")])
def test_a_grade_below_the_threshold_never_reads_as_it_on_the_grades_page(lang, shown):
    at = grades_page(lang, {**FAILED_FUNDAMENTALS, "stage": 49.999})
    drawn = sheet(at)
    assert drawn is not None
    fields = {row["course"]: row["value"] for row in drawn["rows"]}
    assert fields["stage"] == fields["estimation-non-parametrique"] == shown
    stage = card(at, STAGE)
    assert stage["verdicts"][0]["text"] == t("failed", lang)
    assert f"{t('mean', lang)} {shown}" in stage["figures"]
    assert not any(f"{t('mean', lang)} 50" == figure for figure in stage["figures"])
    assert any(shown in line for line in unit_lines(at, STAGE))
    # Retaken because below 50: its grade in the retakes is not "(50)".
    retaken = {course: grade for course, grade, _ in retake_lines(at)}
    assert retaken["Estimation non-paramétrique"] == shown


@pytest.mark.parametrize(("lang", "shown"), [("en", "49.999"), ("fr", "49,999")])
@pytest.mark.parametrize("typed", ["49.999", "49,999"])
def test_a_grade_typed_in_the_form_is_stored_and_shown_as_typed(lang, shown, typed):
    at = grades_page(lang, {"stage": 70.0})
    ok(at.toggle(key="grades_form_mode").set_value(True).run())
    at.text_input(key="form::1::stage").input(typed)
    ok(at.button(key="grades_form_send::1").click().run())
    assert plan_of(at).grades[SL]["stage"] == 49.999
    ok(at.run())
    assert f"{t('mean', lang)} {shown}" in card(at, STAGE)["figures"]
    assert card(at, STAGE)["verdicts"][0]["text"] == t("failed", lang)
    # The form drawn anew shows it as typed, in the language's way, and sent again
    # untouched it keeps the exact value.
    again = grades_page(lang, {"stage": 49.999})
    ok(again.toggle(key="grades_form_mode").set_value(True).run())
    assert again.text_input(key="form::1::stage").value == shown
    ok(again.button(key="grades_form_send::1").click().run())
    assert plan_of(again).grades[SL]["stage"] == 49.999


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("typed", ["1 2", "4 5", "1\r2", "1\u00a02"])
def test_a_space_inside_a_grade_is_refused_and_nothing_is_stored(lang, typed):
    at = grades_page(lang, {"stage": 70.0})
    ok(at.toggle(key="grades_form_mode").set_value(True).run())
    at.text_input(key="form::1::stage").input(typed)
    ok(at.button(key="grades_form_send::1").click().run())
    assert plan_of(at).grades[SL]["stage"] == 70.0
    ok(at.run())
    (warning,) = [w for w in warnings(at) if w.startswith("Stage")]
    expected = say(
        "grade_inner_space",
        lang,
        {"course": "Stage", "kept": t("grade_kept", lang, previous="70")},
        value=typed,
    )
    assert warning == expected
