"""Whose work a journey's server CPU is: the app's own code, or Streamlit's for the pages
the app draws; set against the sized floor.

    make where            (python -m benchmarks.where --rounds 6; needs the `bench` group)

Three servers in turn, one browser tab each (benchmarks.pages' journey on the websocket):
1. the app: the server CPU per step (/proc), and what each step drew;
2. the sized floor (benchmarks/element_app.py): Streamlit alone redrawing as many of its
   cheapest elements as each step drew;
3. the app again, with py-spy sampling it from outside over the same journey after its
   untimed first loop (py-spy reads the process's memory without stopping it, so the
   samples are not biased towards the points where Python releases its lock, as a
   sampler inside the process would be). Each busy thread's sample goes to the nearest
   frame that is the app's code (app.py, views/, ui/, planner/: with the libraries it
   calls itself, pydantic or plotly's figure building) or Streamlit's side (its script
   runner, its elements and widgets, the session, protobuf, Tornado's websocket, the
   event loop that serves them).

Streamlit's side × the CPU per step is what Streamlit charges for these pages whatever
the app computes. If that alone exceeds the target's multiple of the sized floor, no
change to the app's own code can meet the target: only fewer or cheaper elements can.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks import wire
from benchmarks.harness import ROOT, Server
from benchmarks.journey import LOOP
from benchmarks.pages import floor_cpu, via_browser

TARGET = 1.4  # server CPU per interaction, as a multiple of the sized floor's (issue #28)
RATE = 250  # samples per second
APP = tuple(str(ROOT / part) for part in ("app.py", "views", "ui", "planner"))
STREAMLIT_SIDE = ("streamlit", "tornado", "google", "websockets", "pyarrow")
# Where a waiting thread stands (innermost frame). py-spy tells an idle thread by its state
# in the kernel, which it reads without stopping the process: a thread caught on its way
# into or out of a wait is not work, and is left out (which lowers Streamlit's share).
WAITS = {
    ("selectors.py", "select"),
    ("threading.py", "wait"),
    ("thread.py", "_worker"),
    ("queue.py", "get"),
}


def journey_cpu(rounds: int) -> tuple[float, list[int]]:
    """The app's server CPU per step (mean), and each timed step's element count."""
    server = Server("app.py")
    server.start()
    try:
        cpu, drawn = via_browser(server, rounds)
    finally:
        server.stop()
    steps = [drawn[name] for name, seconds in cpu.items() for _ in seconds]
    return statistics.mean(s for seconds in cpu.values() for s in seconds), steps


def _package(path: str) -> str | None:
    marker = f"{os.sep}site-packages{os.sep}"
    return path.split(marker, 1)[1].split(os.sep, 1)[0] if marker in path else None


def side(stack: list[str]) -> tuple[str, str] | None:
    """A sampled stack (py-spy's frames, outermost first: `function (path:line)`):
    ("app" or "streamlit", the innermost library or app module that ran); None: a wait."""
    paths = [frame.rsplit(" (", 1)[-1].rsplit(":", 1)[0] for frame in stack]
    inner = paths[-1]
    function = stack[-1].split(" (", 1)[0].rsplit(".", 1)[-1]
    if (os.path.basename(inner), function) in WAITS:
        return None
    what = _package(inner) or (
        os.path.relpath(inner, ROOT)
        if inner.startswith(APP)
        else f"{os.path.basename(inner)} {stack[-1].split(' (', 1)[0]}"  # the stdlib's call
    )
    for path in reversed(paths):
        if path.startswith(APP):
            return "app", what
        if _package(path) in STREAMLIT_SIDE:
            return "streamlit", what
    return "streamlit", f"{what} (event loop)"


def sampled(rounds: int) -> Counter[tuple[str, str]]:
    """Busy threads' samples by side, over the journey after its untimed first loop."""
    py_spy = Path(sys.executable).parent / "py-spy"
    if not py_spy.exists():
        raise SystemExit("py-spy is missing: uv sync --group test --group bench (make where)")
    server = Server("app.py")
    server.start()
    assert server.process is not None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "samples.txt"
        spy: subprocess.Popen[bytes] | None = None
        try:
            for step, _, send in wire.replay(server.url, rounds + 1):
                if step == LOOP:
                    spy = subprocess.Popen(
                        [str(py_spy), "record", "--pid", str(server.process.pid), "--format",
                         "raw", "--full-filenames", "--nonblocking", "--rate", str(RATE),
                         "--output", str(out)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    )  # fmt: skip
                    time.sleep(1)  # py-spy attached before the first timed step
                send()
        finally:
            if spy is not None:
                spy.send_signal(signal.SIGINT)  # py-spy writes what it sampled, then exits
                spy.wait(timeout=60)
            server.stop()
        counts: Counter[tuple[str, str]] = Counter()
        for line in out.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if (found := side(stack.split(";"))) is not None:
                counts[found] += int(count)
        return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    ours, steps = journey_cpu(args.rounds)
    sized = floor_cpu("benchmarks/element_app.py", set(steps), 8 * args.rounds)
    sized_journey = statistics.mean(sized[n] for n in steps)
    samples = sampled(args.rounds)
    total = sum(samples.values())
    app = sum(n for (where, _), n in samples.items() if where == "app") / total
    print(
        f"server CPU per step: ours {1000 * ours:.1f} ms, the sized floor's "
        f"{1000 * sized_journey:.1f} ms ({ours / sized_journey:.2f} x)"
    )
    print(f"{total} busy samples: the app's code {100 * app:.1f} %, Streamlit's side "
          f"{100 * (1 - app):.1f} %; the largest:")  # fmt: skip
    for (where, what), count in samples.most_common(12):
        print(f"  {100 * count / total:5.1f} %  {where:<9}  {what}")
    price = (1 - app) * ours
    ratio = price / sized_journey
    verdict = "above it: out of the app's reach" if ratio > TARGET else "below it"
    print(
        f"Streamlit's side alone: {1000 * price:.1f} ms per step = {ratio:.2f} x the sized "
        f"floor, against the target {TARGET} x ({verdict}); the app's own code adds "
        f"{1000 * app * ours:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
