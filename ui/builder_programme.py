"""The "My programme" page's programme-wide fields: what it is and where its rules are
written (name, institution, year, source, grade scale), its tracks and options, and the
rules across units (compensation groups and their nesting, session 2, absences, courses
kept)."""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from planner import draft as drafts
from planner.frozen import MAX_COUNT, MAX_GRADE_SCALE, MAX_WEIGHT
from planner.messages import Lang
from ui import builder, page_keys, present
from ui.builder import PREFIX, document
from ui.i18n import t

# Tracks and options: each text of their list, by what it is.
LIST_TEXTS = {
    "tracks": {
        "title": "builder.tracks",
        "help": "builder.tracks_help",
        "name": "builder.tracks_name",
        "new": "builder.new_tracks",
        "add": "builder.add_tracks",
    },
    "options": {
        "title": "options_col",
        "help": "builder.options_help",
        "name": "builder.options_name",
        "new": "builder.new_options",
        "add": "builder.add_options",
    },
}
# Each choice's text, by the value the file holds.
POLICY_TEXTS = {"replace": "builder.policy.replace", "keep_best": "builder.policy.keep_best"}
ABSENCE_TEXTS = {"blocks": "builder.absence.blocks", "zero": "builder.absence.zero"}
JUSTIFIED_TEXTS = {
    "as_absence": "builder.justified.as_absence",
    "neutralised": "builder.justified.neutralised",
    "blocks": "builder.absence.blocks",
    "zero": "builder.absence.zero",
}
FLOOR_BLOCKS_TEXTS = {"group": "builder.floor_blocks.group", "unit": "builder.floor_blocks.unit"}
GROUP_WEIGHTS_TEXTS = {"ects": "builder.group_weights.ects", "equal": "builder.group_weights.equal"}


def about_section(lang: Lang) -> None:
    builder.text_field(t("builder.programme_name", lang), ("name",), "name", lang)
    left, right = st.columns(2)
    with left:
        builder.text_field(
            t("builder.institution", lang), ("institution",), "institution", lang, optional=True
        )
    with right:
        builder.text_field(t("builder.academic_year", lang), ("academic_year",), "year", lang)
    builder.text_field(
        t("builder.source_title", lang),
        ("source", "title"),
        "source_title",
        lang,
        help=t("builder.source_title_help", lang),
    )
    builder.text_field(
        t("builder.source_document", lang),
        ("source", "document"),
        "source_document",
        lang,
        help=t("builder.source_document_help", lang),
    )
    left, right = st.columns(2)
    with left:
        builder.number_field(
            t("builder.grade_scale", lang),
            ("grade_scale",),
            "scale",
            lang,
            low=1,
            high=MAX_GRADE_SCALE,
            optional=False,
            help=t("builder.grade_scale_help", lang),
            # /20 until the student writes the scale their document gives: then it is
            # theirs, no longer assumed.
            wrap=lambda v: {"max": v, "status": "published"},
            unwrap=lambda g: g.get("max") if isinstance(g, dict) else None,
        )
    with right:
        builder.figure_field(
            t("chart_ects", lang),
            ("total_ects",),
            "total_ects",
            lang,
            help=t("builder.total_ects_help", lang),
        )
    for what in ("tracks", "options"):
        _named_list(what, lang)


def _named_list(what: str, lang: Lang) -> None:
    """Tracks (FI, FA…) or options (a specialisation): a name each; units name those they
    belong to (empty: every one)."""
    doc = document()
    texts = LIST_TEXTS[what]
    st.subheader(t(texts["title"], lang), anchor=False)
    st.caption(t(texts["help"], lang))
    for index, item in enumerate(doc.get(what, [])):
        ident = item.get("id")
        builder.text_field(
            t(texts["name"], lang, n=index + 1),
            (what, index, "name"),
            f"{what}:{ident}:name",
            lang,
        )
        st.button(
            t("builder.remove_named", lang, item=present.label_name(item.get("name") or ident)),
            key=f"{PREFIX}{what}:{ident}:remove",
            on_click=_remove_named,
            args=(what, ident),
            icon=":material/delete:",
        )
    builder.add_by_name(
        f"new:{what}", t(texts["new"], lang), t(texts["add"], lang), partial(_add_named, what)
    )


