"""Every chart as the app draws it (the figure sent to the browser): horizontal labels
broken on spaces, each segment on its bar or in a legend laid out below the plot, ranges
that hold the longest bar, no toolbar, a sentence for screen readers in the app's
language, and catalogue names escaped before plotly reads them as markup.
How the figures lie in a browser, at 1400 and 390 px: tests/e2e/test_charts_fit.py."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import ui.state
from planner.catalogue import Catalogue, parse_programme
from planner.compare import short_name
from planner.messages import number
from planner.totals import plan_totals
from tests.app.test_pages import (
    CATALOGUE,
    IM,
    MDS_APPLIQUEES_KEY,
    MDS_MODELISATION_KEY,
    SL,
    choose,
    im_fi_mds,
    ok,
    page,
    plan_of,
    started,
    tick,
)
from ui import charts
from ui.i18n import t
from ui.session import Selection, plan_key

LANGS = ["en", "fr"]
PICKED = ("statistical-learning-graphs", "geometric-statistics", "advanced-optimization")
TAGS = re.compile(r"</?(?!br>|b>|i>)[a-z]", re.IGNORECASE)  # any tag but the charts' own


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def plan_page(lang: str, option: str = "mds") -> AppTest:
    at = started(lang)
    choose(at, "programme", IM)
    choose(at, "track", "fi")
    return choose(at, "option", option)


def by_title(at: AppTest, key: str, lang: str) -> tuple[dict, str]:
    """The figure titled t(key) and its sentence for screen readers."""
    (found,) = [
        (json.loads(c.proto.spec), c.proto.alt)
        for c in at.get("plotly_chart")
        if json.loads(c.proto.spec)["layout"]["title"]["text"] == t(key, lang)
    ]
    return found


def legend_below(layout: dict) -> None:
    """A horizontal legend at the foot of the figure, across its width, never hiding
    a trace on a click."""
    legend = layout["legend"]
    assert legend["orientation"] == "h"
    assert (legend["xref"], legend["x"], legend["xanchor"]) == ("container", 0, "left")
    assert (legend["yref"], legend["y"], legend["yanchor"]) == ("container", 0, "bottom")
    assert legend["itemclick"] is False and legend["maxheight"] == 1


def text_is_horizontal(figure: dict) -> None:
    for trace in figure["data"]:
        if trace.get("textposition") == "inside":
            assert trace["textangle"] == 0, trace["name"]


# --- Plan ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_ects_bar_names_every_segment_in_a_legend_with_its_figure(lang):
    at = plan_page(lang)
    figure, alt = by_title(at, "chart_ects", lang)
    programme = CATALOGUE.get(IM)
    totals = plan_totals(programme, "fi", "mds", frozenset())
    counted = [u for u in totals.units if u.ects.value is not None]
    names = [trace["name"].replace("<br>", " ") for trace in figure["data"]]
    assert names == [f"{u.name} · {number(u.ects.value, lang)}" for u in counted]
    # Wrapped on spaces, never past LEGEND_CHARS a line.
    assert all(
        len(line) <= charts.LEGEND_CHARS
        for trace in figure["data"]
        for line in trace["name"].split("<br>")
    )
    assert figure["layout"]["showlegend"] is True
    legend_below(figure["layout"])
    text_is_horizontal(figure)
    assert figure["layout"]["xaxis"]["range"] == [0, 60]
    assert alt == t(
        "chart_ects_alt",
        lang,
        units=(" ; " if lang == "fr" else "; ").join(
            f"{u.name} ({number(u.ects.value, lang)})" for u in counted
        ),
    )


@pytest.mark.parametrize("lang", LANGS)
def test_ects_not_yet_counted_are_a_segment_named_in_full_in_the_legend(lang):
    """IMAF publishes no ECTS for its own units: the year's rest is one segment, its
    legend entry and its hover saying what it is (the hover was cut at 15 characters)."""
    at = plan_page(lang, "imaf")
    figure, alt = by_title(at, "chart_ects", lang)
    programme = CATALOGUE.get(IM)
    counted = plan_totals(programme, "fi", "imaf", frozenset()).ects.value
    assert counted is not None and counted < 60
    rest = figure["data"][-1]
    assert rest["name"] == f"{t('remaining', lang)} · {number(60 - counted, lang)}"
    assert rest["x"] == [60 - counted]
    assert rest["hovertext"][0].startswith(t("remaining", lang))
    assert figure["layout"]["hoverlabel"]["namelength"] == -1
    assert f"{t('remaining', lang)} ({number(60 - counted, lang)})" in alt


@pytest.mark.parametrize("lang", LANGS)
def test_the_hours_chart_wraps_unit_names_and_holds_the_longest_bar(lang):
    at = im_fi_mds(lang)
    figure, alt = by_title(at, "chart_hours", lang)
    ticks = figure["layout"]["yaxis"]["ticktext"]
    assert "UE Management responsable et cadre juridique" in [x.replace("<br>", " ") for x in ticks]
    assert all(len(line) <= charts.AXIS_CHARS for x in ticks for line in x.split("<br>"))
    longest = max(sum(bars) for bars in zip(*(trace["x"] for trace in figure["data"]), strict=True))
    assert longest <= figure["layout"]["xaxis"]["range"][1]
    assert [trace["name"] for trace in figure["data"]] == ["CM", "TD"]
    legend_below(figure["layout"])
    text_is_horizontal(figure)
    assert t("fig_cm", lang, amount=number(40, lang)) in alt
    assert alt.startswith(t("chart_hours_alt", lang, units="")[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_no_chart_has_a_toolbar_and_each_has_a_sentence_and_a_title_of_one_line(lang):
    at = im_fi_mds(lang)
    tick(at, MDS_MODELISATION_KEY, *PICKED[:2])
    tick(at, MDS_APPLIQUEES_KEY, *PICKED[2:])
    for name in ("plan", "compare", "odds"):
        ok(at.switch_page(page(name)).run())
        for chart in at.get("plotly_chart"):
            assert json.loads(chart.proto.config) == {"displayModeBar": False}
            assert len(chart.proto.alt) > 40, name
            title = json.loads(chart.proto.spec)["layout"]["title"]["text"]
            assert len(title) <= charts.TITLE_CHARS, title


# --- Compare -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_compare_hours_of_three_options_fit_their_range_and_name_each_option_once(lang):
    """SD has 108 hours in a unit: the bar was cut at 100."""
    at = im_fi_mds(lang)
    ok(at.switch_page(page("compare")).run())
    ok(at.multiselect(key="compare_options").set_value(["mds", "mmv", "sd"]).run())
    (figure,) = figures(at)
    options = {o.id: o.name for o in CATALOGUE.get(IM).options}
    assert [trace["name"] for trace in figure["data"]] == [
        f"{short_name(options[o])} · {kind}" for o in ("mds", "mmv", "sd") for kind in ("CM", "TD")
    ]
    ends = [
        (base or 0) + x
        for trace in figure["data"]
        for base, x in zip(trace.get("base") or [0] * len(trace["x"]), trace["x"], strict=True)
    ]
    assert max(ends) == 108
    assert figure["layout"]["xaxis"]["range"][1] >= 108
    # Units as rows, their names wrapped; the bars horizontal, their figures too.
    assert all(trace["orientation"] == "h" for trace in figure["data"])
    ticks = figure["layout"]["yaxis"]["ticktext"]
    assert all(len(line) <= charts.AXIS_CHARS for x in ticks for line in x.split("<br>"))
    text_is_horizontal(figure)
    legend_below(figure["layout"])
    # No pattern under the TD figures: a light shade with dark text instead.
    for trace in figure["data"]:
        assert "pattern" not in trace.get("marker", {})
        dark = trace["name"].endswith("TD")
        assert (trace["insidetextfont"]["color"] == charts.DARK_TEXT) == dark


# --- Odds ----------------------------------------------------------------------------------
def test_the_odds_chart_says_which_bar_is_which_in_its_legend_and_its_sentence():
    at = started("fr")
    plan = plan_of(at)
    plan.programme = SL
    spec4 = (
        "analyse-statistique-graphes",
        "gestion-donnees",
        "processus-ponctuels",
        "series-temporelles",
    )
    plan.plans = {f"{SL}/None/None": list(spec4)}
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    ok(at.switch_page(page("odds")).run())
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    assert [trace["name"] for trace in figure["data"]] == [
        t("odds_legend_session1", "fr"),
        t("odds_retake", "fr"),
        t("odds_legend_after_session2", "fr"),
    ]
    legend_below(figure["layout"])
    # Room right of a full bar for its label; the ticks stop at 100.
    assert figure["layout"]["xaxis"]["range"] == [0, charts.ODDS_AXIS_END]
    assert chart.proto.alt.startswith("Chances par UE : UE de Cours Fondamentaux : ")
    assert "50\u00a0% validée en session 1" in chart.proto.alt  # a French percentage


# --- names are text ------------------------------------------------------------------------
MARKUP = '<b>loud</b> <a href="https://evil.example">here</a> & <img src=x>'
HOSTILE_ID = "fictional-markup-names"


def _markup_catalogue() -> Catalogue:
    data = CATALOGUE.get(IM).model_dump(mode="json", exclude_none=True)
    data["id"] = HOSTILE_ID
    for part in ("units", "courses", "options", "tracks", "calendar"):
        for item in data.get(part, ()):
            item["name"] = f"{item['name']} {MARKUP}"
    return Catalogue(programmes=(*CATALOGUE.programmes, parse_programme(data)))


MARKUP_CATALOGUE = _markup_catalogue()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("name", ["plan", "compare", "odds"])
def test_a_name_written_as_html_reaches_no_chart_as_markup(monkeypatch, name):
    monkeypatch.setattr(ui.state, "catalogue", lambda: MARKUP_CATALOGUE)
    at = started("en")
    plan = plan_of(at)
    plan.programme, plan.track, plan.option = HOSTILE_ID, "fi", "mds"
    programme = MARKUP_CATALOGUE.get(HOSTILE_ID)
    selection = Selection(programme=programme, track="fi", option="mds")
    units = programme.units_for("fi", "mds")
    plan.plans = {
        plan_key(selection): [c for u in units if u.choose for c in u.courses[: u.choose.min]]
    }
    ok(at.switch_page(page(name)).run())
    drawn = [s for figure in figures(at) for s in _strings(figure)]
    assert drawn, name
    assert any("&lt;b&gt;loud&lt;/b&gt;" in s for s in drawn)  # the names are there, escaped
    assert [s for s in drawn if TAGS.search(s) or "<b>loud" in s] == []
