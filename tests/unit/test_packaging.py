"""The project as a package: what the wheel ships, what it depends on, and the lock."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import planner
from tests.unit.support import IM, REPO_ROOT, SL

UV = Path(sys.executable).with_name("uv")
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))


def _uv(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(UV), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def _names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower().replace("_", "-") for r in requirements}


def test_the_lock_matches_pyproject():
    result = _uv("lock", "--check", "--offline")
    assert result.returncode == 0, result.stderr


def test_the_lock_check_fails_when_pyproject_changes(tmp_path):
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    for folder in ("planner", "catalogue"):
        shutil.copytree(REPO_ROOT / folder, tmp_path / folder, symlinks=True)
    assert _uv("lock", "--check", "--offline", cwd=tmp_path).returncode == 0
    text = (tmp_path / "pyproject.toml").read_text("utf-8")
    # A dependency dropped from pyproject.toml but still in the lock (offline: no new package).
    assert '"fpdf2>=2.8.9,<3",' in text
    (tmp_path / "pyproject.toml").write_text(text.replace('"fpdf2>=2.8.9,<3",', ""), "utf-8")
    result = _uv("lock", "--check", "--offline", cwd=tmp_path)
    assert result.returncode != 0
    said = " ".join(result.stderr.split())
    if "was not found in the cache" in said:
        # Re-resolving offline reads the index pages uv has cached, and an install made
        # from the lock's own URLs caches none: the check did fail, for want of them.
        pytest.skip(f"uv could not re-resolve offline here: {said}")
    assert "needs to be updated" in said


def _imported_top_level(folder: Path) -> set[str]:
    modules: set[str] = set()
    for file in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


@pytest.mark.parametrize("folder", ["planner", "ui", "views"])
def test_every_third_party_import_is_a_declared_dependency(folder):
    """The app and the package import only what [project.dependencies] installs."""
    ours = {"planner", "ui", "views"}
    third_party = _imported_top_level(REPO_ROOT / folder) - set(sys.stdlib_module_names) - ours
    declared = _names(PYPROJECT["project"]["dependencies"])
    distributions = packages_distributions()
    for module in sorted(third_party):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        assert names & declared, f"{folder}/ imports {module} ({names}), not in dependencies"


def test_test_tools_are_a_group_not_runtime_dependencies():
    runtime = _names(PYPROJECT["project"]["dependencies"])
    tools = _names(PYPROJECT["dependency-groups"]["test"])
    assert {"pytest", "ruff", "playwright", "uv"} <= tools
    assert not runtime & tools


def test_the_wheel_ships_the_catalogue_and_the_command(tmp_path):
    # The sdist, then the wheel from it, as a pip user without the checkout gets them.
    built = _uv("build", "--out-dir", str(tmp_path / "dist"), "--offline")
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert len(list((tmp_path / "dist").glob("*.tar.gz"))) == 1
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
        info = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_points = archive.read(info).decode()
    shipped = {f"planner/programmes/{p}.yaml" for p in (SL, IM)}
    assert shipped <= names
    assert "planner/programmes/programme.schema.json" in names
    assert {"planner/outputs/cli.py", "planner/outputs/report/layout.py"} <= names
    assert not any(n.startswith(("ui/", "views/", "tests/", "app.py")) for n in names)
    assert "m2-planner = planner.outputs.cli:main" in entry_points

    # Run from an unrelated folder, importing only the unpacked wheel's planner.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    run = subprocess.run(
        [sys.executable, "-m", "planner", "catalogue", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert [p["id"] for p in json.loads(run.stdout)["programmes"]] == [IM, SL]
    where = subprocess.run(
        [sys.executable, "-c", "import planner.catalogue as c; print(c.CATALOGUE_DIR)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "site")
    version = subprocess.run(
        [sys.executable, "-m", "planner", "--version"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert version.stdout.strip() == f"m2-planner {planner.__version__}"
