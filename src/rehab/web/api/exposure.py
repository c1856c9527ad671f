"""Graded exposure: the fear hierarchy a clinician builds with the patient, and the patient's
behavioural experiments, each of which runs the exposure activity's check-in."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status

from rehab.contracts.fear_hierarchy import (
    ExperimentLogIn,
    ExperimentOut,
    ExperimentResult,
    FearHierarchyOut,
    FearItemIn,
    FearRatingIn,
    SafetyBehavioursIn,
)
from rehab.contracts.paging import Page
from rehab.services import exposure
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute, refusals
from rehab.web.deps import CHECKED, CurrentActor, PageAsked, Token, UoW, one_page

router = APIRouter(prefix=API, tags=["graded exposure"], route_class=DocumentedRoute, dependencies=CHECKED)

HIERARCHY_AGAIN = {200: {"model": FearHierarchyOut, "description": "The same rating sent again: nothing new."}}


def _created(response: Response, replayed: bool) -> None:
    response.status_code = status.HTTP_200_OK if replayed else status.HTTP_201_CREATED


@router.get("/patients/{patient_id}/fear-hierarchy")
def get_hierarchy(request: Request, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> FearHierarchyOut:
    """The fear hierarchy from the least to the most feared activity, each with every harm rating
    (0-100) and whether it changed by more than the true-change margin (20 points, §3.3); the item
    practised now; the safety behaviours agreed."""
    return exposure.fear_hierarchy(uow, actor, patient_id, request.app.state.clock().date())


@router.post("/patients/{patient_id}/fear-hierarchy/items", status_code=status.HTTP_201_CREATED,
             responses={**HIERARCHY_AGAIN, **refusals(409)})
def add_item(request: Request, response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
             given: FearItemIn) -> FearHierarchyOut:
    """Put an activity on the hierarchy (a library daily activity or the person's own words) with
    how harmful it feels, 0-100. Clinicians of the patient's clinic only. The same item sent again
    answers 200 and adds nothing; other words for an item already there are a conflict (409)."""
    out, replayed = exposure.add_item(uow, actor, patient_id, given, request.app.state.clock().date())
    _created(response, replayed)
    return out


@router.post("/patients/{patient_id}/fear-hierarchy/items/{item_id}/ratings", status_code=status.HTTP_201_CREATED,
             responses=HIERARCHY_AGAIN)
def rerate(request: Request, response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, item_id: str,
           given: FearRatingIn) -> FearHierarchyOut:
    """Re-rate one item; the earlier ratings are kept. The same rating the same day again answers 200."""
    out, replayed = exposure.rerate(uow, actor, patient_id, item_id, given, request.app.state.clock().date())
    _created(response, replayed)
    return out


@router.put("/patients/{patient_id}/fear-hierarchy/safety-behaviours")
def set_safety_behaviours(request: Request, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
                          given: SafetyBehavioursIn) -> FearHierarchyOut:
    """The safety behaviours agreed with the patient (bracing, holding the breath, ...); an
    experiment can name only these."""
    return exposure.set_safety_behaviours(uow, actor, patient_id, given, request.app.state.clock().date())


@router.post("/patients/{patient_id}/experiments", status_code=status.HTTP_201_CREATED,
             responses={200: {"model": ExperimentResult, "description": "A retry with the same id: the stored result."},
                        **refusals(409)})
def log_experiment(response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
                   given: ExperimentLogIn) -> ExperimentResult:
    """Log a behavioural experiment; the graded-exposure activity's check-in runs (as `rehab
    check-in` with the graded_exposure strategy) and its decision names the item to practise next.
    A retry with the same id returns the stored result (200); while an emergency or urgent referral
    stands it is refused (409) and nothing is stored."""
    result = exposure.log_experiment(uow, actor, patient_id, given)
    _created(response, result.replayed)
    return result


@router.get("/patients/{patient_id}/experiments", response_model=Page[ExperimentOut])
async def list_experiments(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID,
                           page: PageAsked) -> Response:
    """The experiments, newest first, a page at a time (``limit``, then ``cursor``), each with what
    it showed in the patient's words."""
    return await one_page(request, uow, token, lambda actor: exposure.experiment_page(uow, actor, patient_id, page))
