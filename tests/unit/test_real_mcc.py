"""Four real programmes' rules (tests/programmes/real/), each judged on scenarios computed
by hand from the published sentences, against planner.evaluation.evaluate.

The arithmetic is written above each scenario. A scenario whose rule the format cannot
state yet (an absence counted as 0/20) is written with its hand-computed expectation and
marked xfail(strict): it fails loudly once the rule kind exists (none left).
tests/programmes/real/README.md lists these gaps. "Two zeros are eliminatory" and "a zero
is eliminatory" are the groups' `zeros_eliminatory` (format_version 3).

- OSAE (Observatoire de Paris, Master-2 SUTS): four first-semester UEs, 12/6/6/6 ECTS, one
  grade each; the semester compensates (ECTS weights, 10/20: assumed), a UE below 7/20 is
  eliminatory (published); the Stage (30 ECTS) is the second semester alone.
- MMSP (Université de Lorraine, Master SPIM): eight modules, one exam grade each, acquired
  at 10/20; the semester mean (equal weights: assumed, the ECTS are not published) reaches
  10/20; a module at 00/20 stops the semester's compensation (zeros_eliminatory: 1);
  session 2 for the modules not acquired.
- Common law (Université Paris Descartes, Master II): séminaires graded by continuous
  assessment and a written exam (plain mean, 10/20: assumed), one session only; the Master
  needs the mean over all séminaires; two zeros are eliminatory (zeros_eliminatory: 2); an
  absence is 0/20 (rules.absence: zero).
- ASI (École Centrale de Nantes, Master 2): four S3 modules graded by their written test,
  acquired at 10/20, compensating in two groups (equal weights: assumed) with no module
  under 8/20; a module retaken in session 2 gets 70 % of its session-2 mark and 30 % of its
  first (rules.component_session2: sessions_mix); the S4 thesis is results 60 %, written
  report 20 %, oral 20 %, with no session 2.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from planner.catalogue import Programme, load_programme_file
from planner.evaluation import Evaluation, evaluate
from planner.odds import simulate
from planner.rules.components import minimum_text
from planner.scenario import Scenario
from tests.unit.support import FRENCH_QUOTE, notes_of, planner_cli

REAL = Path(__file__).resolve().parents[1] / "programmes" / "real"
OSAE, MMSP, COMMON_LAW = "m2-osae-obspm", "m2-mmsp-lorraine", "m2-common-law-descartes"
ASI = "m2-asi-centrale-nantes"


@cache
def programme(name: str) -> Programme:
    return load_programme_file(REAL / f"{name}.yaml")


def judge(name: str, grades: dict, session2: dict | None = None) -> Evaluation:
    p = programme(name)
    scenario = Scenario(programme=p.id, grades=grades, session2_grades=session2 or {})
    return evaluate(p, scenario)


def codes(evaluation: Evaluation) -> dict[str, str | None]:
    return {u.unit: u.code for u in evaluation.units}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def recorded_sentences(name: str) -> str:
    """The page's sentences that README.md records for a programme (its text block)."""
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"### `{name}`.*?```text\n(.*?)```", readme, flags=re.DOTALL)
    assert found, f"README.md records no sentence for {name}"
    return squash(found.group(1))


# --- the files ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [OSAE, MMSP, COMMON_LAW, ASI])
def test_a_real_file_passes_check_catalogue(name):
    done = planner_cli("check-catalogue", str(REAL / f"{name}.yaml"))

    assert done.returncode == 0, done.stderr.decode()
    assert f"OK — {name}" in done.stdout.decode()


@pytest.mark.parametrize("name", [OSAE, MMSP, COMMON_LAW, ASI])
def test_a_real_file_validates_and_every_rule_quotes_its_source(name):
    p = programme(name)

    assert p.format_version == 3
    assert p.source.document.startswith("http")
    for rule in p.rules.units:
        assert rule.source, rule.unit
        if rule.status == "assumed":
            assert rule.note is not None, rule.unit
    for group in p.rules.groups:
        assert group.source
        if group.status == "assumed":
            assert group.note is not None


