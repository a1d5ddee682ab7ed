"""Hostile programme files: every command refuses them with one line naming the file and
the problem (status 2), never with a crash, a traceback, gigabytes of memory or output
that is not JSON; and check-catalogue refuses whatever the other commands would."""

from __future__ import annotations

import json
import time

import pytest

from planner.catalogue import CatalogueError, load_programme_file
from planner.limits import MAX_YAML_ALIASES, escape_controls, shorten
from planner.outputs import cli
from planner.outputs.cli import check_programme, json_text, main
from tests.unit.support import (
    CATALOGUE_DIR,
    REPO_ROOT,
    SL,
    assert_refused_in_one_line,
    planner_cli,
)

FICTIONAL = REPO_ROOT / "tests" / "programmes" / "m2-fictional-coefficients.yaml"
PROGRAMME = "m2-fictional-coefficients"
# The fictional programme, with one dated event so that `calendar` has something to write.
BASE = FICTIONAL.read_text(encoding="utf-8") + (
    "calendar:\n"
    "  - {id: rentree, name: Rentrée, kind: event, start: 2099-09-01, status: published}\n"
)
NAME = "name: M2 Fictif — coefficients et compensation (test)"
SCALE = "grade_scale: {max: 20"
A1 = "{id: a1, name: Algèbre imaginaire, ects: {value: 6"
WEIGHTS = "weights: {b1: 2, b2: 1}"
EVENT = "start: 2099-09-01, status: published}"


