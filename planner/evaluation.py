"""One call from a scenario to everything a student sees: totals, verdicts, retakes,
minimum grades and the problems of the plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from planner import texts
from planner.applied import apply_parameters
from planner.catalogue import Catalogue, Programme, Rules
from planner.engine import (
    ScaledGrades,
    SemesterResult,
    UnitResult,
    Value,
    YearResult,
    choice_is_valid,
    compensate,
    counted_bonus,
    course_count,
    enrolled_courses,
    evaluate_unit,
    group_outcomes,
    judge_year,
    read_grades,
    session1_values,
    unit_grid,
)
from planner.group_minimums import Replay, with_compensation
from planner.limits import quote
from planner.messages import Lang, Message, sum_text
from planner.own import carried_programme, scenario_programme
from planner.presets import check_parameters
from planner.rules.absence import Read
from planner.rules.capitalisation import retake_threshold
from planner.rules.compensation import GroupOutcome
from planner.rules.components import Bounds, Entered, bounds, fold, graded, split_key
from planner.rules.progression import semesters, with_codes
from planner.rules.session2 import Session2Policy
from planner.rules.status import rule_status
from planner.scenario import MAX_JSON_BYTES, Scenario, ScenarioError, check_against
from planner.solver import UnitMinimums, unit_minimums
from planner.texts import DEFAULT_LANG
from planner.totals import Totals, plan_totals


@dataclass(frozen=True)
class Evaluation:
    scenario: Scenario
    totals: Totals
    choices_valid: bool
    problems: tuple[Message, ...]
    units: tuple[UnitResult, ...]
    minimums: tuple[UnitMinimums, ...]
    year: YearResult
    policy: str
    bonus_rate: float
    rules: Rules  # the rules applied: the programme's, or those the student chose
    # The programme as judged (its rules applied); not compared: the scenario says it.
    programme: Programme = field(compare=False)

    # Each compensation group's outcome (a semester's, under nested compensation), for a
    # jury code of the group to read.
    groups: tuple[GroupOutcome, ...] = ()
    # Each semester's jury code, where the programme gives them (rules.jury_codes).
    semesters: tuple[SemesterResult, ...] = ()

    def unit(self, unit_id: str) -> UnitResult:
        return next(u for u in self.units if u.unit == unit_id)

    def minimums_for(self, unit_id: str) -> UnitMinimums | None:
        return next((m for m in self.minimums if m.unit == unit_id), None)

    @property
    def retakes(self) -> tuple[str, ...]:
        return tuple(c for u in self.units for c in u.retakes)


def problem_text(problem: Message, lang: Lang = DEFAULT_LANG) -> str:
    return problem.text(lang)


def courses_kept_text(result: UnitResult, lang: Lang = DEFAULT_LANG) -> str | None:
    """What a unit not validated keeps of its courses, where courses are capitalised:
    "2 courses kept (6 ECTS)", "6 + ?" when a course's ECTS are not published; None when
    it keeps none."""
    acquired = result.courses_acquired
    if not acquired:
        return None
    ects = sum_text(result.ects_acquired, result.ects_acquired_incomplete, lang)
    return texts.text("courses_kept", lang, n=len(acquired), ects=ects)


def courses_kept_detail(rules: Rules, result: UnitResult, lang: Lang = DEFAULT_LANG) -> str | None:
    """Which courses a unit not validated keeps, and why (the threshold of `rules`, the
    rules applied); None when it keeps none."""
    capitalisation = rules.course_capitalisation
    if not result.courses_acquired or capitalisation is None:
        return None
    names = [k.name for k in result.courses_kept]
    params = {"courses": names, "threshold": capitalisation.threshold}
    return Message(code="courses_kept_detail", params=params).text(lang)


def access_text(result: UnitResult, lang: Lang = DEFAULT_LANG) -> str | None:
    """Why a unit behind a prerequisite does not count yet, or counts as AJAC; None when it
    has none, or it is simply met."""
    if result.access is None or result.access.message is None:
        return None
    return result.access.message.text(lang)


def semesters_text(evaluation: Evaluation, lang: Lang = DEFAULT_LANG) -> str | None:
    """Each semester's code, where the programme gives them: "S3: AJAC, 24 ECTS acquired;
    S4: not decided yet"; None otherwise."""
    if not evaluation.semesters:
        return None
    parts = []
    for s in evaluation.semesters:
        if s.code is not None:
            ects = s.ects_acquired.text(lang)
            parts.append(
                texts.text("semester_code", lang, semester=s.semester, code=s.code, ects=ects)
            )
        elif s.not_allowed:
            parts.append(texts.text("semester_not_allowed", lang, semester=s.semester))
        else:
            parts.append(texts.text("semester_pending", lang, semester=s.semester))
    return texts.semicolon(lang).join(parts)


