"""What a verdict rests on: rules published in the source document, assumed ones, rules
the student chose (planner.presets, a session-2 policy), or rules a person entered in the
app (a programme whose `origin` is `entered`: built on the « My programme » page, or
read from a file exported from it).

Every status a verdict, a compensation, a prerequisite's access, the year or a rule's
statement carries is decided here: `rule_status` is the one place that reads the
programme's origin, and `combined_status` the one place that combines the statuses of
the rules a verdict rests on. No rule kind knows about either.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:
    from planner.catalogue import Programme

RuleStatus = Literal["published", "assumed", "chosen", "entered"]
# Who wrote a programme's rules: transcribed from a source document (the shipped files),
# or entered by a person in the app, checked against no published text.
Origin = Literal["transcribed", "entered"]


def rule_status(programme: Programme, status: str) -> RuleStatus:
    """The status a verdict takes from one rule of `programme` whose own status is
    `status`: every rule of a programme entered in the app is `entered` (whatever status
    its author gave it, no one checked it against a published text), except a rule the
    student chose, which stays `chosen` as in any programme."""
    if programme.origin == "entered" and status != "chosen":
        return "entered"
    return cast(RuleStatus, status)  # a rule's own: published, assumed or chosen


def combined_status(statuses: Iterable[str]) -> RuleStatus:
    """The status of a verdict resting on several rules (each as `rule_status` gave it):
    chosen when the student chose one of them; entered when one was entered in the app;
    published only when every one is; assumed otherwise."""
    found = set(statuses)
    if "chosen" in found:
        return "chosen"
    if "entered" in found:
        return "entered"
    if found <= {"published"}:
        return "published"
    return "assumed"
