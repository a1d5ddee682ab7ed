"""The builder's edits of a programme document (planner.draft): each returns a new document
that the catalogue's parse reads, never changes the one given, and keeps every reference
whole when a thing goes."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import draft
from planner.catalogue import parse_programme
from planner.rules import KIND_BY_NAME

TODAY = dt.date(2026, 12, 8)


def parsed(document: dict) -> object:
    """The document as the catalogue reads it (origin is the own-programme's key)."""
    return parse_programme({k: v for k, v in document.items() if k != "origin"})


def three_units() -> dict:
    doc = draft.blank("en", TODAY)
    doc, a = draft.add_unit(doc, "UE A")
    doc, b = draft.add_unit(doc, "UE B")
    doc, c = draft.add_unit(doc, "UE C")
    for unit, names in ((a, ["Probability", "Regression", "Bayes"]), (b, ["Stats"]), (c, ["Lab"])):
        for name in names:
            doc, _ = draft.add_course(doc, unit, name)
    for index in range(3):  # a group weighs its units by their ECTS: they must be known
        doc = draft.set_in(doc, ("units", index, "ects"), {"value": 6, "status": "published"})
    return doc


def test_a_blank_programme_is_named_in_the_apps_language_for_this_academic_year():
    assert draft.blank("fr", TODAY)["name"] == "Ma formation"
    assert draft.blank("en", TODAY)["academic_year"] == "2026-2027"
    assert draft.blank("en", dt.date(2027, 3, 1))["academic_year"] == "2026-2027"
    assert draft.blank("en", dt.date(2027, 8, 1))["academic_year"] == "2027-2028"


def test_ids_come_from_names_once_and_never_collide():
    assert draft.slug("Économétrie appliquée", [], "x") == "econometrie-appliquee"
    assert draft.slug("Stats", ["stats"], "x") == "stats-2"
    assert draft.slug("Stats", ["stats", "stats-2"], "x") == "stats-3"
    assert draft.slug("<script>", [], "unit") == "script"
    assert draft.slug("！？", [], "unit") == "unit"
    assert len(draft.slug("a" * 500, [], "x")) == 40


def test_a_new_unit_gets_the_usual_french_rule_marked_as_assumed():
    doc, ident = draft.add_unit(draft.blank("en", TODAY), "UE 1")
    assert doc["rules"]["units"] == [
        {"unit": ident, "kind": "mean_of_all", "threshold": 10, "status": "assumed"}
    ]
    on_100 = draft.set_in(draft.blank("en", TODAY), ("grade_scale", "max"), 100)
    assert draft.add_unit(on_100, "UE")[0]["rules"]["units"][0]["threshold"] == 50


def test_a_programme_built_with_courses_parses():
    programme = parsed(three_units())
    assert [u.name for u in programme.units] == ["UE A", "UE B", "UE C"]
    assert programme.unit("ue-a").courses == ("probability", "regression", "bayes")


def test_an_edit_never_changes_the_document_it_was_given():
    doc = three_units()
    before = copy.deepcopy(doc)
    draft.add_unit(doc, "UE D")
    draft.add_course(doc, "ue-a", "More")
    draft.remove_unit(doc, "ue-a")
    draft.remove_course(doc, "bayes")
    draft.set_kind(doc, "ue-a", "best_k_mean")
    draft.set_in(doc, ("name",), "Other")
    assert doc == before


def test_set_in_writes_a_value_and_none_removes_an_optional_key():
    doc = draft.set_in(three_units(), ("rules", "units", 0, "course_floor"), 7)
    assert doc["rules"]["units"][0]["course_floor"] == 7
    assert (
        "course_floor"
        not in draft.set_in(doc, ("rules", "units", 0, "course_floor"), None)["rules"]["units"][0]
    )


def test_a_kind_changed_keeps_the_shared_fields_and_starts_its_own_from_its_class():
    doc = draft.set_in(three_units(), ("rules", "units", 0, "course_floor"), 6)
    best = draft.set_kind(doc, "ue-a", "best_k_mean")["rules"]["units"][0]
    assert best == {
        "unit": "ue-a",
        "threshold": 10,
        "course_floor": 6,
        "status": "assumed",
        "kind": "best_k_mean",
        "k": 2,
    }
    weighted = draft.set_kind(doc, "ue-a", "weighted_mean")["rules"]["units"][0]
    assert weighted["weights"] == {"probability": 1, "regression": 1, "bayes": 1}
    assert "k" not in weighted


@pytest.mark.parametrize("kind", list(KIND_BY_NAME))
def test_every_kind_a_unit_is_switched_to_parses(kind):
    doc = draft.set_kind(three_units(), "ue-b", kind)
    assert parsed(doc).rule_for("ue-b").kind == kind


def test_a_course_added_to_a_unit_weighted_by_coefficients_weighs_one():
    doc = draft.set_kind(three_units(), "ue-a", "weighted_mean")
    doc, ident = draft.add_course(doc, "ue-a", "Extra")
    assert doc["rules"]["units"][0]["weights"][ident] == 1
    parsed(doc)


def test_a_course_removed_leaves_no_mention_behind():
    doc = draft.set_kind(three_units(), "ue-a", "weighted_mean")
    doc = draft.set_in(doc, ("units", 0, "choose"), {"min": 2, "max": 3})
    doc = draft.remove_course(doc, "bayes")
    assert "bayes" not in [c["id"] for c in doc["courses"]]
    assert doc["units"][0]["courses"] == ["probability", "regression"]
    assert doc["units"][0]["choose"] == {"min": 2, "max": 2}
    assert "bayes" not in doc["rules"]["units"][0]["weights"]
    parsed(doc)


def test_a_unit_removed_takes_its_rule_its_own_courses_and_its_place_in_groups():
    doc, _ = draft.add_group(three_units(), "Semester", ["ue-a", "ue-b", "ue-c"])
    doc = draft.remove_unit(doc, "ue-a")
    assert [u["id"] for u in doc["units"]] == ["ue-b", "ue-c"]
    assert [r["unit"] for r in doc["rules"]["units"]] == ["ue-b", "ue-c"]
    assert [c["id"] for c in doc["courses"]] == ["stats", "lab"]
    assert doc["rules"]["compensation"][0]["units"] == ["ue-b", "ue-c"]
    parsed(doc)


def test_a_compensation_group_over_two_units_parses_and_a_group_of_groups_nests():
    doc, s1 = draft.add_group(three_units(), "Semester 1", ["ue-a", "ue-b"])
    doc, year = draft.add_group(doc, "Year", [])
    doc = draft.set_in(doc, ("rules", "compensation", 1, "groups"), [s1])
    doc = draft.set_in(doc, ("rules", "compensation", 1, "units"), ["ue-c"])
    programme = parsed(doc)
    assert [g.id for g in programme.rules.groups] == [s1, year]
    doc = draft.remove_group(doc, 0)
    assert doc["rules"]["compensation"][0].get("groups") == []


def test_a_group_weighing_its_members_equally_follows_its_members():
    doc, _ = draft.add_group(three_units(), "Semester", ["ue-a", "ue-b"])
    doc = draft.set_group_weights(doc, 0, "equal")
    assert doc["rules"]["compensation"][0]["weights"] == {"ue-a": 1, "ue-b": 1}
    doc = draft.set_in(doc, ("rules", "compensation", 0, "weights", "ue-a"), 2)
    doc = draft.set_in(doc, ("rules", "compensation", 0, "units"), ["ue-a", "ue-c"])
    doc = draft.set_group_weights(doc, 0, "equal")
    assert doc["rules"]["compensation"][0]["weights"] == {"ue-a": 2, "ue-c": 1}
    parsed(doc)
    assert draft.set_group_weights(doc, 0, "ects")["rules"]["compensation"][0]["weights"] == "ects"


def test_a_unit_made_a_bonus_loses_its_rule_and_made_graded_again_gets_the_usual_one():
    doc, _ = draft.add_group(three_units(), "Semester", ["ue-a", "ue-b"])
    bonus = draft.set_unit_kind(doc, "ue-b", "bonus")
    assert [r["unit"] for r in bonus["rules"]["units"]] == ["ue-a", "ue-c"]
    assert bonus["rules"]["compensation"][0]["units"] == ["ue-a"]
    graded = draft.set_unit_kind(bonus, "ue-b", "graded")
    assert graded["rules"]["units"][-1] == {
        "unit": "ue-b",
        "kind": "mean_of_all",
        "threshold": 10,
        "status": "assumed",
    }
    assert "kind" not in graded["units"][1]


def test_a_track_removed_is_no_longer_named_by_units():
    doc = draft.add_named(three_units(), "tracks", "Full time")
    doc = draft.add_named(doc, "tracks", "Work-study")
    doc = draft.set_in(doc, ("units", 0, "tracks"), ["full-time"])
    doc = draft.remove_named(doc, "tracks", "full-time")
    assert [t["id"] for t in doc["tracks"]] == ["work-study"]
    assert "tracks" not in doc["units"][0]
    parsed(doc)


# Names as people type them: any letters, marks, digits, punctuation, symbols and spaces
# (a line break is refused in a name, by the checks, not here).
names = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(units=st.lists(names, min_size=1, max_size=5), courses=st.lists(names, max_size=8))
def test_any_names_give_a_programme_that_parses_with_unique_ids(units, courses):
    doc = draft.blank("en", TODAY)
    ids = []
    for name in units:
        doc, ident = draft.add_unit(doc, name)
        ids.append(ident)
    for i, name in enumerate(courses):
        doc, _ = draft.add_course(doc, ids[i % len(ids)], name)
    programme = parsed(doc)
    assert len({u.id for u in programme.units}) == len(units)
    assert [c.name for c in programme.courses] == courses


def test_a_course_assessed_in_parts_parses_and_a_part_removed_leaves_it_whole_again():
    doc = draft.add_component(three_units(), "stats", "Contrôle continu")
    doc = draft.add_component(doc, "stats", "Examen")
    doc = draft.set_in(doc, ("courses", 3, "components", 0, "weight"), 0.4)
    doc = draft.set_in(doc, ("courses", 3, "components", 0, "session2"), "kept")
    doc = draft.set_in(doc, ("courses", 3, "components", 1, "weight"), 0.6)
    course = parsed(doc).course("stats")
    assert [(c.id, c.weight, c.session2) for c in course.components] == [
        ("controle-continu", 0.4, "kept"),
        ("examen", 0.6, "retaken"),
    ]
    doc = draft.remove_component(
        draft.remove_component(doc, "stats", "examen"), "stats", "controle-continu"
    )
    assert "components" not in doc["courses"][3]
    parsed(doc)


def test_bonus_points_added_point_at_a_source_and_a_unit_and_parse():
    doc = draft.add_bonus_points(three_units())
    assert doc["rules"]["bonus_points"] == [
        {"earned_by": "probability", "unit": "ue-a", "above": 10, "rate": 0.05, "status": "assumed"}
    ]
    doc = draft.set_in(doc, ("rules", "bonus_points", 0, "earned_by"), "lab")
    parsed(doc)
    assert "bonus_points" not in draft.remove_at(doc, ("rules", "bonus_points"), 0)["rules"]


def test_jury_codes_said_one_by_one_and_none_said_is_no_key():
    doc = draft.set_in(three_units(), ("units", 0, "semester"), "S1")
    doc = draft.set_jury_code(doc, "absence", "DEF")
    doc = draft.set_jury_code(doc, "semesters", True)
    assert doc["rules"]["jury_codes"] == {"status": "assumed", "absence": "DEF", "semesters": True}
    assert parsed(doc).rules.jury_codes.absence == "DEF"
    doc = draft.set_jury_code(draft.set_jury_code(doc, "absence", None), "semesters", None)
    assert "jury_codes" not in doc["rules"]


def test_a_programme_file_with_problems_opens_as_a_document_to_fix_and_a_non_programme_does_not():
    from planner.catalogue import CatalogueError
    from planner.own import draft_document

    valid = draft_document(
        "format_version: 3\norigin: entered\nid: p\nname: P\nacademic_year: 2026-2027\n"
        "source: {document: d, title: T}\ngrade_scale: {max: 20, status: assumed}\n"
        "courses: []\nunits: []\nrules: {status: assumed, units: []}\n",
        "p.yaml",
    )
    assert valid["name"] == "P"
    # A unit asking for 3 of its 0 courses: refused by check-catalogue, kept to be fixed.
    broken = draft_document(
        "id: p\nname: P\nunits: [{id: u, name: U, choose: {min: 1, max: 3}}]\n"
        "calendar: [{id: e, start: 2026-09-01}]\n",
        "p.yaml",
    )
    assert broken["units"][0]["choose"] == {"min": 1, "max": 3}
    assert broken["calendar"][0]["start"] == "2026-09-01"  # JSON-able, as a file reads
    for text in ("- a list\n", "a: [", "a: 1\na: 2\n"):
        with pytest.raises(CatalogueError):
            draft_document(text, "p.yaml")
