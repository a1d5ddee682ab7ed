"""A refused grade is said at its field, and the field never lies (issue #29, item 1), on
the server's side: the form says it right under the field, which keeps the text typed;
the sheet is given the text typed and the refusal for that row, in the app's language;
a refusal no longer true of the grades stored is not shown. The browser's side:
tests/e2e/test_refused_grade_at_the_field.py."""

from __future__ import annotations

import pytest

from tests.app.test_pages import (
    FUNDAMENTALS,
    SL,
    card,
    grades_page,
    lang_control,
    ok,
    plan_of,
    sheet,
    warnings,
)
from ui.i18n import t

STAGE = "UE de Stage"


def form_with(lang: str, typed: str):
    """S&L's Grades page (Stage at 60) in form mode, `typed` sent in the Stage field."""
    at = grades_page(lang, {"stage": 60.0})
    ok(at.toggle(key="grades_form_mode").set_value(True).run())
    at.text_input(key="form::1::stage").input(typed)
    return ok(at.button(key="grades_form_send::1").click().run())


def under_field(at, key: str):
    """The element drawn right under the form's field `key`, and that field."""
    for form in at.get("form"):
        elements = list(form.children.values())
        keys = [getattr(e, "key", None) for e in elements]
        if key in keys:
            return elements[keys.index(key) + 1], elements[keys.index(key)]
    raise AssertionError(f"no form field {key}")


def stage_row(at) -> dict:
    drawn = sheet(at)
    assert drawn is not None
    (row,) = [r for r in drawn["rows"] if r["course"] == "stage"]
    return row


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("typed", ["abc", "120", "-5"])
def test_the_form_says_a_refusal_right_under_its_field_which_keeps_the_text_typed(lang, typed):
    at = form_with(lang, typed)
    under, field = under_field(at, "form::1::stage")
    assert field.value == typed
    assert type(under).__name__ == "Warning"
    assert under.value.endswith(t("grade_kept", lang, previous="60"))
    assert warnings(at) == [under.value]  # said there, and nowhere else
    # The grade it names is the one judged.
    assert plan_of(at).grades[SL]["stage"] == 60.0
    assert f"{t('mean', lang)} 60" in card(at, STAGE)["figures"]

    at.text_input(key="form::1::stage").input("45")
    ok(at.button(key="grades_form_send::1").click().run())
    assert warnings(at) == []
    assert plan_of(at).grades[SL]["stage"] == 45.0
    assert f"{t('mean', lang)} 45" in card(at, STAGE)["figures"]


def test_the_sheet_is_given_the_text_typed_and_its_refusal_in_the_language_shown():
    at = form_with("fr", "-5")
    ok(at.toggle(key="grades_form_mode").set_value(False).run())
    row = stage_row(at)
    assert row["value"] == "-5"
    # Plain text (the sheet writes it as text): no markdown escape before "-5".
    assert row["refusal"] == t(
        "out_of_scale",
        "fr",
        course="Stage",
        value="-5",
        max="100",
        kept=t("grade_kept", "fr", previous="60"),
    )
    # Kept in no language: the other language says it in its own words.
    ok(lang_control(at).set_value("en").run())
    assert stage_row(at)["refusal"].endswith(t("grade_kept", "en", previous="60"))


def test_a_refusal_is_not_shown_once_another_grade_is_stored_by_another_way():
    at = form_with("en", "abc")
    # A saved plan or a link opened since stores 70: the field shows it, with no refusal.
    plan_of(at).grades = {SL: {"stage": 70.0}}
    ok(at.toggle(key="grades_form_mode").set_value(False).run())
    row = stage_row(at)
    assert (row["value"], row["refusal"]) == ("70", "")


def test_a_refused_session_2_grade_is_said_under_its_own_field():
    failed = dict(zip(FUNDAMENTALS, (40.0, 45.0, 55.0, 53.0, 55.0), strict=True))
    at = grades_page("en", failed, session2={FUNDAMENTALS[0]: 52.0})
    ok(at.toggle(key="grades_form_mode").set_value(True).run())
    at.text_input(key=f"form::2::{FUNDAMENTALS[0]}").input("abc")
    ok(at.button(key="grades_form_send::2").click().run())
    under, field = under_field(at, f"form::2::{FUNDAMENTALS[0]}")
    assert field.value == "abc"
    assert type(under).__name__ == "Warning"
    assert under.value.endswith(t("grade_kept", "en", previous="52"))
    assert plan_of(at).session2_grades[SL][FUNDAMENTALS[0]] == 52.0
