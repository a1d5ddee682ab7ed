"""The last resort for an error no page expected: a short message in the app's language,
never a traceback (which would show the server's paths, and links to third parties).

The router catches what a page raises, so the sidebar, the address bar and the browser's
copy are still kept after it; `client.showErrorDetails = "none"` covers what fails
outside a page. The log gets the error's type and where it was raised, never its message:
a message can quote what the student entered.
"""

from __future__ import annotations

import logging
import traceback

import streamlit as st

from ui.i18n import t

_LOG = logging.getLogger("m2_planner")


def page_failed(error: Exception, lang: str) -> None:
    """Tell the student the page failed and that the plan is kept; log where, not what."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    _LOG.log(logging.ERROR, "page failed: %s at %s", type(error).__name__, where)
    st.error(t("page_failed", lang), icon=":material/error:")
