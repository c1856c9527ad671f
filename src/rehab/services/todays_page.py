"""Everything the patient's Today page shows, read as one use case.

Today is the page every patient opens first and most often. It needs the person, their current
program (with each activity's dose now), today's guidance and this week's sessions: asked as four
use cases, that was four transactions, four audit entries, four turns of SQLite's write lock and
the program read twice. Here it is one read, one audit entry, and the write lock held only for that
entry (:func:`rehab.services.access.read_audited`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from rehab.contracts.program_review import PlanChangeOut
from rehab.contracts.records import PatientOut, ProgramVersionOut, SessionLogOut
from rehab.core.engine.today import TodaysGuidance
from rehab.services.access import CARE_TEAM_AND_PATIENT, Actor, read_audited
from rehab.services.logs import session_out
from rehab.services.patients import patient_out
from rehab.services import program_reviews, self_management
from rehab.services.programs import version_out
from rehab.services.today import guidance_for
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TodaysPage:
    patient: PatientOut
    program: ProgramVersionOut | None
    guidance: TodaysGuidance
    sessions_this_week: list[SessionLogOut]
    adjustable: frozenset[str] = frozenset()  # activities with bounds the patient may change within
    plan_change: PlanChangeOut | None = None  # why the plan in force changed, when a program review made it


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def todays_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, today: date) -> TodaysPage:
    """The person, their program, today's guidance and the sessions since Monday (one audited read)."""

    def read(reading: UnitOfWork) -> TodaysPage:
        session = reading.session
        patient = session.get(tables.Patient, patient_id)
        program = session.scalar(select(tables.ProgramVersion).where(tables.ProgramVersion.patient_id == patient_id)
                                 .order_by(tables.ProgramVersion.version.desc()).limit(1))
        sessions = session.scalars(select(tables.SessionLog).where(
            tables.SessionLog.patient_id == patient_id, tables.SessionLog.date >= week_start(today))
            .order_by(tables.SessionLog.date, tables.SessionLog.recorded_at))
        # The guidance first: it loads each activity's state, which the program's doses then find
        # in the session's identity map instead of asking for them one by one.
        guidance = guidance_for(reading, patient_id, today)
        return TodaysPage(patient=patient_out(patient),
                          program=version_out(reading, patient_id, program) if program is not None else None,
                          guidance=guidance, sessions_this_week=[session_out(s) for s in sessions],
                          adjustable=frozenset(b.activity_id for b in self_management.bounds_in_force(reading, patient_id)
                                               if b.bounds),
                          plan_change=program_reviews.plan_change_of(reading, patient_id, program))

    return read_audited(uow, actor, patient_id, resource="todays_page", roles=CARE_TEAM_AND_PATIENT, read=read)
