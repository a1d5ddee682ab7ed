"""The Rules page's "rules that apply to me" panel: only for a programme whose rules are
assumed; the choice goes into the scenario's parameters, so the Grades page, the share
link and the CLI judge under it, and every verdict says it follows the chosen rules."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.presets import PRESETS
from planner.scenario import Parameters
from tests.app.test_pages import (
    IM,
    LANGS,
    SL,
    card_facts,
    cards,
    im_fi_mds,
    ok,
    page,
    plan_of,
    started,
)
from tests.unit.support import FUNDAMENTALS
from ui import present
from ui.i18n import t


def rules_page(at: AppTest) -> AppTest:
    return ok(at.switch_page(page("rules")).run())


def markdowns(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


@pytest.mark.parametrize("lang", LANGS)
def test_the_panel_is_offered_for_assumed_rules_only(lang):
    im = rules_page(im_fi_mds(lang))
    assert t("my_rules_title", lang) in [s.value for s in im.subheader]

    sl = started(lang)
    plan_of(sl).programme = SL
    sl = rules_page(sl)
    assert t("my_rules_title", lang) not in [s.value for s in sl.subheader]


def test_choosing_compensation_changes_the_rules_and_every_verdict(cli_evaluate):
    at = rules_page(im_fi_mds("en"))
    preset = at.radio(key=f"preset::{IM}")
    assert preset.options == [t(f"preset.{p}", "en") for p in PRESETS]
    ok(preset.set_value("year-compensation-by-ects").run())
    ok(at.select_slider(key=f"threshold::{IM}").set_value(12.0).run())

    params = plan_of(at).params[IM]
    assert params == {"rules_preset": "year-compensation-by-ects", "threshold": 12.0}
    assert Parameters(**params).compensation is None  # on, from the preset
    assert at.toggle(key=f"compensation::{IM}").value is True
    texts = markdowns(at)
    assert any("compensate each other" in x and "12/20" in x for x in texts), texts
    assert any(":blue-badge[" in x and t("chosen_rule", "en") in x for x in texts), texts
    assert t("my_rules_in_force", "en") in [i.value for i in at.info]

    # The Grades page judges under the chosen rules: every card says so.
    at = ok(at.switch_page(page("grades")).run())
    badges = [(c["badge"]["tone"], c["badge"]["text"]) for c in cards(at)]
    assert badges and all(b == ("blue", t("verdict_chosen", "en")) for b in badges), badges
    report = cli_evaluate({"programme": IM, "track": "fi", "option": "mds", "parameters": params})
    assert report["rules_status"] == "chosen"
    assert {u["status"] for u in report["units"]} == {"chosen"}
    assert {u["session1"]["status"] for u in report["units"]} == {"chosen"}


def test_a_course_floor_and_reset(cli_evaluate):
    at = rules_page(im_fi_mds("fr"))
    ok(at.toggle(key=f"floor_on::{IM}").set_value(True).run())
    assert plan_of(at).params[IM] == {"course_floor": 7.0}
    ok(at.button(key=f"reset::{IM}").click().run())
    assert plan_of(at).params[IM] == {}
    assert t("my_rules_in_force", "fr") not in [i.value for i in at.info]


def test_grades_cards_show_the_code_and_the_ects_kept():
    at = started("en")
    plan_of(at).programme = SL
    plan_of(at).plans = {f"{SL}/None/None": []}
    plan_of(at).grades = {SL: dict.fromkeys(FUNDAMENTALS, 60.0)}
    at = ok(at.switch_page(page("grades")).run())

    assert t("code_line", "en", code="ADM", ects="30") in card_facts(at)


def test_the_plan_shows_the_ppr_alternance_1_conflict():
    at = started("fr")
    at = ok(at.sidebar.selectbox(key="programme").set_value(IM).run())
    at = ok(at.sidebar.selectbox(key="track").set_value("fa").run())
    at = ok(at.sidebar.selectbox(key="option").set_value("mds").run())
    conflict = t(
        "ects_conflict",
        "fr",
        ects="9",
        other="3",
        # The file's words, escaped as every outside text drawn as markdown.
        where=present.name("description de l'UE Stage : « PPR Alternance 1 in S3 (3 ECTS) »"),
    )
    assert conflict in [w.value for w in at.warning]


def test_the_threshold_is_picked_as_the_language_writes_grades():
    at = rules_page(im_fi_mds("fr"))
    picker = at.select_slider(key=f"threshold::{IM}")
    assert "10,5" in picker.options and "10.5" not in picker.options
    ok(picker.set_value(10.5).run())
    assert plan_of(at).params[IM]["threshold"] == 10.5


def im_fa_mds_compensating(lang: str) -> AppTest:
    """M2 IM, FA, MDS, with the student's rules "units compensate within the year"."""
    at = started(lang)
    for key, value in (("programme", IM), ("track", "fa"), ("option", "mds")):
        ok(at.sidebar.selectbox(key=key).set_value(value).run())
    at = rules_page(at)
    return ok(at.radio(key=f"preset::{IM}").set_value("year-compensation-by-ects").run())


@pytest.mark.parametrize("lang", LANGS)
def test_under_chosen_rules_the_rules_page_describes_this_plans_units_once(lang):
    at = im_fa_mds_compensating(lang)
    texts = markdowns(at)
    topic = f"**{t('rule.topic_compensation', lang)}**"
    compensation = [x for x in texts if x.startswith(topic)]
    assert len(compensation) == 1, compensation  # one card: no "assumed" card contradicting it
    assert t("chosen_rule", lang) in compensation[0]
    described = texts[texts.index(compensation[0]) + 1]  # the card's text, under its topic
    assert "UE PPR Alternance 2" in described
    assert described.count("UE Mathématiques pour la modélisation") == 1
    assert "UE PPR IM MDS initiale stage" not in described  # FI only
    # The assumed preset's note ("no compensation between UEs") is not shown beside it.
    assert not at.warning, [w.value for w in at.warning]


@pytest.mark.parametrize("lang", LANGS)
def test_under_chosen_rules_the_grades_banner_says_they_apply_not_the_assumed_preset(lang):
    at = ok(im_fa_mds_compensating(lang).switch_page(page("grades")).run())
    assert t("chosen_rules_apply", lang) in [i.value for i in at.info]
    assert not any(w.value.startswith(t("assumed_rules", lang, note="")) for w in at.warning)
