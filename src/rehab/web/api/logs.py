"""Sessions, diary entries, flares, decisions and overrides."""

from __future__ import annotations

import uuid
from fastapi import APIRouter, Request, Response, status

from rehab.contracts.checkin import DecisionOut, IsoDate
from rehab.contracts.paging import Page
from rehab.contracts.records import (
    DiaryEntryIn,
    DiaryEntryOut,
    FlareIn,
    LogResult,
    OverrideIn,
    OverrideOut,
    SessionLogIn,
    SessionLogOut,
    StoredDecision,
)
from rehab.services import logs
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute, refusals
from rehab.web.deps import CHECKED, CurrentActor, PageAsked, Token, UoW, in_one_hop, one_page

router = APIRouter(prefix=API, tags=["logs and decisions"], route_class=DocumentedRoute, dependencies=CHECKED)

# A write retried with the same id answers 200 with what was stored; the same id with other content is 409.
RETRIED_WRITE = {200: {"model": LogResult, "description": "A retry with the same id: the stored result; nothing new."},
                 **refusals(409)}


def _created(response: Response, result: LogResult) -> LogResult:
    response.status_code = status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED
    return result


@router.post("/patients/{patient_id}/sessions", status_code=status.HTTP_201_CREATED, responses=RETRIED_WRITE)
async def log_session(request: Request, response: Response, uow: UoW, token: Token, patient_id: uuid.UUID,
                      entry: SessionLogIn) -> LogResult:
    """Log a session; the activity's check-in runs and its decision comes back. Retrying with the
    same id returns the stored result (200) and creates nothing. While a red flag answered yes
    (an emergency or urgent referral) waits for a clinician's review, a new session is refused
    (409, the reason in ``error``) and nothing is stored."""
    return _created(response, await in_one_hop(request, uow, token,
                                               lambda actor: logs.log_session(uow, actor, patient_id, entry)))


@router.get("/patients/{patient_id}/sessions", response_model=Page[SessionLogOut])
async def list_sessions(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked,
                        since: IsoDate | None = None) -> Response:
    """The patient's session logs, newest first, a page at a time (``limit``, then ``cursor``)."""
    return await one_page(request, uow, token, lambda actor: logs.session_page(uow, actor, patient_id, page, since))


@router.post("/patients/{patient_id}/diary", status_code=status.HTTP_201_CREATED, responses=RETRIED_WRITE)
async def log_diary(request: Request, response: Response, uow: UoW, token: Token, patient_id: uuid.UUID,
                    entry: DiaryEntryIn) -> LogResult:
    """Add a diary entry (several a day are fine); the check-ins run moments later (see
    ``checkins`` in the answer), or at once for a declared flare."""
    return _created(response, await in_one_hop(request, uow, token,
                                               lambda actor: logs.log_diary(uow, actor, patient_id, entry)))


@router.get("/patients/{patient_id}/diary", response_model=Page[DiaryEntryOut])
async def list_diary(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked,
                     since: IsoDate | None = None) -> Response:
    """The patient's diary, newest first, a page at a time (``limit``, then ``cursor``)."""
    return await one_page(request, uow, token, lambda actor: logs.diary_page(uow, actor, patient_id, page, since))


@router.post("/patients/{patient_id}/flare", status_code=status.HTTP_201_CREATED, responses=RETRIED_WRITE)
async def declare_flare(request: Request, response: Response, uow: UoW, token: Token, patient_id: uuid.UUID,
                        flare: FlareIn) -> LogResult:
    """"I'm having a flare": records it and returns each activity's flare plan."""
    return _created(response, await in_one_hop(request, uow, token,
                                               lambda actor: logs.declare_flare(uow, actor, patient_id, flare)))


@router.get("/patients/{patient_id}/decisions", response_model=Page[StoredDecision])
async def list_decisions(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked,
                         activity_id: str | None = None, since: IsoDate | None = None) -> Response:
    """The patient's decisions with any override, newest first, a page at a time."""
    return await one_page(request, uow, token,
                          lambda actor: logs.decision_page(uow, actor, patient_id, page, activity_id, since))


@router.post("/patients/{patient_id}/activities/{activity_id}/check-in", status_code=status.HTTP_201_CREATED)
def check_in(request: Request, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, activity_id: str) -> DecisionOut:
    """Run one activity's check-in now (the same decision JSON as `rehab check-in`)."""
    return logs.run_check_in(uow, actor, patient_id, activity_id, request.app.state.clock().date())


@router.post("/decisions/{decision_id}/override", status_code=status.HTTP_201_CREATED, responses=refusals(409))
def override(uow: UoW, actor: CurrentActor, decision_id: uuid.UUID, given: OverrideIn) -> OverrideOut:
    """Decide in place of the engine, with a reason that is stored and shown."""
    return logs.override_decision(uow, actor, decision_id, given)
