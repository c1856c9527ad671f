"""The program review after a stall: what the records show for a "reformulate" alert, the
clinician's review (which writes the new program version and resolves the alert), and the reviews
stored."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status

from rehab.contracts.program_review import PlanChangeOut, ProgramReviewIn, ProgramReviewOut, ReviewStartOut
from rehab.contracts.paging import Page
from rehab.services import program_reviews
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute, refusals
from rehab.web.deps import CHECKED, CurrentActor, PageAsked, Token, UoW, one_page

router = APIRouter(prefix=API, tags=["program reviews"], route_class=DocumentedRoute, dependencies=CHECKED)


@router.get("/patients/{patient_id}/alerts/{alert_id}/review")
def start_review(request: Request, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
                 alert_id: uuid.UUID) -> ReviewStartOut:
    """What a review of a 'reformulate' alert starts from: the barriers the last four weeks of
    records show (adherence, sleep, a dose too high or too low), each with the patient's values,
    the threshold and the source; the goals and the current plan. Clinicians of the patient's
    clinic only."""
    return program_reviews.start_review(uow, actor, patient_id, alert_id, request.app.state.clock().date())


@router.post("/patients/{patient_id}/program-reviews", status_code=status.HTTP_201_CREATED,
             responses={200: {"model": ProgramReviewOut, "description": "A retry with the same id: the stored review."},
                        **refusals(409)})
def record_review(response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
                  given: ProgramReviewIn) -> ProgramReviewOut:
    """Complete a review: the barriers found, the goals re-expressed (each kept in its history),
    the new plan (order, strategies, doses) and the reason. Writes a new program version that
    names the review and resolves the alert. A plan that changes nothing, or raises a dose while a
    red flag stands, in a flare or after a step back, is refused (422, naming the field). A retry
    with the same id answers the stored review (200); another review of the same alert is 409."""
    out = program_reviews.record_review(uow, actor, patient_id, given)
    response.status_code = status.HTTP_200_OK if out.replayed else status.HTTP_201_CREATED
    return out


@router.get("/patients/{patient_id}/program-reviews", response_model=Page[ProgramReviewOut])
async def list_reviews(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked) -> Response:
    """The patient's program reviews, newest first, a page at a time (``limit``, then ``cursor``)."""
    return await one_page(request, uow, token, lambda actor: program_reviews.review_page(uow, actor, patient_id, page))


@router.get("/patients/{patient_id}/program/why")
def plan_change(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> PlanChangeOut | None:
    """Why the plan in force changed, in plain words, when it came out of a review (null
    otherwise). The patient and their care team."""
    return program_reviews.plan_change(uow, actor, patient_id)
