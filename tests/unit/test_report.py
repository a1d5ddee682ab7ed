"""The one-page PDF summary for an advisor meeting (planner/outputs/report/)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from planner import texts
from planner.evaluation import Evaluation
from planner.messages import Lang
from planner.outputs.report import layout, printable, sections, summary_pdf
from tests.unit.support import (
    FUNDAMENTALS,
    IM,
    MISE_A_NIVEAU,
    SL,
    SPECIALISATION,
    STAGE,
    programme,
    run,
    run_im,
)

TODAY = dt.date(2025, 6, 12)
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")
A4_MEDIA_BOX = b"/MediaBox [0 0 595.28 841.89]"


# --- scenarios -------------------------------------------------------------------------


def _sl_failed_grades() -> dict[str, float | None]:
    grades: dict[str, float | None] = dict(zip(FUNDAMENTALS, (42, None, 61, 38.5, 55), strict=True))
    grades |= dict(zip(MISE_A_NIVEAU, (70, 65, 80, 58), strict=True))
    grades |= dict(zip(SPECIALISATION[:4], (62, 35, 71, None), strict=True))
    grades[STAGE] = 72
    return grades


def sl_empty() -> Evaluation:
    return run()


def sl_failed_with_retakes() -> Evaluation:
    return run(grades=_sl_failed_grades())


def sl_session2_entered() -> Evaluation:
    session2 = {
        FUNDAMENTALS[0]: 58,
        FUNDAMENTALS[1]: 51,
        FUNDAMENTALS[3]: 40,
        SPECIALISATION[1]: 60,
        SPECIALISATION[3]: 55,
    }
    return run(grades=_sl_failed_grades(), session2_grades=session2)


def sl_full() -> Evaluation:
    """Every specialisation course chosen, every grade entered, session 2 too."""
    grades = _sl_failed_grades() | {c: 30 + 4 * i for i, c in enumerate(SPECIALISATION)}
    grades[STAGE] = 45
    first = run(choices=SPECIALISATION, grades=grades)
    session2 = {c: 57 for c in first.retakes}
    return run(choices=SPECIALISATION, grades=grades, session2_grades=session2)


def im_full() -> Evaluation:
    """M2 IM, FI track, MDS option: every grade entered, session 2 for the retakes."""
    courses = [c for u in run_im().units for c in u.enrolled]
    grades = {c: 8 + (i * 3) % 9 for i, c in enumerate(courses)}
    first = run_im(grades=grades)
    return run_im(grades=grades, session2_grades={c: 12 for c in first.retakes})


SCENARIOS: dict[str, tuple[str, Callable[[], Evaluation]]] = {
    "sl-empty": (SL, sl_empty),
    "sl-failed-with-retakes": (SL, sl_failed_with_retakes),
    "sl-session2-entered": (SL, sl_session2_entered),
    "sl-full": (SL, sl_full),
    "im-fi-mds-full": (IM, im_full),
}


# --- reading the PDF back ------------------------------------------------------------------


def page_count(data: bytes, tmp_path: Path) -> int:
    """Pages of the PDF: its page objects, checked against pdftoppm's rendering if present."""
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    if PDFTOPPM:
        pdf = tmp_path / "summary.pdf"
        pdf.write_bytes(data)
        subprocess.run([PDFTOPPM, "-png", "-r", "60", pdf, tmp_path / "page"], check=True)
        assert len(list(tmp_path.glob("page*.png"))) == pages
    return pages


def summary_text(programme_id: str, evaluation: Evaluation, lang: Lang, tmp_path: Path) -> str:
    """The summary's text with whitespace collapsed (a wrapped line reads as one space)."""
    if not PDFTOTEXT:
        pytest.skip("pdftotext (poppler-utils) reads the PDF's text; CI installs it")
    pdf = tmp_path / f"summary-{lang}.pdf"
    pdf.write_bytes(summary_pdf(programme(programme_id), evaluation, lang, TODAY))
    text = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(text.split())


# --- tests -----------------------------------------------------------------------------


def test_the_pdf_font_shows_typographic_signs_and_french_accents_as_they_are():
    text = "≥ ≤ – — → … ’ « Épreuve validée », à côté, 1er décembre"
    assert printable(text) == text
    assert printable("72\u202f%") == "72\u00a0%"


def test_a_character_the_font_lacks_becomes_a_question_mark():
    assert printable("✓ 日本") == "? ??"
    assert printable("plain ascii") == "plain ascii"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_summary_is_a_one_page_a4_pdf(name: str, lang: Lang, tmp_path: Path):
    programme_id, make = SCENARIOS[name]
    data = summary_pdf(programme(programme_id), make(), lang, TODAY)
    assert isinstance(data, bytes)
    assert data.startswith(b"%PDF")
    assert A4_MEDIA_BOX in data
    assert page_count(data, tmp_path) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", ["sl-full", "im-fi-mds-full"])
