"""The planner's one cache policy (planner/memo.py): bounded, least recently used out,
the model compared by identity; and copies of a model never answer from the original's
lookup tables (planner/frozen.py)."""

from __future__ import annotations

import threading

import pytest

from planner.applied import apply_parameters
from planner.memo import memo
from planner.scenario import Parameters
from tests.unit.support import IM, SL, programme


class Model:
    """An immutable stand-in for a programme: equal when its name is."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


def counted(size: int):
    calls: list[tuple[str, int]] = []

    @memo(size=size)
    def work(model: Model, n: int) -> tuple[str, int]:
        calls.append((model.name, n))
        return (model.name, n)

    return work, calls


def test_a_second_call_is_served_from_the_memo():
    work, calls = counted(4)
    model = Model("a")
    first = work(model, 1)
    assert work(model, 1) is first
    assert calls == [("a", 1)]


def test_past_its_size_the_least_recently_used_entry_goes():
    work, calls = counted(2)
    model = Model("a")
    work(model, 1)
    work(model, 2)
    work(model, 1)  # 1 is now the most recently used
    work(model, 3)  # the memo is full: 2 goes
    work(model, 1)
    assert calls == [("a", 1), ("a", 2), ("a", 3)]
    work(model, 2)
    assert calls[-1] == ("a", 2)


def test_an_equal_model_that_is_another_object_gets_its_own_result():
    work, calls = counted(4)
    work(Model("a"), 1)
    kept = Model("a")
    work(kept, 1)
    assert len(calls) == 2
    work(kept, 1)
    assert len(calls) == 2


def test_a_memo_holds_one_entry_at_least():
    with pytest.raises(ValueError, match="at least one"):
        memo(size=0)


def test_threads_asking_at_once_all_get_right_results():
    work, _ = counted(8)
    models = [Model(str(i)) for i in range(4)]
    wrong: list[object] = []

    def ask() -> None:
        # An error in a thread is not raised by join(): it is collected with the wrong results.
        try:
            for round_ in range(300):
                model = models[round_ % len(models)]
                n = round_ % 5
                if work(model, n) != (model.name, n):
                    wrong.append((model.name, n))
        except Exception as error:
            wrong.append(error)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_a_copy_of_a_programme_looks_up_its_own_courses():
    im = programme(IM)
    course = im.courses[0]
    assert im.course(course.id) is course  # the original's lookup table is built
    renamed = course.model_copy(update={"name": course.name + " (renamed)"})
    edited = im.model_copy(
        update={"courses": tuple(renamed if c.id == course.id else c for c in im.courses)}
    )
    assert edited.course(course.id) is renamed
    assert im.course(course.id) is course


def test_a_copy_of_a_programme_looks_up_its_own_rules():
    sl = programme(SL)
    rule = sl.rules.units[0]
    assert sl.rule_for(rule.unit) is rule
    changed = rule.model_copy(update={"status": "chosen"})
    rules = sl.rules.model_copy(
        update={"units": tuple(changed if r is rule else r for r in sl.rules.units)}
    )
    edited = sl.model_copy(update={"rules": rules})
    assert edited.rule_for(rule.unit) is changed


def test_rules_applied_are_memoised_per_programme_object_and_parameters():
    im = programme(IM)
    parameters = Parameters(session2_policy="keep_best")
    first = apply_parameters(im, parameters, "fi", "mds")
    assert apply_parameters(im, parameters, "fi", "mds") is first
    assert apply_parameters(im, Parameters(), "fi", "mds") is not first
    copy = im.model_copy()
    assert apply_parameters(copy, parameters, "fi", "mds") is not first
