"""A one-page A4 PDF summary of an evaluated plan, for a meeting with an advisor.

`summary_pdf(programme, evaluation, lang, today)` returns the PDF as bytes; nothing is
written to disk. It uses fpdf2's core Helvetica font (no font file, so it runs on any
server); core fonts only know latin-1, so every text goes through `printable()` first.
The page never grows a second page: when the content is too long, the layout is
compressed (smaller fonts and spacing, then one paragraph of grades per unit instead of
one table row per course) until it fits; text is wrapped here rather than by fpdf2,
which is several times faster and gives exact heights.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files

from fpdf import FPDF

from planner import texts
from planner.applied import apply_parameters
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
from planner.rules import RuleBase
from planner.rules.capitalisation import retake_short_of, retake_threshold
from planner.rules.compensation import no_compensation_above
from planner.rules.components import Entered, courses_graded, retake_name
from planner.rules.components import describe as describe_components
from planner.rules_text import progression_statements
from planner.texts import colon, semicolon
from planner.totals import Amount

# --- text -----------------------------------------------------------------------------

# Liberation Sans: Helvetica's metrics (the layout below is measured with them), with the
# signs the texts use (≥, →, …, « ») that the core PDF fonts, latin-1 only, lack.
FONT = "LiberationSans"
FONT_DIR = files("planner") / "fonts"
FONT_FILES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
# Spaces the font has no glyph for, as the nearest one it has.
_SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": " "})


@cache
def _glyphs() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # fpdf2's own dependency

    with as_file(FONT_DIR / "LiberationSans-Regular.ttf") as path:
        return frozenset(TTFont(path).getBestCmap())


def printable(text: str) -> str:
    """Text the PDF font can show: a character it has no glyph for (a scenario name in
    another script, an emoji) becomes "?" instead of an empty box."""
    if text.isascii():
        return text
    glyphs = _glyphs()
    return "".join(c if ord(c) in glyphs or c == "\n" else "?" for c in text.translate(_SPACES))


def _t(key: str, lang: Lang, **params: object) -> str:
    return texts.text(f"report.{key}", lang, **params)


def _figure(amount: Amount, lang: Lang) -> str:
    """'12', '20*' (inferred), '60 +?' (part not published) or 'not published'."""
    if amount.value is None:
        return _t("not_published", lang)
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
    return _t("absent", lang) if grade is None else grade_text(grade, lang, figures, typed=True)


# --- layout ---------------------------------------------------------------------------

RGB = tuple[int, int, int]
# A piece of a paragraph: font style ("", "B", "I", "BI"), text, and optionally a colour.
Part = tuple[str, str] | tuple[str, str, RGB]

INK = (25, 25, 25)
MUTED = (85, 85, 85)
ACCENT = (22, 58, 112)
RULE = (175, 185, 200)
HEAD_FILL = (214, 224, 238)
UNIT_FILL = (236, 240, 246)
BOX_FILL = (244, 246, 250)
VERDICT_COLOURS: dict[bool | None, RGB] = {
    True: (0, 115, 55),
    False: (175, 20, 20),
    None: (160, 95, 0),
}

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 12.0
FOOTER_H = 8.0  # the footer band above the bottom margin
WIDTH = PAGE_W - 2 * MARGIN
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class _Style:
    """Font sizes (pt) and the grades layout of one attempt at fitting the page."""

    title: float
    body: float
    table: float
    small: float
    compact_grades: bool
    gap: float  # mm before a section heading
    pad: float = 0.45  # mm above and below the text of a table cell

    def line(self, size: float) -> float:
        return size * MM_PER_PT * 1.3

    def table_line(self, size: float) -> float:
        return size * MM_PER_PT * 1.2


# From roomy to tight (each takes less room than the one before); the roomiest that fits
# on the page wins.
_STYLES = (
    _Style(title=14, body=9, table=8.5, small=8, compact_grades=False, gap=3.2),
    _Style(title=13, body=8.5, table=8, small=7.5, compact_grades=False, gap=2.6),
    _Style(title=13, body=8.5, table=8, small=7.5, compact_grades=False, gap=2.2, pad=0.3),
    _Style(title=12, body=8, table=7.5, small=7, compact_grades=False, gap=1.8, pad=0.3),
    _Style(title=13, body=8.5, table=8, small=7.5, compact_grades=True, gap=2.6),
    _Style(title=12, body=8, table=7.5, small=7, compact_grades=True, gap=2, pad=0.35),
    _Style(title=12, body=7.5, table=7, small=6.5, compact_grades=True, gap=1.6, pad=0.3),
)


@dataclass(frozen=True)
class _Cell:
    """A table cell: its text as styled parts, its width (mm) and alignment."""

    parts: tuple[Part, ...]
    width: float
    align: str = "L"
    size: float | None = None  # pt; the style's table size when None


def _cell(
    text: str,
    width: float,
    style: str = "",
    colour: RGB = INK,
    align: str = "L",
    size: float | None = None,
) -> _Cell:
    return _Cell(((style, text, colour),), width, align, size)


Run = tuple[str, RGB, str]  # font style, colour, text: a piece of one line
CELL_PAD_X = 1.2  # mm left and right of a table cell's text


class _Page(FPDF):
    """An A4 page in the app's font, whose every text is made printable, with the
    disclaimer as footer."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        for style, face in FONT_FILES.items():
            with as_file(FONT_DIR / f"LiberationSans-{face}.ttf") as path:
                self.add_font(FONT, style, path)

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(printable(text))

    def footer(self) -> None:
        self.set_y(-(MARGIN + FOOTER_H) + 1.5)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, self.y, PAGE_W - MARGIN, self.y)
        self.ln(1.2)
        self.set_font(FONT, "I", 7.5)
        self.set_text_color(*MUTED)
        self.multi_cell(WIDTH, 3.4, self.footer_text, align="C")


