"""Rules a student says apply to them, for a programme that publishes none.

The presets are data: each one gives the rule kind of every unit (and its options) and
whether units compensate. A scenario's `parameters` picks one and may set the threshold,
a course floor and compensation on or off; the programme is then evaluated under those
rules, read as a file of the latest format_version, and every verdict is marked `chosen`.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.catalogue import FORMAT_VERSION, Programme, Rules
from planner.memo import memo
from planner.rules import parse_rule
from planner.rules.compensation import CompensationGroup
from planner.scenario import Parameters, ScenarioError

# id -> the rule every unit gets, and the compensation between units (None: none); each
# preset's name is the text `preset.<id>` of the message catalogue.
# unit_floor is a fraction of the scale (7/20 = 0.35).
PRESETS: Mapping[str, Mapping[str, object]] = {
    "each-unit-no-compensation": {
        "unit": {"kind": "mean_of_all"},
        "compensation": None,
    },
    "year-compensation-by-ects": {
        "unit": {"kind": "mean_of_all"},
        "compensation": {"unit_floor": 0.35},
    },
    "courses-weighted-by-ects": {
        "unit": {"kind": "weighted_mean", "weights": "ects"},
        "compensation": None,
    },
}
DEFAULT_PRESET = "each-unit-no-compensation"


def chooses_rules(parameters: Parameters) -> bool:
    return any(
        v is not None
        for v in (
            parameters.rules_preset,
            parameters.threshold,
            parameters.course_floor,
            parameters.compensation,
        )
    )


def with_chosen_rules(programme: Programme, parameters: Parameters) -> Programme:
    """The programme under the rules the scenario chose (unchanged if it chose none).
    Raises ScenarioError for a programme whose rules are published, or a floor above the
    threshold."""
    if not chooses_rules(parameters):
        return programme
    check_parameters(programme, parameters)
    return _build(programme, parameters)


def _threshold(programme: Programme, parameters: Parameters) -> float:
    scale = programme.grade_scale.max
    return parameters.threshold if parameters.threshold is not None else scale / 2


def check_parameters(programme: Programme, parameters: Parameters) -> None:
    """Raise ScenarioError for rule parameters this programme refuses: chosen rules on a
    programme whose rules are published, a threshold above the scale, a course floor above
    the threshold. Every way a scenario comes in (a link, a file, a saved plan, the
    browser's copy, the CLI) is checked by this before anything is drawn from it."""
    if not chooses_rules(parameters):
        return
    if programme.rules.status != "assumed":
        raise ScenarioError("refusal.rules_published", programme=programme.id)
    scale = programme.grade_scale.max
    threshold = _threshold(programme, parameters)
    floor = parameters.course_floor
    if threshold > scale:
        raise ScenarioError(
            "refusal.threshold_above_scale", threshold=f"{threshold:g}", scale=f"{scale:g}"
        )
    if floor is not None and floor > threshold:
        raise ScenarioError(
            "refusal.floor_above_threshold", floor=f"{floor:g}", threshold=f"{threshold:g}"
        )


# Asked again for each track and option of a plan under the same chosen rules; a few
# dozen programmes, shared by every session.
@memo(size=64)
def _build(programme: Programme, parameters: Parameters) -> Programme:
    preset = PRESETS[parameters.rules_preset or DEFAULT_PRESET]
    scale = programme.grade_scale.max
    threshold = _threshold(programme, parameters)
    floor = parameters.course_floor
    template = dict(preset["unit"])  # type: ignore[arg-type]
    units = []
    for old in programme.rules.units:
        data: dict[str, object] = {
            **template,
            "unit": old.unit,
            "threshold": threshold,
            "course_floor": floor,
            "session2": old.session2,
            "bonus_from": old.bonus_from,
            "status": "assumed",
        }
        unit = programme.unit(old.unit)
        if data.get("weights") == "ects" and any(
            programme.course(c).ects.value is None for c in unit.courses
        ):
            # Course ECTS not published for this unit: its courses weigh the same.
            data = {k: v for k, v in data.items() if k != "weights"} | {"kind": "mean_of_all"}
        units.append(parse_rule(data).model_copy(update={"status": "chosen"}))
    compensation: object = False
    on = parameters.compensation
    group = preset["compensation"]
    if on is None:
        on = group is not None
    if on:
        # One group: every graded unit whose ECTS are published, weighted by ECTS.
        floor_share = (group or {}).get("unit_floor")  # type: ignore[union-attr]
        members = tuple(r.unit for r in units if programme.unit(r.unit).ects.value is not None)
        if len(members) >= 2:
            compensation = (
                CompensationGroup(
                    units=members,
                    weights="ects",
                    threshold=threshold,
                    unit_floor=None if floor_share is None else floor_share * scale,  # type: ignore[operator]
                ).model_copy(update={"status": "chosen"}),
            )
    rules: Rules = programme.rules.model_copy(
        update={
            "units": tuple(units),
            "compensation": compensation,
            # Whether units compensate is the student's choice too, either way.
            "compensation_status": "chosen",
        }
    )
    # Chosen rules are no file of an older version: they read as the latest one (a floor
    # failure blocks the group, compensation is decided on the final grades).
    return programme.model_copy(update={"rules": rules, "format_version": FORMAT_VERSION})


def unit_rules_note(programme: Programme, parameters: Parameters) -> list[str]:
    """Units where the chosen preset could not apply as written (course ECTS unknown)."""
    preset = PRESETS[parameters.rules_preset or DEFAULT_PRESET]
    if preset["unit"].get("weights") != "ects":  # type: ignore[union-attr]
        return []
    return [
        programme.unit(r.unit).name
        for r in programme.rules.units
        if any(programme.course(c).ects.value is None for c in programme.unit(r.unit).courses)
    ]
