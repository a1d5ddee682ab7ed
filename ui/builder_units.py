"""The "My programme" page's units, one at a time (a phone shows one unit's fields, not
sixty): the unit, its courses and its rule. The rule's own parameters are drawn from the
kind's class (its fields beyond those every kind shares), so a new kind needs no change
here beyond its texts."""

from __future__ import annotations

from functools import partial
from typing import Any, get_args

import streamlit as st

from planner import draft as drafts
from planner.frozen import MAX_COUNT, MAX_WEIGHT
from planner.messages import Lang
from planner.rules import KIND_BY_NAME, RuleBase
from ui import builder, page_keys, present
from ui.builder import PREFIX, document
from ui.i18n import t

UNIT_KEY = builder.UNIT_SHOWN
# What a unit is, and its text.
UNIT_KINDS = {
    "graded": "builder.unit_kind.graded",
    "bonus": "bonus",
    "activity": "builder.unit_kind.activity",
}
# The units' lists of tracks and options: their label and help.
MEMBERSHIP_TEXTS = {
    "tracks": ("builder.unit_tracks", "builder.unit_tracks_help"),
    "options": ("builder.unit_options", "builder.unit_options_help"),
}


def _unit_index(doc: dict[str, Any], unit_id: str) -> int | None:
    return next((i for i, u in enumerate(doc.get("units", [])) if u.get("id") == unit_id), None)


def _add_unit(name: str) -> None:
    doc, ident = drafts.add_unit(document(), name)
    builder.change(lambda _: doc)
    page_keys.seed(UNIT_KEY, ident)  # the new unit shown


def _remove_unit(unit_id: str) -> None:
    builder.change(lambda doc: drafts.remove_unit(doc, unit_id))
    builder.forget_fields()


def _add_course(unit_id: str, name: str) -> None:
    builder.change(lambda doc: drafts.add_course(doc, unit_id, name)[0])


def _remove_course(course_id: str) -> None:
    builder.change(lambda doc: drafts.remove_course(doc, course_id))
    builder.forget_fields()


def _set_unit_kind(unit_id: str, key: str) -> None:
    builder.change(lambda doc: drafts.set_unit_kind(doc, unit_id, page_keys.widget(key)))
    builder.forget_fields()


def _set_rule_kind(unit_id: str, key: str) -> None:
    builder.change(lambda doc: drafts.set_kind(doc, unit_id, page_keys.widget(key)))
    builder.forget_fields()


def _set_choose(unit_id: str, key: str) -> None:
    def edited(doc: dict[str, Any]) -> dict[str, Any]:
        index = _unit_index(doc, unit_id)
        assert index is not None
        n = len(doc["units"][index].get("courses", []))
        value = {"min": n and 1, "max": max(1, n)} if page_keys.widget(key) else None
        return drafts.set_in(doc, ("units", index, "choose"), value)

    builder.change(edited)
    builder.forget_fields()


def _told_apart(doc: dict[str, Any]) -> dict[str, str]:
    """Each unit's name in the unit picker; units of one name (M2 IM's FI and FA units)
    with the tracks or options that follow them, else their id."""
    units = doc.get("units", [])
    names = builder.named(units)
    tracks = builder.named(doc.get("tracks", [])) | builder.named(doc.get("options", []))
    repeated = {n for n in names.values() if list(names.values()).count(n) > 1}
    for unit in units:
        ident = unit.get("id")
        if names.get(ident) in repeated:
            whose = [tracks.get(i, i) for i in (*unit.get("tracks", []), *unit.get("options", []))]
            names[ident] += f" ({', '.join(whose) or ident})"
    return names


def units_section(lang: Lang) -> None:
    doc = document()
    units = _told_apart(doc)
    builder.add_by_name(
        "new_unit",
        t("builder.new_unit_name", lang),
        t("builder.add_unit", lang),
        _add_unit,
        placeholder=t("builder.new_unit_placeholder", lang),
    )
    if not units:
        st.info(t("builder.no_unit_yet", lang), icon=":material/info:")
        return
    if page_keys.widget(UNIT_KEY) not in units:
        page_keys.seed(UNIT_KEY, next(iter(units)))
    unit_id = st.selectbox(
        t("builder.unit_shown", lang),
        list(units),
        key=UNIT_KEY,
        format_func=units.__getitem__,
        help=t("builder.unit_shown_help", lang, n=len(units)),
    )
    index = _unit_index(doc, unit_id)
    assert index is not None
    with st.container(border=True):
        _unit_fields(doc, index, lang)