@pytest.mark.parametrize("name", [OSAE, MMSP, COMMON_LAW, ASI])
def test_every_quotation_of_a_real_file_is_a_sentence_the_readme_records(name):
    # « […] » joins sentences that are apart on the page; « / » a paragraph break.
    p = programme(name)
    page = recorded_sentences(name)
    quotations = [("source", s) for s in (r.source for r in p.rules.units) if s]
    quotations += [("source", g.source) for g in p.rules.groups if g.source]
    if (formula := p.rules.component_session2) is not None and formula.source:
        quotations.append(("source", formula.source))
    for path, note in notes_of(p, p.id):
        for quote in FRENCH_QUOTE.findall(note.fr):
            assert quote in note.en, f"{path}: « {quote} » is not quoted in the English"
            quotations.append((path, quote))
    for path, quotation in quotations:
        for piece in re.split(r" \[…\] | / ", quotation):
            assert squash(piece) in page, f"{path}: « {piece} »"


# --- OSAE: Observatoire de Paris, Master-2 SUTS parcours OSAE -------------------------------
# UE grades /20: FT Fondements thématiques (12 ECTS), SP Systèmes et Projets (6), MP Méthodes
# professionnelles (6), SPE Spécialisations (6); Stage (30). S1 mean =
# (12·FT + 6·SP + 6·MP + 6·SPE) / 30.

FT, SP, MP, SPE, STAGE = (
    "fondements-thematiques",
    "systemes-et-projets",
    "methodes-professionnelles",
    "specialisations",
    "stage",
)


def test_osae_pass():
    # Every UE ≥ 10: FT 12, SP 11, MP 14, SPE 10, Stage 13 → ADM ×5; 12+6+6+6+30 = 60 ECTS.
    evaluation = judge(OSAE, {FT: 12, SP: 11, MP: 14, SPE: 10, STAGE: 13})

    assert set(codes(evaluation).values()) == {"ADM"}
    assert all(u.compensation is None for u in evaluation.units)
    assert evaluation.year.validated is True
    assert evaluation.year.ects_acquired == 60


def test_osae_compensated_pass():
    # SP 8 < 10 fails alone. S1 = (12·12 + 6·8 + 6·11 + 6·10) / 30 = 318 / 30 = 10.6 ≥ 10,
    # no UE < 7 → SP CMP. Stage 12 → ADM. Year ADM, 60 ECTS.
    evaluation = judge(OSAE, {FT: 12, SP: 8, MP: 11, SPE: 10, STAGE: 12})
    sp = evaluation.unit(SP)

    assert sp.session1.validated is False
    assert sp.code == "CMP"
    assert sp.compensation.message.params["mean"] == pytest.approx(10.6)
    assert sp.retakes == ()
    assert codes(evaluation) == {FT: "ADM", SP: "CMP", MP: "ADM", SPE: "ADM", STAGE: "ADM"}
    assert evaluation.year.validated is True
    assert evaluation.year.ects_acquired == 60


# FT 14, SP 9, MP 6.5, SPE 12, Stage 12. MP 6.5 < 7: « toute note inférieure à 7/20 est
# éliminatoire ». S1 = (12·14 + 6·9 + 6·6.5 + 6·12) / 30 = (168 + 54 + 39 + 72) / 30 =
# 333 / 30 = 11.1 ≥ 10, but MP's note éliminatoire blocks the semester's compensation: SP 9
# is not compensated either, and both retake.
FLOORED = {FT: 14, SP: 9, MP: 6.5, SPE: 12, STAGE: 12}


def test_osae_floor_failure_blocks_the_semester():
    evaluation = judge(OSAE, FLOORED)
    sp, mp = evaluation.unit(SP), evaluation.unit(MP)

    assert sp.compensation.validated is False
    assert sp.compensation.message.code == "not_compensated_unit_floor"
    assert sp.compensation.message.params["below"] == ["Méthodes professionnelles"]
    assert mp.compensation.validated is False
    assert sp.retakes == (SP,) and mp.retakes == (MP,)
    assert sp.code is None and mp.code is None  # session 2 is still to come
    assert evaluation.year.session1_validated is False
    assert evaluation.year.validated is None


