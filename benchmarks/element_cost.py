"""Streamlit's own cost per element: server CPU per rerun of the floor app drawing N more
elements (benchmarks/element_app.py), one browser tab, N = 0, 50, 100, 200. The slope is
the cost of one element on this machine; a page's floor is its element count times it.

    python -m benchmarks.element_cost --rounds 40
"""

from __future__ import annotations

import argparse
import sys

from benchmarks.pages import floor_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    cpu = floor_cpu("benchmarks/element_app.py", {0, 50, 100, 200}, args.rounds)
    for n, seconds in cpu.items():
        print(f"{n:>4} more elements: {1000 * seconds:6.1f} ms server CPU per rerun (browser tab)")
    slope = (cpu[200] - cpu[0]) / 200
    print(f"cost per element: {1e6 * slope:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
