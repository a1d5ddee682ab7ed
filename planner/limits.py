"""Bounds on what the planner reads from outside, checked before anything is parsed.

Every reader (a scenario file or stdin, a link, a programme file) reads at most its cap
plus one byte, so `/dev/zero` or a sparse 1 GB file is refused after 64 KB, not after
memory runs out. Quoted input is cut short at a word boundary, so an error line stays
readable and an attacker's text cannot fill the screen.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

QUOTE_CHARS = 40
# Flow collections ("[[[[" or "{{{{") nested deeper than this are not a programme file:
# libyaml's C loader recurses on them and crashes the process on a few thousand levels.
MAX_YAML_DEPTH = 40


class TooLarge(ValueError):
    """More bytes than the cap allows."""


def read_at_most(source: Path | BinaryIO, cap: int) -> bytes:
    """The bytes of `source`, or TooLarge when it holds more than `cap` bytes. Reads at
    most cap + 1 bytes whatever the source (a pipe, a device, a huge file)."""
    if isinstance(source, Path):
        with source.open("rb") as stream:
            data = stream.read(cap + 1)
    else:
        data = source.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(f"larger than {kilobytes(cap)}")
    return data


def kilobytes(size: int) -> str:
    return f"{size // 1024} KB"


def shorten(text: object, limit: int = QUOTE_CHARS) -> str:
    """`text` on one line, cut at the last word boundary before `limit` characters, with
    an ellipsis when cut. Never cuts inside a word unless the first word is too long."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1]
    space = cut.rfind(" ")
    head = cut[:space] if space > limit // 2 else flat[:limit]
    return head.rstrip(" ,.;:") + "…"


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """Outside text inside one of our messages: shortened and put between quotes."""
    return f"“{shorten(text, limit)}”"


_FLOW = re.compile(r"[\[\]{}]")


def flow_depth(text: str) -> int:
    """The deepest nesting of YAML flow brackets. Brackets inside quoted strings count
    too: an over-estimate, harmless at the bound used (no programme nests 40 deep)."""
    depth = deepest = 0
    for match in _FLOW.finditer(text):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest
