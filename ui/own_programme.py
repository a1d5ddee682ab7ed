"""The programmes a student brings: built on the "My programme" page, or opened from a link
or a plan file someone shared. Each is an ordinary programme document (the mapping a
catalogue file holds), read by the same parse as a shipped file; every page then works on
it as on a shipped one (ui.state.catalogue() lists it). Kept in the session, in the
browser's own copy (the draft being built) and in every link and plan file of a plan on it:
never on the server's disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from planner import draft as drafts
from planner.catalogue import Catalogue, CatalogueError, Programme
from planner.limits import MAX_OWN_NAME_CHARS
from planner.own import copy_document, programme_yaml, read_own
from planner.programme_checks import Finding, check_document
from planner.scenario import Scenario, ScenarioError
from ui import browser_store
from ui.i18n import t
from ui.session import lang, store

Origin = Literal["built", "shared"]


@dataclass(frozen=True)
class Own:
    """A programme not shipped, as this session uses it."""

    document: dict[str, Any]  # what links and plan files carry
    programme: Programme
    digest: str  # of the document: what the caches computed from it are keyed by
    origin: Origin  # built here, or opened from someone's link or file


@dataclass(frozen=True)
class Draft:
    """The programme the "My programme" page edits, as last edited: valid or not yet.
    While it is not, the pages use the last version that was (its Own)."""

    document: dict[str, Any]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @cached_property
    def file_text(self) -> str | None:
        """The programme as its file (planner.own.programme_yaml), or None while it has
        problems. Written once per draft, not on each rerun of the page (62 ms for a copy
        of M2 IM)."""
        if self.errors:
            return None
        try:
            return programme_yaml(self.document)
        except CatalogueError:
            return None

    @cached_property
    def stored_text(self) -> str:
        """The draft as the browser's copy keeps it (ui.browser_store.draft_text), once."""
        return browser_store.draft_text(self.document) or ""

    @property
    def programme_id(self) -> str:
        ident = self.document.get("id")
        return ident if isinstance(ident, str) else ""


def digest(document: dict[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def with_own(shipped: Catalogue) -> Catalogue:
    """The shipped programmes and this session's own, after them."""
    own = store().own_programmes
    if not own:
        return shipped
    taken = set(shipped.ids)
    extra = tuple(o.programme for o in own.values() if o.programme.id not in taken)
    # Every programme in it is validated already: no second validation of the whole.
    return Catalogue.model_construct(programmes=shipped.programmes + extra)


def own(programme_id: str | None) -> Own | None:
    if programme_id is None:
        return None
    found = store().own_programmes.get(programme_id)
    return found if isinstance(found, Own) else None


def cache_key(programme: Programme) -> str:
    """What a computation shared between sessions is keyed by: a shipped programme's id, or
    an own programme's id and content (two students' "my-programme" differ)."""
    found = own(programme.id)
    return programme.id if found is None else f"{programme.id}@{found.digest}"


def _keep(document: dict[str, Any], programme: Programme, origin: Origin) -> Own:
    kept = Own(document=document, programme=programme, digest=digest(document), origin=origin)
    plan = store()
    plan.own_programmes = {**plan.own_programmes, programme.id: kept}
    return kept


def edit(document: dict[str, Any]) -> Draft:
    """The builder's document as just edited: checked; valid, it becomes the programme
    every page uses (built here)."""
    programme, findings = check_document(document)
    if programme is not None and not any(f.severity == "error" for f in findings):
        try:
            programme = read_own(document)
        except ScenarioError as error:
            findings = [
                *findings,
                Finding(path=(), severity="error", code=error.key, params=error.params),
            ]
            programme = None
    if programme is not None and not any(f.severity == "error" for f in findings):
        _keep(document, programme, "built")
    elif (kept := own(current_id(document))) is not None and kept.origin == "shared":
        # Its last valid version came back through this browser's link before the draft
        # did (a reload): it is the student's own all the same.
        _keep(kept.document, kept.programme, "built")
    current = Draft(document=document, findings=tuple(findings))
    store().draft = current
    return current


def current_id(document: dict[str, Any]) -> str | None:
    ident = document.get("id")
    return ident if isinstance(ident, str) else None


def draft() -> Draft | None:
    found = store().draft
    return found if isinstance(found, Draft) else None


def start_blank(today: dt.date | None = None) -> Draft:
    """A new programme with nothing in it (it replaces the one being built: the page asks
    first). Its id is new, so the programme built before stays usable by its plans."""
    document = drafts.blank(lang(), today or dt.date.today())
    document["id"] = drafts.slug("my-programme", _taken_ids(), "my-programme")
    return edit(document)


def start_from(programme: Programme) -> Draft:
    """Edit a copy of a programme (shipped or shared): its file's mapping under a new id."""
    copied = copy_document(programme, drafts.slug(f"my-{programme.id}", _taken_ids(), "my"))
    # Named as a copy: the listed programme and the copy side by side in the sidebar's list
    # are told apart (the student renames it at will).
    copied["name"] = t("builder.copy_name", lang(), programme=programme.name)[:MAX_OWN_NAME_CHARS]
    return edit(copied)


def start_from_document(document: dict[str, Any]) -> Draft:
    """Edit a programme opened from its file: entered by a person from now on, under an id
    no other programme here has (a shipped programme's file opened keeps reading as it)."""
    wanted = document.get("id")
    taken = [i for i in _taken_ids() if own(i) is None or own(i).origin != "built"]  # type: ignore[union-attr]
    ident = wanted if isinstance(wanted, str) and wanted not in taken else None
    if ident is None:
        ident = drafts.slug(
            f"my-{wanted}" if isinstance(wanted, str) else "my-programme", taken, "my"
        )
    return edit({**document, "id": ident, "origin": "entered"})


def _taken_ids() -> list[str]:
    from ui.state import catalogue

    return list(catalogue().ids)


def shared(scenario: Scenario) -> tuple[Scenario, Programme]:
    """The programme a plan opened from a link or a file carries, read (raises
    ScenarioError), and the plan naming it; nothing kept yet (keep_shared()). A programme
    of the same id already here and different is not replaced: the shared one gets an id
    of its own."""
    document = scenario.own_programme
    assert document is not None
    mine = own(scenario.programme)
    if mine is not None and mine.digest == digest(document):
        return scenario, mine.programme  # this browser's own programme, as it is
    if mine is not None:
        new_id = drafts.slug(f"{scenario.programme}-shared", _taken_ids(), "shared")
        document = {**document, "id": new_id}
        scenario = scenario.model_copy(update={"programme": new_id, "own_programme": document})
    return scenario, read_own(document)


def keep_shared(scenario: Scenario, programme: Programme) -> None:
    """Keep the programme of a plan just opened (shared(), then checked)."""
    assert scenario.own_programme is not None
    mine = own(programme.id)
    if mine is None or mine.digest != digest(scenario.own_programme):
        _keep(scenario.own_programme, programme, "shared")


def origin_of(programme: Programme | None) -> Origin | None:
    found = own(programme.id) if programme is not None else None
    return found.origin if found is not None else None
