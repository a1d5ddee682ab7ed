"""A justified absence (ABJ) on the Grades page: what a scenario file or link brings in is
shown as it is written, "ABJ", in its field and in the retakes, and "ABJ" typed in a field
is stored as one. What it means is the programme's (planner.rules.absence): S&L, a file
that does not say, reads it as an absence."""

from __future__ import annotations

import pytest

from planner.catalogue import load_catalogue
from tests.app.test_pages import SL, card, grades_page, ok, plan_of, retake_lines, sheet
from tests.unit.support import FUNDAMENTALS
from ui.i18n import t

COURSE = FUNDAMENTALS[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_justified_absence_is_shown_as_abj_and_read_as_the_programme_says(lang):
    programme = load_catalogue().get(SL)
    (unit,) = programme.units_of_course(COURSE)
    at = grades_page(lang, {**dict.fromkeys(FUNDAMENTALS, 60.0), COURSE: "ABJ"})
    drawn = sheet(at)
    assert drawn is not None

    (row,) = [r for r in drawn["rows"] if r["course"] == COURSE]
    assert (row["value"], row["absent"]) == ("ABJ", False)
    assert card(at, unit.name)["verdicts"][0]["text"] == t("failed", lang)  # as an absence
    assert retake_lines(at) == [(programme.course(COURSE).name, "ABJ", unit.name)]


@pytest.mark.parametrize("typed", ["ABJ", " abj "])
def test_abj_typed_in_the_form_is_stored_as_a_justified_absence_and_kept(typed):
    at = grades_page("en", {"stage": 70.0})
    ok(at.toggle(key="grades_form_mode").set_value(True).run())
    at.text_input(key="form::1::stage").input(typed)
    ok(at.button(key="grades_form_send::1").click().run())
    assert plan_of(at).grades[SL]["stage"] == "ABJ"

    again = grades_page("en", {"stage": "ABJ"})
    ok(again.toggle(key="grades_form_mode").set_value(True).run())
    assert again.text_input(key="form::1::stage").value == "ABJ"
    ok(again.button(key="grades_form_send::1").click().run())
    assert plan_of(again).grades[SL]["stage"] == "ABJ"
