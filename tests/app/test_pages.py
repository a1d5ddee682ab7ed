"""Every page of the app driven headless with Streamlit's AppTest, in English and in French.

Expected figures and verdicts come from the catalogue and from the CLI
(`python -m planner evaluate --json`), never from numbers typed by hand; expected UI texts
come from ui.i18n so that a reworded message does not break a test that checks behaviour.
The grade sheet (ui.grade_sheet) is a component, which AppTest cannot type into: grades are
injected in the canonical session-state keys (`grades`, `session2_grades`, `plans`) before
the page runs, and what the sheet draws is read from the data the page gives it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.catalogue import Catalogue, load_catalogue, load_programme_file
from planner.engine import course_count
from planner.messages import number
from planner.texts import percent
from tests.unit.support import FUNDAMENTALS
from ui import present, state
from ui.format import plain
from ui.i18n import t
from ui.session import PlanStore
from ui.sidebar import asked_key

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
# The page scripts as app.py's st.navigation lists them (their folder may be renamed).
ALL_PAGES = re.findall(r'st\.Page\(\s*"([^"]+\.py)"', (REPO / "app.py").read_text())


def page(name: str) -> str:
    """The path of a page script, for AppTest.switch_page: page("grades")."""
    (path,) = [p for p in ALL_PAGES if Path(p).stem == name]
    return path


SL = "m2-stat-learning-2024"
IM = "m2-im-2025"
LOCALES = {"en": "en-US", "fr": "fr-FR"}
LANGS = list(LOCALES)
PAGES = {
    "plan": "plan_title",
    "grades": "grades_title",
    "catalogue": "catalogue_title",
    "calendar": "calendar_title",
}

SPEC4 = (
    "analyse-statistique-graphes",
    "gestion-donnees",
    "processus-ponctuels",
    "series-temporelles",
)
WORKED_EXAMPLE = dict(zip(FUNDAMENTALS, (40.0, 45.0, 55.0, 53.0, 55.0), strict=True))
# A unit's course picker: one checkbox per course, keyed "<unit key>::<course id>".
MDS_MODELISATION_KEY = "choice::mds-modelisation::mds::fi"
MDS_APPLIQUEES_KEY = "choice::mds-appliquees::mds::fi"
SL_SPEC_KEY = "choice::specialisation::None::None"

CATALOGUE = load_catalogue()


# --- helpers -----------------------------------------------------------------------------
def new_app(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.context = {"locale": LOCALES[lang]}
    return at


def tick(at: AppTest, unit_key: str, *courses: str, value: bool = True) -> AppTest:
    """Tick (or untick, `value` False) each course's box of a unit in turn, one run each,
    as a student does."""
    for course in courses:
        ok(at.checkbox(key=f"{unit_key}::{course}").set_value(value).run())
    return at


def ticked(at: AppTest, unit_key: str) -> list[str]:
    """The courses whose box is ticked in a unit's picker, in the unit's order."""
    prefix = f"{unit_key}::"
    return [b.key.removeprefix(prefix) for b in at.checkbox if b.key.startswith(prefix) and b.value]


def plan_of(at: AppTest) -> PlanStore:
    """The plan's keys of the app's session (ui.session names them)."""
    return PlanStore(at.session_state)


def serving_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> Iterator[None]:
    """The app serving the shipped catalogue and the test programme at `path` (which it
    does not ship); the catalogue's cache is cleared before and after, so no other test
    sees it. For a fixture: `yield from serving_file(monkeypatch, PROGRAMME_FILE)`."""
    shipped = load_catalogue()
    served = Catalogue(programmes=(*shipped.programmes, load_programme_file(path)))
    monkeypatch.setattr(state, "load_catalogue", lambda: served)
    state.shipped_catalogue.clear()
    yield
    state.shipped_catalogue.clear()


def ok(at: AppTest) -> AppTest:
    """Fail with the app's own message when the script raised."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def started(lang: str) -> AppTest:
    return ok(new_app(lang).run())


def choose(at: AppTest, key: str, value: object) -> AppTest:
    return ok(at.sidebar.selectbox(key=key).set_value(value).run())


def im_fi_mds(lang: str) -> AppTest:
    at = started(lang)
    choose(at, "programme", IM)
    choose(at, "track", "fi")
    return choose(at, "option", "mds")


def lang_control(at: AppTest):
    """The sidebar's language picker (the one segmented control there, whatever its key)."""
    (control,) = at.sidebar.segmented_control
    return control


def titles(at: AppTest) -> list[str]:
    return [x.value for x in at.title]


def infos(at: AppTest) -> list[str]:
    return [x.value for x in at.info]


def warnings(at: AppTest) -> list[str]:
    return [x.value for x in at.warning]


def markdowns(at: AppTest) -> list[str]:
    return [x.value for x in at.markdown]