def test_osae_session_2_lifts_the_floor_and_the_semester_compensates():
    # Session 2 (assumed: a retake replaces the grade): MP 8, SP 9 again. S1 =
    # (168 + 54 + 6·8 + 72) / 30 = 342 / 30 = 11.4 ≥ 10, no UE < 7 → SP CMP, MP CMP.
    evaluation = judge(OSAE, FLOORED, {MP: 8, SP: 9})

    assert codes(evaluation) == {FT: "ADM", SP: "CMP", MP: "CMP", SPE: "ADM", STAGE: "ADM"}
    assert evaluation.unit(SP).compensation.message.params["mean"] == pytest.approx(11.4)
    assert evaluation.year.validated is True
    assert evaluation.year.ects_acquired == 60


def test_osae_session_2_still_below_the_floor_fails_the_semester():
    # Session 2: MP 6 < 7 again, SP 9 → no compensation: SP AJ, MP AJ. Kept: FT 12 + SPE 6 +
    # Stage 30 = 48 ECTS.
    evaluation = judge(OSAE, FLOORED, {MP: 6, SP: 9})

    assert codes(evaluation) == {FT: "ADM", SP: "AJ", MP: "AJ", SPE: "ADM", STAGE: "ADM"}
    assert evaluation.year.validated is False
    assert evaluation.year.ects_acquired == 48


def test_osae_pending_while_an_exam_is_not_sat():
    # SPE not sat yet. SP 9 fails alone; whether the semester compensates depends on SPE
    # (SPE < 7, or an absence, would block it): SP's compensation is pending, no code.
    # SPE itself needs 10 to be validated alone.
    evaluation = judge(OSAE, {FT: 12, SP: 9, MP: 14, STAGE: 12})
    sp, spe = evaluation.unit(SP), evaluation.unit(SPE)

    assert spe.session1.validated is None and spe.code is None
    assert sp.compensation.validated is None
    assert sp.compensation.message.code == "compensation_pending"
    assert sp.compensation.message.params["waiting"] == ["Spécialisations"]
    assert sp.code is None
    assert evaluation.year.validated is None
    # SPE's lowest grade: 7, by compensation. At 7 the semester's mean is
    # (12·12 + 9·6 + 14·6 + 7·6) / 30 = 324 / 30 = 10.8 ≥ 10 and no UE is below 7, so SPE
    # (and SP) are CMP; alone SPE would need 10.
    minimum = evaluation.minimums_for(SPE).uniform
    assert (minimum.value, minimum.route) == (7, "compensation")


# --- MMSP: Université de Lorraine, Master SPIM parcours MMSP --------------------------------
# Eight modules, one exam grade /20 each; S1 mean = sum / 8 (equal weights: assumed).

MODULES = ("tc-1", "tc-2", "tc-3", "tc-4", "op-1", "op-2", "op-3", "tertiaire")


def modules(*grades: float) -> dict[str, float]:
    return dict(zip(MODULES, grades, strict=True))


def test_mmsp_pass():
    # 12, 11, 10, 13, 14, 10.5, 12, 15: every module ≥ 10 → ADM ×8 (10 is acquired:
    # « supérieure ou égale à 10/20 »).
    evaluation = judge(MMSP, modules(12, 11, 10, 13, 14, 10.5, 12, 15))

    assert set(codes(evaluation).values()) == {"ADM"}
    assert evaluation.year.validated is True


