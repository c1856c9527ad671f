"""The contract of ``rehab insights``: the report written from a check-in document's diary and
session log (``docs/insights.md``)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from rehab.contracts.wire import WireOut
from rehab.core.insights.patterns import Insight, InsightReport
from rehab.core.insights.within_person import Comparison


def _r(value: float, places: int = 2) -> float:
    return round(value, places)


class ComparisonOut(WireOut):
    exposed_days: int = Field(description="days after the exposure")
    other_days: int
    mean_exposed: float
    mean_other: float
    difference: float = Field(description="mean_exposed - mean_other, in points of the 0-10 scale")
    effect_size: float = Field(description="the difference in pooled standard deviations (Cohen's d)")
    strength: Literal["very small", "small", "moderate", "large"] = Field(description="Cohen's words for the effect size")
    autocorrelation: float = Field(description="the lag-1 autocorrelation used for the effective number of days")
    effective_days: float
    t: float
    df: float
    p: float = Field(description="two-sided, before the correction for several patterns")

    @classmethod
    def from_core(cls, c: Comparison) -> ComparisonOut:
        size = abs(c.effect_size)
        strength = "very small" if size < 0.2 else "small" if size < 0.5 else "moderate" if size < 0.8 else "large"
        return cls(exposed_days=c.exposed_days, other_days=c.other_days, mean_exposed=_r(c.mean_exposed),
                   mean_other=_r(c.mean_other), difference=_r(c.difference), effect_size=_r(c.effect_size),
                   strength=strength, autocorrelation=_r(c.autocorrelation), effective_days=_r(c.effective_days, 1),
                   t=_r(c.t), df=_r(c.df, 1), p=_r(c.p, 4))


class InsightOut(WireOut):
    id: str
    topic: str
    exposure: str
    outcome: str
    status: Literal["association", "no_clear_association", "not_enough_data"]
    days: int = Field(description="days compared")
    detail: str | None = Field(description="day_of_week: the weekday that differs most")
    comparison: ComparisonOut | None = Field(description="null when there is not enough data")
    follow_up: ComparisonOut | None = Field(description="boom_bust: next-day activity after heavy days against other days")
    p_adjusted: float | None = Field(description="Holm-adjusted over every pattern tested in the report")
    message_patient: str
    summary_clinician: str

    @classmethod
    def from_core(cls, i: Insight) -> InsightOut:
        return cls(id=i.id, topic=i.topic, exposure=i.exposure, outcome=i.outcome, status=i.status, days=i.days,
                   detail=i.detail, comparison=ComparisonOut.from_core(i.comparison) if i.comparison else None,
                   follow_up=ComparisonOut.from_core(i.follow_up) if i.follow_up else None,
                   p_adjusted=None if i.p_adjusted is None else _r(i.p_adjusted, 4),
                   message_patient=i.message_patient, summary_clinician=i.summary_clinician)


class InsightsOut(WireOut):
    """Patterns in the person's own diary: associations to explore, never causes."""

    date: date
    first: date = Field(description="first day of the window looked at")
    last: date
    diary_days: int = Field(description="days with a pain rating in the window")
    method: str
    insights: list[InsightOut]
    message_patient: str
    summary_clinician: str

    @classmethod
    def from_core(cls, report: InsightReport) -> InsightsOut:
        return cls(date=report.today, first=report.first, last=report.last, diary_days=report.days,
                   method=report.method, insights=[InsightOut.from_core(i) for i in report.insights],
                   message_patient=report.message_patient, summary_clinician=report.summary_clinician)
