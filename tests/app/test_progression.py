"""Jury codes and prerequisites on the Grades page (planner.rules.progression), on the
fictional version-3 programme tests/programmes/m2-fictional-progression.yaml, added to the
app's catalogue for the test: a unit not yet allowed is drawn neutrally with why, never as
failed, and has no minimum grade; the year banner gives each semester's code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import ui.state
from planner.catalogue import Catalogue, load_catalogue, load_programme_file, parse_programme
from planner.evaluation import access_text, evaluate, semesters_text
from planner.outputs.rules_text import progression_statements
from planner.scenario import Scenario
from tests.app.test_pages import (
    captions,
    card,
    markdowns,
    ok,
    page,
    plan_of,
    retake_lines,
    sheet,
    started,
)
from ui import present
from ui.format import plain
from ui.i18n import t

FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-progression.yaml"
PROGRAMME = load_programme_file(FILE)
# A 5, B 4 in both sessions: S3 AJ with 9 ECTS (C); the Mémoire (not sat) and UE E are not
# yet allowed.
FAILED_S3 = {"b1": 4.0, "a1": 5.0, "a2": 5.0}
GRADES = {"c1": 12.0, "d1": 12.0, "e1": 12.0, **FAILED_S3}


@pytest.fixture
def with_programme(monkeypatch):
    shipped = load_catalogue()
    both = Catalogue(programmes=(*shipped.programmes, PROGRAMME))
    monkeypatch.setattr(ui.state, "catalogue", lambda: both)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_unit_not_yet_allowed_is_drawn_neutrally_with_why(with_programme, lang):
    at = started(lang)
    plan_of(at).programme = PROGRAMME.id
    plan_of(at).grades = {PROGRAMME.id: dict(GRADES)}
    plan_of(at).session2_grades = {PROGRAMME.id: dict(FAILED_S3)}
    ok(at.switch_page(page("grades")).run())
    evaluation = evaluate(
        PROGRAMME,
        Scenario(programme=PROGRAMME.id, grades=GRADES, session2_grades=FAILED_S3),
    )
    memoire = evaluation.unit("memoire")
    why = access_text(memoire, lang)
    assert why is not None

    drawn = card(at, memoire.name)
    assert [(v["text"], v["tone"]) for v in drawn["verdicts"]] == [
        (t("not_yet_allowed", lang), "blue")
    ]
    assert drawn["explanations"] == [f"{t('access', lang)} — {why}"]
    assert drawn["figures"] == []
    # Its minimum: none yet, and why (escaped, as any text with names of the file).
    name = f"**{plain(memoire.name)}**"
    assert t("need_not_allowed", lang, unit=name, why=plain(why)) in markdowns(at)
    # The year's banner gives the semesters' codes.
    year = sheet(at)["year"]  # type: ignore[index]
    semesters = semesters_text(evaluation, lang)
    assert year["message"].endswith(t("semesters_line", lang, semesters=semesters))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_rules_page_says_the_codes_and_the_prerequisites(with_programme, lang):
    at = started(lang)
    plan_of(at).programme = PROGRAMME.id
    ok(at.switch_page(page("rules")).run())
    shown = markdowns(at)
    for statement in progression_statements(PROGRAMME, lang):  # jury codes, 2 prerequisites
        assert present.name(statement.text) in shown  # drawn escaped: outside text
    assert sum(t("rule.topic_prerequisites", lang) in m for m in shown) == 2


def test_a_unit_waiting_for_its_prerequisite_says_so_beside_its_minimum(with_programme):
    # B AJ, A not known: the Mémoire waits for S3 (9 ECTS so far, A may bring 15).
    grades, session2 = {"b1": 4.0, "c1": 12.0}, {"b1": 4.0}
    at = started("en")
    plan_of(at).programme = PROGRAMME.id
    plan_of(at).grades = {PROGRAMME.id: grades}
    plan_of(at).session2_grades = {PROGRAMME.id: session2}
    ok(at.switch_page(page("grades")).run())
    evaluation = evaluate(
        PROGRAMME, Scenario(programme=PROGRAMME.id, grades=grades, session2_grades=session2)
    )
    why = access_text(evaluation.unit("memoire"), "en")
    assert why is not None and why.startswith("Waiting for S3")

    (line,) = [m for m in markdowns(at) if m.startswith("**Mémoire** (")]
    assert line.endswith(" — " + plain(why))


def test_the_odds_page_says_which_units_wait_for_a_prerequisite(with_programme):
    at = started("en")
    plan_of(at).programme = PROGRAMME.id
    plan_of(at).grades = {PROGRAMME.id: dict(GRADES)}
    plan_of(at).session2_grades = {PROGRAMME.id: dict(FAILED_S3)}
    ok(at.switch_page(page("odds")).run())
    evaluation = evaluate(
        PROGRAMME,
        Scenario(programme=PROGRAMME.id, grades=GRADES, session2_grades=FAILED_S3),
    )
    gated = ", ".join(u.name for u in evaluation.units if u.access is not None)
    assert t("odds_prerequisites", "en", units=plain(gated), n=2) in captions(at)
    memoire = evaluation.unit("memoire")
    why = plain(access_text(memoire, "en") or "")
    line = "- " + t("need_not_allowed", "en", unit=plain(memoire.name), why=why)
    assert line in markdowns(at)


def test_the_retakes_list_no_course_of_a_unit_not_yet_allowed(with_programme):
    # The Mémoire (m1 6) and UE E (e1 7) are not yet allowed: nothing of theirs is retaken,
    # and the session-2 sheet asks for none of their grades.
    grades = {**GRADES, "m1": 6.0, "e1": 7.0}
    at = started("en")
    plan_of(at).programme = PROGRAMME.id
    plan_of(at).grades = {PROGRAMME.id: grades}
    plan_of(at).session2_grades = {PROGRAMME.id: dict(FAILED_S3)}
    ok(at.switch_page(page("grades")).run())
    assert [(course, unit) for course, _, unit in retake_lines(at)] == [
        ("Analyse imaginaire", "UE A"),
        ("Algèbre rêvée", "UE A"),
        ("Botanique inventée", "UE B"),
    ]
    session2 = sheet(at, 2)
    assert session2 is not None
    assert [row["course"] for row in session2["rows"]] == ["a1", "a2", "b1"]


NESTED = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-nested.yaml"


def test_the_banner_gives_the_semester_cmp_of_a_compensation_over_the_year(monkeypatch):
    # tests/programmes/m2-fictional-nested.yaml with jury_codes.semesters: S1 (10 + 9) / 2
    # = 9.5 does not compensate B; the year (9.5 + 11) / 2 = 10.25 does, so S1 is CMP.
    data = yaml.safe_load(NESTED.read_text(encoding="utf-8"))
    data["rules"]["jury_codes"] = {"semesters": True, "status": "assumed"}
    nested = parse_programme(data, NESTED.name)
    both = Catalogue(programmes=(*load_catalogue().programmes, nested))
    monkeypatch.setattr(ui.state, "catalogue", lambda: both)
    grades = {"a1": 10.0, "b1": 9.0, "c1": 11.0, "d1": 11.0}
    at = started("en")
    plan_of(at).programme = nested.id
    plan_of(at).grades = {nested.id: grades}
    ok(at.switch_page(page("grades")).run())
    year = sheet(at)["year"]  # type: ignore[index]
    semesters = "S1: CMP, 12 ECTS acquired; S2: ADM, 12 ECTS acquired"
    assert year["message"].endswith(t("semesters_line", "en", semesters=semesters))
