"""The pages on programmes as large as one built in the app may be (issue 30): no
exception, and a sentence where a figure could not be computed in full (a minimum with too
many grades unknown, combinations too many to list). The plans are those
benchmarks/large.py measures (tests/unit/test_large_programmes.py checks the figures)."""

from __future__ import annotations

import math

import pytest

from benchmarks.large import PLANS, PROGRAMMES, partly_entered
from planner.catalogue import load_programme_file
from planner.compare import MAX_COMBINATIONS
from tests.app.test_pages import LANGS, captions, markdowns, ok, page, plan_of, started
from tests.app.test_pages import serving_file as served
from ui.i18n import t

LARGE, NESTED, CHOOSE = (
    "m2-fictional-large",
    "m2-fictional-nested-large",
    "m2-fictional-choose-large",
)
HEAVY = next(p for p in PLANS if p[0] == NESTED and p[1] == 1)  # minimums reach the bound


@pytest.fixture
def serving(monkeypatch, request):
    """The app serving the fictional programme named by the test's parameter."""
    yield from served(monkeypatch, PROGRAMMES / f"{request.param}.yaml")


def with_plan(lang: str, name: str, seed: int = 0, known: float = 0.8, share: float = 0.2):
    """The app with the benchmark's plan of `name` entered (choices, both sessions)."""
    scenario = partly_entered(load_programme_file(PROGRAMMES / f"{name}.yaml"), seed, known, share)
    at = started(lang)
    store = plan_of(at)
    store.programme = name
    store.plans = {f"{name}/None/None": sorted(scenario.choices)}
    store.grades = {name: dict(scenario.grades)}
    store.session2_grades = {name: dict(scenario.session2_grades)}
    return at


@pytest.mark.parametrize("serving", [LARGE], indirect=True)
@pytest.mark.parametrize("name", ["plan", "grades", "odds", "compare"])
def test_every_page_on_a_200_course_programme_runs_without_error(serving, name):
    at = with_plan("en", LARGE)
    ok(at.switch_page(page(name)).run())
    assert at.title  # the page was drawn, not left half way


@pytest.mark.parametrize("serving", [NESTED], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["grades", "odds"])
def test_a_minimum_with_too_many_grades_unknown_is_said_not_given(serving, lang, name):
    at = with_plan(lang, *HEAVY)
    ok(at.switch_page(page(name)).run())
    said = t("too_many", lang)
    assert any(said in line for line in markdowns(at)), markdowns(at)


@pytest.mark.parametrize("serving", [CHOOSE], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
def test_ten_courses_of_100_are_counted_and_the_table_says_it_lists_the_first_only(serving, lang):
    at = with_plan(lang, CHOOSE)
    ok(at.switch_page(page("compare")).run())
    assert t("combinations_count", lang, n=math.comb(100, 10)) in captions(at)
    assert [w.value for w in at.warning] == [t("combinations_capped", lang, n=MAX_COMBINATIONS)]
    assert len(at.dataframe) == 1
