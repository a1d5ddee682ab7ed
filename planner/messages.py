"""Plain-language texts of the engine's verdicts.

The engine returns a `Message` (a code and its parameters); this module turns it into a
sentence from the message catalogue (`planner.texts`, msgid `verdict.<code>`). Keeping the
wording out of the engine lets the app switch language.

A list parameter `x` is joined ("A, B and C") and also offered as `de_x`, each name behind
"of"/"de" with French elision ("d'Optimisation"); a number is written the language's way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from babel.numbers import format_decimal

from planner.texts import DEFAULT_LANG, LANGS, Lang, decimal, template, text

if TYPE_CHECKING:
    from planner.catalogue import Rules

__all__ = [
    "LANGS",
    "Below",
    "CourseCount",
    "Lang",
    "Message",
    "Named",
    "PartialSum",
    "compared_figures",
    "grade_text",
    "join",
    "number",
    "of",
    "sum_text",
]


@dataclass(frozen=True)
class Message:
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
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


@dataclass(frozen=True)
class PartialSum:
    """A sum of figures (ECTS) of which a part is not published when `unknown`: it reads
    "39 + ?", never "39" (sum_text)."""

    value: float
    unknown: bool = False

    def text(self, lang: Lang) -> str:
        return sum_text(self.value, self.unknown, lang)


def sum_text(value: float | None, unknown: bool, lang: Lang = DEFAULT_LANG) -> str:
    """A sum as read: "39", "39 + ?" when a part of it is not published, "?" when no part
    of it is known."""
    if not unknown:
        return number(value or 0, lang)
    if not value:
        return "?"
    return text("sum_partial", lang, known=number(value, lang))


def number(value: float | Fraction | None, lang: Lang = DEFAULT_LANG) -> str:
    """A grade or mean as a student writes it: at most 2 decimals, no trailing zeros."""
    if value is None:
        return "—"
    return decimal(value, 2, lang)


PLACES = 2  # the app's usual decimals for a grade or a mean
MAX_PLACES = 6  # what a value shows at most (a typed grade's field included)


def compared_figures(rules: Rules, scale: float) -> tuple[float, ...]:
    """What a grade or a mean is compared with under `rules`: each unit's threshold and
    course floor, each compensation group's threshold and unit floor, the course
    capitalisation's threshold, the scale's ends."""
    figures = {0.0, float(scale)}
    for rule in rules.units:
        figures.add(rule.threshold)
        if rule.course_floor is not None:
            figures.add(rule.course_floor)
    for group in rules.groups:
        figures.add(group.threshold)
        if group.unit_floor is not None:
            figures.add(group.unit_floor)
    if rules.course_capitalisation is not None:
        figures.add(rules.course_capitalisation.threshold)
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
    value: float | Fraction | str | None,
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
    a value equal to a figure reads as it. "—" for no value; a justified absence ("ABJ",
    planner.rules.absence) reads as the jury writes it, in both languages."""
    if value is None:
        return "—"
    if value == "ABJ":
        return "ABJ"
    figures = tuple(sorted({float(b) for b in against if b is not None}))
    return _grade_text(value, lang, figures, typed)


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


def listed(key: str, names: Sequence[str], lang: Lang) -> dict[str, str]:
    """A list of names as a catalogue text takes it: `key` joined ("A, B and C") and
    `de_<key>`, each name behind "of"/"de" with French elision (as render() offers)."""
    return {key: join(names, lang), f"de_{key}": join([of(n, lang) for n in names], lang)}


class Named(Protocol):
    """A name written in each language (a component "Exam of Statistics")."""

    def text(self, lang: Lang) -> str: ...


def _graded(courses: Sequence[tuple[str | Named, Below | None]], lang: Lang) -> str:
    absent = text("verdict.absent_course", lang)
    parts = [
        f"{name if isinstance(name, str) else name.text(lang)} "
        f"({grade_text(g.value, lang, (g.bound,)) if g is not None else absent})"
        for name, g in courses
    ]
    return join(parts, lang)


_LISTS = frozenset(
    {
        "unknown",
        "units",
        "courses",
        "absent",
        "below_floor",
        "below",
        "waiting",
        "without",
        "held",
        "zeros",
        "sources",
    }
)


def render(message: Message, lang: Lang = DEFAULT_LANG) -> str:
    params = dict(message.params)
    values: dict[str, str] = {}
    for key, value in params.items():
        if key == "then":
            continue
        if key == "retakes":
            values[key] = _graded(value, lang)  # type: ignore[arg-type]
        elif key in _LISTS:
            # A name, or one written in each language (« Exam of Statistics »).
            names = [n if isinstance(n, str) else n.text(lang) for n in value]  # type: ignore[attr-defined]
            values[key] = join(names, lang)
            values[f"de_{key}"] = join([of(n, lang) for n in names], lang)
        elif isinstance(value, Message):
            values[key] = render(value, lang)
        elif isinstance(value, (CourseCount, PartialSum)):
            values[key] = value.text(lang)
        elif isinstance(value, Below):
            values[key] = grade_text(value.value, lang, (value.bound,))
        elif isinstance(value, (float, Fraction)):
            values[key] = number(value, lang)
        else:
            values[key] = str(value)
    # The plural form is chosen by the raw parameter (a number, or a list's length).
    sentence = template(f"verdict.{message.code}", lang, params).format(**values)
    for extra in params.get("then", ()):  # type: ignore[union-attr]
        sentence += render(extra, lang)
    return sentence
