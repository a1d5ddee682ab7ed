"""What the measuring tools and the test suite share, and the only module of benchmarks/
that tests/ imports besides the driver its own test checks (benchmarks.wire):

* the plan every journey drives (S&L, its fundamentals, 4 specialisation courses);
* Chromium's launch (Debian's /usr/bin/chromium; Playwright's download is never used);
* a `streamlit run` on a free 127.0.0.1 port with the agent API, and one agent request.

Nothing here imports tests/: the benchmarks run from a checkout without the test suite's
helpers, and a test helper can change without moving a figure.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")

# The plan: the S&L programme (catalogue/m2-stat-learning-2024.yaml), its five
# fundamentals (the unit a journey fails, then passes) and 4 specialisation courses. Each
# course of the specialisation is a checkbox on the Plan page (ui/course_picker.py); a
# choice change ticks one more course, and the next one unticks it.
SL = "m2-stat-learning-2024"
SL_LABEL = "M2 Statistique & Learning (2024-2025)"
FUNDAMENTALS = (
    "apprentissage-statistique",
    "introduction-apprentissage-automatique",
    "estimation-non-parametrique",
    "modele-lineaire-grande-dimension",
    "optimisation-apprentissage-automatique",
)
SPEC_IDS = ("gestion-donnees", "processus-ponctuels", "series-temporelles", "topics-modern-ml")
OTHER_COURSE = "analyse-statistique-graphes"


def choice_key(course: str) -> str:
    """The checkbox of a specialisation course (ui.course_picker.choice_key)."""
    return f"choice::specialisation::None::None::{course}"


# The 4 courses ticked at once, as the agent API sets widgets.
SPEC_TICKED = {choice_key(c): True for c in SPEC_IDS}

# E2E_CHROMIUM overrides the path (also a way to check the browser tests' skip/fail rule).
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Failed agent requests by kind, over the whole run (printed by the drivers).
ERRORS: Counter[str] = Counter()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(url: str, seconds: float) -> bool:
    """Whether `url` answers Streamlit's health check within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False


@dataclass
class Server:
    """`streamlit run script` on a free 127.0.0.1 port, the agent API on; only this
    process is ever stopped."""

    script: str
    # The working directory decides which .streamlit/config.toml applies: ROOT gives the
    # project's, an empty directory gives Streamlit's defaults.
    cwd: Path = ROOT
    port: int = 0
    max_sessions: int = 500
    ttl_seconds: int = 20
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.port = free_port()
        flags = {
            "server.address": "127.0.0.1",
            "server.port": self.port,
            "server.headless": "true",
            "browser.gatherUsageStats": "false",
            # The code measured must not be reloaded halfway through a run.
            "server.fileWatcherType": "none",
            "server.enableAgentApi": "true",
            "server.agentMaxSessions": self.max_sessions,
            "server.agentSessionTTL": self.ttl_seconds,
        }
        command = [sys.executable, "-m", "streamlit", "run", self.script]
        for name, value in flags.items():
            command += [f"--{name}", str(value)]
        self.process = subprocess.Popen(
            command, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not wait_healthy(self.url, 60):
            self.stop()
            raise SystemExit(f"{self.script}: server did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime

    def rss_mb(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def interact(
    url: str, body: dict[str, object], student_id: int = 0
) -> tuple[float, dict[str, object] | None]:
    """One agent API request (POST /_stcore/agent/interact): its seconds, and its answer
    (None when refused or failed; counted in ERRORS)."""
    # X-Student lets a proxy keep each student on one replica (sticky sessions).
    request = urllib.request.Request(
        f"{url}/_stcore/agent/interact",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", "X-Student": str(student_id)},
        method="POST",
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            data = json.loads(answer.read())
            ok = answer.status == 200 and data.get("status") != "error"
    except urllib.error.HTTPError as error:
        ERRORS[f"http {error.code}: {error.read()[:120]!r}"] += 1
        return time.perf_counter() - start, None
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as error:
        ERRORS[type(error).__name__] += 1
        return time.perf_counter() - start, None
    if not ok:
        text = json.dumps(data.get("tree"))
        at = text.find("exception")
        ERRORS[f"status {answer.status} {text[max(0, at - 50) : at + 400]}"] += 1
    return time.perf_counter() - start, data if ok else None