def hostile(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def programme_file(tmp_path, text: str, name: str = "programme.yaml"):
    folder = tmp_path / "programmes"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def every_command(path) -> list[list[str]]:
    """Each command that reads a programme file, on `path` (a file in its own folder)."""
    scenario = path.parent.parent / "scenario.json"
    scenario.write_text(json.dumps({"programme": PROGRAMME}), encoding="utf-8")
    folder = ["--catalogue-dir", str(path.parent)]
    return [
        ["check-catalogue", str(path)],
        ["evaluate", str(scenario), "--catalogue", str(path)],
        ["evaluate", str(scenario), "--json", "--catalogue", str(path)],
        [*folder, "catalogue", "--json"],
        [*folder, "catalogue"],
        [*folder, "calendar", PROGRAMME],
    ]


def assert_every_command_refuses(capsys, path, fragment: str) -> None:
    for args in every_command(path):
        code, out, err = run_main(capsys, *args)
        assert (code, out) == (2, ""), (args, out, err)
        assert err.startswith("error: ") and err.count("\n") == 1, (args, err)
        assert fragment in err, (args, err)


# --- nesting and aliases, refused before libyaml builds anything --------------------------


def test_a_block_sequence_nested_30000_deep_is_refused_before_parsing(tmp_path):
    # `- - - … x`: PyYAML's C composer recursed once per level and the process died
    # (status 139, a segmentation fault) in check-catalogue and evaluate --catalogue alike.
    path = programme_file(tmp_path, "- " * 30_000 + "x\n")
    scenario = tmp_path / "scenario.json"
    scenario.write_text('{"programme": "x"}', encoding="utf-8")

    # A refusal at all proves it came before parsing: the parse itself kills the process.
    assert_refused_in_one_line(planner_cli("check-catalogue", str(path)), "nested more than 40")
    assert_refused_in_one_line(
        planner_cli("evaluate", str(scenario), "--catalogue", str(path)),
        f"{path}: nested more than 40 levels deep (line 1)",
    )


def test_60000_complex_keys_are_refused_before_parsing(tmp_path):
    path = programme_file(tmp_path, "? " * 60_000 + "x\n")

    assert_refused_in_one_line(
        planner_cli("check-catalogue", str(path)), f"{path}: nested more than 40 levels deep"
    )


@pytest.mark.parametrize(
    "text",
    [
        "- " * 100_000 + "x\n",  # block sequences on one line
        "? " * 100_000 + "x\n",  # complex keys
        "".join(" " * i + "a:\n" for i in range(45)) + " " * 45 + "b: 1\n",  # indentation
        "[" * 100_000 + "]" * 100_000,  # flow sequences
        "a: " + "{b: " * 50_000,  # flow mappings, never closed
        "".join("  " * i + f"k{i}:\n" for i in range(20)) + "  " * 20 + "- " * 5 + "[" * 20,
    ],
    ids=["block-sequences", "complex-keys", "indentation", "flow", "flow-mappings", "mixed"],
)
def test_nesting_of_any_kind_beyond_the_bound_is_refused_in_milliseconds(tmp_path, text):
    path = programme_file(tmp_path, text)

    started = time.process_time()  # CPU, not wall time: the machine may be busy
    with pytest.raises(CatalogueError, match=r"nested more than 40 levels deep \(line \d+\)"):
        load_programme_file(path)
    assert time.process_time() - started < 0.5


def test_nesting_within_the_bound_is_not_refused_for_its_depth(tmp_path):
    path = programme_file(tmp_path, "- " * 40 + "x\n")

    with pytest.raises(CatalogueError, match="must be a mapping at the top level"):
        load_programme_file(path)


def test_50000_aliases_are_refused_before_they_expand(tmp_path):
    # A 224 KB file of aliases of aliases took 1 GB and 6 s before it was refused.
    text = hostile(NAME, NAME + "\nx: &a [" + ", ".join(["x"] * 100) + "]")
    text = text.replace("rules:\n", "notes: [" + ", ".join(["*a"] * 50_000) + "]\nrules:\n")
    path = programme_file(tmp_path, text)
    assert path.stat().st_size > 200_000

    started = time.process_time()  # CPU, not wall time: the machine may be busy
    with pytest.raises(CatalogueError, match=f"more than {MAX_YAML_ALIASES} aliases"):
        load_programme_file(path)
    assert time.process_time() - started < 0.5
    assert_refused_in_one_line(planner_cli("check-catalogue", str(path)), "aliases")


def test_a_few_aliases_are_still_read(tmp_path):
    text = hostile(NAME, NAME + "\ninstitution: &where Université Imaginaire").replace(
        "institution: Université Imaginaire\n", ""
    )
    text = text.replace("  title: Invented", "  document: *where\n  title: Invented").replace(
        "  document: none\n", ""
    )
    assert load_programme_file(programme_file(tmp_path, text)).source.document == (
        "Université Imaginaire"
    )


RULE_C = "    - {unit: ue-c, kind: single_grade, threshold: 10, session2: false, status: published}"
RULE_E = "    - {unit: ue-e, kind: mean_of_all, threshold: 10, status: published}"
ANCHORED_C = RULE_C.replace("- {unit: ue-c", "- &one {unit: ue-c")


def merged(rule_e: str) -> str:
    """The fictional programme with UE C's rule anchored and UE E's rule written `rule_e`."""
    return hostile(RULE_C, ANCHORED_C).replace(RULE_E, rule_e)


def test_a_merge_key_repeats_an_anchored_mapping_and_its_own_keys_win(tmp_path):
    # `<<: *anchor` was refused as "could not determine a constructor".
    text = merged("    - {<<: *one, unit: ue-e, kind: mean_of_all, session2: true}")

    programme = load_programme_file(programme_file(tmp_path, text))

    rule = programme.rule_for("ue-e")
    assert (rule.kind, rule.threshold, rule.session2, rule.status) == (
        "mean_of_all",
        10,
        True,
        "published",
    )


def test_a_merge_key_takes_a_list_of_mappings(tmp_path):
    text = merged("    - {<<: [{threshold: 12}, *one], unit: ue-e, kind: mean_of_all}")

    rule = load_programme_file(programme_file(tmp_path, text)).rule_for("ue-e")

    # The first mapping of the list wins, as YAML's merge key says.
    assert (rule.threshold, rule.session2) == (12, False)


def test_a_key_given_twice_beside_a_merge_key_is_still_refused(tmp_path):
    text = merged("    - {<<: *one, unit: ue-e, kind: mean_of_all, session2: true, session2: no}")

    with pytest.raises(CatalogueError, match=r"key “session2” is given twice \(line \d+\)"):
        load_programme_file(programme_file(tmp_path, text))


def test_two_merge_keys_in_one_mapping_are_a_key_given_twice(tmp_path):
    text = merged("    - {<<: *one, <<: *one, unit: ue-e, kind: mean_of_all}")

    with pytest.raises(CatalogueError, match=r"key “<<” is given twice \(line \d+\)"):
        load_programme_file(programme_file(tmp_path, text))


# --- keys and numbers the models cannot take --------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "[1, 2]: x\n", "a key is a list (line 62); keys are names"),
        (BASE + "{a: 1}: x\n", "a key is a mapping (line 62); keys are names"),
        (hostile("source:\n", "source:\n  [a]: b\n"), "a key is a list (line 10)"),
        (hostile(WEIGHTS, "weights: {? [b1]: 2, b2: 1}"), "a key is a list (line 51)"),
    ],
    ids=["list", "mapping", "nested-list", "complex-key-in-flow"],
)
def test_a_list_or_a_mapping_as_a_key_is_refused_with_its_line(capsys, tmp_path, text, message):
    # It ended every command with "TypeError: unhashable type" (status 1).
    assert_every_command_refuses(capsys, programme_file(tmp_path, text), message)


