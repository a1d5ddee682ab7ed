"""One data editor of a row per course, stable across reruns.

Streamlit keeps a data editor's edits as deltas on the table it was first given, so that
table must not be rebuilt from the edited values on every rerun. It is built once per key
(plan, session, language, courses) and kept in the session; the page reads the edited
table back and stores the values it means.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from ui.session import lang


def editor_key(key: str, courses: Sequence[str]) -> str:
    digest = hashlib.sha1("|".join(courses).encode()).hexdigest()[:10]
    # The language is in the key: the column headers are built with the table.
    return f"editor::{key}::{lang()}::{digest}"


def course_table(
    key: str,
    courses: Sequence[str],
    columns: Callable[[], dict[str, list[object]]],
    *,
    disabled: list[str],
    column_config: dict[str, object],
    column_order: list[str] | None = None,
    on_change: Callable[..., None] | None = None,
    args: tuple[object, ...] = (),
) -> pd.DataFrame:
    widget_key = editor_key(key, courses)
    base_key = f"base::{widget_key}"
    if widget_key not in st.session_state or base_key not in st.session_state:
        st.session_state[base_key] = pd.DataFrame(columns(), index=pd.Index(courses, name="id"))
    return st.data_editor(
        st.session_state[base_key],
        key=widget_key,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        height=38 + 35 * len(courses),  # every row visible: no inner scrolling
        disabled=disabled,
        column_config=column_config,
        column_order=column_order,
        on_change=on_change,
        args=args,
    )
