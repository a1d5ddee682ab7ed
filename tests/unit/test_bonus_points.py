"""Bonus points that move a mean (format_version 3, `rules.bonus_points`,
planner.rules.bonus); a version-2 file reads as it always has.

The fictional programme (tests/programmes/m2-fictional-bonus.yaml), grades /20, every
threshold 10:

- UE A: mean of a1 and a2; Sport adds 0.1 × (grade − 10), at most 0.5, counted.
  a1 9.6, a2 10 → 9.8; Sport 13 → 0.3 → 10.1: validated by the bonus.
  The cap: a1 9, a2 10 → 9.5, Sport 18 → 0.8 capped at 0.5 → 10.0, validated; a1 8.8 →
  9.4 + 0.5 = 9.9 < 10 (0.8 uncapped would give 10.2).
- UE B: one grade; Langue adds 0.05 × (grade − 10), shown, not counted. b1 9.8, Langue 16
  → 0.3: shown 10.1, and the unit fails (9.8 < 10).
- UE C and UE D compensate each other (9 ECTS each: the plain mean); Engagement adds
  0.05 × (grade − 10) to the group's mean, counted. c1 8, d1 11.5 → 9.75; Engagement 16 →
  0.3 → 10.05 ≥ 10, C is CMP; Engagement 14 → 0.2 → 9.95 < 10, C is AJ.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.catalogue import CatalogueError, Programme, load_programme_file, parse_programme
from planner.evaluation import to_contract
from planner.odds import simulate
from planner.outputs.cli import main
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.scenario import Scenario
from tests.unit.support import file_data
from tests.unit.support import judge_file as judge

PROGRAMME_FILE = Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-bonus.yaml"
PDFTOTEXT = shutil.which("pdftotext")
# UE A validated by Sport's 0.3; UE B's bonus shown; UE C compensated with Engagement's 0.3.
PLAN = {
    "a1": 9.6, "a2": 10, "sport": 13,
    "b1": 9.8, "langue": 16,
    "c1": 8, "d1": 11.5, "engagement": 16,
}  # fmt: skip


@cache
def bonus() -> Programme:
    return load_programme_file(PROGRAMME_FILE)


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


# --- the file -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [1, 2])
def test_a_file_of_an_older_version_cannot_give_the_key(version):
    data = raw()
    data["format_version"] = version
    with pytest.raises(CatalogueError, match=r"rules\.bonus_points: needs format_version: 3"):
        parse_programme(data)


def test_a_bonus_names_one_target_a_known_source_and_an_existing_group():
    data = raw()
    data["rules"]["bonus_points"][0]["group"] = ["ue-c", "ue-d"]
    data["rules"]["bonus_points"][1]["earned_by"] = "ue-a"
    data["rules"]["bonus_points"][2]["group"] = ["ue-a", "ue-c"]
    with pytest.raises(CatalogueError) as refused:
        parse_programme(data)
    text = str(refused.value)
    assert "unit or group, not both" in text
    data["rules"]["bonus_points"][0].pop("group")
    with pytest.raises(CatalogueError) as refused:
        parse_programme(data)
    text = str(refused.value)
    assert "rules.bonus_points.1.earned_by: 'ue-a' is neither a course nor a bonus unit" in text
    assert "rules.bonus_points.2.group: no compensation group has exactly these units" in text


def test_a_version_2_file_without_the_key_reads_as_before():
    data = raw()
    data["format_version"] = 2
    del data["rules"]["bonus_points"]
    programme = parse_programme(data)
    evaluation = judge(programme, PLAN)

    a = evaluation.unit("ue-a")
    assert a.session1.validated is False and a.session1.mean == pytest.approx(9.8)
    assert a.session1.bonus is None
    assert evaluation.unit("ue-c").code is None  # 9.75 < 10, not compensated, c1 retaken


# --- a unit's mean --------------------------------------------------------------------------


def test_a_unit_failing_at_9_8_is_validated_by_a_bonus_of_0_3():
    a = judge(bonus(), PLAN).unit("ue-a")

    assert a.code == "ADM"
    assert a.session1.mean == pytest.approx(10.1)
    assert a.session1.bonus == pytest.approx(0.3)
    assert a.session1.bonus_counted is True
    assert a.retakes == ()
    assert a.session1.explanation("en") == (
        "Mean 10.1 ≥ 10: validated. Including the bonus from Sport: +0.3."
    )
    assert a.session1.explanation("fr").endswith(" Bonus de Sport compris : +0,3.")


@pytest.mark.parametrize(
    ("a1", "validated", "mean"),
    [(9, True, 10.0), (8.8, False, 9.9)],
)
def test_the_bonus_is_capped_at_0_5(a1, validated, mean):
    a = judge(bonus(), {"a1": a1, "a2": 10, "sport": 18}).unit("ue-a")

    assert a.session1.bonus == pytest.approx(0.5)  # 0.1 × (18 − 10) = 0.8, capped
    assert a.session1.validated is validated
    assert a.session1.mean == pytest.approx(mean)


def test_the_mean_with_its_bonus_is_never_above_the_scale():
    a = judge(bonus(), {"a1": 20, "a2": 20, "sport": 20}).unit("ue-a")
    assert a.session1.mean == 20


def test_a_bonus_that_does_not_count_is_shown_and_decides_nothing():
    b = judge(bonus(), PLAN).unit("ue-b")

    assert b.code is None  # failed in session 1, b1 retaken
    assert b.session1.validated is False
    assert b.session1.mean == pytest.approx(9.8)
    assert b.session1.bonus == pytest.approx(0.3)
    assert b.session1.mean_with_bonus == pytest.approx(10.1)
    assert b.session1.bonus_counted is False
    assert b.retakes == ("b1",)
    assert b.session1.explanation("en").endswith(
        " With the bonus from Langue optionnelle (+0.3): 10.1, which does not count for validation."
    )


def test_an_unknown_bonus_grade_leaves_the_verdict_pending_where_it_could_matter():
    # 9.8 without Sport, up to 9.8 + 0.5 with it.
    a = judge(bonus(), {"a1": 9.6, "a2": 10}).unit("ue-a")
    assert a.session1.validated is None
    assert a.session1.explanation("en") == (
        "Depends on the bonus from Sport (up to +0.5): not validated without it, validated "
        "with enough of it."
    )


@pytest.mark.parametrize(
    ("a1", "validated"),
    # 10 ≥ 10 whatever Sport gives; 9.4 + 0.5 at most = 9.9 < 10 whatever it gives.
    [(10, True), (8.8, False)],
)
def test_an_unknown_bonus_grade_that_cannot_matter_leaves_the_verdict_certain(a1, validated):
    a = judge(bonus(), {"a1": a1, "a2": 10}).unit("ue-a")
    assert a.session1.validated is validated


def test_an_absent_source_earns_nothing():
    a = judge(bonus(), {"a1": 9.6, "a2": 10, "sport": None}).unit("ue-a")
    assert a.session1.validated is False
    assert not a.session1.bonus


def test_the_bonus_still_counts_in_session_2():
    # Sport 12 → 0.2; a1 9 → 9.5 + 0.2 fails; a1 retaken at 9.7 → 9.85 + 0.2 = 10.05.
    a = judge(bonus(), {"a1": 9, "a2": 10, "sport": 12}, {"a1": 9.7}).unit("ue-a")
    assert a.session1.validated is False
    assert a.session2 is not None and a.session2.validated is True
    assert a.session2.mean == pytest.approx(10.05)


# --- the minimum grade ---------------------------------------------------------------------


def test_the_minimum_counts_a_known_bonus():
    # (a1 + 10) / 2 + 0.3 ≥ 10 ⇔ a1 ≥ 9.4
    minimum = judge(bonus(), {"a2": 10, "sport": 13}).minimums_for("ue-a")
    assert minimum is not None and minimum.uniform.value == pytest.approx(9.4)


@pytest.mark.parametrize("sport", [None, 0, 10, 20])
def test_the_minimum_holds_whatever_an_unknown_bonus_grade_gives(sport):
    minimum = judge(bonus(), {"a2": 10}).minimums_for("ue-a")
    assert minimum is not None and minimum.uniform.value == 10  # no bonus assumed
    grades = {"a1": minimum.uniform.value, "a2": 10, "sport": sport}
    assert judge(bonus(), grades).unit("ue-a").session1.validated is True


# --- a group's mean ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engagement", "code", "mean"),
    [(16, "CMP", "10.05 ≥ 10"), (14, "AJ", "9.95 < 10")],
)
def test_a_bonus_moves_the_groups_mean(engagement, code, mean):
    grades = {**PLAN, "engagement": engagement}
    c = judge(bonus(), grades, {"c1": 8}).unit("ue-c")

    assert c.code == code
    assert c.compensation is not None
    assert f"the mean of the group (UE C and UE D) is {mean}." in c.compensation.message.text("en")


def test_a_groups_bonus_that_does_not_count_is_shown_and_decides_nothing():
    data = raw()
    data["rules"]["bonus_points"][2]["counts"] = False
    c = judge(parse_programme(data), PLAN, {"c1": 8}).unit("ue-c")

    assert c.code == "AJ"  # 9.75 < 10, whatever Engagement's 0.3
    assert c.compensation is not None
    assert c.compensation.message.text("en") == (
        "Not compensated: the mean of the group (UE C and UE D) is 9.75 < 10. With the bonus "
        "from Engagement (+0.3): 10.05, which does not count for validation."
    )


def test_an_unknown_bonus_grade_leaves_the_groups_compensation_pending():
    grades = {k: v for k, v in PLAN.items() if k != "engagement"}
    c = judge(bonus(), grades).unit("ue-c")

    assert c.compensation is not None and c.compensation.validated is None
    assert c.compensation.message.text("en") == (
        "Compensation within UE C and UE D depends on the bonus from Engagement: the mean "
        "of the group is 9.75 without it (threshold 10)."
    )


@pytest.mark.parametrize(
    ("engagement", "needed"),
    # (c1 + 11.5) / 2 + bonus ≥ 10: 0.2 points → 8.1; none known → 8.5; 0.5 → 7.5.
    [(14, 8.1), (None, 8.5), (20, 7.5)],
)
def test_the_minimum_by_compensation_counts_the_groups_known_bonus(engagement, needed):
    grades = {"d1": 11.5} if engagement is None else {"d1": 11.5, "engagement": engagement}
    minimum = judge(bonus(), grades).minimums_for("ue-c")

    assert minimum is not None
    assert (minimum.uniform.value, minimum.uniform.route) == (pytest.approx(needed), "compensation")
    assert judge(bonus(), {**grades, "c1": needed}).unit("ue-c").code == "CMP"
    # One hundredth less: failed on its own and not compensated for certain in session 1.
    assert judge(bonus(), {**grades, "c1": needed - 0.01}).unit("ue-c").code != "CMP"


# --- the odds -------------------------------------------------------------------------------


def test_the_odds_draw_an_unknown_bonus_grade():
    # UE A needs Sport ≥ 12 (0.2 points): 8 of 20 points of the scale; UE C needs
    # Engagement ≥ 15 (0.25 points): 5 of 20.
    grades = {"a1": 9.6, "a2": 10, "c1": 8, "d1": 11.5}
    odds = simulate(bonus(), Scenario(programme=bonus().id, grades=grades), {}, draws=20_000)

    assert odds.unit("ue-a").validated == pytest.approx(0.4, abs=0.015)
    assert odds.unit("ue-c").validated == pytest.approx(0.25, abs=0.015)


grade = st.sampled_from([0, 5, 9, 9.5, 9.6, 9.8, 10, 10.5, 12, 13, 14, 16, 18, 20])
courses = ("a1", "a2", "b1", "c1", "d1", "sport", "langue", "engagement")


@settings(max_examples=40, deadline=None)
@given(grades=st.fixed_dictionaries({c: grade for c in courses}))
def test_the_odds_on_entered_grades_are_the_engines_verdicts(grades):
    evaluation = judge(bonus(), grades)
    scenario = Scenario(programme=bonus().id, grades=grades)
    odds = simulate(bonus(), scenario, {}, draws=4, evaluation=evaluation)
    for unit in evaluation.units:
        validated = unit.session1.validated is True or (
            unit.compensation is not None and unit.compensation.validated is True
        )
        assert odds.unit(unit.unit).validated == (1.0 if validated else 0.0), unit.unit


sources = ("sport", "langue", "engagement")


@settings(max_examples=60, deadline=None)
@given(
    grades=st.fixed_dictionaries({c: grade for c in courses if c not in sources}),
    filled=st.sampled_from([None, 0, 10, 12, 14.5, 20]),
)
def test_a_certain_verdict_stays_whatever_an_unknown_bonus_grade_turns_out(grades, filled):
    before = judge(bonus(), grades)
    after = judge(bonus(), {**grades, **dict.fromkeys(sources, filled)})
    for unit in before.units:
        known = after.unit(unit.unit)
        if unit.session1.validated is not None:
            assert known.session1.validated is unit.session1.validated, unit.unit
        if unit.compensation is not None and unit.compensation.validated is not None:
            assert known.compensation is not None
            assert known.compensation.validated is unit.compensation.validated, unit.unit


# --- what the Rules page, the CLI and the PDF say --------------------------------------------


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "en",
            [
                "0.1 × the points of the grade of Sport above 10/20 are added to the mean of "
                "UE A, at most 0.5; they count toward validation.",
                "0.05 × the points of the grade of Langue optionnelle above 10/20 are added to "
                "the mean of UE B; they are shown but do not count toward validation.",
                "0.05 × the points of the grade of Engagement above 10/20 are added to the "
                "mean of the group UE C and UE D; they count toward validation.",
            ],
        ),
        (
            "fr",
            [
                "0,1 × les points de la note de Sport au-dessus de 10/20 s'ajoutent à la "
                "moyenne d'UE A, dans la limite de 0,5 ; ils comptent pour la validation.",
            ],
        ),
    ],
)
def test_the_rules_page_states_each_bonus(lang, texts):
    found = [
        s.text for s in statements(bonus(), lang) if s.topic in ("Bonus points", "Points de bonus")
    ]
    for text in texts:
        assert text in found
    (published,) = [
        s
        for s in statements(bonus(), lang)
        if s.status == "published" and s.source and "5%" in s.source
    ]
    assert published.source.startswith("Les points au-dessus de 10 sur 20")


def test_the_cli_json_says_the_bonus_and_whether_it_counts(capsys, tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({"programme": bonus().id, "grades": PLAN}), encoding="utf-8")
    code = main(["evaluate", str(path), "--catalogue", str(PROGRAMME_FILE), "--json"])
    out, _ = capsys.readouterr()
    units = {u["id"]: u for u in json.loads(out)["units"]}

    assert code == 0
    assert units["ue-a"]["session1"]["bonus_counted"] is True
    assert units["ue-a"]["session1"]["mean"] == pytest.approx(10.1)
    assert units["ue-b"]["session1"]["bonus_counted"] is False
    assert units["ue-b"]["session1"]["mean_with_bonus"] == pytest.approx(10.1)
    assert to_contract(judge(bonus(), PLAN))["units"] == json.loads(out)["units"]


def test_the_cli_text_says_the_bonus(capsys, tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({"programme": bonus().id, "grades": PLAN}), encoding="utf-8")
    code = main(["evaluate", str(path), "--catalogue", str(PROGRAMME_FILE)])
    out, _ = capsys.readouterr()

    assert code == 0
    assert "Mean 10.1 ≥ 10: validated. Including the bonus from Sport: +0.3." in out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_states_the_bonus_and_the_verdict_with_it(tmp_path, lang):
    if not PDFTOTEXT:
        pytest.skip("pdftotext (poppler-utils) reads the PDF's text; CI installs it")
    evaluation = judge(bonus(), PLAN)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(bonus(), evaluation, lang, dt.date(2100, 6, 1)))
    text = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    text = " ".join(text.split())

    rule = bonus().rules.bonus_points[0].describe(bonus(), lang)
    assert rule in text
    counted = (
        "Including the bonus from Sport: +0.3."
        if lang == "en"
        else "Bonus de Sport compris : +0,3."
    )
    assert counted in text
