"""Self-management within bounds, on the server: the clinician records what the patient may change
on their own, and the patient changes a session from the phone within it.

The rule is the engine's own (:func:`rehab.core.engine.self_management.check_adjustment`, the one
``rehab adjust`` runs): the check-in's activity, strategy, agreed bounds, flare and busy days are
read from the stored records, so the phone and the command line give the same answer. An allowed
change is stored and the next check-in reads it (a session the patient eased counts as what was
chosen, never as the target dose). A refused one stores nothing and says why in plain words (an
:class:`Invalid` naming the field), and the attempt stays in the audit log.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from rehab.contracts.checkin import dose_out
from rehab.contracts.paging import Page
from rehab.contracts.self_management import (
    AdjustmentResult,
    AgreedBoundsOut,
    BoundsIn,
    SelfAdjustmentIn,
    SelfAdjustmentOut,
)
from rehab.core.engine.self_management import busy_days, check_adjustment
from rehab.core.models import AdjustmentKind
from rehab.core.engine.safety import stops_exercise
from rehab.services import checkins
from rehab.services import today as todays
from rehab.services.access import CARE_TEAM, CARE_TEAM_AND_PATIENT, Actor, audit, open_patient, read_audited
from rehab.services.errors import Conflict, ExercisePaused, Invalid, NotFound
from rehab.services.paging import Paging, read_page
from rehab.services.record_dates import check_logged_day
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# The field a refusal names: what the patient would change to put it right.
FIELD = {AdjustmentKind.MOVE: "moved_to", AdjustmentKind.SWAP: "alternative"}
# A session can be moved at most six days (the contract's bound), so a week ahead covers every
# day a move could land on.
AHEAD = timedelta(days=7)
OUTSIDE_BOUNDS = "outside_bounds"


def adjustment_out(row: tables.SelfAdjustment) -> SelfAdjustmentOut:
    return SelfAdjustmentOut(id=row.id, activity_id=row.activity_id, date=row.date, kind=AdjustmentKind(row.kind),
                             dose=row.dose, moved_to=row.moved_to, alternative=row.alternative, reason=row.reason,
                             answer=row.answer, bound=row.bound, recorded_at=row.recorded_at)


def _prescription(uow: UnitOfWork, patient_id: uuid.UUID, activity_id: str) -> tables.Prescription | None:
    return next((p for p in checkins.prescriptions(uow, patient_id) if p.activity_id == activity_id), None)


def _bounds_out(uow: UnitOfWork, patient_id: uuid.UUID, prescription: tables.Prescription) -> AgreedBoundsOut:
    row = uow.session.scalar(
        select(tables.AgreedBounds).where(tables.AgreedBounds.patient_id == patient_id,
                                          tables.AgreedBounds.activity_id == prescription.activity_id)
        .order_by(tables.AgreedBounds.set_at.desc()).limit(1))
    if row is None:
        return AgreedBoundsOut(activity_id=prescription.activity_id, name=prescription.name, bounds=None)
    who = uow.session.get(tables.User, row.set_by)
    return AgreedBoundsOut(activity_id=prescription.activity_id, name=prescription.name,
                           bounds=BoundsIn.model_validate(row.bounds), set_by_name=who.display_name if who else None,
                           set_at=row.set_at)


def bounds_in_force(uow: UnitOfWork, patient_id: uuid.UUID) -> list[AgreedBoundsOut]:
    """The bounds in force for each activity of the current program, inside the caller's audited
    read (Today asks it as part of its one read)."""
    return [_bounds_out(uow, patient_id, p) for p in checkins.prescriptions(uow, patient_id)]


def agreed_bounds(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> list[AgreedBoundsOut]:
    """The bounds in force for each activity of the current program (the patient reads their own:
    they are what the patient agreed to)."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="agreed_bounds", roles=CARE_TEAM_AND_PATIENT)
        out = bounds_in_force(uow, patient_id)
        uow.commit()
        return out


def set_bounds(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, activity_id: str,
               bounds: BoundsIn) -> AgreedBoundsOut:
    """A clinician records what the patient may change in one activity of the current program. The
    earlier bounds are kept (what was agreed when); the latest apply from now on. An alternative
    for a swap must be another activity of the program, so the patient is never pointed at an
    exercise nobody prescribed."""
    with uow:
        open_patient(uow, actor, patient_id, action="update", resource="agreed_bounds", roles=CARE_TEAM,
                     resource_id=activity_id)
        current = checkins.prescriptions(uow, patient_id)
        prescription = next((p for p in current if p.activity_id == activity_id), None)
        if prescription is None:
            raise NotFound(f"no activity {activity_id!r} in this patient's current program")
        others = {p.activity_id for p in current} - {activity_id}
        for n, alternative in enumerate(bounds.alternatives):
            if alternative not in others:
                raise Invalid(f"alternatives.{n}", f"{alternative!r} is not another activity of this patient's "
                              f"program (choose from {', '.join(sorted(others)) or 'none'})")
        now = uow.now()
        latest = uow.session.scalar(select(tables.AgreedBounds.set_at).where(
            tables.AgreedBounds.patient_id == patient_id, tables.AgreedBounds.activity_id == activity_id)
            .order_by(tables.AgreedBounds.set_at.desc()).limit(1))
        if latest is not None and now <= latest:  # the latest row is the one in force, even within one tick
            now = latest + timedelta(microseconds=1)
        uow.session.add(tables.AgreedBounds(patient_id=patient_id, activity_id=activity_id,
                                            bounds=bounds.model_dump(mode="json"), set_by=actor.user_id, set_at=now))
        uow.session.flush()
        out = _bounds_out(uow, patient_id, prescription)
        uow.commit()
        return out


