"""Scale: how many students acting every 5 s one machine holds with every interaction's
p95 ≤ 300 ms (a tab's first page included), as one process and as N `streamlit run`
replicas behind Debian's HAProxy on 127.0.0.1, ramping the number of students (the journey
of benchmarks/load.py: `--via browser`, the default, plays browser tabs on Streamlit's
websocket and the grade sheet, as students use it; `--via agent` the agent API and the
form).

    python -m benchmarks.replicas --replicas 2 --ramp 60,150,300,420,480 --step-duration 60

Each step plays new students for --step-duration seconds against servers already warm (a
student spends its first 25 s opening the app and setting up, then edits grades);
the knee is the largest step held (every kind's p95 within 300 ms, no errors), every
smaller step held too. Printed beside issue #28's targets for one process: 300 students
held, the knee above 400.
Needs `haproxy` on PATH for replicas > 1 (apt-get install haproxy). Everything listens on
127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import wire
from benchmarks.harness import ROOT, Server, free_port, interact, wait_healthy
from benchmarks.load import Via, drive_via, print_checks, summary

TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"
# Issue #28's targets: at 300 students on one process, every interaction's p95 (a tab's
# first page included) within 300 ms; the knee of one process above 400 students.
TARGET_MS = 300.0
TARGET_STUDENTS = 300
KNEE_STUDENTS = 400
ONE_PROCESS = "one process"


def start_proxy(replicas: list[Server], folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    servers = "\n".join(
        f"    server r{i} 127.0.0.1:{r.port} check cookie r{i}" for i, r in enumerate(replicas)
    )
    config = folder / "haproxy.cfg"
    config.write_text(TEMPLATE.read_text().format(bind=f"127.0.0.1:{port}", servers=servers))
    proxy = subprocess.Popen(
        ["haproxy", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_healthy(url, 20):
        proxy.terminate()
        raise SystemExit("haproxy did not answer")
    return proxy, url


def ramp(
    replica_count: int, steps: list[int], step_duration: float, via: Via
) -> list[dict[str, object]]:
    """One configuration: its servers started once, then each step of the ramp."""
    replicas = [Server("app.py", max_sessions=2000) for _ in range(replica_count)]
    proxy: subprocess.Popen[bytes] | None = None
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        try:
            for replica in replicas:
                replica.start()
                # Warm each replica, as a running one is.
                if via == "browser":
                    wire.open_tab(replica.url, wire.PLANNER)[0].close()
                else:
                    interact(replica.url, {})
            if replica_count > 1:
                proxy, url = start_proxy(replicas, Path(folder))
            else:
                url = replicas[0].url
            first_id = 0
            for students in steps:
                cpu_before = [r.cpu_seconds() for r in replicas]
                run = drive_via(via, url, False, students, 5.0, step_duration, first_id=first_id)
                first_id += students  # new students: the last step's go idle and close
                cpu = [r.cpu_seconds() - b for r, b in zip(replicas, cpu_before, strict=True)]
                row = {
                    "replicas": replica_count,
                    "via": via,
                    "students": students,
                    **summary(run),
                    "cpu_s_per_replica": [round(c, 1) for c in cpu],
                    "rss_mb_per_replica": [round(r.rss_mb(), 1) for r in replicas],
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
                # A closed tab's session ends with its websocket; an agent's after its TTL.
                time.sleep(5 if via == "browser" else 25)
        finally:
            if proxy is not None:
                proxy.terminate()
                proxy.wait(timeout=10)
            for replica in replicas:
                replica.stop()
    return rows


def worst_p95(row: dict[str, object]) -> float:
    """The highest p95 over every kind of interaction of a step, a tab's first page
    ("open") included; infinite when a kind never came back."""
    kinds = row["by_kind"]
    assert isinstance(kinds, dict)
    return max((float(k["p95_ms"]) for k in kinds.values()), default=float("inf"))


def held(row: dict[str, object]) -> bool:
    # A step where no grade edit came back at all (a server past its knee) is not held.
    return row["errors"] == 0 and row["grade_p95_ms"] is not None and worst_p95(row) <= TARGET_MS


def knee(rows: list[dict[str, object]]) -> int:
    """The most students of a step held (and every smaller step held too)."""
    most = 0
    for row in sorted(rows, key=lambda r: int(r["students"])):  # type: ignore[call-overload]
        if not held(row):
            break
        most = int(row["students"])  # type: ignore[call-overload]
    return most


def checks_of(name: str, rows: list[dict[str, object]]) -> list[tuple[str, str, str, bool]]:
    """Issue #28's targets for one process; a reference for replicas."""
    one_process = name == ONE_PROCESS
    at_300 = [r for r in rows if r["students"] == TARGET_STUDENTS]
    lines = []
    if at_300:
        worst = worst_p95(at_300[0])
        lines.append(
            (
                f"every interaction's p95, {TARGET_STUDENTS} students, {name}",
                f"{worst:.0f} ms, {at_300[0]['errors']} errors",
                f"<= {TARGET_MS:.0f} ms" if one_process else "(reference)",
                held(at_300[0]),
            )
        )
    elif one_process:
        lines.append((f"{TARGET_STUDENTS} students, {name}", "not in the ramp", "a step", False))
    most = knee(rows)
    lines.append(
        (
            f"knee (students held at p95 <= {TARGET_MS:.0f} ms), {name}",
            str(most),
            f"> {KNEE_STUDENTS}" if one_process else "(reference)",
            most > KNEE_STUDENTS,
        )
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--ramp", default="60,150,300,420,480")
    parser.add_argument("--step-duration", type=float, default=60.0)
    parser.add_argument(
        "--via",
        choices=["browser", "agent"],
        default="browser",
        help="browser tabs on the websocket (the grade sheet), or the agent API (the form)",
    )
    args = parser.parse_args()
    if args.replicas > 1 and shutil.which("haproxy") is None:
        print("haproxy is not installed (apt-get install haproxy)")
        return 1
    steps = [int(n) for n in args.ramp.split(",")]
    results = {ONE_PROCESS: ramp(1, steps, args.step_duration, args.via)}
    if args.replicas > 1:  # --replicas 1: the one process alone (no proxy is started)
        results[f"{args.replicas} replicas + HAProxy"] = ramp(
            args.replicas, steps, args.step_duration, args.via
        )
    checks = []
    for name, rows in results.items():
        print(f"{name}: p95 by students acting every 5 s")
        for r in rows:
            print(
                f"  {r['students']:>4} students  every interaction {worst_p95(r):>8.0f} ms"
                f"  (grade edits {r['grade_p95_ms'] or '—'} ms)  errors {r['errors']}"
            )
        checks += checks_of(name, rows)
    print_checks(checks)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "scale.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
