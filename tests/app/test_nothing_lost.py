"""AppTest for "nothing is lost": the address bar holds the plan, saved scenarios are never
replaced without asking, Open keeps what it replaces, Reset forgets everything, and the
scenario file (format version 2) carries the saved scenarios.

AppTest sends `at.query_params` with each run and reads back what the script wrote there,
so it stands for the browser's address bar. The browser's storage (ui.browser_store) is a
component AppTest cannot answer; the browser tests (tests/e2e/test_nothing_lost.py) cover
it, and here only the order the script gives it is read. Texts come from ui.i18n.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from planner.scenario import MAX_JSON_BYTES, MAX_SAVED, SavedPlan, Scenario
from tests.app.test_pages import APP, IM, SL, SPEC4, ok, plan_of, tick
from tests.app.test_pages import WORKED_EXAMPLE as WORKED
from ui.format import say
from ui.i18n import t
from ui.share import UPLOAD_KEY

STORE = "browser_store"
# Two plans of the same programme that differ only by the internship grade.
FIRST = Scenario(programme=SL, choices=tuple(sorted(SPEC4)), grades={**WORKED, "stage": 70.0})
SECOND = Scenario(programme=SL, choices=tuple(sorted(SPEC4)), grades={**WORKED, "stage": 40.0})
OTHER = Scenario(
    programme=IM,
    track="fi",
    option="mds",
    choices=("advanced-optimization", "geometric-statistics", "statistical-learning-graphs"),
    grades={"geometric-statistics": 12.0},
)


def app(lang: str = "en", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.context = {"locale": {"en": "en-US", "fr": "fr-FR"}[lang]}
    for key, value in query.items():
        at.query_params[key] = value
    return at


def text_of(plan: Scenario) -> str:
    """A saved scenario as the Compare page stores it."""
    return plan.to_json(indent=None)


def address_plan(at: AppTest) -> Scenario:
    return Scenario.from_url(at.query_params["plan"])


def notices(at: AppTest) -> list[str]:
    """The notice of this run (drawn first in the main area, before the page), or []."""
    first = at.main.children[0]
    return [first.value] if first.type in ("success", "warning") else []


def button(at: AppTest, label: str):
    (found,) = [b for b in at.button if b.label == label]
    return found


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def store_order(at: AppTest) -> dict:
    """What the script asks the browser's storage to do this run: {"mode", "text"}."""
    (element,) = [e for e in at.sidebar.get("bidi_component") if e.proto.id.endswith(STORE)]
    return json.loads(element.proto.json)


def store_order_besides_the_address(at: AppTest) -> dict:
    """store_order() without the address bar it writes (see address())."""
    return {key: value for key, value in store_order(at).items() if key != "query"}


def address(at: AppTest) -> dict[str, str]:
    """The address bar's parameters once this run's browser store has written it (in a
    session's first run, only the store writes it: ui.persistence.keep_in_url)."""
    query = store_order(at)["query"]
    kept = {key: at.query_params[key] for key in at.query_params if key not in query["names"]}
    return {**kept, **query["values"]}


def on_my_scenarios(plan: Scenario, saved: dict[str, Scenario], lang: str = "en") -> AppTest:
    """A session with `plan` opened from a link and `saved` kept, on Compare."""
    at = app(lang, plan=plan.to_url())
    ok(at.run())
    plan_of(at).saved = {name: text_of(p) for name, p in saved.items()}
    ok(at.switch_page("views/compare.py").run())
    return at


def save_as(at: AppTest, name: str, lang: str = "en") -> AppTest:
    ok(at.text_input(key="scenario_name").set_value(name).run())
    return ok(button(at, t("save_scenario", lang)).click().run())


