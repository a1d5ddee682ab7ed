"""What the Grades page says of a verdict: the figures that decided it, ECTS sums that say
when a part is not published, a unit without session 2 that says so, names and never ids,
a floor that is named, a total that says it is one."""

from __future__ import annotations

import pytest

from tests.app.test_pages import (
    CATALOGUE,
    IM,
    LANGS,
    card,
    choose,
    ok,
    page,
    sheet,
    started,
)
from ui.i18n import t

FUNDAMENTALS_NAME = "UE de Cours Fondamentaux"


def im_grades_page(lang: str, option: str, grades: dict[str, float]):
    """The Grades page of M2 IM, FI, `option`, the first courses of each choice chosen."""
    at = started(lang)
    choose(at, "programme", IM)
    choose(at, "track", "fi")
    choose(at, "option", option)
    units = CATALOGUE.get(IM).units_for("fi", option)
    choices = [c for u in units if u.choose for c in u.courses[: u.choose.min]]
    at.session_state["plans"] = {f"{IM}/fi/{option}": sorted(choices)}
    at.session_state["grades"] = {IM: dict(grades)}
    return ok(at.switch_page(page("grades")).run())


@pytest.mark.parametrize("lang", LANGS)
def test_the_year_banner_says_the_acquired_ects_include_unpublished_ones(lang):
    units = CATALOGUE.get(IM).units_for("fi", "imaf")
    at = im_grades_page(lang, "imaf", {c: 12.0 for u in units for c in u.courses})
    drawn = sheet(at)
    assert drawn is not None

    assert "39 + ? ECTS" in drawn["year"]["message"]
    imaf = card(at, "UE Métiers 1 & 2")
    assert t("code_line", lang, code="ADM", ects="?") in imaf["figures"]
