"""A programme built by a person is outside text on every page: each of its names, notes
and source sentences (tests/programmes/m2-fictional-hostile-names.yaml: HTML, markdown,
Streamlit's colours, icons and maths, headings, lists, quotes, backslashes, format
strings, right-to-left overrides, emoji, a name of 10 000 characters) is drawn as text.

Every element Streamlit reads as markdown (the main area and the sidebar, widget labels
included) holds none of it as syntax, and reads back, escapes resolved, as the name as
written. What the browser then shows and reads out is tests/e2e/test_hostile_names.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.catalogue import load_programme_file
from tests.app.test_pages import ok, page, plan_of, serving_file, started
from ui import grades_edit
from ui.session import Selection, plan_key

FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-hostile-names.yaml"
PROGRAMME = load_programme_file(FILE)
PID = PROGRAMME.id
PAGES = ["plan", "grades", "catalogue", "odds", "compare", "rules", "calendar"]
# Each markup of the file as it would be read if it reached markdown unescaped: an HTML
# tag, bold, italics, a link or an image, a colour, a badge, an icon, maths, code,
# strikethrough, and a line's heading, list or quote marker.
INLINE = (
    "<img",
    "<script",
    "<b>",
    "<i>",
    "<a ",
    "<br>",
    "**bold**",
    "_it_",
    "](https://evil",
    ":red[",
    ":blue-badge[",
    ":material/home:",
    "$x^2$",
    "`code`",
    "~~gone~~",
)
LINE_MARKERS = ("# heading", "- list", "1. list", "> quote")
# A widget's label draws inline markdown only; a label escapes what would draw there
# (ui.format.label_plain), never "<" (Streamlit draws no HTML in a label).
LABEL_INLINE = tuple(m for m in INLINE if not m.startswith("<"))
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescaped(pattern: str) -> re.Pattern[str]:
    """`pattern` (plain text) not preceded by a backslash: markup, not its escape."""
    return re.compile(r"(?<!\\)" + re.escape(pattern))


SYNTAX = [unescaped(m) for m in (*INLINE, *LINE_MARKERS)]
LABEL_SYNTAX = [unescaped(m) for m in LABEL_INLINE]


def as_read(markdown: str) -> str:
    """What markdown draws of escaped text: each escape's character, without the word
    joiners that break Streamlit's shortcodes."""
    return MARKDOWN_ESCAPE.sub(r"\1", markdown).replace("\u2060", "")


@pytest.fixture(autouse=True)
def hostile(monkeypatch):
    yield from serving_file(monkeypatch, FILE)


def markdown_texts(at: AppTest) -> list[str]:
    """Every text of the page (main area and sidebar) that Streamlit draws as markdown."""
    kinds = ("markdown", "caption", "warning", "info", "error", "success")
    kinds += ("title", "header", "subheader")
    return [element.value for kind in kinds for element in getattr(at, kind)]


def label_texts(at: AppTest) -> list[str]:
    """Every widget label, expander, tab and metric label of the page: markdown too."""
    widgets = ("checkbox", "toggle", "text_input", "radio", "selectbox", "multiselect")
    widgets += ("select_slider", "button", "expander", "tabs", "metric", "number_input")
    return [str(w.label) for kind in widgets for w in getattr(at, kind)]


def with_a_plan(lang: str) -> AppTest:
    """The hostile programme, track fi, option o-quote, UE B's course chosen; UE A and
    UE C failed (retakes drawn), the others without grades (minimums drawn)."""
    at = started(lang)
    plan = plan_of(at)
    plan.programme, plan.track, plan.option = PID, "fi", "o-quote"
    selection = Selection(programme=PROGRAMME, track="fi", option="o-quote")
    plan.plans = {plan_key(selection): ["tags"]}
    plan.grades = {PID: {"stats/cc": 8, "stats/exam": 4, "proba": 6, "tags": 12, "heading": 3}}
    return at


