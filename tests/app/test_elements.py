"""The app's own elements load their scripts from the one module the app serves."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

from ui import browser_store
from ui.elements import SCRIPT, SCRIPT_URL, loader

ROOT = Path(__file__).resolve().parents[2]
MODULE = SCRIPT.read_text(encoding="utf-8")


def test_the_module_is_served_by_the_app_from_its_static_folder():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert SCRIPT.parent == ROOT / "static"


def test_the_modules_address_changes_with_its_text_so_no_old_copy_is_run():
    digest = hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:16]
    assert f"app/static/elements.js?v={digest}" == SCRIPT_URL


@pytest.mark.parametrize(
    "export", ["gradeSheet", "browserStore", "browserDownload", "fileInput", "copyLink"]
)
def test_each_elements_loader_names_a_function_the_module_exports(export):
    assert re.search(rf"^export function {export}\(", MODULE, re.MULTILINE)
    script = loader(export)
    assert f"module.{export}(args)" in script
    assert SCRIPT_URL in script
    assert len(script) < 300  # what each update of the element carries


def test_the_module_keeps_the_stores_key_and_bound_as_the_server_reads_them():
    assert f'const STORAGE_KEY = "{browser_store.STORAGE_KEY}";' in MODULE
    assert f"const MAX_STORED_CHARS = {browser_store.MAX_STORED_CHARS};" in MODULE
    assert f'const RESET_KEY = "{browser_store.RESET_KEY}";' in MODULE


def test_the_module_writes_no_markup_and_runs_no_text_as_code():
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in MODULE, sink
    # Addresses: only its own host's (the address bar, a Blob it made).
    assert not re.search(r"https?://", MODULE)
