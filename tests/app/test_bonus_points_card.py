"""The Grades page's card of a unit whose mean receives bonus points (format_version 3,
`rules.bonus_points`): the mean with its counted bonus, "10.1 (+0.3 bonus)", and a bonus
that does not count shown beside a mean that decides without it.

The app serves the shipped catalogue, which has no such programme: here it is served with
the fictional programme of tests/unit/test_bonus_points.py added (its figures are worked
there). The catalogue's cache is cleared before and after, so no other test sees it.
"""

from __future__ import annotations

import pytest

from tests.app.test_pages import LANGS, card, ok, page, plan_of, serving_file, started
from tests.unit.test_bonus_points import PLAN, PROGRAMME_FILE
from ui.i18n import t

FICTIONAL = "m2-fictional-bonus"


@pytest.fixture
def with_the_fictional_programme(monkeypatch):
    yield from serving_file(monkeypatch, PROGRAMME_FILE)


@pytest.mark.parametrize("lang", LANGS)
def test_the_card_shows_the_mean_with_its_bonus(lang, with_the_fictional_programme):
    at = started(lang)
    plan_of(at).programme = FICTIONAL
    plan_of(at).plans = {f"{FICTIONAL}/None/None": []}
    plan_of(at).grades = {FICTIONAL: PLAN}
    at = ok(at.switch_page(page("grades")).run())

    a = card(at, "UE A")
    mean = {"en": "10.1 (+0.3 bonus)", "fr": "10,1 (+0,3 de bonus)"}[lang]
    assert f"{t('mean', lang)} {mean}" in a["figures"]
    assert a["verdicts"][0]["text"] == t("validated", lang)

    b = card(at, "UE B")
    shown = {"en": "9.8", "fr": "9,8"}[lang]
    # Failed in session 1, its session 2 to come: each mean is named by its session.
    assert f"{t('mean_session1', lang)} {shown}" in b["figures"]
    assert f"{t('bonus', lang)} +{'0.3' if lang == 'en' else '0,3'}" in b["figures"]
    assert b["verdicts"][0]["text"] == t("failed", lang)
