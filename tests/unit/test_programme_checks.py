"""A programme document's problems, each at its field and in both languages, as the builder
page shows them and check-catalogue prints them (planner.programme_checks)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.catalogue import CATALOGUE_DIR, CatalogueError, parse_programme
from planner.findings import Finding
from planner.outputs.cli import main
from planner.programme_checks import check_document
from planner.texts import LANGS

PROGRAMMES = Path(__file__).resolve().parents[1] / "programmes"


def document() -> dict:
    """A small fictional programme (no such M2 exists): three units of 6 ECTS, 18 in all."""
    return {
        "format_version": 3,
        "id": "m2-fictif",
        "name": "M2 Fictif",
        "academic_year": "2099-2100",
        "source": {"document": "none", "title": "Invented for these tests"},
        "grade_scale": {"max": 20, "status": "published"},
        "total_ects": {"value": 18, "status": "published"},
        "courses": [
            {"id": "a1", "name": "Algèbre rêvée", "ects": {"value": 3, "status": "published"}},
            {"id": "a2", "name": "Analyse feinte", "ects": {"value": 3, "status": "published"}},
            {"id": "b1", "name": "Biologie inventée"},
            {"id": "b2", "name": "Botanique imaginaire"},
            {"id": "c1", "name": "Chimie factice"},
        ],
        "units": [
            {
                "id": "ue-a",
                "name": "UE A",
                "ects": {"value": 6, "status": "published"},
                "courses": ["a1", "a2"],
            },
            {
                "id": "ue-b",
                "name": "UE B",
                "ects": {"value": 6, "status": "published"},
                "courses": ["b1", "b2"],
            },
            {
                "id": "ue-c",
                "name": "UE C",
                "ects": {"value": 6, "status": "published"},
                "courses": ["c1"],
            },
        ],
        "rules": {
            "status": "published",
            "units": [
                {"unit": "ue-a", "kind": "mean_of_all", "threshold": 10, "status": "published"},
                {"unit": "ue-b", "kind": "mean_of_all", "threshold": 10, "status": "published"},
                {"unit": "ue-c", "kind": "single_grade", "threshold": 10, "status": "published"},
            ],
        },
    }


def findings_of(doc: object) -> list[Finding]:
    _, found = check_document(doc)
    return found


def only(doc: object) -> Finding:
    found = findings_of(doc)
    assert len(found) == 1, [f.line() for f in found]
    return found[0]


def said(finding: Finding) -> tuple[tuple, str, str, str]:
    return finding.path, finding.severity, finding.text("en"), finding.text("fr")


def test_the_fictional_document_is_a_programme_without_a_problem():
    programme, found = check_document(document())

    assert programme is not None and programme.id == "m2-fictif"
    assert found == []


# --- errors of the models' own checks ---------------------------------------------------


def test_a_unit_asking_for_more_courses_than_it_has_says_it_in_words():
    doc = document()
    doc["units"][0]["choose"] = {"min": 1, "max": 3}

    programme, found = check_document(doc)

    assert programme is None
    assert [said(f) for f in found] == [
        (
            ("units", 0, "choose", "max"),
            "error",
            "asks to choose 3 courses but has 2",
            "demande de choisir 3 cours mais n'en a que 2",
        )
    ]


def test_choose_min_above_max_is_said_at_min():
    doc = document()
    doc["units"][0]["choose"] = {"min": 2, "max": 1}

    assert said(only(doc)) == (
        ("units", 0, "choose", "min"),
        "error",
        "min (2) is larger than max (1)",
        "min (2) dépasse max (1)",
    )


def test_a_duplicate_course_id_is_said_at_the_second_course():
    doc = document()
    doc["courses"].append({"id": "a1", "name": "Algèbre encore"})

    assert said(only(doc)) == (
        ("courses", 5, "id"),
        "error",
        "duplicate course id 'a1'",
        "identifiant de cours en double 'a1'",
    )


@pytest.mark.parametrize(
    ("key", "value", "path", "en", "fr"),
    [
        (
            "courses",
            ["a1", "a2", "zz"],
            ("units", 0, "courses"),
            "unknown course 'zz'",
            "cours inconnu 'zz'",
        ),
        ("tracks", ["fa"], ("units", 0, "tracks"), "unknown track 'fa'", "régime inconnu 'fa'"),
        (
            "options",
            ["mds"],
            ("units", 0, "options"),
            "unknown option 'mds'",
            "option inconnue 'mds'",
        ),
    ],
)
def test_an_unknown_reference_of_a_unit_is_said_at_its_list(key, value, path, en, fr):
    doc = document()
    doc["units"][0][key] = value

    assert said(only(doc)) == (path, "error", en, fr)


def test_a_rule_for_an_unknown_unit_is_said_at_its_unit_and_the_unit_left_without_one():
    doc = document()
    doc["rules"]["units"][2]["unit"] = "ue-z"

    assert [said(f) for f in findings_of(doc)] == [
        (("rules", "units", 2, "unit"), "error", "unknown unit 'ue-z'", "UE inconnue 'ue-z'"),
        (
            ("units", 2),
            "error",
            "graded unit 'ue-c' has no rule",
            "l'UE notée 'ue-c' n'a pas de règle",
        ),
    ]


def test_two_rules_for_a_unit_are_said_at_each():
    doc = document()
    doc["rules"]["units"][1]["unit"] = "ue-a"

    found = [said(f) for f in findings_of(doc)]

    two = ("unit 'ue-a' has two rules", "l'UE 'ue-a' a deux règles")
    assert found[:2] == [
        (("rules", "units", 0, "unit"), "error", *two),
        (("rules", "units", 1, "unit"), "error", *two),
    ]
    assert found[2][:3] == (("units", 1), "error", "graded unit 'ue-b' has no rule")


def test_a_course_floor_above_the_threshold_is_an_error_and_one_at_it_is_not():
    doc = document()
    doc["rules"]["units"][0]["course_floor"] = 12

    assert said(only(doc)) == (
        ("rules", "units", 0, "course_floor"),
        "error",
        "12 is above the threshold 10",
        "12 dépasse le seuil 10",
    )
    doc["rules"]["units"][0]["course_floor"] = 10
    assert findings_of(doc) == []


def test_a_threshold_above_the_scale_is_said_at_the_threshold():
    doc = document()
    doc["rules"]["units"][0]["threshold"] = 25

    assert said(only(doc)) == (
        ("rules", "units", 0, "threshold"),
        "error",
        "above the grade scale",
        "au-dessus du barème",
    )


def test_k_of_best_k_mean_above_the_units_courses():
    doc = document()
    doc["rules"]["units"][0] = {
        "unit": "ue-a",
        "kind": "best_k_mean",
        "k": 3,
        "threshold": 10,
        "status": "published",
    }

    assert said(only(doc)) == (
        ("rules", "units", 0, "k"),
        "error",
        "3 is larger than the 2 courses of unit 'ue-a'",
        "3 dépasse les 2 cours de l'UE 'ue-a'",
    )


def test_weights_naming_a_course_not_in_the_unit_are_said_at_that_weight():
    doc = document()
    doc["rules"]["units"][0] = {
        "unit": "ue-a",
        "kind": "weighted_mean",
        "weights": {"a1": 1, "a2": 2, "zz": 1},
        "threshold": 10,
        "status": "published",
    }

    assert said(only(doc)) == (
        ("rules", "units", 0, "weights", "zz"),
        "error",
        "a weight for a course not in unit 'ue-a'",
        "un coefficient pour un cours qui n'est pas dans l'UE 'ue-a'",
    )


def test_a_unit_in_two_compensation_groups():
    doc = document()
    doc["rules"]["compensation"] = [
        {"units": ["ue-a", "ue-b"], "threshold": 10},
        {"units": ["ue-a", "ue-c"], "threshold": 10},
    ]

    assert said(only(doc)) == (
        ("rules", "compensation"),
        "error",
        "unit 'ue-a' is in 2 groups",
        "l'UE 'ue-a' est dans 2 groupes",
    )


def test_a_group_that_holds_itself_through_another():
    doc = document()
    doc["rules"]["compensation"] = [
        {"id": "s1", "units": ["ue-a"], "groups": ["s2"], "threshold": 10},
        {"id": "s2", "units": ["ue-b"], "groups": ["s1"], "threshold": 10},
    ]

    found = [said(f) for f in findings_of(doc)]

    itself = ("the group holds itself", "le groupe se contient lui-même")
    assert (("rules", "compensation", 0, "groups"), "error", *itself) in found
    assert (("rules", "compensation", 1, "groups"), "error", *itself) in found


def test_an_unknown_group_of_a_group():
    doc = document()
    doc["rules"]["compensation"] = [
        {"id": "s1", "units": ["ue-a", "ue-b"], "groups": ["s9"], "threshold": 10},
    ]

    assert said(only(doc)) == (
        ("rules", "compensation", 0, "groups"),
        "error",
        "unknown group 's9'",
        "groupe inconnu 's9'",
    )


def test_a_compensation_group_of_one_unit_is_refused():
    # The engine compensates between members: one member has nothing to compensate.
    doc = document()
    doc["rules"]["compensation"] = [{"units": ["ue-a"], "threshold": 10}]

    assert said(only(doc)) == (
        ("rules", "compensation", 0),
        "error",
        "a compensation group needs at least 2 members (units or groups)",
        "un groupe de compensation demande au moins 2 membres (UE ou groupes)",
    )


def test_a_key_of_a_later_format_version_names_the_version():
    doc = document()
    doc["format_version"] = 2
    doc["rules"]["units"][0]["strict"] = True

    assert said(only(doc)) == (
        ("rules", "units", 0, "strict"),
        "error",
        "needs format_version: 3 (a version-2 file has no strict)",
        "demande format_version: 3 (un fichier de version 2 n'a pas de strict)",
    )


# --- pydantic's errors, in words of the catalogue -----------------------------------------


def _set(path: tuple, value: object):
    def change(doc: dict) -> None:
        *head, last = path
        target = doc
        for key in head:
            target = target[key]
        target[last] = value

    return change


def _delete(path: tuple):
    def change(doc: dict) -> None:
        *head, last = path
        target = doc
        for key in head:
            target = target[key]
        del target[last]

    return change


PYDANTIC = [
    (
        _delete(("courses", 1, "name")),
        ("courses", 1, "name"),
        "required, and not given",
        "obligatoire, et absent",
    ),
    (
        _set(("units", 0, "colour"), "red"),
        ("units", 0, "colour"),
        "not a key of this part of a programme (a typo?)",
        "n'est pas une clé de cette partie d'une formation (une faute de frappe ?)",
    ),
    (
        _set(("rules", "units", 0, "threshold"), "ten"),
        ("rules", "units", 0, "threshold"),
        "not a number (in a mean_of_all rule)",
        "n'est pas un nombre (dans une règle mean_of_all)",
    ),
    (
        _set(("rules", "units", 0, "threshold"), -1),
        ("rules", "units", 0, "threshold"),
        "must be at least 0 (in a mean_of_all rule)",
        "doit valoir au moins 0 (dans une règle mean_of_all)",
    ),
    (
        _set(("grade_scale", "max"), 5000),
        ("grade_scale", "max"),
        "must be at most 1,000",
        "doit valoir au plus 1\u202f000",
    ),
    (
        _set(("units", 0, "id"), "x" * 81),
        ("units", 0, "id"),
        "longer than 80 characters",
        "plus long que 80 caractères",
    ),
    (
        _set(("units", 0, "kind"), "optional"),
        ("units", 0, "kind"),
        "not one of the accepted values: 'graded', 'bonus', 'activity'",
        "ne fait pas partie des valeurs possibles : 'graded', 'bonus', 'activity'",
    ),
    (
        _set(("courses", 0, "name"), "Algèbre\nrêvée"),
        ("courses", 0, "name"),
        "holds a line break: a name is one line of text",
        "contient un saut de ligne : un nom tient sur une ligne",
    ),
    (
        _set(("units", 0, "id"), "UE A"),
        ("units", 0, "id"),
        "not an id: lowercase letters, digits and hyphens, not starting with a hyphen",
        "n'est pas un identifiant : lettres minuscules, chiffres et tirets, sans tiret au début",
    ),
    (
        _set(("rules", "units", 0, "k"), 2),
        ("rules", "units", 0, "k"),
        "k does not apply to a mean_of_all rule",
        "k ne s'applique pas à une règle mean_of_all",
    ),
    (
        _set(("rules", "units", 0, "kind"), "median"),
        ("rules", "units", 0),
        "unknown rule kind 'median'; the kinds are 'mean_of_all', 'best_k_mean', "
        "'single_grade', 'weighted_mean'",
        "type de règle inconnu 'median' ; les types sont 'mean_of_all', 'best_k_mean', "
        "'single_grade', 'weighted_mean'",
    ),
    (_set(("units",), {"ue-a": 1}), ("units",), "not a list", "n'est pas une liste"),
]


@pytest.mark.parametrize(("change", "path", "en", "fr"), PYDANTIC)
def test_pydantics_errors_are_said_at_the_field_in_both_languages(change, path, en, fr):
    doc = document()
    change(doc)

    assert said(only(doc)) == (path, "error", en, fr)


def test_a_document_that_is_not_a_mapping_is_one_error_at_the_top():
    assert [said(f) for f in findings_of(["units"])] == [
        (
            (),
            "error",
            "a programme file must be a mapping at the top level",
            "un fichier de formation doit être, au premier niveau, un ensemble de clés et de "
            "valeurs",
        )
    ]


# --- warnings: the document still parses ------------------------------------------------


def test_a_course_in_no_unit_is_a_warning():
    doc = document()
    doc["units"][2]["courses"] = ["c1"]
    doc["courses"].append({"id": "d1", "name": "Dessin inventé"})

    programme, found = check_document(doc)

    assert programme is not None
    assert [said(f) for f in found] == [
        (
            ("courses", 5),
            "warning",
            "course 'd1' is in no unit: no student can take it",
            "le cours 'd1' n'est dans aucune UE : aucun·e étudiant·e ne peut le suivre",
        )
    ]


def test_a_unit_without_courses_is_a_warning():
    doc = document()
    doc["units"].append({"id": "ue-d", "name": "UE D", "kind": "activity"})

    programme, found = check_document(doc)

    assert programme is not None
    assert [said(f) for f in found] == [
        (
            ("units", 3, "courses"),
            "warning",
            "unit 'ue-d' has no course",
            "l'UE 'ue-d' n'a aucun cours",
        )
    ]


def test_a_units_ects_that_its_courses_do_not_make_is_a_warning_with_the_total():
    doc = document()
    doc["units"][0]["ects"]["value"] = 7

    programme, found = check_document(doc)

    assert programme is not None
    assert [said(f) for f in found] == [
        (
            ("units", 0, "ects"),
            "warning",
            "the unit's 7 ECTS are not the sum of its courses' ECTS (6)",
            "les 7 ECTS de l'UE ne sont pas la somme des ECTS de ses cours (6)",
        ),
        (
            ("total_ects",),
            "warning",
            "the programme's 18 ECTS are not the sum of the graded units' ECTS (19) for "
            "every student",
            "les 18 ECTS de la formation ne sont pas la somme des ECTS des UE notées (19) pour "
            "chaque étudiant·e",
        ),
    ]


def test_a_choice_among_courses_of_one_size_is_checked_against_the_number_chosen():
    doc = document()
    doc["units"][0]["choose"] = {"min": 1, "max": 1}

    assert said(only(doc)) == (
        ("units", 0, "ects"),
        "warning",
        "the unit's 6 ECTS are not what 1 to 1 of its courses of 3 ECTS carry",
        "les 6 ECTS de l'UE ne sont pas ce que portent 1 à 1 de ses cours de 3 ECTS",
    )
    doc["units"][0]["choose"] = {"min": 1, "max": 2}
    assert findings_of(doc) == []


def test_a_document_being_built_gets_its_warnings_beside_its_errors():
    # A unit without its rule yet: refused, and the course no unit holds is still said.
    doc = document()
    del doc["rules"]["units"][2]
    doc["courses"].append({"id": "d1", "name": "Dessin inventé"})

    programme, found = check_document(doc)

    assert programme is None
    assert [(f.path, f.severity) for f in found] == [
        (("units", 2), "error"),
        (("courses", 5), "warning"),
    ]


def test_a_course_of_an_invalid_unit_is_not_said_to_be_in_no_unit():
    doc = document()
    doc["units"][2]["name"] = "UE\nC"

    programme, found = check_document(doc)

    assert programme is None
    assert [(f.path, f.code) for f in found] == [(("units", 2, "name"), "check.name_line_break")]


def test_ects_not_all_known_are_no_warning():
    doc = document()
    doc["units"][1]["ects"] = {"status": "unknown"}

    assert findings_of(doc) == []


def test_the_total_is_checked_for_each_track_that_has_its_own_units():
    doc = document()
    doc["tracks"] = [{"id": "fa", "name": "Alternance"}, {"id": "fi", "name": "Initiale"}]
    doc["units"][2]["tracks"] = ["fa"]
    doc["units"].append(
        {
            "id": "ue-d",
            "name": "UE D",
            "tracks": ["fi"],
            "ects": {"value": 3, "status": "published"},
            "courses": ["c1"],
        }
    )
    doc["rules"]["units"].append(
        {"unit": "ue-d", "kind": "single_grade", "threshold": 10, "status": "published"}
    )

    assert said(only(doc)) == (
        ("total_ects",),
        "warning",
        "the programme's 18 ECTS are not the sum of the graded units' ECTS (15) for track 'fi'",
        "les 18 ECTS de la formation ne sont pas la somme des ECTS des UE notées (15) pour "
        "régime 'fi'",
    )


# --- the shipped programmes and the test programmes ----------------------------------------

# Their warnings, facts about their sources: none. M2 IM's total of 60 is inferred from its
# published UE credits (39 common + 21 for MDS or MMV; the other options' UE credits are not
# published, so their sums are not checked), and each UE with a choice of 3-ECTS courses
# carries what its choice takes (6 = 2 of 3, 3 = 1 of 2).
# The fictional hostile-names programme (names with markup, for the escaping tests) keeps a
# total its options' units do not all reach: its warnings are said, as any file's are.
WARNINGS: dict[str, list[str]] = {
    "m2-fictional-hostile-names": [
        "total_ects: the programme's 30 ECTS are not the sum of the graded units' ECTS (24) "
        "for track 'fi', option 'o-format'",
        "total_ects: the programme's 30 ECTS are not the sum of the graded units' ECTS (24) "
        "for track 'fa', option 'o-quote'",
        "total_ects: the programme's 30 ECTS are not the sum of the graded units' ECTS (18) "
        "for track 'fa', option 'o-format'",
    ]
}

FILES = sorted(
    [*CATALOGUE_DIR.glob("*.yaml"), *PROGRAMMES.glob("*.yaml"), *PROGRAMMES.glob("real/*.yaml")]
)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_shipped_or_test_programme_has_no_error_and_its_known_warnings(path):
    programme, found = check_document(yaml.safe_load(path.read_text(encoding="utf-8")))

    assert programme is not None, [f.line() for f in found]
    assert [f.line() for f in found] == WARNINGS.get(path.stem, [])


# --- check-catalogue prints the same findings --------------------------------------------


def test_check_catalogue_prints_the_errors_in_french_with_their_paths(capsys, tmp_path):
    doc = document()
    doc["units"][0]["choose"] = {"min": 1, "max": 3}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")

    code = main(["check-catalogue", str(path), "--lang", "fr"])

    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (
        f"erreur : {path} : units.0.choose.max : demande de choisir 3 cours mais n'en a que 2\n"
    )


def test_check_catalogue_prints_warnings_on_stderr_and_accepts_the_file(capsys, tmp_path):
    doc = document()
    doc["courses"].append({"id": "d1", "name": "Dessin inventé"})
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")

    code = main(["check-catalogue", str(path)])

    out, err = capsys.readouterr()
    assert code == 0
    assert "OK — m2-fictif" in out
    assert err == "warning: courses.5: course 'd1' is in no unit: no student can take it\n"


# --- whatever the document, findings and never an exception ----------------------------------

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _places(node: object, path: tuple = ()) -> list[tuple]:
    """Every key and list position of a document, as paths."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*path, index))
    return found


