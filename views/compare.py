"""Compare: options or tracks side by side, every valid combination of choices, and up to
four named scenarios."""

from collections.abc import Iterable

import streamlit as st

from planner.catalogue import Programme
from planner.compare import MAX_COMBINATIONS, OPTION_LIMIT, count_combinations, same_figures
from planner.evaluation import Evaluation
from planner.scenario import MAX_SAVED, ScenarioError
from ui import charts, compare_tables, page_keys, present
from ui.computed import combination_rows, option_column
from ui.format import plain, say
from ui.i18n import t
from ui.own_programme import cache_key
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
# The page's three views, by what they are (their tab's label is a text of the language):
# the view chosen is kept by that id, so that a language switch keeps it.
VIEWS = {"side": "tab_side_by_side", "combinations": "tab_combinations", "saved": "tab_saved"}
VIEW = "compare_view"  # the tabs' widget: the label of the tab shown
KEPT_VIEW = "compare_view_kept"


def seed_the_view_chosen() -> None:
    """Seed the tabs with the view the student last chose: the tab clicked in this
    language, or the one kept (a language switch changed the labels)."""
    labels = {view: t(text, current) for view, text in VIEWS.items()}
    clicked = page_keys.widget(VIEW)
    view = next((v for v, label in labels.items() if label == clicked), None)
    if view is None:
        view = page_keys.kept(KEPT_VIEW, "side")
    page_keys.keep(KEPT_VIEW, view)
    page_keys.seed(VIEW, labels[view])


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
            # No « Select all » / « Select N matches » (Streamlit's English), and a search
            # that matches what is typed, not a fuzzy neighbour.
            select_all=False,
            filter_mode="contains",
        )
        page_keys.keep(KEPT_OPTIONS, {**kept, programme.id: list(picked)})
        track = selection.track or (programme.tracks[0].id if programme.tracks else None)
        columns = [(names[o], option_column(cache_key(programme), track, o)) for o in picked]
    else:
        names = {tr.id: tr.name for tr in programme.tracks}
        option = selection.option or (programme.options[0].id if programme.options else None)
        columns = [(names[tr], option_column(cache_key(programme), tr, option)) for tr in names]
    if not columns:
        st.info(t("compare_pick", current))
        return
    # Cells wrap, so four options fit the page and no name is cut; on a phone the table
    # scrolls sideways in its own box.
    compare_tables.draw_rows(compare_tables.side_by_side_rows(columns, mode, current))
    st.caption(t("compare_note", current))
    if not all(column.complete for _, column in columns):
        st.caption(t("compare_partial", current, n=OPTION_LIMIT))
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
    table = combination_rows(cache_key(programme), selection.track, selection.option)
    if (one := same_figures(table)) is not None and count <= MAX_COMBINATIONS:
        shown = present.figures(one.ects, one.lecture_hours, one.tutorial_hours, current)
        st.info(t("combinations_same", current, n=count, figures=plain(shown)))
        return
    st.caption(t("combinations_count", current, n=count))
    if count > MAX_COMBINATIONS:
        st.warning(t("combinations_capped", current, n=MAX_COMBINATIONS))
    st.dataframe(
        compare_tables.combination_frame(programme, table, current),
        hide_index=True,
        width="stretch",
        height=min(600, 40 + 35 * len(table)),
    )
    st.caption(t("combinations_sort", current))


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
    if differences := compare_tables.difference_rows(evaluations, current):
        compare_tables.draw_scenarios(differences, labels)
    elif len(labels) > 1:
        st.caption(t("no_difference", current))
    st.subheader(t("outcome_title", current))
    compare_tables.draw_scenarios(compare_tables.outcome_rows(evaluations, current), labels)


def offer_undo() -> None:
    """The scenario just deleted, said, with the button that puts it back as it was."""
    deleted = store().deleted
    if deleted is None:
        return
    said, undo = st.columns([3, 1], vertical_alignment="center")
    said.success(say("scenario_deleted", current, name=deleted.name), icon=":material/delete:")
    if undo.button(t("undo_delete", current), icon=":material/undo:", key="undo_delete"):
        store().undo_delete()
        st.rerun()


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
        offer_undo()
        return
    evaluations, unusable = saved_evaluations(saved)
    if unusable:
        say_unusable(unusable)
    if evaluations:
        outcome_tables(evaluations)
    offer_undo()
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
        # Undoable rather than asked: one tap stays one tap, and nothing is lost by it.
        store().delete_saved(target)
        st.rerun()


if require_programme(selection):
    seed_the_view_chosen()
    tab_side, tab_combos, tab_saved = st.tabs(
        [t(text, current) for text in VIEWS.values()], key=VIEW, on_change="rerun"
    )
    with tab_side:
        side_by_side()
    with tab_combos:
        if require_selection(selection, place="combinations"):
            every_combination()
    with tab_saved:
        if require_selection(selection, place="saved"):
            saved_scenarios()
