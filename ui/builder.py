"""The "My programme" page's fields: each edits one place of the programme's document
(planner.draft) and says, right under it, what the checks find there (the same messages as
`check-catalogue`, in the app's language). A field's widget key names the thing it edits by
id ("build::unit:ue-2:name"), so that adding or removing a unit never moves a value into
another unit's field.

Names typed here are outside text, like a programme file's: escaped wherever drawn
(widget labels through present.label_name, markdown through present.name).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from planner import draft as drafts
from planner.frozen import MAX_FIGURE, MAX_GRADE_SCALE
from planner.messages import Lang
from ui import own_programme, page_keys, present
from ui.i18n import t

PREFIX = "build::"
UNIT_SHOWN = PREFIX + "unit"  # the unit the page shows: kept when the fields re-seed
Path = tuple[str | int, ...]
# A name as long as any real one; past it the field stops taking characters (the checks
# refuse a longer one from a file, naming the bound).
NAME_CHARS = 200
TEXT_CHARS = 2000


def document() -> dict[str, Any]:
    found = own_programme.draft()
    assert found is not None
    return found.document


def forget_fields() -> None:
    """The fields re-seed from the document (an edit moved things in it), showing the
    same unit."""
    page_keys.drop_prefixed(PREFIX, keep=(UNIT_SHOWN,))


def change(edit: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """A callback's edit of the draft (a planner.draft function), checked and kept."""
    own_programme.edit(edit(document()))


