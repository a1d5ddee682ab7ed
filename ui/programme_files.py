"""Where a built programme starts and where it goes: from nothing, a copy of another or a
programme file; its state (usable by every page, or what is left to fix); and its file —
downloaded as the YAML that `check-catalogue` accepts, opened again, or edited as text."""

from __future__ import annotations

from typing import Any

import streamlit as st
import yaml

from planner.catalogue import MAX_PROGRAMME_BYTES, CatalogueError
from planner.messages import Lang
from planner.own import draft_document
from planner.scenario import MAX_URL_CHARS
from ui import builder, own_programme, page_keys, present
from ui.download import browser_download
from ui.file_input import Chosen, field_texts, file_input
from ui.format import say
from ui.i18n import t
from ui.session import Selection, store
from ui.state import catalogue, notify

COPY_KEY = builder.PREFIX + "copy_of"
FILE_KEY = "programme_file"
TEXT_KEY = builder.PREFIX + "file_text"
CONFIRM_KEY = "builder_confirm_new"


def _select(programme_id: str) -> None:
    """The plan is on this programme from now on (the sidebar shows it)."""
    plan = store()
    plan.programme = programme_id
    plan.track = None
    plan.option = None


def _started(found: own_programme.Draft) -> None:
    builder.forget_fields()
    page_keys.drop(CONFIRM_KEY)
    if not found.errors:
        _select(found.programme_id)


def _blank() -> None:
    _started(own_programme.start_blank())


def _copy() -> None:
    programme = catalogue().get(page_keys.widget(COPY_KEY) or "")
    if programme is not None:
        _started(own_programme.start_from(programme))


def _open_file(file: Chosen) -> None:
    try:
        document = draft_document(file.text, file.name)
    except CatalogueError as error:
        notify("warning", "builder.file_refused", name=file.name, reason=str(error))
        return
    _started(own_programme.start_from_document(document))
    notify("success", "builder.file_opened", name=file.name)


def start_area(found: own_programme.Draft | None, lang: Lang) -> None:
    """The three ways to start. Once a programme is being built they sit in an expander
    that says starting again replaces it."""
    if found is None:
        _start_choices(lang)
        return
    with st.expander(t("builder.start_again", lang), icon=":material/restart_alt:"):
        st.warning(t("builder.start_again_warning", lang), icon=":material/warning:")
        _start_choices(lang)


def _start_choices(lang: Lang) -> None:
    st.button(t("builder.start_blank", lang), on_click=_blank, icon=":material/add:")
    programmes = {p.id: p.name for p in catalogue().programmes}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        st.selectbox(
            t("builder.copy_of", lang),
            list(programmes),
            key=COPY_KEY,
            format_func=programmes.__getitem__,
        )
    with right:
        st.button(t("builder.copy", lang), on_click=_copy, icon=":material/content_copy:")
    _file_picker(lang)


def _file_picker(lang: Lang) -> None:
    label = t("builder.open_file", lang, kb=MAX_PROGRAMME_BYTES // 1024)
    file_input(
        FILE_KEY,
        field_texts(label, t("builder.open_file_help", lang), MAX_PROGRAMME_BYTES, lang),
        accept=".yaml,.yml,application/yaml,text/yaml",
        max_bytes=MAX_PROGRAMME_BYTES,
        on_file=_open_file,
    )


def status(found: own_programme.Draft, selection: Selection, lang: Lang) -> None:
    """Usable (and planned on, or a button to plan on it), or what is left to fix."""
    name = str(found.document.get("name") or found.programme_id)
    in_use = own_programme.own(found.programme_id)
    if found.errors:
        st.warning(
            t("builder.problems", lang, n=len(found.errors))
            + (" " + t("builder.problems_last_version", lang) if in_use else ""),
            icon=":material/build:",
        )
        with st.expander(t("builder.problems_list", lang, n=len(found.findings))):
            for finding in found.findings:
                st.markdown(
                    f"- {present.name(where(finding.path, found.document, lang))}: "
                    f"{present.name(finding.text(lang))}"
                )
        return
    planned = selection.programme is not None and selection.programme.id == found.programme_id
    st.success(
        say("builder.ready_planned" if planned else "builder.ready", lang, name=name),
        icon=":material/check_circle:",
    )
    if not planned:
        st.button(
            t("builder.plan_on_it", lang),
            on_click=_select,
            args=(found.programme_id,),
            icon=":material/arrow_forward:",
        )
    if found.findings:
        with st.expander(t("builder.warnings_list", lang, n=len(found.findings))):
            for finding in found.findings:
                st.markdown(
                    f"- {present.name(where(finding.path, found.document, lang))}: "
                    f"{present.name(finding.text(lang))}"
                )


def where(path: tuple[str | int, ...], document: dict[str, Any], lang: Lang) -> str:
    """A place of the document as the page names it: "UE 2 › Courses to choose"."""
    parts: list[str] = []
    holder: Any = document
    for part in path:
        holder = holder[part] if _has(holder, part) else None
        if isinstance(holder, dict) and isinstance(holder.get("name"), str):
            parts.append(holder["name"] or str(holder.get("id", "")))
        elif isinstance(part, str) and not isinstance(holder, list):
            parts.append(part)
    return " › ".join(parts) or t("builder.whole_programme", lang)


def _has(holder: Any, part: str | int) -> bool:
    if isinstance(holder, dict):
        return part in holder
    return isinstance(holder, list) and isinstance(part, int) and 0 <= part < len(holder)


def file_section(found: own_programme.Draft, lang: Lang, max_bytes: int) -> None:
    """The programme as its file: downloaded, shared by link, edited as text. A draft
    with problems is not downloaded (check-catalogue would refuse it) but can be edited
    as text all the same."""
    document = found.document
    text = found.file_text
    st.markdown(t("builder.file_intro", lang))
    if text is None:
        st.info(t("builder.download_after_fixing", lang), icon=":material/build:")
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    else:
        browser_download(
            t("builder.download_yaml", lang),
            text.encode("utf-8"),
            f"{document.get('id') or 'programme'}.yaml",
            "application/yaml",
            key="download_programme",
        )
    st.markdown(t("builder.share_intro", lang, kb=MAX_URL_CHARS // 1024))
    st.subheader(t("builder.edit_text", lang), anchor=False)
    st.caption(t("builder.edit_text_help", lang))
    if page_keys.kept(TEXT_KEY + "::base") != text:
        page_keys.seed(TEXT_KEY, text)
        page_keys.keep(TEXT_KEY + "::base", text)
    st.text_area(t("builder.file_text", lang), key=TEXT_KEY, height=360, max_chars=max_bytes)
    st.button(t("builder.apply_text", lang), on_click=_apply_text, icon=":material/check:")


def _apply_text() -> None:
    typed = page_keys.widget(TEXT_KEY) or ""
    try:
        document = draft_document(typed, "programme.yaml")
    except CatalogueError as error:
        notify("warning", "builder.text_refused", reason=str(error))
        return
    found = own_programme.edit(document)
    builder.forget_fields()
    page_keys.drop(TEXT_KEY + "::base")
    if not found.errors:
        notify("success", "builder.text_applied")