def test_a_number_where_a_name_is_expected_is_refused_with_the_fields_path(capsys, tmp_path):
    path = programme_file(tmp_path, hostile(WEIGHTS, "weights: {1: 2, b2: 1}"))

    assert_every_command_refuses(
        capsys, path, "rules.units.1.weights.1: not text (in a weighted_mean rule)"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (SCALE, "grade_scale: {max: " + "9" * 5_000, "grade_scale.max: a number of 5,000 digits"),
        ("total_ects: {value: 60", "total_ects: {value: -" + "1" * 5_000, "total_ects.value"),
        (SCALE, "grade_scale: {max: 0x" + "f" * 5_000, "grade_scale.max: a number too large"),
    ],
    ids=["scale", "negative-ects", "hexadecimal"],
)
def test_a_5000_digit_integer_is_refused_with_the_fields_path(capsys, tmp_path, old, new, message):
    # Python reads at most 4300 digits: "ValueError: Exceeds the limit" (status 1).
    assert_every_command_refuses(capsys, programme_file(tmp_path, hostile(old, new)), message)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (SCALE, "grade_scale: {max: .inf", "grade_scale.max: not a number"),
        (SCALE, "grade_scale: {max: .nan", "grade_scale.max: not a number"),
        (SCALE, "grade_scale: {max: 1e308", "grade_scale.max: must be at most 1,000"),
        (SCALE, "grade_scale: {max: 1001", "grade_scale.max: must be at most 1,000"),
        (A1, A1.replace("6", ".inf"), "courses.0.ects.value: not a number"),
        (A1, A1.replace("6", "1e308"), "courses.0.ects.value: must be at most 10,000"),
        (
            A1,
            A1.replace("ects:", "lecture_hours: {value: 5e9, status: published}, ects:"),
            "courses.0.lecture_hours.value: must be at most 10,000",
        ),
        (
            WEIGHTS,
            "weights: {b1: 1e308, b2: 1}",
            "weights.b1: must be at most 1,000 (in a weighted_mean",
        ),
        (WEIGHTS, "weights: {b1: .inf, b2: 1}", "units.1.weights.b1: not a number (in a weighted"),
        (
            "kind: best_k_mean, k: 2",
            "kind: best_k_mean, k: 1e300",
            "rules.units.3.k: not a number (in a best_k_mean rule)",
        ),
        (
            "threshold: 10, course_floor: 7",
            "threshold: 10, course_floor: .nan",
            "rules.units.0.course_floor: not a number",
        ),
        (
            "unit_floor: 8",
            "unit_floor: -.inf",
            "rules.compensation.0.unit_floor: not a number",
        ),
        ("rate: 0,", "rate: .nan,", "rules.bonus.rate: not a number"),
    ],
    ids=[
        "scale-inf",
        "scale-nan",
        "scale-1e308",
        "scale-1001",
        "ects-inf",
        "ects-1e308",
        "hours-billions",
        "weight-1e308",
        "weight-inf",
        "k-1e300",
        "floor-nan",
        "unit-floor-minus-inf",
        "bonus-nan",
    ],
)
def test_non_finite_or_absurd_numbers_are_refused_with_the_fields_path(
    capsys, tmp_path, old, new, message
):
    # `max: .inf` and `1e308` passed check-catalogue ("OK") and then crashed evaluate;
    # an infinite ECTS figure was printed as `Infinity` by catalogue --json.
    assert_every_command_refuses(capsys, programme_file(tmp_path, hostile(old, new)), message)


