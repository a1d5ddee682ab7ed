"""Compare: options or tracks side by side, every valid combination of choices, and up to
four named scenarios."""

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from planner.catalogue import Programme
from planner.compare import (
    MAX_COMBINATIONS,
    Span,
    count_combinations,
    same_figures,
    scenario_differences,
    short_name,
)
from planner.evaluation import Evaluation
from planner.messages import compared_figures, grade_text, number
from planner.rules.components import entry_name, graded, retake_name, split_key
from planner.scenario import MAX_SAVED, ScenarioError
from planner.totals import Amount
from ui import charts, page_keys, present
from ui.computed import combination_rows, option_column
from ui.format import markdown_table, plain, say
from ui.i18n import colon, t
from ui.session import judged, lang, store
from ui.sidebar import require_programme, require_selection, sidebar
from ui.state import (
    free_name,
    notify,
    open_would_lose_the_plan,
    saved_evaluations,
)

selection = sidebar()
current = lang()
st.title(t("compare_title", current))
KEPT_OPTIONS = "compare_options_kept"
NBSP = "\u00a0"


def span(value: Span | Amount, name: str) -> str:
    """ "60 ECTS", "CM 20–30*", "TD 10 +?" or "ECTS non publiés": the figure with its name,
    in the language's word order."""
    low, high = (value.low, value.high) if isinstance(value, Span) else (value.value, value.value)
    if low is None or high is None:
        return t(f"fig_{name}_unknown", current)
    mark = present.inferred_mark(value.status)
    unknown = value.missing if isinstance(value, Amount) else value.status == "unknown"
    partial = present.partial_mark(unknown)
    shown = (
        number(low, current) if low == high else f"{number(low, current)}–{number(high, current)}"
    )
    return t(f"fig_{name}", current, amount=f"{shown}{mark}") + partial


def figures(ects: Span | Amount, lecture: Span | Amount, tutorial: Span | Amount) -> str:
    """The three figures; a narrow cell wraps between them, never inside one."""
    parts = (span(ects, "ects"), span(lecture, "cm"), span(tutorial, "td"))
    return " · ".join(part.replace(" ", NBSP) for part in parts)


def side_by_side() -> None:
    programme = selection.programme
    assert programme is not None
    if not programme.options and not programme.tracks:
        st.info(t("single_plan", current))
        return
    modes = [m for m in ("options", "tracks") if getattr(programme, m)]
    mode = st.radio(
        t("compare_what", current),
        modes,
        format_func=lambda m: t(f"compare_{m}", current),
        horizontal=True,
        key="compare_mode",
    )
    if mode == "options":
        names = {o.id: o.name for o in programme.options}
        # The widget's key is dropped when the page is left: it is re-seeded from a plain
        # key (one list per programme), so that the selection is there on return.
        kept: dict[str, list[str]] = page_keys.kept(KEPT_OPTIONS, {})
        first = list(dict.fromkeys(o for o in (selection.option, *names) if o))[:2]
        earlier = [o for o in kept.get(programme.id, first) if o in names][:4]
        page_keys.seed_once("compare_options", earlier)
        picked = st.multiselect(
            t("option", current),
            list(names),
            format_func=names.__getitem__,
            max_selections=4,
            placeholder=t("compare_pick", current),
            key="compare_options",
        )
        page_keys.keep(KEPT_OPTIONS, {**kept, programme.id: list(picked)})
        track = selection.track or (programme.tracks[0].id if programme.tracks else None)
        columns = [(names[o], option_column(programme.id, track, o)) for o in picked]
    else:
        names = {tr.id: tr.name for tr in programme.tracks}
        option = selection.option or (programme.options[0].id if programme.options else None)
        columns = [(names[tr], option_column(programme.id, tr, option)) for tr in names]
    if not columns:
        st.info(t("compare_pick", current))
        return
    unit_names = list(dict.fromkeys(n for _, c in columns for n in c.units))
    rows = []
    for name in unit_names:
        row = {t("unit", current): name}
        for label, column in columns:
            unit = column.units.get(name)
            row[label] = (
                "—" if unit is None else figures(unit.ects, unit.lecture_hours, unit.tutorial_hours)
            )
        rows.append(row)
    total_row = {t("unit", current): t("total", current)}
    for label, column in columns:
        total_row[label] = figures(column.ects, column.lecture_hours, column.tutorial_hours)
    rows.append(total_row)
    # A markdown table wraps its cells: four options fit the page, no label is cut.
    st.markdown(markdown_table(rows))
    st.caption(t("compare_note", current))
    charts.show(charts.compare_hours(columns, current), "compare_chart")
    with st.expander(t("compare_courses", current)):
        cols = st.columns(len(columns))
        for col, (label, column) in zip(cols, columns, strict=True):
            col.markdown(present.bold_name(label))
            for unit in column.units.values():
                choose = (
                    f" ({t('choose_n', current, choose=unit.choose[0], count=len(unit.courses))})"
                    if unit.choose
                    else ""
                )
                col.markdown(f"*{present.name(unit.name)}*{choose}")
                col.markdown(
                    "\n".join(f"- {present.name(programme.course(c).name)}" for c in unit.courses)
                )


