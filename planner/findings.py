"""A problem of a programme document, said at its field and in any language.

The models' own checks (planner.catalogue, planner.rules) raise `Problems`, a ValueError
that keeps each `Finding` (where, how bad, which text): pydantic carries it out of
validation unchanged (`ctx["error"]`), so check-catalogue, the builder's live checks
(planner.programme_checks) and `parse_programme` all read the same findings, written by one
set of checks. A nested model's findings are relative to it; whoever reads pydantic's
error puts its location in front (`under`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol, runtime_checkable

from planner import texts
from planner.limits import shorten
from planner.texts import DEFAULT_LANG, Lang

# Where in the document: keys and list positions, ("units", 2, "choose", "max").
FieldPath = tuple[str | int, ...]
Severity = Literal["error", "warning"]


@runtime_checkable
class Said(Protocol):
    """A parameter written in the language of its message (a finding inside another)."""

    def text(self, lang: Lang) -> str: ...


@dataclass(frozen=True)
class Finding:
    """One problem: its place in the document, whether the document is refused for it
    (an error) or only worth a look (a warning), and its text: an id of the message
    catalogue and its parameters."""

    path: FieldPath
    severity: Severity
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        params = {
            name: value.text(lang) if isinstance(value, Said) else value
            for name, value in self.params.items()
        }
        return texts.text(self.code, lang, **params)

    @property
    def where(self) -> str:
        """The path as check-catalogue writes it: "units.2.choose.max" ("" for the whole
        document). A key the document chose (an unknown field, a weight's course) is
        outside text: shortened, escaped."""
        return ".".join(shorten(part) for part in self.path)

    def line(self, lang: Lang = DEFAULT_LANG) -> str:
        """The finding after its path, "units.2.choose.max: …" (its text alone for the
        whole document)."""
        if not self.path:
            return self.text(lang)
        return f"{self.where}{texts.colon(lang)}{self.text(lang)}"

    def under(self, *prefix: str | int) -> Finding:
        """The finding of a nested model, placed in the document that holds it."""
        return replace(self, path=(*prefix, *self.path))


def error(code: str, path: FieldPath = (), /, **params: object) -> Finding:
    return Finding(path=path, severity="error", code=code, params=params)


def warning(code: str, path: FieldPath = (), /, **params: object) -> Finding:
    return Finding(path=path, severity="warning", code=code, params=params)


def named(ident: object) -> str:
    """An id or a name of the document inside a message, as the checks have always quoted
    it ('stage'), escaped and shortened: it is outside text."""
    return repr(shorten(ident))


class Problems(ValueError):
    """What a model's validator refuses, finding by finding. Its English text (pydantic's
    `msg`) is the findings' lines joined by "; "."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__("; ".join(f.line() for f in self.findings))


def refuse(code: str, path: FieldPath = (), /, **params: object) -> Problems:
    """One error, to raise from a validator."""
    return Problems([error(code, path, **params)])
