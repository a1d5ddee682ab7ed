"""The rules' parameters a student sets, drawn and kept in one place: the session-2 policy
and the bonus rate (the Grades page's « rules applied »), and for a programme whose rules
are assumed, the rules that apply to them (the Rules page: a preset, a threshold, a floor,
compensation). Each is kept in the plan's parameters, so the share link, the plan file,
the CLI and the PDF read the same choice; each widget is seeded from the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from planner.catalogue import Programme
from planner.messages import Lang, number
from planner.presets import PRESETS, chooses_rules, unit_rules_note
from planner.scenario import Parameters
from ui import page_keys, present
from ui.i18n import t
from ui.session import store

# The parameters the « rules that apply to me » panel sets (its reset drops these alone).
RULE_CHOICE = ("rules_preset", "threshold", "course_floor", "compensation")


def keep(programme_id: str, field: str, value: object) -> None:
    """Set one of the programme's parameters in the plan (None: back to the programme's).
    A floor never stands above the threshold."""
    plan = store()
    mine = plan.programme_params(programme_id)
    mine[field] = value
    if value is None:
        mine.pop(field)
    if mine.get("course_floor") is not None and "threshold" in mine:
        mine["course_floor"] = min(mine["course_floor"], mine["threshold"])
    plan.set_programme_params(programme_id, mine)


def keep_widget(programme_id: str, field: str, key: str) -> None:
    """A widget's callback: the value just set in widget `key` becomes the parameter."""
    keep(programme_id, field, page_keys.widget(key))


@dataclass(frozen=True)
class Parameter:
    """A rule parameter's widget: its session key (seeded), the plan's field it sets, the
    values offered, and the programme's note on it."""

    key: str
    field: str
    options: list[object]
    note: str | None


def policy_parameter(programme: Programme, lang: Lang) -> Parameter:
    key = f"policy::{programme.id}"
    kept = store().programme_params(programme.id)
    page_keys.seed(key, kept.get("session2_policy", programme.rules.session2.policy))
    note = programme.rules.session2.note
    return Parameter(
        key, "session2_policy", ["replace", "keep_best"], note.text(lang) if note else None
    )


def rate_parameter(programme: Programme, lang: Lang) -> Parameter | None:
    """The bonus rate, for a programme that gives bonus points."""
    bonus = programme.rules.bonus
    if bonus.formula == "none":
        return None
    key = f"rate::{programme.id}"
    rate = float(store().programme_params(programme.id).get("bonus_rate", bonus.rate))
    page_keys.seed(key, rate)
    options: list[object] = sorted({i / 20 for i in range(21)} | {rate})
    return Parameter(key, "bonus_rate", options, bonus.note.text(lang) if bonus.note else None)


def session2_and_bonus(programme: Programme, lang: Lang) -> None:
    """The session-2 policy (an assumption a student may change) and the bonus rate."""
    policy = policy_parameter(programme, lang)
    st.radio(
        t("session2_policy", lang) + f" ({t('assumption', lang)})",
        options=policy.options,
        format_func=lambda p: t(f"policy_{p}", lang),
        key=policy.key,
        on_change=keep_widget,
        args=(programme.id, policy.field, policy.key),
        horizontal=True,
    )
    if policy.note:
        st.caption(present.name(policy.note))
    rate = rate_parameter(programme, lang)
    if rate is not None:
        # A select slider, to write the rate the app's language's way ("0,1").
        st.select_slider(
            t("bonus_rate", lang),
            options=rate.options,
            format_func=lambda r: number(r, lang),
            key=rate.key,
            on_change=keep_widget,
            args=(programme.id, rate.field, rate.key),
        )
        if rate.note:
            st.caption(present.name(rate.note))


def _grade_picker(
    label: str, key: str, value: float, upper: float, on_change: Callable[[], None], lang: Lang
) -> None:
    """A grade from 0 to `upper` by half points, written the app's language's way ("10,5";
    Streamlit's number input always writes "10.50")."""
    options = sorted({i / 2 for i in range(int(upper * 2) + 1)} | {value})
    page_keys.seed(key, value)
    st.select_slider(
        label,
        options=options,
        format_func=lambda grade: number(grade, lang),
        key=key,
        on_change=on_change,
    )


def _keep_floor(programme_id: str, scale: float, toggle: str, key: str) -> None:
    """The floor's toggle: on, the floor shown (7/20 at first, the presets' unit floor, never
    above the threshold); off, no floor."""
    if not page_keys.widget(toggle):
        keep(programme_id, "course_floor", None)
        return
    threshold = store().programme_params(programme_id).get("threshold", scale / 2)
    keep(programme_id, "course_floor", page_keys.widget(key, min(scale * 0.35, threshold)))


def _reset_rule_choice(programme_id: str) -> None:
    plan = store()
    mine = plan.programme_params(programme_id)
    plan.set_programme_params(programme_id, {k: v for k, v in mine.items() if k not in RULE_CHOICE})


def my_rules(programme: Programme, lang: Lang) -> Parameters:
    """The « rules that apply to me » panel, for a programme whose rules are assumed; the
    parameters chosen."""
    pid = programme.id
    params = store().programme_params(pid)
    scale = float(programme.grade_scale.max)
    with st.container(border=True):
        st.subheader(t("my_rules_title", lang))
        st.caption(t("my_rules_intro", lang))
        preset_key, threshold_key = f"preset::{pid}", f"threshold::{pid}"
        floor_on_key, floor_key = f"floor_on::{pid}", f"floor::{pid}"
        compensation_key = f"compensation::{pid}"
        preset = params.get("rules_preset") or next(iter(PRESETS))
        page_keys.seed(preset_key, preset)
        st.radio(
            t("my_rules_preset", lang),
            options=list(PRESETS),
            format_func=lambda p: t(f"preset.{p}", lang),
            key=preset_key,
            on_change=keep_widget,
            args=(pid, "rules_preset", preset_key),
        )
        threshold = float(params.get("threshold", scale / 2))
        _grade_picker(
            t("my_rules_threshold", lang),
            threshold_key,
            threshold,
            scale,
            lambda: keep_widget(pid, "threshold", threshold_key),
            lang,
        )
        floor = params.get("course_floor")
        page_keys.seed(floor_on_key, floor is not None)
        st.toggle(
            t("my_rules_floor_on", lang),
            key=floor_on_key,
            on_change=_keep_floor,
            args=(pid, scale, floor_on_key, floor_key),
        )
        if floor is not None:
            _grade_picker(
                t("my_rules_floor", lang),
                floor_key,
                float(min(floor, threshold)),
                threshold,
                lambda: keep_widget(pid, "course_floor", floor_key),
                lang,
            )
        compensation = params.get("compensation")
        if compensation is None:
            compensation = PRESETS[preset]["compensation"] is not None
        page_keys.seed(compensation_key, bool(compensation))
        st.toggle(
            t("my_rules_compensation", lang),
            key=compensation_key,
            on_change=keep_widget,
            args=(pid, "compensation", compensation_key),
        )
        chosen = Parameters(**store().programme_params(pid))
        if chooses_rules(chosen):
            st.info(t("my_rules_in_force", lang), icon=":material/tune:")
            unweighted = unit_rules_note(programme, chosen)
            if unweighted:
                st.caption(
                    t(
                        "my_rules_ects_unknown",
                        lang,
                        units=", ".join(present.name(u) for u in unweighted),
                    )
                )
            st.button(
                t("my_rules_reset", lang),
                on_click=_reset_rule_choice,
                args=(pid,),
                key=f"reset::{pid}",
            )
        return chosen
