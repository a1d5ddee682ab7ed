"""What the Grades page says around the grades: the notices above them (an assumed scale,
assumed, chosen or entered rules, units whose choices are incomplete, the plan's problems), the
hints of which grades count, and the « rules applied » expander's lines (the parameters a
student may set there are ui.rule_parameters')."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Literal

from planner.catalogue import Programme, in_language
from planner.evaluation import Evaluation, problem_text
from planner.messages import Lang, number
from planner.presets import chooses_rules
from planner.scenario import ScenarioError
from ui import present
from ui.i18n import t
from ui.present import Line
from ui.session import Selection, judged, parameters


@dataclass(frozen=True)
class Notice:
    kind: Literal["warning", "info"]
    text: str
    icon: str


def notices(sel: Selection, lang: Lang) -> list[Notice]:
    """What the grades rest on that the programme does not publish."""
    programme = sel.programme
    assert programme is not None
    found = []
    if programme.grade_scale.status == "assumed":
        scale = number(programme.grade_scale.max, lang)
        found.append(Notice("warning", t("assumed_scale", lang, max=scale), ":material/warning:"))
    if programme.rules.status == "assumed" and chooses_rules(parameters(sel)):
        # The assumed preset's note describes rules that no longer apply.
        found.append(Notice("info", t("chosen_rules_apply", lang), ":material/tune:"))
    elif programme.origin == "entered":
        # Whatever status its author gave the rules, a person typed them in.
        found.append(Notice("warning", entered_rules(programme, lang), ":material/edit:"))
    elif programme.rules.status == "assumed":
        note = present.name(in_language(programme.rules.note, lang) or "")
        found.append(Notice("warning", t("assumed_rules", lang, note=note), ":material/warning:"))
    return found


def entered_rules(programme: Programme, lang: Lang) -> str:
    """What the rules of a programme entered in the app rest on: a person's typing, from
    the source it names (escaped: the person wrote it), if it names one."""
    source = programme.source.title.strip()
    if not source:
        return t("entered_rules_no_source", lang)
    return t("entered_rules", lang, source=present.name(source))


def incomplete_notice(result: Evaluation, lang: Lang) -> Notice | None:
    """The units whose choices are incomplete: judged once they are made."""
    incomplete = [present.name(u.name) for u in result.units if not u.choice_valid]
    if not incomplete:
        return None
    return Notice(
        "warning", t("choose_first", lang, units=", ".join(incomplete)), ":material/explore:"
    )


def problems(result: Evaluation, lang: Lang) -> list[str]:
    """The plan's other problems (the incomplete choices said by incomplete_notice)."""
    return [problem_text(p, lang) for p in result.problems if p.code != "choice_count"]


def entry_hints(sel: Selection, graded_units: set[str], lang: Lang) -> list[str]:
    """Which grades count, where they are typed (« only your 4 best count »), under the
    rules that apply (the student's own choice, for a programme that publishes none)."""
    with contextlib.suppress(ScenarioError):  # a refused choice is said by the evaluation
        applied = judged(sel).applied  # the rules the verdicts read
        return [
            hint
            for unit in applied.units_for(sel.track, sel.option)
            if unit.id in graded_units and (rule := applied.rule_for(unit.id)) is not None
            for hint in rule.entry_hints(applied, unit, lang)
        ]
    return []


def rule_lines(programme: Programme, lang: Lang) -> list[Line]:
    """Each unit's rule: its unit (« assumed » where it is), then, small, its source and
    its note."""
    lines = []
    for rule in programme.rules.units:
        tag = "" if rule.status == "published" else f" *({t('assumption', lang)})*"
        lines.append(Line(f"{present.bold_name(programme.unit(rule.unit).name)}{tag}"))
        if rule.source:
            lines.append(Line(f"« {present.name(rule.source)} »", small=True))
        if rule.note:
            lines.append(Line(present.name(rule.note.text(lang)), small=True))
    return lines
