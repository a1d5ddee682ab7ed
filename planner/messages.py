"""Plain-language texts of the engine's verdicts, in English and French.

The engine returns a `Message` (a code and its parameters); this module turns it into a
sentence. Keeping the wording out of the engine lets the app switch language.

Texts that depend on a count are a `Plural` (real plural forms: English "1 grade /
2 grades", French "0 note / 1 note / 2 notes"); a list parameter `x` is also offered as
`de_x`, each name behind "of"/"de" with French elision ("d'Optimisation").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")


@dataclass(frozen=True)
class Message:
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Lang = "en") -> str:
        return render(self, lang)


@dataclass(frozen=True)
class Below:
    """A value shown beside "< bound": with as many decimals as it takes never to read
    "50 < 50" (49.998 is shown 49.998, not 50)."""

    value: float
    bound: float


@dataclass(frozen=True)
class Plural:
    """A text with a singular and a plural form, chosen by the parameter `count` (a
    number, or a list whose length counts)."""

    count: str
    one: str
    other: str

    def pick(self, n: int, lang: Lang) -> str:
        # French treats 0 and 1 as singular ("0 note obtenue"); English only 1.
        singular = n in (0, 1) if lang == "fr" else n == 1
        return self.one if singular else self.other


def plural_form(n: int, lang: Lang, one: str, other: str) -> str:
    """`one` or `other` for the count n, by the language's plural rule."""
    return Plural("n", one, other).pick(n, lang)


def number(value: float | Fraction | None, lang: Lang = "en") -> str:
    """A grade or mean as a student writes it: at most 2 decimals, no trailing zeros."""
    if value is None:
        return "—"
    return _decimals(float(value), 2, lang)


def _decimals(value: float, places: int, lang: Lang) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang == "fr" else text


def number_below(value: float, bound: float, lang: Lang = "en") -> str:
    """`value` (< bound) shown so that it never reads as the bound itself."""
    shown_bound = number(bound, lang)
    for places in range(2, 7):
        text = _decimals(value, places, lang)
        if text != shown_bound:
            return text
    # Closer than a millionth: the largest 6-decimal number below the bound.
    return _decimals(math.floor(value * 10**6) / 10**6, 6, lang)


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
    last = " et " if lang == "fr" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def _graded(courses: Sequence[tuple[str, float | None]], lang: Lang) -> str:
    absent = "absent" if lang == "en" else "absente"
    parts = [f"{name} ({number(g, lang) if g is not None else absent})" for name, g in courses]
    return join(parts, lang)


_LISTS = frozenset(
    {"unknown", "units", "courses", "absent", "below_floor", "below", "waiting", "without"}
)


Text = str | Plural

