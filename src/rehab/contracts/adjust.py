"""The contract of ``rehab adjust``: a proposed self-adjustment in, the answer out.

The input is a check-in document (the activity, strategy, agreed ``bounds``, the sessions and
earlier ``adjustments``, any flare in progress) with one more field, ``proposal``; so a patient app
sends what it already has. The answer says whether the change is allowed, why in plain words, and,
when allowed, the entry to append to the check-in's ``adjustments``.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from rehab.contracts.checkin import CheckInRequest
from rehab.contracts.self_management import AdjustmentIn
from rehab.contracts.wire import DoseOut, Wire, WireOut, dose_out
from rehab.core.engine.self_management import busy_days, check_adjustment
from rehab.core.models import AdjustmentCheck, AdjustmentKind


class AdjustRequest(CheckInRequest):
    """A check-in document plus the change the patient proposes."""

    proposal: AdjustmentIn = Field(description="the change the patient proposes to one session")

    def check(self) -> AdjustmentCheck:
        ci = self.to_core()
        busy = busy_days(ci.sessions, ci.adjustments, ci.experiments)
        return check_adjustment(self.proposal.to_core(), ci.activity, ci.bounds, ci.strategy,
                                in_flare=ci.flare_episode is not None, busy_days=busy)


class AdjustmentOut(WireOut):
    date: date
    kind: AdjustmentKind
    dose: DoseOut | None
    moved_to: date | None
    alternative: str | None
    reason: str | None


class AdjustResultOut(WireOut):
    """Whether the proposed change is allowed, and why."""

    allowed: bool
    reason: str = Field(description="why, in plain words, for the patient")
    bound: str = Field(description="the agreed bound that decided, for the clinician")
    log: AdjustmentOut | None = Field(description="when allowed: append to the check-in's adjustments; null when refused")

    @classmethod
    def from_core(cls, result: AdjustmentCheck) -> AdjustResultOut:
        a = result.adjustment
        log = AdjustmentOut(date=a.date, kind=a.kind, dose=dose_out(a.dose) if a.dose else None, moved_to=a.moved_to,
                            alternative=a.alternative, reason=a.reason) if result.allowed else None
        return cls(allowed=result.allowed, reason=result.reason, bound=result.bound, log=log)
