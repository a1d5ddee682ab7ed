"""AppTest for the advisor features: compare, share link, saved scenarios, odds, rules.

Expected figures come from the planner itself (catalogue, compare, odds), never typed by
hand; texts come from ui.i18n.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner.compare import count_combinations, short_name
from planner.odds import Belief, simulate
from planner.outputs.rules_text import statements
from planner.scenario import MAX_URL_CHARS, Scenario
from planner.texts import percent

# One set of ids and the worked example for every AppTest file.
from tests.app.test_pages import APP, CATALOGUE, FUNDAMENTALS, IM, SL, SPEC4, ok, plan_of
from tests.app.test_pages import WORKED_EXAMPLE as WORKED
from ui import present
from ui.i18n import t


def app(lang: str = "en", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.context = {"locale": {"en": "en-US", "fr": "fr-FR"}[lang]}
    for key, value in query.items():
        at.query_params[key] = value
    return at


def im_fi_mds(at: AppTest) -> AppTest:
    ok(at.run())
    for key, value in (("programme", IM), ("track", "fi"), ("option", "mds")):
        ok(at.sidebar.selectbox(key=key).set_value(value).run())
    return at


def read(cell: object) -> str:
    """A table's cell as the student reads it: markdown escapes resolved, no-break
    spaces read as spaces."""
    return re.sub(r"\\(.)", r"\1", str(cell)).replace("\u2060", "").replace("\u00a0", " ")


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table of the page (st.table: its cells are markdown), as read: cells, column
    headers and row labels."""
    frames = []
    for table in at.table:
        frame = table.value.map(read)
        frame.columns = pd.Index([read(c) for c in frame.columns])
        frame.index = pd.Index([read(i) for i in frame.index])
        frames.append(frame)
    return frames


def shown_table(at: AppTest) -> list[dict[str, str]]:
    """The rows of the options side by side (the page's first table), as read."""
    frame = shown_tables(at)[0]
    return [dict(zip(frame.columns, row, strict=True)) for row in frame.itertuples(index=False)]


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "success")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


# --- compare -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_two_options_are_compared_unit_by_unit_with_their_totals(lang):
    at = im_fi_mds(app(lang))
    ok(at.switch_page("views/compare.py").run())
    table = shown_table(at)
    columns = list(table[0])
    assert columns[1:] == [
        "Mathematics for Data Science (MDS)",
        "Mathématiques et Modélisation du Vivant (MMV)",
    ]
    total = list(table[-1].values())
    assert total[0] == t("total", lang)
    assert total[1].startswith("60 ECTS · CM 216")
    # MMV's Numérique UE has Biomécanique (14 CM / 14 TD) where MDS has 20 / 10.
    assert total[2].startswith("60 ECTS · CM 210")
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    # The legend names each option as students do (its abbreviation): the table above
    # gives the whole name.
    assert {trace["name"] for trace in chart["data"]} == {
        f"{short_name(name)} · {kind}" for name in columns[1:] for kind in ("CM", "TD")
    }


def test_tracks_compared_give_each_track_its_own_common_units():
    at = im_fi_mds(app())
    ok(at.switch_page("views/compare.py").run())
    ok(at.radio(key="compare_mode").set_value("tracks").run())
    table = shown_table(at)
    assert list(table[0])[1:] == ["FA (alternance)", "FI (formation initiale)"]
    units = [row[t("unit", "en")] for row in table]
    assert "UE PPR Alternance 2" in units and "UE PPR IM MDS initiale stage" in units
    assert table[-1]["FA (alternance)"].startswith("60 ECTS")
    assert table[-1]["FI (formation initiale)"].startswith("60 ECTS")


def test_combinations_of_the_same_figures_are_one_line():
    at = im_fi_mds(app())
    ok(at.switch_page("views/compare.py").run())
    expected = count_combinations(CATALOGUE.get(IM), "fi", "mds")
    assert expected == 6  # 3 pairs in modélisation × 2 in appliquées
    (line,) = [i.value.replace("\u00a0", " ") for i in at.info if i.value.startswith("All ")]
    assert line.startswith(t("combinations_same", "en", n=6, figures="60 ECTS · CM 216")[:-1])
    assert not at.dataframe  # the list itself: tests/app/test_screens.py