def test_a_grade_scale_of_a_thousand_is_still_a_scale(tmp_path):
    path = programme_file(tmp_path, hostile(SCALE, "grade_scale: {max: 1000"))

    assert load_programme_file(path).grade_scale.max == 1000


# --- names, dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (NAME, 'name: "M2\\nFictif"', "name: holds a line break: a name is one line of text"),
        (NAME, 'name: "M2\\e[31mFictif"', "name: holds the control character U+001B"),
        (NAME, 'name: "M2\\LFictif"', "name: holds a line break: a name is one line of text"),
        ("name: Rentrée", 'name: "Ren\\ntrée"', "calendar.0.name: holds a line break"),
        (
            A1,
            A1.replace("Algèbre imaginaire", '"Alg\\tèbre"'),
            "courses.0.name: holds the control character",
        ),
        ("academic_year: 2099-2100", 'academic_year: "2099\\r2100"', "academic_year: holds a line"),
        (
            "  title: Invented",
            '  title: "\\x9b2J"\n  note: Invented',
            "source.title: holds the control char",
        ),
    ],
    ids=["line-feed", "escape", "line-separator", "event", "tab", "year", "c1-control"],
)
def test_a_control_character_in_a_name_is_refused_not_a_calendar_traceback(
    capsys, tmp_path, old, new, message
):
    # A line break in the programme's name ended `calendar` with icalendar's
    # "AssertionError: Content line can not contain unescaped new line characters".
    text = hostile(old, new).replace("  note: Invented for the tests of planner.rules\n", "")
    assert_every_command_refuses(capsys, programme_file(tmp_path, text), message)


def test_line_breaks_and_tabs_in_a_description_are_kept_but_not_escape_codes(tmp_path):
    a2 = "{id: a2, name: Analyse fictive,"
    kept = hostile(a2, a2 + ' description: "line one\\n\\tline two",')
    description = load_programme_file(programme_file(tmp_path, kept)).courses[1].description
    assert description == "line one\n\tline two"

    escaped = kept.replace("line one", "line \\e[2J one")
    with pytest.raises(CatalogueError, match=r"courses\.1\.description: .*U\+001B"):
        load_programme_file(programme_file(tmp_path, escaped, "escaped.yaml"))


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("start: 2099-13-45, status: published}", "calendar.0.start: not a date (YYYY-MM-DD)"),
        ("start: 9999-12-31, status: published}", "calendar.0.start: must be at most 2999-12-31"),
        (
            "start: 2099-09-01, end: 2099-08-01, status: published}",
            "calendar.0.end: end (2099-08-01) is before start (2099-09-01)",
        ),
    ],
    ids=["month-13", "year-9999", "end-before-start"],
)
def test_an_impossible_date_is_refused_with_the_fields_path(capsys, tmp_path, new, message):
    # Month 13 was a "ValueError: month must be in 1..12" traceback; 9999-12-31 passed
    # check-catalogue and crashed `calendar` ("OverflowError: date value out of range").
    assert_every_command_refuses(capsys, programme_file(tmp_path, hostile(EVENT, new)), message)


