"""The saved scenarios kept in the student's own browser (localStorage), never on the server.

The current plan lives in the address bar (ui.persistence keeps the share-link form there on
every change); the named scenarios of "My scenarios" live here, so that a reload, a tab
reopened or a server restart loses neither. One fixed script (ours, static/elements.js)
reads the stored text once per session and sends it to the server; after that the session
sends only what it changed (entries put or removed, by name), which the script applies to
what the browser holds at that moment: two tabs of one browser never write over each
other's scenarios. "Reset everything" writes a new reset mark: every other open tab then
forgets its plan too and writes nothing more. What the browser sends is outside text:
read_stored() validates every entry as a saved Scenario, one by one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import streamlit as st
from pydantic import ValidationError

from planner.scenario import FORMAT_NAME, SCENARIO_VERSION, SavedPlan, Scenario, ScenarioError
from ui.elements import element

STORAGE_KEY = "m2-planner-saved-scenarios"
RESET_KEY = "m2-planner-reset"
# localStorage holds a few MB per site. The saved list is 4 plans of ~2 KB, or up to
# ~66 KB each when a plan carries a programme someone built (planner.own bounds it to
# 64 KB), and the programme being built is one more: half a megabyte holds them all.
MAX_STORED_CHARS = 512 * 1024
MAX_DRAFT_CHARS = 128 * 1024

# Its script: static/elements.js, `browserStore` (which holds STORAGE_KEY, RESET_KEY and
# MAX_STORED_CHARS too; tests/app/test_elements.py keeps them equal).
_store = element("m2_browser_store", "browserStore")


Mode = Literal["read", "write", "reset", "none"]
Query = tuple[tuple[str, ...], dict[str, str]]
# What a tab believes the browser holds: name -> the entry's JSON text (None: an entry
# the browser holds under that name that no tab can read, to be removed).
Base = Mapping[str, str | None]


@dataclass(frozen=True)
class Stored:
    """What the browser sent, read: the entries that are valid saved plans, in order; the
    labels of those that are not (its name, or its place "#3" for an entry with no name)
    and the names to remove them by; the last plan drawn, in link form; `unreadable` when
    the text as a whole is not ours."""

    plans: tuple[SavedPlan, ...] = ()
    dropped: tuple[str, ...] = ()
    dropped_names: tuple[str, ...] = ()
    current: str | None = None
    draft: dict[str, object] | None = None  # the programme being built, its document
    unreadable: bool = False


def read_stored(text: str) -> Stored:
    """The browser's text, read entry by entry: one entry that cannot be read never costs
    the others. Any text at all (it is outside text): never raises."""
    if not text:
        return Stored()
    if len(text) > MAX_STORED_CHARS:
        return Stored(unreadable=True)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested past Python's limit
        return Stored(unreadable=True)
    if not isinstance(data, dict) or not isinstance(data.get("saved", []), list):
        return Stored(unreadable=True)
    plans: list[SavedPlan] = []
    dropped: list[str] = []
    dropped_names: list[str] = []
    for place, item in enumerate(data.get("saved", []), start=1):
        try:
            plan = SavedPlan.model_validate(item)
        except (ValidationError, ScenarioError, ValueError, TypeError, RecursionError):
            name = item.get("name") if isinstance(item, dict) else None
            if isinstance(name, str):
                dropped_names.append(name)
            dropped.append(name if isinstance(name, str) and name.strip() else f"#{place}")
            continue
        plans.append(plan.model_copy(update={"plan": plan.plan.without_saved()}))
    current = data.get("current")
    return Stored(
        plans=tuple(plans),
        dropped=tuple(dropped),
        dropped_names=tuple(dropped_names),
        current=current if isinstance(current, str) else None,
        draft=_draft(data.get("draft")),
    )


def _draft(text: object) -> dict[str, object] | None:
    """The programme being built, as the browser keeps it (its document's JSON text): a
    mapping, or nothing. What it holds is checked where it is used, as any document."""
    if not isinstance(text, str) or len(text) > MAX_DRAFT_CHARS:
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def draft_text(document: Mapping[str, object] | None) -> str | None:
    """The programme being built as the browser keeps it."""
    if document is None:
        return None
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def entry_text(plan: SavedPlan) -> str:
    """A saved plan's scenario as the session keeps it (its `saved` dict's values)."""
    return plan.plan.without_saved().to_json(indent=None)


def changes(
    base: Base,
    saved: Mapping[str, str],
    current: str | None,
    draft: str | Literal[False] | None = False,
) -> dict[str, object]:
    """What the browser must change so that it holds `saved` where it held `base`: the
    entries put (new or changed, in the scenario file's compact form) and the names
    removed; other entries are not this tab's to touch. `current`: the plan drawn, in link
    form (None: no complete plan). `draft`: the programme being built (draft_text()), when
    it changed since last written (None: removed; False, the default: unchanged).

    The browser adds a new name at the end of its list: an entry put back in its place
    (a deletion undone) has the entries after it removed and put again after it, so that
    the browser's order stays the session's."""
    names = list(saved)
    first_new = next((i for i, name in enumerate(names) if name not in base), len(names))
    again = [name for name in names[first_new:] if name in base]
    put = [
        SavedPlan(name=name, plan=Scenario.from_json(saved[name])).model_dump(
            mode="json", exclude_defaults=True
        )
        for name in names
        if base.get(name) != saved[name] or name in again
    ]
    written: dict[str, object] = {
        "format": FORMAT_NAME,
        "version": SCENARIO_VERSION,
        "put": put,
        "remove": [name for name in base if name not in saved] + again,
        "current": current,
    }
    if draft is not False:
        written["draft"] = draft
    return written


def outside(
    mode: Mode,
    lang: str,
    query: Query | None = None,
    written: dict[str, object] | None = None,
) -> dict[str, object]:
    """What keepOutside() is given. "read": the store then asks the browser for the stored
    text. "write": the browser applies `written` (changes()) to what it holds. "reset": the
    browser's copy is removed and every other tab told. Either way the page is marked as
    written in `lang`. `query`: the address bar's parameters to replace (all those named)
    and their new values."""
    data: dict[str, object] = {"mode": mode, "lang": lang}
    if written is not None:
        data.update(written)
    if query is not None:
        data["query"] = {"names": list(query[0]), "values": query[1]}
    return data


def mount(
    data: dict[str, object],
    key: str,
    on_stored: Callable[[], None],
    on_changed: Callable[[], None],
    on_reset: Callable[[], None],
) -> None:
    """The store, given outside() data. What the browser then sends lands in
    st.session_state[key]: `on_stored` after a "read" (its text), `on_changed` when
    another tab changed the saved scenarios (the new text), `on_reset` when another tab
    reset everything."""
    _store(
        key=key,
        data=data,
        on_stored_change=on_stored,
        on_changed_change=on_changed,
        on_reset_change=on_reset,
        height=0,
    )


def sent_text(key: str, event: str) -> str | None:
    """What the browser sent with `event`, inside its callback."""
    result = st.session_state.get(key)
    value = getattr(result, event, None) if result is not None else None
    return value if isinstance(value, str) else None