def test_mmsp_compensated_pass():
    # 12, 13, 8, 11, 12, 9, 10, 11: sum 86, S1 = 86 / 8 = 10.75 ≥ 10 → tc-3 (8) and op-2 (9)
    # CMP, nothing to retake. Year ADM.
    evaluation = judge(MMSP, modules(12, 13, 8, 11, 12, 9, 10, 11))

    assert codes(evaluation) == {
        **dict.fromkeys(MODULES, "ADM"),
        "tc-3": "CMP",
        "op-2": "CMP",
    }
    assert evaluation.unit("tc-3").compensation.message.params["mean"] == pytest.approx(10.75)
    assert evaluation.retakes == ()
    assert evaluation.year.validated is True


def test_mmsp_a_zero_blocks_the_semester():
    # tc-1 0, tc-2 9, the six others 14: sum 0 + 9 + 84 = 93, S1 = 93 / 8 = 11.625 ≥ 10, but
    # « Une note de 00/20 pour un module entraîne la non validation du premier semestre »:
    # neither tc-1 nor tc-2 is compensated; both are retaken in session 2.
    evaluation = judge(MMSP, modules(0, 9, 14, 14, 14, 14, 14, 14))
    tc1, tc2 = evaluation.unit("tc-1"), evaluation.unit("tc-2")

    assert tc1.compensation.validated is False
    assert tc2.compensation.validated is False
    assert tc1.retakes == ("tc-1",) and tc2.retakes == ("tc-2",)
    assert evaluation.year.session1_validated is False


ALL_MODULES = (
    "Module TC 1, Module TC 2, Module TC 3, Module TC 4, Module OP 1, Module OP 2, "
    "Module OP 3 and Module tertiaire"
)


def test_mmsp_the_zero_is_named_in_both_languages():
    # As above: tc-1 0, tc-2 9, the six others 14; the semester's mean 11.625 would reach 10.
    tc2 = judge(MMSP, modules(0, 9, 14, 14, 14, 14, 14, 14)).unit("tc-2")

    assert tc2.compensation.message.code == "not_compensated_zeros"
    assert tc2.compensation.message.text("en") == (
        "Not compensated: Module TC 1 has a mean of 0, and a mean of 0 is eliminatory in the "
        f"group ({ALL_MODULES})."
    )
    assert tc2.compensation.message.text("fr") == (
        "Non compensée : Module TC 1 a une moyenne de 0, et une moyenne de 0 est éliminatoire "
        f"dans le groupe ({ALL_MODULES.replace(' and ', ' et ')})."
    )


def test_mmsp_a_zero_retaken_in_session_2_no_longer_blocks_the_semester():
    # Session 1 as above: tc-1 0 blocks, tc-1 and tc-2 retake. Session 2 (assumed: a retake
    # replaces the grade): tc-1 12, tc-2 9 → 12 + 9 + 6·14 = 105, S1 = 105 / 8 = 13.125 ≥ 10,
    # no module at 0 → tc-1 ADM, tc-2 CMP.
    first = modules(0, 9, 14, 14, 14, 14, 14, 14)
    evaluation = judge(MMSP, first, {"tc-1": 12, "tc-2": 9})
    tc2 = evaluation.unit("tc-2")

    assert judge(MMSP, first).unit("tc-2").retakes == ("tc-2",)
    assert codes(evaluation) == {**dict.fromkeys(MODULES, "ADM"), "tc-2": "CMP"}
    assert tc2.compensation.message.params["mean"] == pytest.approx(13.125)
    assert evaluation.year.validated is True


def test_mmsp_with_a_zero_elsewhere_a_pending_module_needs_10_on_its_own():
    # tc-1 0, tc-2 9, five modules at 14, the module tertiaire not sat yet. Without the zero
    # the semester's mean (0 + 9 + 70 + t) / 8 would reach 10 from t = 1; tc-1's zero blocks
    # compensation whatever t is: tc-2 is not compensated at once, and the module tertiaire
    # needs 10 on its own.
    grades = modules(0, 9, 14, 14, 14, 14, 14, 0)
    del grades["tertiaire"]
    evaluation = judge(MMSP, grades)

    assert evaluation.unit("tc-2").compensation.validated is False
    assert evaluation.unit("tc-2").compensation.message.code == "not_compensated_zeros"
    minimum = evaluation.minimums_for("tertiaire").uniform
    assert (minimum.value, minimum.route) == (10, "own")