def adjust(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, proposal: SelfAdjustmentIn) -> AdjustmentResult:
    """Check a change to one session against the agreed bounds and store it when allowed. A retry
    with the same id returns what was stored; the same id with other content is a conflict. A
    refused change stores nothing: :class:`Invalid` names the field and says why in plain words,
    and the attempt is audited (``outside_bounds``) so the clinician's trail shows it. While a red
    flag answered yes waits for a clinician (an emergency or urgent referral), no change is taken
    (:class:`ExercisePaused`), as no session is logged."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="self_adjustment",
                               roles=CARE_TEAM_AND_PATIENT, resource_id=proposal.id)
        # One change of a patient's at a time (PostgreSQL locks her row; SQLite has one writer):
        # two sent at once cannot both move a session onto the same free day.
        uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient_id).with_for_update())
        existing = uow.session.get(tables.SelfAdjustment, (patient_id, proposal.id))
        if existing is not None:
            return _replayed(uow, existing, proposal)
        prescription = _prescription(uow, patient_id, proposal.activity_id)
        if prescription is None:
            raise Invalid("activity_id", f"{proposal.activity_id!r} is not in this patient's current program")
        # No change to exercise past a standing emergency or urgent referral, whoever asks: the
        # same rule as logging a session (clinical reference §4.2).
        referral = todays.standing_referral(uow, patient_id)
        if stops_exercise(referral):
            raise ExercisePaused(referral.value)
        today = uow.now().date()
        check_logged_day(uow, patient.enrolled_on, "date", proposal.date)
        state = checkins.activity_state(uow, patient_id, prescription, today)
        ci = checkins.build_check_in(uow, patient, prescription, state, max(today, proposal.date))
        _, planned = checkins.self_management_of(uow, patient_id, proposal.activity_id,
                                                 today - timedelta(days=checkins.HISTORY_DAYS), today + AHEAD)
        change = proposal.to_core()
        result = check_adjustment(change, ci.activity, ci.bounds, ci.strategy, in_flare=ci.flare_episode is not None,
                                  busy_days=busy_days(ci.sessions, planned, ci.experiments),
                                  names={p.activity_id: p.name for p in checkins.prescriptions(uow, patient_id)})
        if not result.allowed:
            audit(uow, actor, OUTSIDE_BOUNDS, "self_adjustment", proposal.id, patient_id)
            uow.commit()  # the attempt is kept in the audit log; nothing else was written
            raise Invalid(FIELD.get(change.kind, "dose"), result.reason)
        row = tables.SelfAdjustment(id=proposal.id, patient_id=patient_id, activity_id=proposal.activity_id,
                                    date=proposal.date, kind=change.kind.value,
                                    dose=dose_out(change.dose) if change.dose else None, moved_to=change.moved_to,
                                    alternative=change.alternative, reason=change.reason, answer=result.reason,
                                    bound=result.bound, recorded_by=actor.user_id, recorded_at=uow.now())
        uow.session.add(row)
        uow.session.flush()
        out = AdjustmentResult(replayed=False, adjustment=adjustment_out(row))
        uow.commit()
        return out


def _replayed(uow: UnitOfWork, existing: tables.SelfAdjustment, proposal: SelfAdjustmentIn) -> AdjustmentResult:
    change = proposal.to_core()
    same = (existing.activity_id, existing.date, existing.kind, existing.dose, existing.moved_to,
            existing.alternative, existing.reason) == (
        proposal.activity_id, proposal.date, change.kind.value, dose_out(change.dose) if change.dose else None,
        change.moved_to, change.alternative, change.reason)
    if not same:
        raise Conflict(f"id: {proposal.id} was already used for a different change")
    out = AdjustmentResult(replayed=True, adjustment=adjustment_out(existing))
    uow.commit()  # the audit entry of the retry
    return out


def list_adjustments(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID,
                     since: date | None = None) -> list[SelfAdjustmentOut]:
    """The changes the patient made, oldest first (the clinician's timeline shows them)."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="self_adjustments", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.SelfAdjustment).where(tables.SelfAdjustment.patient_id == patient_id)
        if since is not None:
            query = query.where(tables.SelfAdjustment.date >= since)
        out = [adjustment_out(r) for r in uow.session.scalars(
            query.order_by(tables.SelfAdjustment.date, tables.SelfAdjustment.recorded_at))]
        uow.commit()
        return out


ADJUSTMENT_ORDER = (tables.SelfAdjustment.date, tables.SelfAdjustment.recorded_at, tables.SelfAdjustment.id)


def adjustment_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging,
                    since: date | None = None) -> Page[SelfAdjustmentOut]:
    """The changes the patient made, newest first, a page at a time (the API's list): a patient who
    eases a session most weeks for two years has a hundred of them."""
    query = select(tables.SelfAdjustment).where(tables.SelfAdjustment.patient_id == patient_id)
    if since is not None:
        query = query.where(tables.SelfAdjustment.date >= since)
    return read_audited(uow, actor, patient_id, resource="self_adjustments", roles=CARE_TEAM_AND_PATIENT,
                        read=lambda reading: read_page(reading.session, query, ADJUSTMENT_ORDER, paging, adjustment_out))
