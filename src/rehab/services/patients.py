"""Enrolling patients, their context, the caseload, and red-flag screening."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rehab.contracts.paging import Page

from rehab.contracts.records import (
    CaseloadRow,
    PatientIn,
    PatientOut,
    ProfileIn,
    ProfileOut,
    RedFlagScreeningIn,
    ScreeningOut,
)
from rehab.core.engine.clinician_words import red_flag_alert
from rehab.core.engine.messages import (
    MATERNITY_NOW_ADVICE,
    URGENT_REFERRAL_ADVICE,
    maternity_now,
    urgent_referral_advice,
)
from rehab.core.engine.safety import ALL_FLAGS, triage
from rehab.core.models import Symptoms
from rehab.services import checkins, wording
from rehab.services import today as todays
from rehab.services.access import (
    CARE_TEAM,
    CARE_TEAM_AND_PATIENT,
    CLINICIAN,
    PATIENT,
    Actor,
    audit,
    audit_each,
    open_patient,
    require_role,
)
from rehab.services.accounts import new_user
from rehab.services.errors import Conflict, Invalid, NotFound
from rehab.services.paging import Paging, read_page
from rehab.services.record_dates import check_happened
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# Caseload: days without any log before it counts as missed, and how pressing that is. Logs are
# expected from the day of enrolment, so a patient enrolled less than MISSED_LOG_DAYS ago who has
# logged nothing yet is new, not missing: just above "on track", below any real silence.
MISSED_LOG_DAYS = 3
MISSED_LOGS_ATTENTION = 30
NEW_PATIENT_ATTENTION = 1
REASSESSMENT_DUE_ATTENTION = 35

# What to tell a patient at once after a red-flag answer, by urgency (clinical reference §4.2).
RED_FLAG_ADVICE = {
    "emergency": "Stop your exercises and get help now. Call for an ambulance now, or go to an emergency department. "
                 "Some of your answers can be a sign of a serious problem that must be checked straight away.",
    "urgent": URGENT_REFERRAL_ADVICE,
    "routine": "Keep to your current exercises without increasing them. Your clinician will go over "
               "your answers with you at your next contact.",
}

# New symptoms without a red flag (outside a flare: H04 holds; in a flare see H40): the clinic has an
# urgent alert, so the person is not sent to wait for "the next contact", and is told when to call.
NEW_SYMPTOMS_ADVICE = ("Thank you. Do not step up your exercises until your clinician has checked the new symptoms. "
                       "Your clinic has been told. If the symptoms get worse quickly, call your clinic today.")


def patient_out(patient: tables.Patient) -> PatientOut:
    return PatientOut(id=patient.id, display_name=patient.display_name, condition=patient.condition,
                      birth_year=patient.birth_year, sex=patient.sex, status=patient.status,
                      enrolled_on=patient.enrolled_on, clinician_id=patient.clinician_id, user_id=patient.user_id,
                      last_entry_on=patient.last_entry_on, reassess_on=patient.reassess_on,
                      checkin_failed=checkin_failed(patient))


def checkin_failed(patient: tables.Patient) -> str | None:
    """What the clinic is told while a patient's check-ins fail: 'check-in failed: ...'."""
    if patient.checkin_error is None:
        return None
    retry = f"; tried again after {patient.checkin_retry_at:%Y-%m-%d %H:%M} UTC" if patient.checkin_retry_at else ""
    times = f" ({patient.checkin_failures} times in a row{retry})" if patient.checkin_failures > 1 else f" ({retry[2:]})" if retry else ""
    return f"check-in failed: {patient.checkin_error}{times}"


