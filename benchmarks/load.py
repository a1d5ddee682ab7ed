"""Server under load: N concurrent sessions replay a student journey against
`streamlit run app.py`, and the same driver against the bare-Streamlit floor app.

Two drivers, each measured against the floor it drives the same way:

* `browser` (benchmarks.wire): browser tabs on Streamlit's websocket, sending what
  Chromium sends; grades are typed in the Grades page's sheet, as students do. One
  interaction = one rerun request until the session is idle again.
* `agent`: Streamlit's agent API (`--server.enableAgentApi true`, HTTP POST
  /_stcore/agent/interact), which cannot act on the sheet and enters grades through the
  page's form; each answer carries a JSON snapshot of the whole page.

Either way the layer measured is the server's whole share of an interaction (the rerun
and what it sends); the browser's rendering is in benchmarks/browser.py. Traffic goes to
127.0.0.1 only; every run is bounded in time and stops by itself.

    python -m benchmarks.load --sessions 60 --interval 5 --duration 60 [--via browser agent]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import journey, wire
from benchmarks.harness import (
    ERRORS,
    ROOT,
    SL_LABEL,
    SPEC_TICKED,
    Server,
    choice_key,
    interact,
)
from benchmarks.journey import Grades, Kind, Page, Retakes

# The agent API cannot act on a custom element (the grade sheet is one: "browser_required"),
# so the driver enters grades through the Grades page's form ("Enter the grades in a
# form"): the same store, evaluation and verdicts as the sheet, one submit per edit.
FORM_MODE = "grades_form_mode"
# Opens the session: the programme, 4 courses, the Grades page, the form.
SETUP: list[dict[str, object]] = [
    {"widget_state": {"programme": SL_LABEL}},
    {"widget_state": SPEC_TICKED},
    {"page": "grades"},
    {"widget_state": {FORM_MODE: True}},
]
Via = str  # "agent" (the agent API, the form) or "browser" (the websocket, the sheet)


def grade_edit(session: int, grades: dict[str, str]) -> dict[str, object]:
    return {
        "widget_state": {f"form::{session}::{c}": g for c, g in grades.items()},
        "trigger": {"key": f"grades_form_send::{session}"},
    }


def journey_step(step: int, actions: list[str]) -> tuple[Kind, dict[str, object]]:
    """A step of the journey (benchmarks.journey) as an agent API request; `actions`: the
    keys the last answer offered (the session-2 form's fields name the retakes)."""
    kind, what = journey.step_of(step)
    if isinstance(what, Retakes):
        retakes = [a.split("::", 2)[2] for a in actions if a.startswith("form::2::")][:2]
        what = Grades(2, dict.fromkeys(retakes, what.grade)) if retakes else what.otherwise
    if isinstance(what, Grades):
        return kind, grade_edit(what.session, what.grades)
    if isinstance(what, Page):
        return kind, {"page": what.path}
    return kind, {"widget_state": {choice_key(what.course): what.ticked}}


def floor_step(step: int, actions: list[str]) -> tuple[Kind, dict[str, object]]:
    # The bare app has one input: every interaction is its "grade edit".
    return "grade", {"widget_state": {"x": float(step % 97)}}


def action_keys(data: dict[str, object]) -> list[str]:
    return [str(a.get("key")) for a in data.get("actions") or () if isinstance(a, dict)]


@dataclass
class Run:
    latencies: dict[Kind, list[float]] = field(default_factory=dict)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: Kind, seconds: float | None, ok: bool) -> None:
        """One interaction; `seconds` None: it never got its answer."""
        with self.lock:
            if seconds is not None:
                self.latencies.setdefault(kind, []).append(seconds)
            self.errors += 0 if ok else 1

    def all(self) -> list[float]:
        return [s for kind in self.latencies.values() for s in kind]


def open_session(url: str, floor: bool, run: Run, student_id: int) -> dict[str, object] | None:
    """A new session, on the Grades page's form for the planner; its last snapshot."""
    seconds, data = interact(url, {}, student_id)
    run.record("open", seconds, data is not None)
    for body in () if floor else SETUP:
        if data is None:
            return None
        kind = "page" if "page" in body else "choice"
        seconds, data = interact(url, {"session_id": data["session_id"], **body}, student_id)
        run.record(kind, seconds, data is not None)
    return data