def rules_status(evaluation: Evaluation) -> str:
    """`published`, `assumed` or `mixed`: what the verdicts of this plan rest on (`chosen`
    when the student chose a rule; `entered` for a programme entered in the app, every
    verdict of which says so unless the student chose its rule)."""
    statuses = {u.final.status for u in evaluation.units} | {evaluation.year.status}
    if "chosen" in statuses:
        return "chosen"
    if len(statuses) == 1:
        return statuses.pop()
    return "mixed"


def _session2_values(
    result: UnitResult,
    grades: Mapping[str, Read],
    session2_grades: Mapping[str, Read],
    policy: Session2Policy,
    bounded: Bounds,
) -> dict[str, Value]:
    """What the solver reads for a unit decided in session 2 (session 1's values travel in
    its grid), from the grades as read."""
    # For the solver, a not-yet-known session-1 grade is simply not known yet.
    retaken = set(result.retakes) | set(result.retakes_if_below)
    return policy.values(result.enrolled, grades, session2_grades, retaken, bounded)


def _minimums(
    programme: Programme,
    scenario: Scenario,
    policy: Session2Policy,
    raw: list[UnitResult],
    results: list[UnitResult],
    session1_grids: Mapping[str, ScaledGrades],
    grades: Mapping[str, Read],
    session2_grades: Mapping[str, Read],
    bounded: Bounds,
) -> tuple[UnitMinimums, ...]:
    """The minimums of every pending unit: from its rule alone, then, in a programme with
    compensation groups, by compensation too (planner.group_minimums). Each is solved on
    the engine's grid of its deciding session (the courses it judges: not those a
    justified absence leaves out), from the grades as read (`grades`, `session2_grades`)."""
    replay: Replay | None = None
    minimums = []
    for r in results:
        # A unit not yet allowed has no minimum yet: its prerequisite says why.
        if not r.choice_valid or r.final.validated is not None or r.not_allowed:
            continue
        if r.deciding_session == 1:
            grid = session1_grids[r.unit]
        else:
            values = _session2_values(r, grades, session2_grades, policy, bounded)
            # A bonus grade not known yet is never assumed to help: the known points only.
            earned = counted_bonus(programme, r.unit, grades, 2)
            grid = unit_grid(programme, r.rule, r.enrolled, values, earned.low)
        found = unit_minimums(
            r.unit, r.deciding_session, r.rule, grid.courses, {}, programme.grade_scale.max, grid
        )
        if programme.rules.groups:
            if replay is None:
                units = programme.units_for(scenario.track, scenario.option)
                replay = Replay(
                    programme=programme,
                    units={u.id: u for u in units},
                    choices=frozenset(scenario.choices),
                    grades=grades,
                    session2_grades=session2_grades,
                    policy=policy,
                    raw=raw,
                    bounded=bounded,
                )
            found = with_compensation(found, r, grid, replay, results)
        minimums.append(found)
    return tuple(minimums)


def course_grades_of(
    programme: Programme, scenario: Scenario
) -> tuple[dict[str, Entered], dict[str, Entered]]:
    """The scenario's grades of each session as course grades: a course graded by
    components takes the grade they give it, where they are known."""
    return fold(programme, scenario.grades, scenario.session2_grades)


def check_scenario(programme: Programme, scenario: Scenario) -> None:
    """Raise ScenarioError for a scenario this programme cannot judge: ids it does not
    know, grades off its scale, rule parameters it refuses. What evaluate() would refuse,
    refused before the scenario becomes anyone's plan. A scenario carrying its own
    programme is checked against that one (planner.own.scenario_programme), whatever
    `programme` is."""
    programme = carried_programme(scenario) or programme
    check_against(programme, scenario)
    check_parameters(programme, scenario.parameters)