def enrol_patient(uow: UnitOfWork, actor: Actor, new: PatientIn) -> PatientOut:
    require_role(actor, CLINICIAN)
    with uow:
        clinician_id = new.clinician_id or actor.user_id
        clinician = uow.session.get(tables.User, clinician_id)
        if clinician is None or clinician.clinic_id != actor.clinic_id or clinician.role != CLINICIAN:
            raise Invalid("clinician_id", "is not a clinician of your clinic")
        user_id = None
        if new.email is not None:
            user_id = new_user(uow, actor.clinic_id, PATIENT, new.email, new.display_name, new.password).id
        patient = tables.Patient(clinic_id=actor.clinic_id, clinician_id=clinician_id, user_id=user_id,
                                 display_name=new.display_name, birth_year=new.birth_year, sex=new.sex,
                                 condition=new.condition, status="active", enrolled_on=new.enrolled_on,
                                 created_at=uow.now(), attention=0)
        uow.session.add(patient)
        uow.session.flush()
        audit(uow, actor, "create", "patient", patient.id, patient.id)
        uow.commit()
        return patient_out(patient)


def get_patient(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> PatientOut:
    with uow:
        patient = open_patient(uow, actor, patient_id, action="read", resource="patient", roles=CARE_TEAM_AND_PATIENT)
        uow.commit()
        return patient_out(patient)


def set_profile(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, profile: ProfileIn) -> ProfileOut:
    with uow:
        open_patient(uow, actor, patient_id, action="update", resource="profile", roles=CARE_TEAM)
        row = uow.session.get(tables.PatientProfile, patient_id)
        if row is None:
            row = tables.PatientProfile(patient_id=patient_id)
            uow.session.add(row)
        for field, value in profile.model_dump().items():
            setattr(row, field, value)
        row.updated_at = uow.now()
        uow.commit()
        return ProfileOut(patient_id=patient_id, updated_at=row.updated_at, **profile.model_dump())


def get_profile(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> ProfileOut | None:
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="profile", roles=CARE_TEAM_AND_PATIENT)
        row = uow.session.get(tables.PatientProfile, patient_id)
        uow.commit()
        if row is None:
            return None
        return ProfileOut(patient_id=patient_id, updated_at=row.updated_at, job_demands=row.job_demands,
                          caregiving=row.caregiving, sleep=row.sleep, preferences=row.preferences,
                          comorbidities=row.comorbidities, home=row.home,
                          cautions=row.cautions or [])


def caseload(uow: UnitOfWork, actor: Actor, today: date, status: str | None = None,
             mine_only: bool = True) -> list[CaseloadRow]:
    """The clinician's patients, most pressing first: referrals, flares, regressions, missed logs,
    stalls, reassessments due. One indexed query; each patient listed is an audited read."""
    require_role(actor, CLINICIAN)
    with uow:
        query = select(tables.Patient).where(tables.Patient.clinic_id == actor.clinic_id)
        if mine_only:
            query = query.where(tables.Patient.clinician_id == actor.user_id)
        if status is not None:
            query = query.where(tables.Patient.status == status)
        rows = [_caseload_row(p, today) for p in uow.session.scalars(query)]
        audit_each(uow, actor, "read", "caseload", [row.patient.id for row in rows])
        uow.commit()
    return sorted(rows, key=lambda r: (-r.attention, -(r.days_since_entry or 0), r.patient.display_name))


def _caseload_row(patient: tables.Patient, today: date) -> CaseloadRow:
    attention, reason = patient.attention, patient.attention_reason or "On track"
    need = checkins.NEEDS.get(attention, "review")
    days = (today - patient.last_entry_on).days if patient.last_entry_on else None
    # Days without a log since logs were first expected (enrolment), for someone who never logged.
    quiet = days if days is not None else max((today - patient.enrolled_on).days, 0)
    if patient.status == "active" and quiet >= MISSED_LOG_DAYS:
        missed = MISSED_LOGS_ATTENTION + min(quiet, 30) // 3
        if missed > attention:
            attention, need = missed, "missed_logs"
            reason = f"No logs for {quiet} days" if days is not None else f"No logs yet, {quiet} days since enrolment"
    elif patient.status == "active" and days is None and attention < NEW_PATIENT_ATTENTION:
        attention, need = NEW_PATIENT_ATTENTION, "new"
        reason = "New: enrolled today" if quiet == 0 else f"New: enrolled {_days_ago(quiet)}, nothing logged yet"
    failed = checkin_failed(patient)
    if failed is not None and checkins.CHECKIN_FAILED_ATTENTION > attention:
        attention, need, reason = checkins.CHECKIN_FAILED_ATTENTION, "checkin_failed", failed[:1].upper() + failed[1:]
    if patient.reassess_on is not None and patient.reassess_on <= today and REASSESSMENT_DUE_ATTENTION > attention:
        attention, need = REASSESSMENT_DUE_ATTENTION, "reassessment"
        reason = f"Reassessment due since {patient.reassess_on.isoformat()}"
    return CaseloadRow(patient=patient_out(patient), attention=attention, reason=reason, days_since_entry=days,
                       need=need)


def _days_ago(days: int) -> str:
    return "yesterday" if days == 1 else f"{days} days ago"


def record_red_flags(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID,
                     screening: RedFlagScreeningIn) -> tuple[ScreeningOut, list]:
    """The screening stored and the decisions of the check-ins it re-ran (see :func:`screen_once`)."""
    out, decisions, _ = screen_once(uow, actor, patient_id, screening)
    return out, decisions


def screen_once(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID,
                screening: RedFlagScreeningIn) -> tuple[ScreeningOut, list, bool]:
    """Record red-flag answers (a clinician at a visit, or the patient from the app: the spinal red
    flags and, for heart disease, the heart signs). Any referral is alerted at once and the check-ins
    re-run, so no activity progresses past it. One transaction: the answers, the alert and the
    check-ins are all stored, or none is. With an ``id``, a retry of the same answers (a double tap,
    a dropped connection) returns the screening already stored and raises no second alert; the same
    id with other answers is refused (Conflict) and stores nothing. The last item says whether it was
    such a retry."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="screening",
                               roles=CARE_TEAM_AND_PATIENT, resource_id=screening.id)
        if screening.id is not None:
            stored = _same_screening(uow, patient_id, screening)
            if stored is not None:
                uow.commit()
                return screening_out(stored), [], True
        try:
            with uow.session.begin_nested():
                row, decisions = screen_red_flags(uow, actor, patient, screening)
        except IntegrityError:
            # The same id stored meanwhile by a concurrent retry: its answers are the ones kept.
            stored = _same_screening(uow, patient_id, screening) if screening.id is not None else None
            if stored is None:
                raise
            uow.commit()
            return screening_out(stored), [], True
        uow.commit()
        return screening_out(row), decisions, False


def _answers(screening: RedFlagScreeningIn) -> dict:
    return screening.model_dump(mode="json", exclude={"taken_on", "id"})


def _same_screening(uow: UnitOfWork, patient_id: uuid.UUID, screening: RedFlagScreeningIn) -> tables.Screening | None:
    """The screening already stored under ``screening.id``, when it holds these answers; None when the
    id is new. The id used for other answers, or for another patient, is a Conflict."""
    row = uow.session.get(tables.Screening, screening.id)
    if row is None:
        return None
    if (row.patient_id != patient_id or row.kind != "red_flags" or row.taken_on != screening.taken_on
            or row.answers != _answers(screening)):
        raise Conflict(f"id: {screening.id} was already used for other answers")
    return row


def screen_red_flags(uow: UnitOfWork, actor: Actor, patient: tables.Patient, screening: RedFlagScreeningIn,
                     field: str = ""):
    check_happened(uow, f"{field}taken_on", screening.taken_on, what="a screening")
    flags = frozenset(screening.red_flags)
    result = triage(flags, Symptoms(screening.new_neuro_symptoms, screening.unexplained_swelling))
    urgency = result.urgency.value if result.urgency else None
    # An urgent heart sign is told the heart's ambulance signs, not the spine's (H54); a pregnancy sign
    # for the maternity unit is told to call it now, not an ambulance (H23).
    if urgency == "urgent":
        advice = urgent_referral_advice(result.flags)
    elif urgency == "emergency" and maternity_now(result.flags):
        advice = MATERNITY_NOW_ADVICE
    else:
        advice = RED_FLAG_ADVICE[urgency] if urgency else (
            NEW_SYMPTOMS_ADVICE if result.symptoms else "Thank you. None of your answers needs urgent action.")
    answers = _answers(screening)
    outcome = {"urgency": urgency, "flags": list(result.flags), "symptoms": list(result.symptoms),
               "concerns": sorted({ALL_FLAGS[f].concern for f in flags}), "advice": advice}
    row = tables.Screening(**({"id": screening.id} if screening.id is not None else {}),
                           patient_id=patient.id, kind="red_flags", taken_on=screening.taken_on, answers=answers,
                           result=outcome, recorded_by=actor.user_id, created_at=uow.now())
    uow.session.add(row)
    uow.session.flush()
    for alert in result.alerts:
        message = alert.message
        if alert.code.startswith("red_flag") and result.urgency is not None:
            message = red_flag_alert(result.flags, result.urgency, wording.CONCERNS)
        checkins.raise_alert(uow, patient, alert.code, urgency or "urgent", message)
    day = max(screening.taken_on, uow.now().date())
    decisions = checkins.run_all(uow, patient, day, "screening")
    guidance = todays.guidance_for(uow, patient.id, day) if urgency is None and result.symptoms else None
    if guidance is not None and guidance.exercise_stopped:
        # New numbness, tingling or weakness: the check-ins just referred it the same day (H40 in a
        # flare, H50 outside one), so the answer says so in Today's words, never "at your next contact".
        row.result = {**outcome, "advice": guidance.sentence}
        uow.session.flush()
    return row, decisions


def screening_out(row: tables.Screening) -> ScreeningOut:
    return ScreeningOut(id=row.id, kind=row.kind, taken_on=row.taken_on, answers=row.answers, result=row.result)


# Screenings of one kind a page lists, newest first: a patient who answers the red-flag questions in
# the app every week has a hundred a year; the API pages through all of them.
SCREENINGS_SHOWN = 50


def list_screenings(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, kind: str | None = None,
                    latest: int = SCREENINGS_SHOWN) -> list[ScreeningOut]:
    """The latest ``latest`` screenings (of ``kind`` when given), newest first."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="screenings", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.Screening).where(tables.Screening.patient_id == patient_id)
        if kind is not None:
            query = query.where(tables.Screening.kind == kind)
        rows = uow.session.scalars(query.order_by(tables.Screening.taken_on.desc(), tables.Screening.created_at.desc(),
                                                  tables.Screening.id.desc()).limit(latest))
        out = [screening_out(r) for r in rows]
        uow.commit()
        return out


def get_screening(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, screening_id: uuid.UUID,
                  kind: str | None = None) -> ScreeningOut:
    """One screening of the patient (of ``kind`` when given); NotFound otherwise."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="screenings", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.Screening).where(tables.Screening.patient_id == patient_id,
                                               tables.Screening.id == screening_id)
        if kind is not None:
            query = query.where(tables.Screening.kind == kind)
        row = uow.session.scalar(query)
        if row is None:
            raise NotFound("no such screening for this patient")
        out = screening_out(row)
        uow.commit()
        return out


SCREENING_ORDER = (tables.Screening.taken_on, tables.Screening.created_at, tables.Screening.id)


def screening_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging) -> Page[ScreeningOut]:
    """The patient's screenings (red flags, psychosocial, checkpoints), newest first, one page at a time."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="screenings", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.Screening).where(tables.Screening.patient_id == patient_id)
        out = read_page(uow.session, query, SCREENING_ORDER, paging, screening_out)
        uow.commit()
        return out
