"""The rules that apply to one student, built once: the programme's rules with the
scenario's parameters applied (a bonus rate, the rules a student chose for a programme
that publishes none, a session-2 policy) and limited to the units of the student's track
and option.

Every view of a verdict (the verdicts themselves, the minimums, the odds, the Rules page,
the Grades page's banner, the PDF, the CLI) reads these rules, so none can describe a rule
the verdicts do not apply: a compensation group names only the units this student
follows, and a policy the student chose says so (status "chosen") wherever it is shown.
"""

from __future__ import annotations

from planner.catalogue import Programme, Rules
from planner.engine import with_bonus_rate
from planner.memo import memo
from planner.presets import with_chosen_rules
from planner.rules.compensation import CompensationGroup, inner_first
from planner.scenario import Parameters


# Every evaluation (on each edit), the odds, the Rules page and the PDF ask, and the same
# few plans come back: a few hundred programmes applied, shared by every session.
@memo(size=256)
def apply_parameters(
    programme: Programme,
    parameters: Parameters,
    track: str | None = None,
    option: str | None = None,
) -> Programme:
    """The programme as judged for this plan. Raises ScenarioError for parameters the
    programme refuses (planner.presets.check_parameters). `track` and `option` limit the
    compensation groups to the plan's units; with neither, every unit stays."""
    applied = with_bonus_rate(programme, parameters.bonus_rate)
    applied = with_chosen_rules(applied, parameters)
    applied = _with_policy(applied, parameters.session2_policy)
    if track is not None or option is not None:
        applied = _for_plan(applied, {u.id for u in programme.units_for(track, option)})
    return applied


def _with_rules(programme: Programme, rules: Rules) -> Programme:
    return programme.model_copy(update={"rules": rules})


def _with_policy(programme: Programme, name: str | None) -> Programme:
    """The session-2 policy the scenario chose, marked as chosen (unchanged if none, or
    the programme's own)."""
    own = programme.rules.session2
    if name is None or name == own.policy:
        return programme
    session2 = own.model_copy(update={"policy": name, "status": "chosen", "note": None})
    return _with_rules(programme, programme.rules.model_copy(update={"session2": session2}))


def _for_plan(programme: Programme, units: set[str]) -> Programme:
    """Compensation groups (and published absences of compensation) limited to the units
    of the plan; a group left with fewer than two members compensates nothing (a member
    group left with one unit hands that unit to the group above, with its weight)."""
    rules = programme.rules
    groups = _groups_for(rules.groups, units)
    published = tuple(
        n.model_copy(update={"units": kept})
        for n in rules.no_compensation_published
        if len(kept := tuple(u for u in n.units if u in units)) >= 2
    )
    if groups == rules.groups and published == rules.no_compensation_published:
        return programme
    compensation: tuple[CompensationGroup, ...] | bool = groups if rules.groups else False
    if rules.groups and not groups:
        compensation = False
    return _with_rules(
        programme,
        rules.model_copy(
            update={"compensation": compensation, "no_compensation_published": published}
        ),
    )


def _groups_for(
    groups: tuple[CompensationGroup, ...], units: set[str]
) -> tuple[CompensationGroup, ...]:
    """Each group limited to the plan's units, inner groups first (nested compensation):
    a group it holds that is dropped leaves its one remaining unit, if any, in its place."""
    kept: dict[int, CompensationGroup | None] = {}
    # What stands for a dropped member group in the group above: its one unit, or nothing.
    replaced: dict[str, str | None] = {}
    for group in inner_first(groups):
        index = groups.index(group)
        members = [u for u in group.units if u in units]
        inner = []
        renamed = {}
        for g in group.groups:
            if g not in replaced:
                inner.append(g)
            elif (unit := replaced[g]) is not None:
                members.append(unit)
                renamed[unit] = g
        if len(members) + len(inner) < 2:
            kept[index] = None
            if group.id is not None:
                left = [*members, *inner]
                replaced[group.id] = left[0] if len(left) == 1 and left[0] in units else None
            continue
        if tuple(members) == group.units and tuple(inner) == group.groups:
            kept[index] = group
            continue
        weights = group.weights
        if not isinstance(weights, str):
            weights = {m: weights[renamed.get(m, m)] for m in (*members, *inner)}
        kept[index] = group.model_copy(
            update={"units": tuple(members), "groups": tuple(inner), "weights": weights}
        )
    return tuple(g for i in range(len(groups)) if (g := kept[i]) is not None)
