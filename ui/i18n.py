"""The app's texts: the project's one message catalogue (`planner.texts`, locales/*.po).
Course and unit names stay as published."""

from __future__ import annotations

from planner.texts import Lang, text

__all__ = ["colon", "t"]

t = text


def colon(lang: Lang) -> str:
    """French puts a space before the colon."""
    return " : " if lang == "fr" else ": "
