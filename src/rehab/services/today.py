"""What should this person do today: the one answer every patient page shows.

The records are gathered here (the red-flag screenings standing, each activity's current dose and
flare episode, its latest decision with any clinician's override) and ordered by the pure
:func:`rehab.core.engine.today.todays_guidance`, with the engine's own precedence. Today, the flare
page and the log form all ask this, so they cannot disagree; the session log asks the same
standing referral (:func:`standing_referral`) before it stores anything.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import bindparam, select

from rehab.contracts.checkin import DoseIn
from rehab.core.engine import today as guidance
from rehab.core.engine.safety import triage
from rehab.core.engine.today import ActivityNow, TodaysGuidance, UsualWeek
from rehab.core.models import DecisionKind, Urgency
from rehab.services import checkins
from rehab.services.access import CARE_TEAM_AND_PATIENT, Actor, open_patient
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# The latest decision of each activity of the current program on or before a day, with a
# clinician's override in its place: one query, and for each activity one step down the index
# (patient, activity, date) to its newest decision, so a long history costs nothing more (ranking
# every decision of the patient was most of Today's reading time).
_D, _O, _P, _V = tables.Decision, tables.Override, tables.Prescription, tables.ProgramVersion
_CURRENT_VERSION = (select(_V.id).where(_V.patient_id == bindparam("patient_id"))
                    .order_by(_V.version.desc()).limit(1).scalar_subquery())
_NEWEST_OF_ACTIVITY = (select(_D.id).where(_D.patient_id == bindparam("patient_id"), _D.activity_id == _P.activity_id,
                                           _D.date <= bindparam("today"))
                       .order_by(_D.date.desc(), _D.decided_at.desc(), _D.id.desc()).limit(1)
                       .correlate(_P).scalar_subquery())
_LATEST_DECISIONS = (select(_D.activity_id, _D.kind, _O.kind.label("override"))
                     .select_from(_P).join(_D, _D.id == _NEWEST_OF_ACTIVITY)
                     .outerjoin(_O, _O.decision_id == _D.id)
                     .where(_P.program_version_id == _CURRENT_VERSION))


def todays_guidance(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, today: date) -> TodaysGuidance:
    """What the patient should do today (an audited read of their records)."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="read", resource="todays_guidance",
                               roles=CARE_TEAM_AND_PATIENT)
        out = guidance_for(uow, patient.id, today)
        uow.commit()
        return out


def guidance_for(uow: UnitOfWork, patient_id: uuid.UUID, today: date) -> TodaysGuidance:
    """The guidance inside a use case that has already opened (and audited) the patient."""
    flags, symptoms = checkins.standing_red_flags(uow, patient_id)
    states = {s.activity_id: s for s in uow.session.scalars(
        select(tables.ActivityState).where(tables.ActivityState.patient_id == patient_id))}
    latest = {row.activity_id: DecisionKind(row.override or row.kind)
              for row in uow.session.execute(_LATEST_DECISIONS, {"patient_id": patient_id, "today": today})}
    activities = []
    program = checkins.current_program(uow, patient_id)
    for p in checkins.prescriptions(uow, patient_id, program) if program else ():
        state = states.get(p.activity_id)
        dose = DoseIn.model_validate(state.current_dose if state else p.starting_dose).to_core()
        activities.append(ActivityNow(p.activity_id, dose, latest.get(p.activity_id), bool(state and state.flare_episode)))
    return guidance.todays_guidance(flags, symptoms, activities, today, usual_week(program.week if program else None))


def usual_week(stored: dict | None) -> UsualWeek | None:
    """The program version's stored week as the engine reads it; None for a version saved before
    the week was kept (every activity is then due every day, as it always was)."""
    if not stored:
        return None
    by_weekday = {d["weekday"]: d["session"] for d in stored["days"]}
    return UsualWeek(tuple(by_weekday.get(w) for w in range(7)), dict(stored["sessions"]))


def standing_referral(uow: UnitOfWork, patient_id: uuid.UUID) -> Urgency | None:
    """The urgency of the referral in force (the engine's triage of the red flags standing), or
    None. It stands until a clinician's screening clears it."""
    return triage(*checkins.standing_red_flags(uow, patient_id)).urgency