def captions(at: AppTest) -> list[str]:
    return [x.value for x in at.caption]


def sheet(at: AppTest, session: int = 1) -> dict | None:
    """What the Grades page gives its sheet of `session` to draw (ui.grade_sheet): the
    fields, the year's verdict, a card per unit; None when there is no such sheet."""
    found = [e for e in at.get("bidi_component") if e.proto.id.endswith(f"grade_sheet::{session}")]
    assert len(found) <= 1
    # The sheet is given its data as JSON text (ui.grade_sheet.sheet).
    return json.loads(json.loads(found[0].proto.json)) if found else None


def cards(at: AppTest) -> list[dict]:
    drawn = sheet(at)
    assert drawn is not None
    return drawn["cards"]


def card(at: AppTest, unit_name: str) -> dict:
    (found,) = [c for c in cards(at) if c["name"] == unit_name]
    return found


def card_facts(at: AppTest) -> list[str]:
    """Every card's figures, one by one."""
    return [fact for c in cards(at) for fact in c["figures"]]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def grades_page(
    lang: str,
    grades: dict[str, float | None],
    session2: dict[str, float | None] | None = None,
    choices: tuple[str, ...] = SPEC4,
) -> AppTest:
    """The Grades page of S&L with the plan and grades put in the canonical state."""
    at = started(lang)
    plan_of(at).programme = SL
    plan_of(at).plans = {f"{SL}/None/None": sorted(choices)}
    plan_of(at).grades = {SL: dict(grades)}
    plan_of(at).session2_grades = {SL: dict(session2 or {})}
    return ok(at.switch_page(page("grades")).run())


def sl_scenario(
    grades: dict[str, float | None],
    session2: dict[str, float | None] | None = None,
    choices: tuple[str, ...] = SPEC4,
) -> dict:
    return {
        "programme": SL,
        "choices": sorted(choices),
        "grades": grades,
        "session2_grades": session2 or {},
    }


def labelled(label: str, text: str) -> re.Pattern[str]:
    """`label: text` in English, `label : text` in French (typography may change)."""
    return re.compile(rf"^{re.escape(label)}\s?:\s{re.escape(text)}$")


def has_line(lines: list[str], label: str, text: str) -> bool:
    pattern = labelled(label, text)
    return any(pattern.match(line) for line in lines)


def unit_lines(at: AppTest, unit_name: str) -> list[str]:
    """A unit's card as lines: each session's verdict (« Session 1: Failed »), then the
    explanations."""
    found = card(at, unit_name)
    return [f["label"] + f["text"] for f in found["verdicts"]] + found["explanations"]


RETAKE_LINE = re.compile(r"^- \*\*(?P<course>.+?)\*\* \((?P<grade>[^)]*)\) — (?P<unit>.+)$")


def as_read(markdown: str) -> str:
    """Markdown escaped by ui.format.plain, as the student reads it."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def retake_lines(at: AppTest) -> list[tuple[str, str, str]]:
    """(course, grade, unit) of each retake line, the names as the student reads them."""
    return [
        (as_read(m["course"]), m["grade"], as_read(m["unit"]))
        for m in map(RETAKE_LINE.match, markdowns(at))
        if m is not None
    ]


def year_banner(at: AppTest, validated: bool | None) -> str:
    drawn = sheet(at)
    assert drawn is not None
    year = drawn["year"]
    assert year["tone"] == {True: "green", False: "red", None: "blue"}[validated], year
    return f"{year['verdict']['label']}{year['verdict']['text']} — {year['message']}"


# --- empty states ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_shows_the_empty_state_before_a_programme_is_chosen(lang, name):
    at = started(lang)
    if name != "plan":
        ok(at.switch_page(page(name)).run())
    assert titles(at) == [t(PAGES[name], lang)]
    assert infos(at) == [t("empty_programme", lang)]
    assert at.sidebar.selectbox(key="programme").value is None
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe


@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_page_runs_without_error_empty_and_with_a_full_plan(path):
    """A smoke test over every page app.py lists, including those added after this file."""
    at = started("fr")
    ok(at.switch_page(path).run())
    assert len(titles(at)) == 1
    choose(at, "programme", IM)
    choose(at, "track", "fi")
    choose(at, "option", "mds")
    plan_of(at).plans = {
        f"{IM}/fi/mds": [
            "advanced-optimization",
            "geometric-statistics",
            "statistical-learning-graphs",
        ]
    }
    ok(at.run())
    ok(lang_control(at).set_value("en").run())
    choose(at, "programme", SL)
    plan_of(at).plans = {f"{SL}/None/None": sorted(SPEC4)}
    plan_of(at).grades = {SL: dict(WORKED_EXAMPLE)}
    ok(at.run())
    assert len(titles(at)) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_track_and_option_are_asked_for_before_the_plan(lang):
    at = started(lang)
    choose(at, "programme", IM)
    missing = f" {t('and', lang)} ".join([t("track", lang).lower(), t("option", lang).lower()])
    assert infos(at) == [t("empty_track_option", lang, missing=missing)]
    choose(at, "track", "fi")
    assert infos(at) == [t("empty_track_option", lang, missing=t("option", lang).lower())]
    assert not at.metric


@pytest.mark.parametrize("lang", LANGS)
def test_the_empty_state_asks_for_the_programme_track_and_option_in_the_page(lang):
    """On a phone the sidebar is hidden: the page itself asks for what is missing, and
    what is chosen there is the plan's, as the sidebar then shows."""
    at = started(lang)
    asked = at.main.selectbox(key=asked_key("programme"))
    assert asked.label == t("programme", lang) and asked.value is None
    ok(asked.set_value(IM).run())
    assert plan_of(at).programme == IM
    assert at.sidebar.selectbox(key="programme").value == IM
    assert [box.label for box in at.main.selectbox] == [t("track", lang), t("option", lang)]
    ok(at.main.selectbox(key=asked_key("track")).set_value("fi").run())
    assert [box.label for box in at.main.selectbox] == [t("option", lang)]
    ok(at.main.selectbox(key=asked_key("option")).set_value("mds").run())
    assert (plan_of(at).track, plan_of(at).option) == ("fi", "mds")
    assert (at.sidebar.selectbox(key="track").value, at.sidebar.selectbox(key="option").value) == (
        "fi",
        "mds",
    )
    assert not infos(at) and not at.main.selectbox
    assert titles(at) == [t("plan_title", lang)]


