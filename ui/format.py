"""Text on a page: outside text escaped for markdown, typed grades read, small tables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from planner.limits import QUOTE_CHARS, shorten
from planner.messages import Lang
from planner.scenario import ScenarioError
from ui.i18n import t

# Every character markdown would read as syntax, plus Streamlit's own ($maths$, :colour[…]).
# Catalogue text is verbatim from the seeds and must show as written.
_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|$<>~&="})
# Streamlit rewrites some text *after* markdown escapes are resolved: ":name:" shortcodes
# and ":material/…:" icons, and " -> ", " <- ", " -- ", " >= ", " <= ", " ~= " into
# arrows and symbols. An invisible word joiner (U+2060) after each ":" and inside those
# pairs breaks the patterns without changing what the student reads.
_JOINER = "\u2060"
_PAIRS = ("->", "<-", "--", ">=", "<=", "~=")


# A right-to-left override or embedding (U+202A-U+202E) or isolate (U+2066-U+2068) in a
# name reverses what follows it, up to its end mark, or to the end of the paragraph when
# it has none: the sentence around the name would read backwards too. Such a line is
# shown between a first-strong isolate and its end (U+2068 … U+2069), so that what it
# reverses stays inside the name; a name without them is left as it is.
_DIRECTIONAL = re.compile("[\u202a-\u202e\u2066-\u2068]")


def _isolated(line: str) -> str:
    return f"\u2068{line}\u2069" if _DIRECTIONAL.search(line) else line


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """`text` for st.markdown, shown exactly as written (line breaks kept; leading spaces
    of a line are not)."""
    lines = []
    for line in text.splitlines():
        line = line.strip().replace(":", ":" + _JOINER)
        for pair in _PAIRS:
            line = line.replace(pair, pair[0] + _JOINER + pair[1])
        lines.append(_isolated(line.translate(_ESCAPES)))
    return "  \n".join(lines)


# A widget's label draws inline markdown only (links, images, bold, italics, code, maths,
# colours, emoji shortcodes: a list, heading or quote marker shows as typed), and Streamlit
# also makes it the control's accessible name, escapes and all: so a label escapes only
# what would draw, and a name like « Non-paramétrique (M2) » is read out without a
# backslash.
_LABEL_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]$~"})
_ENTITY = re.compile(r"&(?=#?\w+;)")


@lru_cache(maxsize=4096)
def label_plain(text: str) -> str:
    """`text` as a widget's label (one line), shown exactly as written."""
    line = " ".join(text.split()).replace(":", ":" + _JOINER)
    for pair in _PAIRS:
        line = line.replace(pair, pair[0] + _JOINER + pair[1])
    return _isolated(_ENTITY.sub("\\&", line.translate(_LABEL_ESCAPES)))


# A refusal reason is our own sentence with the outside text already quoted short inside
# it (planner.limits.quote); the whole is bounded too.
REASON_CHARS = 200


def outside(text: object, limit: int = QUOTE_CHARS) -> str:
    """Text from outside (a link, a file, a file name, a typed name or search, an error
    quoting any of them), for markdown: on one line, cut at a word boundary, escaped."""
    return plain(shorten(text, limit))


def say(key: str, lang: Lang, ours: Mapping[str, str] | None = None, **quoted: object) -> str:
    """The message `key` with outside text inserted: the one way such text reaches a page.
    Every keyword parameter is outside text (`reason` may be longer); `ours` holds the
    app's own markdown-safe parts (a course name, a number, another message). A refusal
    (ScenarioError) is written in `lang`; what it quotes of the input stays outside text."""
    escaped = {
        name: outside(
            value.text(lang) if isinstance(value, ScenarioError) else value,
            REASON_CHARS if name == "reason" else QUOTE_CHARS,
        )
        for name, value in quoted.items()
    }
    return t(key, lang, **(ours or {}), **escaped)


def say_as_text(
    key: str, lang: Lang, ours: Mapping[str, str] | None = None, **quoted: object
) -> str:
    """As `say`, for an element that writes its text as text, never as markdown (the
    grade sheet's script sets textContent): the outside text is cut short and put on one
    line, but not escaped, as an escape would show; `ours` is the app's own plain text."""
    bounded = {
        name: shorten(value, REASON_CHARS if name == "reason" else QUOTE_CHARS)
        for name, value in quoted.items()
    }
    return t(key, lang, **(ours or {}), **bounded)


# One number: digits with at most one separator, a decimal comma or point in either
# language and any number of decimals ("12,375" is 12.375: a grade is never large enough to
# need a thousands separator).
_GRADE = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
# Digits and separators only: a number, but not one clear number.
_DIGITS = re.compile(r"[+-]?[\d.,]*\d[\d.,]*")
# Invisible characters a paste may carry, read as spaces (str.split() does not see them).
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", " "))


class GradeTextError(ValueError):
    """Typed text that is not one clear number; `code` names the message to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def typed_number(text: str) -> float | None:
    """The number a student typed, with a decimal comma or point in either language and
    any number of decimals; None when empty. Spaces around it (a no-break space, a line
    break or a tab pasted with it) are dropped. Raises GradeTextError, naming the reason,
    for text whose meaning is unclear: a space inside ("1 2": 1, 2 or 12?), two separators
    or more ("1.234,5"), or text that is not a number. Never a value the student did not
    mean."""
    words = text.translate(_INVISIBLE).split()
    if not words:
        return None
    if len(words) == 1 and _GRADE.fullmatch(words[0]):
        return float(words[0].replace(",", "."))
    if not _DIGITS.fullmatch("".join(words)):
        raise GradeTextError("grade_not_number")
    if len(words) > 1:
        raise GradeTextError("grade_inner_space")
    raise GradeTextError("grade_ambiguous")


def markdown_table(rows: list[dict[str, str]]) -> str:
    """A small table as one markdown element: far cheaper per rerun than st.dataframe
    (no pandas or Arrow), for the few rows of a unit."""
    header = list(rows[0])
    lines = [
        "| " + " | ".join(plain(h) for h in header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(plain(str(row[h])) for h in header) + " |" for row in rows),
    ]
    return "\n".join(lines)


def markdown_list(rows: list[dict[str, str]]) -> str:
    """The rows of markdown_table as a list, one line each: the first column in bold, the
    others as "name value" after it. For a phone, where four columns do not fit."""
    lines = []
    for row in rows:
        first, *rest = row.items()
        facts = " · ".join(f"{plain(k)} {plain(str(v))}" for k, v in rest)
        lines.append(f"- **{plain(str(first[1]))}** — {facts}")
    return "\n".join(lines)