class _Writer:
    """Draws the sections of the summary with one style.

    Text is wrapped here, word by word, rather than by fpdf2's `multi_cell`/`write`: it
    is several times faster and gives exact heights for table rows and boxes."""

    def __init__(
        self, programme: Programme, evaluation: Evaluation, lang: Lang, style: _Style
    ) -> None:
        self.programme = programme
        self.evaluation = evaluation
        # What a grade is compared with under the rules applied (messages.grade_text).
        self.figures = compared_figures(evaluation.rules, programme.grade_scale.max)
        # Each course's grade, a course graded by components its computed one.
        self.grades1, self.grades2 = course_grades_of(programme, evaluation.scenario)
        self.lang = lang
        self.st = style
        self.pdf = _Page(_t("footer", lang))
        pdf = self.pdf
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        # Never a second page: overflow is measured instead (see `fits`).
        pdf.set_auto_page_break(False, margin=MARGIN + FOOTER_H)
        pdf.add_page()
        pdf.c_margin = 0  # runs of text are placed exactly where `wrap` measured them

    # text
    @property
    def scale(self) -> str:
        return number(self.programme.grade_scale.max, self.lang)

    def font(self, size: float, style: str = "", colour: RGB = INK) -> None:
        self.pdf.set_font(FONT, style, size)
        self.pdf.set_text_color(*colour)

    def width(self, text: str) -> float:
        """Width in mm of printable `text` in the current font (a quicker
        `get_string_width`: the embedded font's widths per 1000 units, by code point)."""
        pdf = self.pdf
        widths = pdf.current_font.cw  # type: ignore[union-attr]
        return sum(widths[ord(c)] for c in text) * pdf.font_size_pt * 0.001 / pdf.k

    def wrap(self, parts: Sequence[Part], size: float, width: float) -> list[list[Run]]:
        """Greedy word wrap of styled parts into lines no wider than `width` mm."""
        pdf = self.pdf
        lines: list[list[Run]] = [[]]
        x = 0.0

        def put(style: str, ink: RGB, text: str) -> None:
            nonlocal x
            line = lines[-1]
            if line and line[-1][:2] == (style, ink):
                line[-1] = (style, ink, line[-1][2] + text)
            else:
                line.append((style, ink, text))
            x += self.width(text)

        for style, text, *colour in parts:
            ink = colour[0] if colour else INK
            pdf.set_font(FONT, style, size)
            for n, chunk in enumerate(printable(text).split("\n")):
                if n:
                    lines.append([])
                    x = 0.0
                for token in re.findall(r"\S+\s*|\s+", chunk):
                    word = token.rstrip()
                    if word and lines[-1] and x + self.width(word) > width:
                        lines.append([])
                        x = 0.0
                    while word and self.width(word) > width - x:
                        # A word longer than a whole line is cut where it has to be.
                        cut = len(word) - 1
                        while cut > 1 and self.width(word[:cut]) > width - x:
                            cut -= 1
                        put(style, ink, word[:cut])
                        lines.append([])
                        x = 0.0
                        word, token = word[cut:], token[cut:]
                    put(style, ink, token)
        for line in lines:
            if line:
                style, ink, text = line[-1]
                line[-1] = (style, ink, text.rstrip())
        return lines

    def draw(
        self,
        lines: Sequence[Sequence[Run]],
        size: float,
        x: float,
        width: float,
        height: float,
        align: str = "L",
    ) -> None:
        """Draw wrapped lines from the current y, `height` mm apart."""
        pdf = self.pdf
        y = pdf.get_y()
        for line in lines:
            widths = []
            for style, _, text in line:
                pdf.set_font(FONT, style, size)
                widths.append(self.width(text))
            left = x + {"L": 0.0, "C": (width - sum(widths)) / 2, "R": width - sum(widths)}[align]
            for (style, ink, text), w in zip(line, widths, strict=True):
                self.font(size, style, ink)
                pdf.set_xy(left, y)
                pdf.cell(w, height, text)
                left += w
            y += height
        pdf.set_xy(MARGIN, y)

    def fits(self) -> bool:
        return self.pdf.page_no() == 1 and self.pdf.get_y() <= PAGE_H - MARGIN - FOOTER_H

    def heading(self, text: str) -> None:
        pdf = self.pdf
        size = self.st.body + 1.5
        pdf.ln(self.st.gap)
        self.font(size, "B", ACCENT)
        pdf.cell(WIDTH, self.st.line(size), text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, pdf.get_y() + 0.3, PAGE_W - MARGIN, pdf.get_y() + 0.3)
        pdf.ln(1.3)

    def paragraph(
        self,
        parts: Sequence[Part],
        size: float | None = None,
        indent: float = 0.0,
        bullet: bool = False,
    ) -> None:
        """Flowing text made of (style, text[, colour]) parts, wrapped at the margins."""
        pdf = self.pdf
        size = size or self.st.body
        height = self.st.line(size)
        left = MARGIN + indent
        if bullet:
            self.font(size, "B", ACCENT)
            pdf.set_x(left)
            pdf.cell(3, height, "-")
            left += 3
        width = PAGE_W - MARGIN - left
        self.draw(self.wrap(parts, size, width), size, left, width, height)

    def row(self, cells: Sequence[_Cell], fill: RGB | None = None, rule: bool = True) -> None:
        """One table row: cells side by side (each wraps if its text is too long), an
        optional background, and a thin rule below."""
        pdf = self.pdf
        top = pdf.get_y()
        laid = []
        for cell in cells:
            size = cell.size or self.st.table
            lines = self.wrap(cell.parts, size, cell.width - 2 * CELL_PAD_X)
            laid.append((lines, size, self.st.table_line(size)))
        height = max(len(lines) * line for lines, _, line in laid) + 2 * self.st.pad
        if fill is not None:
            pdf.set_fill_color(*fill)
            pdf.rect(MARGIN, top, sum(c.width for c in cells), height, style="F")
        x = MARGIN
        for cell, (lines, size, line) in zip(cells, laid, strict=True):
            pdf.set_y(top + (height - len(lines) * line) / 2)
            inner = cell.width - 2 * CELL_PAD_X
            self.draw(lines, size, x + CELL_PAD_X, inner, line, cell.align)
            x += cell.width
        if rule:
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.15)
            pdf.line(MARGIN, top + height, x, top + height)
        pdf.set_xy(MARGIN, top + height)

    def head_row(self, texts: Sequence[str], widths: Sequence[float], align: str) -> None:
        cells = [
            _cell(text, width, style="B", colour=ACCENT, align=a)
            for text, width, a in zip(texts, widths, align, strict=True)
        ]
        self.row(cells, fill=HEAD_FILL)

    # sections
    def header(self, today: dt.date) -> None:
        pdf, lang, programme = self.pdf, self.lang, self.programme
        scenario = self.evaluation.scenario
        self.paragraph([("B", _t("title", lang), ACCENT)], size=self.st.title)
        pdf.ln(0.6)
        name = programme.name + (f" ({programme.institution})" if programme.institution else "")
        self.paragraph([("B", name)], size=self.st.body + 2.5)
        meta: list[Part] = [("", _t("academic_year", lang, year=programme.academic_year))]
        for key, ident, items in (
            ("track", scenario.track, programme.tracks),
            ("option", scenario.option, programme.options),
        ):
            chosen = next((i.name for i in items if i.id == ident), None)
            if chosen:
                meta += [("", "   ·   "), ("B", _t(key, lang) + colon(lang)), ("", chosen)]
        meta += [("", "   ·   "), ("", _t("prepared", lang, date=texts.long_date(today, lang)))]
        self.paragraph(meta, size=self.st.body)
        self.year_box()

    def year_box(self) -> None:
        pdf, lang, year = self.pdf, self.lang, self.evaluation.year
        colour = VERDICT_COLOURS[year.validated]
        word = {True: "year_validated", False: "year_failed", None: "year_pending"}
        label = f"{_t('year_verdict', lang)}{colon(lang)}{_t(word[year.validated], lang)}"
        size = self.st.body + 0.5
        height = self.st.line(size)
        text_w = WIDTH - 4
        lines = self.wrap([("B", label, colour)], size, text_w)
        lines += self.wrap(
            [("", year.message.text(lang) + " "), ("I", _t(f"verdict_{year.status}", lang))],
            size,
            text_w,
        )
        if (semesters := semesters_text(self.evaluation, lang)) is not None:
            lines += self.wrap([("", _t("semesters", lang, semesters=semesters))], size, text_w)
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
        self.heading(_t("plan", lang))
        # The semester column only when the programme gives semesters.
        semesters = any(u.semester for u in totals.units)
        widths: tuple[float, ...] = (WIDTH - 72, 24, 24, 24)
        keys: tuple[str, ...] = ("unit", "ects", "cm", "td")
        align = "LRRR"
        if semesters:
            widths, keys, align = (
                (WIDTH - 88, 16, 24, 24, 24),
                (*keys[:1], "semester", *keys[1:]),
                "LCRRR",
            )
        self.head_row([_t(k, lang) for k in keys], widths, align)
        for u in totals.units:
            name = u.name
            if u.kind != "graded":
                name += f" ({_t('kind_' + u.kind, lang)})"
            texts = [name, u.semester or ""] if semesters else [name]
            texts += [_figure(a, lang) for a in (u.ects, u.lecture_hours, u.tutorial_hours)]
            self.row([_cell(x, w, align=a) for x, w, a in zip(texts, widths, align, strict=True)])
        amounts = (totals.ects, totals.lecture_hours, totals.tutorial_hours)
        texts = [_t("total", lang)] + [""] * semesters + [_figure(a, lang) for a in amounts]
        self.row(
            [_cell(x, w, style="B", align=a) for x, w, a in zip(texts, widths, align, strict=True)],
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
                    ("B", _t("chosen", lang, unit=unit.name) + colon(lang)),
                    ("", semicolon(lang).join(names) if names else _t("none_chosen", lang)),
                ],
                size=self.st.table,
            )
        legend: list[str] = []
        amounts = [totals.ects, totals.lecture_hours, totals.tutorial_hours]
        for u in totals.units:
            amounts += [u.ects, u.lecture_hours, u.tutorial_hours]
        if any(a.status == "inferred" and a.value is not None for a in amounts):
            legend.append(_t("legend_inferred", lang))
        if any(a.missing and a.value is not None for a in amounts):
            legend.append(_t("legend_partial", lang))
        missing = []
        for u in totals.units:
            fields = [
                _t(key, lang)
                for key, amount in (
                    ("ects", u.ects),
                    ("cm_short", u.lecture_hours),
                    ("td_short", u.tutorial_hours),
                )
                if amount.missing
            ]
            if fields:
                missing.append(f"{u.name} ({', '.join(fields)})")
        parts: list[tuple[str, str]] = [("I", " ".join(legend) + (" " if legend else ""))]
        if missing:
            parts += [
                ("BI", _t("unpublished", lang) + colon(lang)),
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
        self.heading(_t("grades", self.lang))
        if self.st.compact_grades:
            self._grades_compact()
        else:
            self._grades_table()
        self.pdf.ln(0.8)
        self.paragraph(
            [("I", _t("grades_legend", self.lang, max=self.scale), MUTED)], size=self.st.small
        )

    def _grades_table(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        has_s2 = any(r.session2_held is not None for r in evaluation.units)
        widths: tuple[float, ...] = (WIDTH - 56, 28, 28) if has_s2 else (WIDTH - 28, 28)
        columns = len(widths)
        head = [
            _t("course", lang),
            f"{_t('session1', lang)} (/{self.scale})",
            f"{_t('session2', lang)} (/{self.scale})",
        ]
        self.head_row(head[:columns], widths, "LCC"[:columns])
        for unit, result, courses, retaken in self._graded_units():
            if result is None:
                cells = [_cell(f"{unit.name} ({_t('kind_bonus', lang)})", WIDTH, style="B")]
            else:
                cells = [_cell(result.name, widths[0], style="B")]
                verdicts = (result.session1, result.session2_held)[: columns - 1]
                for verdict, width in zip(verdicts, widths[1:], strict=True):
                    text, colour = self._verdict(verdict)
                    cells.append(_cell(text, width, style="B", colour=colour, align="C"))
            self.row(cells, fill=UNIT_FILL)
            for c in courses:
                texts = [
                    "   " + self.programme.course(c).name,
                    _grade(self.grades1, c, lang, self.figures),
                ]
                if has_s2:
                    texts.append(
                        _grade(self.grades2, c, lang, self.figures) if c in retaken else ""
                    )
                self.row(
                    [_cell(x, w, align=a) for x, w, a in zip(texts, widths, "LCC", strict=False)]
                )
            note = "\n".join(self._unit_notes(result))
            self.row([_cell(note, WIDTH, style="I", colour=MUTED, size=self.st.small)])

    def _grades_compact(self) -> None:
        """One bar per unit (name and verdicts), one paragraph of grades, one of explanations."""
        lang = self.lang
        size = self.st.table
        for unit, result, courses, retaken in self._graded_units():
            verdicts: list[Part] = []
            if result is None:
                name = f"{unit.name} ({_t('kind_bonus', lang)})"
            elif result.not_allowed:  # behind a prerequisite not met: neutral, not failed
                name = result.name
                verdicts = [("B", _t("not_yet_allowed", lang), INK)]
            else:
                name = result.name
                for key, verdict in (
                    ("session1", result.session1),
                    ("session2", result.session2_held),
                ):
                    if verdict is not None:
                        text, colour = self._verdict(verdict)
                        gap = "      " if verdicts else ""
                        verdicts += [("", gap + _t(key, lang) + colon(lang), MUTED)]
                        verdicts += [("B", text, colour)]
            self.pdf.set_font(FONT, "B", size)
            verdict_w = 2 * CELL_PAD_X + sum(
                self.width(printable(text)) for _, text, *_ in verdicts
            )
            self.pdf.ln(0.5)
            self.row(
                [
                    _cell(name, WIDTH - verdict_w, style="B"),
                    _Cell(tuple(verdicts), verdict_w, align="R"),
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
                    item += f" ({_t('s2_short', lang)}{colon(lang)}{s2})"
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
        word = {True: "validated", False: "failed", None: "pending"}[verdict.validated]
        return _t(word, self.lang), VERDICT_COLOURS[verdict.validated]

    def _unit_notes(self, result: UnitResult | None) -> list[str]:
        lang = self.lang
        if result is None:
            return [_t("bonus_unit", lang)]
        access = access_text(result, lang)
        if result.not_allowed:  # its grades do not count yet: only why
            return [_t("access", lang, text=access)]
        notes = [f"{_t('session1', lang)}{colon(lang)}{result.session1.explanation(lang)}"]
        if (held := result.session2_held) is not None:  # none for a unit without session 2
            notes.append(f"{_t('session2', lang)}{colon(lang)}{held.explanation(lang)}")
        if result.compensation is not None:
            notes.append(
                f"{_t('compensation_label', lang)}{colon(lang)}"
                f"{result.compensation.message.text(lang)}"
            )
        if result.code is not None:
            ects = sum_text(result.ects_acquired, result.ects_acquired_incomplete, lang)
            notes[-1] += " " + _t("code", lang, code=result.code, ects=ects)
        if (kept := courses_kept_text(result, lang)) is not None:  # "2 courses kept (6 ECTS)"
            detail = courses_kept_detail(self.evaluation.rules, result, lang)
            notes.append(f"{kept} — {detail}")
        if access is not None:  # waiting for its prerequisite, or AJAC
            notes.append(_t("access", lang, text=access))
        if result.final.status != "published":  # the rules section tags every assumption
            notes[-1] += " " + _t(f"verdict_{result.final.status}", lang)
        return notes

    def retakes(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        grades = self.grades1
        self.heading(_t("retakes", lang))
        anything = False
        for r in evaluation.units:
            if r.session2 is not None and not r.rule.session2:
                anything = True
                self.paragraph(
                    [("B", r.name + colon(lang)), ("", _t("no_session2", lang))], bullet=True
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
                label = _t(
                    f"retakes_if_{retake_short_of(self.programme, r.rule)}",
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
            self.paragraph([("", _t("no_retakes", lang))])

    def problems(self) -> None:
        if not self.evaluation.problems:
            return
        self.heading(_t("problems", self.lang))
        for problem in self.evaluation.problems:
            self.paragraph([("", problem_text(problem, self.lang))], bullet=True)

    def rules(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        scenario = evaluation.scenario
        # The rules as the verdicts applied them (planner.applied): maybe the student's own,
        # read as the format they were built in.
        programme = apply_parameters(
            self.programme, scenario.parameters, scenario.track, scenario.option
        )
        rules = programme.rules
        self.heading(_t("rules", lang))
        size = self.st.small + 0.5
        tag = self._tag
        # Rules the student chose replace the assumed ones: said once, as the page says it.
        chosen = any(r.rule.status == "chosen" for r in evaluation.units)
        status = "chosen" if chosen else rules.status
        self.paragraph(
            [("", _t(f"rules_{status}", lang) + " "), tag(status)], size=size, bullet=True
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
                _t("rule_session2_strict" if rule.strict else "rule_session2", lang, **params)
                if rule.session2
                else _t("rule_no_session2", lang)
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
                [("", _t("no_compensation_between", lang, units=names) + " "), tag("published")],
                size=size,
                bullet=True,
            )
        if not rules.groups:
            key = "compensation_others" if rules.no_compensation_published else "compensation"
            self.paragraph(
                [("", _t(key, lang) + " "), tag(rules.no_compensation_status)],
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
            parts: list[Part] = [("", _t(f"policy_{evaluation.policy}", lang) + " ")]
            if rules.session2.status == "chosen":
                parts.append(("B", f"[{_t('policy_changed', lang)}]"))
            else:
                parts.append(tag(rules.session2.status))
            self.paragraph(parts, size=size, bullet=True)
        scale = programme.grade_scale
        key = "scale" if scale.status == "published" else "scale_assumed"
        self.paragraph(
            [("", _t(key, lang, max=self.scale) + ". "), tag(scale.status, "m")],
            size=size,
            bullet=True,
        )
        self.pdf.ln(1.0)
        self.paragraph(
            [("B", _t("source", lang) + colon(lang)), ("I", programme.source.title)],
            size=size,
        )

    def _tag(self, status: str, gender: str = "f") -> Part:
        """'[published]' in grey, or '[assumed]' in bold amber so that it stands out."""
        text = _t(f"{status}_{gender}", self.lang)
        if status in ("assumed", "chosen"):
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
                            _t(
                                "bonus_none",
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
            text = _t(
                "bonus_formula",
                lang,
                bonus=sources,
                de_bonus=of(sources, lang),
                unit=r.name,
                rate=rate,
                threshold=number(r.rule.threshold, lang),
            )
            parts: list[Part] = [
                ("", text + " "),
                ("", _t("formula", lang) + " "),
                self._tag(bonus.status),
                ("", ", " + _t("rate", lang, rate=rate) + " "),
            ]
            if evaluation.scenario.parameters.bonus_rate not in (None, bonus.rate):
                default = number(bonus.rate, lang)
                parts.append(("B", f"[{_t('rate_changed', lang, rate=default)}]"))
            else:
                parts.append(self._tag(bonus.status, "m"))
            self.paragraph(parts, size=size, bullet=True)


def _render(
    programme: Programme, evaluation: Evaluation, lang: Lang, today: dt.date, style: _Style
) -> _Writer:
    writer = _Writer(programme, evaluation, lang, style)
    pdf = writer.pdf
    title = f"{_t('title', lang)} - {programme.name}"
    pdf.set_title(printable(title))
    pdf.set_subject(printable(_t("footer", lang)))
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


def summary_pdf(
    programme: Programme,
    evaluation: Evaluation,
    lang: Lang,
    today: dt.date,
    *,
    compress: bool = True,
) -> bytes:
    """The one-page A4 summary of `evaluation` (of `programme`) in `lang`, dated `today`.

    `compress=False` leaves the page's text streams readable (for tests without
    pdftotext)."""
    # The styles go from roomy to tight and each takes less room than the one before, so
    # a binary search finds the roomiest that fits (the tightest when none does).
    low, high = 0, len(_STYLES) - 1
    chosen: _Writer | None = None
    while low <= high:
        middle = (low + high) // 2
        writer = _render(programme, evaluation, lang, today, _STYLES[middle])
        if writer.fits():
            chosen, high = writer, middle - 1
        else:
            low = middle + 1
    if chosen is None:
        chosen = _render(programme, evaluation, lang, today, _STYLES[-1])
    writer = chosen
    writer.pdf.set_compression(compress)
    return bytes(writer.pdf.output())