def test_compare_asks_in_each_tab_that_needs_the_track_and_option():
    at = started("en")
    ok(at.switch_page(page("compare")).run())
    choose(at, "programme", IM)
    keys = {box.key for box in at.main.selectbox}
    for place in ("combinations", "saved"):
        assert {asked_key("track", place), asked_key("option", place)} <= keys
    ok(at.main.selectbox(key=asked_key("track", "saved")).set_value("fi").run())
    assert plan_of(at).track == "fi"
    assert asked_key("track", "combinations") not in {box.key for box in at.main.selectbox}


# --- Plan page ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_stat_learning_plan_shows_the_60_ects_and_no_hours(lang, cli_evaluate):
    at = started(lang)
    choose(at, "programme", SL)
    totals = cli_evaluate({"programme": SL})["totals"]
    assert totals["ects"] == 60
    shown = metrics(at)
    ects = shown[t("ects", lang)]
    # The three graded UEs publish their 60 ECTS: the total is complete, no "+?" marker
    # (the bonus and all-year units carry no credits by nature).
    assert ects == number(totals["ects"], lang), ects
    assert shown[t("lecture_hours", lang)] == t("not_published", lang)
    assert shown[t("tutorial_hours", lang)] == t("not_published", lang)
    assert t("no_hours_published", lang) in infos(at)
    # No sum is shown partial: no « left out » line (the hours say « not published »).
    left_out = {"en": "the sum leaves out", "fr": "la somme laisse de côté"}[lang]
    assert not [c for c in captions(at) if left_out in c]
    # Only the ECTS chart is drawn: no hours chart full of zero bars.
    specs = plotly_specs(at)
    assert len(specs) == 1
    assert sum(sum(trace["x"]) for trace in specs[0]["data"]) == pytest.approx(totals["ects"])


