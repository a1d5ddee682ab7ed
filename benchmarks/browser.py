"""In Chromium: a key press → the new result drawn, for the bare-Streamlit floor app and for
the planner's core interaction (a grade typed in the Grades sheet → the verdict updated),
measured in the same run, idle and with N agent-API sessions loading the same server.

    python -m benchmarks.browser --edits 20 --sessions 60
    python -m benchmarks.browser --before ../before --edits 10 --rounds 3   # A/B, one run

Layer measured: the whole loop a student sees. The clock starts in the page at the Enter
that commits the value (a keydown listener, capture phase) and stops at the first
animation frame where the new result is in the DOM (`wait_for_function`, polled on
requestAnimationFrame). In between: the websocket message, the server's rerun, the
deltas back, React's render. The bytes are the websocket frames the browser receives for
one edit (Streamlit's forward messages), counted until the script is idle again. Beside
them, the server process's CPU over the edits (/proc, idle runs only), the floor's too:
what the server spends, against the time the page waits.

Beside the floor, the "sized floor": the floor's edit, in a fragment, on a page with as
many more elements as ours that it leaves as they are (benchmarks/element_app.py
?static=1), which is Streamlit's own cost in the browser for a page of that size.

Needs /usr/bin/chromium (Debian's package; Playwright's own download is never used).
Everything listens on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, sync_playwright

from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, SL, Server
from benchmarks.load import drive_via, percentile, print_checks
from planner.catalogue import load_catalogue
from planner.messages import number
from planner.scenario import Scenario
from ui.i18n import t

SPEC4 = (
    "analyse-statistique-graphes",
    "gestion-donnees",
    "processus-ponctuels",
    "series-temporelles",
)
PLAN = Scenario(
    programme=SL, choices=tuple(sorted(SPEC4)), grades={"estimation-non-parametrique": 55}
)
TIMEOUT = 30_000
# The time of the Enter that commits a value, in the page's clock.
MARK_ENTER = """() => {
  window.__enter = null;
  if (!window.__listening) {
    window.__listening = true;
    document.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && window.__enter === null) window.__enter = performance.now();
    }, true);
  }
}"""


# Where the time goes, in the page's clock: when the browser sends its rerun request and
# when each message of the answer arrives (the app's websocket, wrapped before it opens).
WIRE_CLOCK = """(() => {
  window.__sent = []; window.__received = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => window.__received.push(performance.now()));
    }
    send(data) { window.__sent.push(performance.now()); return super.send(data); }
  };
})();"""
PHASES = """(enter) => {
  const sent = window.__sent.filter((t) => t >= enter);
  const received = window.__received.filter((t) => t >= enter);
  return [sent[0] ?? null, received[0] ?? null, received[received.length - 1] ?? null];
}"""


@dataclass
class Edits:
    latencies_ms: list[float] = field(default_factory=list)
    # Enter → request sent, → first message back, → last message before drawn, → drawn.
    phases_ms: list[tuple[float, float, float, float]] = field(default_factory=list)
    bytes_per_edit: list[int] = field(default_factory=list)
    frames_per_edit: list[int] = field(default_factory=list)
    page_size: int = 0  # elements and blocks on the page (PAGE_SIZE)
    # The server process's CPU over the edits (not the page's opening); None: not measured.
    server_cpu_s: float | None = None

    def extend(self, other: Edits) -> None:
        self.latencies_ms += other.latencies_ms
        self.phases_ms += other.phases_ms
        self.bytes_per_edit += other.bytes_per_edit
        self.frames_per_edit += other.frames_per_edit
        self.page_size = other.page_size
        if other.server_cpu_s is not None:
            self.server_cpu_s = (self.server_cpu_s or 0.0) + other.server_cpu_s

    def figures(self) -> dict[str, object]:
        return {
            "edits": len(self.latencies_ms),
            "median_ms": round(statistics.median(self.latencies_ms), 1),
            "p95_ms": round(percentile(self.latencies_ms, 0.95), 1),
            "bytes_per_edit_median": int(statistics.median(self.bytes_per_edit)),
            "frames_per_edit_median": int(statistics.median(self.frames_per_edit)),
            "page_size": self.page_size,
            "server_cpu_per_edit_ms": (
                None
                if self.server_cpu_s is None
                else round(1000 * self.server_cpu_s / len(self.latencies_ms), 2)
            ),
            "phases_median_ms": {
                name: round(statistics.median(p[i] for p in self.phases_ms), 1)
                for i, name in enumerate(
                    ("enter_to_sent", "sent_to_first_answer", "first_to_last", "last_to_drawn")
                )
            },
        }


class Frames:
    """The websocket frames the page receives (Streamlit's forward messages)."""

    def __init__(self, page: Page) -> None:
        self.bytes = self.count = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload: bytes | str) -> None:
        self.bytes += len(payload)
        self.count += 1


