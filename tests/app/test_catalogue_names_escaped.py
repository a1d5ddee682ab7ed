"""Catalogue names are outside text: each page draws them through ui.present.name, so a
name written like markdown reads as written (never a link, bold text or a colour). The
shipped M2 IM, its units', courses', options' and events' names made hostile, is added to
the app's catalogue for the test."""

from __future__ import annotations

import re

import pytest

import ui.state
from planner.catalogue import Catalogue, parse_programme
from tests.app.test_pages import CATALOGUE, IM, as_read, ok, page, plan_of, started
from ui.session import Selection, plan_key

HOSTILE = "[sign in](https://evil.example) **loud** :red[alarm]"
# What a page would show as a link, bold text or a colour if a name were drawn as is.
SYNTAX = ("](https://evil.example)", "**loud**", ":red[alarm]")
PROGRAMME_ID = "fictional-hostile-names"


def _hostile() -> Catalogue:
    data = CATALOGUE.get(IM).model_dump(mode="json", exclude_none=True)
    data["id"] = PROGRAMME_ID
    data["name"] = f"Hostile {HOSTILE}"
    data["source"]["title"] = f"Source {HOSTILE}"
    for part in ("units", "courses", "options", "tracks", "calendar"):
        for item in data.get(part, ()):
            item["name"] = f"{item['name']} {HOSTILE}"
    return Catalogue(programmes=(*CATALOGUE.programmes, parse_programme(data)))


HOSTILE_CATALOGUE = _hostile()
PROGRAMME = HOSTILE_CATALOGUE.get(PROGRAMME_ID)


@pytest.fixture
def hostile(monkeypatch):
    monkeypatch.setattr(ui.state, "catalogue", lambda: HOSTILE_CATALOGUE)


def _drawn_text(at) -> list[str]:
    """Every element of the main area that Streamlit renders as markdown."""
    kinds = ("markdown", "caption", "warning", "info", "header", "subheader", "success")
    return [element.value for kind in kinds for element in getattr(at.main, kind)]


def _with_a_plan(lang: str):
    at = started(lang)
    plan = plan_of(at)
    plan.programme, plan.track, plan.option = PROGRAMME_ID, "fi", "mds"
    selection = Selection(programme=PROGRAMME, track="fi", option="mds")
    units = PROGRAMME.units_for("fi", "mds")
    plan.plans = {
        plan_key(selection): [c for u in units if u.choose for c in u.courses[: u.choose.min]]
    }
    # Some units failed (retakes drawn), the others without grades (minimums drawn).
    courses = [c for u in units[:2] for c in u.courses]
    plan.grades = {PROGRAMME_ID: dict.fromkeys(courses, 2.0)}
    return at


@pytest.mark.parametrize(
    "name", ["plan", "grades", "catalogue", "odds", "compare", "rules", "calendar"]
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_draws_a_catalogue_name_as_markdown(hostile, name, lang):
    at = _with_a_plan(lang)
    ok(at.switch_page(page(name)).run())
    drawn = _drawn_text(at)
    assert any("sign in" in text for text in drawn), drawn  # the names are on the page
    assert [text for text in drawn if any(s in text for s in SYNTAX)] == []


# Inline markdown a widget's label would draw: a character not escaped by a backslash, a
# ":" not followed by the invisible word joiner (a colour, an icon, a shortcode).
LABEL_SYNTAX = re.compile(r"(?<!\\)[\[\]*_`$~]|:(?!\u2060)")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_course_checkbox_label_draws_no_markdown_and_reads_as_written(hostile, lang):
    at = _with_a_plan(lang)
    ok(at.switch_page(page("plan")).run())
    choosing = [u for u in PROGRAMME.units_for("fi", "mds") if u.choose]
    names = [PROGRAMME.course(c).name for u in choosing for c in u.courses]
    labels = [box.label for box in at.checkbox if box.key.startswith("choice::")]
    assert [as_read(label) for label in labels] == names
    assert [label for label in labels if LABEL_SYNTAX.search(label)] == []
    # Only what would draw is escaped: the label is also what a screen reader reads.
    assert not any("\\-" in label or "\\." in label for label in labels)
