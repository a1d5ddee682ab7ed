"""A student's browser as the server sees it: Streamlit's own websocket protocol.

The agent API (benchmarks.load's other driver) cannot act on a custom element, so it
enters grades through the Grades page's form, and each of its answers carries a JSON
snapshot of the whole page that a browser never asks for. This driver speaks what the
browser speaks: it opens `/_stcore/stream`, sends the `BackMsg` rerun requests Chromium
sends (captured from the app with Playwright's `framesent`: the same widget states, the
grade sheet's edit event, the fragment id of the sheet's own fragment, a page's script
hash), and reads the `ForwardMsg`s until the session is idle again. So a grade edit here
is the default path of a student: a value typed in the sheet, its fragment rerun.

Used by `make load` and `make scale` beside the agent-API driver. Nothing is drawn: the
driver keeps only what it acts on (widget ids, the sheets' data, the pages' hashes).
"""

from __future__ import annotations

import functools
import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

from benchmarks import journey
from benchmarks.harness import SL, SPEC_IDS, choice_key
from benchmarks.journey import LOOP, Grades, Kind, Page, Retakes
from planner.scenario import Scenario

# The plan a student opens (a shared link, or the browser's own copy after a reload):
# S&L with 4 specialisation courses, nothing graded yet.
OPENING = Scenario(programme=SL, choices=SPEC_IDS)
# What Streamlit's frontend prefixes to a custom element's id for its event trigger.
EVENTS = "$$STREAMLIT_INTERNAL_KEY_{}__events"
TIMEOUT = 60.0


class WireError(Exception):
    """No answer, or not a whole one, within the timeout."""


