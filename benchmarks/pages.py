"""Server CPU per rerun, step by step, for one session (no concurrency).

Starts `streamlit run app.py` on 127.0.0.1, replays the load journey (grade edits in
session 1 and 2, a choice change, page switches) in one session and reads the server's
CPU time (/proc) around each step, with what the step drew. Two drivers, as `make load`:

* `--via browser` (default): Streamlit's websocket, as a browser tab (benchmarks.wire):
  the Grades page's sheet. What a step drew: the elements and blocks sent.
* `--via agent`: the agent API, on the Grades page's form (benchmarks.load.open_session). What a
  step drew: the elements on the page after it (the agent's snapshot).

Bounded: `--rounds` loops of the journey, the first one untimed (first visits fill caches).

With `--via browser`, beside each step: the floor's and the "sized floor's" CPU for the
same rerun. The sized floor is the floor app drawing as many more elements as the step
sent (benchmarks/element_app.py `?n=`: markdown, captions, containers, redrawn on each
rerun): what Streamlit itself charges for a rerun of that size with the cheapest elements
there are, whatever the app computes.

    python -m benchmarks.pages --rounds 10 [--via agent]
"""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks import wire
from benchmarks.harness import Server, interact
from benchmarks.journey import LOOP
from benchmarks.load import Run, action_keys, journey_step, open_session


def elements(node: object) -> int:
    """Nodes of the agent API's element tree: the elements and containers drawn."""
    if isinstance(node, dict):
        return (1 if "type" in node else 0) + sum(elements(v) for v in node.values())
    if isinstance(node, list):
        return sum(elements(v) for v in node)
    return 0


def label(step: int, kind: str) -> str:
    return f"{kind} (step {step % LOOP})"


def via_agent(server: Server, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    cpu: dict[str, list[float]] = {}
    drawn: dict[str, int] = {}
    data = open_session(server.url, False, Run(), 0)
    assert data is not None, "the set-up failed"
    session = data["session_id"]
    actions = action_keys(data)
    for step in range((rounds + 1) * LOOP):
        kind, body = journey_step(step, actions)
        before = server.cpu_seconds()
        _, data = interact(server.url, {"session_id": session, **body})
        if step >= LOOP:
            cpu.setdefault(label(step, kind), []).append(server.cpu_seconds() - before)
        if data is not None:
            actions = action_keys(data)
            drawn[label(step, kind)] = elements(data["tree"])
    return cpu, drawn


def via_browser(server: Server, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    cpu: dict[str, list[float]] = {}
    drawn: dict[str, int] = {}
    for step, kind, send in wire.replay(server.url, rounds + 1):
        before = server.cpu_seconds()
        sent = send()
        if step >= LOOP:
            cpu.setdefault(label(step, kind), []).append(server.cpu_seconds() - before)
            drawn[label(step, kind)] = sent
    return cpu, drawn


def floor_cpu(script: str, counts: set[int], rounds: int) -> dict[int, float]:
    """Server CPU per rerun of `script` (the floor app, or element_app.py drawing `n` more
    elements), one tab per count, `rounds` reruns each after 3 untimed ones."""
    server = Server(script)
    server.start()
    cpu: dict[int, float] = {}
    try:
        for n in sorted(counts):
            tab = wire.WireSession(server.url)
            tab.open("", f"n={n}")
            samples = []
            for step in range(rounds + 3):
                before = server.cpu_seconds()
                tab.set("x", double_value=float(step % 50))
                if step >= 3:
                    samples.append(server.cpu_seconds() - before)
            tab.close()
            cpu[n] = statistics.mean(samples)
    finally:
        server.stop()
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--script", default="app.py")
    parser.add_argument("--via", choices=["browser", "agent"], default="browser")
    args = parser.parse_args()
    server = Server(args.script)
    server.start()
    try:
        cpu, drawn = (via_browser if args.via == "browser" else via_agent)(server, args.rounds)
    finally:
        server.stop()
    what = "sent" if args.via == "browser" else "on the page after it"
    sized: dict[int, float] = {}
    if args.via == "browser":
        # /proc counts in 10 ms ticks: enough reruns per count for a mean to the 0.1 ms.
        sized = floor_cpu("benchmarks/element_app.py", {0, *drawn.values()}, 8 * args.rounds)
    for name, seconds in cpu.items():
        line = (
            f"{name:<16} {1000 * statistics.mean(seconds):6.1f} ms server CPU per step (mean)"
            f"  {drawn.get(name, 0):>4} elements {what}"
        )
        if sized:
            line += f"  sized floor {1000 * sized[drawn[name]]:5.1f} ms"
        print(line)
    every = [s for seconds in cpu.values() for s in seconds]
    print(f"{'journey':<16} {1000 * statistics.mean(every):6.1f} ms")
    if sized:
        steps = [drawn[name] for name, seconds in cpu.items() for _ in seconds]
        journey = statistics.mean(sized[n] for n in steps)
        print(
            f"{'floor':<16} {1000 * sized[0]:6.1f} ms per rerun; the sized floor's journey "
            f"{1000 * journey:.1f} ms = {journey / sized[0]:.2f}x the floor, ours "
            f"{statistics.mean(every) / sized[0]:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