@pytest.mark.parametrize("lang", LANGS)
def test_im_fi_mds_plan_totals_and_hours_chart_match_the_cli(lang, cli_evaluate):
    at = im_fi_mds(lang)
    picked = ["statistical-learning-graphs", "geometric-statistics", "advanced-optimization"]
    tick(at, MDS_MODELISATION_KEY, *picked[:2])
    tick(at, MDS_APPLIQUEES_KEY, *picked[2:])
    totals = cli_evaluate({"programme": IM, "track": "fi", "option": "mds", "choices": picked})[
        "totals"
    ]
    assert (totals["ects"], totals["lecture_hours"], totals["tutorial_hours"]) == (60, 216, 60)

    shown = metrics(at)
    assert shown[t("ects", lang)] == number(totals["ects"], lang)
    # Some FI units publish no hours: the figure carries the "+?" marker after the number.
    assert shown[t("lecture_hours", lang)].split()[0] == number(totals["lecture_hours"], lang)
    assert shown[t("tutorial_hours", lang)].split()[0] == number(totals["tutorial_hours"], lang)
    assert [x.value for x in at.success] == [t("choice_ok", lang)] * 2
    assert plan_of(at).plans == {f"{IM}/fi/mds": sorted(picked)}
    # Each partial sum names exactly what it leaves out; the complete ECTS sum says nothing.
    left_out = ", ".join(
        CATALOGUE.get(IM).unit(u).name for u in ("fi-management", "fi-ppr-pfe", "fi-stage")
    )
    lines = [c for c in captions(at) if left_out in c]
    assert lines == [
        t("left_out_of", lang, figure=t("lecture_hours", lang), items=left_out),
        t("left_out_of", lang, figure=t("tutorial_hours", lang), items=left_out),
    ]

    hours = next(
        s for s in plotly_specs(at) if s["layout"]["title"]["text"] == t("chart_hours", lang)
    )
    bars = {trace["name"]: sum(trace["x"]) for trace in hours["data"]}
    assert bars == pytest.approx({"CM": totals["lecture_hours"], "TD": totals["tutorial_hours"]})
    # A unit without published hours is labelled, not shown as a silent 0.
    cm = next(trace for trace in hours["data"] if trace["name"] == "CM")
    for x, text in zip(cm["x"], cm["text"], strict=True):
        if x == 0:
            assert text == t("not_published", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_each_unit_says_its_rule_above_one_checkbox_per_course(lang):
    at = im_fi_mds(lang)
    programme = CATALOGUE.get(IM)
    for key, unit_id in (
        (MDS_MODELISATION_KEY, "mds-modelisation"),
        (MDS_APPLIQUEES_KEY, "mds-appliquees"),
    ):
        unit = programme.unit(unit_id)
        rule = t("choose_n", lang, choose=course_count(unit).text(lang), count=len(unit.courses))
        assert f"{present.bold_name(unit.name)}  \n{rule}" in markdowns(at)
        boxes = [b for b in at.checkbox if b.key.startswith(f"{key}::")]
        assert [b.label for b in boxes] == [programme.course(c).name for c in unit.courses]
        assert not any(b.value for b in boxes)
    # No list with a search field: nothing typed can pick a course it merely resembles.
    assert len(at.multiselect) == 0


@pytest.mark.parametrize("lang", LANGS)
def test_a_tick_beyond_the_units_maximum_is_refused_and_said_why(lang):
    at = im_fi_mds(lang)
    programme = CATALOGUE.get(IM)
    unit = programme.unit("mds-modelisation")
    tick(at, MDS_MODELISATION_KEY, "geometric-statistics")
    missing = t("choice_missing", lang, choose=course_count(unit).text(lang), picked=1)
    assert missing in warnings(at)
    tick(at, MDS_MODELISATION_KEY, "statistical-learning-graphs")
    assert missing not in warnings(at)
    assert t("choice_ok", lang) in [x.value for x in at.success]

    tick(at, MDS_MODELISATION_KEY, "probabilistic-computational-methods")
    refused = programme.course("probabilistic-computational-methods").name
    assert t("choice_too_many", lang, most=2, course=present.name(refused)) in warnings(at)
    assert ticked(at, MDS_MODELISATION_KEY) == [
        "statistical-learning-graphs",
        "geometric-statistics",
    ]
    assert plan_of(at).plans == {
        f"{IM}/fi/mds": ["geometric-statistics", "statistical-learning-graphs"]
    }
    # Said once: the next change draws the choice's state again.
    tick(at, MDS_MODELISATION_KEY, "geometric-statistics", value=False)
    assert not [w for w in warnings(at) if refused in w]
    assert t("choice_missing", lang, choose="2", picked=1) in warnings(at)

    # A unit of one course: the singular form; untick first, then the other one is taken.
    tick(at, MDS_APPLIQUEES_KEY, "advanced-optimization", "stochastic-calculus")
    other = programme.course("stochastic-calculus").name
    assert t("choice_too_many", lang, most=1, course=present.name(other)) in warnings(at)
    assert ticked(at, MDS_APPLIQUEES_KEY) == ["advanced-optimization"]
    tick(at, MDS_APPLIQUEES_KEY, "advanced-optimization", value=False)
    tick(at, MDS_APPLIQUEES_KEY, "stochastic-calculus")
    assert ticked(at, MDS_APPLIQUEES_KEY) == ["stochastic-calculus"]
    assert plan_of(at).plans[f"{IM}/fi/mds"] == [
        "statistical-learning-graphs",
        "stochastic-calculus",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_stat_learning_specialisation_needs_at_least_four(lang):
    at = started(lang)
    choose(at, "programme", SL)
    unit = CATALOGUE.get(SL).unit("specialisation")
    assert unit.choose.max == len(unit.courses) == 12  # no tick is ever refused here
    tick(at, SL_SPEC_KEY, *SPEC4[:3])
    assert t("choice_missing", lang, choose=course_count(unit).text(lang), picked=3) in warnings(at)
    tick(at, SL_SPEC_KEY, SPEC4[3])
    assert [x.value for x in at.success] == [t("choice_ok", lang)]
    tick(at, SL_SPEC_KEY, *unit.courses)
    assert ticked(at, SL_SPEC_KEY) == list(unit.courses)
    assert [x.value for x in at.success] == [t("choice_ok", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_inferred_note_is_not_turned_into_a_markdown_bullet(lang):
    """st.caption renders Markdown: a note starting with "* " would become a list item and
    lose the footnote asterisk it explains (seen in the browser before i18n escaped it)."""
    at = im_fi_mds(lang)
    note = t("inferred_note", lang)
    assert note in captions(at)
    assert not re.match(r"^\s*[*+-]\s", note), note


# --- Grades page -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_failed_fundamentals_list_the_two_retakes(lang, cli_evaluate):
    at = grades_page(lang, WORKED_EXAMPLE)
    report = cli_evaluate(sl_scenario(WORKED_EXAMPLE), lang)
    unit = next(u for u in report["units"] if u["id"] == "cours-fondamentaux")
    assert unit["session1"]["validated"] is False
    assert len(unit["retakes"]) == 2

    lines = unit_lines(at, unit["name"])
    assert has_line(lines, t("session1", lang), present.verdict(False, lang)), lines
    assert f"{t('session1', lang)} — {unit['session1']['explanation']}" in lines
    assert f"{t('session2', lang)} — {unit['session2']['explanation']}" in lines
    # Session 2 to come: the mean shown is named as session 1's.
    mean = t("mean_session1", lang) + " " + number(unit["session1"]["mean"], lang)
    assert mean in card_facts(at)

    programme = CATALOGUE.get(SL)
    expected = [
        (programme.course(c).name, number(WORKED_EXAMPLE[c], lang), unit["name"])
        for c in unit["retakes"]
    ]
    assert retake_lines(at) == expected
    assert at.subheader[0].value == t("retakes_title", lang)
    # The session-2 sheet offers exactly the retaken exams.
    session2 = sheet(at, 2)
    assert session2 is not None
    assert [row["course"] for row in session2["rows"]] == unit["retakes"]
    assert session2["cards"] == [] and session2["year"] is None
    banner = year_banner(at, report["year"]["validated"])
    assert report["year"]["explanation"] in banner


@pytest.mark.parametrize("lang", LANGS)
def test_each_verdict_card_says_whether_its_rule_is_published_or_assumed(lang, cli_evaluate):
    at = grades_page(lang, WORKED_EXAMPLE)
    report = cli_evaluate(sl_scenario(WORKED_EXAMPLE), lang)
    colours = {"published": "green", "assumed": "orange"}
    for unit in report["units"]:
        final = unit["session2"] or unit["session1"]
        status = final["status"]
        badge = card(at, unit["name"])["badge"]
        assert (badge["tone"], badge["text"]) == (colours[status], t(f"verdict_{status}", lang))
    # The internship's rule is an assumption of the file: its card says so.
    stage = next(u for u in report["units"] if u["id"] == "stage")
    assert stage["session1"]["status"] == "assumed"


@pytest.mark.parametrize("lang", LANGS)
def test_an_absent_fundamental_is_retaken_even_with_a_high_mean(lang, cli_evaluate):
    grades = {**dict.fromkeys(FUNDAMENTALS, 90.0), "modele-lineaire-grande-dimension": None}
    at = grades_page(lang, grades)
    report = cli_evaluate(sl_scenario(grades), lang)
    unit = next(u for u in report["units"] if u["id"] == "cours-fondamentaux")
    assert unit["session1"]["validated"] is False
    assert unit["retakes"] == ["modele-lineaire-grande-dimension"]
    name = CATALOGUE.get(SL).course("modele-lineaire-grande-dimension").name
    assert retake_lines(at) == [(name, t("absent", lang).lower(), unit["name"])]


@pytest.mark.parametrize("lang", LANGS)
def test_everything_validated(lang, cli_evaluate):
    grades = {
        **dict(zip(FUNDAMENTALS, (60.0, 55.0, 70.0, 52.0, 58.0), strict=True)),
        **dict(zip(SPEC4, (45.0, 60.0, 65.0, 50.0), strict=True)),
        "stage": 75.0,
    }
    at = grades_page(lang, grades)
    report = cli_evaluate(sl_scenario(grades), lang)
    assert report["year"]["validated"] is True
    assert all(u["session1"]["validated"] is True for u in report["units"])

    banner = year_banner(at, True)
    assert present.verdict(True, lang) in banner and report["year"]["explanation"] in banner
    for unit in report["units"]:
        lines = unit_lines(at, unit["name"])
        assert has_line(lines, t("session1", lang), present.verdict(True, lang)), lines
    assert retake_lines(at) == []
    assert t("no_retakes", lang) in captions(at)
    assert t("nothing_pending", lang) in captions(at)
    assert sheet(at, 2) is None  # no session-2 sheet
    assert not at.error


@pytest.mark.parametrize("lang", LANGS)
def test_pending_session2_shows_the_minimum_grade_needed(lang, cli_evaluate):
    session2 = {"apprentissage-statistique": 60.0}
    at = grades_page(lang, WORKED_EXAMPLE, session2)
    report = cli_evaluate(sl_scenario(WORKED_EXAMPLE, session2), lang)
    unit = next(u for u in report["units"] if u["id"] == "cours-fondamentaux")
    assert unit["session2"]["validated"] is None
    minimum = unit["minimum"]
    assert minimum["session"] == 2
    assert minimum["uniform"]["status"] == "needed"
    assert minimum["uniform"]["courses"] == ["introduction-apprentissage-automatique"]
    assert minimum["uniform"]["value"] == 27  # the worked example of the brief, per the CLI

    lines = unit_lines(at, unit["name"])
    assert has_line(lines, t("session2", lang), present.verdict(None, lang)), lines
    assert f"{t('session2', lang)} — {unit['session2']['explanation']}" in lines
    assert t("need_title", lang) in [x.value for x in at.subheader]
    course = CATALOGUE.get(SL).course("introduction-apprentissage-automatique").name
    need = t("need_single", lang, course=course, minimum=number(minimum["uniform"]["value"], lang))
    label = f"{present.bold_name(unit['name'])} ({t('session2', lang)})"
    assert has_line(markdowns(at), label, need), markdowns(at)


# Issue 27's student: M2 IM FA MDS under the chosen rules "units compensate within the
# year, no unit below 7/20"; every unit but maths-modélisation between 12 and 14.
IM_FA_OTHERS = {
    "fa-ppr-alternance-1-assessment": 12.0,
    "fa-management-assessment": 13.0,
    "fa-ppr-alternance-2-assessment": 14.0,
    "advanced-optimization": 12.0,
    "fundamentals-machine-learning": 13.0,
    "computational-optimal-transport": 14.0,
    "technologies-of-big-data": 12.0,
    "modeling-simulation-medicine-health": 12.0,
    "ai-seminar-environment-neuroscience-language": 13.0,
    "ai-seminar-ethic-legal-societal": 14.0,
    "big-data-and-analytics": 13.0,
}
IM_FA_CHOICES = ("statistical-learning-graphs", "geometric-statistics", "advanced-optimization")


def im_fa_page(lang: str, name: str, grades: dict) -> AppTest:
    at = started(lang)
    plan_of(at).programme = IM
    plan_of(at).track = "fa"
    plan_of(at).option = "mds"
    plan_of(at).plans = {f"{IM}/fa/mds": sorted(IM_FA_CHOICES)}
    plan_of(at).grades = {IM: dict(grades)}
    plan_of(at).params = {IM: {"rules_preset": "year-compensation-by-ects"}}
    return ok(at.switch_page(page(name)).run())


@pytest.mark.parametrize("lang", LANGS)
def test_the_minimum_a_compensation_allows_is_shown_and_said_to_compensate(lang, cli_evaluate):
    grades = {**IM_FA_OTHERS, "statistical-learning-graphs": 6.0, "geometric-statistics": 7.0}
    at = im_fa_page(lang, "grades", grades)
    report = cli_evaluate(
        {
            "programme": IM,
            "track": "fa",
            "option": "mds",
            "choices": sorted(IM_FA_CHOICES),
            "grades": grades,
            "parameters": {"rules_preset": "year-compensation-by-ects"},
        },
        lang,
    )
    unit = next(u for u in report["units"] if u["id"] == "mds-modelisation")
    uniform = unit["minimum"]["uniform"]
    assert (uniform["value"], uniform["route"]) == (7, "compensation")

    need = t("need_uniform", lang, n=2, minimum=number(uniform["value"], lang))
    label = f"{present.bold_name(unit['name'])} ({t('session2', lang)})"
    shown = t("need_route_compensation", lang, need=need)
    assert any(line.startswith(f"{label}") and shown in line for line in markdowns(at)), markdowns(
        at
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_odds_of_a_year_validated_by_compensation_are_not_0(lang):
    # Maths-modélisation at 7.5 is compensated in session 1 (not below the floor 7); the
    # last métiers grade, not known, cannot change that: the year is validated either way.
    grades = {**IM_FA_OTHERS, "statistical-learning-graphs": 7.0, "geometric-statistics": 8.0}
    del grades["big-data-and-analytics"]
    at = im_fa_page(lang, "odds", grades)

    assert {m.label: m.value for m in at.metric} == {
        t("odds_year", lang): percent(1, lang),
        t("odds_year_after_session2", lang): percent(1, lang),
    }


def test_grades_wait_for_complete_choices():
    at = grades_page("en", WORKED_EXAMPLE, choices=SPEC4[:3])
    expected = t("choose_first", "en", units=CATALOGUE.get(SL).unit("specialisation").name)
    assert expected in warnings(at)


# --- Catalogue page ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_search_finds_both_deep_learning_courses(lang):
    at = started(lang)
    ok(at.switch_page(page("catalogue")).run())
    choose(at, "programme", IM)
    all_rows = len(at.dataframe[0].value)
    assert all_rows == len(CATALOGUE.get(IM).courses)

    ok(at.text_input(key="catalogue_query").input("Deep").run())
    names = list(at.dataframe[0].value[t("course", lang)])
    assert names.count("Deep Learning") == 2, names
    assert "Advanced Topics in Deep Learning" in names
    assert len(names) < all_rows
    assert t("results", lang, n=len(names)) in captions(at)

    query = "zzqx-no-such-course"
    ok(at.text_input(key="catalogue_query").input(query).run())
    # The markdown source: the browser shows the query as typed (tests/e2e).
    assert infos(at) == [t("no_results", lang, q=plain(query))]
    assert not at.dataframe


def test_catalogue_only_my_option_filter():
    at = im_fi_mds("en")
    ok(at.switch_page(page("catalogue")).run())
    rows = at.dataframe[0].value  # "only my plan" is on by default
    ok(at.toggle(key="catalogue_only_mine").set_value(False).run())
    everything = len(at.dataframe[0].value)
    assert 0 < len(rows) < everything
    options = set(rows[t("options_col", "en")])
    assert all(o == t("all_options", "en") or "MDS" in o.split(", ") for o in options), options


def test_catalogue_details_tell_apart_two_courses_with_one_name():
    # FI and FA each have a "UE Management responsable et cadre juridique" (3 and 6 ECTS):
    # before a track is chosen both are listed, both must be choosable, and each shows its
    # own figures.
    at = started("en")
    ok(at.switch_page(page("catalogue")).run())
    choose(at, "programme", IM)
    details = at.selectbox(key="catalogue_details")
    labels = list(details.options)  # AppTest lists a selectbox's options by their labels
    assert len(labels) == len(set(labels)), "two courses share a label"
    for course_id, ects in (("fa-management-assessment", "6"), ("fi-management-assessment", "3")):
        ok(details.set_value(course_id).run())
        details = at.selectbox(key="catalogue_details")
        assert details.value == course_id
        shown = [c.value for c in at.caption if c.value.startswith("ECTS")]
        assert len(shown) == 1 and shown[0].startswith(f"ECTS {ects}"), shown


# --- Calendar page -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_calendar_timeline_has_the_stat_learning_dates_and_milestones(lang):
    at = started(lang)
    ok(at.switch_page(page("calendar")).run())
    choose(at, "programme", SL)
    programme = CATALOGUE.get(SL)
    (spec,) = plotly_specs(at)
    assert spec["layout"]["xaxis"]["type"] == "date"
    # Rows are keyed by the events' ids and named through the axis's ticks.
    yaxis = spec["layout"]["yaxis"]
    name = {
        row: tick.replace("<br>", " ")
        for row, tick in zip(yaxis["tickvals"], yaxis["ticktext"], strict=True)
    }
    starts = {
        name[row]: base
        for trace in spec["data"]
        for row, base in zip(trace["y"], trace["base"], strict=True)
    }
    dated = {e.name: e.start.isoformat() for e in programme.calendar if e.start is not None}
    assert starts == dated
    assert starts["Mise à niveau"] == "2024-09-02"
    # Months and dates in the app's language, not plotly's English; the year under each.
    ticks = spec["layout"]["xaxis"]["ticktext"]
    assert ticks[0] == {"fr": "sept.<br>2024", "en": "Sep<br>2024"}[lang]
    assert len(ticks) == len(set(ticks)) == len(spec["layout"]["xaxis"]["tickvals"])
    hover = {
        name[row]: data[0]
        for trace in spec["data"]
        for row, data in zip(trace["y"], trace["customdata"], strict=True)
    }
    assert hover["Mise à niveau"] == {"fr": "2 sept. 2024", "en": "Sep 2, 2024"}[lang]
    assert {trace["name"] for trace in spec["data"]} >= {
        t("kind_teaching", lang),
        t("kind_internship", lang),
        t("kind_milestone", lang),
    }

    assert t("milestones", lang) in [x.value for x in at.subheader]
    milestones = [e for e in programme.calendar if e.kind == "milestone"]
    assert milestones
    for e in milestones:
        prefix = f"- **{e.name}** ({e.start.strftime('%m/%Y')}, {t('advice', lang)})"
        assert any(line.startswith(prefix) for line in markdowns(at)), prefix
    undated = [e.name for e in programme.calendar if e.start is None]
    assert t("undated", lang) in [x.value for x in at.subheader]
    for name in undated:
        assert any(line.startswith(f"- **{name}**") for line in markdowns(at))


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_without_dates_for_the_track_says_so(lang):
    """M2 IM dates only the FI internship: no track yet asks for it, FA has no date."""
    at = started(lang)
    ok(at.switch_page(page("calendar")).run())
    choose(at, "programme", IM)
    assert infos(at) == [t("calendar_needs_track", lang)]
    choose(at, "track", "fa")
    assert infos(at) == [t("no_calendar_for_track", lang, track=present.name("FA (alternance)"))]
    assert not at.get("plotly_chart")


# --- language ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("locale", "title"), [("fr-FR", "Planifiez votre année"), ("en-US", "Plan your year")]
)
def test_browser_locale_sets_the_language(locale, title):
    at = AppTest.from_file(APP, default_timeout=90)
    at.context = {"locale": locale}
    ok(at.run())
    assert titles(at) == [title]
    assert lang_control(at).value == locale[:2]


def test_lang_query_parameter_wins_over_the_locale():
    at = new_app("en")
    at.query_params["lang"] = "fr"
    ok(at.run())
    assert titles(at) == [t("plan_title", "fr")]


@pytest.mark.parametrize("lang", LANGS)
def test_switching_the_language_control_changes_the_texts(lang):
    other = "fr" if lang == "en" else "en"
    at = started(lang)
    choose(at, "programme", SL)
    ok(lang_control(at).set_value(other).run())
    assert titles(at) == [t("plan_title", other)]
    assert at.sidebar.selectbox(key="programme").label == t("programme", other)
    assert at.sidebar.selectbox(key="programme").value == SL
    assert t("ects", other) in metrics(at)
    assert at.query_params["lang"] in (other, [other])
    ok(at.switch_page(page("calendar")).run())
    assert titles(at) == [t("calendar_title", other)]


def test_clearing_the_language_control_keeps_the_language():
    """Clicking the selected language again clears a segmented control (None): the app
    used to crash there (StreamlitWidgetAlreadyInstantiatedError); the language stays."""
    at = started("fr")
    ok(lang_control(at).set_value(None).run())
    assert titles(at) == [t("plan_title", "fr")]


def test_the_grade_sheet_follows_a_language_switch():
    at = started("en")
    choose(at, "programme", SL)
    ok(at.switch_page(page("grades")).run())
    ok(lang_control(at).set_value("fr").run())
    drawn = sheet(at)
    assert drawn is not None
    assert drawn["headers"] == {
        "course": t("course", "fr"),
        "grade": t("grade", "fr", max="100"),
        "absent": t("absent", "fr"),
    }
    stage = next(row for row in drawn["rows"] if row["course"] == "stage")
    assert stage["absent_label"] == t("absent_of", "fr", course=stage["name"])
    assert drawn["cards"][0]["verdicts"][0]["label"].startswith(t("session1", "fr"))


# --- state across pages ------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_choices_survive_switching_page_and_back(lang):
    at = started(lang)
    choose(at, "programme", SL)
    tick(at, SL_SPEC_KEY, *SPEC4)
    for name in ("grades", "catalogue", "calendar", "plan"):
        ok(at.switch_page(page(name)).run())
        assert at.sidebar.selectbox(key="programme").value == SL
    assert ticked(at, SL_SPEC_KEY) == list(SPEC4)
    assert plan_of(at).plans == {f"{SL}/None/None": sorted(SPEC4)}
    assert [x.value for x in at.success] == [t("choice_ok", lang)]


def test_track_and_option_survive_switching_page_and_language():
    at = im_fi_mds("en")
    tick(at, MDS_APPLIQUEES_KEY, "stochastic-calculus")
    ok(at.switch_page(page("catalogue")).run())
    ok(lang_control(at).set_value("fr").run())
    ok(at.switch_page(page("plan")).run())
    assert at.sidebar.selectbox(key="track").value == "fi"
    assert at.sidebar.selectbox(key="option").value == "mds"
    assert ticked(at, MDS_APPLIQUEES_KEY) == ["stochastic-calculus"]


@pytest.mark.parametrize("lang", LANGS)
def test_reset_clears_the_programme_and_keeps_the_language(lang):
    at = started(lang)
    choose(at, "programme", SL)
    tick(at, SL_SPEC_KEY, *SPEC4)
    plan_of(at).grades = {SL: dict(WORKED_EXAMPLE)}
    ok(at.sidebar.button(key="reset_button").click().run())
    assert at.sidebar.selectbox(key="programme").value is None
    assert infos(at) == [t("empty_programme", lang)]
    assert t("reset_done", lang) in [x.value for x in at.success]
    assert plan_of(at).plans == {}
    assert plan_of(at).grades == {}
    assert titles(at) == [t("plan_title", lang)]
    # Choosing the programme again starts from an empty plan.
    choose(at, "programme", SL)
    assert ticked(at, SL_SPEC_KEY) == []
