"""Each programme's rules in plain language, generated from the rules data (so the text
can never drift from what the engine applies)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from planner.catalogue import Programme, in_language
from planner.messages import Lang, join, number, of
from planner.rules import RuleBase
from planner.rules.base import on_scale
from planner.rules.session2 import session2_policy


@dataclass(frozen=True)
class RuleStatement:
    topic: str  # a unit name, or a programme-wide topic
    text: str
    status: str  # "published" | "assumed"
    source: str | None = None  # the sentence of the source document
    note: str | None = None


def _unit_rule(programme: Programme, rule: RuleBase, lang: Lang) -> str:
    unit = programme.unit(rule.unit)
    threshold = on_scale(rule.threshold, programme, lang)
    text = rule.describe(programme, unit, lang)
    text += " " + session2_policy(
        programme.rules.session2.policy, programme.rules.session2.status
    ).retake_rule(threshold, rule.session2, lang)
    if rule.bonus_from:
        names = ", ".join(programme.unit(b).name for b in rule.bonus_from)
        text += {
            "en": f" Grades of {names} count as a bonus once session 1 is validated, never "
            "in session 2.",
            "fr": f" Les notes {of(names, lang)} comptent en bonus une fois la session 1 validée, "
            "jamais en session 2.",
        }[lang]
    return text


def _compensation(programme: Programme, lang: Lang) -> list[RuleStatement]:
    """Which units compensate each other, or that none do (and where that is published)."""
    rules = programme.rules
    out: list[RuleStatement] = []
    topic = {"en": "Compensation", "fr": "Compensation"}[lang]
    for group in rules.groups:
        out.append(
            RuleStatement(
                topic=topic,
                text=group.describe(programme, lang),
                status=group.status,
                source=group.source,
                note=in_language(group.note, lang),
            )
        )
    if rules.groups:
        grouped_units = {u for g in rules.groups for u in g.units}
        alone = [programme.unit(r.unit).name for r in rules.units if r.unit not in grouped_units]
        if alone:
            names = join(alone, lang)
            out.append(
                RuleStatement(
                    topic=topic,
                    text={
                        "en": f"{names}: not compensated; validated on its own only.",
                        "fr": f"{names} : pas de compensation ; validée seule uniquement.",
                    }[lang],
                    status=rules.no_compensation_status,
                )
            )
        return out
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
    return out


def statements(
    programme: Programme, lang: Lang, units: Collection[str] | None = None
) -> list[RuleStatement]:
    """The rules of `units` (default: all), units sharing the same rule stated once."""
    rules = programme.rules
    grouped: dict[tuple[str, str, str | None, str | None], list[str]] = {}
    for rule in rules.units:
        if units is not None and rule.unit not in units:
            continue
        note = in_language(rule.note, lang)
        key = (_unit_rule(programme, rule, lang), rule.status, rule.source, note)
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
    out += _compensation(programme, lang)
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
                note=in_language(rules.bonus.note, lang),
            )
        )
    policy = session2_policy(rules.session2.policy, rules.session2.status)
    out.append(
        RuleStatement(
            topic={"en": "Session 2 grades", "fr": "Notes de session 2"}[lang],
            text=policy.describe(lang),
            status=rules.session2.status,
            note=in_language(rules.session2.note, lang),
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
            note=in_language(programme.grade_scale.note, lang),
        )
    )
    return out
