"""Compensation that is right (format_version 3): a note éliminatoire blocks its group, and
compensation is decided on the final grades; a version-2 file reads as it always has.

The fictional programme (tests/programmes/m2-fictional-floor-blocks.yaml), grades /20,
every threshold 10: UE F is the mean of f1 and f2 with a course floor of 6; UE G and UE H
are one grade each; the three compensate each other, 6 ECTS each (the group's mean is the
plain mean of the unit means), threshold 10, unit floor 7.

The plan most tests start from, FLOORED: f1 20, f2 5 → F 12.5 but failed by its floor
(5 < 6); g1 9 → G fails alone; h1 10.5 → H validated. Group mean (12.5 + 9 + 10.5) / 3 =
32 / 3 ≈ 10.67 ≥ 10, no unit below 7.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.catalogue import CatalogueError, Programme, load_programme_file, parse_programme
from tests.unit.support import file_data
from tests.unit.support import judge_file as judge

PROGRAMME_FILE = (
    Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-floor-blocks.yaml"
)
FLOORED = {"f1": 20, "f2": 5, "g1": 9, "h1": 10.5}
F, G, H = "UE F (floor 6)", "UE G (one grade)", "UE H (one grade)"
GROUP = f"{F}, {G} and {H}"


def raw() -> dict:
    return file_data(PROGRAMME_FILE)


@cache
def version(format_version: int | None = 3, floor_blocks: str | None = None) -> Programme:
    """The fictional file, as written (version 3), or another version, or with the group's
    floor_blocks given (None: the key left out)."""
    data = raw()
    if format_version is None:
        del data["format_version"]
    else:
        data["format_version"] = format_version
    if floor_blocks is not None:
        data["rules"]["compensation"][0]["floor_blocks"] = floor_blocks
    return parse_programme(data, "floor-blocks.yaml")


# --- a note éliminatoire blocks the group (the default from version 3) ---------------------


def test_the_file_as_written_is_version_3_and_reads_floor_blocks_as_group():
    programme = load_programme_file(PROGRAMME_FILE)

    assert programme.format_version == 3
    assert programme.rules.groups[0].floor_blocks is None
    assert programme.rules.groups[0].blocks_group(programme)


@pytest.mark.parametrize("floor_blocks", [None, "group"], ids=["default", "given"])
def test_a_unit_held_by_a_note_eliminatoire_blocks_the_other_units_compensation(floor_blocks):
    evaluation = judge(version(3, floor_blocks), FLOORED)
    f, g = evaluation.unit("ue-f"), evaluation.unit("ue-g")

    # The group's mean, 10.67, would reach 10: F's floor failure blocks it all the same.
    assert g.session1.validated is False
    assert g.compensation.validated is False
    assert g.compensation.message.code == "not_compensated_member_floor"
    assert g.compensation.message.text("en") == (
        f"Not compensated: {F} is held by a note éliminatoire, which blocks compensation "
        f"for the whole group ({GROUP})."
    )
    assert g.compensation.message.text("fr") == (
        f"Non compensée : {F} a une note éliminatoire, qui bloque la compensation dans tout "
        f"le groupe ({F}, {G} et {H})."
    )
    assert g.retakes == ("g1",)  # not acquired: G retakes in session 2
    assert g.code is None
    assert f.compensation.message.code == "not_compensated_floor"
    assert f.retakes == ("f2",)


def test_the_block_holds_after_session_2_while_the_floor_failure_remains():
    # Session 2: f2 5.5 (still < 6) → F (20 + 5.5) / 2 = 12.75, floored; G 9 again.
    # The group's mean (12.75 + 9 + 10.5) / 3 = 10.75, but F's floor still blocks.
    evaluation = judge(version(3), FLOORED, {"f2": 5.5, "g1": 9})
    g = evaluation.unit("ue-g")

    assert g.compensation.message.code == "not_compensated_member_floor"
    assert g.code == "AJ"
    assert evaluation.unit("ue-f").code == "AJ"
    assert evaluation.year.validated is False


def test_once_the_floor_is_cleared_in_session_2_the_others_are_compensated_on_final_grades():
    # Session 2: f2 12 → F (20 + 12) / 2 = 16, validated; G 9 again. Group:
    # (16 + 9 + 10.5) / 3 = 35.5 / 3 ≈ 11.83 ≥ 10 → G is CMP.
    evaluation = judge(version(3), FLOORED, {"f2": 12, "g1": 9})
    g = evaluation.unit("ue-g")

    assert evaluation.unit("ue-f").code == "ADM"
    assert g.code == "CMP"
    assert g.compensation.message.params["mean"] == pytest.approx(35.5 / 3)
    assert evaluation.year.validated is True
    assert evaluation.year.ects_acquired == 18


def test_a_member_that_may_still_fall_below_its_floor_keeps_the_group_pending():
    # f2 not known yet: F may end below its floor (or be validated). G waits for it.
    g = judge(version(3), {"f1": 20, "g1": 9, "h1": 10.5}).unit("ue-g")

    assert g.compensation.validated is None
    assert g.compensation.message.code == "compensation_pending"
    assert g.compensation.message.params["waiting"] == [F]
    assert g.code is None


def test_a_member_held_by_its_floor_in_session_1_keeps_the_group_pending_until_its_session_2():
    # F floored in session 1, its retake of f2 not known yet; G has retaken g1 (9 again).
    evaluation = judge(version(3), FLOORED, {"g1": 9})
    g = evaluation.unit("ue-g")

    assert g.final.validated is False
    assert g.compensation.validated is None
    assert g.compensation.message.params["waiting"] == [F]
    assert g.code is None
    assert evaluation.year.validated is None


def test_a_member_certainly_below_the_unit_floor_blocks_at_once_even_while_another_pends():
    # H 6.5 < 7, the group's unit floor; F not known at all. G 9 cannot be compensated,
    # whatever F turns out to be.
    g = judge(version(3), {"g1": 9, "h1": 6.5}).unit("ue-g")

    assert g.compensation.validated is False
    assert g.compensation.message.code == "not_compensated_unit_floor"
    assert g.compensation.message.params["below"] == [H]


# --- floor_blocks: unit, the rarer reading -------------------------------------------------


def test_floor_blocks_unit_keeps_the_floored_units_mean_in_the_group():
    # keep_best: F's retake never lowers its mean, so G's compensation on the session-1
    # means, 32 / 3 ≈ 10.67 ≥ 10, is certain at once: CMP, nothing to retake.
    evaluation = judge(version(3, "unit"), FLOORED, session2_policy="keep_best")
    g = evaluation.unit("ue-g")

    assert g.code == "CMP"
    assert g.compensation.message.params["mean"] == pytest.approx(32 / 3)
    assert g.retakes == () and g.session2 is None
    assert evaluation.unit("ue-f").compensation.message.code == "not_compensated_floor"


def test_a_session_1_compensation_is_provisional_while_a_retake_can_lower_the_group_mean():
    # replace: F's retake of f2 may come lower (or be missed: no mean at all), so the
    # session-1 mean 10.67 decides nothing yet; G is not acquired and keeps its retake.
    evaluation = judge(version(3, "unit"), FLOORED)
    g = evaluation.unit("ue-g")

    assert g.compensation.validated is None
    assert g.compensation.message.code == "compensation_provisional"
    assert g.compensation.message.text("en") == (
        f"Compensation within {GROUP} is decided on the final grades: the group's session-1 "
        f"mean is 10.67 ≥ 10, but the session 2 of {F} can still lower it."
    )
    assert g.compensation.message.text("fr") == (
        f"La compensation entre {F}, {G} et {H} se décide sur les notes finales : la moyenne "
        f"du groupe en session 1 vaut 10,67 ≥ 10, mais la session 2 d'{F} peut encore la "
        "faire baisser."
    )
    assert g.retakes == ("g1",)
    assert g.session2 is not None
    assert g.code is None


def test_a_lower_session_2_mean_of_another_unit_undoes_a_session_1_compensation():
    # Session 2: f2 0 → F (20 + 0) / 2 = 10 (floored); G 9 again. Group:
    # (10 + 9 + 10.5) / 3 = 29.5 / 3 ≈ 9.83 < 10 → G is not compensated: AJ.
    evaluation = judge(version(3, "unit"), FLOORED, {"f2": 0, "g1": 9})
    g = evaluation.unit("ue-g")

    assert g.compensation.validated is False
    assert g.compensation.message.code == "not_compensated"
    assert g.compensation.message.text("en").endswith("is 9.83 < 10.")
    assert g.code == "AJ"
    assert evaluation.year.validated is False
    assert evaluation.problems == ()  # g1's session-2 grade is a retake, not an extra


def test_a_session_2_that_keeps_the_group_mean_up_confirms_the_compensation():
    # Session 2: f2 2 → F (20 + 2) / 2 = 11 (floored, 2 < 6); G 9 again. Group:
    # (11 + 9 + 10.5) / 3 = 30.5 / 3 ≈ 10.17 ≥ 10 → G is CMP, F is not (its own floor).
    evaluation = judge(version(3, "unit"), FLOORED, {"f2": 2, "g1": 9})

    assert evaluation.unit("ue-g").code == "CMP"
    assert evaluation.unit("ue-g").compensation.message.params["mean"] == pytest.approx(30.5 / 3)
    assert evaluation.unit("ue-f").code == "AJ"


def test_a_unit_validated_alone_in_session_2_carries_no_compensation_verdict():
    # Session 2: g1 12 → G validated on its own; its provisional compensation is gone.
    g = judge(version(3, "unit"), FLOORED, {"f2": 2, "g1": 12}).unit("ue-g")

    assert g.code == "ADM"
    assert g.compensation is None


# --- a version-2 file reads exactly as before ---------------------------------------------


@pytest.mark.parametrize("format_version", [2, None], ids=["version-2", "unstated"])
def test_a_version_2_file_with_a_floored_member_reads_as_before(format_version):
    # Today's reading: F's mean counts, G is CMP on the session-1 means (10.67) and
    # never revisited, even when F's session 2 (f2 0: F 10) lowers the group to 9.83.
    programme = version(format_version)
    assert programme.format_version == 2
    session1 = judge(programme, FLOORED)
    after = judge(programme, FLOORED, {"f2": 0})

    for evaluation in (session1, after):
        g, f = evaluation.unit("ue-g"), evaluation.unit("ue-f")
        assert g.code == "CMP"
        assert g.compensation.message.code == "compensated"
        assert g.compensation.message.params["mean"] == pytest.approx(32 / 3)
        assert g.retakes == () and g.session2 is None
        assert f.compensation.message.code == "not_compensated_floor"
    assert session1.unit("ue-f").code is None
    assert after.unit("ue-f").code == "AJ"  # (20 + 0) / 2 = 10, but 0 < 6


def test_a_version_2_file_waits_for_every_member_before_its_unit_floor():
    # Today's reading: H 6.5 < 7, but F is not known: pending, as before.
    g = judge(version(2), {"g1": 9, "h1": 6.5}).unit("ue-g")

    assert g.compensation.message.code == "compensation_pending"


def test_floor_blocks_needs_format_version_3():
    data = raw()
    data["format_version"] = 2
    data["rules"]["compensation"][0]["floor_blocks"] = "unit"

    with pytest.raises(CatalogueError) as caught:
        parse_programme(data, "floor-blocks.yaml")

    assert str(caught.value).startswith("floor-blocks.yaml: ")
    assert (
        "rules.compensation.0.floor_blocks: needs format_version: 3 "
        "(a version-2 file has no floor_blocks)"
    ) in str(caught.value)


def test_floor_blocks_takes_group_or_unit_only():
    data = raw()
    data["rules"]["compensation"][0]["floor_blocks"] = "year"

    accepted = "floor_blocks: not one of the accepted values: 'group', 'unit'"
    with pytest.raises(CatalogueError, match=accepted):
        parse_programme(data, "floor-blocks.yaml")


# --- the rule as the Rules page states it ---------------------------------------------------


@pytest.mark.parametrize(
    ("format_version", "floor_blocks", "end"),
    [
        (3, None, "and then no unit of the group is. Compensation is decided on the final "),
        (3, "unit", "never compensated (the others still can be). Compensation is decided "),
        (2, None, "A unit failed by a course floor is never compensated."),
    ],
)
def test_the_rule_says_what_a_floor_failure_blocks(format_version, floor_blocks, end):
    programme = version(format_version, floor_blocks)
    group = programme.rules.groups[0]

    assert end in group.describe(programme, "en")
    assert "note éliminatoire" in group.describe(programme, "fr")


# --- invariants, in both readings of version 3 -----------------------------------------------

COURSES = ("f1", "f2", "g1", "h1")
grade = st.one_of(st.integers(0, 20).map(float), st.floats(0, 20, allow_nan=False))
outcome = st.one_of(grade, st.none(), st.just("missing"))
RANK = {False: 0, None: 1, True: 2}


def known(cells: dict) -> dict:
    return {c: g for c, g in cells.items() if g != "missing"}


@pytest.mark.parametrize("floor_blocks", ["group", "unit"])
@given(cells=st.fixed_dictionaries({c: outcome for c in COURSES}), data=st.data())
def test_raising_a_grade_never_takes_away_a_compensation(floor_blocks, cells, data):
    programme = version(3, floor_blocks)
    graded = [c for c, g in cells.items() if g != "missing"]
    if not graded:
        return
    course = data.draw(st.sampled_from(graded))
    raised = {**cells, course: data.draw(st.floats(cells[course] or 0, 20, allow_nan=False))}
    before, after = judge(programme, known(cells)), judge(programme, known(raised))

    for b, a in zip(before.units, after.units, strict=True):
        assert RANK[a.session1.validated] >= RANK[b.session1.validated], a.unit
        if b.validated is True:
            assert a.validated is True, a.unit


@pytest.mark.parametrize("floor_blocks", ["group", "unit"])
@given(
    cells=st.fixed_dictionaries({c: outcome for c in COURSES}),
    second=st.dictionaries(st.sampled_from(COURSES), st.one_of(grade, st.none()), max_size=4),
)
def test_a_code_is_never_given_while_a_compensation_is_pending(floor_blocks, cells, second):
    for u in judge(version(3, floor_blocks), known(cells), second).units:
        if u.final.validated is True:
            # ADM, or not yet while a session-1 compensation waits on a grade not known
            # (it would make the unit CMP): validated either way.
            assert u.code == "ADM" or (u.code is None and u.compensation.validated is None)
            assert u.validated is True
        if u.compensation is not None and u.compensation.validated is None:
            assert u.code is None, u.unit
        if u.code == "CMP":  # a certain compensation leaves nothing to retake in doubt
            assert u.compensation.validated is True
