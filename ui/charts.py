"""Plotly figures built from the engine's results (graph_objects: lighter than express),
each with the sentence that says it to a screen reader, and the one way to draw them.

Every figure is laid out for about 340 px of width: what a phone gives it, and what half
of the Plan page gives it at 1400 px. So labels stay horizontal and are broken over lines
on spaces, legends go below the plot, and each height is counted from the rows and lines
drawn. Names come from the programme files, and plotly reads a few HTML tags in any
label: each name is escaped (`label`) before it reaches a figure.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import streamlit as st

from planner.catalogue import Event, Programme, in_language
from planner.compare import OptionComparison, Span, short_name
from planner.messages import Lang, number
from planner.texts import month_name, percent, short_date
from planner.totals import Totals
from ui import present
from ui.i18n import colon, semicolon, t

if TYPE_CHECKING:  # numpy, through planner.odds: not on the first page
    from streamlit.delta_generator import DeltaGenerator

    from planner.odds import Odds


@dataclass(frozen=True)
class Chart:
    """A figure, as plotly's JSON (what st.cache_data keeps and st.plotly_chart draws),
    and the sentence that says what it shows, in the app's language."""

    figure: dict[str, object]
    alt: str


# No toolbar: on a phone it covered the title, and nothing in it is needed (a zoom or a
# pan, with the axes fixed, would only move the labels out of the box).
CONFIG = {"displayModeBar": False}


def show(chart: Chart, key: str, where: DeltaGenerator | None = None) -> None:
    """Draw `chart` (in `where`, a column, or the page), named by its sentence for
    screen readers."""
    draw = st.plotly_chart if where is None else where.plotly_chart
    draw(chart.figure, key=key, config=CONFIG, alt=chart.alt)


# --- sizes, in pixels at the theme's font, for a width of about 340 px -------------------
AXIS_CHARS = 24  # an axis label's line: the plot keeps about 200 px beside it
LEGEND_CHARS = 34  # a legend entry's line, beside its swatch
TITLE_CHARS = 36  # the title's one line (bold, larger): plotly misplaces a title of two
HOVER_CHARS = 44
LINE_PX = 19  # a line of a label or a legend entry
BAR_PX = 22  # a bar's thickness
TITLE_LINE_PX = 24
TICKS_PX = 30  # the x axis's tick labels, one line
AXIS_TITLE_PX = 22
# Plotly lays a horizontal legend out within the plot's width, not the figure's: beside
# axis labels, about 190 px on a phone.
PLOT_WIDTH_PX = 190
WIDE_PLOT_WIDTH_PX = 320  # a plot without axis labels
CHAR_PX = 7.5  # a character of a legend entry, on average, with some room
SWATCH_PX = 45  # a legend entry's swatch and the gaps around it

CM_COLOUR = "#1f5fa8"
TD_COLOUR = "#9ec2ea"  # light: the TD of the same unit, with dark text on it
DARK_TEXT = "#1c1c28"
NOTE_TEXT = "#595959"  # 7:1 on white
# Streamlit's theme styles the charts in the browser, so plotly's default template (a few
# kB of colour scales, validated again by st.plotly_chart) is dead weight on every rerun:
# the figures carry the empty "none" template instead.
BARE = {"template": "none"}


def new_figure(*traces: go.BaseTraceType) -> go.Figure:
    return go.Figure(data=list(traces), layout=BARE)


def label(text: str, width: int) -> str:
    """`text` as plotly draws it: `<`, `>` and `&` escaped, so that a name is never markup,
    and broken on spaces into lines of at most `width` characters."""
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def line_count(text: str) -> int:
    return text.count("<br>") + 1