def test_named_scenarios_are_kept_side_by_side_and_capped_at_four():
    at = app()
    ok(at.run())
    plan_of(at).plans = {f"{SL}/None/None": list(SPEC4)}
    plan_of(at).grades = {SL: WORKED}
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    ok(at.switch_page("views/compare.py").run())
    ok(at.button[0].click().run())  # save as "Plan A"
    grades = dict(WORKED, **{"apprentissage-statistique": 60.0})
    plan_of(at).grades = {SL: grades}
    ok(at.text_input(key="scenario_name").set_value("Plan B").run())
    ok(at.button[0].click().run())
    saved = plan_of(at).saved
    assert list(saved) == ["Plan A", "Plan B"]
    table = shown_tables(at)[-1]
    assert list(table.columns) == ["Plan A", "Plan B"]  # the row labels are its index
    fundamentals = table.loc["UE de Cours Fondamentaux"]
    assert fundamentals["Plan A"] == f"{t('failed', 'en')} (49.6) · S2: {t('pending', 'en')}"
    assert fundamentals["Plan B"] == f"{t('validated', 'en')} (53.6)"
    for name in ("Plan C", "Plan D"):
        ok(at.text_input(key="scenario_name").set_value(name).run())
        ok(at.button[0].click().run())
    assert len(plan_of(at).saved) == 4
    ok(at.text_input(key="scenario_name").set_value("Plan E").run())
    assert at.button[0].disabled  # a fifth is refused; overwriting "Plan D" is still allowed
    ok(at.text_input(key="scenario_name").set_value("Plan D").run())
    assert not at.button[0].disabled


def test_opening_a_saved_scenario_restores_it():
    at = app()
    ok(at.run())
    scenario = Scenario(programme=IM, track="fi", option="mds", grades={"geometric-statistics": 12})
    plan_of(at).saved = {"Plan A": scenario.to_json()}
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    ok(at.switch_page("views/compare.py").run())
    open_button = next(b for b in at.button if b.label == t("load_scenario", "en"))
    ok(open_button.click().run())
    assert plan_of(at).programme == IM
    assert plan_of(at).option == "mds"
    assert plan_of(at).grades[IM] == {"geometric-statistics": 12.0}


# --- share link ---------------------------------------------------------------------------
def test_a_share_link_restores_the_exact_plan_on_any_page():
    scenario = Scenario(
        programme=SL,
        choices=SPEC4,
        grades=WORKED,
        session2_grades={"apprentissage-statistique": 60},
        parameters={"session2_policy": "keep_best", "bonus_rate": 0.2},
    )
    at = app(plan=scenario.to_url())
    ok(at.run())
    assert at.success[0].value == t("link_restored", "en")
    assert plan_of(at).programme == SL
    assert plan_of(at).plans == {f"{SL}/None/None": sorted(SPEC4)}
    assert plan_of(at).grades == {SL: WORKED}
    assert plan_of(at).session2_grades == {SL: {"apprentissage-statistique": 60.0}}
    assert plan_of(at).params == {SL: {"session2_policy": "keep_best", "bonus_rate": 0.2}}
    # The address bar keeps the plan as drawn: a reload restores it.
    assert Scenario.from_url(at.query_params["plan"]) == scenario
    # The link the sidebar's Share and save dialog offers encodes the same scenario.
    ok(at.switch_page("views/grades.py").run())
    assert not at.code, "the link is built when the dialog opens, not on every run"
    ok(at.sidebar.button(key="share_open").click().run())
    link = at.code[0].value
    token = link.split("plan=")[1].split("&")[0]
    assert Scenario.from_url(token) == scenario
    # Open until the student closes it: a rerun nobody clicked for (the browser store's
    # answer, in a session's first second) keeps it open, with the same link.
    ok(at.run())
    assert [c.value for c in at.code] == [link]
    # Left without closing it (the browser's Back), it is gone, and stays gone on return.
    ok(at.switch_page("views/plan.py").run())
    assert not at.code
    ok(at.switch_page("views/grades.py").run())
    assert not at.code


@pytest.mark.parametrize(
    "token",
    [
        "v1.eNqrVkrOzy0oTQUAEtcD-garbage",  # damaged
        "v1." + "A" * (MAX_URL_CHARS + 10),  # oversized
        "v9.abc",  # another version
        Scenario(programme="no-such-programme").to_url(),  # tampered programme
        Scenario(programme=SL, grades={"stage": 150}).to_url(),  # off the scale
    ],
)
def test_a_bad_link_warns_and_starts_from_the_default_state(token):
    at = app(plan=token)
    ok(at.run())
    assert at.warning, "a bad link must say so"
    assert at.warning[0].value.startswith(t("link_refused", "en", reason="")[:25])
    assert plan_of(at).programme is None