def _unit_fields(doc: dict[str, Any], index: int, lang: Lang) -> None:
    unit = doc["units"][index]
    uid = unit["id"]
    here: builder.Path = ("units", index)
    builder.text_field(t("builder.unit_name", lang), (*here, "name"), f"unit:{uid}:name", lang)
    left, right = st.columns(2)
    with left:
        builder.text_field(
            t("semester", lang),
            (*here, "semester"),
            f"unit:{uid}:semester",
            lang,
            optional=True,
            help=t("builder.semester_help", lang),
        )
    with right:
        builder.figure_field(
            t("builder.unit_ects", lang), (*here, "ects"), f"unit:{uid}:ects", lang
        )
    kind_key = f"{PREFIX}unit:{uid}:kind"
    page_keys.seed_once(kind_key, unit.get("kind", "graded"))
    st.radio(
        t("builder.unit_kind", lang),
        list(UNIT_KINDS),
        key=kind_key,
        format_func=lambda k: t(UNIT_KINDS[k], lang),
        horizontal=True,
        on_change=_set_unit_kind,
        args=(uid, kind_key),
        help=t("builder.unit_kind_help", lang),
    )
    for what, (label, help_id) in MEMBERSHIP_TEXTS.items():
        names = builder.named(doc.get(what, []))
        if names:
            builder.ids_field(
                t(label, lang),
                (*here, what),
                f"unit:{uid}:{what}",
                lang,
                names,
                help=t(help_id, lang),
            )
    _courses(doc, index, lang)
    if unit.get("kind", "graded") == "graded":
        _rule(doc, uid, lang)
    builder.findings_at(here, lang, exact=True)
    st.button(
        t("builder.remove_unit", lang, unit=present.label_name(unit.get("name") or uid)),
        key=f"{PREFIX}unit:{uid}:remove",
        on_click=_remove_unit,
        args=(uid,),
        icon=":material/delete:",
    )


def _courses(doc: dict[str, Any], index: int, lang: Lang) -> None:
    unit = doc["units"][index]
    uid = unit["id"]
    courses = {c.get("id"): (i, c) for i, c in enumerate(doc.get("courses", []))}
    st.markdown(f"**{t('builder.courses', lang)}**")
    listed = [cid for cid in unit.get("courses", []) if cid in courses]
    for number, cid in enumerate(listed, start=1):
        place, course = courses[cid]
        # Each field names its course: a screen reader lists them by their names alone.
        name = present.label_name(course.get("name") or cid)
        with st.container(border=True):
            here: builder.Path = ("courses", place)
            builder.text_field(
                t("builder.course_name", lang, n=number),
                (*here, "name"),
                f"course:{cid}:name",
                lang,
            )
            ects, cm, td = st.columns(3)
            with ects:
                builder.figure_field(
                    t("builder.course_ects", lang, course=name),
                    (*here, "ects"),
                    f"course:{cid}:ects",
                    lang,
                )
            with cm:
                builder.figure_field(
                    t("builder.course_cm", lang, course=name),
                    (*here, "lecture_hours"),
                    f"course:{cid}:cm",
                    lang,
                )
            with td:
                builder.figure_field(
                    t("builder.course_td", lang, course=name),
                    (*here, "tutorial_hours"),
                    f"course:{cid}:td",
                    lang,
                )
            _parts(course, place, name, lang)
            st.button(
                t("builder.remove_course", lang, course=name),
                key=f"{PREFIX}course:{cid}:remove",
                on_click=_remove_course,
                args=(cid,),
                icon=":material/delete:",
            )
    builder.add_by_name(
        f"unit:{uid}:new_course",
        t("builder.new_course_name", lang),
        t("builder.add_course", lang),
        partial(_add_course, uid),
        placeholder=t("builder.new_course_placeholder", lang),
    )
    n = len(unit.get("courses", []))
    choose_key = f"{PREFIX}unit:{uid}:chooses"
    page_keys.seed_once(choose_key, isinstance(unit.get("choose"), dict))
    st.checkbox(
        t("builder.unit_chooses", lang),
        key=choose_key,
        on_change=_set_choose,
        args=(uid, choose_key),
        disabled=n == 0,
        help=t("builder.unit_chooses_help", lang),
    )
    if isinstance(unit.get("choose"), dict):
        low, high = st.columns(2)
        with low:
            builder.number_field(
                t("builder.choose_min", lang),
                ("units", index, "choose", "min"),
                f"unit:{uid}:choose_min",
                lang,
                whole=True,
                high=MAX_COUNT,
                optional=False,
            )
        with high:
            builder.number_field(
                t("builder.choose_max", lang, n=n),
                ("units", index, "choose", "max"),
                f"unit:{uid}:choose_max",
                lang,
                whole=True,
                low=1,
                high=MAX_COUNT,
                optional=False,
            )


