"""Plan: pick courses where there is a choice; ECTS and CM/TD hours per unit and year."""

import streamlit as st

from planner.catalogue import in_language
from planner.messages import number
from planner.totals import plan_totals
from ui import charts, present
from ui.computed import plan_figure
from ui.course_picker import course_picker
from ui.format import markdown_list, markdown_table, plain
from ui.i18n import t
from ui.own_programme import cache_key
from ui.persistence import keep_outside
from ui.session import Selection, choices, lang
from ui.sidebar import require_selection, sidebar
from ui.state import narrow_screen

selection = sidebar()
current = lang()
narrow = narrow_screen()
st.title(t("plan_title", current))


def _plan_body(selection: Selection) -> None:
    """Below the title, one fragment: a choice changed reruns it, not the sidebar."""
    programme = selection.programme
    assert programme is not None
    st.caption(t("plan_intro", current))
    if programme.rules.status == "assumed":
        st.warning(
            t("assumed_rules", current, note=in_language(programme.rules.note, current) or ""),
            icon=":material/warning:",
        )

    # The choices first: on a phone the figures and tables below are a long scroll.
    units = programme.units_for(selection.track, selection.option)
    to_choose = [u for u in units if u.choose]
    if to_choose:
        st.subheader(t("your_choices", current))
        for unit in to_choose:
            with st.container(border=True):
                course_picker(programme, unit, selection, current)

    totals = plan_totals(programme, selection.track, selection.option, choices(selection))
    by_unit = {u.unit: u for u in totals.units}
    st.subheader(t("your_year", current))

    columns = st.columns(3)
    year_total = programme.total_ects.value
    columns[0].metric(
        t("ects", current),
        present.figure(totals.ects, current),
        help=t("of_year", current, total=number(year_total, current)) if year_total else None,
    )
    columns[1].metric(t("lecture_hours", current), present.figure(totals.lecture_hours, current))
    columns[2].metric(t("tutorial_hours", current), present.figure(totals.tutorial_hours, current))
    # Only what a shown sum actually leaves out; a sum not published at all says so itself.
    names = {u.id: u.name for u in programme.units} | {c.id: c.name for c in programme.courses}
    for label, amount in (
        ("ECTS", totals.ects),
        (t("lecture_hours", current), totals.lecture_hours),
        (t("tutorial_hours", current), totals.tutorial_hours),
    ):
        if amount.value is not None and amount.missing:
            items = ", ".join(dict.fromkeys(present.name(names.get(i, i)) for i in amount.missing))
            st.caption(t("left_out_of", current, figure=label, items=items))
    st.caption(t("inferred_note", current))
    left, right = st.columns(2)
    plan = (
        cache_key(programme),
        selection.track,
        selection.option,
        tuple(sorted(choices(selection))),
    )
    if totals.lecture_hours.value is None and totals.tutorial_hours.value is None:
        left.info(t("no_hours_published", current))
    else:
        charts.show(plan_figure("hours", *plan, current), "hours_chart", left)
    if totals.ects.value is None and not programme.total_ects.known:
        # No figure to draw (a programme being built, its ECTS not written yet).
        right.info(t("no_ects_known", current))
    else:
        charts.show(plan_figure("ects", *plan, current), "ects_chart", right)

    for unit in units:
        unit_total = by_unit[unit.id]
        ects = (
            f"{present.figure(unit_total.ects, current)} ECTS"
            if unit_total.ects.value is not None
            else t("ects_unknown", current)
        )
        header = (
            f"{present.bold_name(unit.name)} · {ects} · "
            f"CM {present.figure(unit_total.lecture_hours, current)} · "
            f"TD {present.figure(unit_total.tutorial_hours, current)}"
        )
        with st.container(border=True):
            st.markdown(header)
            if unit.semester:
                st.caption(f"{t('semester', current)} {present.name(unit.semester)}")
            if unit.ects.conflict is not None:
                conflict = unit.ects.conflict
                st.warning(
                    t(
                        "ects_conflict",
                        current,
                        ects=number(unit.ects.value, current),
                        other=number(conflict.value, current),
                        where=present.name(conflict.where.text(current)),
                    ),
                    icon=":material/difference:",
                )
            if unit.kind == "bonus":
                st.caption(t("bonus_unit", current))
            elif unit.kind == "activity":
                st.caption(t("activity_unit", current))
            rows = [
                {
                    t("course", current): programme.course(c).name,
                    "ECTS": present.figure(programme.course(c).ects, current),
                    "CM": present.figure(programme.course(c).lecture_hours, current),
                    "TD": present.figure(programme.course(c).tutorial_hours, current),
                }
                for c in (unit_total.courses if unit.choose else unit.courses)
            ]
            # A unit assessed as a whole lists itself as its one course: no table then.
            single = len(unit.courses) == 1 and programme.course(unit.courses[0]).name == unit.name
            if rows and not single:
                # A phone has no room for four columns: one line per course there.
                st.markdown(markdown_list(rows) if narrow else markdown_table(rows))
            with st.expander(t("descriptions", current)):
                # One element per unit, not two per course: every element costs server
                # time on each rerun, and a closed expander's content is still drawn.
                described = [] if single else [programme.course(c) for c in unit.courses]
                blocks = [
                    f"{present.bold_name(c.name)}  \n"
                    + plain(c.description or t("no_description", current))
                    for c in described
                ]
                if unit.description or single:
                    text = unit.description or t("no_description", current)
                    blocks.append(f"{present.bold_name(unit.name)}  \n{plain(text)}")
                st.markdown("\n\n".join(blocks))
    # The address bar and the browser's copy carry the new choice (after_page does not
    # follow a fragment's run).
    keep_outside(selection, "browser_store_plan")


if require_selection(selection):
    st.fragment(_plan_body, key="plan")(selection)
