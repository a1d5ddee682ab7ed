"""How figures, statuses and verdicts read on a page."""

from __future__ import annotations

from functools import lru_cache

from planner.catalogue import Figure
from planner.messages import Lang, number
from planner.totals import Amount
from ui.i18n import t


def figure(value: Figure | Amount, lang: Lang) -> str:
    """'12', '20*' (inferred) or 'not published' — never a silent 0."""
    if value.value is None:
        return t("not_published", lang)
    mark = "*" if value.status == "inferred" else ""
    partial = " +?" if isinstance(value, Amount) and value.missing else ""
    return f"{number(value.value, lang)}{mark}{partial}"


def status(value: Figure, lang: Lang) -> str:
    return t(value.status if value.status != "unknown" else "not_published", lang)


def verdict(validated: bool | None, lang: Lang, plain: bool = False) -> str:
    """A coloured verdict for markdown, or plain text for a table cell."""
    if plain:
        return t({True: "validated", False: "failed", None: "pending"}[validated], lang)
    if validated is True:
        return ":green[:material/check_circle: " + t("validated", lang) + "]"
    if validated is False:
        return ":red[:material/cancel: " + t("failed", lang) + "]"
    return ":orange[:material/hourglass_top: " + t("pending", lang) + "]"


# Every character markdown would read as syntax, plus Streamlit's own ($maths$, :colour[…]).
# Catalogue text is verbatim from the seeds and must show as written.
_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|$<>~&="})
# Streamlit rewrites some text *after* markdown escapes are resolved: ":name:" shortcodes
# and ":material/…:" icons, and " -> ", " <- ", " -- ", " >= ", " <= ", " ~= " into
# arrows and symbols. An invisible word joiner (U+2060) after each ":" and inside those
# pairs breaks the patterns without changing what the student reads.
_JOINER = "\u2060"
_PAIRS = ("->", "<-", "--", ">=", "<=", "~=")


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """`text` for st.markdown, shown exactly as written (line breaks kept; leading spaces
    of a line are not)."""
    lines = []
    for line in text.splitlines():
        line = line.strip().replace(":", ":" + _JOINER)
        for pair in _PAIRS:
            line = line.replace(pair, pair[0] + _JOINER + pair[1])
        lines.append(line.translate(_ESCAPES))
    return "  \n".join(lines)


def markdown_table(rows: list[dict[str, str]]) -> str:
    """A small table as one markdown element: far cheaper per rerun than st.dataframe
    (no pandas or Arrow), for the few rows of a unit."""
    header = list(rows[0])
    lines = [
        "| " + " | ".join(plain(h) for h in header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(plain(str(row[h])) for h in header) + " |" for row in rows),
    ]
    return "\n".join(lines)
