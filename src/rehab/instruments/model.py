"""What an outcome measure is, as plain immutable data.

Each questionnaire is described once, as a value of these types, and every number it carries (band
edges, MCID, MDC, codes) sits next to its source and how well that source was checked, so a
clinician reading a score can judge the rule behind it. Nothing in this package knows about files,
the clock or a web framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Mark(StrEnum):
    """How well a number was checked (the legend of the clinical reference)."""

    CHECKED = "checked against a primary source"
    SECONDARY = "checked against a secondary source only"
    UNVERIFIED = "unverified: confirm before clinical release"


class Direction(StrEnum):
    """Which way is better on a scale; change is always judged through this."""

    HIGHER_IS_BETTER = "higher_is_better"
    HIGHER_IS_WORSE = "higher_is_worse"

    def improved(self, raw_change: float) -> bool:
        return raw_change > 0 if self is Direction.HIGHER_IS_BETTER else raw_change < 0


@dataclass(frozen=True, slots=True)
class Cited:
    """A source citation with its verification mark."""

    source: str
    mark: Mark


@dataclass(frozen=True, slots=True)
class Band:
    """A named range of scores: applies from ``minimum`` (inclusive) up to the next band.

    ``subscale``/``subscale_minimum`` add a condition on a subscale, as the Keele STarT Back
    high-risk group needs (total >= 4 *and* psychosocial subscale >= 4).
    """

    label: str
    minimum: float
    subscale: str | None = None
    subscale_minimum: float | None = None
    snomed: str | None = None  # UK SNOMED CT code for the band, where the owner publishes one


@dataclass(frozen=True, slots=True)
class Bands:
    """Screening bands with their source. Bands are screening thresholds, never diagnoses."""

    bands: tuple[Band, ...]
    cited: Cited

    def label_for(self, total: float, subscales: dict[str, float | None]) -> str:
        """The last band (in order) whose conditions the score meets."""
        chosen = self.bands[0].label
        for band in self.bands:
            if total < band.minimum:
                continue
            if band.subscale is not None:
                value = subscales.get(band.subscale)
                if value is None or band.subscale_minimum is None or value < band.subscale_minimum:
                    continue
            chosen = band.label
        return chosen


@dataclass(frozen=True, slots=True)
class Mcid:
    """Minimal clinically important change, applied in the scale's direction of improvement.

    With both ``points`` and ``percent`` set, a change must reach both (the NPRS rule: >= 2 points
    and >= 30%). ``high_baseline`` lets a larger MCID apply above a baseline score (PCS: 11 points
    when the baseline is above 30, Monticone 2022).
    """

    points: float | None
    percent: float | None
    cited: Cited
    high_baseline: float | None = None
    high_baseline_points: float | None = None
    # Whom the value was published for, said beside it (PSFS: all body regions, not shoulder only).
    applies_to: str | None = None

    def points_for(self, baseline: float) -> float | None:
        if self.high_baseline is not None and baseline > self.high_baseline:
            return self.high_baseline_points
        return self.points


@dataclass(frozen=True, slots=True)
class Mdc:
    """Minimal detectable change: smaller changes are within measurement error.

    ``confidence`` is the level the MDC was published at (e.g. 0.90 for LEFS), or ``None`` when the
    reference does not state it.
    """

    points: float
    confidence: float | None
    cited: Cited


@dataclass(frozen=True, slots=True)
class Loinc:
    """LOINC codes for the panel and for the total score (``None`` when not established)."""

    panel: str | None
    total: str | None
    cited: Cited


@dataclass(frozen=True, slots=True)
class Licence:
    """May the item wording be shown, and what a user of this software must know."""

    reproduce_items: bool
    note: str
    cited: Cited


@dataclass(frozen=True, slots=True)
class ResponseScale:
    """The answers an item accepts: whole numbers (or any number) from minimum to maximum."""

    minimum: float
    maximum: float
    anchors: tuple[tuple[int, str], ...] = ()
    whole: bool = True

    def describe(self) -> str:
        return f"{self.minimum:g}-{self.maximum:g}"


@dataclass(frozen=True, slots=True)
class Item:
    """One question. ``text`` is the published wording, only where the licence allows it;
    otherwise ``label`` is a short paraphrase or just the item number.

    ``reverse`` scores the item as (minimum + maximum - answer). ``points`` maps each answer
    (by its position from ``minimum``) to the points it scores, for items that are recoded
    (STarT Back question 9: 'very much' and 'extremely' score 1, the rest 0).
    """

    id: str
    label: str
    scale: ResponseScale
    text: str | None = None
    reverse: bool = False
    points: tuple[float, ...] | None = None

    def scored(self, answer: float) -> float:
        if self.points is not None:
            return self.points[int(answer - self.scale.minimum)]
        if self.reverse:
            return self.scale.minimum + self.scale.maximum - answer
        return answer

    @property
    def score_range(self) -> tuple[float, float]:
        if self.points is not None:
            return min(self.points), max(self.points)
        return self.scale.minimum, self.scale.maximum


@dataclass(frozen=True, slots=True)
class Subscale:
    """A named group of items, summed; scored only when all its items are answered."""

    id: str
    name: str
    items: tuple[str, ...]
    positive_from: float | None = None  # a positive screen at or above this score (PHQ-4 subscales: 3)
    cited: Cited | None = None


@dataclass(frozen=True, slots=True)
class PatientNamedItems:
    """Items the patient names (PSFS activities): how many, and the scale each is rated on."""

    fewest: int
    most: int
    scale: ResponseScale


@dataclass(frozen=True, slots=True)
class SafetyRule:
    """A finding that must reach a clinician whatever the total.

    Fires when ``item`` is answered at or above ``at_least``; ``unanswered_message``, when set,
    fires when the item was skipped, because a skipped safety question cannot be read as 'no'.
    """

    item: str
    at_least: float
    code: str
    message: str
    cited: Cited
    unanswered_message: str | None = None


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A patient-reported instrument, described as data."""

    id: str
    name: str
    version: str
    recall: str
    items: tuple[Item, ...]
    scoring: str  # "sum" or "mean"
    scoring_rule: str  # in words, for the docs and the CLI
    direction: Direction
    cited: Cited  # the instrument's original publication
    licence: Licence
    missing_rule: str  # in words; every instrument here rejects incomplete totals
    bands: Bands | None = None
    subscales: tuple[Subscale, ...] = ()
    mcid: Mcid | None = None
    mdc: Mdc | None = None
    loinc: Loinc | None = None
    safety: tuple[SafetyRule, ...] = ()
    patient_named: PatientNamedItems | None = None
    notes: tuple[str, ...] = ()

    kind = "questionnaire"
    unit = "points"

    @property
    def score_range(self) -> tuple[float, float]:
        if self.patient_named is not None:
            return self.patient_named.scale.minimum, self.patient_named.scale.maximum
        lows, highs = zip(*(item.score_range for item in self.items))
        if self.scoring == "mean":
            return min(lows), max(highs)
        return sum(lows), sum(highs)

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)
