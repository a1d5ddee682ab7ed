"""A programme as large as one built in the app may be answers within a second of CPU, or
says it cannot (issue 30): the fictional programmes tests/programmes/m2-fictional-large
(200 courses, a best 10 of 100), -nested-large (60 units in 30 nested compensation groups)
and -choose-large (10 courses chosen of 100), with the plans benchmarks/large.py measures.

A time is asserted below one second only where it was measured under 0.3 s on a quiet
machine (docs/performance.md, "Large programmes"); elsewhere the bounded outcome is.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.large import PLANS, PROGRAMMES, partly_entered, programme
from planner import group_minimums
from planner.catalogue import Figure, Programme, parse_programme
from planner.compare import (
    MAX_COMBINATIONS,
    OPTION_LIMIT,
    combination_table,
    combinations,
    compare_option,
    count_combinations,
)
from planner.evaluation import Evaluation, evaluate
from planner.odds import DEFAULT_DRAWS, simulate
from planner.outputs.cli import main as cli_main
from planner.rules.compensation import chain_of, inner_first, units_under
from planner.scenario import Scenario
from planner.search import search_courses
from planner.texts import text
from planner.totals import Amount, add, compute_totals

LARGE, NESTED, CHOOSE = (
    "m2-fictional-large",
    "m2-fictional-nested-large",
    "m2-fictional-choose-large",
)
HEAVY = next(p for p in PLANS if p[0] == NESTED and p[1] == 1)  # minimums reach the bound


@cache
def loaded(name: str) -> Programme:
    return programme(name)


def plan(name: str, seed: int = 0, known: float = 0.8, session2: float = 0.2) -> Scenario:
    return partly_entered(loaded(name), seed, known, session2)


def cpu(call: Callable[[], object]) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


# --- within a second --------------------------------------------------------------------
@pytest.mark.parametrize("name", [LARGE, CHOOSE])
def test_the_verdicts_and_minimums_of_a_large_plan_take_under_a_second(name):
    found, scenario = loaded(name), plan(name)
    assert cpu(lambda: evaluate(found, scenario)) < 1.0


@pytest.mark.parametrize("name", [LARGE, NESTED, CHOOSE])
def test_the_totals_the_odds_and_a_search_of_a_large_plan_take_under_a_second(name):
    found, scenario = loaded(name), plan(name)
    evaluation = evaluate(found, scenario)
    choices = frozenset(scenario.choices)
    assert cpu(lambda: compute_totals(found, None, None, choices)) < 1.0
    assert cpu(lambda: simulate(found, scenario, {}, DEFAULT_DRAWS, evaluation=evaluation)) < 1.0
    assert cpu(lambda: search_courses(found, None, None, "cours 0")) < 1.0


def test_ten_courses_chosen_of_100_are_counted_and_compared_side_by_side_within_a_second():
    found = loaded(CHOOSE)
    assert cpu(lambda: count_combinations(found, None, None)) < 1.0
    assert count_combinations(found, None, None) == math.comb(100, 10)
    assert cpu(lambda: compare_option(found, None, None)) < 1.0


# --- bounded, and said ------------------------------------------------------------------
def test_the_combinations_table_of_10_of_100_lists_the_first_10_000_only():
    table = combination_table(loaded(CHOOSE), None, None)
    assert len(table) == MAX_COMBINATIONS
    assert len({row.choices for row in table}) == MAX_COMBINATIONS
    assert all(len(row.choices) == 10 for row in table)


def test_a_side_by_side_column_says_when_it_is_over_the_first_combinations_only():
    column = compare_option(loaded(CHOOSE), None, None)
    assert (column.combinations, column.counted) == (math.comb(100, 10), OPTION_LIMIT)
    assert not column.complete
    assert compare_option(loaded(LARGE), None, None).complete


def _judged_units(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The units each replay of the minimums judges, recorded as they are spent."""
    spent: list[int] = []
    real = group_minimums.Budget.spend

    def spend(self: group_minimums.Budget, units: int) -> None:
        real(self, units)  # raises past the bound: only what was allowed is recorded
        spent.append(units)

    monkeypatch.setattr(group_minimums.Budget, "spend", spend)
    return spent


@pytest.mark.parametrize("seeded", [(NESTED, 0, 0.8, 0.2), HEAVY], ids=["seed-0", "heavy"])
def test_the_minimums_of_60_units_in_30_nested_groups_judge_a_bounded_number_of_units(
    seeded, monkeypatch
):
    spent = _judged_units(monkeypatch)
    evaluate(loaded(NESTED), plan(*seeded))
    assert 0 < sum(spent) <= group_minimums.MAX_UNITS_JUDGED


def _unbounded(found: Programme, scenario: Scenario) -> Evaluation:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_minimums.Budget, "spend", lambda self, units: None)
        return evaluate(found, scenario)


