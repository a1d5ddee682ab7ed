"""ui/session.py is the one owner of the plan's session keys: no page, no other part of ui/,
not the router and not the app's tests read or write them in the session state directly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ui.session import DELETED, LANG, PENDING_OPEN, PLAN_KEYS

REPO = Path(__file__).resolve().parents[2]
OWNER = REPO / "ui" / "session.py"
OWNED = frozenset((*PLAN_KEYS, LANG, PENDING_OPEN, DELETED))
LOOKUPS = frozenset({"get", "pop", "setdefault"})


def _is_session_state(node: ast.expr, aliases: set[str]) -> bool:
    """`st.session_state`, `at.session_state`, or a name bound to one in the same file."""
    if isinstance(node, ast.Attribute) and node.attr == "session_state":
        return True
    return isinstance(node, ast.Name) and node.id in aliases


def plan_key_uses(source: str) -> list[tuple[int, str]]:
    """(line, key) of each plan key read or written straight in a session state."""
    tree = ast.parse(source)
    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _is_session_state(node.value, set())
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript) and _is_session_state(node.value, aliases):
            key = node.slice
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOOKUPS
            and _is_session_state(node.func.value, aliases)
            and node.args
        ):
            key = node.args[0]
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.ops[0], ast.In | ast.NotIn)
            and _is_session_state(node.comparators[0], aliases)
        ):
            key = node.left
        if isinstance(key, ast.Constant) and key.value in OWNED:
            found.append((node.lineno, str(key.value)))
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in OWNED  # st.session_state.grades
            and _is_session_state(node.value, aliases)
        ):
            found.append((node.lineno, node.attr))
    return found


def _checked_files() -> list[Path]:
    files = [REPO / "app.py"]
    for folder in ("views", "ui", "tests/app", "tests/e2e"):
        files += sorted((REPO / folder).rglob("*.py"))
    return [f for f in files if f != OWNER]


@pytest.mark.parametrize("path", _checked_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_only_ui_session_touches_the_plan_keys(path: Path) -> None:
    assert plan_key_uses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        'st.session_state["grades"] = {}',
        'x = st.session_state.get("saved", {})',
        'ss = st.session_state\nss["params"] = {}',
        'ss = at.session_state\nassert ss.pop("plans") == {}',
        'if "programme" in st.session_state: pass',
        "st.session_state.lang = 'fr'",
    ],
)
def test_each_way_of_touching_a_plan_key_is_found(source: str) -> None:
    assert len(plan_key_uses(source)) == 1


def test_other_keys_are_not_the_owners() -> None:
    source = 'st.session_state["grades_form_mode"] = True\nst.session_state.get("notice")'
    assert plan_key_uses(source) == []


@pytest.mark.parametrize("path", sorted((REPO / "views").glob("*.py")), ids=lambda p: p.name)
def test_a_page_touches_no_session_key_itself(path: Path) -> None:
    # Its widgets' and its own keys go through ui.page_keys, the plan through ui.session.
    assert "session_state" not in path.read_text(encoding="utf-8")
