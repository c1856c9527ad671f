"""The outcome-measure contract: the JSON a score is written as, and one line per instrument listed.

``rehab score`` prints a :class:`ScoreOut`; the HTTP API will return the same model. It is built
from the plain results of :mod:`rehab.instruments`, so the numbers on the wire are exactly the ones
the clinical code computed, rounded for reading (means and percentages to 2 and 1 decimals).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from rehab.instruments import (
    AnswerError,
    MeasurementError,
    Person,
    compare,
    lookup,
    measure,
    score,
)
from rehab.instruments.change import Change
from rehab.instruments.model import Mcid, Mdc, Questionnaire
from rehab.instruments.performance import Measurement, PerformanceTest
from rehab.instruments.scoring import Score

Number = int | float


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _num(value: float | None, places: int = 2) -> Number | None:
    if value is None:
        return None
    rounded = round(value, places)
    return int(rounded) if float(rounded).is_integer() else rounded


class McidOut(Wire):
    points: Number | None
    percent: Number | None = Field(description="a percentage of the earlier score; with points, both must be reached")
    baseline_above: Number | None = Field(None, description="above this baseline, points_above_baseline applies")
    points_above_baseline: Number | None = None
    applies_to: str | None = Field(None, description="whom the value was published for, e.g. all body regions")
    source: str
    verification: str

    @classmethod
    def from_core(cls, mcid: Mcid) -> McidOut:
        return cls(points=_num(mcid.points), percent=_num(mcid.percent), baseline_above=_num(mcid.high_baseline),
                   points_above_baseline=_num(mcid.high_baseline_points), applies_to=mcid.applies_to,
                   source=mcid.cited.source,
                   verification=mcid.cited.mark.value)


class MdcOut(Wire):
    points: Number
    confidence: Number | None
    source: str
    verification: str

    @classmethod
    def from_core(cls, mdc: Mdc) -> MdcOut:
        return cls(points=_num(mdc.points), confidence=mdc.confidence, source=mdc.cited.source,
                   verification=mdc.cited.mark.value)


class LoincOut(Wire):
    panel: str | None
    total: str | None
    source: str
    verification: str


class SubscaleOut(Wire):
    name: str
    score: Number | None
    range: tuple[Number, Number]
    positive_screen: bool | None


class AlertOut(Wire):
    code: str
    item: str
    answer: Number | None
    message: str
    source: str


class NormOut(Wire):
    reference: str
    position: Literal["worse than the reference", "within the reference", "better than the reference"]
    source: str
    verification: str


class ChangeOut(Wire):
    previous_total: Number
    previous_band: str | None
    raw: Number
    percent: Number | None = Field(description="of the previous total; null when that was 0")
    mcid_met: bool | None = Field(description="the MCID reached in either direction; null when none is known")
    reliable_change_index: Number | None = Field(description="Jacobson-Truax; null without a reference SD and reliability")
    beyond_mdc: bool | None
    reliable: bool | None
    verdict: Literal["better", "worse", "no reliable change", "unclear"]
    interpretation: str

    @classmethod
    def from_core(cls, change: Change, previous_band: str | None) -> ChangeOut:
        return cls(previous_total=_num(change.before), previous_band=previous_band, raw=_num(change.raw),
                   percent=_num(change.percent, 1), mcid_met=change.mcid_met,
                   reliable_change_index=_num(change.reliable_change_index),
                   beyond_mdc=change.beyond_mdc, reliable=change.reliable, verdict=change.verdict,
                   interpretation=change.interpretation)


class ScoreOut(Wire):
    """One scored administration of a questionnaire or one result of a performance test."""

    instrument: str
    name: str
    kind: Literal["questionnaire", "performance test"]
    version: str | None = Field(description="the exact version scored (e.g. original PSFS, not PSFS 2.0)")
    total: Number | None = Field(description="null when items are missing and no prorating is allowed")
    unit: str
    range: tuple[Number, Number]
    band: str | None = Field(description="a screening band, never a diagnosis; read it with the total")
    subscales: dict[str, SubscaleOut]
    direction: Literal["higher_is_better", "higher_is_worse"]
    mcid: McidOut | None
    mdc: MdcOut | None
    loinc: LoincOut | None
    alerts: list[AlertOut] = Field(description="safety findings that must reach a clinician whatever the total")
    norm: NormOut | None
    notes: list[str]
    change: ChangeOut | None = Field(None, description="present only when a previous administration was given")

    @classmethod
    def from_score(cls, result: Score, notes: list[str] | None = None) -> ScoreOut:
        q: Questionnaire = result.instrument
        loinc = q.loinc
        return cls(
            **_common(q),
            version=q.version,
            total=_num(result.total),
            band=result.band,
            subscales={s.id: SubscaleOut(name=s.name, score=_num(s.score), range=(_num(s.range[0]), _num(s.range[1])),
                                         positive_screen=s.positive) for s in result.subscales},
            loinc=LoincOut(panel=loinc.panel, total=loinc.total, source=loinc.cited.source,
                           verification=loinc.cited.mark.value) if loinc else None,
            alerts=[AlertOut(code=a.code, item=a.item, answer=_num(a.answer), message=a.message, source=a.source)
                    for a in result.alerts],
            norm=None,
            notes=list(result.notes) + list(q.notes) + (notes or []),
        )

    @classmethod
    def from_measurement(cls, result: Measurement, notes: list[str] | None = None) -> ScoreOut:
        test: PerformanceTest = result.test
        norm = result.norm
        return cls(
            **_common(test),
            version=None,
            total=_num(result.value),
            band=result.band,
            subscales={},
            loinc=None,
            alerts=[],
            norm=NormOut(reference=norm.reference, position=norm.position, source=norm.cited.source,
                         verification=norm.cited.mark.value) if norm else None,
            notes=[f"procedure: {test.procedure}", *test.notes, *(notes or [])],
        )

    def with_change(self, change: Change, previous_band: str | None) -> ScoreOut:
        return self.model_copy(update={"change": ChangeOut.from_core(change, previous_band)})

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=False, exclude={"change"} if self.change is None else None)


def _common(measure: Questionnaire | PerformanceTest) -> dict:
    low, high = measure.score_range
    return {
        "instrument": measure.id,
        "name": measure.name,
        "kind": measure.kind,
        "unit": measure.unit,
        "range": (_num(low), _num(high)),
        "direction": measure.direction.value,
        "mcid": McidOut.from_core(measure.mcid) if measure.mcid else None,
        "mdc": MdcOut.from_core(measure.mdc) if measure.mdc else None,
    }


class InstrumentOut(Wire):
    """One line of ``rehab instruments``."""

    id: str
    name: str
    kind: Literal["questionnaire", "performance test"]
    range: tuple[Number, Number]
    unit: str
    direction: Literal["higher_is_better", "higher_is_worse"]

    @classmethod
    def from_core(cls, measure: Questionnaire | PerformanceTest) -> InstrumentOut:
        common = _common(measure)
        return cls(id=measure.id, name=measure.name, kind=measure.kind, range=common["range"], unit=measure.unit,
                   direction=common["direction"])


Answers = list[float | None] | dict[str, float | None]
T = TypeVar("T")


def score_questionnaire(q: Questionnaire, current: Answers, earlier: Answers | None = None,
                        sd: float | None = None, r: float | None = None) -> ScoreOut:
    """Score one administration, with the change since ``earlier`` when there is one."""
    result = score(q, current)
    before = _earlier(lambda: score(q, earlier)) if earlier is not None else None
    notes = []
    if before is not None and (before.total is None or result.total is None):
        notes.append("no change reported: " + ("the previous administration" if before.total is None else "this one")
                     + " has no total")
    out = ScoreOut.from_score(result, notes)
    if before is not None and before.total is not None and result.total is not None:
        change = compare(q, before.total, result.total, reference_sd=sd, reliability=r)
        out = out.with_change(change, before.band)
    return out


def score_test(test: PerformanceTest, current: Answers, earlier: Answers | None = None,
               sd: float | None = None, r: float | None = None, person: Person | None = None) -> ScoreOut:
    """Record one performance-test result, with the change since ``earlier`` when there is one."""
    result = measure(test, single_value(test, current), person)
    out = ScoreOut.from_measurement(result)
    if earlier is not None:
        before = _earlier(lambda: measure(test, single_value(test, earlier), person))
        change = compare(test, before.value, result.value, reference_sd=sd, reliability=r)
        out = out.with_change(change, before.band)
    return out


def scored(instrument_id: str, current: Answers, earlier: Answers | None = None) -> ScoreOut:
    """Any instrument by id (raises UnknownInstrument, AnswerError or MeasurementError)."""
    instrument = lookup(instrument_id)
    if isinstance(instrument, Questionnaire):
        return score_questionnaire(instrument, current, earlier)
    return score_test(instrument, current, earlier)


def _earlier(scoring: Callable[[], T]) -> T:
    """Score the previous administration, saying so if its answers are wrong."""
    try:
        return scoring()
    except (AnswerError, MeasurementError) as error:
        raise type(error)(f"--previous: {error}") from None


def single_value(test: PerformanceTest, answers: Answers) -> float:
    if isinstance(answers, dict):
        raise MeasurementError(f"{test.id} takes one value: use --answers (and --previous)")
    if len(answers) != 1 or answers[0] is None:
        raise MeasurementError(f"{test.id} takes one value in {test.unit}, got {len(answers)} answers")
    return answers[0]
