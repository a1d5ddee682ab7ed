"""Odds: grades given as ranges, a seeded Monte-Carlo simulation of session 1 and session 2,
next to the exact minimum grades."""

import streamlit as st

from planner.evaluation import access_text
from planner.group_minimums import route_text
from planner.messages import compared_figures, grade_text, number
from planner.odds import Belief
from planner.rules.components import split_key
from planner.rules.session2 import session2_policy
from planner.texts import percent
from ui import charts, computed, present
from ui.computed import DRAWS
from ui.editor import course_table
from ui.format import GradeTextError, plain, say, typed_number
from ui.i18n import colon, t
from ui.minimum_lines import what_courses_need
from ui.session import (
    Selection,
    followed_courses,
    grades,
    judged,
    lang,
    plan_key,
    store,
)
from ui.sidebar import require_selection, sidebar
from ui.state import narrow_screen

EXPECTED, SPREAD = "expected", "spread"
COURSE_WIDTH_ON_PHONE, FIGURE_WIDTH_ON_PHONE = 170, 85
narrow = narrow_screen()

selection = sidebar()
current = lang()
st.title(t("odds_title", current))


def _shown(value: float | None) -> str:
    return "" if value is None else grade_text(value, current, typed=True)


def _read(raw: object, scale: float) -> float | None:
    """A typed expected grade or spread, bounded to the scale; GradeTextError if unclear."""
    value = typed_number(raw) if isinstance(raw, str) else None
    if value is None:
        return None
    if not 0 <= value <= scale:
        raise GradeTextError("odds_out_of_scale")
    return value


def belief_editor(sel: Selection, courses: list[str]) -> dict[str, Belief]:
    programme = sel.programme
    assert programme is not None
    scale = float(programme.grade_scale.max)
    plan = store()
    kept = plan.beliefs(programme.id)
    edited = course_table(
        f"odds::{plan_key(sel)}",
        courses,
        lambda: {
            t("course", current): [programme.course(c).name for c in courses],
            # Text in the app's language, read like a grade (a comma or a point).
            EXPECTED: [_shown(kept.get(c, (None, None))[0]) for c in courses],
            SPREAD: [_shown(kept.get(c, (None, None))[1]) for c in courses],
        },
        disabled=[t("course", current)],
        # On a phone (390 px) the course and both figures fit side by side, as on Grades.
        column_config={
            t("course", current): st.column_config.TextColumn(
                t("course", current), width=COURSE_WIDTH_ON_PHONE if narrow else None
            ),
            EXPECTED: st.column_config.TextColumn(
                t("odds_expected_short" if narrow else "odds_expected", current),
                max_chars=12,
                width=FIGURE_WIDTH_ON_PHONE if narrow else None,
            ),
            SPREAD: st.column_config.TextColumn(
                t("odds_spread_short" if narrow else "odds_spread", current),
                max_chars=12,
                width=FIGURE_WIDTH_ON_PHONE if narrow else None,
            ),
        },
    )
    beliefs: dict[str, Belief] = {}
    new_store: dict[str, tuple[float | None, float | None]] = {}
    for course, row in edited.iterrows():
        name = programme.course(str(course)).name
        values = []
        for raw in (row[EXPECTED], row[SPREAD]):
            try:
                values.append(_read(raw, scale))
            except GradeTextError as error:
                ours = {"course": plain(name), "kept": t("odds_row_left_out", current)}
                ours["max"] = number(scale, current)
                st.warning(say(error.code, current, ours, value=raw))
                values = []
                break
        if not values:
            continue
        expected, spread = values[0], values[1] or 0.0
        if expected is None:
            continue
        low = max(0.0, expected - spread)
        high = min(scale, expected + spread)
        beliefs[str(course)] = Belief(low=low, high=high)
        new_store[str(course)] = (expected, spread)
    plan.set_beliefs(programme.id, new_store)
    return beliefs


if require_selection(selection):
    programme = selection.programme
    assert programme is not None
    st.caption(t("odds_intro", current, max=number(programme.grade_scale.max, current)))
    plan = judged(selection)
    result = plan.evaluation
    known = grades(selection)
    simulated_units = [u for u in result.units if u.choice_valid]
    # A course graded by components with one entered draws the others (planner.odds):
    # no belief on it as a whole.
    entered = {split_key(k)[0] for k in known}
    unknown = [
        c
        for c in followed_courses(selection)
        if c not in entered and any(c in u.enrolled for u in simulated_units)
    ]
    incomplete = [present.name(u.name) for u in result.units if not u.choice_valid]
    if incomplete:
        st.warning(t("choose_first", current, units=", ".join(incomplete)))
    beliefs = belief_editor(selection, unknown) if unknown else {}
    odds = computed.odds(
        plan.text, tuple(sorted((c, b.low, b.high) for c, b in beliefs.items())), result
    )
    if not (unknown or odds.assumed_full_range_session2):
        # Nothing is drawn in either session: the verdicts are certain.
        st.info(t("odds_nothing_unknown", current))
    else:
        if odds.assumed_full_range:
            names = ", ".join(
                present.name(programme.course(c).name) for c in odds.assumed_full_range
            )
            st.caption(t("odds_full_range", current, courses=names, n=len(odds.assumed_full_range)))
        if odds.assumed_full_range_session2:
            retaken = odds.assumed_full_range_session2
            names = ", ".join(present.name(programme.course(c).name) for c in retaken)
            st.caption(t("odds_full_range_session2", current, courses=names, n=len(retaken)))
        if odds.skipped:
            names = ", ".join(present.name(programme.unit(u).name) for u in odds.skipped)
            st.caption(t("odds_skipped", current, units=names, n=len(odds.skipped)))
        gated = [present.name(u.name) for u in simulated_units if u.access is not None]
        if gated:  # validated only in the draws that meet their prerequisite
            st.caption(t("odds_prerequisites", current, units=", ".join(gated), n=len(gated)))
        session1, session2 = st.columns(2)
        session1.metric(t("odds_year", current), percent(odds.year, current))
        session2.metric(
            t("odds_year_after_session2", current), percent(odds.year_after_session2, current)
        )
        # The whole width: each bar's label stands beside it.
        charts.show(charts.odds_chart(odds, programme, current), "odds_chart")
        st.markdown(f"**{t('need_title', current)}**")
        figures = compared_figures(result.rules, programme.grade_scale.max)
        for m in result.minimums:
            u = m.uniform
            said, each = what_courses_need(programme, m, known, current)
            component = plain(said) if said is not None else None
            if each is not None:  # several courses, one graded by components
                component = "; ".join(plain(line) for line in each) or t(
                    "need_components_each", current
                )
            value = component or (
                grade_text(u.rounded_up, current, figures)
                if u.status == "needed"
                else t(u.status, current)
            )
            value = route_text(u, value, programme, current, present.name)  # by compensation
            st.markdown(f"- {present.name(programme.unit(m.unit).name)}{colon(current)}{value}")
        for r in (r for r in result.units if r.not_allowed):  # no minimum yet: why
            why = plain(access_text(r, current) or "")
            st.markdown("- " + t("need_not_allowed", current, unit=present.name(r.name), why=why))
        policy = session2_policy(result.policy, result.rules.session2.status)
        st.caption(t("odds_session2_method", current, policy=policy.describe(current)))
        st.caption(t("odds_method", current, draws=DRAWS))
