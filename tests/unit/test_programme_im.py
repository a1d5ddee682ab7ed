"""M2 IM (seed 002): structure, totals per track and option, choices, assumed rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner.scenario import Scenario, ScenarioError
from planner.totals import unit_totals
from tests.unit.support import (
    IM,
    MDS_APPLIQUEES,
    MDS_CHOICES,
    MDS_METIERS,
    MDS_MODELISATION,
    MDS_NUMERIQUE,
    MMV_CHOICES,
    SEED_IM,
    grades_of,
    problem_codes,
    run_im,
)

OPTIONS = ("mds", "mmv", "imaf", "inum", "sd")
UNKNOWN_ECTS_OPTIONS = ("imaf", "inum", "sd")
CHOICES = {"mds": MDS_CHOICES, "mmv": MMV_CHOICES}


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED_IM.exists():
        pytest.skip(f"seed {SEED_IM} not available")
    return SEED_IM.read_text(encoding="utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- Structure ----------------------------------------------------------------------------


def test_the_programme_has_tracks_fa_and_fi_and_five_options(im):
    assert [t.id for t in im.tracks] == ["fa", "fi"]
    assert [o.id for o in im.options] == list(OPTIONS)


def test_the_grade_scale_of_20_is_an_assumption(im):
    assert im.grade_scale.max == 20
    assert im.grade_scale.status == "assumed"


def test_every_unit_rule_is_an_assumed_mean_of_at_least_10(im):
    graded = [u.id for u in im.units if u.kind == "graded"]

    assert im.rules.status == "assumed"
    assert sorted(r.unit for r in im.rules.units) == sorted(graded)
    for rule in im.rules.units:
        assert (rule.kind, rule.threshold, rule.status) == ("mean_of_all", 10, "assumed")
        assert rule.bonus_from == ()


def test_the_fi_internship_runs_from_1_march_to_31_august_2026_inferred(im, seed):
    """The one date the source gives: months, no day, no year. The days are inferred, with
    the rule that reads them and the source's sentence quoted exactly."""
    (internship,) = im.calendar
    assert (internship.id, internship.kind, internship.tracks) == (
        "fi-internship",
        "internship",
        ("fi",),
    )
    assert (internship.start, internship.end) == (dt.date(2026, 3, 1), dt.date(2026, 8, 31))
    assert internship.status == "inferred"
    assert internship.source == (
        "This unit corresponds to the in-company work placement, which runs from the beginning "
        "of March to the end of August for full-time students (30 ECTS)."
    )
    assert internship.source in squash(seed)
    assert internship.rule is not None
    for words in ("'the beginning of March'", "1 March", "31 August", "2026", "FI"):
        assert words in internship.rule.en
    for words in ("« the beginning of March »", "1er mars", "31 août", "2026", "FI"):
        assert words in internship.rule.fr
    assert "2025-2026" in im.academic_year


def test_im_has_no_bonus_and_an_assumed_replacing_session_2(im):
    assert im.rules.bonus.formula == "none"
    assert im.rules.session2.policy == "replace"
    assert im.rules.session2.status == "assumed"
    assert im.rules.compensation is False


@pytest.mark.parametrize(
    ("track", "units"),
    [
        ("fa", {"fa-ppr-alternance-1": 9, "fa-management": 6, "fa-ppr-alternance-2": 24}),
        ("fi", {"fi-management": 3, "fi-ppr-pfe": 6, "fi-stage": 30}),
    ],
)
def test_the_common_units_depend_on_the_track(im, track, units):
    for option in OPTIONS:
        common = {u.id: u.ects.value for u in im.units_for(track, option) if not u.options}
        assert common == units
    assert sum(units.values()) == 39


@pytest.mark.parametrize("option", OPTIONS)
def test_each_option_has_its_four_units(im, option):
    units = [u.id for u in im.units_for("fi", option) if u.options]

    assert units == [
        f"{option}-{k}" for k in ("modelisation", "appliquees", "numerique", "metiers")
    ]


def test_mds_modelisation_is_2_of_3_and_appliquees_1_of_2(im):
    modelisation = im.unit("mds-modelisation")
    appliquees = im.unit("mds-appliquees")

    assert modelisation.courses == MDS_MODELISATION
    assert (modelisation.choose.min, modelisation.choose.max) == (2, 2)
    assert appliquees.courses == MDS_APPLIQUEES
    assert (appliquees.choose.min, appliquees.choose.max) == (1, 1)
    assert im.unit("mds-numerique").courses == MDS_NUMERIQUE
    assert im.unit("mds-metiers").courses == MDS_METIERS
    assert im.unit("mds-numerique").choose is None


