"""Plotly figures built from the engine's results (graph_objects: lighter than express)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from planner.catalogue import Event, Programme, in_language
from planner.compare import OptionComparison
from planner.messages import Lang, number
from planner.texts import month, percent, short_date
from planner.totals import Totals
from ui import present
from ui.i18n import colon, t

if TYPE_CHECKING:  # numpy, through planner.odds: not on the first page
    from planner.odds import Odds

CM_COLOUR = "#1f5fa8"
TD_COLOUR = "#7fb2e5"
LAYOUT = {"margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "height": 360}
# Streamlit's theme styles the charts in the browser, so plotly's default template (a few
# kB of colour scales, validated again by st.plotly_chart) is dead weight on every rerun:
# the figures carry the empty "none" template instead.
BARE = {"template": "none"}


def new_figure(*traces: go.BaseTraceType) -> go.Figure:
    return go.Figure(data=list(traces), layout=BARE)


def hours_by_unit(totals: Totals, lang: Lang) -> go.Figure:
    """Stacked CM/TD bars per unit; a unit whose hours are not published gets a label,
    never a zero bar."""
    units = [u for u in totals.units if u.kind == "graded"]
    names = [u.name if len(u.name) < 40 else u.name[:38] + "…" for u in units]
    labels = [
        f"{n} ({u.unit})" if names.count(n) > 1 else n for n, u in zip(names, units, strict=True)
    ]
    fig = new_figure()
    for field, colour, name in (
        ("lecture_hours", CM_COLOUR, "CM"),
        ("tutorial_hours", TD_COLOUR, "TD"),
    ):
        amounts = [getattr(u, field) for u in units]
        fig.add_bar(
            y=labels,
            x=[a.value if a.value is not None else 0 for a in amounts],
            name=name,
            orientation="h",
            marker_color=colour,
            text=[
                number(a.value, lang) + present.inferred_mark(a.status)
                if a.value is not None
                else t("not_published", lang)
                for a in amounts
            ],
            textposition="auto",
        )
    for label, unit in zip(labels, units, strict=True):
        if unit.lecture_hours.value is None and unit.tutorial_hours.value is None:
            # A zero-length bar would read as 0 h: say it in words at the axis.
            fig.add_annotation(
                x=0,
                y=label,
                text=t("not_published", lang),
                showarrow=False,
                xanchor="left",
                font={"color": "#888"},
            )
    fig.update_layout(
        barmode="stack",
        title=t("chart_hours", lang),
        xaxis_title=t("hours", lang),
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.2},
        **LAYOUT,
    )
    return fig


def _short(name: str, size: int = 28) -> str:
    return name if len(name) <= size else name[: size - 1] + "…"


def ects_of_year(totals: Totals, year_total: float | None, lang: Lang) -> go.Figure:
    """The units' ECTS stacked against the year's total (60)."""
    fig = new_figure()
    for u in totals.units:
        if u.ects.value is None:
            continue
        fig.add_bar(
            x=[u.ects.value],
            y=[t("ects", lang)],
            name=u.name,
            orientation="h",
            text=[f"{_short(u.name)} · {number(u.ects.value, lang)}"],
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate=f"{u.name}{colon(lang)}%{{x}} ECTS<extra></extra>",
        )
    counted = totals.ects.value or 0
    if year_total and counted < year_total:
        fig.add_bar(
            x=[year_total - counted],
            y=[t("ects", lang)],
            name=t("remaining", lang),
            orientation="h",
            marker={"color": "rgba(0,0,0,0)", "line": {"color": "#999", "width": 1}},
            text=[number(year_total - counted, lang)],
            textposition="inside",
        )
    fig.update_layout(
        barmode="stack",
        title=t("chart_ects", lang),
        xaxis={"range": [0, max(year_total or 0, counted)], "title": "ECTS"},
        showlegend=False,  # each segment is labelled; a legend of long UE names overflowed
        margin=LAYOUT["margin"],
        height=260,
    )
    return fig


KIND_COLOURS = {
    "teaching": "#1f5fa8",
    "exams": "#c0392b",
    "internship": "#27ae60",
    "event": "#8e44ad",
    "milestone": "#e67e22",
}


def _how_sure(event: Event, lang: Lang) -> str:
    """An event's note, after « inferred » for inferred dates. Not the rule that infers them:
    a hover label does not wrap; the page lists it under the chart."""
    note = in_language(event.note, lang) or ""
    if event.status != "inferred":
        return note
    return f"{t('inferred', lang)}{colon(lang)}{note}" if note else t("inferred", lang)


def timeline(programme: Programme, track: str | None, lang: Lang) -> go.Figure | None:
    """The dated calendar events as a Gantt chart; an open end is drawn to the last date."""
    events = [
        e for e in programme.calendar if e.start is not None and (not e.tracks or track in e.tracks)
    ]
    if not events:
        return None
    last = max(d for e in events for d in (e.start, e.end) if d is not None)
    fig = new_figure()
    for kind in KIND_COLOURS:
        group = [e for e in events if e.kind == kind]
        if not group:
            continue
        starts = [e.start for e in group]
        ends = [
            (e.end or max(last, e.start + dt.timedelta(days=30))) + dt.timedelta(days=1)
            for e in group
        ]
        fig.add_bar(
            y=[e.name for e in group],
            x=[(end - start).days * 86_400_000 for start, end in zip(starts, ends, strict=True)],
            base=[s.isoformat() for s in starts],
            orientation="h",
            name=t(f"kind_{kind}", lang),
            marker_color=KIND_COLOURS[kind],
            customdata=[
                [
                    short_date(s, lang),
                    short_date(e.end, lang) if e.end else t("open_ended", lang),
                    _how_sure(e, lang),
                ]
                for s, e in zip(starts, group, strict=True)
            ],
            hovertemplate="%{y}<br>%{customdata[0]} → %{customdata[1]}<br>%{customdata[2]}"
            "<extra></extra>",
        )
    # Month ticks in the app's language (plotly's own are English whatever the page).
    first = min(e.start for e in events)
    end = max(last, *(e.start + dt.timedelta(days=30) for e in events))
    months = []
    day = first.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    fig.update_layout(
        xaxis={
            "type": "date",
            "tickvals": [m.isoformat() for m in months],
            "ticktext": [month(m, lang) for m in months],
        },
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.15},
        margin=LAYOUT["margin"],
        height=120 + 40 * len(events),
    )
    return fig


def compare_hours(columns: list[tuple[str, OptionComparison]], lang: Lang) -> go.Figure:
    """Hours per unit, one group of CM/TD bars per compared option or track."""
    fig = new_figure()
    palette = ["#1f5fa8", "#c0392b", "#27ae60", "#8e44ad"]
    with_hours = {
        n
        for _, column in columns
        for n, unit in column.units.items()
        if unit.lecture_hours.high is not None or unit.tutorial_hours.high is not None
    }
    for index, (label, column) in enumerate(columns):
        names = [n for n in column.units if n in with_hours]
        for field, opacity, kind in (("lecture_hours", 1.0, "CM"), ("tutorial_hours", 0.55, "TD")):
            values = [getattr(column.units[n], field).high for n in names]
            fig.add_bar(
                x=names,
                y=[v or 0 for v in values],
                name=f"{label} · {kind}",
                offsetgroup=str(index),
                legendgroup=label,
                marker={
                    "color": palette[index % len(palette)],
                    "opacity": opacity,
                    # TD hatched, so that the legend tells CM and TD apart too
                    "pattern": {"shape": "/" if kind == "TD" else ""},
                },
                base=(
                    [column.units[n].lecture_hours.high or 0 for n in names]
                    if field == "tutorial_hours"
                    else None
                ),
                text=[
                    number(v, lang) if v is not None else t("hours_not_published", lang)
                    for v in values
                ],
                textposition="inside",
            )
    fig.update_layout(
        barmode="group",
        title=t("chart_hours", lang),
        yaxis_title=t("hours", lang),
        legend={"orientation": "h", "y": -0.3},
        **LAYOUT,
    )
    return fig


ODDS_SESSION1_COLOUR = "#27ae60"
ODDS_SESSION2_COLOUR = "#1a6b3c"  # darker: the second figure of the same unit
ODDS_RETAKE_COLOUR = "#c0392b"
ODDS_LABEL_SIZE = 13
ODDS_AXIS_END = 175  # percent: the axis goes on past 100 to hold the labels


def odds_chart(odds: Odds, programme: Programme, lang: Lang) -> go.Figure:
    """Per unit, in the order things happen: P(validated in session 1), P(retake) of each
    of its exams, P(validated after session 2); horizontal bars in percent, each labelled.

    Rows are keyed by ids and labelled through the ticks: every unit has an "after
    session 2" row, and a category axis would merge rows of the same label."""
    rows: list[str] = []
    labels: list[str] = []
    values: list[float] = []
    colours: list[str] = []
    texts: list[str] = []

    def bar(row: str, label: str, share: float, colour: str, text: str) -> None:
        rows.append(row)
        labels.append(label)
        values.append(100 * share)
        colours.append(colour)
        texts.append(text)

    for unit in odds.units:
        name = programme.unit(unit.unit).name
        share = unit.validated
        text = t("odds_bar_session1", lang, share=percent(share, lang))
        bar(f"{unit.unit}:1", f"<b>{name}</b>", share, ODDS_SESSION1_COLOUR, text)
        for course in unit.courses:
            if course.retake <= 0:
                continue
            text = f"{percent(course.retake, lang)} " + t("odds_retake", lang)
            label = f"  {programme.course(course.course).name}"
            bar(f"{unit.unit}:{course.course}", label, course.retake, ODDS_RETAKE_COLOUR, text)
        share = unit.validated_after_session2
        text = t("odds_bar_after_session2", lang, share=percent(share, lang))
        label = f"  <i>{t('odds_row_after_session2', lang)}</i>"
        bar(f"{unit.unit}:2", label, share, ODDS_SESSION2_COLOUR, text)
    fig = new_figure(
        go.Bar(
            y=rows,
            x=values,
            orientation="h",
            marker_color=colours,
            # Every label beside its bar, at full size, dark on white: inside a bar it was
            # shrunk to fit, and a bar of length 0 gets no text from plotly at all (its
            # label is an annotation at 0 instead).
            text=[text if value > 0 else "" for text, value in zip(texts, values, strict=True)],
            textposition="outside",
            constraintext="none",
            textfont={"size": ODDS_LABEL_SIZE},
            cliponaxis=False,
            hovertext=[
                f"{label.strip()}{colon(lang)}{text}"
                for label, text in zip(labels, texts, strict=True)
            ],
            hoverinfo="text",
        )
    )
    for row, value, text in zip(rows, values, texts, strict=True):
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
        title=t("odds_chart", lang),
        # Room right of 100 % for the label of a full bar; the ticks stop at 100.
        xaxis={
            "range": [0, ODDS_AXIS_END],
            "tickvals": [0, 25, 50, 75, 100],
            "title": "%",
        },
        yaxis={
            "autorange": "reversed",
            "tickmode": "array",
            "tickvals": rows,
            "ticktext": labels,
        },
        margin=LAYOUT["margin"],
        height=120 + 32 * len(rows),
    )
    return fig