def _parent(doc: object, path: tuple) -> object:
    for key in path[:-1]:
        doc = doc[key]  # type: ignore[index]
    return doc


# Documents to mutate: the small one above and the test programmes (every rule kind,
# groups, components, bonus points, prerequisites).
BASES = [
    document(),
    *(yaml.safe_load(p.read_text("utf-8")) for p in sorted(PROGRAMMES.glob("*.yaml"))),
]


@st.composite
def mutated(draw: st.DrawFn) -> object:
    """A document after a few random changes: a key deleted, a value replaced by one of
    another type, an item of a list duplicated."""
    doc: object = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = _places(doc)
        path = draw(st.sampled_from(places))
        parent = _parent(doc, path)
        how = draw(st.sampled_from(["delete", "replace", "duplicate"]))
        if how == "delete":
            del parent[path[-1]]  # type: ignore[attr-defined]
        elif how == "replace":
            parent[path[-1]] = draw(VALUES)  # type: ignore[index]
        elif isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_check_document_never_raises_and_finds_an_error_whenever_parsing_refuses(doc):
    programme, found = check_document(doc)

    try:
        parse_programme(doc)
    except CatalogueError:
        assert programme is None
        assert [f for f in found if f.severity == "error"] != []
    else:
        assert programme is not None
        assert all(f.severity == "warning" for f in found)
    for finding in found:
        for lang in LANGS:
            assert finding.text(lang)
