"""What the Grades page's sheet draws of a verdict (ui.grade_sheet's data): the year's
banner and each unit's card, from the evaluation, in the student's language. The colours
and icons come from ui.present."""

from __future__ import annotations

import dataclasses

from planner.catalogue import Programme, Rules
from planner.engine import SessionVerdict
from planner.evaluation import (
    Evaluation,
    UnitResult,
    access_text,
    courses_kept_detail,
    courses_kept_text,
    semesters_text,
)
from planner.messages import Lang, grade_text, number, sum_text
from planner.rules.components import computed_text
from ui import present
from ui.grade_sheet import Badge, Banner, Card, Fact
from ui.i18n import colon, t


def badge(status: str, lang: Lang, origin: str | None = None) -> Badge:
    """Whether a verdict rests on published, assumed, chosen or entered rules, on the card
    itself; entered ones say by whom when `origin` says it."""
    look = present.status_look(status)
    key = f"verdict_{status}"
    if status == "entered" and origin in present.ENTERED_BY:
        key = present.ENTERED_BY[origin].badge
    return Badge(look.tone, t(key, lang), look.icon)


def _verdict(label: str, validated: bool | None, lang: Lang) -> Fact:
    return Fact(
        f"{label}{colon(lang)}",
        present.verdict(validated, lang),
        present.VERDICT_LOOK[validated].tone,
        present.VERDICT_LOOK[validated].icon,
    )


def banner(result: Evaluation, lang: Lang, origin: str | None = None) -> Banner:
    year = result.year
    return Banner(
        tone=present.BANNER_TONE[year.validated],
        verdict=_verdict(t("year", lang), year.validated, lang),
        badge=badge(year.status, lang, origin),
        message=_year_message(result, lang),
    )


def _mean_text(verdict: SessionVerdict, compared: tuple[float, ...], lang: Lang) -> str:
    """A unit's mean as the card shows it: with the bonus points that count in it,
    "10.1 (+0.3 bonus)" (rules.bonus_points)."""
    mean = grade_text(verdict.mean, lang, compared)  # type: ignore[arg-type]
    if not (verdict.bonus_counted and verdict.bonus):
        return mean
    return t("mean_bonus", lang, mean=mean, bonus=number(verdict.bonus, lang))


def _year_message(result: Evaluation, lang: Lang) -> str:
    """The year's explanation, then each semester's code where the programme gives them."""
    message = result.year.message.text(lang)
    if (semesters := semesters_text(result, lang)) is not None:
        message += " " + t("semesters_line", lang, semesters=semesters)
    return message


def _card(
    unit: UnitResult,
    compared: tuple[float, ...],
    rules: Rules,
    lang: Lang,
    origin: str | None,
) -> Card:
    """A unit's verdict: its rules' badge, each session's verdict, the figures (the mean
    never reads as a figure it is `compared` with, ui.format.grade_text), the
    explanations (of the courses kept by a unit not validated, under `rules`)."""
    if unit.not_allowed:
        # Behind a prerequisite not met: shown neutrally, never as a failure; its grades
        # do not count yet, so no session verdict is drawn.
        access = access_text(unit, lang) or ""
        return Card(
            unit=unit.unit,
            name=unit.name,
            badge=badge(unit.access.status if unit.access else unit.final.status, lang, origin),
            verdicts=(
                Fact(
                    f"{t('access', lang)}{colon(lang)}",
                    t("not_yet_allowed", lang),
                    "blue",
                    "lock",
                ),
            ),
            figures=(),
            explanations=(f"{t('access', lang)} — {access}",),
        )
    verdicts = [_verdict(t("session1", lang), unit.session1.validated, lang)]
    # A unit without session 2 gets no session-2 verdict: its session 1 says it has none.
    held = unit.session2_held
    if held is not None:
        verdicts.append(_verdict(t("session2", lang), held.validated, lang))
    figures = []
    if held is not None:
        # The mean that decides is session 2's: each mean is named by its session.
        for key, v in (("mean_session2", held), ("mean_session1", unit.session1)):
            if v.mean is not None:
                figures.append(f"{t(key, lang)} {_mean_text(v, compared, lang)}")
    elif unit.session1.mean is not None:
        figures.append(f"{t('mean', lang)} {_mean_text(unit.session1, compared, lang)}")
    if unit.session1.bonus and not unit.session1.bonus_counted:
        figures.append(f"{t('bonus', lang)} +{number(unit.session1.bonus, lang)}")
    if unit.code is not None:  # the jury's code and the ECTS the unit keeps
        acquired = sum_text(unit.ects_acquired, unit.ects_acquired_incomplete, lang)
        figures.append(t("code_line", lang, code=unit.code, ects=acquired))
    if (kept := courses_kept_text(unit, lang)) is not None:  # "2 courses kept (6 ECTS)"
        figures.append(kept)
    lines = [f"{t('session1', lang)} — {unit.session1.explanation(lang)}"]
    if held is not None:
        lines.append(f"{t('session2', lang)} — {held.explanation(lang)}")
    if unit.compensation is not None:
        text = unit.compensation.message.text(lang)
        lines.append(f"{t('compensation', lang)} — {text}")
    if (detail := courses_kept_detail(rules, unit, lang)) is not None:
        lines.append(f"{t('courses_kept_title', lang)} — {detail}")
    if (access := access_text(unit, lang)) is not None:  # waiting for it, or AJAC
        lines.append(f"{t('access', lang)} — {access}")
    return Card(
        unit=unit.unit,
        name=unit.name,
        badge=badge(unit.final.status, lang, origin),
        verdicts=tuple(verdicts),
        figures=tuple(figures),
        explanations=tuple(lines),
    )


def _with_computed(
    card: Card, unit: UnitResult, result: Evaluation, programme: Programme, lang: Lang
) -> Card:
    """The card, saying how each course graded by components got its grade."""
    entered = result.scenario.grades
    computed = [
        text
        for c in unit.enrolled
        if (text := computed_text(programme, c, entered, lang)) is not None
    ]
    if not computed:
        return card
    return dataclasses.replace(card, explanations=(*card.explanations, *computed))


def cards(
    result: Evaluation,
    compared: tuple[float, ...],
    programme: Programme,
    lang: Lang,
    origin: str | None = None,
) -> list[Card]:
    """Each unit's card; a mean never reads as a figure it is `compared` with; `origin`:
    who entered the rules of a programme built in the app."""
    return [
        _with_computed(_card(u, compared, result.rules, lang, origin), u, result, programme, lang)
        for u in result.units
    ]
