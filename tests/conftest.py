"""Fixtures shared by the test folders: the repository root and the CLI's reference verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (where app.py and catalogue/ live)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def cli_evaluate(repo_root: Path) -> Callable[..., dict]:
    """`python -m planner evaluate - --json --lang LANG` on a scenario dict: the reference
    verdicts the UI must agree with. Results are cached per scenario and language."""
    cache: dict[str, dict] = {}

    def run(scenario: dict, lang: str = "en") -> dict:
        text = json.dumps(scenario, sort_keys=True)
        key = f"{lang}:{text}"
        if key not in cache:
            done = subprocess.run(
                [sys.executable, "-m", "planner", "evaluate", "-", "--json", "--lang", lang],
                input=text,
                capture_output=True,
                text=True,
                cwd=repo_root,
                check=False,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            cache[key] = json.loads(done.stdout)
        return cache[key]

    return run
