"""Prepare the server process once, before any page runs.

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


def warm_imports() -> None:
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
