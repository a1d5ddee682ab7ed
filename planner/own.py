"""A programme a person built in the app (« My programme »), as its plan carries it.

It is an ordinary programme document, the mapping a programme file holds (JSON-able),
read by planner.catalogue.parse_programme, that says `origin: entered`: every verdict
under it then says its rules were entered by a person and checked against no published
text (planner.rules.status). It travels in its plan (`Scenario.own_programme`): in the
share link, the saved plan file and the browser's copy, each read by `read_own` within
the bounds of planner.limits (MAX_OWN_*). It exports as a programme file that
`m2-planner check-catalogue` accepts (`programme_yaml`), read back by the same loader
as the catalogue's files (`read_programme_text`), and a shipped programme can be its
start (`copy_document`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache

import yaml

from planner.catalogue import (
    ORIGIN_VERSION,
    Catalogue,
    CatalogueError,
    Programme,
    load_catalogue,
    parse_programme,
    programme_data,
)
from planner.limits import (
    MAX_OWN_BYTES,
    MAX_OWN_COURSES,
    MAX_OWN_GROUPS,
    MAX_OWN_NAME_CHARS,
    MAX_OWN_OPTIONS,
    MAX_OWN_TRACKS,
    MAX_OWN_UNITS,
    quote,
    shorten,
)
from planner.scenario import Scenario, ScenarioError

# Each bounded list of a programme document: (its place, its bound, the refusal).
_COUNTED = (
    (("units",), MAX_OWN_UNITS, "refusal.own_too_many_units"),
    (("courses",), MAX_OWN_COURSES, "refusal.own_too_many_courses"),
    (("rules", "compensation"), MAX_OWN_GROUPS, "refusal.own_too_many_groups"),
    (("tracks",), MAX_OWN_TRACKS, "refusal.own_too_many_tracks"),
    (("options",), MAX_OWN_OPTIONS, "refusal.own_too_many_options"),
)
# The first problem of a document that does not validate, quoted this long at most.
_PROBLEM_CHARS = 160

YAML_HEADER = """\
# A programme built in the M2 year planner ("My programme" page). Its rules were entered
# by a person, not transcribed from a published text: `origin: entered` makes every
# verdict say so. To propose it for the catalogue (catalogue/ in the planner's
# repository), replace `origin: entered` with the rules' published status and sources:
# remove that line, and give each rule the `status` and verbatim `source` of the
# document that publishes it, and `source:` that document (README.md, "The rules, as
# data"); then check the file with `m2-planner check-catalogue FILE`.
"""


def read_own(document: object) -> Programme:
    """The programme a plan carries, from its document, or ScenarioError saying why it is
    refused, in either language: larger than MAX_OWN_BYTES as JSON, a list over its bound
    (units, courses, compensation groups, tracks, options), invalid (the first problem,
    shortened), not `origin: entered`, the id of a shipped programme, or a name over
    MAX_OWN_NAME_CHARS. The same document gives the same Programme object (a few are
    kept), so that every cache keyed by the programme keeps working across reruns."""
    try:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):  # a date, NaN: a document from a link or a file has none
        raise ScenarioError("refusal.own_programme_invalid", problem="not JSON data") from None
    if len(text.encode("utf-8")) > MAX_OWN_BYTES:
        raise ScenarioError("refusal.own_programme_too_large", kb=MAX_OWN_BYTES // 1024)
    return _read_own_json(text)


# A few programmes, each at most MAX_OWN_BYTES: the plans of the sessions open at once
# mostly carry the same few (a cohort shares one).
@lru_cache(maxsize=32)
def _read_own_json(text: str) -> Programme:
    document = json.loads(text)
    if isinstance(document, dict):
        # Counted before validation, which costs in proportion to them.
        for path, most, key in _COUNTED:
            found: object = document
            for part in path:
                found = found.get(part) if isinstance(found, dict) else None
            if isinstance(found, list) and len(found) > most:
                raise ScenarioError(key, most=most)
    try:
        programme = parse_programme(document, "programme")
    except CatalogueError as error:
        raise ScenarioError(
            "refusal.own_programme_invalid", problem=_first_problem(error)
        ) from None
    if programme.origin != "entered":
        raise ScenarioError("refusal.own_programme_not_entered")
    if programme.id in shipped_ids():
        raise ScenarioError("refusal.own_programme_shipped_id", id=programme.id)
    for name in _names(programme):
        if len(name) > MAX_OWN_NAME_CHARS:
            raise ScenarioError(
                "refusal.own_name_too_long", most=MAX_OWN_NAME_CHARS, name=quote(name)
            )
    return programme


def _first_problem(error: CatalogueError) -> str:
    """The first problem the validation names, with its path, shortened: "units.2.name:
    Field required" (the programme's own checks come as one "(top level)" line, "; "
    between them)."""
    first = str(error).splitlines()[0].removeprefix("programme: ")
    first = first.removeprefix("(top level): ").removeprefix("Value error, ")
    return shorten(first.split("; ")[0], _PROBLEM_CHARS)


@cache  # the shipped catalogue does not change while the app runs
def shipped_ids() -> frozenset[str]:
    """The ids of the shipped programmes, which a programme built in the app cannot take:
    a plan naming one must mean the shipped one."""
    return frozenset(load_catalogue().ids)


def _names(programme: Programme) -> Iterator[str]:
    """Every name a person wrote in the programme: each is drawn on a line of a page."""
    yield programme.name
    if programme.institution is not None:
        yield programme.institution
    yield programme.academic_year
    yield programme.source.title
    for items in (
        programme.tracks,
        programme.options,
        programme.courses,
        programme.units,
        programme.calendar,
    ):
        yield from (item.name for item in items)
    yield from (c.name for course in programme.courses for c in course.components)
    yield from (g.name for g in programme.rules.groups if g.name is not None)


def scenario_programme(scenario: Scenario, catalogue: Catalogue) -> Programme | None:
    """The programme a plan is judged by: the one it carries, if it carries one, else the
    catalogue's programme of its id (None when the catalogue has none)."""
    return carried_programme(scenario) or catalogue.get(scenario.programme)