def test_the_fullest_scenarios_fit_above_the_footer_without_the_last_resort(name: str, lang: Lang):
    # summary_pdf falls back to its tightest layout even when that overflows; the full
    # scenarios must fit with some layout, so nothing runs into the footer or off the page.
    programme_id, make = SCENARIOS[name]
    evaluation = make()
    assert any(
        sections.render(programme(programme_id), evaluation, lang, TODAY, style).fits()
        for style in layout.STYLES
    )


def test_the_english_summary_states_the_key_facts(tmp_path: Path):
    text = summary_text(SL, sl_failed_with_retakes(), "en", tmp_path)
    for fact in (
        "M2 year planner — summary for an advisor meeting",
        "M2 Statistique & Learning (Sorbonne Université)",
        "Academic year 2024-2025",
        "Prepared on 12 June 2025",
        "Year verdict: Not decided yet",
        "Not validated",
        "Pending",
        "Exams to retake in session 2",
        "UE de Cours Fondamentaux: Apprentissage statistique (42); Introduction à "
        "l'apprentissage automatique (absent); Modèle linéaire et grande dimension (38.5).",
        "UE de Spécialisation: Confidentialité et équité algorithmique (35); "
        "Processus ponctuels (absent).",
        "mean of all course grades ≥ 50/100",
        "mean of the 4 best grades ≥ 50/100",
        "UE de Stage: grade ≥ 50/100; no session 2. [assumed]",
        "formula [assumed], rate 0.1 [assumed]",
        "the session-2 grade replaces the session-1 grade of a retaken course. [assumed]",
        "Grade scale: /100. [published]",
        "Source: M2 Statistique & Learning — Statistique Mathématique, Machine Learning",
        "not published",
        "not an official result",
    ):
        assert fact in text, fact


def test_the_french_summary_states_the_key_facts_with_its_accents(tmp_path: Path):
    text = summary_text(SL, sl_failed_with_retakes(), "fr", tmp_path)
    for fact in (
        "Planificateur d'année de M2 — synthèse pour un entretien pédagogique",
        "Année universitaire 2024-2025",
        "Établie le 12 juin 2025",
        "Verdict de l'année : Pas encore décidée",
        "Non validée",
        "En attente",
        "Épreuves à repasser en session 2",
        "UE de Spécialisation : Confidentialité et équité algorithmique (35) ; "
        "Processus ponctuels (absent).",
        "moyenne de toutes les notes ≥ 50/100",
        "UE de Stage : note ≥ 50/100 ; pas de session 2. [supposée]",
        "formule [supposée], taux 0,1 [supposé]",
        "Barème : /100. [publié]",
        "Cours choisis, UE de Spécialisation :",
        "non publié",
        "Ce n'est pas un résultat officiel.",
    ):
        assert fact in text, fact


def test_the_grades_table_shows_absent_and_not_yet_known_grades(tmp_path: Path):
    text = summary_text(SL, sl_failed_with_retakes(), "en", tmp_path)
    assert "Introduction à l'apprentissage automatique absent" in text
    assert "Modèle linéaire et grande dimension 38.5 —" in text  # session 2 not known yet
    assert 'Grades out of 100. "—": not known yet; "absent": exam missed.' in text


def test_each_unit_verdict_comes_with_the_engine_explanation(tmp_path: Path):
    evaluation = sl_session2_entered()
    text = summary_text(SL, evaluation, "en", tmp_path)
    for unit in evaluation.units:
        assert " ".join(unit.session1.explanation("en").split()) in text
        if unit.session2 is not None:
            assert " ".join(unit.session2.explanation("en").split()) in text
    assert "Year verdict: Validated" in text
    assert "Year validated: every unit is validated." in text


def test_a_failed_unit_without_session_2_is_said_to_have_no_retake(tmp_path: Path):
    text = summary_text(SL, sl_full(), "en", tmp_path)
    assert "UE de Stage: not validated, and this unit has no session 2" in text
    for course in SPECIALISATION:  # every chosen course is shown, even on the fullest page
        assert programme(SL).course(course).name in text


def test_an_empty_scenario_has_nothing_to_retake_and_every_unit_pending(tmp_path: Path):
    text = summary_text(SL, sl_empty(), "en", tmp_path)
    assert "Nothing to retake." in text
    assert "Year verdict: Not decided yet" in text
    assert "Grade not known yet: at least 50 validates, an absence does not." in text