def legend_lines(names: Sequence[str], plot_px: int) -> int:
    """How many lines a horizontal legend of `names` takes, as plotly lays it out: one
    row if all fit the plot's width, else a grid of columns as wide as the widest entry."""
    widths = [SWATCH_PX + CHAR_PX * max(len(line) for line in n.split("<br>")) for n in names]
    if sum(widths) <= plot_px:
        return max(line_count(n) for n in names)
    across = max(1, int(plot_px // max(widths)))
    rows = [names[i : i + across] for i in range(0, len(names), across)]
    return sum(max(line_count(n) for n in row) for row in rows)


def framed(
    fig: go.Figure,
    title: str,
    plot_px: float,
    below_px: float,
    legend: Sequence[str],
    plot_width_px: int = PLOT_WIDTH_PX,
) -> None:
    """The title (if any) above, wrapped; the plot `plot_px` high; `below_px` for the x
    axis under it; then the legend's rows, across the figure's whole width. Axes fixed:
    a stray drag on a phone zooms nothing."""
    top = 16 + TITLE_LINE_PX if title else 12
    legend_px = (LINE_PX + 4) * legend_lines(legend, plot_width_px) if legend else 0
    fig.update_layout(
        title={
            "text": html.escape(title, quote=False),
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 8},
        },
        height=math.ceil(top + plot_px + below_px + legend_px),
        # Plotly adds the legend's height to the bottom margin (its `y` is the figure's).
        margin={"l": 10, "r": 16, "t": top, "b": below_px, "pad": 2},
        dragmode=False,
        showlegend=bool(legend),
        legend={
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "maxheight": 1,  # all of it, never a scrolled half (plotly's default)
            "traceorder": "normal",
            # The legend explains; a click on it hiding a segment would leave the
            # sentence for screen readers saying something else.
            "itemclick": False,
            "itemdoubleclick": False,
        },
        # A label that does not fit its segment is hidden, not shrunk to a speck: its
        # figure is in the legend or beside the axis too.
        uniformtext={"minsize": 11, "mode": "hide"},
        hoverlabel={"namelength": -1},
    )
    fig.update_xaxes(fixedrange=True, automargin=True)
    fig.update_yaxes(fixedrange=True, automargin=True)


def rows_axis(rows: Sequence[str], ticks: Sequence[str]) -> dict[str, object]:
    """A horizontal chart's rows, top to bottom in the order given, keyed by `rows` (ids)
    and labelled by `ticks`."""
    return {
        "autorange": "reversed",
        "categoryorder": "array",
        "categoryarray": list(rows),
        "tickvals": list(rows),
        "ticktext": list(ticks),
    }


def row_pitch(ticks: Sequence[str], bars: int = 1) -> tuple[int, float]:
    """A row's height in pixels, and plotly's bargap that keeps each of its `bars` (side
    by side) BAR_PX thick. Two neighbouring labels share the room between their rows:
    each half of the two must fit it (a label of three lines beside one of one line
    takes two rows' worth, not three)."""
    lines = [line_count(tick) for tick in ticks] or [1]
    shared = [(above + below) / 2 for above, below in pairwise(lines)]
    pitch = max(bars * BAR_PX + 12, math.ceil(6 + LINE_PX * max(shared or lines)))
    return pitch, 1 - bars * BAR_PX / pitch


def hover(text: str) -> str:
    return label(text, HOVER_CHARS)


# --- the Plan page -------------------------------------------------------------------------
def hours_by_unit(totals: Totals, lang: Lang) -> Chart:
    """Stacked CM/TD bars per unit; a unit whose hours are not published gets a label,
    never a zero bar."""
    units = [u for u in totals.units if u.kind == "graded"]
    names = [u.name for u in units]
    rows = [u.unit for u in units]
    ticks = [
        label(f"{u.name} ({u.unit})" if names.count(u.name) > 1 else u.name, AXIS_CHARS)
        for u in units
    ]
    fig = new_figure()
    for field, colour, text_colour, kind in (
        ("lecture_hours", CM_COLOUR, "white", "CM"),
        ("tutorial_hours", TD_COLOUR, DARK_TEXT, "TD"),
    ):
        amounts = [getattr(u, field) for u in units]
        shown = [present.figure(a, lang) for a in amounts]
        fig.add_bar(
            y=rows,
            x=[a.value if a.value is not None else 0 for a in amounts],
            name=kind,
            orientation="h",
            marker_color=colour,
            text=shown,
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            insidetextfont={"color": text_colour},
            hovertext=[
                hover(f"{u.name}{colon(lang)}{kind} {s}") for u, s in zip(units, shown, strict=True)
            ],
            hoverinfo="text",
        )
    for row, unit in zip(rows, units, strict=True):
        if unit.lecture_hours.value is None and unit.tutorial_hours.value is None:
            # A zero-length bar would read as 0 h: say it in words at the axis.
            fig.add_annotation(
                x=0,
                y=row,
                text=t("not_published", lang),
                showarrow=False,
                xanchor="left",
                font={"color": NOTE_TEXT},
            )
    widest = max(
        ((u.lecture_hours.value or 0) + (u.tutorial_hours.value or 0) for u in units), default=0
    )
    pitch, gap = row_pitch(ticks)
    fig.update_layout(
        barmode="stack",
        bargap=gap,
        xaxis={"title": t("hours", lang), "range": [0, 1.05 * widest] if widest else None},
        yaxis={"autorange": "reversed", "tickvals": rows, "ticktext": ticks},
    )
    framed(
        fig,
        t("chart_hours", lang),
        plot_px=pitch * len(rows),
        below_px=TICKS_PX + AXIS_TITLE_PX,
        legend=["CM", "TD"],
    )
    parts = [
        f"{u.name}{colon(lang)}{t('fig_cm', lang, amount=present.figure(u.lecture_hours, lang))}"
        f", {t('fig_td', lang, amount=present.figure(u.tutorial_hours, lang))}"
        for u in units
    ]
    return Chart(fig.to_dict(), t("chart_hours_alt", lang, units=semicolon(lang).join(parts)))


def ects_of_year(totals: Totals, year_total: float | None, lang: Lang) -> Chart:
    """The units' ECTS stacked against the year's total (60): each segment in the legend,
    with its name and figure; its figure on it too when it fits."""
    fig = new_figure()
    legend: list[str] = []
    parts: list[str] = []

    def segment(value: float, name: str, amount: str, **style: object) -> None:
        legend.append(label(f"{name} · {amount}", LEGEND_CHARS))
        parts.append(f"{name} ({amount})")
        fig.add_bar(
            x=[value],
            y=[0],
            name=legend[-1],
            orientation="h",
            text=[html.escape(amount, quote=False)],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            hovertext=[hover(f"{name}{colon(lang)}{amount} ECTS")],
            hoverinfo="text",
            **style,
        )

    for u in totals.units:
        if u.ects.value is not None:
            segment(u.ects.value, u.name, present.figure(u.ects, lang))
    counted = totals.ects.value or 0
    if year_total and counted < year_total:
        segment(
            year_total - counted,
            t("remaining", lang),
            number(year_total - counted, lang),
            marker={"color": "rgba(0,0,0,0)", "line": {"color": "#767676", "width": 1}},
            insidetextfont={"color": DARK_TEXT},
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"range": [0, max(year_total or 0, counted)]},
        yaxis={"showticklabels": False},
    )
    framed(
        fig,
        t("chart_ects", lang),
        plot_px=56,
        below_px=TICKS_PX,
        legend=legend,
        plot_width_px=WIDE_PLOT_WIDTH_PX,
    )
    return Chart(fig.to_dict(), t("chart_ects_alt", lang, units=semicolon(lang).join(parts)))


