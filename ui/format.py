"""How figures, statuses and verdicts read on a page."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from babel.numbers import format_decimal

from planner.catalogue import Figure, Rules
from planner.limits import QUOTE_CHARS, shorten
from planner.messages import Lang, number
from planner.scenario import ScenarioError
from planner.texts import decimal
from planner.totals import Amount
from ui.i18n import t


def figure(value: Figure | Amount, lang: Lang) -> str:
    """'12', '20*' (inferred) or 'not published' — never a silent 0."""
    if value.value is None:
        return t("not_published", lang)
    mark = "*" if value.status == "inferred" else ""
    partial = " +?" if isinstance(value, Amount) and value.missing else ""
    return f"{number(value.value, lang)}{mark}{partial}"


def status(value: Figure, lang: Lang) -> str:
    return t(value.status if value.status != "unknown" else "not_published", lang)


def verdict(validated: bool | None, lang: Lang, plain: bool = False) -> str:
    """A coloured verdict for markdown, or plain text for a table cell."""
    if plain:
        return t({True: "validated", False: "failed", None: "pending"}[validated], lang)
    if validated is True:
        return ":green[:material/check_circle: " + t("validated", lang) + "]"
    if validated is False:
        return ":red[:material/cancel: " + t("failed", lang) + "]"
    return ":orange[:material/hourglass_top: " + t("pending", lang) + "]"


# Every character markdown would read as syntax, plus Streamlit's own ($maths$, :colour[…]).
# Catalogue text is verbatim from the seeds and must show as written.
_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|$<>~&="})
# Streamlit rewrites some text *after* markdown escapes are resolved: ":name:" shortcodes
# and ":material/…:" icons, and " -> ", " <- ", " -- ", " >= ", " <= ", " ~= " into
# arrows and symbols. An invisible word joiner (U+2060) after each ":" and inside those
# pairs breaks the patterns without changing what the student reads.
_JOINER = "\u2060"
_PAIRS = ("->", "<-", "--", ">=", "<=", "~=")


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """`text` for st.markdown, shown exactly as written (line breaks kept; leading spaces
    of a line are not)."""
    lines = []
    for line in text.splitlines():
        line = line.strip().replace(":", ":" + _JOINER)
        for pair in _PAIRS:
            line = line.replace(pair, pair[0] + _JOINER + pair[1])
        lines.append(line.translate(_ESCAPES))
    return "  \n".join(lines)


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


# --- a grade, a mean or a needed grade as shown -----------------------------------------

PLACES = 2  # the app's usual decimals for a grade or a mean
MAX_PLACES = 6  # what a value shows at most (a typed grade's field included)


def compared_figures(rules: Rules, scale: float) -> tuple[float, ...]:
    """What a grade or a mean is compared with under `rules`: each unit's threshold and
    course floor, each compensation group's threshold and unit floor, the scale's ends."""
    figures = {0.0, float(scale)}
    for rule in rules.units:
        figures.add(rule.threshold)
        if rule.course_floor is not None:
            figures.add(rule.course_floor)
    for group in rules.groups:
        figures.add(group.threshold)
        if group.unit_floor is not None:
            figures.add(group.unit_floor)
    return tuple(sorted(figures))


def _exact(value: float | Fraction) -> Fraction:
    """A value as the engine reads it: a float by its shortest decimal form (49.999 is
    49999/1000, not the binary float just below it)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(Decimal(repr(float(value))))


def _own_places(value: float | Fraction) -> int:
    """The decimals of a value's shortest decimal form (49.999: 3)."""
    if isinstance(value, Fraction):
        return MAX_PLACES
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else MAX_PLACES


def _side(value: Fraction, other: Fraction) -> int:
    return (value > other) - (value < other)


def _written(value: float | Fraction, places: int, lang: Lang, grouped: bool) -> str:
    if grouped:
        return decimal(value, places, lang)
    # A field's text is read back by typed_number: no thousands separator in it.
    rounded = round(float(value), places) or 0.0  # never "-0"
    return format_decimal(rounded, format="0." + "#" * places, locale=lang)


@lru_cache(maxsize=8192)
def _grade_text(
    value: float | Fraction, lang: Lang, against: tuple[float, ...], typed: bool
) -> str:
    exact = _exact(value)
    others = [(b, _side(exact, b)) for b in map(_exact, against)]
    first = min(_own_places(value), MAX_PLACES) if typed else PLACES
    for places in range(first, max(first, MAX_PLACES) + 1):
        shown = _exact(round(float(value), places))
        if all(_side(shown, b) == side for b, side in others):
            return _written(value, places, lang, grouped=not typed)
    # Closer to a figure than a millionth: the MAX_PLACES-decimal number on the value's
    # side of it (49.9999999 beside 50 is 49.999999).
    step = Fraction(1, 10**MAX_PLACES)
    down, up = math.floor(exact / step) * step, math.ceil(exact / step) * step
    for shown in (down, up):
        if all(_side(shown, b) == side for b, side in others):
            return _written(shown, MAX_PLACES, lang, grouped=not typed)
    return _written(down, MAX_PLACES, lang, grouped=not typed)


def grade_text(
    value: float | Fraction | None,
    lang: Lang,
    against: Iterable[float | None] = (),
    *,
    typed: bool = False,
) -> str:
    """A grade, a mean or a needed grade as shown, in the language's way ("12,5"): with
    the app's 2 decimals, or with its own decimals for a grade as typed (`typed`: 12.375
    stays "12,375", in a field without a thousands separator), and with more whenever
    fewer would put it on, or on the other side of, a figure it is compared with
    (`against`: thresholds and floors, the scale's ends — compared_figures() — and the
    other values of a row). 49.999 beside a threshold of 50 reads "49,999", never "50";
    a value equal to a figure reads as it. "—" for no value."""
    if value is None:
        return "—"
    figures = tuple(sorted({float(b) for b in against if b is not None}))
    return _grade_text(value, lang, figures, typed)


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
