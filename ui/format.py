"""How figures, statuses and verdicts read on a page."""

from __future__ import annotations

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
