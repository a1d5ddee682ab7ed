"""Each screen says what a student needs, and no noise (issue 11, section 4): the Compare
page (options side by side, every combination, saved scenarios) and the Catalogue page.

Expected figures come from planner/ (compare, search), texts from ui.i18n."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import ui.state
from planner.catalogue import Catalogue, parse_programme
from planner.compare import count_combinations
from planner.messages import number
from planner.scenario import Scenario
from planner.search import search_courses
from tests.app.test_advisor import app, im_fi_mds, shown_table, shown_tables
from tests.app.test_pages import CATALOGUE, IM, SL, SPEC4, WORKED_EXAMPLE, choose, ok, page, plan_of
from ui import present
from ui.i18n import t

COMPARE = "views/compare.py"
GRADES = "views/grades.py"
FOUR = ["mds", "mmv", "imaf", "sd"]


def compare_four(lang: str) -> AppTest:
    at = im_fi_mds(app(lang))
    ok(at.switch_page(COMPARE).run())
    return ok(at.multiselect(key="compare_options").set_value(FOUR).run())


# --- Compare → options -------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_four_options_side_by_side_in_one_wrapping_table_with_full_names(lang):
    at = compare_four(lang)
    table = shown_table(at)
    names = {o.id: o.name for o in CATALOGUE.get(IM).options}
    assert list(table[0])[1:] == [names[o] for o in FOUR]  # full names, nothing cut
    assert not at.dataframe  # a dataframe cuts its cells; the table wraps them


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_not_published_follows_the_figure_name_in_either_language(lang):
    at = compare_four(lang)
    cells = [v for row in shown_table(at) for v in list(row.values())[1:]]
    unknown = {name: t(f"fig_{name}_unknown", lang) for name in ("ects", "cm", "td")}
    assert unknown["ects"] in " ".join(cells)  # IMAF and SD publish no UE ECTS
    bare = t("not_published", lang)
    for cell in cells:
        for part in cell.split(" · "):
            if part == t("cell_not_in_option", lang):  # a unit the option does not have
                continue
            if bare.split()[0] in part:  # "not"/"non": only as a whole figure phrase
                assert part in unknown.values(), part
    if lang == "fr":
        assert not re.search(r"non publiés? ECTS", " ".join(cells))
        assert "ECTS non publiés" in " ".join(cells)


def test_the_chosen_options_survive_leaving_the_page():
    at = compare_four("en")
    ok(at.switch_page(page("catalogue")).run())
    ok(at.switch_page(COMPARE).run())
    assert at.multiselect(key="compare_options").value == FOUR
    assert list(shown_table(at)[0])[1:] == [
        o.name for o in CATALOGUE.get(IM).options if o.id in FOUR
    ]


# --- Compare → every combination ---------------------------------------------------------
def sl_with_four_courses(lang: str, view: str) -> AppTest:
    """S&L with four specialisation courses chosen, on the page `view`."""
    at = app(lang)
    ok(at.run())
    plan_of(at).plans = {f"{SL}/None/None": list(SPEC4)}
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    ok(at.switch_page(view).run())
    return at


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_combinations_with_the_same_figures_say_so_in_one_line(lang):
    at = sl_with_four_courses(lang, COMPARE)
    count = count_combinations(CATALOGUE.get(SL), None, None)
    assert count > 3000
    shown = number(count, lang)  # "3,797" / "3 797"
    (line,) = [i.value.replace("\u00a0", " ") for i in at.info if shown in i.value]
    assert line.startswith(t("combinations_same", lang, n=count, figures="")[:-1].rstrip(" :."))
    assert "60 ECTS" in line
    assert not at.dataframe  # the side-by-side tab has no table for S&L, nor this one


def _varying() -> Catalogue:
    """A fictional copy of M2 IM in which the MDS modelling unit publishes no CM hours of
    its own and one of its courses has 30 more: its combinations no longer all have the
    same figures."""
    data = CATALOGUE.get(IM).model_dump(mode="json", exclude_none=True)
    data["id"], data["name"] = "fictional-varying", "Fictional: M2 IM, one longer course"
    unit = next(u for u in data["units"] if u["id"] == "mds-modelisation")
    course = next(c for c in data["courses"] if c["id"] == unit["courses"][0])
    del unit["lecture_hours"]
    course["lecture_hours"]["value"] += 30
    return Catalogue(programmes=(*CATALOGUE.programmes, parse_programme(data)))


def test_combinations_whose_figures_differ_are_listed(monkeypatch):
    varying = _varying()
    monkeypatch.setattr(ui.state, "catalogue", lambda: varying)
    at = app()
    ok(at.run())
    for key, value in (("programme", "fictional-varying"), ("track", "fi"), ("option", "mds")):
        ok(at.sidebar.selectbox(key=key).set_value(value).run())
    ok(at.switch_page(COMPARE).run())
    combos = at.dataframe[0].value
    assert len(combos) == count_combinations(varying.get("fictional-varying"), "fi", "mds")
    assert len(set(combos["CM"])) > 1
    assert not [i.value for i in at.info if "same figures" in i.value]


# --- Compare → my scenarios --------------------------------------------------------------
def _saved_page(lang: str = "en") -> AppTest:
    at = app(lang)
    ok(at.run())
    a = Scenario(programme=IM, track="fi", option="mds", grades={"geometric-statistics": 12})
    b = Scenario(
        programme=IM,
        track="fi",
        option="mds",
        choices=("stochastic-calculus",),
        grades={"geometric-statistics": 14.5},
    )
    c = Scenario(programme=IM, track="fa", option="mmv", grades={"geometric-statistics": 12})
    plan_of(at).saved = {
        "Plan A": a.to_json(),
        "Plan B": b.to_json(),
        "Plan C": c.to_json(),
    }
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    return ok(at.switch_page(COMPARE).run())


def test_scenarios_show_what_differs_with_course_names():
    at = _saved_page()
    differences, outcome = shown_tables(at)
    im = CATALOGUE.get(IM)
    rows = {label: list(row) for label, row in differences.iterrows()}
    chosen = t("diff_choice", "en", course=im.course("stochastic-calculus").name)
    grade = t("diff_grade", "en", course=im.course("geometric-statistics").name)
    not_chosen, chosen_ = t("cell_not_chosen", "en"), t("cell_chosen", "en")
    assert rows == {chosen: [not_chosen, chosen_, not_chosen], grade: ["12", "14.5", "12"]}
    assert [h.value for h in at.subheader] == [
        t("differences_title", "en"),
        t("outcome_title", "en"),
    ]
    label = t("track", "en") + " / " + t("option", "en")
    plans = outcome.loc[label]
    assert list(plans) == ["FI / MDS", "FI / MDS", "FA / MMV"]  # names, not ids


def test_scenarios_that_do_not_differ_say_so():
    at = app()
    ok(at.run())
    same = Scenario(programme=SL, choices=SPEC4, grades=WORKED_EXAMPLE).to_json()
    plan_of(at).saved = {"Plan A": same, "Plan B": same}
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    ok(at.switch_page(COMPARE).run())
    assert t("no_difference", "en") in [c.value for c in at.caption]
    assert len(at.table) == 1  # the outcome only: no table of differences


# No inner scroll for the scenario tables: AppTest does not expose a table's height;
# tests/e2e/test_screens.py measures it in the browser.


# --- Catalogue ---------------------------------------------------------------------------
def _catalogue(track: str, option: str, lang: str = "en") -> AppTest:
    at = app(lang)
    ok(at.run())
    ok(at.switch_page(page("catalogue")).run())
    choose(at, "programme", IM)
    choose(at, "track", track)
    return choose(at, "option", option)


def test_only_my_plan_is_on_by_default_and_lists_my_plan_once():
    at = _catalogue("fi", "mds")
    assert at.toggle(key="catalogue_only_mine").value is True
    names = list(at.dataframe[0].value[t("course", "en")])
    expected = search_courses(CATALOGUE.get(IM), "fi", "mds")
    assert names == [f.course.name for f in expected]
    everything = search_courses(CATALOGUE.get(IM), "fi", "mds", only_plan=False)
    ok(at.toggle(key="catalogue_only_mine").set_value(False).run())
    assert len(at.dataframe[0].value) == len(everything) > len(names)


def test_an_fa_student_sees_no_fi_only_unit():
    at = _catalogue("fa", "mds")
    ok(at.toggle(key="catalogue_only_mine").set_value(False).run())
    table = at.dataframe[0].value
    im = CATALOGUE.get(IM)
    fa_names = {u.name for u in im.units if not u.tracks or "fa" in u.tracks}
    fi_only = {u.name for u in im.units if u.tracks == ("fi",)} - fa_names
    assert fi_only  # "PPR PFE Initial", …; FI and FA each have a management unit
    shown_units = {n for cell in table[t("unit", "en")] for n in cell.split(", ")}
    assert not fi_only & shown_units
    assert len(table) == len(search_courses(im, "fa", "mds", only_plan=False))
    management = [n for n in table[t("course", "en")] if n.startswith("UE Management")]
    assert len(management) == 1  # FI's twin course is not listed


def test_an_exact_name_ranks_first():
    at = _catalogue("fi", "mds")
    ok(at.toggle(key="catalogue_only_mine").set_value(False).run())
    ok(at.text_input(key="catalogue_query").input("deep learning").run())
    names = list(at.dataframe[0].value[t("course", "en")])
    assert names[0] == "Deep Learning"
    assert "Fundamentals of Machine Learning" in names  # its description matches, later


def test_search_and_filter_survive_leaving_the_page():
    at = _catalogue("fi", "mds")
    ok(at.toggle(key="catalogue_only_mine").set_value(False).run())
    ok(at.text_input(key="catalogue_query").input("learning").run())
    before = list(at.dataframe[0].value[t("course", "en")])
    ok(at.switch_page(page("plan")).run())
    ok(at.switch_page(page("catalogue")).run())
    assert at.text_input(key="catalogue_query").value == "learning"
    assert at.toggle(key="catalogue_only_mine").value is False
    assert list(at.dataframe[0].value[t("course", "en")]) == before


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_figure_columns_are_wide_enough_for_not_published(lang):
    at = _catalogue("fi", "mds", lang)
    ok(at.toggle(key="catalogue_only_mine").set_value(False).run())
    (table,) = at.dataframe
    assert t("not_published", lang) in set(table.value["CM"])
    config = json.loads(table.proto.columns)
    for name in ("ECTS", "CM", "TD", t("options_col", lang)):
        longest = max(len(v) for v in table.value[name])
        assert config[name]["width"] >= 7 * longest  # px: the longest text in full


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_best_k_rule_is_said_where_the_grades_are_typed(lang):
    at = sl_with_four_courses(lang, GRADES)
    unit = CATALOGUE.get(SL).unit("specialisation").name
    hint = t("rule.best_k_hint", lang, unit=unit, k=4)
    assert present.name(hint) in [c.value for c in at.caption]  # a unit's name, escaped
    assert ("4 best grades count" if lang == "en" else "4 meilleures notes comptent") in hint
