"""What the pages compute once per input and share between sessions (Streamlit's caches):
the Plan's charts, the Calendar's timeline, the odds, the options compared.

Decorated here, once per process, not in the pages: a page script runs again on every
rerun, and Streamlit hashes a cached function's source each time it is decorated
(1.6 % of the server's samples over page switches, docs/performance.md). The catalogue
is read through `state.catalogue` at each call, as the pages read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from planner.catalogue import Programme
from planner.compare import Combination, OptionComparison, combination_table, compare_option
from planner.messages import Lang
from planner.totals import plan_totals
from ui import charts, state

if TYPE_CHECKING:
    from planner.evaluation import Evaluation
    from planner.odds import Odds

DRAWS = 20_000  # Monte-Carlo draws of the odds


def _programme(programme_key: str) -> Programme:
    """The programme a cache key names (ui.own_programme.cache_key: a shipped programme's
    id, or an own programme's id and content, so that two sessions' programmes of one id
    never share a result)."""
    programme = state.catalogue().get(programme_key.split("@", 1)[0])
    assert programme is not None
    return programme


@st.cache_data(max_entries=1024, show_spinner=False)
def plan_figure(
    kind: str,
    programme_key: str,
    track: str | None,
    option: str | None,
    picked: tuple[str, ...],
    language: Lang,
) -> charts.Chart:
    """A chart depends only on the catalogue, the plan and the language: built once per
    combination (plotly figure building is most of a Plan rerun's own cost)."""
    programme = _programme(programme_key)
    totals = plan_totals(programme, track, option, frozenset(picked))
    if kind == "hours":
        return charts.hours_by_unit(totals, language)
    return charts.ects_of_year(totals, programme.total_ects.value, language)


@st.cache_data(max_entries=256, show_spinner=False)
def timeline(
    programme_key: str, track: str | None, language: Lang, narrow: bool
) -> charts.Chart | None:
    """Built once per programme, track, language and kind of screen: it depends on
    nothing else."""
    programme = _programme(programme_key)
    return charts.timeline(programme, track, language, narrow)


@st.cache_data(max_entries=256, show_spinner=False)
def odds(
    plan_text: str, beliefs: tuple[tuple[str, float, float], ...], _evaluation: Evaluation
) -> Odds:
    """Same plan and beliefs, same answer (the simulation is seeded): computed once.
    The key is the plan's JSON text (`plan_text`) and the beliefs; `_evaluation` is that
    plan's evaluation, already made by the page (ui.session.Judged), handed to the
    simulation rather than made again. Not hashed (the underscore): the plan says it."""
    # Here, not at the top: numpy loads after the first page is drawn (ui/warm.py).
    from planner.odds import Belief, simulate

    plan = _evaluation.scenario
    programme = state.catalogue().get(plan.programme)
    assert programme is not None
    return simulate(
        programme,
        plan,
        {c: Belief(low=lo, high=hi) for c, lo, hi in beliefs},
        draws=DRAWS,
        seed=0,
        evaluation=_evaluation,
    )


# Figures of the catalogue alone, the same for every student: computed once per server
# (S&L has 3 797 valid choices of specialisation courses).
@st.cache_resource(show_spinner=False)
def option_column(programme_key: str, track: str | None, option: str | None) -> OptionComparison:
    programme = _programme(programme_key)
    return compare_option(programme, track, option)


@st.cache_resource(show_spinner=False)
def combination_rows(
    programme_key: str, track: str | None, option: str | None
) -> tuple[Combination, ...]:
    programme = _programme(programme_key)
    return tuple(combination_table(programme, track, option))
