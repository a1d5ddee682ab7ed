"""Every chart fits its box, in French and English, at 1400 x 900 and on a 390 x 844
phone: each text plotly drew lies inside the chart's box, no two labels overlap, the
chart is no wider than the column it is in, no toolbar is drawn, and the chart is named
for screen readers. Read from the SVG's bounding boxes in Chromium.

Pages: Plan of M2 IM (hours and ECTS) and of S&L (ECTS), Compare with three options of
M2 IM (SD's 108 hours among them), Odds of S&L, Calendar of S&L. What the figures say:
tests/app/test_charts.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.catalogue import Programme
from planner.messages import Lang
from planner.scenario import Scenario
from tests.e2e.test_journey import CATALOGUE, IM, LOCALES, SL, SPEC4, TIMEOUT, settle
from tests.e2e.test_phone import IPHONE, PHONE
from tests.unit.support import FUNDAMENTALS
from ui.i18n import t

pytestmark = pytest.mark.e2e

WIDE = {"width": 1400, "height": 900}
IM_PLAN = Scenario(
    programme=IM,
    track="fi",
    option="mds",
    choices=("advanced-optimization", "geometric-statistics", "statistical-learning-graphs"),
)
SL_PLAN = Scenario(programme=SL, choices=tuple(sorted(SPEC4)))
ODDS_PLAN = Scenario(
    programme=SL, choices=tuple(sorted(SPEC4)), grades=dict.fromkeys(FUNDAMENTALS[:4], 50)
)
COMPARED = ("mds", "mmv", "sd")  # the student's option, the next one, and SD's 108 hours

# Each text plotly drew (hover labels aside) with its box; the chart's box and its
# column's. Plotly hides a text by its style or by an empty string.
CHART_TEXTS = """(chart) => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const texts = [...chart.querySelectorAll("svg.main-svg text")].filter((node) => {
    if (!node.textContent.trim() || node.closest(".hoverlayer")) return false;
    const style = getComputedStyle(node);
    return style.display !== "none" && style.visibility !== "hidden" && style.opacity !== "0"
      && node.getBoundingClientRect().width > 0;
  }).map((node) => ({text: node.textContent, ...box(node)}));
  return {texts, chart: box(chart), column: box(chart.parentElement),
    svg: box(chart.querySelector("svg.main-svg"))};
}"""
SLACK = 1  # px: a box's edge is a fraction of a pixel


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["left"] >= outer["left"] - SLACK
        and inner["right"] <= outer["right"] + SLACK
        and inner["top"] >= outer["top"] - SLACK
        and inner["bottom"] <= outer["bottom"] + SLACK
    )


def overlap(a: dict, b: dict) -> bool:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return width > SLACK and height > SLACK


def open_page(browser: Browser, url: str, lang: Lang, phone: bool) -> Page:
    if phone:
        context = browser.new_context(
            locale=LOCALES[lang], viewport=PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(locale=LOCALES[lang], viewport=WIDE)
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(url)
    settle(page)
    return page


def compare_three_options(page: Page, lang: Lang, programme: Programme) -> None:
    """Add the third option to the two Compare starts with, by taps (a phone's list has
    no text field)."""
    names = {o.id: o.name for o in programme.options}
    picker = page.get_by_test_id("stMain").get_by_role("combobox", name=t("option", lang))
    picker.click()
    page.get_by_role("option", name=names[COMPARED[2]], exact=True).click()
    settle(page)
    page.locator("h1").first.click()  # close the list
    settle(page)
    chosen = page.get_by_test_id("stMain").get_by_test_id("stMultiSelect").first
    for option in COMPARED:
        expect(chosen).to_contain_text(names[option])


def check_charts(page: Page, count: int, shots: Path, name: str) -> None:
    charts = page.get_by_test_id("stMain").get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(count)
    for index in range(count):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("svg.main-svg").first).to_be_visible()
        chart.screenshot(path=shots / f"charts-fit-{name}-{index}.png")
        drawn = chart.evaluate(CHART_TEXTS)
        where = f"{name} #{index}"
        assert len(drawn["texts"]) >= 5, where
        # No chart wider than its column, nor its drawing wider than the chart.
        assert inside(drawn["chart"], drawn["column"]), where
        assert inside(drawn["svg"], drawn["chart"]), where
        cut = [x["text"] for x in drawn["texts"] if not inside(x, drawn["chart"])]
        assert cut == [], f"{where}: labels cut at the chart's edge: {cut}"
        texts = drawn["texts"]
        crossed = [
            (a["text"], b["text"])
            for i, a in enumerate(texts)
            for b in texts[i + 1 :]
            if overlap(a, b)
        ]
        assert crossed == [], f"{where}: labels over each other: {crossed}"
        # No toolbar (it covered the title on a phone), and a sentence for screen readers.
        expect(chart.locator(".modebar")).to_have_count(0)
        expect(chart).to_have_attribute("role", "figure")
        alt = chart.get_attribute("aria-label") or ""
        assert len(alt) > 40 and alt.endswith("."), where


@pytest.mark.parametrize("phone", [False, True], ids=["1400px", "390px"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_chart_fits_its_box_with_no_label_cut_or_overlapping(
    browser: Browser, app_url: str, screenshots: Path, lang: Lang, phone: bool
):
    size = "390" if phone else "1400"
    pages = (
        ("plan-im", IM_PLAN, "", 2),
        ("plan-sl", SL_PLAN, "", 1),
        ("compare-im", Scenario(programme=IM, track="fi", option="mds"), "compare", 1),
        ("odds-sl", ODDS_PLAN, "odds", 1),
        ("calendar-sl", SL_PLAN, "calendar", 1),
    )
    for name, plan, path, count in pages:
        page = open_page(browser, f"{app_url}/{path}?plan={plan.to_url()}&lang={lang}", lang, phone)
        try:
            if name == "compare-im":
                compare_three_options(page, lang, CATALOGUE.get(IM))
            check_charts(page, count, screenshots, f"{lang}-{size}-{name}")
        finally:
            page.context.close()