def read_plan_file(name: str, text: str, catalogue: Catalogue) -> Scenario:
    """A saved plan file the student opened, its name and its text as the browser read it:
    the scenario it holds, checked against its programme, or ScenarioError saying why it
    is refused (not a .json name, too large, not a scenario, a programme this app does not
    have, what check_scenario() refuses). Both are outside text: nothing else is read."""
    if not name.lower().endswith(".json"):
        raise ScenarioError("file_not_json")
    # Characters first: a text that long is refused before it is encoded.
    if len(text) > MAX_JSON_BYTES:
        raise ScenarioError("file_too_large", kb=MAX_JSON_BYTES // 1024)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no browser reads a file into one
        raise ScenarioError("refusal.not_utf8") from None
    if len(data) > MAX_JSON_BYTES:
        raise ScenarioError("file_too_large", kb=MAX_JSON_BYTES // 1024)
    scenario = Scenario.from_json(data)
    # Its own programme, if it carries one (read with the scenario), else the catalogue's.
    programme = scenario_programme(scenario, catalogue)
    if programme is None:
        raise ScenarioError("refusal.unknown_programme", programme=quote(scenario.programme))
    check_scenario(programme, scenario)
    return scenario


def evaluate(
    programme: Programme, scenario: Scenario, *, applied: Programme | None = None
) -> Evaluation:
    """Raises ScenarioError for what check_scenario() refuses.

    `applied`, if given, is `apply_parameters(programme, scenario.parameters,
    scenario.track, scenario.option)` already built (the app builds it once per plan and
    hands it to every view): the rules are then not applied a second time. A scenario
    carrying its own programme is judged by that one (planner.own.scenario_programme),
    whatever `programme` is."""
    programme = carried_programme(scenario) or programme
    check_scenario(programme, scenario)
    # Totals from the shared programme (memoised per plan), before any rule parameter.
    totals = plan_totals(programme, scenario.track, scenario.option, frozenset(scenario.choices))
    if applied is None:
        applied = apply_parameters(programme, scenario.parameters, scenario.track, scenario.option)
    programme = applied
    policy = programme.rules.policy
    # Each absence and justified absence as this programme reads it (a 0, an absence, or
    # the course left out): what every verdict and minimum below judges.
    # A course graded by components takes the grade its components give it
    # (planner.rules.components), before anything reads it.
    course_grades, course_grades2 = course_grades_of(programme, scenario)
    grades = read_grades(programme, course_grades)
    session2_grades = read_grades(programme, course_grades2)
    # A course graded by components not all known is bounded by those known.
    bounded = bounds(programme, scenario.grades, scenario.session2_grades)
    choices = frozenset(scenario.choices)
    units = programme.units_for(scenario.track, scenario.option)
    problems: list[Message] = []

    choosable = {c for u in units if u.choose for c in u.courses}
    for course in scenario.choices:
        if course not in choosable:
            problems.append(
                Message(code="choice_outside", params={"course": programme.course(course).name})
            )
    results: list[UnitResult] = []
    session1_grids: dict[str, ScaledGrades] = {}
    in_plan: set[str] = set()
    for unit in units:
        enrolled = enrolled_courses(unit, choices)
        if not choice_is_valid(unit, choices):
            problems.append(
                Message(
                    code="choice_count",
                    params={
                        "unit": unit.name,
                        "choose": course_count(unit),
                        "n": unit.choose.max if unit.choose else 0,
                        "picked": len(enrolled),
                        "chosen": Message(code="n_chosen", params={"n": len(enrolled)}),
                    },
                )
            )
        in_plan.update(enrolled)
        rule = programme.rule_for(unit.id)
        if rule is None:
            continue
        # Session 1's scaled grades, built once for the verdict and for the minimums.
        # With the bonus points certainly earned: the minimum holds whatever an unknown
        # bonus grade gives.
        earned = counted_bonus(programme, unit.id, grades, 1)
        values = session1_values(enrolled, grades, bounded)
        grid = unit_grid(programme, rule, enrolled, values, earned.low)
        session1_grids[unit.id] = grid
        results.append(
            evaluate_unit(programme, unit, choices, grades, session2_grades, policy, grid, bounded)
        )
    given = (*scenario.grades, *scenario.session2_grades)
    for course in dict.fromkeys(split_key(name)[0] for name in given):
        if course not in in_plan:
            problems.append(
                Message(code="not_in_plan", params={"course": programme.course(course).name})
            )
    raw = results
    # DEF and prerequisites read the grades as entered (an absence, or ABJ).
    results = with_codes(
        programme,
        compensate(programme, raw, policy, grades),
        scenario.grades,
        scenario.session2_grades,
    )
    retakeable = {c for r in results for c in (*r.retakes, *r.retakes_if_below)}
    for course in dict.fromkeys(split_key(name)[0] for name in scenario.session2_grades):
        if course in in_plan and course not in retakeable:
            unit = next((r for r in results if course in r.enrolled), None)
            if unit is not None and unit.not_allowed:  # its grades do not count yet
                problems.append(
                    Message(
                        code="not_retaken_not_allowed",
                        params={"course": programme.course(course).name, "unit": unit.name},
                    )
                )
                continue
            rule = unit.rule if unit else None
            threshold = retake_threshold(programme, rule) if rule else programme.grade_scale.max / 2
            problems.append(
                Message(
                    code="not_retaken",
                    params={"course": programme.course(course).name, "threshold": threshold},
                )
            )
    minimums = _minimums(
        programme,
        scenario,
        policy,
        raw,
        results,
        session1_grids,
        grades,
        session2_grades,
        bounded,
    )
    return Evaluation(
        scenario=scenario,
        totals=totals,
        choices_valid=not any(p.code == "choice_count" for p in problems),
        problems=tuple(problems),
        units=tuple(results),
        minimums=minimums,
        year=judge_year(
            results,
            rule_status(programme, programme.rules.no_compensation_status),
            bool(programme.rules.groups),
        ),
        policy=policy.name,
        bonus_rate=programme.rules.bonus.rate,
        rules=programme.rules,
        programme=programme,
        groups=group_outcomes(programme, results),
        semesters=semesters(programme, results),
    )


def component_needed(
    programme: Programme, minimums: UnitMinimums, grades: Mapping[str, Entered]
) -> dict[str, object] | None:
    """Where a unit's minimum rests on one course graded by components: that course, the
    component to sit and the grade it needs (above the scale: out of reach); else None."""
    found = minimums.uniform
    if len(found.courses) != 1 or found.value is None:
        return None
    course = graded(programme, found.courses[0])
    if course is None:
        return None
    needed = course.needed(found.value, minimums.session, grades)
    if needed is None:
        return None
    return {"course": course.course.id, "component": needed[0], "value": float(needed[1])}


def to_contract(evaluation: Evaluation, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
    """The JSON shape `python -m planner evaluate --json` promises to outside scripts."""
    programme = evaluation.programme

    def verdict(v: object) -> dict[str, object] | None:
        if v is None:
            return None
        return {
            "validated": v.validated,  # type: ignore[attr-defined]
            "mean": v.mean,  # type: ignore[attr-defined]
            "mean_min": v.mean_min,  # type: ignore[attr-defined]
            "mean_max": v.mean_max,  # type: ignore[attr-defined]
            "bonus": v.bonus,  # type: ignore[attr-defined]
            "mean_with_bonus": v.mean_with_bonus,  # type: ignore[attr-defined]
            # Added with rules.bonus_points: whether `bonus` counts toward validation
            # (then `mean` is the mean with it).
            "bonus_counted": v.bonus_counted,  # type: ignore[attr-defined]
            "explanation": v.explanation(lang),  # type: ignore[attr-defined]
            "status": v.status,  # type: ignore[attr-defined]
        }

    def minimum(m: object) -> dict[str, object]:
        return {
            "courses": list(m.courses),  # type: ignore[attr-defined]
            "status": m.status,  # type: ignore[attr-defined]
            "value": m.value,  # type: ignore[attr-defined]
            # Added by issue 30: `status` may be "too_many" (value null, per_course
            # empty): too many grades still unknown in a unit's compensation groups to
            # compute an exact minimum within the work one plan is allowed.
            # Added by issue 27 (the fields above keep their meaning): how the minimum
            # validates the unit, and the failed units it validates by compensation too.
            "route": m.route,  # type: ignore[attr-defined]
            "for_units": list(m.for_units),  # type: ignore[attr-defined]
        }

    totals = evaluation.totals
    minimums: Mapping[str, UnitMinimums] = {m.unit: m for m in evaluation.minimums}
    return {
        "programme": evaluation.scenario.programme,
        "rules_status": rules_status(evaluation),
        "totals": {
            # null, not 0, when no figure is published (S&L publishes no hours)
            "ects": totals.ects.value,
            "lecture_hours": totals.lecture_hours.value,
            "tutorial_hours": totals.tutorial_hours.value,
            "incomplete": list(totals.incomplete),
        },
        "choices_valid": evaluation.choices_valid,
        "problems": [problem_text(p, lang) for p in evaluation.problems],
        "units": [
            {
                "id": r.unit,
                "name": r.name,
                "status": rule_status(programme, r.rule.status),
                "code": r.code,
                "ects_acquired": r.ects_acquired,
                # validated, but its ECTS are not published (ects_acquired is then null);
                # or not validated, keeping a course whose ECTS are not published
                # (ects_acquired is then the published part, null when there is none)
                "ects_acquired_incomplete": r.ects_acquired_incomplete,
                # Added by issue 27: where the programme capitalises courses, the courses
                # (ids) a unit not validated (AJ) keeps, their ECTS in ects_acquired;
                # empty otherwise
                "courses_acquired": list(r.courses_acquired),
                # Added by issue 27 (format_version 3, rules.prerequisites): whether a unit
                # behind a prerequisite counts yet (true, false: not yet allowed, null:
                # waiting for it), and why; null for a unit without one. A unit not yet
                # allowed has code null and no minimum.
                "access": (
                    {
                        "allowed": r.access.allowed,
                        "ajac": r.access.ajac,
                        "explanation": r.access.message.text(lang)
                        if r.access.message is not None
                        else None,
                        "status": r.access.status,
                    }
                    if r.access is not None
                    else None
                ),
                "compensation": (
                    {
                        "validated": r.compensation.validated,
                        "explanation": r.compensation.message.text(lang),
                        "status": r.compensation.status,
                    }
                    if r.compensation is not None
                    else None
                ),
                "enrolled": list(r.enrolled),
                "session1": verdict(r.session1),
                "retakes": list(r.retakes),
                # Added with assessment components: for each retaken course graded by
                # components, the components (ids) it retakes; empty otherwise
                "retaken_components": {
                    c: list(found.retaken)
                    for c in r.retakes
                    if (found := graded(programme, c)) is not None
                },
                "retakes_if_below": list(r.retakes_if_below),
                # null for a unit without session 2 (has_session2 false): its session 1
                # is final and says so
                "session2": verdict(r.session2_held),
                "has_session2": r.rule.session2,
                "minimum": (
                    {
                        # Added with assessment components: where the minimum rests on
                        # one course graded by components, the grade its component to sit
                        # needs ({"course", "component", "value"}); null otherwise
                        "component": component_needed(
                            programme, minimums[r.unit], evaluation.scenario.grades
                        ),
                        "session": minimums[r.unit].session,
                        "uniform": minimum(minimums[r.unit].uniform),
                        "per_course": [minimum(m) for m in minimums[r.unit].per_course],
                    }
                    if r.unit in minimums
                    else None
                ),
            }
            for r in evaluation.units
        ],
        # Each compensation group's outcome (a semester's under nested compensation): its
        # id (or its place in rules.compensation), name, units, validated and mean.
        "groups": [
            {
                "id": g.group,
                "name": g.name,
                "units": list(g.units),
                "validated": g.validated,
                "mean": g.mean,
            }
            for g in evaluation.groups
        ],
        "year": {
            "validated": evaluation.year.validated,
            "session1_validated": evaluation.year.session1_validated,
            "explanation": evaluation.year.message.text(lang),
            "status": evaluation.year.status,
            "code": evaluation.year.code,
            "ects_acquired": evaluation.year.ects_acquired,
            # true when validated units' ECTS (or kept courses') are not published:
            # ects_acquired is then only their published part ("39 + ?"); ects_unpublished
            # names those units by id
            "ects_acquired_incomplete": evaluation.year.ects_acquired_incomplete,
            "ects_unpublished": list(evaluation.year.ects_unpublished),
        },
        # Added by issue 27 (format_version 3, rules.jury_codes.semesters): each
        # semester's code from its units (ADM, CMP, AJAC, AJ, DEF; null while undecided or
        # not yet allowed); empty where the programme gives none.
        "semesters": [
            {
                "semester": s.semester,
                "code": s.code,
                "units": list(s.units),
                "ects_acquired": s.ects_acquired.value,
                "ects_acquired_incomplete": s.ects_acquired.unknown,
                "not_allowed": s.not_allowed,
            }
            for s in evaluation.semesters
        ],
        "parameters": {
            "session2_policy": evaluation.policy,
            "bonus_rate": evaluation.bonus_rate,
        },
    }
