"""Alerts and the audit log."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from rehab.contracts.records import AlertOut, AuditOut
from rehab.services import oversight
from rehab.web.api.responses import DocumentedRoute
from rehab.web.deps import CurrentActor, UoW

router = APIRouter(tags=["oversight"], route_class=DocumentedRoute)


@router.get("/alerts")
def open_alerts(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID | None = None) -> list[AlertOut]:
    """Open alerts of the clinic: referrals, flares, stalls, missed logs, safety findings."""
    return oversight.open_alerts(uow, actor, patient_id)


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(uow: UoW, actor: CurrentActor, alert_id: uuid.UUID) -> AlertOut:
    return oversight.acknowledge(uow, actor, alert_id)


@router.get("/patients/{patient_id}/audit")
def audit_trail(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> list[AuditOut]:
    """Who read or wrote this patient's data (read-only: the log cannot be changed)."""
    return oversight.audit_trail(uow, actor, patient_id)
