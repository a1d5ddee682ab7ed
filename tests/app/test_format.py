"""Catalogue text drawn with st.markdown shows exactly as written in the seeds."""

import pytest

from planner.texts import percent
from ui.format import (
    GradeTextError,
    label_plain,
    markdown_table,
    plain,
    say_as_text,
    typed_number,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Modèle linéaire", "Modèle linéaire"),
        ("a * b_c", r"a \* b\_c"),
        (":red[alert] :material/home:", ":\u2060red\\[alert\\] :\u2060material/home:\u2060"),
        ("x -> y >= 10 -- z", "x \\-\u2060\\> y \\>\u2060\\= 10 \\-\u2060\\- z"),
        ("$x^2$ + 1.", r"\$x^2\$ \+ 1\."),
        ("<b>html</b>", r"\<b\>html\</b\>"),
        ("# not a title\n  - not a bullet", "\\# not a title  \n\\- not a bullet"),
    ],
)
def test_plain_escapes_every_markdown_and_streamlit_directive(text: str, shown: str) -> None:
    # What the browser then shows is checked in tests/e2e/test_privacy_and_input.py.
    assert plain(text) == shown


@pytest.mark.parametrize("escape", [plain, label_plain])
def test_a_name_that_turns_text_right_to_left_is_kept_apart_from_the_sentence_around_it(
    escape,
) -> None:
    # Unended, the override would reverse the rest of the line: « UE E live (3 ECTS) ».
    assert escape("UE E \u202eevil") == "\u2068UE E \u202eevil\u2069"
    assert escape("\u2067RTL isolate\u2069") == "\u2068\u2067RTL isolate\u2069\u2069"
    # Any other name is left as it is: an arabic or hebrew name needs no mark.
    assert escape("Probabilités بالعربية") == "Probabilités بالعربية"


def test_markdown_table_has_one_row_per_course_and_escapes_cells() -> None:
    table = markdown_table(
        [{"Course": "A|B", "ECTS": "3*"}, {"Course": "C", "ECTS": "non publié"}]
    ).splitlines()
    assert table == [
        "| Course | ECTS |",
        "|---|---|",
        r"| A\|B | 3\* |",
        "| C | non publié |",
    ]


@pytest.mark.parametrize(
    ("probability", "lang", "shown"),
    [
        (0.7235, "en", "72%"),
        (0.7235, "fr", "72\u00a0%"),
        (0.0, "en", "0%"),
        (0.004, "en", "< 1%"),
        (0.996, "fr", "> 99\u00a0%"),
        (1.0, "fr", "100\u00a0%"),
    ],
)
def test_a_probability_reads_as_people_say_it(probability, lang, shown) -> None:
    assert percent(probability, lang) == shown


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("9,5", 9.5),
        ("9.5", 9.5),
        (" 12 ", 12.0),
        ("", None),
        (".5", 0.5),
        ("-1", -1.0),
        # One separator is a decimal one, whatever the decimals (tests/app/test_grade_text.py).
        ("1,234", 1.234),
        ("1.234", 1.234),
    ],
)
def test_a_grade_is_read_with_a_comma_or_a_point(typed, value) -> None:
    assert typed_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1,234.5", "grade_ambiguous"),
        ("9,5,0", "grade_ambiguous"),
        ("1 234", "grade_inner_space"),
        ("douze", "grade_not_number"),
        ("1e3", "grade_not_number"),
        ("nan", "grade_not_number"),
    ],
)
def test_text_that_is_not_one_clear_number_is_refused(typed, code) -> None:
    with pytest.raises(GradeTextError) as refused:
        typed_number(typed)
    assert refused.value.code == code


def test_outside_text_said_as_text_is_bounded_on_one_line_and_not_escaped() -> None:
    # For the grade sheet, which writes its texts as text: an escape would show.
    ours = {"course": "Stage", "kept": ""}
    said = say_as_text("grade_not_number", "en", ours, value="-5*\n" + "9 " * 40)
    assert "“-5* 9 9" in said and "\\" not in said and "\n" not in said
    assert "…" in said and said.count("9") < 40
