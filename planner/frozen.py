"""The base of every model read from a file: strict, immutable, no unknown keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from planner.messages import Lang

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


class Frozen(BaseModel):
    """Base of every catalogue object: strict, immutable, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Bilingual(Frozen):
    """A text of the file's authors (a note, how a figure is inferred) in English and French.

    The source's own words quoted inside it stay verbatim (in the source's language) in both.
    Names and descriptions are not Bilingual: they are shown as the source publishes them.
    """

    en: str = Field(min_length=1, description="In English.")
    fr: str = Field(min_length=1, description="En français.")

    @model_validator(mode="before")
    @classmethod
    def _both_languages(cls, data: object) -> object:
        if isinstance(data, str):
            raise ValueError("needs the text in both languages (keys en and fr), not one string")
        return data

    @field_validator("en", "fr")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():  # an empty translation is a missing one
            raise ValueError("is empty")
        return value

    def text(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


def in_language(text: Bilingual | None, lang: Lang) -> str | None:
    """An optional note in `lang`, None when there is none."""
    return None if text is None else text.text(lang)