def _parts(course: dict[str, Any], place: int, name: str, lang: Lang) -> None:
    """The parts a course is assessed in (« CC 40 %, examen 60 % »), each with its weight
    and whether session 2 keeps it; none: the course is graded as a whole."""
    cid = course["id"]
    parts = course.get("components", [])
    title = (
        t("builder.parts", lang, course=name, n=len(parts))
        if parts
        else t("builder.parts_none", lang, course=name)
    )
    with st.expander(title):
        st.caption(t("builder.parts_help", lang))
        for index, part in enumerate(parts):
            here: builder.Path = ("courses", place, "components", index)
            key = f"part:{cid}:{part.get('id')}"
            builder.text_field(
                t("builder.part_name", lang, n=index + 1), (*here, "name"), f"{key}:name", lang
            )
            weight, kept = st.columns(2, vertical_alignment="bottom")
            with weight:
                builder.number_field(
                    t("builder.part_weight", lang, part=present.label_name(part.get("name") or "")),
                    (*here, "weight"),
                    f"{key}:weight",
                    lang,
                    low=0.01,
                    optional=False,
                )
            with kept:
                kept_key = f"{PREFIX}{key}:kept"
                page_keys.seed_once(kept_key, part.get("session2") == "kept")
                st.checkbox(
                    t("builder.part_kept", lang),
                    key=kept_key,
                    on_change=builder.set_field,
                    args=((*here, "session2"), kept_key, lambda v: "kept" if v else None),
                    help=t("builder.part_kept_help", lang),
                )
            st.button(
                t("builder.remove_part", lang, part=present.label_name(part.get("name") or "")),
                key=f"{PREFIX}{key}:remove",
                on_click=_remove_part,
                args=(cid, part.get("id")),
                icon=":material/delete:",
            )
        builder.add_by_name(
            f"course:{cid}:new_part",
            t("builder.new_part", lang),
            t("builder.add_part", lang),
            partial(_add_part, cid),
            placeholder=t("builder.new_part_placeholder", lang),
        )


def _add_part(course_id: str, name: str) -> None:
    builder.change(lambda doc: drafts.add_component(doc, course_id, name))


def _remove_part(course_id: str, part_id: str) -> None:
    builder.change(lambda doc: drafts.remove_component(doc, course_id, part_id))
    builder.forget_fields()


