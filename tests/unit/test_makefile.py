"""The Makefile's set-up: a bare `make` installs and says the two commands, `make run`
takes PORT. Read with `make -n` (what make would run, nothing run): the shared .venv is
never synced by a test."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.unit.support import REPO_ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args: str) -> list[str]:
    """The commands `make` would run, one per line (-W uv.lock: as if the lock had just
    changed, so the install step is among them whatever the stamp's date)."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "-W", "uv.lock", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_bare_make_installs_everything_then_says_the_two_commands():
    lines = dry_run()
    install = ".venv/bin/uv sync --quiet --locked --group test"
    assert install in lines
    said = lines[lines.index(install) + 1 :]
    assert any(line.startswith('echo "  make run ') for line in said), lines
    assert any(line.startswith('echo "  make test ') for line in said), lines
    assert not any("streamlit run" in line or "pytest" in line for line in lines)


def test_make_run_serves_on_port_8501_unless_told_another():
    assert dry_run("run")[-1] == ".venv/bin/streamlit run app.py --server.port 8501"
    assert dry_run("run", "PORT=8600")[-1] == ".venv/bin/streamlit run app.py --server.port 8600"
