"""Compare → My scenarios: a scenario's name is the student's own text, so no name can take
the place of the tables' row labels (issue defect 8: a scenario named "Scenario", or
« Scénario », once replaced them), and a mean or grade there never reads as a threshold
it is not (defect 7)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.scenario import Scenario
from tests.app.test_advisor import shown_tables
from tests.app.test_pages import SL, SPEC4, WORKED_EXAMPLE, new_app, ok, plan_of
from ui.i18n import t

COMPARE = "views/compare.py"
LOW = Scenario(programme=SL, choices=SPEC4, grades={**WORKED_EXAMPLE, "stage": 49.999})
HIGH = Scenario(programme=SL, choices=SPEC4, grades={**WORKED_EXAMPLE, "stage": 70.0})
NAMES = ["Scenario", "Scénario"]  # the tables' own word, in each language


def my_scenarios(lang: str, saved: dict[str, Scenario]) -> AppTest:
    at = ok(new_app(lang).run())
    plan_of(at).saved = {name: plan.to_json(indent=None) for name, plan in saved.items()}
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    return ok(at.switch_page(COMPARE).run())


@pytest.mark.parametrize(("lang", "shown"), [("en", "49.999"), ("fr", "49,999")])
def test_a_scenario_named_like_the_tables_word_is_one_column_like_the_others(lang, shown):
    at = my_scenarios(lang, dict(zip(NAMES, (LOW, HIGH), strict=True)))
    differences, outcome = shown_tables(at)
    for table in (differences, outcome):
        assert list(table.columns) == NAMES  # one column per scenario, nothing else
    # The row labels are the tables' own, whatever the names.
    stage_grade = t("diff_grade", lang, course="Stage")
    assert list(differences.index) == [stage_grade]
    assert list(differences.loc[stage_grade]) == [shown, "70"]
    for label in (t("programme", lang), "ECTS", t("year", lang), "UE de Stage"):
        assert label in outcome.index
    assert not set(NAMES) & set(outcome.index)
    assert list(outcome.loc[t("programme", lang)]) == ["M2 Statistique & Learning"] * 2
    low, high = outcome.loc["UE de Stage"]
    assert low.startswith(f"{t('failed', lang)} ({shown})"), low  # never "(50)"
    assert high.startswith(f"{t('validated', lang)} (70)"), high


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_two_means_that_differ_never_read_the_same(lang):
    # 49.6 and 49.604: 2 decimals would show both as 49.6 side by side.
    other = {**WORKED_EXAMPLE, "apprentissage-statistique": 40.02}
    saved = {"A": LOW, "B": LOW.model_copy(update={"grades": {**LOW.grades, **other}})}
    outcome = shown_tables(my_scenarios(lang, saved))[-1]
    first, second = outcome.loc["UE de Cours Fondamentaux"]
    assert first.split("(")[1].split(")")[0] != second.split("(")[1].split(")")[0]
