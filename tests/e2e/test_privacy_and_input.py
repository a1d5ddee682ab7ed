"""In the browser: a grade off the scale is flagged with what is allowed, and nothing a
student types reaches the disk or the server log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from planner.scenario import Scenario
from tests.e2e.test_journey import SL, Shots, open_app, settle, type_grade
from ui.i18n import t

pytestmark = pytest.mark.e2e

SPEC4 = (
    "analyse-statistique-graphes",
    "gestion-donnees",
    "processus-ponctuels",
    "series-temporelles",
)
SKIP_DIRS = {
    ".venv",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    "screenshots",
    ".ruff_cache",
}
FUNDAMENTAL_ROW = 4  # the grade table lists the 4 mise-à-niveau modules first


def files_with_times(root: Path) -> dict[Path, float]:
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            path = Path(folder) / name
            found[path] = path.stat().st_mtime
    return found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_grade_off_the_scale_is_flagged_and_the_others_are_kept(
    browser, app_url, screenshots, lang
):
    kept = Scenario(programme=SL, choices=SPEC4, grades={"estimation-non-parametrique": 55})
    page = open_app(browser, f"{app_url}/grades?plan={kept.to_url()}&lang={lang}", lang)
    shot = Shots(screenshots, f"off-scale-{lang}")
    try:
        page.wait_for_timeout(1500)  # the link's notice may still move the layout
        settle(page)
        shot(page, "opened")
        grid = page.locator("[data-testid='stDataFrameResizable']").first
        type_grade(page, grid, FUNDAMENTAL_ROW, 2, "150")
        name = "Apprentissage statistique"
        message = t("out_of_scale", lang, course=name, value="150", max="100")
        expect(page.get_by_text(message)).to_be_visible()
        shot(page, "flagged")
        # The grade typed before is still in the table (glide's accessible cells).
        cells = grid.locator("td[role='gridcell'][aria-colindex='3']").all_text_contents()
        assert "55" in cells, cells
        assert (
            "150"
            not in page.locator("[data-testid='stAlert']")
            .filter(has_text=t("year", lang))
            .inner_text()
        )
    finally:
        page.context.close()


def test_nothing_typed_reaches_the_disk_or_the_server_log(
    browser, app_url, streamlit_server, repo_root
):
    marker = "47.31"
    before = files_with_times(repo_root)
    plan = Scenario(programme=SL, choices=SPEC4, grades={"stage": 47.31})
    page = open_app(browser, f"{app_url}/grades?plan={plan.to_url()}&lang=en", "en")
    try:
        grid = page.locator("[data-testid='stDataFrameResizable']").first
        type_grade(page, grid, FUNDAMENTAL_ROW + 1, 2, "38.77")
        page.get_by_role("link", name=t("page_odds", "en")).click()
        settle(page)
        page.get_by_role("link", name=t("page_compare", "en")).click()
        settle(page)
    finally:
        page.context.close()
    log = streamlit_server.log.read_text(errors="replace")
    assert marker not in log and "38.77" not in log
    after = files_with_times(repo_root)
    changed = [p for p, mtime in after.items() if before.get(p) != mtime]
    for path in changed:
        text = path.read_bytes()
        assert marker.encode() not in text and b"38.77" not in text, path