def on_page(name: str, lang: str) -> AppTest:
    return ok(with_a_plan(lang).switch_page(page(name)).run())


def markup_found(texts: list[str], syntax: list[re.Pattern[str]]) -> list[str]:
    return [text[:120] for text in texts if any(s.search(text) for s in syntax)]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_draws_a_built_programmes_text_as_markup(name, lang):
    at = on_page(name, lang)
    drawn = markdown_texts(at)
    # The programme's names are there (the sidebar's source, at least), as text.
    assert any("Source :material/home: $x^2$" in as_read(text) for text in drawn)
    assert markup_found(drawn, SYNTAX) == []
    assert markup_found(label_texts(at), LABEL_SYNTAX) == []


# What each page shows of the file, read back as written: names, notes, sources.
SHOWN = {
    "plan": [
        PROGRAMME.unit("ue-a").name,
        PROGRAMME.course("proba").name,
        PROGRAMME.unit("ue-d").semester,
        PROGRAMME.course("backslash").name,
        PROGRAMME.course("format").name,
        PROGRAMME.course("emoji").name,
        PROGRAMME.course("long").name,
    ],
    "grades": [
        PROGRAMME.unit("ue-a").name,
        PROGRAMME.rules.units[0].source,
        PROGRAMME.rules.units[0].note.en,  # type: ignore[union-attr]
        PROGRAMME.rules.session2.note.en,  # type: ignore[union-attr]
    ],
    "rules": [
        PROGRAMME.name,
        PROGRAMME.academic_year,
        PROGRAMME.unit("ue-a").name,
        PROGRAMME.rules.units[0].source,
        PROGRAMME.rules.units[0].note.en,  # type: ignore[union-attr]
        PROGRAMME.rules.groups[0].source,
        PROGRAMME.rules.component_session2.source,  # type: ignore[union-attr]
        PROGRAMME.rules.jury_codes.source,  # type: ignore[union-attr]
        *(note.en for note in PROGRAMME.notes),
    ],
    "calendar": [
        *(e.name for e in PROGRAMME.calendar if e.kind in ("milestone", "event")),
        *(e.note.en for e in PROGRAMME.calendar if e.note),
        PROGRAMME.calendar[2].source,
        PROGRAMME.calendar[2].rule.en,  # type: ignore[union-attr]
    ],
    "catalogue": [*(note.en for note in PROGRAMME.notes)],
    "compare": [PROGRAMME.unit("ue-a").name, PROGRAMME.unit("ue-e").name],
}


@pytest.mark.parametrize("name", SHOWN)
def test_each_page_shows_the_programmes_text_as_written(name):
    drawn = " ".join(as_read(text) for text in markdown_texts(on_page(name, "en")))
    assert [text for text in SHOWN[name] if text not in drawn] == []


def test_the_rules_page_says_the_group_by_its_name_as_written():
    at = on_page("rules", "fr")
    statements = [as_read(text) for text in markdown_texts(at)]
    assert any("Semester <b>3</b> **bold** :red[x]" in text for text in statements)
    assert any("# heading source" in text for text in statements)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_course_checkbox_reads_as_its_name(lang):
    at = on_page("plan", lang)
    unit = PROGRAMME.unit("ue-b")
    labels = [box.label for box in at.checkbox if box.key.startswith("choice::ue-b")]
    assert [as_read(label) for label in labels] == [PROGRAMME.course(c).name for c in unit.courses]
    assert markup_found(labels, LABEL_SYNTAX) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_grade_forms_fields_are_labelled_by_the_names_escaped(lang):
    at = on_page("grades", lang)
    ok(at.toggle(key=grades_edit.FORM_MODE).set_value(True).run())  # the form, not the sheet
    labels = [field.label for field in at.text_input]
    assert labels
    assert markup_found(labels, LABEL_SYNTAX) == []
    read = " ".join(as_read(label) for label in labels)
    assert PROGRAMME.course("proba").name in read
    assert PROGRAMME.course("backslash").name in read