# --- the Calendar page ---------------------------------------------------------------------
KIND_COLOURS = {
    "teaching": "#1f5fa8",
    "exams": "#c0392b",
    "internship": "#27ae60",
    "event": "#8e44ad",
    "milestone": "#e67e22",
}
MONTHS_PER_TICK = {False: 1, True: 3}  # a phone has room for a tick every quarter


def _how_sure(event: Event, lang: Lang) -> str:
    """An event's note, after « inferred » for inferred dates. Not the rule that infers them:
    a hover label does not wrap; the page lists it under the chart."""
    note = in_language(event.note, lang) or ""
    if event.status != "inferred":
        return note
    return f"{t('inferred', lang)}{colon(lang)}{note}" if note else t("inferred", lang)


def timeline(programme: Programme, track: str | None, lang: Lang, narrow: bool) -> Chart | None:
    """The dated calendar events as a Gantt chart; an open end is drawn to the last date.
    Rows are keyed by the events' ids and labelled through the ticks."""
    events = [
        e for e in programme.calendar if e.start is not None and (not e.tracks or track in e.tracks)
    ]
    if not events:
        return None
    last = max(d for e in events for d in (e.start, e.end) if d is not None)
    fig = new_figure()
    legend: list[str] = []
    for kind in KIND_COLOURS:
        group = [e for e in events if e.kind == kind]
        if not group:
            continue
        starts = [e.start for e in group]
        ends = [
            (e.end or max(last, e.start + dt.timedelta(days=30))) + dt.timedelta(days=1)
            for e in group
        ]
        legend.append(t(f"kind_{kind}", lang))
        fig.add_bar(
            y=[e.id for e in group],
            x=[(end - start).days * 86_400_000 for start, end in zip(starts, ends, strict=True)],
            base=[s.isoformat() for s in starts],
            orientation="h",
            name=legend[-1],
            marker_color=KIND_COLOURS[kind],
            customdata=[
                [
                    short_date(s, lang),
                    short_date(e.end, lang) if e.end else t("open_ended", lang),
                    html.escape(_how_sure(e, lang), quote=False),
                    label(e.name, HOVER_CHARS),
                ]
                for s, e in zip(starts, group, strict=True)
            ],
            hovertemplate="%{customdata[3]}<br>%{customdata[0]} → %{customdata[1]}"
            "<br>%{customdata[2]}<extra></extra>",
        )
    # Month ticks in the app's language (plotly's own are English whatever the page),
    # the year under each month.
    first = min(e.start for e in events)
    end = max(last, *(e.start + dt.timedelta(days=30) for e in events))
    months = []
    day = first.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    months = months[:: MONTHS_PER_TICK[narrow]]
    rows = [e.id for e in events]
    ticks = [label(e.name, AXIS_CHARS) for e in events]
    fig.update_layout(
        xaxis={
            "type": "date",
            "tickvals": [m.isoformat() for m in months],
            "ticktext": [f"{month_name(m, lang)}<br>{m.year}" for m in months],
            "tickangle": 0,
        },
        yaxis=rows_axis(rows, ticks),
    )
    pitch, gap = row_pitch(ticks)
    fig.update_layout(barmode="overlay", bargap=gap)
    framed(fig, "", plot_px=pitch * len(rows), below_px=TICKS_PX + LINE_PX, legend=legend)
    parts = [
        f"{e.name}{colon(lang)}{short_date(e.start, lang)} – "
        + (short_date(e.end, lang) if e.end else t("open_ended", lang))
        for e in events
        if e.start is not None
    ]
    return Chart(fig.to_dict(), t("timeline_alt", lang, events=semicolon(lang).join(parts)))