def settle(page: Page) -> None:
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=TIMEOUT)
    page.wait_for_timeout(300)  # late frames (a component's own message) land in this edit


def open_page(browser, url: str) -> tuple[Page, Frames]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1400})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.add_init_script(WIRE_CLOCK)
    frames = Frames(page)
    page.goto(url)
    settle(page)
    page.wait_for_timeout(1500)  # the browser-storage read's rerun comes a moment later
    settle(page)
    page.evaluate(MARK_ENTER)
    return page, frames


def timed(
    page: Page, frames: Frames, edits: Edits, commit: Callable[[], None], drawn: str, arg: object
) -> None:
    page.evaluate(MARK_ENTER)
    before_bytes, before_count = frames.bytes, frames.count
    commit()
    handle = page.wait_for_function(
        f"(arg) => window.__enter !== null && ({drawn}) ? performance.now() : false",
        arg=arg,
        polling="raf",
        timeout=TIMEOUT,
    )
    drawn_at = float(handle.json_value())
    enter = float(page.evaluate("window.__enter"))
    edits.latencies_ms.append(drawn_at - enter)
    sent, first, last = page.evaluate(PHASES, enter)
    if sent is not None and first is not None:
        last = min(last, drawn_at)
        edits.phases_ms.append((sent - enter, first - sent, last - first, drawn_at - last))
    settle(page)
    edits.bytes_per_edit.append(frames.bytes - before_bytes)
    edits.frames_per_edit.append(frames.count - before_count)


def type_each(
    page: Page,
    frames: Frames,
    edits: Edits,
    box: Locator,
    values: list[int],
    drawn: str,
    expected: Callable[[int], object],
    cpu: Callable[[], float] | None = None,
) -> None:
    """Each value typed in `box` and sent by Enter, timed until `drawn` (a test of `arg`,
    in the page) holds for `expected(value)`. `cpu`: the server's CPU seconds so far, read
    around the edits (leave it out when other sessions share the server)."""
    start = cpu() if cpu else 0.0
    for value in values:
        box.fill(str(value))
        timed(page, frames, edits, lambda: box.press("Enter"), drawn, expected(value))
    if cpu:
        edits.server_cpu_s = (edits.server_cpu_s or 0.0) + cpu() - start


def floor_edits(browser, url: str, n: int, cpu: Callable[[], float] | None = None) -> Edits:
    page, frames = open_page(browser, url)
    edits = Edits(page_size=page.evaluate(PAGE_SIZE))
    metric = "document.querySelector(\"[data-testid='stMetricValue']\").innerText.trim()"
    try:
        type_each(
            page,
            frames,
            edits,
            page.get_by_role("spinbutton", name="x"),
            [11 + i % 80 for i in range(n)],
            f"parseFloat({metric}) === arg",
            lambda value: float(value * value),
            cpu,
        )
    finally:
        page.context.close()
    return edits


# What the browser redraws on a rerun: Streamlit's elements and layout blocks in the main
# area (a column, a bordered container, a form, an expander each count).
PAGE_SIZE = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  return main.querySelectorAll(
    "[data-testid='stElementContainer'], [data-testid='stVerticalBlock'], " +
    "[data-testid='stHorizontalBlock'], [data-testid='stColumn'], [data-testid='stExpander']"
  ).length;
}"""


def page_floor_edits(browser, url: str, size: int, n: int) -> Edits:
    """The floor's edit (a fragment now) on a page of `size` more elements that it leaves
    as they are: Streamlit's own cost, in the browser, of a page the Grades page's size."""
    return floor_edits(browser, f"{url}/?n={size}&static=1", n)


def drawn_mean(value: int) -> str:
    """The stage unit's card once the verdict of the new grade is drawn: « Mean 73 », then
    the end of the line or the next fact (a regular expression, for the page)."""
    return rf"{t('mean', 'en')} {number(value, 'en')}(\n| ·|$)"


def stage_label() -> str:
    """The internship's field: its course and unit, as the sheet and the form name it."""
    programme = load_catalogue().get(SL)
    assert programme is not None
    return f"{programme.course('stage').name} ({programme.unit('stage').name})"