def _add_named(what: str, name: str) -> None:
    builder.change(lambda doc: drafts.add_named(doc, what, name))


def _remove_named(what: str, ident: str) -> None:
    builder.change(lambda doc: drafts.remove_named(doc, what, ident))
    builder.forget_fields()


# --- rules across units ------------------------------------------------------------


def rules_section(lang: Lang) -> None:
    doc = document()
    st.subheader(t("compensation", lang), anchor=False)
    st.caption(t("builder.compensation_help", lang))
    groups = drafts.get_in(doc, ("rules", "compensation"))
    for index, group in enumerate(groups if isinstance(groups, list) else []):
        with st.container(border=True):
            _group(doc, index, group, lang)
    builder.findings_at(("rules", "compensation"), lang, exact=True)
    builder.add_by_name(
        "new:group",
        t("builder.new_group", lang),
        t("builder.add_group", lang),
        _add_group,
        placeholder=t("builder.new_group_placeholder", lang),
    )
    st.subheader(t("session2", lang), anchor=False)
    builder.choice_field(
        t("builder.session2_policy", lang),
        ("rules", "session2", "policy"),
        "session2_policy",
        lang,
        {p: t(text, lang) for p, text in POLICY_TEXTS.items()},
        default="replace",
        help=t("builder.session2_policy_help", lang),
    )
    st.subheader(t("rule.topic_absence", lang), anchor=False)
    builder.choice_field(
        t("builder.absence", lang),
        ("rules", "absence"),
        "absence",
        lang,
        {m: t(text, lang) for m, text in ABSENCE_TEXTS.items()},
        default="blocks",
        unset="blocks",
    )
    builder.choice_field(
        t("builder.justified_absence", lang),
        ("rules", "justified_absence"),
        "justified_absence",
        lang,
        {m: t(text, lang) for m, text in JUSTIFIED_TEXTS.items()},
        default="as_absence",
        unset="as_absence",
    )
    st.subheader(t("builder.capitalisation", lang), anchor=False)
    kept_key = f"{PREFIX}capitalisation"
    kept = drafts.get_in(doc, ("rules", "course_capitalisation"))
    page_keys.seed_once(kept_key, isinstance(kept, dict))
    st.checkbox(
        t("builder.capitalisation_on", lang),
        key=kept_key,
        on_change=_set_capitalisation,
        args=(kept_key,),
        help=t("builder.capitalisation_help", lang),
    )
    if isinstance(kept, dict):
        builder.number_field(
            t("builder.capitalisation_threshold", lang),
            ("rules", "course_capitalisation", "threshold"),
            "capitalisation_threshold",
            lang,
            high=builder.grade_bounds(doc),
            optional=False,
        )
    _bonus_points(doc, lang)
    _jury_codes(doc, lang)
    _prerequisites(doc, lang)


def _bonus_points(doc: dict[str, Any], lang: Lang) -> None:
    """Points a course or a bonus unit earns above a grade, added to a unit's mean
    (« les points au-dessus de 10 … 5 % de ces points s'ajoutent à la moyenne »)."""
    st.subheader(t("builder.bonus_points", lang), anchor=False)
    st.caption(t("builder.bonus_points_help", lang))
    sources = builder.named(doc.get("courses", [])) | {
        u["id"]: u.get("name") or u["id"]
        for u in doc.get("units", [])
        if isinstance(u, dict) and u.get("kind") == "bonus" and u.get("id")
    }
    targets = {u: n for u, n in builder.named(doc.get("units", [])).items() if _graded(doc, u)}
    entries = drafts.get_in(doc, ("rules", "bonus_points"), [])
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        here: builder.Path = ("rules", "bonus_points", index)
        with st.container(border=True):
            left, right = st.columns(2)
            with left:
                builder.choice_field(
                    t("builder.bonus_earned_by", lang),
                    (*here, "earned_by"),
                    f"bonus:{index}:earned_by",
                    lang,
                    sources,
                    default=entry.get("earned_by") or next(iter(sources), ""),
                )
            with right:
                builder.choice_field(
                    t("builder.bonus_unit", lang),
                    (*here, "unit"),
                    f"bonus:{index}:unit",
                    lang,
                    targets,
                    default=entry.get("unit") or next(iter(targets), ""),
                )
            scale = builder.grade_bounds(doc)
            above, rate, cap = st.columns(3)
            with above:
                builder.number_field(
                    t("builder.bonus_above", lang),
                    (*here, "above"),
                    f"bonus:{index}:above",
                    lang,
                    high=scale,
                    optional=False,
                )
            with rate:
                builder.number_field(
                    t("builder.bonus_rate", lang),
                    (*here, "rate"),
                    f"bonus:{index}:rate",
                    lang,
                    high=1,
                    optional=False,
                    help=t("builder.bonus_rate_help", lang),
                )
            with cap:
                builder.number_field(
                    t("builder.bonus_cap", lang),
                    (*here, "cap"),
                    f"bonus:{index}:cap",
                    lang,
                    high=scale,
                )
            counts_key = f"{PREFIX}bonus:{index}:counts"
            page_keys.seed_once(counts_key, entry.get("counts", True) is not False)
            st.checkbox(
                t("builder.bonus_counts", lang),
                key=counts_key,
                on_change=builder.set_field,
                args=((*here, "counts"), counts_key, lambda v: None if v else False),
            )
            builder.findings_at(here, lang, exact=True)
            st.button(
                t("builder.remove_bonus", lang),
                key=f"{PREFIX}bonus:{index}:remove",
                on_click=_remove_bonus,
                args=(index,),
                icon=":material/delete:",
            )
    st.button(
        t("builder.add_bonus", lang),
        key=f"{PREFIX}bonus:add",
        on_click=_add_bonus,
        disabled=not (sources and targets),
        icon=":material/add:",
    )


def _add_bonus() -> None:
    builder.change(drafts.add_bonus_points)
    builder.forget_fields()


def _remove_bonus(index: int) -> None:
    builder.change(lambda doc: drafts.remove_at(doc, ("rules", "bonus_points"), index))
    builder.forget_fields()


def _jury_codes(doc: dict[str, Any], lang: Lang) -> None:
    """Codes beyond ADM, CMP and AJ, where the MCC writes them."""
    st.subheader(t("rule.topic_jury_codes", lang), anchor=False)
    codes = drafts.get_in(doc, ("rules", "jury_codes")) or {}
    for field, on, text, help_text in (
        ("absence", "DEF", "builder.jury_def", "builder.jury_def_help"),
        ("semesters", True, "builder.jury_semesters", "builder.jury_semesters_help"),
    ):
        key = f"{PREFIX}jury:{field}"
        page_keys.seed_once(key, codes.get(field) == on)
        st.checkbox(
            t(text, lang),
            key=key,
            on_change=_set_jury_code,
            args=(field, on, key),
            help=t(help_text, lang),
        )
    builder.findings_at(("rules", "jury_codes"), lang)


def _set_jury_code(field: str, on: object, key: str) -> None:
    builder.change(
        lambda doc: drafts.set_jury_code(doc, field, on if page_keys.widget(key) else None)
    )


