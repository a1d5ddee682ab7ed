"""The one-page A4 PDF summary of an evaluated plan, for a meeting with an advisor.

`summary_pdf(programme, evaluation, lang, today)` returns the PDF as bytes; nothing is
written to disk. What the page says is `sections` (one method per section); how it is laid
out on one page (font, wrapping, table rows, the styles tried until the page fits) is
`layout`.
"""

from __future__ import annotations

import datetime as dt

from planner.catalogue import Programme
from planner.evaluation import Evaluation
from planner.messages import Lang
from planner.outputs.report.layout import STYLES, printable
from planner.outputs.report.sections import Summary, render

__all__ = ["printable", "summary_pdf"]


def summary_pdf(
    programme: Programme,
    evaluation: Evaluation,
    lang: Lang,
    today: dt.date,
    *,
    compress: bool = True,
) -> bytes:
    """The one-page A4 summary of `evaluation` (of `programme`) in `lang`, dated `today`,
    in the roomiest of the layout's styles that fits the page.

    `compress=False` leaves the page's text streams readable (for tests without
    pdftotext)."""
    # The styles go from roomy to tight and each takes less room than the one before, so
    # a binary search finds the roomiest that fits (the tightest when none does).
    low, high = 0, len(STYLES) - 1
    chosen: Summary | None = None
    while low <= high:
        middle = (low + high) // 2
        writer = render(programme, evaluation, lang, today, STYLES[middle])
        if writer.fits():
            chosen, high = writer, middle - 1
        else:
            low = middle + 1
    if chosen is None:
        chosen = render(programme, evaluation, lang, today, STYLES[-1])
    writer = chosen
    writer.pdf.set_compression(compress)
    return bytes(writer.pdf.output())
