"""Import the heavy libraries once, under a lock, before any page uses them.

Streamlit runs each session's script in its own thread. When the first students arrive
together on a cold server, two threads importing pandas/plotly at the same moment can see
a partially initialised module ("partially initialized module 'pandas' has no attribute
'Series'"), measured here with 5 concurrent sessions. One lock makes the first import
whole; afterwards the imports are dictionary look-ups.
"""

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
        import plotly.graph_objects
        import plotly.io  # noqa: F401

        _done = True