def student(url: str, floor: bool, interval: float, until: float, run: Run, seed: int) -> None:
    """One student: opens the app, sets up (the programme, courses, the Grades page's
    form), then the journey, one action every `interval` seconds (±20 %)."""
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, interval))  # sessions arrive spread over one interval
    seconds, data = interact(url, {}, seed)
    run.record("open", seconds, data is not None)
    if data is None:
        return
    session = data["session_id"]
    actions = action_keys(data)
    setup = [] if floor else [("page" if "page" in b else "choice", b) for b in SETUP]
    step = 0
    while time.monotonic() < until:
        time.sleep(max(0.0, interval * rng.uniform(0.8, 1.2)))
        if time.monotonic() >= until:
            break
        if setup:
            kind, body = setup.pop(0)
        else:
            kind, body = (floor_step if floor else journey_step)(step, actions)
            step += 1
        seconds, answer = interact(url, {"session_id": session, **body}, seed)
        run.record(kind, seconds, answer is not None)
        if answer is not None:
            actions = action_keys(answer)


def drive_via(
    via: Via,
    url: str,
    floor: bool,
    sessions: int,
    interval: float,
    duration: float,
    on_tick: Callable[[], object] = lambda: None,
    first_id: int = 0,
    journey: wire.Journey | None = None,
) -> Run:
    """Play `sessions` students against `url` for `duration` seconds (bounded), through
    the agent API or as browser tabs on the websocket (`journey`: another one than the
    planner's or the floor's)."""
    run = Run()
    until = time.monotonic() + duration
    if via == "agent":
        students = range(first_id, first_id + sessions)
        agents = [functools.partial(student, url, floor, interval, until, run, i) for i in students]
        wire.play(agents, until, on_tick)
        return run
    journey = journey or (wire.FLOOR if floor else wire.PLANNER)
    wire.drive(url, journey, sessions, interval, duration, run.record, on_tick, first_id)
    return run


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] if ordered else float("nan")


def summary(run: Run) -> dict[str, object]:
    every = run.all()
    grade = run.latencies.get("grade", [])
    return {
        "interactions": len(every),
        "errors": run.errors,
        "p50_ms": round(1000 * statistics.median(every), 1),
        "p95_ms": round(1000 * percentile(every, 0.95), 1),
        "grade_edits": len(grade),
        "grade_p50_ms": round(1000 * statistics.median(grade), 1) if grade else None,
        "grade_p95_ms": round(1000 * percentile(grade, 0.95), 1) if grade else None,
        "by_kind": {
            kind: {"n": len(v), "p95_ms": round(1000 * percentile(v, 0.95), 1)}
            for kind, v in sorted(run.latencies.items())
        },
    }


def floor_script(script: str) -> bool:
    return Path(script).name == "floor_app.py"


def measure(
    script: str,
    sessions: int,
    interval: float,
    duration: float,
    cwd: Path = ROOT,
    via: Via = "agent",
    journey: wire.Journey | None = None,
) -> dict[str, object]:
    server = Server(script, cwd)
    server.start()
    floor = floor_script(script)
    try:
        # Warm-up: imports and caches, as a running server has.
        if via == "browser":
            warm = journey or (wire.FLOOR if floor else wire.PLANNER)
            wire.open_tab(server.url, warm)[0].close()
        else:
            interact(server.url, {})
        rss_idle = server.rss_mb()
        cpu_before = server.cpu_seconds()
        peak = [rss_idle]
        run = drive_via(
            via,
            server.url,
            floor,
            sessions,
            interval,
            duration,
            on_tick=lambda: peak.append(server.rss_mb()),
            journey=journey,
        )
        cpu = server.cpu_seconds() - cpu_before
        # A closed tab's session ends with its websocket; an agent session after its TTL.
        if via == "browser":
            time.sleep(1)
        else:
            time.sleep(server.ttl_seconds + 5)
            interact(server.url, {})  # a request lets the server sweep closed sessions
        return {
            "app": script,
            "via": via,
            "config": "project .streamlit/config.toml" if cwd == ROOT else "Streamlit defaults",
            "sessions": sessions,
            **summary(run),
            "cpu_ms_per_interaction": round(1000 * cpu / max(1, len(run.all())), 1),
            "rss_idle_mb": round(rss_idle, 1),
            "rss_peak_mb": round(max(peak), 1),
            "rss_after_close_mb": round(server.rss_mb(), 1),
        }
    finally:
        server.stop()


