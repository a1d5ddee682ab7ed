"""The sections of the one-page summary of an evaluated plan, for a meeting with an
advisor: the header and the year's verdict, the plan's units and totals, the grades, the
retakes, the problems and the rules applied (with the bonus points).

Each section reads the evaluation and the rules applied (planner.applied), the same
objects the app's pages read; how it is drawn (fonts, wrapping, rows, fitting one page) is
planner.outputs.report.layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from planner import texts
from planner.catalogue import Programme, Unit
from planner.engine import SessionVerdict, UnitResult
from planner.evaluation import (
    Evaluation,
    access_text,
    course_grades_of,
    courses_kept_detail,
    courses_kept_text,
    problem_text,
    semesters_text,
)
from planner.messages import Lang, compared_figures, grade_text, join, number, of, sum_text
from planner.outputs.report.layout import (
    ACCENT,
    BOX_FILL,
    CELL_PAD_X,
    FONT,
    INK,
    MARGIN,
    MUTED,
    RGB,
    UNIT_FILL,
    VERDICT_COLOURS,
    WIDTH,
    Cell,
    Part,
    Style,
    Writer,
    printable,
    text_cell,
)
from planner.outputs.rules_text import progression_statements
from planner.rules import RuleBase
from planner.rules.capitalisation import retake_short_of, retake_threshold
from planner.rules.compensation import no_compensation_above
from planner.rules.components import Entered, courses_graded, retake_name
from planner.rules.components import describe as describe_components
from planner.rules.status import rule_status
from planner.texts import colon, semicolon
from planner.totals import Amount

# The texts picked by a value, each id written out whole (tests/unit/test_texts.py finds
# every id used by reading the code).
VERDICT_WORDS = {True: "validated", False: "failed", None: "pending"}
YEAR_VERDICT_WORDS = {True: "validated", False: "failed", None: "report.year_pending"}
VERDICT_STATUS_NOTES = {
    "published": "report.verdict_published",
    "assumed": "report.verdict_assumed",
    "chosen": "report.verdict_chosen",
    "entered": "report.verdict_entered",
}
RULES_STATUS_NOTES = {
    "published": "report.rules_published",
    "assumed": "report.rules_assumed",
    "chosen": "report.rules_chosen",
    "entered": "report.rules_entered",
}
UNIT_KINDS = {"bonus": "report.kind_bonus", "activity": "report.kind_activity"}
POLICY_NOTES = {"replace": "report.policy_replace", "keep_best": "report.policy_keep_best"}
RETAKE_IF_LABELS = {
    "below": "report.retakes_if_below",
    "not_above": "report.retakes_if_not_above",
}
STATUS_TAGS = {  # a rule's status beside a feminine noun (une règle) or a masculine one
    ("published", "f"): "published_rule",
    ("published", "m"): "published",
    ("assumed", "f"): "report.assumed_f",
    ("assumed", "m"): "report.assumed_m",
    ("chosen", "f"): "report.chosen_f",
    ("chosen", "m"): "report.chosen_m",
    ("entered", "f"): "report.entered_f",
    ("entered", "m"): "report.entered_m",
}


def _figure(amount: Amount, lang: Lang) -> str:
    """'12', '20*' (inferred), '60 +?' (part not published) or 'not published'."""
    if amount.value is None:
        return texts.text("not_published", lang)
    mark = "*" if amount.status == "inferred" else ""
    partial = " +?" if amount.missing else ""
    return f"{number(amount.value, lang)}{mark}{partial}"


def _grade(
    grades: Mapping[str, Entered], course: str, lang: Lang, figures: tuple[float, ...]
) -> str:
    """A grade as the page shows it: never read as a threshold or floor it is not."""
    if course not in grades:
        return "—"
    grade = grades[course]
    return (
        texts.text("report.absent", lang)
        if grade is None
        else grade_text(grade, lang, figures, typed=True)
    )


class Summary(Writer):
    """Draws the sections of the summary with one style."""

    def __init__(
        self, programme: Programme, evaluation: Evaluation, lang: Lang, style: Style
    ) -> None:
        super().__init__(style, texts.text("report.footer", lang))
        self.programme = programme
        self.evaluation = evaluation
        # What a grade is compared with under the rules applied (messages.grade_text).
        self.figures = compared_figures(evaluation.rules, programme.grade_scale.max)
        # Each course's grade, a course graded by components its computed one.
        self.grades1, self.grades2 = course_grades_of(programme, evaluation.scenario)
        self.lang = lang

    @property
    def scale(self) -> str:
        return number(self.programme.grade_scale.max, self.lang)

    def header(self, today: dt.date) -> None:
        pdf, lang, programme = self.pdf, self.lang, self.programme
        scenario = self.evaluation.scenario
        self.paragraph([("B", texts.text("report.title", lang), ACCENT)], size=self.st.title)
        pdf.ln(0.6)
        name = programme.name + (f" ({programme.institution})" if programme.institution else "")
        self.paragraph([("B", name)], size=self.st.body + 2.5)
        meta: list[Part] = [
            ("", texts.text("report.academic_year", lang, year=programme.academic_year))
        ]
        for key, ident, items in (
            ("track", scenario.track, programme.tracks),
            ("option", scenario.option, programme.options),
        ):
            chosen = next((i.name for i in items if i.id == ident), None)
            if chosen:
                meta += [("", "   ·   "), ("B", texts.text(key, lang) + colon(lang)), ("", chosen)]
        meta += [
            ("", "   ·   "),
            ("", texts.text("report.prepared", lang, date=texts.long_date(today, lang))),
        ]
        self.paragraph(meta, size=self.st.body)
        self.year_box()

    def year_box(self) -> None:
        pdf, lang, year = self.pdf, self.lang, self.evaluation.year
        colour = VERDICT_COLOURS[year.validated]
        word = texts.text(YEAR_VERDICT_WORDS[year.validated], lang)
        label = f"{texts.text('report.year_verdict', lang)}{colon(lang)}{word}"
        size = self.st.body + 0.5
        height = self.st.line(size)
        text_w = WIDTH - 4
        lines = self.wrap([("B", label, colour)], size, text_w)
        lines += self.wrap(
            [
                ("", year.message.text(lang) + " "),
                ("I", texts.text(VERDICT_STATUS_NOTES[year.status], lang)),
            ],
            size,
            text_w,
        )
        if (semesters := semesters_text(self.evaluation, lang)) is not None:
            lines += self.wrap(
                [("", texts.text("semesters_codes", lang, semesters=semesters))], size, text_w
            )
        pdf.ln(1.5)
        top = pdf.get_y()
        box_h = height * len(lines) + 2.4
        pdf.set_fill_color(*BOX_FILL)
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.5)
        pdf.rect(MARGIN, top, WIDTH, box_h, style="DF")
        pdf.set_y(top + 1.2)
        self.draw(lines, size, MARGIN + 2, text_w, height)
        pdf.set_y(top + box_h)

    def plan(self) -> None:
        lang, totals, programme = self.lang, self.evaluation.totals, self.programme
        self.heading(texts.text("report.plan", lang))
        # The semester column only when the programme gives semesters.
        semesters = any(u.semester for u in totals.units)
        widths: tuple[float, ...] = (WIDTH - 72, 24, 24, 24)
        keys: tuple[str, ...] = ("unit", "ects", "report.cm", "report.td")
        align = "LRRR"
        if semesters:
            widths, keys, align = (
                (WIDTH - 88, 16, 24, 24, 24),
                (*keys[:1], "report.semester", *keys[1:]),
                "LCRRR",
            )
        self.head_row([texts.text(k, lang) for k in keys], widths, align)
        for u in totals.units:
            name = u.name
            if u.kind != "graded":
                name += f" ({texts.text(UNIT_KINDS[u.kind], lang)})"
            cells = [name, u.semester or ""] if semesters else [name]
            cells += [_figure(a, lang) for a in (u.ects, u.lecture_hours, u.tutorial_hours)]
            self.row(
                [text_cell(x, w, align=a) for x, w, a in zip(cells, widths, align, strict=True)]
            )
        amounts = (totals.ects, totals.lecture_hours, totals.tutorial_hours)
        cells = [texts.text("total", lang)] + [""] * semesters + [_figure(a, lang) for a in amounts]
        self.row(
            [
                text_cell(x, w, style="B", align=a)
                for x, w, a in zip(cells, widths, align, strict=True)
            ],
            rule=False,
        )
        self.pdf.ln(1.2)
        scenario = self.evaluation.scenario
        for unit in self._units():
            if unit.choose is None:
                continue
            names = [programme.course(c).name for c in unit.courses if c in scenario.choices]
            self.paragraph(
                [
                    ("B", texts.text("report.chosen", lang, unit=unit.name) + colon(lang)),
                    (
                        "",
                        semicolon(lang).join(names)
                        if names
                        else texts.text("report.none_chosen", lang),
                    ),
                ],
                size=self.st.table,
            )
        legend: list[str] = []
        amounts = [totals.ects, totals.lecture_hours, totals.tutorial_hours]
        for u in totals.units:
            amounts += [u.ects, u.lecture_hours, u.tutorial_hours]
        if any(a.status == "inferred" and a.value is not None for a in amounts):
            legend.append(texts.text("report.legend_inferred", lang))
        if any(a.missing and a.value is not None for a in amounts):
            legend.append(texts.text("report.legend_partial", lang))
        missing = []
        for u in totals.units:
            fields = [
                texts.text(key, lang)
                for key, amount in (
                    ("ects", u.ects),
                    ("report.cm_short", u.lecture_hours),
                    ("report.td_short", u.tutorial_hours),
                )
                if amount.missing
            ]
            if fields:
                missing.append(f"{u.name} ({', '.join(fields)})")
        parts: list[tuple[str, str]] = [("I", " ".join(legend) + (" " if legend else ""))]
        if missing:
            parts += [
                ("BI", texts.text("report.unpublished", lang) + colon(lang)),
                ("I", semicolon(lang).join(missing)),
            ]
            parts[-1] = ("I", parts[-1][1] + ".")
        if legend or missing:
            self.paragraph(
                [(s, x, MUTED) for s, x in parts if x],
                size=self.st.small,
            )

    def _units(self) -> tuple[Unit, ...]:
        s = self.evaluation.scenario
        return self.programme.units_for(s.track, s.option)

    def _graded_units(self) -> list[tuple[Unit, UnitResult | None, tuple[str, ...], set[str]]]:
        """(unit, result or None for a bonus unit, courses followed, courses with a session 2)."""
        results = {r.unit: r for r in self.evaluation.units}
        out = []
        for unit in self._units():
            if unit.kind == "activity":
                continue
            result = results.get(unit.id)
            if result is None:
                out.append((unit, None, unit.courses, set()))
                continue
            retaken = set(result.retakes) | set(result.retakes_if_below)
            if result.session2 is None or not result.rule.session2:
                retaken = set()
            out.append((unit, result, result.enrolled, retaken))
        return out

    def grades(self) -> None:
        self.heading(texts.text("report.grades", self.lang))
        if self.st.compact_grades:
            self._grades_compact()
        else:
            self._grades_table()
        self.pdf.ln(0.8)
        self.paragraph(
            [("I", texts.text("report.grades_legend", self.lang, max=self.scale), MUTED)],
            size=self.st.small,
        )

    def _grades_table(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        has_s2 = any(r.session2_held is not None for r in evaluation.units)
        widths: tuple[float, ...] = (WIDTH - 56, 28, 28) if has_s2 else (WIDTH - 28, 28)
        columns = len(widths)
        head = [
            texts.text("report.course", lang),
            f"{texts.text('session1', lang)} (/{self.scale})",
            f"{texts.text('session2', lang)} (/{self.scale})",
        ]
        self.head_row(head[:columns], widths, "LCC"[:columns])
        for unit, result, courses, retaken in self._graded_units():
            if result is None:
                cells = [
                    text_cell(
                        f"{unit.name} ({texts.text('report.kind_bonus', lang)})", WIDTH, style="B"
                    )
                ]
            else:
                cells = [text_cell(result.name, widths[0], style="B")]
                verdicts = (result.session1, result.session2_held)[: columns - 1]
                for verdict, width in zip(verdicts, widths[1:], strict=True):
                    text, colour = self._verdict(verdict)
                    cells.append(text_cell(text, width, style="B", colour=colour, align="C"))
            self.row(cells, fill=UNIT_FILL)
            for c in courses:
                cells = [
                    "   " + self.programme.course(c).name,
                    _grade(self.grades1, c, lang, self.figures),
                ]
                if has_s2:
                    cells.append(
                        _grade(self.grades2, c, lang, self.figures) if c in retaken else ""
                    )
                self.row(
                    [
                        text_cell(x, w, align=a)
                        for x, w, a in zip(cells, widths, "LCC", strict=False)
                    ]
                )
            note = "\n".join(self._unit_notes(result))
            self.row([text_cell(note, WIDTH, style="I", colour=MUTED, size=self.st.small)])

    def _grades_compact(self) -> None:
        """One bar per unit (name and verdicts), one paragraph of grades, one of explanations."""
        lang = self.lang
        size = self.st.table
        for unit, result, courses, retaken in self._graded_units():
            verdicts: list[Part] = []
            if result is None:
                name = f"{unit.name} ({texts.text('report.kind_bonus', lang)})"
            elif result.not_allowed:  # behind a prerequisite not met: neutral, not failed
                name = result.name
                verdicts = [("B", texts.text("not_yet_allowed", lang), INK)]
            else:
                name = result.name
                for key, verdict in (
                    ("session1", result.session1),
                    ("session2", result.session2_held),
                ):
                    if verdict is not None:
                        text, colour = self._verdict(verdict)
                        gap = "      " if verdicts else ""
                        verdicts += [("", gap + texts.text(key, lang) + colon(lang), MUTED)]
                        verdicts += [("B", text, colour)]
            self.pdf.set_font(FONT, "B", size)
            verdict_w = 2 * CELL_PAD_X + sum(
                self.width(printable(text)) for _, text, *_ in verdicts
            )
            self.pdf.ln(0.5)
            self.row(
                [
                    text_cell(name, WIDTH - verdict_w, style="B"),
                    Cell(tuple(verdicts), verdict_w, align="R"),
                ],
                fill=UNIT_FILL,
                rule=False,
            )
            self.pdf.ln(0.3)
            items = []
            for c in courses:
                name = self.programme.course(c).name
                item = f"{name}{colon(lang)}{_grade(self.grades1, c, lang, self.figures)}"
                if c in retaken:
                    s2 = _grade(self.grades2, c, lang, self.figures)
                    item += f" ({texts.text('report.s2_short', lang)}{colon(lang)}{s2})"
                items.append(item)
            if items:
                self.paragraph([("", "   ·   ".join(items))], size=size, indent=1.2)
            self.paragraph(
                [("I", "   ".join(self._unit_notes(result)), MUTED)],
                size=self.st.small,
                indent=1.2,
            )

    def _verdict(self, verdict: SessionVerdict | None) -> tuple[str, RGB]:
        if verdict is None:
            return "", INK
        word = VERDICT_WORDS[verdict.validated]
        return texts.text(word, self.lang), VERDICT_COLOURS[verdict.validated]

    def _unit_notes(self, result: UnitResult | None) -> list[str]:
        lang = self.lang
        if result is None:
            return [texts.text("bonus_unit", lang)]
        access = access_text(result, lang)
        if result.not_allowed:  # its grades do not count yet: only why
            return [texts.text("report.access", lang, text=access)]
        notes = [f"{texts.text('session1', lang)}{colon(lang)}{result.session1.explanation(lang)}"]
        if (held := result.session2_held) is not None:  # none for a unit without session 2
            notes.append(f"{texts.text('session2', lang)}{colon(lang)}{held.explanation(lang)}")
        if result.compensation is not None:
            notes.append(
                f"{texts.text('compensation', lang)}{colon(lang)}"
                f"{result.compensation.message.text(lang)}"
            )
        if result.code is not None:
            ects = sum_text(result.ects_acquired, result.ects_acquired_incomplete, lang)
            notes[-1] += " " + texts.text("report.code", lang, code=result.code, ects=ects)
        if (kept := courses_kept_text(result, lang)) is not None:  # "2 courses kept (6 ECTS)"
            detail = courses_kept_detail(self.evaluation.rules, result, lang)
            notes.append(f"{kept} — {detail}")
        if access is not None:  # waiting for its prerequisite, or AJAC
            notes.append(texts.text("report.access", lang, text=access))
        if result.final.status != "published":  # the rules section tags every assumption
            notes[-1] += " " + texts.text(VERDICT_STATUS_NOTES[result.final.status], lang)
        return notes

    def retakes(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        grades = self.grades1
        self.heading(texts.text("retakes_title", lang))
        anything = False
        for r in evaluation.units:
            if r.session2 is not None and not r.rule.session2:
                anything = True
                self.paragraph(
                    [("B", r.name + colon(lang)), ("", texts.text("report.no_session2", lang))],
                    bullet=True,
                )
            if r.retakes:
                anything = True
                names = [
                    f"{retake_name(self.programme, c, lang)} "
                    f"({_grade(grades, c, lang, self.figures)})"
                    for c in r.retakes
                ]
                self.paragraph(
                    [
                        ("B", r.name + colon(lang)),
                        ("", semicolon(lang).join(names) + "."),
                    ],
                    bullet=True,
                )
            if r.retakes_if_below:
                anything = True
                threshold = retake_threshold(self.programme, r.rule)
                label = texts.text(
                    RETAKE_IF_LABELS[retake_short_of(self.programme, r.rule)],
                    lang,
                    threshold=number(threshold, lang),
                )
                names = [self.programme.course(c).name for c in r.retakes_if_below]
                self.paragraph(
                    [
                        ("B", r.name + colon(lang)),
                        ("", label + colon(lang) + semicolon(lang).join(names) + "."),
                    ],
                    bullet=True,
                )
        if not anything:
            self.paragraph([("", texts.text("no_retakes", lang))])

    def problems(self) -> None:
        if not self.evaluation.problems:
            return
        self.heading(texts.text("report.problems", self.lang))
        for problem in self.evaluation.problems:
            self.paragraph([("", problem_text(problem, self.lang))], bullet=True)

    def rules(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        # The rules as the verdicts applied them (planner.applied): maybe the student's own,
        # read as the format they were built in.
        programme = evaluation.programme
        rules = programme.rules
        self.heading(texts.text("report.rules", lang))
        size = self.st.small + 0.5
        tag = self._tag
        # Rules the student chose replace the assumed ones: said once, as the page says it.
        chosen = any(r.rule.status == "chosen" for r in evaluation.units)
        status = "chosen" if chosen else rule_status(programme, rules.status)
        self.paragraph(
            [("", texts.text(RULES_STATUS_NOTES[status], lang) + " "), tag(status)],
            size=size,
            bullet=True,
        )
        # Units with the same rule are listed together.
        groups: dict[tuple[object, ...], tuple[RuleBase, str, list[str]]] = {}
        for r in evaluation.units:
            rule = r.rule
            summary = rule.summary(number(rule.threshold, lang), self.scale, lang)
            retake = retake_threshold(programme, rule)  # lower where courses are capitalised
            key = (summary, rule.threshold, retake, rule.strict, rule.session2, rule.status)
            groups.setdefault(key, (rule, summary, []))[2].append(r.name)
        for rule, summary, names in groups.values():
            params = {"threshold": number(retake_threshold(programme, rule), lang)}
            text = summary + semicolon(lang)
            text += (
                texts.text(
                    "report.rule_session2_strict" if rule.strict else "report.rule_session2",
                    lang,
                    **params,
                )
                if rule.session2
                else texts.text("report.rule_no_session2", lang)
            )
            self.paragraph(
                [("B", join(names, lang) + colon(lang)), ("", text + ". "), tag(rule.status)],
                size=size,
                bullet=True,
            )
        for group in rules.groups:
            self.paragraph(
                [("", group.describe(programme, lang) + " "), tag(group.status)],
                size=size,
                bullet=True,
            )
        if (apart := no_compensation_above(programme, lang)) is not None:
            self.paragraph(
                [("", apart + " "), tag(rules.no_compensation_status)], size=size, bullet=True
            )
        for group in rules.no_compensation_published:
            names = join([programme.unit(u).name for u in group.units], lang)
            self.paragraph(
                [
                    ("", texts.text("rule.no_compensation_between", lang, units=names) + " "),
                    tag("published"),
                ],
                size=size,
                bullet=True,
            )
        if not rules.groups:
            key = (
                "report.compensation_others"
                if rules.no_compensation_published
                else "report.compensation"
            )
            self.paragraph(
                [("", texts.text(key, lang) + " "), tag(rules.no_compensation_status)],
                size=size,
                bullet=True,
            )
        if (capitalisation := rules.course_capitalisation) is not None:
            self.paragraph(
                [("", capitalisation.describe(programme, lang) + " "), tag(capitalisation.status)],
                size=size,
                bullet=True,
            )
        followed = [c for r in evaluation.units for c in r.enrolled]
        for found in courses_graded(programme, followed):
            text = describe_components(programme, found.course.id, lang)
            self.paragraph([("", text + " "), tag(found.session2.status)], size=size, bullet=True)

        # Jury codes and prerequisites, worded as on the Rules page.
        for statement in progression_statements(programme, lang):
            self.paragraph(
                [("", statement.text + " "), tag(statement.status)], size=size, bullet=True
            )
        self.bonus(size)
        for points in rules.bonus_points:
            self.paragraph(
                [("", points.describe(programme, lang) + " "), tag(points.status)],
                size=size,
                bullet=True,
            )
        if any(r.rule.session2 for r in evaluation.units):
            parts: list[Part] = [("", texts.text(POLICY_NOTES[evaluation.policy], lang) + " ")]
            if rules.session2.status == "chosen":
                parts.append(("B", f"[{texts.text('report.policy_changed', lang)}]"))
            else:
                parts.append(tag(rules.session2.status))
            self.paragraph(parts, size=size, bullet=True)
        scale = programme.grade_scale
        key = "report.scale" if scale.status == "published" else "report.scale_assumed"
        self.paragraph(
            [("", texts.text(key, lang, max=self.scale) + ". "), tag(scale.status, "m")],
            size=size,
            bullet=True,
        )
        self.pdf.ln(1.0)
        self.paragraph(
            [("B", texts.text("source", lang) + colon(lang)), ("I", programme.source.title)],
            size=size,
        )

    def _tag(self, status: str, gender: str = "f") -> Part:
        """'[published]' in grey, or '[assumed]' in bold amber so that it stands out (and
        '[entered]', for every rule of a programme entered in the app)."""
        status = rule_status(self.evaluation.programme, status)
        text = texts.text(STATUS_TAGS[status, gender], self.lang)
        if status in ("assumed", "chosen", "entered"):
            return ("B", f"[{text}]", VERDICT_COLOURS[None])
        return ("", f"[{text}]", MUTED)

    def bonus(self, size: float) -> None:
        """The bonus formula and rate in use, for each unit a bonus unit adds to."""
        lang, programme, evaluation = self.lang, self.programme, self.evaluation
        bonus = programme.rules.bonus
        for r in evaluation.units:
            if not r.rule.bonus_from:
                continue
            sources = join([programme.unit(u).name for u in r.rule.bonus_from], lang)
            rate = number(evaluation.bonus_rate, lang)
            if bonus.formula == "none":
                self.paragraph(
                    [
                        (
                            "",
                            texts.text(
                                "report.bonus_none",
                                lang,
                                bonus=sources,
                                de_bonus=of(sources, lang),
                                unit=r.name,
                            )
                            + " ",
                        )
                    ],
                    size=size,
                    bullet=True,
                )
                continue
            text = texts.text(
                "report.bonus_formula",
                lang,
                bonus=sources,
                de_bonus=of(sources, lang),
                unit=r.name,
                rate=rate,
                threshold=number(r.rule.threshold, lang),
            )
            parts: list[Part] = [
                ("", text + " "),
                ("", texts.text("report.formula", lang) + " "),
                self._tag(bonus.status),
                ("", ", " + texts.text("report.rate", lang, rate=rate) + " "),
            ]
            if evaluation.scenario.parameters.bonus_rate not in (None, bonus.rate):
                default = number(bonus.rate, lang)
                parts.append(("B", f"[{texts.text('report.rate_changed', lang, rate=default)}]"))
            else:
                parts.append(self._tag(bonus.status, "m"))
            self.paragraph(parts, size=size, bullet=True)


def render(
    programme: Programme, evaluation: Evaluation, lang: Lang, today: dt.date, style: Style
) -> Summary:
    """Every section of the summary, in order, drawn in one style."""
    writer = Summary(programme, evaluation, lang, style)
    pdf = writer.pdf
    title = f"{texts.text('report.title', lang)} - {programme.name}"
    pdf.set_title(printable(title))
    pdf.set_subject(printable(texts.text("report.footer", lang)))
    pdf.set_creator("M2 year planner")
    pdf.set_lang(lang)
    pdf.set_creation_date(dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC))
    writer.header(today)
    writer.plan()
    writer.grades()
    writer.retakes()
    writer.problems()
    writer.rules()
    return writer
