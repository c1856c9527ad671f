"""What clinicians and admins oversee: open alerts, the audit log, and the nightly missed-log check."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from rehab.contracts.paging import Page
from rehab.contracts.records import AlertOut, AuditOut
from rehab.services import checkins
from rehab.services.access import (
    ADMIN,
    CLINICIAN,
    Actor,
    audit,
    audit_each,
    open_patient,
    require_role,
)
from rehab.services.errors import NotFound
from rehab.services.paging import Paging, read_page
from rehab.services.patients import MISSED_LOG_DAYS
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork


def alert_out(row: tables.Alert) -> AlertOut:
    return AlertOut(id=row.id, patient_id=row.patient_id, code=row.code, severity=row.severity, message=row.message,
                    created_at=row.created_at, acknowledged_at=row.acknowledged_at)


ALERT_ORDER = (tables.Alert.created_at, tables.Alert.id)
AUDIT_ORDER = (tables.AuditEntry.at, tables.AuditEntry.id)


def open_alerts(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID | None = None,
                paging: Paging = Paging(limit=500)) -> list[AlertOut]:
    """The clinic's open alerts, newest first (the pages show the first 500)."""
    return alert_page(uow, actor, paging, patient_id).items


def alert_page(uow: UnitOfWork, actor: Actor, paging: Paging, patient_id: uuid.UUID | None = None) -> Page[AlertOut]:
    """Open alerts of the clinic (or of one patient), newest first, one page at a time."""
    require_role(actor, CLINICIAN)
    with uow:
        query = select(tables.Alert).where(tables.Alert.clinic_id == actor.clinic_id,
                                           tables.Alert.acknowledged_at.is_(None))
        if patient_id is not None:
            open_patient(uow, actor, patient_id, action="read", resource="alerts", roles=(CLINICIAN,))
            query = query.where(tables.Alert.patient_id == patient_id)
        out = read_page(uow.session, query, ALERT_ORDER, paging, alert_out)
        audit_each(uow, actor, "read", "alert", [alert.patient_id for alert in out.items])
        uow.commit()
        return out


def acknowledge(uow: UnitOfWork, actor: Actor, alert_id: uuid.UUID) -> AlertOut:
    with uow:
        row = uow.session.get(tables.Alert, alert_id)
        unseen = f"no alert {alert_id}"
        if row is None:
            raise NotFound(unseen)
        open_patient(uow, actor, row.patient_id, action="update", resource="alert", roles=(CLINICIAN,), resource_id=alert_id,
                     unseen=unseen)
        if row.acknowledged_at is None:
            row.acknowledged_at, row.acknowledged_by = uow.now(), actor.user_id
        uow.commit()
        return alert_out(row)


def audit_out(r: tables.AuditEntry) -> AuditOut:
    return AuditOut(at=r.at, user_id=r.user_id, role=r.role, action=r.action, resource=r.resource,
                    resource_id=r.resource_id, patient_id=r.patient_id, address=r.address)


def audit_trail(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging = Paging()) -> Page[AuditOut]:
    """Who read or wrote this patient's data, newest first, one page at a time. Clinicians and
    admins of the clinic may look; reading the trail is itself recorded."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="audit_log", roles=(CLINICIAN, ADMIN))
        query = select(tables.AuditEntry).where(tables.AuditEntry.patient_id == patient_id)
        out = read_page(uow.session, query, AUDIT_ORDER, paging, audit_out)
        uow.commit()
        return out


def full_audit_trail(uow: UnitOfWork, patient_id: uuid.UUID) -> list[AuditOut]:
    """The whole trail for an operator at the server (``rehab audit --patient ID``)."""
    with uow:
        if uow.session.get(tables.Patient, patient_id) is None:
            raise NotFound(f"no patient {patient_id}")
        rows = uow.session.scalars(select(tables.AuditEntry).where(tables.AuditEntry.patient_id == patient_id)
                                   .order_by(tables.AuditEntry.at, tables.AuditEntry.id))
        out = [audit_out(r) for r in rows]
        audit(uow, None, "read", "audit_log", None, patient_id)
        uow.commit()
        return out


def missed_logs(uow: UnitOfWork, today: date) -> int:
    """Nightly: an alert for each active patient with no log for ``MISSED_LOG_DAYS`` days (one open
    alert each; running it twice adds nothing). Returns how many alerts were raised."""
    with uow:
        cutoff = today - timedelta(days=MISSED_LOG_DAYS)
        quiet = uow.session.scalars(select(tables.Patient).where(
            tables.Patient.status == "active",
            (tables.Patient.last_entry_on <= cutoff) | (tables.Patient.last_entry_on.is_(None) & (tables.Patient.enrolled_on <= cutoff))))
        raised = 0
        for patient in quiet:
            before = uow.session.scalar(select(tables.Alert.id).where(
                tables.Alert.patient_id == patient.id, tables.Alert.code == "missed_logs",
                tables.Alert.acknowledged_at.is_(None)).limit(1))
            if before is None:
                days = (today - patient.last_entry_on).days if patient.last_entry_on else None
                checkins.raise_alert(uow, patient, "missed_logs", "routine",
                                     f"No diary or session logged for {days} days." if days else "Nothing logged since enrolment.")
                raised += 1
        uow.commit()
        return raised
