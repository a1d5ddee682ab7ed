"""Server CPU per rerun, step by step, for one session (no concurrency).

Starts `streamlit run app.py` on 127.0.0.1 with the agent API, opens the Grades page's
form on S&L with 4 courses chosen (benchmarks.load.SETUP), then replays the load journey
(grade edits in session 1 and 2, a choice change, page switches) and reads the server's
CPU time (/proc) around each request. Bounded: `--rounds` loops of the journey.

    python -m benchmarks.pages --rounds 10
"""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks.load import SETUP, Server, action_keys, interact, journey_step

LOOP = 12  # steps of benchmarks.load.journey_step


def elements(node: object) -> int:
    """Nodes of the agent API's element tree: the elements and containers drawn."""
    if isinstance(node, dict):
        return (1 if "type" in node else 0) + sum(elements(v) for v in node.values())
    if isinstance(node, list):
        return sum(elements(v) for v in node)
    return 0


def label(step: int, body: dict[str, object]) -> str:
    if "page" in body:
        return f"page {body['page'] or 'plan'}"
    if "trigger" in body:
        return f"grade edit (step {step % LOOP})"
    return f"choice (step {step % LOOP})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--script", default="app.py")
    args = parser.parse_args()
    server = Server(args.script)
    server.start()
    cpu: dict[str, list[float]] = {}
    drawn: dict[str, int] = {}
    try:
        _, data = interact(server.url, {})
        assert data is not None, "the first request failed"
        session = data["session_id"]
        for body in SETUP:
            _, data = interact(server.url, {"session_id": session, **body})
        assert data is not None, "the set-up failed"
        actions = action_keys(data)
        for step in range((args.rounds + 1) * LOOP):
            _, body = journey_step(step, actions)
            before = server.cpu_seconds()
            _, data = interact(server.url, {"session_id": session, **body})
            if step >= LOOP:  # the first loop is untimed: first visits fill the caches
                cpu.setdefault(label(step, body), []).append(server.cpu_seconds() - before)
            if data is not None:
                actions = action_keys(data)
                drawn[label(step, body)] = elements(data["tree"])
    finally:
        server.stop()
    for name, seconds in cpu.items():
        print(
            f"{name:<24} {1000 * statistics.mean(seconds):6.1f} ms server CPU per rerun (mean)"
            f"  {drawn.get(name, 0):>4} elements on the page after it"
        )
    every = [s for seconds in cpu.values() for s in seconds]
    print(f"{'journey':<24} {1000 * statistics.mean(every):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
