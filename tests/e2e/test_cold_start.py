"""A cold server, many students at once: the first page is drawn before numpy/pandas are
loaded (in a background warm-up thread), and no page may import them concurrently with that
thread ("partially initialized module 'pandas'", seen before the warm-up lock existed).

Driven through Streamlit's agent API on 127.0.0.1, on a fresh server per test."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from benchmarks.harness import SL_LABEL, SPEC_TICKED, Server, interact

STUDENTS = 10
# Straight after the first page: choose a programme, or open a heavy page directly.
FIRST_STEPS = [
    [{"widget_state": {"programme": SL_LABEL}}, {"page": "grades"}],
    [{"page": "odds"}],
    [{"page": "grades"}],
    [{"widget_state": {"programme": SL_LABEL}}, {"page": "compare"}],
    [
        {"widget_state": {"programme": SL_LABEL}},
        {"widget_state": SPEC_TICKED},
    ],
]


@pytest.fixture
def cold_server() -> Iterator[Server]:
    server = Server("app.py")
    server.start()  # returns on the health check: no script has run yet
    try:
        yield server
    finally:
        server.stop()


def test_students_arriving_together_on_a_cold_server_get_no_error(cold_server):
    failures: list[str] = []
    lock = threading.Lock()

    def student(index: int) -> None:
        _, data = interact(cold_server.url, {}, index)
        steps = FIRST_STEPS[index % len(FIRST_STEPS)]
        for step in steps:
            if data is None:
                break
            _, data = interact(cold_server.url, {"session_id": data["session_id"], **step}, index)
        text = json.dumps(data) if data is not None else "no answer"
        if data is None or '"exception"' in text or "partially initialized" in text:
            with lock:
                failures.append(f"student {index}: {text[:400]}")

    threads = [threading.Thread(target=student, args=(i,)) for i in range(STUDENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a session never answered"
    assert failures == []