_TEXTS: dict[str, dict[Lang, Text]] = {
    # --- counts, nested in other texts
    "n_chosen": {"en": "{n} chosen", "fr": Plural("n", "{n} choisi", "{n} choisis")},
    "n_needed": {"en": "{n} needed", "fr": Plural("n", "{n} exigée", "{n} exigées")},
    # --- choices
    "choice_incomplete": {
        "en": Plural(
            "n",
            "Choose {choose} course in this unit first ({chosen}).",
            "Choose {choose} courses in this unit first ({chosen}).",
        ),
        "fr": "Choisissez d'abord {choose} cours dans cette UE ({chosen}).",
    },
    # --- validated
    "validated_mean": {
        "en": "Mean {mean} ≥ {threshold}: validated.",
        "fr": "Moyenne {mean} ≥ {threshold} : validée.",
    },
    "validated_best_k": {
        "en": Plural(
            "k",
            "Best grade {mean} ≥ {threshold}: validated.",
            "Mean of the {k} best grades {mean} ≥ {threshold}: validated.",
        ),
        "fr": Plural(
            "k",
            "Meilleure note {mean} ≥ {threshold} : validée.",
            "Moyenne des {k} meilleures notes {mean} ≥ {threshold} : validée.",
        ),
    },
    "validated_weighted": {
        "en": "Weighted mean {mean} ≥ {threshold}: validated.",
        "fr": "Moyenne pondérée {mean} ≥ {threshold} : validée.",
    },
    "failed_weighted": {
        "en": "Weighted mean {mean} < {threshold}.",
        "fr": "Moyenne pondérée {mean} < {threshold}.",
    },
    "failed_floor": {
        "en": "{below_floor} below {floor}, a note éliminatoire: not validated whatever "
        "the mean, and never by compensation.",
        "fr": Plural(
            "below_floor",
            "{below_floor} sous {floor}, note éliminatoire : non validée quelle que soit la "
            "moyenne, ni par compensation.",
            "{below_floor} sous {floor}, notes éliminatoires : non validée quelle que soit la "
            "moyenne, ni par compensation.",
        ),
    },
    "compensated": {
        "en": "Validated by compensation (CMP): the mean of the group ({units}) is {mean} ≥ "
        "{threshold}.",
        "fr": "Validée par compensation (CMP) : la moyenne du groupe ({units}) vaut {mean} ≥ "
        "{threshold}.",
    },
    "not_compensated": {
        "en": "Not compensated: the mean of the group ({units}) is {mean} < {threshold}.",
        "fr": "Non compensée : la moyenne du groupe ({units}) vaut {mean} < {threshold}.",
    },
    "not_compensated_unit_floor": {
        "en": "Not compensated: {below} below {floor}, the floor of the group.",
        "fr": Plural(
            "below",
            "Non compensée : {below} est sous {floor}, le plancher du groupe.",
            "Non compensée : {below} sont sous {floor}, le plancher du groupe.",
        ),
    },
    "not_compensated_floor": {
        "en": "Not compensated: a course is below its floor (note éliminatoire).",
        "fr": "Non compensée : un cours est sous sa note éliminatoire.",
    },
    "not_compensated_no_mean": {
        "en": "Not compensated: without every grade the unit has no mean to compensate.",
        "fr": "Non compensée : sans toutes ses notes, l'UE n'a pas de moyenne à compenser.",
    },
    "not_compensated_member_no_mean": {
        "en": "Not compensated: {without} has no mean (a grade is missing), so the group has none.",
        "fr": "Non compensée : {without} n'a pas de moyenne (une note manque), le groupe non plus.",
    },
    "compensation_pending": {
        "en": "Compensation within {units} not decided yet: waiting for {waiting}.",
        "fr": "Compensation entre {units} pas encore décidée : en attente {de_waiting}.",
    },
    "validated_single": {
        "en": "Grade {mean} ≥ {threshold}: validated.",
        "fr": "Note {mean} ≥ {threshold} : validée.",
    },
    "certain_validated": {
        "en": Plural(
            "unknown",
            "Validated whatever {unknown} gives, even if missed: the mean is at least {low} "
            "≥ {threshold}.",
            "Validated whatever {unknown} give, even if missed: the mean is at least {low} "
            "≥ {threshold}.",
        ),
        "fr": Plural(
            "unknown",
            "Validée quelle que soit la note {de_unknown}, même en cas d'absence : la moyenne "
            "vaut au moins {low} ≥ {threshold}.",
            "Validée quelles que soient les notes {de_unknown}, même en cas d'absence : la "
            "moyenne vaut au moins {low} ≥ {threshold}.",
        ),
    },
    # --- pending
    "validated_once_sat": {
        "en": Plural(
            "unknown",
            "Validated as soon as you sit {unknown}, whatever the grade: the mean will be at "
            "least {low} ≥ {threshold}. Missing it would fail the unit.",
            "Validated as soon as you sit {unknown}, whatever the grades: the mean will be at "
            "least {low} ≥ {threshold}. Missing one would fail the unit.",
        ),
        "fr": Plural(
            "unknown",
            "Validée dès que vous passez l'épreuve {de_unknown}, quelle que soit la note : la "
            "moyenne vaudra au moins {low} ≥ {threshold}. Une absence ferait échouer l'UE.",
            "Validée dès que vous passez les épreuves {de_unknown}, quelles que soient les "
            "notes : la moyenne vaudra au moins {low} ≥ {threshold}. Une absence ferait "
            "échouer l'UE.",
        ),
    },
    "validated_once_sat_some": {
        "en": "Validated as soon as you sit {needed} of {unknown}, whatever the grades: the "
        "mean will be at least {low} ≥ {threshold}.",
        "fr": Plural(
            "needed",
            "Validée dès que vous passez {needed} des épreuves {de_unknown}, quelle que soit "
            "la note : la moyenne vaudra au moins {low} ≥ {threshold}.",
            "Validée dès que vous passez {needed} des épreuves {de_unknown}, quelles que "
            "soient les notes : la moyenne vaudra au moins {low} ≥ {threshold}.",
        ),
    },
    "pending": {
        "en": "Depends on {unknown}: the mean will be between {low} and {high} once sat "
        "(threshold {threshold}).",
        "fr": Plural(
            "unknown",
            "Dépend de la note {de_unknown} : la moyenne sera entre {low} et {high} une fois "
            "l'épreuve passée (seuil {threshold}).",
            "Dépend des notes {de_unknown} : la moyenne sera entre {low} et {high} une fois "
            "les épreuves passées (seuil {threshold}).",
        ),
    },
    "pending_single": {
        "en": "Grade not known yet: at least {threshold} validates, an absence does not.",
        "fr": "Note pas encore connue : au moins {threshold} valide, une absence non.",
    },
    # --- failed: the reason, then what follows (a retake, or nothing)
    "failed_mean": {
        "en": "Mean {mean} < {threshold}.",
        "fr": "Moyenne {mean} < {threshold}.",
    },
    "failed_absent": {
        "en": "Missed {absent}: every grade of the unit is needed.",
        "fr": Plural(
            "absent",
            "Absence en {absent} : chaque note de l'UE est exigée.",
            "Absences en {absent} : chaque note de l'UE est exigée.",
        ),
    },
    "failed_too_few": {
        "en": Plural(
            "obtained",
            "Only {obtained} grade obtained, {needed}.",
            "Only {obtained} grades obtained, {needed}.",
        ),
        "fr": Plural(
            "obtained",
            "Seulement {obtained} note obtenue, {needed}.",
            "Seulement {obtained} notes obtenues, {needed}.",
        ),
    },
    "failed_best_k": {
        "en": Plural(
            "k",
            "Best grade {mean} < {threshold}.",
            "Mean of the {k} best grades {mean} < {threshold}.",
        ),
        "fr": Plural(
            "k",
            "Meilleure note {mean} < {threshold}.",
            "Moyenne des {k} meilleures notes {mean} < {threshold}.",
        ),
    },
    "failed_single": {
        "en": "Grade {mean} < {threshold}.",
        "fr": "Note {mean} < {threshold}.",
    },
    "failed_single_absent": {"en": "Absent.", "fr": "Absence."},
    "certain_failed": {
        "en": "Cannot be validated even with full marks in {unknown}: the mean is at most "
        "{high} < {threshold}.",
        "fr": "Impossible à valider même avec la note maximale en {unknown} : la moyenne vaut "
        "au plus {high} < {threshold}.",
    },
    "then_retake": {"en": " Retake {retakes}.", "fr": " Repasser {retakes}."},
    "then_not_validated_after_session2": {
        "en": " Not validated after session 2.",
        "fr": " Non validée après la session 2.",
    },
    "then_no_session2": {
        "en": " Not validated: this unit has no session 2.",
        "fr": " Non validée : cette UE n'a pas de session 2.",
    },
    "retakes_if_below": {
        "en": " {courses} will be retaken if below {threshold}.",
        "fr": Plural(
            "courses",
            " {courses} sera à repasser si < {threshold}.",
            " {courses} seront à repasser si < {threshold}.",
        ),
    },
    "bonus": {
        "en": " Bonus +{bonus} → {with_bonus}.",
        "fr": " Bonus +{bonus} → {with_bonus}.",
    },
    "no_session2": {
        "en": "No session 2 is published for this unit.",
        "fr": "Aucune session 2 n'est publiée pour cette UE.",
    },
    # --- the year
    "year_validated": {
        "en": "Year validated: every unit is validated.",
        "fr": "Année validée : toutes les UE sont validées.",
    },
    "year_failed": {
        "en": "Year not validated: {units} not validated (no compensation between units).",
        "fr": Plural(
            "units",
            "Année non validée : {units} non validée (pas de compensation entre UE).",
            "Année non validée : {units} non validées (pas de compensation entre UE).",
        ),
    },
    "year_failed_after_compensation": {
        "en": "Year not validated: {units} not validated, even by compensation.",
        "fr": Plural(
            "units",
            "Année non validée : {units} non validée, même par compensation.",
            "Année non validée : {units} non validées, même par compensation.",
        ),
    },
    "year_ects_kept": {
        "en": " The units validated keep their ECTS: {ects} ECTS acquired.",
        "fr": " Les UE validées gardent leurs ECTS : {ects} ECTS acquis.",
    },
    "year_pending": {
        "en": "Year not decided yet: {units} still pending.",
        "fr": "Année pas encore décidée : {units} en attente.",
    },
    # --- problems of a plan
    "choice_count": {
        "en": Plural(
            "n",
            "{unit}: choose {choose} course; {chosen}.",
            "{unit}: choose {choose} courses; {chosen}.",
        ),
        "fr": "{unit} : choisir {choose} cours ; {chosen}.",
    },
    "not_in_plan": {
        "en": "{course} is not in this plan (another option, or not chosen): its grade is ignored.",
        "fr": "{course} ne fait pas partie de ce parcours (autre option, ou non choisi) : sa "
        "note est ignorée.",
    },
    "choice_outside": {
        "en": "{course} cannot be chosen in this plan: ignored.",
        "fr": "{course} ne peut pas être choisi dans ce parcours : ignoré.",
    },
    "not_retaken": {
        "en": "{course}: a session-2 grade is ignored, the course is not retaken "
        "(session-1 grade already ≥ {threshold}, or unit validated).",
        "fr": "{course} : note de session 2 ignorée, ce cours n'est pas repassé (note de "
        "session 1 déjà ≥ {threshold}, ou UE validée).",
    },
}


def _count(value: object) -> int:
    if isinstance(value, (list, tuple)):
        return len(value)
    return int(value)  # type: ignore[call-overload]


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
        elif isinstance(value, Below):
            values[key] = number_below(value.value, value.bound, lang)
        elif isinstance(value, (float, Fraction)):
            values[key] = number(value, lang)
        else:
            values[key] = str(value)
    text = _TEXTS[message.code][lang]
    if isinstance(text, Plural):
        text = text.pick(_count(params[text.count]), lang)
    text = text.format(**values)
    for extra in params.get("then", ()):  # type: ignore[union-attr]
        text += render(extra, lang)
    return text
