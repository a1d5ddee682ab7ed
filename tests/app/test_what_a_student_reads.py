"""What the Grades page says of a verdict: the figures that decided it, ECTS sums that say
when a part is not published, a unit without session 2 that says so, names and never ids,
a floor that is named, a total that says it is one."""

from __future__ import annotations

import pytest

from planner.messages import number
from tests.app.test_pages import (
    CATALOGUE,
    IM,
    LANGS,
    WORKED_EXAMPLE,
    card,
    choose,
    grades_page,
    markdowns,
    ok,
    page,
    plan_of,
    sheet,
    started,
)
from ui.i18n import colon, t

FUNDAMENTALS_NAME = "UE de Cours Fondamentaux"


def im_grades_page(
    lang: str, option: str, grades: dict[str, float], parameters: dict | None = None
):
    """The Grades page of M2 IM, FI, `option`, the first courses of each choice chosen,
    under the rule `parameters` the student chose (the Rules page's panel)."""
    at = started(lang)
    plan_of(at).params = {IM: dict(parameters or {})}
    choose(at, "programme", IM)
    choose(at, "track", "fi")
    choose(at, "option", option)
    units = CATALOGUE.get(IM).units_for("fi", option)
    choices = [c for u in units if u.choose for c in u.courses[: u.choose.min]]
    plan_of(at).plans = {f"{IM}/fi/{option}": sorted(choices)}
    plan_of(at).grades = {IM: dict(grades)}
    return ok(at.switch_page(page("grades")).run())


@pytest.mark.parametrize("lang", LANGS)
def test_after_a_session_2_validation_the_card_shows_the_session_2_mean(lang):
    # 49.6 in session 1; 60 and 60 in the two retakes: (60 + 60 + 55 + 53 + 55) / 5 = 56.6.
    retakes = {"apprentissage-statistique": 60.0, "introduction-apprentissage-automatique": 60.0}
    at = grades_page(lang, WORKED_EXAMPLE, retakes)

    figures = card(at, FUNDAMENTALS_NAME)["figures"]

    assert t("code_line", lang, code="ADM", ects="30") in figures
    # Not session 1's 49.6 as "the" mean beside ADM.
    assert f"{t('mean', lang)} {number(49.6, lang)}" not in figures
    assert f"{t('mean_session2', lang)} {number(56.6, lang)}" in figures
    assert f"{t('mean_session1', lang)} {number(49.6, lang)}" in figures


@pytest.mark.parametrize("lang", LANGS)
def test_the_year_banner_says_the_acquired_ects_include_unpublished_ones(lang):
    units = CATALOGUE.get(IM).units_for("fi", "imaf")
    at = im_grades_page(lang, "imaf", {c: 12.0 for u in units for c in u.courses})
    drawn = sheet(at)
    assert drawn is not None

    assert "39 + ? ECTS" in drawn["year"]["message"]
    imaf = card(at, "UE Métiers 1 & 2")
    assert t("code_line", lang, code="ADM", ects="?") in imaf["figures"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_unit_without_session_2_shows_no_session_2_verdict(lang):
    at = grades_page(lang, {"stage": 40.0})
    stage = card(at, "UE de Stage")

    assert [v["label"] for v in stage["verdicts"]] == [f"{t('session1', lang)}{colon(lang)}"]
    assert stage["verdicts"][0]["text"] == t("failed", lang)
    assert not any(line.startswith(t("session2", lang)) for line in stage["explanations"])
    said = t("session2", lang).lower()  # "this unit has no session 2"
    assert any(said in line.lower() for line in stage["explanations"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_minimum_held_by_the_course_floor_names_it(lang):
    # Under a chosen floor of 7: 16 in one course of two already gives the mean; the floor
    # alone asks for 7 in the other.
    at = im_grades_page(lang, "mds", {"statistical-learning-graphs": 16.0}, {"course_floor": 7.0})

    lines = [x for x in markdowns(at) if "UE Mathématiques pour la modélisation" in x]
    assert lines and "note éliminatoire" in lines[0], lines  # the same words in French
    expected = t("need_single", lang, course="Geometric Statistics", minimum="7")
    assert lines[0].endswith(f"{colon(lang)}{expected}{t('need_floor', lang)}"), lines


@pytest.mark.parametrize("lang", LANGS)
def test_the_minimum_of_a_mean_over_two_exams_left_says_it_is_their_total(lang):
    # 55, 53 and 55 known of five: 250 - 163 = 87 is what the two remaining grades must add
    # up to; "at least 87 in each (even with 0 in the others)" read as 87 per exam.
    known = dict(list(WORKED_EXAMPLE.items())[2:])
    at = grades_page(lang, known)
    remaining = ["Apprentissage statistique", "Introduction à l'apprentissage automatique"]

    drawn = "\n".join(markdowns(at))
    for course in remaining:
        assert t("need_course", lang, course=course, minimum="87") not in drawn
    assert f"- {t('need_total', lang, n=2, total='87')}" in drawn.splitlines()
