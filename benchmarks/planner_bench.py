"""Planner benchmarks: catalogue load, evaluate, odds, PDF, import-to-first-page, and the
same student's evaluation inside a generated catalogue of hundreds of programmes.

Run with `make bench`. Prints each figure next to its target; exits 0 (figures, not tests).
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from planner.catalogue import Catalogue, load_catalogue, parse_programme
from planner.evaluation import evaluate
from planner.odds import Belief, simulate
from planner.outputs.report import summary_pdf
from planner.scenario import Scenario
from planner.totals import compute_totals

ROOT = Path(__file__).resolve().parents[1]
SL, IM = "m2-stat-learning-2024", "m2-im-2025"
SPEC = (
    "series-temporelles",
    "processus-ponctuels",
    "gestion-donnees",
    "topics-modern-ml",
    "ml-donnees-medicales",
)
SCENARIOS = {
    "S&L, nothing known": Scenario(programme=SL, choices=SPEC),
    "S&L, half known": Scenario(
        programme=SL,
        choices=SPEC,
        grades={
            "apprentissage-statistique": 40,
            "introduction-apprentissage-automatique": 45,
            "estimation-non-parametrique": 55,
            "series-temporelles": 62,
            "processus-ponctuels": 48,
        },
    ),
    "S&L, session 2": Scenario(
        programme=SL,
        choices=SPEC,
        grades={
            "apprentissage-statistique": 40,
            "introduction-apprentissage-automatique": 45,
            "estimation-non-parametrique": 55,
            "modele-lineaire-grande-dimension": 53,
            "optimisation-apprentissage-automatique": 55,
            "stage": 70,
        },
        session2_grades={"apprentissage-statistique": 60},
    ),
    "M2 IM FI MDS, one grade": Scenario(
        programme=IM,
        track="fi",
        option="mds",
        choices=("statistical-learning-graphs", "geometric-statistics", "advanced-optimization"),
        grades={"geometric-statistics": 12},
    ),
}


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm caches, as a running server has them
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def p95(samples: list[float]) -> float:
    return sorted(samples)[int(0.95 * (len(samples) - 1))]


def row(name: str, value_ms: float, target_ms: float | None) -> dict[str, object]:
    verdict = "" if target_ms is None else ("met" if value_ms <= target_ms else "MISSED")
    target = "" if target_ms is None else f"<= {target_ms:g} ms"
    print(f"{name:<58} {value_ms:>9.3f} ms  {target:<12} {verdict}")
    return {"name": name, "ms": round(value_ms, 3), "target_ms": target_ms, "verdict": verdict}


def generated_catalogue(real: Catalogue, copies: int) -> Catalogue:
    """`copies` renamed copies of each shipped programme (tens of thousands of courses)."""
    programmes = []
    for source in real.programmes:
        data = source.model_dump(mode="json")
        for index in range(copies):
            clone = json.loads(json.dumps(data))
            clone["id"] = f"{source.id}-copy-{index}"
            programmes.append(parse_programme(clone, f"<generated {clone['id']}>"))
    return Catalogue(programmes=(*real.programmes, *programmes))


def main() -> int:
    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}, "
        f"python {platform.python_version()}, {dt.datetime.now():%Y-%m-%d %H:%M}"
    )
    results = []
    load = timed(load_catalogue, 20)
    results.append(
        row("load the shipped catalogue (2 files), median", statistics.median(load) * 1000, 100)
    )
    catalogue = load_catalogue()
    for name, scenario in SCENARIOS.items():
        programme = catalogue.get(scenario.programme)
        assert programme is not None
        samples = timed(lambda p=programme, s=scenario: evaluate(p, s), 400)
        results.append(row(f"evaluate + solver, {name}, p95", p95(samples) * 1000, 1))
    # evaluate reads the plan totals from a memo (they depend on the plan, not on grades):
    # what a new plan costs the first time, measured on its own.
    im = catalogue.get(IM)
    assert im is not None
    scenario = SCENARIOS["M2 IM FI MDS, one grade"]
    cold = timed(
        lambda: compute_totals(im, scenario.track, scenario.option, frozenset(scenario.choices)),
        400,
    )
    results.append(row("plan totals of a new plan (memo miss), M2 IM, p95", p95(cold) * 1000, None))
    big = generated_catalogue(catalogue, 150)
    courses = sum(len(p.courses) for p in big.programmes)
    scenario = SCENARIOS["S&L, half known"]
    samples = timed(lambda: evaluate(big.get(scenario.programme), scenario), 400)  # type: ignore[arg-type]
    results.append(
        row(
            f"evaluate in a {len(big.programmes)}-programme, {courses}-course catalogue, p95",
            p95(samples) * 1000,
            1,
        )
    )
    sl = catalogue.get(SL)
    assert sl is not None
    odds = timed(
        lambda: simulate(
            sl,
            SCENARIOS["S&L, half known"],
            {"modele-lineaire-grande-dimension": Belief(low=40, high=60)},
        ),
        20,
    )
    results.append(
        row(
            "odds, 20 000 draws, S&L year, sessions 1 and 2, median",
            statistics.median(odds) * 1000,
            None,
        )
    )
    evaluation = evaluate(sl, SCENARIOS["S&L, session 2"])
    pdf = timed(lambda: summary_pdf(sl, evaluation, "fr", dt.date(2025, 6, 1)), 10)
    results.append(row("one-page PDF summary, median", statistics.median(pdf) * 1000, None))
    # A fresh process each time; the median of 3, since one cold start on a shared
    # machine varies by ±20 %.
    first_page = [
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter();"
                "from streamlit.testing.v1 import AppTest;"
                "at=AppTest.from_file('app.py', default_timeout=60); at.run();"
                "assert not at.exception; print(time.perf_counter()-t)",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        for _ in range(3)
    ]
    seconds = [float(run.stdout.strip().splitlines()[-1]) for run in first_page]
    results.append(
        row(
            "import to first page (fresh process, AppTest run), median of 3",
            statistics.median(seconds) * 1000,
            1500,
        )
    )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "planner.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
