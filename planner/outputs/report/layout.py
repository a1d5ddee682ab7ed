"""The PDF page's layout engine: one A4 page, its font, colours and styles, and a writer
that wraps styled text itself and draws headings, paragraphs and table rows.

It knows nothing of programmes or verdicts (planner.outputs.report.sections draws the
summary with it). The page never grows a second page: a writer measures whether its
content fits (`Writer.fits`), and the summary tries the styles of `STYLES`, from roomy to
tight (smaller fonts and spacing, then one paragraph of grades per unit instead of one
table row per course), until one does. Text is wrapped here rather than by fpdf2, which is
several times faster and gives exact heights. Every text goes through `printable()`: a
character the embedded font has no glyph for becomes "?".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files

from fpdf import FPDF

# --- font -----------------------------------------------------------------------------

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
class Style:
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
STYLES = (
    Style(title=14, body=9, table=8.5, small=8, compact_grades=False, gap=3.2),
    Style(title=13, body=8.5, table=8, small=7.5, compact_grades=False, gap=2.6),
    Style(title=13, body=8.5, table=8, small=7.5, compact_grades=False, gap=2.2, pad=0.3),
    Style(title=12, body=8, table=7.5, small=7, compact_grades=False, gap=1.8, pad=0.3),
    Style(title=13, body=8.5, table=8, small=7.5, compact_grades=True, gap=2.6),
    Style(title=12, body=8, table=7.5, small=7, compact_grades=True, gap=2, pad=0.35),
    Style(title=12, body=7.5, table=7, small=6.5, compact_grades=True, gap=1.6, pad=0.3),
)


@dataclass(frozen=True)
class Cell:
    """A table cell: its text as styled parts, its width (mm) and alignment."""

    parts: tuple[Part, ...]
    width: float
    align: str = "L"
    size: float | None = None  # pt; the style's table size when None


def text_cell(
    text: str,
    width: float,
    style: str = "",
    colour: RGB = INK,
    align: str = "L",
    size: float | None = None,
) -> Cell:
    return Cell(((style, text, colour),), width, align, size)


Run = tuple[str, RGB, str]  # font style, colour, text: a piece of one line
CELL_PAD_X = 1.2  # mm left and right of a table cell's text


class Page(FPDF):
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


class Writer:
    """Draws on one page with one style.

    Text is wrapped here, word by word, rather than by fpdf2's `multi_cell`/`write`: it
    is several times faster and gives exact heights for table rows and boxes."""

    def __init__(self, style: Style, footer_text: str) -> None:
        self.st = style
        self.pdf = Page(footer_text)
        pdf = self.pdf
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        # Never a second page: overflow is measured instead (see `fits`).
        pdf.set_auto_page_break(False, margin=MARGIN + FOOTER_H)
        pdf.add_page()
        pdf.c_margin = 0  # runs of text are placed exactly where `wrap` measured them

    # text
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

    def row(self, cells: Sequence[Cell], fill: RGB | None = None, rule: bool = True) -> None:
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
            text_cell(text, width, style="B", colour=ACCENT, align=a)
            for text, width, a in zip(texts, widths, align, strict=True)
        ]
        self.row(cells, fill=HEAD_FILL)