def churn(script: str, total: int, wave: int) -> dict[str, object]:
    """Memory over many sessions: waves of `wave` sessions, each opening, editing grades
    and going idle; the server closes agent sessions idle for 5 s (its TTL, swept on a
    timer). RSS after the first wave closed against RSS after the last."""
    server = Server(script, max_sessions=2 * wave + 10, ttl_seconds=5)
    server.start()
    run = Run()
    rss: list[float] = []
    try:
        interact(server.url, {})
        for first in range(0, total, wave):
            threads = [
                threading.Thread(target=_short_visit, args=(server.url, run, i), daemon=True)
                for i in range(first, first + wave)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            # Past the TTL and the next sweep (every TTL seconds): the wave is closed.
            time.sleep(12)
            rss.append(server.rss_mb())
    finally:
        server.stop()
    return {
        "app": script,
        "sessions_opened_and_closed": total,
        "errors": run.errors,
        "rss_mb_after_each_wave": [round(r, 1) for r in rss],
        "rss_after_first_wave_mb": round(rss[0], 1),
        "rss_after_last_wave_mb": round(rss[-1], 1),
        "growth": round(rss[-1] / rss[0] - 1, 3),
    }


def _short_visit(url: str, run: Run, student_id: int) -> None:
    data = open_session(url, False, run, student_id)
    if data is None:
        return
    actions = action_keys(data)
    for step in range(8):  # grade edits, a failed unit and its retakes, choices, pages
        kind, body = journey_step(step, actions)
        seconds, answer = interact(url, {"session_id": data["session_id"], **body}, student_id)
        run.record(kind, seconds, answer is not None)
        if answer is not None:
            actions = action_keys(answer)


def print_checks(checks: list[tuple[str, str, str, bool]]) -> None:
    """One line per figure; one whose target is in brackets is a reference, not judged."""
    for name, value, target, met in checks:
        verdict = "" if target.startswith("(") else "met" if met else "MISSED"
        print(f"{name:<52} {value:>16}  {target:<22} {verdict}")


def _checks(
    via: Via, floor: dict[str, object], ours: dict[str, object], args: argparse.Namespace
) -> list[tuple[str, str, str, bool]]:
    """Our app against the bare floor: references. Issue #13's 2x CPU and 4x p95 lay below
    what Streamlit itself charges for pages of our size (the sized floor); issue #28 judges
    against the sized floor instead (_sized_checks)."""

    def ratio(key: str) -> float:
        if ours[key] is None or floor[key] is None:  # none of that kind in a short run
            return float("nan")
        return float(ours[key]) / max(0.1, float(floor[key]))  # type: ignore[arg-type]

    cpu, p95, grade = (
        ratio("cpu_ms_per_interaction"),
        ratio("p95_ms"),
        ratio("grade_p95_ms"),
    )
    return [
        (
            f"[{via}] server CPU per interaction vs floor",
            f"{ours['cpu_ms_per_interaction']}/{floor['cpu_ms_per_interaction']} ms {cpu:.2f}x",
            "(reference)",
            True,
        ),
        (
            f"[{via}] p95 with {args.sessions} sessions vs floor's p95",
            f"{ours['p95_ms']}/{floor['p95_ms']} ms {p95:.2f}x",
            "(reference)",
            True,
        ),
        (
            f"[{via}] (same) p95 of grade edits only vs floor's",
            f"{ours['grade_p95_ms']}/{floor['grade_p95_ms']} ms {grade:.2f}x",
            "(reference)",
            True,
        ),
        (f"[{via}] errors", str(ours["errors"]), "0", ours["errors"] == 0),
    ]


def planner_sizes() -> list[tuple[Kind, int]]:
    """The elements and blocks each step of the browser journey sends (one tab)."""
    server = Server("app.py")
    server.start()
    try:
        return wire.journey_sizes(server.url)
    finally:
        server.stop()


def _sized_checks(
    floor: dict[str, object], ours: dict[str, object], sized: dict[str, object], sessions: int
) -> list[tuple[str, str, str, bool]]:
    """Our app against the sized floor (Streamlit's own price for the same elements):
    the targets of issue #28; the sized floor against the bare one is a reference."""

    def ms(run: dict[str, object], key: str) -> float:
        return float(run[key])  # type: ignore[arg-type]

    def against(run: dict[str, object], base: dict[str, object], key: str) -> tuple[str, float]:
        times = ms(run, key) / max(0.1, ms(base, key))
        return f"{run[key]}/{base[key]} ms {times:.2f}x", times

    sized_cpu, _ = against(sized, floor, "cpu_ms_per_interaction")
    sized_p95, _ = against(sized, floor, "p95_ms")
    cpu, cpu_times = against(ours, sized, "cpu_ms_per_interaction")
    p95, p95_times = against(ours, sized, "p95_ms")
    return [
        ("[browser] sized floor: server CPU vs floor", sized_cpu, "(Streamlit's own)", True),
        ("[browser] sized floor: p95 vs floor's p95", sized_p95, "(Streamlit's own)", True),
        ("[browser] server CPU per interaction vs sized floor", cpu, "<= 1.4x", cpu_times <= 1.4),
        (
            f"[browser] p95 with {sessions} sessions vs sized floor's",
            p95,
            "<= 1.6x",
            p95_times <= 1.6,
        ),
        ("[browser] sized floor errors", str(sized["errors"]), "0", sized["errors"] == 0),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument(
        "--churn", type=int, default=500, help="sessions opened and closed for the memory check"
    )
    parser.add_argument(
        "--defaults-floor",
        action="store_true",
        help="also measure the floor app under Streamlit's default config",
    )
    parser.add_argument(
        "--via",
        nargs="+",
        choices=["browser", "agent"],
        default=["browser", "agent"],
        help="the drivers: the browser's websocket (the sheet), the agent API (the form)",
    )
    args = parser.parse_args()
    load = (args.sessions, args.interval, args.duration)
    results = []
    if args.defaults_floor:
        floor_app = ROOT / "benchmarks" / "floor_app.py"
        with tempfile.TemporaryDirectory() as bare:
            shutil.copy(floor_app, bare)
            results.append(measure(str(Path(bare) / floor_app.name), *load, cwd=Path(bare)))
    # The floor: the bare app under this project's config, measured in the same run, by
    # each driver: the browser's websocket (the grade sheet, as students use it) and the
    # agent API (the form, and a JSON snapshot of the page per answer).
    pairs = {}
    sized: dict[str, object] | None = None
    for via in args.via:
        floor = measure("benchmarks/floor_app.py", *load, via=via)
        ours = measure("app.py", *load, via=via)
        pairs[via] = (floor, ours)
        results += [floor, ours]
        if via == "browser":
            # Streamlit's own price for our journey: the floor app redrawing, step by step,
            # as many elements as our app sent, under the same load.
            journey = wire.sized_floor(planner_sizes())
            sized = measure("benchmarks/element_app.py", *load, via=via, journey=journey)
            results.append(sized)
    wave = min(50, args.churn)
    memory = churn("app.py", args.churn, wave) if args.churn else None
    for r in results:
        print(json.dumps(r))
    if memory:
        print(json.dumps(memory))
    if ERRORS:
        print("errors by kind:", dict(ERRORS))
    checks = [c for via, (floor, ours) in pairs.items() for c in _checks(via, floor, ours, args)]
    if sized is not None:
        checks += _sized_checks(*pairs["browser"], sized, args.sessions)
    if memory:
        growth = float(memory["growth"])  # type: ignore[arg-type]
        checks.append(
            (
                f"RSS after {args.churn} sessions vs after {wave}",
                f"{memory['rss_after_last_wave_mb']}/{memory['rss_after_first_wave_mb']} MB "
                f"{growth:+.1%}",
                "within 10 %",
                abs(growth) <= 0.10 and memory["errors"] == 0,
            )
        )
    print_checks(checks)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps({"runs": results, "memory": memory}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
