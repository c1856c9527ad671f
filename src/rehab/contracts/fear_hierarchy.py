"""The stored records of graded exposure on the server: the fear hierarchy a clinician builds with
the patient (items and their harm ratings over time), the safety behaviours they agreed to record,
and the behavioural experiments the patient logs (``docs/web.md``, "Graded exposure").

The check-in reads them as the ``hierarchy`` and ``experiments`` of ``rehab check-in``
(:mod:`rehab.contracts.exposure`), so both faces run the same core rule on the same core types.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from rehab.contracts.checkin import DecisionOut
from rehab.contracts.exposure import Rating, Words
from rehab.contracts.wire import Flag, IsoDate, Score, Wire, WireOut

LibraryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,100}$")]
Behaviour = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def item_id_of(activity: str, library_activity: str | None) -> str:
    """An item's id: the library's id, or the person's words in lower case joined by underscores
    (so the same words name the same item, and a retry finds it)."""
    if library_activity:
        return library_activity
    return re.sub(r"[^a-z0-9]+", "_", activity.lower()).strip("_")[:100] or "activity"


class FearItemIn(Wire):
    """An activity for the hierarchy: one of the library's daily activities or the person's own
    words, with how harmful doing it feels today (0-100, as in PHODA) and the goal it blocks."""

    activity: Words = Field(description="the activity in the patient's words (e.g. bending to load the dishwasher)")
    library_activity: LibraryId | None = Field(None, description="the library's daily activity it is, if one")
    harm: Rating = Field(description="how harmful doing it feels now, 0-100")
    goal: Words = Field(description="the goal this activity stands in the way of")
    rated_on: IsoDate | None = Field(None, description="the day of the rating; default today")

    @property
    def item_id(self) -> str:
        return item_id_of(self.activity, self.library_activity)


class FearRatingIn(Wire):
    """A re-rating of one item: how harmful doing it feels now, 0-100."""

    harm: Rating
    rated_on: IsoDate | None = Field(None, description="the day of the rating; default today")


class SafetyBehavioursIn(Wire):
    """The safety behaviours agreed with the patient, which the experiment form offers."""

    behaviours: list[Behaviour] = Field(max_length=20)

    @model_validator(mode="after")
    def _distinct(self) -> SafetyBehavioursIn:
        seen: set[str] = set()
        for k, behaviour in enumerate(self.behaviours):
            if behaviour.lower() in seen:
                raise ValueError(f"behaviours[{k}]: {behaviour!r} is listed twice")
            seen.add(behaviour.lower())
        return self


class FearRatingOut(WireOut):
    harm: float
    rated_on: date
    recorded_at: datetime


class FearItemOut(WireOut):
    """One item with its place on the hierarchy and its ratings, oldest first: the first and the
    latest ten (an item re-rated at every review for years would otherwise send them all)."""

    id: str
    activity: str
    goal: str
    library_activity: str | None
    rank: int = Field(description="1 = the least feared")
    harm: float = Field(description="the latest rating")
    first_harm: float
    change: float = Field(description="latest minus first rating")
    true_change: bool = Field(description="changed by more than exposure_harm_true_change points (PHODA-SeV: 20)")
    current: bool = Field(description="the activity practised now")
    ratings: list[FearRatingOut] = Field(description="the first rating and the latest ten, oldest first")
    rating_count: int = Field(description="how many times the item has been rated in all")


class FearHierarchyOut(WireOut):
    items: list[FearItemOut] = Field(description="from the least to the most feared")
    current: str | None = Field(description="the item practised now, as the latest check-in left it")
    safety_behaviours: list[str] = Field(description="the safety behaviours agreed with the patient")
    true_change_points: float
    offered: list[str] = Field(default_factory=list, description=(
        "feared activities the patient named at intake, which the planner offered as the first items of "
        "the hierarchy, and that are not in it yet (rate each with the patient to add it)"))


class ExperimentLogIn(Wire):
    """One behavioural experiment, sent once it is done: before, what the patient feared and how
    strongly they believed it; after, what happened and how strongly they believe it now."""

    id: uuid.UUID = Field(description="made by the client; a retry with the same id stores nothing new")
    date: IsoDate
    item: Annotated[str, Field(min_length=1, max_length=100)] = Field(description="the hierarchy item practised")
    expected: Words = Field(description="before: what they expect to happen, in their words")
    belief_before: Rating = Field(description="before: how sure they are it will happen, 0-100")
    fear_before: Rating | None = Field(None, description="before: how afraid they are, 0-100")
    stopped_early: Flag = Field(False, description="it had to stop before the end")
    outcome: Words = Field(description="after: what happened")
    feared_outcome_happened: Flag = Field(description="after: did what they expected happen?")
    belief_after: Rating = Field(description="after: how sure they are now that it would happen, 0-100")
    safety_behaviours: list[Behaviour] = Field(default_factory=list, max_length=20,
                                               description="from the list agreed with the clinician")
    pain_during: Score | None = Field(None, description="worst pain during it, 0-10")


class ExperimentOut(WireOut):
    id: uuid.UUID
    date: date
    item: str
    activity: str
    expected: str
    belief_before: float
    fear_before: float | None
    stopped_early: bool
    outcome: str | None
    feared_outcome_happened: bool | None
    belief_after: float | None
    safety_behaviours: list[str]
    pain_during: float | None
    evidence: str = Field(description="what the experiment showed, in the patient's words (reading grade <= 8)")
    recorded_at: datetime


class ExperimentResult(WireOut):
    """A stored experiment and the check-in it ran; ``replayed`` when the same id was sent before."""

    replayed: bool
    experiment: ExperimentOut
    decisions: list[DecisionOut]