# The internship card's figures, read as the floor reads its metric: one element's text
# (reading the whole page's innerText each frame would lay the page out, and time that).
MAIN_TEXT = "document.querySelector(\"[data-testid='stMain']\").innerText"
STAGE_FIGURES = (
    "(document.querySelector(\".m2-sheet section.card[aria-label='UE de Stage'] .figures\")"
    " || {}).textContent || ''"
)


def type_grades(
    page: Page,
    frames: Frames,
    edits: Edits,
    n: int,
    drawn: str,
    cpu: Callable[[], float] | None = None,
) -> None:
    """`n` internship grades typed in its field, each sent by Enter, until `drawn` (the
    text read in the page) says « Mean N »."""
    type_each(
        page,
        frames,
        edits,
        page.get_by_label(stage_label(), exact=True),
        [60 + i % 20 for i in range(n)],
        f"new RegExp(arg).test({drawn})",
        drawn_mean,
        cpu,
    )


def planner_edits(
    browser, url: str, n: int, drawn: str = STAGE_FIGURES, cpu: Callable[[], float] | None = None
) -> Edits:
    """The Grades page's sheet (the default): a grade is sent as it is typed."""
    page, frames = open_page(browser, f"{url}/grades?plan={PLAN.to_url()}&lang=en")
    edits = Edits(page_size=page.evaluate(PAGE_SIZE))
    try:
        type_grades(page, frames, edits, n, drawn, cpu)
    finally:
        page.context.close()
    return edits


def planner_form_edits(
    browser, url: str, n: int, drawn: str = STAGE_FIGURES, cpu: Callable[[], float] | None = None
) -> Edits:
    """The same edit in the page's form ("Enter the grades in a form"): Enter sends it."""
    page, frames = open_page(browser, f"{url}/grades?plan={PLAN.to_url()}&lang=en")
    edits = Edits()
    try:
        page.get_by_text(t("grades_as_form", "en"), exact=True).click()
        settle(page)
        edits.page_size = page.evaluate(PAGE_SIZE)
        type_grades(page, frames, edits, n, drawn, cpu)
    finally:
        page.context.close()
    return edits


def under_load(server: Server, floor: bool, sessions: int, measure: Callable[[], Edits]) -> Edits:
    """`measure` while `sessions` agent-API students act every 5 s on the same server."""
    stop = threading.Event()
    result: list[Edits] = []

    def load() -> None:
        while not stop.is_set():
            drive_via("agent", server.url, floor, sessions, 5.0, 30.0, first_id=1000)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    time.sleep(8)  # the sessions arrive over one interval, then set up
    try:
        result.append(measure())
    finally:
        stop.set()
        thread.join(timeout=150)
    return result[0]


