"""Catalogue text drawn with st.markdown shows exactly as written in the seeds."""

import pytest

from ui.format import markdown_table, plain


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
