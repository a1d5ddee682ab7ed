"""« Share and save » in the sidebar: the dialog with the link, the JSON file and the PDF
(each built only when asked), and the upload of a saved file."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from planner.catalogue import Programme
from planner.evaluation import evaluate, read_plan_file
from planner.scenario import MAX_JSON_BYTES, MAX_SAVED, MAX_URL_CHARS, Scenario, ScenarioError
from ui.copy_link import copy_link_button
from ui.download import browser_download
from ui.file_input import Chosen, field_texts, file_input
from ui.i18n import t
from ui.persistence import LINK_PARAM
from ui.session import Selection, judged, lang
from ui.state import apply_scenario, catalogue, merge_saved, notify, saved_plans

SHARE_OPEN = "share_open"


SHARE_SHOWN = "share_shown"


UPLOAD_KEY = "upload_scenario"


PDF_KEY = "summary_pdf"


def share_area(selection: Selection) -> None:
    """The button that opens « Share and save » and the upload of a saved file; only the
    upload while the plan is not complete (nothing to share yet)."""
    if not selection.complete:
        _upload()
        return
    ss = st.session_state
    current = lang()
    # The link and the files are built when the dialog opens, from the plan as it
    # is then: a grade a page fragment stored since the last full run is in them.
    # Open until the student closes it: a rerun the page did not ask for (the
    # browser store's answer, in a session's first second) would otherwise close
    # the dialog just after it opened, as any run without the button's click does.
    st.button(
        t("share_and_save", current),
        icon=":material/share:",
        width="stretch",
        key=SHARE_OPEN,
        on_click=_show_share,
    )
    if ss.get(SHARE_SHOWN) != _page_hash():
        ss[SHARE_SHOWN] = None  # left without closing it (the browser's Back)
    if ss.get(SHARE_SHOWN) is not None:
        st.dialog(t("share_and_save", current), on_dismiss=_hide_share)(_share_and_save)(selection)
    with st.expander(t("open_saved", current), icon=":material/upload_file:"):
        _upload()


def _on_upload(file: Chosen) -> None:
    try:
        loaded = read_plan_file(file.name, file.text, catalogue())
        apply_scenario(loaded)
        added, full = merge_saved(loaded.saved)
        if full:
            notify(
                "warning",
                "file_loaded_left_out",
                name=file.name,
                added=t("scenarios_added", lang(), n=added),
                out=t("scenarios_left_out", lang(), n=full),
                most=MAX_SAVED,
            )
        elif added:
            notify("success", "file_loaded_saved", name=file.name, n=added)
        else:
            notify("success", "file_loaded", name=file.name)
    except ScenarioError as error:
        notify("warning", "file_refused", name=file.name, reason=error)


def _upload() -> None:
    current = lang()
    kb = MAX_JSON_BYTES // 1024

    file_input(
        UPLOAD_KEY,
        field_texts(
            t("upload", current, kb=kb), t("upload_help", current), MAX_JSON_BYTES, current
        ),
        accept=".json,application/json",
        max_bytes=MAX_JSON_BYTES,
        on_file=_on_upload,
    )


def share_link(link: str) -> str:
    base = (st.context.url or "").split("?")[0]
    if base.count("/") == 2:  # "http://host:port" has no path: link to the root page
        base += "/"
    return f"{base}?{LINK_PARAM}={link}&lang={lang()}"


def _page_hash() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else None


def _show_share() -> None:
    # Kept with its page: leaving the page another way than the dialog's own close
    # (the browser's Back) does not carry the dialog to the next page, or back.
    st.session_state[SHARE_SHOWN] = _page_hash()


def _hide_share() -> None:
    st.session_state[SHARE_SHOWN] = None


def _share_and_save(selection: Selection) -> None:
    """The dialog's content: what is built for a plan only when the student asks."""
    current = lang()
    programme = selection.programme
    assert programme is not None
    current_plan = judged(selection)
    plan = current_plan.plan
    if current_plan.url is None:
        st.warning(t("share.link_too_big", current, kb=MAX_URL_CHARS // 1024))
    else:
        st.caption(t("share_link", current))
        link = share_link(current_plan.url)
        st.code(link, language=None, wrap_lines=False)
        copy_link_button(link, key="copy_link")
    # Both files are saved by the browser (ui.download): nothing with grades is left
    # at a server address.
    browser_download(
        t("download_json", current),
        plan.model_copy(update={"saved": saved_plans()}).to_json().encode("utf-8"),
        t("plan_file_name", current),
        "application/json",
        key="download_json",
    )
    pdf = _summary_pdf(programme, plan)
    if pdf is None:
        st.button(
            t("prepare_pdf", current),
            on_click=_prepare_pdf,
            args=(programme, plan),
            icon=":material/picture_as_pdf:",
            width="stretch",
            key="prepare_pdf",
        )
    else:
        browser_download(
            t("download_pdf", current),
            pdf,
            t("summary_file_name", current),
            "application/pdf",
            key="download_pdf",
        )
    st.caption(t("privacy", current))


def _prepare_pdf(programme: Programme, plan: Scenario) -> None:
    """Build the PDF once, on request: fpdf and its fonts cost ~0.25 s, and most visits
    never print. Kept in the session (memory) for this exact plan and language only."""
    from planner.outputs.report import summary_pdf

    pdf = summary_pdf(programme, evaluate(programme, plan), lang(), dt.date.today())
    st.session_state[PDF_KEY] = (plan, lang(), pdf)


def _summary_pdf(programme: Programme, plan: Scenario) -> bytes | None:
    """The prepared PDF if it is of the plan now shown, in the language now shown; a PDF of
    an older state is dropped, so a printout always matches the screen."""
    kept = st.session_state.get(PDF_KEY)
    if kept is None:
        return None
    made_for, language, pdf = kept
    if made_for == plan and language == lang() and made_for.programme == programme.id:
        return pdf
    del st.session_state[PDF_KEY]
    return None
