"""Scale-out proof: N `streamlit run` replicas behind Debian's HAProxy on 127.0.0.1, the
same student load as benchmarks/load.py, p95 against the 500 ms target.

    python -m benchmarks.replicas --replicas 2 --sessions 60 --interval 5 --duration 60

Needs `haproxy` on PATH (apt-get install haproxy). Everything listens on 127.0.0.1 and
stops by itself.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.load import ROOT, Server, drive, interact, summary

TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    if shutil.which("haproxy") is None:
        print("haproxy is not installed (apt-get install haproxy)")
        return 1
    replicas = [Server("app.py") for _ in range(args.replicas)]
    proxy: subprocess.Popen[bytes] | None = None
    with tempfile.TemporaryDirectory() as folder:
        try:
            for replica in replicas:
                replica.start()
                interact(replica.url, {})  # warm each replica, as a running one is
            port = free_port()
            servers = "\n".join(
                f"    server r{i} 127.0.0.1:{r.port} check cookie r{i}"
                for i, r in enumerate(replicas)
            )
            config = Path(folder) / "haproxy.cfg"
            config.write_text(
                TEMPLATE.read_text().format(bind=f"127.0.0.1:{port}", servers=servers)
            )
            proxy = subprocess.Popen(
                ["haproxy", "-f", str(config)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.3)
            cpu_before = [r.cpu_seconds() for r in replicas]
            run = drive(url, False, args.sessions, args.interval, args.duration)
            cpu = [r.cpu_seconds() - b for r, b in zip(replicas, cpu_before, strict=True)]
            result = {
                "replicas": args.replicas,
                "sessions": args.sessions,
                **summary(run),
                "cpu_s_per_replica": [round(c, 1) for c in cpu],
                "rss_mb_per_replica": [round(r.rss_mb(), 1) for r in replicas],
            }
        finally:
            if proxy is not None:
                proxy.terminate()
                proxy.wait(timeout=10)
            for replica in replicas:
                replica.stop()
    print(json.dumps(result))
    met = result["p95_ms"] <= 500 and result["errors"] == 0
    print(
        f"p95 through HAProxy: {result['p95_ms']} ms (target <= 500 ms, 0 errors): "
        f"{'met' if met else 'MISSED'}"
    )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "replicas.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
