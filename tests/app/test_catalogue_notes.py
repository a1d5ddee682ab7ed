"""The programme files' notes are shown in the app's language (issue 11): the Rules page's
banner, rule notes and gaps, the Catalogue's inferred figures and course notes, the
Calendar's notes and the Plan's ECTS conflict; never the other language's words. A note is
outside text: the page draws it escaped (ui.present.name)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import (
    CATALOGUE,
    IM,
    LANGS,
    SL,
    captions,
    choose,
    im_fi_mds,
    markdowns,
    ok,
    page,
    plan_of,
    plotly_specs,
    started,
    warnings,
)
from ui.present import name

OTHER = {"en": "fr", "fr": "en"}


def _shown(at: AppTest) -> str:
    return "\n".join(markdowns(at) + captions(at) + warnings(at))


@pytest.mark.parametrize("lang", LANGS)
def test_the_rules_page_gives_the_banner_rule_notes_and_gaps_in_the_apps_language(lang):
    im = CATALOGUE.get(IM)
    at = ok(im_fi_mds(lang).switch_page(page("rules")).run())
    assert im.rules.note is not None
    assert name(im.rules.note.text(lang)) in warnings(at)
    shown = _shown(at)
    for note in im.notes:
        assert f"- {name(note.text(lang))}" in shown
        assert name(note.text(OTHER[lang])) not in shown

    sl = CATALOGUE.get(SL)
    at = started(lang)
    plan_of(at).programme = SL
    at = ok(at.switch_page(page("rules")).run())
    notes = [r.note for r in sl.rules.units if r.note] + [sl.rules.session2.note]
    notes += [sl.rules.bonus.note, sl.grade_scale.note]
    for note in notes:
        assert note is not None
        assert name(note.text(lang)) in captions(at)
        assert name(note.text(OTHER[lang])) not in _shown(at)


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogue_page_gives_inferred_rules_and_course_notes_in_the_apps_language(lang):
    im = CATALOGUE.get(IM)
    at = started(lang)
    ok(at.switch_page(page("catalogue")).run())
    choose(at, "programme", IM)
    course = im.course("statistical-learning-graphs")  # inferred ECTS and hours, and a note
    assert course.ects.rule is not None and course.note is not None
    ok(at.selectbox(key="catalogue_details").set_value(course.id).run())
    shown = _shown(at)
    assert name(course.ects.rule.text(lang)) in shown
    assert name(course.ects.rule.text(OTHER[lang])) not in shown
    assert name(course.note.text(lang)) in captions(at)
    for note in im.notes:
        assert name(note.text(lang)) in shown and name(note.text(OTHER[lang])) not in shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_calendar_page_gives_the_events_notes_in_the_apps_language(lang):
    sl = CATALOGUE.get(SL)
    at = started(lang)
    ok(at.switch_page(page("calendar")).run())
    choose(at, "programme", SL)
    shown = _shown(at)
    hover = str([trace["customdata"] for spec in plotly_specs(at) for trace in spec["data"]])
    for event in sl.calendar:
        if event.note is None:
            continue
        if event.kind == "milestone" or event.start is None:  # listed under the chart
            assert name(event.note.text(lang)) in shown
            assert name(event.note.text(OTHER[lang])) not in shown
        if event.start is not None:  # in the timeline's hover text
            assert event.note.text(lang) in hover
            assert event.note.text(OTHER[lang]) not in hover


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_page_says_where_the_source_gives_another_figure_in_the_apps_language(lang):
    where = CATALOGUE.get(IM).unit("fa-ppr-alternance-1").ects.conflict.where
    at = started(lang)
    choose(at, "programme", IM)
    choose(at, "track", "fa")
    choose(at, "option", "mds")
    shown = "\n".join(warnings(at))
    assert name(where.text(lang)) in shown
    assert name(where.text(OTHER[lang])) not in shown
