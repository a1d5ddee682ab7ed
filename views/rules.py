"""Rules: each programme's rules in plain language, with their source sentence."""

import contextlib
from collections.abc import Callable

import streamlit as st

from planner.applied import apply_parameters
from planner.catalogue import Programme
from planner.messages import number
from planner.outputs.rules_text import statements
from planner.presets import PRESETS, chooses_rules, unit_rules_note
from planner.scenario import Parameters, ScenarioError
from ui import page_keys, present
from ui.i18n import colon, t
from ui.session import lang, parameters, store
from ui.sidebar import sidebar
from ui.state import catalogue

selection = sidebar()
current = lang()
st.title(t("rules_title", current))
st.caption(t("rules_intro", current))


def grade_picker(
    label: str, key: str, value: float, upper: float, store: Callable[..., None], field: str
) -> None:
    """A grade from 0 to `upper` by half points, written the app's language's way ("10,5";
    Streamlit's number input always writes "10.50")."""
    options = sorted({i / 2 for i in range(int(upper * 2) + 1)} | {value})
    page_keys.seed(key, value)
    st.select_slider(
        t(label, current),
        options=options,
        format_func=lambda grade: number(grade, current),
        key=key,
        on_change=store,
        args=(field, key),
    )


def _my_rules(programme: Programme) -> Parameters:
    """The "rules that apply to me" panel, for a programme whose rules are assumed: the
    choice is kept in the scenario's parameters (share link, file, CLI, PDF)."""
    pid = programme.id
    plan = store()
    params = plan.programme_params(pid)
    scale = float(programme.grade_scale.max)

    def keep(field: str, key: str | None, value: object = None) -> None:
        mine = plan.programme_params(pid)
        mine[field] = page_keys.widget(key) if key else value
        if mine[field] is None:
            mine.pop(field)
        if mine.get("course_floor") is not None and "threshold" in mine:
            mine["course_floor"] = min(mine["course_floor"], mine["threshold"])
        plan.set_programme_params(pid, mine)

    def store_floor(toggle: str, key: str) -> None:
        on = page_keys.widget(toggle)
        threshold = plan.programme_params(pid).get("threshold", scale / 2)
        default = min(scale * 0.35, threshold)  # 7/20, the presets' unit floor
        keep("course_floor", None, page_keys.widget(key, default) if on else None)

    def reset() -> None:
        mine = {
            k: v
            for k, v in plan.programme_params(pid).items()
            if k not in ("rules_preset", "threshold", "course_floor", "compensation")
        }
        plan.set_programme_params(pid, mine)

    with st.container(border=True):
        st.subheader(t("my_rules_title", current))
        st.caption(t("my_rules_intro", current))
        preset_key, threshold_key = f"preset::{pid}", f"threshold::{pid}"
        floor_on_key, floor_key = f"floor_on::{pid}", f"floor::{pid}"
        compensation_key = f"compensation::{pid}"
        preset = params.get("rules_preset") or next(iter(PRESETS))
        page_keys.seed(preset_key, preset)
        st.radio(
            t("my_rules_preset", current),
            options=list(PRESETS),
            format_func=lambda p: t(f"preset.{p}", current),
            key=preset_key,
            on_change=keep,
            args=("rules_preset", preset_key),
        )
        threshold = float(params.get("threshold", scale / 2))
        grade_picker("my_rules_threshold", threshold_key, threshold, scale, keep, "threshold")
        floor = params.get("course_floor")
        page_keys.seed(floor_on_key, floor is not None)
        st.toggle(
            t("my_rules_floor_on", current),
            key=floor_on_key,
            on_change=store_floor,
            args=(floor_on_key, floor_key),
        )
        if floor is not None:
            value = float(min(floor, threshold))
            grade_picker("my_rules_floor", floor_key, value, threshold, keep, "course_floor")
        compensation = params.get("compensation")
        if compensation is None:
            compensation = PRESETS[preset]["compensation"] is not None
        page_keys.seed(compensation_key, bool(compensation))
        st.toggle(
            t("my_rules_compensation", current),
            key=compensation_key,
            on_change=keep,
            args=("compensation", compensation_key),
        )
        chosen = Parameters(**plan.programme_params(pid))
        if chooses_rules(chosen):
            st.info(t("my_rules_in_force", current), icon=":material/tune:")
            unweighted = unit_rules_note(programme, chosen)
            if unweighted:
                st.caption(t("my_rules_ects_unknown", current, units=", ".join(unweighted)))
            st.button(t("my_rules_reset", current), on_click=reset, key=f"reset::{pid}")
        return chosen


programmes = [selection.programme] if selection.programme else list(catalogue().programmes)
for programme in programmes:
    st.header(f"{present.name(programme.name)} ({programme.academic_year})")
    source = present.name(programme.source.title)
    st.caption(f"{t('from_source', current)}{colon(current)}{source}")
    mine = programme is selection.programme
    # The rules as the verdicts apply them (planner.applied): the student's parameters,
    # and only the units of their track and option once both are chosen.
    chosen = Parameters()
    if mine:
        chosen = parameters(selection)
    note = programme.rules.note if programme.rules.status == "assumed" else None
    if note and not chooses_rules(chosen):  # rules chosen: the preset's note is not in force
        st.warning(note.text(current), icon=":material/warning:")
    if mine and programme.rules.status == "assumed":
        chosen = _my_rules(programme)
    in_plan = (
        {u.id for u in programme.units_for(selection.track, selection.option)}
        if selection.complete and mine
        else None
    )
    applied = programme
    with contextlib.suppress(ScenarioError):  # refused parameters never enter the session
        if in_plan is not None:
            applied = apply_parameters(programme, chosen, selection.track, selection.option)
        else:
            applied = apply_parameters(programme, chosen)
    for statement in statements(applied, current, in_plan):
        with st.container(border=True):
            wording = {"published": "published_rule", "chosen": "chosen_rule"}
            badge_text = t(wording.get(statement.status, "assumed_rule"), current)
            badge = present.status_badge(statement.status, badge_text)
            st.markdown(f"{present.bold_name(statement.topic)} {badge}")
            st.markdown(statement.text)
            if statement.source:
                st.caption(f"« {statement.source} »")
            if statement.note:
                st.caption(statement.note)
    if programme.notes:
        with st.expander(t("programme_notes", current)):
            st.markdown("\n".join(f"- {note.text(current)}" for note in programme.notes))
