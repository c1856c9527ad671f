"""Who may see and change what, decided in one place, and every access to patient data audited.

- A patient sees and writes only their own records, and only what is theirs to write (diary,
  sessions, a flare, red-flag answers).
- A clinician sees and writes the records of their own clinic's patients.
- An admin manages their clinic's users and reads its audit log; clinical records are not theirs
  to open.

A record outside what a person may see is reported as not found, so its existence is not given
away: the answer is the same, byte for byte, as for a record that was never stored, and it names
only what was asked for (a goal reached by its own id is "no goal <id>", never the patient it
belongs to). A record they may see but not change is refused. Every service that touches a
patient's data goes through :func:`open_patient`, which also writes the audit entry; a refusal is
written to the audit log by :func:`record_refusal` in a transaction of its own, since the use
case's own transaction is rolled back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import bindparam, insert, select

from rehab.services.errors import Denied, NotFound
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

T = TypeVar("T")
ADMIN, CLINICIAN, PATIENT = "admin", "clinician", "patient"
ROLES = (ADMIN, CLINICIAN, PATIENT)
CARE_TEAM = (CLINICIAN,)
CARE_TEAM_AND_PATIENT = (CLINICIAN, PATIENT)


@dataclass(frozen=True)
class Actor:
    """The person asking, as their login says: user, role, clinic, and (for a patient) which
    patient record is theirs; ``address`` is where the request came from, for the audit log."""

    user_id: uuid.UUID
    role: str
    clinic_id: uuid.UUID
    patient_id: uuid.UUID | None = None
    address: str | None = None


_AUDIT_ENTRY = insert(tables.AuditEntry.__table__)


def audit(uow: UnitOfWork, actor: Actor | None, action: str, resource: str,
          resource_id: object = None, patient_id: uuid.UUID | None = None, address: str | None = None) -> None:
    """Write one audit entry now, in the use case's transaction (so it is kept exactly when the
    use case's work is). A plain insert: every request writes one, and the ORM adds nothing here.
    ``address`` is where the request came from when there is no actor (a failed login)."""
    uow.session.connection().execute(_AUDIT_ENTRY, {
        "at": uow.now(),
        "user_id": actor.user_id if actor else None,
        "role": actor.role if actor else None,
        "action": action,
        "resource": resource,
        "resource_id": None if resource_id is None else str(resource_id),
        "patient_id": patient_id,
        "address": actor.address if actor else address,
    })


def audit_each(uow: UnitOfWork, actor: Actor, action: str, resource: str, patient_ids: list[uuid.UUID]) -> None:
    """One audit entry per patient, written in one statement (a caseload lists hundreds). Core's
    executemany, not the ORM's bulk insert: the ORM path checks each row's keys against the mapper
    and took three quarters of a 300-patient caseload's time (profiled 2026-12-03)."""
    if patient_ids:
        at = uow.now()
        uow.session.connection().execute(_AUDIT_ENTRY, [
            {"at": at, "user_id": actor.user_id, "role": actor.role, "action": action, "resource": resource,
             "resource_id": str(pid), "patient_id": pid, "address": actor.address} for pid in patient_ids])


def _may_see(actor: Actor, patient_id: uuid.UUID, clinic_id: uuid.UUID) -> bool:
    if actor.role == PATIENT:
        return actor.patient_id == patient_id
    return actor.clinic_id == clinic_id


def _allow(actor: Actor, patient_id: uuid.UUID, clinic_id: uuid.UUID | None, action: str, resource: str,
           roles: tuple[str, ...], unseen: str | None = None) -> None:
    """The rule itself: not found unless they may see the patient; refused unless their role may
    do this. ``unseen`` is the not-found answer when the record was asked for by its own id (the
    words for an id that was never stored), so the patient's id is never given away."""
    if clinic_id is None or not _may_see(actor, patient_id, clinic_id):
        raise NotFound(unseen or f"no patient {patient_id}", patient_id=patient_id if clinic_id else None)
    if actor.role not in roles:
        raise Denied(f"a {actor.role} may not {action} {resource.replace('_', ' ')}", patient_id=patient_id)


def open_patient(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, *, action: str, resource: str,
                 roles: tuple[str, ...], resource_id: object = None, unseen: str | None = None) -> tables.Patient:
    """The patient record, if ``actor`` may do ``action`` on their ``resource``; audited. When the
    patient was found through another record (a goal, a decision, an alert), ``unseen`` is what
    an unknown id of that record answers, and it is the answer here too for someone who may not
    see the patient."""
    patient = uow.session.get(tables.Patient, patient_id)
    _allow(actor, patient_id, patient.clinic_id if patient else None, action, resource, roles, unseen)
    audit(uow, actor, action, resource, resource_id, patient_id)
    return patient


_CLINIC_OF = (select(tables.Patient.clinic_id, tables.Patient.enrolled_on)
              .where(tables.Patient.id == bindparam("patient_id")))


def check_patient(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, *, action: str, resource: str,
                  roles: tuple[str, ...], resource_id: object = None) -> date:
    """The same rule and audit entry as :func:`open_patient`, for a use case that does not need
    the record (a phone's diary entry): two columns read instead of loading the patient. Returns
    the patient's enrolment day, which bounds the dates of their logs."""
    row = uow.session.connection().execute(_CLINIC_OF, {"patient_id": patient_id}).first()
    _allow(actor, patient_id, row.clinic_id if row else None, action, resource, roles)
    audit(uow, actor, action, resource, resource_id, patient_id)
    return row.enrolled_on


REFUSED = "refused"


def record_refusal(uow: UnitOfWork, actor: Actor, asked: str, record_id: str | None,
                   patient_id: uuid.UUID | None) -> None:
    """Write a refused attempt (403 or 404) to the audit log: who, what they asked for (``asked``:
    the method and the address, e.g. ``PATCH /api/v1/goals/{}``), the id, and from where.
    ``patient_id`` is the patient whose record it was or whom the address names, so the patient's
    own clinic sees the attempt in that patient's trail. Its own transaction: the refused use case
    wrote nothing."""
    with uow:
        audit(uow, actor, REFUSED, asked[:60], None if record_id is None else record_id[:60], patient_id)
        uow.commit()


def read_audited(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, *, resource: str, roles: tuple[str, ...],
                 read: Callable[[UnitOfWork], T]) -> T:
    """A read of a patient's records: the same rule as :func:`check_patient`, ``read`` done in a
    read-only transaction, then the audit entry written and committed before anything is given
    back (a read whose audit entry fails is never answered).

    On SQLite a writing transaction holds the database's one write lock from its start, so a list
    read inside it (a hundred rows, built and validated) held every other writer and reader behind
    it; the lock is now taken only for the audit entry's INSERT."""
    reading = uow.reading()
    with reading:
        row = reading.session.connection().execute(_CLINIC_OF, {"patient_id": patient_id}).first()
        _allow(actor, patient_id, row.clinic_id if row else None, "read", resource, roles)
        out = read(reading)
    with uow:
        audit(uow, actor, "read", resource, None, patient_id)
        uow.commit()
    return out


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise Denied(f"only {' or '.join(roles)} users may do this")
