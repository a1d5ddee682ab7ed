"""Scenario files as editors and attackers write them: a byte-order mark is read, a key
given twice is refused, and ids made of terminal control codes are echoed escaped."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from planner.outputs.cli import main
from planner.scenario import URL_PREFIX, Scenario, ScenarioError
from tests.unit.support import FUNDAMENTALS, SL, assert_refused_in_one_line, planner_cli

BOM = b"\xef\xbb\xbf"
PLAN = {"programme": SL, "grades": {FUNDAMENTALS[0]: 12}}


def obj(*pairs: tuple[str, str]) -> str:
    """A JSON object written by hand, so that a key can be given twice: (key, raw JSON)."""
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in pairs) + "}"


PROGRAMME = ("programme", json.dumps(SL))
TWICE_STAGE = obj(PROGRAMME, ("grades", obj(("stage", "5"), ("stage", "15"))))


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- terminal control codes ----------------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
ESCAPED = "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m"


@pytest.mark.parametrize(
    "plan",
    [
        {"programme": ESCAPES},
        {"programme": SL, "track": ESCAPES},
        {"programme": SL, "option": ESCAPES},
        {"programme": SL, "grades": {ESCAPES: 12}},
        {"programme": SL, "choices": [ESCAPES]},
        {"programme": SL, "parameters": {ESCAPES: 1}},
    ],
    ids=["programme", "track", "option", "grade", "choice", "parameter"],
)
def test_evaluate_escapes_terminal_control_codes_of_a_scenarios_ids(capsys, tmp_path, plan):
    # They reached stderr raw: a scenario file could retitle the terminal and clear it.
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(plan), encoding="utf-8")

    code, out, err = run_main(capsys, "evaluate", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert not any(c in err for c in "\x1b\x07\x9b"), repr(err)
    assert ESCAPED in err


def test_evaluate_escapes_control_codes_in_a_real_process(tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({"programme": ESCAPES}), encoding="utf-8")

    assert_refused_in_one_line(planner_cli("evaluate", str(path)), f"programme “{ESCAPED}”")


# --- a byte-order mark ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [BOM + json.dumps(PLAN).encode(), "\ufeff" + json.dumps(PLAN)],
    ids=["bytes", "text"],
)
def test_a_scenario_starting_with_a_byte_order_mark_is_read(text):
    # Notepad saves UTF-8 with one: it was refused as "not valid JSON (line 1, column 1)".
    assert Scenario.from_json(text) == Scenario.from_data(PLAN)


def test_evaluate_reads_a_scenario_file_saved_with_a_byte_order_mark(capsys, tmp_path):
    path = tmp_path / "notepad.json"
    path.write_bytes(BOM + json.dumps(PLAN, indent=2).encode())

    code, out, err = run_main(capsys, "evaluate", str(path), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["programme"] == SL


def test_a_byte_order_mark_alone_is_an_empty_scenario():
    with pytest.raises(ScenarioError, match="the scenario is empty"):
        Scenario.from_json(BOM)


def test_a_byte_order_mark_in_the_middle_is_still_refused():
    with pytest.raises(ScenarioError, match="not valid JSON"):
        Scenario.from_json(b"{" + BOM + b'"programme": "x"}')


# --- a key given twice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (obj(("programme", '"x"'), PROGRAMME), "programme"),
        (TWICE_STAGE, "stage"),
        (obj(PROGRAMME, ("saved", "[" + obj(("name", '"a"'), ("name", '"b"')) + "]")), "name"),
        (obj(PROGRAMME, ("parameters", obj(("threshold", "1"), ("threshold", "2")))), "threshold"),
    ],
    ids=["top-level", "grade", "saved-plan", "parameter"],
)
def test_a_key_given_twice_in_a_scenario_is_refused_in_both_languages(text, key):
    # JSON keeps the last one silently: a second grade for the internship replaced the first.
    with pytest.raises(ScenarioError) as refused:
        Scenario.from_json(text)
    assert refused.value.key == "refusal.duplicate_key"
    assert refused.value.text("en") == (f"the key “{key}” is given twice in the scenario: keep one")
    assert refused.value.text("fr") == (
        f"la clé “{key}” est donnée deux fois dans le scénario : n'en gardez qu'une"
    )


def test_evaluate_refuses_a_key_given_twice_in_one_line(capsys, tmp_path):
    path = tmp_path / "twice.json"
    path.write_text(TWICE_STAGE, encoding="utf-8")

    code, out, err = run_main(capsys, "evaluate", str(path), "--lang", "fr")
    assert (code, out) == (2, "")
    assert err == (
        f"erreur : {path} : la clé “stage” est donnée deux fois dans le scénario : "
        "n'en gardez qu'une\n"
    )


def test_a_link_with_a_key_given_twice_is_refused_too():
    # A link is the same JSON, compressed: read by the same function.
    body = obj(PROGRAMME, PROGRAMME).encode()
    token = URL_PREFIX + base64.urlsafe_b64encode(zlib.compress(body)).decode().rstrip("=")

    with pytest.raises(ScenarioError, match="given twice"):
        Scenario.from_url(token)


def test_the_same_key_in_different_objects_is_not_a_duplicate():
    text = json.dumps(
        {
            "programme": SL,
            "grades": {"stage": 12},
            "session2_grades": {"stage": 14},
            "saved": [{"name": "a", "plan": {"programme": SL, "grades": {"stage": 10}}}],
        }
    )
    assert Scenario.from_json(text).session2_grades == {"stage": 14}
