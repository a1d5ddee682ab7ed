"""What "no sentence of the other language" means on a page, from the message catalogue:
the literal stretches of each text (between its placeholders) that only that language
writes, at least three words long, and the catalogue's own notes in that language. The
programmes' own words (names, descriptions, quoted source sentences) are as published,
in the source's language, and are left out of the check."""

from __future__ import annotations

import re
import string
from functools import cache

from pydantic import BaseModel

from planner.catalogue import load_catalogue
from planner.texts import LANGS, Lang, templates

MIN_WORDS = 3
MIN_CHARS = 15


MARKUP = str.maketrans("", "", "*`\\")  # markdown the page draws, not shows


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").translate(MARKUP).split())


def _stretches(template: str) -> list[str]:
    literal = [text for text, _, _, _ in string.Formatter().parse(template)]
    out = []
    for part in literal:
        part = _plain(part).strip(" .,;:()«»—–-")
        if len(part) >= MIN_CHARS and len(part.split()) >= MIN_WORDS:
            out.append(part)
    return out


def _notes(value: object, lang: Lang) -> list[str]:
    """Every text in `lang` of a programme's notes (objects with an `en` and a `fr`)."""
    if isinstance(value, BaseModel):
        if {"en", "fr"} <= set(type(value).model_fields):
            return [getattr(value, lang)]
        return [
            n for field in type(value).model_fields for n in _notes(getattr(value, field), lang)
        ]
    if isinstance(value, (tuple, list)):
        return [n for item in value for n in _notes(item, lang)]
    return []


@cache
def foreign_sentences(page_lang: Lang) -> tuple[str, ...]:
    """Stretches of text that must not appear on a page in `page_lang`."""
    (other,) = [lang for lang in LANGS if lang != page_lang]
    mine = "\n".join(form for forms in templates(page_lang).values() for form in forms)
    found = {
        stretch
        for forms in templates(other).values()
        for form in forms
        for stretch in _stretches(form)
        if stretch not in mine
    }
    for programme in load_catalogue().programmes:
        ours = set(_notes(programme, page_lang))
        for note in _notes(programme, other):
            if note not in ours:
                # A note's first clause stands for it (the rest may quote the source).
                head = _plain(re.split(r"[.:;«]", note)[0]).strip()
                if len(head) >= MIN_CHARS and len(head.split()) >= MIN_WORDS:
                    found.add(head)
    return tuple(sorted(found))


def _source_words(value: object) -> list[str]:
    """The programmes' own words, in the source's language: names, descriptions, quoted
    sentences (every plain text of the model, not a note in both languages)."""
    if isinstance(value, str):
        return [value] if len(value) >= MIN_CHARS else []
    if isinstance(value, BaseModel):
        if {"en", "fr"} <= set(type(value).model_fields):
            return []
        fields = type(value).model_fields
        return [w for field in fields for w in _source_words(getattr(value, field))]
    if isinstance(value, (tuple, list)):
        return [w for item in value for w in _source_words(item)]
    return []


@cache
def source_words() -> tuple[str, ...]:
    words = {_plain(w) for p in load_catalogue().programmes for w in _source_words(p)}
    return tuple(sorted(words, key=len, reverse=True))


def foreign_on_page(text: str, page_lang: Lang) -> list[str]:
    shown = _plain(text)
    for words in source_words():  # quoted as published, in the source's language
        shown = shown.replace(words, " | ")
    return [s for s in foreign_sentences(page_lang) if s in shown]
