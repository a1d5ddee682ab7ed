"""A plan carries the programme a person built in the app (`Scenario.own_programme`): read
within its bounds (planner.limits, MAX_OWN_*) with a refusal in both languages, carried by
the file and the link (within what a link can hold), and judged by the CLI, read_plan_file,
check_scenario and evaluate."""

from __future__ import annotations

import json
import random

import pytest

from planner.catalogue import Catalogue
from planner.evaluation import check_scenario, evaluate, read_plan_file
from planner.limits import (
    MAX_OWN_BYTES,
    MAX_OWN_COURSES,
    MAX_OWN_GROUPS,
    MAX_OWN_NAME_CHARS,
    MAX_OWN_OPTIONS,
    MAX_OWN_TRACKS,
    MAX_OWN_UNITS,
)
from planner.own import read_own, scenario_programme
from planner.scenario import MAX_JSON_BYTES, MAX_URL_CHARS, SavedPlan, Scenario, ScenarioError
from tests.unit.own_programmes import SUBJECTS, every_grade, own_document
from tests.unit.support import IM, SL, catalogue, programme

MINE = "m2-mathematiques-appliquees-lyon"


def plan(document: dict[str, object], **fields: object) -> Scenario:
    return Scenario(programme=str(document["id"]), own_programme=document, **fields)


def refusal(document: object, programme_id: str = MINE) -> ScenarioError:
    """Why a scenario carrying `document` is refused, as a link or a file would say it."""
    with pytest.raises(ScenarioError) as refused:
        Scenario.from_data({"programme": programme_id, "own_programme": document})
    return refused.value


def test_a_realistic_40_course_programme_with_every_grade_fits_in_a_link():
    document = own_document(units=8, per_unit=5)
    carried = plan(document, grades=every_grade(document))
    link = carried.to_url()
    size = len(link)
    assert carried.link_fits(), f"{size} characters"
    assert size <= MAX_URL_CHARS, f"the link is {size} characters, more than {MAX_URL_CHARS}"
    assert Scenario.from_url(link) == carried, f"{size} characters"


def test_a_200_course_programme_graded_in_both_sessions_is_too_large_for_a_link():
    document = own_document(units=40, per_unit=5)
    words = sorted({w for s in SUBJECTS for w in s.split()})
    draw = random.Random(200)
    for course in document["courses"]:  # type: ignore[attr-defined]
        course["name"] = " ".join(draw.choice(words) for _ in range(4)).capitalize()
    grades = every_grade(document)
    carried = plan(document, grades=grades, session2_grades={c: 20 - g for c, g in grades.items()})
    size = len(carried._token())
    assert not carried.link_fits(), f"{size} characters"
    with pytest.raises(ScenarioError) as refused:
        carried.to_url()
    assert refused.value.key == "refusal.link_programme_too_big", size
    assert refused.value.text("en") == (
        "this plan and its programme are too large for a link (more than 8 KB, what "
        "browsers and servers accept in an address): share the plan file instead"
    )
    assert refused.value.text("fr") == (
        "ce plan et sa formation sont trop grands pour un lien (plus de 8 Ko, ce "
        "qu'acceptent navigateurs et serveurs dans une adresse) : partagez plutôt le "
        "fichier du plan"
    )
    # The file carries it, as it is.
    assert Scenario.from_json(carried.to_json()) == carried


def test_the_file_carries_the_programme_and_says_version_3_only_then():
    document = own_document()
    carried = plan(document, grades=every_grade(document))
    data = json.loads(carried.to_json())
    assert (data["version"], data["own_programme"]) == (3, document)
    assert Scenario.from_json(carried.to_json()) == carried
    shipped = Scenario(programme=SL)
    assert json.loads(shipped.to_json())["version"] == 2
    assert Scenario.from_url(shipped.to_url()) == shipped


def test_a_saved_plan_may_carry_a_programme_and_the_file_is_then_version_3():
    document = own_document()
    mine = plan(document, grades=every_grade(document))
    with_saved = Scenario(programme=SL, saved=(SavedPlan(name="Ma formation", plan=mine),))
    data = json.loads(with_saved.to_json())
    assert data["version"] == 3
    assert data["saved"][0]["plan"]["own_programme"] == document
    assert Scenario.from_json(with_saved.to_json()) == with_saved


def test_older_files_read_exactly_as_before():
    for version in (1, 2):
        old = Scenario.from_json(json.dumps({"version": version, "programme": SL}))
        assert (old.version, old.own_programme) == (version, None)
    assert Scenario.from_json(json.dumps({"version": 3, "programme": SL})).version == 3


def test_the_programme_carried_is_the_one_judged_everywhere():
    document = own_document()
    carried = plan(document, grades=every_grade(document))
    own = read_own(document)
    assert scenario_programme(carried, catalogue()) is own
    assert scenario_programme(Scenario(programme=SL), catalogue()) is programme(SL)
    # Given another programme, check_scenario and evaluate still judge by the carried one.
    check_scenario(programme(SL), carried)
    evaluation = evaluate(programme(SL), carried)
    assert evaluation.programme.id == MINE
    assert evaluation.year.validated is True
    assert evaluation.year.status == "entered"
    opened = read_plan_file("ma-formation.json", carried.to_json(), Catalogue(programmes=()))
    assert opened == carried


