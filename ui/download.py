"""A download made in the student's browser, so a file with grades never sits on the server.

`st.download_button` stores its file in the server's media store, where it stays at a
`/media/<id>` address for minutes after the session ends, and anyone holding that address
can fetch it. This button carries the bytes in the page it is drawn on; its script (ours,
fixed) turns them into a Blob and saves it. The data goes in as values, never as markup.
"""

from __future__ import annotations

import base64

from ui.elements import element

# Close to Streamlit's secondary button, with the theme's own variables where it has them.
# The app's other button of its own (ui.copy_link) looks the same.
BUTTON_CSS = """
button {
  font: inherit;
  color: inherit;
  background: var(--st-secondary-background-color, #fff);
  border: 1px solid rgba(49, 51, 63, 0.2);
  border-radius: 0.5rem;
  padding: 0.25rem 0.75rem;
  min-height: 2.5rem;
  width: 100%;
  cursor: pointer;
}
button:hover { border-color: var(--st-primary-color, #1f5fa8); }
button:focus-visible { outline: 2px solid var(--st-primary-color, #1f5fa8); }
"""

# Its script: static/elements.js, `browserDownload`.
_button = element("m2_browser_download", "browserDownload", css=BUTTON_CSS)


def browser_download(label: str, data: bytes, file_name: str, mime: str, key: str) -> None:
    """A button that saves `data` as `file_name`, built in the browser."""
    _button(
        key=key,
        data={
            "label": label,
            "base64": base64.b64encode(data).decode("ascii"),
            "file_name": file_name,
            "mime": mime,
        },
        width="stretch",
    )