def test_the_ppr_alternance_1_conflict_between_9_and_3_ects_is_recorded(im, seed):
    ects = im.unit("fa-ppr-alternance-1").ects

    assert (ects.value, ects.status) == (9, "published")
    assert ects.conflict is not None
    assert ects.conflict.value == 3
    assert "3 ECTS" in ects.conflict.where.en and "3 ECTS" in ects.conflict.where.fr
    text = squash(seed)
    assert "PPR Alternance 1 - 9 ECTS" in text
    assert "PPR Alternance 1 in S3 (3 ECTS)" in text


# --- Figures checked against the seed text ------------------------------------------------


@pytest.mark.parametrize(
    ("unit_id", "ects", "fragment"),
    [
        ("fa-ppr-alternance-1", 9, "PPR Alternance 1 - 9 ECTS"),
        ("fa-management", 6, "UE Management responsable et cadre juridique- 6 ECTS"),
        ("fa-ppr-alternance-2", 24, "UE PPR Alternance 2 – 24 ECTS"),
        ("fi-management", 3, "UE Management responsable et cadre juridique – 3 ECTS"),
        ("fi-ppr-pfe", 6, "PPR PFE Initial - 6 ECTS"),
        ("fi-stage", 30, "UE PPR IM MDS initiale stage – 30 ECTS"),
        ("mds-modelisation", 6, "UE Mathématiques pour la modélisation (40h CM et 20h TD) 6 ECTS"),
        ("mds-appliquees", 3, "UE Mathématiques appliquées (20h CM et 10h TD) - 3 ECTS"),
        ("mds-numerique", 6, "UE Numérique et informatique – 6 ECTS"),
        ("mds-metiers", 6, "UE Métiers - 6 ECTS"),
    ],
)
def test_unit_ects_are_those_of_the_seed(im, seed, unit_id, ects, fragment):
    assert fragment in squash(seed)
    assert im.unit(unit_id).ects.value == ects
    assert im.unit(unit_id).ects.status == "published"


def test_every_published_course_hour_figure_is_in_the_seed(im, seed):
    text = squash(seed)
    checked = 0
    for course in im.courses:
        cm = course.lecture_hours
        if cm.status != "published":
            continue
        pattern = re.escape(course.name) + r" \(+" + f"{cm.value:g}h CM"
        td = course.tutorial_hours
        if td.status == "published":
            pattern += f" et {td.value:g}h TD"
        assert re.search(pattern, text), course.id
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    ("course_id", "cm", "td"),
    [
        ("reduction-de-modeles-digital-twin", 26, 22),
        ("genie-logiciel", 30, 18),
        ("biomecanique-cellule", 14, 14),
        ("calcul-actuariel", 36, 0),
        ("deep-learning-inum", 16, 8),
        ("deep-learning-sd", 18, 18),
        ("logiciels-industriels", 28, 14),
    ],
)
def test_course_hours_match_the_seed(im, course_id, cm, td):
    course = im.course(course_id)

    assert course.lecture_hours.value == cm
    assert course.tutorial_hours.value == td


def test_hours_never_published_are_inferred_with_their_rule(im):
    for course in im.courses:
        for figure in (course.ects, course.lecture_hours, course.tutorial_hours):
            if figure.status == "inferred":
                assert figure.rule


# --- Totals per track and option ----------------------------------------------------------


@pytest.mark.parametrize(
    ("track", "option", "ects", "cm", "td"),
    [
        ("fi", "mds", 60, 216, 60),
        ("fa", "mds", 60, 216, 60),
        # MMV: 40 + 20 + (20 + 20 + 14) + 96 CM; 20 + 10 + (10 + 10 + 14) + 0 TD
        ("fi", "mmv", 60, 210, 64),
        ("fa", "mmv", 60, 210, 64),
        # Option UE ECTS unknown: only the 39 common ECTS are counted.
        ("fi", "imaf", 39, 270, 90),
        ("fa", "inum", 39, 221, 139),
        ("fi", "sd", 39, 180, 180),
    ],
)
def test_plan_totals_per_track_and_option(track, option, ects, cm, td):
    totals = run_im(track, option, choices=CHOICES.get(option, ())).totals

    assert totals.ects.value == ects
    assert totals.lecture_hours.value == cm
    assert totals.tutorial_hours.value == td


