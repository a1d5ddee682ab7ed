"""The share link's « Copy the link » button, visible as any other button.

Streamlit's code box has a copy icon of its own, but it appears only when the pointer is
over the box: on a phone, only after tapping the box. This button's script (ours, fixed:
static/elements.js, `copyLink`) puts the link in the clipboard, or says it could not; the
outcome is shown under the button and read out by screen readers. The link goes in as a
value, never as markup.
"""

from __future__ import annotations

from ui.download import BUTTON_CSS
from ui.elements import element
from ui.i18n import t
from ui.session import lang

_CSS = (
    BUTTON_CSS
    + """
.status { margin: 0.25rem 0 0; font-size: 0.875rem; min-height: 1.25rem; }
"""
)

_button = element("m2_copy_link", "copyLink", css=_CSS)


def copy_link_button(link: str, key: str) -> None:
    """A button that copies `link` to the clipboard."""
    current = lang()
    _button(
        key=key,
        data={
            "link": link,
            "label": t("copy_link", current),
            "copied": t("link_copied", current),
            "failed": t("link_not_copied", current),
        },
        width="stretch",
    )
