"""Nested compensation (format_version 3): units compensate within a semester, semesters
within the year; and a certain code never changes when an unknown grade becomes known.

The fictional programme (tests/programmes/m2-fictional-nested.yaml), grades /20, every
threshold 10, one grade per unit: Semester 1 holds UE A and UE B (6 ECTS each, unit floor
7), Semester 2 UE C (9 ECTS) and UE D (3 ECTS); the year holds the two semesters (12 ECTS
each, so its mean is the plain mean of the semester means), with no semester below 8.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import CatalogueError, Programme, load_programme_file, parse_programme
from planner.evaluation import evaluate
from planner.odds import simulate
from planner.outputs.cli import main
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.scenario import Scenario
from tests.unit.support import file_data
from tests.unit.support import judge_file as judge

PROGRAMMES = Path(__file__).resolve().parents[1] / "programmes"
PROGRAMME_FILE = PROGRAMMES / "m2-fictional-nested.yaml"
COURSES = ("a1", "b1", "c1", "d1")
SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


@cache
def nested() -> Programme:
    return load_programme_file(PROGRAMME_FILE)


@cache
def without_year() -> Programme:
    """« Pas de compensation annuelle »: the same semesters, no group above them."""
    data = raw()
    data["rules"]["compensation"] = data["rules"]["compensation"][:2]
    return parse_programme(data, "nested-without-year.yaml")


def codes(evaluation) -> dict[str, str | None]:
    return {u.unit: u.code for u in evaluation.units}


# --- the verdicts, by hand ---------------------------------------------------------------------


def test_a_unit_is_compensated_within_its_semester():
    # S1: (12 + 9) / 2 = 10.5 ≥ 10, B at 9 ≥ 7: B is CMP within Semester 1.
    evaluation = judge(nested(), {"a1": 12, "b1": 9, "c1": 10, "d1": 10})
    b = evaluation.unit("ue-b")
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": "CMP", "ue-c": "ADM", "ue-d": "ADM"}
    assert b.compensation.message.code == "compensated_within"
    assert b.compensation.message.text("en") == (
        "Validated by compensation within Semester 1 (CMP): the mean of UE A and UE B is 10.5 ≥ 10."
    )
    assert "au sein de « Semester 1 »" in b.compensation.message.text("fr")
    assert b.retakes == ()
    assert evaluation.year.validated is True


def test_a_semester_failed_is_compensated_over_the_year():
    # S1: (10 + 8) / 2 = 9 < 10: B is not compensated within Semester 1. S2: (9 × 12 +
    # 3 × 10) / 12 = 11.5. The year: (9 + 11.5) / 2 = 10.25 ≥ 10, S1 at 9 ≥ 8: B is CMP over
    # the year, and Semester 1 validated with it.
    evaluation = judge(nested(), {"a1": 10, "b1": 8, "c1": 12, "d1": 10})
    b = evaluation.unit("ue-b")
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": "CMP", "ue-c": "ADM", "ue-d": "ADM"}
    assert b.compensation.message.text("en") == (
        "Validated by compensation over the year (CMP): the mean of Semester 1 and Semester 2 "
        "is 10.25 ≥ 10."
    )
    assert "sur l'année" in b.compensation.message.text("fr")
    outcomes = {o.group: o for o in evaluation.groups}
    assert (outcomes["s1"].validated, outcomes["s1"].mean) == (True, 9.0)
    assert (outcomes["s2"].validated, outcomes["s2"].mean) == (True, 11.5)
    assert (outcomes["year"].validated, outcomes["year"].mean) == (True, 10.25)
    assert outcomes["s1"].units == ("ue-a", "ue-b")
    assert evaluation.year.validated is True


def test_without_compensation_over_the_year_the_same_grades_fail_b():
    # « Pas de compensation annuelle »: S1 at 9 < 10 and nothing above it. B retakes b1.
    evaluation = judge(without_year(), {"a1": 10, "b1": 8, "c1": 12, "d1": 10})
    b = evaluation.unit("ue-b")
    assert b.compensation.message.text("en") == (
        "Not compensated: the mean of the group (UE A and UE B) is 9 < 10."
    )
    assert b.retakes == ("b1",)
    assert b.code is None  # its session 2 is to come
    final = judge(without_year(), {"a1": 10, "b1": 8, "c1": 12, "d1": 10}, {"b1": 8})
    assert codes(final)["ue-b"] == "AJ"
    assert final.year.validated is False


def test_the_same_failure_over_the_year_says_both_levels():
    # b1 8 again in session 2: S1 stays at 9 and S2 at 11.5 (c1 12, d1 10), so the year
    # compensates B on the final grades too; with c1 10 and d1 10, S2 = 10 and the year
    # (9 + 10) / 2 = 9.5 < 10: B is AJ, and its reason names both levels.
    evaluation = judge(nested(), {"a1": 10, "b1": 8, "c1": 10, "d1": 10}, {"b1": 8})
    b = evaluation.unit("ue-b")
    assert b.code == "AJ"
    assert b.compensation.message.text("en") == (
        "Not compensated: the mean of the group (UE A and UE B) is 9 < 10. Over the year: "
        "Not compensated: the mean of the group (Semester 1 and Semester 2) is 9.5 < 10."
    )


def test_a_floor_at_the_inner_level_blocks_both_levels():
    # S1: (14 + 6.5) / 2 = 10.25 ≥ 10, but B at 6.5 is below Semester 1's floor 7: not
    # compensated within it; the year's mean (10.25 + 11.5) / 2 = 10.875 would compensate,
    # but Semester 1 is held by that floor. B retakes b1, and 6.5 again fails for good.
    grades = {"a1": 14, "b1": 6.5, "c1": 12, "d1": 10}
    b = judge(nested(), grades).unit("ue-b")
    assert b.compensation.validated is False
    assert b.compensation.message.text("en") == (
        "Not compensated: UE B below 7, the floor of the group. Over the year: Not "
        "compensated: Semester 1 is held by a note éliminatoire, which blocks compensation "
        "for the whole group (Semester 1 and Semester 2)."
    )
    assert b.retakes == ("b1",)
    assert judge(nested(), grades, {"b1": 6.5}).unit("ue-b").code == "AJ"


def test_a_semester_below_the_year_s_floor_is_not_compensated_over_the_year():
    # S1: (8 + 7.5) / 2 = 7.75, below the year's floor 8 (the year's mean (7.75 + 12) / 2
    # = 9.875 fails anyway); A and B are both failed, not compensated at either level.
    a = judge(nested(), {"a1": 8, "b1": 7.5, "c1": 12, "d1": 12}).unit("ue-a")
    assert a.compensation.validated is False
    assert a.compensation.message.text("en").endswith(
        "Over the year: Not compensated: Semester 1 below 8, the floor of the group."
    )


def test_a_semester_waiting_on_a_grade_keeps_the_year_pending():
    b = judge(nested(), {"a1": 10, "b1": 8, "c1": 12}).unit("ue-b")
    assert b.compensation.validated is None
    assert b.compensation.message.text("en").endswith(
        "Over the year: Compensation within Semester 1 and Semester 2 not decided yet: "
        "waiting for Semester 2."
    )


def test_two_units_compensated_at_two_levels_at_once():
    # S1: (10 + 8) / 2 = 9, B fails within it. S2: c1 16, d1 2 → (9 × 16 + 3 × 2) / 12 =
    # 12.5: D is CMP within Semester 2. The year: (9 + 12.5) / 2 = 10.75: B is CMP over it.
    evaluation = judge(nested(), {"a1": 10, "b1": 8, "c1": 16, "d1": 2})
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": "CMP", "ue-c": "ADM", "ue-d": "CMP"}
    assert evaluation.unit("ue-d").compensation.message.code == "compensated_within"
    assert evaluation.unit("ue-b").compensation.message.code == "compensated_year"


@cache
def year_blocks_unit() -> Programme:
    """The year saying `floor_blocks: unit`: a semester held by a floor is not compensated
    over the year, but its mean still counts for the other semester."""
    data = raw()
    data["rules"]["compensation"][2]["floor_blocks"] = "unit"
    return parse_programme(data, "nested-year-blocks-unit.yaml")


HELD_S1 = {"a1": 16, "b1": 6, "c1": 9.5, "d1": 9.5}


@pytest.mark.parametrize(("policy", "code"), [("replace", None), ("keep_best", "CMP")])
def test_a_compensation_over_the_year_is_provisional_while_a_unit_under_the_year_retakes(
    policy, code
):
    # S1: (16 + 6) / 2 = 11, but B at 6 is below Semester 1's floor 7: B fails and
    # retakes b1, and Semester 1 is held by that floor. S2: 9.5, C and D fail within it.
    # The year: (11 + 9.5) / 2 = 10.25 ≥ 10 compensates Semester 2 (the year's floor_blocks:
    # unit). Under replace B's retake can lower S1's mean: C and D are provisional and keep
    # their retakes; under keep_best they are CMP at once.
    evaluation = judge(year_blocks_unit(), HELD_S1, session2_policy=policy)
    c = evaluation.unit("ue-c")
    assert c.code == code
    if code is None:
        assert c.compensation.message.code == "compensation_provisional"
        assert c.compensation.message.params["waiting"] == ["UE B"]
        assert c.retakes == ("c1",)
    else:
        assert c.retakes == ()


@pytest.mark.parametrize(("b_retake", "code"), [(6, "CMP"), (2, "AJ")])
def test_the_final_grades_decide_a_provisional_compensation_over_the_year(b_retake, code):
    # Retakes c1 and d1 at 9.5 again. b1 6 again: S1 still 11, the year 10.25: C and D CMP.
    # b1 2: S1 (16 + 2) / 2 = 9, the year (9 + 9.5) / 2 = 9.25 < 10: C and D AJ.
    second = {"b1": b_retake, "c1": 9.5, "d1": 9.5}
    evaluation = judge(year_blocks_unit(), HELD_S1, second)
    assert codes(evaluation) == {"ue-a": "ADM", "ue-b": "AJ", "ue-c": code, "ue-d": code}


@pytest.mark.parametrize(
    ("grades", "code"),
    [
        # S2 validated alone (C 12, D 10): its 12 ECTS count; the year (9 + 11.5) / 2.
        ({"a1": 10, "b1": 8, "c1": 12, "d1": 10}, "CMP"),
        # S2 validated by its own compensation ((9 × 9 + 3 × 18) / 12 = 11.25, C CMP within
        # it) counts as validated above it: the year (9 + 11.25) / 2 = 10.125.
        ({"a1": 10, "b1": 8, "c1": 9, "d1": 18}, "CMP"),
    ],
)
def test_a_condition_on_counts_at_the_year_counts_semesters_validated(grades, code):
    data = raw()
    data["rules"]["compensation"][2]["min_ects_acquired"] = 12
    counted = parse_programme(data, "nested-min-ects.yaml")
    assert judge(counted, grades).unit("ue-b").code == code
    # 13 ECTS: no semester but the one that fails carries them; B retakes.
    data["rules"]["compensation"][2]["min_ects_acquired"] = 13
    too_many = parse_programme(data, "nested-min-ects-13.yaml")
    b = judge(too_many, grades).unit("ue-b")
    assert b.compensation.validated is False
    assert "only 12 of the 13 ECTS required" in b.compensation.message.text("en")


def test_a_semester_left_with_one_unit_by_the_plan_hands_it_to_the_year():
    # UE D only in track "x": a student of track "y" has Semester 2 = UE C alone, which
    # compensates nothing; UE C stands in the year in its place (9 ECTS). The year:
    # (12 × 9 + 9 × 12) / 21 = 216 / 21 ≈ 10.29 ≥ 10: B is CMP over the year.
    data = raw()
    data["tracks"] = [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}]
    data["units"][3]["tracks"] = ["x"]
    tracked = parse_programme(data, "nested-tracks.yaml")
    scenario = Scenario(programme=tracked.id, track="y", grades={"a1": 10, "b1": 8, "c1": 12})
    evaluation = evaluate(tracked, scenario)
    b = evaluation.unit("ue-b")
    assert b.code == "CMP"
    assert b.compensation.message.text("en") == (
        "Validated by compensation over the year (CMP): the mean of UE C and Semester 1 is "
        "10.29 ≥ 10."
    )
    assert simulate(tracked, scenario, {}, draws=8, seed=1).unit("ue-b").validated == 1.0


def test_a_compensation_over_the_year_rests_on_the_semester_s_rule_too():
    # Semester 1's rule assumed: B is CMP over the year because Semester 1 does not
    # compensate it, which that assumed rule says; the verdict is assumed.
    data = raw()
    data["rules"]["compensation"][0]["status"] = "assumed"
    assumed = parse_programme(data, "nested-assumed.yaml")
    b = judge(assumed, {"a1": 10, "b1": 8, "c1": 12, "d1": 10}).unit("ue-b")
    assert (b.code, b.compensation.status) == ("CMP", "assumed")
    assert (
        judge(nested(), {"a1": 10, "b1": 8, "c1": 12, "d1": 10}).unit("ue-b").compensation.status
        == "published"
    )


def test_a_flat_group_reads_as_before():
    # One group, no id, no name: the message a flat group always gave.
    data = raw()
    data["rules"]["compensation"] = [
        {"units": ["ue-a", "ue-b"], "weights": "ects", "threshold": 10, "status": "published"}
    ]
    flat = parse_programme(data, "flat.yaml")
    b = judge(flat, {"a1": 12, "b1": 9, "c1": 10, "d1": 10}).unit("ue-b")
    assert b.compensation.message.code == "compensated"
    assert b.compensation.message.text("en") == (
        "Validated by compensation (CMP): the mean of the group (UE A and UE B) is 10.5 ≥ 10."
    )


# --- the file ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "key"), [(0, "id"), (0, "name"), (2, "groups"), (2, "id"), (2, "name")]
)
def test_nesting_needs_format_version_3(index, key):
    data = raw()
    data["format_version"] = 2
    with pytest.raises(CatalogueError) as refused:
        parse_programme(data, "nested-v2.yaml")
    assert f"rules.compensation.{index}.{key}: needs format_version: 3" in str(refused.value)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda c: c[2].update(groups=["s1", "s9"]), "rules.compensation.2.groups: unknown group"),
        (lambda c: c[1].update(id="s1"), "duplicate group id 's1'"),
        (lambda c: c.append({"groups": ["s1", "s2"], "threshold": 10}), "group 's1' is in 2"),
        (lambda c: c[0].update(groups=["year"]), "the group holds itself"),
        (lambda c: c[2].update(groups=["s1"]), "at least 2 members"),
        (
            lambda c: c[2].update(weights={"s1": 1}),
            "rules.compensation.2.weights: no weight for group 's2'",
        ),
    ],
)
def test_a_nesting_that_cannot_be_read_is_refused_with_its_path(change, said):
    data = raw()
    change(data["rules"]["compensation"])
    with pytest.raises(CatalogueError) as refused:
        parse_programme(data, "nested-bad.yaml")
    assert said in str(refused.value)


def test_explicit_weights_of_semesters_count_in_the_year():
    # The year weighs S1 3 and S2 1: (3 × 9 + 11.5) / 4 = 9.625 < 10, B not compensated.
    data = raw()
    data["rules"]["compensation"][2]["weights"] = {"s1": 3, "s2": 1}
    weighted = parse_programme(data, "nested-weights.yaml")
    b = judge(weighted, {"a1": 10, "b1": 8, "c1": 12, "d1": 10}).unit("ue-b")
    assert b.compensation.validated is False
    assert "is 9.62 < 10." in b.compensation.message.text("en")


# --- every view ----------------------------------------------------------------------------------


def test_the_minimum_grade_is_the_exact_one_over_the_year():
    # b1 unknown, a1 10, S2 11.5: within Semester 1 B needs (10 + b) / 2 ≥ 10, b ≥ 10, its
    # own 10 too; over the year S1 ≥ 2 × 10 - 11.5 = 8.5, so b ≥ 7 (and S1's floor 7, the
    # year's 8 for S1 at b ≥ 6): 7, by compensation.
    found = judge(nested(), {"a1": 10, "c1": 12, "d1": 10}).minimums_for("ue-b").uniform
    assert (found.status, found.value, found.route) == ("needed", 7.0, "compensation")
    assert judge(nested(), {"a1": 10, "b1": 7, "c1": 12, "d1": 10}).unit("ue-b").code == "CMP"
    assert judge(nested(), {"a1": 10, "b1": 6.99, "c1": 12, "d1": 10}).unit("ue-b").code is None
    # Without the year, the 10 of B's own rule (within S1 it also needs 10).
    alone = judge(without_year(), {"a1": 10, "c1": 12, "d1": 10}).minimums_for("ue-b").uniform
    assert (alone.value, alone.route) == (10.0, "own")


def test_the_minimum_respects_the_inner_floor_over_the_year():
    # a1 14: the year asks S1 ≥ 8.5, b ≥ 3, but Semester 1's floor holds below 7.
    found = judge(nested(), {"a1": 14, "c1": 12, "d1": 10}).minimums_for("ue-b").uniform
    assert (found.value, found.route) == (7.0, "compensation")


def test_a_session_2_minimum_reads_a_semester_compensated_in_session_1():
    # A 7.5 fails; B absent (no mean); C 14.75; D 7.25 fails alone, but Semester 2's
    # (9 × 14.75 + 3 × 7.25) / 12 = 12.875 compensates it in session 1. A retakes a1: 7.25.
    # B's retake: the year asks S1 ≥ max(20 - 12.875, 8) = 8, S1 = (7.25 + b) / 2, so
    # b ≥ 8.75 (below its own 10, and within Semester 1 it would need 12.75); A is then
    # compensated over the year too. D's session-1 mean, beside A's session 2, gives it.
    grades = {"a1": 7.5, "b1": None, "c1": 14.75, "d1": 7.25}
    found = judge(nested(), grades, {"a1": 7.25}).minimums_for("ue-b")
    assert found.session == 2
    minimum = found.uniform
    assert (minimum.value, minimum.route, minimum.for_units) == (8.75, "compensation", ("ue-a",))
    at = judge(nested(), grades, {"a1": 7.25, "b1": 8.75})
    assert codes(at) == {"ue-a": "CMP", "ue-b": "CMP", "ue-c": "ADM", "ue-d": "CMP"}
    below = judge(nested(), grades, {"a1": 7.25, "b1": 8.74})
    assert (below.unit("ue-a").code, below.unit("ue-b").code) == ("AJ", "AJ")


def test_the_rules_page_says_each_level():
    texts = [s.text for s in statements(nested(), "en")]
    assert any(t.startswith("Semester 1: UE A and UE B compensate each other") for t in texts)
    year = next(t for t in texts if t.startswith("The year: Semester 1 and Semester 2"))
    assert "A member group counts with its own mean" in year
    french = [s.text for s in statements(nested(), "fr")]
    assert any(t.startswith("Semester 1 : UE A et UE B se compensent") for t in french)
    assert not any("over the year" in t for t in texts)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "No compensation over the year: Semester 1 and Semester 2 do not compensate each "
            "other.",
        ),
        (
            "fr",
            "Pas de compensation annuelle : Semester 1 et Semester 2 ne se compensent pas "
            "entre eux.",
        ),
    ],
)
def test_the_rules_page_and_the_pdf_say_there_is_no_compensation_over_the_year(
    lang, said, tmp_path
):
    texts = [s.text for s in statements(without_year(), lang)]
    assert said in texts
    if shutil.which("pdftotext"):
        evaluation = judge(without_year(), {"a1": 10, "b1": 8, "c1": 12, "d1": 10})
        pdf = tmp_path / "summary.pdf"
        pdf.write_bytes(summary_pdf(without_year(), evaluation, lang, dt.date(2099, 9, 1)))
        text = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert said in " ".join(text.split())


def test_the_cli_names_the_level(capsys, tmp_path):
    scenario = tmp_path / "s.json"
    grades = {"a1": 10, "b1": 8, "c1": 12, "d1": 10}
    scenario.write_text(json.dumps({"programme": nested().id, "grades": grades}))
    assert main(["evaluate", str(scenario), "--catalogue", str(PROGRAMME_FILE)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Validated by compensation over the year (CMP)" in out
    assert main(["evaluate", str(scenario), "--catalogue", str(PROGRAMME_FILE), "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert groups == [
        {"id": "s1", "name": "Semester 1", "units": ["ue-a", "ue-b"], "validated": True, "mean": 9},
        {
            "id": "s2",
            "name": "Semester 2",
            "units": ["ue-c", "ue-d"],
            "validated": True,
            "mean": 11.5,
        },
        {
            "id": "year",
            "name": "The year",
            "units": ["ue-a", "ue-b", "ue-c", "ue-d"],
            "validated": True,
            "mean": 10.25,
        },
    ]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext reads the PDF's text")
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Validated by compensation over the year (CMP)"),
        ("fr", "Validée par compensation sur l'année (CMP)"),
    ],
)
def test_the_pdf_names_the_level_and_describes_each(lang, said, tmp_path):
    evaluation = judge(nested(), {"a1": 10, "b1": 8, "c1": 12, "d1": 10})
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(nested(), evaluation, lang, dt.date(2099, 9, 1)))
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert said in flat
    assert "Semester 1" in flat and "The year" in flat


# --- invariants ------------------------------------------------------------------------------

near = st.integers(0, 80).map(lambda n: n / 4)  # near the thresholds, where compensation decides
outcome = st.one_of(near, near, near, st.none(), st.just("missing"))


def known(cells: dict) -> dict:
    return {c: g for c, g in cells.items() if g != "missing"}


def _evaluate(programme: Programme, cells: dict, second: dict, policy: str):
    scenario = Scenario(
        programme=programme.id,
        grades=known(cells),
        session2_grades=second,
        parameters={"session2_policy": policy},
    )
    return evaluate(programme, scenario)


@SOME
@given(
    which=st.sampled_from([nested, without_year, year_blocks_unit]),
    cells=st.fixed_dictionaries({c: st.one_of(near, st.none()) for c in COURSES}),
    retakes=st.fixed_dictionaries({c: st.one_of(near, st.none()) for c in COURSES}),
    policy=st.sampled_from(["replace", "keep_best"]),
)
def test_the_odds_on_entered_grades_are_the_engine_s_verdicts_at_every_level(
    which, cells, retakes, policy
):
    programme = which()
    first = _evaluate(programme, cells, {}, policy)
    second = {c: g for c, g in retakes.items() if c in first.retakes}
    evaluation = _evaluate(programme, cells, second, policy)
    odds = simulate(programme, evaluation.scenario, {}, draws=8, seed=1)

    in_session1 = {
        u.unit: u.session1.validated is True
        or (u.compensation is not None and u.compensation.validated is True and u.session2 is None)
        for u in evaluation.units
    }
    final = {u.unit: u.validated is True for u in evaluation.units}
    for unit in odds.units:
        assert unit.validated == (1.0 if in_session1[unit.unit] else 0.0), unit.unit
        assert unit.validated_after_session2 == (1.0 if final[unit.unit] else 0.0), unit.unit
        for course in unit.courses:
            assert course.retake == (1.0 if course.course in evaluation.retakes else 0.0)
    assert odds.year_after_session2 == (1.0 if evaluation.year.validated else 0.0)


@SOME
@given(
    which=st.sampled_from([nested, without_year, year_blocks_unit]),
    cells=st.fixed_dictionaries({c: outcome for c in COURSES}),
    retakes=st.dictionaries(st.sampled_from(COURSES), st.one_of(near, st.none()), max_size=2),
    policy=st.sampled_from(["replace", "keep_best"]),
)
def test_the_minimum_under_nesting_validates_and_one_hundredth_less_does_not(
    which, cells, retakes, policy
):
    programme = which()
    second = {c: g for c, g in retakes.items() if cells[c] != "missing"}
    evaluation = _evaluate(programme, cells, second, policy)
    for found in evaluation.minimums:
        enrolled = evaluation.unit(found.unit).enrolled

        def reached(value: float, found=found, minimum=None, enrolled=enrolled) -> bool:
            """`value` in the minimum's courses (the unit's other unknowns at 0), in its
            session: the unit validated, and every unit it names compensated."""
            minimum = minimum or found.uniform
            plugged = {**dict.fromkeys(found.uniform.courses, 0.0)}
            plugged.update(dict.fromkeys(minimum.courses, value))
            grades, again = dict(cells), dict(second)
            if found.session == 1:
                grades.update(plugged)
                again = {c: g for c, g in again.items() if c not in enrolled}
            else:
                again.update(plugged)
            units = _evaluate(programme, grades, again, policy).units
            by_id = {u.unit: u for u in units}
            return by_id[found.unit].validated is True and all(
                by_id[u].code == "CMP" for u in minimum.for_units
            )

        for minimum in (found.uniform, *found.per_course):
            if minimum.status != "needed":
                continue
            assert reached(minimum.value, minimum=minimum), minimum
            lower = max(0.0, minimum.value - 0.01)
            assert not reached(lower, minimum=minimum), minimum