# --- the Compare page ----------------------------------------------------------------------
# One colour per option or track compared: dark for its CM (white text on it), light for
# its TD (dark text on it), so that CM and TD stay apart without a pattern under the text.
OPTION_COLOURS = (
    ("#1f5fa8", "#a9c8ec"),
    ("#b1361e", "#f2b8a8"),
    ("#1e7b45", "#a6dcb9"),
    ("#6c3c8f", "#d4bde6"),
)


def _span_text(span: Span, lang: Lang) -> str:
    if span.low is None or span.high is None:
        return t("hours_not_published", lang)
    shown = number(span.high, lang)
    if span.low != span.high:
        shown = f"{number(span.low, lang)}–{shown}"
    return shown + present.inferred_mark(span.status)


def compare_hours(columns: list[tuple[str, OptionComparison]], lang: Lang) -> Chart:
    """Hours per unit, one bar per compared option or track (its TD after its CM), the
    units as rows. A range of hours (over the valid choices) is drawn to its top."""
    fig = new_figure()
    with_hours = list(
        dict.fromkeys(
            n
            for _, column in columns
            for n, unit in column.units.items()
            if unit.lecture_hours.high is not None or unit.tutorial_hours.high is not None
        )
    )
    row_of = {name: f"unit{index}" for index, name in enumerate(with_hours)}
    legend: list[str] = []
    widest = 0.0
    for index, (option, column) in enumerate(columns):
        names = [n for n in column.units if n in with_hours]
        dark, light = OPTION_COLOURS[index % len(OPTION_COLOURS)]
        lectures = [column.units[n].lecture_hours for n in names]
        for field, colour, text_colour, kind in (
            ("lecture_hours", dark, "white", "CM"),
            ("tutorial_hours", light, DARK_TEXT, "TD"),
        ):
            spans: list[Span] = [getattr(column.units[n], field) for n in names]
            shown = [_span_text(s, lang) for s in spans]
            legend.append(label(f"{short_name(option)} · {kind}", LEGEND_CHARS))
            fig.add_bar(
                y=[row_of[n] for n in names],
                x=[s.high or 0 for s in spans],
                base=[s.high or 0 for s in lectures] if kind == "TD" else None,
                name=legend[-1],
                orientation="h",
                offsetgroup=str(index),
                marker_color=colour,
                text=shown,
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                insidetextfont={"color": text_colour},
                hovertext=[
                    hover(f"{n}{colon(lang)}{option} · {kind} {s}")
                    for n, s in zip(names, shown, strict=True)
                ],
                hoverinfo="text",
            )
        for lecture, n in zip(lectures, names, strict=True):
            tutorial = column.units[n].tutorial_hours
            widest = max(widest, (lecture.high or 0) + (tutorial.high or 0))
    ticks = [label(n, AXIS_CHARS) for n in with_hours]
    band, gap = row_pitch(ticks, len(columns))
    fig.update_layout(
        barmode="group",
        bargap=gap,
        bargroupgap=0.08,
        xaxis={"title": t("hours", lang), "range": [0, 1.08 * widest] if widest else None},
        yaxis={
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": list(row_of.values()),
            "tickvals": list(row_of.values()),
            "ticktext": ticks,
        },
    )
    framed(
        fig,
        t("chart_hours", lang),
        plot_px=band * len(with_hours),
        below_px=TICKS_PX + AXIS_TITLE_PX,
        legend=legend,
    )
    parts = []
    for name in with_hours:
        figures = [
            f"{short_name(option)} "
            f"{t('fig_cm', lang, amount=_span_text(column.units[name].lecture_hours, lang))}"
            f", {t('fig_td', lang, amount=_span_text(column.units[name].tutorial_hours, lang))}"
            for option, column in columns
            if name in column.units
        ]
        parts.append(f"{name}{colon(lang)}{', '.join(figures)}")
    return Chart(fig.to_dict(), t("compare_hours_alt", lang, units=semicolon(lang).join(parts)))


