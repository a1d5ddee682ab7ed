"""Streamlit's own cost per element: server CPU per rerun of the floor app drawing N more
elements (benchmarks/element_app.py), one session, N = 0, 50, 100, 200. The slope is the
cost of one element on this machine; a page's floor is its element count times it.

    python -m benchmarks.element_cost --rounds 40
"""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks.harness import Server, interact


def cpu_per_rerun(server: Server, n: int, rounds: int) -> float:
    _, data = interact(server.url, {"query_params": {"n": [str(n)]}})
    assert data is not None
    session = data["session_id"]
    samples = []
    for step in range(rounds + 5):
        before = server.cpu_seconds()
        interact(server.url, {"session_id": session, "widget_state": {"x": float(step % 50)}})
        if step >= 5:  # the first reruns are untimed
            samples.append(server.cpu_seconds() - before)
    return 1000 * statistics.mean(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    server = Server("benchmarks/element_app.py")
    server.start()
    try:
        counts = (0, 50, 100, 200)
        cpu = {n: cpu_per_rerun(server, n, args.rounds) for n in counts}
    finally:
        server.stop()
    for n, ms in cpu.items():
        print(f"{n:>4} more elements: {ms:6.1f} ms server CPU per rerun (agent API)")
    slope = (cpu[200] - cpu[0]) / 200
    print(f"cost per element: {1000 * slope:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