def every_combination() -> None:
    programme = selection.programme
    assert programme is not None
    count = count_combinations(programme, selection.track, selection.option)
    if count <= 1:
        st.info(t("no_choice_to_combine", current))
        return
    table = combination_rows(programme.id, selection.track, selection.option)
    if (one := same_figures(table)) is not None and count <= MAX_COMBINATIONS:
        shown = figures(one.ects, one.lecture_hours, one.tutorial_hours)
        st.info(t("combinations_same", current, n=count, figures=plain(shown)))
        return
    rows = [
        {
            t("choices", current): " · ".join(programme.course(c).name for c in row.choices),
            "ECTS": row.ects.value,
            "CM": row.lecture_hours.value,
            "TD": row.tutorial_hours.value,
            t("hours_total", current): (row.lecture_hours.value or 0)
            + (row.tutorial_hours.value or 0)
            if row.lecture_hours.value is not None
            else None,
        }
        for row in table
    ]
    st.caption(t("combinations_count", current, n=count))
    if count > MAX_COMBINATIONS:
        st.warning(t("combinations_capped", current, n=MAX_COMBINATIONS))
    st.dataframe(rows, hide_index=True, width="stretch", height=min(600, 40 + 35 * len(rows)))
    st.caption(t("combinations_sort", current))


def table(rows: Sequence[tuple[str, Mapping[str, str]]], labels: Sequence[str]) -> None:
    """One column per scenario (`labels`), one row per (label, each scenario's cell) of
    `rows`, as tall as its rows: two to four scenarios never scroll inside it.
    A dataframe, not markdown: the scenario names are the student's own text. The row
    labels are its index, not a column named by a text of ours: a scenario named
    "Scenario" (« Scénario ») is a column like any other, never in their place."""
    frame = pd.DataFrame(
        [[cells.get(label, "—") for label in labels] for _, cells in rows],
        index=pd.Index([row for row, _ in rows]),
        columns=pd.Index(list(labels)),
        dtype=object,
    )
    st.dataframe(frame, hide_index=False, width="stretch", height=ROW_PX * (len(rows) + 1) + 3)


ROW_PX = 35  # Streamlit's dataframe row height
OVERWRITE = "overwrite_pending"
OPEN_PENDING = "open_pending"


def _save(name: str, text: str) -> None:
    plan = store()
    plan.saved = {**plan.saved, name: text}
    page_keys.drop(OVERWRITE)
    notify("success", "scenario_saved", name=name)
    st.rerun()  # redraw the table and the button state with the new list


def say_unusable(unusable: dict[str, ScenarioError]) -> None:
    """Saved scenarios that take a place and cannot be shown: named, with why, and one
    button to remove them (each can also be deleted below)."""
    for label, error in unusable.items():
        st.warning(
            say("saved_unusable", current, name=label, reason=error), icon=":material/error:"
        )
    if st.button(t("remove_unusable", current, n=len(unusable)), icon=":material/delete_sweep:"):
        remove_saved(unusable)


def remove_saved(names: Iterable[str]) -> None:
    gone = set(names)
    plan = store()
    plan.saved = {k: v for k, v in plan.saved.items() if k not in gone}
    st.rerun()


