"""Self-management within agreed bounds, and the insights of a patient's diary."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status

from rehab.contracts.checkin import IsoDate
from rehab.contracts.insights import InsightsOut
from rehab.contracts.paging import Page
from rehab.contracts.self_management import (
    AdjustmentResult,
    AgreedBoundsOut,
    BoundsIn,
    SelfAdjustmentIn,
    SelfAdjustmentOut,
)
from rehab.services import insights, self_management
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute, refusals
from rehab.web.deps import CHECKED, CurrentActor, PageAsked, Token, UoW, in_one_hop, one_page

router = APIRouter(prefix=API, tags=["self-management and insights"], route_class=DocumentedRoute, dependencies=CHECKED)


@router.get("/patients/{patient_id}/bounds")
def agreed_bounds(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> list[AgreedBoundsOut]:
    """What the patient may change on their own in each activity of the current program (``bounds``
    null: nothing agreed, so nothing may be changed)."""
    return self_management.agreed_bounds(uow, actor, patient_id)


@router.put("/patients/{patient_id}/activities/{activity_id}/bounds")
def set_bounds(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, activity_id: str,
               bounds: BoundsIn) -> AgreedBoundsOut:
    """Record the bounds agreed with the patient for one activity (clinicians). Earlier bounds are
    kept; these apply from now on. An alternative for a swap must be another activity of the program."""
    return self_management.set_bounds(uow, actor, patient_id, activity_id, bounds)


@router.post("/patients/{patient_id}/adjustments", status_code=status.HTTP_201_CREATED,
             responses={200: {"model": AdjustmentResult,
                              "description": "A retry with the same id: the stored change; nothing new."},
                        **refusals(409)})
async def adjust(request: Request, response: Response, uow: UoW, token: Token, patient_id: uuid.UUID,
                 change: SelfAdjustmentIn) -> AdjustmentResult:
    """Change one session within the agreed bounds: an easier or harder step, a move to another day,
    a swap for an agreed alternative, or a shorter session. Checked by the same rule as
    ``rehab adjust``; an allowed change is stored (201) and the next check-in takes it into account.
    A change outside the bounds is 422: ``error`` names the field and says why in plain words, and
    nothing is stored."""
    result = await in_one_hop(request, uow, token, lambda actor: self_management.adjust(uow, actor, patient_id, change))
    response.status_code = status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED
    return result


@router.get("/patients/{patient_id}/adjustments", response_model=Page[SelfAdjustmentOut])
async def list_adjustments(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked,
                           since: IsoDate | None = None) -> Response:
    """The changes the patient made, newest first, a page at a time (``limit``, then ``cursor``),
    with what they were told and the bound that allowed it."""
    return await one_page(request, uow, token,
                          lambda actor: self_management.adjustment_page(uow, actor, patient_id, page, since))


@router.get("/patients/{patient_id}/insights")
def diary_insights(request: Request, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> InsightsOut:
    """Patterns in the patient's own diary (the same JSON as ``rehab insights``): associations to
    explore, never causes; see docs/insights.md for the method."""
    return insights.diary_insights(uow, actor, patient_id, request.app.state.clock().date())