def _prerequisites(doc: dict[str, Any], lang: Lang) -> None:
    """Units that count only once a unit or a semester is validated (or enough of its ECTS
    acquired: AJAC)."""
    st.subheader(t("rule.topic_prerequisites", lang), anchor=False)
    st.caption(t("builder.prerequisites_help", lang))
    units = {u: n for u, n in builder.named(doc.get("units", [])).items() if _graded(doc, u)}
    semesters = sorted(
        {u["semester"] for u in doc.get("units", []) if isinstance(u.get("semester"), str)}
    )
    periods = {f"unit:{u}": n for u, n in units.items()} | {
        f"semester:{s}": t("builder.semester_named", lang, semester=s) for s in semesters
    }
    entries = drafts.get_in(doc, ("rules", "prerequisites"), [])
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        here: builder.Path = ("rules", "prerequisites", index)
        with st.container(border=True):
            builder.ids_field(
                t("builder.prerequisite_units", lang),
                (*here, "units"),
                f"prerequisite:{index}:units",
                lang,
                units,
            )
            key = f"{PREFIX}prerequisite:{index}:requires"
            requires = entry.get("requires") or {}
            current = next((f"{k}:{v}" for k, v in requires.items() if v), None)
            page_keys.seed_once(key, current if current in periods else None)
            st.selectbox(
                t("builder.prerequisite_requires", lang),
                list(periods),
                key=key,
                format_func=periods.__getitem__,
                on_change=_set_requirement,
                args=(index, key),
                placeholder=t("builder.none_chosen", lang),
            )
            builder.number_field(
                t("builder.continue_with_ects", lang),
                (*here, "continue_with_ects"),
                f"prerequisite:{index}:ects",
                lang,
                help=t("builder.continue_with_ects_help", lang),
            )
            builder.findings_at(here, lang, exact=True)
            builder.findings_at((*here, "requires"), lang)
            st.button(
                t("builder.remove_prerequisite", lang),
                key=f"{PREFIX}prerequisite:{index}:remove",
                on_click=_remove_prerequisite,
                args=(index,),
                icon=":material/delete:",
            )
    st.button(
        t("builder.add_prerequisite", lang),
        key=f"{PREFIX}prerequisite:add",
        on_click=_add_prerequisite,
        disabled=len(units) < 2,
        icon=":material/add:",
    )


def _set_requirement(index: int, key: str) -> None:
    kind, _, value = str(page_keys.widget(key) or "").partition(":")
    builder.change(
        lambda doc: drafts.set_in(doc, ("rules", "prerequisites", index, "requires"), {kind: value})
    )


def _add_prerequisite() -> None:
    builder.change(drafts.add_prerequisite)
    builder.forget_fields()


def _remove_prerequisite(index: int) -> None:
    builder.change(lambda doc: drafts.remove_at(doc, ("rules", "prerequisites"), index))
    builder.forget_fields()


