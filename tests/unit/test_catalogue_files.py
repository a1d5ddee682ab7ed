"""The shipped programme files, their JSON Schema, and the errors a broken file gives."""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest
import yaml

from planner.catalogue import (
    CatalogueError,
    Figure,
    json_schema,
    load_catalogue,
    load_programme_file,
    parse_programme,
)
from tests.unit.support import CATALOGUE_DIR, IM, SL

SHIPPED = sorted(CATALOGUE_DIR.glob("*.yaml"))


def _raw(name: str) -> dict:
    """A fresh copy of a shipped file's data, to mutate."""
    return copy.deepcopy(_parsed(name))


@cache
def _parsed(name: str) -> dict:
    return yaml.safe_load((CATALOGUE_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def _json_ready(data: object) -> object:
    """YAML dates as ISO strings, as in a JSON document."""
    return json.loads(json.dumps(data, default=lambda o: o.isoformat()))


def test_both_programmes_are_shipped():
    assert [p.name for p in SHIPPED] == [f"{IM}.yaml", f"{SL}.yaml"]
    assert load_catalogue(CATALOGUE_DIR).ids == (IM, SL)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_file_validates(path):
    programme = load_programme_file(path)

    assert programme.id == path.stem
    # M2 IM is version 3 for its calendar event's rule and source (how its dates are inferred).
    assert programme.format_version == {IM: 3, SL: 1}[path.stem]
    assert programme.source.document


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_file_follows_the_exported_json_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    data = _json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))

    jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_the_json_schema_exports_as_draft_2020_12():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()

    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "M2 planner programme file"
    assert {"id", "name", "courses", "units", "rules"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    json.dumps(schema)  # serialisable as is


def test_the_json_schema_refuses_an_unknown_key():
    jsonschema = pytest.importorskip("jsonschema")
    data = _json_ready(_raw(SL))
    data["colour"] = "red"

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


@pytest.mark.parametrize(
    ("status", "value", "rule", "ok"),
    [
        ("published", 3, None, True),
        ("inferred", 3, {"en": "an equal split", "fr": "un partage égal"}, True),
        ("unknown", None, None, True),
        ("inferred", 3, None, False),
        ("unknown", 3, None, False),
        ("published", None, None, False),
    ],
)
def test_a_figure_must_say_where_it_comes_from(status, value, rule, ok):
    data = {"status": status, "value": value, "rule": rule}
    if ok:
        assert Figure.model_validate(data).known is (value is not None)
    else:
        with pytest.raises(ValueError, match="figure"):
            Figure.model_validate(data)


def test_unknown_figures_stay_unknown_never_zero():
    im = load_programme_file(CATALOGUE_DIR / f"{IM}.yaml")

    unknown = [u for u in im.units if u.ects.status == "unknown"]
    assert len(unknown) == 12  # IMAF, INUM and SD: 4 units each
    assert all(u.ects.value is None for u in unknown)


def test_calendar_dates_are_real_dates():
    sl = load_programme_file(CATALOGUE_DIR / f"{SL}.yaml")
    events = {e.id: e for e in sl.calendar}

    assert events["mise-a-niveau"].start == dt.date(2024, 9, 2)
    assert events["cours-fondamentaux"].end == dt.date(2025, 1, 10)
    assert events["forum-emploi-maths"].start == dt.date(2024, 10, 7)
    assert events["specialisation"].start == dt.date(2025, 1, 13)
    assert events["stage"].start == dt.date(2025, 4, 14)


# --- A broken programme names the file and the field --------------------------------------


def _unknown_key(d):
    d["units"][1]["colour"] = "red"


def _bad_type(d):
    d["units"][1]["ects"]["value"] = "thirty"


def _duplicate_course(d):
    d["courses"].append(dict(d["courses"][0]))


def _choose_max_too_large(d):
    d["units"][3]["choose"]["max"] = 13


def _choose_min_above_max(d):
    d["units"][3]["choose"] = {"min": 5, "max": 4}


def _unknown_course(d):
    d["units"][1]["courses"][0] = "no-such-course"


def _inferred_without_rule(d):
    del d["total_ects"]["rule"]


def _unknown_with_value(d):
    d["courses"][-1]["ects"] = {"status": "unknown", "value": 3}


def _negative_figure(d):
    d["courses"][-1]["ects"]["value"] = -1


def _k_too_large(d):
    d["rules"]["units"][1]["k"] = 13


def _threshold_above_scale(d):
    d["rules"]["units"][0]["threshold"] = 150


def _graded_unit_without_rule(d):
    d["rules"]["units"].pop()


def _rule_for_unknown_unit(d):
    d["rules"]["units"][2]["unit"] = "no-such-unit"


def _bad_identifier(d):
    d["id"] = "Bad Id"


def _missing_name(d):
    del d["name"]


def _bad_date(d):
    d["calendar"][0]["start"] = "2024-13-45"


def _bonus_from_a_graded_unit(d):
    d["rules"]["units"][0]["bonus_from"] = ["stage"]


def _k_on_mean_of_all(d):
    d["rules"]["units"][0]["k"] = 2


def _note_in_one_language(d):
    d["units"][0]["note"] = "No ECTS published."


def _rule_note_in_one_language(d):
    d["rules"]["units"][0]["note"] = "A mean of exactly 50 passes."


def _programme_note_without_french(d):
    d["notes"][1] = {"en": "No exam dates are published."}


def _empty_french_conflict(d):
    d["units"][0]["ects"]["conflict"]["where"]["fr"] = "  "


def _event_rule_in_a_version_1_file(d):
    d["calendar"][4]["rule"] = {"en": "October: its last day.", "fr": "Octobre : son dernier jour."}


def _event_source_in_a_version_1_file(d):
    d["calendar"][4]["source"] = "UE de Stage : (14/04-oct)"


def _inferred_dates_without_their_rule(d):
    del d["calendar"][0]["rule"]


def _unknown_track_on_im_unit(d):
    d["units"][0]["tracks"] = ["xx"]


BROKEN = [
    (SL, _unknown_key, "units.1.colour: not a key of this part of a programme"),
    (SL, _bad_type, "units.1.ects.value: not a number"),
    (SL, _duplicate_course, "duplicate course id 'man-statistique-mathematique'"),
    (SL, _choose_max_too_large, "units.3.choose.max: asks to choose 13 courses but has 12"),
    (SL, _choose_min_above_max, "units.3.choose.min: min (5) is larger than max (4)"),
    (SL, _unknown_course, "units.1.courses: unknown course 'no-such-course'"),
    (SL, _inferred_without_rule, "total_ects.rule: an inferred figure needs the rule"),
    (SL, _unknown_with_value, "courses.23.ects.value: an unknown figure has no value"),
    (SL, _negative_figure, "courses.23.ects.value: must be at least 0"),
    (SL, _k_too_large, "rules.units.1.k: 13 is larger than"),
    (SL, _threshold_above_scale, "rules.units.0.threshold: above the grade scale"),
    (SL, _graded_unit_without_rule, "units.4: graded unit 'stage' has no rule"),
    (SL, _rule_for_unknown_unit, "rules.units.2.unit: unknown unit 'no-such-unit'"),
    (SL, _bad_identifier, "id: not an id: lowercase letters, digits and hyphens"),
    (SL, _missing_name, "name: required, and not given"),
    (SL, _bad_date, "calendar.0.start:"),
    (SL, _bonus_from_a_graded_unit, "rules.units.0.bonus_from: 'stage' is not a bonus unit"),
    (SL, _k_on_mean_of_all, "k does not apply to a mean_of_all rule"),
    (IM, _unknown_track_on_im_unit, "units.0.tracks: unknown track 'xx'"),
    (
        SL,
        _event_rule_in_a_version_1_file,
        "calendar.4.rule: needs format_version: 3 (a version-1 file has no rule)",
    ),
    (
        SL,
        _event_source_in_a_version_1_file,
        "calendar.4.source: needs format_version: 3 (a version-1 file has no source)",
    ),
    (IM, _inferred_dates_without_their_rule, "calendar.0.rule: inferred dates need the rule"),
    (SL, _note_in_one_language, "units.0.note: needs the text in both languages"),
    (SL, _rule_note_in_one_language, "rules.units.0.note: needs the text in both"),
    (SL, _programme_note_without_french, "notes.1.fr: required, and not given"),
    (IM, _empty_french_conflict, "units.0.ects.conflict.where.fr: is empty"),
]


@pytest.mark.parametrize(
    ("name", "mutate", "fragment"), BROKEN, ids=[m.__name__.strip("_") for _, m, _ in BROKEN]
)
def test_a_broken_programme_names_the_file_and_the_field(tmp_path, name, mutate, fragment):
    data = copy.deepcopy(_raw(name))
    mutate(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        load_programme_file(path)

    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert fragment in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: [1,\n b", "not valid YAML"),
        ("- 1\n- 2\n", "a programme file must be a mapping at the top level"),
        ("", "a programme file must be a mapping at the top level"),
        ("just text", "a programme file must be a mapping at the top level"),
    ],
)
def test_a_file_that_is_not_a_programme_is_refused(tmp_path, text, fragment):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CatalogueError, match=fragment) as caught:
        load_programme_file(path)
    assert str(caught.value).startswith(str(path))


