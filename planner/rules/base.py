"""What every rule kind is. A kind is one class in one module of this package: it decides
a unit from its grades, solves the exact minimum grade, describes itself in English and
French, and is sampled by the odds. Nothing outside the kind switches on its name.

A kind sees grades as a `ScaledGrades` (integers over a common denominator) and reduces
them to `counted(...) = (sum, weight)`: the unit passes when sum >= weight * threshold (sum
> weight * threshold for a rule with `strict: true`, « strictement supérieure à », from
format_version 3) and no grade (an absence included) is below the course floor, if the rule
has one. Under a strict threshold a course exactly at it is retaken, as one below it. Every
kind is monotone: a higher grade never hurts, an absence is the lowest outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from planner import texts
from planner.findings import FieldPath, Finding, error
from planner.frozen import MAX_GRADE_SCALE, Bilingual, Frozen, Identifier, Text
from planner.messages import Below, Lang, Message, Named, number
from planner.rules.grid import Numbers, ScaledGrades, exact

if TYPE_CHECKING:
    # numpy is imported where the odds sample, never at import: the first page must not
    # wait for it (ui/warm.py imports it in the background).
    import numpy as np
    import numpy.typing as npt

    from planner.catalogue import Programme, Unit

    Grades = npt.NDArray[np.float64]
    Verdicts = npt.NDArray[np.bool_]
    Counts = npt.NDArray[np.int_]
# Of the grade scale: how close to the threshold a float mean of the odds is decided again
# exactly (RuleBase.sample_judged), or, where the odds have no grades to read exactly (a
# compensation group's mean, a mean with bonus points), compared with that tolerance.
MEAN_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Outcome:
    """What a failed unit's explanation may cite (names, not ids)."""

    threshold: Fraction
    high: float | None  # the mean with every unknown at its highest (ScaledGrades.at)
    absent: tuple[str, ...]  # courses absent
    # courses not known yet, or the components still to sit of one its known ones bound
    unknown: tuple[str | Named, ...]
    obtained: int  # grades obtained or still possible
    below_floor: tuple[str, ...]  # courses below the course floor
    # The mean with every unknown at its highest is exactly the threshold (what a
    # strict threshold fails, and says so).
    at_threshold: bool = False


