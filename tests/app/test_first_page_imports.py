"""The first page a visitor sees (the Plan page, no programme chosen) is drawn before
numpy and pandas load: the router loads them in the background afterwards (ui/warm.py).
A module that the router or the Plan page imports at its top must not load them, or
every cold start waits for them (docs/performance.md, "Import to first page")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def top_level_imports(script: Path) -> set[str]:
    modules = set()
    for node in ast.parse(script.read_text()).body:
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_the_first_page_imports_neither_numpy_nor_pandas():
    modules = top_level_imports(ROOT / "app.py") | top_level_imports(ROOT / "views" / "plan.py")
    assert "ui.computed" in modules  # the check below covers the cached figures' module
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in sorted(modules))
        + "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
