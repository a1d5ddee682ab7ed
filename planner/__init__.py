"""The M2 year planner's domain: catalogue models, rule engine, totals, solver, scenarios.

Pure Python and pydantic: no Streamlit, no plotly.
"""
