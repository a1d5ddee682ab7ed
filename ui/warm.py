"""Prepare the server process once: heavy imports and a frozen heap.

0. In the background: the router starts the warm-up in a thread once the first page is
   drawn, so that page (no programme chosen yet, nothing heavy on it) does not wait for
   pandas (~0.5 s of a cold start). Every other run calls warm_imports() in the router, which
   waits for the warm-up under the same lock.
1. Import the heavy libraries under a lock. Streamlit runs each session's script in its
   own thread. When the first students arrive together on a cold server, two threads
   importing pandas/plotly at the same moment can see a partially initialised module
   ("partially initialized module 'pandas' has no attribute 'Series'"), measured here with
   5 concurrent sessions. One lock makes the first import whole.
2. Freeze what the imports built. Streamlit runs a full garbage collection after every
   rerun (`runner.postScriptGC`); with pandas, pyarrow and plotly loaded that full scan was
   half of the server's CPU per interaction (py-spy, see docs/performance.md).
   `gc.freeze()` moves the objects alive now (modules, classes, the catalogue) out of the
   collector's sight; objects made later are still collected as usual.
"""

import gc
import threading

_lock = threading.Lock()
_done = False
_start_lock = threading.Lock()
_started = False


def start_warm_up() -> None:
    """warm_imports() in a daemon thread; returns at once."""
    global _started
    with _start_lock:
        if _started:
            return
        _started = True
    threading.Thread(target=warm_imports, name="warm-up", daemon=True).start()


def warm_imports() -> None:
    """Import numpy, pandas, pyarrow and plotly once, under a lock; returns when done."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import plotly.graph_objects as go
        import plotly.io  # noqa: F401
        import pyarrow  # noqa: F401

        # plotly loads its validators lazily, on the first figure: load them now, so they
        # are frozen with the rest instead of being scanned on every rerun.
        go.Figure(go.Bar(x=[0], y=[0])).update_layout(barmode="stack").to_plotly_json()
        gc.collect()
        gc.freeze()
        _done = True
