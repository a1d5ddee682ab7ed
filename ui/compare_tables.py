"""Compare's tables as the student reads them: options or tracks side by side, every
combination of choices, and the saved scenarios' differences and outcomes.

Every cell is text in the page's language: a figure with the Plan page's marks
(ui.present.figure: "39 +?"), a verdict, or words for what an empty cell means ("not in
this option", "no grade") — never "None" or "nan". draw() shows a table whose cells wrap
(a long scenario name is read whole) in a box that scrolls sideways when the screen is
narrower than the columns (a phone), so that no column is cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from planner.catalogue import Programme
from planner.compare import Combination, OptionComparison, scenario_differences, short_name
from planner.messages import Lang, compared_figures, grade_text
from planner.rules.components import entry_name, graded, retake_name, split_key
from planner.totals import Amount
from ui import present
from ui.format import plain
from ui.i18n import colon, t

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from planner.evaluation import Evaluation

# A row of a scenario table: its label, and each scenario's cell by the scenario's name.
Row = tuple[str, Mapping[str, str]]
# Each saved scenario's programme and evaluation, by the scenario's name.
Evaluations = Mapping[str, tuple[Programme, "Evaluation"]]
# What a cell of a unit the column does not have says, by what the columns are.
MISSING_UNIT = {"options": "cell_not_in_option", "tracks": "cell_not_in_track"}


def side_by_side_rows(
    columns: Sequence[tuple[str, OptionComparison]],
    kind: str,
    lang: Lang,
) -> list[dict[str, str]]:
    """One row per unit of any column, then the total: each column's figures, or what its
    absence means."""
    missing = t(MISSING_UNIT[kind], lang)
    unit_header = t("unit", lang)
    rows = []
    for name in dict.fromkeys(n for _, c in columns for n in c.units):
        row = {unit_header: name}
        for label, column in columns:
            unit = column.units.get(name)
            row[label] = (
                missing
                if unit is None
                else present.figures(unit.ects, unit.lecture_hours, unit.tutorial_hours, lang)
            )
        rows.append(row)
    total = {unit_header: t("total", lang)}
    for label, column in columns:
        total[label] = present.figures(
            column.ects, column.lecture_hours, column.tutorial_hours, lang
        )
    rows.append(total)
    return rows


def combination_frame(
    programme: Programme, combinations: Sequence[Combination], lang: Lang
) -> Styler:
    """Every combination, one row each. The figures stay numbers, so that a click on a
    column's header sorts by them; each is shown as present.figure() writes it ("39 +?",
    "not published")."""
    columns: dict[str, list[Amount]] = {
        "ECTS": [c.ects for c in combinations],
        "CM": [c.lecture_hours for c in combinations],
        "TD": [c.tutorial_hours for c in combinations],
        t("hours_total", lang): [c.hours for c in combinations],
    }
    frame = pd.DataFrame(
        {
            t("choices", lang): [
                " · ".join(programme.course(course).name for course in c.choices)
                for c in combinations
            ],
            **{name: [a.value for a in amounts] for name, amounts in columns.items()},
        },
    )
    styler = frame.style
    for name, amounts in columns.items():
        # One formatter per text shown (a few per column), over the rows that show it.
        shown = pd.Series([present.figure(a, lang) for a in amounts], index=frame.index)
        for text in shown.unique():
            rows = frame.index[shown == text]
            styler = styler.format(lambda _value, text=text: text, subset=(rows, [name]))
    return styler


def difference_rows(evaluations: Evaluations, lang: Lang) -> list[Row]:
    """Each course chosen in some scenarios only, then each grade not the same in all."""
    labels = list(evaluations)
    programmes = [programme for programme, _ in evaluations.values()]
    differences = scenario_differences([result.scenario for _, result in evaluations.values()])

    def course_name(course_id: str) -> str:
        # A component's grade ("stats/exam") is named as its field is: "Exam of Statistics".
        course, component = split_key(course_id)
        return next(
            (
                entry_name(p, course_id, lang)
                for p in programmes
                if p.has_course(course) and (component is None or graded(p, course) is not None)
            ),
            course_id,
        )

    # What a grade is compared with (grade_text): each plan's thresholds, floors and scale,
    # and the other scenarios' values of its row.
    figures = tuple(
        f
        for programme, result in evaluations.values()
        for f in compared_figures(result.rules, programme.grade_scale.max)
    )

    def cell(value: bool | float | str | None, kind: str, row: Sequence[object]) -> str:
        if kind == "choice":
            return t("cell_chosen" if value else "cell_not_chosen", lang)
        if value is None:
            return t("cell_no_grade", lang)
        others = [float(v) for v in row if isinstance(v, (int, float))]
        return grade_text(value, lang, (*figures, *others), typed=True)

    return [
        (
            t(DIFFERENCE_ROW[d.kind], lang, course=course_name(d.course)),
            {
                label: cell(value, d.kind, d.values)
                for label, value in zip(labels, d.values, strict=True)
            },
        )
        for d in differences
    ]


DIFFERENCE_ROW = {
    "choice": "diff_choice",
    "grade": "diff_grade",
    "session2_grade": "diff_session2_grade",
}


def outcome_rows(evaluations: Evaluations, lang: Lang) -> list[Row]:
    """Each scenario's programme, plan, figures, verdicts and retakes; a unit of another
    programme's scenario says it is not in this plan."""
    rows: dict[str, dict[str, str]] = {}

    def put(row: str, label: str, value: str) -> None:
        rows.setdefault(row, {})[label] = value

    means: dict[str, list[float]] = {}  # each unit's means, by its name, across scenarios
    for _, result in evaluations.values():
        for unit in result.units:
            for v in (unit.session1, unit.session2_held):
                if v is not None and v.mean is not None:
                    means.setdefault(unit.name, []).append(v.mean)

    for label, (programme, result) in evaluations.items():
        scn = result.scenario
        put(t("programme", lang), label, programme.name)
        if programme.tracks or programme.options:
            put(
                t("track", lang) + " / " + t("option", lang),
                label,
                " / ".join(
                    short_name(item.name)
                    for items, chosen in (
                        (programme.tracks, scn.track),
                        (programme.options, scn.option),
                    )
                    for item in items
                    if item.id == chosen
                )
                or t("cell_not_chosen", lang),
            )
        # A sum with a part not published says so ("39 +?"), as on the Plan page.
        put("ECTS", label, present.figure(result.totals.ects, lang))
        put("CM", label, present.figure(result.totals.lecture_hours, lang))
        put("TD", label, present.figure(result.totals.tutorial_hours, lang))
        put(t("year", lang), label, present.verdict(result.year.validated, lang))
        compared = (*compared_figures(result.rules, programme.grade_scale.max),)
        for unit in result.units:
            text = present.verdict(unit.session1.validated, lang)
            if unit.session1.mean is not None:
                mean = grade_text(unit.session1.mean, lang, (*compared, *means[unit.name]))
                text += f" ({mean})"
            held = unit.session2_held  # none for a unit without session 2
            if held is not None:
                text += f" · S2{colon(lang)}{present.verdict(held.validated, lang)}"
                if held.mean is not None:
                    text += f" ({grade_text(held.mean, lang, (*compared, *means[unit.name]))})"
            put(unit.name, label, text)
        put(
            t("retakes_title", lang),
            label,
            ", ".join(retake_name(programme, c, lang) for c in result.retakes)
            or t("cell_no_retake", lang),
        )
    elsewhere = t("cell_not_in_plan", lang)
    return [
        (row, {label: cells.get(label, elsewhere) for label in evaluations})
        for row, cells in rows.items()
    ]


