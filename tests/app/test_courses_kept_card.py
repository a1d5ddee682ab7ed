"""The Grades page's card of a unit not validated says which courses it keeps, where the
programme capitalises its courses (format_version 3, `rules.course_capitalisation`).

The app serves the shipped catalogue, which has no such programme yet: here it is served
with the fictional programme of tests/unit/test_course_capitalisation.py added (its figures
are worked there). The catalogue's cache is cleared before and after, so no other test
sees it.
"""

from __future__ import annotations

import pytest

from tests.app.test_pages import LANGS, card, ok, page, plan_of, serving_file, started
from tests.unit.test_course_capitalisation import FAILED, FAILED_S2, PROGRAMME_FILE
from ui.i18n import t

FICTIONAL = "m2-fictional-capitalisation"


@pytest.fixture
def with_the_fictional_programme(monkeypatch):
    yield from serving_file(monkeypatch, PROGRAMME_FILE)


@pytest.mark.parametrize("lang", LANGS)
def test_a_failed_units_card_says_how_many_courses_it_keeps(lang, with_the_fictional_programme):
    at = started(lang)
    plan_of(at).programme = FICTIONAL
    plan_of(at).plans = {f"{FICTIONAL}/None/None": []}
    plan_of(at).grades = {FICTIONAL: FAILED}
    plan_of(at).session2_grades = {FICTIONAL: FAILED_S2}
    at = ok(at.switch_page(page("grades")).run())

    a = card(at, "UE A (three courses)")
    assert t("code_line", lang, code="AJ", ects="6") in a["figures"]
    kept = {"en": "2 courses kept (6 ECTS)", "fr": "2 EC acquis (6 ECTS)"}[lang]
    assert kept in a["figures"]
    detail = {
        "en": "Courses kept — Algèbre inventée and Analyse rêvée: graded at or above 10, they "
        "keep their ECTS though the unit is not validated.",
        "fr": "EC acquis — Algèbre inventée et Analyse rêvée : obtenus avec au moins 10, ces "
        "EC gardent leurs ECTS bien que l'UE ne soit pas validée.",
    }[lang]
    assert detail in a["explanations"]

    b = card(at, "UE B (one course's ECTS unpublished)")
    assert t("code_line", lang, code="AJ", ects="3 + ?") in b["figures"]
    kept = {"en": "2 courses kept (3 + ? ECTS)", "fr": "2 EC acquis (3 + ? ECTS)"}[lang]
    assert kept in b["figures"]

    d = card(at, "UE D (not capitalised)")
    assert t("code_line", lang, code="AJ", ects="0") in d["figures"]
    assert len(d["figures"]) == len(a["figures"]) - 1  # no "courses kept" figure
