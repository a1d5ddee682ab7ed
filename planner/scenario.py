"""The one scenario format: the CLI input, the downloaded file and the share link.

JSON form: a versioned object (`"format": "m2-planner-scenario", "version": 2`; both keys
optional on input so that hand-written files stay short; version 1, without `saved`, is
still read). Version 2 adds `saved`: the student's named scenarios, so a downloaded file
keeps them too. Version 3 adds `own_programme`: the programme a person built in the app
(planner.own), carried by the plan (and by a saved plan); a file is written as version 3
only when a plan in it carries one, so that every other file reads as before, in this
app and in an older one. URL form: the compact JSON without `saved`, zlib-compressed,
base64url-encoded, prefixed with "v1.".
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import zlib
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from planner import texts
from planner.catalogue import Programme
from planner.limits import MAX_OWN_BYTES, quote
from planner.rules.absence import JUSTIFIED
from planner.rules.components import graded, split_key
from planner.texts import DEFAULT_LANG, Lang

FORMAT_NAME = "m2-planner-scenario"
SCENARIO_VERSION = 2
OWN_PROGRAMME_VERSION = 3  # the version of a file where a plan carries its programme
MAX_SAVED = 4  # side by side on the Compare page, without scrolling
MAX_SAVED_NAME = 30
URL_PREFIX = "v1."
# A plan is about 2 KB; one carrying its programme adds that programme (a realistic
# 40-course one is about 11 KB as JSON, the largest MAX_OWN_BYTES), and a file holds the
# plan and up to MAX_SAVED saved ones, each of which may carry one: this holds a plan with
# the largest programme, or five plans each with a realistic one. Anything larger is not
# ours.
MAX_JSON_BYTES = MAX_OWN_BYTES + 32 * 1024
# A link is read from the address bar: browsers keep far longer addresses (Chrome up to
# 2 MB), but a server or proxy on the way may refuse a request line over 8 KB (nginx's
# and Apache's default limits), so a longer link may never reach the app. A plan
# carrying a programme too large for it is shared as a file (Scenario.link_fits).
MAX_URL_CHARS = 8 * 1024
MAX_GRADES = 500

CourseId = Annotated[str, Field(min_length=1, max_length=80)]


def _as_it_is(grade: object) -> object:
    return grade


# A grade: a number, None for an absence, or "ABJ" for a justified absence (what it means
# is the programme's: planner.rules.absence). Written as it is: a union's serializer would
# warn about an integer (a copy made with model_copy, which does not validate).
Grade = Annotated[float | Literal["ABJ"] | None, PlainSerializer(_as_it_is)]


class ScenarioError(ValueError):
    """A scenario that cannot be read or does not fit its programme: one clear line, the
    message `key` of the catalogue (`refusal.…`), written in any language when shown."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        values = {
            name: value.text(lang) if isinstance(value, ScenarioError) else value
            for name, value in self.params.items()
        }
        return texts.text(self.key, lang, **values)

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)


# pydantic's stable error types -> the refusal that says it (pydantic's own wording is
# English only); any other type reads "not accepted".
PYDANTIC_REFUSALS = {
    "missing": "refusal.missing",
    "extra_forbidden": "refusal.extra_forbidden",
    "string_too_short": "refusal.too_short",
    "too_short": "refusal.too_short",
    "string_too_long": "refusal.string_too_long",
    "too_long": "refusal.too_long",
    "literal_error": "refusal.literal_error",
    "greater_than_equal": "refusal.greater_than_equal",
    "less_than_equal": "refusal.less_than_equal",
    "float_type": "refusal.not_a_number",
    "float_parsing": "refusal.not_a_number",
    "int_type": "refusal.not_a_number",
    "int_parsing": "refusal.not_a_number",
    "finite_number": "refusal.not_a_number",
    "string_type": "refusal.not_text",
    "dict_type": "refusal.not_an_object",
    "model_type": "refusal.not_an_object",
    "model_attributes_type": "refusal.not_an_object",
    "tuple_type": "refusal.not_a_list",
    "list_type": "refusal.not_a_list",
    "bool_type": "refusal.not_true_or_false",
    "bool_parsing": "refusal.not_true_or_false",
}


