"""Wire formats for re-planning a running program: the planner's proposal after a goal changed,
its acceptance, and tolerances measured again at a reassessment."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from rehab.contracts.checkin import DoseOut, IsoDate, Wire, WireOut
from rehab.contracts.planning import GoalIn as PlannedGoalIn
from rehab.contracts.planning import IntakeIn, Text, ToleranceIn


class ToleranceRebaselineIn(Wire):
    """Tolerances the clinician measured again (clinical reference §3.4: one to three measures on
    different days, averaged). From now on the planner starts below these, not the intake's."""

    measured_on: IsoDate = Field(description="the day the last of the measures was taken; not after today")
    tolerances: Annotated[list[ToleranceIn], Field(min_length=1, max_length=30)]
    note: Text | None = Field(None, description="what changed, in the clinic's words")

    @model_validator(mode="after")
    def _one_each(self) -> ToleranceRebaselineIn:
        seen: set[str] = set()
        for i, t in enumerate(self.tolerances):
            if t.activity in seen:
                raise ValueError(f"tolerances[{i}].activity: {t.activity} is measured twice")
            seen.add(t.activity)
        return self


class MeasuredToleranceOut(WireOut):
    activity: str
    dimension: str
    measures: list[float]
    mean: float


class ToleranceBaselineOut(WireOut):
    """A stored tolerance re-baseline: what was measured, when, and who confirmed it."""

    id: uuid.UUID
    measured_on: date
    tolerances: list[MeasuredToleranceOut]
    note: str | None
    recorded_by: uuid.UUID
    recorded_by_name: str | None
    created_at: datetime


class GoalProposalIn(Wire):
    """Ask the planner what the changed goal means for the program in force. Nothing is stored."""

    goal_change_id: uuid.UUID = Field(description="the change of the goal this follows (the goal's latest change)")
    goal: PlannedGoalIn = Field(
        description="the changed goal as the planner reads it; it replaces the planned goal with the same id, "
                    "or is added as a new goal")
    intake: IntakeIn | None = Field(
        None, description="leave out to re-plan from the intake the program in force was planned from")


class GoalProposalAcceptIn(GoalProposalIn):
    """Accept the proposal, all of it or some changes, as a new program version."""

    reason: Text = Field(description="why, for the program's history")
    activities: list[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,100}$")]] | None = Field(
        None, max_length=60, description="the activities whose changes are accepted; leave out to accept them all")


class ProposedChangeOut(WireOut):
    kind: Literal["added", "removed", "changed", "kept"]
    activity_id: str
    name: str
    dose: DoseOut | None = Field(description="the dose it goes on at; null when removed")
    carries_progress: bool = Field(description="true when the dose reached so far is kept unchanged")
    reasons: list[str]
    rationale: list[str] = Field(description="for the clinician: the planner's readings, rules and sources")


class GoalProposalOut(WireOut):
    goal_id: uuid.UUID
    goal_change_id: uuid.UUID
    program_version: int = Field(description="the version in force that the proposal changes")
    phase: str
    tolerance_baseline: date | None = Field(
        description="the day of the tolerance re-baseline the planner used; null: the intake's tolerances")
    changes: list[ProposedChangeOut]
    accepted_version: int | None = Field(None, description="the version that accepted this goal change, if any")
