"""The program review after a stall on the wire: what the records show before the review (the
pre-fill), the review the clinician sends, and the stored review (``docs/web.md``, "Program review
after a stall")."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from rehab.contracts.records import AlertOut, GoalOut, GoalUpdate, ProgramVersionOut, Text
from rehab.contracts.wire import DoseIn, DoseOut, Wire, WireOut
from rehab.core.models import Strategy
from rehab.core.planning.review import BARRIERS

Barrier = Literal["adherence", "pain_beliefs", "sleep", "workload", "dose_too_high", "dose_too_low",
                  "wrong_exercise", "other"]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
ActivityId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,100}$")]

assert set(Barrier.__args__) == set(BARRIERS)  # type: ignore[attr-defined]


class BarrierIn(Wire):
    barrier: Barrier
    note: Note | None = Field(None, description="what the clinician and patient found; needed for 'other'")

    @model_validator(mode="after")
    def _other_is_said(self) -> BarrierIn:
        if self.barrier == "other" and not self.note:
            raise ValueError("note: say what the other barrier is")
        return self


class GoalRestatedIn(Wire):
    """A goal re-expressed with the patient: any field of a goal change, kept in its history."""

    goal_id: uuid.UUID
    change: GoalUpdate


class ActivityPlanIn(Wire):
    """One activity of the new plan, in the new order; left out, it stops. A strategy or dose left
    out stays as it is. A library exercise not in the program is added (symptom-contingent at the
    low end of its dose ranges unless given), unless the planner would leave it out for this
    person: then 422 naming it and why."""

    activity_id: ActivityId
    strategy: Strategy | None = None
    dose: DoseIn | None = Field(None, description="the new starting dose; left out, the activity carries on where it is")


class ProgramReviewIn(Wire):
    """The clinician's review: what triggered it, the barriers, the goals re-expressed, the new plan
    and why. Sent again with the same id, nothing new is stored (200)."""

    id: uuid.UUID = Field(description="made by the client; a retry with the same id stores nothing new")
    alert_id: uuid.UUID = Field(description="the 'reformulate' alert this review answers; completing it resolves it")
    barriers: Annotated[list[BarrierIn], Field(min_length=1, max_length=8)]
    goals: Annotated[list[GoalRestatedIn], Field(max_length=20)] = Field(default_factory=list)
    activities: Annotated[list[ActivityPlanIn], Field(min_length=1, max_length=40)] = Field(
        description="the new plan's activities in order")
    reason: Text = Field(description="the clinician's reason for the change")

    @model_validator(mode="after")
    def _distinct(self) -> ProgramReviewIn:
        ids = [a.activity_id for a in self.activities]
        if len(set(ids)) != len(ids):
            raise ValueError("activities: an activity appears twice")
        barriers = [b.barrier for b in self.barriers]
        if len(set(barriers)) != len(barriers):
            raise ValueError("barriers: a barrier appears twice")
        return self


class BarrierSeenOut(WireOut):
    """A barrier the records show, with the patient's values, the threshold and the source."""

    barrier: Barrier
    label: str
    finding: str
    values: dict[str, Any]
    threshold: str
    source: str


class ReviewStartOut(WireOut):
    """What a review starts from: the alert, the barriers the records show, the goals and the plan."""

    alert: AlertOut
    window_days: int
    barriers_seen: list[BarrierSeenOut]
    barriers: dict[str, str] = Field(description="every barrier a review can name, with its label")
    goals: list[GoalOut]
    program: ProgramVersionOut | None


class BarrierOut(WireOut):
    barrier: Barrier
    label: str
    note: str | None
    seen: BarrierSeenOut | None = Field(description="what the records showed, when they showed it")


class ChangeOut(WireOut):
    kind: Literal["sequence", "added", "strategy", "dose"]
    activity_id: str | None
    name: str | None
    before: str | list[str] | DoseOut | None
    after: str | list[str] | DoseOut | None


class ProgramReviewOut(WireOut):
    id: uuid.UUID
    patient_id: uuid.UUID
    alert_id: uuid.UUID
    decision_id: uuid.UUID | None
    checkpoint_id: uuid.UUID | None
    barriers: list[BarrierOut]
    goal_ids: list[uuid.UUID]
    changes: list[ChangeOut]
    reason: str
    patient_words: str = Field(description="why the plan changed, as the patient reads it")
    program_version: int
    recorded_by: uuid.UUID
    created_at: datetime
    replayed: bool = False


class PlanChangeOut(WireOut):
    """The latest review as the patient reads it: the plan's version and why, in plain words."""

    program_version: int
    changed_at: datetime
    why: str
