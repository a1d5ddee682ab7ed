"""A programme whose rules a person entered in the app (`origin: entered`): every verdict,
and every view of one (the CLI, its --json, the PDF, the Rules page's statements, the
Grades card's look and notice), says "entered", decided once from the programme
(planner.rules.status); a rule the student chose stays "chosen"."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.catalogue import CatalogueError, Programme, parse_programme
from planner.evaluation import Evaluation, evaluate, rules_status, to_contract
from planner.outputs.cli import _report
from planner.outputs.rules_text import statements
from planner.own import read_programme_text
from planner.rules.status import combined_status, rule_status
from planner.scenario import Scenario
from tests.unit.support import REPO_ROOT, SL, programme
from tests.unit.test_report import summary_text

PROGRESSION = REPO_ROOT / "tests" / "programmes" / "m2-fictional-progression.yaml"
# Every kind of verdict: compensated (UE A), validated, retaken and not compensated (UE C),
# behind a prerequisite (Mémoire, UE E), the year.
GRADES = {"a1": 8, "a2": 9, "b1": 12, "c1": 7, "d1": 14, "m1": 12, "e1": 11}


def entered_copy(path: Path, new_id: str = "ma-formation") -> Programme:
    """The programme of a file as if a person had typed it into the app."""
    document = read_programme_text(path.read_text(encoding="utf-8"), path.name)
    return parse_programme({**document, "origin": "entered", "id": new_id})


def judged(programme_: Programme, **fields: object) -> Evaluation:
    return evaluate(programme_, Scenario(programme=programme_.id, grades=GRADES, **fields))


def statuses(evaluation: Evaluation) -> set[str]:
    found = {evaluation.year.status}
    for u in evaluation.units:
        found |= {u.session1.status}
        found |= {v.status for v in (u.session2, u.compensation, u.access) if v is not None}
    return found


def test_every_verdict_of_a_programme_entered_in_the_app_says_entered():
    evaluation = judged(entered_copy(PROGRESSION))
    units = {u.unit: u for u in evaluation.units}
    # Each kind of verdict is there, and says it.
    assert units["ue-a"].compensation is not None
    assert units["ue-c"].session2 is not None
    assert units["memoire"].access is not None
    assert statuses(evaluation) == {"entered"}
    assert rules_status(evaluation) == "entered"


def test_the_same_programme_transcribed_says_published():
    transcribed = parse_programme(
        read_programme_text(PROGRESSION.read_text(encoding="utf-8"), PROGRESSION.name)
    )
    evaluation = judged(transcribed)
    assert statuses(evaluation) == {"published"}
    assert rules_status(evaluation) == "published"


def test_a_session_2_policy_the_student_chose_stays_chosen_under_entered_rules():
    evaluation = judged(entered_copy(PROGRESSION), parameters={"session2_policy": "keep_best"})
    retaking = next(u for u in evaluation.units if u.unit == "ue-c")
    assert (retaking.session1.status, retaking.session2.status) == ("entered", "chosen")
    assert rules_status(evaluation) == "chosen"


def test_the_status_is_decided_from_the_programme_and_combined_in_one_place():
    entered = entered_copy(PROGRESSION)
    transcribed = programme(SL)
    assert [rule_status(entered, s) for s in ("published", "assumed", "chosen")] == [
        "entered",
        "entered",
        "chosen",
    ]
    assert [rule_status(transcribed, s) for s in ("published", "assumed")] == [
        "published",
        "assumed",
    ]
    assert combined_status(("entered", "published")) == "entered"
    assert combined_status(("entered", "chosen")) == "chosen"
    assert combined_status(("published", "assumed")) == "assumed"
    assert combined_status(()) == "published"


def test_origin_entered_is_refused_in_a_version_1_file_naming_its_path():
    document = read_programme_text(
        (REPO_ROOT / "catalogue" / f"{SL}.yaml").read_text(encoding="utf-8"), "sl.yaml"
    )
    assert document["format_version"] == 1
    with pytest.raises(CatalogueError) as refused:
        parse_programme({**document, "origin": "entered", "id": "x"}, "mine.yaml")
    assert (
        "mine.yaml: origin: needs format_version: 2 (a version-1 file has no origin: entered)"
    ) in str(refused.value)


def test_origin_is_written_only_when_entered():
    assert "origin" not in programme(SL).model_dump(exclude_defaults=True)
    assert entered_copy(PROGRESSION).model_dump(exclude_defaults=True)["origin"] == "entered"


def test_the_cli_report_says_entered_in_english_and_french():
    entered = entered_copy(PROGRESSION)
    evaluation = judged(entered)
    english = _report(entered, evaluation, "en").splitlines()
    assert english[3] == (
        "Rules: entered in the app by whoever built this programme, not checked against a "
        "published text (each verdict says so)."
    )
    assert "UE B: session 1 VALIDATED (rule entered by whoever built this programme)" in english
    assert english[-3].startswith("Year: PENDING (rule entered by whoever built this programme)")
    french = _report(entered, evaluation, "fr").splitlines()
    assert french[3] == (
        "Règles : saisies dans l'appli par l'auteur de cette formation, non vérifiées sur un "
        "texte publié (chaque verdict le précise)."
    )
    assert "UE B : session 1 VALIDÉE (règle saisie par l'auteur de cette formation)" in french


def test_the_cli_json_says_entered_for_every_status():
    contract = to_contract(judged(entered_copy(PROGRESSION)))
    assert contract["rules_status"] == "entered"
    units = contract["units"]
    assert {u["status"] for u in units} == {"entered"}
    assert {u["session1"]["status"] for u in units} == {"entered"}
    assert {u["compensation"]["status"] for u in units if u["compensation"]} == {"entered"}
    assert {u["access"]["status"] for u in units if u["access"]} == {"entered"}
    assert contract["year"]["status"] == "entered"


def test_every_statement_of_the_rules_page_says_entered():
    entered = entered_copy(PROGRESSION)
    found = statements(entered, "en")
    assert len(found) > 5
    assert {s.status for s in found} == {"entered"}
    assert {s.status for s in statements(programme(SL), "en")} == {"published", "assumed"}


@pytest.mark.parametrize(
    ("lang", "verdict_note", "rules_note", "tag"),
    [
        (
            "en",
            "(Verdict under rules entered by whoever built this programme, not checked "
            "against a published text: see the rules below.)",
            "The rules below were entered in the app by whoever built this programme, not "
            "transcribed from a published text; every verdict follows them: check them "
            "against the programme's MCC. [entered]",
            "[entered]",
        ),
        (
            "fr",
            "(Verdict selon des règles saisies par l'auteur de cette formation, non "
            "vérifiées sur un texte publié : voir les règles ci-dessous.)",
            "Les règles ci-dessous ont été saisies dans l'appli par l'auteur de cette "
            "formation, non transcrites d'un texte publié ; chaque verdict les suit : "
            "vérifiez-les sur les MCC de la formation. [saisie]",
            "[saisi]",  # the grade scale (le barème)
        ),
    ],
)
def test_the_pdf_says_entered_beside_each_verdict_and_rule(
    lang, verdict_note, rules_note, tag, tmp_path, monkeypatch
):
    entered = entered_copy(PROGRESSION)
    # summary_text reads the programme by its id from the shipped catalogue.
    monkeypatch.setattr("tests.unit.test_report.programme", lambda _id: entered)
    text = summary_text(entered.id, judged(entered), lang, tmp_path)
    assert verdict_note in text
    assert rules_note in text
    assert tag in text
    assert "[published]" not in text and "[publiée]" not in text


def test_the_grades_card_and_its_notice_say_who_wrote_the_rules_in_both_languages():
    from ui import present
    from ui.grades_notices import entered_rules
    from ui.i18n import t

    assert present.status_look("entered") == present.Look("orange", "edit")
    assert t("verdict_entered", "en") == "rules entered by whoever built this programme"
    assert t("verdict_entered", "fr") == "règles saisies par l'auteur de cette formation"
    typed = entered_copy(PROGRESSION)
    source = typed.source.model_copy(update={"title": "MCC *2025* [lien](http://x)"})
    named = typed.model_copy(update={"source": source})
    assert entered_rules(named, "en") == (
        "These rules were typed in by whoever built this programme, from “MCC \\*2025\\* "
        "\\[lien\\]\\(http:\u2060//x\\)”, and checked by no one against a published text: "
        "check each one against your programme's MCC (modalités de contrôle des "
        "connaissances) before you rely on a verdict."
    )
    unnamed = typed.model_copy(update={"source": source.model_copy(update={"title": " "})})
    assert entered_rules(unnamed, "fr") == (
        "Ces règles ont été saisies par l'auteur de cette formation, et personne ne les a "
        "vérifiées sur un texte publié : comparez chacune aux MCC (modalités de contrôle des "
        "connaissances) de votre formation avant de vous fier à un verdict."
    )