@dataclass
class Drawn:
    """What is on the page that a student acts on, by the author's key, kept as the
    browser keeps it: a run replaces what it covers (the whole page, or its fragments'
    blocks), and what it did not draw again there is gone."""

    widgets: dict[str, str] = field(default_factory=dict)  # key -> element id
    fragments: dict[str, str] = field(default_factory=dict)  # key -> its fragment's id
    sheets: dict[str, dict[str, object]] = field(default_factory=dict)  # key -> its data
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    exceptions: int = 0
    paths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # key -> delta path
    blocks: dict[str, tuple[int, ...]] = field(default_factory=dict)  # fragment -> block path
    run_fragments: tuple[str, ...] = ()  # the fragments the current run covers (none: all)
    drawn_now: set[str] = field(default_factory=set)
    placed_now: set[str] = field(default_factory=set)  # fragments whose block this run drew
    deltas: int = 0  # elements and blocks sent, over the session

    def start(self, message: ForwardMsg) -> None:
        self.run_fragments = tuple(message.metadata.run.fragment_ids)
        self.drawn_now, self.placed_now = set(), set()

    def finish(self) -> None:
        covered = [self.blocks[f] for f in self.run_fragments if f in self.blocks]
        for key, path in list(self.paths.items()):
            if key in self.drawn_now:
                continue
            if not self.run_fragments or any(path[: len(b)] == b for b in covered):
                for kept in (self.widgets, self.fragments, self.sheets, self.paths):
                    kept.pop(key, None)

    def take(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
        if kind != "delta":
            return
        self.deltas += 1
        delta, path = message.delta, tuple(message.metadata.delta_path)
        fragment = delta.fragment_id
        if delta.WhichOneof("type") == "add_block" and fragment and fragment not in self.placed_now:
            # A fragment's first block in a run is its own; it moves when what is above
            # it changes (a problem found), and the blocks inside it carry its id too.
            self.blocks[fragment] = path
            self.placed_now.add(fragment)
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        what = element.WhichOneof("type")
        if what == "exception":
            self.exceptions += 1
            return
        ident = getattr(getattr(element, what), "id", "")
        if not isinstance(ident, str) or not ident.startswith("$$ID-"):
            return
        key = ident.split("-", 2)[2]
        self.widgets[key], self.paths[key] = ident, path
        self.drawn_now.add(key)
        if what == "bidi_component":
            self.fragments[key] = delta.fragment_id
            data = json.loads(element.bidi_component.json or "null")
            self.sheets[key] = json.loads(data) if isinstance(data, str) else data


class _QuickAck(socket.socket):
    def recv(self, *args, **kwargs):  # type: ignore[override]
        data = super().recv(*args, **kwargs)
        self.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        return data


class WireSession:
    """One browser tab: a websocket to the server and the widget values it holds."""

    def __init__(self, url: str, locale: str = "en-GB") -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.locale = locale
        self.query_string = ""
        self.page_hash = ""
        self.drawn = Drawn()
        self.values: dict[str, WidgetState] = {}  # element id -> the value it holds
        self.socket: ClientConnection | None = None

    def open(self, path: str, query_string: str) -> float:
        """Load `path` (a page's url path, "" for the default one) with `query_string`;
        then the browser store's first event (it has read the browser's copy)."""
        # As a browser does: without TCP_NODELAY, a small request written in two parts
        # waits for the server's delayed ACK (40 ms on Linux), which no browser pays.
        host, port = self.ws_url.split("/")[2].rsplit(":", 1)
        plain = socket.create_connection((host, int(port)), timeout=TIMEOUT)
        sock = _QuickAck(fileno=plain.detach())
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.socket = connect(
            self.ws_url,
            sock=sock,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT,
            legacy=True,  # held open across calls, closed by close()
        )
        self.query_string = query_string
        seconds = self._send(page_name=path)
        if "browser_store" in self.drawn.widgets:
            seconds += self.trigger("browser_store", [{"event": "stored", "value": ""}])
        return seconds

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()

    def page(self, path: str) -> float:
        """A click in the navigation: the page's script, no widget state."""
        self.page_hash = self.drawn.pages[path]
        return self._send(widgets=[])

    def set(self, key: str, **value: object) -> float:
        """A widget's new value (one field of WidgetState, as the browser fills it)."""
        state = WidgetState(id=self.drawn.widgets[key])
        for name, v in value.items():
            target = getattr(state, name)
            if hasattr(target, "data"):
                target.data.extend(v)  # type: ignore[arg-type]
            else:
                setattr(state, name, v)
        self.values[state.id] = state
        return self._send()

    def trigger(self, key: str, events: list[dict[str, object]]) -> float:
        """A custom element's event (the sheet's edit), in its own fragment's rerun."""
        ident = self.drawn.widgets[key]
        state = WidgetState(id=EVENTS.format(ident), json_trigger_value=json.dumps(events))
        return self._send(trigger=state, fragment_id=self.drawn.fragments.get(key, ""))

    def edit_sheet(self, key: str, grades: dict[str, str]) -> float:
        """Grades typed in a sheet: every field's text and « absent », as the sheet sends
        them, with `grades` (course -> text) changed."""
        rows = self.drawn.sheets[key]["rows"]
        assert isinstance(rows, list)
        typed = [[r["course"], grades.get(r["course"], r["value"]), r["absent"]] for r in rows]
        return self.trigger(key, [{"event": "edit", "value": typed}])

    def _send(
        self,
        widgets: list[WidgetState] | None = None,
        trigger: WidgetState | None = None,
        fragment_id: str = "",
        page_name: str = "",
    ) -> float:
        assert self.socket is not None
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = self.page_hash
        rerun.page_name = page_name
        rerun.fragment_id = fragment_id
        rerun.context_info.locale = self.locale
        rerun.context_info.timezone = "UTC"
        on_page = set(self.drawn.widgets.values())
        states = (
            widgets if widgets is not None else [s for i, s in self.values.items() if i in on_page]
        )
        rerun.widget_states.widgets.extend([*states, *([trigger] if trigger else [])])
        start = time.perf_counter()
        self.socket.send(message.SerializeToString())
        self._until_idle()
        return time.perf_counter() - start

    def _until_idle(self) -> None:
        """Read the answer until the server says the session's script is no longer
        running (what the page's « running » indicator follows)."""
        assert self.socket is not None
        finished = False
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WireError("no answer")
            message = ForwardMsg()
            message.ParseFromString(self.socket.recv(timeout=left))
            kind = message.WhichOneof("type")
            if kind == "script_finished":
                # A run stopped for a rerun (a callback's st.rerun) is followed by that
                # rerun: the answer is complete after a run that ended.
                finished = message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
                if finished:
                    self.drawn.finish()
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "new_session":
                self.drawn.start(message)
                if message.new_session.page_script_hash:
                    self.page_hash = message.new_session.page_script_hash
            elif kind == "session_status_changed":
                if finished and not message.session_status_changed.script_is_running:
                    return
            elif kind == "navigation":
                self.page_hash = message.navigation.page_script_hash
            self.drawn.take(message)


def journey_step(step: int, tab: WireSession) -> tuple[Kind, Callable[[], float]]:
    """A step of the journey (benchmarks.journey) as a student does it in the browser:
    grades typed in the sheets, a choice changed on the Plan page, a click in the
    navigation."""
    kind, what = journey.step_of(step)
    if isinstance(what, Retakes):
        sheet = tab.drawn.sheets.get("grade_sheet::2")
        rows = sheet["rows"] if sheet else []
        assert isinstance(rows, list)
        retakes = [r["course"] for r in rows][:2]
        what = Grades(2, dict.fromkeys(retakes, what.grade)) if retakes else what.otherwise
    if isinstance(what, Grades):
        key, grades = f"grade_sheet::{what.session}", what.grades
        return kind, lambda: tab.edit_sheet(key, grades)
    if isinstance(what, Page):
        path = what.path
        return kind, lambda: tab.page(path)
    key, ticked = choice_key(what.course), what.ticked
    return kind, lambda: tab.set(key, bool_value=ticked)


def floor_step(step: int, tab: WireSession) -> tuple[Kind, Callable[[], float]]:
    # The bare app has one input: every interaction is its "grade edit".
    return "grade", lambda: tab.set("x", double_value=float(step % 97))


Step = Callable[[int, WireSession], tuple[Kind, Callable[[], float]]]


@dataclass(frozen=True)
class Journey:
    """What a tab opens (a page's url path and query string), then does step by step."""

    path: str
    query: str
    step: Step


PLANNER = Journey("grades", f"plan={OPENING.to_url()}&lang=en", journey_step)
FLOOR = Journey("", "", floor_step)


def replay(url: str, loops: int) -> Iterator[tuple[int, Kind, Callable[[], int]]]:
    """One tab through `loops` loops of the planner's journey: each step's number, its
    kind, and its action, which returns the elements and blocks the step sent."""
    tab, _ = open_tab(url, PLANNER)
    try:
        for step in range(loops * LOOP):
            kind, act = journey_step(step, tab)

            def sent(act: Callable[[], float] = act) -> int:
                before = tab.drawn.deltas
                act()
                return tab.drawn.deltas - before

            yield step, kind, sent
    finally:
        tab.close()


def journey_sizes(url: str) -> list[tuple[Kind, int]]:
    """Each step of the planner's journey, with the elements and blocks it sent (a second
    loop: the first one fills the caches)."""
    sizes = [(kind, send()) for _, kind, send in replay(url, 2)]
    return sizes[LOOP:]


def sized_floor(sizes: list[tuple[Kind, int]]) -> Journey:
    """The floor app with `?n=` more elements (benchmarks/element_app.py) replaying a
    journey's sizes: each step redraws as many elements as the planner's step sent, and
    counts as the same kind. Streamlit's own price for that journey, the app's none."""

    def step(i: int, tab: WireSession) -> tuple[Kind, Callable[[], float]]:
        kind, n = sizes[i % len(sizes)]

        def act() -> float:
            tab.query_string = f"n={n}"
            return tab.set("x", double_value=float(i % 97))

        return kind, act

    return Journey("", f"n={sizes[-1][1]}", step)


def open_tab(url: str, journey: Journey) -> tuple[WireSession, float]:
    tab = WireSession(url)
    return tab, tab.open(journey.path, journey.query)


def student(
    url: str,
    journey: Journey,
    interval: float,
    until: float,
    record: Callable[[Kind, float | None, bool], None],
    seed: int,
) -> None:
    """One student in a browser tab: opens the journey's page, then its steps, one action
    every `interval` seconds (±20 %). A refused or failed action is recorded
    as an error and ends the tab, as a student would reload."""
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, interval))  # tabs open spread over one interval
    try:
        tab, seconds = open_tab(url, journey)
    except (OSError, WebSocketException, WireError):
        record("open", None, False)
        return
    record("open", seconds, tab.drawn.exceptions == 0)
    step, kind = 0, "open"
    try:
        while time.monotonic() < until:
            time.sleep(max(0.0, interval * rng.uniform(0.8, 1.2)))
            if time.monotonic() >= until:
                break
            kind, act = journey.step(step, tab)
            step += 1
            before = tab.drawn.exceptions
            seconds = act()
            record(kind, seconds, tab.drawn.exceptions == before)
    except (OSError, WebSocketException, WireError, KeyError):
        record(kind, None, False)
    finally:
        tab.close()


def drive(
    url: str,
    journey: Journey,
    sessions: int,
    interval: float,
    duration: float,
    record: Callable[[Kind, float | None, bool], None],
    on_tick: Callable[[], object] = lambda: None,
    first_id: int = 0,
) -> None:
    """Play `sessions` browser tabs against `url` for `duration` seconds (bounded)."""
    until = time.monotonic() + duration
    play(
        [
            functools.partial(student, url, journey, interval, until, record, i)
            for i in range(first_id, first_id + sessions)
        ],
        until,
        on_tick,
    )


def play(students: list[Callable[[], None]], until: float, on_tick: Callable[[], object]) -> None:
    """Each student in its own thread, `on_tick` every 0.5 s until all have ended;
    bounded: never waits on a stuck answer more than 90 s past `until`."""
    threads = [threading.Thread(target=s, daemon=True) for s in students]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        on_tick()
        time.sleep(0.5)
        if time.monotonic() > until + 90:
            break
