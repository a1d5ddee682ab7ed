"""Each programme's rules in plain language, generated from the rules data (so the text
can never drift from what the engine applies)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from planner import texts
from planner.catalogue import Programme, in_language
from planner.frozen import Bilingual
from planner.messages import Lang, join, listed, number
from planner.rules import RuleBase
from planner.rules.base import on_scale
from planner.rules.capitalisation import retake_threshold
from planner.rules.compensation import no_compensation_above
from planner.rules.components import courses_graded
from planner.rules.components import describe as describe_components
from planner.rules.status import rule_status


class Described(Protocol):
    """What a rule part gives a statement (planner.rules: its own describe())."""

    @property
    def status(self) -> str: ...
    @property
    def source(self) -> str | None: ...
    @property
    def note(self) -> Bilingual | None: ...

    def describe(self, programme: Programme, lang: Lang) -> str: ...


@dataclass(frozen=True)
class RuleStatement:
    topic: str  # a unit name, or a programme-wide topic
    text: str
    status: str  # "published", "assumed", "chosen" or "entered" (planner.rules.status)
    source: str | None = None  # the sentence of the source document
    note: str | None = None


def _stated(topic: str, part: Described, programme: Programme, lang: Lang) -> RuleStatement:
    """A rule part that describes itself (a group, a bonus, a prerequisite, course
    capitalisation), as a statement under `topic`, with its status, source and note."""
    return RuleStatement(
        topic=topic,
        text=part.describe(programme, lang),
        status=part.status,
        source=part.source,
        note=in_language(part.note, lang),
    )


def _unit_rule(programme: Programme, rule: RuleBase, lang: Lang) -> str:
    unit = programme.unit(rule.unit)
    # What is retaken: below the unit's threshold, or a lower capitalisation threshold.
    threshold = on_scale(retake_threshold(programme, rule), programme, lang)
    text = rule.describe(programme, unit, lang)
    text += " " + programme.rules.policy.retake_rule(threshold, rule.session2, lang, rule.strict)
    if rule.bonus_from:
        names = [programme.unit(b).name for b in rule.bonus_from]
        text += texts.text("rule.bonus_from", lang, **listed("units", names, lang))
    return text


def _compensation(
    programme: Programme, lang: Lang, units: Collection[str] | None
) -> list[RuleStatement]:
    """Which units compensate each other, or that none do (and where that is published);
    `units`: those of the plan (default: all)."""
    rules = programme.rules
    out: list[RuleStatement] = []
    topic = texts.text("rule.topic_compensation", lang)
    for group in rules.groups:
        out.append(_stated(topic, group, programme, lang))
    if (apart := no_compensation_above(programme, lang)) is not None:
        out.append(RuleStatement(topic=topic, text=apart, status=rules.no_compensation_status))
    if rules.groups:
        grouped_units = {u for g in rules.groups for u in g.units}
        alone = [
            programme.unit(r.unit).name
            for r in rules.units
            if r.unit not in grouped_units and (units is None or r.unit in units)
        ]
        if alone:
            names = join(alone, lang)
            out.append(
                RuleStatement(
                    topic=topic,
                    text=texts.text("rule.alone", lang, units=names),
                    status=rules.no_compensation_status,
                )
            )
        return out
    for group in rules.no_compensation_published:
        names = join([programme.unit(u).name for u in group.units], lang)
        out.append(
            RuleStatement(
                topic=topic,
                text=texts.text("rule.no_compensation_between", lang, units=names),
                status="published",
                source=group.source,
            )
        )
    out.append(
        RuleStatement(
            topic=topic,
            text=texts.text(
                "rule.no_compensation_others"
                if rules.no_compensation_published
                else "rule.no_compensation",
                lang,
            ),
            status=rules.no_compensation_status,
        )
    )
    return out


# What an absence means, then a justified one (None: the same as an absence), in words.
ABSENCE_TEXTS = {"blocks": "rule.absence_blocks", "zero": "rule.absence_zero"}
JUSTIFIED_TEXTS = {
    "neutralised": "rule.justified_neutralised",
    "blocks": "rule.justified_blocks",
    "zero": "rule.justified_zero",
    None: "rule.justified_as_absence",
}


def _absence_text(programme: Programme, course: str | None, lang: Lang) -> str:
    """What an absence and a justified absence (ABJ) mean, programme-wide (`course` None)
    or at one course."""
    absences, rules = programme.absences, programme.rules
    if course is None:
        absence, justified = absences.absence, rules.justified_absence
    else:
        absence, justified = absences.of(course), absences.justified_of(course)
        if absences.overrides[course][1] is None and rules.justified_absence is None:
            justified = None  # as an absence, there too
    text = texts.text(ABSENCE_TEXTS[absence], lang)
    return text + texts.text(JUSTIFIED_TEXTS[justified], lang)


def _absences(
    programme: Programme, lang: Lang, units: Collection[str] | None
) -> list[RuleStatement]:
    """What an absence means, where the file says it (format_version 3): programme-wide,
    then at each course of `units` that says otherwise."""
    rules = programme.rules
    overrides = programme.absences.overrides
    if rules.absence is None and rules.justified_absence is None and not overrides:
        return []
    topic = texts.text("rule.topic_absence", lang)
    text = _absence_text(programme, None, lang)
    out = [RuleStatement(topic=topic, text=text, status=rules.status)]
    courses = [
        c
        for u in programme.units
        if units is None or u.id in units
        for c in u.courses
        if c in overrides
    ]
    for course in dict.fromkeys(courses):
        out.append(
            RuleStatement(
                topic=f"{topic} — {programme.course(course).name}",
                text=_absence_text(programme, course, lang),
                status=rules.status,
            )
        )
    return out


def progression_statements(
    programme: Programme, lang: Lang, units: Collection[str] | None = None
) -> list[RuleStatement]:
    """The jury codes beyond ADM/CMP/AJ and the prerequisites of `units` (default: all),
    where the file says them (format_version 3)."""
    rules = programme.rules
    out = []
    codes = rules.jury_codes
    if codes is not None and (codes.absence == "DEF" or codes.semesters):
        parts = [texts.text("rule.jury_def", lang)] if codes.absence == "DEF" else []
        if codes.semesters:
            parts.append(texts.text("rule.jury_semesters", lang))
        out.append(
            RuleStatement(
                topic=texts.text("rule.topic_jury_codes", lang),
                text=" ".join(parts),
                status=codes.status,
                source=codes.source,
                note=in_language(codes.note, lang),
            )
        )
    for prerequisite in rules.prerequisites:
        if units is not None and not set(prerequisite.gated(programme)) & set(units):
            continue
        out.append(
            _stated(texts.text("rule.topic_prerequisites", lang), prerequisite, programme, lang)
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
    out += _compensation(programme, lang, units)
    out += _absences(programme, lang, units)
    if rules.bonus.formula != "none":
        out.append(
            RuleStatement(
                topic=texts.text("rule.topic_bonus", lang),
                text=texts.text("rule.bonus", lang, rate=number(rules.bonus.rate, lang)),
                status=rules.bonus.status,
                note=in_language(rules.bonus.note, lang),
            )
        )
    for points in rules.bonus_points:
        target = [points.unit] if points.unit is not None else list(points.group or ())
        if units is not None and not any(u in units for u in target):
            continue
        out.append(_stated(texts.text("rule.topic_bonus_points", lang), points, programme, lang))
    if (capitalisation := rules.course_capitalisation) is not None:
        out.append(
            _stated(
                texts.text("rule.topic_course_capitalisation", lang),
                capitalisation,
                programme,
                lang,
            )
        )
    followed = [c for u in programme.units if units is None or u.id in units for c in u.courses]
    for found in courses_graded(programme, followed):
        formula = found.session2
        out.append(
            RuleStatement(
                topic=f"{texts.text('rule.topic_components', lang)} — {found.course.name}",
                text=describe_components(programme, found.course.id, lang),
                status=formula.status,
                source=formula.source,
                note=in_language(formula.note, lang),
            )
        )

    out += progression_statements(programme, lang, units)
    policy = rules.policy
    out.append(
        RuleStatement(
            topic=texts.text("rule.topic_session2", lang),
            text=policy.describe(lang),
            status=rules.session2.status,
            note=in_language(rules.session2.note, lang),
        )
    )
    out.append(
        RuleStatement(
            topic=texts.text("rule.topic_scale", lang),
            text=texts.text("rule.scale", lang, max=number(programme.grade_scale.max, lang)),
            status="published" if programme.grade_scale.status == "published" else "assumed",
            note=in_language(programme.grade_scale.note, lang),
        )
    )
    # Each statement says what a verdict under it says: entered, for a programme entered
    # in the app, whatever its author marked.
    return [dataclasses.replace(s, status=rule_status(programme, s.status)) for s in out]