def test_mmsp_a_pending_module_needs_more_than_0_when_a_zero_would_block_the_semester():
    # tc-3 9, the six others 14, the module tertiaire not sat yet: (9 + 84 + t) / 8 ≥ 10 for
    # any t ≥ 0, but t = 0 is a module at 00/20, which blocks the semester. So any grade
    # above 0 validates it by compensation: 0.01 as a grade is written.
    grades = modules(14, 14, 9, 14, 14, 14, 14, 0)
    del grades["tertiaire"]
    minimum = judge(MMSP, grades).minimums_for("tertiaire").uniform

    assert (minimum.status, minimum.route, minimum.rounded_up) == ("needed", "compensation", 0.01)
    at_zero = judge(MMSP, {**grades, "tertiaire": 0})
    above = judge(MMSP, {**grades, "tertiaire": 0.01})
    assert at_zero.unit("tc-3").compensation.validated is False
    assert (above.unit("tertiaire").code, above.unit("tc-3").code) == ("CMP", "CMP")


def test_mmsp_the_odds_honour_the_zero_in_every_draw():
    # Every grade fixed as in test_mmsp_a_zero_blocks_the_semester: never compensated in
    # session 1, though the semester's mean is 11.625.
    p = programme(MMSP)
    scenario = Scenario(programme=p.id, grades=modules(0, 9, 14, 14, 14, 14, 14, 14))

    assert simulate(p, scenario, {}, draws=200).unit("tc-2").validated == 0.0


def test_mmsp_session_2_retakes_only_the_modules_not_acquired():
    # Session 1: 12, 12, 6, 11, 10, 9, 7, 10: sum 77, S1 = 77 / 8 = 9.625 < 10 → tc-3 (6),
    # op-2 (9), op-3 (7) fail and are retaken; « Seuls les modules non-acquis peuvent être
    # présentés en deuxième session » (tc-4 at 10 is acquired).
    # Session 2 (assumed: a retake replaces the grade): tc-3 11, op-2 9, op-3 8 → 12, 12, 11,
    # 11, 10, 9, 8, 10: sum 83, S1 = 83 / 8 = 10.375 ≥ 10 → tc-3 ADM, op-2 CMP, op-3 CMP.
    first = modules(12, 12, 6, 11, 10, 9, 7, 10)
    session1 = judge(MMSP, first)

    assert sorted(session1.retakes) == ["op-2", "op-3", "tc-3"]
    assert session1.unit("tc-4").code == "ADM"

    evaluation = judge(MMSP, first, {"tc-3": 11, "op-2": 9, "op-3": 8})

    assert codes(evaluation) == {
        **dict.fromkeys(MODULES, "ADM"),
        "op-2": "CMP",
        "op-3": "CMP",
    }
    assert evaluation.unit("op-2").compensation.message.params["mean"] == pytest.approx(10.375)
    assert evaluation.year.validated is True
    assert evaluation.problems == ()


def test_mmsp_pending_while_an_exam_is_not_sat():
    # The module tertiaire is not sat yet; the seven others 12, 12, 9, 11, 10, 13, 12 (sum
    # 79). tc-3 (9) is compensated if 79 + t ≥ 80, i.e. any sat grade t ≥ 1 — but an absence
    # leaves no mean: pending. The module tertiaire needs 10 to be acquired alone.
    grades = modules(12, 12, 9, 11, 10, 13, 12, 0)
    del grades["tertiaire"]
    evaluation = judge(MMSP, grades)
    tc3 = evaluation.unit("tc-3")

    assert tc3.compensation.validated is None
    assert tc3.compensation.message.params["waiting"] == ["Module tertiaire"]
    assert tc3.code is None
    assert evaluation.unit("tertiaire").code is None
    assert evaluation.year.validated is None
    # Its lowest grade: 1, by compensation (79 + 1 = 80: the semester's mean is 10, and 1
    # is no zero); alone it would need 10.
    minimum = evaluation.minimums_for("tertiaire").uniform
    assert (minimum.value, minimum.route) == (1, "compensation")


