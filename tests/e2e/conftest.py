"""Browser fixtures: one Streamlit server per test session, Debian's Chromium via Playwright.

Chromium is never downloaded (`playwright install` is not used): the tests drive
/usr/bin/chromium. Without it they are skipped on a developer machine and fail under CI
(CI set in the environment), so that CI can never go green by skipping them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Chromium as the benchmarks launch it too (E2E_CHROMIUM overrides the path).
from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS

SERVER_START_TIMEOUT = 60.0
# `make test` runs two browsers at once (pytest-xdist) on a 2-core machine: a page with a
# simulation and a chart may take longer than Playwright's 5 s to draw. A passing check
# waits no longer for it.
expect.set_options(timeout=15_000)
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here starts a Streamlit server, a browser or both: marked `server`, so
    `pytest -m "not server"` runs the fast folders alone (plain `pytest` runs them all)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.server)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent: install Debian's chromium package to run e2e tests"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {message}", pytrace=False)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium_path: str) -> dict:
    """pytest-playwright's launch arguments, pointed at the system Chromium."""
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free local port, started again if it has died (another
    process on a shared machine may stop it); only this process is ever stopped."""

    def __init__(self, repo_root: Path, log: Path) -> None:
        self.repo_root, self.log = repo_root, log
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def ensure_running(self) -> str:
        if self.process is None or self.process.poll() is not None:
            self._start()
        return self.url

    def _start(self) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            # The code under test must not be reloaded halfway through a test run.
            "--server.fileWatcherType",
            "none",
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=self.repo_root, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                pytest.fail(
                    f"streamlit exited with {self.process.returncode}: {self.log.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer in {SERVER_START_TIMEOUT:.0f}s")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def streamlit_server(
    repo_root: Path, chromium_path: str, tmp_path_factory
) -> Iterator[StreamlitServer]:
    server = StreamlitServer(repo_root, tmp_path_factory.mktemp("streamlit") / "server.log")
    try:
        server.ensure_running()
        yield server
    finally:
        server.stop()


@pytest.fixture
def app_url(streamlit_server: StreamlitServer) -> str:
    """The base URL of the app, for a test that starts from a fresh browser session."""
    return streamlit_server.ensure_running()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
