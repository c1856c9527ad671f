"""The graded-exposure part of the check-in contract: the fear hierarchy, the behavioural
experiments, and the exposure step a decision returns (``docs/check-in.md``, "Graded exposure")."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from rehab.contracts.wire import Flag, IsoDate, Score, Wire, WireOut
from rehab.core.models import (
    BehaviouralExperiment,
    ExposureItem,
    ExposureStep,
    FearHierarchy,
)

Rating = Annotated[float, Strict(), Field(ge=0, le=100)]
Words = Annotated[str, Field(min_length=1, max_length=300)]
ItemId = Annotated[str, Field(min_length=1, max_length=100)]


class ExposureItemIn(Wire):
    """One feared or avoided activity, in the patient's own words."""

    id: ItemId
    activity: Words = Field(description="the activity, in the patient's words (e.g. bending to load the dishwasher)")
    harm: Rating = Field(description="how harmful doing it feels now, 0-100 (as in PHODA)")
    goal: Words = Field(description="the goal this activity stands in the way of")
    first_harm: Rating | None = Field(None, description="the first harm rating, when the item has been re-rated since")

    def to_core(self) -> ExposureItem:
        return ExposureItem(self.id, self.activity, self.harm, self.goal, self.first_harm)


class HierarchyIn(Wire):
    """The fear hierarchy: ordered by harm by the engine; ``current`` is the item being worked on."""

    items: list[ExposureItemIn] = Field(min_length=1, max_length=100)
    current: ItemId | None = Field(None, description="the item practised now, as the last decision returned it; "
                                                     "default: the least feared")

    @model_validator(mode="after")
    def _consistent(self) -> HierarchyIn:
        ids = [item.id for item in self.items]
        for k, item_id in enumerate(ids):
            if item_id in ids[:k]:
                raise ValueError(f"items[{k}].id: {item_id!r} is listed twice")
        if self.current is not None and self.current not in ids:
            raise ValueError(f"current: {self.current!r} is not an item of the hierarchy")
        return self

    def to_core(self) -> FearHierarchy:
        return FearHierarchy(tuple(item.to_core() for item in self.items), self.current)


class ExperimentIn(Wire):
    """One exposure, run as a behavioural experiment."""

    date: IsoDate
    item: ItemId = Field(description="the hierarchy item practised")
    expected: Words = Field(description="before: what the patient expects to happen, in their words")
    belief_before: Rating = Field(description="before: how strongly they believe it will happen, 0-100")
    fear_before: Rating | None = Field(None, description="before: how afraid they are, 0-100")
    stopped_early: Flag = Field(False, description="the experiment had to stop before the end")
    outcome: Words | None = Field(None, description="after: what happened")
    feared_outcome_happened: Flag | None = Field(None, description="after: did what they expected happen?")
    belief_after: Rating | None = Field(None, description="after: how strongly they now believe it, 0-100")
    safety_behaviours: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20, description="what they did to feel safer (bracing, holding the breath, ...)")
    pain_during: Score | None = Field(None, description="worst pain during it, 0-10 NRS")

    def to_core(self) -> BehaviouralExperiment:
        return BehaviouralExperiment(
            self.date, self.item, self.expected, self.belief_before, self.fear_before, self.stopped_early,
            self.outcome, self.feared_outcome_happened, self.belief_after, tuple(self.safety_behaviours),
            self.pain_during,
        )


class HarmReratingOut(WireOut):
    item: str
    first_harm: float
    harm: float
    true_change: bool = Field(description="changed by more than exposure_harm_true_change points (PHODA-SeV: 20)")


class ExposureOut(WireOut):
    """Under graded exposure: the item to practise next (pass it back as ``hierarchy.current``)."""

    item: str
    activity: str
    harm: float
    goal: str
    move: Literal["up", "same", "down"]
    previous_item: str
    previous_activity: str | None = Field(None, description="the item practised until now, in the patient's words")
    safety_behaviours_to_fade: list[str]
    harm_rerated: list[HarmReratingOut]

    @classmethod
    def from_core(cls, step: ExposureStep) -> ExposureOut:
        item = step.item
        return cls(
            item=item.id, activity=item.activity, harm=item.harm, goal=item.goal, move=step.move,
            previous_item=step.previous.id, previous_activity=step.previous.activity,
            safety_behaviours_to_fade=list(step.safety_behaviours_to_fade),
            harm_rerated=[HarmReratingOut(item=r.item, first_harm=r.first_harm, harm=r.harm, true_change=r.true_change)
                          for r in step.harm_rerated],
        )