# --- the address bar ---------------------------------------------------------------------
def test_the_plan_in_the_address_bar_is_applied_once_per_session():
    at = app(plan=FIRST.to_url())
    ok(at.run())
    assert notices(at) == [t("link_restored", "en")]
    assert plan_of(at).grades == {SL: FIRST.grades}
    # Later runs of the same session never read it again: another plan put there (a
    # stale tab, a hand-edited address) does not replace what the session holds…
    at.query_params["plan"] = SECOND.to_url()
    ok(at.run())
    assert plan_of(at).grades == {SL: FIRST.grades}
    assert notices(at) == []
    # …and the address bar is rewritten with the session's plan.
    assert address_plan(at) == FIRST
    # A new session (a reload) with that address gets the plan back.
    reloaded = app(plan=at.query_params["plan"])
    ok(reloaded.run())
    assert plan_of(reloaded).grades == {SL: FIRST.grades}
    assert notices(reloaded) == [t("link_restored", "en")]


def test_the_address_bar_holds_the_plan_after_each_change():
    at = app()
    ok(at.run())
    assert "plan" not in at.query_params and "programme" not in at.query_params
    # A programme without its track and option yet: kept as the choices made so far.
    ok(at.sidebar.selectbox(key="programme").set_value(IM).run())
    assert "plan" not in at.query_params
    assert at.query_params["programme"] == IM
    assert "track" not in at.query_params
    ok(at.sidebar.selectbox(key="track").set_value("fi").run())
    assert (at.query_params["programme"], at.query_params["track"]) == (IM, "fi")
    assert "option" not in at.query_params
    # Complete: the share-link form, and the choices-only keys are gone.
    ok(at.sidebar.selectbox(key="option").set_value("mds").run())
    assert address_plan(at) == Scenario(programme=IM, track="fi", option="mds")
    assert not {"programme", "track", "option"} & set(at.query_params)
    # A course chosen on the Plan page.
    picked = ["geometric-statistics", "statistical-learning-graphs"]
    tick(at, "choice::mds-modelisation::mds::fi", *picked)
    assert address_plan(at).choices == tuple(sorted(picked))
    # A page switch (which clears Streamlit's query parameters) keeps it.
    ok(at.switch_page("views/grades.py").run())
    assert address_plan(at).choices == tuple(sorted(picked))
    # A grade stored by a page: the address carries it after that page's run.
    ok(at.switch_page("views/plan.py").run())
    plan_of(at).grades = {IM: {"geometric-statistics": 14.0}}
    ok(at.run())
    assert address_plan(at) == Scenario(
        programme=IM,
        track="fi",
        option="mds",
        choices=tuple(sorted(picked)),
        grades={"geometric-statistics": 14.0},
    )
    assert at.query_params["lang"] == "en"


def test_an_incomplete_selection_in_the_address_bar_is_restored():
    at = app(programme=IM, track="fi")
    ok(at.run())
    assert plan_of(at).programme == IM
    assert plan_of(at).track == "fi"
    assert plan_of(at).option is None
    assert (at.query_params["programme"], at.query_params["track"]) == (IM, "fi")
    # Values that are not the programme's are left out, not guessed.
    at = app(programme=IM, track="nope", option="mds")
    ok(at.run())
    assert (plan_of(at).track, plan_of(at).option) == (None, "mds")
    assert "track" not in address(at)
    at = app(programme="no-such-programme")
    ok(at.run())
    assert plan_of(at).programme is None
    assert "programme" not in address(at)


# --- saving over a name ------------------------------------------------------------------
def test_saving_the_same_plan_under_its_own_name_asks_nothing():
    at = on_my_scenarios(FIRST, {"Plan A": FIRST})
    save_as(at, "Plan A")
    assert t("overwrite_replace", "en") not in labels(at)
    assert plan_of(at).saved == {"Plan A": text_of(FIRST)}
    assert notices(at) == [say("scenario_saved", "en", name="Plan A")]


def test_saving_a_different_plan_under_a_taken_name_asks_first():
    at = on_my_scenarios(SECOND, {"Plan A": FIRST})
    save_as(at, "Plan A")
    assert [w.value for w in at.warning] == [say("overwrite_ask", "en", name="Plan A")]
    assert {
        t("overwrite_replace", "en"),
        say("save_as", "en", name="Plan A (2)"),
        t("cancel", "en"),
    } <= set(labels(at))
    assert plan_of(at).saved == {"Plan A": text_of(FIRST)}  # nothing replaced yet