def _rule(doc: dict[str, Any], uid: str, lang: Lang) -> None:
    rules = drafts.get_in(doc, ("rules", "units"), [])
    place = next((i for i, r in enumerate(rules) if r.get("unit") == uid), None)
    st.markdown(f"**{t('builder.rule', lang)}**")
    if place is None:
        builder.findings_at(("rules", "units"), lang, exact=True)
        return
    rule = rules[place]
    here: builder.Path = ("rules", "units", place)
    kind_key = f"{PREFIX}rule:{uid}:kind"
    page_keys.seed_once(kind_key, rule.get("kind"))
    kind = st.selectbox(
        t("builder.rule_kind", lang),
        list(KIND_BY_NAME),
        key=kind_key,
        format_func=lambda k: t(KIND_BY_NAME[k].label_text, lang),
        on_change=_set_rule_kind,
        args=(uid, kind_key),
    )
    st.caption(t(KIND_BY_NAME[kind].explained_text, lang))
    scale = builder.grade_bounds(doc)
    left, right = st.columns(2)
    with left:
        builder.number_field(
            t("builder.threshold", lang),
            (*here, "threshold"),
            f"rule:{uid}:threshold",
            lang,
            high=scale,
            optional=False,
            help=t("builder.threshold_help", lang),
        )
    with right:
        builder.number_field(
            t("builder.course_floor", lang),
            (*here, "course_floor"),
            f"rule:{uid}:floor",
            lang,
            high=scale,
            help=t("builder.course_floor_help", lang),
        )
    builder.check_field(
        t("builder.strict", lang),
        (*here, "strict"),
        f"rule:{uid}:strict",
        lang,
        help=t("builder.strict_help", lang),
    )
    session2_key = f"{PREFIX}rule:{uid}:session2"
    page_keys.seed_once(session2_key, rule.get("session2", True) is not False)
    st.checkbox(
        t("builder.has_session2", lang),
        key=session2_key,
        on_change=builder.set_field,
        args=((*here, "session2"), session2_key, lambda v: None if v else False),
        help=t("builder.has_session2_help", lang),
    )
    _kind_parameters(doc, uid, place, kind, lang)
    builder.text_field(
        t("builder.rule_source", lang),
        (*here, "source"),
        f"rule:{uid}:source",
        lang,
        long=True,
        optional=True,
        help=t("builder.rule_source_help", lang),
    )
    builder.findings_at(here, lang, exact=True)


def _kind_parameters(doc: dict[str, Any], uid: str, place: int, kind: str, lang: Lang) -> None:
    """The kind's own parameters, from its class: a whole number (the k best), or a map of
    the unit's courses to coefficients (that may instead be 'by ECTS')."""
    cls = KIND_BY_NAME[kind]
    here: builder.Path = ("rules", "units", place)
    unit = next(u for u in doc["units"] if u.get("id") == uid)
    courses = builder.named(
        [c for c in doc.get("courses", []) if c.get("id") in unit.get("courses", [])]
    )
    for field, info in cls.model_fields.items():
        if field in RuleBase.model_fields:
            continue
        label_id, help_id = cls.parameter_texts[field]
        label = t(label_id, lang)
        if info.annotation is int:
            builder.number_field(
                label,
                (*here, field),
                f"rule:{uid}:{field}",
                lang,
                whole=True,
                low=1,
                high=MAX_COUNT,
                optional=False,
                help=t(help_id, lang),
            )
            continue
        # A map of the unit's courses to numbers, or one of a few words ('ects').
        words = [
            a for arg in get_args(info.annotation) for a in get_args(arg) if isinstance(a, str)
        ]
        texts = {w: t(cls.choice_texts[w], lang) for w in ("per_course", *words)}
        _per_course(doc, uid, here, field, texts, courses, label, t(help_id, lang), lang)


def _per_course(
    doc: dict[str, Any],
    uid: str,
    here: builder.Path,
    field: str,
    options: dict[str, str],
    courses: dict[str, str],
    label: str,
    help: str,
    lang: Lang,
) -> None:
    value = drafts.get_in(doc, (*here, field))
    mode_key = f"{PREFIX}rule:{uid}:{field}:mode"
    page_keys.seed_once(mode_key, value if isinstance(value, str) else "per_course")

    def set_mode() -> None:
        mode = page_keys.widget(mode_key)
        new = mode if mode != "per_course" else dict.fromkeys(courses, 1)
        builder.change(lambda d: drafts.set_in(d, (*here, field), new))
        builder.forget_fields()

    st.radio(
        label,
        list(options),
        key=mode_key,
        format_func=options.__getitem__,
        horizontal=True,
        on_change=set_mode,
        help=help,
    )
    if isinstance(value, dict):
        for cid, name in courses.items():
            builder.number_field(
                t("builder.coefficient_of", lang, course=present.label_name(name)),
                (*here, field, cid),
                f"rule:{uid}:{field}:{cid}",
                lang,
                low=0.01,
                high=MAX_WEIGHT,
                optional=False,
            )