def test_past_the_bound_a_minimum_is_too_many_and_every_other_is_the_exact_one():
    found, scenario = loaded(NESTED), plan(*HEAVY)
    bounded, exact = evaluate(found, scenario), _unbounded(found, scenario)
    statuses = [m.uniform.status for m in bounded.minimums]
    assert "too_many" in statuses
    for mine, right in zip(bounded.minimums, exact.minimums, strict=True):
        assert mine.unit == right.unit
        if mine.uniform.status == "too_many":
            assert (mine.uniform.value, mine.per_course) == (None, ())
            assert mine.uniform.courses == right.uniform.courses
        else:
            assert mine == right


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_cli_says_a_minimum_is_too_many_to_compute_in_both_languages(lang, tmp_path, capsys):
    scenario = tmp_path / "plan.json"
    scenario.write_text(plan(*HEAVY).model_dump_json(), encoding="utf-8")
    code = cli_main(
        [
            "evaluate",
            str(scenario),
            "--catalogue",
            str(PROGRAMMES / f"{NESTED}.yaml"),
            "--lang",
            lang,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert text("cli.minimum_too_many", lang) in out


# --- right on small cases an exhaustive check verifies ----------------------------------
def _choosing(sizes: Sequence[tuple[int, int, int]]) -> Programme:
    """A programme of choose-units, (courses, min, max) each, every course 3 h of CM."""
    courses, units = [], []
    for u, (n, low, high) in enumerate(sizes):
        ids = [f"u{u}-c{i}" for i in range(n)]
        courses += [
            {"id": c, "name": c, "lecture_hours": {"value": 3, "status": "published"}} for c in ids
        ]
        units.append(
            {
                "id": f"u{u}",
                "name": f"U{u}",
                "ects": {"value": 3, "status": "published"},
                "choose": {"min": low, "max": high},
                "courses": ids,
            }
        )
    return parse_programme(
        {
            "id": "small",
            "name": "Small",
            "academic_year": "2099-2100",
            "source": {"document": "none", "title": "generated"},
            "grade_scale": {"max": 20, "status": "published"},
            "courses": courses,
            "units": units,
            "rules": {
                "status": "published",
                "units": [
                    {"unit": u["id"], "kind": "mean_of_all", "threshold": 10, "status": "published"}
                    for u in units
                ],
            },
        }
    )


def _old_combinations(found: Programme) -> list[frozenset[str]]:
    """Every valid choice as itertools.product lists them (the order the page shows)."""
    per_unit = [
        [
            pick
            for size in range(u.choose.min, u.choose.max + 1)
            for pick in itertools.combinations(u.courses, size)
        ]
        for u in found.units
        if u.choose
    ]
    return [frozenset(c for pick in picks for c in pick) for picks in itertools.product(*per_unit)]


# (courses, choose.min, choose.max) of one unit.
unit_sizes = st.integers(1, 6).flatmap(
    lambda n: st.integers(0, n).flatmap(
        lambda low: st.tuples(st.just(n), st.just(low), st.integers(max(1, low), n))
    )
)


@settings(max_examples=60, deadline=None)
@given(st.lists(unit_sizes, min_size=1, max_size=3), st.integers(1, 400))
def test_combinations_are_counted_and_listed_as_the_exhaustive_product_lists_them(sizes, limit):
    found = _choosing(sizes)
    every = _old_combinations(found)
    assert count_combinations(found, None, None) == len(every)
    assert list(combinations(found, None, None, limit)) == every[:limit]
    column = compare_option(found, None, None, limit)
    assert column.complete == (len(every) <= limit)


figures = st.one_of(
    st.integers(0, 60).map(lambda v: Figure(value=v, status="published")),
    st.just(Figure(status="unknown")),
    st.builds(
        Amount,
        value=st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),
        status=st.sampled_from(["published", "inferred", "unknown"]),
        missing=st.lists(st.sampled_from(["a", "b", "c"]), max_size=2).map(tuple),
    ),
)


def _old_add(parts: Sequence[tuple[str, Figure | Amount]]) -> Amount:
    """The sum as totals.add gave it before it was one pass."""
    known = [(i, f) for i, f in parts if f.value is not None]
    missing: list[str] = []
    for ident, figure in parts:
        if figure.value is None:
            missing.append(ident)
        elif isinstance(figure, Amount):
            missing.extend(figure.missing)
    if not known:
        return Amount(value=None, status="unknown", missing=tuple(missing))
    statuses = [f.status for _, f in known] + (["unknown"] if missing else [])
    worst = next((s for s in ("unknown", "inferred") if s in statuses), "published")
    return Amount(
        value=sum(float(f.value) for _, f in known if f.value is not None),
        status=worst,
        missing=tuple(dict.fromkeys(missing)),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["u1", "u2", "u3", "u4"]), figures), max_size=6))
def test_a_sum_of_figures_is_what_it_was_before_it_was_one_pass(parts):
    assert add(parts) == _old_add(parts)


def test_the_30_nested_groups_hold_their_units_as_the_file_says():
    groups = loaded(NESTED).rules.groups
    year = next(g for g in groups if g.id == "year")
    assert units_under(groups, year) == tuple(f"ue-{i:02d}" for i in range(1, 61))
    assert units_under(groups, "b4") == tuple(f"ue-{i:02d}" for i in range(47, 61))
    assert [g.id for g in chain_of(groups, "ue-01")] == ["m01", "b1", "year"]
    order = [g.id for g in inner_first(groups)]
    for group in groups:
        assert all(order.index(member) < order.index(group.id) for member in group.groups)