def _distinct(names: Sequence[str]) -> list[str]:
    """Headers as shown, one per column: two names that read the same once escaped (they
    differ only by spaces at an end) are told apart by their place, « (2) »."""
    shown: list[str] = []
    for name in names:
        text, n = name, 1
        while text in shown:
            n += 1
            text = f"{name} ({n})"
        shown.append(text)
    return shown


def draw(header: Sequence[str], rows: Sequence[Sequence[str]], *, row_labels: bool) -> None:
    """A table of text (the app's own and outside text alike, escaped: a cell is markdown
    to Streamlit's table), as tall as its rows. `row_labels`: the first cell of each row
    labels it (a header of the row, never a column a name could take the place of)."""
    escaped = [[plain(cell) for cell in row] for row in rows]
    columns = _distinct([plain(name) for name in header])
    if row_labels:
        frame = pd.DataFrame(
            [row[1:] for row in escaped],
            index=pd.Index([row[0] for row in escaped]),
            columns=pd.Index(columns[1:]),
            dtype=object,
        )
    else:
        frame = pd.DataFrame(escaped, columns=pd.Index(columns), dtype=object)
    st.table(frame, hide_index=not row_labels)


def draw_rows(rows: Sequence[Mapping[str, str]]) -> None:
    """side_by_side_rows(), drawn: the first column names each row's unit."""
    header = list(rows[0])
    draw(header, [[row[h] for h in header] for row in rows], row_labels=False)


def draw_scenarios(rows: Sequence[Row], labels: Sequence[str]) -> None:
    """One column per scenario (`labels`), one row per (label, cells) of `rows`."""
    draw(
        ["", *labels],
        [[label, *(cells[name] for name in labels)] for label, cells in rows],
        row_labels=True,
    )
