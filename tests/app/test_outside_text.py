"""Outside text is text: a link, a file, a file name, a typed name or a validation error
quoting any of them is escaped before it is drawn, and quoted short.

What the browser then shows (no heading, link, image or table; no request elsewhere) is
checked in tests/e2e/test_hostile_input.py."""

from __future__ import annotations

import ast
import base64
import json
import re
import string
import zlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.texts import LANGS, messages, templates
from tests.app.test_pages import APP, SL, ok, plan_of
from ui.format import outside, say

ROOT = Path(__file__).resolve().parents[2]

# The phishing page of the issue, and the other shapes markdown, HTML and Streamlit read.
PAYLOADS = [
    "# Your session has expired\n\n[sign in again with your university account]"
    "(https://evil.example/login)\n\n![](https://evil.example/pixel.png)\n\n| a | b |\n|---|---|",
    "![a](http://evil.example/pixel.png).json",
    "<img src=https://evil.example/x.png onerror=alert(1)>",
    ":red[urgent] :material/lock: $\\frac{1}{2}$ **bold** `code` ~~gone~~",
    "<https://evil.example> https://evil.example/auto &amp; &#60;",
    "x -> y <= z",
]
# Characters that are markdown or Streamlit syntax when not escaped.
SYNTAX = set("\\`*_{}[]()#+-.!|$<>~&=")


def is_inert(markdown: str) -> bool:
    """True when `markdown` holds no syntax: every syntax character is backslash-escaped,
    every ":" is broken by a word joiner, and it is one line."""
    without_escapes = re.sub(r"\\[" + re.escape(string.punctuation) + "]", "", markdown)
    return (
        not (SYNTAX & set(without_escapes))
        and all(markdown[i + 1 : i + 2] == "\u2060" for i, c in enumerate(markdown) if c == ":")
        and "\n" not in markdown
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_outside_text_is_inert_markdown_and_short(payload):
    shown = outside(payload)
    assert is_inert(shown)
    visible = re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "")
    assert len(visible) <= 41
    assert visible.rstrip("…") in " ".join(payload.split())


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


# The app's own texts (the engine's, the PDF's and the CLI's have a dotted prefix and are
# never drawn through `say`).
QUOTING = sorted(
    (key, lang)
    for lang in LANGS
    for key, forms in templates(lang).items()
    if "." not in key and _placeholders(forms[-1])
)


@pytest.mark.parametrize(("key", "lang"), QUOTING)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_message_with_a_parameter_quotes_outside_text_inertly(key, lang, payload):
    template = templates(lang)[key][-1]
    count = messages(lang).counts.get(key)
    params = {name: payload for name in _placeholders(template) if name != count}
    message = say(key, lang, **params, **({count: 2} if count else {}))
    # What the template itself says is ours; each inserted part is inert.
    for part in params:
        assert outside(payload, 200 if part == "reason" else 40) in message
    assert is_inert(outside(payload, 200))


OUTSIDE_PARAMETERS = {"name", "reason", "value", "q"}


def _calls_of_t_with_outside_parameters(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t":
            for keyword in node.keywords:
                if keyword.arg in OUTSIDE_PARAMETERS:
                    found.append(f"{path.name}:{node.lineno} t(..., {keyword.arg}=...)")
    return found


def test_no_page_inserts_outside_text_with_t_instead_of_say():
    # `t` inserts as is; a parameter that carries outside text must go through `say`.
    files = [*(ROOT / "views").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"]
    assert [c for f in files for c in _calls_of_t_with_outside_parameters(f)] == []


def _token(data: dict) -> str:
    packed = zlib.compress(json.dumps(data).encode())
    return "v1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


PHISHING = PAYLOADS[0]
HOSTILE_LINKS = {
    "extra key": {"programme": SL, PHISHING: 1},
    "course id in choices": {"programme": SL, "choices": ["![x](https://evil.example/p.png)"]},
    "grades key": {"programme": SL, "grades": {"[sign in](https://evil.example)": 12}},
    "programme": {"programme": "# Expired [sign in](https://evil.example)"},
}


@pytest.mark.parametrize("data", HOSTILE_LINKS.values(), ids=HOSTILE_LINKS.keys())
def test_a_hostile_share_link_is_refused_with_an_inert_message(data):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["plan"] = _token(data)
    ok(at.run())
    (warning,) = at.warning
    body = warning.value
    assert "could not be opened" in body
    quoted = body[body.index("(") + 1 : body.rindex(")")]
    assert is_inert(quoted), body
    assert plan_of(at).programme is None  # refused whole: nothing applied
