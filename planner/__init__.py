"""The M2 year planner's domain: catalogue models, rule engine, totals, solver, scenarios;
and, in planner.outputs, what is made from its verdicts (the PDF, the calendar file, the
command line, the Rules page's statements).

Pure Python and pydantic: no Streamlit, no plotly.
"""

__version__ = "0.1.0"
