"""A programme being built in the app: its document (the mapping a programme file holds,
JSON-able) and the edits the builder makes to it. Pure functions: each returns a new
document and never changes the one given, so a document read before an edit stays as it
was (the session keeps the last one that parsed beside the one being edited).

Ids are made from names (a student names things; the file needs ids that stay put when a
name changes): made once, when the thing is added, never changed after.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from planner.catalogue import FORMAT_VERSION
from planner.messages import Lang
from planner.rules import KIND_BY_NAME, RuleBase
from planner.texts import text

Document = dict[str, Any]

# The usual French rule, what a new unit gets until the student says otherwise: the mean of
# its courses at or above half the scale (10/20), with a session 2.
DEFAULT_KIND = "mean_of_all"
_ID_LENGTH = 40  # of the part made from a name (ids stay readable in a file and a link)


def slug(name: str, taken: Iterable[str], fallback: str) -> str:
    """An id for `name` (lower-case ASCII words joined by dashes), not among `taken`:
    `stats`, then `stats-2`, `stats-3`… `fallback` when the name has no letter or digit."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_ID_LENGTH].strip("-")
    base = base or fallback
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def academic_year(today: dt.date) -> str:
    """The academic year a student plans in: from August on, the one starting this year."""
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def blank(lang: Lang, today: dt.date) -> Document:
    """A programme with nothing in it yet, named in the app's language; /20, one session 2,
    no compensation: what a student then fills in."""
    return {
        "format_version": FORMAT_VERSION,
        "origin": "entered",
        "id": "my-programme",
        "name": text("page_programme", lang),
        "academic_year": academic_year(today),
        "source": {"document": "", "title": ""},
        "grade_scale": {"max": 20, "status": "assumed"},
        "courses": [],
        "units": [],
        "rules": {"status": "assumed", "units": [], "compensation": False},
    }


def get_in(document: Document, path: tuple[str | int, ...], default: Any = None) -> Any:
    """The value at `path` (keys and list indexes), or `default` where there is none."""
    value: Any = document
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return default
    return value


def set_in(document: Document, path: tuple[str | int, ...], value: Any) -> Document:
    """A copy of `document` with `value` at `path` (None removes a mapping's key, so that
    an optional field left empty is not written)."""
    result = copy.deepcopy(document)
    holder: Any = result
    for part in path[:-1]:
        if isinstance(holder, dict) and part not in holder:
            holder[part] = {}
        holder = holder[part]
    last = path[-1]
    if value is None and isinstance(holder, dict):
        holder.pop(last, None)
    else:
        holder[last] = value
    return result


def _scale(document: Document) -> float:
    scale = get_in(document, ("grade_scale", "max"), 20)
    return scale if isinstance(scale, (int, float)) and scale > 0 else 20


def pass_mark(document: Document) -> float:
    """Half the scale: 10 on /20, 50 on /100."""
    half = _scale(document) / 2
    return int(half) if float(half).is_integer() else half


def unit_ids(document: Document) -> list[str]:
    return [u.get("id", "") for u in get_in(document, ("units",), [])]


def course_ids(document: Document) -> list[str]:
    return [c.get("id", "") for c in get_in(document, ("courses",), [])]


def add_unit(document: Document, name: str) -> tuple[Document, str]:
    """A new graded unit named `name`, with the usual rule (mean ≥ half the scale, session 2),
    marked as the student's assumption. Returns the document and the unit's id."""
    result = copy.deepcopy(document)
    ident = slug(name, unit_ids(result) + _group_ids(result), "unit")
    result.setdefault("units", []).append({"id": ident, "name": name, "courses": []})
    rules = result.setdefault("rules", {"status": "assumed", "units": []})
    rules.setdefault("units", []).append(_usual_rule(result, ident))
    return result, ident


def _usual_rule(document: Document, unit_id: str) -> dict[str, Any]:
    return {
        "unit": unit_id,
        "kind": DEFAULT_KIND,
        "threshold": pass_mark(document),
        "status": "assumed",
    }


