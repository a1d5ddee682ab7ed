"""The load benchmarks' browser driver (benchmarks.wire) does what a browser tab does: its
messages reach the sheet's callback, and what it keeps of the page follows the server.
If Streamlit's protocol or the sheet changes, this fails here rather than leaving `make
load` timing refused requests."""

from __future__ import annotations

import pytest

from benchmarks import wire
from benchmarks.harness import Server
from benchmarks.journey import LOOP
from planner.messages import number
from ui.i18n import t

pytestmark = pytest.mark.e2e


def stage_figures(tab: wire.WireSession) -> list[str]:
    cards = tab.drawn.sheets["grade_sheet::1"]["cards"]
    assert isinstance(cards, list)
    return next(c["figures"] for c in cards if c["unit"] == "stage")


def test_one_loop_of_the_journey_through_the_websocket(app_url):
    tab, _ = wire.open_tab(app_url, wire.PLANNER)
    try:
        assert "grade_sheet::1" in tab.drawn.sheets
        seen = []
        for step in range(LOOP):
            kind, act = wire.journey_step(step, tab)
            assert act() > 0
            assert tab.drawn.exceptions == 0, f"step {step} ({kind}) drew an exception"
            seen.append("grade_sheet::2" in tab.drawn.sheets)
            if step == 0:  # the internship's grade, typed: its card says the mean
                assert f"{t('mean', 'en')} {number(60, 'en')}" in stage_figures(tab)
        # Fundamentals failed (step 1): the session-2 sheet is offered until they pass
        # (step 8), as the page shows it.
        assert seen[1:4] == [True, True, True]
        assert seen[8] is False
    finally:
        tab.close()


def test_the_sized_floor_draws_as_many_elements_as_each_step_sent():
    server = Server("benchmarks/element_app.py")
    server.start()
    # The floor app itself (n = 0) and the floor with a page's worth of elements.
    sizes = [("page", 40), ("grade", 0), ("choice", 65)]
    journey = wire.sized_floor(sizes)
    tab, _ = wire.open_tab(server.url, journey)
    try:
        for step, (kind, n) in enumerate(sizes):
            sent = tab.drawn.deltas
            counted_as, act = journey.step(step, tab)
            act()
            assert counted_as == kind
            # The input and its metric, then the n more elements.
            assert tab.drawn.deltas - sent == 2 + n
            assert tab.drawn.exceptions == 0
    finally:
        tab.close()
        server.stop()
