"""Shared helpers of the unit tests: the shipped programmes, course ids, one-call evaluation."""

from __future__ import annotations

import copy
import re
import resource
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from planner.catalogue import Bilingual, Catalogue, Programme, load_catalogue
from planner.evaluation import Evaluation, evaluate
from planner.scenario import Scenario

REPO_ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_DIR = REPO_ROOT / "catalogue"
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"  # beside the repo
SEED_SL = SEEDS_DIR / "000_880dfd9f31fbed2d.txt"
SEED_IM = SEEDS_DIR / "002_ff642301cb5a9cfa.txt"

SL = "m2-stat-learning-2024"
IM = "m2-im-2025"

FUNDAMENTALS = (
    "apprentissage-statistique",
    "introduction-apprentissage-automatique",
    "estimation-non-parametrique",
    "modele-lineaire-grande-dimension",
    "optimisation-apprentissage-automatique",
)
MISE_A_NIVEAU = (
    "man-statistique-mathematique",
    "man-outils-optimisation",
    "man-programmation-python",
    "man-programmation-r",
)
SPECIALISATION = (
    "analyse-statistique-graphes",
    "confidentialite-equite-algorithmique",
    "gestion-donnees",
    "processus-ponctuels",
    "ml-donnees-medicales",
    "simulation-modeles-generatifs",
    "modeles-statistiques-ecologie",
    "statistique-bayesienne-computationnelle",
    "optimisation-stochastique-pac-bayes",
    "series-temporelles",
    "bayesien-non-parametrique",
    "topics-modern-ml",
)
STAGE = "stage"

MDS_MODELISATION = (
    "statistical-learning-graphs",
    "geometric-statistics",
    "probabilistic-computational-methods",
)
MDS_APPLIQUEES = ("advanced-optimization", "stochastic-calculus")
MDS_NUMERIQUE = (
    "fundamentals-machine-learning",
    "computational-optimal-transport",
    "technologies-of-big-data",
)
MDS_METIERS = (
    "modeling-simulation-medicine-health",
    "ai-seminar-environment-neuroscience-language",
    "ai-seminar-ethic-legal-societal",
    "big-data-and-analytics",
)
MDS_CHOICES = (*MDS_MODELISATION[:2], MDS_APPLIQUEES[0])
MMV_CHOICES = ("statistical-learning-graphs", "mixed-effects-models", "control-theory")


class _Missing:
    """A grade not known yet: left out of the scenario."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


@cache
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE_DIR)


def programme(programme_id: str) -> Programme:
    found = catalogue().get(programme_id)
    assert found is not None, programme_id
    return found


def grades_of(courses: tuple[str, ...] | list[str], values: tuple | list) -> dict:
    """Course -> grade, leaving out the MISSING ones (not known yet)."""
    assert len(courses) >= len(values)
    return {c: v for c, v in zip(courses, values, strict=False) if v is not MISSING}


def run(programme_id: str = SL, **fields: object) -> Evaluation:
    """Evaluate a scenario built from keyword fields (programme defaults to S&L, whose
    specialisation choices default to its first 4 courses)."""
    if programme_id == SL:
        fields.setdefault("choices", SPECIALISATION[:4])
    scenario = Scenario(programme=programme_id, **fields)
    return evaluate(programme(programme_id), scenario)


def judge_file(
    programme: Programme, grades: dict, session2: dict | None = None, **parameters: object
) -> Evaluation:
    """Evaluate grades (and session-2 grades) on a programme read from a test file, under
    the rule parameters given."""
    scenario = Scenario(
        programme=programme.id,
        grades=grades,
        session2_grades=session2 or {},
        parameters=parameters,
    )
    return evaluate(programme, scenario)


def run_im(track: str = "fi", option: str = "mds", **fields: object) -> Evaluation:
    fields.setdefault("choices", MDS_CHOICES if option == "mds" else ())
    return run(IM, track=track, option=option, **fields)


# A quotation of the source inside a note: « … ».
FRENCH_QUOTE = re.compile(r"«\s*(.+?)\s*»")


def notes_of(node: object, path: str) -> Iterator[tuple[str, Bilingual]]:
    """Every Bilingual text of a model tree (a programme), with where it is."""
    if isinstance(node, Bilingual):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from notes_of(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, tuple):
        for index, item in enumerate(node):
            yield from notes_of(item, f"{path}.{index}")


def problem_codes(evaluation: Evaluation) -> list[str]:
    return [p.code for p in evaluation.problems]


# A CLI run must refuse endless or explosive input long before this much memory is used.
MEMORY_LIMIT = 1024 * 1024 * 1024


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def planner_cli(*args: str, stdin=None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """`python -m planner *args` in a process of its own (a crash, a segmentation fault, the
    exit status are its own), limited to MEMORY_LIMIT."""
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=REPO_ROOT,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
        preexec_fn=_limit_memory,
    )


def assert_refused_in_one_line(done: subprocess.CompletedProcess, fragment: str) -> None:
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert fragment in err


@cache
def _file_data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def file_data(path: Path) -> dict:
    """A test programme file as its parsed YAML: a fresh copy each time, as tests edit it."""
    return copy.deepcopy(_file_data(path))