def add_course(document: Document, unit_id: str, name: str) -> tuple[Document, str]:
    """A new course named `name` in the unit `unit_id`, its ECTS and hours not known yet."""
    result = copy.deepcopy(document)
    ident = slug(name, course_ids(result), "course")
    result.setdefault("courses", []).append({"id": ident, "name": name})
    for unit in result.get("units", []):
        if unit.get("id") == unit_id:
            unit.setdefault("courses", []).append(ident)
    for rule in get_in(result, ("rules", "units"), []):
        # A unit weighting its courses by coefficients: the new one weighs 1 until the
        # student writes its coefficient.
        if rule.get("unit") == unit_id and isinstance(rule.get("weights"), dict):
            rule["weights"][ident] = 1
    return result, ident


def remove_course(document: Document, course_id: str) -> Document:
    """The course gone, and every mention of it: its units' lists (a choice asking for more
    courses than are left is lowered), coefficients, bonus sources."""
    result = copy.deepcopy(document)
    result["courses"] = [c for c in result.get("courses", []) if c.get("id") != course_id]
    for unit in result.get("units", []):
        if course_id in unit.get("courses", []):
            unit["courses"] = [c for c in unit["courses"] if c != course_id]
            choose = unit.get("choose")
            if isinstance(choose, dict):
                left = len(unit["courses"])
                if left == 0:
                    unit.pop("choose")
                else:
                    choose["max"] = min(choose.get("max", left), left)
                    choose["min"] = min(choose.get("min", 0), choose["max"])
    for rule in get_in(result, ("rules", "units"), []):
        weights = rule.get("weights")
        if isinstance(weights, dict):
            weights.pop(course_id, None)
    rules = result.get("rules", {})
    rules["bonus_points"] = [
        b for b in rules.get("bonus_points", []) if b.get("earned_by") != course_id
    ]
    if not rules["bonus_points"]:
        rules.pop("bonus_points")
    return result


def remove_unit(document: Document, unit_id: str) -> Document:
    """The unit gone with its rule, its courses that no other unit lists, and its place in
    compensation groups."""
    result = copy.deepcopy(document)
    unit = next((u for u in result.get("units", []) if u.get("id") == unit_id), None)
    if unit is None:
        return result
    others = {c for u in result["units"] if u is not unit for c in u.get("courses", [])}
    for course in list(unit.get("courses", [])):
        if course not in others:
            result = remove_course(result, course)
    result["units"] = [u for u in result["units"] if u.get("id") != unit_id]
    rules = result.setdefault("rules", {"status": "assumed", "units": []})
    rules["units"] = [r for r in rules.get("units", []) if r.get("unit") != unit_id]
    for rule in rules["units"]:
        if unit_id in rule.get("bonus_from", []):
            rule["bonus_from"] = [b for b in rule["bonus_from"] if b != unit_id]
    _without_units(rules, unit_id)
    rules["bonus_points"] = [
        b
        for b in rules.get("bonus_points", [])
        if b.get("earned_by") != unit_id and b.get("unit") != unit_id
    ]
    if not rules["bonus_points"]:
        rules.pop("bonus_points")
    return result


def _without_units(rules: dict[str, Any], unit_id: str) -> None:
    """No compensation group names the unit any more (a group left too small is said so
    by the checks, at its fields, for the student to complete or remove)."""
    groups = rules.get("compensation")
    if isinstance(groups, list):
        for group in groups:
            if unit_id in group.get("units", []):
                group["units"] = [u for u in group["units"] if u != unit_id]


def _group_ids(document: Document) -> list[str]:
    groups = get_in(document, ("rules", "compensation"), False)
    return [g["id"] for g in groups or [] if isinstance(g, dict) and "id" in g]