@pytest.mark.parametrize(
    ("choice", "expected", "notice"),
    [
        ("replace", {"Plan A": SECOND}, "Plan A"),
        ("save_as", {"Plan A": FIRST, "Plan A (2)": SECOND}, "Plan A (2)"),
        ("cancel", {"Plan A": FIRST}, None),
    ],
)
def test_each_answer_to_the_overwrite_question_does_what_it_says(choice, expected, notice):
    at = on_my_scenarios(SECOND, {"Plan A": FIRST})
    save_as(at, "Plan A")
    label = {
        "replace": t("overwrite_replace", "en"),
        "save_as": say("save_as", "en", name="Plan A (2)"),
        "cancel": t("cancel", "en"),
    }[choice]
    ok(button(at, label).click().run())
    assert plan_of(at).saved == {name: text_of(p) for name, p in expected.items()}
    assert list(plan_of(at).saved) == list(expected)  # the order kept
    # The question is gone either way, and the notice says where the plan went.
    assert say("overwrite_ask", "en", name="Plan A") not in notices(at)
    assert t("overwrite_replace", "en") not in labels(at)
    assert notices(at) == ([say("scenario_saved", "en", name=notice)] if notice else [])
    # The current plan is untouched by the question and its answer.
    assert address_plan(at) == SECOND


def test_a_full_list_only_offers_to_replace_or_cancel():
    full = {f"Plan {n}": FIRST.model_copy(update={"grades": {"stage": n}}) for n in range(4)}
    assert len(full) == MAX_SAVED
    at = on_my_scenarios(SECOND, full)
    assert t("saved_full", "en", n=MAX_SAVED) in [c.value for c in at.caption]
    ok(at.text_input(key="scenario_name").set_value("Plan 9").run())
    assert button(at, t("save_scenario", "en")).disabled
    save_as(at, "Plan 1")
    assert [w.value for w in at.warning] == [say("overwrite_ask", "en", name="Plan 1")]
    assert t("overwrite_replace", "en") in labels(at) and t("cancel", "en") in labels(at)
    assert not [label for label in labels(at) if label.startswith(t("save_as", "en", name=""))]
    ok(button(at, t("overwrite_replace", "en")).click().run())
    assert list(plan_of(at).saved) == list(full)
    assert plan_of(at).saved["Plan 1"] == text_of(SECOND)


# --- opening a saved scenario ------------------------------------------------------------
def open_saved(at: AppTest, name: str) -> AppTest:
    ok(at.selectbox(key="saved_pick").set_value(name).run())
    return ok(button(at, t("load_scenario", "en")).click().run())


def test_open_keeps_the_plan_it_replaces_as_before_and_says_so():
    at = on_my_scenarios(FIRST, {"Plan A": OTHER})
    open_saved(at, "Plan A")
    before = t("before_opening", "en", plan="Plan A")
    assert plan_of(at).saved == {"Plan A": text_of(OTHER), before: text_of(FIRST)}
    assert notices(at) == [say("saved_opened", "en", name="Plan A", before=before)]
    assert (plan_of(at).programme, plan_of(at).option) == (
        IM,
        "mds",
    )
    assert address_plan(at) == OTHER
    # Opening the kept plan back: the plan replaced (OTHER) is already saved, so it is
    # named, not copied; nothing is lost in either direction.
    open_saved(at, before)
    assert plan_of(at).saved == {"Plan A": text_of(OTHER), before: text_of(FIRST)}
    assert notices(at) == [say("saved_opened", "en", name=before, before="Plan A")]
    assert address_plan(at) == FIRST


