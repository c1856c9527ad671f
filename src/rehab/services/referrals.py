"""Referral steps from the psychosocial screens: opened when a questionnaire is scored, shown to
the clinician, followed up at the next review (rehab.instruments.referrals says which and why).

A step is opened inside the transaction that stores the questionnaire, so a score that calls for a
referral is never stored without its step. The same assessments never open the same step twice
(``evidence`` names them); a new administration that still calls for it opens a new one once the
old one is closed. A same-day risk assessment (PHQ-9 item 9 above 0) pauses automated advice until
a clinician records it (``risk_assessment_due``; hazard H48).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select

from rehab.contracts.records import ReferralFollowUpIn, ReferralFollowUpOut, ReferralStepOut
from rehab.instruments import lookup, psychosocial_profile, score
from rehab.instruments.model import Questionnaire
from rehab.instruments.referrals import DESTINATIONS, RISK_ASSESSMENT, referral_needs
from rehab.services.access import CARE_TEAM, Actor, audit, open_patient
from rehab.services.errors import Invalid, NotFound
from rehab.services.paging import first_and_latest
from rehab.services.record_dates import check_happened
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# The instruments a referral can come from (the psychosocial profile's, clinical reference §4.3).
SCREENS = ("phq9", "phq4", "gad7", "pcs", "pseq")
OPEN = "open"


def _latest_screens(uow: UnitOfWork, patient_id: uuid.UUID) -> dict[str, tables.Assessment]:
    latest: dict[str, tables.Assessment] = {}
    order = (tables.Assessment.taken_on, tables.Assessment.created_at, tables.Assessment.id)
    for row in uow.session.scalars(first_and_latest(tables.Assessment, tables.Assessment.instrument, order,
                                                    tables.Assessment.patient_id == patient_id,
                                                    tables.Assessment.instrument.in_(SCREENS), latest=1, first=False)):
        latest[row.instrument] = row
    return latest


def open_steps(uow: UnitOfWork, actor: Actor, patient: tables.Patient) -> list[tables.ReferralStep]:
    """Open each referral step the latest screens call for and that is not open already (inside the
    caller's transaction; each opening audited). Returns the steps opened."""
    latest = _latest_screens(uow, patient.id)
    scores = [score(instrument, row.answers) for row in latest.values()
              if isinstance(instrument := lookup(row.instrument), Questionnaire)]
    opened = []
    existing = list(uow.session.scalars(select(tables.ReferralStep).where(tables.ReferralStep.patient_id == patient.id)))
    for need in referral_needs(psychosocial_profile(scores)):
        instruments = sorted({key.split(".")[0] for key in need.scores})
        evidence = ",".join(str(latest[i].id) for i in instruments if i in latest)
        if any(s.destination == need.destination and (s.status == OPEN or s.evidence == evidence) for s in existing):
            continue
        step = tables.ReferralStep(patient_id=patient.id, destination=need.destination, reason=need.reason,
                                   scores=dict(need.scores), source=need.source, same_day=need.same_day,
                                   evidence=evidence, status=OPEN, follow_ups=[], opened_on=uow.now().date(),
                                   created_at=uow.now(), updated_at=uow.now())
        uow.session.add(step)
        uow.session.flush()
        audit(uow, actor, "create", "referral_step", step.id, patient.id)
        existing.append(step)
        opened.append(step)
    uow.session.flush()
    return opened


def risk_assessment_due(uow: UnitOfWork, patient_id: uuid.UUID) -> bool:
    """True while a same-day risk assessment is open: automated advice is paused (hazard H48)."""
    return uow.session.scalar(select(tables.ReferralStep.id).where(
        tables.ReferralStep.patient_id == patient_id, tables.ReferralStep.destination == RISK_ASSESSMENT,
        tables.ReferralStep.status == OPEN).limit(1)) is not None


def step_out(row: tables.ReferralStep) -> ReferralStepOut:
    return ReferralStepOut(
        id=row.id, destination=row.destination, asks=DESTINATIONS[row.destination], reason=row.reason,
        scores=row.scores, source=row.source, same_day=row.same_day, status=row.status, opened_on=row.opened_on,
        follow_ups=[ReferralFollowUpOut(outcome=f["outcome"], on=date.fromisoformat(f["on"]), note=f.get("note"),
                                        by=uuid.UUID(f["by"]), at=datetime.fromisoformat(f["at"])) for f in row.follow_ups])


def list_steps(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> list[ReferralStepOut]:
    """Every referral step of the patient, open ones first (same-day first), then newest."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="referral_step", roles=CARE_TEAM)
        rows = uow.session.scalars(select(tables.ReferralStep).where(tables.ReferralStep.patient_id == patient_id))
        out = sorted((step_out(r) for r in rows),
                     key=lambda s: (s.status != OPEN, not s.same_day, -s.opened_on.toordinal(), str(s.id)))
        uow.commit()
        return out


def follow_up(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, step_id: uuid.UUID,
              given: ReferralFollowUpIn) -> ReferralStepOut:
    """Record whether a referral was taken up (at a review or reassessment), or that the same-day
    risk assessment was done. Every answer is kept; ``not_yet`` keeps the step open."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="update", resource="referral_step", roles=CARE_TEAM,
                               resource_id=step_id)
        row = uow.session.get(tables.ReferralStep, step_id)
        if row is None or row.patient_id != patient.id:
            raise NotFound("no such referral step for this patient")
        if row.status != OPEN:
            raise Invalid("outcome", f"this referral step is already closed ({row.status.replace('_', ' ')})")
        risk = row.destination == RISK_ASSESSMENT
        if risk and given.outcome not in ("risk_assessed", "not_yet"):
            raise Invalid("outcome", "a same-day risk assessment is closed by recording it: risk_assessed")
        if not risk and given.outcome == "risk_assessed":
            raise Invalid("outcome", "risk_assessed is only for a same-day risk assessment")
        check_happened(uow, "on", given.on, what="a follow-up")
        if given.on < row.opened_on:
            raise Invalid("on", f"{given.on} is before the referral step was opened ({row.opened_on})")
        row.follow_ups = [*row.follow_ups, {"outcome": given.outcome, "on": given.on.isoformat(), "note": given.note,
                                            "by": str(actor.user_id), "at": uow.now().isoformat()}]
        if given.outcome != "not_yet":
            row.status = given.outcome
        row.updated_at = uow.now()
        uow.session.flush()
        out = step_out(row)
        uow.commit()
        return out