# --- Common law: Université Paris Descartes, Master II -----------------------------------
# Four séminaires, each (CC + écrit) / 2 (assumed); the Master needs the mean of the four
# séminaires ≥ 10; one session only.


def seminars(*pairs: tuple[float | None, float | None]) -> dict[str, float | None]:
    grades: dict[str, float | None] = {}
    for n, (cc, ecrit) in enumerate(pairs, start=1):
        grades[f"s{n}-cc"], grades[f"s{n}-ecrit"] = cc, ecrit
    return grades


def test_common_law_pass():
    # s1 (12 + 14) / 2 = 13, s2 (11 + 10) / 2 = 10.5, s3 (15 + 13) / 2 = 14, s4 (10 + 12) / 2
    # = 11: each ≥ 10 → ADM ×4.
    evaluation = judge(COMMON_LAW, seminars((12, 14), (11, 10), (15, 13), (10, 12)))

    assert set(codes(evaluation).values()) == {"ADM"}
    assert evaluation.year.validated is True


def test_common_law_compensated_pass():
    # s1 13, s2 (8 + 7) / 2 = 7.5, s3 (13 + 11) / 2 = 12, s4 11. Mean (13 + 7.5 + 12 + 11) / 4
    # = 43.5 / 4 = 10.875 ≥ 10 → s2 CMP; the Master is obtained.
    evaluation = judge(COMMON_LAW, seminars((12, 14), (8, 7), (13, 11), (10, 12)))

    assert codes(evaluation) == {"s1": "ADM", "s2": "CMP", "s3": "ADM", "s4": "ADM"}
    assert evaluation.unit("s2").compensation.message.params["mean"] == pytest.approx(10.875)
    assert evaluation.year.validated is True


def test_common_law_a_mean_below_10_fails_at_once_with_no_session_2():
    # s2 (2 + 3) / 2 = 2.5: mean (13 + 2.5 + 12 + 11) / 4 = 38.5 / 4 = 9.625 < 10 → s2 AJ,
    # with nothing to retake: « Il n’y a qu’une session d’examen pour chaque séminaire ».
    evaluation = judge(COMMON_LAW, seminars((12, 14), (2, 3), (13, 11), (10, 12)))
    s2 = evaluation.unit("s2")

    assert s2.code == "AJ"
    assert s2.retakes == ()
    assert s2.session2.message.code == "no_session2"
    assert evaluation.year.validated is False


def test_common_law_one_zero_alone_is_not_eliminatory():
    # s1 (0 + 0) / 2 = 0, s2 14, s3 13, s4 13: mean (0 + 14 + 13 + 13) / 4 = 40 / 4 = 10 ≥ 10.
    # One zero is not eliminatory (« Deux zéros … est éliminatoire ») → s1 CMP.
    evaluation = judge(COMMON_LAW, seminars((0, 0), (14, 14), (13, 13), (13, 13)))

    assert codes(evaluation) == {"s1": "CMP", "s2": "ADM", "s3": "ADM", "s4": "ADM"}
    assert evaluation.year.validated is True


def test_common_law_two_zeros_are_eliminatory():
    # s1 0, s2 0, s3 20, s4 20: mean (0 + 0 + 20 + 20) / 4 = 40 / 4 = 10 ≥ 10, but « Deux
    # zéros sur vingt sur l’ensemble des séminaires auxquels on est inscrit est
    # éliminatoire » → s1 and s2 AJ, the Master is not obtained.
    evaluation = judge(COMMON_LAW, seminars((0, 0), (0, 0), (20, 20), (20, 20)))

    assert evaluation.unit("s1").code == "AJ"
    assert evaluation.unit("s2").code == "AJ"
    assert evaluation.year.validated is False


