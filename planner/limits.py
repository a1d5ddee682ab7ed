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
# Collections nested deeper than this are not a programme file (the shipped ones nest 5
# deep): PyYAML's C composer recurses once per level, without Python's recursion limit,
# and ends the process with a segmentation fault on a few thousand levels, whether they
# are flow ("[[[[", "{{{{") or block ("- - - x", "? ? ? x", indentation).
MAX_YAML_DEPTH = 40
# An alias ("*a") repeats a whole subtree: a few hundred of them, each naming a list of
# aliases, expand a 200 KB file into gigabytes once validated. Programme files use none.
MAX_YAML_ALIASES = 100


class TooLarge(ValueError):
    """More bytes than the cap allows."""


class TooComplex(ValueError):
    """A YAML text nested too deeply or with too many aliases to be parsed safely."""


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
    an ellipsis when cut. Never cuts inside a word unless the first word is too long.
    Control characters are escaped (see `escape_controls`)."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return escape_controls(flat)
    cut = flat[: limit + 1]
    space = cut.rfind(" ")
    head = cut[:space] if space > limit // 2 else flat[:limit]
    return escape_controls(head.rstrip(" ,.;:")) + "…"


def escape_controls(text: str) -> str:
    """`text` with its control characters (C0, DEL, C1) and bidirectional overrides written
    as escapes, as `repr` writes them (ESC as "\\x1b", a right-to-left override as
    "\\u202e"): outside text echoed on a terminal can neither colour it, move its cursor nor
    reorder what it shows. Every other character (accents, no-break spaces, the joiners of
    emoji) is kept."""
    if text.isprintable():  # the usual case, in one C call
        return text
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """Outside text inside one of our messages: shortened and put between quotes."""
    return f"“{shorten(text, limit)}”"


def check_yaml_shape(text: str, loader: type) -> None:
    """Raise TooComplex when `text` nests more than MAX_YAML_DEPTH levels or has more than
    MAX_YAML_ALIASES aliases, before anything builds its tree.

    Walks libyaml's token stream (`loader`'s scanner: iterative, so a 100 000-level file
    costs a few milliseconds and no stack) and stops at the first token over a bound. A
    collection opens with a *StartToken and closes with a BlockEndToken or a
    Flow*EndToken, block ("- - x", "? x", indentation) and flow ("[", "{") alike. A block
    sequence written at its key's indentation opens no token: the count is then at most
    half the real depth, still thousands of levels short of a crash. Scanner errors
    (yaml.YAMLError) are left to the caller, as parsing would raise them."""
    import yaml  # here: the readers of scenarios and links never need it

    opens = (
        yaml.BlockSequenceStartToken,
        yaml.BlockMappingStartToken,
        yaml.FlowSequenceStartToken,
        yaml.FlowMappingStartToken,
    )
    closes = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
    depth = aliases = 0
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, opens):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = token.start_mark.line + 1
                raise TooComplex(f"nested more than {MAX_YAML_DEPTH} levels deep (line {line})")
        elif isinstance(token, closes):
            depth -= 1
        elif isinstance(token, yaml.AliasToken):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                line = token.start_mark.line + 1
                raise TooComplex(
                    f"more than {MAX_YAML_ALIASES} aliases (line {line}), not a programme file"
                )


# A programme a person built in the app (planner.own), as its plan carries it in a link,
# a saved plan file and the browser's copy: bounded so that a plan stays quick to read
# and to judge, far above any real M2 (the shipped ones have 13 and 49 courses, a few
# groups, 2 tracks, 5 options; a name is a line).
MAX_OWN_UNITS = 60
MAX_OWN_COURSES = 200
MAX_OWN_GROUPS = 30  # compensation groups
MAX_OWN_TRACKS = 20
MAX_OWN_OPTIONS = 40
MAX_OWN_NAME_CHARS = 200
MAX_OWN_BYTES = 96 * 1024  # the programme document, as compact JSON (UTF-8); M2 IM copied is 78 KB