class RuleBase(Frozen):
    """How one unit is validated: the fields every kind shares."""

    kind: str
    unit: Identifier
    threshold: float = Field(ge=0, le=MAX_GRADE_SCALE, allow_inf_nan=False)
    course_floor: float | None = Field(
        default=None,
        ge=0,
        le=MAX_GRADE_SCALE,
        allow_inf_nan=False,
        description="A note éliminatoire: a course below it fails the unit whatever the mean.",
    )
    bonus_from: tuple[Identifier, ...] = Field(
        default=(), description="Bonus units counted in session 1 once validated."
    )
    session2: bool = Field(default=True, description="Whether a session 2 exists.")
    strict: bool = Field(
        default=False,
        description="The mean must be above the threshold, not at it (« strictement "
        "supérieure à »): a mean exactly at it fails and a course exactly at it is retaken "
        "(format_version 3).",
    )
    status: Literal["published", "assumed"]
    source: Text | None = Field(
        default=None, description="The sentence of the source, verbatim (not translated)."
    )
    note: Bilingual | None = None

    # The message codes of a validated unit (a kind may word its mean differently).
    validated_code: ClassVar[str] = "validated_mean"
    # The programme-file format_version that introduced the kind.
    since_version: ClassVar[int] = 1
    # Whether the kind's mean is a weighted sum of every grade over a fixed weight: then
    # remaining exams of equal weight count only by the total of their grades.
    sums_grades: ClassVar[bool] = False

    # The kind's name and one-line explanation where a student picks it (the app's
    # "My programme" page), and each of its own parameters' label and help: text ids.
    label_text: ClassVar[str]
    explained_text: ClassVar[str]
    parameter_texts: ClassVar[dict[str, tuple[str, str]]] = {}
    # A parameter that may be a word instead of a map of courses: the word's text, and the
    # map's ("per_course").
    choice_texts: ClassVar[dict[str, str]] = {}

    @classmethod
    def starting_parameters(cls, courses: Sequence[str]) -> dict[str, object]:
        """The kind's own parameters, as a unit of these courses first gets them when a
        student picks the kind in the app (the shared ones are kept)."""
        return {}

    # --- deciding -------------------------------------------------------------------
    def counted(self, grid: ScaledGrades, numbers: Numbers) -> tuple[int, int] | None:
        """(sum, weight) the rule averages, or None when the mean cannot be formed."""
        raise NotImplementedError

    def passes(self, grid: ScaledGrades, numbers: Numbers) -> bool:
        counted = self.counted(grid, numbers)
        if counted is None or counted[0] < counted[1] * grid.threshold:
            return False
        if self.strict and counted[0] == counted[1] * grid.threshold:
            return False
        # A course floor counts an absence as below it (an absence is the lowest outcome,
        # so that a 0 never does better than a miss).
        floor = grid.floor
        return floor is None or all(n is not None and n >= floor for n in numbers)

    def falls_short(self, value: Fraction | None, threshold: Fraction) -> bool:
        """Whether a course's grade (None: an absence) does not reach the threshold as the
        rule compares it: such a course is retaken when the unit fails."""
        return value is None or value < threshold or (self.strict and value == threshold)

    @property
    def short_of(self) -> str:
        """How a grade misses the threshold, as the texts name it: `below`, or `not_above`
        for a strict threshold."""
        return "not_above" if self.strict else "below"

    def floor_holds(self, minimum: float | None) -> bool:
        """Whether a minimum grade is this rule's course floor (a note éliminatoire) rather
        than what the mean asks: the solver never gives less than the floor."""
        return (
            self.course_floor is not None
            and minimum is not None
            and exact(minimum) <= exact(self.course_floor)
        )

    def sits_needed(self, grid: ScaledGrades) -> int:
        """How many of the unknowns that can be missed must be sat for a mean to exist."""
        return sum(grid.may_be_absent)

    def course_weights(self, programme: Programme, enrolled: Sequence[str]) -> tuple | None:
        """Each enrolled course's coefficient, or None for equal weights."""
        return None

    # --- minimums -------------------------------------------------------------------
    def solve(
        self, grid: ScaledGrades, values: Numbers, is_x: Sequence[bool]
    ) -> tuple[int, int] | None:
        """Smallest x (as numerator, denominator of scaled grades) such that the grades,
        with the `is_x` positions equal to x and the others at `values`, have a counted
        sum reaching the threshold; None when no x can. The course floor is the solver's."""
        raise NotImplementedError

    # --- explaining -----------------------------------------------------------------
    def validated(self, mean: float | None, threshold: Fraction) -> Message:
        return Message(
            code=self.validated_code, params={"threshold": threshold, "mean": mean, "k": 0}
        )

    def failure(self, outcome: Outcome) -> Message:
        """The reason of a certain failure (what follows, a retake or none, is added)."""
        if outcome.below_floor:
            return Message(
                code="failed_floor",
                params={"below_floor": list(outcome.below_floor), "floor": self.course_floor},
            )
        if self.strict and outcome.at_threshold:
            # Exactly the threshold: "10 < 10" would be false; the threshold is strict.
            common = {"threshold": outcome.threshold, "mean": outcome.high}
            if outcome.unknown:
                return Message(
                    code="certain_failed_not_above",
                    params={**common, "unknown": list(outcome.unknown), "high": outcome.high},
                )
            return Message(code="failed_not_above", params=common)
        return self.failure_kind(outcome)

    def failure_kind(self, outcome: Outcome) -> Message:
        raise NotImplementedError

    def pending(
        self,
        threshold: Fraction,
        unknown: Sequence[str | Named],
        low: float,
        high: float | None,
        scale: float,
    ) -> Message:
        if low <= 0 and (high is None or high >= scale):
            # The whole scale is still possible: saying "between 0 and 100" adds nothing.
            code = "pending_open_strict" if self.strict else "pending_open"
            return Message(code=code, params={"threshold": threshold, "unknown": list(unknown)})
        return Message(
            code="pending",
            params={"threshold": threshold, "unknown": list(unknown), "low": low, "high": high},
        )

    def describe(self, programme: Programme, unit: Unit, lang: Lang) -> str:
        """How the unit is validated, in one or two sentences (session 2 and bonus are
        described by their own objects)."""
        text = self.describe_kind(programme, unit, lang)
        if self.course_floor is not None:
            floor = on_scale(self.course_floor, programme, lang)
            text += texts.text("rule.course_floor", lang, floor=floor)
        return text

    def describe_kind(self, programme: Programme, unit: Unit, lang: Lang) -> str:
        raise NotImplementedError

    def at_least(self, programme: Programme, lang: Lang) -> str:
        """The threshold as a description compares with it: "at least 10/20", or "above
        10/20" for a strict threshold."""
        threshold = on_scale(self.threshold, programme, lang)
        return texts.text(
            "rule.above" if self.strict else "rule.at_least", lang, threshold=threshold
        )

    @property
    def sign(self) -> str:
        """The comparison of a short form (the PDF's "mean ≥ 50/100")."""
        return ">" if self.strict else "≥"

    def entry_hints(self, programme: Programme, unit: Unit, lang: Lang) -> list[str]:
        """What a student should know while typing the unit's grades: which grades count
        and which fail the unit alone (nothing for a plain mean)."""
        hints = self.counting_hints(unit, lang)
        if self.course_floor is not None:
            floor = on_scale(self.course_floor, programme, lang)
            hints.append(texts.text("rule.floor_hint", lang, unit=unit.name, floor=floor))
        return hints

    def counting_hints(self, unit: Unit, lang: Lang) -> list[str]:
        return []

    def summary(self, threshold: str, scale: str, lang: Lang) -> str:
        """A short form for the PDF ("mean of all course grades ≥ 50/100")."""
        raise NotImplementedError

    # --- checking a file ------------------------------------------------------------
    def check(self, programme: Programme, unit: Unit, where: FieldPath) -> list[Finding]:
        """Errors of this rule against its programme, each at its field (`where`: the
        rule's place in the document)."""
        errors = []
        if self.threshold > programme.grade_scale.max:
            errors.append(error("check.above_scale", (*where, "threshold")))
        # A floor at the threshold is a real MCC rule (every course at least 10 and a mean
        # of 10: each course must pass). A floor above it makes the threshold meaningless,
        # as every mean of courses above the floor is above the threshold: a typing slip.
        if self.course_floor is not None and self.course_floor > self.threshold:
            errors.append(
                error(
                    "check.floor_above_threshold",
                    (*where, "course_floor"),
                    floor=self.course_floor,
                    threshold=self.threshold,
                )
            )
        return errors

    # --- odds -----------------------------------------------------------------------
    def sample(self, grades: Grades, weights: Sequence[float] | None, scale: float) -> Verdicts:
        """The verdict of each draw; `grades` is (enrolled, draws), -inf for an absence,
        NaN for a course a justified absence leaves out (planner.rules.absence)."""
        return self.sample_judged(grades, weights, scale)[0]

    def sample_judged(
        self, grades: Grades, weights: Sequence[float] | None, scale: float
    ) -> tuple[Verdicts, Grades, Verdicts]:
        """Each draw's (verdict, mean, failed by a course floor): what compensation reads
        of the unit, as the engine's verdict gives it (the mean -inf where none can be
        formed, an absence)."""
        import numpy as np

        if len(grades):
            left_out = np.isnan(grades)
            if left_out.any():
                return self._sample_left_out(grades, left_out, weights, scale)
        means = self.sample_means(grades, weights)
        terms = self.sample_terms(len(grades))
        passed = mean_reaches(means, self.threshold, terms, scale, strict=self.strict)
        # A float mean this close to the threshold cannot tell an exact mean at it from one
        # a few units in the last place below it (2·19.999999999999996 / 4 is 9.999999999999998
        # both ways): such draws are decided as the engine decides them, exactly.
        close = np.isfinite(means) & (np.abs(means - self.threshold) <= MEAN_TOLERANCE * scale)
        if close.any():
            columns, inverse = np.unique(grades[:, close], axis=1, return_inverse=True)
            exactly = [self.passes_exactly(column, weights, scale) for column in columns.T]
            passed[close] = np.array(exactly, dtype=bool)[inverse.reshape(-1)]
        if self.course_floor is None or not len(grades):
            return passed, means, np.zeros_like(passed)
        floored = np.any(grades < self.course_floor, axis=0)  # -inf: an absence
        passed &= ~floored
        return passed, means, floored

    def passes_exactly(self, column: Grades, weights: Sequence[float] | None, scale: float) -> bool:
        """One draw's verdict as the engine gives it: its grades (-inf for an absence) read
        exactly, as typed, and judged by `passes` in integers."""
        vector = [None if g == -float("inf") else exact(float(g)) for g in column]
        exact_weights = None if weights is None else [exact(float(w)) for w in weights]
        grid = ScaledGrades(self, vector, scale, exact_weights)
        return grid.passes(grid.values)

    def sample_falls_short(self, grades: Grades) -> Verdicts:
        """`falls_short` draw by draw: the courses a failed unit retakes (-inf, an absence,
        included)."""
        return grades <= self.threshold if self.strict else grades < self.threshold

    def sample_terms(self, count: int) -> int:
        """How many grades the mean averages (a single grade is compared exactly)."""
        return count

    def sample_means(self, grades: Grades, weights: Sequence[float] | None) -> Grades:
        """The unit's mean in each draw, -inf where it cannot be formed."""
        raise NotImplementedError

    def _sample_left_out(
        self, grades: Grades, left_out: Verdicts, weights: Sequence[float] | None, scale: float
    ) -> tuple[Verdicts, Grades, Verdicts]:
        """sample_judged() where some draws leave courses out: the draws that leave out the
        same courses are judged together, on the other courses (as engine.unit_grid does),
        their mean and floor too."""
        import numpy as np

        patterns, inverse = np.unique(left_out, axis=1, return_inverse=True)
        inverse = inverse.reshape(-1)
        count = grades.shape[1]
        passed = np.empty(count, dtype=bool)
        means = np.empty(count)
        floored = np.empty(count, dtype=bool)
        for j in range(patterns.shape[1]):
            draws = inverse == j
            kept = ~patterns[:, j]
            if kept.any():
                rows = grades[kept][:, draws]
                kept_weights = (
                    None
                    if weights is None
                    else [w for w, k in zip(weights, kept, strict=True) if k]
                )
            else:  # nothing left to average: no mean, as after an absence
                rows = np.full((len(kept), int(draws.sum())), -np.inf)
                kept_weights = weights
            passed[draws], means[draws], floored[draws] = self.sample_judged(
                rows, kept_weights, scale
            )
        return passed, means, floored


