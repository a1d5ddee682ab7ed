"""The app's texts: the project's one message catalogue (`planner.texts`, locales/*.po).
Course and unit names stay as published."""

from __future__ import annotations

from planner.texts import colon, semicolon, text

__all__ = ["colon", "semicolon", "t"]

t = text