@pytest.mark.parametrize(
    ("change", "key", "english", "french"),
    [
        (
            lambda d: d | {"units": d["units"] * 8},
            "refusal.own_too_many_units",
            f"the programme it carries has more than {MAX_OWN_UNITS} units",
            f"la formation qu'il contient a plus de {MAX_OWN_UNITS} UE",
        ),
        (
            lambda d: d | {"courses": d["courses"] * 6},
            "refusal.own_too_many_courses",
            f"the programme it carries has more than {MAX_OWN_COURSES} courses",
            f"la formation qu'il contient a plus de {MAX_OWN_COURSES} cours",
        ),
        (
            lambda d: d | {"rules": d["rules"] | {"compensation": d["rules"]["compensation"] * 31}},
            "refusal.own_too_many_groups",
            f"the programme it carries has more than {MAX_OWN_GROUPS} compensation groups",
            f"la formation qu'il contient a plus de {MAX_OWN_GROUPS} groupes de compensation",
        ),
        (
            lambda d: d | {"tracks": [{"id": f"t{i}", "name": "FI"} for i in range(21)]},
            "refusal.own_too_many_tracks",
            f"the programme it carries has more than {MAX_OWN_TRACKS} tracks",
            f"la formation qu'il contient a plus de {MAX_OWN_TRACKS} régimes",
        ),
        (
            lambda d: d | {"options": [{"id": f"o{i}", "name": "MDS"} for i in range(41)]},
            "refusal.own_too_many_options",
            f"the programme it carries has more than {MAX_OWN_OPTIONS} options",
            f"la formation qu'il contient a plus de {MAX_OWN_OPTIONS} options",
        ),
        (
            lambda d: d | {"name": "Mathématiques " * 15},
            "refusal.own_name_too_long",
            f"a name in the programme it carries is longer than {MAX_OWN_NAME_CHARS} "
            "characters: “Mathématiques Mathématiques…”",
            f"un nom de la formation qu'il contient dépasse {MAX_OWN_NAME_CHARS} caractères : "
            "“Mathématiques Mathématiques…”",
        ),
        (
            lambda d: d | {"notes": [{"en": "x" * 1000, "fr": "y" * 1000}] * 60},
            "refusal.own_programme_too_large",
            f"the programme it carries is larger than {MAX_OWN_BYTES // 1024} KB",
            f"la formation qu'il contient dépasse {MAX_OWN_BYTES // 1024} Ko",
        ),
        (
            lambda d: {k: v for k, v in d.items() if k != "origin"},
            "refusal.own_programme_not_entered",
            "the programme it carries does not say that its rules were entered in the app "
            "(origin: entered)",
            "la formation qu'il contient ne dit pas que ses règles ont été saisies dans "
            "l'appli (origin: entered)",
        ),
        (
            lambda d: d | {"units": d["units"][:-1]},
            "refusal.own_programme_invalid",
            "the programme it carries is not valid: rules.units.7.unit: unknown unit 'ue-8'",
            "la formation qu'il contient n'est pas valide : rules.units.7.unit: unknown unit "
            "'ue-8'",
        ),
    ],
    ids=["units", "courses", "groups", "tracks", "options", "name", "size", "origin", "invalid"],
)
def test_a_programme_beyond_its_bounds_is_refused_naming_the_bound(change, key, english, french):
    refused = refusal(change(own_document()))
    assert refused.key == "refusal.at"
    reason = refused.params["reason"]
    assert isinstance(reason, ScenarioError)
    assert reason.key == key
    assert (reason.text("en"), reason.text("fr")) == (english, french)


def test_a_programme_cannot_take_the_id_of_a_shipped_one_nor_another_id_than_the_plan():
    taken = refusal(own_document(programme_id=IM), programme_id=IM).params["reason"]
    assert taken.text("en") == (  # type: ignore[union-attr]
        "the programme it carries takes the id m2-im-2025 of a programme the app ships: "
        "give it another"
    )
    other = refusal(own_document(), programme_id="autre").params["reason"]
    assert other.text("fr") == (  # type: ignore[union-attr]
        f"la formation qu'il contient est {MINE}, pas “autre”"
    )


def test_a_document_read_twice_is_the_same_programme_object():
    assert read_own(own_document()) is read_own(own_document())


def test_a_plan_file_holds_the_largest_programme_or_five_plans_each_with_a_realistic_one():
    largest = own_document(units=40, per_unit=5)
    assert len(json.dumps(largest, ensure_ascii=False).encode()) < MAX_OWN_BYTES
    one = plan(largest, grades=every_grade(largest))
    realistic = own_document()
    mine = plan(realistic, grades=every_grade(realistic))
    five = mine.model_copy(
        update={"saved": tuple(SavedPlan(name=f"Essai {i}", plan=mine) for i in range(4))}
    )
    for carried in (one, five):
        text = carried.to_json()
        assert len(text.encode()) <= MAX_JSON_BYTES, f"{len(text.encode())} bytes"
        assert read_plan_file("plan.json", text, catalogue()) == carried
