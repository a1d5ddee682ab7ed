"""What the planner produces from the domain's verdicts, one module (or package) per output
format: the PDF summary (report/), the calendar file (ics), the command line (cli) and the
Rules page's statements (rules_text). Each reads the rules applied and the evaluation
(planner.applied, planner.evaluation) and decides no rule itself.
"""