def add_group(document: Document, name: str, units: list[str]) -> tuple[Document, str]:
    """A compensation group over `units` (weighted by ECTS, threshold half the scale),
    named so that a group of groups (the year) can hold it."""
    result = copy.deepcopy(document)
    ident = slug(name, unit_ids(result) + _group_ids(result), "group")
    rules = result.setdefault("rules", {"status": "assumed", "units": []})
    groups = rules.get("compensation")
    groups = groups if isinstance(groups, list) else []
    groups.append(
        {
            "id": ident,
            "name": name,
            "units": list(units),
            "weights": "ects",
            "threshold": pass_mark(result),
            "status": "assumed",
        }
    )
    rules["compensation"] = groups
    return result, ident


def remove_group(document: Document, index: int) -> Document:
    result = copy.deepcopy(document)
    rules = result.get("rules", {})
    groups = rules.get("compensation")
    if not isinstance(groups, list) or not 0 <= index < len(groups):
        return result
    gone = groups.pop(index).get("id")
    for group in groups:
        if gone is not None and gone in group.get("groups", []):
            group["groups"] = [g for g in group["groups"] if g != gone]
    rules["compensation"] = groups or False
    return result


def set_kind(document: Document, unit_id: str, kind: str) -> Document:
    """The unit's rule of another kind, keeping what every kind shares (threshold, floor,
    strictness, session 2, status, source) and giving the new kind's own parameters the
    values the kind starts with (RuleBase.starting_parameters)."""
    result = copy.deepcopy(document)
    rules = get_in(result, ("rules", "units"), [])
    unit = next((u for u in result.get("units", []) if u.get("id") == unit_id), {})
    own = KIND_BY_NAME[kind].starting_parameters(list(unit.get("courses", [])))
    shared_keys = set(RuleBase.model_fields) - {"kind"}
    for index, rule in enumerate(rules):
        if rule.get("unit") == unit_id:
            shared = {key: value for key, value in rule.items() if key in shared_keys}
            rules[index] = {**shared, "kind": kind, **own}
    return result


def set_unit_kind(document: Document, unit_id: str, kind: str) -> Document:
    """A graded unit has a rule; a bonus unit or an activity has none: a unit made graded
    gets the usual rule, one made otherwise loses its rule and its place in groups."""
    result = copy.deepcopy(document)
    for unit in result.get("units", []):
        if unit.get("id") == unit_id:
            if kind == "graded":
                unit.pop("kind", None)
            else:
                unit["kind"] = kind
    rules = result.setdefault("rules", {"status": "assumed", "units": []})
    has_rule = any(r.get("unit") == unit_id for r in rules.get("units", []))
    if kind == "graded" and not has_rule:
        rules.setdefault("units", []).append(_usual_rule(result, unit_id))
    if kind != "graded":
        rules["units"] = [r for r in rules.get("units", []) if r.get("unit") != unit_id]
        _without_units(rules, unit_id)
    return result


def add_named(document: Document, what: str, name: str) -> Document:
    """A track or an option (`what`: "tracks" or "options") named `name`."""
    result = copy.deepcopy(document)
    items = result.setdefault(what, [])
    ident = slug(name, [i.get("id", "") for i in items], what.rstrip("s"))
    items.append({"id": ident, "name": name})
    return result


def remove_named(document: Document, what: str, ident: str) -> Document:
    """The track or option gone, and the units' and events' mentions of it (a unit that
    named only it is then for every track or option)."""
    result = copy.deepcopy(document)
    result[what] = [i for i in result.get(what, []) if i.get("id") != ident]
    if not result[what]:
        result.pop(what)
    for holder in (*result.get("units", []), *result.get("calendar", [])):
        if ident in holder.get(what, []):
            holder[what] = [i for i in holder[what] if i != ident]
            if not holder[what]:
                holder.pop(what)
    return result


