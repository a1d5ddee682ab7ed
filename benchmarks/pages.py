"""Server CPU per rerun, page by page, for one session (no concurrency).

Starts `streamlit run app.py` on 127.0.0.1 with the agent API, chooses S&L and 4 courses,
then visits Grades → Catalogue → Calendar → Plan in a loop and reads the server's CPU time
(/proc) around each request. Bounded: `--rounds` visits of each page, then it stops.

    python -m benchmarks.pages --rounds 20
"""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks.load import JOURNEY, Server, interact


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--script", default="app.py")
    args = parser.parse_args()
    server = Server(args.script)
    server.start()
    try:
        _, data = interact(server.url, {})
        assert data is not None, "the first request failed"
        session = data["session_id"]
        for body in JOURNEY[:2]:  # choose the programme, then 4 courses
            interact(server.url, {"session_id": session, **body})
        pages = JOURNEY[2:]
        for body in pages:  # once each, untimed: first visits fill the caches
            interact(server.url, {"session_id": session, **body})
        cpu: dict[str, list[float]] = {}
        for step in range(args.rounds * len(pages)):
            body = pages[step % len(pages)]
            before = server.cpu_seconds()
            interact(server.url, {"session_id": session, **body})
            cpu.setdefault(str(body["page"]) or "plan", []).append(server.cpu_seconds() - before)
    finally:
        server.stop()
    for page, seconds in cpu.items():
        print(f"{page:<10} {1000 * statistics.mean(seconds):6.1f} ms server CPU per rerun (mean)")
    every = [s for seconds in cpu.values() for s in seconds]
    print(f"{'journey':<10} {1000 * statistics.mean(every):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
