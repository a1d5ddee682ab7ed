"""The base of every model read from a file: strict, immutable, no unknown keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, cached_property
from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.findings import refuse
from planner.texts import LANGS

if TYPE_CHECKING:
    from planner.messages import Lang

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]

# Bounds on the numbers of a programme file. Every number is finite (no .inf, .nan). A
# grade scale is /20 in France, /100 elsewhere: 1000 leaves room for any real one while
# thresholds, floors and grades stay exact as fractions and far from float overflow in
# the odds' sums (1e308 as a scale passed validation and crashed the evaluation).
MAX_GRADE_SCALE = 1000
# A coefficient of a weighted mean or of a compensation group: MCCs use small integers.
MAX_WEIGHT = 1000
# A count (courses to choose, the k best, a teaching block's number): a unit has a few
# dozen courses at most.
MAX_COUNT = 1000
# An ECTS or hours figure: a whole degree is 300 ECTS at most and a year has 8 760 hours,
# so 10 000 is no real figure's limit, while a total over a few hundred courses stays
# exact as a float (1e308 ECTS made the totals infinite: "Infinity" in --json output).
MAX_FIGURE = 10_000


# C0 controls (a line break, ESC), DEL and C1 controls, and the Unicode line separators.
_BREAKS_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and line feed kept


def _one_line(text: str) -> str:
    """A name is shown on one line: in a list, as a calendar's event, on a terminal. A line
    break or another control character in it (a line break in a programme's name ended the
    `calendar` command with a traceback) is refused, with the field's path."""
    if found := _BREAKS_A_LINE.search(text):
        char = found.group()
        if char in "\n\r\x85\u2028\u2029":
            raise refuse("check.name_line_break")
        raise refuse("check.name_control", code=_code(char))
    return text


def _text(text: str) -> str:
    """A text of several lines (a description, a note): line breaks and tabs are kept,
    other control characters (a terminal's escape sequences) refused."""
    if found := _CONTROL.search(text):
        raise refuse("check.text_control", code=_code(found.group()))
    return text


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


OneLine = Annotated[str, AfterValidator(_one_line)]
Text = Annotated[str, AfterValidator(_text)]


class Frozen(BaseModel):
    """Base of every catalogue object: strict, immutable, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, without the lookup tables (`cached_property`) of the original.

        A cached_property keeps its value in the instance's `__dict__`, which pydantic's
        model_copy copies with the fields: a copy with other courses or rules would answer
        from the original's tables. It builds its own on first use instead."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _lookup_tables(type(self)):
            copied.__dict__.pop(name, None)
        return copied


@cache  # once per model class: the minimums copy rules in their inner loops
def _lookup_tables(model: type[Frozen]) -> tuple[str, ...]:
    """The names of a model class's cached properties, its own and inherited."""
    return tuple(
        name
        for klass in model.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, cached_property)
    )


class Bilingual(Frozen):
    """A text of the file's authors (a note, how a figure is inferred) in English and French.

    The source's own words quoted inside it stay verbatim (in the source's language) in both.
    Names and descriptions are not Bilingual: they are shown as the source publishes them.
    """

    en: Text = Field(min_length=1, description="In English.")
    fr: Text = Field(min_length=1, description="En français.")

    @model_validator(mode="before")
    @classmethod
    def _both_languages(cls, data: object) -> object:
        if isinstance(data, str):
            raise refuse("check.bilingual_one_string")
        return data

    @field_validator(*LANGS)
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():  # an empty translation is a missing one
            raise refuse("check.empty_translation")
        return value

    def text(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


def in_language(text: Bilingual | None, lang: Lang) -> str | None:
    """An optional note in `lang`, None when there is none."""
    return None if text is None else text.text(lang)