def test_common_law_the_two_zeros_are_named_and_the_rule_says_so():
    # As above: s1 and s2 at 0, s3 and s4 at 20 (the mean 10 would reach 10).
    evaluation = judge(COMMON_LAW, seminars((0, 0), (0, 0), (20, 20), (20, 20)))
    message = evaluation.unit("s1").compensation.message
    group = programme(COMMON_LAW).rules.groups[0]

    assert message.text("en") == (
        "Not compensated: Séminaire 1 and Séminaire 2 have a mean of 0, and 2 means of 0 are "
        "eliminatory in the group (Séminaire 1, Séminaire 2, Séminaire 3 and Séminaire 4)."
    )
    assert message.text("fr") == (
        "Non compensée : Séminaire 1 et Séminaire 2 ont une moyenne de 0, et 2 moyennes de 0 "
        "sont éliminatoires dans le groupe (Séminaire 1, Séminaire 2, Séminaire 3 et "
        "Séminaire 4)."
    )
    assert group.describe(programme(COMMON_LAW), "en").endswith(
        " 2 units whose mean is 0 block compensation for the whole group."
    )
    assert group.describe(programme(COMMON_LAW), "fr").endswith(
        " 2 UE dont la moyenne vaut 0 bloquent la compensation dans tout le groupe."
    )


def test_common_law_a_zero_in_one_grade_of_a_seminaire_is_no_zero_of_the_seminaire():
    # s1 (0 + 0) / 2 = 0 and s2 (0 + 10) / 2 = 5: one séminaire at 0 only. s3 and s4 20:
    # mean (0 + 5 + 20 + 20) / 4 = 45 / 4 = 11.25 ≥ 10 → s1 and s2 CMP.
    evaluation = judge(COMMON_LAW, seminars((0, 0), (0, 10), (20, 20), (20, 20)))

    assert codes(evaluation) == {"s1": "CMP", "s2": "CMP", "s3": "ADM", "s4": "ADM"}


def test_common_law_an_absence_counts_as_zero():
    # s1 missed entirely (no grade): « L’absence de note à un séminaire est sanctionnée par un
    # zéro sur vingt » → s1 = 0. s2 14, s3 13, s4 13: mean (0 + 14 + 13 + 13) / 4 = 10 ≥ 10,
    # one zero only → s1 CMP, the Master is obtained.
    evaluation = judge(COMMON_LAW, seminars((None, None), (14, 14), (13, 13), (13, 13)))

    assert evaluation.unit("s1").code == "CMP"
    assert evaluation.year.validated is True


def test_common_law_pending_while_an_exam_is_not_sat():
    # s4's written exam not sat yet (CC 10). s2 7.5 is compensated iff
    # (13 + 7.5 + 12 + s4) / 4 ≥ 10 ⟺ s4 ≥ 7.5 ⟺ écrit ≥ 5; s4 alone needs (10 + e) / 2 ≥
    # 10 ⟺ e ≥ 10. Nothing is certain yet: s2 and s4 pending, no code.
    grades = seminars((12, 14), (8, 7), (13, 11), (10, None))
    del grades["s4-ecrit"]
    evaluation = judge(COMMON_LAW, grades)
    s2 = evaluation.unit("s2")

    assert evaluation.unit("s4").session1.validated is None
    assert s2.compensation.validated is None
    assert s2.compensation.message.params["waiting"] == ["Séminaire 4"]
    assert s2.code is None and evaluation.unit("s4").code is None
    assert evaluation.year.validated is None
    # s4's written exam: 5 is the lowest, by compensation (s4 = 7.5, the mean 10); alone
    # s4 would need 10.
    minimum = evaluation.minimums_for("s4").uniform
    assert (minimum.value, minimum.route) == (5, "compensation")


# --- ASI: École Centrale de Nantes, Master 2 ------------------------------------------------
# Modules /20, each its written test: cc-1, cc-2 (the common core), sp-1, sp-2 (the
# specialised course); each group's mean (equal weights) 10/20, no module under 8/20. A
# retaken module's new mark: 0.7·session 2 + 0.3·session 1. Thesis = 0.6·results +
# 0.2·report + 0.2·oral, no session 2.

