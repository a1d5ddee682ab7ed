"""Every note of every programme file is in English and in French (issue 11), and the
source's words a note quotes are the source's, verbatim, in both languages."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from planner.catalogue import Bilingual, Programme, load_catalogue, load_programme_file
from tests.unit.support import CATALOGUE_DIR, FRENCH_QUOTE, REPO_ROOT, SEEDS_DIR, notes_of

# The fictional programmes and the real ones (tests/programmes/real/).
TEST_PROGRAMMES = sorted((REPO_ROOT / "tests" / "programmes").rglob("*.yaml"))
PROGRAMMES = [*load_catalogue(CATALOGUE_DIR).programmes] + [
    load_programme_file(p) for p in TEST_PROGRAMMES
]
# Fields that hold the file authors' own words (not a name, not a published description).
NOTE_FIELDS = {"note", "notes", "rule", "where"}


def _all_notes() -> list[tuple[str, Bilingual]]:
    return [found for p in PROGRAMMES for found in notes_of(p, p.id)]


def _models(model: type[BaseModel], seen: set[type]) -> Iterator[type[BaseModel]]:
    """The model and every model its fields can hold (unions and tuples included)."""
    if model in seen:
        return
    seen.add(model)
    yield model
    for field in model.model_fields.values():
        stack = [field.annotation]
        while stack:
            kind = stack.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                yield from _models(kind, seen)
            stack.extend(typing.get_args(kind))


def _only_quoted(text: str) -> bool:
    """A text that is nothing but a quotation of the source (the same in both languages)."""
    rest = FRENCH_QUOTE.sub("", text)
    return not re.sub(r"[\s.,;:'\"]", "", rest)


def test_every_note_like_field_of_the_models_is_bilingual():
    found = []
    for model in _models(Programme, set()):
        for name, field in model.model_fields.items():
            if name in NOTE_FIELDS:
                found.append(f"{model.__name__}.{name}")
                assert "Bilingual" in str(field.annotation), f"{model.__name__}.{name}"
    # The fields issue 11 lists, so that a renamed one does not drop out of this test.
    for expected in (
        "Figure.rule",
        "Conflict.where",
        "Period.note",
        "Course.note",
        "Unit.note",
        "Bonus.note",
        "Session2.note",
        "Rules.note",
        "GradeScale.note",
        "Event.note",
        "Source.note",
        "Programme.notes",
        "MeanOfAll.note",
        "CompensationGroup.note",
    ):
        assert expected in found


def test_the_programme_files_have_notes_to_check():
    paths = [path for path, _ in _all_notes()]
    assert len(paths) > 100
    assert any(".rules.note" in p for p in paths)
    assert any(".calendar." in p for p in paths)
    assert any(".conflict.where" in p for p in paths)


@pytest.mark.parametrize(("path", "note"), _all_notes(), ids=[p for p, _ in _all_notes()])
def test_a_note_is_written_in_both_languages(path, note):
    assert note.en.strip() and note.fr.strip()
    if not _only_quoted(note.en):
        assert note.fr != note.en, f"{path}: the French is a copy of the English"
    assert note.text("fr") == note.fr and note.text("en") == note.en


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# A real programme's source is a web page: its quotes are checked against the sentences
# tests/programmes/real/README.md records (tests/unit/test_real_mcc.py).
FROM_SEEDS = [p for p in PROGRAMMES if not p.source.document.startswith("http")]


@pytest.mark.parametrize("programme", FROM_SEEDS, ids=[p.id for p in FROM_SEEDS])
def test_the_source_words_a_note_quotes_are_verbatim_in_both_languages(programme):
    seed = SEEDS_DIR / programme.source.document
    quotes = [
        (path, quote)
        for path, note in notes_of(programme, programme.id)
        for quote in FRENCH_QUOTE.findall(note.fr)
    ]
    if not quotes:
        assert not any("«" in n.fr for _, n in notes_of(programme, programme.id))
        return
    if not seed.exists():
        pytest.skip(f"seed {seed} not available")
    text = _squash(seed.read_text(encoding="utf-8"))
    english = {path: note.en for path, note in notes_of(programme, programme.id)}
    for path, quote in quotes:
        # " / " marks where the source breaks a paragraph inside the quoted words.
        for part in quote.split(" / "):
            assert part in text, f"{path}: « {part} » is not in {seed.name}"
        assert quote in english[path], f"{path}: « {quote} » is not quoted in the English"
