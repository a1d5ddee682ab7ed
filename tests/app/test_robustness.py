"""Robustness: shared objects are immutable, sessions keep their own plans, hostile URL
input gets a message, and no page renders raw HTML."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from planner.catalogue import load_catalogue
from planner.scenario import Scenario, ScenarioError
from tests.app.test_pages import APP, SL, ok, plan_of

ROOT = Path(__file__).resolve().parents[2]


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def test_the_shared_catalogue_cannot_be_mutated():
    catalogue = load_catalogue()
    programme = catalogue.get(SL)
    assert programme is not None
    with pytest.raises(ValidationError):
        programme.name = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        programme.rules.units[0].threshold = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        programme.courses.append(programme.courses[0])  # type: ignore[attr-defined]
    # A copy with changes leaves the shared object as it was.
    changed = programme.model_copy(update={"name": "copy"})
    assert changed.name == "copy" and programme.name == "M2 Statistique & Learning"


def test_two_sessions_share_the_catalogue_but_never_their_plans():
    first, second = ok(app().run()), ok(app().run())
    ok(first.sidebar.selectbox(key="programme").set_value(SL).run())
    plan_of(first).grades = {SL: {"apprentissage-statistique": 12.0}}
    ok(first.run())
    ok(second.run())
    assert plan_of(second).programme is None
    assert plan_of(second).grades == {}
    assert plan_of(first).grades == {SL: {"apprentissage-statistique": 12.0}}


@pytest.mark.parametrize(
    "query",
    [
        {"lang": "xx"},
        {"lang": "<script>"},
        {"plan": "v1.%%%"},
        {"plan": Scenario(programme="unknown").to_url()},
        {"plan": Scenario(programme=SL, grades={"nope": 1}).to_url()},
        {"plan": Scenario(programme=SL, track="fi").to_url()},
        {"plan": "v1." + "A" * 20_000},
    ],
)
def test_hostile_url_input_gets_a_message_and_the_default_state(query):
    at = ok(app(**query).run())
    assert plan_of(at).lang in {"en", "fr"}
    assert plan_of(at).programme is None
    if "plan" in query:
        assert at.warning, "a refused link must say why"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token=st.text(max_size=300))
def test_any_text_as_a_link_is_refused_with_scenario_error_or_read(token):
    with contextlib.suppress(ScenarioError):
        Scenario.from_url(token)


def test_no_page_renders_raw_html_or_writes_files():
    """Catalogue and student text is never rendered as HTML, and nothing is written to disk
    by the app's own code (grades stay in the session)."""
    sources = [*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]
    assert sources
    for path in sources:
        text = path.read_text()
        assert "unsafe_allow_html" not in text, path
        assert not re.search(r"\bopen\(|write_text|write_bytes|to_csv|to_json\(\s*['\"]", text), (
            path
        )
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config
