"""`python -m planner`: JSON shapes outside scripts rely on, and one clear line for bad input."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from functools import cache

import pytest
import yaml

from planner.catalogue import json_schema, load_catalogue
from planner.outputs import cli
from planner.outputs.cli import main
from tests.unit.support import (
    CATALOGUE_DIR,
    FUNDAMENTALS,
    IM,
    MDS_CHOICES,
    REPO_ROOT,
    SL,
    SPECIALISATION,
    grades_of,
)

WORKED = {
    "programme": SL,
    "choices": list(SPECIALISATION[:4]),
    "grades": grades_of(FUNDAMENTALS, (40, 45, 55, 53, 55)),
    "session2_grades": {"apprentissage-statistique": 60},
}


@cache
def _cached_catalogue(directory):
    return load_catalogue(directory)


@pytest.fixture(autouse=True)
def parse_the_catalogue_once(monkeypatch):
    """In-process runs share one parsed catalogue (parsing the YAML takes ~0.3 s); the
    subprocess runs below still load it for real."""
    monkeypatch.setattr(cli, "load_catalogue", _cached_catalogue)


def stage_grade(literal: str) -> str:
    """An S&L scenario whose internship grade is written as the raw JSON `literal`."""
    return '{"programme": "' + SL + '", "grades": {"stage": ' + literal + "}}"


def write(tmp_path, data, name="scenario.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run_main(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_module(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
    )


# --- catalogue ----------------------------------------------------------------------------


def test_catalogue_json_lists_programmes_units_and_courses(capsys):
    code, out, err = run_main(capsys, "catalogue", "--json")

    assert (code, err) == (0, "")
    programmes = {p["id"]: p for p in json.loads(out)["programmes"]}
    assert set(programmes) == {IM, SL}
    for p in programmes.values():
        assert {"id", "name", "grade_scale", "tracks", "options", "units"} <= set(p)
        for unit in p["units"]:
            assert {"id", "name", "ects", "tracks", "options", "choose", "courses"} <= set(unit)
            for course in unit["courses"]:
                assert {"id", "name", "ects", "lecture_hours", "tutorial_hours"} <= set(course)
    assert programmes[SL]["grade_scale"] == 100
    assert programmes[IM]["grade_scale"] == 20
    assert [t["id"] for t in programmes[IM]["tracks"]] == ["fa", "fi"]
    assert [o["id"] for o in programmes[IM]["options"]] == ["mds", "mmv", "imaf", "inum", "sd"]


def test_catalogue_json_gives_choices_and_unknown_figures_as_null(capsys):
    _, out, _ = run_main(capsys, "catalogue", "--json")
    programmes = {p["id"]: p for p in json.loads(out)["programmes"]}
    im_units = {u["id"]: u for u in programmes[IM]["units"]}
    sl_units = {u["id"]: u for u in programmes[SL]["units"]}

    assert im_units["mds-modelisation"]["choose"] == {"min": 2, "max": 2}
    assert im_units["mds-modelisation"]["options"] == ["mds"]
    assert im_units["fa-ppr-alternance-1"]["tracks"] == ["fa"]
    assert im_units["fa-ppr-alternance-1"]["ects"] == 9
    assert im_units["imaf-metiers"]["ects"] is None
    assert sl_units["specialisation"]["choose"] == {"min": 4, "max": 12}
    assert sl_units["cours-fondamentaux"]["ects"] == 30
    course = sl_units["cours-fondamentaux"]["courses"][0]
    assert course == {**course, "ects": None, "lecture_hours": None, "tutorial_hours": None}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_catalogue_json_says_where_the_source_gives_another_figure_in_the_lang_asked(capsys, lang):
    args = ["catalogue", "--json"] + (["--lang", lang] if lang != "en" else [])
    _, out, _ = run_main(capsys, *args)
    programmes = {p["id"]: p for p in json.loads(out)["programmes"]}
    unit = {u["id"]: u for u in programmes[IM]["units"]}["fa-ppr-alternance-1"]
    where = load_catalogue().get(IM).unit("fa-ppr-alternance-1").ects.conflict.where

    assert unit["conflict"] == {"value": 3, "where": where.text(lang)}  # one string, as before
    assert where.en != where.fr


def test_check_catalogue_on_a_note_in_one_language_names_the_field(capsys, tmp_path):
    data = yaml.safe_load((CATALOGUE_DIR / f"{SL}.yaml").read_text("utf-8"))
    data["rules"]["note"] = "Validation rules are published."
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True), "english-only.yaml")

    code, _, err = run_main(capsys, "check-catalogue", str(path))

    assert_one_line_error(code, err, f"{path}: rules.note: needs the text in both languages")


def test_catalogue_text_lists_every_programme(capsys):
    code, out, _ = run_main(capsys, "catalogue")

    assert code == 0
    assert f"{SL}: M2 Statistique & Learning" in out
    assert f"{IM}: M2 IM" in out


def test_catalogue_text_speaks_the_language_asked(capsys):
    code, out, _ = run_main(capsys, "catalogue", "--lang", "fr")

    assert code == 0
    assert f"{IM} : M2 IM (2025-2026), notes sur 20" in out
    assert "  - mds-appliquees : UE Mathématiques appliquées [mds] 3 ECTS, choisir 1 à 1" in out
    assert "grades /" not in out and "choose" not in out


def test_schema_prints_the_json_schema(capsys):
    code, out, _ = run_main(capsys, "schema")

    assert code == 0
    assert json.loads(out)["title"] == "M2 planner programme file"


@pytest.mark.parametrize("name", [IM, SL])
def test_check_catalogue_accepts_a_shipped_file(capsys, name):
    code, out, err = run_main(capsys, "check-catalogue", str(CATALOGUE_DIR / f"{name}.yaml"))

    assert (code, err) == (0, "")
    assert f"OK — {name}" in out


# --- evaluate -----------------------------------------------------------------------------


def test_evaluate_json_has_the_contract_shape(capsys, tmp_path):
    code, out, err = run_main(capsys, "evaluate", str(write(tmp_path, WORKED)), "--json")

    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result["totals"]) >= {"ects", "lecture_hours", "tutorial_hours", "incomplete"}
    assert result["choices_valid"] is True
    assert result["problems"] == []
    assert set(result["year"]) >= {"validated"}
    for unit in result["units"]:
        assert {"id", "name", "session1", "retakes", "session2"} <= set(unit)
        assert {"validated", "mean", "explanation"} <= set(unit["session1"])
    units = {u["id"]: u for u in result["units"]}
    fundamentals = units["cours-fondamentaux"]
    assert fundamentals["session1"]["validated"] is False
    assert fundamentals["session1"]["mean"] == pytest.approx(49.6)
    assert fundamentals["retakes"] == [
        "apprentissage-statistique",
        "introduction-apprentissage-automatique",
    ]
    assert fundamentals["session2"]["validated"] is None
    assert fundamentals["minimum"]["uniform"]["value"] == 27
    assert units["stage"]["session2"] is None
    assert result["year"]["validated"] is None
    assert result["totals"]["ects"] == 60


def test_evaluate_json_for_im_fi_mds_totals(capsys, tmp_path):
    scenario = {"programme": IM, "track": "fi", "option": "mds", "choices": list(MDS_CHOICES)}
    _, out, _ = run_main(capsys, "evaluate", str(write(tmp_path, scenario)), "--json")
    totals = json.loads(out)["totals"]

    assert (totals["ects"], totals["lecture_hours"], totals["tutorial_hours"]) == (60, 216, 60)
    assert totals["incomplete"] == ["fi-management", "fi-ppr-pfe", "fi-stage"]


def test_evaluate_json_lists_problems_and_invalid_choices(capsys, tmp_path):
    scenario = {
        "programme": IM,
        "track": "fi",
        "option": "mds",
        "choices": ["geometric-statistics"],
    }
    _, out, _ = run_main(capsys, "evaluate", str(write(tmp_path, scenario)), "--json")
    result = json.loads(out)

    assert result["choices_valid"] is False
    assert len(result["problems"]) == 2
    assert all(isinstance(p, str) for p in result["problems"])


def test_evaluate_json_never_reports_an_unknown_total_as_zero(capsys, tmp_path):
    # Regression: to_contract used to write `value or 0`, so no known hour showed as 0 h.
    _, out, _ = run_main(capsys, "evaluate", str(write(tmp_path, {"programme": SL})), "--json")
    totals = json.loads(out)["totals"]

    assert totals["lecture_hours"] is None
    assert totals["tutorial_hours"] is None


def test_evaluate_json_speaks_french_on_request(capsys, tmp_path):
    _, out, _ = run_main(capsys, "evaluate", str(write(tmp_path, WORKED)), "--json", "--lang", "fr")
    units = {u["id"]: u for u in json.loads(out)["units"]}

    assert "Moyenne 49,6 < 50" in units["cours-fondamentaux"]["session1"]["explanation"]


def test_evaluate_text_report(capsys, tmp_path):
    code, out, _ = run_main(capsys, "evaluate", str(write(tmp_path, WORKED)))

    assert code == 0
    assert "Mean 49.6 < 50" in out
    assert "retakes: Apprentissage statistique, Introduction à l'apprentissage automatique" in out
    assert "minimum on each of Introduction à l'apprentissage automatique: 27" in out


# --- bad input: exit status 2, one line on stderr, no traceback ---------------------------

BAD_SCENARIOS = [
    ("grade-150-sl", json.dumps({"programme": SL, "grades": {"stage": 150}}), "outside the scale"),
    (
        "grade-25-im",
        json.dumps(
            {
                "programme": IM,
                "track": "fi",
                "option": "mds",
                "grades": {"geometric-statistics": 25},
            }
        ),
        "outside the scale 0–20",
    ),
    ("grade-as-text", json.dumps({"programme": SL, "grades": {"stage": "12"}}), "not a number"),
    ("nan", stage_grade("NaN"), "NaN"),
    ("infinity", stage_grade("Infinity"), "Infinity"),
    (
        "unknown-course",
        json.dumps({"programme": SL, "grades": {"nope": 1}}),
        "unknown course “nope”",
    ),
    ("unknown-programme", json.dumps({"programme": "m2-nope"}), "unknown programme “m2-nope”"),
    (
        "unknown-option",
        json.dumps({"programme": IM, "track": "fi", "option": "xyz"}),
        "unknown option “xyz”",
    ),
    ("missing-track", json.dumps({"programme": IM, "option": "mds"}), "track is required"),
    ("malformed-json", '{"programme": ', "not valid JSON"),
    ("empty-file", "", "empty"),
    ("json-array", "[1, 2]", "must be a JSON object"),
    ("unknown-key", json.dumps({"programme": SL, "colour": 1}), "colour"),
    ("bad-policy", json.dumps({"programme": SL, "parameters": {"session2_policy": "x"}}), "policy"),
    ("bool-grade", json.dumps({"programme": SL, "grades": {"stage": True}}), "not a number"),
]


def assert_one_line_error(code, err, fragment):
    assert code == 2
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [(text, fragment) for _, text, fragment in BAD_SCENARIOS],
    ids=[name for name, _, _ in BAD_SCENARIOS],
)
def test_a_bad_scenario_exits_2_with_one_line_on_stderr(capsys, tmp_path, text, fragment):
    code, out, err = run_main(capsys, "evaluate", str(write(tmp_path, text)), "--json")

    assert out == ""
    assert_one_line_error(code, err, fragment)


def test_a_missing_scenario_file_is_named(capsys, tmp_path):
    missing = tmp_path / "nowhere.json"
    code, _, err = run_main(capsys, "evaluate", str(missing))

    assert_one_line_error(code, err, f"{missing}: no such file")


def test_a_directory_is_not_a_scenario(capsys, tmp_path):
    code, _, err = run_main(capsys, "evaluate", str(tmp_path))

    assert_one_line_error(code, err, str(tmp_path))


def test_check_catalogue_on_a_broken_file_names_the_field(capsys, tmp_path):
    data = yaml.safe_load((CATALOGUE_DIR / f"{SL}.yaml").read_text("utf-8"))
    data["units"][3]["choose"]["max"] = 13
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True), "broken.yaml")

    code, _, err = run_main(capsys, "check-catalogue", str(path))

    assert_one_line_error(code, err, f"{path}: units.3.choose.max: asks to choose 13 courses but")


def test_check_catalogue_on_a_missing_file(capsys, tmp_path):
    code, _, err = run_main(capsys, "check-catalogue", str(tmp_path / "none.yaml"))

    assert_one_line_error(code, err, "no such file")


def test_check_catalogue_on_a_file_with_two_problems_prints_one_line(capsys, tmp_path):
    # Regression: one stderr line per pydantic error used to break the one-line contract.
    data = yaml.safe_load((CATALOGUE_DIR / f"{SL}.yaml").read_text("utf-8"))
    data["units"][1]["colour"] = "red"
    data["units"][2]["shade"] = 1
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True), "two.yaml")

    code, _, err = run_main(capsys, "check-catalogue", str(path))

    assert_one_line_error(code, err, "colour")
    assert "shade" in err


def test_check_catalogue_on_invalid_yaml_prints_one_line(capsys, tmp_path):
    # Regression: PyYAML's multi-line message (caret diagram) used to reach stderr as is.
    path = write(tmp_path, "a: [1,\n b", "bad.yaml")

    code, _, err = run_main(capsys, "check-catalogue", str(path))

    assert_one_line_error(code, err, "not valid YAML")


def test_an_unknown_command_exits_2_with_one_line(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    err = capsys.readouterr().err

    assert caught.value.code == 2
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err


# --- through a real process ---------------------------------------------------------------


def test_python_m_planner_catalogue_json_runs():
    done = run_module("catalogue", "--json")

    assert done.returncode == 0, done.stderr
    assert {p["id"] for p in json.loads(done.stdout)["programmes"]} == {IM, SL}


def test_python_m_planner_evaluates_a_scenario_from_stdin():
    done = run_module("evaluate", "-", "--json", stdin=json.dumps(WORKED))

    assert done.returncode == 0, done.stderr
    units = {u["id"]: u for u in json.loads(done.stdout)["units"]}
    assert units["cours-fondamentaux"]["retakes"] == list(FUNDAMENTALS[:2])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (json.dumps({"programme": SL, "grades": {"stage": 150}}), "outside the scale"),
        ('{"programme": ', "not valid JSON"),
    ],
)
def test_python_m_planner_refuses_bad_input_in_one_line(tmp_path, text, fragment):
    done = run_module("evaluate", str(write(tmp_path, text)))

    assert done.stdout == ""
    assert_one_line_error(done.returncode, done.stderr, fragment)


def test_python_m_planner_refuses_a_huge_integer_grade_in_one_line(tmp_path):
    # Regression: a 5000-digit grade used to exit 1 with a ValueError traceback.
    done = run_module("evaluate", str(write(tmp_path, stage_grade("1" * 5000))))

    assert_one_line_error(done.returncode, done.stderr, "scenario.json")


def test_a_400_digit_grade_is_refused_in_one_line(capsys, tmp_path):
    # Regression: math.isfinite used to raise OverflowError on it (a traceback).
    code, _, err = run_main(capsys, "evaluate", str(write(tmp_path, stage_grade("1" * 400))))

    assert_one_line_error(code, err, "stage")


def test_check_catalogue_broken_file_through_a_real_process(tmp_path):
    data = yaml.safe_load((CATALOGUE_DIR / f"{SL}.yaml").read_text("utf-8"))
    broken = copy.deepcopy(data)
    broken["courses"].append(dict(broken["courses"][0]))
    path = write(tmp_path, yaml.safe_dump(broken, allow_unicode=True), "dup.yaml")

    done = run_module("check-catalogue", str(path))

    assert_one_line_error(done.returncode, done.stderr, "duplicate course id")


# --- calendar ------------------------------------------------------------------------------
def test_calendar_writes_the_ics_file_and_names_what_it_left_out(capsys, tmp_path):
    from icalendar import Calendar

    target = tmp_path / "year.ics"
    code, out, err = run_main(capsys, "calendar", SL, "--lang", "fr", "--ics", str(target))
    assert code == 0
    assert out == f"{target} : 7 événements\n"
    assert err == "non datés, laissés de côté : Sessions d'examens\n"
    events = {
        str(e["UID"]).split(".")[0]: e
        for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    }
    assert events["forum-emploi-maths"]["DTSTART"].dt.isoformat() == "2024-10-07"
    assert str(events["cv-ready"]["SUMMARY"]).startswith("Rappel : ")


def test_calendar_to_stdout_is_the_same_file():
    done = run_module("calendar", SL)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("BEGIN:VCALENDAR")
    assert "DTSTART;VALUE=DATE:20240902" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["calendar", "nope"],
            "unknown programme 'nope'; known: m2-im-2025, m2-stat-learning-2024",
        ),
        (["calendar", IM, "--track", "xx"], "m2-im-2025 has no track 'xx'; tracks: fa, fi"),
        (
            ["calendar", IM, "--track", "fa"],
            "m2-im-2025: no dated event to put in a calendar",
        ),
        (
            ["calendar", SL, "--track", "fi"],
            "m2-stat-learning-2024 has no track 'fi'; tracks: none",
        ),
    ],
)
def test_calendar_refusals_are_one_line(capsys, args, message):
    code, out, err = run_main(capsys, *args)
    assert (code, out, err) == (2, "", f"error: {message}\n")


def test_calendar_with_nothing_dated_names_what_the_source_leaves_undated(capsys, tmp_path):
    """A programme whose one event has no date (M2 IM's internship, its days not inferred)."""
    data = yaml.safe_load((CATALOGUE_DIR / f"{IM}.yaml").read_text(encoding="utf-8"))
    (event,) = data["calendar"]
    event.update(start=None, end=None, status="published")
    del event["rule"]
    (tmp_path / f"{IM}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    code, out, err = run_main(
        capsys, "--catalogue-dir", str(tmp_path), "calendar", IM, "--track", "fi"
    )
    message = "m2-im-2025: no dated event to put in a calendar (undated: UE Stage)"
    assert (code, out, err) == (2, "", f"error: {message}\n")


def test_calendar_cannot_write_says_so(capsys, tmp_path):
    code, _, err = run_main(capsys, "calendar", SL, "--ics", str(tmp_path / "no" / "x.ics"))
    assert code == cli.EXIT_OUTPUT == 3
    assert err.startswith(f"error: {tmp_path / 'no' / 'x.ics'}: cannot be written")


def test_version_is_the_package_version(capsys):
    import planner

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"m2-planner {planner.__version__}\n"


# --- contract additions of issue 10 -------------------------------------------------------

FICTIONAL_FILE = REPO_ROOT / "tests" / "programmes" / "m2-fictional-coefficients.yaml"


def test_the_committed_json_schema_is_the_one_the_models_export():
    committed = json.loads((CATALOGUE_DIR / "programme.schema.json").read_text(encoding="utf-8"))

    assert committed == json_schema(), (
        "run: python -m planner schema > catalogue/programme.schema.json"
    )


def test_evaluate_json_gives_codes_and_ects_acquired(capsys, tmp_path):
    scenario = {
        "programme": SL,
        "choices": list(SPECIALISATION[:4]),
        "grades": {
            **grades_of(FUNDAMENTALS, (60,) * 5),
            **grades_of(SPECIALISATION[:4], (40,) * 4),
        },
    }
    _, out, _ = run_main(capsys, "evaluate", str(write(tmp_path, scenario)), "--json")
    data = json.loads(out)
    units = {u["id"]: u for u in data["units"]}

    assert units["cours-fondamentaux"]["code"] == "ADM"
    assert units["cours-fondamentaux"]["ects_acquired"] == 30
    assert units["specialisation"]["code"] is None  # session 2 still to come
    assert units["specialisation"]["ects_acquired"] == 0
    assert units["stage"]["code"] is None
    assert data["year"]["ects_acquired"] == 30
    assert data["year"]["code"] is None
    assert data["rules_status"] == "mixed"
    assert units["stage"]["compensation"] is None


def test_evaluate_reads_a_programme_file_given_by_catalogue(capsys, tmp_path):
    scenario = {
        "programme": "m2-fictional-coefficients",
        "grades": {"a1": 8, "a2": 10, "a3": 10, "b1": 12, "b2": 12, "c1": 3},
    }
    path = str(write(tmp_path, scenario))
    code, out, _ = run_main(capsys, "evaluate", path, "--catalogue", str(FICTIONAL_FILE), "--json")
    units = {u["id"]: u for u in json.loads(out)["units"]}

    assert code == 0
    assert units["ue-a"]["code"] == "CMP"
    assert units["ue-a"]["compensation"]["validated"] is True
    assert units["ue-a"]["ects_acquired"] == 12
    assert units["ue-c"]["code"] == "AJ"
    assert json.loads(out)["year"]["ects_acquired"] == 18  # A 12 (CMP) + B 6; C failed


def test_evaluate_reads_a_folder_given_by_catalogue(capsys, tmp_path):
    folder = tmp_path / "programmes"
    folder.mkdir()
    (folder / "fictional.yaml").write_text(
        FICTIONAL_FILE.read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = str(write(tmp_path, {"programme": "m2-fictional-coefficients"}))

    code, out, _ = run_main(capsys, "evaluate", path, "--catalogue", str(folder))

    assert code == 0
    assert "UE A (ECTS-weighted, floor 7): session 1 PENDING (published rule)" in out


def test_a_missing_catalogue_path_is_one_line_naming_it(capsys, tmp_path):
    path = str(write(tmp_path, {"programme": SL}))
    code, _, err = run_main(capsys, "evaluate", path, "--catalogue", str(tmp_path / "nope.yaml"))

    assert_one_line_error(code, err, "nope.yaml: no such file or folder")


def test_check_catalogue_accepts_the_new_keys(capsys):
    code, out, _ = run_main(capsys, "check-catalogue", str(FICTIONAL_FILE))

    assert code == 0
    assert "OK — m2-fictional-coefficients, 5 units" in out


def test_the_french_text_report_shows_codes_and_acquired_ects(capsys, tmp_path):
    scenario = {
        "programme": "m2-fictional-coefficients",
        "grades": {"a1": 8, "a2": 10, "a3": 10, "b1": 12.5, "b2": 12, "c1": 3},
    }
    path = str(write(tmp_path, scenario))
    _, out, _ = run_main(
        capsys, "evaluate", path, "--catalogue", str(FICTIONAL_FILE), "--lang", "fr"
    )

    assert "    résultat : CMP, 12 ECTS acquis" in out
    assert "Moyenne pondérée 12,33 ≥ 10 : validée." in out
    assert "Résultat de l'année : AJ, 18 ECTS acquis" in out