def outcome_tables(evaluations: dict[str, tuple[Programme, Evaluation]]) -> None:
    """What differs between the scenarios, and each one's outcome, side by side."""
    labels = list(evaluations)
    st.subheader(t("differences_title", current))
    differences = scenario_differences([result.scenario for _, result in evaluations.values()])
    programmes = [programme for programme, _ in evaluations.values()]

    def course_name(course_id: str) -> str:
        # A component's grade ("stats/exam") is named as its field is: "Exam of Statistics".
        course, component = split_key(course_id)
        return next(
            (
                entry_name(p, course_id, current)
                for p in programmes
                if p.has_course(course) and (component is None or graded(p, course) is not None)
            ),
            course_id,
        )

    # What a grade or a mean is compared with (ui.format.grade_text): each plan's
    # thresholds, floors and scale, and the other scenarios' values of its row.
    figures = tuple(
        f
        for programme, result in evaluations.values()
        for f in compared_figures(result.rules, programme.grade_scale.max)
    )

    def cell(value: bool | float | None, kind: str, row: Sequence[object]) -> str:
        if kind == "choice":
            return "✓" if value else "—"
        others = [float(v) for v in row if isinstance(v, (int, float))]
        return grade_text(value, current, (*figures, *others), typed=True)

    if differences:
        table(
            [
                (
                    t(f"diff_{d.kind}", current, course=course_name(d.course)),
                    {
                        label: cell(value, d.kind, d.values)
                        for label, value in zip(labels, d.values, strict=True)
                    },
                )
                for d in differences
            ],
            labels,
        )
    elif len(labels) > 1:
        st.caption(t("no_difference", current))
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
        put(t("programme", current), label, programme.name)
        if programme.tracks or programme.options:
            put(
                t("track", current) + " / " + t("option", current),
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
                or "—",
            )
        # A sum with a part not published says so ("39 +?"), as on the Plan page.
        put("ECTS", label, present.figure(result.totals.ects, current))
        put("CM", label, present.figure(result.totals.lecture_hours, current))
        put("TD", label, present.figure(result.totals.tutorial_hours, current))
        put(t("year", current), label, present.verdict(result.year.validated, current))
        for unit in result.units:
            text = present.verdict(unit.session1.validated, current)
            if unit.session1.mean is not None:
                compared = (
                    *compared_figures(result.rules, programme.grade_scale.max),
                    *means[unit.name],
                )
                text += f" ({grade_text(unit.session1.mean, current, compared)})"
            held = unit.session2_held  # none for a unit without session 2
            if held is not None:
                text += f" · S2{colon(current)}{present.verdict(held.validated, current)}"
                if held.mean is not None:
                    compared = (
                        *compared_figures(result.rules, programme.grade_scale.max),
                        *means[unit.name],
                    )
                    text += f" ({grade_text(held.mean, current, compared)})"
            put(unit.name, label, text)
        put(
            t("retakes_title", current),
            label,
            ", ".join(retake_name(programme, c, current) for c in result.retakes) or "—",
        )
    st.subheader(t("outcome_title", current))
    table(list(rows.items()), labels)


def saved_scenarios() -> None:
    saved = store().saved
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    name = left.text_input(
        t("scenario_name", current),
        value=t("scenario_default_name", current, letter=chr(ord("A") + len(saved)))
        if len(saved) < MAX_SAVED
        else "",
        max_chars=30,
        key="scenario_name",
    )
    if right.button(
        t("save_scenario", current),
        disabled=len(saved) >= MAX_SAVED and name not in saved,
        icon=":material/bookmark_add:",
    ):
        clean = (name or "").strip() or f"Plan {len(saved) + 1}"
        text = judged(selection).text
        if clean in saved and saved[clean] != text:
            page_keys.keep(OVERWRITE, (clean, text))  # never replaced without asking
            st.rerun()
        if len(saved) < MAX_SAVED or clean in saved:  # a full list only accepts overwrites
            _save(clean, text)
    if pending := page_keys.kept(OVERWRITE):
        taken, text = pending
        other = free_name(taken, saved)
        st.warning(say("overwrite_ask", current, name=taken), icon=":material/help:")
        replace, keep_both, cancel = st.columns(3)
        if replace.button(t("overwrite_replace", current), type="primary"):
            _save(taken, text)
        if len(saved) < MAX_SAVED and keep_both.button(say("save_as", current, name=other)):
            _save(other, text)
        if cancel.button(t("cancel", current)):
            page_keys.drop(OVERWRITE)
            st.rerun()
    if len(saved) >= MAX_SAVED:
        st.caption(t("saved_full", current, n=MAX_SAVED))
    if not saved:
        st.info(t("no_saved", current))
        return
    evaluations, unusable = saved_evaluations(saved)
    if unusable:
        say_unusable(unusable)
    if evaluations:
        outcome_tables(evaluations)
    load_col, delete_col = st.columns(2)
    target = load_col.selectbox(t("scenario", current), list(saved), key="saved_pick")
    if load_col.button(t("load_scenario", current), icon=":material/open_in_browser:"):
        if open_would_lose_the_plan():
            page_keys.keep(OPEN_PENDING, target)  # never lost without asking
        else:
            store().ask_to_open(target, saved[target])
        st.rerun()
    if (asked := page_keys.kept(OPEN_PENDING)) in saved:
        st.warning(say("open_would_lose", current, name=asked), icon=":material/help:")
        anyway, cancel = st.columns(2)
        if anyway.button(t("open_anyway", current), type="primary"):
            page_keys.drop(OPEN_PENDING)
            store().ask_to_open(asked, saved[asked])
            st.rerun()
        if cancel.button(t("cancel", current), key="cancel_open"):
            page_keys.drop(OPEN_PENDING)
            st.rerun()
    if delete_col.button(t("delete_scenario", current), icon=":material/delete:"):
        remove_saved([target])


if require_programme(selection):
    tab_side, tab_combos, tab_saved = st.tabs(
        [t("tab_side_by_side", current), t("tab_combinations", current), t("tab_saved", current)]
    )
    with tab_side:
        side_by_side()
    with tab_combos:
        if require_selection(selection):
            every_combination()
    with tab_saved:
        if require_selection(selection):
            saved_scenarios()