def before_and_after(before: Path, rounds: int, n: int, names: list[str]) -> int:
    """The planner's edits (grid and form) against a second checkout's server (`before`,
    e.g. a `git worktree` of an earlier commit) and this one's, interleaved round by
    round in one browser, so both see the same machine."""
    servers = {"before": Server("app.py", cwd=before), "after": Server("app.py")}
    paths = {
        name: edit
        for name, edit in (("sheet", planner_edits), ("form", planner_form_edits))
        if name in names
    }
    measured = {(name, path): Edits() for name in servers for path in paths}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for server in servers.values():
                server.start()
                planner_form_edits(browser, server.url, 2, MAIN_TEXT)  # warm
            for _ in range(rounds):
                for (name, path), edits in measured.items():
                    # The whole page's text, as both versions draw the card differently.
                    server = servers[name]
                    edits.extend(paths[path](browser, server.url, n, MAIN_TEXT, server.cpu_seconds))
        finally:
            browser.close()
            for server in servers.values():
                server.stop()
    for (name, path), edits in measured.items():
        print(f"{name:>6} {path}", json.dumps(edits.figures()))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument(
        "--before",
        type=Path,
        help="a second checkout (git worktree add DIR COMMIT): its planner against this one's",
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --before")
    parser.add_argument(
        "--paths",
        nargs="+",
        choices=["sheet", "form"],
        default=["sheet", "form"],
        help="with --before: the entries compared (a checkout before the sheet has only the form)",
    )
    args = parser.parse_args()
    if args.before is not None:
        return before_and_after(args.before, args.rounds, args.edits, args.paths)
    floor_server = Server("benchmarks/floor_app.py")
    sized_floor = Server("benchmarks/element_app.py")
    ours = Server("app.py")
    results: dict[str, dict[str, object]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            floor_server.start()
            ours.start()
            planner_edits(browser, ours.url, 2)  # warm: imports, caches, first session
            floor_edits(browser, floor_server.url, 2)
            results["floor"] = floor_edits(
                browser, floor_server.url, args.edits, floor_server.cpu_seconds
            ).figures()
            results["planner"] = planner_edits(
                browser, ours.url, args.edits, cpu=ours.cpu_seconds
            ).figures()
            results["planner_form"] = planner_form_edits(
                browser, ours.url, args.edits, cpu=ours.cpu_seconds
            ).figures()
            sized_floor.start()
            for path in ("planner", "planner_form"):
                size = int(results[path]["page_size"])  # type: ignore[call-overload]
                results[f"{path}_sized_floor"] = page_floor_edits(
                    browser, sized_floor.url, size, args.edits
                ).figures()
            sized_floor.stop()
            if not args.sessions:
                return _report(results, args.sessions)
            results["floor_loaded"] = under_load(
                floor_server,
                True,
                args.sessions,
                lambda: floor_edits(browser, floor_server.url, args.edits),
            ).figures()
            results["planner_loaded"] = under_load(
                ours, False, args.sessions, lambda: planner_edits(browser, ours.url, args.edits)
            ).figures()
            results["planner_form_loaded"] = under_load(
                ours,
                False,
                args.sessions,
                lambda: planner_form_edits(browser, ours.url, args.edits),
            ).figures()
        finally:
            browser.close()
            floor_server.stop()
            sized_floor.stop()
            ours.stop()
    return _report(results, args.sessions)


def _report(results: dict[str, dict[str, object]], sessions: int) -> int:
    for name, figures in results.items():
        print(name, json.dumps(figures))
    floor = results["floor"]

    def ratio(a: dict[str, object], b: dict[str, object], key: str) -> float:
        return float(a[key]) / max(0.1, float(b[key]))  # type: ignore[arg-type]

    def shown(a: dict[str, object], b: dict[str, object], key: str) -> str:
        return f"{a[key]}/{b[key]} ms {ratio(a, b, key):.2f}x"

    checks = []
    for path, name in (("planner", "sheet"), ("planner_form", "form")):
        ours = results[path]
        checks += [
            (
                f"grade typed ({name}) → verdict drawn, median",
                shown(ours, floor, "median_ms"),
                "<= 1x floor",
                ratio(ours, floor, "median_ms") <= 1,
            ),
            (
                f"grade typed ({name}) → verdict drawn, p95",
                shown(ours, floor, "p95_ms"),
                "<= 2x floor",
                ratio(ours, floor, "p95_ms") <= 2,
            ),
        ]
        if sessions:
            loaded, floor_loaded = results[f"{path}_loaded"], results["floor_loaded"]
            checks.append(
                (
                    f"  the same with {sessions} agent sessions, p95",
                    shown(loaded, floor_loaded, "p95_ms"),
                    "<= 2.5x floor's",
                    ratio(loaded, floor_loaded, "p95_ms") <= 2.5,
                )
            )
        sized = results[f"{path}_sized_floor"]
        checks.append(
            (
                f"  Streamlit's limit: the floor's edit on a page of {ours['page_size']} elements",
                shown(ours, sized, "median_ms"),
                "(how close to it)",
                True,
            )
        )
        checks.append(
            (
                f"  server CPU per edit ({name}; the page's share is the rest)",
                f"{ours['server_cpu_per_edit_ms']}/{floor['server_cpu_per_edit_ms']} ms",
                "(floor's)",
                True,
            )
        )
        checks.append(
            (
                f"  bytes to the browser per edit ({name}, median)",
                f"{ours['bytes_per_edit_median']} B",
                f"(floor {floor['bytes_per_edit_median']} B)",
                True,
            )
        )
    print_checks(checks)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "browser.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