def mean_reaches(
    mean: Grades, threshold: float, terms: int | Counts, scale: float, strict: bool = False
) -> Verdicts:
    """Means of several grades are compared with a tolerance of 1e-9 of the scale, so that
    binary rounding never fails a mean the engine's exact arithmetic passes (nor, for a
    strict threshold, passes a mean exactly at it). Within the tolerance a float cannot
    tell: a unit's own mean is then decided again exactly (RuleBase.sample_judged).
    `terms`: how many grades the mean averages, or one such count per draw."""
    if isinstance(terms, int):
        tolerance = MEAN_TOLERANCE * scale if terms > 1 else 0.0
    else:
        import numpy as np

        tolerance = np.where(terms > 1, MEAN_TOLERANCE * scale, 0.0)
    if strict:
        return mean > threshold + tolerance
    return mean >= threshold - tolerance


def on_scale(value: float, programme: Programme, lang: Lang) -> str:
    """A threshold as read on its scale: "50/100"."""
    return f"{number(value, lang)}/{number(programme.grade_scale.max, lang)}"


def mean_failure(outcome: Outcome, failed_code: str) -> Message:
    """Why a mean kind failed: certain whatever the unknown grades, an absence, or the mean
    itself (`failed_code` names the kind's mean)."""
    common = {"threshold": outcome.threshold}
    if outcome.unknown and outcome.high is not None:
        high = Below(outcome.high, float(outcome.threshold))
        return Message(
            code="certain_failed",
            params={**common, "unknown": list(outcome.unknown), "high": high},
        )
    if outcome.absent:
        return Message(code="failed_absent", params={**common, "absent": list(outcome.absent)})
    mean = Below(outcome.high or 0.0, float(outcome.threshold))
    return Message(code=failed_code, params={**common, "mean": mean})