def test_open_names_a_free_before_name_and_keeps_nothing_for_an_empty_plan():
    before = t("before_opening", "en", plan="Plan A")
    at = on_my_scenarios(FIRST, {"Plan A": OTHER, before: SECOND})
    open_saved(at, "Plan A")
    assert plan_of(at).saved[f"{before} (2)"] == text_of(FIRST)
    assert notices(at) == [say("saved_opened", "en", name="Plan A", before=f"{before} (2)")]
    # An empty plan (nothing chosen, no grade) is not worth keeping: it says so.
    at = on_my_scenarios(Scenario(programme=SL), {"Plan A": OTHER})
    open_saved(at, "Plan A")
    assert list(plan_of(at).saved) == ["Plan A"]
    assert notices(at) == [say("saved_opened_nothing_kept", "en", name="Plan A")]


@pytest.mark.parametrize("answer", ["open_anyway", "cancel"])
def test_open_with_a_full_list_asks_before_the_plan_is_lost(answer):
    """With MAX_SAVED plans kept there is no room for « Before … »: Open asks first. Open
    anyway replaces the plan and says nothing was kept; Cancel keeps it."""
    full = {"Plan 0": OTHER}
    full |= {f"Plan {n}": SECOND.model_copy(update={"grades": {"stage": n}}) for n in (1, 2, 3)}
    assert len(full) == MAX_SAVED
    at = on_my_scenarios(FIRST, full)
    open_saved(at, "Plan 0")
    assert address_plan(at) == FIRST  # nothing opened yet
    assert [w.value for w in at.warning] == [say("open_would_lose", "en", name="Plan 0")]
    ok(button(at, t(answer, "en")).click().run())
    assert plan_of(at).saved == {name: text_of(p) for name, p in full.items()}
    if answer == "open_anyway":
        assert notices(at) == [say("saved_opened_nothing_kept", "en", name="Plan 0")]
        assert address_plan(at) == full["Plan 0"]
    else:
        assert address_plan(at) == FIRST
    assert not at.warning


# --- reset -------------------------------------------------------------------------------
def test_reset_forgets_the_session_the_saved_scenarios_and_the_address_bar():
    at = on_my_scenarios(FIRST, {"Plan A": OTHER}, lang="fr")
    assert address_plan(at) == FIRST
    # The popover asks first: its only action is the confirmation button.
    assert button(at, t("reset_yes", "fr")).key == "reset_button"
    assert t("reset_confirm", "fr") in [m.value for m in at.sidebar.markdown]
    assert plan_of(at).saved != {}  # drawing the popover changed nothing
    ok(at.button(key="reset_button").click().run())
    assert notices(at) == [t("reset_done", "fr")]
    plan = plan_of(at)
    assert (plan.plans, plan.grades, plan.session2_grades, plan.params, plan.saved) == (
        {},
        {},
        {},
        {},
        {},
    )
    assert plan.programme is None
    assert plan.lang == "fr"  # the language the student reads is kept
    assert not {"plan", "programme", "track", "option"} & set(at.query_params)
    assert at.query_params["lang"] == "fr"
    # The browser is told to drop its copy of the saved scenarios, and every other tab
    # to forget too.
    assert store_order_besides_the_address(at) == {"mode": "reset", "lang": "fr"}
    assert address(at) == {"lang": "fr"}
    # The next run reads nothing back.
    ok(at.run())
    assert plan_of(at).programme is None and "plan" not in at.query_params


def test_before_the_browser_answers_nothing_is_written_over_its_copy():
    """Until the once-per-session read has come back, the script only asks to read: a new
    session never wipes the scenarios the browser holds."""
    at = on_my_scenarios(FIRST, {"Plan A": OTHER})
    assert store_order_besides_the_address(at) == {"mode": "read", "lang": "en"}
    # Once read (as the browser's answer does), what the session holds and the browser
    # does not is sent as entries to put, and the plan drawn as the current one.
    at.session_state["saved_read"] = True
    ok(at.run())
    order = store_order(at)
    assert (order["mode"], order["format"], order["version"]) == ("write", "m2-planner-scenario", 2)
    assert [SavedPlan.model_validate(item) for item in order["put"]] == [
        SavedPlan(name="Plan A", plan=OTHER)
    ]
    assert order["remove"] == []
    assert Scenario.from_url(order["current"]) == FIRST
    # Sent once: the next run has nothing more to put.
    ok(at.run())
    assert (store_order(at)["put"], store_order(at)["remove"]) == ([], [])


