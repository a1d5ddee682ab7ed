"""Every text of the project (app, verdicts, Rules page, PDF, calendar file, CLI), read from
the gettext catalogues `locales/<lang>/LC_MESSAGES/planner.po`, and numbers, dates and
percentages written the language's way (Babel, CLDR data).

A message id is the text's key ("grades_title"). A text with plural forms has a
`msgid_plural` that names its count parameter ("results {n}"); the count is that parameter,
or the length of a list given for it, and the language's Plural-Forms rule picks the form
(French: 0 and 1 are singular). The catalogues are compiled in memory on first use, so the
checkout, the installed package and Community Cloud need no build step.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from importlib.resources import files
from typing import Literal, get_args

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

# The app's languages, named here only: every list of languages and every default is this.
Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "en"
DOMAIN = "planner"
PLURAL_ID = re.compile(r"(?P<key>\S+) \{(?P<count>\w+)\}")


def messages_path(lang: Lang) -> str:
    return str(files("planner") / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po")


@dataclass(frozen=True)
class Messages:
    """One language's texts, compiled ("catalogue" names the programmes' files elsewhere)."""

    translations: gettext.GNUTranslations
    counts: dict[str, str]  # msgid of a text with plural forms -> its count parameter
    ids: frozenset[str]


@cache
def messages(lang: Lang) -> Messages:
    with open(messages_path(lang), "rb") as po:
        messages = read_po(po, locale=lang, domain=DOMAIN)
    counts: dict[str, str] = {}
    for message in messages:
        if message.pluralizable:
            key, plural = message.id
            match = PLURAL_ID.fullmatch(plural)
            if match is None or match["key"] != key:
                raise ValueError(f"{lang}: msgid_plural of {key!r} must be '{key} {{count}}'")
            counts[key] = match["count"]
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    ids = frozenset(m.id[0] if m.pluralizable else m.id for m in messages if m.id)
    return Messages(gettext.GNUTranslations(compiled), counts, ids)


def count_of(value: object) -> int:
    if isinstance(value, (list, tuple)):
        return len(value)
    return int(value)  # type: ignore[call-overload]


def template(key: str, lang: Lang, params: Mapping[str, object]) -> str:
    """The text `key` in `lang`, unfilled; its plural form chosen by `params`."""
    found = messages(lang)
    if key not in found.ids:
        raise KeyError(f"no message {key!r} in the {lang} catalogue")
    count = found.counts.get(key)
    if count is None:
        return found.translations.gettext(key)
    return found.translations.ngettext(key, key, count_of(params[count]))


def text(key: str, lang: Lang, /, **params: object) -> str:
    """The text `key` in `lang`, with its parameters filled in (`{name}`); a number given
    as a parameter is written the language's way ("3 797", "12,5")."""
    found = template(key, lang, params)
    if not params:
        return found
    return found.format(**{name: _shown(value, lang) for name, value in params.items()})


def _shown(value: object, lang: Lang) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        return value
    return decimal(value, 2, lang)


def templates(lang: Lang) -> dict[str, tuple[str, ...]]:
    """Every text of the catalogue, unfilled: msgid -> its forms (one, or one per plural form)."""
    with open(messages_path(lang), "rb") as po:
        messages = read_po(po, locale=lang, domain=DOMAIN)
    return {
        (m.id[0] if m.pluralizable else m.id): (
            tuple(m.string) if m.pluralizable else (m.string,)  # type: ignore[arg-type]
        )
        for m in messages
        if m.id
    }


def colon(lang: Lang) -> str:
    """French puts a space before the colon (a no-break one would be better typography,
    but a plain one wraps the same in every font)."""
    return " : " if lang == "fr" else ": "


def semicolon(lang: Lang) -> str:
    return " ; " if lang == "fr" else "; "


def quoted(words: str) -> str:
    """The source's own words between guillemets, held to them by no-break spaces: a
    line never starts with the closing one."""
    return f"«\u00a0{words}\u00a0»"


def language_name(lang: Lang) -> str:
    """A language named in itself, as a language picker shows it: 'English', 'Français'."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


# --- numbers, percentages and dates, the language's way -------------------------------


@lru_cache(maxsize=8192)
def decimal(value: float | Fraction, places: int, lang: Lang) -> str:
    """At most `places` decimals, no trailing zeros: '12,5' in French, '12.5' in English."""
    rounded = round(float(value), places)
    if rounded == 0:
        rounded = 0.0  # never "-0"
    return format_decimal(rounded, format="#,##0." + "#" * places, locale=lang)


def percent(share: float, lang: Lang) -> str:
    """A probability as people read it: '72 %' (French), '72%' (English); never 0 % or
    100 % for what is only very unlikely or very likely ('< 1 %', '> 99 %')."""
    if 0 < share < 0.01:
        return "< " + format_percent(0.01, locale=lang)
    if 0.99 < share < 1:
        return "> " + format_percent(0.99, locale=lang)
    return format_percent(share, locale=lang)


def long_date(day: dt.date, lang: Lang) -> str:
    """'2 September 2024' / '2 septembre 2024'; French writes the first of a month '1er'."""
    if lang == "fr" and day.day == 1:
        return "1er " + format_date(day, "MMMM y", locale=lang)
    return format_date(day, "d MMMM y", locale=lang)


def short_date(day: dt.date, lang: Lang) -> str:
    """'Sep 2, 2024' / '2 sept. 2024' ('1er sept. 2024')."""
    if lang == "fr" and day.day == 1:
        return "1er " + format_date(day, "MMM y", locale=lang)
    return format_date(day, "medium", locale=lang)


def month_name(day: dt.date, lang: Lang) -> str:
    """'Sep' / 'sept.' (a month on an axis, with its year on a line of its own)."""
    return format_date(day, "MMM", locale=lang)