def _group(doc: dict[str, Any], index: int, group: dict[str, Any], lang: Lang) -> None:
    here: builder.Path = ("rules", "compensation", index)
    gid = group.get("id") or str(index)
    builder.text_field(t("builder.group_name", lang), (*here, "name"), f"group:{gid}:name", lang)
    follow = partial(_weights_follow, index)
    builder.ids_field(
        t("builder.group_units", lang),
        (*here, "units"),
        f"group:{gid}:units",
        lang,
        {u: n for u, n in builder.named(doc.get("units", [])).items() if _graded(doc, u)},
        optional=False,
        then=follow,
    )
    others = {
        g["id"]: g.get("name") or g["id"]
        for g in doc["rules"]["compensation"]
        if isinstance(g, dict) and g.get("id") and g.get("id") != group.get("id")
    }
    if others:
        builder.ids_field(
            t("builder.group_groups", lang),
            (*here, "groups"),
            f"group:{gid}:groups",
            lang,
            others,
            help=t("builder.group_groups_help", lang),
            then=follow,
        )
    scale = builder.grade_bounds(doc)
    left, right = st.columns(2)
    with left:
        builder.number_field(
            t("builder.group_threshold", lang),
            (*here, "threshold"),
            f"group:{gid}:threshold",
            lang,
            high=scale,
            optional=False,
        )
    with right:
        builder.number_field(
            t("builder.unit_floor", lang),
            (*here, "unit_floor"),
            f"group:{gid}:unit_floor",
            lang,
            high=scale,
            help=t("builder.unit_floor_help", lang),
        )
    _group_weights(doc, index, group, lang)
    left, right = st.columns(2)
    with left:
        builder.number_field(
            t("builder.min_ects_acquired", lang),
            (*here, "min_ects_acquired"),
            f"group:{gid}:min_ects",
            lang,
            help=t("builder.min_ects_acquired_help", lang),
        )
    with right:
        builder.number_field(
            t("builder.zeros_eliminatory", lang),
            (*here, "zeros_eliminatory"),
            f"group:{gid}:zeros",
            lang,
            whole=True,
            low=1,
            high=MAX_COUNT,
            help=t("builder.zeros_eliminatory_help", lang),
        )
    builder.choice_field(
        t("builder.floor_blocks", lang),
        (*here, "floor_blocks"),
        f"group:{gid}:floor_blocks",
        lang,
        {b: t(text, lang) for b, text in FLOOR_BLOCKS_TEXTS.items()},
        default="group",
        unset="group",
    )
    builder.findings_at(here, lang, exact=True)
    st.button(
        t("builder.remove_group", lang, group=present.label_name(group.get("name") or gid)),
        key=f"{PREFIX}group:{gid}:remove",
        on_click=_remove_group,
        args=(index,),
        icon=":material/delete:",
    )


def _weights_follow(index: int, doc: dict[str, Any]) -> dict[str, Any]:
    weights = drafts.get_in(doc, ("rules", "compensation", index, "weights"))
    return drafts.set_group_weights(doc, index, "equal") if isinstance(weights, dict) else doc


def _group_weights(doc: dict[str, Any], index: int, group: dict[str, Any], lang: Lang) -> None:
    """By their ECTS, or a coefficient per member (units, and groups it holds)."""
    gid = group.get("id") or str(index)
    key = f"{PREFIX}group:{gid}:weights"
    weights = group.get("weights")
    page_keys.seed_once(key, "equal" if isinstance(weights, dict) else "ects")
    options = {w: t(text, lang) for w, text in GROUP_WEIGHTS_TEXTS.items()}

    def changed() -> None:
        builder.change(lambda d: drafts.set_group_weights(d, index, page_keys.widget(key)))
        builder.forget_fields()

    st.radio(
        t("builder.group_weights", lang),
        list(options),
        key=key,
        format_func=options.__getitem__,
        horizontal=True,
        on_change=changed,
    )
    if isinstance(weights, dict):
        names = builder.named(doc.get("units", [])) | {
            g["id"]: g.get("name") or g["id"]
            for g in doc["rules"]["compensation"]
            if isinstance(g, dict) and g.get("id")
        }
        for member in weights:
            name = present.label_name(names.get(member, member))
            builder.number_field(
                t("builder.coefficient_of", lang, course=name),
                ("rules", "compensation", index, "weights", member),
                f"group:{gid}:weight:{member}",
                lang,
                low=0.01,
                high=MAX_WEIGHT,
                optional=False,
            )


def _graded(doc: dict[str, Any], unit_id: str) -> bool:
    unit = next((u for u in doc.get("units", []) if u.get("id") == unit_id), {})
    return unit.get("kind", "graded") == "graded"


def _add_group(name: str) -> None:
    builder.change(lambda doc: drafts.add_group(doc, name, [])[0])


def _remove_group(index: int) -> None:
    builder.change(lambda doc: drafts.remove_group(doc, index))
    builder.forget_fields()


def _set_capitalisation(key: str) -> None:
    on = bool(page_keys.widget(key))

    def edited(doc: dict[str, Any]) -> dict[str, Any]:
        value = {"threshold": drafts.pass_mark(doc), "status": "assumed"} if on else None
        return drafts.set_in(doc, ("rules", "course_capitalisation"), value)

    builder.change(edited)
    builder.forget_fields()
