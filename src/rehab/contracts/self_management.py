"""The self-management part of the check-in contract: the bounds agreed with the clinician and the
changes the patient made within them (``docs/check-in.md``, "Self-management")."""

from __future__ import annotations

import uuid
from datetime import date as date_
from datetime import datetime
from typing import Annotated

from pydantic import Field, Strict, model_validator

from rehab.contracts.wire import DoseIn, DoseOut, IsoDate, Wire, WireOut
from rehab.core.models import AdjustmentKind, SelfAdjustment, SelfManagementBounds

Steps = Annotated[int, Strict(), Field(ge=0, le=10)]
Name = Annotated[str, Field(min_length=1, max_length=100)]


class BoundsIn(Wire):
    """What the patient may change on their own; anything left out is not agreed."""

    easier_steps: Steps = Field(0, description="steps down the activity's ladder the patient may choose")
    harder_steps: Steps = Field(0, description="steps up the ladder the patient may choose")
    ceiling: DoseIn | None = Field(None, description="never above this dose, whatever the steps")
    shortest: DoseIn | None = Field(None, description="a session may be shortened down to this dose")
    move_within_days: Annotated[int, Strict(), Field(ge=0, le=6)] = Field(
        0, description="a session may move this many days earlier or later")
    alternatives: list[Name] = Field(default_factory=list, max_length=20, description="agreed swaps (activity ids)")

    def to_core(self) -> SelfManagementBounds:
        return SelfManagementBounds(
            self.easier_steps, self.harder_steps, self.ceiling.to_core() if self.ceiling else None,
            self.shortest.to_core() if self.shortest else None, self.move_within_days, tuple(self.alternatives),
        )


class AdjustmentIn(Wire):
    """A change to one session the patient made or proposes."""

    date: IsoDate = Field(description="the session's day (for a move: the day it was planned for)")
    kind: AdjustmentKind
    dose: DoseIn | None = Field(None, description="easier, harder, shorten: the dose chosen")
    moved_to: IsoDate | None = Field(None, description="move: the new day")
    alternative: Name | None = Field(None, description="swap: the agreed alternative chosen")
    reason: Annotated[str, Field(max_length=300)] | None = Field(None, description="in the patient's words")

    @model_validator(mode="after")
    def _complete(self) -> AdjustmentIn:
        needs = {AdjustmentKind.MOVE: "moved_to", AdjustmentKind.SWAP: "alternative"}.get(self.kind, "dose")
        if getattr(self, needs) is None:
            raise ValueError(f"{needs}: is required when kind is {self.kind.value}")
        return self

    def to_core(self) -> SelfAdjustment:
        return SelfAdjustment(self.date, self.kind, self.dose.to_core() if self.dose else None, self.moved_to,
                              self.alternative, self.reason)


# ---- on the server: the bounds a clinician records, the changes a patient makes ---------------------


class AgreedBoundsOut(WireOut):
    """The bounds in force for one activity of the current program (none agreed: ``bounds`` null,
    and the patient may change nothing on their own)."""

    activity_id: str
    name: str = Field(description="the activity's name on the program")
    bounds: BoundsIn | None
    set_by_name: str | None = None
    set_at: datetime | None = None


class SelfAdjustmentIn(AdjustmentIn):
    """A change the patient makes to one session of an activity of their current program."""

    id: uuid.UUID = Field(description="made by the client; a retry with the same id creates nothing new")
    activity_id: Name


class SelfAdjustmentOut(WireOut):
    """A stored change, with what the patient was told and the agreed bound that allowed it."""

    id: uuid.UUID
    activity_id: str
    date: date_
    kind: AdjustmentKind
    dose: DoseOut | None
    moved_to: date_ | None
    alternative: str | None
    reason: str | None = Field(description="the patient's own words")
    answer: str = Field(description="what the patient was told, in plain words")
    bound: str = Field(description="the agreed bound that allowed it, for the clinician")
    recorded_at: datetime


class AdjustmentResult(WireOut):
    """An allowed change, stored. ``replayed``: the same id was sent before, and this is what was
    stored then (a refused change is a 422 whose ``error`` says why in plain words)."""

    replayed: bool
    adjustment: SelfAdjustmentOut