class Parameters(BaseModel):
    """Rule parameters a student or advisor may change (all default to the programme's)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bonus_rate: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    session2_policy: Literal["replace", "keep_best"] | None = None
    # The rules a student says apply, for a programme whose rules are assumed
    # (planner.presets): a preset, and the threshold, course floor and compensation.
    rules_preset: (
        Literal[
            "each-unit-no-compensation", "year-compensation-by-ects", "courses-weighted-by-ects"
        ]
        | None
    ) = None
    threshold: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    course_floor: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    compensation: bool | None = None


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["m2-planner-scenario"] = FORMAT_NAME
    version: Literal[1, 2, 3] = SCENARIO_VERSION
    programme: str = Field(min_length=1, max_length=80)
    track: str | None = Field(default=None, max_length=80)
    option: str | None = Field(default=None, max_length=80)
    choices: tuple[CourseId, ...] = Field(default=(), max_length=MAX_GRADES)
    grades: dict[CourseId, Grade] = Field(default_factory=dict)
    session2_grades: dict[CourseId, Grade] = Field(default_factory=dict)
    parameters: Parameters = Parameters()
    saved: tuple[SavedPlan, ...] = Field(default=(), max_length=MAX_SAVED)
    # The programme document a person built in the app (planner.own), when the plan is
    # of that programme rather than of a shipped one: `programme` is its id.
    own_programme: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _own_programme_reads(self) -> Scenario:
        if self.carries_programme:
            # The version it is written with (below), so that a plan read back from its
            # file or link equals the plan written. Set once, while it is being built.
            object.__setattr__(self, "version", OWN_PROGRAMME_VERSION)
        if self.own_programme is not None:
            # Here, not at the top: planner.own reads scenarios too.
            from planner.own import read_own

            carried = read_own(self.own_programme)
            if carried.id != self.programme:
                raise ScenarioError(
                    "refusal.own_programme_other_id",
                    id=carried.id,
                    programme=quote(self.programme),
                )
        return self

    @field_serializer("version")
    def _written_version(self, version: int) -> int:
        """Version 3 where a plan of the file carries its programme (older apps then say
        the file is of a later version; a copy made with model_copy, not validated, says
        it too); else the version read, as before."""
        return OWN_PROGRAMME_VERSION if self.carries_programme else version

    @property
    def carries_programme(self) -> bool:
        """Whether this plan, or one of its saved plans, carries its own programme."""
        return self.own_programme is not None or any(
            s.plan.own_programme is not None for s in self.saved
        )

    @field_validator("saved", mode="after")
    @classmethod
    def _saved_plans_are_flat(cls, value: tuple[SavedPlan, ...]) -> tuple[SavedPlan, ...]:
        if any(s.plan.saved for s in value):
            raise ScenarioError("refusal.saved_nested")
        if len({s.name for s in value}) < len(value):
            raise ScenarioError("refusal.saved_same_name")
        return value

    def without_saved(self) -> Scenario:
        return self.model_copy(update={"saved": ()}) if self.saved else self

    @field_validator("grades", "session2_grades", mode="before")
    @classmethod
    def _grades_are_numbers(cls, value: object) -> object:
        # Refuse text, booleans and NaN before pydantic would coerce "12" or True.
        if not isinstance(value, dict):
            return value
        if len(value) > MAX_GRADES:
            raise ScenarioError("refusal.too_many_grades", most=MAX_GRADES)
        for course, grade in value.items():
            if grade is None or grade == JUSTIFIED:
                continue
            if isinstance(grade, bool) or not isinstance(grade, (int, float)):
                raise ScenarioError(
                    "refusal.grade_not_number", course=quote(course), value=quote(grade)
                )
            if isinstance(grade, int) and abs(grade) > 10**9:
                raise ScenarioError("refusal.grade_implausible", course=quote(course))
            if not math.isfinite(grade):
                raise ScenarioError("refusal.grade_not_finite", course=quote(course))
        return value

    @field_validator("choices", mode="after")
    @classmethod
    def _choices_unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))

    # --- forms -----------------------------------------------------------------------
    def to_json(self, indent: int | None = 2) -> str:
        """The file form, indented for a person to read, except where a plan carries its
        programme: that is written on one line, since indenting a programme's nested
        mappings would double the file, past what a file may hold (MAX_JSON_BYTES)."""
        if self.carries_programme:
            indent = None
        return json.dumps(
            self.model_dump(mode="json"), ensure_ascii=False, indent=indent, sort_keys=False
        )

    def to_url(self) -> str:
        """The share link's token. Raises ScenarioError (refusal.link_programme_too_big)
        for a plan whose programme makes it longer than a link can be: it is shared as a
        file instead."""
        token = self._token()
        if self.own_programme is not None and len(token) > MAX_URL_CHARS:
            raise ScenarioError("refusal.link_programme_too_big", kb=MAX_URL_CHARS // 1024)
        return token

    def link_fits(self) -> bool:
        """Whether this plan fits in a link (MAX_URL_CHARS), its programme included."""
        return len(self._token()) <= MAX_URL_CHARS

    def stored_token(self) -> str:
        """The plan compressed as a link's token, whatever its length: the browser's own
        copy of the plan drawn (localStorage holds far more than an address), so that a
        reload brings back a plan whose programme is too large for a link."""
        return self._token()

    def _token(self) -> str:
        data = self.model_dump(mode="json", exclude_defaults=True)
        data.pop("format", None)
        data.pop("saved", None)  # a link is one plan; the file keeps the saved ones
        compact = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        packed = zlib.compress(compact.encode("utf-8"), level=9)
        return URL_PREFIX + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")

    @classmethod
    def from_data(cls, data: object) -> Scenario:
        if not isinstance(data, dict):
            raise ScenarioError("refusal.not_object")
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            # The location names keys the input chose: quoted, like any outside text.
            where = ".".join(_location(p) for p in first["loc"]) or "scenario"
            ctx = first.get("ctx", {})
            reason = ctx.get("error")
            if not isinstance(reason, ScenarioError):
                key = PYDANTIC_REFUSALS.get(first["type"], "refusal.invalid")
                reason = ScenarioError(key, **{k: v for k, v in ctx.items() if k != "error"})
            raise ScenarioError("refusal.at", where=where, reason=reason) from None

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        if len(text) > MAX_JSON_BYTES:
            raise ScenarioError("refusal.too_large", kb=MAX_JSON_BYTES // 1024)
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise ScenarioError("refusal.not_utf8") from None
        # A byte-order mark, as Notepad saves UTF-8: not part of the JSON, so not an error.
        text = text.removeprefix("\ufeff")
        if not text.strip():
            raise ScenarioError("refusal.empty")
        try:
            data = json.loads(
                text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicate_keys
            )
        except ScenarioError:
            raise
        except json.JSONDecodeError as error:
            raise ScenarioError(
                "refusal.not_json_at", line=error.lineno, column=error.colno
            ) from None
        except (ValueError, RecursionError):  # the 4300-digit limit, nesting
            raise ScenarioError("refusal.not_json") from None
        return cls.from_data(data)

    @classmethod
    def from_url(cls, token: str, max_chars: int = MAX_URL_CHARS) -> Scenario:
        """A plan from a link's token; `max_chars`: a token the browser kept itself
        (stored_token) may be longer than a link."""
        if len(token) > max_chars:
            raise ScenarioError("refusal.link_too_long")
        if not token.startswith(URL_PREFIX):
            raise ScenarioError("refusal.link_other_version")
        body = token[len(URL_PREFIX) :]
        try:
            packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            decompressor = zlib.decompressobj()
            raw = decompressor.decompress(packed, MAX_JSON_BYTES + 1)
        except (binascii.Error, ValueError, zlib.error):
            raise ScenarioError("refusal.link_damaged") from None
        if len(raw) > MAX_JSON_BYTES or decompressor.unconsumed_tail:
            raise ScenarioError("refusal.link_too_big")
        if not decompressor.eof or decompressor.unused_data:
            raise ScenarioError("refusal.link_cut")
        return cls.from_json(raw)


class SavedPlan(BaseModel):
    """One of the student's named scenarios, as kept in a downloaded file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=MAX_SAVED_NAME)
    plan: Scenario


