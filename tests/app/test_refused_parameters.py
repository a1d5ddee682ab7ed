"""Rule parameters a programme refuses never enter the session, by any door: a link, a
file, a saved scenario opened. The refusal says why, in the usual notice, and the plan the
student had is kept (a file's refusal: tests/unit/test_opened_plan_files.py, and in a
browser tests/e2e/test_advisor.py). And whatever a page raises, the student reads a short
message in the app's language, never a traceback; the sidebar (Share, Reset) stays."""

from __future__ import annotations

import tomllib

import pytest

from planner.catalogue import load_catalogue
from planner.evaluation import check_scenario
from planner.limits import quote
from planner.scenario import Parameters, Scenario, ScenarioError
from tests.app.test_nothing_lost import (
    FIRST,
    OTHER,
    address_plan,
    app,
    notices,
    on_my_scenarios,
    open_saved,
    text_of,
)
from tests.app.test_pages import IM, REPO, SL, ok, page, plan_of
from ui.format import say
from ui.i18n import t

IM_MDS = OTHER  # M2 IM, FI, MDS: a programme whose rules are assumed
REFUSED = {
    "threshold-above-scale": (IM_MDS, Parameters(threshold=1000)),
    "threshold-1e308": (IM_MDS, Parameters(threshold=1e308)),
    "floor-above-threshold": (IM_MDS, Parameters(threshold=10, course_floor=12)),
    "rules-on-published": (FIRST, Parameters(rules_preset="year-compensation-by-ects")),
}


def refused(case: str) -> tuple[Scenario, ScenarioError]:
    plan, parameters = REFUSED[case]
    bad = plan.model_copy(update={"parameters": parameters})
    with pytest.raises(ScenarioError) as error:
        check_scenario(load_catalogue().get(bad.programme), bad)
    return bad, error.value


@pytest.mark.parametrize("case", REFUSED)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_link_with_refused_parameters_is_refused_and_every_page_draws(case, lang):
    bad, reason = refused(case)
    at = app(lang, plan=bad.to_url())
    ok(at.run())
    assert notices(at) == [say("link_refused", lang, reason=reason)]
    assert plan_of(at).programme is None
    assert "plan" not in at.query_params
    for name in ("odds", "rules", "grades", "compare", "plan"):
        ok(at.switch_page(page(name)).run())
        assert not at.error, (name, [e.value for e in at.error])


def test_a_saved_scenario_with_refused_parameters_does_not_open_and_the_plan_is_kept():
    bad, reason = refused("threshold-above-scale")
    at = on_my_scenarios(FIRST, {})
    plan_of(at).saved = {"Odd": bad.to_json(indent=None)}
    ok(at.run())
    open_saved(at, "Odd")
    assert notices(at) == [say("saved_refused", "en", reason=reason)]
    assert address_plan(at) == FIRST
    assert plan_of(at).saved == {"Odd": bad.to_json(indent=None)}


def test_a_page_that_fails_says_so_in_the_apps_language_and_keeps_the_sidebar():
    """Parameters that reached the session by a way no door checks (here: set directly) make
    the Odds page fail: the router says so in one sentence, with no trace, and still draws
    Share and Reset."""
    at = app("fr", plan=IM_MDS.to_url())
    ok(at.run())
    plan_of(at).params = {IM: {"threshold": 1000}}
    ok(at.switch_page(page("odds")).run())
    assert [e.value for e in at.error] == [t("page_failed", "fr")]
    assert not at.exception
    assert t("share_and_save", "fr") in [b.label for b in at.sidebar.button]
    assert any(t("reset", "fr") in str(p.proto) for p in at.sidebar.get("popover"))


def test_an_error_outside_a_page_shows_no_details():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_a_saved_scenario_of_the_shipped_kind_still_opens():
    """The refusal is of the parameters, not of saved scenarios that carry them: a valid
    one (a session-2 policy) opens as before."""
    good = FIRST.model_copy(update={"parameters": Parameters(session2_policy="keep_best")})
    at = on_my_scenarios(IM_MDS, {"Good": good})
    open_saved(at, "Good")
    assert plan_of(at).params[SL] == {"session2_policy": "keep_best"}
    assert address_plan(at) == good
    assert text_of(good) in plan_of(at).saved.values()


def test_a_closed_tabs_session_lives_as_long_as_the_readme_says():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    ttl = config["server"]["disconnectedSessionTTL"]
    assert ttl <= 30  # Streamlit's default keeps grades in memory 120 s after the tab closes
    privacy = " ".join((REPO / "README.md").read_text().split("## Privacy and security")[1].split())
    assert f"Streamlit keeps that session {ttl} seconds more" in privacy


def test_saved_scenarios_that_cannot_be_shown_are_named_and_can_be_removed_at_once():
    """Four places, two taken by plans this app cannot show (a retired programme, rules its
    programme refuses): each is named with why, Save is not silently disabled by them, and
    one button frees their places."""
    retired = Scenario(programme="m2-retired-2019", grades={"x": 12.0})
    odd = IM_MDS.model_copy(update={"parameters": Parameters(threshold=1000)})
    second = FIRST.model_copy(update={"grades": {**FIRST.grades, "stage": 40.0}})
    at = on_my_scenarios(
        FIRST, {"Old": retired, "Odd": odd, "Mine": FIRST, "Other": second}, lang="fr"
    )
    shown = [w.value for w in at.warning]
    assert (
        say(
            "saved_unusable",
            "fr",
            name="Old",
            reason=ScenarioError("refusal.unknown_programme", programme=quote("m2-retired-2019")),
        )
        in shown
    )
    assert any(
        w.startswith(say("saved_unusable", "fr", name="Odd", reason="@").split("@")[0])
        for w in shown
    )
    remove = [b for b in at.button if b.label == t("remove_unusable", "fr", n=2)]
    ok(remove[0].click().run())
    assert list(plan_of(at).saved) == ["Mine", "Other"]
    assert not any("m2-retired" in w.value for w in at.warning)