def test_a_missing_file_is_named(tmp_path):
    path = tmp_path / "nowhere.yaml"

    with pytest.raises(CatalogueError, match="no such file"):
        load_programme_file(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Modèle".encode("latin-1"))

    with pytest.raises(CatalogueError, match="not UTF-8 text"):
        load_programme_file(path)


def test_two_files_for_the_same_programme_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text((CATALOGUE_DIR / f"{SL}.yaml").read_text("utf-8"), "utf-8")

    with pytest.raises(CatalogueError, match=f"two files define programme '{SL}'"):
        load_catalogue(tmp_path)


def test_parse_programme_names_the_given_path():
    with pytest.raises(CatalogueError, match=r"^here\.yaml: "):
        parse_programme({"id": "x"}, "here.yaml")


def test_every_problem_of_a_file_is_reported_not_only_the_first(tmp_path):
    data = copy.deepcopy(_raw(SL))
    _unknown_key(data)
    data["units"][2]["shade"] = 1
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        load_programme_file(path)

    assert "units.1.colour" in str(caught.value)
    assert "units.2.shade" in str(caught.value)


def test_the_catalogue_directory_of_the_package_is_the_shipped_one():
    from planner.catalogue import CATALOGUE_DIR as PACKAGE_DIR

    assert Path(PACKAGE_DIR).resolve() == CATALOGUE_DIR
