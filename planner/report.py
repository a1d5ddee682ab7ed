"""A one-page A4 PDF summary of an evaluated plan, for a meeting with an advisor.

`summary_pdf(programme, evaluation, lang, today)` returns the PDF as bytes; nothing is
written to disk. It uses fpdf2's core Helvetica font (no font file, so it runs on any
server); core fonts only know latin-1, so every text goes through `latin1()` first.
The page never grows a second page: when the content is too long, the layout is
compressed (one line of grades per unit, then smaller fonts) until it fits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.fonts import FontFace

from planner.catalogue import Programme, Unit, UnitRule
from planner.engine import SessionVerdict, UnitResult
from planner.evaluation import Evaluation, problem_text
from planner.messages import Lang, number
from planner.totals import Amount

# --- text -----------------------------------------------------------------------------

_REPLACEMENTS = {
    "≥": ">=",
    "≤": "<=",
    "–": "-",
    "—": "-",
    "−": "-",
    "→": "->",
    "…": "...",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "\u202f": " ",  # narrow no-break space (French typography)
    "\u2009": " ",  # thin space
    "•": "-",
}


def latin1(text: str) -> str:
    """Text the core PDF fonts can show: a few typographic signs spelled in ASCII, French
    accents and « » kept (they are latin-1), anything else replaced by "?"."""
    out = []
    for char in text:
        char = _REPLACEMENTS.get(char, char)
        out.append(char if all(ord(c) < 256 for c in char) else "?")
    return "".join(out)


_TEXTS: dict[str, dict[Lang, str]] = {
    "title": {
        "en": "M2 year planner — summary for an advisor meeting",
        "fr": "Planificateur d'année de M2 — synthèse pour un entretien pédagogique",
    },
    "academic_year": {"en": "Academic year {year}", "fr": "Année universitaire {year}"},
    "track": {"en": "Track", "fr": "Régime"},
    "option": {"en": "Option", "fr": "Option"},
    "prepared": {"en": "Prepared on {date}", "fr": "Établie le {date}"},
    "year_verdict": {"en": "Year verdict", "fr": "Verdict de l'année"},
    "validated": {"en": "Validated", "fr": "Validée"},
    "failed": {"en": "Not validated", "fr": "Non validée"},
    "pending": {"en": "Pending", "fr": "En attente"},
    "year_validated": {"en": "Validated", "fr": "Validée"},
    "year_failed": {"en": "Not validated", "fr": "Non validée"},
    "year_pending": {"en": "Not decided yet", "fr": "Pas encore décidée"},
    "plan": {"en": "Plan and workload", "fr": "Parcours et charge de travail"},
    "unit": {"en": "Unit (UE)", "fr": "UE"},
    "semester": {"en": "Sem.", "fr": "Sem."},
    "ects": {"en": "ECTS", "fr": "ECTS"},
    "cm": {"en": "CM (h)", "fr": "CM (h)"},
    "td": {"en": "TD (h)", "fr": "TD (h)"},
    "cm_short": {"en": "CM", "fr": "CM"},
    "td_short": {"en": "TD", "fr": "TD"},
    "total": {"en": "Total", "fr": "Total"},
    "kind_bonus": {"en": "bonus", "fr": "bonus"},
    "kind_activity": {"en": "not graded", "fr": "non notée"},
    "not_published": {"en": "not published", "fr": "non publié"},
    "chosen": {"en": "Chosen courses, {unit}", "fr": "Cours choisis, {unit}"},
    "none_chosen": {"en": "none yet", "fr": "aucun pour l'instant"},
    "legend_inferred": {
        "en": "* inferred from a published figure.",
        "fr": "* déduit d'un chiffre publié.",
    },
    "legend_partial": {
        "en": "+? part of the figures is not published and left out of the sum.",
        "fr": "+? une partie des chiffres n'est pas publiée et n'est pas comptée.",
    },
    "unpublished": {"en": "Figures not published", "fr": "Chiffres non publiés"},
    "grades": {"en": "Grades and verdicts", "fr": "Notes et verdicts"},
    "course": {"en": "Unit / course", "fr": "UE / cours"},
    "session1": {"en": "Session 1", "fr": "Session 1"},
    "session2": {"en": "Session 2", "fr": "Session 2"},
    "s2_short": {"en": "S2", "fr": "S2"},
    "absent": {"en": "absent", "fr": "absent"},
    "bonus_unit": {
        "en": "Bonus unit: counts only once session 1 is validated.",
        "fr": "UE bonus : ne compte qu'une fois la session 1 validée.",
    },
    "grades_legend": {
        "en": "Grades /{max}. — not known yet; absent: exam missed.",
        "fr": "Notes /{max}. — pas encore connue ; absent : épreuve manquée.",
    },
    "retakes": {
        "en": "Exams to retake in session 2",
        "fr": "Épreuves à repasser en session 2",
    },
    "no_retakes": {"en": "Nothing to retake.", "fr": "Rien à repasser."},
    "retakes_if_below": {
        "en": "Also retaken if the grade ends up below {threshold}",
        "fr": "À repasser aussi si la note finit sous {threshold}",
    },
    "problems": {"en": "To fix in the plan", "fr": "À corriger dans le parcours"},
    "rules": {"en": "Rules and assumptions applied", "fr": "Règles et hypothèses appliquées"},
    "rules_published": {
        "en": "Validation rules: published in the source document, except those marked "
        "assumed.",
        "fr": "Règles de validation : publiées dans le document source, sauf celles "
        "marquées supposées.",
    },
    "rules_assumed": {
        "en": "Validation rules: the source document publishes none; all the rules below are "
        "assumed.",
        "fr": "Règles de validation : le document source n'en publie aucune ; toutes les "
        "règles ci-dessous sont supposées.",
    },
    "rule_mean_of_all": {
        "en": "mean of all course grades ≥ {threshold}/{max}",
        "fr": "moyenne de toutes les notes ≥ {threshold}/{max}",
    },
    "rule_best_k_mean": {
        "en": "mean of the {k} best grades ≥ {threshold}/{max} (at least {k} grades)",
        "fr": "moyenne des {k} meilleures notes ≥ {threshold}/{max} (au moins {k} notes)",
    },
    "rule_single_grade": {
        "en": "grade ≥ {threshold}/{max}",
        "fr": "note ≥ {threshold}/{max}",
    },
    "rule_session2": {
        "en": "session 2 for the courses absent or below {threshold}",
        "fr": "session 2 pour les cours absents ou sous {threshold}",
    },
    "rule_no_session2": {"en": "no session 2", "fr": "pas de session 2"},
    "published_f": {"en": "published", "fr": "publiée"},
    "assumed_f": {"en": "assumed", "fr": "supposée"},
    "published_m": {"en": "published", "fr": "publié"},
    "assumed_m": {"en": "assumed", "fr": "supposé"},
    "compensation": {
        "en": "No compensation between units: each unit is validated on its own.",
        "fr": "Pas de compensation entre UE : chaque UE est validée seule.",
    },
    "bonus_formula": {
        "en": "Bonus of {bonus} to {unit}: {rate} × (mean of the {bonus} grades − {threshold}), "
        "when positive, added to the session-1 mean once it is validated; not in session 2.",
        "fr": "Bonus de {bonus} pour {unit} : {rate} × (moyenne des notes de {bonus} − "
        "{threshold}), si positif, ajouté à la moyenne de session 1 une fois validée ; pas en "
        "session 2.",
    },
    "bonus_none": {
        "en": "Bonus of {bonus} to {unit}: not counted (no formula).",
        "fr": "Bonus de {bonus} pour {unit} : non compté (aucune formule).",
    },
    "formula": {"en": "formula", "fr": "formule"},
    "rate": {"en": "rate {rate}", "fr": "taux {rate}"},
    "rate_changed": {
        "en": "set for this simulation (programme: {rate})",
        "fr": "choisi pour cette simulation (formation : {rate})",
    },
    "policy_replace": {
        "en": "Session 2: the session-2 grade replaces the session-1 grade of a retaken course.",
        "fr": "Session 2 : la note de session 2 remplace celle de session 1 pour un cours "
        "repassé.",
    },
    "policy_keep_best": {
        "en": "Session 2: the better of the session-1 and session-2 grades of a retaken course "
        "is kept.",
        "fr": "Session 2 : la meilleure des notes de session 1 et 2 d'un cours repassé est "
        "retenue.",
    },
    "policy_changed": {
        "en": "chosen for this simulation",
        "fr": "choisie pour cette simulation",
    },
    "scale": {"en": "Grade scale: /{max}", "fr": "Barème : /{max}"},
    "scale_assumed": {
        "en": "Grade scale: /{max} (not published)",
        "fr": "Barème : /{max} (non publié)",
    },
    "source": {"en": "Source", "fr": "Source"},
    "footer": {
        "en": "This summary is a simulation made with the M2 year planner from the rules and "
        "assumptions above. It is not an official result.",
        "fr": "Cette synthèse est une simulation faite avec le planificateur d'année de M2 à "
        "partir des règles et hypothèses ci-dessus. Ce n'est pas un résultat officiel.",
    },
}

_MONTHS: dict[Lang, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}


def _t(key: str, lang: Lang, **params: object) -> str:
    text = _TEXTS[key][lang]
    return text.format(**params) if params else text


def _colon(lang: Lang) -> str:
    return " : " if lang == "fr" else ": "


def long_date(day: dt.date, lang: Lang) -> str:
    """'2 September 2024' / '2 septembre 2024'."""
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def _figure(amount: Amount, lang: Lang) -> str:
    """'12', '20*' (inferred), '60 +?' (part not published) or 'not published'."""
    if amount.value is None:
        return _t("not_published", lang)
    mark = "*" if amount.status == "inferred" else ""
    partial = " +?" if amount.missing else ""
    return f"{number(amount.value, lang)}{mark}{partial}"


def _grade(grades: dict[str, float | None], course: str, lang: Lang) -> str:
    if course not in grades:
        return "—"
    grade = grades[course]
    return _t("absent", lang) if grade is None else number(grade, lang)


def _join(items: Sequence[str], lang: Lang) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" et " if lang == "fr" else " and ") + items[-1]


# --- layout ---------------------------------------------------------------------------

INK = (25, 25, 25)
MUTED = (85, 85, 85)
ACCENT = (22, 58, 112)
RULE = (175, 185, 200)
HEAD_FILL = (214, 224, 238)
UNIT_FILL = (236, 240, 246)
BOX_FILL = (244, 246, 250)
VERDICT_COLOURS = {True: (0, 115, 55), False: (175, 20, 20), None: (160, 95, 0)}

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 13.0
FOOTER_H = 11.0  # the footer's band above the bottom margin
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

    def line(self, size: float) -> float:
        return size * MM_PER_PT * 1.3


# From roomy to tight; the first one that fits on the page wins.
_STYLES = (
    _Style(title=14, body=9, table=8.5, small=8, compact_grades=False, gap=3.2),
    _Style(title=13, body=8.5, table=8, small=7.5, compact_grades=False, gap=2.6),
    _Style(title=13, body=8.5, table=8, small=7.5, compact_grades=True, gap=2.6),
    _Style(title=12, body=8, table=7.5, small=7, compact_grades=True, gap=2),
    _Style(title=12, body=7.5, table=7, small=6.5, compact_grades=True, gap=1.6),
)


class _Page(FPDF):
    """An A4 page whose every text is made latin-1 safe, with the disclaimer as footer."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(latin1(text))

    def footer(self) -> None:
        self.set_y(-(MARGIN + FOOTER_H) + 2.5)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, self.y, PAGE_W - MARGIN, self.y)
        self.ln(1.2)
        self.set_font("Helvetica", "I", 7.5)
        self.set_text_color(*MUTED)
        self.multi_cell(WIDTH, 3.4, self.footer_text, align="C")


