"""Re-planning a running program: the planner's proposal after a goal changed, its acceptance as a
new version, and tolerances measured again (issue 13)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status

from rehab.contracts.records import ProgramVersionOut
from rehab.contracts.replanning import (
    GoalProposalAcceptIn,
    GoalProposalIn,
    GoalProposalOut,
    ToleranceBaselineOut,
    ToleranceRebaselineIn,
)
from rehab.contracts.paging import Page
from rehab.services import program_proposals, tolerances
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute
from rehab.web.deps import CHECKED, CurrentActor, PageAsked, Token, UoW, one_page

router = APIRouter(prefix=API, tags=["programs"], route_class=DocumentedRoute, dependencies=CHECKED)


@router.post("/patients/{patient_id}/goals/{goal_id}/program-proposal")
def propose_program(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, goal_id: uuid.UUID,
                    given: GoalProposalIn) -> GoalProposalOut:
    """After a goal changed: the planner's changes to the program in force, each with its reason
    (added, removed, changed, kept; progressed doses kept, never above the latest measured
    tolerance). Nothing is stored: a proposal is not a program version until accepted."""
    return program_proposals.propose(uow, actor, patient_id, goal_id, given)


@router.post("/patients/{patient_id}/goals/{goal_id}/program-proposal/accept", status_code=status.HTTP_201_CREATED,
             responses={200: {"model": ProgramVersionOut,
                              "description": "This goal change was accepted before: its version, nothing added."}})
def accept_program_proposal(response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
                            goal_id: uuid.UUID, given: GoalProposalAcceptIn) -> ProgramVersionOut:
    """Accept the proposal (all changes, or the ``activities`` named) as the next program version,
    which records the goal change it follows. One goal change makes one version: accepting it
    again answers 200 with that version."""
    out, replayed = program_proposals.accept(uow, actor, patient_id, goal_id, given)
    if replayed:
        response.status_code = status.HTTP_200_OK
    return out


@router.post("/patients/{patient_id}/tolerances", status_code=status.HTTP_201_CREATED,
             responses={200: {"model": ToleranceBaselineOut,
                              "description": "The same measurements confirmed again: the stored ones."}})
def rebaseline_tolerances(response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
                          given: ToleranceRebaselineIn) -> ToleranceBaselineOut:
    """Tolerances measured again (clinical reference §3.4); from now on the planner starts below
    them. Clinicians of the patient's clinic only; also part of POST /patients/{id}/reassessments."""
    out, replayed = tolerances.rebaseline_tolerances(uow, actor, patient_id, given)
    if replayed:
        response.status_code = status.HTTP_200_OK
    return out


@router.get("/patients/{patient_id}/tolerances", response_model=Page[ToleranceBaselineOut])
async def tolerance_history(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID,
                            page: PageAsked) -> Response:
    """The tolerance re-baselines, newest first, a page at a time (``limit``, then ``cursor``): the
    first is the one the planner uses."""
    return await one_page(request, uow, token, lambda actor: tolerances.tolerance_page(uow, actor, patient_id, page))