# --- the Odds page -------------------------------------------------------------------------
ODDS_SESSION1_COLOUR = "#27ae60"
ODDS_SESSION2_COLOUR = "#1a6b3c"  # darker: the second figure of the same unit
ODDS_RETAKE_COLOUR = "#c0392b"
ODDS_LABEL_SIZE = 13
ODDS_AXIS_END = 140  # percent: the axis goes on past 100 to hold a full bar's label


@dataclass
class _OddsBars:
    """One kind of bar of the odds chart (one legend entry): its rows and figures."""

    rows: list[str]
    values: list[float]
    texts: list[str]
    hovers: list[str]


def odds_chart(odds: Odds, programme: Programme, lang: Lang) -> Chart:
    """Per unit, in the order things happen: P(validated in session 1), P(retake) of each
    of its exams, P(validated after session 2); horizontal bars in percent, each with its
    percent beside it, the legend saying which is which (a sentence beside each bar did
    not fit a phone).

    Rows are keyed by ids and labelled through the ticks: every unit has an "after
    session 2" row, and a category axis would merge rows of the same label."""
    kinds = {
        kind: (colour, label(t(key, lang), LEGEND_CHARS))
        for kind, colour, key in (
            ("session1", ODDS_SESSION1_COLOUR, "odds_legend_session1"),
            ("retake", ODDS_RETAKE_COLOUR, "odds_retake"),
            ("session2", ODDS_SESSION2_COLOUR, "odds_legend_after_session2"),
        )
    }
    bars = {kind: _OddsBars([], [], [], []) for kind in kinds}
    rows: list[str] = []
    ticks: list[str] = []
    parts: list[str] = []

    def bar(kind: str, row: str, tick: str, share: float, name: str, sentence: str) -> None:
        rows.append(row)
        ticks.append(tick)
        drawn = bars[kind]
        drawn.rows.append(row)
        drawn.values.append(100 * share)
        drawn.texts.append(html.escape(percent(share, lang), quote=False))  # "< 1 %"
        drawn.hovers.append(hover(f"{name}{colon(lang)}{sentence}"))

    for unit in odds.units:
        name = programme.unit(unit.unit).name
        said = t("odds_bar_session1", lang, share=percent(unit.validated, lang))
        bar(
            "session1",
            f"{unit.unit}:1",
            f"<b>{label(name, AXIS_CHARS)}</b>",
            unit.validated,
            name,
            said,
        )
        sentences = [said]
        for course in unit.courses:
            if course.retake <= 0:
                continue
            course_name = programme.course(course.course).name
            said = f"{percent(course.retake, lang)} " + t("odds_retake", lang)
            row = f"{unit.unit}:{course.course}"
            bar("retake", row, label(course_name, AXIS_CHARS), course.retake, course_name, said)
            sentences.append(f"{course_name} ({said})")
        after = label(t("odds_row_after_session2", lang), AXIS_CHARS)
        said = t(
            "odds_bar_after_session2", lang, share=percent(unit.validated_after_session2, lang)
        )
        bar(
            "session2",
            f"{unit.unit}:2",
            f"<i>{after}</i>",
            unit.validated_after_session2,
            name,
            said,
        )
        sentences.append(said)
        parts.append(f"{name}{colon(lang)}{', '.join(sentences)}")
    drawn_kinds = [kind for kind in kinds if bars[kind].rows]
    fig = new_figure()
    for kind in drawn_kinds:
        colour, legend = kinds[kind]
        drawn = bars[kind]
        fig.add_bar(
            y=drawn.rows,
            x=drawn.values,
            name=legend,
            orientation="h",
            marker_color=colour,
            # Beside its bar, at full size, dark on white; a bar of length 0 gets no text
            # from plotly at all (its label is an annotation at 0 instead).
            text=[
                text if value > 0 else ""
                for text, value in zip(drawn.texts, drawn.values, strict=True)
            ],
            textposition="outside",
            constraintext="none",
            textfont={"size": ODDS_LABEL_SIZE},
            cliponaxis=False,
            hovertext=drawn.hovers,
            hoverinfo="text",
        )
        for row, value, text in zip(drawn.rows, drawn.values, drawn.texts, strict=True):
            if value <= 0:
                fig.add_annotation(
                    x=0,
                    y=row,
                    text=text,
                    showarrow=False,
                    xanchor="left",
                    font={"size": ODDS_LABEL_SIZE},
                )
    fig.update_layout(
        barmode="overlay",
        # Room right of 100 % for the label of a full bar; the ticks stop at 100.
        xaxis={"range": [0, ODDS_AXIS_END], "tickvals": [0, 25, 50, 75, 100], "title": "%"},
        yaxis=rows_axis(rows, ticks),
    )
    pitch, gap = row_pitch(ticks)
    fig.update_layout(bargap=gap)
    framed(
        fig,
        t("odds_chart", lang),
        plot_px=pitch * len(rows),
        below_px=TICKS_PX + AXIS_TITLE_PX,
        legend=[kinds[kind][1] for kind in drawn_kinds],
    )
    return Chart(fig.to_dict(), t("odds_chart_alt", lang, units=semicolon(lang).join(parts)))
