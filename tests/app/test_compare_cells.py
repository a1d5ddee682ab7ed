"""Compare's cells say what they hold (issue 29, item 5): a figure with a part not
published carries the Plan page's "+?" (the same function writes both), and no cell reads
"None" or "nan": an empty one says what it means, in both languages."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

import ui.state
from planner.catalogue import Catalogue, parse_programme
from planner.compare import combination_table
from planner.scenario import Scenario
from planner.totals import plan_totals
from tests.app.test_advisor import app, shown_tables
from tests.app.test_pages import CATALOGUE, IM, SL, ok, plan_of
from ui import present
from ui.i18n import t

COMPARE = "views/compare.py"
IM_SD = Scenario(programme=IM, track="fi", option="sd")
SL_PLAN = Scenario(programme=SL)
SL_GRADED = Scenario(programme=SL, grades={"stage": 62.0})
EMPTY_WORDS = re.compile(r"^(None|nan|NaN|<NA>)$|\bNone\b|\bnan\b")


def every_text(frame: pd.DataFrame) -> list[str]:
    return [*map(str, frame.columns), *map(str, frame.index), *map(str, frame.to_numpy().ravel())]


def shown_values(element) -> pd.DataFrame:
    """A dataframe's cells as drawn (its styler's display values), not its data."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(
        element.proto.arrow_data.styler.display_values
    )


def my_scenarios(lang: str, saved: dict[str, Scenario], opened: Scenario = IM_SD) -> AppTest:
    at = app(lang, plan=opened.to_url())
    ok(at.run())
    plan_of(at).saved = {name: plan.to_json(indent=None) for name, plan in saved.items()}
    return ok(at.switch_page(COMPARE).run())


def _sl_with_one_course_of_published_hours() -> Catalogue:
    """A fictional copy of M2 S&L in which one specialisation course publishes its CM
    hours (no other does) and 4 courses are chosen exactly: some combinations have CM
    hours with a part not published, the others none published at all."""
    data = CATALOGUE.get(SL).model_dump(mode="json", exclude_none=True)
    data["id"], data["name"] = "fictional-sl-hours", "Fictional: S&L, one course's CM known"
    unit = next(u for u in data["units"] if u["id"] == "specialisation")
    unit["choose"]["max"] = 4
    course = next(c for c in data["courses"] if c["id"] == unit["courses"][0])
    course["lecture_hours"] = {"value": 20, "status": "published"}
    return Catalogue(programmes=(*CATALOGUE.programmes, parse_programme(data)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_sum_with_a_part_not_published_reads_as_on_the_plan_page(lang):
    at = my_scenarios(lang, {"IM SD": IM_SD, "S&L": SL_PLAN})
    totals = plan_totals(CATALOGUE.get(IM), "fi", "sd", frozenset())
    on_plan_page = present.figure(totals.ects, lang)
    assert on_plan_page.endswith(" +?")  # the Plan page's "39 +?"
    side, outcome = shown_tables(at)  # the two plans differ in nothing typed or chosen
    assert outcome.loc["ECTS", "IM SD"] == on_plan_page
    sd = next(o.name for o in CATALOGUE.get(IM).options if o.id == "sd")
    total = side.iloc[-1][sd]
    assert total.startswith(t("fig_ects", lang, amount="39") + " +? · ")
    for figure in ("cm", "td"):
        assert re.search(rf"{t(f'fig_{figure}', lang, amount='[0-9]+')} \+\?", total), total


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_combination_shows_its_figures_with_their_marks_and_sorts_as_numbers(
    lang, monkeypatch
):
    fictional = _sl_with_one_course_of_published_hours()
    monkeypatch.setattr(ui.state, "catalogue", lambda: fictional)
    at = app(lang)
    ok(at.run())
    ok(at.sidebar.selectbox(key="programme").set_value("fictional-sl-hours").run())
    ok(at.switch_page(COMPARE).run())
    (element,) = at.dataframe
    shown = shown_values(element)
    rows = combination_table(fictional.get("fictional-sl-hours"), None, None)
    assert len(shown) == len(rows) == 495  # 4 of 12
    expected_cm = [present.figure(r.lecture_hours, lang) for r in rows]
    assert list(shown["CM"]) == expected_cm
    assert {"20 +?", t("not_published", lang)} <= set(expected_cm)
    assert set(shown[t("hours_total", lang)]) == {"20 +?", t("not_published", lang)}
    assert set(shown["TD"]) == {t("not_published", lang)}
    # The data behind stay numbers (or empty), so that a click on a header sorts them.
    assert pd.api.types.is_numeric_dtype(element.value["CM"])
    for column in shown.columns:
        assert not [c for c in shown[column] if EMPTY_WORDS.search(str(c))], column


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_cell_of_compare_reads_none_and_each_empty_one_says_why(lang):
    at = my_scenarios(lang, {"IM SD": IM_SD, "S&L": SL_PLAN, "S&L graded": SL_GRADED})
    side, differences, outcome = shown_tables(at)
    for frame in (side, differences, outcome):
        assert not [c for c in every_text(frame) if EMPTY_WORDS.search(c)]
        assert "—" not in set(every_text(frame))  # a bare dash says nothing
    # Side by side: MDS has no "UE Métiers 1 & 2"; SD has it.
    mds = next(o.name for o in CATALOGUE.get(IM).options if o.id == "mds")
    assert t("cell_not_in_option", lang) in set(side[mds])
    # A grade typed in one scenario only; units of the other programme; no retake.
    grade_row = t("diff_grade", lang, course=CATALOGUE.get(SL).course("stage").name)
    assert list(differences.loc[grade_row]) == [t("cell_no_grade", lang)] * 2 + ["62"]
    assert outcome.loc["UE de Stage", "IM SD"] == t("cell_not_in_plan", lang)
    assert outcome.loc[t("retakes_title", lang), "S&L"] == t("cell_no_retake", lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_course_chosen_in_one_scenario_only_says_chosen_or_not_in_words(lang):
    chose = IM_SD.model_copy(update={"choices": ("stochastic-calculus",)})
    at = my_scenarios(lang, {"A": IM_SD, "B": chose})
    _, differences, _ = shown_tables(at)
    course = CATALOGUE.get(IM).course("stochastic-calculus").name
    row = differences.loc[t("diff_choice", lang, course=course)]
    assert list(row) == [t("cell_not_chosen", lang), t("cell_chosen", lang)]