TEST = "written-test"


def asi_modules(*grades: float) -> dict[str, float]:
    return {
        f"{m}/{TEST}": g for m, g in zip(("cc-1", "cc-2", "sp-1", "sp-2"), grades, strict=False)
    }


THESIS = {"thesis/results": 12, "thesis/report": 14, "thesis/oral": 10}


def test_asi_pass():
    # Modules 12, 11, 13, 10: each ≥ 10. Thesis 0.6·12 + 0.2·14 + 0.2·10 = 7.2 + 2.8 + 2 = 12.
    evaluation = judge(ASI, {**asi_modules(12, 11, 13, 10), **THESIS})
    assert set(codes(evaluation).values()) == {"ADM"}
    assert evaluation.unit("thesis").session1.mean == pytest.approx(12)
    assert evaluation.year.validated is True


def test_asi_session_2_mixes_both_sessions():
    # cc-2 at 6: below 8/20, so the common core cannot compensate it; its written test is
    # retaken. Session 2: 12 → 0.7·12 + 0.3·6 = 8.4 + 1.8 = 10.2 ≥ 10.
    first = {**asi_modules(12, 6, 13, 10), **THESIS}
    before = judge(ASI, first)
    assert before.unit("cc-2").retakes == ("cc-2",)
    assert before.unit("cc-2").session1.explanation() == (
        "Grade 6 < 10. Retake Written test of Common-core module 2 (6)."
    )
    after = judge(ASI, first, {f"cc-2/{TEST}": 12})
    assert after.unit("cc-2").code == "ADM"
    assert after.unit("cc-2").session2.mean == pytest.approx(10.2)
    assert after.year.validated is True


def test_asi_the_retake_needs_what_the_mix_asks():
    # cc-2 needs 8 (the floor; with cc-1 12 the common core's mean is then (12 + 8) / 2 = 10
    # and compensates): 0.7·x + 1.8 ≥ 8, x ≥ 6.2 / 0.7 = 8.857…, written 8.86.
    first = {**asi_modules(12, 6, 13, 10), **THESIS}
    evaluation = judge(ASI, first)
    minimum = evaluation.minimums_for("cc-2").uniform
    assert (minimum.value, minimum.route) == (8, "compensation")
    assert minimum_text(programme(ASI), "cc-2", minimum.value, 2, first, "en") == (
        "Written test of Common-core module 2: at least 8.86"
    )


def test_asi_pending_while_the_oral_is_not_sat():
    # Results 10, report 8: 6 + 1.6 = 7.6; the thesis needs 10, so the oral 0.2·x ≥ 2.4,
    # x ≥ 12. Not sat yet: pending (an absence would fail), with no session 2 after it.
    grades = {**asi_modules(12, 11, 13, 10), "thesis/results": 10, "thesis/report": 8}
    evaluation = judge(ASI, grades)
    thesis = evaluation.unit("thesis")
    assert thesis.session1.validated is None
    assert evaluation.year.validated is None
    minimum = evaluation.minimums_for("thesis").uniform
    assert minimum.value == 10
    assert minimum_text(programme(ASI), "thesis", minimum.value, 1, grades, "en") == (
        "Oral presentation of Master thesis: at least 12 — with your Results obtained 10, "
        "your Written report 8"
    )


def test_asi_a_thesis_below_10_fails_with_no_session_2():
    # 0.6·8 + 0.2·10 + 0.2·10 = 4.8 + 2 + 2 = 8.8 < 10: failed, no retake.
    grades = {**asi_modules(12, 11, 13, 10), "thesis/results": 8, "thesis/report": 10}
    evaluation = judge(ASI, {**grades, "thesis/oral": 10})
    thesis = evaluation.unit("thesis")
    assert thesis.code == "AJ"
    assert thesis.retakes == ()
    assert thesis.final.mean == pytest.approx(8.8)