def set_group_weights(document: Document, index: int, how: str) -> Document:
    """How a group weighs its members: "ects", or "equal" (a coefficient per member, 1
    unless written already), kept to the members the group has now."""
    result = copy.deepcopy(document)
    group = get_in(result, ("rules", "compensation", index))
    if not isinstance(group, dict):
        return result
    if how == "ects":
        group["weights"] = "ects"
        return result
    before = group.get("weights") if isinstance(group.get("weights"), dict) else {}
    members = [*group.get("units", []), *group.get("groups", [])]
    group["weights"] = {m: before.get(m, 1) for m in members}
    return result


def add_component(document: Document, course_id: str, name: str) -> Document:
    """A part the course is assessed in (« contrôle continu », « examen »), weighing 1 and
    retaken in session 2 until the student says otherwise: the course grade is then the
    weighted mean of its parts."""
    result = copy.deepcopy(document)
    for course in result.get("courses", []):
        if course.get("id") == course_id:
            parts = course.setdefault("components", [])
            ident = slug(name, [p.get("id", "") for p in parts], "part")
            parts.append({"id": ident, "name": name, "weight": 1})
    return result


def remove_component(document: Document, course_id: str, component_id: str) -> Document:
    """The part gone; a course left with none is graded as a whole again."""
    result = copy.deepcopy(document)
    for course in result.get("courses", []):
        if course.get("id") == course_id:
            parts = [p for p in course.get("components", []) if p.get("id") != component_id]
            if parts:
                course["components"] = parts
            else:
                course.pop("components", None)
    return result


def add_bonus_points(document: Document) -> Document:
    """Bonus points earned by the first course (or bonus unit) for the first graded unit:
    5 % of the points above half the scale, counted toward validation (the usual sport or
    language bonus), for the student to point at the right ones."""
    result = copy.deepcopy(document)
    bonus_units = [u["id"] for u in result.get("units", []) if u.get("kind") == "bonus"]
    sources = bonus_units + course_ids(result)
    graded = [u["id"] for u in result.get("units", []) if u.get("kind", "graded") == "graded"]
    if not sources or not graded:
        return result
    rules = result.setdefault("rules", {"status": "assumed", "units": []})
    rules.setdefault("bonus_points", []).append(
        {
            "earned_by": sources[0],
            "unit": graded[0],
            "above": pass_mark(result),
            "rate": 0.05,
            "status": "assumed",
        }
    )
    return result


def remove_at(document: Document, path: tuple[str | int, ...], index: int) -> Document:
    """The list at `path` without its item `index` (the list's key gone once empty)."""
    result = copy.deepcopy(document)
    items = get_in(result, path)
    if isinstance(items, list) and 0 <= index < len(items):
        del items[index]
        if not items:
            holder = get_in(result, path[:-1])
            holder.pop(path[-1], None)
    return result


def set_jury_code(document: Document, field: str, value: object) -> Document:
    """One of the jury's codes said (`value`) or back to the default (None); no code said
    at all: no `jury_codes` key."""
    result = copy.deepcopy(document)
    rules = result.setdefault("rules", {"status": "assumed", "units": []})
    codes = dict(rules.get("jury_codes") or {"status": "assumed"})
    if value is None:
        codes.pop(field, None)
    else:
        codes[field] = value
    if set(codes) <= {"status"}:
        rules.pop("jury_codes", None)
    else:
        rules["jury_codes"] = codes
    return result


def add_prerequisite(document: Document) -> Document:
    """The last graded unit counting only once the first is validated (an internship
    after the methods unit, say), for the student to point at the right ones."""
    result = copy.deepcopy(document)
    graded = [u["id"] for u in result.get("units", []) if u.get("kind", "graded") == "graded"]
    if len(graded) < 2:
        return result
    rules = result.setdefault("rules", {"status": "assumed", "units": []})
    rules.setdefault("prerequisites", []).append(
        {"units": [graded[-1]], "requires": {"unit": graded[0]}, "status": "assumed"}
    )
    return result
