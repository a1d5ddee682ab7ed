"""How a verdict, a rule's status and a figure look on a page, and how a catalogue name
reaches markdown: the one mapping every view draws from (the Grades cards and banner, the
Rules page's badges, Compare's table, the Plan page's metrics and charts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.catalogue import Figure
from planner.compare import Span
from planner.messages import Lang, number
from planner.totals import Amount
from ui.format import label_plain, plain
from ui.grade_sheet import Tone
from ui.i18n import t


@dataclass(frozen=True)
class Look:
    tone: Tone
    icon: str | None  # a Material Symbols name


# A verdict: validated, failed, or not decided yet (grades missing).
VERDICT_LOOK: dict[bool | None, Look] = {
    True: Look("green", "check_circle"),
    False: Look("red", "cancel"),
    None: Look("orange", "hourglass_top"),
}
_VERDICT_TEXT = {True: "validated", False: "failed", None: "pending"}


@dataclass(frozen=True)
class Line:
    """A line of markdown a page draws, as body text or, `small`, as a caption."""

    text: str
    small: bool = False


@dataclass(frozen=True)
class EnteredBy:
    """How each place says who entered the rules of a programme built in the app: a
    verdict's badge, a Rules page statement's badge, the sidebar's sentence."""

    badge: str
    rule: str
    sidebar: str


# By ui.own_programme's origin: the student here, or whoever shared the link (a programme
# of no known origin, a test's, says "entered" without whom).
ENTERED_BY = {
    "built": EnteredBy("verdict_entered_by_you", "entered_rule_by_you", "origin.built"),
    "shared": EnteredBy("verdict_entered_by_link", "entered_rule_by_link", "origin.shared"),
}


# The year's banner: a year not decided yet is news to read, not a warning.
BANNER_TONE: dict[bool | None, Tone] = {True: "green", False: "red", None: "blue"}


def verdict(validated: bool | None, lang: Lang) -> str:
    """« Validated », « Failed » or « Pending », as plain text."""
    return t(_VERDICT_TEXT[validated], lang)


# What a verdict or a rule rests on: the published rules, the student's choice, rules a
# person entered in the app (planner.rules.status: as unchecked as an assumption, marked
# apart: its text says who wrote them, « verdict_entered »), or an assumption (whatever
# else a status says, it is not published).
_STATUS_LOOK = {
    "published": Look("green", None),
    "chosen": Look("blue", "tune"),
    "entered": Look("orange", "edit"),
}
_ASSUMED_LOOK = Look("orange", "warning")


def status_look(status: str) -> Look:
    return _STATUS_LOOK.get(status, _ASSUMED_LOOK)


def status_badge(status: str, text: str) -> str:
    """A markdown badge for a rule's status, with `text` (the app's own) in it."""
    look = status_look(status)
    icon = f":material/{look.icon}: " if look.icon else ""
    return f":{look.tone}-badge[{icon}{text}]"


def inferred_mark(status: str) -> str:
    """The mark after a figure the app inferred, not published: « 20* »."""
    return "*" if status == "inferred" else ""


def partial_mark(missing: bool) -> str:
    """The mark after a sum with a part not published: « 39 +? »."""
    return " +?" if missing else ""


def has_unknown_part(value: Figure | Amount | Span) -> bool:
    """A figure shown with a part left out: a sum with a part not published, or a span
    over the choices of which some leave a part out."""
    if isinstance(value, Amount):
        return value.value is not None and bool(value.missing)
    return isinstance(value, Span) and value.partial


def _amount(value: Figure | Amount | Span, lang: Lang) -> str | None:
    """'12', '20*' or '20–30' (a span over the choices), without the "+?"; None when
    nothing of it is published."""
    low, high = (value.low, value.high) if isinstance(value, Span) else (value.value,) * 2
    if low is None or high is None:
        return None
    shown = number(low, lang) if low == high else f"{number(low, lang)}–{number(high, lang)}"
    return shown + inferred_mark(value.status)


def figure(value: Figure | Amount | Span, lang: Lang) -> str:
    """'12', '20*' (inferred), '39 +?' (a part not published) or 'not published' — never a
    silent 0. The Plan page's metrics and every figure of Compare."""
    shown = _amount(value, lang)
    if shown is None:
        return t("not_published", lang)
    return shown + partial_mark(has_unknown_part(value))


FigureName = Literal["ects", "cm", "td"]
_NAMED = {"ects": "fig_ects", "cm": "fig_cm", "td": "fig_td"}
_NAMED_UNKNOWN = {"ects": "fig_ects_unknown", "cm": "fig_cm_unknown", "td": "fig_td_unknown"}


def named_figure(value: Figure | Amount | Span, name: FigureName, lang: Lang) -> str:
    """figure() with its name, in the language's word order: "60 ECTS", "CM 20–30*",
    "TD 10 +?" or "ECTS not published"."""
    shown = _amount(value, lang)
    if shown is None:
        return t(_NAMED_UNKNOWN[name], lang)
    return t(_NAMED[name], lang, amount=shown) + partial_mark(has_unknown_part(value))


NBSP = "\u00a0"


def figures(
    ects: Amount | Span, lecture: Amount | Span, tutorial: Amount | Span, lang: Lang
) -> str:
    """The three figures of a unit or a plan; a narrow cell wraps between them, never
    inside one."""
    parts = (
        named_figure(ects, "ects", lang),
        named_figure(lecture, "cm", lang),
        named_figure(tutorial, "td", lang),
    )
    return " · ".join(part.replace(" ", NBSP) for part in parts)


def name(text: str) -> str:
    """A catalogue name (programme, track, option, unit, course, event) for markdown:
    outside text, shown exactly as the programme's file writes it."""
    return plain(text)


def label_name(text: str) -> str:
    """A catalogue name as a widget's label: shown as written, and read out as written by
    a screen reader (the label is also the control's accessible name)."""
    return label_plain(text)


def bold_name(text: str) -> str:
    return f"**{name(text)}**"