def test_fi_mds_hours_per_unit():
    totals = run_im("fi", "mds").totals
    hours = {u.unit: (u.lecture_hours.value, u.tutorial_hours.value) for u in totals.units}

    assert hours["mds-modelisation"] == (40, 20)
    assert hours["mds-appliquees"] == (20, 10)
    assert hours["mds-numerique"] == (60, 30)
    assert hours["mds-metiers"] == (96, 0)


@pytest.mark.parametrize(
    ("unit_id", "cm", "td"), [("mds-modelisation", 40, 20), ("mds-appliquees", 20, 10)]
)
def test_a_units_published_hours_show_before_its_choice_is_made(im, unit_id, cm, td):
    # "2 of 3" publishes 40 h CM / 20 h TD for the unit: true of any valid choice.
    totals = unit_totals(im, im.unit(unit_id), frozenset())

    assert (totals.lecture_hours.value, totals.tutorial_hours.value) == (cm, td)
    assert not totals.lecture_hours.missing and not totals.choice_valid


def test_the_common_units_publish_no_hours_and_are_listed_incomplete():
    totals = run_im("fi", "mds").totals

    assert totals.incomplete == ("fi-management", "fi-ppr-pfe", "fi-stage")
    assert totals.ects.missing == ()


@pytest.mark.parametrize("track", ["fa", "fi"])
@pytest.mark.parametrize("option", UNKNOWN_ECTS_OPTIONS)
def test_unknown_option_ects_are_left_out_and_listed_never_counted_as_zero(track, option):
    totals = run_im(track, option).totals
    option_units = tuple(
        f"{option}-{k}" for k in ("modelisation", "appliquees", "numerique", "metiers")
    )

    assert totals.ects.value == 39
    assert totals.ects.status == "unknown"
    assert totals.ects.missing == option_units
    assert set(option_units) <= set(totals.incomplete)
    for unit in totals.units:
        if unit.unit in option_units:
            assert unit.ects.value is None


def test_inum_metiers_hours_are_68_cm_and_46_td():
    totals = run_im("fi", "inum").totals
    metiers = next(u for u in totals.units if u.unit == "inum-metiers")

    assert metiers.lecture_hours.value == 68  # 28 + 16 + 12 + 12
    assert metiers.tutorial_hours.value == 46  # 14 + 8 + 12 + 12


def test_the_60_ects_year_is_inferred_not_published(im):
    assert im.total_ects.value == 60
    assert im.total_ects.status == "inferred"
    assert im.total_ects.rule is not None
    for rule in (im.total_ects.rule.en, im.total_ects.rule.fr):
        assert "9+6+24" in rule and "3+6+30" in rule


# --- Choices ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "problems", "pending_units"),
    [
        (MDS_CHOICES, [], []),
        (MDS_MODELISATION[:1] + MDS_APPLIQUEES[:1], ["choice_count"], ["mds-modelisation"]),
        (MDS_MODELISATION + MDS_APPLIQUEES[:1], ["choice_count"], ["mds-modelisation"]),
        (MDS_MODELISATION[:2], ["choice_count"], ["mds-appliquees"]),
        (MDS_MODELISATION[:2] + MDS_APPLIQUEES, ["choice_count"], ["mds-appliquees"]),
        ((), ["choice_count", "choice_count"], ["mds-modelisation", "mds-appliquees"]),
        (
            (*MDS_CHOICES, "control-theory"),
            ["choice_outside"],
            [],
        ),
        (
            (*MDS_CHOICES, "fundamentals-machine-learning"),
            ["choice_outside"],
            [],
        ),
    ],
)
def test_mds_choice_problems(choices, problems, pending_units):
    evaluation = run_im("fi", "mds", choices=choices)

    assert problem_codes(evaluation) == problems
    assert evaluation.choices_valid is ("choice_count" not in problems)
    invalid = [u.unit for u in evaluation.units if not u.choice_valid]
    assert invalid == pending_units
    for unit_id in pending_units:
        unit = evaluation.unit(unit_id)
        assert unit.session1.validated is None
        assert unit.session1.message.code == "choice_incomplete"


def test_a_choice_problem_names_the_unit_and_the_count():
    evaluation = run_im("fi", "mds", choices=MDS_MODELISATION + MDS_APPLIQUEES[:1])

    assert evaluation.problems[0].params["picked"] == 3
    assert evaluation.problems[0].params["choose"].text("en") == "2"