# --- the scenario file -------------------------------------------------------------------
# Opening a file is the app's own file picker (ui.file_input), which AppTest cannot answer:
# what the server makes of a file is tests/unit/test_opened_plan_files.py, and a file
# opened in a session (its plan applied, its saved scenarios merged, the notice) is
# tests/e2e/test_open_saved_plan.py. Here, what the script gives the picker to draw.
def picker(at: AppTest) -> dict:
    (element,) = [e for e in at.sidebar.get("bidi_component") if e.proto.id.endswith(UPLOAD_KEY)]
    return json.loads(json.loads(element.proto.json))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_file_pickers_every_text_is_in_the_apps_language(lang):
    at = app(lang)
    ok(at.run())
    drawn = picker(at)
    kb = MAX_JSON_BYTES // 1024
    assert drawn["label"] == t("upload", lang, kb=kb)
    assert drawn["choose"] == t("upload_choose", lang)
    assert drawn["none_chosen"] == t("upload_none_chosen", lang)
    assert drawn["help"] == t("upload_help", lang)
    too_large = t("file_too_large", lang, kb=kb)
    assert drawn["too_large"] == t("file_refused", lang, name="{name}", reason=too_large)
    assert drawn["max_bytes"] == MAX_JSON_BYTES
    assert drawn["accept"] == ".json,application/json"
    if lang == "fr":
        texts = " ".join(str(value) for value in drawn.values())
        for english in ("Upload", "Browse", "per file", "Choose", "larger than"):
            assert english not in texts


def test_the_file_picker_is_in_the_open_saved_plan_expander_once_a_plan_is_complete():
    at = app(plan=FIRST.to_url())
    ok(at.run())
    (expander,) = [e for e in at.sidebar.expander if e.label == t("open_saved", "en")]
    assert [e for e in expander.get("bidi_component") if e.proto.id.endswith(UPLOAD_KEY)]


# --- a grade edit reruns only its fragment -------------------------------------------------
def test_a_grade_sent_by_the_form_reaches_the_address_bar_the_browser_and_the_dialog():
    """The Grades page's edit reruns only the parts it changes (a fragment run, which
    after_page does not follow): the address bar, the browser's copy and the Share and save
    dialog must still carry the grade just sent."""
    at = app(plan=FIRST.to_url())
    ok(at.run())
    at.session_state["saved_read"] = True  # as after the browser's answer
    ok(at.switch_page("views/grades.py").run())
    ok(at.toggle(key="grades_form_mode").set_value(True).run())
    at.text_input(key="form::1::stage").input("73")
    ok(at.button(key="grades_form_send::1").click().run())
    typed = FIRST.model_copy(update={"grades": {**FIRST.grades, "stage": 73.0}})
    assert plan_of(at).grades[SL]["stage"] == 73.0
    # What the run drew (AppTest keeps only that): the sheet, nothing else of the page (no
    # form, no sidebar, no other part). Its cards: the internship's says « Mean 73 ».
    (drawn,) = at.main.get("bidi_component")
    assert drawn.proto.id.endswith("sheet::1") and not at.markdown
    data = json.loads(json.loads(drawn.proto.json))
    stage = next(c for c in data["cards"] if c["unit"] == "stage")
    assert "Mean 73" in stage["figures"]
    # The sheet's script also writes the address bar (and the browser's copy).
    assert data["outside"]["query"]["values"] == {"lang": "en", "plan": typed.to_url()}
    assert set(data["outside"]["query"]["names"]) >= {"plan", "programme", "track", "option"}
    assert data["outside"]["current"] == typed.to_url()
    assert not at.text_input and not at.sidebar.children
    # The next full run's own copy of the query string catches up; the dialog opened then
    # builds the link from the plan as it is now.
    ok(at.run())
    assert address_plan(at) == typed
    ok(at.sidebar.button(key="share_open").click().run())
    link = at.code[0].value
    assert Scenario.from_url(link.split("plan=")[1].split("&")[0]) == typed
