"""The M2 year planner's domain: catalogue models, rule engine, totals, solver, scenarios.

Pure Python and pydantic: no Streamlit, no plotly.
"""

__version__ = "0.1.0"
