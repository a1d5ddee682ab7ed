"""Plain-language texts of the engine's verdicts, in English and French.

The engine returns a `Message` (a code and its parameters); this module turns it into a
sentence. Keeping the wording out of the engine lets the app switch language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    params: Mapping[str, object] = {}

    def text(self, lang: Lang = "en") -> str:
        return render(self, lang)


def number(value: float | Fraction | None, lang: Lang = "en") -> str:
    """A grade or mean as a student writes it: at most 2 decimals, no trailing zeros."""
    if value is None:
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang == "fr" else text


def _join(items: Sequence[str], lang: Lang) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    last = " et " if lang == "fr" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def _graded(courses: Sequence[tuple[str, float | None]], lang: Lang) -> str:
    absent = "absent" if lang == "en" else "absente"
    parts = [f"{name} ({number(g, lang) if g is not None else absent})" for name, g in courses]
    return _join(parts, lang)


def _names(names: Sequence[str], lang: Lang) -> str:
    return _join(list(names), lang)


_TEXTS: dict[str, dict[Lang, str]] = {
    "choice_incomplete": {
        "en": "Choose {choose} course(s) in this unit first ({picked} chosen).",
        "fr": "Choisissez d'abord {choose} cours dans cette UE ({picked} choisi(s)).",
    },
    "validated_mean": {
        "en": "Mean {mean} ≥ {threshold}: validated.",
        "fr": "Moyenne {mean} ≥ {threshold} : validée.",
    },
    "failed_mean": {
        "en": "Mean {mean} < {threshold}: retake {retakes}.",
        "fr": "Moyenne {mean} < {threshold} : repasser {retakes}.",
    },
    "failed_absent": {
        "en": "{absent} absent: all {count} grades are needed. Retake {retakes}.",
        "fr": "{absent} absent(s) : les {count} notes sont exigées. Repasser {retakes}.",
    },
    "failed_too_few": {
        "en": "Only {obtained} grade(s) obtained, {k} needed. Retake {retakes}.",
        "fr": "Seulement {obtained} note(s) obtenue(s), {k} exigées. Repasser {retakes}.",
    },
    "validated_best_k": {
        "en": "Mean of the {k} best grades {mean} ≥ {threshold}: validated.",
        "fr": "Moyenne des {k} meilleures notes {mean} ≥ {threshold} : validée.",
    },
    "failed_best_k": {
        "en": "Mean of the {k} best grades {mean} < {threshold}: retake {retakes}.",
        "fr": "Moyenne des {k} meilleures notes {mean} < {threshold} : repasser {retakes}.",
    },
    "validated_single": {
        "en": "Grade {mean} ≥ {threshold}: validated.",
        "fr": "Note {mean} ≥ {threshold} : validée.",
    },
    "failed_single": {
        "en": "Grade {mean} < {threshold}: not validated.",
        "fr": "Note {mean} < {threshold} : non validée.",
    },
    "failed_single_absent": {
        "en": "Absent: not validated.",
        "fr": "Absent : non validée.",
    },
    "certain_validated": {
        "en": "Already validated whatever {unknown} give(s): the mean is at least {low} ≥ "
        "{threshold}.",
        "fr": "Déjà validée quelles que soient les notes de {unknown} : la moyenne vaut au "
        "moins {low} ≥ {threshold}.",
    },
    "certain_failed": {
        "en": "Cannot be validated even with full marks in {unknown}: the mean is at most "
        "{high} < {threshold}. Retake {retakes}.",
        "fr": "Impossible à valider même avec la note maximale en {unknown} : la moyenne vaut "
        "au plus {high} < {threshold}. Repasser {retakes}.",
    },
    "pending": {
        "en": "Depends on {unknown}: the mean will be between {low} and {high} "
        "(threshold {threshold}).",
        "fr": "Dépend de {unknown} : la moyenne sera entre {low} et {high} (seuil {threshold}).",
    },
    "pending_single": {
        "en": "Grade not known yet (threshold {threshold}).",
        "fr": "Note pas encore connue (seuil {threshold}).",
    },
    "bonus": {
        "en": " Bonus +{bonus} → {with_bonus}.",
        "fr": " Bonus +{bonus} → {with_bonus}.",
    },
    "retakes_if_below": {
        "en": " {courses} will be retaken if below {threshold}.",
        "fr": " {courses} sera/seront à repasser si < {threshold}.",
    },
    "no_session2": {
        "en": "No session 2 is published for this unit.",
        "fr": "Aucune session 2 n'est publiée pour cette UE.",
    },
    "year_validated": {
        "en": "Year validated: every unit is validated.",
        "fr": "Année validée : toutes les UE sont validées.",
    },
    "year_failed": {
        "en": "Year not validated: {units} not validated (no compensation between units).",
        "fr": "Année non validée : {units} non validée(s) (pas de compensation entre UE).",
    },
    "year_pending": {
        "en": "Year not decided yet: {units} still pending.",
        "fr": "Année pas encore décidée : {units} en attente.",
    },
}


def render(message: Message, lang: Lang = "en") -> str:
    params = dict(message.params)
    values: dict[str, str] = {}
    for key, value in params.items():
        if key == "retakes":
            values[key] = _graded(value, lang)  # type: ignore[arg-type]
        elif key in {"unknown", "units", "courses", "absent"}:
            values[key] = _names(value, lang)  # type: ignore[arg-type]
        elif isinstance(value, (float, Fraction)):
            values[key] = number(value, lang)
        else:
            values[key] = str(value)
    text = _TEXTS[message.code][lang].format(**values)
    for extra in params.get("then", ()):  # type: ignore[union-attr]
        text += render(extra, lang)
    return text
