"""Alerts and the audit log."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from rehab.contracts.paging import Page
from rehab.contracts.records import AlertOut, AuditOut
from rehab.services import oversight
from rehab.web.deps import CurrentActor, PageAsked, UoW

router = APIRouter(tags=["oversight"])


@router.get("/alerts")
def open_alerts(uow: UoW, actor: CurrentActor, page: PageAsked, patient_id: uuid.UUID | None = None) -> Page[AlertOut]:
    """Open alerts of the clinic: referrals, flares, stalls, missed logs, safety findings; newest first."""
    return oversight.alert_page(uow, actor, page, patient_id)


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(uow: UoW, actor: CurrentActor, alert_id: uuid.UUID) -> AlertOut:
    return oversight.acknowledge(uow, actor, alert_id)


@router.get("/patients/{patient_id}/audit")
def audit_trail(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, page: PageAsked) -> Page[AuditOut]:
    """Who read or wrote this patient's data, newest first (read-only: the log cannot be changed)."""
    return oversight.audit_trail(uow, actor, patient_id, page)
