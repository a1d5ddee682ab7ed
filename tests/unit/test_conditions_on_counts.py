"""A compensation group that compensates only when enough of its ECTS are validated on
their own (`min_ects_acquired`, format_version 3): as ESPCI writes it, « compensation only
with at least 21 of 30 credits validated »; and a strict threshold (`strict: true`,
« strictement supérieure à »). The verdict, its certainty, the minimum, the odds and the
rule's description all read them. (Zeros that are eliminatory, `zeros_eliminatory`, are
judged on the real programmes of tests/unit/test_real_mcc.py.)

The fictional programme (tests/programmes/m2-fictional-min-ects.yaml), grades /20, every
threshold 10: UE A (9 ECTS) the mean of a1 and a2; UE B (6 ECTS) b1, no session 2; UE C and
UE D (6 ECTS each) c1 and d1; UE E (3 ECTS) the mean of e1 and e2. One group of the five
(30 ECTS), weighted by ECTS, threshold 10, compensating only when the units validated on
their own carry at least 21 ECTS; UE E's mean must be above 10, not at it. Every grade 12
but those a test names: a unit at 12 weighs 12 × its ECTS in the group's sum (A 108, C 72,
D 72, E 36).
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import (
    CATALOGUE_DIR,
    CatalogueError,
    load_catalogue,
    load_programme_file,
    parse_programme,
)
from planner.evaluation import evaluate
from planner.odds import simulate
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.scenario import Scenario
from planner.texts import LANGS

PROGRAMME_FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-min-ects.yaml"
TWELVES = {"a1": 12, "a2": 12, "b1": 12, "c1": 12, "d1": 12, "e1": 12, "e2": 12}
GROUP = "UE A, UE B, UE C, UE D and UE E"
GROUPE = "UE A, UE B, UE C, UE D et UE E"


@cache
def programme():
    return load_programme_file(PROGRAMME_FILE)


def raw() -> dict:
    return copy.deepcopy(yaml.safe_load(PROGRAMME_FILE.read_text(encoding="utf-8")))


def version_2() -> dict:
    """The file as a version-2 file, without the keys of version 3."""
    data = raw()
    data["format_version"] = 2
    del data["rules"]["compensation"][0]["min_ects_acquired"]
    del data["rules"]["units"][4]["strict"]
    return data


def judge(grades: dict, session2: dict | None = None, leave_out: tuple = ()):
    """The year with `grades` over the twelves, the courses `leave_out` not known yet."""
    known = {c: g for c, g in {**TWELVES, **grades}.items() if c not in leave_out}
    p = programme()
    return evaluate(p, Scenario(programme=p.id, grades=known, session2_grades=session2 or {}))


def codes(evaluation) -> dict:
    return {u.unit: u.code for u in evaluation.units}


# --- the verdict ------------------------------------------------------------------------------


def test_with_24_of_the_30_ects_validated_alone_the_group_compensates():
    # B 8 fails alone; A, C, D and E are validated alone: 9 + 6 + 6 + 3 = 24 ≥ 21 ECTS. The
    # group's mean (108 + 6·8 + 72 + 72 + 36) / 30 = 336 / 30 = 11.2 ≥ 10 → B CMP.
    evaluation = judge({"b1": 8})
    b = evaluation.unit("ue-b")

    assert b.code == "CMP"
    assert b.compensation.message.params["mean"] == pytest.approx(11.2)
    assert evaluation.year.validated is True


def test_with_18_of_the_30_ects_validated_alone_the_group_does_not_compensate():
    # B 8 and C 9 fail alone: A, D and E carry 9 + 6 + 3 = 18 < 21 ECTS. The group's mean
    # (108 + 48 + 6·9 + 72 + 36) / 30 = 318 / 30 = 10.6 would reach 10: C is not
    # compensated and retakes c1; B, without a session 2, waits for that retake.
    evaluation = judge({"b1": 8, "c1": 9})
    b, c = evaluation.unit("ue-b"), evaluation.unit("ue-c")

    assert c.compensation.validated is False
    assert c.compensation.message.code == "not_compensated_ects"
    assert c.compensation.message.text("en") == (
        "Not compensated: only 18 of the 21 ECTS required are acquired by units of the group "
        f"({GROUP}) validated on their own."
    )
    assert c.compensation.message.text("fr") == (
        "Non compensée : seuls 18 des 21 ECTS requis sont acquis par des UE du groupe "
        f"({GROUPE}) validées seules."
    )
    assert c.retakes == ("c1",)
    assert b.compensation.validated is None
    assert b.compensation.message.params["waiting"] == ["UE C"]
    assert (b.code, c.code) == (None, None)
    assert evaluation.year.session1_validated is False


def test_once_a_retake_validates_a_unit_alone_the_ects_suffice_and_the_other_is_compensated():
    # Session 2: c1 11 → C validated alone; 18 + 6 = 24 ≥ 21 ECTS. The group's mean
    # (108 + 48 + 6·11 + 72 + 36) / 30 = 330 / 30 = 11 ≥ 10 → B CMP. The year: 30 ECTS.
    evaluation = judge({"b1": 8, "c1": 9}, {"c1": 11})

    assert codes(evaluation) == {
        "ue-a": "ADM",
        "ue-b": "CMP",
        "ue-c": "ADM",
        "ue-d": "ADM",
        "ue-e": "ADM",
    }
    assert evaluation.unit("ue-b").compensation.message.params["mean"] == pytest.approx(11)
    assert evaluation.year.validated is True
    assert evaluation.year.ects_acquired == 30


def test_when_the_retake_fails_again_neither_unit_is_compensated():
    # Session 2: c1 9 again → 18 ECTS validated alone, still < 21: B and C AJ. Kept: A 9 +
    # D 6 + E 3 = 18 ECTS.
    evaluation = judge({"b1": 8, "c1": 9}, {"c1": 9})

    assert evaluation.unit("ue-b").code == "AJ"
    assert evaluation.unit("ue-c").code == "AJ"
    assert evaluation.unit("ue-b").compensation.message.code == "not_compensated_ects"
    assert evaluation.year.validated is False
    assert evaluation.year.ects_acquired == 18


def test_too_few_ects_even_if_every_pending_unit_passes_alone_decides_at_once():
    # B 8, C 9 (9 again in session 2), D not known yet: A and E carry 12 ECTS, D at most 6
    # more, 18 < 21 whatever D gives. B and C are not compensated, and the year fails,
    # though D is still pending.
    evaluation = judge({"b1": 8, "c1": 9}, {"c1": 9}, leave_out=("d1",))
    b = evaluation.unit("ue-b")

    assert evaluation.unit("ue-d").code is None
    assert b.compensation.message.code == "not_compensated_ects_at_most"
    assert b.compensation.message.text("en") == (
        "Not compensated: at most 18 of the 21 ECTS required can be acquired by units of the "
        f"group ({GROUP}) validated on their own."
    )
    assert b.compensation.message.text("fr") == (
        "Non compensée : au plus 18 des 21 ECTS requis peuvent être acquis par des UE du "
        f"groupe ({GROUPE}) validées seules."
    )
    assert (b.code, evaluation.unit("ue-c").code) == ("AJ", "AJ")
    assert evaluation.year.validated is False


def test_while_a_pending_unit_could_still_bring_the_ects_the_compensation_waits():
    # B 8, D not known: A, C and E carry 18 ECTS; with D validated alone, 24. Undecided.
    evaluation = judge({"b1": 8}, leave_out=("d1",))
    b = evaluation.unit("ue-b")

    assert b.compensation.validated is None
    assert b.compensation.message.params["waiting"] == ["UE D"]
    assert b.code is None
    assert evaluation.year.validated is None


# --- the minimum ------------------------------------------------------------------------------


def test_a_pending_unit_that_would_leave_too_few_ects_needs_its_own_grade_and_saves_the_other():
    # B 8 (no session 2), D not known. Failed alone, D would leave 18 < 21 ECTS: never
    # compensated, so D needs 10 on its own, which also makes 24 ECTS and the group's mean
    # (108 + 48 + 72 + 6·10 + 36) / 30 = 324 / 30 = 10.8: B CMP. Without the condition the
    # group's mean would reach 10 from d1 = 6 ((264 + 6d) / 30 ≥ 10), by compensation.
    evaluation = judge({"b1": 8}, leave_out=("d1",))
    minimum = evaluation.minimums_for("ue-d").uniform

    assert (minimum.value, minimum.route, minimum.for_units) == (10, "own", ("ue-b",))
    below = judge({"b1": 8, "d1": 9.99})
    at = judge({"b1": 8, "d1": 10})
    # At 9.99 D fails alone and is not compensated (18 ECTS): it retakes, and B waits for it.
    assert below.unit("ue-d").compensation.message.code == "not_compensated_ects"
    assert below.unit("ue-d").retakes == ("d1",)
    assert (below.unit("ue-d").code, below.unit("ue-b").code) == (None, None)
    assert (at.unit("ue-d").code, at.unit("ue-b").code) == ("ADM", "CMP")


# --- the odds ---------------------------------------------------------------------------------


def test_the_odds_count_the_ects_validated_alone_in_every_draw():
    # B 8 and C 9 fixed: 18 ECTS in session 1, never compensated then. After session 2,
    # c1's retake drawn on [0, 20]: C validated alone in half the draws, and then B's
    # group mean (108 + 48 + 6y + 72 + 36) / 30 ≥ 10 (y ≥ 10 > 6): B CMP. So B: 0, then ½.
    p = programme()
    scenario = Scenario(programme=p.id, grades={**TWELVES, "b1": 8, "c1": 9})
    odds = simulate(p, scenario, {}, draws=4_000, seed=0)
    b = odds.unit("ue-b")

    assert b.validated == 0.0
    assert b.validated_after_session2 == pytest.approx(0.5, abs=0.03)
    assert odds.year_after_session2 == pytest.approx(0.5, abs=0.03)


# --- the rule, as the Rules page and the PDF state it -----------------------------------------


def test_the_rule_says_how_many_ects_must_be_validated_alone():
    group = programme().rules.groups[0]

    assert (
        "is at least 10/20 and the units of the group validated on their own carry at least "
        "21 ECTS."
    ) in group.describe(programme(), "en")
    assert (
        "est d'au moins 10/20 et que les UE du groupe validées seules totalisent au moins 21 ECTS."
    ) in group.describe(programme(), "fr")


# --- the file ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "value"), [("min_ects_acquired", 21), ("zeros_eliminatory", 2)])
def test_a_condition_on_counts_needs_format_version_3(key, value):
    data = version_2()
    data["rules"]["compensation"][0][key] = value

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "min-ects.yaml")

    assert (
        f"rules.compensation.0.{key}: needs format_version: 3 (a version-2 file has no {key})"
    ) in str(caught.value)


def test_a_version_2_file_without_the_conditions_reads_as_before():
    p = parse_programme(version_2(), "min-ects.yaml")
    known = {**TWELVES, "b1": 8, "c1": 9}

    # No condition: the group's mean 10.6 compensates B and C at once (version 2).
    evaluation = evaluate(p, Scenario(programme=p.id, grades=known))
    assert (evaluation.unit("ue-b").code, evaluation.unit("ue-c").code) == ("CMP", "CMP")


def test_more_ects_than_a_failed_unit_could_leave_is_refused():
    # 30 ECTS in the group, the smallest unit 3: at most 27 can be validated alone while
    # one unit fails.
    data = raw()
    data["rules"]["compensation"][0]["min_ects_acquired"] = 28

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "min-ects.yaml")

    assert (
        "rules.compensation.0.min_ects_acquired: 28 leaves no unit to compensate (the "
        "group's units carry 30 ECTS, the smallest 3)"
    ) in str(caught.value)


def test_min_ects_acquired_needs_the_ects_of_every_unit_of_the_group():
    data = raw()
    del data["units"][1]["ects"]
    group = data["rules"]["compensation"][0]
    group["weights"] = {u: 1 for u in group["units"]}

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "min-ects.yaml")

    assert "rules.compensation.0.min_ects_acquired: unit 'ue-b' has no known ECTS" in str(
        caught.value
    )


def test_more_zeros_than_units_is_refused():
    data = raw()
    data["rules"]["compensation"][0]["zeros_eliminatory"] = 6

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "min-ects.yaml")

    assert "rules.compensation.0.zeros_eliminatory: 6 is more than the group's 5 units" in str(
        caught.value
    )


# --- invariants -------------------------------------------------------------------------------

COURSES = tuple(TWELVES)
RANK = {False: 0, None: 1, True: 2}
near = st.integers(0, 80).map(lambda n: n / 4)
outcome = st.one_of(near, near, near, st.none(), st.just("missing"))
SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _known(cells: dict) -> dict:
    return {c: g for c, g in cells.items() if g != "missing"}


def _evaluate(grades: dict, second: dict | None = None):
    p = programme()
    return evaluate(p, Scenario(programme=p.id, grades=grades, session2_grades=second or {}))


@SOME
@given(cells=st.fixed_dictionaries({c: outcome for c in COURSES}), data=st.data())
def test_raising_a_grade_never_takes_away_a_validation(cells, data):
    graded = [c for c, g in cells.items() if g != "missing"]
    if not graded:
        return
    course = data.draw(st.sampled_from(graded))
    raised = {**cells, course: data.draw(st.floats(cells[course] or 0, 20, allow_nan=False))}
    before, after = _evaluate(_known(cells)), _evaluate(_known(raised))

    for b, a in zip(before.units, after.units, strict=True):
        assert RANK[a.session1.validated] >= RANK[b.session1.validated], a.unit
        if b.validated is True:
            assert a.validated is True, a.unit


@SOME
@given(
    cells=st.fixed_dictionaries({c: outcome for c in COURSES}),
    second=st.dictionaries(st.sampled_from(COURSES), st.one_of(near, st.none()), max_size=4),
    data=st.data(),
)
def test_a_certain_compensation_verdict_holds_whatever_a_pending_grade_gives(cells, second, data):
    # A session-2 grade only for a course whose session-1 grade is known: one entered for a
    # course not known yet says it was retaken, which a session-1 grade drawn later may deny.
    second = {c: g for c, g in second.items() if cells[c] != "missing"}
    evaluation = _evaluate(_known(cells), second)
    unknown = [c for c, g in cells.items() if g == "missing"]
    if not unknown:
        return
    course = data.draw(st.sampled_from(unknown))
    given_ = data.draw(st.one_of(near, st.none()))
    later = _evaluate({**_known(cells), course: given_}, second)

    for now, then in zip(evaluation.units, later.units, strict=True):
        if now.code is not None:
            assert then.code == now.code, now.unit


# --- a strict threshold (UE E: « strictement supérieure à 10/20 ») ---------------------------
# B 8 and C 9 in these scenarios: A, D and E carry at most 9 + 6 + 3 = 18 < 21 ECTS, so no
# unit is compensated and UE E stands on its own rule.
NO_COMPENSATION = {"b1": 8, "c1": 9}


def test_a_mean_exactly_at_a_strict_threshold_fails_and_both_courses_are_retaken():
    # e1 10, e2 10: (10 + 10) / 2 = 10, not above 10. Each course is at 10, not above it:
    # both are retaken.
    e = judge({**NO_COMPENSATION, "e1": 10, "e2": 10}).unit("ue-e")

    assert e.session1.validated is False
    assert e.session1.message.code == "failed_not_above"
    assert e.session1.explanation("en") == (
        "Mean 10, not above 10: the threshold is strict. "
        "Retake Éthique factice (10) and Épistémologie simulée (10)."
    )
    assert e.session1.explanation("fr") == (
        "Moyenne 10, sans dépasser 10 : le seuil est strict. "
        "Repasser Éthique factice (10) et Épistémologie simulée (10)."
    )
    assert e.retakes == ("e1", "e2")


def test_a_mean_just_above_a_strict_threshold_validates():
    # (10 + 10.01) / 2 = 10.005 > 10.
    e = judge({**NO_COMPENSATION, "e1": 10, "e2": 10.01}).unit("ue-e")

    assert e.code == "ADM"


def test_under_a_strict_threshold_the_minimum_is_just_above_the_grade_that_reaches_it():
    # e1 10, e2 not known: (10 + x) / 2 > 10 ⟺ x > 10. As a grade is written: 10.01.
    evaluation = judge({**NO_COMPENSATION, "e1": 10}, leave_out=("e2",))
    minimum = evaluation.minimums_for("ue-e").uniform

    assert (minimum.status, minimum.route) == ("needed", "own")
    assert minimum.value > 10
    assert minimum.rounded_up == 10.01
    at_10 = judge({**NO_COMPENSATION, "e1": 10, "e2": 10}).unit("ue-e")
    at_minimum = judge({**NO_COMPENSATION, "e1": 10, "e2": minimum.rounded_up}).unit("ue-e")
    assert (at_10.session1.validated, at_minimum.session1.validated) == (False, True)


def test_without_strict_the_same_unit_needs_exactly_10():
    data = raw()
    del data["rules"]["units"][4]["strict"]
    p = parse_programme(data, "min-ects.yaml")
    grades = {**TWELVES, **NO_COMPENSATION, "e1": 10}
    del grades["e2"]

    minimum = evaluate(p, Scenario(programme=p.id, grades=grades)).minimums_for("ue-e")

    assert (minimum.uniform.value, minimum.uniform.rounded_up) == (10, 10)


def test_a_strict_threshold_says_so_while_pending_and_when_certainly_failed():
    pending = judge(NO_COMPENSATION, leave_out=("e1", "e2")).unit("ue-e").session1
    # e1 0, e2 not known: at most (0 + 20) / 2 = 10, not above 10.
    failed = judge({**NO_COMPENSATION, "e1": 0}, leave_out=("e2",)).unit("ue-e")

    assert pending.explanation("en") == (
        "Depends on Éthique factice and Épistémologie simulée: every mean is still possible; "
        "a mean above 10 validates the unit."
    )
    assert pending.explanation("fr") == (
        "Dépend des notes d'Éthique factice et d'Épistémologie simulée : tout reste possible ; "
        "une moyenne supérieure à 10 valide l'UE."
    )
    assert failed.session1.explanation("en") == (
        "Cannot be validated even with full marks in Épistémologie simulée: the mean is at "
        "most 10, not above 10 (the threshold is strict). Retake Éthique factice (0). "
        "Épistémologie simulée will be retaken if not above 10."
    )
    assert failed.session1.explanation("fr").endswith(
        "Épistémologie simulée sera à repasser si ≤ 10."
    )
    assert (failed.retakes, failed.retakes_if_below) == (("e1",), ("e2",))


def test_the_odds_fail_a_mean_exactly_at_a_strict_threshold_and_retake_both_courses():
    p = programme()
    grades = {**TWELVES, **NO_COMPENSATION, "e1": 10, "e2": 10}
    e = simulate(p, Scenario(programme=p.id, grades=grades), {}, draws=200).unit("ue-e")

    assert e.validated == 0.0
    assert [c.retake for c in e.courses] == [1.0, 1.0]


def test_the_rules_page_and_the_pdf_say_the_threshold_is_strict():
    p = programme()
    rule = p.rule_for("ue-e")
    texts = {lang: [s.text for s in statements(p, lang) if s.topic == "UE E"] for lang in LANGS}

    assert texts["en"] == [
        "Validated when both course grades are obtained and their mean is above 10/20 "
        "(strictly: 10/20 itself does not validate). Otherwise, every course absent or not "
        "above 10/20 is retaken in session 2 (a course already above it cannot be); the unit "
        "is then judged again by the same rule."
    ]
    assert texts["fr"][0].startswith(
        "Validée si les deux notes sont obtenues et que leur moyenne est supérieure à 10/20 "
        "(au sens strict : 10/20 tout juste ne valide pas). Sinon, chaque cours absent ou qui "
        "ne dépasse pas 10/20 est repassé en session 2"
    )
    assert rule.summary("10", "20", "en") == "mean of all course grades > 10/20"
    assert rule.summary("10", "20", "fr") == "moyenne de toutes les notes > 10/20"
    assert p.rule_for("ue-a").summary("10", "20", "en") == "mean of all course grades ≥ 10/20"


def test_strict_needs_format_version_3():
    data = version_2()
    data["rules"]["units"][4]["strict"] = True

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "min-ects.yaml")

    assert (
        "rules.units.4.strict: needs format_version: 3 (a version-2 file has no strict)"
    ) in str(caught.value)


def test_stat_learning_stays_at_least_50_its_supérieure_à_being_the_complement_of_its_lt_50():
    # « leur moyenne est supérieure à 50/100 » validates; « Passage en session 2 si […] la
    # moyenne des 5 notes < 50/100 »: a mean of exactly 50 is not sent to session 2, so it
    # validates. No rule of the shipped catalogue is strict.
    sl = load_programme_file(CATALOGUE_DIR / "m2-stat-learning-2024.yaml")

    assert not any(rule.strict for rule in sl.rules.units)
    for shipped in load_catalogue().programmes:
        assert not any(rule.strict for rule in shipped.rules.units), shipped.id


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ("mean of all course grades > 10/20", "not above 10")),
        ("fr", ("moyenne de toutes les notes > 10/20", "sans dépasser 10")),
    ],
)
def test_the_pdf_summary_says_the_threshold_is_strict(lang, said, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) reads the PDF's text; CI installs it")
    # e1 0, e2 not known: E fails, retakes e1, and e2 if not above 10.
    evaluation = judge({**NO_COMPENSATION, "e1": 0}, leave_out=("e2",))
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(programme(), evaluation, lang, dt.date(2100, 1, 1)))
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True, text=True
    )
    text = " ".join(done.stdout.split())

    for words in said:
        assert words in text


def test_a_programme_written_back_with_strict_false_reads_as_before_in_any_version():
    # A dump writes every default, `strict: false` included: a version-1 or version-2 file
    # read back must not be refused for a key it does not use.
    for shipped in load_catalogue().programmes:
        data = shipped.model_dump(mode="json")
        assert all(rule["strict"] is False for rule in data["rules"]["units"])

        assert parse_programme(data, "dumped.yaml") == shipped