class _Writer:
    """Draws the sections of the summary with one style."""

    def __init__(
        self, programme: Programme, evaluation: Evaluation, lang: Lang, style: _Style
    ) -> None:
        self.programme = programme
        self.evaluation = evaluation
        self.lang = lang
        self.st = style
        self.pdf = _Page(_t("footer", lang))
        pdf = self.pdf
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        # Never a second page: overflow is measured instead (see `fits`).
        pdf.set_auto_page_break(False, margin=MARGIN + FOOTER_H)
        pdf.add_page()
        pdf.set_text_color(*INK)

    # helpers
    @property
    def scale(self) -> str:
        return number(self.programme.grade_scale.max, self.lang)

    def font(self, size: float, style: str = "", colour: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.set_text_color(*colour)

    def fits(self) -> bool:
        return self.pdf.page_no() == 1 and self.pdf.get_y() <= PAGE_H - MARGIN - FOOTER_H

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(self.st.gap)
        self.font(self.st.body + 1.5, "B", ACCENT)
        pdf.cell(WIDTH, self.st.line(self.st.body + 1.5), text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, pdf.get_y() + 0.3, PAGE_W - MARGIN, pdf.get_y() + 0.3)
        pdf.ln(1.3)
        self.font(self.st.body)

    def paragraph(
        self,
        parts: Sequence[tuple[str, str] | tuple[str, str, tuple[int, int, int]]],
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
        pdf.set_left_margin(left)
        pdf.set_x(left)
        for part in parts:
            colour = part[2] if len(part) == 3 else INK  # type: ignore[misc]
            self.font(size, part[0], colour)
            pdf.write(height, part[1])
        pdf.ln(height)
        pdf.set_left_margin(MARGIN)
        pdf.set_x(MARGIN)
        self.font(self.st.body)

    @contextmanager
    def table(
        self, widths: Sequence[float], align: Sequence[str], size: float
    ) -> Iterator[object]:
        pdf = self.pdf
        self.font(size)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.15)
        with pdf.table(
            col_widths=tuple(widths),
            width=WIDTH,
            text_align=tuple(align),
            line_height=self.st.line(size),
            padding=(0.45, 1.2),
            borders_layout="HORIZONTAL_LINES",
            headings_style=FontFace(emphasis="B", color=ACCENT, fill_color=HEAD_FILL),
            v_align="MIDDLE",
        ) as table:
            yield table
        self.font(self.st.body)

    # sections
    def header(self, today: dt.date) -> None:
        pdf, lang, programme = self.pdf, self.lang, self.programme
        scenario = self.evaluation.scenario
        self.font(self.st.title, "B", ACCENT)
        pdf.multi_cell(WIDTH, self.st.line(self.st.title), _t("title", lang), align="L")
        pdf.ln(0.6)
        name = programme.name + (f" ({programme.institution})" if programme.institution else "")
        self.font(self.st.body + 2.5, "B")
        pdf.multi_cell(WIDTH, self.st.line(self.st.body + 2.5), name, align="L")
        meta: list[tuple[str, str]] = [
            ("", _t("academic_year", lang, year=programme.academic_year))
        ]
        for key, ident, items in (
            ("track", scenario.track, programme.tracks),
            ("option", scenario.option, programme.options),
        ):
            chosen = next((i.name for i in items if i.id == ident), None)
            if chosen:
                meta += [("", "   ·   "), ("B", _t(key, lang) + _colon(lang)), ("", chosen)]
        meta += [("", "   ·   "), ("", _t("prepared", lang, date=long_date(today, lang)))]
        self.paragraph(meta, size=self.st.body)
        self.year_box()

    def year_box(self) -> None:
        pdf, lang, year = self.pdf, self.lang, self.evaluation.year
        pdf.ln(1.5)
        word = {True: "year_validated", False: "year_failed", None: "year_pending"}
        size = self.st.body + 0.5
        height = self.st.line(size)
        top = pdf.get_y()
        pdf.set_fill_color(*BOX_FILL)
        text_w = WIDTH - 4
        label = f"{_t('year_verdict', lang)}{_colon(lang)}{_t(word[year.validated], lang)}"
        self.font(size, "B", VERDICT_COLOURS[year.validated])
        lines = pdf.multi_cell(
            text_w, height, year.message.text(lang), dry_run=True, output="LINES"
        )
        box_h = height * (1 + len(lines)) + 2.4  # type: ignore[arg-type]
        pdf.set_draw_color(*VERDICT_COLOURS[year.validated])
        pdf.set_line_width(0.5)
        pdf.rect(MARGIN, top, WIDTH, box_h, style="DF")
        pdf.set_xy(MARGIN + 2, top + 1.2)
        pdf.cell(text_w, height, label, new_x="LMARGIN", new_y="NEXT")
        self.font(size, "", INK)
        pdf.set_x(MARGIN + 2)
        pdf.multi_cell(text_w, height, year.message.text(lang), align="L")
        pdf.set_y(top + box_h)
        self.font(self.st.body)

    def plan(self) -> None:
        lang, totals, programme = self.lang, self.evaluation.totals, self.programme
        self.heading(_t("plan", lang))
        size = self.st.table
        bold = FontFace(emphasis="B")
        with self.table((98, 16, 24, 24, 24), ("L", "C", "R", "R", "R"), size) as table:
            table.row([_t(k, lang) for k in ("unit", "semester", "ects", "cm", "td")])  # type: ignore[attr-defined]
            for u in totals.units:
                name = u.name
                if u.kind != "graded":
                    name += f" ({_t('kind_' + u.kind, lang)})"
                table.row(  # type: ignore[attr-defined]
                    [
                        name,
                        u.semester or "",
                        _figure(u.ects, lang),
                        _figure(u.lecture_hours, lang),
                        _figure(u.tutorial_hours, lang),
                    ]
                )
            row = table.row()  # type: ignore[attr-defined]
            row.cell(_t("total", lang), style=bold, colspan=2)
            for amount in (totals.ects, totals.lecture_hours, totals.tutorial_hours):
                row.cell(_figure(amount, lang), style=bold)
        self.pdf.ln(1.2)
        scenario = self.evaluation.scenario
        for unit in self._units():
            if unit.choose is None:
                continue
            names = [programme.course(c).name for c in unit.courses if c in scenario.choices]
            self.paragraph(
                [
                    ("B", _t("chosen", lang, unit=unit.name) + _colon(lang)),
                    ("", "; ".join(names) if names else _t("none_chosen", lang)),
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
            parts += [("BI", _t("unpublished", lang) + _colon(lang)), ("I", "; ".join(missing))]
            parts[-1] = ("I", parts[-1][1] + ".")
        if legend or missing:
            self.paragraph(
                [(s, x, MUTED) for s, x in parts if x],
                size=self.st.small,
            )

    def _units(self) -> tuple[Unit, ...]:
        s = self.evaluation.scenario
        return self.programme.units_for(s.track, s.option)

    def grades(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        scenario = evaluation.scenario
        results = {r.unit: r for r in evaluation.units}
        has_s2 = any(r.session2 is not None for r in evaluation.units)
        self.heading(_t("grades", lang))
        size = self.st.table
        widths: tuple[float, ...] = (WIDTH - 56, 28, 28) if has_s2 else (WIDTH - 28, 28)
        columns = len(widths)
        unit_style = FontFace(emphasis="B", fill_color=UNIT_FILL)
        note_style = FontFace(emphasis="I", color=MUTED, size_pt=self.st.small)
        align = ("L", "C", "C")[:columns]
        with self.table(widths, align, size) as table:
            head = [
                _t("course", lang),
                f"{_t('session1', lang)} (/{self.scale})",
                f"{_t('session2', lang)} (/{self.scale})",
            ]
            table.row(head[:columns])  # type: ignore[attr-defined]
            for unit in self._units():
                if unit.kind == "activity":
                    continue
                result = results.get(unit.id)
                row = table.row()  # type: ignore[attr-defined]
                if result is None:  # a bonus unit
                    row.cell(f"{unit.name} ({_t('kind_bonus', lang)})", style=unit_style)
                    for _ in range(columns - 1):
                        row.cell("", style=unit_style)
                    courses: tuple[str, ...] = unit.courses
                    retaken: set[str] = set()
                else:
                    row.cell(result.name, style=unit_style)
                    verdicts = [result.session1, result.session2][: columns - 1]
                    for verdict in verdicts:
                        row.cell(*self._verdict_cell(verdict, unit_style))
                    courses = result.enrolled
                    retaken = set(result.retakes) | set(result.retakes_if_below)
                    if result.session2 is None:
                        retaken = set()
                if self.st.compact_grades:
                    items = []
                    for c in courses:
                        item = f"{self.programme.course(c).name}: {_grade(scenario.grades, c, lang)}"
                        if c in retaken:
                            s2 = _grade(scenario.session2_grades, c, lang)
                            item += f" / {_t('s2_short', lang)}: {s2}"
                        items.append(item)
                    if items:
                        row = table.row()  # type: ignore[attr-defined]
                        row.cell("  " + "  ·  ".join(items), colspan=columns)
                else:
                    for c in courses:
                        cells = ["   " + self.programme.course(c).name]
                        cells.append(_grade(scenario.grades, c, lang))
                        if has_s2:
                            cells.append(
                                _grade(scenario.session2_grades, c, lang) if c in retaken else ""
                            )
                        table.row(cells)  # type: ignore[attr-defined]
                notes = self._unit_notes(result)
                for note in notes:
                    row = table.row()  # type: ignore[attr-defined]
                    row.cell(note, colspan=columns, style=note_style, align="L")
        self.pdf.ln(0.8)
        self.paragraph(
            [("I", _t("grades_legend", lang, max=self.scale), MUTED)], size=self.st.small
        )

    def _verdict_cell(
        self, verdict: SessionVerdict | None, base: FontFace
    ) -> tuple[str, str, None, FontFace]:
        if verdict is None:
            return "", "C", None, base
        word = {True: "validated", False: "failed", None: "pending"}[verdict.validated]
        style = FontFace(
            emphasis="B", color=VERDICT_COLOURS[verdict.validated], fill_color=UNIT_FILL
        )
        return _t(word, self.lang), "C", None, style

    def _unit_notes(self, result: UnitResult | None) -> list[str]:
        lang = self.lang
        if result is None:
            return [_t("bonus_unit", lang)]
        notes = [f"{_t('session1', lang)}{_colon(lang)}{result.session1.explanation(lang)}"]
        if result.session2 is not None:
            notes.append(f"{_t('session2', lang)}{_colon(lang)}{result.session2.explanation(lang)}")
        return notes

    def retakes(self) -> None:
        lang, evaluation = self.lang, self.evaluation
        grades = evaluation.scenario.grades
        self.heading(_t("retakes", lang))
        anything = False
        for r in evaluation.units:
            if r.retakes:
                anything = True
                names = [
                    f"{self.programme.course(c).name} ({_grade(grades, c, lang)})"
                    for c in r.retakes
                ]
                self.paragraph(
                    [("B", r.name + _colon(lang)), ("", "; ".join(names) + ".")], bullet=True
                )
            if r.retakes_if_below:
                anything = True
                label = _t("retakes_if_below", lang, threshold=number(r.rule.threshold, lang))
                names = [self.programme.course(c).name for c in r.retakes_if_below]
                self.paragraph(
                    [
                        ("B", r.name + _colon(lang)),
                        ("", label + _colon(lang) + "; ".join(names) + "."),
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
        lang, programme, evaluation = self.lang, self.programme, self.evaluation
        rules = programme.rules
        self.heading(_t("rules", lang))
        size = self.st.small + 0.5

        def tag(status: str, gender: str = "f") -> tuple[str, str, tuple[int, int, int]]:
            text = _t(f"{status}_{gender}", lang)
            if status == "assumed":
                return ("B", f"[{text}]", VERDICT_COLOURS[None])
            return ("", f"[{text}]", MUTED)

        self.paragraph(
            [("", _t(f"rules_{rules.status}", lang) + " "), tag(rules.status)],
            size=size,
            bullet=True,
        )
        # Units with the same rule are listed together.
        groups: dict[tuple[object, ...], list[UnitRule | str]] = {}
        for r in evaluation.units:
            rule = r.rule
            key = (rule.kind, rule.threshold, rule.k, rule.session2, rule.status)
            groups.setdefault(key, [rule]).append(r.name)
        for members in groups.values():
            rule = members[0]
            assert isinstance(rule, UnitRule)
            names = [str(m) for m in members[1:]]
            params = {
                "threshold": number(rule.threshold, lang),
                "max": self.scale,
                "k": rule.k or 0,
            }
            text = _t(f"rule_{rule.kind}", lang, **params) + "; "
            text += (
                _t("rule_session2", lang, **params)
                if rule.session2
                else _t("rule_no_session2", lang)
            )
            self.paragraph(
                [("B", _join(names, lang) + _colon(lang)), ("", text + ". "), tag(rule.status)],
                size=size,
                bullet=True,
            )
        self.paragraph(
            [("", _t("compensation", lang) + " "), tag(rules.status)], size=size, bullet=True
        )
        self.bonus(size, tag)
        if any(r.rule.session2 for r in evaluation.units):
            parts = [("", _t(f"policy_{evaluation.policy}", lang) + " ")]
            if evaluation.scenario.parameters.session2_policy not in (None, rules.session2.policy):
                parts.append(("B", f"[{_t('policy_changed', lang)}]"))
            else:
                parts.append(tag(rules.session2.status))  # type: ignore[arg-type]
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
            [("B", _t("source", lang) + _colon(lang)), ("I", programme.source.title)],
            size=size,
        )

    def bonus(self, size: float, tag: object) -> None:
        lang, programme, evaluation = self.lang, self.programme, self.evaluation
        bonus = programme.rules.bonus
        for r in evaluation.units:
            if not r.rule.bonus_from:
                continue
            sources = _join([programme.unit(u).name for u in r.rule.bonus_from], lang)
            rate = number(evaluation.bonus_rate, lang)
            if bonus.formula == "none":
                self.paragraph(
                    [("", _t("bonus_none", lang, bonus=sources, unit=r.name) + " ")],
                    size=size,
                    bullet=True,
                )
                continue
            text = _t(
                "bonus_formula",
                lang,
                bonus=sources,
                unit=r.name,
                rate=rate,
                threshold=number(r.rule.threshold, lang),
            )
            parts: list[tuple[str, str] | tuple[str, str, tuple[int, int, int]]] = [
                ("", text + " "),
                ("", _t("formula", lang) + " "),
                tag(bonus.status),  # type: ignore[operator]
                ("", ", " + _t("rate", lang, rate=rate) + " "),
            ]
            if evaluation.scenario.parameters.bonus_rate not in (None, bonus.rate):
                default = number(bonus.rate, lang)
                parts.append(("B", f"[{_t('rate_changed', lang, rate=default)}]"))
            else:
                parts.append(tag(bonus.status, "m"))  # type: ignore[operator]
            self.paragraph(parts, size=size, bullet=True)


def _render(
    programme: Programme, evaluation: Evaluation, lang: Lang, today: dt.date, style: _Style
) -> _Writer:
    writer = _Writer(programme, evaluation, lang, style)
    pdf = writer.pdf
    title = f"{_t('title', lang)} - {programme.name}"
    pdf.set_title(latin1(title))
    pdf.set_subject(latin1(_t("footer", lang)))
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
    writer: _Writer | None = None
    for style in _STYLES:
        writer = _render(programme, evaluation, lang, today, style)
        if writer.fits():
            break
    assert writer is not None
    writer.pdf.set_compression(compress)
    return bytes(writer.pdf.output())