def test_the_im_summary_names_track_option_and_the_assumed_rules(tmp_path: Path):
    text = summary_text(IM, im_full(), "en", tmp_path)
    for fact in (
        "M2 IM",
        "Academic year 2025-2026",
        "Track: FI (formation initiale)",
        "Option: Mathematics for Data Science (MDS)",
        "Chosen courses, UE Mathématiques pour la modélisation:",
        "the source document publishes none; all the rules below are assumed.",
        "mean of all course grades ≥ 10/20",
        "Grade scale: /20 (not published). [assumed]",
        "* inferred from a published figure.",
        "0*",
        "216 +?",
        "Figures not published: UE Management responsable et cadre juridique (CM, TD)",
    ):
        assert fact in text, fact
    french = summary_text(IM, im_full(), "fr", tmp_path)
    assert "Barème : /20 (non publié). [supposé]" in french
    assert "Régime : FI (formation initiale)" in french


def test_unpublished_figures_are_listed_unit_by_unit(tmp_path: Path):
    text = summary_text(SL, sl_empty(), "en", tmp_path)
    assert (
        "Figures not published: Mise à Niveau (ECTS, CM, TD); UE de Cours Fondamentaux (CM, TD)"
        in text
    )
    # The year's 60 ECTS are complete: bonus units and activities carry no credits.
    assert "60 +?" not in text
    assert " 60 " in f" {text} "


def test_the_bonus_and_the_parameters_changed_for_the_simulation_are_stated(tmp_path: Path):
    grades = dict.fromkeys(FUNDAMENTALS, 60) | dict.fromkeys(MISE_A_NIVEAU, 80)
    evaluation = run(grades=grades, parameters={"bonus_rate": 0.2, "session2_policy": "keep_best"})
    text = summary_text(SL, evaluation, "en", tmp_path)
    assert "Bonus +6 → 66." in text
    assert "rate 0.2 [set for this simulation (programme: 0.1)]" in text
    assert "the better of the session-1 and session-2 grades" in text
    assert "[chosen for this simulation]" in text


def test_missing_course_choices_are_shown_as_problems(tmp_path: Path):
    text = summary_text(SL, run(choices=()), "en", tmp_path)
    assert "Chosen courses, UE de Spécialisation: none yet" in text
    assert "To fix in the plan" in text
    assert "UE de Spécialisation: choose at least 4 courses; 0 chosen." in text


def test_the_same_inputs_give_the_same_pdf():
    first = summary_pdf(programme(SL), sl_failed_with_retakes(), "en", TODAY)
    assert summary_pdf(programme(SL), sl_failed_with_retakes(), "en", TODAY) == first


def test_nothing_is_written_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    summary_pdf(programme(IM), im_full(), "fr", TODAY)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("lang", "shown"), [("en", "49.999"), ("fr", "49,999")])
def test_a_grade_below_the_threshold_never_prints_as_the_threshold(
    lang: Lang, shown: str, tmp_path: Path
):
    grades = dict(zip(FUNDAMENTALS, (40, 45, 49.999, 53, 55), strict=True)) | {STAGE: 49.999}
    text = summary_text(SL, run(grades=grades), lang, tmp_path)
    assert text.count(shown) >= 3  # the two grades in the table, and the retake
    assert "(50)" not in text and f" 50 {shown}" not in text


def test_under_chosen_rules_the_pdf_says_so_once_and_names_only_the_plans_units(tmp_path: Path):
    """M2 IM, FA, MDS, with the student's rules "units compensate within the year": the PDF
    says the rules are chosen (not that every rule below is assumed), and its compensation
    names the units of this plan only (no FI unit, none of another option's)."""
    evaluation = run_im("fa", "mds", parameters={"rules_preset": "year-compensation-by-ects"})
    text = summary_text(IM, evaluation, "en", tmp_path)
    said = " ".join(texts.text("report.rules_chosen", "en").split())
    assert said in text
    assert " ".join(texts.text("report.rules_assumed", "en").split())[:40] not in text
    assert "UE PPR IM MDS initiale stage" not in text  # an FI unit
    group = text[: text.index(" compensate each other")].rsplit(" - ", 1)[1]
    assert group == (
        "PPR Alternance 1, UE Management responsable et cadre juridique, UE PPR Alternance 2, "
        "UE Mathématiques pour la modélisation, UE Mathématiques appliquées, "
        "UE Numérique et informatique and UE Métiers"
    )
    # Chosen rules are read as the latest format: a note éliminatoire blocks the group,
    # as the verdicts apply it.
    assert "then no unit of the group is" in text