def test_a_grade_for_another_options_course_is_ignored_and_reported():
    evaluation = run_im("fi", "mds", grades={"mixed-effects-models": 12, "calcul-actuariel": 3})

    assert problem_codes(evaluation) == ["not_in_plan", "not_in_plan"]
    assert all(u.session1.validated is None for u in evaluation.units)


def test_a_grade_for_the_other_tracks_unit_is_ignored_and_reported():
    evaluation = run_im("fi", "mds", grades={"fa-management-assessment": 0})

    assert problem_codes(evaluation) == ["not_in_plan"]
    assert "fa-management" not in [u.unit for u in evaluation.units]


def test_a_course_not_chosen_is_not_judged():
    evaluation = run_im(
        "fi", "mds", grades=grades_of(MDS_MODELISATION, (12, 12, 0)), choices=MDS_CHOICES
    )

    unit = evaluation.unit("mds-modelisation")
    assert unit.enrolled == MDS_MODELISATION[:2]
    assert unit.session1.validated is True
    assert problem_codes(evaluation) == ["not_in_plan"]


# --- Assumed rule: each UE validated by a mean of at least 10/20 -------------------------


@pytest.mark.parametrize(
    ("grades", "validated", "retakes"),
    [
        ((10, 10, 10), True, ()),
        ((20, 0, 10), True, ()),
        ((9.28, 9.7, 11.02), True, ()),  # exactly 10; binary floats give 9.999999999999998
        ((9, 10, 10.99), False, (MDS_NUMERIQUE[0],)),
        ((5, 9.99, 15), False, MDS_NUMERIQUE[:2]),
        ((20, 20, None), False, (MDS_NUMERIQUE[2],)),
        ((0, 0, 0), False, MDS_NUMERIQUE),
    ],
)
def test_an_im_unit_is_validated_by_a_mean_of_at_least_10(grades, validated, retakes):
    unit = run_im(grades=grades_of(MDS_NUMERIQUE, grades)).unit("mds-numerique")

    assert unit.session1.validated is validated
    assert unit.retakes == retakes


def test_im_units_do_not_compensate_each_other():
    grades = {
        **grades_of(MDS_CHOICES, (20, 20, 9)),
        **grades_of(MDS_NUMERIQUE, (20, 20, 20)),
        **grades_of(MDS_METIERS, (20, 20, 20, 20)),
        "fi-management-assessment": 20,
        "fi-ppr-pfe-assessment": 20,
        "fi-stage-assessment": 20,
    }
    evaluation = run_im(grades=grades)

    assert evaluation.unit("mds-appliquees").session1.validated is False
    assert evaluation.year.session1_validated is False


def test_a_full_fi_mds_year_at_10_is_validated():
    grades = {
        **grades_of(MDS_CHOICES, (10, 10, 10)),
        **grades_of(MDS_NUMERIQUE, (10, 10, 10)),
        **grades_of(MDS_METIERS, (10, 10, 10, 10)),
        "fi-management-assessment": 10,
        "fi-ppr-pfe-assessment": 10,
        "fi-stage-assessment": 10,
    }
    evaluation = run_im(grades=grades)

    assert [u.session1.validated for u in evaluation.units] == [True] * 7
    assert evaluation.year.validated is True


def test_an_im_session_2_replaces_the_retaken_grade():
    evaluation = run_im(
        grades=grades_of(MDS_NUMERIQUE, (6, 12, 11)),
        session2_grades={MDS_NUMERIQUE[0]: 7},
    )
    unit = evaluation.unit("mds-numerique")

    assert unit.retakes == (MDS_NUMERIQUE[0],)
    assert unit.session2.validated is True  # (7 + 12 + 11) / 3 = 10
    assert unit.session2.mean == 10


# --- Scenario checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"option": "mds"}, "track is required"),
        ({"track": "fi"}, "option is required"),
        ({"track": "xx", "option": "mds"}, "unknown track “xx”"),
        ({"track": "fi", "option": "ds"}, "unknown option “ds”"),
        ({"track": "fi", "option": "mds", "grades": {"geometric-statistics": 25}}, "0–20"),
        ({"track": "fi", "option": "mds", "grades": {"geometric-statistics": -1}}, "0–20"),
        ({"track": "fi", "option": "mds", "grades": {"stage": 10}}, "unknown course “stage”"),
    ],
)
def test_an_im_scenario_needs_a_track_an_option_and_grades_on_20(im, fields, fragment):
    from planner.evaluation import evaluate

    with pytest.raises(ScenarioError, match=re.escape(fragment)):
        evaluate(im, Scenario(programme=IM, **fields))
