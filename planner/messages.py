"""Plain-language texts of the engine's verdicts.

The engine returns a `Message` (a code and its parameters); this module turns it into a
sentence from the message catalogue (`planner.texts`, msgid `verdict.<code>`). Keeping the
wording out of the engine lets the app switch language.

A list parameter `x` is joined ("A, B and C") and also offered as `de_x`, each name behind
"of"/"de" with French elision ("d'Optimisation"); a number is written the language's way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from planner.texts import LANGS, Lang, decimal, template, text

__all__ = [
    "LANGS",
    "Below",
    "CourseCount",
    "Lang",
    "Message",
    "join",
    "number",
    "number_below",
    "of",
]


@dataclass(frozen=True)
class Message:
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Lang = "en") -> str:
        return render(self, lang)


@dataclass(frozen=True)
class CourseCount:
    """How many courses a unit asks for, written in words: "4", "at least 4" (when every
    course above that may be taken), "2 to 3"."""

    low: int
    high: int
    courses: int

    def text(self, lang: Lang) -> str:
        if self.low == self.high:
            return str(self.low)
        if self.high == self.courses:
            return text("choose_at_least", lang, n=self.low)
        return text("choose_between", lang, low=self.low, high=self.high)


@dataclass(frozen=True)
class Below:
    """A value shown beside "< bound": with as many decimals as it takes never to read
    "50 < 50" (49.998 is shown 49.998, not 50)."""

    value: float
    bound: float


def number(value: float | Fraction | None, lang: Lang = "en") -> str:
    """A grade or mean as a student writes it: at most 2 decimals, no trailing zeros."""
    if value is None:
        return "—"
    return decimal(value, 2, lang)


def number_below(value: float, bound: float, lang: Lang = "en") -> str:
    """`value` (< bound) shown so that it never reads as the bound itself."""
    shown_bound = number(bound, lang)
    for places in range(2, 7):
        shown = decimal(value, places, lang)
        if shown != shown_bound:
            return shown
    # Closer than a millionth: the largest 6-decimal number below the bound.
    return decimal(math.floor(value * 10**6) / 10**6, 6, lang)


_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def of(name: str, lang: Lang) -> str:
    """The name behind French "de", elided before a vowel ("d'Optimisation")."""
    if lang != "fr":
        return name
    return f"d'{name}" if name[:1] in _VOWELS else f"de {name}"


def join(items: Sequence[str], lang: Lang) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {text('and', lang)} " + items[-1]


def _graded(courses: Sequence[tuple[str, float | None]], lang: Lang) -> str:
    absent = text("verdict.absent_course", lang)
    parts = [f"{name} ({number(g, lang) if g is not None else absent})" for name, g in courses]
    return join(parts, lang)


_LISTS = frozenset(
    {"unknown", "units", "courses", "absent", "below_floor", "below", "waiting", "without"}
)


def render(message: Message, lang: Lang = "en") -> str:
    params = dict(message.params)
    values: dict[str, str] = {}
    for key, value in params.items():
        if key == "then":
            continue
        if key == "retakes":
            values[key] = _graded(value, lang)  # type: ignore[arg-type]
        elif key in _LISTS:
            names = list(value)  # type: ignore[call-overload]
            values[key] = join(names, lang)
            values[f"de_{key}"] = join([of(n, lang) for n in names], lang)
        elif isinstance(value, Message):
            values[key] = render(value, lang)
        elif isinstance(value, CourseCount):
            values[key] = value.text(lang)
        elif isinstance(value, Below):
            values[key] = number_below(value.value, value.bound, lang)
        elif isinstance(value, (float, Fraction)):
            values[key] = number(value, lang)
        else:
            values[key] = str(value)
    # The plural form is chosen by the raw parameter (a number, or a list's length).
    sentence = template(f"verdict.{message.code}", lang, params).format(**values)
    for extra in params.get("then", ()):  # type: ignore[union-attr]
        sentence += render(extra, lang)
    return sentence
