"""The one message catalogue (locales/<lang>/LC_MESSAGES/planner.po): complete in both
languages, consistent, and used with ids that exist; numbers and dates the language's way."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path

import pytest

from planner import texts
from planner.messages import grade_text, number
from planner.texts import LANGS, messages, templates

ROOT = Path(__file__).resolve().parents[2]
EN, FR = templates("en"), templates("fr")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_message_ids():
    assert sorted(set(EN) - set(FR)) == []
    assert sorted(set(FR) - set(EN)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_in_every_form(lang):
    untranslated = [key for key, forms in templates(lang).items() if not all(forms)]
    assert untranslated == []


@pytest.mark.parametrize("lang", LANGS)
def test_both_plural_forms_exist_for_every_counted_text(lang):
    counts = messages(lang).counts
    assert {key for key, forms in templates(lang).items() if len(forms) == 2} == set(counts)


def test_plural_texts_count_by_the_same_parameter_in_both_languages():
    assert messages("en").counts == messages("fr").counts


@pytest.mark.parametrize("key", sorted(EN))
def test_a_message_takes_the_same_parameters_in_both_languages(key):
    en = set().union(*map(_placeholders, EN[key]))
    fr = set().union(*map(_placeholders, FR[key]))
    # French also gets `de_x` (a list behind "de", elided) where English says `x`.
    assert {p.removeprefix("de_") for p in en} == {p.removeprefix("de_") for p in fr}


def test_no_text_writes_a_parenthesised_plural():
    for lang in LANGS:
        for key, forms in templates(lang).items():
            for form in forms:
                assert "(s)" not in form and "(e)" not in form, key


def test_a_missing_message_id_is_an_error_not_the_id_shown():
    with pytest.raises(KeyError):
        texts.text("no_such_message", "fr")


def _literal_ids(path: Path) -> list[tuple[str, int, str]]:
    """Message ids written as literals in calls of t, say or text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None)
        if isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "texts":
            name = node.func.attr  # texts.text(...)
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        if name in ("t", "say", "text"):
            found.append((path.name, node.lineno, first.value))
    return found


def test_every_message_id_written_in_the_code_exists():
    files = [
        *(ROOT / "planner").rglob("*.py"),
        *(ROOT / "ui").glob("*.py"),
        *(ROOT / "views").glob("*.py"),
        ROOT / "app.py",
    ]
    calls = [call for f in files for call in _literal_ids(f)]
    assert len(calls) > 300  # the scan sees the calls
    assert [c for c in calls if c[2] not in EN] == []


CODE = [
    *(ROOT / "planner").rglob("*.py"),
    *(ROOT / "ui").rglob("*.py"),
    *(ROOT / "views").rglob("*.py"),
    ROOT / "app.py",
]
SCRIPT = ROOT / "static" / "elements.js"

# Ids the pages build at run time (ui/ and views/ name no tuple of them yet): where, the
# f-string that builds them, and the ids it can give.
BUILT_BY_PAGES = {
    ("ui/sidebar.py", 'f"choose_{what}"'): ("choose_track", "choose_option"),
    ("ui/charts.py", 'f"kind_{kind}"'): (
        "kind_teaching", "kind_exams", "kind_internship", "kind_event", "kind_milestone",
    ),
    ("views/compare.py", 'f"compare_{m}"'): ("compare_options", "compare_tracks"),
    ("ui/rule_parameters.py", 'f"preset.{p}"'): (
        "preset.each-unit-no-compensation",
        "preset.year-compensation-by-ects",
        "preset.courses-weighted-by-ects",
    ),
    ("ui/grade_cards.py", 'f"verdict_{status}"'): (
        "verdict_published", "verdict_assumed", "verdict_chosen", "verdict_entered",
    ),
    ("ui/minimum_lines.py", 'f"need_course_{c.status}"'): (
        "need_course_any_grade", "need_course_impossible",
    ),
    ("ui/rule_parameters.py", 'f"policy_{p}"'): ("policy_replace", "policy_keep_best"),
    ("ui/retake_lines.py", 'f"retakes_if_{'): ("retakes_if_below", "retakes_if_not_above"),
}  # fmt: skip


def _string_literals() -> set[str]:
    """Every string written whole in the code: an id is used where it is written out,
    as an argument or in a module-level table of the ids picked by a value."""
    found: set[str] = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    found |= set(re.findall(r"[\"'`]([^\"'`]+)[\"'`]", SCRIPT.read_text(encoding="utf-8")))
    return found


def test_the_pages_still_build_the_ids_declared_for_them():
    gone = [
        (path, built)
        for path, built in BUILT_BY_PAGES
        if built not in (ROOT / path).read_text(encoding="utf-8")
    ]
    assert gone == []
    declared = [i for ids in BUILT_BY_PAGES.values() for i in ids]
    assert [i for i in declared if i not in EN] == []


def test_every_message_id_is_used():
    """An id no code writes out is a text no one reads. A verdict's text is used when the
    engine writes its code (Message(code=...), msgid verdict.<code>)."""
    written = _string_literals() | {i for ids in BUILT_BY_PAGES.values() for i in ids}
    unused = [
        key
        for key in EN
        if key not in written
        and not (key.startswith("verdict.") and key.removeprefix("verdict.") in written)
    ]
    assert unused == []