def carried_programme(scenario: Scenario) -> Programme | None:
    """The programme a plan carries (checked when the plan was read: the same object
    then), or None."""
    if scenario.own_programme is None:
        return None
    return read_own(scenario.own_programme)


def programme_yaml(document: Mapping[str, object]) -> str:
    """The document as a programme file: a header comment, then its keys in the order of
    the shipped files (format_version, origin, id, name, institution, …, rules, calendar,
    notes; every mapping in its model's order), written only where the document gives
    them. `m2-planner check-catalogue` accepts it, and it reads back to an equal
    Programme. Raises CatalogueError for a document that does not validate."""
    programme = parse_programme(dict(document), "programme")
    # The version is always written: a file that does not say it is read as version 2.
    data = {"format_version": programme.format_version} | _file_mapping(programme)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return YAML_HEADER + body


def read_programme_text(text: str, name: str) -> dict[str, object]:
    """The document of a programme file's text (one exported by programme_yaml, or any
    programme file), read exactly as check-catalogue reads a file (its size, its YAML's
    depth and aliases, unique keys: planner.catalogue.programme_data), then validated.
    Raises CatalogueError naming `name` and the problem. JSON-able (a date as its ISO
    text), with the keys the file gives."""
    return _file_mapping(parse_programme(programme_data(text, name), name))


def draft_document(text: str, name: str) -> dict[str, object]:
    """A programme file's text as a document to go on editing: read as check-catalogue
    reads a file, and refused (CatalogueError, naming `name`) when it is no programme file
    at all (too large, nested too deep, a key given twice, not YAML, not a mapping); but
    kept when it does not validate yet, so that the builder shows its problems at their
    fields. JSON-able: a date as its ISO text, as read_programme_text gives it."""
    data = programme_data(text, name)
    if not isinstance(data, dict):
        raise CatalogueError(f"{name}: a programme file is a mapping at the top level")
    try:
        return read_programme_text(text, name)
    except CatalogueError:
        document = json.loads(json.dumps(data, default=str))
        assert isinstance(document, dict)
        return document


def copy_document(programme: Programme, new_id: str) -> dict[str, object]:
    """A programme's document as the start of one a person builds: the mapping its file
    holds (the keys it gives), under `new_id`, saying `origin: entered`. It keeps its
    format_version, so it reads exactly as the programme does: reading a version-2 file
    as version 3 would change its compensation (decided on the final grades, a floor
    blocking the group) with no key to undo it. A version-1 file becomes version 2, the
    first that may say `origin` and that reads a version-1 file unchanged."""
    mapping = _file_mapping(programme)
    mapping.pop("format_version", None)
    mapping.pop("origin", None)
    version = max(programme.format_version, ORIGIN_VERSION)
    return {"format_version": version, "origin": "entered", **mapping, "id": new_id}


def _file_mapping(programme: Programme) -> dict[str, object]:
    """The mapping of a programme file as JSON data: the keys its file (or document) gave,
    in the model's order."""
    return programme.model_dump(mode="json", exclude_unset=True)