def test_a_key_chosen_by_the_file_is_escaped_in_the_refusal(capsys, tmp_path):
    path = programme_file(tmp_path, BASE + '"\\e]0;pwned\\a\\e[2J": x\n')

    code, _, err = run_main(capsys, "check-catalogue", str(path))
    assert code == 2
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b]0;pwned\\x07\\x1b[2J: not a key of this part of a programme" in err


# --- strict JSON, and check-catalogue as strict as the other commands ------------------------


def strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (A1, A1.replace("6", ".inf")),
        (SCALE, "grade_scale: {max: .inf"),
        (A1, A1.replace("6", ".nan")),
    ],
    ids=["ects-inf", "scale-inf", "ects-nan"],
)
def test_json_outputs_never_hold_infinity_or_nan(capsys, tmp_path, old, new):
    # catalogue --json printed `"ects": Infinity` and `"grade_scale": Infinity`: not JSON,
    # no JSON reader takes it.
    path = programme_file(tmp_path, hostile(old, new))
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({"programme": PROGRAMME}), encoding="utf-8")

    for args in (
        ["--catalogue-dir", str(path.parent), "catalogue", "--json"],
        ["evaluate", str(scenario), "--json", "--catalogue", str(path)],
    ):
        code, out, err = run_main(capsys, *args)
        if code == 0:
            strict_json(out)
        else:
            assert (code, out) == (2, "") and err.count("\n") == 1, (args, err)


def test_the_json_outputs_of_the_shipped_catalogue_are_strict_json(capsys, tmp_path):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({"programme": SL}), encoding="utf-8")

    for args in (["catalogue", "--json"], ["schema"], ["evaluate", str(scenario), "--json"]):
        code, out, _ = run_main(capsys, *args)
        assert code == 0
        strict_json(out)


def test_json_text_refuses_a_number_that_is_not_finite():
    assert json_text({"a": 1.5}) == '{\n  "a": 1.5\n}'
    for value in (float("inf"), float("nan")):
        with pytest.raises(CatalogueError, match="not finite"):
            json_text({"a": [value]})


@pytest.mark.parametrize(
    "path",
    [*sorted(CATALOGUE_DIR.glob("*.yaml")), FICTIONAL],
    ids=lambda p: p.stem,
)
def test_every_command_runs_on_the_shipped_and_test_programmes(path):
    check_programme(load_programme_file(path), str(path))


def test_check_catalogue_refuses_what_a_command_would_fail_on(capsys, tmp_path, monkeypatch):
    # A programme the models accept but a command cannot use: check-catalogue, and every
    # command reading the file, refuse it naming the step, instead of a later traceback.
    def fails(programme, scenario):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "evaluate", fails)
    path = programme_file(tmp_path, BASE)

    for args in every_command(path):
        code, out, err = run_main(capsys, *args)
        assert (code, out) == (2, ""), args
        assert err == (
            f"error: {path if args[0] != '--catalogue-dir' else f'{path.parent} ({PROGRAMME})'}"
            ": valid, but evaluate (track None, option None) fails on it "
            "(ZeroDivisionError: division by zero)\n"
        ), args


def test_check_catalogue_accepts_what_every_command_accepts(capsys, tmp_path):
    path = programme_file(tmp_path, BASE)

    for args in every_command(path):
        code, _, err = run_main(capsys, *args)
        assert (code, err) == (0, ""), (args, err)


# --- the helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("bell\x07", "bell\\x07"),
        ("c1 \x9b2J", "c1 \\x9b2J"),
        ("rtl \u202egnp.exe", "rtl \\u202egnp.exe"),
        ("é\u00a0: ok, 👩\u200d🎓", "é\u00a0: ok, 👩\u200d🎓"),
    ],
)
def test_escape_controls_writes_control_characters_as_escapes(text, expected):
    assert escape_controls(text) == expected


def test_shorten_escapes_what_it_quotes():
    assert shorten("a\x1bb") == "a\\x1bb"