# Ids with the same text in both languages that stay apart, and why.
SAME_TEXT_APART = {
    # A page's title in the menu and the radio button that picks what to compare on it.
    frozenset({"page_compare", "compare_what"}),
    frozenset({"page_rules", "my_rules_preset"}),
    # Both are drawn by pages (ui/state.py, views/rules.py; views/plan.py, views/compare.py;
    # views/rules.py, views/grades.py) that only their owner edits: one id each, to merge there.
    frozenset({"source", "from_source"}),
    frozenset({"ects_unknown", "fig_ects_unknown"}),
    frozenset({"assumed_rule", "assumption"}),
    # A topic heading of the Rules page, one of the rule.topic_* family (tests/app reads it),
    # and the label of a unit's compensation verdict.
    frozenset({"compensation", "rule.topic_compensation"}),
}


def test_no_two_ids_carry_the_same_text():
    """One text, one id: an id per output ("session1" and "report.session1") drifts apart
    when one of them is reworded."""
    by_text: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = {}
    for key in EN:
        by_text.setdefault((EN[key], FR[key]), set()).add(key)
    same = [ids for ids in by_text.values() if len(ids) > 1]
    assert [sorted(ids) for ids in same if frozenset(ids) not in SAME_TEXT_APART] == []


def test_the_languages_are_listed_in_one_place():
    """planner.texts names the languages (Lang, LANGS, DEFAULT_LANG); no other module of
    planner lists them."""
    listing = re.compile(r"""[\[(]\s*["']en["']\s*,\s*["']fr["']""")
    listed = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "planner").rglob("*.py")
        if listing.search(path.read_text(encoding="utf-8"))
    ]
    assert listed == ["planner/texts.py"]


@pytest.mark.parametrize(
    ("n", "lang", "shown"),
    [
        (0, "fr", "0 cours"),
        (1, "fr", "1 cours"),
        (0, "en", "0 courses"),
        (1, "en", "1 course"),
        (2, "en", "2 courses"),
    ],
)
def test_the_languages_plural_rule_picks_the_form(n, lang, shown):
    assert texts.text("results", lang, n=n) == shown


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (12.5, "fr", "12,5"),
        (12.5, "en", "12.5"),
        (12.0, "fr", "12"),
        (12.345, "en", "12.35"),
        (-0.001, "fr", "0"),
        (1234.5, "fr", "1\u202f234,5"),
        (1234.5, "en", "1,234.5"),
    ],
)
def test_numbers_follow_the_language(value, lang, shown):
    assert number(value, lang) == shown


def test_a_value_below_its_bound_never_reads_as_the_bound():
    assert grade_text(49.998, "fr", (50,)) == "49,998"
    assert grade_text(49.9999999, "en", (50,)) == "49.999999"


@pytest.mark.parametrize(
    ("day", "lang", "long", "short"),
    [
        (dt.date(2024, 12, 1), "fr", "1er décembre 2024", "1er déc. 2024"),
        (dt.date(2024, 9, 2), "fr", "2 septembre 2024", "2 sept. 2024"),
        (dt.date(2024, 12, 1), "en", "1 December 2024", "Dec 1, 2024"),
    ],
)
def test_dates_follow_the_language(day, lang, long, short):
    assert texts.long_date(day, lang) == long
    assert texts.short_date(day, lang) == short


def test_months_follow_the_language():
    assert texts.month_name(dt.date(2024, 9, 1), "fr") == "sept."
    assert texts.month_name(dt.date(2024, 9, 1), "en") == "Sep"


def test_each_language_is_named_in_itself():
    assert [texts.language_name(lang) for lang in LANGS] == ["English", "Français"]


# --- refusals are texts too: the reason a link or a file is refused, in either language --


@pytest.mark.parametrize(
    ("raw", "en", "fr"),
    [
        ("{", "not valid JSON (line 1, column 2)", "pas du JSON valide (ligne 1, colonne 2)"),
        ('{"programme": "x", "grades": {"a": "12"}}', "is not a number", "n'est pas un nombre"),
        ('{"programme": "x", "colour": 1}', "not a field of a scenario", "n'est pas un champ"),
        ('{"programme": ""}', "programme: empty", "programme : vide"),
        ('{"programme": "x", "parameters": {"bonus_rate": 2}}', "at most 1", "au plus 1"),
    ],
)
def test_a_refused_scenario_says_why_in_the_language_asked(raw, en, fr):
    from planner.scenario import Scenario, ScenarioError

    with pytest.raises(ScenarioError) as refused:
        Scenario.from_json(raw)
    assert en in refused.value.text("en") and en in str(refused.value)
    assert fr in refused.value.text("fr")


def test_every_pydantic_error_type_we_name_has_its_refusal():
    from planner.scenario import PYDANTIC_REFUSALS

    assert set(PYDANTIC_REFUSALS.values()) <= set(EN)


DRAWN = {
    "title", "header", "subheader", "caption", "markdown", "info", "warning", "error",
    "success", "expander", "button", "toggle", "checkbox", "radio", "selectbox",
    "multiselect", "text_input", "tabs", "metric", "popover", "file_uploader", "slider",
    "select_slider", "segmented_control", "form_submit_button", "toast", "dialog",
}  # fmt: skip


def test_no_page_draws_a_text_of_its_own_outside_the_catalogue():
    """A word written straight into a Streamlit call would be in one language only."""
    files = [*(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]
    literal = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in DRAWN:
                continue
            for arg in node.args[:1]:
                parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
                words = [
                    word
                    for part in parts
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                    for word in part.value.split()
                ]
                if any(len(word) > 2 and word.isalpha() for word in words):
                    literal.append(f"{path.name}:{node.lineno} {words}")
    assert literal == []