Scenario.model_rebuild()

_FIELDS = (
    frozenset(Scenario.model_fields)
    | frozenset(SavedPlan.model_fields)
    | frozenset(Parameters.model_fields)
)


def _location(part: object) -> str:
    """A field of ours as is; a key the input chose (an extra key, a course id) quoted."""
    text = str(part)
    return text if text in _FIELDS or isinstance(part, int) else quote(text)


def _refuse_constant(name: str) -> object:
    raise ScenarioError("refusal.constant", name=name)


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object, refusing a key given twice: JSON would silently keep the last one (a
    second grade for the same course), as programme files refuse it too."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise ScenarioError("refusal.duplicate_key", name=quote(key))
        seen.add(key)
    return dict(pairs)


# The refusals of a missing, impossible or unknown track (option), in that order.
TRACK_REFUSALS = ("refusal.track_required", "refusal.no_tracks", "refusal.unknown_track")
OPTION_REFUSALS = ("refusal.option_required", "refusal.no_options", "refusal.unknown_option")


def check_against(programme: Programme, scenario: Scenario) -> None:
    """Raise ScenarioError for what cannot be evaluated: unknown ids, grades off the scale.

    Softer problems (a choice count, a grade for a course outside the plan) are reported
    by the evaluation instead, so that a half-made plan still shows what it can.
    """
    if scenario.programme != programme.id:
        raise ScenarioError(
            "refusal.other_programme",
            programme=quote(scenario.programme),
            expected=repr(programme.id),
        )
    track_ids = [t.id for t in programme.tracks]
    option_ids = [o.id for o in programme.options]
    for value, ids, (required, none, unknown) in (
        (scenario.track, track_ids, TRACK_REFUSALS),
        (scenario.option, option_ids, OPTION_REFUSALS),
    ):
        if ids and value is None:
            raise ScenarioError(required, programme=programme.id, ids=", ".join(ids))
        if value is not None and value not in ids:
            if not ids:
                raise ScenarioError(none, value=quote(value), programme=programme.id)
            raise ScenarioError(unknown, value=quote(value), ids=", ".join(ids))
    for field, ids in (
        ("choices", scenario.choices),
        ("grades", scenario.grades),
        ("session2_grades", scenario.session2_grades),
    ):
        for name in ids:
            course, component = split_key(name) if field != "choices" else (name, None)
            if not programme.has_course(course):
                raise ScenarioError(
                    "refusal.unknown_course",
                    field=field,
                    course=quote(course),
                    programme=programme.id,
                )
            if component is not None:
                _check_component(programme, scenario, field, course, component)
    scale = programme.grade_scale
    for field, grades in (
        ("grades", scenario.grades),
        ("session2_grades", scenario.session2_grades),
    ):
        for course, grade in grades.items():
            if isinstance(grade, (int, float)) and not scale.contains(grade):
                raise ScenarioError(
                    "refusal.off_scale",
                    field=field,
                    grade=f"{grade:g}",
                    course=quote(course),
                    max=f"{scale.max:g}",
                )


def _check_component(
    programme: Programme, scenario: Scenario, field: str, course: str, component: str
) -> None:
    """A component's grade (`course/component`): of a component the course has, not beside
    the course's own grade, and in session 2 only for a component retaken then, of a
    course whose session-1 grade is not given as a whole (session 2 reads its
    components')."""
    grades: Mapping[str, object] = getattr(scenario, field)
    found = graded(programme, course)
    name = programme.course(course).name
    if found is None or component not in {c.id for c in found.course.components}:
        raise ScenarioError(
            "refusal.unknown_component",
            field=field,
            course=name,
            component=quote(component),
        )
    if course in grades:
        raise ScenarioError("refusal.course_and_components", field=field, course=name)
    if field == "session2_grades" and component not in found.retaken:
        raise ScenarioError(
            "refusal.component_not_retaken",
            course=name,
            component=quote(found.name_of(component)),
        )
    if field == "session2_grades" and course in scenario.grades:
        raise ScenarioError("refusal.components_after_course", course=name)