def test_a_bad_link_says_why_in_french_in_a_french_session():
    at = app("fr", plan=Scenario(programme=SL, grades={"stage": 150}).to_url())
    ok(at.run())
    (warning,) = at.warning
    text = warning.value.replace("\\", "")
    assert text.startswith(t("link_refused", "fr", reason="")[:25])
    assert "est hors du barème 0–100" in text and "outside" not in text


# --- the files of « Share and save » ------------------------------------------------------
FILE_NAMES = {
    "en": {"download_json": "m2-plan.json", "download_pdf": "m2-plan-summary.pdf"},
    "fr": {"download_json": "plan-m2.json", "download_pdf": "plan-m2-synthese.pdf"},
}


def downloads(at: AppTest) -> dict[str, dict[str, str]]:
    """The browser download buttons drawn (ui.download), by key: what each would save."""
    return {
        key: json.loads(element.proto.json)
        for element in at.get("bidi_component")
        for key in FILE_NAMES["en"]
        if element.proto.id.endswith(key)
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_plan_and_its_pdf_are_saved_under_a_name_in_the_apps_language(lang):
    at = app(lang, plan=Scenario(programme=SL, choices=SPEC4, grades=WORKED).to_url())
    ok(at.run())
    ok(at.sidebar.button(key="share_open").click().run())
    ok(at.button(key="prepare_pdf").click().run())
    drawn = downloads(at)
    assert {key: data["file_name"] for key, data in drawn.items()} == FILE_NAMES[lang]
    assert drawn["download_pdf"]["label"] == t("download_pdf", lang)
    assert drawn["download_pdf"]["mime"] == "application/pdf"


# --- odds ----------------------------------------------------------------------------------
def odds_bars(at: AppTest) -> dict[str, tuple[float, str, str]]:
    """The odds chart's bars as the student reads them: row label -> (percent, the text
    beside the bar, its kind as the legend names it). Rows are keyed by ids and labelled
    through the ticks, in the axis's order; a unit's rows are its name, its retakes,
    then "after session 2", made unique here as "<unit> / after session 2"."""
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    axis = figure["layout"]["yaxis"]
    label = dict(zip(axis["tickvals"], axis["ticktext"], strict=True))
    # A bar of length 0 is labelled by an annotation (plotly draws no text on it).
    beside = {a["y"]: a["text"] for a in figure["layout"].get("annotations", [])}
    drawn: dict[str, tuple[float, str, str]] = {}
    for trace in figure["data"]:
        for row, value, text in zip(trace["y"], trace["x"], trace["text"], strict=True):
            assert bool(text) != (row in beside), row  # one label, on the bar or beside it
            drawn[row] = (value, text or beside[row], trace["name"])
    assert sorted(drawn) == sorted(axis["categoryarray"])  # one bar a row
    bars: dict[str, tuple[float, str, str]] = {}
    unit = ""
    for row in axis["categoryarray"]:
        shown = label[row]
        if shown.startswith("<b>"):
            unit = shown
        elif row.endswith(":2"):
            shown = f"{unit} / {re.sub('<[^>]+>', '', shown).strip()}"
        bars[shown] = drawn[row]
    return bars


def odds_page(
    lang: str, grades: dict, session2: dict | None = None, beliefs=None, plan=SPEC4
) -> AppTest:
    at = app(lang)
    ok(at.run())
    plan_of(at).grades = {SL: grades}
    plan_of(at).session2_grades = {SL: session2 or {}}
    plan_of(at).plans = {f"{SL}/None/None": list(plan)}
    plan_of(at).set_beliefs(SL, beliefs or {})
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    ok(at.switch_page("views/odds.py").run())
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


FUNDAMENTALS_ROW = "<b>UE de Cours Fondamentaux</b>"


def test_the_odds_page_shows_the_simulated_probabilities():
    known = {c: 50.0 for c in FUNDAMENTALS[:4]}
    at = odds_page("en", known, beliefs={FUNDAMENTALS[4]: (50.0, 10.0)})
    expected = simulate(
        CATALOGUE.get(SL),
        Scenario(programme=SL, choices=SPEC4, grades=known),
        {FUNDAMENTALS[4]: Belief(low=40, high=60)},
        draws=20_000,
        seed=0,
    )
    unit = expected.unit("cours-fondamentaux")
    assert unit.validated == pytest.approx(0.5, abs=0.02)
    # Failed in session 1, the fifth course is retaken and drawn on the whole scale.
    assert unit.validated_after_session2 == pytest.approx(0.75, abs=0.02)
    bars = odds_bars(at)
    after = f"{FUNDAMENTALS_ROW} / {t('odds_row_after_session2', 'en')}"
    assert bars[FUNDAMENTALS_ROW] == (
        pytest.approx(100 * unit.validated),
        f"{round(100 * unit.validated)}%",
        t("odds_legend_session1", "en"),
    )
    assert bars[after] == (
        pytest.approx(100 * unit.validated_after_session2),
        f"{round(100 * unit.validated_after_session2)}%",
        t("odds_legend_after_session2", "en"),
    )
    # Rounded as people read a probability: 12%, not 12.42%.
    assert metrics(at) == {
        t("odds_year", "en"): f"{round(100 * expected.year)}%",
        t("odds_year_after_session2", "en"): f"{round(100 * expected.year_after_session2)}%",
    }
    assert expected.year_after_session2 > expected.year
    shown = texts(at)
    assert t("odds_session2_method", "en", policy=t("rule.session2_replace", "en")) in shown
    names = [CATALOGUE.get(SL).course(c).name for c in expected.assumed_full_range_session2]
    assert FUNDAMENTALS[4] in expected.assumed_full_range_session2
    caption = t("odds_full_range_session2", "en", courses=", ".join(names), n=len(names))
    assert caption in shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_session2_validation_shows_100_percent_after_session2_not_0(lang):
    """Failed in session 1 (the worked example, 49.6), the fundamentals are validated by the
    session-2 grades entered; a fifth specialisation grade is unknown but cannot matter (the
    best 4 of 5 count, and 4 are at 60)."""
    grades = {**WORKED, **{c: 60.0 for c in SPEC4}, "stage": 70.0}
    session2 = {FUNDAMENTALS[0]: 60.0, FUNDAMENTALS[1]: 50.0}
    at = odds_page(lang, grades, session2, plan=(*SPEC4, "ml-donnees-medicales"))

    assert metrics(at) == {
        t("odds_year", lang): percent(0, lang),
        t("odds_year_after_session2", lang): percent(1, lang),
    }
    assert percent(1, lang).startswith("100")
    bars = odds_bars(at)
    after = f"{FUNDAMENTALS_ROW} / {t('odds_row_after_session2', lang)}"
    session1, after_session2 = (
        t("odds_legend_session1", lang),
        t("odds_legend_after_session2", lang),
    )
    assert bars[FUNDAMENTALS_ROW] == (0, percent(0, lang), session1)
    assert bars[after] == (100, percent(1, lang), after_session2)


def test_the_odds_page_says_when_everything_is_known():
    grades = {**WORKED, **{c: 60.0 for c in SPEC4}, "stage": 70.0}
    # Failed in session 1, the fundamentals' retakes have their session-2 grades.
    session2 = {FUNDAMENTALS[0]: 60.0, FUNDAMENTALS[1]: 50.0}
    at = odds_page("fr", grades, session2)
    assert t("odds_nothing_unknown", "fr") in [i.value for i in at.info]
    assert not at.metric


def test_retakes_without_their_session2_grades_are_simulated_not_called_known():
    grades = {**WORKED, **{c: 60.0 for c in SPEC4}, "stage": 70.0}
    at = odds_page("fr", grades)
    expected = simulate(CATALOGUE.get(SL), Scenario(programme=SL, choices=SPEC4, grades=grades), {})

    assert not at.info
    assert expected.year == 0 < expected.year_after_session2 < 1
    assert metrics(at) == {
        t("odds_year", "fr"): percent(0, "fr"),
        t("odds_year_after_session2", "fr"): percent(expected.year_after_session2, "fr"),
    }


# --- rules ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_rules_page_states_each_rule_with_its_source_and_assumptions(lang):
    at = app(lang)
    ok(at.run())
    ok(at.sidebar.selectbox(key="programme").set_value(SL).run())
    ok(at.switch_page("views/rules.py").run())
    shown = texts(at)
    for statement in statements(CATALOGUE.get(SL), lang):  # drawn escaped: outside text
        assert present.name(statement.text) in shown
        if statement.source:
            assert present.name(statement.source) in shown
    assert t("assumed_rule", lang) in shown  # the internship rule is an assumption
    assert "5 notes sont obtenues pour les 5 cours fondamentaux" in shown