def set_field(
    path: Path,
    key: str,
    convert: Callable[[Any], Any],
    then: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """The widget `key`'s value, `convert`ed, written at `path` (a field's callback)."""
    value = convert(page_keys.widget(key))
    change(lambda doc: (then or _same)(drafts.set_in(doc, path, value)))


def _same(doc: dict[str, Any]) -> dict[str, Any]:
    return doc


# --- showing what the checks find ------------------------------------------------------


def findings_at(path: Path, lang: Lang, exact: bool = False) -> None:
    """What the checks find at `path` (and under it, unless `exact`), right there."""
    found = own_programme.draft()
    if found is None:
        return
    for finding in found.findings:
        here = finding.path == path if exact else finding.path[: len(path)] == path
        if here:
            text = present.name(finding.text(lang))
            if finding.severity == "error":
                st.error(text, icon=":material/error:")
            else:
                st.warning(text, icon=":material/warning:")


# --- fields ------------------------------------------------------------------------


def text_field(
    label: str,
    path: Path,
    key: str,
    lang: Lang,
    *,
    help: str | None = None,
    long: bool = False,
    optional: bool = False,
) -> None:
    """A name or a sentence. Left empty, an optional field is not written at all."""
    key = PREFIX + key
    value = drafts.get_in(document(), path)
    page_keys.seed_once(key, value if isinstance(value, str) else "")

    def convert(typed: Any) -> Any:
        text = typed if isinstance(typed, str) else ""
        return None if optional and not text.strip() else text

    widget = st.text_area if long else st.text_input
    widget(
        label,
        key=key,
        max_chars=TEXT_CHARS if long else NAME_CHARS,
        help=help,
        on_change=set_field,
        args=(path, key, convert),
    )
    findings_at(path, lang)


def number_field(
    label: str,
    path: Path,
    key: str,
    lang: Lang,
    *,
    whole: bool = False,
    low: float = 0,
    high: float = MAX_FIGURE,
    help: str | None = None,
    optional: bool = True,
    wrap: Callable[[float | None], Any] = lambda v: v,
    unwrap: Callable[[Any], float | None] = lambda v: v,
) -> None:
    """A number: left empty, an optional one is not written (not known, never 0).
    `wrap`/`unwrap` put it in the document's form (a figure: {value, status})."""
    key = PREFIX + key
    current = unwrap(drafts.get_in(document(), path))
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        seeded: float | None = int(current) if whole else float(current)
    else:
        seeded = None if optional else (int(low) if whole else float(low))
    page_keys.seed_once(key, seeded)

    def convert(value: Any) -> Any:
        if value is None:
            return None if optional else wrap(low)
        number = int(value) if whole else float(value)
        if not whole and number.is_integer():
            number = int(number)  # 10, not 10.0, in the file
        return wrap(number)

    st.number_input(
        label,
        key=key,
        min_value=int(low) if whole else float(low),
        max_value=int(high) if whole else float(high),
        step=1 if whole else 0.5,
        format="%d" if whole else "%g",  # 12, 12.5: not 12.00
        # Seeded through the session (page_keys): only an optional field says it may be
        # empty (a default beside a seeded key is what Streamlit warns about).
        value=None if optional else "min",
        help=help,
        on_change=set_field,
        args=(path, key, convert),
        placeholder=t("builder.not_known", lang) if optional else None,
    )
    findings_at(path, lang)


def figure_field(label: str, path: Path, key: str, lang: Lang, help: str | None = None) -> None:
    """An ECTS or hours figure: a number the student read in their programme (published),
    or empty (not known)."""
    number_field(
        label,
        path,
        key,
        lang,
        help=help,
        wrap=lambda v: None if v is None else {"value": v, "status": "published"},
        unwrap=lambda v: v.get("value") if isinstance(v, dict) else None,
    )


def check_field(label: str, path: Path, key: str, lang: Lang, *, help: str | None = None) -> None:
    """True or false; false is not written (every such key defaults to false)."""
    key = PREFIX + key
    page_keys.seed_once(key, drafts.get_in(document(), path) is True)
    st.checkbox(
        label,
        key=key,
        help=help,
        on_change=set_field,
        args=(path, key, lambda v: True if v else None),
    )
    findings_at(path, lang)


def choice_field(
    label: str,
    path: Path,
    key: str,
    lang: Lang,
    options: dict[str, str],
    *,
    default: str,
    help: str | None = None,
    unset: str | None = None,
) -> None:
    """One of `options` (value -> text shown); choosing `unset` removes the key."""
    key = PREFIX + key
    current = drafts.get_in(document(), path)
    page_keys.seed_once(key, current if current in options else default)
    st.selectbox(
        label,
        list(options),
        key=key,
        format_func=options.__getitem__,
        help=help,
        on_change=set_field,
        args=(path, key, lambda v: None if v == unset else v),
    )
    findings_at(path, lang)


def ids_field(
    label: str,
    path: Path,
    key: str,
    lang: Lang,
    names: dict[str, str],
    *,
    help: str | None = None,
    optional: bool = True,
    then: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """Several of the programme's things, by id (shown by name, as text: a multiselect's
    options are never markdown). `then`: what follows from the change (a group's
    coefficients follow its members)."""
    key = PREFIX + key
    current = drafts.get_in(document(), path) or []
    page_keys.seed_once(key, [i for i in current if i in names])
    st.multiselect(
        label,
        list(names),
        key=key,
        format_func=lambda i: names.get(i, i),
        help=help,
        on_change=set_field,
        args=(path, key, lambda v: (list(v) or None) if optional else list(v), then),
        placeholder=t("builder.none_chosen", lang),
    )
    findings_at(path, lang)


def add_by_name(
    key: str,
    label: str,
    button: str,
    add: Callable[[str], None],
    *,
    placeholder: str | None = None,
) -> None:
    """A field to name a new unit, course, group, track or option, and its button (a form:
    Enter in the field adds it too): `add(name)` runs with the name typed, unless blank,
    and the field is emptied for the next one."""
    key = PREFIX + key

    def added() -> None:
        name = (page_keys.widget(key) or "").strip()
        if name:
            add(name)
            page_keys.seed(key, "")

    with st.form(key + "_form", border=False):
        st.text_input(label, key=key, max_chars=NAME_CHARS, placeholder=placeholder)
        st.form_submit_button(button, on_click=added, icon=":material/add:")


def named(items: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Id -> name of the document's units, courses, tracks… (a name not typed yet shows
    its id)."""
    return {
        str(i.get("id")): str(i.get("name") or i.get("id"))
        for i in items
        if isinstance(i, dict) and i.get("id")
    }


def grade_bounds(doc: dict[str, Any]) -> float:
    scale = drafts.get_in(doc, ("grade_scale", "max"))
    ok = isinstance(scale, (int, float)) and 0 < scale <= MAX_GRADE_SCALE
    return float(scale) if ok else MAX_GRADE_SCALE
