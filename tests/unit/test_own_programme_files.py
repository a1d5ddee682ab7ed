"""A programme built in the app as a file: exported as YAML that check-catalogue accepts and
that reads back to an equal programme, read from a file's text by the catalogue's own
loader, evaluated by the CLI from the plan that carries it or from the exported file alike;
and a copy of a shipped programme, which judges every plan as the shipped one does, except
that its rules say "entered"."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from planner.catalogue import (
    CatalogueError,
    Programme,
    load_programme_file,
    parse_programme,
)
from planner.evaluation import evaluate, to_contract
from planner.outputs.cli import load_checked_programme
from planner.own import YAML_HEADER, copy_document, programme_yaml, read_programme_text
from planner.scenario import Scenario
from tests.unit.own_programmes import every_grade, own_document
from tests.unit.support import IM, REPO_ROOT, SL, planner_cli, programme
from tests.unit.test_report import SCENARIOS

TEST_PROGRAMMES = sorted((REPO_ROOT / "tests" / "programmes").rglob("*.yaml"))


def copied(programme_: Programme) -> dict[str, object]:
    return copy_document(programme_, f"copie-{programme_.id}")


def exported(document: dict[str, object], tmp_path: Path) -> Path:
    path = tmp_path / f"{document['id']}.yaml"
    path.write_text(programme_yaml(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "source",
    [
        REPO_ROOT / "catalogue" / f"{SL}.yaml",
        REPO_ROOT / "catalogue" / f"{IM}.yaml",
        *TEST_PROGRAMMES,
    ],
    ids=lambda p: p.stem,
)
def test_a_copy_exported_as_yaml_passes_check_catalogue_and_reads_back_equal(source, tmp_path):
    document = copied(load_programme_file(source))
    path = exported(document, tmp_path)
    # What check-catalogue runs: the loader, then every command on the programme.
    assert load_checked_programme(path) == parse_programme(document)
    assert read_programme_text(path.read_text(encoding="utf-8"), path.name) == document


def test_check_catalogue_accepts_the_exported_file(tmp_path):
    path = exported(own_document(), tmp_path)
    done = planner_cli("check-catalogue", str(path))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith(f"{path}: OK")


def test_the_yaml_file_says_where_it_comes_from_and_keeps_the_shipped_files_order():
    text = programme_yaml(own_document())
    assert text.startswith(YAML_HEADER)
    assert "replace `origin: entered` with the rules' published status and sources" in (
        " ".join(YAML_HEADER.replace("# ", "").split())
    )
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == [
        "format_version",
        "origin",
        "id",
        "name",
        "institution",
        "academic_year",
        "source",
        "grade_scale",
        "courses",
        "units",
        "rules",
    ]


def test_a_programme_text_is_refused_as_check_catalogue_refuses_a_file():
    with pytest.raises(CatalogueError, match=r"^mine\.yaml: key “id” is given twice \(line 2\)"):
        read_programme_text("id: a\nid: b\n", "mine.yaml")
    with pytest.raises(CatalogueError, match=r"^mine\.yaml: nested more than 40 levels deep"):
        read_programme_text("a: " + "[" * 50 + "]" * 50, "mine.yaml")
    with pytest.raises(CatalogueError, match=r"^mine\.yaml: larger than 256 KB"):
        read_programme_text("# " + "x" * 256 * 1024, "mine.yaml")
    with pytest.raises(CatalogueError, match=r"^mine\.yaml: name: required, and not given"):
        read_programme_text(
            programme_yaml(own_document()).replace("\nname:", "\nnom:"), "mine.yaml"
        )


def test_the_cli_judges_a_plan_by_its_programme_as_it_judges_it_by_the_exported_file(tmp_path):
    document = own_document()
    grades = every_grade(document)
    grades["ue3-ec2"] = 5  # below the course floor: a retake, and compensation to say
    carried = Scenario(programme=str(document["id"]), own_programme=document, grades=grades)
    plan = tmp_path / "plan.json"
    plan.write_text(carried.to_json(), encoding="utf-8")
    alone = tmp_path / "plan-without-programme.json"
    alone.write_text(carried.model_copy(update={"own_programme": None}).to_json(), "utf-8")
    exported_file = exported(document, tmp_path)
    for flags in ((), ("--json",), ("--lang", "fr")):
        by_plan = planner_cli("evaluate", str(plan), *flags)
        assert by_plan.returncode == 0, by_plan.stderr.decode()
        by_file = planner_cli("evaluate", str(alone), "--catalogue", str(exported_file), *flags)
        assert by_file.returncode == 0, by_file.stderr.decode()
        assert by_plan.stdout == by_file.stdout
    report = json.loads(planner_cli("evaluate", str(plan), "--json").stdout)
    assert report["rules_status"] == "entered"
    assert {u["status"] for u in report["units"]} == {"entered"}


def test_a_plan_file_without_its_programme_is_refused_for_a_programme_the_app_lacks(tmp_path):
    alone = tmp_path / "plan.json"
    alone.write_text(Scenario(programme="m2-mathematiques-appliquees-lyon").to_json(), "utf-8")
    done = planner_cli("evaluate", str(alone))
    assert done.returncode == 2
    assert "m2-mathematiques-appliquees-lyon" in done.stderr.decode()


# --- a copy of a shipped programme ----------------------------------------------------


def test_a_copy_says_entered_under_its_new_id_and_keeps_its_version():
    for shipped in (programme(SL), programme(IM)):
        document = copied(shipped)
        assert (document["format_version"], document["origin"], document["id"]) == (
            max(shipped.format_version, 2),  # version 1 cannot say origin; 2 reads it alike
            "entered",
            f"copie-{shipped.id}",
        )
        assert list(document)[:4] == ["format_version", "origin", "id", "name"]
        copy = parse_programme(document)
        assert copy.model_copy(
            update={"id": shipped.id, "origin": "transcribed", "format_version": 1}
        ) == shipped.model_copy(update={"format_version": 1})


def _without_statuses(data: object) -> object:
    """A --json report with every rule status left out (a minimum's status is kept)."""
    if isinstance(data, dict):
        return {
            k: _without_statuses(v)
            for k, v in data.items()
            if not (
                k in ("status", "rules_status")
                and v in ("published", "assumed", "mixed", "entered")
            )
            and k != "programme"
        }
    if isinstance(data, list):
        return [_without_statuses(v) for v in data]
    return data


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_copy_judges_every_shipped_test_scenario_as_the_shipped_programme(name):
    programme_id, scenario_of = SCENARIOS[name]
    shipped = scenario_of()
    copy = parse_programme(copied(programme(programme_id)))
    plan = shipped.scenario.model_copy(update={"programme": copy.id})
    judged = evaluate(copy, plan)
    for lang in ("en", "fr"):
        expected, found = to_contract(shipped, lang), to_contract(judged, lang)
        assert found["rules_status"] == "entered"
        assert _without_statuses(found) == _without_statuses(expected)


def _mixed_plans(programme_: Programme) -> list[Scenario]:
    """For each track and option: every course graded around the middle of the scale (some
    absent), then the same with session-2 grades for its retakes."""
    draw = random.Random(programme_.id)
    scale = programme_.grade_scale.max
    plans = []
    for track in [t.id for t in programme_.tracks] or [None]:
        for option in [o.id for o in programme_.options] or [None]:
            courses = [
                c
                for u in programme_.units_for(track, option)
                for c in (u.courses[: u.choose.max] if u.choose else u.courses)
            ]
            grades = {
                c: None if draw.random() < 0.05 else round(draw.uniform(0.3, 0.7) * scale, 1)
                for c in courses
            }
            base = {"programme": programme_.id, "track": track, "option": option}
            first = Scenario(**base, choices=courses, grades=grades)
            retakes = evaluate(programme_, first).retakes
            again = {c: round(draw.uniform(0.3, 0.8) * scale, 1) for c in retakes}
            plans += [
                first,
                Scenario(**base, choices=courses, grades=grades, session2_grades=again),
            ]
    return plans


@pytest.mark.parametrize("source", TEST_PROGRAMMES, ids=lambda p: p.stem)
def test_a_copy_of_any_version_judges_as_its_file_does(source):
    """A version-2 file with compensation groups is the case: read as version 3 its
    compensation would be decided on the final grades; its copy keeps version 2."""
    original = load_programme_file(source)
    copy = parse_programme(copied(original))
    for plan in _mixed_plans(original):
        expected = to_contract(evaluate(original, plan))
        found = to_contract(evaluate(copy, plan.model_copy(update={"programme": copy.id})))
        assert _without_statuses(found) == _without_statuses(expected)
