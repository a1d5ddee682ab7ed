"""Each programme's rules in plain language, generated from the rules data (so the text
can never drift from what the engine applies)."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel, ConfigDict

from planner.catalogue import Programme, UnitRule
from planner.messages import Lang, join, number


class RuleStatement(BaseModel):
    model_config = ConfigDict(frozen=True)

    topic: str  # a unit name, or a programme-wide topic
    text: str
    status: str  # "published" | "assumed"
    source: str | None = None  # the sentence of the source document
    note: str | None = None


def _unit_rule(programme: Programme, rule: UnitRule, lang: Lang) -> str:
    unit = programme.unit(rule.unit)
    scale = number(programme.grade_scale.max, lang)
    threshold = f"{number(rule.threshold, lang)}/{scale}"
    n = len(unit.courses)
    if rule.kind == "mean_of_all":
        text = {
            "en": f"Validated when all {n} course grades are obtained and their mean is at least "
            f"{threshold}."
            if n > 1
            else f"Validated with a grade of at least {threshold}.",
            "fr": f"Validée si les {n} notes sont obtenues et que leur moyenne est d'au moins "
            f"{threshold}."
            if n > 1
            else f"Validée avec une note d'au moins {threshold}.",
        }[lang]
        if unit.choose:
            text = {
                "en": f"Validated when every chosen course is graded and the mean is at least "
                f"{threshold}.",
                "fr": f"Validée si chaque cours choisi est noté et que la moyenne est d'au "
                f"moins {threshold}.",
            }[lang]
    elif rule.kind == "best_k_mean":
        text = {
            "en": f"Validated when at least {rule.k} grades are obtained and the mean of the "
            f"{rule.k} best is at least {threshold}.",
            "fr": f"Validée si au moins {rule.k} notes sont obtenues et que la moyenne des "
            f"{rule.k} meilleures est d'au moins {threshold}.",
        }[lang]
    else:
        text = {
            "en": f"Validated with a grade of at least {threshold}.",
            "fr": f"Validée avec une note d'au moins {threshold}.",
        }[lang]
    if rule.session2:
        text += {
            "en": f" Otherwise, every course absent or below {threshold} is retaken in "
            "session 2 (a course already at or above it cannot be); the unit is then judged "
            "again by the same rule.",
            "fr": f" Sinon, chaque cours absent ou sous {threshold} est repassé en session 2 "
            "(un cours déjà au-dessus ne peut pas l'être) ; l'UE est ensuite jugée à nouveau "
            "selon la même règle.",
        }[lang]
    else:
        text += {
            "en": " No session 2 is published.",
            "fr": " Aucune session 2 n'est publiée.",
        }[lang]
    if rule.bonus_from:
        names = ", ".join(programme.unit(b).name for b in rule.bonus_from)
        text += {
            "en": f" Grades of {names} count as a bonus once session 1 is validated, never "
            "in session 2.",
            "fr": f" Les notes de {names} comptent en bonus une fois la session 1 validée, "
            "jamais en session 2.",
        }[lang]
    return text


def statements(
    programme: Programme, lang: Lang, units: Collection[str] | None = None
) -> list[RuleStatement]:
    """The rules of `units` (default: all), units sharing the same rule stated once."""
    rules = programme.rules
    grouped: dict[tuple[str, str, str | None, str | None], list[str]] = {}
    for rule in rules.units:
        if units is not None and rule.unit not in units:
            continue
        key = (_unit_rule(programme, rule, lang), rule.status, rule.source, rule.note)
        grouped.setdefault(key, []).append(programme.unit(rule.unit).name)
    out = [
        RuleStatement(
            topic=", ".join(dict.fromkeys(names)),
            text=text,
            status=status,
            source=source,
            note=note,
        )
        for (text, status, source, note), names in grouped.items()
    ]
    topic = {"en": "Compensation", "fr": "Compensation"}[lang]
    for group in rules.no_compensation_published:
        names = join([programme.unit(u).name for u in group.units], lang)
        out.append(
            RuleStatement(
                topic=topic,
                text={
                    "en": f"No compensation between {names}.",
                    "fr": f"Pas de compensation entre {names}.",
                }[lang],
                status="published",
                source=group.source,
            )
        )
    out.append(
        RuleStatement(
            topic=topic,
            text={
                "en": "No compensation between units: the year needs each unit validated."
                if not rules.no_compensation_published
                else "No compensation between the other units either: the year needs each "
                "unit validated.",
                "fr": "Pas de compensation entre UE : l'année exige chaque UE validée."
                if not rules.no_compensation_published
                else "Pas de compensation non plus entre les autres UE : l'année exige chaque "
                "UE validée.",
            }[lang],
            status=rules.no_compensation_status,
        )
    )
    if rules.bonus.formula != "none":
        out.append(
            RuleStatement(
                topic={"en": "Bonus formula", "fr": "Formule du bonus"}[lang],
                text={
                    "en": f"Bonus = {number(rules.bonus.rate, lang)} × (mean of the bonus grades "
                    "− threshold), when positive, added to the unit's mean.",
                    "fr": f"Bonus = {number(rules.bonus.rate, lang)} × (moyenne des notes bonus "
                    "− seuil), s'il est positif, ajouté à la moyenne de l'UE.",
                }[lang],
                status=rules.bonus.status,
                note=rules.bonus.note,
            )
        )
    policy = {
        "replace": {"en": "replace", "fr": "remplacent"},
        "keep_best": {
            "en": "are kept only if better than",
            "fr": "ne comptent que si meilleures que",
        },
    }[rules.session2.policy][lang]
    out.append(
        RuleStatement(
            topic={"en": "Session 2 grades", "fr": "Notes de session 2"}[lang],
            text={
                "en": f"Session-2 grades {policy} the session-1 grades of the retaken courses.",
                "fr": f"Les notes de session 2 {policy} les notes de session 1 des cours repassés.",
            }[lang],
            status=rules.session2.status,
            note=rules.session2.note,
        )
    )
    out.append(
        RuleStatement(
            topic={"en": "Grade scale", "fr": "Barème"}[lang],
            text={
                "en": f"Grades are out of {number(programme.grade_scale.max, lang)}.",
                "fr": f"Les notes sont sur {number(programme.grade_scale.max, lang)}.",
            }[lang],
            status="published" if programme.grade_scale.status == "published" else "assumed",
            note=programme.grade_scale.note,
        )
    )
    return out
