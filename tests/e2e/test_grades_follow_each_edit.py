"""After a grade typed in the sheet, the Grades page shows what a reload of the same plan
shows: the problems, the retakes and their session-2 sheet follow the edit, not only the
verdict cards.

The sheet reruns its own fragment; an edit that finds or clears a problem (a session-2
grade for a course no longer retaken) must redraw the whole page body. It once left the
retakes and the problems as they were before the edit, until the next page switch.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from planner.catalogue import load_catalogue
from planner.evaluation import evaluate, problem_text
from planner.scenario import Scenario
from tests.e2e.test_journey import SL, SPEC4, grade_label, open_app, type_grade
from ui.i18n import t

pytestmark = pytest.mark.e2e

LOW = {
    "apprentissage-statistique": 30,
    "introduction-apprentissage-automatique": 30,
    "estimation-non-parametrique": 30,
    "modele-lineaire-grande-dimension": 30,
    "optimisation-apprentissage-automatique": 30,
}
# Failed in session 1, so retaken: its session-2 grade counts.
RETAKEN = "apprentissage-statistique"
START = Scenario(programme=SL, choices=SPEC4, grades=LOW, session2_grades={RETAKEN: 65})


def expected(plan: Scenario, lang: str) -> tuple[list[str], list[str]]:
    """The problems' texts and the courses retaken, as the engine says."""
    result = evaluate(load_catalogue().get(SL), plan)
    problems = [problem_text(p, lang) for p in result.problems if p.code != "choice_count"]
    return problems, [c for u in result.units for c in u.retakes]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_grade_that_ends_a_retake_redraws_the_problems_and_the_retakes(browser, app_url, lang):
    programme = load_catalogue().get(SL)
    page = open_app(browser, f"{app_url}/grades?plan={START.to_url()}&lang={lang}", lang)
    retaken_name = programme.course(RETAKEN).name
    retakes = page.locator("li").filter(has_text=f"{retaken_name} (")
    expect(retakes).to_have_count(1)
    problems, _ = expected(START, lang)
    assert problems == []

    # Passed in session 1 now: its session-2 grade no longer counts, and it is not retaken.
    type_grade(page, grade_label(SL, RETAKEN, lang), "58")
    after = START.model_copy(update={"grades": {**LOW, RETAKEN: 58}})
    problems, retaken = expected(after, lang)
    assert RETAKEN not in retaken and len(problems) == 1
    main = page.locator("[data-testid='stMain']")
    # As drawn: escaped, an invisible word joiner after each colon (ui.format.plain).
    problem = re.compile("^" + re.escape(problems[0]).replace(":", ":\u2060?") + "$")
    expect(main.get_by_text(problem)).to_be_visible()
    expect(retakes).to_have_count(0)
    heading = page.get_by_role("heading", name=t("problems", lang))
    expect(heading).to_be_visible()

    # Failed again: the problem goes, the course is retaken, its session-2 field is back.
    type_grade(page, grade_label(SL, RETAKEN, lang), "31")
    expect(main.get_by_text(problem)).to_have_count(0)
    expect(heading).to_have_count(0)
    expect(retakes).to_have_count(1)
    expect(page.get_by_label(grade_label(SL, RETAKEN, lang, session=2), exact=True)).to_have_value(
        "65"
    )
    page.context.close()
