"""Alerts and the audit log."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from rehab.contracts.paging import Page
from rehab.contracts.records import AlertOut, AuditOut
from rehab.services import oversight
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute
from rehab.web.deps import CHECKED, CurrentActor, PageAsked, Token, UoW, one_page

router = APIRouter(prefix=API, tags=["oversight"], route_class=DocumentedRoute, dependencies=CHECKED)


@router.get("/alerts", response_model=Page[AlertOut])
async def open_alerts(request: Request, uow: UoW, token: Token, page: PageAsked,
                      patient_id: uuid.UUID | None = None) -> Response:
    """Open alerts of the clinic: referrals, flares, stalls, missed logs, safety findings; newest first."""
    return await one_page(request, uow, token, lambda actor: oversight.alert_page(uow, actor, page, patient_id))


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(uow: UoW, actor: CurrentActor, alert_id: uuid.UUID) -> AlertOut:
    return oversight.acknowledge(uow, actor, alert_id)


@router.get("/patients/{patient_id}/audit", response_model=Page[AuditOut])
async def audit_trail(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked) -> Response:
    """Who read or wrote this patient's data, newest first (read-only: the log cannot be changed)."""
    return await one_page(request, uow, token, lambda actor: oversight.audit_trail(uow, actor, patient_id, page))
